/**
 * AWS behaviour every frontend relies on, written once: the defaults a service applies when a
 * property is not set. Both frameworks' adapters read them from here, so a CloudFormation
 * template and the same infrastructure in Terraform get the same model.
 */
import { known, type Fact } from './types.js'

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

/** Integration `ConnectionType` / `connection_type` when not set. */
export const INTEGRATION_DEFAULT_CONNECTION_TYPE = 'INTERNET'

/** `effect` of an `aws_iam_policy_document` statement without one (IAM itself requires `Effect`). */
export const POLICY_DOCUMENT_DEFAULT_EFFECT = 'Allow'

/** A REST private custom domain (`AWS::ApiGateway::DomainNameV2`) serves private APIs. */
export const PRIVATE_DOMAIN_ENDPOINT_TYPE = 'PRIVATE'

/** SAM's `Domain.EndpointConfiguration` when not set. */
export const SAM_DOMAIN_DEFAULT_ENDPOINT_TYPE = 'REGIONAL'
