/**
 * The settings part of a request path, for `iac-lint paths` in JSON and as text: a stage's
 * logging, tracing and caching, the usage plans and keys of an API, a listener's TLS, the
 * authenticate actions' handling of unauthenticated requests, load balancer and target group
 * attributes, and what registers targets in a target group with their security groups.
 *
 * Every field is optional and shows only what is not AWS's default (or is unknown), so that a
 * template that sets none of these gives the document it always gave; the one exception is the
 * security policy of an HTTPS or TLS listener, shown default or not, as TLS rules read it.
 */
import { LOAD_BALANCER_ATTRIBUTES, REST_DEFAULT_CACHE_TTL_S, STAGE_DEFAULT_LOGGING_LEVEL, TARGET_GROUP_ATTRIBUTES } from '../model/aws.js'
import type { Model } from '../model/model.js'
import type { RequestPath } from '../model/paths.js'
import type {
  AutoScalingGroup,
  EcsService,
  Fact,
  Instance,
  Listener,
  ListenerTls,
  LoadBalancer,
  RouteSettings,
  Stage,
  TargetGroup,
  UsagePlan,
} from '../model/types.js'
import { element, fact, type JsonElement, type JsonFact } from './json-parts.js'

/** The fact when it is unknown or not `fallback`, else undefined (left out). */
function unlessDefault<T>(value: Fact<T> | undefined, fallback: T): JsonFact<T> | undefined {
  if (value === undefined) return undefined
  return value.known && value.value === fallback ? undefined : fact(value)
}

/** An object without its undefined fields; undefined when none is left. */
function defined<T extends object>(fields: T): Partial<T> | undefined {
  const kept = Object.fromEntries(Object.entries(fields).filter(([, value]) => value !== undefined)) as Partial<T>
  return Object.keys(kept).length > 0 ? kept : undefined
}

export interface JsonRouteSettings {
  route: JsonFact<string>
  dataTrace?: JsonFact<boolean>
  loggingLevel?: JsonFact<string>
  metricsEnabled?: JsonFact<boolean>
  cachingEnabled?: JsonFact<boolean>
  cacheTtlSeconds?: JsonFact<number>
}

export type JsonStageSettings = JsonElement & {
  name: JsonFact<string>
  cacheClusterEnabled?: JsonFact<boolean>
  cacheClusterSize?: JsonFact<string>
  tracingEnabled?: JsonFact<boolean>
  accessLogs?: JsonFact<boolean>
  dataTrace?: JsonFact<boolean>
  loggingLevel?: JsonFact<string>
  metricsEnabled?: JsonFact<boolean>
  cachingEnabled?: JsonFact<boolean>
  cacheTtlSeconds?: JsonFact<number>
  routes?: JsonRouteSettings[]
}

function jsonRoute(route: RouteSettings): JsonRouteSettings | undefined {
  const set = defined({
    dataTrace: route.dataTrace && fact(route.dataTrace),
    loggingLevel: route.loggingLevel && fact(route.loggingLevel),
    metricsEnabled: route.metricsEnabled && fact(route.metricsEnabled),
    cachingEnabled: route.cachingEnabled && fact(route.cachingEnabled),
    cacheTtlSeconds: route.cacheTtlSeconds && fact(route.cacheTtlSeconds),
  })
  return set && { route: fact(route.route), ...set }
}

