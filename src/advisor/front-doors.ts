/**
 * The front-door advisor (`iac-lint front-doors`): for each load balancer and API of the scanned
 * code, what it is, who reaches it, what it uses, what it forwards to, the scenario of the
 * decision table it matches, what its declared traffic costs on each front door, and a verdict.
 *
 * The verdict is the rules' (verdicts.ts): the advisor reads the findings the scan's fit and cost
 * rules reported about the front door and its parts, and its own logic only adds context.
 */
import type { Finding, RuleMeta } from '../core/types.js'
import type { PriceTable } from '../model/cost.js'
import { declaredExposureOf } from '../model/declarations.js'
import { describeApi } from '../model/describe.js'
import type { Model } from '../model/model.js'
import { AUTHENTICATING_CHECKS, type RequestPath } from '../model/paths.js'
import type { Api, Element, LoadBalancer, Source, TargetGroup } from '../model/types.js'
import { compareCosts, type Costs } from './costs.js'
import { scenarioOf, type Scenario } from './scenarios.js'
import { verdictOf, type FrontDoorChoice, type Verdict } from './verdicts.js'

export type FrontDoorKind = 'application-load-balancer' | 'network-load-balancer' | 'load-balancer' | 'rest-api' | 'http-api' | 'websocket-api'

export const KIND_NAMES: Readonly<Record<FrontDoorKind, string>> = {
  'application-load-balancer': 'ALB',
  'network-load-balancer': 'NLB',
  'load-balancer': 'load balancer',
  'rest-api': 'REST API',
  'http-api': 'HTTP API',
  'websocket-api': 'WebSocket API',
}

export type TargetKind = 'lambda' | 'ecs' | 'instances' | 'ip' | 'load-balancer' | 'aws-service' | 'http' | 'vpc-link' | 'mock' | 'unknown'

export const TARGET_NAMES: Readonly<Record<TargetKind, string>> = {
  lambda: 'Lambda',
  ecs: 'ECS',
  instances: 'instances',
  ip: 'IP',
  'load-balancer': 'load balancer',
  'aws-service': 'AWS service',
  http: 'HTTP',
  'vpc-link': 'VPC link',
  mock: 'mock',
  unknown: 'unknown',
}

/** What a front door uses, each present in the model; `detail` says how. */
export type FeatureId =
  | 'authentication'
  | 'throttling'
  | 'api-keys'
  | 'usage-plans'
  | 'caching'
  | 'request-validation'
  | 'transformation'
  | 'service-integrations'
  | 'resource-policy'
  | 'waf'
  | 'cloudfront'
  | 'websocket'
  | 'grpc'
  | 'sticky-sessions'
  | 'custom-domain'
  | 'vpc-link'

export interface Feature {
  id: FeatureId
  detail: string
}

export interface Target {
  kind: TargetKind
  /** The addresses of what is reached (a function, a service, a target group). */
  names: string[]
}

export type Exposure = { value: string; declared: boolean } | { unknown: string }

export interface FrontDoorAdvice {
  door: Api | LoadBalancer
  /** The model the front door is in (its template or root module). */
  model: Model
  kind: FrontDoorKind
  /** `REST API CatalogApi`, `ALB LoadBalancer`. */
  name: string
  exposure: Exposure
  /** Entries (listeners, listener rules, methods, routes) and how many of them authenticate callers. */
  entries: { total: number; authenticated: number }
  features: Feature[]
  /** What the model cannot tell about the front door's checks and features. */
  unknowns: string[]
  targets: Target[]
  scenario: Scenario
  costs: Costs
  verdict: Verdict
}

export interface FrontDoorsInput {
  models: readonly Model[]
  findings: readonly Finding[]
  /** The rules that ran; their category decides which findings count. */
  rules: readonly RuleMeta[]
  pricing: PriceTable
}

/** Categories whose findings are about the choice of front door. */
const VERDICT_CATEGORIES: ReadonlySet<string> = new Set(['fit', 'cost'])

/** One entry per front door, in model order. */
export function adviseFrontDoors(input: FrontDoorsInput): FrontDoorAdvice[] {
  const categories = new Map(input.rules.map((meta) => [meta.id, meta.category as string]))
  const relevant = input.findings.filter((finding) => !finding.suppressed && VERDICT_CATEGORIES.has(categories.get(finding.ruleId) ?? ''))
  const byLocation = new Map<string, Finding[]>()
  for (const finding of relevant) {
    for (const location of [finding.location, ...(finding.related ?? [])]) {
      const key = locationKey(location.file, location.range, location.address)
      const list = byLocation.get(key) ?? []
      if (!list.includes(finding)) list.push(finding)
      byLocation.set(key, list)
    }
  }
  const advice: FrontDoorAdvice[] = []
  for (const model of input.models) {
    // A module two root modules call is two deployments: each instance is a front door of its own.
    const doors: Array<Api | LoadBalancer> = [...model.all('load-balancer').filter((lb) => !isGateway(lb)), ...model.all('api')]
    for (const door of doors) {
      const findings = new Set<Finding>()
      for (const part of partsOf(model, door)) for (const finding of byLocation.get(sourceKey(part.source)) ?? []) findings.add(finding)
      advice.push(adviseOne(model, door, [...findings], (id) => categories.get(id), input.pricing))
    }
  }
  return advice
}

