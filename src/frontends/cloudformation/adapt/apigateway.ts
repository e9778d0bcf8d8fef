/**
 * API Gateway REST resources into the model: APIs, methods with their integrations and the
 * path of their resource, stages (their own or a deployment's), authorizers, usage plans and
 * request validators. The REST API, stage and usage plan builders are shared with SAM, which
 * writes the same elements for `AWS::Serverless::Api`.
 */
import { mapEntry, mapGet, type DocNode } from '../../../parse/types.js'
import { DEFAULT_AUTHORIZATION, EXECUTE_API_ENDPOINT_DEFAULT_DISABLED, INTEGRATION_DEFAULT_CONNECTION_TYPE, INTEGRATION_DEFAULT_TRANSFER_MODE, REST_DEFAULT_ENDPOINT_TYPES, REST_DEFAULT_TIMEOUT_MS } from '../../../model/aws.js'
import { factAt, known, unknown, type Api, type Fact, type FactOrigin, type Integration, type Source, type Stage, type UsagePlan } from '../../../model/types.js'
import { upper, whyOf, type Reader } from '../reader.js'
import { resourcePath, restStageSettings } from './settings.js'
import { apiStageThrottles, usagePlanKeys } from './api-keys.js'
import {
  API_TYPES,
  CFN_TYPES,
  FUNCTION_TYPES,
  noteFeature,
  property,
  resourceSource,
  trafficDeclaration,
  type AdapterTable,
  type BuildContext,
  type ResourceHandler,
  type TemplateResource,
} from './context.js'
import { readApiDefinition } from './openapi.js'
import { cloudFormationPolicy, samResourcePolicy } from './policy.js'

export const APIGATEWAY_ADAPTERS: AdapterTable = {
  [CFN_TYPES.restApi]: (context, resource) => {
    const p = (key: string): DocNode | undefined => property(resource, key)
    const api = restApi(context, resource, resourceSource(context, resource), {
      endpoint: p('EndpointConfiguration'),
      policy: p('Policy'),
      implicit: false,
      disableExecuteApiEndpoint: p('DisableExecuteApiEndpoint'),
    })
    context.model.add(api)
    const definition = { body: mapEntry(resource.properties, 'Body'), s3Location: mapEntry(resource.properties, 'BodyS3Location') }
    readApiDefinition(context, api, definition, resource.constructPath)
  },

  [CFN_TYPES.method]: addMethod,

  [CFN_TYPES.deployment]: (context, resource) => {
    const { read } = context
    const stageName = property(resource, 'StageName')
    if (!stageName) return
    const name = read.str(stageName)
    if (name.known && name.value === '') return
    const api = read.refsTo(property(resource, 'RestApiId'), API_TYPES)[0]
    const source = read.source(mapEntry(resource.properties, 'StageName')!.keyRange, resource.id, resource.constructPath)
    context.model.add(restStage(context, `${resource.id}.Stage`, source, api, name, property(resource, 'StageDescription')))
  },

  [CFN_TYPES.restStage]: (context, resource) => {
    const { read } = context
    const api = read.refsTo(property(resource, 'RestApiId'), API_TYPES)[0]
    const name = read.str(property(resource, 'StageName'))
    context.model.add(restStage(context, resource.id, resourceSource(context, resource), api, name, resource.properties))
  },

  [CFN_TYPES.restAuthorizer]: authorizerHandler('RestApiId', 'Type'),

  [CFN_TYPES.usagePlan]: (context, resource) => {
    const p = (key: string): DocNode | undefined => property(resource, key)
    addUsagePlan(context, resource.id, resourceSource(context, resource), p('ApiStages'), p('Throttle'), p('Quota'))
  },

  [CFN_TYPES.requestValidator]: (context, resource) => {
    noteFeature(context, context.read.refsTo(property(resource, 'RestApiId'), API_TYPES)[0], 'request-validation')
  },
}

/** An authorizer of either API Gateway version: the two name their API and their type differently. */
export function authorizerHandler(apiProperty: string, typeProperty: string): ResourceHandler {
  return (context, resource) => {
    const { read } = context
    context.model.add({
      kind: 'authorizer',
      id: resource.id,
      source: resourceSource(context, resource),
      api: read.refsTo(property(resource, apiProperty), API_TYPES)[0],
      authorizerType: read.str(property(resource, typeProperty)),
    })
  }
}

