/**
 * Terraform resources (from HCL, `.tf.json` or a plan) into the shared model. This is the only
 * place that knows the AWS provider's argument names; the semantics, defaults and element ids
 * follow `from-cloudformation.ts`, so a rule reads both the same way.
 *
 * Links between resources come from references (`aws_lb.this.arn`, `"integrations/${aws_apigatewayv2_integration.x.id}"`),
 * which stay on a value even when the value itself is known only after apply. A `null` argument
 * is an argument not set, as in Terraform.
 */
import { ALB_DEFAULT_LISTENER_PROTOCOL, HTTP_DEFAULT_TIMEOUT_MS, LAMBDA_DEFAULT_TIMEOUT_S, LOAD_BALANCER_DEFAULT_TYPE, REDIRECT_DEFAULT_PROTOCOL, REST_DEFAULT_TIMEOUT_MS } from '../../model/aws.js'
import { Model } from '../../model/model.js'
import type { Range } from '../../parse/types.js'
import {
  known,
  unknown,
  type Api,
  type ApiFeature,
  type Fact,
  type ListenerAction,
  type Operation,
  type Source,
  type TrafficDeclaration,
} from '../../model/types.js'
import type { TfRef, TfResource, TfValue } from './ir.js'
import { allRefs, formatNumber, toBoolean, toNumber } from './values.js'

const LOAD_BALANCERS = ['aws_lb', 'aws_alb']
const LISTENERS = ['aws_lb_listener', 'aws_alb_listener']
const TARGET_GROUPS = ['aws_lb_target_group', 'aws_alb_target_group']
const ATTACHMENTS = ['aws_lb_target_group_attachment', 'aws_alb_target_group_attachment']
const FUNCTIONS = ['aws_lambda_function']
const REST_APIS = ['aws_api_gateway_rest_api']
const V2_APIS = ['aws_apigatewayv2_api']
const REST_RESOURCE = 'aws_api_gateway_resource'
const REST_METHOD = 'aws_api_gateway_method'
const REST_INTEGRATION = 'aws_api_gateway_integration'
const REST_STAGE = 'aws_api_gateway_stage'
const DEPLOYMENT = 'aws_api_gateway_deployment'
const METHOD_SETTINGS = 'aws_api_gateway_method_settings'
const V2_INTEGRATION = 'aws_apigatewayv2_integration'

/** REST integration timeout when `timeout_milliseconds` is not set; HTTP APIs allow at most 30 s. */

/** Tags on an API that declare its expected traffic, for the cost rule. */
export const TRAFFIC_TAGS = { requestsPerSecond: 'iac-lint:requests-per-second', averagePayloadKB: 'iac-lint:average-payload-kb' } as const

const CONDITION_FIELDS: Readonly<Record<string, string>> = {
  host_header: 'host-header',
  path_pattern: 'path-pattern',
  http_header: 'http-header',
  http_request_method: 'http-request-method',
  source_ip: 'source-ip',
  query_string: 'query-string',
}

export function modelFromTerraform(resources: TfResource[], origin: string): Model {
  return new Builder(resources, origin).build()
}

/** An argument as written; `null` counts as not set. */
function field(body: TfValue | undefined, name: string): TfValue | undefined {
  if (body?.kind !== 'object') return undefined
  const value = body.fields.get(name)
  return value?.kind === 'scalar' && value.value === null ? undefined : value
}

function whyOf(value: TfValue): string {
  switch (value.kind) {
    case 'unknown':
      return value.why
    case 'list':
      return 'a list'
    case 'object':
      return 'an object'
    default:
      return `the value ${JSON.stringify(value.value)}`
  }
}

function str(value: TfValue | undefined, fallback?: string): Fact<string> {
  if (value === undefined) return fallback === undefined ? unknown('not set') : known(fallback)
  if (value.kind !== 'scalar' || value.value === null) return unknown(whyOf(value))
  return known(typeof value.value === 'number' ? formatNumber(value.value) : String(value.value))
}

function num(value: TfValue | undefined, fallback?: number): Fact<number> {
  if (value === undefined) return fallback === undefined ? unknown('not set') : known(fallback)
  const number = value.kind === 'scalar' && value.value !== null ? toNumber(value.value) : undefined
  return number === undefined ? unknown(value.kind === 'scalar' ? `unexpected value ${JSON.stringify(value.value)}` : whyOf(value)) : known(number)
}

function bool(value: TfValue | undefined, fallback: boolean): Fact<boolean> {
  if (value === undefined) return known(fallback)
  const flag = value.kind === 'scalar' && value.value !== null ? toBoolean(value.value) : undefined
  return flag === undefined ? unknown(value.kind === 'scalar' ? `unexpected value ${JSON.stringify(value.value)}` : whyOf(value)) : known(flag)
}

function strList(value: TfValue | undefined, fallback: string[]): Fact<string[]> {
  if (value === undefined) return known(fallback)
  if (value.kind === 'scalar') return known([String(value.value)])
  if (value.kind !== 'list') return unknown(whyOf(value))
  const strings: string[] = []
  for (const item of value.items) {
    const text = str(item)
    if (!text.known) return text
    strings.push(text.value)
  }
  return known(strings)
}

/** A declared quantity: a negative one is a mistake in the declaration, not a forecast. */
function nonNegative(fact: Fact<number>): Fact<number> {
  return fact.known && fact.value < 0 ? unknown(`the declared value ${fact.value} is negative`) : fact
}

