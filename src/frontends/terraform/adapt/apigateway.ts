/**
 * API Gateway REST APIs in Terraform: the API, its methods with the paths their resources make,
 * integrations, stages (a deployment's `stage_name` makes one), authorizers and usage plans, and
 * the features an ALB cannot give (API keys, request validation, mapping templates, service
 * integrations). `aws_api_gateway_resource`, `aws_api_gateway_method_settings` and
 * `aws_api_gateway_rest_api_policy` are no elements: methods, stages and APIs read them.
 *
 * Integrations are linked to their methods once every method is in the model
 * (`linkRestIntegrations`).
 */
import { DEFAULT_AUTHORIZATION, EXECUTE_API_ENDPOINT_DEFAULT_DISABLED, INTEGRATION_DEFAULT_TRANSFER_MODE, REST_DEFAULT_ENDPOINT_TYPES, REST_DEFAULT_TIMEOUT_MS } from '../../../model/aws.js'
import { factAt, known, unknown, type Api, type Fact, type FactOrigin, type Operation, type Stage, type TrafficDeclaration } from '../../../model/types.js'
import type { TfResource, TfValue } from '../ir.js'
import { allRefs } from '../values.js'
import type { AdapterTable, BuildContext } from './context.js'
import { privateIntegration } from './domains.js'
import { FUNCTIONS } from './lambda.js'
import { readBody } from './openapi.js'
import { restApiPolicy } from './policy.js'
import { blocks, field, firstBlock, limitSet, nonNegative, readerOf, upper } from './read.js'
import { apiStageThrottles, usagePlanKeys } from './api-keys.js'
import { restStageSettings, type StageMethodSettings } from './settings.js'

export const REST_APIS = ['aws_api_gateway_rest_api']
export const REST_STAGE = 'aws_api_gateway_stage'
export const DEPLOYMENT = 'aws_api_gateway_deployment'
const REST_RESOURCE = 'aws_api_gateway_resource'
const REST_METHOD = 'aws_api_gateway_method'
const REST_INTEGRATION = 'aws_api_gateway_integration'
const METHOD_SETTINGS = 'aws_api_gateway_method_settings'
const REST_API_POLICY = 'aws_api_gateway_rest_api_policy'

/** Tags on an API that declare its expected traffic, for the cost rule. */
export const TRAFFIC_TAGS = { requestsPerSecond: 'iac-lint:requests-per-second', averagePayloadKB: 'iac-lint:average-payload-kb' } as const

export const APIGATEWAY_ADAPTERS: AdapterTable = {
  aws_api_gateway_rest_api(context, resource) {
    if (context.model.has(resource.address)) return
    const api = restApi(context, resource)
    context.model.add(api)
    readBody(context, resource, api)
  },

  aws_api_gateway_method(context, resource) {
    restApis(context).addMethod(resource)
  },

  aws_api_gateway_deployment(context, resource) {
    restApis(context).addDeploymentStage(resource)
  },

  aws_api_gateway_stage(context, resource) {
    const read = readerOf(resource)
    const { arg, str, bool, defaultAt } = read
    const api = context.refsTo(arg('rest_api_id'), REST_APIS)[0]
    const name = str(arg('stage_name'))
    context.addOnce({
      kind: 'stage',
      id: resource.address,
      source: context.source(resource),
      api: api ?? '',
      name,
      throttled: restApis(context).methodSettingsThrottle(resource.address, api, name, defaultAt),
      routeThrottles: restApis(context).methodThrottles(resource.address, api, name),
      cacheEnabled: bool(arg('cache_cluster_enabled'), false),
      settings: restStageSettings(read, restApis(context).settingsFor(resource.address, api, name), true),
    })
  },

  aws_api_gateway_authorizer(context, resource) {
    const { arg, str } = readerOf(resource)
    context.addOnce({
      kind: 'authorizer',
      id: resource.address,
      source: context.source(resource),
      api: context.refsTo(arg('rest_api_id'), REST_APIS)[0],
      authorizerType: str(arg('type'), 'TOKEN'),
    })
  },

  aws_api_gateway_usage_plan(context, resource) {
    restApis(context).addUsagePlan(resource)
  },

  aws_api_gateway_request_validator(context, resource) {
    context.noteFeature(context.refsTo(field(resource.body, 'rest_api_id'), REST_APIS)[0], 'request-validation')
  },

  aws_api_gateway_integration_response(context, resource) {
    if (field(resource.body, 'response_templates')) restApis(context).noteMappingTemplates(resource)
  },
}

/** Adds the REST integrations, each linked to its method: run once every method is in the model. */
export function linkRestIntegrations(context: BuildContext): void {
  restApis(context).linkIntegrations()
}