export function restApi(
  context: BuildContext,
  resource: TemplateResource | undefined,
  source: Source,
  options: {
    endpoint: DocNode | undefined
    policy: DocNode | undefined
    implicit: boolean
    id?: string
    name?: string
    disableExecuteApiEndpoint?: DocNode | undefined
    /** The policy is SAM's `Auth.ResourcePolicy`, which the transform turns into statements. */
    samPolicy?: boolean
  },
): Api {
  const read = context.read.within(source.range)
  let endpointTypes: Fact<string[]> = read.defaulted([...REST_DEFAULT_ENDPOINT_TYPES])
  if (options.endpoint) {
    const endpoint = read.resolver.resolve(options.endpoint)
    const typesNode = endpoint.kind === 'map' ? mapGet(endpoint.node, 'Types') ?? mapGet(endpoint.node, 'Type') : options.endpoint
    endpointTypes = read.strList(typesNode, [...REST_DEFAULT_ENDPOINT_TYPES])
    if (endpointTypes.known) endpointTypes = known(endpointTypes.value.map((type) => type.toUpperCase()), endpointTypes.at)
  }
  const id = options.id ?? resource?.id ?? source.address
  return {
    kind: 'api',
    id,
    source,
    protocol: 'REST',
    name: options.name ?? id,
    endpointTypes,
    hasResourcePolicy: options.policy ? known(true, read.origin(options.policy)) : read.defaulted(false),
    traffic: resource ? trafficDeclaration(context, resource) : undefined,
    implicit: options.implicit,
    features: new Set(),
    executeApiEndpointDisabled: read.bool(options.disableExecuteApiEndpoint, EXECUTE_API_ENDPOINT_DEFAULT_DISABLED),
    ...(options.policy ? { resourcePolicy: options.samPolicy ? samResourcePolicy(read, options.policy) : cloudFormationPolicy(read, options.policy) } : {}),
  }
}

/** A REST stage named `name`, with the throttling and caching its `settings` (the stage's properties, or a `StageDescription`) give it. */
export function restStage(
  context: BuildContext,
  id: string,
  source: Source,
  api: string | undefined,
  name: Fact<string>,
  settings: DocNode | undefined,
): Stage {
  const read = context.read.within(source.range)
  return {
    kind: 'stage',
    id,
    source,
    api: api ?? '',
    name,
    throttled: stageThrottle({ ...context, read }, settings),
    routeThrottles: methodThrottles(read, mapGet(settings, 'MethodSettings')),
    cacheEnabled: read.bool(mapGet(settings, 'CacheClusterEnabled'), false),
    settings: restStageSettings(read, settings),
  }
}

/**
 * Stage-wide REST throttling: a `MethodSettings` entry for `/*` and `*` with a rate or burst
 * limit, or (on a Deployment's `StageDescription`) a top-level rate or burst limit. Throttled is
 * `at` the limit that throttles; not throttled is `at` the `MethodSettings` that sets no such
 * limit, or defaulted at the stage.
 */
function stageThrottle(context: BuildContext, settings: DocNode | undefined): Fact<boolean> {
  const { read } = context
  const topLimit = mapGet(settings, 'ThrottlingRateLimit') ?? mapGet(settings, 'ThrottlingBurstLimit')
  if (topLimit) return known(true, read.origin(topLimit))
  const methodSettings = mapGet(settings, 'MethodSettings')
  if (!methodSettings) return read.defaulted(false)
  const at = read.origin(methodSettings)
  const items = read.items(methodSettings)
  if (items === undefined) return unknown('MethodSettings is known only at deploy time', at)
  let undecided: string | undefined
  for (const item of items) {
    if (item.kind !== 'map') {
      undecided = whyOf(item)
      continue
    }
    const path = read.str(mapGet(item.node, 'ResourcePath'))
    const method = read.str(mapGet(item.node, 'HttpMethod'))
    const limit = mapGet(item.node, 'ThrottlingRateLimit') ?? mapGet(item.node, 'ThrottlingBurstLimit')
    if (!limit) continue
    if (!path.known || !method.known) {
      undecided = 'a MethodSettings entry has an unresolved path or method'
      continue
    }
    if ((path.value === '/*' || path.value === '/*/*') && method.value === '*') return known(true, read.origin(limit))
  }
  return undecided === undefined ? known(false, at) : unknown(undecided, at)
}

/** What a stage's per-route or per-method settings say about throttling: one entry for each. */
export type RouteThrottle = NonNullable<Stage['routeThrottles']>[number]

