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

/** Exposure the user declared (in the template or in configuration); beats what the template implies. */
export type DeclaredExposure = 'public' | 'partner' | 'internal' | 'private'

export const DECLARED_EXPOSURES: readonly DeclaredExposure[] = ['public', 'partner', 'internal', 'private']

/** What a front door's clients need from it, as declared; no template says these. */
export const DECLARED_NEEDS = [
  'api-keys',
  'per-client-quota',
  'request-validation',
  'caching',
  'transformation',
  'websocket',
  'grpc',
  'long-running',
  'large-payload',
  'sticky-sessions',
] as const
export type DeclaredNeed = (typeof DECLARED_NEEDS)[number]

/**
 * What a front door (a load balancer or an API) declares about itself besides traffic: in
 * CloudFormation `Metadata.iac-lint`, in Terraform `iac-lint:*` tags, or in the configuration's
 * `resources` (which wins). A fact read from the template points at the declaration; one from
 * configuration has no `at`. Unknown when the value depends on something the scan cannot know.
 */
export interface FrontDoorDeclaration {
  exposure?: Fact<DeclaredExposure>
  needs?: Fact<DeclaredNeed[]>
  /** Largest request body clients send, in KB (1,000 bytes). */
  maxRequestKB?: Fact<number>
  /** Largest response body the front door returns, in KB. */
  maxResponseKB?: Fact<number>
}

export interface LoadBalancer extends ElementBase {
  kind: 'load-balancer'
  declaredExposure?: DeclaredExposure
  /** Exposure, needs and sizes the load balancer declares; absent when it declares none. */
  declared?: FrontDoorDeclaration
  /** Traffic the load balancer declares (as an API's `traffic`); absent when it declares none. */
  traffic?: TrafficDeclaration
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
  /** `LoadBalancerAttributes` / the `aws_lb` arguments, each defaulted as AWS does; absent when the frontend does not read them. */
  attributes?: LoadBalancerAttributes
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
  /**
   * What an `authenticate-cognito` or `authenticate-oidc` action does with a request that is not
   * authenticated: `deny`, `allow` or `authenticate` (in lower case, `authenticate` when not set);
   * undefined for other action types.
   */
  onUnauthenticatedRequest?: Fact<string>
  /** Seconds an authenticate action's session lasts (604,800 when not set); undefined for other action types. */
  sessionTimeout?: Fact<number>
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
  /** Security policy, certificates and mutual TLS details; absent when the frontend does not read them. */
  tls?: ListenerTls
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
  /** The port targets receive traffic on (`Port`, `port`); a target may register another. Absent when the frontend does not read it. */
  port?: Fact<number>
  /** `TargetGroupAttributes` / the target group arguments, each defaulted as AWS does; absent when the frontend does not read them. */
  attributes?: TargetGroupAttributes
  /**
   * Ids of the application load balancers registered as targets of a target group of type `alb`
   * (an NLB in front of an ALB); absent when the group registers none the model holds.
   */
  loadBalancers?: string[]
  /**
   * What the deployment creates before the target group: the ids of the resources it depends on,
   * directly or through others (CloudFormation `DependsOn` and the resources its properties
   * reference), `at` its `DependsOn` (defaulted at the group without one). Unknown when a
   * `DependsOn` entry cannot be read. Set only by frontends whose deployment registers targets
   * with the group itself (CloudFormation `Targets`), for Lambda target groups that register
   * functions; absent otherwise.
   */
  dependsOn?: Fact<string[]>
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
  /** `lambda:InvokeFunction`, `lambda:InvokeFunctionUrl`, ... as written. */
  action: Fact<string>
  principal: Fact<string>
  /** Each condition below is undefined when the permission does not set it. */
  sourceArn: Fact<string> | undefined
  /**
   * The text of a source ARN known only at deploy time, each unknown part written `${?}`
   * (`UNKNOWN_PART` in policy.ts): `arn:aws:execute-api:${?}:${?}:*\/*` still names every API.
   * Absent when the source ARN is known, or is not text built around unknown parts.
   */
  sourceArnPattern?: string
  sourceAccount: Fact<string> | undefined
  /** `PrincipalOrgID` / `principal_org_id`: only principals of this AWS Organizations organization. */
  principalOrgId: Fact<string> | undefined
  /** `FunctionUrlAuthType` / `function_url_auth_type`: the permission applies only to function URL requests of this auth type. */
  functionUrlAuthType: Fact<string> | undefined
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
  /** Exposure, needs and sizes the API declares; absent when it declares none. */
  declared?: FrontDoorDeclaration
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
   * For an API defined by an OpenAPI definition: how many operations the definition gives, or
   * why its routes cannot be told (a definition in S3, a body that does not resolve, a path whose
   * methods are unknown). The operations it gives are in the model; absent without a definition.
   */
  definitionRoutes?: Fact<number>
  /** Where API keys are read from (`HEADER`, `AUTHORIZER`); set when an OpenAPI definition says (`x-amazon-apigateway-api-key-source`). */
  apiKeySource?: Fact<string>
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
  /** Logging, tracing and caching; absent when the frontend that built the stage does not read them. */
  settings?: StageSettings
}

