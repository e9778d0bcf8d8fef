/**
 * Request paths: who can reach a target, through which entry point, with which checks on the
 * way. Derived once per model; most fit and security rules are filters over them.
 */
import {
  ALB_AUTH_ACTIONS,
  known,
  unknown,
  type Api,
  type DeclaredExposure,
  type Element,
  type ElementIndex,
  type Fact,
  type FunctionUrl,
  type Integration,
  type LambdaFunction,
  type Listener,
  type ListenerAction,
  type ListenerRule,
  type LoadBalancer,
  type IngressRule,
  type Operation,
  type SecurityGroup,
  type Stage,
  type TargetGroup,
} from './types.js'
import { intersect, isOpenCidr, isPrivateCidr } from './cidr.js'
import { EdgeIndex, undeterminedOrigin, wafLabel, type PathCloudFront, type PathWaf } from './edge.js'

export type { PathCloudFront, PathWaf } from './edge.js'
import { domainsOnPath, executeApiEndpointShown, vpcLinkOnPath, type PathDomain, type PathVpcLink } from './api-edges.js'

type Exposure = 'public' | 'internal' | 'private'

export type CheckKind =
  | 'authenticate-cognito'
  | 'authenticate-oidc'
  | 'jwt-validation'
  | 'mtls-verify'
  | 'authorizer'
  | 'iam'
  | 'api-key'
  | 'resource-policy'
  | 'waf'
  | 'throttling'

/** Checks that establish who the caller is; API keys, WAF and throttling do not. */
export const AUTHENTICATING_CHECKS: ReadonlySet<CheckKind> = new Set<CheckKind>([
  'authenticate-cognito',
  'authenticate-oidc',
  'jwt-validation',
  'mtls-verify',
  'authorizer',
  'iam',
])

interface PathCheck {
  kind: CheckKind
  label: string
}

export interface RequestPath {
  entry: Listener | ListenerRule | Operation | FunctionUrl
  frontDoor: LoadBalancer | Api | undefined
  exposure: Fact<Exposure>
  checks: PathCheck[]
  /** Why some checks could not be determined (an action of unknown type, an unresolved authorizer). */
  undetermined: string[]
  /** Authentication action types configured on the entry but ordered after the forward, so they never run first. */
  ineffective: string[]
  targetGroups: TargetGroup[]
  integration: Integration | undefined
  functions: LambdaFunction[]
  /** The listener port, for load balancer entries. */
  port: Fact<number> | undefined
  /**
   * Who the network lets reach the listener port, for load balancer entries (undefined for the
   * others): the union of what the load balancer's security groups admit on that port, narrowed
   * by the listener rule's `source-ip` condition. Unknown when a security group, a rule or the
   * port cannot be read, when a security group is not in the template, and when the load balancer
   * has none (an ALB then gets the VPC's default group, whose rules the template does not show; an
   * NLB admits what its targets' groups admit). Read it through `internetReach`.
   */
  sources: Fact<PathSources> | undefined
  /** The declaration in configuration that decides `exposure`: the one on the element closest to the entry. */
  declared: { exposure: DeclaredExposure; element: Element } | undefined
  /** The web ACL associated with the load balancer, or with the API or one of its stages; absent when none is. Read it through `wafOf`. */
  waf?: PathWaf
  /**
   * CloudFront distributions whose origin is the front door (for an API, the API or one of its
   * custom domains); absent when there are none. Read them through `cloudFrontOf`.
   */
  cloudFront?: PathCloudFront[]
  /** API paths: the custom domains mapped to the API; absent when none is. */
  customDomains?: PathDomain[]
  /**
   * API paths: whether the `execute-api` endpoint is disabled, shown when a custom domain is
   * mapped to the API (the endpoint is then a way around the domain's checks) or it is disabled.
   */
  executeApiEndpointDisabled?: Fact<boolean>
  /** API paths whose integration goes through a VPC link: the link and the load balancer reached. */
  vpcLink?: PathVpcLink
}

/** A range that reaches the listener port, and the security group whose rule admits it. */
export interface AdmittedRange {
  cidr: string
  securityGroup: SecurityGroup
  /** True when the listener rule's `source-ip` condition narrowed the range the group admits. */
  narrowed: boolean
}

/** A source whose addresses the template does not show: a prefix list, or members of a security group. */
export interface ListedSource {
  kind: 'prefix-list' | 'security-group'
  /** The prefix list or security group as written, or its id in the model. */
  id: string
  /** The security group that admits it. */
  securityGroup: SecurityGroup
}

