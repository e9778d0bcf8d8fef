/**
 * Settings of front doors that decide no route but that security, cost and fit rules read, as the
 * CloudFormation adapter's `settings.ts` reads them: stage logging, tracing and caching (REST
 * stages with their `aws_api_gateway_method_settings`, v2 `default_route_settings` and
 * `route_settings`, `access_log_settings`), listener TLS and authenticate action details, and the
 * attributes of load balancers and target groups, with the same defaults from `model/aws.ts`.
 */
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
  type FactOrigin,
  type ListenerTls,
  type LoadBalancerAttributes,
  type RouteSettings,
  type StageSettings,
  type TargetGroupAttributes,
} from '../../../model/types.js'
import type { TfResource, TfValue } from '../ir.js'
import { blocks, field, readerOf, upper, whyOf, type Reader } from './read.js'

type MethodFields = Omit<RouteSettings, 'route'>

/** An `aws_api_gateway_method_settings` that is (or, not `sure`, may be) a stage's, with its `method_path` as a route. */
export interface StageMethodSettings {
  resource: TfResource
  path: Fact<string>
  route: Fact<string>
  sure: boolean
}

const METHOD_SETTING_ARGUMENTS: Readonly<Record<keyof MethodFields, string>> = {
  dataTrace: 'data_trace_enabled',
  loggingLevel: 'logging_level',
  metricsEnabled: 'metrics_enabled',
  cachingEnabled: 'caching_enabled',
  cacheTtlSeconds: 'cache_ttl_in_seconds',
}

const V2_ROUTE_ARGUMENTS: Readonly<Partial<Record<keyof MethodFields, string>>> = {
  dataTrace: 'data_trace_enabled',
  loggingLevel: 'logging_level',
  metricsEnabled: 'detailed_metrics_enabled',
}

const ALL_METHOD_FIELDS = Object.keys(METHOD_SETTING_ARGUMENTS) as Array<keyof MethodFields>

/**
 * A REST stage's settings: its own arguments (`cache_cluster_size`, `xray_tracing_enabled`,
 * `access_log_settings`; none for a deployment's stage, `ownArguments` false) and the method
 * settings for it. Settings for `*\/*` are stage-wide; settings that only may be the stage's
 * leave what they set unknown stage-wide and give no route entry.
 */
export function restStageSettings(read: Reader, methodSettings: readonly StageMethodSettings[], ownArguments: boolean): StageSettings {
  const routes: RouteSettings[] = []
  let wide: MethodFields = {}
  let wideFound = false
  const undecided = new Map<keyof MethodFields, { why: string; at: FactOrigin }>()
  for (const settings of methodSettings) {
    const fields = settingsFields(settings.resource)
    const place = settings.path.known && settings.path.value === '*/*'
    if (settings.sure && place) {
      if (!wideFound) wide = fields
      wideFound = true
      continue
    }
    if (!settings.sure || !settings.path.known) {
      const at = { file: settings.resource.location.file, range: settings.resource.location.range }
      for (const key of Object.keys(fields) as Array<keyof MethodFields>) {
        if (!undecided.has(key)) undecided.set(key, { why: `${settings.resource.address} may be for this stage`, at })
      }
    }
    if (settings.sure) routes.push({ route: settings.route, ...fields })
  }
  const stageWide = <T>(found: Fact<T> | undefined, key: keyof MethodFields, fallback: T): Fact<T> => {
    if (found) return found
    const maybe = undecided.get(key)
    return maybe ? unknown(maybe.why, maybe.at) : read.byDefault(fallback)
  }
  const { arg, str, bool } = read
  return {
    cacheClusterSize: ownArguments ? str(arg('cache_cluster_size'), REST_DEFAULT_CACHE_CLUSTER_SIZE) : read.byDefault(REST_DEFAULT_CACHE_CLUSTER_SIZE),
    tracingEnabled: ownArguments ? bool(arg('xray_tracing_enabled'), false) : read.byDefault(false),
    accessLogs: ownArguments ? accessLogs(read, arg('access_log_settings')) : read.byDefault(false),
    dataTrace: stageWide(wide.dataTrace, 'dataTrace', false),
    loggingLevel: stageWide(wide.loggingLevel, 'loggingLevel', STAGE_DEFAULT_LOGGING_LEVEL),
    metricsEnabled: stageWide(wide.metricsEnabled, 'metricsEnabled', false),
    cachingEnabled: stageWide(wide.cachingEnabled, 'cachingEnabled', false),
    cacheTtlSeconds: stageWide(wide.cacheTtlSeconds, 'cacheTtlSeconds', REST_DEFAULT_CACHE_TTL_S),
    clientCertificate: ownArguments ? isSet(read, arg('client_certificate_id')) : read.byDefault(false),
    canary: ownArguments ? isSet(read, arg('canary_settings')) : read.byDefault(false),
    routes,
  }
}