export interface Authorizer extends ElementBase {
  kind: 'authorizer'
  api: string | undefined
  authorizerType: Fact<string>
  /** Lambda functions the authorizer invokes; set by the adapters that read it (OpenAPI definitions). */
  functions?: string[]
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
  /** The VPC link of a `VPC_LINK` integration as written (an id, or unknown with the reason); set by the OpenAPI reader. */
  connectionId?: Fact<string>
  /** HTTP API Lambda payload format (`1.0`, `2.0`); set by the adapters that read it (OpenAPI definitions). */
  payloadFormatVersion?: Fact<string>
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
  /**
   * `throttles`: the stage entry's per-method limits (`ApiStages[].Throttle`, `api_stages { throttle {} }`),
   * each route in the form of `Stage.routeThrottles` (`GET /orders`); absent when the frontend does not read them.
   */
  stages: Array<{ api: string | undefined; stage: Fact<string>; throttles?: Array<{ route: Fact<string>; throttled: Fact<boolean> }> }>
  throttled: boolean
  quota: { limit: Fact<number>; period: Fact<string> } | undefined
  /**
   * The keys added to the plan (`UsagePlanKey`, `aws_api_gateway_usage_plan_key`, SAM's generated
   * key), in model order: `key` is the id of the API key in the model, undefined when the key the
   * resource names is not in the model. Absent when the frontend does not read them.
   */
  keys?: Array<{ key: string | undefined; source: Source }>
}

export interface WafAssociation extends ElementBase {
  kind: 'waf-association'
  /** Id of the load balancer, stage or API protected, when resolved. */
  resource: string | undefined
  /**
   * The web ACL: its id when the reference resolves to a web ACL in the model, else the ARN as
   * written; unknown when it cannot be resolved (a parameter without a default, an import).
   */
  webAcl: Fact<string>
  /** The protected resource is an HTTP or WebSocket API or one of its stages: AWS WAF cannot protect those, the deployment fails. */
  unsupported: boolean
}

export type Element =
  | ApiKey
  | EcsService
  | AutoScalingGroup
  | Instance
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
  | WebAcl
  | CloudFrontDistribution
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

/** What a WAF rule does with a request its statement matches. */
export type WafRuleAction = 'allow' | 'block' | 'count' | 'captcha' | 'challenge'

/** What a rule that runs a rule group does to the group's own actions: `none` keeps them, `count` only counts. */
export type WafOverrideAction = 'none' | 'count'

/**
 * A rule's statement, as far as rules need it: rate-based and rule group statements with their
 * settings, `and`/`or`/`not` with what they hold (so a rate-based statement can be found where it
 * is written), every other kind by its name (`byte-match`, `geo-match`, `ip-set-reference`, ...).
 */
export type WafStatement =
  | {
      kind: 'rate-based'
      /** Requests per evaluation window for one aggregation instance. */
      limit: Fact<number>
      /** Seconds. */
      windowSeconds: Fact<number>
      /** `IP`, `FORWARDED_IP`, `CUSTOM_KEYS`, `CONSTANT`. */
      aggregateKeyType: Fact<string>
      /** Only requests that match a scope-down statement are counted. */
      scopedDown: boolean
    }
  | {
      kind: 'managed-rule-group'
      vendor: Fact<string>
      name: Fact<string>
      /** How many of the group's rules are excluded or have their action overridden. */
      changedRules: Fact<number>
    }
  | {
      kind: 'rule-group'
      /** The rule group's id in the template or module when the reference resolves, else its ARN as written. */
      ruleGroup: Fact<string>
      changedRules: Fact<number>
    }
  | { kind: 'and' | 'or' | 'not'; statements: Fact<WafStatement[]> }
  | { kind: 'other'; type: string }