function upper(fact: Fact<string>): Fact<string> {
  return fact.known ? known(fact.value.toUpperCase()) : fact
}

function oneOf<T extends string>(fact: Fact<string>, allowed: readonly T[]): Fact<T> {
  if (!fact.known) return fact
  const match = allowed.find((value) => value === fact.value.toLowerCase())
  return match === undefined ? unknown(`unrecognised value ${fact.value}`) : known(match)
}

/** The blocks of a nested block type: a list of objects (HCL, plans) or one object (`.tf.json`); undefined when unknown. */
function blocks(value: TfValue | undefined): TfValue[] | undefined {
  if (value === undefined) return []
  if (value.kind === 'list') return value.items
  if (value.kind === 'object') return [value]
  if (value.kind === 'unknown') return undefined
  return []
}

function firstBlock(value: TfValue | undefined): TfValue | undefined {
  return blocks(value)?.[0]
}

/** A throttle limit that is set; the AWS provider uses -1 for "no limit". */
function limitSet(value: TfValue | undefined): boolean {
  if (value === undefined) return false
  return !(value.kind === 'scalar' && toNumber(value.value) === -1)
}

/** `[0]`, `["a"]` at the end of an address: the part that names one instance. */
const INSTANCE_KEY = /\[(?:\d+|"(?:[^"\\]|\\.)*")\]$/

/**
 * Every look-up by address, type or reference goes through a map, so that a plan with tens of
 * thousands of `count` instances is read in time linear in its size.
 */
class Builder {
  private readonly model: Model
  private readonly byAddress = new Map<string, TfResource>()
  private readonly byBase = new Map<string, TfResource[]>()
  /** Managed resources, in address order of first appearance, all and by type. */
  private readonly allManaged: TfResource[] = []
  private readonly managedByType = new Map<string, TfResource[]>()
  private readonly aliasOf = new Map<string, string>()
  private readonly apiFeatures = new Map<string, Set<ApiFeature>>()
  /** REST methods by API, HTTP method and REST resource (`/` for the root), the first of each. */
  private readonly methods = new Map<string, Operation>()
  /** Targets of a reference among some resource types; many instances name the same resource as a whole. */
  private readonly targetsOf = new Map<string, string[]>()
  private readonly restPaths = new Map<string, Fact<string>>()
  private readonly sets = new WeakMap<readonly string[], ReadonlySet<string>>()
  private settings: SettingsIndex | undefined
  private policies: Set<string> | undefined

  constructor(
    private readonly resources: TfResource[],
    origin: string,
  ) {
    this.model = new Model('terraform', origin)
    for (const resource of resources) {
      if (this.byAddress.has(resource.address)) continue
      this.byAddress.set(resource.address, resource)
      const base = resource.address.replace(INSTANCE_KEY, '')
      if (base !== resource.address) {
        const instances = this.byBase.get(base)
        if (instances) instances.push(resource)
        else this.byBase.set(base, [resource])
      }
      if (resource.mode !== 'managed') continue
      this.allManaged.push(resource)
      const ofType = this.managedByType.get(resource.type)
      if (ofType) ofType.push(resource)
      else this.managedByType.set(resource.type, [resource])
    }
    for (const resource of this.managed('aws_lambda_alias')) {
      const [fn] = this.refsTo(field(resource.body, 'function_name'), FUNCTIONS)
      if (fn) this.aliasOf.set(resource.address, fn)
    }
  }

  build(): Model {
    const targets = this.attachments()
    for (const resource of this.managed()) this.add(resource, targets)
    this.linkRestIntegrations()
    for (const [apiId, features] of this.apiFeatures) {
      const api = this.model.getKind(apiId, 'api')
      if (api) for (const feature of features) api.features.add(feature)
    }
    return this.model
  }

  private managed(type?: string): readonly TfResource[] {
    return type === undefined ? this.allManaged : (this.managedByType.get(type) ?? [])
  }

  /** The resources a reference names: the instance itself, or every instance when it names the resource as a whole. */
  private resolve(ref: TfRef): TfResource[] {
    const exact = this.byAddress.get(ref.address)
    if (exact) return [exact]
    const instances = this.byBase.get(ref.address)
    if (instances) return instances
    const unkeyed = this.byAddress.get(ref.address.replace(INSTANCE_KEY, ''))
    return unkeyed ? [unkeyed] : []
  }

  /**
   * Addresses of resources of the given types that a value mentions (an alias counts as its
   * function). The list may be shared with other callers: it is read, never changed.
   */
  private refsTo(value: TfValue | undefined, types: readonly string[]): string[] {
    if (!value) return []
    const refs = allRefs([value])
    if (refs.length === 1) return this.targets(refs[0]!, types)
    const key = `${refs.map((ref) => ref.address).join('\u0000')}\u0001${types.join('\u0000')}`
    let found = this.targetsOf.get(key)
    if (!found) {
      const unique = new Set<string>()
      for (const ref of refs) for (const address of this.targets(ref, types)) unique.add(address)
      this.targetsOf.set(key, (found = [...unique]))
    }
    return found
  }

  /** A list `refsTo` gave, as a set: made once however many resources share the list. */
  private setOf(list: readonly string[]): ReadonlySet<string> {
    let set = this.sets.get(list)
    if (!set) this.sets.set(list, (set = new Set(list)))
    return set
  }

