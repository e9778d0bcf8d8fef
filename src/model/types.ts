/**
 * The AWS vocabulary rules speak. Both the CloudFormation and the Terraform adapters produce
 * these elements; a rule never sees a framework's property names.
 *
 * Every fact that could come from an unresolvable expression is a `Fact`: known with a value,
 * or unknown with the reason. Rules treat unknown as "cannot tell", never as false.
 */
import type { Range } from '../core/types.js'

/**
 * Where a fact was written: the range of the property's value in its file. A fact that AWS
 * defaults (the property is not set) has `defaulted: true` and the range of the element the
 * default applies to. Absent when a frontend cannot tell.
 */
export interface FactOrigin {
  file: string
  range: Range
  defaulted?: true
}

export type Fact<T> = ({ known: true; value: T } | { known: false; why: string }) & { at?: FactOrigin }

export function known<T>(value: T, at?: FactOrigin): Fact<T> {
  return at === undefined ? { known: true, value } : { known: true, value, at }
}

export function unknown<T>(why: string, at?: FactOrigin): Fact<T> {
  return at === undefined ? { known: false, why } : { known: false, why, at }
}

/** The same fact, said to come from `at` (kept as it is when `at` is undefined). */
export function factAt<T>(fact: Fact<T>, at: FactOrigin | undefined): Fact<T> {
  return at === undefined ? fact : { ...fact, at }
}

/** Where an element came from: the file and range that produced it and its resource address. */
export interface Source {
  file: string
  range: Range
  /** CloudFormation logical id or Terraform address; for SAM events `Function.Events.Name`. */
  address: string
  constructPath?: string
  /** For an element read from a Terraform plan: the resource's block in the `.tf` sources, when those were scanned too. */
  configLocation?: { file: string; range: Range }
}

interface ElementBase {
  /** Unique within a model. */
  id: string
  source: Source
}

/** Exposure the user declared in configuration; beats what the template implies. */
export type DeclaredExposure = 'public' | 'partner' | 'internal' | 'private'

export interface LoadBalancer extends ElementBase {
  kind: 'load-balancer'
  declaredExposure?: DeclaredExposure
  lbType: Fact<'application' | 'network' | 'gateway'>
  scheme: Fact<'internet-facing' | 'internal'>
  /** Ids of the security groups in the model attached to the load balancer. */
  securityGroups: string[]
  /**
   * Attached security groups that are not in the model, as written (`sg-0abc…`): their rules are
   * not known. Unknown when the list itself, or one entry, cannot be resolved. Known and empty with
   * `securityGroups` empty: the template attaches none (AWS then gives an application load balancer
   * the VPC's default security group, whose rules the template does not show).
   */
  otherSecurityGroups: Fact<string[]>
}

export const ALB_AUTH_ACTIONS: ReadonlySet<string> = new Set([
  'authenticate-cognito',
  'authenticate-oidc',
  'jwt-validation',
])

export interface ListenerAction {
  type: Fact<string>
  /** Explicit `Order`; absent means the position in the list decides. */
  order: Fact<number> | undefined
  /** Ids of target groups this action forwards to (resolved references only). */
  targetGroups: string[]
  /** Target group references that could not be resolved to a target group in the model. */
  unresolvedTargetGroups: number
  /** The protocol a `redirect` action sends the client to; undefined for other action types. */
  redirectProtocol: Fact<string> | undefined
  source: Source
}


export interface Listener extends ElementBase {
  kind: 'listener'
  loadBalancer: string | undefined
  protocol: Fact<string>
  port: Fact<number>
  defaultActions: ListenerAction[]
  mtlsMode: Fact<'off' | 'passthrough' | 'verify'>
  declaredExposure?: DeclaredExposure
}

export interface ListenerRule extends ElementBase {
  kind: 'listener-rule'
  listener: string | undefined
  priority: Fact<number>
  /** `source-ip` conditions hold CIDR ranges: a request from outside them does not match the rule. */
  conditions: Array<{ field: string; values: string[] }>
  actions: ListenerAction[]
  declaredExposure?: DeclaredExposure
}