/** The traffic an API's tags declare (`TRAFFIC_TAGS`), for REST and HTTP APIs alike. */
export function trafficDeclaration(context: BuildContext, resource: TfResource): TrafficDeclaration | undefined {
  const tags = field(resource.body, 'tags')
  if (tags?.kind !== 'object') return undefined
  const rate = field(tags, TRAFFIC_TAGS.requestsPerSecond)
  if (!rate) return undefined
  const { num } = readerOf(resource)
  const payload = field(tags, TRAFFIC_TAGS.averagePayloadKB)
  return {
    requestsPerSecond: nonNegative(num(rate)),
    averagePayloadKB: payload ? nonNegative(num(payload)) : undefined,
    source: context.source(resource, rate.range),
  }
}

function restApi(context: BuildContext, resource: TfResource): Api {
  const { arg, strList, bool, byDefault, at } = readerOf(resource)
  const policy = restApiPolicy(context, resource)
  const configuration = arg('endpoint_configuration')
  const endpoint = blocks(configuration)
  let endpointTypes: Fact<string[]> = byDefault([...REST_DEFAULT_ENDPOINT_TYPES])
  if (endpoint === undefined) endpointTypes = unknown('the endpoint configuration is known only after apply', at(configuration!))
  else if (endpoint[0]) endpointTypes = strList(field(endpoint[0], 'types'), [...REST_DEFAULT_ENDPOINT_TYPES])
  if (endpointTypes.known) endpointTypes = known(endpointTypes.value.map((type) => type.toUpperCase()), endpointTypes.at)
  return {
    kind: 'api',
    id: resource.address,
    source: context.source(resource),
    protocol: 'REST',
    name: resource.address,
    endpointTypes,
    hasResourcePolicy: restApis(context).hasResourcePolicy(resource),
    traffic: trafficDeclaration(context, resource),
    implicit: false,
    features: new Set(),
    executeApiEndpointDisabled: bool(arg('disable_execute_api_endpoint'), EXECUTE_API_ENDPOINT_DEFAULT_DISABLED),
    ...(policy ? { resourcePolicy: policy } : {}),
  }
}

/** The REST API state of one model: methods by key, resource paths, method settings and policies, each read once. */
const states = new WeakMap<BuildContext, RestApis>()

function restApis(context: BuildContext): RestApis {
  let state = states.get(context)
  if (!state) states.set(context, (state = new RestApis(context)))
  return state
}

class RestApis {
  /** REST methods by API, HTTP method and REST resource (`/` for the root), the first of each. */
  private readonly methods = new Map<string, Operation>()
  private readonly paths = new Map<string, Fact<string>>()
  private readonly stageSets = new WeakMap<readonly string[], ReadonlySet<string>>()
  private settings: SettingsIndex | undefined
  /** The first `aws_api_gateway_rest_api_policy` for each API. */
  private policies: Map<string, TfResource> | undefined

  constructor(private readonly context: BuildContext) {}

  /** The `policy` argument, or an `aws_api_gateway_rest_api_policy` resource for the API. */
  hasResourcePolicy(api: TfResource): Fact<boolean> {
    const { arg, at, defaultAt } = readerOf(api)
    const policy = arg('policy')
    if (policy?.kind === 'unknown' && policy.refs.length === 0) return unknown(`the policy is ${policy.why}`, at(policy))
    if (policy && !(policy.kind === 'scalar' && policy.value === '')) return known(true, at(policy))
    if (!this.policies) {
      this.policies = new Map()
      for (const candidate of this.context.managed(REST_API_POLICY)) {
        for (const address of this.context.refsTo(field(candidate.body, 'rest_api_id'), REST_APIS)) {
          if (!this.policies.has(address)) this.policies.set(address, candidate)
        }
      }
    }
    const separate = this.policies.get(api.address)
    return separate ? known(true, { file: separate.location.file, range: separate.location.range }) : known(false, defaultAt)
  }