/** A stage's settings that are not AWS's defaults; undefined when it has none. */
function jsonStage(stage: Stage, cwd: string): JsonStageSettings | undefined {
  const settings = stage.settings
  if (!settings) return undefined
  const caching = stage.cacheEnabled.known && !stage.cacheEnabled.value ? undefined : fact(stage.cacheEnabled)
  const routes = settings.routes.flatMap((route) => jsonRoute(route) ?? [])
  const set = defined({
    cacheClusterEnabled: caching,
    cacheClusterSize: caching === undefined ? undefined : settings.cacheClusterSize && fact(settings.cacheClusterSize),
    tracingEnabled: unlessDefault(settings.tracingEnabled, false),
    accessLogs: unlessDefault(settings.accessLogs, false),
    dataTrace: unlessDefault(settings.dataTrace, false),
    loggingLevel: unlessDefault(settings.loggingLevel, STAGE_DEFAULT_LOGGING_LEVEL),
    metricsEnabled: unlessDefault(settings.metricsEnabled, false),
    cachingEnabled: unlessDefault(settings.cachingEnabled, false),
    cacheTtlSeconds: unlessDefault(settings.cacheTtlSeconds, REST_DEFAULT_CACHE_TTL_S),
    routes: routes.length > 0 ? routes : undefined,
  })
  return set && { ...element('stage', stage.source, cwd), name: fact(stage.name), ...set }
}

export interface JsonUsagePlan extends JsonElement {
  throttled: boolean
  keys: Array<(JsonElement & { enabled: JsonFact<boolean> }) | null>
  stages: Array<{ stage: JsonFact<string>; throttles: Array<{ route: JsonFact<string>; throttled: JsonFact<boolean> }> }>
}

/** A usage plan with keys or per-method limits; undefined for a plan with neither. */
function jsonUsagePlan(model: Model, plan: UsagePlan, api: string, cwd: string): JsonUsagePlan | undefined {
  const keys = plan.keys ?? []
  const stages = plan.stages.filter((entry) => entry.api === api)
  if (keys.length === 0 && stages.every((entry) => (entry.throttles ?? []).length === 0)) return undefined
  return {
    ...element('usage-plan', plan.source, cwd),
    throttled: plan.throttled,
    keys: keys.map((entry) => {
      const key = model.getKind(entry.key, 'api-key')
      return key ? { ...element('api-key', key.source, cwd), enabled: fact(key.enabled) } : null
    }),
    stages: stages.map((entry) => ({
      stage: fact(entry.stage),
      throttles: (entry.throttles ?? []).map((throttle) => ({ route: fact(throttle.route), throttled: fact(throttle.throttled) })),
    })),
  }
}

/** What an API path's stages and usage plans set: optional fields of the path. */
export function jsonApiSettings(model: Model, path: RequestPath, cwd: string): { stages?: JsonStageSettings[]; usagePlans?: JsonUsagePlan[] } {
  const api = path.frontDoor?.kind === 'api' ? path.frontDoor : undefined
  if (!api) return {}
  const stages = model.stagesOf(api.id).flatMap((stage) => jsonStage(stage, cwd) ?? [])
  const plans = model.usagePlansOf(api.id).flatMap((plan) => jsonUsagePlan(model, plan, api.id, cwd) ?? [])
  return { ...(stages.length > 0 ? { stages } : {}), ...(plans.length > 0 ? { usagePlans: plans } : {}) }
}

export interface JsonListenerTls {
  sslPolicy: JsonFact<string>
  certificates: JsonFact<number>
  trustStore?: JsonFact<boolean>
  ignoreClientCertificateExpiry?: JsonFact<boolean>
}

/**
 * A listener's TLS, on listeners that have a security policy: HTTPS and TLS listeners, and
 * listeners that name one. Left out for the others (a policy that is unknown only because the
 * protocol is).
 */
export function jsonListenerTls(listener: Listener): { tls?: JsonListenerTls } {
  const tls: ListenerTls | undefined = listener.tls
  const policy = tls?.sslPolicy
  if (!tls || !policy || (!policy.known && policy.at?.defaulted)) return {}
  return {
    tls: {
      sslPolicy: fact(policy),
      certificates: fact(tls.certificates),
      ...defined({
        trustStore: unlessDefault(tls.trustStore, false),
        ignoreClientCertificateExpiry: unlessDefault(tls.ignoreClientCertificateExpiry, false),
      }),
    },
  }
}

