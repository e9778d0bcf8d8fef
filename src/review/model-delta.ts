/**
 * What changed between two sets of models, in the model's own vocabulary: the resources (by
 * address) whose elements were added, removed or changed, and the request paths that appeared,
 * went away or changed what guards them. Positions do not count: a resource moved within its
 * file, or a file reordered, is unchanged.
 */
import { describeEntry, pathFlow } from '../model/describe.js'
import type { Model } from '../model/model.js'
import { internetReach, isAuthenticated, type RequestPath } from '../model/paths.js'
import type { FlowStep } from '../core/types.js'

export type ChangeKind = 'added' | 'removed' | 'modified'

export interface ModelResourceChange {
  change: ChangeKind
  /** The model's origin (template file or module folder) as the caller names it, then the resource address. */
  origin: string
  address: string
  /** The kinds of model elements the resource gives (`load-balancer`, `listener`, ...). */
  kinds: string[]
  /** For a modified resource: which of its model facts changed. */
  facts: string[]
}

/** Keys that say where something was written, not what it is. */
const POSITION_KEYS = new Set(['range', 'keyRange', 'at', 'file', 'configLocation', 'line', 'column', 'endLine', 'endColumn'])

/** The element as a comparable value: positions left out, keys in a stable order. */
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical)
  if (value === null || typeof value !== 'object') return value
  const out: Record<string, unknown> = {}
  for (const key of Object.keys(value).sort()) {
    if (POSITION_KEYS.has(key)) continue
    out[key] = canonical((value as Record<string, unknown>)[key])
  }
  return out
}

/** The resources of a model: each address with its elements' canonical values by element id. */
function resourcesOf(model: Model): Map<string, Map<string, string>> {
  const byAddress = new Map<string, Map<string, string>>()
  for (const element of model.elementList()) {
    const address = element.source.address
    let elements = byAddress.get(address)
    if (!elements) byAddress.set(address, (elements = new Map()))
    elements.set(`${element.kind}\0${element.id}`, JSON.stringify(canonical(element)))
  }
  return byAddress
}

/** The top-level facts of one element that differ between two canonical values. */
function changedFacts(before: string | undefined, after: string | undefined, kind: string): string[] {
  if (before === undefined || after === undefined) return [`${kind} ${before === undefined ? 'added' : 'removed'}`]
  const a = JSON.parse(before) as Record<string, unknown>
  const b = JSON.parse(after) as Record<string, unknown>
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((key) => key !== 'source' && key !== 'id' && key !== 'kind')
  return keys.filter((key) => JSON.stringify(a[key]) !== JSON.stringify(b[key])).map((key) => `${kind}.${key}`)
}

/** A model with the name its changes are reported under (the same name on both sides for a pair). */
export interface NamedModel {
  origin: string
  model: Model
}

export function resourceChanges(before: readonly NamedModel[], after: readonly NamedModel[]): ModelResourceChange[] {
  const index = (models: readonly NamedModel[]) => {
    const all = new Map<string, { origin: string; address: string; elements: Map<string, string> }>()
    for (const { origin, model } of models) {
      for (const [address, elements] of resourcesOf(model)) {
        const key = `${origin}\0${address}`
        const known = all.get(key)
        if (known) for (const [id, value] of elements) known.elements.set(id, value)
        else all.set(key, { origin, address, elements })
      }
    }
    return all
  }
  const old = index(before)
  const now = index(after)
  const changes: ModelResourceChange[] = []
  const kindsOf = (elements: Map<string, string>) => [...new Set([...elements.keys()].map((key) => key.split('\0')[0]!))]
  for (const [key, resource] of now) {
    const previous = old.get(key)
    if (!previous) {
      changes.push({ change: 'added', origin: resource.origin, address: resource.address, kinds: kindsOf(resource.elements), facts: [] })
      continue
    }
    const ids = [...new Set([...previous.elements.keys(), ...resource.elements.keys()])]
    const facts = ids.flatMap((id) => {
      const [before, after] = [previous.elements.get(id), resource.elements.get(id)]
      return before === after ? [] : changedFacts(before, after, id.split('\0')[0]!)
    })
    if (facts.length > 0) changes.push({ change: 'modified', origin: resource.origin, address: resource.address, kinds: kindsOf(resource.elements), facts: [...new Set(facts)] })
  }
  for (const [key, resource] of old) {
    if (!now.has(key)) changes.push({ change: 'removed', origin: resource.origin, address: resource.address, kinds: kindsOf(resource.elements), facts: [] })
  }
  return changes.sort((a, b) => compare(a.origin, b.origin) || compare(a.address, b.address))
}

