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
  type ElementIndex,
  type Fact,
  type FunctionUrl,
  type Integration,
  type LambdaFunction,
  type Listener,
  type ListenerAction,
  type ListenerRule,
  type LoadBalancer,
  type Operation,
  type Stage,
  type TargetGroup,
} from './types.js'

type Exposure = 'public' | 'internal' | 'private'

type CheckKind =
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
const AUTHENTICATING_CHECKS: ReadonlySet<CheckKind> = new Set<CheckKind>([
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
}

export function isAuthenticated(path: RequestPath): boolean {
  return path.checks.some((check) => AUTHENTICATING_CHECKS.has(check.kind))
}

export function derivePaths(model: ElementIndex): RequestPath[] {
  const paths: RequestPath[] = []
  const wafProtected = new Set(model.all('waf-association').map((association) => association.resource))
  for (const listener of model.all('listener')) {
    paths.push(albPath(model, listener, listener, listener.defaultActions, wafProtected))
  }
  for (const rule of model.all('listener-rule')) {
    const listener = model.getKind(rule.listener, 'listener')
    paths.push(albPath(model, rule, listener, rule.actions, wafProtected))
  }
  for (const operation of model.all('operation')) paths.push(apiPath(model, operation, wafProtected))
  for (const url of model.all('function-url')) paths.push(functionUrlPath(model, url))
  return paths
}

function albPath(
  model: ElementIndex,
  entry: Listener | ListenerRule,
  listener: Listener | undefined,
  actions: ListenerAction[],
  wafProtected: Set<string | undefined>,
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
  if (loadBalancer && wafProtected.has(loadBalancer.id)) checks.push({ kind: 'waf', label: 'AWS WAF web ACL' })

  return {
    entry,
    frontDoor: loadBalancer,
    exposure: loadBalancerExposure(loadBalancer, listener),
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
  if (loadBalancer.declaredExposure) return known(fromDeclared(loadBalancer.declaredExposure))
  if (!loadBalancer.scheme.known) return unknown(loadBalancer.scheme.why)
  return known(loadBalancer.scheme.value === 'internal' ? 'internal' : 'public')
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

function apiPath(model: ElementIndex, operation: Operation, wafProtected: Set<string | undefined>): RequestPath {
  const api = model.getKind(operation.api, 'api')
  const checks: PathCheck[] = []
  const undetermined: string[] = []

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
    if (wafProtected.has(api.id) || stages.some((stage) => wafProtected.has(stage.id))) {
      checks.push({ kind: 'waf', label: 'AWS WAF web ACL' })
    }
    if (stages.some((stage) => (stage.throttled.known && stage.throttled.value) || usagePlanMayThrottle(model, stage))) {
      checks.push({ kind: 'throttling', label: 'throttling' })
    }
  }

  const integration = model.getKind(operation.integration, 'integration')
  const functions = functionsOf(model, integration?.functions ?? [])

  return {
    entry: operation,
    frontDoor: api,
    exposure: apiExposure(api),
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
  if (api.declaredExposure) return known(fromDeclared(api.declaredExposure))
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
  }
}