/** Whether an optional argument or block is given: null, an empty string or no block is not; unknown when it cannot be resolved. */
function isSet(read: Reader, value: TfValue | undefined): Fact<boolean> {
  if (value === undefined || (value.kind === 'scalar' && (value.value === null || value.value === ''))) return read.byDefault(false)
  if (value.kind === 'unknown') return unknown(whyOf(value), read.at(value))
  if (value.kind === 'list') return known(value.items.length > 0, read.at(value))
  return known(true, read.at(value))
}

/** The `settings` block of a method settings resource: what it sets; everything unknown when the block is. */
function settingsFields(resource: TfResource): MethodFields {
  const read = readerOf(resource)
  const value = read.arg('settings')
  const settings = blocks(value)
  if (settings === undefined) return unknownFields(`the settings of ${resource.address} are known only after apply`, read.at(value!), ALL_METHOD_FIELDS)
  return fieldsOf(read, settings[0], METHOD_SETTING_ARGUMENTS)
}

function fieldsOf(read: Reader, block: TfValue | undefined, names: Readonly<Partial<Record<keyof MethodFields, string>>>): MethodFields {
  const get = (key: keyof MethodFields): TfValue | undefined => (names[key] === undefined ? undefined : field(block, names[key]))
  const fields: MethodFields = {}
  const dataTrace = get('dataTrace')
  if (dataTrace) fields.dataTrace = read.bool(dataTrace, false)
  const loggingLevel = get('loggingLevel')
  if (loggingLevel) fields.loggingLevel = upper(read.str(loggingLevel))
  const metrics = get('metricsEnabled')
  if (metrics) fields.metricsEnabled = read.bool(metrics, false)
  const caching = get('cachingEnabled')
  if (caching) fields.cachingEnabled = read.bool(caching, false)
  const ttl = get('cacheTtlSeconds')
  if (ttl) fields.cacheTtlSeconds = read.num(ttl)
  return fields
}

function unknownFields(why: string, at: FactOrigin, keys: ReadonlyArray<keyof MethodFields>): MethodFields {
  return Object.fromEntries(keys.map((key) => [key, unknown(why, at)])) as MethodFields
}

/**
 * An HTTP or WebSocket stage's settings: `default_route_settings`, `route_settings`,
 * `access_log_settings`; all defaults for a stage a quick create makes (`ownArguments` false).
 */
export function v2StageSettings(read: Reader, ownArguments = true): StageSettings {
  const arg = (name: string): TfValue | undefined => (ownArguments ? read.arg(name) : undefined)
  const value = arg('default_route_settings')
  const defaults = blocks(value)
  const wide = defaults === undefined ? unknownFields('the default route settings are known only after apply', read.at(value!), ['dataTrace', 'loggingLevel', 'metricsEnabled']) : fieldsOf(read, defaults[0], V2_ROUTE_ARGUMENTS)
  return {
    cacheClusterSize: undefined,
    tracingEnabled: undefined,
    accessLogs: accessLogs(read, arg('access_log_settings')),
    dataTrace: wide.dataTrace ?? read.byDefault(false),
    loggingLevel: wide.loggingLevel ?? read.byDefault(STAGE_DEFAULT_LOGGING_LEVEL),
    metricsEnabled: wide.metricsEnabled ?? read.byDefault(false),
    cachingEnabled: undefined,
    cacheTtlSeconds: undefined,
    routes: v2RouteSettings(read, arg('route_settings')),
  }
}

