/**
 * The Terraform functions configurations use to shape values that matter to the rules (names,
 * maps of settings, lists of blocks). Any other function gives an unknown value: an answer
 * computed wrongly would be worse than none.
 *
 * A function that builds a list, a map or a string checks its size against the budget before it
 * builds it, so a configuration that doubles a list forty times stops at the limit instead of
 * filling the memory; past a limit the result is unknown.
 */
import type { Range } from '../../parse/types.js'
import { callFileFunction, FILE_FUNCTIONS, type FileAccess } from './file-functions.js'
import type { TfValue } from './ir.js'
import type { Meter } from './meter.js'
import {
  equal,
  errorValue,
  formatNumber,
  isError,
  list,
  object,
  primitiveText,
  scalar,
  shapeOf,
  sortedEntries,
  toBoolean,
  toNumber,
  toPlain,
  unknownFrom,
  unknownValue,
  type ListValue,
  type ObjectValue,
} from './values.js'

type Implementation = (args: TfValue[], range: Range, meter: Meter) => TfValue

/** Terraform's own limit on the numbers `range` makes. */
const MAX_RANGE = 1024

/** `files` reads the files `file` and `templatefile` name; without it they are unknown. */
export function callFunction(name: string, given: TfValue[], expandLast: boolean, range: Range, meter: Meter, files?: FileAccess): TfValue {
  let args = given
  if (expandLast) {
    const last = args[args.length - 1]
    if (last?.kind === 'unknown') return unknownFrom(args, `the arguments of ${name} are known only after apply`, range)
    if (last?.kind !== 'list') return errorValue(`${name}: the argument before ... is not a list`, range)
    args = [...args.slice(0, -1), ...last.items]
  }
  if (name === 'try') return tryArguments(args, range)
  if (name === 'can') return canEvaluate(args, range)
  if (FILE_FUNCTIONS.has(name)) {
    return args.some(isError) ? unknownFrom(args, `an argument of ${name} is not valid`, range) : callFileFunction(name, args, range, meter, files)
  }
  // Own properties only: a function named `constructor` is unknown, not Object's constructor.
  const implementation = Object.hasOwn(FUNCTIONS, name) ? FUNCTIONS[name] : undefined
  if (!implementation) return unknownFrom(args, `function ${name} is not evaluated by iac-lint`, range)
  if (args.some(isError)) return unknownFrom(args, `an argument of ${name} is not valid`, range)
  return implementation(args, range, meter)
}

/** The first argument that is not an error; an unknown one makes the result unknown. */
function tryArguments(args: TfValue[], range: Range): TfValue {
  for (const arg of args) if (!isError(arg)) return arg
  return errorValue('no argument of try could be evaluated', range)
}

function canEvaluate(args: TfValue[], range: Range): TfValue {
  const [arg] = args
  if (!arg) return errorValue('can needs one argument', range)
  if (isError(arg)) return scalar(false, range)
  return arg.kind === 'unknown' ? unknownFrom([arg], 'can of a value known only after apply', range) : scalar(true, range)
}

/** Applies `body` when no argument is unknown at the top level; otherwise the result is unknown. */
function known(name: string, body: Implementation): Implementation {
  return (args, range, meter) => {
    if (args.some((arg) => arg.kind === 'unknown')) return unknownFrom(args, `an argument of ${name} is known only after apply`, range)
    return body(args, range, meter)
  }
}

function stringArg(value: TfValue | undefined): string | undefined {
  return value?.kind === 'scalar' ? primitiveText(value.value) : undefined
}

function stringFunction(name: string, apply: (text: string) => string): Implementation {
  return known(name, ([arg], range, meter) => {
    const text = stringArg(arg)
    if (text === undefined) return errorValue(`${name} needs a string`, range)
    return textValue(apply(text), range, meter)
  })
}

/** A computed string, or unknown when it is over the string limit. */
function textValue(text: string, range: Range, meter: Meter): TfValue {
  return meter.text(text.length, range) ? scalar(text, range) : meter.limited(range)
}

/** A computed list of `items`, or unknown when they are more than the collection limit (`inputs` keep its references). */
function listValue(items: TfValue[], range: Range, meter: Meter, inputs: readonly TfValue[]): TfValue {
  return meter.collection(items.length, range) ? list(items, range) : meter.limited(range, inputs)
}