  private targets(ref: TfRef, types: readonly string[]): string[] {
    const key = `${ref.address}\u0000${types.join('\u0000')}`
    let found = this.targetsOf.get(key)
    if (!found) {
      const unique = new Set<string>()
      for (const resource of this.resolve(ref)) {
        const address = this.aliasOf.get(resource.address) ?? resource.address
        if (types.includes(this.byAddress.get(address)?.type ?? '')) unique.add(address)
      }
      found = [...unique]
      this.targetsOf.set(key, found)
    }
    return found
  }

  private source(resource: TfResource, range: Range = resource.location.range): Source {
    const source: Source = { file: resource.location.file, range, address: resource.address }
    if (resource.configLocation) source.configLocation = resource.configLocation
    return source
  }

  private noteFeature(apiId: string | undefined, feature: ApiFeature): void {
    if (apiId === undefined) return
    const features = this.apiFeatures.get(apiId) ?? new Set<ApiFeature>()
    features.add(feature)
    this.apiFeatures.set(apiId, features)
  }

  /** Functions registered in each target group by attachment resources. */
  private attachments(): Map<string, string[]> {
    const targets = new Map<string, Set<string>>()
    // Instances of one attachment that name a function resource as a whole share one list: it is added once.
    const added = new Map<string, Set<string[]>>()
    for (const resource of this.resources) {
      if (!ATTACHMENTS.includes(resource.type)) continue
      const functions = this.refsTo(field(resource.body, 'target_id'), FUNCTIONS)
      for (const group of this.refsTo(field(resource.body, 'target_group_arn'), TARGET_GROUPS)) {
        const lists = added.get(group) ?? new Set<string[]>()
        added.set(group, lists)
        if (lists.has(functions)) continue
        lists.add(functions)
        const registered = targets.get(group) ?? new Set<string>()
        for (const fn of functions) registered.add(fn)
        targets.set(group, registered)
      }
    }
    return new Map([...targets].map(([group, functions]) => [group, [...functions]]))
  }

  private add(resource: TfResource, targets: Map<string, string[]>): void {
    const { model } = this
    const body = resource.body
    const p = (name: string): TfValue | undefined => field(body, name)
    const id = resource.address
    const source = this.source(resource)
    const addOnce = (element: Parameters<Model['add']>[0]): void => {
      if (!model.has(element.id)) model.add(element)
    }
    switch (resource.type) {
      case 'aws_lb':
      case 'aws_alb': {
        const internal = p('internal')
        const flag = bool(internal, false)
        addOnce({
          kind: 'load-balancer',
          id,
          source,
          lbType: oneOf(str(p('load_balancer_type'), LOAD_BALANCER_DEFAULT_TYPE), ['application', 'network', 'gateway'] as const),
          scheme: flag.known ? known(flag.value ? 'internal' : 'internet-facing') : flag,
          securityGroups: this.refsTo(p('security_groups'), ['aws_security_group']),
        })
        return
      }
      case 'aws_lb_listener':
      case 'aws_alb_listener': {
        const mtls = blocks(p('mutual_authentication'))
        const loadBalancer = this.refsTo(p('load_balancer_arn'), LOAD_BALANCERS)[0]
        addOnce({
          kind: 'listener',
          id,
          source,
          loadBalancer,
          protocol: this.listenerProtocol(p('protocol'), loadBalancer),
          port: num(p('port')),
          defaultActions: this.listenerActions(resource, p('default_action')),
          mtlsMode:
            mtls === undefined
              ? unknown('the mutual_authentication block is known only after apply')
              : oneOf(str(field(mtls[0], 'mode'), 'off'), ['off', 'passthrough', 'verify'] as const),
        })
        return
      }
      case 'aws_lb_listener_rule':
      case 'aws_alb_listener_rule':
        addOnce({
          kind: 'listener-rule',
          id,
          source,
          listener: this.refsTo(p('listener_arn'), LISTENERS)[0],
          priority: num(p('priority')),
          conditions: (blocks(p('condition')) ?? []).flatMap(conditionsOf),
          actions: this.listenerActions(resource, p('action')),
        })
        return
      case 'aws_lb_target_group':
      case 'aws_alb_target_group':
        addOnce({
          kind: 'target-group',
          id,
          source,
          targetType: str(p('target_type'), 'instance'),
          protocolVersion: str(p('protocol_version'), 'HTTP1'),
          functions: targets.get(id) ?? [],
        })
        return
      case 'aws_lambda_function': {
        const timeout = p('timeout')
        addOnce({
          kind: 'function',
          id,
          source,
          timeout: num(timeout, LAMBDA_DEFAULT_TIMEOUT_S),
          timeoutOrigin: timeout ? 'own' : 'default',
          ...(timeout ? { timeoutSource: this.source(resource, timeout.range) } : {}),
        })
        return
      }
      case 'aws_lambda_function_url':
        addOnce({
          kind: 'function-url',
          id,
          source,
          function: this.refsTo(p('function_name'), FUNCTIONS)[0],
          authType: str(p('authorization_type')),
        })
        return
      case 'aws_lambda_permission': {
        const sourceArn = p('source_arn')
        addOnce({
          kind: 'permission',
          id,
          source,
          function: this.refsTo(p('function_name'), FUNCTIONS)[0],
          principal: str(p('principal')),
          sourceArn: sourceArn ? str(sourceArn) : undefined,
        })
        return
      }
      case 'aws_api_gateway_rest_api':
        addOnce(this.restApi(resource, source))
        return
      case 'aws_api_gateway_method':
        this.addRestMethod(resource, source)
        return
      case 'aws_api_gateway_deployment':
        this.addDeploymentStage(resource)
        return
      case 'aws_api_gateway_stage': {
        const api = this.refsTo(p('rest_api_id'), REST_APIS)[0]
        const name = str(p('stage_name'))
        addOnce({
          kind: 'stage',
          id,
          source,
          api: api ?? '',
          name,
          throttled: this.methodSettingsThrottle(id, api, name),
          cacheEnabled: bool(p('cache_cluster_enabled'), false),
        })
        return
      }
      case 'aws_api_gateway_authorizer':
        addOnce({ kind: 'authorizer', id, source, api: this.refsTo(p('rest_api_id'), REST_APIS)[0], authorizerType: str(p('type'), 'TOKEN') })
        return
      case 'aws_apigatewayv2_authorizer':
        addOnce({ kind: 'authorizer', id, source, api: this.refsTo(p('api_id'), V2_APIS)[0], authorizerType: str(p('authorizer_type')) })
        return
      case 'aws_api_gateway_usage_plan':
        this.addUsagePlan(resource, source)
        return
      case 'aws_api_gateway_request_validator':
        this.noteFeature(this.refsTo(p('rest_api_id'), REST_APIS)[0], 'request-validation')
        return
      case 'aws_api_gateway_integration_response':
        if (p('response_templates')) this.noteMappingTemplates(resource)
        return
      case 'aws_apigatewayv2_api':
        this.addV2Api(resource, source)
        return
      case 'aws_apigatewayv2_route':
        this.addV2Route(resource, source)
        return
      case 'aws_apigatewayv2_integration':
        this.addV2Integration(resource, source)
        return
      case 'aws_apigatewayv2_stage':
        addOnce({
          kind: 'stage',
          id,
          source,
          api: this.refsTo(p('api_id'), V2_APIS)[0] ?? '',
          name: str(p('name')),
          throttled: routeSettingsThrottle(p('default_route_settings')),
          cacheEnabled: known(false),
        })
        return
      case 'aws_wafv2_web_acl_association':
        addOnce({ kind: 'waf-association', id, source, resource: this.wafTarget(p('resource_arn')) })
        return
      default:
        return
    }
  }

