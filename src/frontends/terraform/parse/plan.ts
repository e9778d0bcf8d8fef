/**
 * Terraform plan JSON (`terraform show -json plan.out`) into Terraform resources. Values come from
 * `planned_values`, so a finding points at the resource's entry in the plan file. A plan keeps no
 * expressions there, only results: what stays unknown until apply is read from
 * `resource_changes[].change.after_unknown`, and which resources an attribute mentions is read
 * from the `configuration` section, which lists references per module, not per instance.
 */

import type { TfRef, TfResource, TfValue } from '../ir.js'
import { parseJson } from '../../../parse/json.js'
import { jsonc } from '../../../parse/jsonc.js'
import { mapGet, pointRange } from '../../../parse/types.js'
import type { DocMap, DocMapEntry, DocNode, ParseFailure, Range } from '../../../parse/types.js'

export type ReadPlanResult = { ok: true; resources: TfResource[] } | ParseFailure

type TfObject = Extract<TfValue, { kind: 'object' }>

const KNOWN_AFTER_APPLY = 'known after apply'
/** An attribute the configuration sets but the plan does not record (no `values`, or an old plan without `after_unknown`). */
const NOT_IN_PLAN = 'not recorded in the plan'

/**
 * A plan is a JSON object with `format_version` and `planned_values` or `resource_changes` at its
 * top level. Only the top-level keys are looked at, token by token, so a large plan is not parsed
 * twice, and a plan that is broken further down is still recognised and then reported by
 * `readPlan` instead of being skipped.
 */
export function isTerraformPlan(text: string): boolean {
  if (!text.includes('"format_version"')) return false
  if (!text.includes('"planned_values"') && !text.includes('"resource_changes"')) return false
  const { createScanner, SyntaxKind } = jsonc()
  const scanner = createScanner(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, true)
  if (scanner.scan() !== SyntaxKind.OpenBraceToken) return false
  let depth = 1
  let formatVersion = false
  let planSection = false
  let lastString: string | undefined
  for (let kind = scanner.scan(); kind !== SyntaxKind.EOF; kind = scanner.scan()) {
    switch (kind) {
      case SyntaxKind.OpenBraceToken:
      case SyntaxKind.OpenBracketToken:
        depth++
        break
      case SyntaxKind.CloseBraceToken:
      case SyntaxKind.CloseBracketToken:
        if (--depth === 0) return false
        break
      case SyntaxKind.ColonToken:
        if (depth === 1 && lastString !== undefined) {
          if (lastString === 'format_version') formatVersion = true
          else if (lastString === 'planned_values' || lastString === 'resource_changes') planSection = true
          if (formatVersion && planSection) return true
        }
        break
    }
    lastString = kind === SyntaxKind.StringLiteral ? scanner.getTokenValue() : undefined
  }
  return false
}