export interface TargetGroup extends ElementBase {
  kind: 'target-group'
  targetType: Fact<string>
  protocolVersion: Fact<string>
  /** Ids of functions registered as targets. */
  functions: string[]
  declaredExposure?: DeclaredExposure
  /**
   * Ids of the application load balancers registered as targets of a target group of type `alb`
   * (an NLB in front of an ALB); absent when the group registers none the model holds.
   */
  loadBalancers?: string[]
}

/** Where an ingress rule admits traffic from: an address range, a prefix list or members of a security group. */
export type IngressPeer =
  | { kind: 'cidr'; cidr: string }
  | { kind: 'prefix-list'; id: string }
  /** `group` is the id of a security group in the model when the reference resolves, else the id as written. */
  | { kind: 'security-group'; group: string }

/** One inbound rule of a security group, inline or a resource of its own. */
export interface IngressRule {
  /** `-1` for every protocol (`all` in Terraform), else the protocol in lower case: `tcp`, `udp`, `icmp`, `6`, ... */
  protocol: Fact<string>
  /** The port range; ignored for protocol `-1`. */
  fromPort: Fact<number>
  toPort: Fact<number>
  /** Every source the rule admits; unknown when one of them cannot be resolved. */
  peers: Fact<IngressPeer[]>
  source: Source
}

export interface SecurityGroup extends ElementBase {
  kind: 'security-group'
  /** The inline ingress rules; unknown when the list cannot be resolved. */
  ingress: Fact<IngressRule[]>
}

/** An ingress rule written as its own resource (`AWS::EC2::SecurityGroupIngress`, `aws_security_group_rule`, ...). */
export interface SecurityGroupIngress extends ElementBase {
  kind: 'security-group-ingress'
  /** The security group in the model the rule is added to; undefined when it is not in the model. */
  group: string | undefined
  rule: IngressRule
}

export interface LambdaFunction extends ElementBase {
  kind: 'function'
  /** Seconds. */
  timeout: Fact<number>
  /** Where the timeout came from, for messages. */
  timeoutOrigin: 'own' | 'globals' | 'default'
  /** Source of the `Timeout` value itself when the function sets it (or Globals does). */
  timeoutSource?: Source
}

export interface FunctionUrl extends ElementBase {
  kind: 'function-url'
  function: string | undefined
  authType: Fact<string>
}

export interface LambdaPermission extends ElementBase {
  kind: 'permission'
  function: string | undefined
  principal: Fact<string>
  sourceArn: Fact<string> | undefined
}

export type ApiProtocol = 'REST' | 'HTTP' | 'WEBSOCKET'

export interface TrafficDeclaration {
  requestsPerSecond: Fact<number>
  averagePayloadKB: Fact<number> | undefined
  /** Where the template declares it; absent when the declaration comes from configuration. */
  source?: Source
}

export interface Api extends ElementBase {
  kind: 'api'
  declaredExposure?: DeclaredExposure
  protocol: ApiProtocol
  name: string
  endpointTypes: Fact<string[]>
  hasResourcePolicy: Fact<boolean>
  traffic: TrafficDeclaration | undefined
  /** True for APIs SAM creates implicitly (`ServerlessRestApi`, `ServerlessHttpApi`). */
  implicit: boolean
  /** REST features an ALB cannot give, found on this API (request validators, mapping templates, ...). */
  features: Set<ApiFeature>
  /**
   * `DisableExecuteApiEndpoint`: true when clients can reach the API only through its custom
   * domains. Defaulted false at the API; absent from APIs built by code that does not read it.
   */
  executeApiEndpointDisabled?: Fact<boolean>
  /** The resource policy as read, when the API has one (see `hasResourcePolicy`) and it could be read at all. */
  resourcePolicy?: ResourcePolicy
}

export type ApiFeature =
  | 'api-keys'
  | 'usage-plans'
  | 'caching'
  | 'request-validation'
  | 'mapping-templates'
  | 'service-integrations'

