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
 * The attributes of a resource instance: the arguments it was written with, and every other
 * name an attribute the provider computes (`arn`, `invoke_arn`), known only after apply and naming
 * the instance. Whatever reads an attribute (a reference, `lookup`, a type conversion) gets that.
 */
class InstanceAttributes extends Map<string, TfValue> {
  constructor(
    readonly address: string,
    private readonly range: Range,
    entries: Iterable<readonly [string, TfValue]>,
  ) {
    super(entries)
  }

  override get(name: string): TfValue | undefined {
    return super.get(name) ?? unknownValue(`${this.address}.${name} is known only after apply`, this.range, [{ address: this.address, attribute: name }])
  }
}

/**
 * A resource instance as the rest of the configuration sees it (`each.value` of a `for_each`
 * over a resource): its arguments, each still naming the instance so that a value read from
 * it links to that instance, and its computed attributes (`InstanceAttributes`).
 */
export function instanceObject(address: string, configured: ReadonlyMap<string, TfValue>, range: Range): ObjectValue {
  const fields = [...configured].map(([name, argument]): [string, TfValue] => [name, withRefs(argument, [{ address, attribute: name }])])
  return { kind: 'object', fields: new InstanceAttributes(address, range, fields), range, refs: [{ address }] }
}

/** Whether the value is one resource instance (an object, not a map of instances). */
export function isResourceInstance(value: TfValue): boolean {
  return value.kind === 'object' && value.fields instanceof InstanceAttributes
}