export interface PathSources {
  /** 0.0.0.0/0 or ::/0 reaches the listener port (after the `source-ip` condition, if any). */
  open: boolean
  /** The address ranges that reach the port, each with the group that admits it. */
  cidrs: AdmittedRange[]
  /** Sources whose addresses are not known; the `source-ip` condition, if any, still bounds them. */
  others: ListedSource[]
  /** The ranges of the listener rule's `source-ip` condition; undefined when it has none. */
  sourceIp: string[] | undefined
}

/**
 * Whether a load balancer path can be reached from the internet, as a rule needs it:
 * - `open`: 0.0.0.0/0 or ::/0 reaches the port, or a declaration in configuration says public or
 *   partner (it beats what the template implies), or the path is not a load balancer path;
 *   a declaration of internal or private is `none`;
 * - `listed`: only the ranges and listed sources given, at least one of them public or of unknown
 *   addresses (a prefix list); private ranges and security groups are left out;
 * - `none`: only private ranges (RFC 1918, shared, loopback, link-local, IPv6 unique local) and
 *   members of security groups: nobody on the internet;
 * - `unknown`: the sources could not be determined.
 */
export type InternetReach =
  | { kind: 'open'; declared: boolean }
  | { kind: 'listed'; cidrs: string[]; prefixLists: string[] }
  | { kind: 'none' }
  | { kind: 'unknown'; why: string }

export function internetReach(path: RequestPath): InternetReach {
  if (path.declared) return fromDeclared(path.declared.exposure) === 'public' ? { kind: 'open', declared: true } : { kind: 'none' }
  if (path.sources === undefined) return { kind: 'open', declared: false }
  if (!path.sources.known) return { kind: 'unknown', why: path.sources.why }
  const { open, cidrs, others, sourceIp } = path.sources.value
  if (open) return { kind: 'open', declared: false }
  const publicRanges = [...new Set(cidrs.map((range) => range.cidr).filter((cidr) => !isPrivateCidr(cidr)))]
  // A prefix list may hold public ranges, unless the source-ip condition keeps them private.
  const bounded = sourceIp !== undefined && sourceIp.every(isPrivateCidr)
  const prefixLists = bounded ? [] : [...new Set(others.filter((other) => other.kind === 'prefix-list').map((other) => other.id))]
  if (publicRanges.length === 0 && prefixLists.length === 0) return { kind: 'none' }
  return { kind: 'listed', cidrs: publicRanges, prefixLists }
}

export function isAuthenticated(path: RequestPath): boolean {
  return path.checks.some((check) => AUTHENTICATING_CHECKS.has(check.kind))
}

/**
 * The web ACL in front of the path's front door, if one is associated. `rateLimited` answers
 * "does a WAF rate-based rule limit this path" (unknown, not false, when it cannot be told), and
 * `unsupported` says the association targets an HTTP or WebSocket API, which AWS WAF cannot protect:
 * such a path has no `waf` check.
 */
export function wafOf(path: RequestPath): PathWaf | undefined {
  return path.waf
}

/** The CloudFront distributions whose origin is the path's front door, each with its web ACL; empty when there are none. */
export function cloudFrontOf(path: RequestPath): readonly PathCloudFront[] {
  return path.cloudFront ?? []
}

/**
 * Whether a CloudFront distribution with a web ACL is in front of the path's front door: true when
 * one has a web ACL (known, in the model or as written); unknown when none does but one's web ACL
 * cannot be resolved, or when a distribution of the model with a web ACL has an origin that cannot
 * be told (it may be this front door); false otherwise.
 */
export function behindCloudFrontWaf(model: ElementIndex, path: RequestPath): Fact<boolean> {
  const acls = cloudFrontOf(path).map(({ distribution }) => distribution.webAcl)
  if (acls.some((acl) => acl?.known)) return known(true)
  const doubt = acls.find((acl) => acl !== undefined)
  if (doubt && !doubt.known) return unknown(doubt.why, doubt.at)
  return undeterminedOrigin(model) ?? known(false)
}

export function derivePaths(model: ElementIndex): RequestPath[] {
  const paths: RequestPath[] = []
  const edge = new EdgeIndex(model)
  for (const listener of model.all('listener')) {
    paths.push(albPath(model, listener, listener, listener.defaultActions, edge))
  }
  for (const rule of model.all('listener-rule')) {
    const listener = model.getKind(rule.listener, 'listener')
    paths.push(albPath(model, rule, listener, rule.actions, edge))
  }
  for (const operation of model.all('operation')) paths.push(apiPath(model, operation, edge))
  for (const url of model.all('function-url')) paths.push(functionUrlPath(model, url))
  // A declaration beats what the template implies: it decides the exposure, even when the front door is not in the template.
  for (const path of paths) {
    if (path.declared) path.exposure = known(fromDeclared(path.declared.exposure))
  }
  return paths
}