const FUNCTIONS: Readonly<Record<string, Implementation>> = {
  tostring: known('tostring', ([arg], range) => {
    if (arg?.kind !== 'scalar') return errorValue('tostring needs a primitive value', range)
    return scalar(arg.value === null ? null : primitiveText(arg.value)!, range)
  }),
  tonumber: known('tonumber', ([arg], range) => {
    if (arg?.kind !== 'scalar') return errorValue('tonumber needs a primitive value', range)
    if (arg.value === null) return scalar(null, range)
    const number = toNumber(arg.value)
    return number === undefined ? errorValue(`cannot convert ${JSON.stringify(arg.value)} to a number`, range) : scalar(number, range)
  }),
  tobool: known('tobool', ([arg], range) => {
    if (arg?.kind !== 'scalar') return errorValue('tobool needs a primitive value', range)
    if (arg.value === null) return scalar(null, range)
    const bool = toBoolean(arg.value)
    return bool === undefined ? errorValue(`cannot convert ${JSON.stringify(arg.value)} to a bool`, range) : scalar(bool, range)
  }),
  tolist: known('tolist', ([arg], range) => (arg?.kind === 'list' ? list(arg.items, range) : errorValue('tolist needs a list or set', range))),
  toset: known('toset', ([arg], range, meter) => (arg?.kind === 'list' ? asSet(arg.items, range, meter) : errorValue('toset needs a list or set', range))),
  tomap: known('tomap', ([arg], range) => (arg?.kind === 'object' ? object(arg.fields, range) : errorValue('tomap needs a map or object', range))),
  lower: stringFunction('lower', (text) => text.toLowerCase()),
  upper: stringFunction('upper', (text) => text.toUpperCase()),
  format: known('format', ([spec, ...values], range, meter) => {
    const text = stringArg(spec)
    if (text === undefined) return errorValue('format needs a format string', range)
    return format(text, values, range, meter)
  }),
  lookup: known('lookup', ([map, key, fallback], range) => {
    const name = stringArg(key)
    if (map?.kind !== 'object' || name === undefined) return errorValue('lookup needs a map and a key', range)
    return map.fields.get(name) ?? fallback ?? errorValue(`lookup: the map has no key "${name}"`, range)
  }),
  merge: known('merge', (maps, range, meter) => {
    let size = 0
    for (const map of maps) {
      if (map.kind === 'scalar' && map.value === null) continue
      if (map.kind !== 'object') return errorValue('merge needs maps or objects', range)
      size += map.fields.size
    }
    if (!meter.collection(size, range)) return meter.limited(range, maps)
    const fields = new Map<string, TfValue>()
    for (const map of maps) if (map.kind === 'object') for (const [key, value] of map.fields) fields.set(key, value)
    return object(fields, range)
  }),
  concat: known('concat', (lists, range, meter) => {
    let size = 0
    for (const value of lists) {
      if (value.kind !== 'list') return errorValue('concat needs lists', range)
      size += value.items.length
    }
    if (!meter.collection(size, range)) return meter.limited(range, lists)
    const items: TfValue[] = []
    for (const value of lists) for (const item of (value as ListValue).items) items.push(item)
    return list(items, range)
  }),
  coalesce: (args, range) => {
    for (const arg of args) {
      if (arg.kind === 'unknown') return unknownFrom(args, 'coalesce of a value known only after apply', range)
      if (arg.kind === 'scalar' && (arg.value === null || arg.value === '')) continue
      return arg
    }
    return errorValue('coalesce: every argument is null or empty', range)
  },
  coalescelist: (args, range) => {
    for (const arg of args) {
      if (arg.kind === 'unknown') return unknownFrom(args, 'coalescelist of a value known only after apply', range)
      if (arg.kind === 'list' && arg.items.length > 0) return arg
    }
    return errorValue('coalescelist: every argument is empty', range)
  },
  length: known('length', ([arg], range) => {
    if (arg?.kind === 'list') return scalar(arg.items.length, range)
    if (arg?.kind === 'object') return scalar(arg.fields.size, range)
    if (arg?.kind === 'scalar' && typeof arg.value === 'string') return scalar([...arg.value].length, range)
    return errorValue('length needs a collection or a string', range)
  }),
  element: known('element', ([collection, position], range) => {
    const at = position?.kind === 'scalar' ? toNumber(position.value) : undefined
    if (collection?.kind !== 'list' || at === undefined || !Number.isInteger(at) || at < 0) return errorValue('element needs a list and an index', range)
    if (collection.items.length === 0) return errorValue('element of an empty list', range)
    return collection.items[at % collection.items.length]!
  }),
  jsonencode: (args, range, meter) => {
    const [arg] = args
    if (!arg) return errorValue('jsonencode needs one argument', range)
    const shape = shapeOf(arg)
    // The text notes the value it encodes, so that the structure stays readable where parts are unknown.
    const text = { kind: 'encoded', value: arg, file: meter.file } as const
    if (shape.unknown) return { ...unknownFrom([arg], 'JSON of values known only after apply', range), text }
    // Sized before it is written: a value that shares its parts can stand for more text than fits in memory.
    if (!meter.text(shape.json, range) || !meter.step(range, shape.nodes)) return meter.limited(range, [arg])
    const encoded = textValue(JSON.stringify(toPlain(arg)), range, meter)
    return encoded.kind === 'scalar' ? { ...encoded, text } : encoded
  },
  keys: known('keys', ([map], range, meter) => {
    if (map?.kind !== 'object') return errorValue('keys needs a map', range)
    if (!meter.collection(map.fields.size, range)) return meter.limited(range, [map])
    return list(sortedEntries(map).map(([key]) => scalar(key, range)), range)
  }),
  values: known('values', ([map], range, meter) => {
    if (map?.kind !== 'object') return errorValue('values needs a map', range)
    if (!meter.collection(map.fields.size, range)) return meter.limited(range, [map])
    return list(sortedEntries(map).map(([, value]) => value), range)
  }),
  flatten: known('flatten', ([arg], range, meter) => {
    if (arg?.kind !== 'list') return errorValue('flatten needs a list', range)
    const items: TfValue[] = []
    const pending: TfValue[] = [...arg.items].reverse()
    while (pending.length > 0) {
      const item = pending.pop()!
      if (item.kind === 'unknown') return unknownFrom([item], 'flatten of a list known only after apply', range)
      if (item.kind === 'list') {
        for (let i = item.items.length - 1; i >= 0; i--) pending.push(item.items[i]!)
        if (!meter.step(range, item.items.length)) return meter.limited(range, [arg])
      } else items.push(item)
      if (items.length > meter.maxCollectionSize) break
    }
    return listValue(items, range, meter, [arg])
  }),
  contains: known('contains', ([collection, value], range, meter) => {
    if (collection?.kind !== 'list' || !value) return errorValue('contains needs a list and a value', range)
    let undecided = false
    for (const item of collection.items) {
      if (!meter.step(range, Math.min(shapeOf(item).nodes, shapeOf(value).nodes))) return meter.limited(range, [collection, value])
      const same = equal(item, value)
      if (same === true) return scalar(true, range)
      if (same === undefined) undecided = true
    }
    return undecided ? unknownFrom([collection, value], 'contains of values known only after apply', range) : scalar(false, range)
  }),
  join: known('join', ([separator, ...lists], range, meter) => {
    const glue = stringArg(separator)
    if (glue === undefined) return errorValue('join needs a separator', range)
    const texts: string[] = []
    let length = 0
    for (const value of lists) {
      if (value.kind !== 'list') return errorValue('join needs lists of strings', range)
      for (const item of value.items) {
        if (item.kind === 'unknown') return unknownFrom([item], 'join of values known only after apply', range)
        const text = stringArg(item)
        if (text === undefined) return errorValue('join needs lists of strings', range)
        length += text.length + (texts.length > 0 ? glue.length : 0)
        texts.push(text)
      }
    }
    if (!meter.text(length, range)) return meter.limited(range)
    return scalar(texts.join(glue), range)
  }),
  split: known('split', ([separator, text], range, meter) => {
    const glue = stringArg(separator)
    const whole = stringArg(text)
    if (glue === undefined || whole === undefined) return errorValue('split needs a separator and a string', range)
    if (!meter.collection(occurrences(whole, glue) + 1, range)) return meter.limited(range)
    return list(whole.split(glue).map((part) => scalar(part, range)), range)
  }),
  replace: known('replace', ([text, search, replacement], range, meter) => {
    const whole = stringArg(text)
    const target = stringArg(search)
    const by = stringArg(replacement)
    if (whole === undefined || target === undefined || by === undefined) return errorValue('replace needs three strings', range)
    // A search string in slashes is a regular expression in RE2 syntax, which JavaScript's differs from.
    if (target.length >= 2 && target.startsWith('/') && target.endsWith('/')) return unknownValue('replace with a regular expression is not evaluated by iac-lint', range)
    // As Go's strings.Replace: an empty search string matches before every character and at the end.
    const characters = target === '' ? [...whole] : []
    const length = target === '' ? whole.length + (characters.length + 1) * by.length : whole.length + occurrences(whole, target) * (by.length - target.length)
    if (!meter.text(length, range)) return meter.limited(range)
    return scalar(target === '' ? `${by}${characters.join(by)}${characters.length > 0 ? by : ''}` : whole.split(target).join(by), range)
  }),
  // As cty's: the step defaults to -1 when the end is below the start, and more than 1,024 numbers are an error.
  range: known('range', (args, range, meter) => {
    const numbers = args.map((arg) => (arg.kind === 'scalar' && arg.value !== null ? toNumber(arg.value) : undefined))
    if (args.length < 1 || args.length > 3 || numbers.some((number) => number === undefined || !Number.isFinite(number))) {
      return errorValue('range needs one, two or three numbers', range)
    }
    const [start, end] = numbers.length === 1 ? [0, numbers[0]!] : [numbers[0]!, numbers[1]!]
    const step = numbers[2] ?? (end < start ? -1 : 1)
    if (step === 0) return errorValue('range: step must not be zero', range)
    if (step < 0 ? end > start : end < start) return errorValue(`range: end must be ${step < 0 ? 'less' : 'greater'} than start when step is ${step < 0 ? 'negative' : 'positive'}`, range)
    const size = Math.max(0, Math.ceil((end - start) / step))
    if (size > MAX_RANGE) return errorValue(`range: more than ${MAX_RANGE} values were generated`, range)
    if (!meter.collection(size, range)) return meter.limited(range)
    return list(Array.from({ length: size }, (_, i) => scalar(start + i * step, range)), range)
  }),
  one: known('one', ([arg], range) => {
    if (arg?.kind !== 'list') return errorValue('one needs a list or set', range)
    if (arg.items.length > 1) return errorValue('one: the list has more than one element', range)
    return arg.items[0] ?? scalar(null, range)
  }),
  distinct: known('distinct', ([arg], range, meter) => (arg?.kind === 'list' ? distinct(arg.items, range, meter) : errorValue('distinct needs a list', range))),
  compact: known('compact', ([arg], range) => {
    if (arg?.kind !== 'list') return errorValue('compact needs a list of strings', range)
    return list(arg.items.filter((item) => !(item.kind === 'scalar' && (item.value === null || item.value === ''))), range)
  }),
}

