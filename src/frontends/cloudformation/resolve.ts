/**
 * Three-valued evaluation of CloudFormation intrinsic functions over the document tree.
 * A value is known (a scalar, list or map), a reference to a resource in the template, absent
 * (`AWS::NoValue`), or unknown with the reason and the resources it mentions. References found
 * anywhere, even inside unknown strings such as an `Fn::Sub` ARN, are kept: they are the edges of
 * the resource graph.
 *
 * Evaluation spends from the template's `Budget`: one step per node resolved, a depth limit on
 * values that wait on each other, and size limits on computed strings and lists. A parameter,
 * mapping entry or condition that depends on itself is a cycle. Past a limit the value is unknown
 * and the budget records the hit, which becomes the template's `evaluation-limit` finding.
 */
import { mapGet, type DocMap, type DocNode } from '../../parse/types.js'
import { Budget } from '../../model/budget.js'

interface ResourceRef {
  resource: string
  attribute?: string
}

export type Value =
  | { kind: 'scalar'; value: string | number | boolean | null; node: DocNode }
  | { kind: 'list'; items: Value[]; node: DocNode }
  | { kind: 'map'; node: DocMap }
  | { kind: 'ref'; ref: ResourceRef; node: DocNode }
  | { kind: 'absent'; node: DocNode }
  | { kind: 'unknown'; why: string; refs: ResourceRef[]; node: DocNode }

const PSEUDO_PARAMETERS = new Set([
  'AWS::AccountId',
  'AWS::NotificationARNs',
  'AWS::Partition',
  'AWS::Region',
  'AWS::StackId',
  'AWS::StackName',
  'AWS::URLSuffix',
])

const LIST_PARAMETER = /^(List<.*>|CommaDelimitedList|AWS::SSM::Parameter::Value<List<.*>>)$/

export class Resolver {
  private readonly conditionCache = new Map<string, boolean | undefined>()
  private readonly parameterCache = new Map<string, Value>()
  /** Parameters, mapping entries and conditions being evaluated, in order: a repeat is a cycle. */
  private readonly inProgress: string[] = []
  private depth = 0
  /** Values in a list and in the lists inside it: parameters reused at every level must not grow past the collection limit. */
  private readonly weights = new WeakMap<Value, number>()

  constructor(
    private readonly parameters: DocNode | undefined,
    private readonly conditions: DocNode | undefined,
    private readonly mappings: DocNode | undefined,
    private readonly resourceIds: ReadonlySet<string>,
    readonly file = '',
    readonly budget = new Budget(),
    /** Parameter values given to the scan (`--parameter`, parameter files); they replace `Default`. */
    private readonly given: Readonly<Record<string, string>> = {},
  ) {}

  static forTemplate(
    root: DocNode,
    resourceIds: ReadonlySet<string>,
    file = '',
    budget = new Budget(),
    given: Readonly<Record<string, string>> = {},
  ): Resolver {
    return new Resolver(mapGet(root, 'Parameters'), mapGet(root, 'Conditions'), mapGet(root, 'Mappings'), resourceIds, file, budget, given)
  }

  /**
   * This resolver for values written in another file that the template includes (`AWS::Include`
   * of a local file): the same parameters, conditions, mappings and budget, with budget hits
   * placed in that file.
   */
  inFile(file: string): Resolver {
    return new Resolver(this.parameters, this.conditions, this.mappings, this.resourceIds, file, this.budget, this.given)
  }

  resolve(node: DocNode): Value {
    if (node.kind === 'scalar') return { kind: 'scalar', value: node.value, node }
    if (!this.budget.step(this.file, node.range)) return this.overBudget(node)
    if (!this.budget.fitsDepth(this.depth + 1, this.file, node.range)) return this.overBudget(node)
    this.depth++
    try {
      return this.resolveInner(node)
    } finally {
      this.depth--
    }
  }

  private resolveInner(node: DocNode): Value {
    if (node.kind === 'seq') {
      const items: Value[] = []
      let weight = 0
      for (const item of node.items) {
        const value = this.resolve(item)
        if (value.kind === 'absent') continue
        weight += this.weightOf(value)
        if (!this.budget.fitsCollection(weight, this.file, node.range)) return this.overBudget(node)
        items.push(value)
      }
      const list: Value = { kind: 'list', items, node }
      this.weights.set(list, weight)
      return list
    }
    if (node.kind === 'map' && node.entries.length === 1) {
      const { key, value } = node.entries[0]!
      if (key === 'Ref' || key.startsWith('Fn::')) return this.intrinsic(key, value, node)
    }
    return { kind: 'map', node: node as DocMap }
  }