  addMethod(resource: TfResource): void {
    const { context } = this
    const { arg, str, bool, at } = readerOf(resource)
    const api = context.refsTo(arg('rest_api_id'), REST_APIS)[0]
    const apiKeyRequired = bool(arg('api_key_required'), false)
    if (apiKeyRequired.known && apiKeyRequired.value) context.noteFeature(api, 'api-keys')
    if (arg('request_validator_id')) context.noteFeature(api, 'request-validation')
    const resourceId = arg('resource_id')
    const operation: Operation = {
      kind: 'operation',
      id: resource.address,
      source: context.source(resource),
      api,
      method: upper(str(arg('http_method'))),
      path: resourceId ? factAt(this.restPath(resourceId), at(resourceId)) : this.restPath(resourceId),
      authorization: upper(str(arg('authorization'), DEFAULT_AUTHORIZATION)),
      authorizer: context.refsTo(arg('authorizer_id'), ['aws_api_gateway_authorizer'])[0],
      apiKeyRequired,
      integration: undefined,
      fromSam: false,
    }
    if (context.model.has(operation.id)) return
    context.model.add(operation)
    const target = this.restResource(resourceId)
    if (api === undefined || !operation.method.known || !target) return
    const key = methodKey(api, operation.method.value, target)
    if (!this.methods.has(key)) this.methods.set(key, operation)
  }

