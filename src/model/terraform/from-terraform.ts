/**
 * Terraform resources (from HCL, `.tf.json` or a plan) into the shared model. This is the only
 * place that knows the AWS provider's argument names; the semantics, defaults and element ids
 * follow `from-cloudformation.ts`, so a rule reads both the same way.
 *
 * Links between resources come from references (`aws_lb.this.arn`, `"integrations/${aws_apigatewayv2_integration.x.id}"`),
 * which stay on a value even when the value itself is known only after apply. A `null` argument
 * is an argument not set, as in Terraform.
 */
import { Model } from '../model.js'
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
} from '../types.js'
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
const REST_DEFAULT_TIMEOUT_MS = 29_000
const HTTP_DEFAULT_TIMEOUT_MS = 30_000

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

class Builder {
  private readonly model: Model
  private readonly byAddress = new Map<string, TfResource>()
  private readonly byBase = new Map<string, TfResource[]>()
  private readonly aliasOf = new Map<string, string>()
  private readonly apiFeatures = new Map<string, Set<ApiFeature>>()
  private readonly methods: Array<{ resource: TfResource; operation: Operation }> = []

  constructor(
    private readonly resources: TfResource[],
    origin: string,
  ) {
    this.model = new Model('terraform', origin)
    for (const resource of resources) {
      if (this.byAddress.has(resource.address)) continue
      this.byAddress.set(resource.address, resource)
      const base = resource.address.replace(INSTANCE_KEY, '')
      if (base !== resource.address) this.byBase.set(base, [...(this.byBase.get(base) ?? []), resource])
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

  private managed(type?: string): TfResource[] {
    return [...this.byAddress.values()].filter((resource) => resource.mode === 'managed' && (type === undefined || resource.type === type))
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

  /** Addresses of resources of the given types that a value mentions (an alias counts as its function). */
  private refsTo(value: TfValue | undefined, types: readonly string[]): string[] {
    if (!value) return []
    const found: string[] = []
    for (const ref of allRefs([value])) {
      for (const address of this.targets(ref, types)) if (!found.includes(address)) found.push(address)
    }
    return found
  }

  private targets(ref: TfRef, types: readonly string[]): string[] {
    return this.resolve(ref)
      .map((resource) => this.aliasOf.get(resource.address) ?? resource.address)
      .filter((address) => types.includes(this.byAddress.get(address)?.type ?? ''))
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
    const targets = new Map<string, string[]>()
    for (const resource of this.resources.filter((candidate) => ATTACHMENTS.includes(candidate.type))) {
      const functions = this.refsTo(field(resource.body, 'target_id'), FUNCTIONS)
      for (const group of this.refsTo(field(resource.body, 'target_group_arn'), TARGET_GROUPS)) {
        const list = targets.get(group) ?? []
        for (const fn of functions) if (!list.includes(fn)) list.push(fn)
        targets.set(group, list)
      }
    }
    return targets
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
          lbType: oneOf(str(p('load_balancer_type'), 'application'), ['application', 'network', 'gateway'] as const),
          scheme: flag.known ? known(flag.value ? 'internal' : 'internet-facing') : flag,
          securityGroups: this.refsTo(p('security_groups'), ['aws_security_group']),
        })
        return
      }
      case 'aws_lb_listener':
      case 'aws_alb_listener': {
        const mtls = blocks(p('mutual_authentication'))
        addOnce({
          kind: 'listener',
          id,
          source,
          loadBalancer: this.refsTo(p('load_balancer_arn'), LOAD_BALANCERS)[0],
          protocol: str(p('protocol')),
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
          timeout: num(timeout, 3),
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

  private listenerActions(resource: TfResource, value: TfValue | undefined): ListenerAction[] {
    const items = blocks(value)
    if (items === undefined) {
      return [
        {
          type: unknown(`the action blocks are ${value!.kind === 'unknown' ? value!.why : 'unknown'}`),
          order: undefined,
          targetGroups: this.refsTo(value, TARGET_GROUPS),
          unresolvedTargetGroups: 0,
          source: this.source(resource, value!.range),
        },
      ]
    }
    return items.map((action) => {
      const targetValues = [field(action, 'target_group_arn')]
      for (const forward of blocks(field(action, 'forward')) ?? []) {
        for (const group of blocks(field(forward, 'target_group')) ?? []) targetValues.push(field(group, 'arn'))
      }
      const targetGroups: string[] = []
      let unresolved = 0
      for (const target of targetValues) {
        if (!target) continue
        const groups = this.refsTo(target, TARGET_GROUPS)
        if (groups.length === 0) unresolved++
        for (const group of groups) if (!targetGroups.includes(group)) targetGroups.push(group)
      }
      const order = field(action, 'order')
      return {
        type: action.kind === 'object' ? str(field(action, 'type')) : unknown(`an action is ${whyOf(action)}`),
        order: order ? num(order) : undefined,
        targetGroups,
        unresolvedTargetGroups: unresolved,
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
    const separate = this.managed('aws_api_gateway_rest_api_policy').some((candidate) =>
      this.refsTo(field(candidate.body, 'rest_api_id'), REST_APIS).includes(api.address),
    )
    return known(separate)
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

  /** `/orders/{id}`, following `parent_id` up to the API's root. */
  private restPath(value: TfValue | undefined, seen = new Set<string>()): Fact<string> {
    if (!value) return unknown('no resource')
    const target = this.restResource(value)
    if (!target) return unknown(value.kind === 'unknown' ? `the resource is ${value.why}` : 'the resource tree cannot be followed')
    if ('root' in target) return known('/')
    if (seen.has(target.resource.address)) return unknown('the resource tree cannot be followed')
    seen.add(target.resource.address)
    const part = str(field(target.resource.body, 'path_part'))
    const parent = this.restPath(field(target.resource.body, 'parent_id'), seen)
    if (!part.known) return part
    if (!parent.known) return parent
    return known(parent.value === '/' ? `/${part.value}` : `${parent.value}/${part.value}`)
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
    this.methods.push({ resource, operation })
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
    const match = this.methods.find(({ resource: method, operation }) => {
      if (operation.api !== api || !operation.method.known || operation.method.value !== verb.value) return false
      const methodTarget = this.restResource(field(method.body, 'resource_id'))
      if (!methodTarget) return false
      return 'root' in target ? 'root' in methodTarget : 'resource' in methodTarget && methodTarget.resource === target.resource
    })
    return match?.operation
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
    for (const settings of this.managed(METHOD_SETTINGS)) {
      const p = (key: string): TfValue | undefined => field(settings.body, key)
      const apis = this.refsTo(p('rest_api_id'), REST_APIS)
      if (apis.length > 0 && (api === undefined || !apis.includes(api))) continue
      const stage = this.stageMatch(p('stage_name'), stageId, name)
      if (stage === false) continue
      const values = blocks(p('settings'))
      if (values === undefined) {
        undecided = `the settings of ${settings.address} are known only after apply`
        continue
      }
      const limited = values.some((item) => limitSet(field(item, 'throttling_rate_limit')) || limitSet(field(item, 'throttling_burst_limit')))
      if (!limited) continue
      const path = str(p('method_path'))
      if (apis.length === 0 || stage === undefined || !path.known) {
        undecided = `${settings.address} may be for this stage`
        continue
      }
      if (path.value === '*/*') return known(true)
    }
    return undecided === undefined ? known(false) : unknown(undecided)
  }

  /** Whether a `stage_name` value names the stage: true, false, or undefined when it cannot be told. */
  private stageMatch(value: TfValue | undefined, stageId: string, name: Fact<string>): boolean | undefined {
    if (!value) return false
    const stages = [...this.refsTo(value, [REST_STAGE]), ...this.refsTo(value, [DEPLOYMENT]).map((deployment) => `${deployment}.Stage`)]
    if (stages.length > 0) return stages.includes(stageId)
    const given = str(value)
    if (!given.known || !name.known) return undefined
    return given.value === name.value
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