function albPath(
  model: ElementIndex,
  entry: Listener | ListenerRule,
  listener: Listener | undefined,
  actions: ListenerAction[],
  edge: EdgeIndex,
): RequestPath {
  const loadBalancer = model.getKind(listener?.loadBalancer, 'load-balancer')
  const undetermined: string[] = []
  const checks: PathCheck[] = []

  const ordered = orderActions(actions, undetermined)
  const firstForward = ordered.findIndex(({ action }) => action.type.known && action.type.value === 'forward')
  const targetGroups = new Set<TargetGroup>()
  for (const { action } of ordered) {
    if (!action.type.known || action.type.value !== 'forward') continue
    for (const id of action.targetGroups) {
      const group = model.getKind(id, 'target-group')
      if (group) targetGroups.add(group)
    }
  }
  const beforeForward = firstForward < 0 ? ordered : ordered.slice(0, firstForward)
  const ineffective = (firstForward < 0 ? [] : ordered.slice(firstForward + 1))
    .filter(({ action }) => action.type.known && ALB_AUTH_ACTIONS.has(action.type.value))
    .map(({ action }) => (action.type as { value: string }).value)
  for (const { action } of beforeForward) {
    if (!action.type.known) {
      undetermined.push(`an action's type is unknown (${action.type.why})`)
      continue
    }
    if (ALB_AUTH_ACTIONS.has(action.type.value)) {
      checks.push({ kind: action.type.value as CheckKind, label: `${action.type.value} action` })
    }
  }

  if (listener) {
    if (listener.mtlsMode.known) {
      if (listener.mtlsMode.value === 'verify') checks.push({ kind: 'mtls-verify', label: 'mutual TLS (verify)' })
    } else {
      undetermined.push(`the listener's mutual TLS mode is unknown (${listener.mtlsMode.why})`)
    }
  } else {
    undetermined.push('the listener is not in this template')
  }
  const waf = edge.waf([loadBalancer?.id])
  if (waf && !waf.unsupported) checks.push({ kind: 'waf', label: wafLabel(waf) })
  const cloudFront = edge.cloudFront(loadBalancer?.id)

  return {
    ...(waf ? { waf } : {}),
    ...(cloudFront.length ? { cloudFront } : {}),
    entry,
    frontDoor: loadBalancer,
    exposure: loadBalancerExposure(loadBalancer, listener),
    sources: loadBalancerSources(model, loadBalancer, listener, entry.kind === 'listener-rule' ? entry : undefined),
    declared: closestDeclaration([entry, listener, loadBalancer, ...targetGroups]),
    checks,
    undetermined,
    ineffective,
    targetGroups: [...targetGroups],
    integration: undefined,
    functions: functionsOf(
      model,
      [...targetGroups].filter((group) => group.targetType.known && group.targetType.value === 'lambda').flatMap((group) => group.functions),
    ),
    port: listener?.port,
  }
}

/** Actions in the order the load balancer performs them: by `Order`, else by position. */
export function orderActions(
  actions: ListenerAction[],
  undetermined: string[],
): Array<{ action: ListenerAction; rank: number }> {
  const ranked = actions.map((action, index) => {
    if (action.order === undefined) return { action, rank: index + 1 }
    if (!action.order.known) {
      undetermined.push(`an action's order is unknown (${action.order.why})`)
      return { action, rank: index + 1 }
    }
    return { action, rank: action.order.value }
  })
  return ranked.sort((a, b) => a.rank - b.rank)
}

function loadBalancerExposure(loadBalancer: LoadBalancer | undefined, listener: Listener | undefined): Fact<Exposure> {
  if (!loadBalancer) {
    return unknown(listener ? 'the load balancer is not in this template' : 'the listener is not in this template')
  }
  if (!loadBalancer.scheme.known) return unknown(loadBalancer.scheme.why)
  return known(loadBalancer.scheme.value === 'internal' ? 'internal' : 'public')
}

/** The declaration of the first element that has one: elements are given closest to the entry first. */
function closestDeclaration(
  elements: Array<Listener | ListenerRule | LoadBalancer | TargetGroup | Api | undefined>,
): RequestPath['declared'] {
  for (const element of elements) {
    if (element?.declaredExposure) return { exposure: element.declaredExposure, element }
  }
  return undefined
}

