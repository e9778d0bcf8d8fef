/**
 * Three-valued evaluation of Terraform expressions. What cannot be evaluated here (a resource
 * attribute known after apply, a variable without a value, a function not implemented) is
 * unknown with the resources it mentions; it is never guessed.
 *
 * Names bound by `for` expressions, `dynamic` iterators, `count` and `each` live in the scope and
 * are looked up before anything else, so an iterator is never taken for a resource type. Every
 * other name starts a reference the environment resolves (`var`, `local`, `module`, `data`,
 * resources), which keeps module mechanics out of this file.
 *
 * Every expression evaluated spends a step of the meter's budget, every list, map and string
 * built is checked against its size limits before it is built, and expressions evaluated inside
 * each other count against the depth limit; past any of them the value is unknown.
 */
import type { Range } from '../../parse/types.js'
import type { Expr, Step, TemplatePart } from './parse/syntax.js'
import type { FileAccess } from './file-functions.js'
import { callFunction } from './functions.js'
import type { TfValue } from './ir.js'
import type { Meter } from './meter.js'
import {
  allRefs,
  at,
  equal,
  errorValue,
  isError,
  list,
  noteTemplate,
  object,
  primitiveText,
  scalar,
  shapeOf,
  sortedEntries,
  toBoolean,
  toNumber,
  unknownFrom,
  unknownValue,
} from './values.js'

export class Scope {
  static readonly empty = new Scope(new Map())

  private constructor(private readonly names: ReadonlyMap<string, TfValue>) {}

  get(name: string): TfValue | undefined {
    return this.names.get(name)
  }

  with(bindings: Record<string, TfValue>): Scope {
    const names = new Map(this.names)
    for (const [name, value] of Object.entries(bindings)) names.set(name, value)
    return new Scope(names)
  }
}

export interface Environment {
  /**
   * The value of a reference that starts at a name the scope does not bind, and how many of the
   * steps after the name it used (`var.x` uses one, `aws_lb.this[0].arn` three).
   */
  reference(name: string, steps: readonly Step[], scope: Scope, range: Range): { value: TfValue; used: number }
}

/** An environment that knows no names: for variable files and defaults, which are plain values. */
export const NO_REFERENCES: Environment = {
  reference: (name, _steps, _scope, range) => ({ value: errorValue(`${name} cannot be referred to here`, range), used: 0 }),
}

export class Evaluator {
  constructor(
    private readonly environment: Environment,
    readonly meter: Meter,
    /** The files `file()` and `templatefile()` read; none where Terraform reads none (variable files). */
    private readonly files?: FileAccess,
  ) {}

  evaluate(expr: Expr, scope: Scope): TfValue {
    const { meter } = this
    if (!meter.step(expr.range) || !meter.enter(expr.range)) return meter.limited(expr.range)
    try {
      const value = this.compute(expr, scope)
      if ((value.kind === 'list' || value.kind === 'object') && !meter.nesting(shapeOf(value).depth, expr.range)) return meter.limited(expr.range, [value])
      return value
    } finally {
      meter.leave()
    }
  }

  private compute(expr: Expr, scope: Scope): TfValue {
    switch (expr.kind) {
      case 'literal':
        return scalar(expr.value, expr.range)
      case 'template':
        return this.template(expr.parts, scope, expr.range)
      case 'variable':
        return this.traverse(expr.name, [], scope, expr.range)
      case 'traversal':
        if (expr.base.kind === 'variable') return this.traverse(expr.base.name, expr.steps, scope, expr.range)
        return this.applySteps(this.evaluate(expr.base, scope), expr.steps, scope, expr.range)
      case 'tuple':
        if (!this.meter.collection(expr.items.length, expr.range)) return this.meter.limited(expr.range)
        return list(
          expr.items.map((item) => this.evaluate(item, scope)),
          expr.range,
        )
      case 'object':
        return this.objectConstructor(expr, scope)
      case 'call': {
        const args = expr.args.map((arg) => this.evaluate(arg, scope))
        return callFunction(expr.name, args, expr.expandLast, expr.range, this.meter, this.files)
      }
      case 'conditional':
        return this.conditional(expr, scope)
      case 'unary':
        return this.unary(expr.operator, this.evaluate(expr.operand, scope), expr.range)
      case 'binary':
        return this.binary(expr, scope)
      case 'for':
        return this.forExpression(expr, scope)
    }
  }