export function readPlan(text: string, file: string): ReadPlanResult {
  const parsed = parseJson(text)
  if (!parsed.ok) return { ok: false, message: parsed.message, range: parsed.range }
  const root = parsed.root
  if (root.kind !== 'map') {
    return { ok: false, message: 'not a Terraform plan: the document is not a JSON object', range: startOf(root) }
  }
  const planned = mapGet(root, 'planned_values')
  const changes = mapGet(root, 'resource_changes')
  if (planned === undefined && changes === undefined) {
    return { ok: false, message: 'not a Terraform plan: it has neither "planned_values" nor "resource_changes"', range: startOf(root) }
  }

  const changeByAddress = new Map<string, DocMap>()
  for (const entry of items(changes)) {
    // A deposed object is the old half of a replacement; the new one has the same address.
    if (mapGet(entry, 'deposed') !== undefined) continue
    const address = stringAt(entry, 'address')
    const change = mapGet(entry, 'change')
    if (address !== undefined && change?.kind === 'map') changeByAddress.set(address, change)
  }

  const instances: Instance[] = []
  collectPlanned(mapGet(planned, 'root_module'), '', instances, file, changeByAddress)
  const seen = new Set(instances.map((instance) => instance.resource.address))
  for (const entry of items(changes)) {
    const address = stringAt(entry, 'address')
    if (address === undefined || seen.has(address) || mapGet(entry, 'deposed') !== undefined) continue
    // Without `after` (a delete) the resource will not exist once the plan is applied.
    const after = mapGet(mapGet(entry, 'change'), 'after')
    if (after?.kind !== 'map') continue
    const instance = instanceFrom(entry, after, stringAt(entry, 'module_address') ?? '', file)
    if (instance === undefined) continue
    seen.add(address)
    instances.push(instance)
  }

  const configuration = new Configuration(mapGet(mapGet(root, 'configuration'), 'root_module'))

  for (const { resource, modulePath } of instances) {
    const expressions = configuration.expressions.get(withoutInstanceKeys(resource.address))
    const afterUnknown = mapGet(changeByAddress.get(resource.address), 'after_unknown')
    if (afterUnknown?.kind === 'map') markUnknown(resource.body, afterUnknown, expressions)
    if (expressions !== undefined) attachBlockRefs(resource.body, expressions, modulePath, configuration)
  }
  return { ok: true, resources: instances.map((instance) => instance.resource) }
}

interface Instance {
  resource: TfResource
  /** The module instance holding the resource (`module.edge["a"]`), which its configuration's references are relative to. */
  modulePath: string
}

function collectPlanned(
  module: DocNode | undefined,
  modulePath: string,
  out: Instance[],
  file: string,
  changeByAddress: ReadonlyMap<string, DocMap>,
): void {
  for (const entry of items(mapGet(module, 'resources'))) {
    let values = mapGet(entry, 'values')
    // Data sources read during apply have no `values` in `planned_values`, but may have a partial `after`.
    if (values === undefined) {
      const address = stringAt(entry, 'address')
      const after = address === undefined ? undefined : mapGet(changeByAddress.get(address), 'after')
      if (after?.kind === 'map') values = after
    }
    const instance = instanceFrom(entry, values, modulePath, file)
    if (instance !== undefined) out.push(instance)
  }
  for (const child of items(mapGet(module, 'child_modules'))) {
    collectPlanned(child, stringAt(child, 'address') ?? modulePath, out, file, changeByAddress)
  }
}

function instanceFrom(entry: DocNode, values: DocNode | undefined, modulePath: string, file: string): Instance | undefined {
  if (entry.kind !== 'map') return undefined
  const addressEntry = entry.entries.find((item) => item.key === 'address')
  const address = addressEntry?.value.kind === 'scalar' ? addressEntry.value.value : undefined
  const type = stringAt(entry, 'type')
  if (addressEntry === undefined || typeof address !== 'string' || type === undefined) return undefined
  const body: TfObject =
    values?.kind === 'map' ? toObject(values) : { kind: 'object', fields: new Map(), range: entry.range, refs: [] }
  return {
    resource: {
      address,
      type,
      mode: stringAt(entry, 'mode') === 'data' ? 'data' : 'managed',
      // The `"address": "..."` line is what a reader searches the plan for.
      location: { file, range: spanOf(addressEntry) },
      body,
    },
    modulePath,
  }
}

function toValue(node: DocNode): TfValue {
  switch (node.kind) {
    case 'scalar':
      return { kind: 'scalar', value: node.value, range: node.range, refs: [] }
    case 'seq':
      return { kind: 'list', items: node.items.map(toValue), range: node.range, refs: [] }
    case 'map':
      return toObject(node)
  }
}

function toObject(node: DocMap): TfObject {
  const fields = new Map<string, TfValue>()
  for (const entry of node.entries) fields.set(entry.key, toValue(entry.value))
  return { kind: 'object', fields, range: node.range, refs: [] }
}

