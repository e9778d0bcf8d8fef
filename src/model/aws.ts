/**
 * AWS behaviour every frontend relies on, written once: the defaults a service applies when a
 * property is not set. Both frameworks' adapters read them from here, so a CloudFormation
 * template and the same infrastructure in Terraform get the same model.
 */
import { known, unknown, type Fact } from './types.js'

/** Lambda `Timeout` when not set, in seconds. */
export const LAMBDA_DEFAULT_TIMEOUT_S = 3

/** REST (and WebSocket) integration timeout when `TimeoutInMillis` / `timeout_milliseconds` is not set. */
export const REST_DEFAULT_TIMEOUT_MS = 29_000

/** HTTP API integration timeout when not set; HTTP APIs allow at most 30 s. */
export const HTTP_DEFAULT_TIMEOUT_MS = 30_000

/**
 * The listener protocol of an Application Load Balancer listener without one. CloudFormation
 * requires `Protocol` for ALB listeners; the Terraform provider keeps HTTP as its default.
 */
export const ALB_DEFAULT_LISTENER_PROTOCOL = 'HTTP'

/** A redirect without a protocol keeps the request's own: an HTTP listener redirects to HTTP. */
export const REDIRECT_DEFAULT_PROTOCOL = '#{protocol}'

/** `AWS::ElasticLoadBalancingV2::LoadBalancer` `Type` and `aws_lb.load_balancer_type` when not set. */
export const LOAD_BALANCER_DEFAULT_TYPE = 'application'

/** Load balancer scheme when not set. */
export const LOAD_BALANCER_DEFAULT_SCHEME = 'internet-facing'

/** Target group `TargetType` / `target_type` when not set. */
export const TARGET_GROUP_DEFAULT_TARGET_TYPE = 'instance'

/** Target group `ProtocolVersion` / `protocol_version` when not set. */
export const TARGET_GROUP_DEFAULT_PROTOCOL_VERSION = 'HTTP1'

/** Listener mutual TLS mode when not set. */
export const LISTENER_DEFAULT_MTLS_MODE = 'off'

/** REST API endpoint types when `EndpointConfiguration` / `endpoint_configuration` is not set. */
export const REST_DEFAULT_ENDPOINT_TYPES: readonly string[] = ['EDGE']

/** HTTP and WebSocket APIs are always regional. */
export const V2_ENDPOINT_TYPES: readonly string[] = ['REGIONAL']

/** Integration response transfer mode when not set. */
export const INTEGRATION_DEFAULT_TRANSFER_MODE = 'BUFFERED'

/** Integration connection type (`ConnectionType`, `connection_type`, OpenAPI `connectionType`) when not set. */
export const INTEGRATION_DEFAULT_CONNECTION_TYPE = 'INTERNET'

/** Authorization of a REST method or a v2 route without `AuthorizationType` / `authorization_type`. */
export const DEFAULT_AUTHORIZATION = 'NONE'

/** The route key and the stage name of an HTTP API's catch-all route and auto-deployed stage. */
export const V2_DEFAULT_ROUTE_KEY = '$default'
export const V2_DEFAULT_STAGE_NAME = '$default'

/**
 * A v2 route key into its verb and path, both from where the key was written: `GET /orders` is
 * GET on /orders; a key without a verb (`$connect`, `$default`) is ANY.
 */
export function routeParts(routeKey: Fact<string>): { method: Fact<string>; path: Fact<string> } {
  if (!routeKey.known) return { method: routeKey, path: routeKey }
  const space = routeKey.value.indexOf(' ')
  return {
    method: known(space < 0 ? 'ANY' : routeKey.value.slice(0, space).toUpperCase(), routeKey.at),
    path: known(space < 0 ? routeKey.value : routeKey.value.slice(space + 1), routeKey.at),
  }
}

/** A WAF rate-based statement's evaluation window when `EvaluationWindowSec` / `evaluation_window_sec` is not set, in seconds. */
export const WAF_RATE_DEFAULT_WINDOW_S = 300