  private traverse(name: string, steps: readonly Step[], scope: Scope, range: Range): TfValue {
    const bound = scope.get(name)
    if (bound) return this.relocate(this.applySteps(bound, steps, scope, range), range)
    const { value, used } = this.environment.reference(name, steps, scope, range)
    return this.relocate(this.applySteps(value, steps.slice(used), scope, range), range)
  }

  /** `at`, which copies the value: one step per part copied. */
  private relocate(value: TfValue, range: Range): TfValue {
    return this.meter.step(range, shapeOf(value).nodes) ? at(value, range) : this.meter.limited(range, [value])
  }

  applySteps(start: TfValue, steps: readonly Step[], scope: Scope, range: Range): TfValue {
    let value = start
    for (const step of steps) {
      switch (step.kind) {
        case 'attr':
          value = getAttribute(value, step.name, range)
          break
        case 'index':
          value = index(value, this.evaluate(step.key, scope), range)
          break
        case 'splat':
          value = this.splat(value, step.steps, scope, range)
          break
      }
    }
    return value
  }

  private splat(value: TfValue, steps: readonly Step[], scope: Scope, range: Range): TfValue {
    if (value.kind === 'unknown') return value
    if (value.kind === 'scalar' && value.value === null) return list([], range)
    const items = value.kind === 'list' ? value.items : [value]
    if (!this.meter.collection(items.length, range)) return this.meter.limited(range, [value])
    return list(
      items.map((item) => this.applySteps(item, steps, scope, range)),
      range,
    )
  }

  private template(parts: readonly TemplatePart[], scope: Scope, range: Range): TfValue {
    if (parts.length === 1 && parts[0]!.kind === 'interpolation') return this.evaluate(parts[0].expr, scope)
    const pieces: string[] = []
    const unknowns: TfValue[] = []
    // A known part can still name a resource (an argument of `each.value`); the string keeps that link.
    const mentioning: TfValue[] = []
    // The text and the unknown parts in order, for templates of text and interpolations only.
    let shape: Array<string | { why: string }> | undefined = []
    let length = 0
    const addText = (text: string): void => {
      pieces.push(text)
      shape?.push(text)
      length += text.length
    }
    const add = (value: TfValue): void => {
      if (value.kind === 'unknown') {
        unknowns.push(value)
        shape?.push({ why: value.why })
      } else if (value.kind !== 'scalar' || value.value === null) {
        unknowns.push(errorValue(value.kind === 'scalar' ? 'a null value in a string template' : `a ${value.kind} in a string template`, range))
      } else {
        addText(primitiveText(value.value)!)
        if (value.refs.length > 0) mentioning.push(value)
      }
    }
    // Past the string limit the rest of the template is not worth evaluating.
    const tooLong = (): boolean => length > this.meter.maxStringLength
    for (const part of parts) {
      if (tooLong()) break
      switch (part.kind) {
        case 'text':
          addText(part.text)
          break
        case 'interpolation':
          add(this.evaluate(part.expr, scope))
          break
        case 'if': {
          shape = undefined
          const condition = this.evaluate(part.condition, scope)
          const decided = condition.kind === 'scalar' ? toBoolean(condition.value) : undefined
          if (decided === undefined) {
            unknowns.push(condition.kind === 'unknown' ? condition : errorValue('a template condition is not a boolean', range))
            add(this.template(part.then, scope, range))
            add(this.template(part.else, scope, range))
          } else add(this.template(decided ? part.then : part.else, scope, range))
          break
        }
        case 'for': {
          shape = undefined
          const collection = this.evaluate(part.collection, scope)
          const elements = iterate(collection)
          if (!elements) {
            unknowns.push(collection.kind === 'unknown' ? collection : errorValue('a template loops over a value that is not a collection', range))
            break
          }
          for (const [key, element] of elements) {
            if (tooLong()) break
            const inner = scope.with({ [part.valueVar]: element, ...(part.keyVar ? { [part.keyVar]: key } : {}) })
            add(this.template(part.body, inner, range))
          }
          break
        }
      }
    }
    if (unknowns.length > 0 && !tooLong()) {
      const value = unknownFrom([...unknowns, ...mentioning], 'a string built from values known only after apply', range)
      return shape && !isError(value) ? noteTemplate(value, shape) : value
    }
    if (!this.meter.text(length, range)) return this.meter.limited(range, [...unknowns, ...mentioning])
    const text = scalar(pieces.join(''), range)
    text.refs.push(...allRefs(mentioning))
    return text
  }

