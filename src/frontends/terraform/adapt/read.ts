/**
 * Facts out of evaluated Terraform values, for every adapter. A fact says where it was written:
 * the file of the resource and the range of the value, which for a plan resource is the range in
 * the plan JSON. A fact the provider or AWS gives because an argument is not set is `defaulted`
 * and points at the element the default applies to. A `null` argument is an argument not set, as
 * in Terraform.
 */
import { known, unknown, type Fact, type FactOrigin } from '../../../model/types.js'
import type { Range } from '../../../parse/types.js'
import type { TfResource, TfValue } from '../ir.js'
import { formatNumber, toBoolean, toNumber } from '../values.js'

/** An argument as written; `null` counts as not set. */
export function field(body: TfValue | undefined, name: string): TfValue | undefined {
  if (body?.kind !== 'object') return undefined
  const value = body.fields.get(name)
  return value?.kind === 'scalar' && value.value === null ? undefined : value
}

export function whyOf(value: TfValue): string {
  switch (value.kind) {
    case 'unknown':
      return value.why
    case 'list':
      return 'a list'
    case 'object':
      return 'an object'
    default:
      return `the value ${JSON.stringify(value.value)}`
  }
}

/** The blocks of a nested block type: a list of objects (HCL, plans) or one object (`.tf.json`); undefined when unknown. */
export function blocks(value: TfValue | undefined): TfValue[] | undefined {
  if (value === undefined) return []
  if (value.kind === 'list') return value.items
  if (value.kind === 'object') return [value]
  if (value.kind === 'unknown') return undefined
  return []
}

export function firstBlock(value: TfValue | undefined): TfValue | undefined {
  return blocks(value)?.[0]
}

/** A throttle limit that is set; the AWS provider uses -1 for "no limit". */
export function limitSet(value: TfValue | undefined): boolean {
  if (value === undefined) return false
  return !(value.kind === 'scalar' && toNumber(value.value) === -1)
}

/** Facts read from the values of one resource, each with the place it was written. */
export interface Reader {
  /** An argument of the resource, as `field` reads it. */
  arg(name: string): TfValue | undefined
  str(value: TfValue | undefined, fallback?: string): Fact<string>
  num(value: TfValue | undefined, fallback?: number): Fact<number>
  bool(value: TfValue | undefined, fallback: boolean): Fact<boolean>
  strList(value: TfValue | undefined, fallback: string[]): Fact<string[]>
  /** What the provider or AWS gives the element when no argument says otherwise. */
  byDefault<T>(value: T): Fact<T>
  /** Where a value of this resource is written. */
  at(value: TfValue): FactOrigin
  /** Where a default applies: the element, marked defaulted. */
  readonly defaultAt: FactOrigin
}

/**
 * A reader of `resource`'s values. `elementRange` is the range of the element its defaults apply
 * to: the resource block, unless the element is made from one argument (a deployment's stage,
 * the route of a quick-create API).
 */
export function readerOf(resource: TfResource, elementRange: Range = resource.location.range): Reader {
  const file = resource.location.file
  const at = (value: TfValue): FactOrigin => ({ file, range: value.range })
  const defaultAt: FactOrigin = { file, range: elementRange, defaulted: true }
  const unset = <T>(fallback: T | undefined): Fact<T> => (fallback === undefined ? unknown('not set') : known(fallback, defaultAt))
  const unexpected = (value: TfValue): string => (value.kind === 'scalar' ? `unexpected value ${JSON.stringify(value.value)}` : whyOf(value))

  const str = (value: TfValue | undefined, fallback?: string): Fact<string> => {
    if (value === undefined) return unset(fallback)
    if (value.kind !== 'scalar' || value.value === null) return unknown(whyOf(value), at(value))
    return known(typeof value.value === 'number' ? formatNumber(value.value) : String(value.value), at(value))
  }
  const num = (value: TfValue | undefined, fallback?: number): Fact<number> => {
    if (value === undefined) return unset(fallback)
    const number = value.kind === 'scalar' && value.value !== null ? toNumber(value.value) : undefined
    return number === undefined ? unknown(unexpected(value), at(value)) : known(number, at(value))
  }
  const bool = (value: TfValue | undefined, fallback: boolean): Fact<boolean> => {
    if (value === undefined) return unset(fallback)
    const flag = value.kind === 'scalar' && value.value !== null ? toBoolean(value.value) : undefined
    return flag === undefined ? unknown(unexpected(value), at(value)) : known(flag, at(value))
  }
  const strList = (value: TfValue | undefined, fallback: string[]): Fact<string[]> => {
    if (value === undefined) return unset(fallback)
    if (value.kind === 'scalar') return known([String(value.value)], at(value))
    if (value.kind !== 'list') return unknown(whyOf(value), at(value))
    const strings: string[] = []
    for (const item of value.items) {
      const text = str(item)
      if (!text.known) return text
      strings.push(text.value)
    }
    return known(strings, at(value))
  }
  return {
    arg: (name) => field(resource.body, name),
    str,
    num,
    bool,
    strList,
    byDefault: (value) => known(value, defaultAt),
    at,
    defaultAt,
  }
}

/** A declared quantity: a negative one is a mistake in the declaration, not a forecast. */
export function nonNegative(fact: Fact<number>): Fact<number> {
  return fact.known && fact.value < 0 ? unknown(`the declared value ${fact.value} is negative`, fact.at) : fact
}

export { narrow as oneOf, upper } from '../../../model/facts.js'