/** How many times `part` (not empty) occurs in `text`, without overlaps. */
function occurrences(text: string, part: string): number {
  if (part === '') return text.length
  let count = 0
  for (let at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + part.length)) count++
  return count
}

function distinct(items: TfValue[], range: Range, meter: Meter): TfValue {
  if (!meter.step(range, items.reduce((sum, item) => sum + shapeOf(item).nodes, 0))) return meter.limited(range, items)
  if (items.every((item) => !shapeOf(item).unknown)) {
    // Known values are equal when their JSON texts are (object keys in order), so one pass does.
    const seen = new Set<string>()
    return list(
      items.filter((item) => {
        const key = JSON.stringify(toPlain(item))
        if (seen.has(key)) return false
        seen.add(key)
        return true
      }),
      range,
    )
  }
  const kept: TfValue[] = []
  for (const item of items) {
    let duplicate = false
    for (const other of kept) {
      if (!meter.step(range, Math.min(shapeOf(item).nodes, shapeOf(other).nodes))) return meter.limited(range, items)
      const same = equal(item, other)
      if (same === undefined) return unknownFrom(items, 'distinct of values known only after apply', range)
      if (same) duplicate = true
    }
    if (!duplicate) kept.push(item)
  }
  return list(kept, range)
}

/** A set of primitives iterates in Terraform's order: numbers by value, strings lexically. */
function asSet(items: TfValue[], range: Range, meter: Meter): TfValue {
  const unique = distinct(items, range, meter)
  if (unique.kind !== 'list' || !unique.items.every((item) => item.kind === 'scalar')) return unique
  const sorted = [...(unique as ListValue).items].sort((a, b) => {
    const x = (a as { value: unknown }).value
    const y = (b as { value: unknown }).value
    if (typeof x === 'number' && typeof y === 'number') return x - y
    const p = String(x)
    const q = String(y)
    return p < q ? -1 : p > q ? 1 : 0
  })
  return list(sorted, range)
}