  private objectConstructor(expr: Extract<Expr, { kind: 'object' }>, scope: Scope): TfValue {
    if (!this.meter.collection(expr.items.length, expr.range)) return this.meter.limited(expr.range)
    const fields = new Map<string, TfValue>()
    const unknownKeys: TfValue[] = []
    for (const item of expr.items) {
      const key = this.evaluate(item.key, scope)
      const value = this.evaluate(item.value, scope)
      const name = key.kind === 'scalar' ? primitiveText(key.value) : undefined
      if (name === undefined) unknownKeys.push(key.kind === 'unknown' ? key : errorValue('an object key is not a string', key.range), value)
      else fields.set(name, value)
    }
    if (unknownKeys.length > 0) return unknownFrom([...unknownKeys, ...fields.values()], 'an object with keys known only after apply', expr.range)
    return object(fields, expr.range)
  }

  private conditional(expr: Extract<Expr, { kind: 'conditional' }>, scope: Scope): TfValue {
    const condition = this.evaluate(expr.condition, scope)
    const decided = condition.kind === 'scalar' ? toBoolean(condition.value) : undefined
    if (decided !== undefined) return this.evaluate(decided ? expr.then : expr.else, scope)
    if (condition.kind !== 'unknown') return errorValue('the condition is not a boolean', expr.range)
    const whenTrue = this.evaluate(expr.then, scope)
    const whenFalse = this.evaluate(expr.else, scope)
    if (this.compares(whenTrue, whenFalse, expr.range) && equal(whenTrue, whenFalse) === true && !isError(condition)) return whenTrue
    return unknownFrom([condition, whenTrue, whenFalse], 'a condition known only after apply', expr.range)
  }

  private unary(operator: '-' | '!', operand: TfValue, range: Range): TfValue {
    if (operand.kind === 'unknown') return unknownFrom([operand], 'an operand known only after apply', range)
    if (operand.kind !== 'scalar') return errorValue(`${operator} of a ${operand.kind}`, range)
    if (operator === '!') {
      const value = toBoolean(operand.value)
      return value === undefined ? errorValue('! of a value that is not a boolean', range) : scalar(!value, range)
    }
    const value = toNumber(operand.value)
    return value === undefined ? errorValue('- of a value that is not a number', range) : scalar(-value, range)
  }

  private binary(expr: Extract<Expr, { kind: 'binary' }>, scope: Scope): TfValue {
    const { operator, range } = expr
    const left = this.evaluate(expr.left, scope)
    if (operator === '&&' || operator === '||') {
      const decisive = operator === '||'
      const leftValue = left.kind === 'scalar' ? toBoolean(left.value) : undefined
      if (leftValue === decisive) return scalar(decisive, range)
      const right = this.evaluate(expr.right, scope)
      const rightValue = right.kind === 'scalar' ? toBoolean(right.value) : undefined
      if (rightValue === decisive && !isError(left)) return scalar(decisive, range)
      if (leftValue !== undefined && rightValue !== undefined) return scalar(rightValue, range)
      if (left.kind === 'unknown' || right.kind === 'unknown') return unknownFrom([left, right], 'an operand known only after apply', range)
      return errorValue(`${operator} of a value that is not a boolean`, range)
    }
    const right = this.evaluate(expr.right, scope)
    if (operator === '==' || operator === '!=') {
      if (!this.compares(left, right, range)) return this.meter.limited(range, [left, right])
      const same = equal(left, right)
      if (same === undefined) return unknownFrom([left, right], 'an operand known only after apply', range)
      return scalar(operator === '==' ? same : !same, range)
    }
    if (left.kind === 'unknown' || right.kind === 'unknown') return unknownFrom([left, right], 'an operand known only after apply', range)
    const a = left.kind === 'scalar' ? toNumber(left.value) : undefined
    const b = right.kind === 'scalar' ? toNumber(right.value) : undefined
    if (a === undefined || b === undefined) return errorValue(`${operator} of a value that is not a number`, range)
    return arithmetic(operator, a, b, range)
  }

  /** Spends what comparing two values costs: a comparison stops at the smaller one's last part. */
  private compares(a: TfValue, b: TfValue, range: Range): boolean {
    return this.meter.step(range, Math.min(shapeOf(a).nodes, shapeOf(b).nodes))
  }