/**
 * Every `MethodSettings` entry as a route throttle: the route (`GET /orders/{id}` for resource
 * path `/~1orders~1{id}` and method `GET`) `at` its `ResourcePath`, throttled `at` its limit.
 */
function methodThrottles(read: Reader, methodSettings: DocNode | undefined): RouteThrottle[] {
  if (!methodSettings) return []
  const items = read.items(methodSettings)
  if (items === undefined) return [unknownThrottle('MethodSettings is known only at deploy time', read.origin(methodSettings))]
  return items.map((item) => {
    if (item.kind !== 'map') return unknownThrottle(`a MethodSettings entry is ${whyOf(item)}`, read.origin(methodSettings))
    const path = read.str(mapGet(item.node, 'ResourcePath'))
    const method = read.str(mapGet(item.node, 'HttpMethod'))
    const limit = mapGet(item.node, 'ThrottlingRateLimit') ?? mapGet(item.node, 'ThrottlingBurstLimit')
    const route = !path.known ? path : !method.known ? method : known(`${method.value.toUpperCase()} ${resourcePath(path.value)}`, path.at)
    return { route, throttled: limit ? known(true, read.origin(limit)) : known(false, read.origin(item.node)) }
  })
}

/** An entry nothing is known of until deployment. */
export function unknownThrottle(why: string, at: FactOrigin | undefined): RouteThrottle {
  return { route: unknown(why, at), throttled: unknown(why, at) }
}

export function addUsagePlan(
  context: BuildContext,
  id: string,
  source: Source,
  apiStages: DocNode | undefined,
  throttle: DocNode | undefined,
  quota: DocNode | undefined,
  keys?: UsagePlan['keys'],
): void {
  const { model, read } = context
  const stages = (read.items(apiStages) ?? []).flatMap((item) => {
    if (item.kind !== 'map') return []
    const api = read.refsTo(mapGet(item.node, 'ApiId'), API_TYPES)[0]
    return [{ api, stage: planStageName(context, mapGet(item.node, 'Stage')), throttles: apiStageThrottles(read, mapGet(item.node, 'Throttle')) }]
  })
  const throttleMap = read.map(throttle)
  const quotaMap = read.map(quota)
  model.add({
    kind: 'usage-plan',
    id,
    source,
    stages,
    throttled: throttleMap !== undefined && (mapGet(throttleMap, 'RateLimit') !== undefined || mapGet(throttleMap, 'BurstLimit') !== undefined),
    quota: quotaMap ? { limit: read.num(mapGet(quotaMap, 'Limit')), period: read.str(mapGet(quotaMap, 'Period')) } : undefined,
    keys: keys ?? usagePlanKeys(context, id),
  })
  for (const stage of stages) noteFeature(context, stage.api, 'usage-plans')
}

/** A usage plan's stage: the name written, or the `StageName` of the stage a `Ref` names (a Stage's `Ref` is its name), `at` the reference. */
function planStageName(context: BuildContext, node: DocNode | undefined): Fact<string> {
  const { read } = context
  const value = node ? read.resolver.resolve(node) : undefined
  const stage = value?.kind === 'ref' && value.ref.attribute === undefined ? context.byId.get(value.ref.resource) : undefined
  if (stage?.type !== CFN_TYPES.restStage) return read.str(node)
  return factAt(read.str(property(stage, 'StageName')), read.origin(node))
}

function addMethod(context: BuildContext, resource: TemplateResource): void {
  const { model, read } = context
  const p = (key: string): DocNode | undefined => property(resource, key)
  const api = read.refsTo(p('RestApiId'), API_TYPES)[0]
  const integration = read.map(p('Integration'))
  let integrationId: string | undefined
  if (integration) {
    integrationId = `${resource.id}.Integration`
    addMethodIntegration(context, resource, integrationId, api, integration)
  }
  const apiKeyRequired = read.bool(p('ApiKeyRequired'), false)
  if (apiKeyRequired.known && apiKeyRequired.value) noteFeature(context, api, 'api-keys')
  if (p('RequestValidatorId')) noteFeature(context, api, 'request-validation')
  const resourceId = p('ResourceId')
  model.add({
    kind: 'operation',
    id: resource.id,
    source: resourceSource(context, resource),
    api,
    method: upper(read.str(p('HttpMethod'))),
    path: resourceId ? factAt(restPath(context, resourceId), read.origin(resourceId)) : unknown('no resource'),
    authorization: upper(read.str(p('AuthorizationType'), DEFAULT_AUTHORIZATION)),
    authorizer: read.refsTo(p('AuthorizerId'), [CFN_TYPES.restAuthorizer])[0],
    apiKeyRequired,
    integration: integrationId,
    fromSam: false,
  })
}