  private weightOf(value: Value): number {
    return value.kind === 'list' ? (this.weights.get(value) ?? value.items.length) : 1
  }

  /** The value past a budget: unknown, with no references (the template's finding says why). */
  private overBudget(node: DocNode): Value {
    return { kind: 'unknown', why: 'evaluation stopped at a work budget', refs: [], node }
  }

  /**
   * Runs `compute` for the parameter, mapping entry or condition `key` unless it is already being
   * evaluated: then the values form a cycle, which is recorded and gives `onCycle`.
   */
  private guarded<T>(key: string, node: DocNode, onCycle: T, compute: () => T): T {
    const start = this.inProgress.indexOf(key)
    if (start >= 0) {
      const chain = [...this.inProgress.slice(start), key]
      this.budget.hit('cycle', `${chain[0]} refers to itself${chain.length > 2 ? ` through ${chain.slice(1, -1).join(', ')}` : ''}`, this.file, node.range)
      return onCycle
    }
    this.inProgress.push(key)
    try {
      return compute()
    } finally {
      this.inProgress.pop()
    }
  }

  /** Every resource a node mentions, at any depth and inside any intrinsic. */
  references(node: DocNode | undefined): ResourceRef[] {
    if (!node) return []
    const found: ResourceRef[] = []
    this.collect(this.resolve(node), found)
    return distinct(found)
  }

  private collect(value: Value, into: ResourceRef[]): void {
    if (!this.budget.step(this.file, value.node.range)) return
    switch (value.kind) {
      case 'ref':
        into.push(value.ref)
        return
      case 'unknown':
        into.push(...value.refs)
        return
      case 'list':
        for (const item of value.items) this.collect(item, into)
        return
      case 'map':
        for (const entry of value.node.entries) this.collect(this.resolve(entry.value), into)
        return
      default:
        return
    }
  }

  /** The value of a condition, or undefined when it depends on something unknown. */
  condition(name: string): boolean | undefined {
    if (this.conditionCache.has(name)) return this.conditionCache.get(name)
    const definition = mapGet(this.conditions, name)
    if (!definition) return undefined
    const result = this.guarded(`condition ${name}`, definition, undefined, () => this.evaluateCondition(definition))
    this.conditionCache.set(name, result)
    return result
  }

  private evaluateCondition(node: DocNode): boolean | undefined {
    if (node.kind === 'scalar') return typeof node.value === 'boolean' ? node.value : undefined
    if (!this.budget.step(this.file, node.range) || !this.budget.fitsDepth(this.depth + 1, this.file, node.range)) return undefined
    this.depth++
    try {
      return this.conditionInner(node)
    } finally {
      this.depth--
    }
  }

  private conditionInner(node: DocNode): boolean | undefined {
    if (node.kind !== 'map' || node.entries.length !== 1) return undefined
    const { key, value } = node.entries[0]!
    const args = value.kind === 'seq' ? value.items : [value]
    switch (key) {
      case 'Condition':
        return value.kind === 'scalar' ? this.condition(String(value.value)) : undefined
      case 'Fn::Not': {
        const inner = args[0] ? this.evaluateCondition(args[0]) : undefined
        return inner === undefined ? undefined : !inner
      }
      case 'Fn::And':
      case 'Fn::Or': {
        const results = args.map((arg) => this.evaluateCondition(arg))
        const decisive = key === 'Fn::And' ? false : true
        if (results.includes(decisive)) return decisive
        return results.includes(undefined) ? undefined : !decisive
      }
      case 'Fn::Equals': {
        if (args.length !== 2) return undefined
        const [left, right] = args.map((arg) => this.resolve(arg))
        if (left?.kind !== 'scalar' || right?.kind !== 'scalar') return undefined
        return String(left.value) === String(right.value)
      }
      default:
        return undefined
    }
  }