  private forExpression(expr: Extract<Expr, { kind: 'for' }>, scope: Scope): TfValue {
    const collection = this.evaluate(expr.collection, scope)
    const elements = iterate(collection)
    if (!elements) {
      if (collection.kind !== 'unknown') return errorValue('a for expression over a value that is not a collection', expr.range)
      // The body still names resources; evaluating it once with unknown iterators keeps those references.
      const placeholder = unknownValue(collection.why, expr.range)
      const inner = scope.with({ [expr.valueVar]: placeholder, ...(expr.keyVar ? { [expr.keyVar]: placeholder } : {}) })
      const parts = [collection, this.evaluate(expr.value, inner)]
      if (expr.key) parts.push(this.evaluate(expr.key, inner))
      return unknownFrom(parts, 'a for expression over a collection known only after apply', expr.range)
    }
    if (!this.meter.collection(elements.length, expr.range)) return this.meter.limited(expr.range, [collection])
    const items: TfValue[] = []
    const groups = new Map<string, TfValue[]>()
    for (const [key, element] of elements) {
      const inner = scope.with({ [expr.valueVar]: element, ...(expr.keyVar ? { [expr.keyVar]: key } : {}) })
      if (expr.condition) {
        const condition = this.evaluate(expr.condition, inner)
        const keep = condition.kind === 'scalar' ? toBoolean(condition.value) : undefined
        if (keep === undefined) return unknownFrom([condition, collection], 'a for expression filter known only after apply', expr.range)
        if (!keep) continue
      }
      const value = this.evaluate(expr.value, inner)
      if (!expr.key) {
        items.push(value)
        continue
      }
      const keyValue = this.evaluate(expr.key, inner)
      const name = keyValue.kind === 'scalar' ? primitiveText(keyValue.value) : undefined
      if (name === undefined) return unknownFrom([keyValue, collection, value], 'a for expression with keys known only after apply', expr.range)
      const group = groups.get(name)
      if (group && !expr.grouping) return errorValue(`duplicate key "${name}" in a for expression`, expr.range)
      if (group) group.push(value)
      else groups.set(name, [value])
    }
    if (!expr.key) return list(items, expr.range)
    const fields = new Map<string, TfValue>()
    for (const [name, values] of groups) fields.set(name, expr.grouping ? list(values, expr.range) : values[0]!)
    return object(fields, expr.range)
  }
}

function arithmetic(operator: string, a: number, b: number, range: Range): TfValue {
  switch (operator) {
    case '+':
      return scalar(a + b, range)
    case '-':
      return scalar(a - b, range)
    case '*':
      return scalar(a * b, range)
    case '/':
      return b === 0 ? errorValue('division by zero', range) : scalar(a / b, range)
    case '%':
      return b === 0 ? errorValue('modulo by zero', range) : scalar(a % b, range)
    case '<':
      return scalar(a < b, range)
    case '<=':
      return scalar(a <= b, range)
    case '>':
      return scalar(a > b, range)
    default:
      return scalar(a >= b, range)
  }
}

export function getAttribute(value: TfValue, name: string, range: Range): TfValue {
  if (value.kind === 'unknown') return value
  if (value.kind === 'object') return value.fields.get(name) ?? errorValue(`the object has no attribute "${name}"`, range)
  if (value.kind === 'scalar' && value.value === null) return errorValue(`attribute "${name}" of a null value`, range)
  return errorValue(`a ${value.kind} has no attribute "${name}"`, range)
}

export function index(value: TfValue, key: TfValue, range: Range): TfValue {
  if (value.kind === 'unknown' || key.kind === 'unknown') return unknownFrom([value, key], 'an index known only after apply', range)
  if (key.kind !== 'scalar' || key.value === null) return errorValue('an index that is not a number or string', range)
  if (value.kind === 'list') {
    const position = toNumber(key.value)
    const item = position !== undefined && Number.isInteger(position) ? value.items[position] : undefined
    return item ?? errorValue(`index ${String(key.value)} is out of range`, range)
  }
  if (value.kind === 'object') {
    const name = primitiveText(key.value)!
    return value.fields.get(name) ?? errorValue(`the map has no key "${name}"`, range)
  }
  return errorValue(`a ${value.kind === 'scalar' && value.value === null ? 'null value' : value.kind} cannot be indexed`, range)
}

/** Key and value pairs of a list (index, item) or a map (key, value, in key order); undefined otherwise. */
export function iterate(collection: TfValue): Array<[TfValue, TfValue]> | undefined {
  if (collection.kind === 'list') return collection.items.map((item, position) => [scalar(position, item.range), item])
  if (collection.kind === 'object') return sortedEntries(collection).map(([key, value]) => [scalar(key, value.range), value])
  return undefined
}