/**
 * Overlays `after_unknown`, which mirrors the shape of the planned value with `true` where the
 * value is unknown. Terraform leaves unknown attributes out of `planned_values`, so a missing
 * value takes the range of its mark in `resource_changes`. Returns what should stand at this
 * place, or undefined when there was nothing and nothing below is unknown.
 */
function markUnknown(value: TfValue | undefined, mark: DocNode, expressions: DocNode | undefined, nested = false): TfValue | undefined {
  if (value === undefined) return containsTrue(mark) ? unknown(KNOWN_AFTER_APPLY, mark.range) : undefined
  if (mark.kind === 'scalar') return mark.value === true ? unknown(KNOWN_AFTER_APPLY, value.range) : value
  if (mark.kind === 'map' && value.kind === 'object') {
    for (const entry of mark.entries) {
      // Inside a nested block, an argument the provider computes and the configuration does not
      // set (a listener action's `order`, say) was not chosen by anyone: it counts as not set.
      const expression = expressions?.kind === 'map' ? keyed(expressions).get(entry.key) : undefined
      if (nested && expressions?.kind === 'map' && expression === undefined && !value.fields.has(entry.key)) continue
      const next = markUnknown(value.fields.get(entry.key), entry.value, expression, nested)
      if (next !== undefined) value.fields.set(entry.key, next)
    }
  } else if (mark.kind === 'seq' && value.kind === 'list') {
    const n = Math.min(mark.items.length, value.items.length)
    for (let i = 0; i < n; i++) {
      const expression = expressions?.kind === 'seq' ? expressions.items[i] : undefined
      value.items[i] = markUnknown(value.items[i], mark.items[i]!, expression, true) ?? value.items[i]!
    }
  }
  return value
}

const byKey = new WeakMap<DocMap, Map<string, DocNode>>()

/**
 * The entries of a map by key (the first of a duplicate, as `mapGet` finds it), made once per
 * map: every instance of a resource is read against the same expressions.
 */
function keyed(node: DocMap): Map<string, DocNode> {
  let map = byKey.get(node)
  if (!map) {
    map = new Map()
    for (const entry of node.entries) if (!map.has(entry.key)) map.set(entry.key, entry.value)
    byKey.set(node, map)
  }
  return map
}

function containsTrue(mark: DocNode): boolean {
  switch (mark.kind) {
    case 'scalar':
      return mark.value === true
    case 'seq':
      return mark.items.some(containsTrue)
    case 'map':
      return mark.entries.some((entry) => containsTrue(entry.value))
  }
}

function unknown(why: string, range: Range): TfValue {
  return { kind: 'unknown', why, range, refs: [] }
}

/**
 * The `configuration` section: expressions per resource and module calls (their arguments and
 * the module's outputs), keyed by address without instance keys, as Terraform writes them there.
 */
class Configuration {
  readonly expressions = new Map<string, DocNode>()
  private readonly calls = new Map<string, DocNode>()
  private readonly resolved = new Map<string, readonly TfRef[]>()
  private readonly resolving = new Set<string>()

  constructor(root: DocNode | undefined) {
    this.collect(root, '')
  }

  private collect(module: DocNode | undefined, prefix: string): void {
    for (const entry of items(mapGet(module, 'resources'))) {
      const address = stringAt(entry, 'address')
      const expressions = mapGet(entry, 'expressions')
      if (address !== undefined && expressions !== undefined) this.expressions.set(prefix + address, expressions)
    }
    const calls = mapGet(module, 'module_calls')
    if (calls?.kind !== 'map') return
    for (const call of calls.entries) {
      const path = `${prefix}module.${call.key}`
      this.calls.set(path, call.value)
      this.collect(mapGet(call.value, 'module'), `${path}.`)
    }
  }