  private intrinsic(name: string, arg: DocNode, node: DocNode): Value {
    switch (name) {
      case 'Ref':
        return arg.kind === 'scalar' ? this.ref(String(arg.value), node) : this.unknownOf(node, 'Ref of a non-name')
      case 'Fn::GetAtt':
        return this.getAtt(arg, node)
      case 'Fn::Sub':
        return this.sub(arg, node)
      case 'Fn::Join':
        return this.join(arg, node)
      case 'Fn::Select':
        return this.select(arg, node)
      case 'Fn::Split':
        return this.split(arg, node)
      case 'Fn::If':
        return this.ifValue(arg, node)
      case 'Fn::FindInMap':
        return this.findInMap(arg, node)
      case 'Fn::ImportValue':
        return this.unknownOf(node, 'imported from another stack (Fn::ImportValue)', arg)
      default:
        return this.unknownOf(node, `computed by ${name} at deploy time`, arg)
    }
  }

  private unknownOf(node: DocNode, why: string, inner?: DocNode): Value {
    return { kind: 'unknown', why, refs: inner ? this.references(inner) : [], node }
  }

  private ref(name: string, node: DocNode): Value {
    if (name === 'AWS::NoValue') return { kind: 'absent', node }
    if (PSEUDO_PARAMETERS.has(name)) return { kind: 'unknown', why: `pseudo parameter ${name}`, refs: [], node }
    const parameter = mapGet(this.parameters, name)
    if (parameter) return this.parameterValue(name, parameter, node)
    const resource = this.resourceName(name)
    if (resource) return { kind: 'ref', ref: { resource }, node }
    return { kind: 'unknown', why: `Ref to ${name}, which is not defined in this template`, refs: [], node }
  }

  /** SAM lets `!Ref MyFunction.Alias` name generated resources; they belong to the named resource. */
  private resourceName(name: string): string | undefined {
    if (this.resourceIds.has(name)) return name
    const dot = name.indexOf('.')
    if (dot > 0 && this.resourceIds.has(name.slice(0, dot))) return name.slice(0, dot)
    return undefined
  }

  /** A parameter's value is computed once: a chain of parameters that double a list costs one step each. */
  private parameterValue(name: string, parameter: DocNode, node: DocNode): Value {
    const cached = this.parameterCache.get(name)
    if (cached) return cached
    const value = this.guarded(`parameter ${name}`, parameter, undefined, () => this.parameterDefault(name, parameter, node))
    if (value === undefined) return { kind: 'unknown', why: `parameter ${name} refers to itself`, refs: [], node }
    this.parameterCache.set(name, value)
    return value
  }

  private parameterDefault(name: string, parameter: DocNode, node: DocNode): Value {
    const given = Object.hasOwn(this.given, name) ? this.given[name] : undefined
    const fallback = mapGet(parameter, 'Default')
    const type = mapGet(parameter, 'Type')
    // The value of such a parameter is what Systems Manager holds under the given name, which a scan cannot read.
    if (type?.kind === 'scalar' && String(type.value).startsWith('AWS::SSM::Parameter::Value<')) {
      return { kind: 'unknown', why: `parameter ${name} is read from Systems Manager`, refs: [], node }
    }
    const isList = type?.kind === 'scalar' && LIST_PARAMETER.test(String(type.value))
    if (given !== undefined) {
      if (!isList) return { kind: 'scalar', value: given, node: fallback ?? parameter }
      const parts = given.split(',')
      if (!this.budget.fitsCollection(parts.length, this.file, parameter.range)) return this.overBudget(parameter)
      return { kind: 'list', items: parts.map((part) => ({ kind: 'scalar', value: part.trim(), node: fallback ?? parameter })), node: fallback ?? parameter }
    }
    if (!fallback) return { kind: 'unknown', why: `parameter ${name} has no default`, refs: [], node }
    if (isList && fallback.kind === 'scalar') {
      const parts = String(fallback.value ?? '').split(',')
      if (!this.budget.fitsCollection(parts.length, this.file, fallback.range)) return this.overBudget(fallback)
      const items: Value[] = parts.map((part) => ({ kind: 'scalar', value: part.trim(), node: fallback }))
      return { kind: 'list', items, node: fallback }
    }
    return this.resolve(fallback)
  }

