/**
 * Variable type constraints, applied the way Terraform applies them to a value: primitives
 * converted (`"30"` to 30 for a number), attributes an object type does not declare dropped, and
 * missing `optional(...)` attributes filled with their default or null. Modules lean on that last
 * part: `each.value.authenticate_oidc != null` only works because the attribute is there.
 */
import type { Expr } from './parse/syntax.js'
import type { TfValue } from './ir.js'
import { list, object, primitiveText, scalar, toBoolean, toNumber } from './values.js'

export type TypeConstraint =
  | { kind: 'any' | 'string' | 'number' | 'bool' }
  | { kind: 'list' | 'set' | 'map'; element: TypeConstraint }
  | { kind: 'object'; attributes: Map<string, ObjectAttribute> }
  | { kind: 'tuple'; elements: TypeConstraint[] }

export interface ObjectAttribute {
  type: TypeConstraint
  optional: boolean
  /** The default of an `optional(type, default)` attribute. */
  fallback: Expr | undefined
}

const ANY: TypeConstraint = { kind: 'any' }

/** A type expression (`map(object({ a = optional(string) }))`); anything unrecognised is `any`. */
export function typeConstraint(expr: Expr | undefined): TypeConstraint {
  if (!expr) return ANY
  if (expr.kind === 'variable' && ['string', 'number', 'bool', 'any'].includes(expr.name)) {
    return { kind: expr.name as 'string' | 'number' | 'bool' | 'any' }
  }
  if (expr.kind !== 'call') return ANY
  const [first] = expr.args
  switch (expr.name) {
    case 'list':
    case 'set':
    case 'map':
      return { kind: expr.name, element: typeConstraint(first) }
    case 'tuple':
      return first?.kind === 'tuple' ? { kind: 'tuple', elements: first.items.map(typeConstraint) } : ANY
    case 'object': {
      if (first?.kind !== 'object') return ANY
      const attributes = new Map<string, ObjectAttribute>()
      for (const item of first.items) {
        if (item.key.kind !== 'literal' || typeof item.key.value !== 'string') continue
        const value = item.value
        if (value.kind === 'call' && value.name === 'optional') {
          attributes.set(item.key.value, { type: typeConstraint(value.args[0]), optional: true, fallback: value.args[1] })
        } else {
          attributes.set(item.key.value, { type: typeConstraint(value), optional: false, fallback: undefined })
        }
      }
      return { kind: 'object', attributes }
    }
    default:
      return ANY
  }
}

/**
 * `value` converted to `type`. Values that do not fit are left as they are (Terraform would
 * reject the configuration; the rules then see what was written). `evaluateDefault` evaluates an
 * optional attribute's default.
 */
export function convert(value: TfValue, type: TypeConstraint, evaluateDefault: (expr: Expr) => TfValue): TfValue {
  if (value.kind === 'unknown' || (value.kind === 'scalar' && value.value === null)) return value
  switch (type.kind) {
    case 'any':
      return value
    case 'string': {
      const text = value.kind === 'scalar' ? primitiveText(value.value) : undefined
      return text === undefined ? value : scalar(text, value.range)
    }
    case 'number': {
      const number = value.kind === 'scalar' ? toNumber(value.value) : undefined
      return number === undefined ? value : scalar(number, value.range)
    }
    case 'bool': {
      const bool = value.kind === 'scalar' ? toBoolean(value.value) : undefined
      return bool === undefined ? value : scalar(bool, value.range)
    }
    case 'list':
    case 'set':
      return value.kind === 'list' ? list(value.items.map((item) => convert(item, type.element, evaluateDefault)), value.range) : value
    case 'map':
      return value.kind === 'object'
        ? object(new Map([...value.fields].map(([key, field]) => [key, convert(field, type.element, evaluateDefault)])), value.range)
        : value
    case 'tuple':
      return value.kind === 'list'
        ? list(value.items.map((item, position) => convert(item, type.elements[position] ?? ANY, evaluateDefault)), value.range)
        : value
    case 'object': {
      if (value.kind !== 'object') return value
      const fields = new Map<string, TfValue>()
      for (const [name, attribute] of type.attributes) {
        const given = value.fields.get(name)
        if (given && !(attribute.optional && given.kind === 'scalar' && given.value === null && attribute.fallback)) {
          fields.set(name, convert(given, attribute.type, evaluateDefault))
        } else if (attribute.optional) {
          const fallback = attribute.fallback ? evaluateDefault(attribute.fallback) : scalar(null, value.range)
          fields.set(name, convert(fallback, attribute.type, evaluateDefault))
        }
      }
      return object(fields, value.range)
    }
  }
}