function loadBalancerSources(
  model: ElementIndex,
  loadBalancer: LoadBalancer | undefined,
  listener: Listener | undefined,
  rule: ListenerRule | undefined,
): Fact<PathSources> {
  if (!listener) return unknown('the listener is not in this template')
  if (!loadBalancer) return unknown('the load balancer is not in this template')
  const others = loadBalancer.otherSecurityGroups
  if (!others.known) return unknown(`the load balancer's security groups are unknown (${others.why})`)
  if (others.value.length > 0) {
    return unknown(`security ${others.value.length === 1 ? 'group' : 'groups'} ${others.value.join(', ')} ${others.value.length === 1 ? 'is' : 'are'} not in this template`)
  }
  if (loadBalancer.securityGroups.length === 0) {
    if (loadBalancer.lbType.known && loadBalancer.lbType.value === 'network') {
      return unknown("the network load balancer has no security groups, so it admits what its targets' security groups admit")
    }
    return unknown("the load balancer has no security groups, so AWS gives it the VPC's default security group, whose rules the template does not show")
  }
  const transport = listener.protocol.known && listener.protocol.value.toUpperCase() === 'UDP' ? 'udp' : 'tcp'
  const cidrs: AdmittedRange[] = []
  const listed: ListedSource[] = []
  const unknowns: string[] = []
  for (const id of loadBalancer.securityGroups) {
    const group = model.getKind(id, 'security-group')
    if (!group) continue
    if (!group.ingress.known) {
      unknowns.push(`the ingress rules of ${group.source.address} are unknown (${group.ingress.why})`)
      continue
    }
    for (const ingress of [...group.ingress.value, ...model.ingressOf(group.id).map((resource) => resource.rule)]) {
      const applies = coversPort(ingress, listener.port, transport)
      if (!applies.known) {
        unknowns.push(`whether a rule of ${group.source.address} admits the listener port is unknown (${applies.why})`)
        continue
      }
      if (!applies.value) continue
      if (!ingress.peers.known) {
        unknowns.push(`a rule of ${group.source.address} admits unknown sources (${ingress.peers.why})`)
        continue
      }
      for (const peer of ingress.peers.value) {
        if (peer.kind === 'cidr') cidrs.push({ cidr: peer.cidr, securityGroup: group, narrowed: false })
        else listed.push({ kind: peer.kind, id: peer.kind === 'prefix-list' ? peer.id : peer.group, securityGroup: group })
      }
    }
  }
  let admitted = cidrs
  let sourceIp: string[] | undefined
  for (const condition of rule?.conditions ?? []) {
    if (condition.field !== 'source-ip') continue
    if (condition.values.length === 0) return unknown("the listener rule's source-ip ranges are unknown")
    sourceIp = sourceIp === undefined ? [...condition.values] : sourceIp.flatMap((a) => condition.values.flatMap((b) => intersect(a, b) ?? []))
  }
  if (sourceIp !== undefined) {
    const bound = sourceIp
    admitted = cidrs.flatMap((range) =>
      bound.flatMap((cidr) => {
        const common = intersect(range.cidr, cidr)
        return common === undefined ? [] : [{ ...range, cidr: common, narrowed: common !== range.cidr }]
      }),
    )
  }
  const open = admitted.some((range) => isOpenCidr(range.cidr))
  if (unknowns.length > 0 && !open) return unknown(unknowns[0]!)
  return known({ open, cidrs: admitted, others: listed, sourceIp })
}

/** Whether the ingress rule admits traffic to the port (a listener's, a target's): protocol `-1` admits every port. */
export function coversPort(rule: IngressRule, port: Fact<number> | undefined, transport: 'tcp' | 'udp'): Fact<boolean> {
  if (!rule.protocol.known) return unknown(`its protocol is ${rule.protocol.why}`)
  const protocol = rule.protocol.value
  if (protocol === '-1') return known(true)
  const matches = transport === 'tcp' ? protocol === 'tcp' || protocol === '6' : protocol === 'udp' || protocol === '17'
  if (!matches) return known(false)
  if (!rule.fromPort.known) return unknown(`its first port is ${rule.fromPort.why}`)
  if (!rule.toPort.known) return unknown(`its last port is ${rule.toPort.why}`)
  if (!port?.known) return unknown(`the listener port is ${port ? port.why : 'not known'}`)
  return known(rule.fromPort.value <= port.value && port.value <= rule.toPort.value)
}

/** A partner endpoint is reachable from the internet like a public one. */
function fromDeclared(declared: DeclaredExposure): Exposure {
  return declared === 'partner' ? 'public' : declared
}