  /**
   * The resources that references written in the module instance `modulePath` lead to. A module
   * argument (`var.x`) is followed to the caller's expression for it, a module output
   * (`module.x.y`) to the output's expression, so an edge that crosses a module boundary still
   * ends at a resource; root variables, locals and iterators name no resource. Terraform lists a
   * reference with each shorter form of it (`aws_lb.this[0].arn`, `aws_lb.this[0]`,
   * `aws_lb.this`); only the most specific is kept.
   */
  refs(references: readonly string[], modulePath: string): TfRef[] {
    const refs: TfRef[] = []
    for (const reference of references) for (const ref of this.resolve(reference, modulePath)) add(refs, ref)
    return refs.filter((ref) => ref.attribute !== undefined || !refs.some((other) => other !== ref && covers(other, ref)))
  }

  private resolve(reference: string, modulePath: string): readonly TfRef[] {
    const key = `${modulePath} ${reference}`
    const known = this.resolved.get(key)
    if (known !== undefined) return known
    // Terraform rejects cycles through module arguments and outputs, and real chains are short;
    // a hand-written plan may have either.
    if (this.resolving.has(key) || this.resolving.size >= MAX_MODULE_HOPS) return []
    this.resolving.add(key)
    const refs = this.follow(reference, modulePath)
    this.resolving.delete(key)
    this.resolved.set(key, refs)
    return refs
  }

  private follow(reference: string, modulePath: string): TfRef[] {
    const steps = traversal(reference)
    if (steps === undefined || steps.length < 2) return []
    const root = steps[0].name
    if (root === 'var') {
      if (modulePath === '') return []
      const argument = mapGet(mapGet(this.calls.get(withoutInstanceKeys(modulePath)), 'expressions'), steps[1].name)
      return this.refs(referencesIn(argument), callerOf(modulePath))
    }
    if (NOT_RESOURCES.has(root)) return []
    const prefix = modulePath === '' ? '' : `${modulePath}.`
    if (root === 'module') {
      const instance = prefix + joinSteps(steps, 2)
      const output = steps[2]?.name
      if (output === undefined) return [{ address: instance }]
      const call = this.calls.get(withoutInstanceKeys(instance))
      const expression = mapGet(mapGet(mapGet(mapGet(call, 'module'), 'outputs'), output), 'expression')
      const inside = this.refs(referencesIn(expression), instance)
      return inside.length > 0 ? inside : [{ address: instance, attribute: output }]
    }
    const length = root === 'data' ? 3 : 2
    if (steps.length < length) return []
    const attribute = steps[length]?.name
    const target = prefix + joinSteps(steps, length)
    return [attribute === undefined ? { address: target } : { address: target, attribute }]
  }
}

/** How many module arguments and outputs one reference is followed through. */
const MAX_MODULE_HOPS = 64

/** Roots of references that name no resource: variables, locals, iterators and the like. */
const NOT_RESOURCES = new Set(['local', 'each', 'count', 'path', 'terraform', 'self'])

function add(refs: TfRef[], ref: TfRef): void {
  if (!refs.some((known) => known.address === ref.address && known.attribute === ref.attribute)) refs.push(ref)
}

/** Whether `other` says more about what `ref` (which has no attribute) points at. */
function covers(other: TfRef, ref: TfRef): boolean {
  if (other.address === ref.address) return other.attribute !== undefined
  return other.address.startsWith(`${ref.address}[`) || other.address.startsWith(`${ref.address}.`)
}

/**
 * `expressions` maps an attribute to an expression (`{ constant_value, references }`) and a
 * nested block to an object of expressions, or to an array of them for a repeated block; the
 * planned value of a block is a list of objects, matched item by item.
 */