function v2RouteSettings(read: Reader, value: TfValue | undefined): RouteSettings[] {
  const settings = blocks(value)
  if (settings === undefined) {
    const why = 'the route settings are known only after apply'
    return [{ route: unknown(why, read.at(value!)), ...unknownFields(why, read.at(value!), ALL_METHOD_FIELDS) }]
  }
  return settings.map((item) => {
    if (item.kind !== 'object') {
      const why = `a route settings block is ${whyOf(item)}`
      return { route: unknown(why, read.at(item)), ...unknownFields(why, read.at(item), ALL_METHOD_FIELDS) }
    }
    return { route: read.str(field(item, 'route_key')), ...fieldsOf(read, item, V2_ROUTE_ARGUMENTS) }
  })
}

/** Access logs are written when an `access_log_settings` block (whose `destination_arn` is required) is given. */
function accessLogs(read: Reader, value: TfValue | undefined): Fact<boolean> {
  if (value === undefined) return read.byDefault(false)
  const settings = blocks(value)
  if (settings === undefined) return unknown('the access log settings are known only after apply', read.at(value))
  const destination = field(settings[0], 'destination_arn')
  return destination ? known(true, read.at(destination)) : known(false, read.at(value))
}

/** A listener's TLS: `ssl_policy` (defaulted on HTTPS and TLS listeners), `certificate_arn`, the mutual TLS trust store and expiry check. */
export function listenerTls(read: Reader, protocol: Fact<string>): ListenerTls {
  const policy = read.arg('ssl_policy')
  const secure = protocol.known ? TLS_LISTENER_PROTOCOLS.includes(protocol.value.toUpperCase()) : undefined
  let sslPolicy: Fact<string> | undefined
  if (policy) sslPolicy = read.str(policy)
  else if (secure === true) sslPolicy = read.byDefault(LISTENER_DEFAULT_SSL_POLICY)
  else if (secure === undefined) sslPolicy = unknown(`not set, and the protocol is ${protocol.known ? protocol.value : protocol.why}`, read.defaultAt)
  const certificate = read.arg('certificate_arn')
  const mutualValue = read.arg('mutual_authentication')
  const mutual = blocks(mutualValue)
  const mtls = <T>(fact: () => Fact<T>): Fact<T> =>
    mutual === undefined ? unknown('the mutual_authentication block is known only after apply', read.at(mutualValue!)) : fact()
  const trustStore = field(mutual?.[0], 'trust_store_arn')
  return {
    sslPolicy,
    certificates: certificate ? known(1, read.at(certificate)) : read.byDefault(0),
    trustStore: mtls(() => (trustStore ? known(true, read.at(trustStore)) : read.byDefault(false))),
    ignoreClientCertificateExpiry: mtls(() => read.bool(field(mutual?.[0], 'ignore_client_certificate_expiry'), false)),
  }
}

const AUTHENTICATE_BLOCKS: Readonly<Record<string, string>> = {
  'authenticate-cognito': 'authenticate_cognito',
  'authenticate-oidc': 'authenticate_oidc',
}

/** What an authenticate action does when the caller is not authenticated, and its session length; nothing for other action types. */
export function authenticateSettings(
  resource: TfResource,
  action: TfValue,
  type: Fact<string>,
): { onUnauthenticatedRequest?: Fact<string>; sessionTimeout?: Fact<number> } {
  if (!type.known) return {}
  const name = AUTHENTICATE_BLOCKS[type.value.toLowerCase()]
  if (name === undefined) return {}
  const read = readerOf(resource, action.range)
  const value = field(action, name)
  const config = blocks(value)
  if (config === undefined) {
    const why = `the ${name} block is known only after apply`
    return { onUnauthenticatedRequest: unknown(why, read.at(value!)), sessionTimeout: unknown(why, read.at(value!)) }
  }
  const on = read.str(field(config[0], 'on_unauthenticated_request'), AUTHENTICATE_DEFAULT_ON_UNAUTHENTICATED)
  return {
    onUnauthenticatedRequest: on.known ? known(on.value.toLowerCase(), on.at) : on,
    sessionTimeout: read.num(field(config[0], 'session_timeout'), AUTHENTICATE_DEFAULT_SESSION_TIMEOUT_S),
  }
}

