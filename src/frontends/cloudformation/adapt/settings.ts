/**
 * Settings of front doors that decide no route but that security, cost and fit rules read: stage
 * logging, tracing and caching (REST `MethodSettings`, v2 `DefaultRouteSettings` and
 * `RouteSettings`, access logs), listener TLS and authenticate action details, and the
 * attributes of load balancers and target groups. The REST, v2 and ELB adapters (and SAM) call
 * these while they build their elements; every value AWS defaults is defaulted at the element.
 */
import { mapGet, type DocMap, type DocNode } from '../../../parse/types.js'
import {
  AUTHENTICATE_DEFAULT_ON_UNAUTHENTICATED,
  AUTHENTICATE_DEFAULT_SESSION_TIMEOUT_S,
  defaultStickinessType,
  LISTENER_DEFAULT_SSL_POLICY,
  LOAD_BALANCER_ATTRIBUTES,
  REST_DEFAULT_CACHE_CLUSTER_SIZE,
  REST_DEFAULT_CACHE_TTL_S,
  STAGE_DEFAULT_LOGGING_LEVEL,
  TARGET_GROUP_ATTRIBUTES,
  TLS_LISTENER_PROTOCOLS,
} from '../../../model/aws.js'
import {
  known,
  unknown,
  type Fact,
  type ListenerTls,
  type LoadBalancerAttributes,
  type RouteSettings,
  type StageSettings,
  type TargetGroupAttributes,
} from '../../../model/types.js'
import { upper, whyOf, type Reader } from '../reader.js'

/** A `MethodSettings` resource path as a path: `/~1orders~1{id}` is `/orders/{id}`; `/*` (and `/*\/*`) stays the wildcard `/*`. */
export function resourcePath(written: string): string {
  const decoded = written.replace(/~1/g, '/').replace(/~0/g, '~').replace(/^\/+/, '')
  return decoded === '*/*' ? '/*' : `/${decoded}`
}

/** The method setting keys the model reads, the same in `MethodSettings` entries, `StageDescription` and v2 route settings. */
type MethodFields = Omit<RouteSettings, 'route'>

/**
 * A REST stage's settings from `settings` (the Stage's properties, a Deployment's
 * `StageDescription`, a SAM `Api`): a stage-wide value comes from the `MethodSettings` entry for
 * `/*` and `*`, else the top-level key (`StageDescription`), else the AWS default; an entry whose
 * path or method cannot be resolved may be that one, so what it sets is unknown stage-wide.
 */
export function restStageSettings(read: Reader, settings: DocNode | undefined): StageSettings {
  const methodSettings = mapGet(settings, 'MethodSettings')
  const items = read.items(methodSettings)
  const routes: RouteSettings[] = []
  let wildcard: DocNode | undefined
  /** Why each stage-wide key may be set by an entry that cannot be placed. */
  const undecided = new Map<keyof MethodFields, string>()
  const mayBe = (why: string, keys: Array<keyof MethodFields>): void => {
    for (const key of keys) if (!undecided.has(key)) undecided.set(key, why)
  }
  if (items === undefined) {
    const why = 'MethodSettings is known only at deploy time'
    mayBe(why, ALL_METHOD_FIELDS)
    routes.push(unknownRoute(why, read, methodSettings))
  }
  for (const item of items ?? []) {
    if (item.kind !== 'map') {
      const why = `a MethodSettings entry is ${whyOf(item)}`
      mayBe(why, ALL_METHOD_FIELDS)
      routes.push(unknownRoute(why, read, item.node))
      continue
    }
    const path = read.str(mapGet(item.node, 'ResourcePath'))
    const method = read.str(mapGet(item.node, 'HttpMethod'))
    const fields = methodFields(read, item.node, METHOD_SETTING_KEYS)
    if (path.known && method.known && (path.value === '/*' || path.value === '/*/*') && method.value === '*') {
      wildcard ??= item.node
      continue
    }
    if (!path.known || !method.known) mayBe('a MethodSettings entry has an unresolved path or method', Object.keys(fields) as Array<keyof MethodFields>)
    const route = !path.known ? path : !method.known ? method : known(`${method.value.toUpperCase()} ${resourcePath(path.value)}`, path.at)
    routes.push({ route, ...fields })
  }
  const wide = methodFields(read, wildcard, METHOD_SETTING_KEYS)
  const top = methodFields(read, settings, METHOD_SETTING_KEYS)
  const stageWide = <K extends keyof MethodFields>(key: K, fallback: NonNullable<MethodFields[K]>): NonNullable<MethodFields[K]> => {
    const found = wide[key] ?? top[key]
    if (found) return found as NonNullable<MethodFields[K]>
    const why = undecided.get(key)
    return (why === undefined ? fallback : unknown(why, read.origin(methodSettings))) as NonNullable<MethodFields[K]>
  }
  return {
    cacheClusterSize: read.str(mapGet(settings, 'CacheClusterSize'), REST_DEFAULT_CACHE_CLUSTER_SIZE),
    tracingEnabled: read.bool(mapGet(settings, 'TracingEnabled'), false),
    accessLogs: accessLogs(read, mapGet(settings, 'AccessLogSetting')),
    dataTrace: stageWide('dataTrace', read.defaulted(false)),
    loggingLevel: stageWide('loggingLevel', read.defaulted(STAGE_DEFAULT_LOGGING_LEVEL)),
    metricsEnabled: stageWide('metricsEnabled', read.defaulted(false)),
    cachingEnabled: stageWide('cachingEnabled', read.defaulted(false)),
    cacheTtlSeconds: stageWide('cacheTtlSeconds', read.defaulted(REST_DEFAULT_CACHE_TTL_S)),
    clientCertificate: isGiven(read, mapGet(settings, 'ClientCertificateId'), (node) => read.str(node)),
    canary: isGiven(read, mapGet(settings, 'CanarySetting'), (node) => (read.map(node) ? known(true, read.origin(node)) : unknown(`CanarySetting is ${whyOf(read.resolver.resolve(node))}`, read.origin(node)))),
    routes,
  }
}