export interface Stage extends ElementBase {
  kind: 'stage'
  api: string
  name: Fact<string>
  /** Stage-wide throttling set on the stage itself (`MethodSettings` for `/*`, `DefaultRouteSettings`). */
  throttled: Fact<boolean>
  /**
   * Settings the stage gives single routes or methods (HTTP and WebSocket `RouteSettings`, REST
   * `MethodSettings` for a path and method), in the order written; absent or empty when there are
   * none. `route` is in route key form, `METHOD /path` (`GET /orders/{id}`, REST paths decoded
   * from `~1`), or a key without a verb (`$default`, `$connect`); a REST wildcard is `*` for the
   * method and `/*` for the path. `throttled`: whether the entry sets a rate or burst limit.
   */
  routeThrottles?: Array<{ route: Fact<string>; throttled: Fact<boolean> }>
  cacheEnabled: Fact<boolean>
}

export interface Authorizer extends ElementBase {
  kind: 'authorizer'
  api: string | undefined
  authorizerType: Fact<string>
}

export interface Integration extends ElementBase {
  kind: 'integration'
  api: string | undefined
  integrationType: Fact<string>
  /** Functions invoked synchronously by this integration. */
  functions: string[]
  /** Integration timeout in milliseconds; unknown when it cannot be resolved. */
  timeoutMs: Fact<number>
  /** True when `TimeoutInMillis` was not set and the front door's default applies. */
  timeoutDefaulted: boolean
  transferMode: Fact<string>
  /** `INTERNET` (defaulted) or `VPC_LINK`; absent from integrations built by code that does not read it. */
  connectionType?: Fact<string>
  /** Id of the VPC link in the model that a `VPC_LINK` integration goes through. */
  vpcLink?: string
  /**
   * Id of the listener or load balancer in the model that a private integration reaches: the
   * listener its URI names (v2), the load balancer its `IntegrationTarget` names, or the network
   * load balancer of its VPC link V1.
   */
  privateTarget?: string
}

/** A REST method or an HTTP/WebSocket route: the place a request enters an API. */
export interface Operation extends ElementBase {
  kind: 'operation'
  api: string | undefined
  /** `GET`, `ANY`, ... ; for routes the verb of the route key. */
  method: Fact<string>
  /** `/orders/{id}`; unknown when the resource tree cannot be resolved. */
  path: Fact<string>
  /** `NONE`, `AWS_IAM`, `COGNITO_USER_POOLS`, `CUSTOM`, `JWT`. */
  authorization: Fact<string>
  authorizer: string | undefined
  apiKeyRequired: Fact<boolean>
  integration: string | undefined
  /** True when created by SAM from a function's event. */
  fromSam: boolean
}

export interface UsagePlan extends ElementBase {
  kind: 'usage-plan'
  stages: Array<{ api: string | undefined; stage: Fact<string> }>
  throttled: boolean
  quota: { limit: Fact<number>; period: Fact<string> } | undefined
}

export interface WafAssociation extends ElementBase {
  kind: 'waf-association'
  /** Id of the load balancer, stage or API protected, when resolved. */
  resource: string | undefined
}

export type Element =
  | LoadBalancer
  | Listener
  | ListenerRule
  | TargetGroup
  | LambdaFunction
  | FunctionUrl
  | LambdaPermission
  | Api
  | Stage
  | Authorizer
  | Integration
  | Operation
  | UsagePlan
  | WafAssociation
  | SecurityGroup
  | SecurityGroupIngress
  | CustomDomain
  | DomainMapping
  | VpcLink

export type ElementKind = Element['kind']
export type ElementOf<K extends ElementKind> = Extract<Element, { kind: K }>

