/**
 * API Gateway v2 (HTTP and WebSocket) resources into the model: APIs, with what a quick create
 * (`Target`) makes of one, routes, integrations, authorizers and stages.
 */
import { DEFAULT_AUTHORIZATION, EXECUTE_API_ENDPOINT_DEFAULT_DISABLED, INTEGRATION_DEFAULT_TRANSFER_MODE, V2_DEFAULT_ROUTE_KEY, V2_DEFAULT_STAGE_NAME, V2_ENDPOINT_TYPES, routeParts } from '../../../model/aws.js'
import { mapEntry, mapGet, type DocNode } from '../../../parse/types.js'
import { HTTP_DEFAULT_TIMEOUT_MS, REST_DEFAULT_TIMEOUT_MS } from '../../../model/aws.js'
import { known, unknown, type Api, type Fact } from '../../../model/types.js'
import { upper, type Reader } from '../reader.js'
import { authorizerHandler, privateIntegration, unknownThrottle, type RouteThrottle } from './apigateway.js'
import { v2StageSettings } from './settings.js'
import {
  API_TYPES,
  CFN_TYPES,
  FUNCTION_TYPES,
  property,
  resourceSource,
  trafficDeclaration,
  type AdapterTable,
  type BuildContext,
  type TemplateResource,
} from './context.js'
import { readApiDefinition } from './openapi.js'

export const APIGATEWAYV2_ADAPTERS: AdapterTable = {
  [CFN_TYPES.v2Api]: (context, resource) => {
    const { read } = context
    const protocol = read.str(property(resource, 'ProtocolType'), 'HTTP')
    const api: Api = {
      kind: 'api',
      id: resource.id,
      source: resourceSource(context, resource),
      protocol: protocol.known && protocol.value.toUpperCase() === 'WEBSOCKET' ? 'WEBSOCKET' : 'HTTP',
      name: resource.id,
      endpointTypes: read.defaulted([...V2_ENDPOINT_TYPES]),
      hasResourcePolicy: read.defaulted(false),
      traffic: trafficDeclaration(context, resource),
      implicit: false,
      features: new Set(),
      executeApiEndpointDisabled: read.bool(property(resource, 'DisableExecuteApiEndpoint'), EXECUTE_API_ENDPOINT_DEFAULT_DISABLED),
    }
    context.model.add(api)
    const definition = { body: mapEntry(resource.properties, 'Body'), s3Location: mapEntry(resource.properties, 'BodyS3Location') }
    readApiDefinition(context, api, definition, resource.constructPath)
    addQuickCreate(context, resource)
  },

  [CFN_TYPES.v2Route]: (context, resource) => {
    const { read } = context
    const p = (key: string): DocNode | undefined => property(resource, key)
    const route = routeParts(read.str(p('RouteKey')))
    context.model.add({
      kind: 'operation',
      id: resource.id,
      source: resourceSource(context, resource),
      api: read.refsTo(p('ApiId'), API_TYPES)[0],
      method: route.method,
      path: route.path,
      authorization: upper(read.str(p('AuthorizationType'), DEFAULT_AUTHORIZATION)),
      authorizer: read.refsTo(p('AuthorizerId'), [CFN_TYPES.v2Authorizer])[0],
      apiKeyRequired: read.bool(p('ApiKeyRequired'), false),
      integration: read.refsTo(p('Target'), [CFN_TYPES.v2Integration])[0],
      fromSam: false,
    })
  },

  [CFN_TYPES.v2Integration]: (context, resource) => {
    const { read } = context
    const p = (key: string): DocNode | undefined => property(resource, key)
    const api = read.refsTo(p('ApiId'), API_TYPES)[0]
    const apiResource = context.byId.get(api ?? '')
    const protocol = apiResource ? read.str(mapGet(apiResource.properties, 'ProtocolType'), 'HTTP') : known('HTTP')
    const isWebSocket = protocol.known && protocol.value.toUpperCase() === 'WEBSOCKET'
    const timeout = p('TimeoutInMillis')
    context.model.add({
      kind: 'integration',
      id: resource.id,
      source: resourceSource(context, resource),
      api,
      integrationType: upper(read.str(p('IntegrationType'))),
      functions: read.refsTo(p('IntegrationUri'), FUNCTION_TYPES),
      timeoutMs: read.num(timeout, isWebSocket ? REST_DEFAULT_TIMEOUT_MS : HTTP_DEFAULT_TIMEOUT_MS),
      timeoutDefaulted: timeout === undefined,
      transferMode: read.defaulted(INTEGRATION_DEFAULT_TRANSFER_MODE),
      ...privateIntegration(read, p('ConnectionType'), p('ConnectionId'), p('IntegrationUri')),
    })
  },

  [CFN_TYPES.v2Authorizer]: authorizerHandler('ApiId', 'AuthorizerType'),

  [CFN_TYPES.v2Stage]: (context, resource) => {
    const { read } = context
    const p = (key: string): DocNode | undefined => property(resource, key)
    context.model.add({
      kind: 'stage',
      id: resource.id,
      source: resourceSource(context, resource),
      api: read.refsTo(p('ApiId'), API_TYPES)[0] ?? '',
      name: read.str(p('StageName')),
      throttled: routeSettingsThrottle(read, p('DefaultRouteSettings')),
      routeThrottles: routeThrottles(read, p('RouteSettings')),
      cacheEnabled: read.defaulted(false),
      settings: v2StageSettings(read, resource.properties),
    })
  },
}