/**
 * An HTTP or WebSocket stage's settings (`AWS::ApiGatewayV2::Stage`, SAM `HttpApi`):
 * `DefaultRouteSettings` stage-wide, `RouteSettings` by route key, `AccessLogSettings`.
 */
export function v2StageSettings(read: Reader, props: DocNode | undefined): StageSettings {
  const defaults = mapGet(props, 'DefaultRouteSettings')
  const defaultsMap = read.map(defaults)
  const unresolved = defaults !== undefined && defaultsMap === undefined ? `DefaultRouteSettings is ${whyOf(read.resolver.resolve(defaults))}` : undefined
  const wide = methodFields(read, defaultsMap, V2_ROUTE_KEYS)
  const stageWide = <T>(found: Fact<T> | undefined, fallback: T): Fact<T> =>
    found ?? (unresolved === undefined ? read.defaulted(fallback) : unknown(unresolved, read.origin(defaults)))
  return {
    cacheClusterSize: undefined,
    tracingEnabled: undefined,
    accessLogs: accessLogs(read, mapGet(props, 'AccessLogSettings')),
    dataTrace: stageWide(wide.dataTrace, false),
    loggingLevel: stageWide(wide.loggingLevel, STAGE_DEFAULT_LOGGING_LEVEL),
    metricsEnabled: stageWide(wide.metricsEnabled, false),
    cachingEnabled: undefined,
    cacheTtlSeconds: undefined,
    routes: v2RouteSettings(read, mapGet(props, 'RouteSettings')),
  }
}

/** `RouteSettings`, a map from route key to settings, each key `at` where it is written. */
function v2RouteSettings(read: Reader, node: DocNode | undefined): RouteSettings[] {
  if (!node) return []
  const map = read.map(node)
  if (!map) return [unknownRoute(`RouteSettings is ${whyOf(read.resolver.resolve(node))}`, read, node)]
  return map.entries.map((entry) => {
    const route = known(entry.key, { file: read.file, range: entry.keyRange })
    const settings = read.map(entry.value)
    if (!settings) {
      const why = `the settings of route ${entry.key} are ${whyOf(read.resolver.resolve(entry.value))}`
      return { ...unknownRoute(why, read, entry.value), route }
    }
    return { route, ...methodFields(read, settings, V2_ROUTE_KEYS) }
  })
}

const METHOD_SETTING_KEYS: Readonly<Record<keyof MethodFields, string>> = {
  dataTrace: 'DataTraceEnabled',
  loggingLevel: 'LoggingLevel',
  metricsEnabled: 'MetricsEnabled',
  cachingEnabled: 'CachingEnabled',
  cacheTtlSeconds: 'CacheTtlInSeconds',
}

const V2_ROUTE_KEYS: Readonly<Partial<Record<keyof MethodFields, string>>> = {
  dataTrace: 'DataTraceEnabled',
  loggingLevel: 'LoggingLevel',
  metricsEnabled: 'DetailedMetricsEnabled',
}

const ALL_METHOD_FIELDS = Object.keys(METHOD_SETTING_KEYS) as Array<keyof MethodFields>