/** A rate-based statement's aggregation when not set (CloudFormation requires it; the Terraform provider defaults to IP). */
export const WAF_RATE_DEFAULT_AGGREGATE_KEY_TYPE = 'IP'
/**
 * The security policy an HTTPS or TLS listener gets when `SslPolicy` / `ssl_policy` is not set
 * through the API, CloudFormation and Terraform (the console preselects a newer one).
 */
export const LISTENER_DEFAULT_SSL_POLICY = 'ELBSecurityPolicy-2016-08'

/**
 * The lowest TLS version a predefined ELB security policy accepts from clients, for the policies
 * that accept a version older than 1.2 (AWS's table of security policies for Application and
 * Network Load Balancers). Every other predefined policy (`ELBSecurityPolicy-TLS13-1-2-*`,
 * `-TLS13-1-3-*`, `-TLS-1-2-*`, `-FS-1-2-*`) starts at TLS 1.2 or 1.3. AWS names each TLS 1.3
 * policy after its lowest version, so a newer `ELBSecurityPolicy-TLS13-1-0-…` or `-TLS13-1-1-…`
 * variant is read from its name.
 */
const POLICIES_BELOW_TLS12: Readonly<Record<string, '1.0' | '1.1'>> = {
  'elbsecuritypolicy-2016-08': '1.0',
  'elbsecuritypolicy-2015-05': '1.0',
  'elbsecuritypolicy-tls-1-0-2015-04': '1.0',
  'elbsecuritypolicy-fs-2018-06': '1.0',
  'elbsecuritypolicy-tls-1-1-2017-01': '1.1',
  'elbsecuritypolicy-fs-1-1-2019-08': '1.1',
}

/** The TLS version below 1.2 that a predefined listener security policy accepts; undefined for one that starts at 1.2 or later, or that AWS does not predefine. */
export function sslPolicyAcceptsBelowTls12(policy: string): '1.0' | '1.1' | undefined {
  const name = policy.toLowerCase()
  const listed = POLICIES_BELOW_TLS12[name]
  if (listed) return listed
  const tls13 = /^elbsecuritypolicy-tls13-1-([01])-/.exec(name)
  return tls13 ? (tls13[1] === '0' ? '1.0' : '1.1') : undefined
}

/** The security policy AWS recommends for HTTPS and TLS listeners: TLS 1.2 and 1.3, forward secrecy ciphers. */
export const LISTENER_RECOMMENDED_SSL_POLICY = 'ELBSecurityPolicy-TLS13-1-2-2021-06'

/** Listener protocols that terminate TLS, and so have a security policy. */
export const TLS_LISTENER_PROTOCOLS: readonly string[] = ['HTTPS', 'TLS']

/** What an authenticate action does with an unauthenticated request when `OnUnauthenticatedRequest` is not set. */
export const AUTHENTICATE_DEFAULT_ON_UNAUTHENTICATED = 'authenticate'

/** An authenticate action's session length when `SessionTimeout` is not set: 7 days, in seconds. */
export const AUTHENTICATE_DEFAULT_SESSION_TIMEOUT_S = 604_800

/**
 * Load balancer attributes the model reads: the attribute key of the ELB API (what
 * `LoadBalancerAttributes` lists in CloudFormation) and the value AWS uses when it is not set.
 */
export const LOAD_BALANCER_ATTRIBUTES = {
  dropInvalidHeaderFields: { key: 'routing.http.drop_invalid_header_fields.enabled', default: false },
  desyncMitigationMode: { key: 'routing.http.desync_mitigation_mode', default: 'defensive' },
  idleTimeoutSeconds: { key: 'idle_timeout.timeout_seconds', default: 60 },
  accessLogs: { key: 'access_logs.s3.enabled', default: false },
  http2: { key: 'routing.http2.enabled', default: true },
  deletionProtection: { key: 'deletion_protection.enabled', default: false },
  preserveHostHeader: { key: 'routing.http.preserve_host_header.enabled', default: false },
  xffHeaderProcessingMode: { key: 'routing.http.xff_header_processing.mode', default: 'append' },
} as const