/** `format` with the verbs configurations use: %s %d %f %t %v %q and %%, with width and precision. */
function format(spec: string, values: TfValue[], range: Range, meter: Meter): TfValue {
  let next = 0
  let failure: TfValue | undefined
  // The length of the result so far, to stop before padding or a %v of a large value passes the limit.
  let length = spec.length
  const over = (size: number): boolean => {
    if (size <= meter.maxStringLength) return false
    meter.text(size, range)
    failure ??= meter.limited(range, values)
    return true
  }
  const text = spec.replace(/%([-+ 0]*)(\d*)(?:\.(\d+))?([a-zA-Z%])/g, (match, flags: string, width: string, precision: string | undefined, verb: string) => {
    if (verb === '%') return '%'
    const value = values[next++]
    if (!value) {
      failure ??= errorValue('format: too few arguments', range)
      return match
    }
    if (value.kind === 'unknown') {
      failure ??= unknownFrom([value], 'format of a value known only after apply', range)
      return match
    }
    if (failure || over(length + Math.max(Number(width || 0), value.kind === 'scalar' ? 0 : shapeOf(value).json))) return match
    const formatted = formatVerb(verb, value, precision)
    if (formatted === undefined) {
      failure ??= unknownValue(`format verb %${verb} is not evaluated by iac-lint`, range)
      return match
    }
    length += Math.max(formatted.length, Number(width || 0)) - match.length
    return over(length) ? match : pad(formatted, flags, width)
  })
  return failure ?? textValue(text, range, meter)
}