/** A method's `Integration`, an element of its own at the `Integration` key. */
function addMethodIntegration(
  context: BuildContext,
  resource: TemplateResource,
  id: string,
  api: string | undefined,
  integration: DocNode,
): void {
  const source = context.read.source(mapEntry(resource.properties, 'Integration')!.keyRange, resource.id, resource.constructPath)
  const read = context.read.within(source.range)
  const i = (key: string): DocNode | undefined => mapGet(integration, key)
  const type = read.str(i('Type'))
  context.model.add({
    kind: 'integration',
    id,
    source,
    api,
    integrationType: type,
    functions: isAsyncLambdaInvocation(context, i('RequestParameters')) ? [] : read.refsTo(i('Uri'), FUNCTION_TYPES),
    timeoutMs: read.num(i('TimeoutInMillis'), REST_DEFAULT_TIMEOUT_MS),
    timeoutDefaulted: i('TimeoutInMillis') === undefined,
    transferMode: read.str(i('ResponseTransferMode'), INTEGRATION_DEFAULT_TRANSFER_MODE),
    ...privateIntegration(read, i('ConnectionType'), i('ConnectionId'), i('IntegrationTarget') ?? i('Uri')),
  })
  if (type.known && type.value === 'AWS') noteFeature(context, api, 'service-integrations')
  const templated =
    i('RequestTemplates') !== undefined ||
    (read.items(i('IntegrationResponses')) ?? []).some(
      (response) => response.kind === 'map' && mapGet(response.node, 'ResponseTemplates') !== undefined,
    )
  if (templated && type.known && (type.value === 'AWS' || type.value === 'HTTP')) noteFeature(context, api, 'mapping-templates')
}

/**
 * The private side of an integration: its connection type (`INTERNET` when not set), the VPC
 * link its `ConnectionId` names, and the listener or load balancer `target` names (a REST
 * `IntegrationTarget`, a v2 `IntegrationUri`).
 */
export function privateIntegration(
  read: Reader,
  connectionType: DocNode | undefined,
  connectionId: DocNode | undefined,
  target: DocNode | undefined,
): Pick<Integration, 'connectionType' | 'vpcLink' | 'privateTarget'> {
  const vpcLink = read.refsTo(connectionId, [CFN_TYPES.restVpcLink, CFN_TYPES.v2VpcLink])[0]
  const privateTarget = read.refsTo(target, [CFN_TYPES.listener])[0] ?? read.refsTo(target, [CFN_TYPES.loadBalancer])[0]
  return {
    connectionType: upper(read.str(connectionType, INTEGRATION_DEFAULT_CONNECTION_TYPE)),
    ...(vpcLink === undefined ? {} : { vpcLink }),
    ...(privateTarget === undefined ? {} : { privateTarget }),
  }
}

/** REST resource path of a `ResourceId` value, following `ParentId` up to the root. */
function restPath(context: BuildContext, node: DocNode | undefined, seen = new Set<string>()): Fact<string> {
  const { read } = context
  if (!node) return unknown('no resource')
  const value = read.resolver.resolve(node)
  if (value.kind === 'ref' && value.ref.attribute === 'RootResourceId') return known('/')
  if (value.kind !== 'ref') return unknown(`the resource is ${whyOf(value)}`)
  const resource = context.byId.get(value.ref.resource)
  if (!resource || resource.type !== CFN_TYPES.resource || seen.has(resource.id)) return unknown('the resource tree cannot be followed')
  seen.add(resource.id)
  const part = read.str(mapGet(resource.properties, 'PathPart'))
  const parent = restPath(context, mapGet(resource.properties, 'ParentId'), seen)
  if (!part.known) return part
  if (!parent.known) return parent
  return known(parent.value === '/' ? `/${part.value}` : `${parent.value}/${part.value}`)
}

/** A Lambda integration with the `X-Amz-Invocation-Type: 'Event'` header invokes asynchronously. */
function isAsyncLambdaInvocation(context: BuildContext, parameters: DocNode | undefined): boolean {
  const header = context.read.str(mapGet(parameters, 'integration.request.header.X-Amz-Invocation-Type'))
  return header.known && header.value.replace(/'/g, '') === 'Event'
}