export interface WafRule {
  name: Fact<string>
  priority: Fact<number>
  /** The rule's `Action`; undefined when it has an override action instead (a rule group statement). Unknown when neither is set. */
  action: Fact<WafRuleAction> | undefined
  overrideAction: Fact<WafOverrideAction> | undefined
  statement: Fact<WafStatement>
  source: Source
}

export interface WebAcl extends ElementBase {
  kind: 'web-acl'
  name: Fact<string>
  scope: Fact<'REGIONAL' | 'CLOUDFRONT'>
  defaultAction: Fact<'allow' | 'block'>
  /** In the order written; unknown when the list cannot be read (a parameter, Terraform `rule_json` that cannot be parsed). */
  rules: Fact<WafRule[]>
  /**
   * A logging configuration names this web ACL. Unknown when one in the template or module names
   * a web ACL that cannot be resolved; known false when none does.
   */
  logged: Fact<boolean>
}

/** What a CloudFront origin's domain name points at, among the elements a rule can look up. */
export type OriginTarget =
  | { kind: 'load-balancer' | 'api'; id: string }
  /** An API Gateway custom domain name resource, by its id in the template or module. */
  | { kind: 'api-domain-name'; id: string }

export interface CloudFrontOrigin {
  id: Fact<string>
  domainName: Fact<string>
  /** Undefined when the domain name refers to nothing in the template: `domainName` says what it is. */
  target: OriginTarget | undefined
  /** `http-only`, `https-only`, `match-viewer`; undefined for an origin without a custom origin configuration (S3). */
  protocolPolicy: Fact<string> | undefined
  /** Names of the custom headers CloudFront adds to origin requests (values are never read). */
  customHeaders: Fact<string[]>
}

export interface CloudFrontDistribution extends ElementBase {
  kind: 'cloudfront-distribution'
  origins: Fact<CloudFrontOrigin[]>
  /** The viewer protocol policy of the default cache behaviour: `allow-all`, `redirect-to-https`, `https-only`. */
  viewerProtocolPolicy: Fact<string>
  /**
   * `WebACLId` / `web_acl_id`: the id of a web ACL in the model when the reference resolves, else
   * as written (a WAFv2 ARN or a classic WAF id); unknown when it cannot be resolved; undefined
   * when the distribution has none.
   */
  webAcl: Fact<string> | undefined
}

/**
 * Stage settings beyond throttling. REST stages read `CacheClusterSize`, `TracingEnabled`,
 * `AccessLogSetting` and `MethodSettings` (a Deployment's `StageDescription`; SAM's `Api`), and in
 * Terraform `aws_api_gateway_stage` with the `aws_api_gateway_method_settings` for the stage; HTTP
 * and WebSocket stages read `AccessLogSettings`, `DefaultRouteSettings` and `RouteSettings`.
 */
export interface StageSettings {
  /** Cache cluster size in GB as AWS writes it (`0.5`, `6.1`, ...), `0.5` when not set; undefined for HTTP and WebSocket stages. */
  cacheClusterSize: Fact<string> | undefined
  /** X-Ray active tracing; undefined for HTTP and WebSocket stages, which have none. */
  tracingEnabled: Fact<boolean> | undefined
  /** Whether access logs are written: a destination is given (`DestinationArn`, `destination_arn`). */
  accessLogs: Fact<boolean>
  /**
   * Stage-wide method settings: a REST `MethodSettings` entry (or method settings resource) for
   * every method (`/*` and `*`), a Deployment's `StageDescription` top-level keys, v2
   * `DefaultRouteSettings`. Full request and response logging (`DataTraceEnabled`).
   */
  dataTrace: Fact<boolean>
  /** `OFF`, `ERROR` or `INFO` (in upper case); `OFF` when not set. */
  loggingLevel: Fact<string>
  /** CloudWatch metrics per method or route (`MetricsEnabled`, `DetailedMetricsEnabled`). */
  metricsEnabled: Fact<boolean>
  /** REST only (undefined otherwise): responses cached for every method, and for how many seconds (300 when not set). */
  cachingEnabled: Fact<boolean> | undefined
  cacheTtlSeconds: Fact<number> | undefined
  /**
   * Settings for single methods or routes, in the order written, in the route form of
   * `Stage.routeThrottles`; the stage-wide entry (`* /*`) is not among them. A field is undefined
   * when the entry does not set it (the stage-wide value holds).
   */
  routes: RouteSettings[]
}