/**
 * Quick create: `Target` makes an integration, a route (`RouteKey`, else `$default`) and a
 * `$default` stage, all at the `Target` key; what AWS chooses for them is defaulted there.
 */
function addQuickCreate(context: BuildContext, resource: TemplateResource): void {
  const target = property(resource, 'Target')
  if (!target) return
  const { model } = context
  const source = context.read.source(mapEntry(resource.properties, 'Target')!.keyRange, resource.id, resource.constructPath)
  const read = context.read.within(source.range)
  const integration = `${resource.id}.Integration`
  model.add({
    kind: 'integration',
    id: integration,
    source,
    api: resource.id,
    integrationType: read.defaulted('AWS_PROXY'),
    functions: read.refsTo(target, FUNCTION_TYPES),
    timeoutMs: read.defaulted(HTTP_DEFAULT_TIMEOUT_MS),
    timeoutDefaulted: true,
    transferMode: read.defaulted(INTEGRATION_DEFAULT_TRANSFER_MODE),
  })
  const route = routeParts(read.str(property(resource, 'RouteKey'), V2_DEFAULT_ROUTE_KEY))
  model.add({
    kind: 'operation',
    id: `${resource.id}.DefaultRoute`,
    source,
    api: resource.id,
    method: route.method,
    path: route.path,
    authorization: read.defaulted(DEFAULT_AUTHORIZATION),
    authorizer: undefined,
    apiKeyRequired: read.defaulted(false),
    integration,
    fromSam: false,
  })
  model.add({
    kind: 'stage',
    id: `${resource.id}.DefaultStage`,
    source,
    api: resource.id,
    name: read.defaulted(V2_DEFAULT_STAGE_NAME),
    throttled: read.defaulted(false),
    routeThrottles: [],
    cacheEnabled: read.defaulted(false),
    settings: v2StageSettings(read, undefined),
  })
}


/** Stage-wide HTTP API throttling from `DefaultRouteSettings`, at those settings (defaulted at the stage without them). */
export function routeSettingsThrottle(read: Reader, settings: DocNode | undefined): Fact<boolean> {
  if (!settings) return read.defaulted(false)
  const at = read.origin(settings)
  const map = read.map(settings)
  if (!map) return unknown('DefaultRouteSettings is known only at deploy time', at)
  const limit = mapGet(map, 'ThrottlingRateLimit') ?? mapGet(map, 'ThrottlingBurstLimit')
  return limit ? known(true, read.origin(limit)) : known(false, at)
}

/** `RouteSettings`, a map from route key to settings: each key `at` where it is written, throttled `at` its limit. */
export function routeThrottles(read: Reader, settings: DocNode | undefined): RouteThrottle[] {
  if (!settings) return []
  const map = read.map(settings)
  if (!map) return [unknownThrottle('RouteSettings is known only at deploy time', read.origin(settings))]
  return map.entries.map((entry) => {
    const route = known(entry.key, { file: read.file, range: entry.keyRange })
    const value = read.map(entry.value)
    if (!value) return { route, throttled: unknown(`the settings of route ${entry.key} are known only at deploy time`, read.origin(entry.value)) }
    const limit = mapGet(value, 'ThrottlingRateLimit') ?? mapGet(value, 'ThrottlingBurstLimit')
    return { route, throttled: limit ? known(true, read.origin(limit)) : known(false, read.origin(entry.value)) }
  })
}