export interface JsonAuthentication {
  type: string
  onUnauthenticatedRequest: JsonFact<string>
  sessionTimeout: JsonFact<number>
}

/** The authenticate actions of a load balancer path's entry, with what each does for unauthenticated requests. */
export function jsonAuthentication(path: RequestPath): { authentication?: JsonAuthentication[] } {
  const entry = path.entry
  const actions = entry.kind === 'listener' ? entry.defaultActions : entry.kind === 'listener-rule' ? entry.actions : []
  const found = actions.flatMap((action) =>
    action.type.known && action.onUnauthenticatedRequest && action.sessionTimeout
      ? [{ type: action.type.value, onUnauthenticatedRequest: fact(action.onUnauthenticatedRequest), sessionTimeout: fact(action.sessionTimeout) }]
      : [],
  )
  return found.length > 0 ? { authentication: found } : {}
}

type AttributeTable = Readonly<Record<string, { default: boolean | number | string }>>

/** The attributes that are not AWS's defaults (or are unknown), by name. */
function jsonAttributes(attributes: Readonly<Record<string, Fact<unknown>>> | undefined, table: AttributeTable, defaults: Record<string, unknown> = {}): { attributes?: Record<string, JsonFact<unknown>> } {
  if (!attributes) return {}
  const set: Record<string, JsonFact<unknown>> = {}
  for (const [name, { default: fallback }] of Object.entries(table)) {
    const shown = unlessDefault(attributes[name], name in defaults ? defaults[name] : fallback)
    if (shown !== undefined) set[name] = shown
  }
  return Object.keys(set).length > 0 ? { attributes: set } : {}
}

export function jsonLoadBalancerAttributes(loadBalancer: LoadBalancer): { attributes?: Record<string, JsonFact<unknown>> } {
  return jsonAttributes(loadBalancer.attributes as unknown as Record<string, Fact<unknown>>, LOAD_BALANCER_ATTRIBUTES)
}

/** The stickiness type counts only when stickiness is on: AWS keeps a type either way. */
export function jsonTargetGroupAttributes(group: TargetGroup): { attributes?: Record<string, JsonFact<unknown>> } {
  const attributes = group.attributes
  if (!attributes) return {}
  const sticky = !(attributes.stickiness.known && !attributes.stickiness.value)
  const table: AttributeTable = sticky
    ? TARGET_GROUP_ATTRIBUTES
    : Object.fromEntries(Object.entries(TARGET_GROUP_ATTRIBUTES).filter(([name]) => name !== 'stickinessType'))
  return jsonAttributes(attributes as unknown as Record<string, Fact<unknown>>, table)
}

export type JsonComputeTarget = JsonElement & {
  securityGroups: JsonFact<Array<JsonElement | string>>
  targets: []
} & (
    | { kind: 'ecs-service'; launchType: JsonFact<string>; assignPublicIp: JsonFact<boolean>; containerPorts: Array<JsonFact<number>> }
    | { kind: 'auto-scaling-group' }
    | { kind: 'instance' }
  )

/** What registers targets in the group: its ECS services, auto scaling groups and instances, in that order. */
export function jsonComputeTargets(model: Model, group: TargetGroup, cwd: string): JsonComputeTarget[] {
  const groupsOf = (target: EcsService | AutoScalingGroup | Instance): JsonFact<Array<JsonElement | string>> => {
    if (!target.otherSecurityGroups.known) return { unknown: target.otherSecurityGroups.why }
    const inModel = target.securityGroups.map((id): JsonElement | string => {
      const found = model.get(id)
      return found ? element(found.kind, found.source, cwd) : id
    })
    return [...inModel, ...target.otherSecurityGroups.value]
  }
  return [
    ...model.servicesOf(group.id).map((service) => ({
      ...element('ecs-service', service.source, cwd),
      kind: 'ecs-service' as const,
      launchType: fact(service.launchType),
      assignPublicIp: fact(service.assignPublicIp),
      containerPorts: service.loadBalancers.filter((entry) => entry.targetGroup === group.id).map((entry) => fact(entry.containerPort)),
      securityGroups: groupsOf(service),
      targets: [] as [],
    })),
    ...model.autoScalingGroupsOf(group.id).map((asg) => ({
      ...element('auto-scaling-group', asg.source, cwd),
      kind: 'auto-scaling-group' as const,
      securityGroups: groupsOf(asg),
      targets: [] as [],
    })),
    ...model.instancesOf(group.id).map((instance) => ({
      ...element('instance', instance.source, cwd),
      kind: 'instance' as const,
      securityGroups: groupsOf(instance),
      targets: [] as [],
    })),
  ]
}