export interface PathChange {
  change: ChangeKind
  origin: string
  /** The entry in words (`GET /orders on REST API Api`, `Listener rule Rule (path-pattern /admin)`). */
  entry: string
  /** The resource the entry is written in. */
  address: string
  /** What changed, one line each (`exposure: internal → public`, `check removed: Cognito authenticate action`). */
  details: string[]
  /** The path as drawn: the new one, or the old one for a removed path. */
  flow: FlowStep[]
  /** Checks the path had before and lost, drawn as missing steps. */
  lostChecks: string[]
  /** True when the change leaves the path without any authenticating check, or opens it to the internet. */
  weakened: boolean
}

interface PathState {
  entry: string
  address: string
  exposure: string
  reach: string
  checks: string[]
  authenticated: boolean
  targets: string[]
  undetermined: string[]
  flow: FlowStep[]
}

function pathKey(path: RequestPath): string {
  const entry = path.entry
  const route = entry.kind === 'operation' ? `${entry.method.known ? entry.method.value : '?'} ${entry.path.known ? entry.path.value : '?'}` : ''
  return `${entry.kind}\0${entry.source.address}\0${route}\0${entry.id}`
}

function stateOf(model: Model, path: RequestPath): PathState {
  const reach = internetReach(path)
  const flow = pathFlow(model, path)
  return {
    entry: describeEntry(model, path),
    address: path.entry.source.address,
    exposure: path.exposure.known ? path.exposure.value : `unknown (${path.exposure.why})`,
    reach: reach.kind === 'listed' ? `listed (${[...reach.cidrs, ...reach.prefixLists].join(', ')})` : reach.kind,
    checks: path.checks.map((check) => check.label),
    authenticated: isAuthenticated(path),
    targets: flow.filter((step) => step.role === 'target').map((step) => step.label),
    undetermined: path.undetermined,
    flow,
  }
}

function pathsOf(models: readonly NamedModel[]): Map<string, { origin: string; state: PathState }> {
  const paths = new Map<string, { origin: string; state: PathState }>()
  for (const { origin, model } of models) {
    for (const path of model.paths()) paths.set(`${origin}\0${pathKey(path)}`, { origin, state: stateOf(model, path) })
  }
  return paths
}

function difference(before: readonly string[], after: readonly string[]): { gone: string[]; came: string[] } {
  return { gone: before.filter((item) => !after.includes(item)), came: after.filter((item) => !before.includes(item)) }
}

export function pathChanges(before: readonly NamedModel[], after: readonly NamedModel[]): PathChange[] {
  const old = pathsOf(before)
  const now = pathsOf(after)
  const changes: PathChange[] = []
  for (const [key, { origin, state }] of now) {
    const previous = old.get(key)?.state
    if (!previous) {
      const details = [`exposure: ${state.exposure}`, `checks: ${state.checks.length ? state.checks.join(' → ') : 'none'}`]
      changes.push({ change: 'added', origin, entry: state.entry, address: state.address, details, flow: state.flow, lostChecks: [], weakened: !state.authenticated })
      continue
    }
    const details: string[] = []
    if (previous.exposure !== state.exposure) details.push(`exposure: ${previous.exposure} → ${state.exposure}`)
    if (previous.reach !== state.reach) details.push(`internet reach: ${previous.reach} → ${state.reach}`)
    const checks = difference(previous.checks, state.checks)
    for (const check of checks.gone) details.push(`check removed: ${check}`)
    for (const check of checks.came) details.push(`check added: ${check}`)
    const targets = difference(previous.targets, state.targets)
    for (const target of targets.gone) details.push(`target removed: ${target}`)
    for (const target of targets.came) details.push(`target added: ${target}`)
    const undetermined = difference(previous.undetermined, state.undetermined)
    for (const why of undetermined.came) details.push(`now unknown: ${why}`)
    for (const why of undetermined.gone) details.push(`no longer unknown: ${why}`)
    if (details.length === 0) continue
    const opened = (previous.exposure !== 'public' && state.exposure === 'public') || (previous.reach !== 'open' && state.reach === 'open')
    const weakened = (previous.authenticated && !state.authenticated) || opened
    changes.push({ change: 'modified', origin, entry: state.entry, address: state.address, details, flow: state.flow, lostChecks: checks.gone, weakened })
  }
  for (const [key, { origin, state }] of old) {
    if (!now.has(key)) changes.push({ change: 'removed', origin, entry: state.entry, address: state.address, details: [], flow: state.flow, lostChecks: [], weakened: false })
  }
  return changes.sort((a, b) => compare(a.origin, b.origin) || compare(a.entry, b.entry))
}

/** The addresses whose elements were added or changed, by origin: where findings count as the change's own. */
export function touchedAddresses(changes: readonly ModelResourceChange[]): Map<string, Set<string>> {
  const touched = new Map<string, Set<string>>()
  for (const change of changes) {
    if (change.change === 'removed') continue
    let addresses = touched.get(change.origin)
    if (!addresses) touched.set(change.origin, (addresses = new Set()))
    addresses.add(change.address)
  }
  return touched
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}