  linkIntegrations(): void {
    const { context } = this
    for (const resource of context.managed(REST_INTEGRATION)) {
      const { arg, str, num } = readerOf(resource)
      const api = context.refsTo(arg('rest_api_id'), REST_APIS)[0]
      const type = upper(str(arg('type')))
      const header = str(field(arg('request_parameters'), 'integration.request.header.X-Amz-Invocation-Type'))
      const asynchronous = header.known && header.value.replace(/'/g, '') === 'Event'
      const timeout = arg('timeout_milliseconds')
      if (context.model.has(resource.address)) continue
      context.model.add({
        kind: 'integration',
        id: resource.address,
        source: context.source(resource),
        api,
        integrationType: type,
        functions: asynchronous ? [] : context.refsTo(arg('uri'), FUNCTIONS),
        timeoutMs: num(timeout, REST_DEFAULT_TIMEOUT_MS),
        timeoutDefaulted: timeout === undefined,
        transferMode: str(arg('response_transfer_mode'), INTEGRATION_DEFAULT_TRANSFER_MODE),
        ...privateIntegration(context, resource, arg('connection_type'), arg('connection_id'), arg('integration_target') ?? arg('uri')),
      })
      const method = this.methodOf(resource)
      if (method && method.integration === undefined) method.integration = resource.address
      if (type.known && type.value === 'AWS') context.noteFeature(api, 'service-integrations')
      const templates = arg('request_templates')
      const templated = templates !== undefined && !(templates.kind === 'object' && templates.fields.size === 0)
      if (templated && type.known && (type.value === 'AWS' || type.value === 'HTTP')) context.noteFeature(api, 'mapping-templates')
    }
  }

  noteMappingTemplates(response: TfResource): void {
    const method = this.methodOf(response)
    const integration = this.context.resource(method?.integration ?? '')
    if (!method || !integration) return
    const type = upper(readerOf(integration).str(field(integration.body, 'type')))
    if (type.known && (type.value === 'AWS' || type.value === 'HTTP')) this.context.noteFeature(method.api, 'mapping-templates')
  }

  /** The deprecated `stage_name` of a deployment creates a stage, as `StageName` does in CloudFormation. */
  addDeploymentStage(resource: TfResource): void {
    const { context } = this
    const stageName = field(resource.body, 'stage_name')
    if (!stageName) return
    // The stage is made from `stage_name`: its defaults apply there.
    const read = readerOf(resource, stageName.range)
    const { str, byDefault, defaultAt } = read
    const name = str(stageName)
    if (name.known && name.value === '') return
    const api = context.refsTo(field(resource.body, 'rest_api_id'), REST_APIS)[0]
    const id = `${resource.address}.Stage`
    if (context.model.has(id)) return
    context.model.add({
      kind: 'stage',
      id,
      source: context.source(resource, stageName.range),
      api: api ?? '',
      name,
      throttled: this.methodSettingsThrottle(id, api, name, defaultAt),
      routeThrottles: this.methodThrottles(id, api, name),
      cacheEnabled: byDefault(false),
      settings: restStageSettings(read, this.settingsFor(id, api, name), false),
    })
  }

  /**
   * Stage-wide REST throttling: an `aws_api_gateway_method_settings` for the stage with method path
   * `*\/*` and a rate or burst limit. Settings that may be for this stage but cannot be matched
   * make the answer unknown. Without such settings the stage is not throttled (`unthrottledAt`).
   */
  methodSettingsThrottle(stageId: string, api: string | undefined, name: Fact<string>, unthrottledAt: FactOrigin): Fact<boolean> {
    let undecided: { why: string; at: FactOrigin } | undefined
    for (const settings of this.methodSettingsFor(stageId, name)) {
      if (settings.apis.size > 0 && (api === undefined || !settings.apis.has(api))) continue
      const stage = settings.stages ? settings.stages.has(stageId) : stageNamed(settings.stageName, name)
      if (stage === false) continue
      if (settings.limited === undefined) {
        undecided = { why: `the settings of ${settings.address} are known only after apply`, at: settings.settingsAt }
        continue
      }
      if (!settings.limited) continue
      if (settings.apis.size === 0 || stage === undefined || !settings.path.known) {
        undecided = { why: `${settings.address} may be for this stage`, at: settings.blockAt }
        continue
      }
      if (settings.path.value === '*/*') return known(true, settings.settingsAt)
    }
    return undecided === undefined ? known(false, unthrottledAt) : unknown(undecided.why, undecided.at)
  }

  /**
   * The method settings that are the stage's (its API, its stage), one route throttle each, in
   * the order of the resources: the route from `method_path`, throttled `at` the settings.
   * Settings that only may be the stage's are left out: `methodSettingsThrottle` leaves the
   * stage's throttling unknown for those that set a limit.
   */
  methodThrottles(stageId: string, api: string | undefined, name: Fact<string>): RouteThrottle[] {
    if (api === undefined) return []
    return this.methodSettingsFor(stageId, name).flatMap((settings) => {
      if (!settings.apis.has(api)) return []
      const stage = settings.stages ? settings.stages.has(stageId) : stageNamed(settings.stageName, name)
      if (stage !== true) return []
      const throttled =
        settings.limited === undefined
          ? unknown<boolean>(`the settings of ${settings.address} are known only after apply`, settings.settingsAt)
          : known(settings.limited, settings.settingsAt)
      return [{ route: methodRoute(settings.path), throttled }]
    })
  }

  /**
   * The method settings resources that are the stage's (`sure`), or may be, in the order of the
   * resources: what `methodSettingsThrottle` and `methodThrottles` decide on, for the other settings.
   */
  settingsFor(stageId: string, api: string | undefined, name: Fact<string>): StageMethodSettings[] {
    return this.methodSettingsFor(stageId, name).flatMap((settings) => {
      if (settings.apis.size > 0 && (api === undefined || !settings.apis.has(api))) return []
      const stage = settings.stages ? settings.stages.has(stageId) : stageNamed(settings.stageName, name)
      if (stage === false) return []
      return [{ resource: settings.resource, path: settings.path, route: methodRoute(settings.path), sure: api !== undefined && settings.apis.has(api) && stage === true }]
    })
  }

  addUsagePlan(resource: TfResource): void {
    const { context } = this
    const read = readerOf(resource)
    const { arg, str, num } = read
    const stages = (blocks(arg('api_stages')) ?? []).map((entry) => ({
      api: context.refsTo(field(entry, 'api_id'), REST_APIS)[0],
      stage: this.stageName(resource, field(entry, 'stage')),
      throttles: apiStageThrottles(read, field(entry, 'throttle')),
    }))
    const throttle = firstBlock(arg('throttle_settings'))
    const quota = firstBlock(arg('quota_settings'))
    if (context.model.has(resource.address)) return
    context.model.add({
      kind: 'usage-plan',
      id: resource.address,
      source: context.source(resource),
      stages,
      throttled: throttle !== undefined && (field(throttle, 'rate_limit') !== undefined || field(throttle, 'burst_limit') !== undefined),
      quota: quota ? { limit: num(field(quota, 'limit')), period: str(field(quota, 'period')) } : undefined,
      keys: usagePlanKeys(context, resource.address),
    })
    for (const stage of stages) context.noteFeature(stage.api, 'usage-plans')
  }

  /** A stage name in `plan`, or the name of the stage resource the value refers to. */
  private stageName(plan: TfResource, value: TfValue | undefined): Fact<string> {
    const { context } = this
    const [stage] = context.refsTo(value, [REST_STAGE])
    if (value?.kind === 'unknown' && stage) return nameOf(context.resource(stage)!)
    const [deployment] = context.refsTo(value, [DEPLOYMENT])
    if (value?.kind === 'unknown' && deployment) return nameOf(context.resource(deployment)!)
    return readerOf(plan).str(value)
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
    const { context } = this
    const index: SettingsIndex = { byStage: new Map(), byName: new Map(), open: [] }
    const byStages = new Map<ReadonlySet<string>, MethodSettings[]>()
    context.managed(METHOD_SETTINGS).forEach((resource, order) => {
      const { arg, str, at } = readerOf(resource)
      const stageValue = arg('stage_name')
      if (!stageValue) return
      const named = context.refsTo(stageValue, [REST_STAGE, DEPLOYMENT])
      const settingsValue = arg('settings')
      const values = blocks(settingsValue)
      const blockAt = { file: resource.location.file, range: resource.location.range }
      const settings: MethodSettings = {
        order,
        resource,
        address: resource.address,
        apis: context.setOf(context.refsTo(arg('rest_api_id'), REST_APIS)),
        stages: named.length > 0 ? this.stageSet(named) : undefined,
        stageName: str(stageValue),
        limited: values?.some((item) => limitSet(field(item, 'throttling_rate_limit')) || limitSet(field(item, 'throttling_burst_limit'))),
        path: str(arg('method_path')),
        settingsAt: settingsValue ? at(settingsValue) : blockAt,
        blockAt,
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
    let set = this.stageSets.get(named)
    if (!set) {
      set = new Set(named.map((address) => (this.context.resource(address)?.type === DEPLOYMENT ? `${address}.Stage` : address)))
      this.stageSets.set(named, set)
    }
    return set
  }

  /** The REST resource a `resource_id` or `parent_id` names: the API's root, or an `aws_api_gateway_resource`. */
  private restResource(value: TfValue | undefined): { root: string } | { resource: TfResource } | undefined {
    for (const ref of allRefs(value ? [value] : [])) {
      const [api] = ref.attribute === 'root_resource_id' ? this.context.targets(ref, REST_APIS) : []
      if (api) return { root: api }
      const resource = this.context.resolve(ref).find((candidate) => candidate.type === REST_RESOURCE)
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
      const done = this.paths.get(address)
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
      chain.push({ address, part: readerOf(target.resource).str(field(target.resource.body, 'path_part')) })
      current = field(target.resource.body, 'parent_id')
    }
    // From the top down: a resource's path is its parent's and its own part.
    for (let i = chain.length - 1; i >= 0; i--) {
      const { address, part } = chain[i]!
      const below: Fact<string> = !part.known ? part : !top.known ? top : known(top.value === '/' ? `/${part.value}` : `${top.value}/${part.value}`)
      // Within a loop the answer depends on where the walk began, so it is not kept.
      if (!looped) this.paths.set(address, below)
      top = below
    }
    return top
  }

  /** The method an integration (or integration response) belongs to: named by reference, or by API, resource and HTTP method. */
  private methodOf(resource: TfResource): Operation | undefined {
    const { context } = this
    const { arg, str } = readerOf(resource)
    const named = context.refsTo(arg('http_method'), [REST_METHOD])[0]
    if (named) return context.model.getKind(named, 'operation')
    const api = context.refsTo(arg('rest_api_id'), REST_APIS)[0]
    const target = this.restResource(arg('resource_id'))
    const verb = upper(str(arg('http_method')))
    if (!api || !target || !verb.known) return undefined
    return this.methods.get(methodKey(api, verb.value, target))
  }
}

/** What a stage's per-route or per-method settings say about throttling: one entry for each. */
export type RouteThrottle = NonNullable<Stage['routeThrottles']>[number]

/** An entry nothing is known of until apply. */
export function unknownThrottle(why: string, at: FactOrigin): RouteThrottle {
  return { route: unknown(why, at), throttled: unknown(why, at) }
}

/**
 * A `method_path` (`{resource_path}/{http_method}`) as a route key: `orders/{id}/GET` is
 * `GET /orders/{id}`, `/GET` is the root's `GET /`, and `*\/*` is the wildcard `* /*`.
 */
function methodRoute(path: Fact<string>): Fact<string> {
  if (!path.known) return path
  const slash = path.value.lastIndexOf('/')
  if (slash < 0) return unknown(`the method path ${path.value} names no method`, path.at)
  const resource = path.value.slice(0, slash).replace(/~1/g, '/').replace(/~0/g, '~').replace(/^\/+/, '')
  return known(`${path.value.slice(slash + 1).toUpperCase()} /${resource}`, path.at)
}

/** The `stage_name` of a stage or deployment resource. */
function nameOf(resource: TfResource): Fact<string> {
  return readerOf(resource).str(field(resource.body, 'stage_name'))
}

/** An `aws_api_gateway_method_settings` as the stages read it. */
interface MethodSettings {
  /** Position among the method settings resources. */
  order: number
  resource: TfResource
  address: string
  /** The APIs its `rest_api_id` refers to. */
  apis: ReadonlySet<string>
  /** The stages its `stage_name` refers to, when it refers to any. */
  stages: ReadonlySet<string> | undefined
  stageName: Fact<string>
  /** Whether it sets a rate or burst limit; undefined when its settings are known only after apply. */
  limited: boolean | undefined
  path: Fact<string>
  /** Where its `settings` are written (the resource block without them). */
  settingsAt: FactOrigin
  /** The resource block. */
  blockAt: FactOrigin
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