function isGateway(lb: LoadBalancer): boolean {
  return lb.lbType.known && lb.lbType.value === 'gateway'
}

function locationKey(file: string, range: { line: number; column: number }, address: string | undefined): string {
  return `${file}\0${range.line}\0${range.column}\0${address ?? ''}`
}

function sourceKey(source: Source): string {
  return locationKey(source.file, source.range, source.address)
}

/** The front door and what belongs to it: a finding about any of them is about the front door. */
function partsOf(model: Model, door: Api | LoadBalancer): Element[] {
  const parts: Element[] = [door]
  for (const path of pathsOf(model, door)) {
    parts.push(path.entry, ...path.targetGroups)
    if (path.integration) parts.push(path.integration)
    if (path.waf) parts.push(path.waf.association)
  }
  if (door.kind === 'load-balancer') {
    parts.push(...model.all('listener').filter((listener) => listener.loadBalancer === door.id))
  } else {
    parts.push(...model.stagesOf(door.id), ...model.integrationsOf(door.id), ...model.usagePlansOf(door.id), ...model.domainsOf(door.id))
    parts.push(...model.all('authorizer').filter((authorizer) => authorizer.api === door.id))
  }
  return [...new Set(parts)]
}

function pathsOf(model: Model, door: Api | LoadBalancer): RequestPath[] {
  return model.paths().filter((path) => path.frontDoor === door)
}

function kindOf(door: Api | LoadBalancer): FrontDoorKind {
  if (door.kind === 'api') return door.protocol === 'REST' ? 'rest-api' : door.protocol === 'HTTP' ? 'http-api' : 'websocket-api'
  if (!door.lbType.known) return 'load-balancer'
  return door.lbType.value === 'network' ? 'network-load-balancer' : 'application-load-balancer'
}

const CHOICE_OF_KIND: Partial<Record<FrontDoorKind, FrontDoorChoice>> = {
  'application-load-balancer': 'alb',
  'rest-api': 'rest-api',
  'http-api': 'http-api',
  'websocket-api': 'websocket-api',
}

function nameOf(door: Api | LoadBalancer, kind: FrontDoorKind): string {
  return door.kind === 'api' ? describeApi(door) : `${KIND_NAMES[kind]} ${door.source.address}`
}

function adviseOne(
  model: Model,
  door: Api | LoadBalancer,
  findings: Finding[],
  categoryOf: (id: string) => string | undefined,
  pricing: PriceTable,
): FrontDoorAdvice {
  const kind = kindOf(door)
  const paths = pathsOf(model, door)
  const exposure = exposureOf(door)
  const unknowns = [...new Set(paths.flatMap((path) => path.undetermined))]
  const features = featuresOf(model, door, paths, unknowns)
  const targets = targetsOf(model, door, paths)
  const kinds = new Set(targets.map((target) => target.kind))
  const lambdaOnly = kinds.has('lambda') && ![...kinds].some((k) => k === 'ecs' || k === 'ip' || k === 'instances')
  const costs = compareCosts(door.traffic, lambdaOnly ? 'lambda' : 'instance', kind === 'websocket-api', pricing)
  const authenticated = paths.filter((path) => path.checks.some((check) => AUTHENTICATING_CHECKS.has(check.kind))).length
  const breakEven = 'compared' in costs ? costs.compared.albBreakEvenRps.httpApi : null
  const scenario = scenarioOf({
    exposure: 'value' in exposure ? exposure.value : undefined,
    declaredPartner: declaredExposureOf(door) === 'partner',
    highTraffic: 'compared' in costs && breakEven !== null ? { rps: costs.compared.requestsPerSecond, threshold: 2 * breakEven } : undefined,
    authenticated: paths.length > 0 && authenticated === paths.length,
    rateLimited: features.some((feature) => feature.id === 'throttling'),
    targetKinds: kinds,
  })
  const verdict = verdictOf(findings, categoryOf, CHOICE_OF_KIND[kind])
  const apiOnly = features.flatMap((feature) => API_ONLY_FEATURES.get(feature.id) ?? [])
  if (verdict.to === 'alb' && door.kind === 'api' && apiOnly.length > 0) verdict.keepOnApiGateway = [...new Set(apiOnly)]
  return {
    door,
    model,
    kind,
    name: nameOf(door, kind),
    exposure,
    entries: { total: paths.length, authenticated },
    features,
    unknowns,
    targets,
    scenario,
    costs,
    verdict,
  }
}

