/**
 * What the CloudFormation and SAM builders share: the resource types read, the context of one
 * model being filled, and the API Gateway elements both write (REST APIs, stages, usage plans).
 */
import { mapGet, type DocMap, type DocMapEntry, type DocNode } from '../../parse/types.js'
import type { Model } from '../../model/model.js'
import { known, unknown, type Api, type ApiFeature, type Fact, type Source, type Stage, type TrafficDeclaration } from '../../model/types.js'
import { whyOf, type Reader } from './reader.js'

/** The CloudFormation (and SAM) resource types the model reads, by the name this code uses for each. */
export const CFN_TYPES = {
  loadBalancer: 'AWS::ElasticLoadBalancingV2::LoadBalancer',
  listener: 'AWS::ElasticLoadBalancingV2::Listener',
  listenerRule: 'AWS::ElasticLoadBalancingV2::ListenerRule',
  targetGroup: 'AWS::ElasticLoadBalancingV2::TargetGroup',
  function: 'AWS::Lambda::Function',
  alias: 'AWS::Lambda::Alias',
  version: 'AWS::Lambda::Version',
  url: 'AWS::Lambda::Url',
  permission: 'AWS::Lambda::Permission',
  restApi: 'AWS::ApiGateway::RestApi',
  resource: 'AWS::ApiGateway::Resource',
  method: 'AWS::ApiGateway::Method',
  deployment: 'AWS::ApiGateway::Deployment',
  restStage: 'AWS::ApiGateway::Stage',
  restAuthorizer: 'AWS::ApiGateway::Authorizer',
  usagePlan: 'AWS::ApiGateway::UsagePlan',
  requestValidator: 'AWS::ApiGateway::RequestValidator',
  v2Api: 'AWS::ApiGatewayV2::Api',
  v2Route: 'AWS::ApiGatewayV2::Route',
  v2Integration: 'AWS::ApiGatewayV2::Integration',
  v2Stage: 'AWS::ApiGatewayV2::Stage',
  v2Authorizer: 'AWS::ApiGatewayV2::Authorizer',
  wafAssociation: 'AWS::WAFv2::WebACLAssociation',
  samFunction: 'AWS::Serverless::Function',
  samApi: 'AWS::Serverless::Api',
  samHttpApi: 'AWS::Serverless::HttpApi',
} as const

export const API_TYPES = [CFN_TYPES.restApi, CFN_TYPES.v2Api, CFN_TYPES.samApi, CFN_TYPES.samHttpApi]

/** REST integration timeout when `TimeoutInMillis` is not set; HTTP APIs allow at most 30 s. */

export interface TemplateResource {
  id: string
  entry: DocMapEntry
  type: string
  properties: DocMap | undefined
  metadata: DocNode | undefined
  constructPath: string | undefined
}

/** What the CloudFormation and SAM builders share while they fill one model. */
export interface BuildContext {
  model: Model
  read: Reader
  resources: TemplateResource[]
  byId: Map<string, TemplateResource>
  root: DocNode
  /** Features of REST APIs gathered from resources around them, applied when the model is done. */
  apiFeatures: Map<string, Set<ApiFeature>>
}

export function resourceSource(context: BuildContext, resource: TemplateResource): Source {
  return context.read.source(resource.entry.keyRange, resource.id, resource.constructPath)
}

export function noteFeature(context: BuildContext, apiId: string | undefined, feature: ApiFeature): void {
  if (apiId === undefined) return
  const features = context.apiFeatures.get(apiId) ?? new Set<ApiFeature>()
  features.add(feature)
  context.apiFeatures.set(apiId, features)
}

export function trafficDeclaration(context: BuildContext, resource: TemplateResource): TrafficDeclaration | undefined {
  const traffic = mapGet(mapGet(resource.metadata, 'iac-lint'), 'traffic')
  if (!traffic) return undefined
  const { read } = context
  const payload = mapGet(traffic, 'averagePayloadKB')
  return {
    requestsPerSecond: read.num(mapGet(traffic, 'requestsPerSecond')),
    averagePayloadKB: payload ? read.num(payload) : undefined,
    source: read.source(traffic.range, resource.id, resource.constructPath),
  }
}