/** The keys of `keys` that `node` sets, each read from where it is written. */
function methodFields(read: Reader, node: DocNode | undefined, keys: Readonly<Partial<Record<keyof MethodFields, string>>>): MethodFields {
  const get = (key: keyof MethodFields): DocNode | undefined => (keys[key] === undefined ? undefined : mapGet(node, keys[key]))
  const fields: MethodFields = {}
  const dataTrace = get('dataTrace')
  if (dataTrace) fields.dataTrace = read.bool(dataTrace)
  const loggingLevel = get('loggingLevel')
  if (loggingLevel) fields.loggingLevel = upper(read.str(loggingLevel))
  const metrics = get('metricsEnabled')
  if (metrics) fields.metricsEnabled = read.bool(metrics)
  const caching = get('cachingEnabled')
  if (caching) fields.cachingEnabled = read.bool(caching)
  const ttl = get('cacheTtlSeconds')
  if (ttl) fields.cacheTtlSeconds = read.num(ttl)
  return fields
}

/** An entry nothing is known of until deployment: the route and every setting unknown. */
function unknownRoute(why: string, read: Reader, node: DocNode | undefined): RouteSettings {
  const at = read.origin(node)
  return {
    route: unknown(why, at),
    dataTrace: unknown(why, at),
    loggingLevel: unknown(why, at),
    metricsEnabled: unknown(why, at),
    cachingEnabled: unknown(why, at),
    cacheTtlSeconds: unknown(why, at),
  }
}

/**
 * Whether access logs are written: `AccessLogSetting(s)` with a `DestinationArn`, `at` the
 * destination. A destination under an undecided `Fn::If` may be `AWS::NoValue`: unknown.
 */
function accessLogs(read: Reader, node: DocNode | undefined): Fact<boolean> {
  if (!node) return read.defaulted(false)
  const map = read.map(node)
  if (!map) {
    const value = read.resolver.resolve(node)
    return value.kind === 'absent' ? read.defaulted(false) : unknown(`the access log settings are ${whyOf(value)}`, read.origin(node))
  }
  const destination = mapGet(map, 'DestinationArn')
  if (!destination) return known(false, read.origin(node))
  return isSet(read, destination)
}

/** A value is given: anything but `AWS::NoValue`; unknown when an undecided `Fn::If` chooses. */
function isSet(read: Reader, node: DocNode): Fact<boolean> {
  const value = read.resolver.resolve(node)
  if (value.kind === 'absent') return known(false, read.origin(node))
  if (value.kind === 'unknown' && isCondition(node)) return unknown(value.why, read.origin(node))
  return known(true, read.origin(node))
}

function isCondition(node: DocNode): boolean {
  return node.kind === 'map' && node.entries.length === 1 && node.entries[0]!.key === 'Fn::If'
}

/** A listener's TLS: `SslPolicy` (defaulted on HTTPS and TLS listeners), `Certificates`, the mutual TLS trust store and expiry check. */
export function listenerTls(read: Reader, props: DocMap | undefined, protocol: Fact<string>): ListenerTls {
  const policy = mapGet(props, 'SslPolicy')
  const secure = protocol.known ? TLS_LISTENER_PROTOCOLS.includes(protocol.value.toUpperCase()) : undefined
  let sslPolicy: Fact<string> | undefined
  if (policy) sslPolicy = read.str(policy)
  else if (secure === true) sslPolicy = read.defaulted(LISTENER_DEFAULT_SSL_POLICY)
  else if (secure === undefined) sslPolicy = unknown(`not set, and the protocol is ${protocol.known ? protocol.value : protocol.why}`, read.defaultOrigin())
  const certificatesNode = mapGet(props, 'Certificates')
  const certificates = read.items(certificatesNode)
  const mutual = mapGet(props, 'MutualAuthentication')
  const mutualMap = read.map(mutual)
  const mutualUnknown = mutual !== undefined && mutualMap === undefined && read.resolver.resolve(mutual).kind !== 'absent'
  const mtls = <T>(fact: Fact<T>): Fact<T> =>
    mutualUnknown ? unknown(`the mutual authentication is ${whyOf(read.resolver.resolve(mutual!))}`, read.origin(mutual)) : fact
  const trustStore = mapGet(mutualMap, 'TrustStoreArn')
  return {
    sslPolicy,
    certificates:
      certificates === undefined
        ? unknown(`the certificates are ${whyOf(read.resolver.resolve(certificatesNode!))}`, read.origin(certificatesNode))
        : certificatesNode
          ? known(certificates.length, read.origin(certificatesNode))
          : read.defaulted(0),
    trustStore: mtls(trustStore ? isSet(read, trustStore) : read.defaulted(false)),
    ignoreClientCertificateExpiry: mtls(read.bool(mapGet(mutualMap, 'IgnoreClientCertificateExpiry'), false)),
  }
}