  private getAtt(arg: DocNode, node: DocNode): Value {
    let resource: string | undefined
    let attribute: string | undefined
    if (arg.kind === 'scalar') {
      const text = String(arg.value)
      const dot = text.indexOf('.')
      resource = dot < 0 ? text : text.slice(0, dot)
      attribute = dot < 0 ? undefined : text.slice(dot + 1)
    } else if (arg.kind === 'seq' && arg.items[0]?.kind === 'scalar') {
      resource = String(arg.items[0].value)
      const attr = arg.items[1] ? this.resolve(arg.items[1]) : undefined
      attribute = attr?.kind === 'scalar' ? String(attr.value) : undefined
    }
    const name = resource === undefined ? undefined : this.resourceName(resource)
    if (!name) return this.unknownOf(node, `Fn::GetAtt of ${resource ?? 'an unknown resource'}`)
    return { kind: 'ref', ref: attribute === undefined ? { resource: name } : { resource: name, attribute }, node }
  }

  private sub(arg: DocNode, node: DocNode): Value {
    let template: DocNode | undefined = arg
    let variables: DocNode | undefined
    if (arg.kind === 'seq') {
      template = arg.items[0]
      variables = arg.items[1]
    }
    if (template?.kind !== 'scalar' || typeof template.value !== 'string') {
      return this.unknownOf(node, 'Fn::Sub of a non-string', arg)
    }
    const parts: string[] = []
    const refs: ResourceRef[] = []
    const unknownWhy: string[] = []
    const text = template.value
    let length = text.length
    const seen = new Map<string, Value>()
    const placeholder = /\$\{([^}]*)\}/g
    let last = 0
    for (let match = placeholder.exec(text); match; match = placeholder.exec(text)) {
      parts.push(text.slice(last, match.index))
      last = match.index + match[0].length
      const name = match[1]!.trim()
      if (name.startsWith('!')) {
        parts.push('${' + name.slice(1) + '}')
        continue
      }
      const value = this.subVariable(name, variables, node, seen)
      if (value.kind === 'scalar') {
        const piece = String(value.value)
        length += piece.length
        if (!this.budget.fitsString(length, this.file, node.range)) return this.overBudget(node)
        parts.push(piece)
      } else {
        this.collect(value, refs)
        unknownWhy.push(value.kind === 'unknown' ? value.why : `\${${name}}`)
      }
    }
    parts.push(text.slice(last))
    if (unknownWhy.length === 0) return { kind: 'scalar', value: parts.join(''), node }
    return { kind: 'unknown', why: `Fn::Sub depends on ${reasons(unknownWhy)}`, refs: distinct(refs), node }
  }

  private subVariable(name: string, variables: DocNode | undefined, node: DocNode, seen: Map<string, Value>): Value {
    const own = mapGet(variables, name)
    if (own) {
      const cached = seen.get(name)
      if (cached) return cached
      const value = this.resolve(own)
      seen.set(name, value)
      return value
    }
    const dot = name.indexOf('.')
    if (dot > 0 && !name.startsWith('AWS::')) {
      const resource = this.resourceName(name.slice(0, dot))
      if (resource) return { kind: 'ref', ref: { resource, attribute: name.slice(dot + 1) }, node }
    }
    return this.ref(name, node)
  }

  private join(arg: DocNode, node: DocNode): Value {
    if (arg.kind !== 'seq' || arg.items.length !== 2) return this.unknownOf(node, 'malformed Fn::Join', arg)
    const delimiter = this.resolve(arg.items[0]!)
    const list = this.resolve(arg.items[1]!)
    if (delimiter.kind !== 'scalar' || list.kind !== 'list') {
      return this.unknownOf(node, 'Fn::Join of values known only at deploy time', arg)
    }
    const strings: string[] = []
    const separator = String(delimiter.value ?? '')
    let length = separator.length * Math.max(0, list.items.length - 1)
    for (const item of list.items) {
      if (item.kind !== 'scalar') return this.unknownOf(node, 'Fn::Join of values known only at deploy time', arg)
      const text = String(item.value)
      length += text.length
      strings.push(text)
    }
    if (!this.budget.fitsString(length, this.file, node.range)) return this.overBudget(node)
    return { kind: 'scalar', value: strings.join(separator), node }
  }

  private select(arg: DocNode, node: DocNode): Value {
    if (arg.kind !== 'seq' || arg.items.length !== 2) return this.unknownOf(node, 'malformed Fn::Select', arg)
    const index = this.resolve(arg.items[0]!)
    const list = this.resolve(arg.items[1]!)
    const position = index.kind === 'scalar' ? Number(index.value) : Number.NaN
    if (list.kind === 'list' && Number.isInteger(position) && list.items[position]) return list.items[position]
    return this.unknownOf(node, 'Fn::Select from a list known only at deploy time', arg)
  }

  private split(arg: DocNode, node: DocNode): Value {
    if (arg.kind !== 'seq' || arg.items.length !== 2) return this.unknownOf(node, 'malformed Fn::Split', arg)
    const delimiter = this.resolve(arg.items[0]!)
    const source = this.resolve(arg.items[1]!)
    if (delimiter.kind !== 'scalar' || source.kind !== 'scalar') {
      return this.unknownOf(node, 'Fn::Split of a value known only at deploy time', arg)
    }
    const separator = String(delimiter.value)
    const text = String(source.value)
    const count = separator === '' ? text.length : text.split(separator, this.budget.limits.maxCollectionSize + 1).length
    if (!this.budget.fitsCollection(count, this.file, node.range)) return this.overBudget(node)
    const items: Value[] = text.split(separator).map((part) => ({ kind: 'scalar', value: part, node }))
    return { kind: 'list', items, node }
  }

  private ifValue(arg: DocNode, node: DocNode): Value {
    if (arg.kind !== 'seq' || arg.items.length !== 3 || arg.items[0]!.kind !== 'scalar') {
      return this.unknownOf(node, 'malformed Fn::If', arg)
    }
    const name = String(arg.items[0]!.value)
    const decided = this.condition(name)
    if (decided !== undefined) return this.resolve(decided ? arg.items[1]! : arg.items[2]!)
    const whenTrue = this.resolve(arg.items[1]!)
    const whenFalse = this.resolve(arg.items[2]!)
    if (whenTrue.kind === 'scalar' && whenFalse.kind === 'scalar' && whenTrue.value === whenFalse.value) return whenTrue
    const refs: ResourceRef[] = []
    this.collect(whenTrue, refs)
    this.collect(whenFalse, refs)
    return { kind: 'unknown', why: `depends on condition ${name}`, refs: distinct(refs), node }
  }

  private findInMap(arg: DocNode, node: DocNode): Value {
    if (arg.kind !== 'seq' || arg.items.length < 3) return this.unknownOf(node, 'malformed Fn::FindInMap', arg)
    const keys = arg.items.slice(0, 3).map((item) => this.resolve(item))
    if (keys.every((key) => key.kind === 'scalar')) {
      const [mapName, top, second] = keys.map((key) => String((key as { value: unknown }).value))
      const found = mapGet(mapGet(mapGet(this.mappings, mapName!), top!), second!)
      if (found) {
        const unknown = this.overBudget(node)
        return this.guarded(`mapping ${mapName}.${top}.${second}`, found, unknown, () => this.resolve(found))
      }
    }
    const fallback = arg.items[3] ? mapGet(arg.items[3], 'DefaultValue') : undefined
    if (fallback && keys.every((key) => key.kind === 'scalar')) return this.resolve(fallback)
    return this.unknownOf(node, 'Fn::FindInMap with keys known only at deploy time', arg)
  }
}

/**
 * The different reasons a value is unknown, in order, cut short: a value built from itself at
 * each level (nested `Fn::Sub`) would otherwise carry a reason that doubles with every level.
 */
function reasons(whys: readonly string[]): string {
  const unique = [...new Set(whys)]
  const shown = unique.slice(0, 3).map((why) => (why.length > 200 ? `${why.slice(0, 200)}…` : why))
  return unique.length > 3 ? `${shown.join(', ')} and ${unique.length - 3} more` : shown.join(', ')
}

/** Each resource reference once: references collected from both sides of every level would double. */
function distinct(refs: readonly ResourceRef[]): ResourceRef[] {
  const seen = new Set<string>()
  return refs.filter((ref) => {
    const key = `${ref.resource}\0${ref.attribute ?? ''}`
    if (seen.has(key)) return false
    seen.add(key)
    return true
  })
}