export function restApi(
  context: BuildContext,
  resource: TemplateResource | undefined,
  source: Source,
  options: { endpoint: DocNode | undefined; policy: DocNode | undefined; implicit: boolean; id?: string; name?: string },
): Api {
  const { read } = context
  let endpointTypes: Fact<string[]> = known(['EDGE'])
  if (options.endpoint) {
    const endpoint = read.resolver.resolve(options.endpoint)
    const typesNode = endpoint.kind === 'map' ? mapGet(endpoint.node, 'Types') ?? mapGet(endpoint.node, 'Type') : options.endpoint
    endpointTypes = read.strList(typesNode, ['EDGE'])
    if (endpointTypes.known) endpointTypes = known(endpointTypes.value.map((type) => type.toUpperCase()))
  }
  const id = options.id ?? resource?.id ?? source.address
  return {
    kind: 'api',
    id,
    source,
    protocol: 'REST',
    name: options.name ?? id,
    endpointTypes,
    hasResourcePolicy: known(options.policy !== undefined),
    traffic: resource ? trafficDeclaration(context, resource) : undefined,
    implicit: options.implicit,
    features: new Set(),
  }
}

export function restStage(
  context: BuildContext,
  id: string,
  source: Source,
  api: string | undefined,
  stageName: DocNode | undefined,
  settings: DocNode | undefined,
): Stage {
  const { read } = context
  return {
    kind: 'stage',
    id,
    source,
    api: api ?? '',
    name: read.str(stageName),
    throttled: stageThrottle(context, settings),
    cacheEnabled: read.bool(mapGet(settings, 'CacheClusterEnabled'), false),
  }
}

/**
 * Stage-wide REST throttling: a `MethodSettings` entry for `/*` and `*` with a rate or burst
 * limit, or (on a Deployment's `StageDescription`) a top-level rate or burst limit.
 */
function stageThrottle(context: BuildContext, settings: DocNode | undefined): Fact<boolean> {
  const { read } = context
  if (mapGet(settings, 'ThrottlingRateLimit') || mapGet(settings, 'ThrottlingBurstLimit')) return known(true)
  const methodSettings = mapGet(settings, 'MethodSettings')
  const items = read.items(methodSettings)
  if (items === undefined) return unknown('MethodSettings is known only at deploy time')
  let undecided: string | undefined
  for (const item of items) {
    if (item.kind !== 'map') {
      undecided = whyOf(item)
      continue
    }
    const path = read.str(mapGet(item.node, 'ResourcePath'))
    const method = read.str(mapGet(item.node, 'HttpMethod'))
    const limited = mapGet(item.node, 'ThrottlingRateLimit') || mapGet(item.node, 'ThrottlingBurstLimit')
    if (!limited) continue
    if (!path.known || !method.known) {
      undecided = 'a MethodSettings entry has an unresolved path or method'
      continue
    }
    if ((path.value === '/*' || path.value === '/*/*') && method.value === '*') return known(true)
  }
  return undecided === undefined ? known(false) : unknown(undecided)
}

export function routeSettingsThrottle(context: BuildContext, settings: DocNode | undefined): Fact<boolean> {
  if (!settings) return known(false)
  const map = context.read.map(settings)
  if (!map) return unknown('DefaultRouteSettings is known only at deploy time')
  return known(mapGet(map, 'ThrottlingRateLimit') !== undefined || mapGet(map, 'ThrottlingBurstLimit') !== undefined)
}

export function addUsagePlan(
  context: BuildContext,
  id: string,
  source: Source,
  apiStages: DocNode | undefined,
  throttle: DocNode | undefined,
  quota: DocNode | undefined,
): void {
  const { model, read } = context
  const stages = (read.items(apiStages) ?? []).flatMap((item) => {
    if (item.kind !== 'map') return []
    const api = read.refsTo(mapGet(item.node, 'ApiId'), API_TYPES)[0]
    return [{ api, stage: read.str(mapGet(item.node, 'Stage')) }]
  })
  const throttleMap = read.map(throttle)
  const quotaMap = read.map(quota)
  model.add({
    kind: 'usage-plan',
    id,
    source,
    stages,
    throttled: throttleMap !== undefined && (mapGet(throttleMap, 'RateLimit') !== undefined || mapGet(throttleMap, 'BurstLimit') !== undefined),
    quota: quotaMap
      ? { limit: read.num(mapGet(quotaMap, 'Limit')), period: read.str(mapGet(quotaMap, 'Period')) }
      : undefined,
  })
  for (const stage of stages) noteFeature(context, stage.api, 'usage-plans')
}