  /**
   * The provider sends HTTP for a listener without `protocol` on an application load balancer
   * (whatever the port); for other load balancer types it sends none and AWS decides.
   */
  private listenerProtocol(value: TfValue | undefined, loadBalancer: string | undefined): Fact<string> {
    if (value !== undefined) return str(value)
    const body = loadBalancer === undefined ? undefined : this.byAddress.get(loadBalancer)?.body
    if (body === undefined) return unknown('not set, and the load balancer is not in this module')
    const type = str(field(body, 'load_balancer_type'), LOAD_BALANCER_DEFAULT_TYPE)
    if (!type.known) return unknown(`not set, and the load balancer type is ${type.why}`)
    return type.value === 'application' ? known(ALB_DEFAULT_LISTENER_PROTOCOL) : unknown('not set')
  }

  private listenerActions(resource: TfResource, value: TfValue | undefined): ListenerAction[] {
    const items = blocks(value)
    if (items === undefined) {
      return [
        {
          type: unknown(`the action blocks are ${value!.kind === 'unknown' ? value!.why : 'unknown'}`),
          order: undefined,
          targetGroups: this.refsTo(value, TARGET_GROUPS),
          unresolvedTargetGroups: 0,
          redirectProtocol: undefined,
          source: this.source(resource, value!.range),
        },
      ]
    }
    return items.map((action) => {
      const targetValues = [field(action, 'target_group_arn')]
      for (const forward of blocks(field(action, 'forward')) ?? []) {
        for (const group of blocks(field(forward, 'target_group')) ?? []) targetValues.push(field(group, 'arn'))
      }
      const found = targetValues.flatMap((target) => (target ? [this.refsTo(target, TARGET_GROUPS)] : []))
      const unresolved = found.filter((groups) => groups.length === 0).length
      // One list is taken as it is: instances of a listener that name a target group as a whole share it.
      const targetGroups = found.length === 1 ? found[0]! : [...new Set(found.flat())]
      const order = field(action, 'order')
      const type = action.kind === 'object' ? str(field(action, 'type')) : unknown<string>(`an action is ${whyOf(action)}`)
      const redirect = blocks(field(action, 'redirect'))
      return {
        type,
        order: order ? num(order) : undefined,
        targetGroups,
        unresolvedTargetGroups: unresolved,
        redirectProtocol: !type.known || type.value.toLowerCase() !== 'redirect'
          ? undefined
          : redirect === undefined
            ? unknown('the redirect block is known only after apply')
            : str(field(redirect[0], 'protocol'), REDIRECT_DEFAULT_PROTOCOL),
        source: this.source(resource, action.range),
      }
    })
  }