/** The functions the ids name, each once, in first-named order. */
function functionsOf(model: ElementIndex, ids: Iterable<string>): LambdaFunction[] {
  const functions = new Set<LambdaFunction>()
  for (const id of ids) {
    const fn = model.getKind(id, 'function')
    if (fn) functions.add(fn)
  }
  return [...functions]
}

function apiPath(model: ElementIndex, operation: Operation, edge: EdgeIndex): RequestPath {
  const api = model.getKind(operation.api, 'api')
  const checks: PathCheck[] = []
  const undetermined: string[] = []
  let waf: PathWaf | undefined

  if (operation.authorization.known) {
    const type = operation.authorization.value
    if (type === 'AWS_IAM') checks.push({ kind: 'iam', label: 'IAM authorization' })
    else if (type !== 'NONE') {
      const authorizer = model.getKind(operation.authorizer, 'authorizer')
      const detail =
        authorizer?.authorizerType.known && authorizer.authorizerType.value !== type ? ` (${authorizer.authorizerType.value})` : ''
      checks.push({ kind: 'authorizer', label: `${type} authorizer${detail}` })
    }
  } else {
    undetermined.push(`the authorization is unknown (${operation.authorization.why})`)
  }
  if (operation.apiKeyRequired.known && operation.apiKeyRequired.value) {
    checks.push({ kind: 'api-key', label: 'API key required' })
  }
  if (api) {
    if (api.hasResourcePolicy.known && api.hasResourcePolicy.value) {
      checks.push({ kind: 'resource-policy', label: 'resource policy' })
    }
    const stages = model.stagesOf(api.id)
    waf = edge.waf([...stages.map((stage) => stage.id), api.id])
    if (waf && !waf.unsupported) checks.push({ kind: 'waf', label: wafLabel(waf) })
    if (stages.some((stage) => (stage.throttled.known && stage.throttled.value) || usagePlanMayThrottle(model, stage))) {
      checks.push({ kind: 'throttling', label: 'throttling' })
    }
  }

  const integration = model.getKind(operation.integration, 'integration')
  const functions = functionsOf(model, integration?.functions ?? [])
  const domains = api ? domainsOnPath(model, api) : []
  const cloudFront = edge.cloudFrontOfApi(api?.id, domains.map(({ domain }) => domain?.id))
  const endpoint = api ? executeApiEndpointShown(api, domains) : undefined
  const vpcLink = vpcLinkOnPath(model, integration)

  return {
    ...(waf ? { waf } : {}),
    ...(cloudFront.length ? { cloudFront } : {}),
    ...(domains.length > 0 ? { customDomains: domains } : {}),
    ...(endpoint === undefined ? {} : { executeApiEndpointDisabled: endpoint }),
    ...(vpcLink === undefined ? {} : { vpcLink }),
    entry: operation,
    frontDoor: api,
    exposure: apiExposure(api),
    sources: undefined,
    declared: closestDeclaration([api]),
    checks,
    undetermined,
    ineffective: [],
    targetGroups: [],
    integration,
    functions,
    port: undefined,
  }
}

/** A throttled usage plan covers a stage of its API unless it names another stage. */
export function usagePlanMayThrottle(model: ElementIndex, stage: Stage): boolean {
  return model.usagePlansOf(stage.api).some(
    (plan) =>
      plan.throttled &&
      plan.stages.some(
        (entry) =>
          entry.api === stage.api && (!entry.stage.known || !stage.name.known || entry.stage.value === stage.name.value),
      ),
  )
}

function apiExposure(api: Api | undefined): Fact<Exposure> {
  if (!api) return unknown('the API is not in this template')
  if (!api.endpointTypes.known) return unknown(api.endpointTypes.why)
  return known(api.endpointTypes.value.includes('PRIVATE') ? 'private' : 'public')
}

function functionUrlPath(model: ElementIndex, url: FunctionUrl): RequestPath {
  const fn = model.getKind(url.function, 'function')
  const checks: PathCheck[] = []
  const undetermined: string[] = []
  if (!url.authType.known) undetermined.push(`the function URL's auth type is unknown (${url.authType.why})`)
  else if (url.authType.value === 'AWS_IAM') checks.push({ kind: 'iam', label: 'IAM authorization' })
  return {
    entry: url,
    frontDoor: undefined,
    exposure: known('public'),
    checks,
    undetermined,
    ineffective: [],
    targetGroups: [],
    integration: undefined,
    functions: fn ? [fn] : [],
    port: undefined,
    sources: undefined,
    declared: undefined,
  }
}