function attachBlockRefs(target: TfObject, expressions: DocNode, modulePath: string, configuration: Configuration): void {
  if (expressions.kind !== 'map') return
  for (const { key, value: expression } of expressions.entries) {
    if (isExpression(expression)) {
      attachRefs(target, key, target.fields.get(key), configuration.refs(referencesIn(expression), modulePath), expression)
      continue
    }
    const blocks = expression.kind === 'seq' ? expression.items : [expression]
    blocks.forEach((block, i) => {
      const current = target.fields.get(key)
      const item = current?.kind === 'list' ? current.items[i] : current
      if (item?.kind === 'object') attachBlockRefs(item, block, modulePath, configuration)
      else attachRefs(target, key, item ?? current, configuration.refs(referencesIn(block), modulePath), block)
    })
  }
}

/**
 * Adds references to `holder`: the value of an attribute, a block's item, or an unknown block
 * that gets the references of everything inside it. Without a value in the plan, a new unknown
 * value at `key` carries them.
 */
function attachRefs(target: TfObject, key: string, holder: TfValue | undefined, refs: readonly TfRef[], expression: DocNode): void {
  if (refs.length === 0) return
  let value = holder
  if (value === undefined) {
    value = unknown(NOT_IN_PLAN, expression.range)
    target.fields.set(key, value)
  }
  for (const ref of refs) add(value.refs, ref)
}

function isExpression(node: DocNode): boolean {
  return node.kind === 'map' && (mapGet(node, 'constant_value') !== undefined || mapGet(node, 'references')?.kind === 'seq')
}

function referencesIn(node: DocNode | undefined, out: string[] = []): string[] {
  if (node === undefined) return out
  if (isExpression(node)) {
    for (const item of items(mapGet(node, 'references'))) if (item.kind === 'scalar' && typeof item.value === 'string') out.push(item.value)
  } else if (node.kind === 'map') {
    for (const entry of node.entries) referencesIn(entry.value, out)
  } else if (node.kind === 'seq') {
    for (const item of node.items) referencesIn(item, out)
  }
  return out
}

function joinSteps(steps: readonly Step[], length: number): string {
  return steps
    .slice(0, length)
    .map((step) => step.name + step.keys)
    .join('.')
}

/** `module.a["x"].module.b` is called from `module.a["x"]`; `module.a` from the root (''). */
function callerOf(modulePath: string): string {
  const steps = traversal(modulePath) ?? []
  return joinSteps(steps, Math.max(0, steps.length - 2))
}

function withoutInstanceKeys(address: string): string {
  return traversal(address)?.map((step) => step.name).join('.') ?? address
}

interface Step {
  name: string
  /** The index brackets that follow the name, as written: `[0]`, `["a"]`. */
  keys: string
}

/** Splits `module.edge["a.b"].aws_lb.this[0]` at dots outside brackets; undefined for text of another shape. */
function traversal(text: string): Step[] | undefined {
  const steps: Step[] = []
  let i = 0
  const n = text.length
  while (i < n) {
    let j = i
    while (j < n && text[j] !== '.' && text[j] !== '[') j++
    const name = text.slice(i, j)
    const keysStart = j
    while (j < n && text[j] === '[') {
      j++
      if (text[j] === '"') {
        for (j++; j < n && text[j] !== '"'; j++) if (text[j] === '\\') j++
        j++
      }
      while (j < n && text[j] !== ']') j++
      if (j >= n) return undefined
      j++
    }
    if (name === '') return undefined
    steps.push({ name, keys: text.slice(keysStart, j) })
    if (j < n && text[j] !== '.') return undefined
    i = j + 1
  }
  return steps
}

function items(node: DocNode | undefined): DocNode[] {
  return node?.kind === 'seq' ? node.items : []
}

function stringAt(node: DocNode | undefined, key: string): string | undefined {
  const value = mapGet(node, key)
  return value?.kind === 'scalar' && typeof value.value === 'string' ? value.value : undefined
}

function spanOf(entry: DocMapEntry): Range {
  const { keyRange, value } = entry
  return { line: keyRange.line, column: keyRange.column, endLine: value.range.endLine, endColumn: value.range.endColumn }
}

function startOf(node: DocNode): Range {
  return pointRange(node.range.line, node.range.column)
}
