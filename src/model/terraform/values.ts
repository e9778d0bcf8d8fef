/**
 * Building and inspecting Terraform values (`TfValue`) during evaluation. Unknown values carry
 * the resources they mention, so an ARN built from a reference still links two resources.
 *
 * Some unknowns are errors in Terraform (an attribute an object does not have, an index out of
 * range): `try` and `can` must tell those from values that are merely not known yet, so they
 * are marked here. Anything computed from an error is an error.
 */
import type { Range } from '../../parse/types.js'
import type { TfRef, TfValue } from './ir.js'

export type ObjectValue = Extract<TfValue, { kind: 'object' }>
export type ListValue = Extract<TfValue, { kind: 'list' }>
export type UnknownValue = Extract<TfValue, { kind: 'unknown' }>
export type Primitive = string | number | boolean | null

const errors = new WeakSet<TfValue>()

export function scalar(value: Primitive, range: Range): TfValue {
  return { kind: 'scalar', value, range, refs: [] }
}

export function list(items: TfValue[], range: Range): ListValue {
  return { kind: 'list', items, range, refs: [] }
}

export function object(fields: Map<string, TfValue>, range: Range): ObjectValue {
  return { kind: 'object', fields, range, refs: [] }
}

export function unknownValue(why: string, range: Range, refs: TfRef[] = []): UnknownValue {
  return { kind: 'unknown', why, range, refs }
}

/** A value Terraform would reject with an error; `try` moves on from it. */
export function errorValue(why: string, range: Range): UnknownValue {
  const value = unknownValue(why, range)
  errors.add(value)
  return value
}

export function isError(value: TfValue): boolean {
  return errors.has(value)
}

/**
 * The unknown result of combining `inputs`: it mentions every resource they mention, and it is an
 * error when one of them is. The reason is the first unknown input's, else `why`.
 */
export function unknownFrom(inputs: readonly TfValue[], why: string, range: Range): UnknownValue {
  const refs = allRefs(inputs)
  const failed = inputs.find(isError)
  if (failed) {
    const value = errorValue((failed as UnknownValue).why, range)
    value.refs.push(...refs)
    return value
  }
  const first = inputs.find((input): input is UnknownValue => input.kind === 'unknown')
  return unknownValue(first?.why ?? why, range, refs)
}

/** Every reference in some values, at any depth, each once. */
export function allRefs(values: readonly TfValue[]): TfRef[] {
  const found: TfRef[] = []
  const seen = new Set<string>()
  const pending = [...values]
  while (pending.length > 0) {
    const value = pending.pop()!
    for (const ref of value.refs) {
      const key = `${ref.address}\u0000${ref.attribute ?? ''}`
      if (!seen.has(key)) {
        seen.add(key)
        found.push(ref)
      }
    }
    if (value.kind === 'list') pending.push(...value.items)
    else if (value.kind === 'object') pending.push(...value.fields.values())
  }
  return found
}

/**
 * The value as seen where it is used: the same data with `range` everywhere, so that whatever a
 * finding points at lies in the file of the resource that uses it.
 */
export function at(value: TfValue, range: Range): TfValue {
  let copy: TfValue
  switch (value.kind) {
    case 'scalar':
      copy = { ...value, range }
      break
    case 'unknown':
      copy = { ...value, range }
      break
    case 'list':
      copy = { ...value, items: value.items.map((item) => at(item, range)), range }
      break
    case 'object':
      copy = { ...value, fields: new Map([...value.fields].map(([key, field]) => [key, at(field, range)])), range }
      break
  }
  if (isError(value)) errors.add(copy)
  return copy
}

/** Object keys in Terraform's order: maps and objects iterate by key, lexically. */
export function sortedEntries(value: ObjectValue): Array<[string, TfValue]> {
  return [...value.fields].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
}

/** Terraform's string form of a primitive: numbers without a trailing `.0`, booleans as words. */
export function primitiveText(value: Primitive): string | undefined {
  if (value === null) return undefined
  if (typeof value === 'number') return formatNumber(value)
  return String(value)
}

export function formatNumber(value: number): string {
  return Number.isInteger(value) ? value.toFixed(0) : String(value)
}

/** A primitive as a number, the way Terraform converts a string such as `"30"`. */
export function toNumber(value: Primitive): number | undefined {
  if (typeof value === 'number') return value
  if (typeof value === 'string' && value.trim() !== '' && /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(value.trim())) {
    return Number(value)
  }
  return undefined
}

export function toBoolean(value: Primitive): boolean | undefined {
  if (typeof value === 'boolean') return value
  if (value === 'true') return true
  if (value === 'false') return false
  return undefined
}

/** Deep equality of two known values; undefined when either has an unknown part. */
export function equal(a: TfValue, b: TfValue): boolean | undefined {
  if (a.kind === 'unknown' || b.kind === 'unknown') return undefined
  if (a.kind === 'scalar' && b.kind === 'scalar') {
    if (typeof a.value === 'number' && typeof b.value === 'number') return a.value === b.value
    return a.value === b.value
  }
  if (a.kind === 'list' && b.kind === 'list') {
    if (a.items.length !== b.items.length) return false
    let result: boolean | undefined = true
    for (let i = 0; i < a.items.length; i++) {
      const same = equal(a.items[i]!, b.items[i]!)
      if (same === false) return false
      if (same === undefined) result = undefined
    }
    return result
  }
  if (a.kind === 'object' && b.kind === 'object') {
    if (a.fields.size !== b.fields.size) return false
    let result: boolean | undefined = true
    for (const [key, field] of a.fields) {
      const other = b.fields.get(key)
      if (!other) return false
      const same = equal(field, other)
      if (same === false) return false
      if (same === undefined) result = undefined
    }
    return result
  }
  return false
}

/** Plain JavaScript data of a known value (for `jsonencode`); undefined when a part is unknown. */
export function toPlain(value: TfValue): unknown {
  switch (value.kind) {
    case 'scalar':
      return value.value
    case 'unknown':
      return undefined
    case 'list': {
      const items: unknown[] = []
      for (const item of value.items) {
        const plain = toPlain(item)
        if (plain === undefined) return undefined
        items.push(plain)
      }
      return items
    }
    case 'object': {
      // No prototype, so that a key named `__proto__` is data like any other.
      const out = Object.create(null) as Record<string, unknown>
      for (const [key, field] of sortedEntries(value)) {
        const plain = toPlain(field)
        if (plain === undefined) return undefined
        out[key] = plain
      }
      return out
    }
  }
}