/** The elements of a model by id, by kind and by relation: what deriving request paths reads of a `Model`. */
export interface ElementIndex {
  getKind<K extends ElementKind>(id: string | undefined, kind: K): ElementOf<K> | undefined
  all<K extends ElementKind>(kind: K): ElementOf<K>[]
  /** The stages of the API with this id, in model order. */
  stagesOf(api: string): readonly Stage[]
  /** The usage plans with at least one stage entry for the API with this id, in model order. */
  usagePlansOf(api: string): readonly UsagePlan[]
  /** The separate ingress resources of the security group with this id, in model order. */
  ingressOf(group: string): readonly SecurityGroupIngress[]
  /** The domain mappings to the API with this id, in model order. */
  domainsOf(api: string): readonly DomainMapping[]
}

/** A custom domain name of API Gateway: REST (`AWS::ApiGateway::DomainName`) or v2, for HTTP and WebSocket APIs. */
export interface CustomDomain extends ElementBase {
  kind: 'custom-domain'
  /** The API family the domain serves: REST domains map REST APIs, HTTP domains (v2) HTTP and WebSocket APIs. */
  protocol: 'REST' | 'HTTP'
  domainName: Fact<string>
  /** `EDGE`, `REGIONAL` or `PRIVATE`. */
  endpointType: Fact<string>
  /** `TLS_1_0`, `TLS_1_2` or a newer policy name, as AWS names it. */
  securityPolicy: Fact<string>
  /** Mutual TLS: a truststore is configured. */
  mtls: Fact<boolean>
}

/** A base path mapping (REST) or API mapping (v2): requests to the domain under `basePath` go to a stage of an API. */
export interface DomainMapping extends ElementBase {
  kind: 'domain-mapping'
  /** Id of the custom domain in the model; undefined when the domain is not in it. */
  domain: string | undefined
  /** The domain name as written, for a domain of another stack or module. */
  domainName: Fact<string>
  /** Id of the API in the model; undefined when the API is not in it. */
  api: string | undefined
  stage: Fact<string>
  /** The base path; `''` maps the domain's root (defaulted at the mapping when not set). */
  basePath: Fact<string>
}

/** A VPC link: V1 (REST, to network load balancers) or V2 (HTTP and REST, into subnets). */
export interface VpcLink extends ElementBase {
  kind: 'vpc-link'
  version: 'V1' | 'V2'
  /** V1: ids of the load balancers in the model its `TargetArns` name. */
  loadBalancers: string[]
  /** V1: whether its targets could all be resolved to load balancers in the model. */
  targetsResolved: Fact<boolean>
  /** V2: ids of the security groups in the model it attaches. */
  securityGroups: string[]
}

/**
 * A resource policy, read statement by statement. Each part is a fact: a policy built with
 * `Fn::Sub` or `jsonencode` from values known only at deploy time keeps what is known.
 */
export interface ResourcePolicy {
  /** The statements; unknown when the document or its statement list cannot be read. */
  statements: Fact<PolicyStatement[]>
  at?: FactOrigin
}

export interface PolicyStatement {
  effect: Fact<'Allow' | 'Deny'>
  /** `anyone` for `"*"` or an AWS principal `"*"`; else the principals listed, as written. `NotPrincipal` is unknown. */
  principal: Fact<{ anyone: true } | { anyone: false; principals: string[] }>
  /** The actions; `negated` for `NotAction`. */
  actions: Fact<{ negated: boolean; values: string[] }>
  /**
   * The resources; `negated` for `NotResource`. A resource written with parts known only at
   * deploy time (`Fn::Sub`, a Terraform template) keeps its known text, each unknown part
   * written `${?}` (`UNKNOWN_PART` in policy.ts).
   */
  resources: Fact<{ negated: boolean; values: string[] }>
  /** The conditions, one per operator and key; empty without a `Condition`. */
  conditions: Fact<PolicyCondition[]>
  at?: FactOrigin
}

export interface PolicyCondition {
  /** `StringEquals`, `StringNotEquals`, `IpAddress`, `ForAnyValue:StringLike`, ... as written. */
  operator: string
  /** `aws:SourceVpc`, `aws:SourceVpce`, `aws:SourceIp`, `aws:PrincipalOrgID`, ... as written. */
  key: string
  values: Fact<string[]>
}