/** What says where a stage is and which one, not what it sets. */
const ELEMENT_FIELDS = new Set(['kind', 'address', 'file', 'range', 'constructPath', 'name', 'routes'])

/** Short lines for the text view: what the JSON fields above say, for the path's front door and targets. */
export function describeSettings(model: Model, path: RequestPath): string[] {
  const lines: string[] = []
  const text = (value: JsonFact<unknown>): string => (typeof value === 'object' && value !== null && 'unknown' in value ? `unknown (${value.unknown})` : String(value))
  const listed = (fields: object): string =>
    Object.entries(fields)
      .map(([name, value]) => `${name} ${text(value as JsonFact<unknown>)}`)
      .join(', ')
  const listener = path.entry.kind === 'listener' ? path.entry : path.entry.kind === 'listener-rule' ? model.getKind(path.entry.listener, 'listener') : undefined
  const tls = listener ? jsonListenerTls(listener).tls : undefined
  if (tls) lines.push(`tls:      ${listed(tls)}`)
  for (const action of jsonAuthentication(path).authentication ?? []) {
    lines.push(`auth:     ${action.type}, unauthenticated requests: ${text(action.onUnauthenticatedRequest)}, session ${text(action.sessionTimeout)} s`)
  }
  if (path.frontDoor?.kind === 'load-balancer') {
    const attributes = jsonLoadBalancerAttributes(path.frontDoor).attributes
    if (attributes) lines.push(`settings: ${listed(attributes)}`)
  }
  const { stages, usagePlans } = jsonApiSettings(model, path, '')
  for (const stage of stages ?? []) {
    const { name, routes, address } = stage
    const fields = Object.fromEntries(Object.entries(stage).filter(([key]) => !ELEMENT_FIELDS.has(key)))
    const routeText = (routes ?? []).map((route) => {
      const { route: key, ...set } = route
      return `${text(key)}: ${listed(set)}`
    })
    lines.push(`stage:    ${address} (${text(name)}) ${[listed(fields), ...routeText].filter((part) => part !== '').join('; ')}`)
  }
  for (const plan of usagePlans ?? []) {
    const throttles = plan.stages.flatMap((entry) => entry.throttles.filter((throttle) => throttle.throttled === true).map((throttle) => text(throttle.route)))
    lines.push(
      `plan:     ${plan.address}, ${plan.keys.length} ${plan.keys.length === 1 ? 'key' : 'keys'}${throttles.length ? `, per-method limits on ${throttles.join(', ')}` : ''}`,
    )
  }
  for (const group of path.targetGroups) {
    const attributes = jsonTargetGroupAttributes(group).attributes
    if (attributes) lines.push(`group:    ${group.source.address} ${listed(attributes)}`)
    for (const target of jsonComputeTargets(model, group, '')) {
      const groups = Array.isArray(target.securityGroups)
        ? target.securityGroups.map((entry) => (typeof entry === 'string' ? entry : entry.address)).join(', ') || 'none'
        : text(target.securityGroups)
      lines.push(`behind:   ${target.kind} ${target.address} in ${group.source.address}, security groups ${groups}`)
    }
  }
  return lines
}