/** Declared exposure first (partner included); else what the template gives: a load balancer's scheme, an API's endpoint type. */
function exposureOf(door: Api | LoadBalancer): Exposure {
  const declared = declaredExposureOf(door)
  if (declared) return { value: declared, declared: true }
  if (door.kind === 'load-balancer') {
    if (!door.scheme.known) return { unknown: door.scheme.why }
    return { value: door.scheme.value === 'internal' ? 'internal' : 'public', declared: false }
  }
  if (!door.endpointTypes.known) return { unknown: door.endpointTypes.why }
  return { value: door.endpointTypes.value.includes('PRIVATE') ? 'private' : 'public', declared: false }
}

/** What API Gateway gives and an ALB cannot, by name. */
const API_ONLY_FEATURES: ReadonlyMap<FeatureId, string> = new Map<FeatureId, string>([
  ['api-keys', 'API keys'],
  ['usage-plans', 'usage plans'],
  ['caching', 'caching'],
  ['request-validation', 'request validation'],
  ['transformation', 'mapping templates'],
  ['service-integrations', 'direct AWS service integrations'],
])

const API_FEATURES = [
  ['api-keys', 'api-keys', 'API keys'],
  ['usage-plans', 'usage-plans', 'usage plans'],
  ['caching', 'caching', 'response caching'],
  ['request-validation', 'request-validation', 'request validators'],
  ['mapping-templates', 'transformation', 'mapping templates'],
  ['service-integrations', 'service-integrations', 'direct AWS service integrations'],
] as const

function featuresOf(model: Model, door: Api | LoadBalancer, paths: RequestPath[], unknowns: string[]): Feature[] {
  const features: Feature[] = []
  const add = (id: FeatureId, detail: string): void => {
    if (!features.some((feature) => feature.id === id && feature.detail === detail)) features.push({ id, detail })
  }
  const labels = new Map<string, number>()
  for (const path of paths) {
    for (const label of new Set(path.checks.filter((check) => AUTHENTICATING_CHECKS.has(check.kind)).map((check) => check.label))) {
      labels.set(label, (labels.get(label) ?? 0) + 1)
    }
  }
  for (const [label, count] of labels) add('authentication', `${label} on ${count} of ${paths.length} ${paths.length === 1 ? 'entry' : 'entries'}`)
  if (paths.some((path) => path.checks.some((check) => check.kind === 'throttling'))) add('throttling', 'stage or usage plan throttling')
  for (const path of paths) {
    const waf = path.waf
    if (!waf) continue
    const name = waf.webAcl ? (waf.webAcl.name.known ? waf.webAcl.name.value : waf.webAcl.source.address) : waf.association.source.address
    if (waf.unsupported) {
      add('waf', `web ACL ${name} is associated, but AWS WAF cannot protect an HTTP or WebSocket API`)
      continue
    }
    add('waf', `web ACL ${name}`)
    if (waf.rateLimited.known && waf.rateLimited.value) add('throttling', `rate-based rule of web ACL ${name}`)
    else if (!waf.rateLimited.known) unknowns.push(`whether web ACL ${name} limits the rate is unknown (${waf.rateLimited.why})`)
  }
  for (const path of paths) {
    for (const front of path.cloudFront ?? []) {
      const acl = front.distribution.webAcl
      add('cloudfront', `distribution ${front.distribution.source.address}${acl === undefined ? '' : acl.known ? ' with a web ACL' : ' with a web ACL that is unknown'}`)
    }
  }
  if (door.kind === 'api') {
    if (paths.some((path) => path.checks.some((check) => check.kind === 'api-key'))) add('api-keys', 'API keys required on some entries')
    for (const [feature, id, detail] of API_FEATURES) if (door.features.has(feature)) add(id, detail)
    if (!door.features.has('caching') && model.stagesOf(door.id).some((stage) => stage.cacheEnabled.known && stage.cacheEnabled.value)) {
      add('caching', 'a stage cache cluster')
    }
    if (door.hasResourcePolicy.known && door.hasResourcePolicy.value) add('resource-policy', 'resource policy')
    if (door.protocol === 'WEBSOCKET') add('websocket', 'WebSocket API')
    for (const mapping of model.domainsOf(door.id)) add('custom-domain', mapping.domainName.known ? mapping.domainName.value : 'domain name unknown')
    for (const path of paths) if (path.vpcLink) add('vpc-link', path.vpcLink.link ? `VPC link ${path.vpcLink.link.source.address} (${path.vpcLink.link.version})` : 'private integration')
  } else {
    for (const group of new Set(paths.flatMap((path) => path.targetGroups))) {
      if (group.protocolVersion.known && group.protocolVersion.value.toUpperCase() === 'GRPC') add('grpc', `target group ${group.source.address}`)
      const stickiness = group.attributes?.stickiness
      if (stickiness?.known && stickiness.value) add('sticky-sessions', `target group ${group.source.address}`)
      else if (stickiness && !stickiness.known) unknowns.push(`stickiness of target group ${group.source.address} is unknown (${stickiness.why})`)
    }
  }
  const needs = door.declared?.needs
  if (needs?.known) {
    if (needs.value.includes('websocket')) add('websocket', 'declared need')
    if (needs.value.includes('grpc')) add('grpc', 'declared need')
    if (needs.value.includes('sticky-sessions')) add('sticky-sessions', 'declared need')
  }
  return features
}