/** One attribute from its argument, read as its AWS default's type; defaulted at the element when not set. */
function attribute<T extends boolean | number | string>(read: Reader, value: TfValue | undefined, fallback: T): Fact<T> {
  if (typeof fallback === 'boolean') return read.bool(value, fallback) as Fact<T>
  if (typeof fallback === 'number') return read.num(value, fallback) as Fact<T>
  const text = read.str(value, fallback)
  return (text.known ? known(text.value.toLowerCase(), text.at) : text) as Fact<T>
}

export function loadBalancerAttributes(read: Reader): LoadBalancerAttributes {
  const { arg } = read
  const table = LOAD_BALANCER_ATTRIBUTES
  const logsValue = arg('access_logs')
  const logs = blocks(logsValue)
  return {
    dropInvalidHeaderFields: attribute(read, arg('drop_invalid_header_fields'), table.dropInvalidHeaderFields.default),
    desyncMitigationMode: attribute<string>(read, arg('desync_mitigation_mode'), table.desyncMitigationMode.default),
    idleTimeoutSeconds: attribute<number>(read, arg('idle_timeout'), table.idleTimeoutSeconds.default),
    // `enabled` is false when not set, even with a bucket.
    accessLogs:
      logs === undefined
        ? unknown('the access_logs block is known only after apply', read.at(logsValue!))
        : attribute(read, field(logs[0], 'enabled'), table.accessLogs.default),
    http2: attribute<boolean>(read, arg('enable_http2'), table.http2.default),
    deletionProtection: attribute(read, arg('enable_deletion_protection'), table.deletionProtection.default),
    preserveHostHeader: attribute(read, arg('preserve_host_header'), table.preserveHostHeader.default),
    xffHeaderProcessingMode: attribute<string>(read, arg('xff_header_processing_mode'), table.xffHeaderProcessingMode.default),
  }
}

/** A `stickiness` block is on unless its `enabled` says otherwise; without one stickiness is off. */
export function targetGroupAttributes(resource: TfResource, protocol: Fact<string>): TargetGroupAttributes {
  const read = readerOf(resource)
  const { arg } = read
  const table = TARGET_GROUP_ATTRIBUTES
  const typeDefault = defaultStickinessType(protocol.known ? protocol.value : undefined)
  const stickinessValue = arg('stickiness')
  const stickiness = blocks(stickinessValue)
  let enabled: Fact<boolean>
  let type: Fact<string>
  if (stickiness === undefined) {
    const why = 'the stickiness block is known only after apply'
    enabled = unknown(why, read.at(stickinessValue!))
    type = unknown(why, read.at(stickinessValue!))
  } else if (stickiness[0] === undefined) {
    enabled = read.byDefault(table.stickiness.default)
    type = read.byDefault(typeDefault)
  } else {
    const block = readerOf(resource, stickiness[0].range)
    enabled = block.bool(field(stickiness[0], 'enabled'), true)
    type = attribute<string>(block, field(stickiness[0], 'type'), typeDefault)
  }
  return {
    stickiness: enabled,
    stickinessType: type,
    lambdaMultiValueHeaders: attribute(read, arg('lambda_multi_value_headers_enabled'), table.lambdaMultiValueHeaders.default),
    deregistrationDelaySeconds: attribute<number>(read, arg('deregistration_delay'), table.deregistrationDelaySeconds.default),
    loadBalancingAlgorithm: attribute<string>(read, arg('load_balancing_algorithm_type'), table.loadBalancingAlgorithm.default),
  }
}