/** The same value mentioning `refs` as well. */
function withRefs(value: TfValue, refs: readonly TfRef[]): TfValue {
  const copy: TfValue = { ...value, refs: [...value.refs, ...refs] }
  if (errors.has(value)) errors.add(copy)
  return copy
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

/**
 * The value a JSON text was encoded from, when `jsonencode` made it (its `text` note), so that a
 * reader of the JSON, a resource policy, can still read the known parts of one that is unknown.
 */
export function encodedFrom(json: TfValue): TfValue | undefined {
  return json.text?.kind === 'encoded' ? json.text.value : undefined
}

/** A string template with parts known only after apply: its text, and why each other part is unknown. */
export type TemplateShape = ReadonlyArray<string | { why: string }>

const templates = new WeakMap<TfValue, TemplateShape>()

/**
 * Remembers the text around the unknown parts of a string template (`"${aws_api_gateway_rest_api.x.execution_arn}/*"`),
 * so that a reader of JSON written as a heredoc, a resource policy, can still read the known parts.
 */
export function noteTemplate(value: TfValue, shape: TemplateShape): TfValue {
  templates.set(value, shape)
  return value
}

/** The shape of an unknown string template, when `noteTemplate` saw it. */
export function templateOf(value: TfValue): TemplateShape | undefined {
  return templates.get(value)
}

/** Every reference in some values, at any depth, each once. */
export function allRefs(values: readonly TfValue[]): TfRef[] {
  const found: TfRef[] = []
  const seen = new Set<string>()
  // Values share parts (`concat(local.a, local.a)`): each part is read once, and parts that
  // mention no resource are not read at all.
  const visited = new Set<TfValue>()
  const pending = values.filter((value) => shapeOf(value).refs)
  while (pending.length > 0) {
    const value = pending.pop()!
    if (visited.has(value)) continue
    visited.add(value)
    for (const ref of value.refs) {
      const key = `${ref.address}\u0000${ref.attribute ?? ''}`
      if (!seen.has(key)) {
        seen.add(key)
        found.push(ref)
      }
    }
    if (value.kind === 'list') {
      for (const item of value.items) if (shapeOf(item).refs) pending.push(item)
    } else if (value.kind === 'object') {
      for (const field of value.fields.values()) if (shapeOf(field).refs) pending.push(field)
    }
  }
  return found
}

/** What the walks over a value cost, known without walking it again. */
export interface Shape {
  /** Levels of lists and objects: 0 for a primitive or an unknown value. */
  depth: number
  /** Values in it counted as a tree (a part used twice counts twice), as a copy or a comparison visits them. */
  nodes: number
  /** Whether some part is unknown. */
  unknown: boolean
  /** Whether some part mentions a resource. */
  refs: boolean
  /** About the length of its JSON text (a string's escapes are not counted). */
  json: number
}

const shapes = new WeakMap<TfValue, Shape>()

/** The shape of a value, worked out once per value and part, without recursion. */
export function shapeOf(value: TfValue): Shape {
  const known = shapes.get(value)
  if (known) return known
  const pending: Array<{ value: TfValue; opened: boolean }> = [{ value, opened: false }]
  while (pending.length > 0) {
    const top = pending[pending.length - 1]!
    if (shapes.has(top.value)) {
      pending.pop()
      continue
    }
    const parts = partsOf(top.value)
    if (!top.opened && parts.length > 0) {
      top.opened = true
      for (const part of parts) if (!shapes.has(part)) pending.push({ value: part, opened: false })
      continue
    }
    pending.pop()
    shapes.set(top.value, combine(top.value, parts))
  }
  return shapes.get(value)!
}

function partsOf(value: TfValue): TfValue[] {
  if (value.kind === 'list') return value.items
  if (value.kind === 'object') return [...value.fields.values()]
  return []
}

function combine(value: TfValue, parts: readonly TfValue[]): Shape {
  // A resource instance's computed attributes are unknown parts, though not among its fields.
  const unknown = value.kind === 'unknown' || isResourceInstance(value)
  const shape: Shape = { depth: 0, nodes: 1, unknown, refs: value.refs.length > 0, json: 0 }
  if (value.kind === 'scalar') {
    const { value: primitive } = value
    shape.json = typeof primitive === 'string' ? primitive.length + 2 : primitive === null ? 4 : String(primitive).length
    return shape
  }
  if (value.kind === 'unknown') return shape
  let deepest = 0
  shape.json = 2 + Math.max(0, parts.length - 1)
  for (const part of parts) {
    const inner = shapes.get(part)!
    deepest = Math.max(deepest, inner.depth)
    shape.nodes = Math.min(Number.MAX_SAFE_INTEGER, shape.nodes + inner.nodes)
    shape.json = Math.min(Number.MAX_SAFE_INTEGER, shape.json + inner.json)
    shape.unknown ||= inner.unknown
    shape.refs ||= inner.refs
  }
  if (value.kind === 'object') for (const key of value.fields.keys()) shape.json += key.length + 3
  shape.depth = deepest + 1
  return shape
}

/**
 * The value as seen where it is used: the same data with `range` everywhere, so that whatever a
 * finding points at lies in the file of the resource that uses it.
 */
export function at(value: TfValue, range: Range): TfValue {
  // A part used twice is copied once, so a value that shares its parts stays as small as it was.
  const copies = new Map<TfValue, TfValue>()
  const copy = (part: TfValue): TfValue => {
    const done = copies.get(part)
    if (done) return done
    let made: TfValue
    switch (part.kind) {
      case 'scalar':
      case 'unknown':
        made = { ...part, range }
        break
      case 'list':
        made = { ...part, items: part.items.map(copy), range }
        break
      case 'object': {
        const fields = [...part.fields].map(([key, field]): [string, TfValue] => [key, copy(field)])
        made = { ...part, fields: part.fields instanceof InstanceAttributes ? new InstanceAttributes(part.fields.address, range, fields) : new Map(fields), range }
        break
      }
    }
    if (errors.has(part)) errors.add(made)
    // A shape does not depend on ranges: a copy read again (`each.value` of a relocated map) is not walked again.
    const shape = shapes.get(part)
    if (shape) shapes.set(made, shape)
    copies.set(part, made)
    return made
  }
  return copy(value)
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
  if (a === b) return shapeOf(a).unknown ? undefined : true
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
    // Two resource instances written alike may still differ in what the provider computes.
    return result && (isResourceInstance(a) || isResourceInstance(b)) ? undefined : result
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