function formatVerb(verb: string, value: TfValue, precision: string | undefined): string | undefined {
  const primitive = value.kind === 'scalar' ? value.value : undefined
  switch (verb) {
    case 's':
      return primitive === undefined || primitive === null ? undefined : primitiveText(primitive)
    case 'd': {
      const number = primitive === undefined || primitive === null ? undefined : toNumber(primitive)
      return number !== undefined && Number.isInteger(number) ? formatNumber(number) : undefined
    }
    case 'f': {
      const number = primitive === undefined || primitive === null ? undefined : toNumber(primitive)
      const digits = precision === undefined ? 6 : Number(precision)
      // JavaScript gives at most 100 digits after the point.
      return number === undefined || digits > 100 ? undefined : number.toFixed(digits)
    }
    case 't': {
      const bool = primitive === undefined || primitive === null ? undefined : toBoolean(primitive)
      return bool === undefined ? undefined : String(bool)
    }
    case 'q':
      return typeof primitive === 'string' ? JSON.stringify(primitive) : undefined
    case 'v': {
      if (primitive !== undefined) return primitive === null ? 'null' : primitiveText(primitive)
      const plain = toPlain(value as ObjectValue | ListValue)
      return plain === undefined ? undefined : JSON.stringify(plain)
    }
    default:
      return undefined
  }
}

function pad(text: string, flags: string, width: string): string {
  const size = Number(width || 0)
  if (text.length >= size) return text
  if (flags.includes('-')) return text.padEnd(size)
  return text.padStart(size, flags.includes('0') ? '0' : ' ')
}