/** Target group attributes the model reads, as `LOAD_BALANCER_ATTRIBUTES`; the stickiness type default depends on the protocol. */
export const TARGET_GROUP_ATTRIBUTES = {
  stickiness: { key: 'stickiness.enabled', default: false },
  stickinessType: { key: 'stickiness.type', default: 'lb_cookie' },
  lambdaMultiValueHeaders: { key: 'lambda.multi_value_headers.enabled', default: false },
  deregistrationDelaySeconds: { key: 'deregistration_delay.timeout_seconds', default: 300 },
  loadBalancingAlgorithm: { key: 'load_balancing.algorithm.type', default: 'round_robin' },
} as const

/** Target group protocols of network load balancers, whose stickiness is by source address. */
const NETWORK_TARGET_PROTOCOLS: readonly string[] = ['TCP', 'UDP', 'TCP_UDP', 'TLS']

/** The stickiness type AWS uses for a target group of this protocol (undefined when not set, as for Lambda). */
export function defaultStickinessType(protocol: string | undefined): string {
  return protocol !== undefined && NETWORK_TARGET_PROTOCOLS.includes(protocol.toUpperCase()) ? 'source_ip' : TARGET_GROUP_ATTRIBUTES.stickinessType.default
}

/** REST stage cache cluster size when `CacheClusterSize` / `cache_cluster_size` is not set, in GB. */
export const REST_DEFAULT_CACHE_CLUSTER_SIZE = '0.5'

/** How long a REST method caches a response when caching is on and no TTL is set, in seconds. */
export const REST_DEFAULT_CACHE_TTL_S = 300

/** Execution logging of a stage or method when no logging level is set. */
export const STAGE_DEFAULT_LOGGING_LEVEL = 'OFF'

/** An API key is enabled unless `Enabled` / `enabled` says otherwise. */
export const API_KEY_DEFAULT_ENABLED = true

/**
 * `AssignPublicIp` of an ECS service's awsvpc configuration when not set: tasks get no public
 * address.
 */
export const ECS_DEFAULT_ASSIGN_PUBLIC_IP = false

/**
 * A usage plan's per-method throttle key, `{resourcePath}/{httpMethod}` (`/orders/{id}/GET`,
 * `/*\/*`), as a route key (`GET /orders/{id}`, `* /*`), from where the key was written.
 */
export function usagePlanThrottleRoute(key: Fact<string>): Fact<string> {
  if (!key.known) return key
  const slash = key.value.lastIndexOf('/')
  if (slash < 0) return unknown(`the throttle key ${key.value} names no method`, key.at)
  return known(`${key.value.slice(slash + 1).toUpperCase()} /${key.value.slice(0, slash).replace(/^\/+/, '')}`, key.at)
}

/**
 * Security policy of a custom domain without `SecurityPolicy` / `security_policy`: REST domains
 * accept TLS 1.0 and later; v2 domains (HTTP and WebSocket APIs) only offer TLS 1.2.
 */
export const REST_DOMAIN_DEFAULT_SECURITY_POLICY = 'TLS_1_0'
export const V2_DOMAIN_DEFAULT_SECURITY_POLICY = 'TLS_1_2'

/** Endpoint type of a custom domain without an endpoint configuration: REST domains are edge-optimized, v2 domains regional. */
export const REST_DOMAIN_DEFAULT_ENDPOINT_TYPE = 'EDGE'
export const V2_DOMAIN_DEFAULT_ENDPOINT_TYPE = 'REGIONAL'

/** A base path mapping or API mapping without a base path (mapping key) maps the domain's root. */
export const DOMAIN_MAPPING_DEFAULT_BASE_PATH = ''

/** `DisableExecuteApiEndpoint` / `disable_execute_api_endpoint` when not set: the `execute-api` endpoint stays open. */
export const EXECUTE_API_ENDPOINT_DEFAULT_DISABLED = false

/** `effect` of an `aws_iam_policy_document` statement without one (IAM itself requires `Effect`). */
export const POLICY_DOCUMENT_DEFAULT_EFFECT = 'Allow'

/** A REST private custom domain (`AWS::ApiGateway::DomainNameV2`) serves private APIs. */
export const PRIVATE_DOMAIN_ENDPOINT_TYPE = 'PRIVATE'

/** SAM's `Domain.EndpointConfiguration` when not set. */
export const SAM_DOMAIN_DEFAULT_ENDPOINT_TYPE = 'REGIONAL'