  private restApi(resource: TfResource, source: Source): Api {
    const endpoint = blocks(field(resource.body, 'endpoint_configuration'))
    let endpointTypes: Fact<string[]> = known(['EDGE'])
    if (endpoint === undefined) endpointTypes = unknown('the endpoint configuration is known only after apply')
    else if (endpoint[0]) endpointTypes = strList(field(endpoint[0], 'types'), ['EDGE'])
    if (endpointTypes.known) endpointTypes = known(endpointTypes.value.map((type) => type.toUpperCase()))
    return {
      kind: 'api',
      id: resource.address,
      source,
      protocol: 'REST',
      name: resource.address,
      endpointTypes,
      hasResourcePolicy: this.hasResourcePolicy(resource),
      traffic: this.trafficDeclaration(resource),
      implicit: false,
      features: new Set(),
    }
  }

  /** The `policy` argument, or an `aws_api_gateway_rest_api_policy` resource for the API. */
  private hasResourcePolicy(api: TfResource): Fact<boolean> {
    const policy = field(api.body, 'policy')
    if (policy?.kind === 'unknown' && policy.refs.length === 0) return unknown(`the policy is ${policy.why}`)
    if (policy && !(policy.kind === 'scalar' && policy.value === '')) return known(true)
    this.policies ??= new Set(
      this.managed('aws_api_gateway_rest_api_policy').flatMap((candidate) => this.refsTo(field(candidate.body, 'rest_api_id'), REST_APIS)),
    )
    return known(this.policies.has(api.address))
  }

  private trafficDeclaration(resource: TfResource): TrafficDeclaration | undefined {
    const tags = field(resource.body, 'tags')
    if (tags?.kind !== 'object') return undefined
    const rate = field(tags, TRAFFIC_TAGS.requestsPerSecond)
    if (!rate) return undefined
    const payload = field(tags, TRAFFIC_TAGS.averagePayloadKB)
    return {
      requestsPerSecond: nonNegative(num(rate)),
      averagePayloadKB: payload ? nonNegative(num(payload)) : undefined,
      source: this.source(resource, rate.range),
    }
  }

  /** The REST resource a `resource_id` or `parent_id` names: the API's root, or an `aws_api_gateway_resource`. */
  private restResource(value: TfValue | undefined): { root: string } | { resource: TfResource } | undefined {
    for (const ref of allRefs(value ? [value] : [])) {
      const [api] = ref.attribute === 'root_resource_id' ? this.targets(ref, REST_APIS) : []
      if (api) return { root: api }
      const resource = this.resolve(ref).find((candidate) => candidate.type === REST_RESOURCE)
      if (resource) return { resource }
    }
    return undefined
  }

  /**
   * `/orders/{id}`, following `parent_id` up to the API's root: a loop, not a recursion, as the
   * chain can be as long as a plan is; each resource's path is worked out once.
   */
  private restPath(value: TfValue | undefined): Fact<string> {
    if (!value) return unknown('no resource')
    const chain: Array<{ address: string; part: Fact<string> }> = []
    const onChain = new Set<string>()
    let current: TfValue | undefined = value
    let top: Fact<string>
    let looped = false
    for (;;) {
      if (!current) {
        top = unknown('no resource')
        break
      }
      const target = this.restResource(current)
      if (!target) {
        top = unknown(current.kind === 'unknown' ? `the resource is ${current.why}` : 'the resource tree cannot be followed')
        break
      }
      if ('root' in target) {
        top = known('/')
        break
      }
      const { address } = target.resource
      const done = this.restPaths.get(address)
      if (done) {
        top = done
        break
      }
      if (onChain.has(address)) {
        top = unknown('the resource tree cannot be followed')
        looped = true
        break
      }
      onChain.add(address)
      chain.push({ address, part: str(field(target.resource.body, 'path_part')) })
      current = field(target.resource.body, 'parent_id')
    }
    // From the top down: a resource's path is its parent's and its own part.
    for (let i = chain.length - 1; i >= 0; i--) {
      const { address, part } = chain[i]!
      const below: Fact<string> = !part.known ? part : !top.known ? top : known(top.value === '/' ? `/${part.value}` : `${top.value}/${part.value}`)
      // Within a loop the answer depends on where the walk began, so it is not kept.
      if (!looped) this.restPaths.set(address, below)
      top = below
    }
    return top
  }

  private addRestMethod(resource: TfResource, source: Source): void {
    const p = (name: string): TfValue | undefined => field(resource.body, name)
    const api = this.refsTo(p('rest_api_id'), REST_APIS)[0]
    const apiKeyRequired = bool(p('api_key_required'), false)
    if (apiKeyRequired.known && apiKeyRequired.value) this.noteFeature(api, 'api-keys')
    if (p('request_validator_id')) this.noteFeature(api, 'request-validation')
    const operation: Operation = {
      kind: 'operation',
      id: resource.address,
      source,
      api,
      method: upper(str(p('http_method'))),
      path: this.restPath(p('resource_id')),
      authorization: upper(str(p('authorization'), 'NONE')),
      authorizer: this.refsTo(p('authorizer_id'), ['aws_api_gateway_authorizer'])[0],
      apiKeyRequired,
      integration: undefined,
      fromSam: false,
    }
    if (this.model.has(operation.id)) return
    this.model.add(operation)
    const target = this.restResource(p('resource_id'))
    if (api === undefined || !operation.method.known || !target) return
    const key = methodKey(api, operation.method.value, target)
    if (!this.methods.has(key)) this.methods.set(key, operation)
  }