function targetsOf(model: Model, door: Api | LoadBalancer, paths: RequestPath[]): Target[] {
  const byKind = new Map<TargetKind, Set<string>>()
  const add = (kind: TargetKind, name: string): void => {
    const names = byKind.get(kind) ?? new Set<string>()
    names.add(name)
    byKind.set(kind, names)
  }
  if (door.kind === 'load-balancer') {
    for (const group of new Set(paths.flatMap((path) => path.targetGroups))) groupTargets(model, group, add)
  } else {
    for (const integration of new Set(paths.flatMap((path) => (path.integration ? [path.integration] : [])))) {
      const type = integration.integrationType.known ? integration.integrationType.value.toUpperCase() : undefined
      const address = integration.source.address
      if (integration.functions.length > 0) {
        for (const id of integration.functions) add('lambda', model.get(id)?.source.address ?? id)
      } else if (integration.connectionType?.known && integration.connectionType.value.toUpperCase() === 'VPC_LINK') {
        const reached = paths.find((path) => path.integration === integration)?.vpcLink?.loadBalancer
        add('vpc-link', reached ? reached.source.address : address)
      } else if (type === 'AWS') add('aws-service', address)
      else if (type === 'HTTP' || type === 'HTTP_PROXY') add('http', address)
      else if (type === 'MOCK') add('mock', address)
      else add('unknown', address)
    }
  }
  return [...byKind].map(([kind, names]) => ({ kind, names: [...names] }))
}

function groupTargets(model: Model, group: TargetGroup, add: (kind: TargetKind, name: string) => void): void {
  const type = group.targetType.known ? group.targetType.value.toLowerCase() : undefined
  if (type === 'lambda') {
    for (const id of group.functions) add('lambda', model.get(id)?.source.address ?? id)
    if (group.functions.length === 0) add('lambda', group.source.address)
    return
  }
  if (type === 'alb') {
    for (const id of group.loadBalancers ?? []) add('load-balancer', model.get(id)?.source.address ?? id)
    if (!group.loadBalancers?.length) add('load-balancer', group.source.address)
    return
  }
  const services = model.servicesOf(group.id)
  for (const service of services) add('ecs', service.source.address)
  const compute = [...model.autoScalingGroupsOf(group.id), ...model.instancesOf(group.id)]
  for (const registered of compute) add('instances', registered.source.address)
  if (services.length > 0 || compute.length > 0) return
  if (type === 'ip') add('ip', group.source.address)
  else if (type === 'instance') add('instances', group.source.address)
  else add('unknown', group.source.address)
}

/** Front doors counted by kind, scenario and verdict, for the summary of every output. */
export interface FrontDoorSummary {
  frontDoors: number
  byKind: Record<string, number>
  byScenario: Record<string, number>
  byVerdict: Record<string, number>
}

/** `keep`, or `move to http-api`: the verdict as the summary counts it. */
export function verdictKey(verdict: Verdict): string {
  return verdict.kind === 'move' ? `move to ${verdict.to}` : 'keep'
}

export function summarize(advice: readonly FrontDoorAdvice[]): FrontDoorSummary {
  const count = (record: Record<string, number>, key: string): void => {
    record[key] = (record[key] ?? 0) + 1
  }
  const summary: FrontDoorSummary = { frontDoors: advice.length, byKind: {}, byScenario: {}, byVerdict: {} }
  for (const one of advice) {
    count(summary.byKind, one.kind)
    count(summary.byScenario, one.scenario.id)
    count(summary.byVerdict, verdictKey(one.verdict))
  }
  return summary
}
