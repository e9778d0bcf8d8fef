/**
 * AWS behaviour every frontend relies on, written once: the defaults a service applies when a
 * property is not set. Both frameworks' adapters read them from here, so a CloudFormation
 * template and the same infrastructure in Terraform get the same model.
 */

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