  /** The method an integration (or integration response) belongs to: named by reference, or by API, resource and HTTP method. */
  private methodOf(resource: TfResource): Operation | undefined {
    const p = (name: string): TfValue | undefined => field(resource.body, name)
    const named = this.refsTo(p('http_method'), [REST_METHOD])[0]
    if (named) return this.model.getKind(named, 'operation')
    const api = this.refsTo(p('rest_api_id'), REST_APIS)[0]
    const target = this.restResource(p('resource_id'))
    const verb = upper(str(p('http_method')))
    if (!api || !target || !verb.known) return undefined
    return this.methods.get(methodKey(api, verb.value, target))
  }

  private linkRestIntegrations(): void {
    for (const resource of this.managed(REST_INTEGRATION)) {
      const p = (name: string): TfValue | undefined => field(resource.body, name)
      const api = this.refsTo(p('rest_api_id'), REST_APIS)[0]
      const type = upper(str(p('type')))
      const header = str(field(p('request_parameters'), 'integration.request.header.X-Amz-Invocation-Type'))
      const asynchronous = header.known && header.value.replace(/'/g, '') === 'Event'
      const timeout = p('timeout_milliseconds')
      if (this.model.has(resource.address)) continue
      this.model.add({
        kind: 'integration',
        id: resource.address,
        source: this.source(resource),
        api,
        integrationType: type,
        functions: asynchronous ? [] : this.refsTo(p('uri'), FUNCTIONS),
        timeoutMs: num(timeout, REST_DEFAULT_TIMEOUT_MS),
        timeoutDefaulted: timeout === undefined,
        transferMode: str(p('response_transfer_mode'), 'BUFFERED'),
      })
      const method = this.methodOf(resource)
      if (method && method.integration === undefined) method.integration = resource.address
      if (type.known && type.value === 'AWS') this.noteFeature(api, 'service-integrations')
      const templates = p('request_templates')
      const templated = templates !== undefined && !(templates.kind === 'object' && templates.fields.size === 0)
      if (templated && type.known && (type.value === 'AWS' || type.value === 'HTTP')) this.noteFeature(api, 'mapping-templates')
    }
  }

  private noteMappingTemplates(response: TfResource): void {
    const method = this.methodOf(response)
    const integration = this.byAddress.get(method?.integration ?? '')
    const type = upper(str(field(integration?.body, 'type')))
    if (method && type.known && (type.value === 'AWS' || type.value === 'HTTP')) this.noteFeature(method.api, 'mapping-templates')
  }

  /** The deprecated `stage_name` of a deployment creates a stage, as `StageName` does in CloudFormation. */
  private addDeploymentStage(resource: TfResource): void {
    const stageName = field(resource.body, 'stage_name')
    if (!stageName) return
    const name = str(stageName)
    if (name.known && name.value === '') return
    const api = this.refsTo(field(resource.body, 'rest_api_id'), REST_APIS)[0]
    const id = `${resource.address}.Stage`
    if (this.model.has(id)) return
    this.model.add({
      kind: 'stage',
      id,
      source: this.source(resource, stageName.range),
      api: api ?? '',
      name,
      throttled: this.methodSettingsThrottle(id, api, name),
      cacheEnabled: known(false),
    })
  }

  /**
   * Stage-wide REST throttling: an `aws_api_gateway_method_settings` for the stage with method path
   * `*\/*` and a rate or burst limit. Settings that may be for this stage but cannot be matched
   * make the answer unknown.
   */
  private methodSettingsThrottle(stageId: string, api: string | undefined, name: Fact<string>): Fact<boolean> {
    let undecided: string | undefined
    for (const settings of this.methodSettingsFor(stageId, name)) {
      if (settings.apis.size > 0 && (api === undefined || !settings.apis.has(api))) continue
      const stage = settings.stages ? settings.stages.has(stageId) : stageNamed(settings.stageName, name)
      if (stage === false) continue
      if (settings.limited === undefined) {
        undecided = `the settings of ${settings.address} are known only after apply`
        continue
      }
      if (!settings.limited) continue
      if (settings.apis.size === 0 || stage === undefined || !settings.path.known) {
        undecided = `${settings.address} may be for this stage`
        continue
      }
      if (settings.path.value === '*/*') return known(true)
    }
    return undecided === undefined ? known(false) : unknown(undecided)
  }

  /** The method settings whose `stage_name` may be the stage's, in the order of the resources. */
  private methodSettingsFor(stageId: string, name: Fact<string>): MethodSettings[] {
    const index = (this.settings ??= this.indexMethodSettings())
    const found = [...(index.byStage.get(stageId) ?? []).flat(), ...index.open]
    if (name.known) found.push(...(index.byName.get(name.value) ?? []))
    else for (const named of index.byName.values()) found.push(...named)
    return found.sort((a, b) => a.order - b.order)
  }

  /**
   * Every `aws_api_gateway_method_settings` read once and indexed by the stage it names, so that
   * each stage looks only at its own. Instances of one resource that name stages as a whole share
   * one list of them, indexed once.
   */
  private indexMethodSettings(): SettingsIndex {
    const index: SettingsIndex = { byStage: new Map(), byName: new Map(), open: [] }
    const byStages = new Map<ReadonlySet<string>, MethodSettings[]>()
    this.managed(METHOD_SETTINGS).forEach((resource, order) => {
      const p = (key: string): TfValue | undefined => field(resource.body, key)
      const stageValue = p('stage_name')
      if (!stageValue) return
      const named = this.refsTo(stageValue, [REST_STAGE, DEPLOYMENT])
      const values = blocks(p('settings'))
      const settings: MethodSettings = {
        order,
        address: resource.address,
        apis: this.setOf(this.refsTo(p('rest_api_id'), REST_APIS)),
        stages: named.length > 0 ? this.stageSet(named) : undefined,
        stageName: str(stageValue),
        limited: values?.some((item) => limitSet(field(item, 'throttling_rate_limit')) || limitSet(field(item, 'throttling_burst_limit'))),
        path: str(p('method_path')),
      }
      if (settings.stages) {
        const shared = byStages.get(settings.stages)
        if (shared) shared.push(settings)
        else byStages.set(settings.stages, [settings])
      } else if (settings.stageName.known) {
        const same = index.byName.get(settings.stageName.value)
        if (same) same.push(settings)
        else index.byName.set(settings.stageName.value, [settings])
      } else index.open.push(settings)
    })
    for (const [stages, settings] of byStages) {
      for (const stage of stages) {
        const lists = index.byStage.get(stage)
        if (lists) lists.push(settings)
        else index.byStage.set(stage, [settings])
      }
    }
    return index
  }

  /** The stages that stages and deployments stand for (a deployment's `stage_name` makes one), once per list. */
  private stageSet(named: readonly string[]): ReadonlySet<string> {
    let set = this.sets.get(named)
    if (!set) {
      set = new Set(named.map((address) => (this.byAddress.get(address)?.type === DEPLOYMENT ? `${address}.Stage` : address)))
      this.sets.set(named, set)
    }
    return set
  }

  private addUsagePlan(resource: TfResource, source: Source): void {
    const p = (name: string): TfValue | undefined => field(resource.body, name)
    const stages = (blocks(p('api_stages')) ?? []).map((entry) => ({
      api: this.refsTo(field(entry, 'api_id'), REST_APIS)[0],
      stage: this.stageName(field(entry, 'stage')),
    }))
    const throttle = firstBlock(p('throttle_settings'))
    const quota = firstBlock(p('quota_settings'))
    if (this.model.has(resource.address)) return
    this.model.add({
      kind: 'usage-plan',
      id: resource.address,
      source,
      stages,
      throttled: throttle !== undefined && (field(throttle, 'rate_limit') !== undefined || field(throttle, 'burst_limit') !== undefined),
      quota: quota ? { limit: num(field(quota, 'limit')), period: str(field(quota, 'period')) } : undefined,
    })
    for (const stage of stages) this.noteFeature(stage.api, 'usage-plans')
  }

  /** A stage name, or the name of the stage resource the value refers to. */
  private stageName(value: TfValue | undefined): Fact<string> {
    const [stage] = this.refsTo(value, [REST_STAGE])
    if (value?.kind === 'unknown' && stage) return str(field(this.byAddress.get(stage)!.body, 'stage_name'))
    const [deployment] = this.refsTo(value, [DEPLOYMENT])
    if (value?.kind === 'unknown' && deployment) return str(field(this.byAddress.get(deployment)!.body, 'stage_name'))
    return str(value)
  }

  private addV2Api(resource: TfResource, source: Source): void {
    const p = (name: string): TfValue | undefined => field(resource.body, name)
    const protocol = str(p('protocol_type'), 'HTTP')
    const id = resource.address
    if (this.model.has(id)) return
    this.model.add({
      kind: 'api',
      id,
      source,
      protocol: protocol.known && protocol.value.toUpperCase() === 'WEBSOCKET' ? 'WEBSOCKET' : 'HTTP',
      name: id,
      endpointTypes: known(['REGIONAL']),
      hasResourcePolicy: known(false),
      traffic: this.trafficDeclaration(resource),
      implicit: false,
      features: new Set(),
    })
    // Quick create: `target` makes a route, an integration and a `$default` stage.
    const target = p('target')
    if (!target) return
    const targetSource = this.source(resource, target.range)
    const route = routeParts(str(p('route_key'), '$default'))
    this.model.add({
      kind: 'integration',
      id: `${id}.Integration`,
      source: targetSource,
      api: id,
      integrationType: known('AWS_PROXY'),
      functions: this.refsTo(target, FUNCTIONS),
      timeoutMs: known(HTTP_DEFAULT_TIMEOUT_MS),
      timeoutDefaulted: true,
      transferMode: known('BUFFERED'),
    })
    this.model.add({
      kind: 'operation',
      id: `${id}.DefaultRoute`,
      source: targetSource,
      api: id,
      method: route.method,
      path: route.path,
      authorization: known('NONE'),
      authorizer: undefined,
      apiKeyRequired: known(false),
      integration: `${id}.Integration`,
      fromSam: false,
    })
    this.model.add({
      kind: 'stage',
      id: `${id}.DefaultStage`,
      source: targetSource,
      api: id,
      name: known('$default'),
      throttled: known(false),
      cacheEnabled: known(false),
    })
  }

  private addV2Route(resource: TfResource, source: Source): void {
    const p = (name: string): TfValue | undefined => field(resource.body, name)
    const route = routeParts(str(p('route_key')))
    if (this.model.has(resource.address)) return
    this.model.add({
      kind: 'operation',
      id: resource.address,
      source,
      api: this.refsTo(p('api_id'), V2_APIS)[0],
      method: route.method,
      path: route.path,
      authorization: upper(str(p('authorization_type'), 'NONE')),
      authorizer: this.refsTo(p('authorizer_id'), ['aws_apigatewayv2_authorizer'])[0],
      apiKeyRequired: bool(p('api_key_required'), false),
      integration: this.refsTo(p('target'), [V2_INTEGRATION])[0],
      fromSam: false,
    })
  }

  private addV2Integration(resource: TfResource, source: Source): void {
    const p = (name: string): TfValue | undefined => field(resource.body, name)
    const api = this.refsTo(p('api_id'), V2_APIS)[0]
    const protocol = str(field(this.byAddress.get(api ?? '')?.body, 'protocol_type'), 'HTTP')
    const isWebSocket = protocol.known && protocol.value.toUpperCase() === 'WEBSOCKET'
    const timeout = p('timeout_milliseconds')
    if (this.model.has(resource.address)) return
    this.model.add({
      kind: 'integration',
      id: resource.address,
      source,
      api,
      integrationType: upper(str(p('integration_type'))),
      functions: this.refsTo(p('integration_uri'), FUNCTIONS),
      timeoutMs: num(timeout, isWebSocket ? REST_DEFAULT_TIMEOUT_MS : HTTP_DEFAULT_TIMEOUT_MS),
      timeoutDefaulted: timeout === undefined,
      transferMode: known('BUFFERED'),
    })
  }

  /** The load balancer, stage or API a web ACL association protects. */
  private wafTarget(value: TfValue | undefined): string | undefined {
    return (
      this.refsTo(value, LOAD_BALANCERS)[0] ??
      this.refsTo(value, [REST_STAGE, 'aws_apigatewayv2_stage'])[0] ??
      this.refsTo(value, [DEPLOYMENT]).map((deployment) => `${deployment}.Stage`)[0] ??
      this.refsTo(value, [...REST_APIS, ...V2_APIS])[0]
    )
  }
}

/** An `aws_api_gateway_method_settings` as the stages read it. */
interface MethodSettings {
  /** Position among the method settings resources. */
  order: number
  address: string
  /** The APIs its `rest_api_id` refers to. */
  apis: ReadonlySet<string>
  /** The stages its `stage_name` refers to, when it refers to any. */
  stages: ReadonlySet<string> | undefined
  stageName: Fact<string>
  /** Whether it sets a rate or burst limit; undefined when its settings are known only after apply. */
  limited: boolean | undefined
  path: Fact<string>
}

interface SettingsIndex {
  /** Settings whose `stage_name` refers to stages or deployments, by stage; lists shared by instances. */
  byStage: Map<string, MethodSettings[][]>
  /** Settings whose `stage_name` is a known name, by the name. */
  byName: Map<string, MethodSettings[]>
  /** Settings whose `stage_name` is unknown and refers to no stage: they may be for any. */
  open: MethodSettings[]
}

/** Whether a `stage_name` that names no resource is the stage's name: undefined when either is unknown. */
function stageNamed(given: Fact<string>, name: Fact<string>): boolean | undefined {
  if (!given.known || !name.known) return undefined
  return given.value === name.value
}

/** A REST method's API, HTTP method and REST resource, as one key; every root resource of the API is the same. */
function methodKey(api: string, verb: string, target: { root: string } | { resource: TfResource }): string {
  return `${api}\u0000${verb}\u0000${'root' in target ? '' : `resource ${target.resource.address}`}`
}

/** `GET /orders` into its verb and path; a key without a verb (`$connect`, `$default`) is ANY. */
function routeParts(routeKey: Fact<string>): { method: Fact<string>; path: Fact<string> } {
  if (!routeKey.known) return { method: routeKey, path: routeKey }
  const space = routeKey.value.indexOf(' ')
  return {
    method: known(space < 0 ? 'ANY' : routeKey.value.slice(0, space).toUpperCase()),
    path: known(space < 0 ? routeKey.value : routeKey.value.slice(space + 1)),
  }
}

function routeSettingsThrottle(value: TfValue | undefined): Fact<boolean> {
  const settings = blocks(value)
  if (settings === undefined) return unknown('the default route settings are known only after apply')
  return known(settings.some((item) => limitSet(field(item, 'throttling_rate_limit')) || limitSet(field(item, 'throttling_burst_limit'))))
}

/** A listener rule's `condition` block: one condition per field it sets. */
function conditionsOf(condition: TfValue): Array<{ field: string; values: string[] }> {
  if (condition.kind !== 'object') return [{ field: '?', values: [] }]
  const found: Array<{ field: string; values: string[] }> = []
  for (const [name, label] of Object.entries(CONDITION_FIELDS)) {
    for (const config of blocks(field(condition, name)) ?? []) {
      if (name === 'query_string') {
        const key = str(field(config, 'key'))
        const value = str(field(config, 'value'))
        found.push({ field: label, values: value.known ? [key.known ? `${key.value}=${value.value}` : value.value] : [] })
        continue
      }
      const values = strList(field(config, 'values'), [])
      const header = name === 'http_header' ? str(field(config, 'http_header_name')) : undefined
      found.push({ field: header?.known ? `${label} ${header.value}` : label, values: values.known ? values.value : [] })
    }
  }
  return found
}