export interface RouteSettings {
  route: Fact<string>
  dataTrace?: Fact<boolean>
  loggingLevel?: Fact<string>
  metricsEnabled?: Fact<boolean>
  cachingEnabled?: Fact<boolean>
  cacheTtlSeconds?: Fact<number>
}

/** TLS on a listener. */
export interface ListenerTls {
  /**
   * The security policy (`SslPolicy`, `ssl_policy`), defaulted on an HTTPS or TLS listener that
   * names none; undefined on a listener known to be neither.
   */
  sslPolicy: Fact<string> | undefined
  /** How many certificates the listener itself lists (the default certificate); unknown when the list cannot be resolved. */
  certificates: Fact<number>
  /** Mutual TLS: whether a trust store is given (`TrustStoreArn`, `trust_store_arn`). */
  trustStore: Fact<boolean>
  /** Mutual TLS: whether expired client certificates are accepted; false when not set. */
  ignoreClientCertificateExpiry: Fact<boolean>
}

/** Load balancer attributes, each known, unknown, or defaulted to what AWS uses (`LOAD_BALANCER_ATTRIBUTES` in aws.ts). */
export interface LoadBalancerAttributes {
  dropInvalidHeaderFields: Fact<boolean>
  /** `monitor`, `defensive` or `strictest`. */
  desyncMitigationMode: Fact<string>
  idleTimeoutSeconds: Fact<number>
  accessLogs: Fact<boolean>
  http2: Fact<boolean>
  deletionProtection: Fact<boolean>
  preserveHostHeader: Fact<boolean>
  /** `append`, `preserve` or `remove`. */
  xffHeaderProcessingMode: Fact<string>
}

/** Target group attributes, each known, unknown, or defaulted to what AWS uses (`TARGET_GROUP_ATTRIBUTES` in aws.ts). */
export interface TargetGroupAttributes {
  stickiness: Fact<boolean>
  /** `lb_cookie`, `app_cookie`, `source_ip`, ... */
  stickinessType: Fact<string>
  lambdaMultiValueHeaders: Fact<boolean>
  deregistrationDelaySeconds: Fact<number>
  /** `round_robin`, `least_outstanding_requests`, `weighted_random`. */
  loadBalancingAlgorithm: Fact<string>
}

/**
 * What registers targets in target groups: ECS services, auto scaling groups and EC2 instances.
 * Each names the target groups it is in (`Model.servicesOf`, `autoScalingGroupsOf`,
 * `instancesOf` look them up from a target group) and the security groups of its targets, split
 * as on a load balancer: `securityGroups` are ids in the model, `otherSecurityGroups` are the
 * others as written, unknown when the list or one entry cannot be resolved.
 */
interface ComputeTargetBase extends ElementBase {
  /** Ids of the target groups in the model it registers targets in. */
  targetGroups: string[]
  securityGroups: string[]
  otherSecurityGroups: Fact<string[]>
}

export interface EcsService extends ComputeTargetBase {
  kind: 'ecs-service'
  /** `FARGATE`, `EC2`, `EXTERNAL`; unknown when a capacity provider strategy (given or the cluster's) decides. */
  launchType: Fact<string>
  /** `AssignPublicIp` / `assign_public_ip` of the awsvpc configuration; false when not set. */
  assignPublicIp: Fact<boolean>
  /** One entry per `LoadBalancers` item / `load_balancer` block: its target group (undefined when not in the model) and container port. */
  loadBalancers: Array<{ targetGroup: string | undefined; containerPort: Fact<number> }>
}

/** Security groups come from its launch template or launch configuration; unknown when that is not in the model. */
export interface AutoScalingGroup extends ComputeTargetBase {
  kind: 'auto-scaling-group'
}

/** An instance registered in a target group (target group `Targets`, `aws_lb_target_group_attachment`). */
export interface Instance extends ComputeTargetBase {
  kind: 'instance'
}

export interface ApiKey extends ElementBase {
  kind: 'api-key'
  /** True when not set. */
  enabled: Fact<boolean>
}