/** What an authenticate action does when the caller is not authenticated, and its session length; nothing for other action types. */
export function authenticateSettings(
  read: Reader,
  action: DocNode | undefined,
  type: Fact<string>,
): { onUnauthenticatedRequest?: Fact<string>; sessionTimeout?: Fact<number> } {
  if (!type.known) return {}
  const key = AUTHENTICATE_CONFIGS[type.value.toLowerCase()]
  if (key === undefined) return {}
  const node = mapGet(action, key)
  const config = read.map(node)
  if (node && !config) {
    const why = `the ${key} is ${whyOf(read.resolver.resolve(node))}`
    return { onUnauthenticatedRequest: unknown(why, read.origin(node)), sessionTimeout: unknown(why, read.origin(node)) }
  }
  const on = read.str(mapGet(config, 'OnUnauthenticatedRequest'), AUTHENTICATE_DEFAULT_ON_UNAUTHENTICATED)
  return {
    onUnauthenticatedRequest: on.known ? known(on.value.toLowerCase(), on.at) : on,
    sessionTimeout: read.num(mapGet(config, 'SessionTimeout'), AUTHENTICATE_DEFAULT_SESSION_TIMEOUT_S),
  }
}

const AUTHENTICATE_CONFIGS: Readonly<Record<string, string>> = {
  'authenticate-cognito': 'AuthenticateCognitoConfig',
  'authenticate-oidc': 'AuthenticateOidcConfig',
}

type AttributeTable = Readonly<Record<string, { key: string; default: boolean | number | string }>>
type FactsOf<T extends AttributeTable> = { [K in keyof T]: Fact<T[K]['default'] extends boolean ? boolean : T[K]['default'] extends number ? number : string> }

/**
 * A `Key`/`Value` attribute list read against `table`: each attribute from its entry, else the
 * AWS default; unknown when the list, or an entry's key, cannot be resolved (it may be that one).
 */
function attributes<T extends AttributeTable>(read: Reader, node: DocNode | undefined, table: T, defaults: Partial<Record<keyof T, string>> = {}): FactsOf<T> {
  const items = read.items(node)
  const byKey = new Map<string, DocNode | undefined>()
  let undecided: { why: string; node: DocNode } | undefined
  if (items === undefined) undecided = { why: `the attributes are ${whyOf(read.resolver.resolve(node!))}`, node: node! }
  for (const item of items ?? []) {
    const key = item.kind === 'map' ? read.str(mapGet(item.node, 'Key')) : undefined
    if (!key?.known) {
      undecided ??= { why: `an attribute is ${key ? key.why : whyOf(item)}`, node: item.node }
      continue
    }
    if (!byKey.has(key.value)) byKey.set(key.value, mapGet(item.node, 'Value'))
  }
  const facts: Record<string, Fact<unknown>> = {}
  for (const [name, { key, default: fallback }] of Object.entries(table)) {
    const chosen = defaults[name as keyof T] ?? fallback
    if (!byKey.has(key)) {
      facts[name] = undecided ? unknown(undecided.why, read.origin(undecided.node)) : read.defaulted(chosen)
      continue
    }
    const value = byKey.get(key)
    facts[name] = typeof fallback === 'boolean' ? read.bool(value) : typeof fallback === 'number' ? read.num(value) : lower(read.str(value))
  }
  return facts as FactsOf<T>
}

function lower(fact: Fact<string>): Fact<string> {
  return fact.known ? known(fact.value.toLowerCase(), fact.at) : fact
}

export function loadBalancerAttributes(read: Reader, node: DocNode | undefined): LoadBalancerAttributes {
  return attributes(read, node, LOAD_BALANCER_ATTRIBUTES)
}

/** The stickiness type AWS picks depends on the target group's protocol. */
export function targetGroupAttributes(read: Reader, node: DocNode | undefined, protocol: Fact<string>): TargetGroupAttributes {
  const stickinessType = protocol.known ? defaultStickinessType(protocol.value) : defaultStickinessType(undefined)
  return attributes(read, node, TARGET_GROUP_ATTRIBUTES, { stickinessType })
}

/** Whether an optional property is given (`read` resolves it to a value); false when not written, unknown when it does not resolve. */
function isGiven(read: Reader, node: DocNode | undefined, resolve: (node: DocNode) => Fact<unknown>): Fact<boolean> {
  if (node === undefined) return read.defaulted(false)
  const value = resolve(node)
  return value.known ? known(true, value.at ?? read.origin(node)) : unknown(value.why, value.at ?? read.origin(node))
}
