/**
 * API Gateway HTTP and WebSocket APIs in Terraform: the API, routes, integrations, authorizers
 * and stages. An API with `target` is a quick create: AWS makes a route (`route_key`, `$default`
 * when not set), a Lambda proxy integration and a `$default` stage for it.
 */
import { DEFAULT_AUTHORIZATION, EXECUTE_API_ENDPOINT_DEFAULT_DISABLED, INTEGRATION_DEFAULT_TRANSFER_MODE, V2_DEFAULT_ROUTE_KEY, V2_DEFAULT_STAGE_NAME, V2_ENDPOINT_TYPES, routeParts } from '../../../model/aws.js'
import { HTTP_DEFAULT_TIMEOUT_MS, REST_DEFAULT_TIMEOUT_MS } from '../../../model/aws.js'
import { known, unknown, type Api, type Fact } from '../../../model/types.js'
import type { TfValue } from '../ir.js'
import { trafficDeclaration, unknownThrottle, type RouteThrottle } from './apigateway.js'
import type { AdapterTable } from './context.js'
import { privateIntegration } from './domains.js'
import { FUNCTIONS } from './lambda.js'
import { readBody } from './openapi.js'
import { blocks, field, limitSet, readerOf, upper, whyOf, type Reader } from './read.js'
import { v2StageSettings } from './settings.js'

export const V2_APIS = ['aws_apigatewayv2_api']
export const V2_STAGE = 'aws_apigatewayv2_stage'
const V2_INTEGRATION = 'aws_apigatewayv2_integration'
const V2_AUTHORIZER = 'aws_apigatewayv2_authorizer'

export const APIGATEWAYV2_ADAPTERS: AdapterTable = {
  aws_apigatewayv2_api(context, resource) {
    const { arg, str, bool, byDefault } = readerOf(resource)
    const protocol = str(arg('protocol_type'), 'HTTP')
    const id = resource.address
    if (context.model.has(id)) return
    const api: Api = {
      kind: 'api',
      id,
      source: context.source(resource),
      protocol: protocol.known && protocol.value.toUpperCase() === 'WEBSOCKET' ? 'WEBSOCKET' : 'HTTP',
      name: id,
      endpointTypes: byDefault([...V2_ENDPOINT_TYPES]),
      hasResourcePolicy: byDefault(false),
      traffic: trafficDeclaration(context, resource),
      implicit: false,
      features: new Set(),
      executeApiEndpointDisabled: bool(arg('disable_execute_api_endpoint'), EXECUTE_API_ENDPOINT_DEFAULT_DISABLED),
    }
    context.model.add(api)
    readBody(context, resource, api)
    const target = arg('target')
    if (!target) return
    // The quick-create elements are made from `target`: their defaults apply there.
    const made = readerOf(resource, target.range)
    const source = context.source(resource, target.range)
    const route = routeParts(made.str(arg('route_key'), V2_DEFAULT_ROUTE_KEY))
    context.model.add({
      kind: 'integration',
      id: `${id}.Integration`,
      source,
      api: id,
      integrationType: made.byDefault('AWS_PROXY'),
      functions: context.refsTo(target, FUNCTIONS),
      timeoutMs: made.byDefault(HTTP_DEFAULT_TIMEOUT_MS),
      timeoutDefaulted: true,
      transferMode: made.byDefault(INTEGRATION_DEFAULT_TRANSFER_MODE),
    })
    context.model.add({
      kind: 'operation',
      id: `${id}.DefaultRoute`,
      source,
      api: id,
      method: route.method,
      path: route.path,
      authorization: made.byDefault(DEFAULT_AUTHORIZATION),
      authorizer: undefined,
      apiKeyRequired: made.byDefault(false),
      integration: `${id}.Integration`,
      fromSam: false,
    })
    context.model.add({
      kind: 'stage',
      id: `${id}.DefaultStage`,
      source,
      api: id,
      name: made.byDefault(V2_DEFAULT_STAGE_NAME),
      throttled: made.byDefault(false),
      routeThrottles: [],
      cacheEnabled: made.byDefault(false),
      settings: v2StageSettings(made, false),
    })
  },

  aws_apigatewayv2_route(context, resource) {
    const { arg, str, bool } = readerOf(resource)
    const route = routeParts(str(arg('route_key')))
    if (context.model.has(resource.address)) return
    context.model.add({
      kind: 'operation',
      id: resource.address,
      source: context.source(resource),
      api: context.refsTo(arg('api_id'), V2_APIS)[0],
      method: route.method,
      path: route.path,
      authorization: upper(str(arg('authorization_type'), DEFAULT_AUTHORIZATION)),
      authorizer: context.refsTo(arg('authorizer_id'), [V2_AUTHORIZER])[0],
      apiKeyRequired: bool(arg('api_key_required'), false),
      integration: context.refsTo(arg('target'), [V2_INTEGRATION])[0],
      fromSam: false,
    })
  },

  aws_apigatewayv2_integration(context, resource) {
    const { arg, str, num, byDefault } = readerOf(resource)
    const api = context.refsTo(arg('api_id'), V2_APIS)[0]
    const apiResource = context.resource(api ?? '')
    const protocol = apiResource ? readerOf(apiResource).str(field(apiResource.body, 'protocol_type'), 'HTTP') : known('HTTP')
    const isWebSocket = protocol.known && protocol.value.toUpperCase() === 'WEBSOCKET'
    const timeout = arg('timeout_milliseconds')
    if (context.model.has(resource.address)) return
    context.model.add({
      kind: 'integration',
      id: resource.address,
      source: context.source(resource),
      api,
      integrationType: upper(str(arg('integration_type'))),
      functions: context.refsTo(arg('integration_uri'), FUNCTIONS),
      timeoutMs: num(timeout, isWebSocket ? REST_DEFAULT_TIMEOUT_MS : HTTP_DEFAULT_TIMEOUT_MS),
      timeoutDefaulted: timeout === undefined,
      transferMode: byDefault(INTEGRATION_DEFAULT_TRANSFER_MODE),
      ...privateIntegration(context, resource, arg('connection_type'), arg('connection_id'), arg('integration_uri')),
    })
  },

  aws_apigatewayv2_authorizer(context, resource) {
    const { arg, str } = readerOf(resource)
    context.addOnce({
      kind: 'authorizer',
      id: resource.address,
      source: context.source(resource),
      api: context.refsTo(arg('api_id'), V2_APIS)[0],
      authorizerType: str(arg('authorizer_type')),
    })
  },

  aws_apigatewayv2_stage(context, resource) {
    const read = readerOf(resource)
    const { arg, str, byDefault } = read
    context.addOnce({
      kind: 'stage',
      id: resource.address,
      source: context.source(resource),
      api: context.refsTo(arg('api_id'), V2_APIS)[0] ?? '',
      name: str(arg('name')),
      throttled: routeSettingsThrottle(read, arg('default_route_settings')),
      routeThrottles: routeThrottles(read, arg('route_settings')),
      cacheEnabled: byDefault(false),
      settings: v2StageSettings(read),
    })
  },
}


/** Stage-wide throttling: a rate or burst limit in `default_route_settings`; none without the block. */
function routeSettingsThrottle({ at, byDefault }: Reader, value: TfValue | undefined): Fact<boolean> {
  if (value === undefined) return byDefault(false)
  const settings = blocks(value)
  if (settings === undefined) return unknown('the default route settings are known only after apply', at(value))
  return known(
    settings.some((item) => limitSet(field(item, 'throttling_rate_limit')) || limitSet(field(item, 'throttling_burst_limit'))),
    at(value),
  )
}

/** Each `route_settings` block: its `route_key`, throttled `at` its limit (a limit of -1 is none). */
function routeThrottles({ at, str }: Reader, value: TfValue | undefined): RouteThrottle[] {
  const settings = blocks(value)
  if (settings === undefined) return [unknownThrottle('the route settings are known only after apply', at(value!))]
  return settings.map((item) => {
    if (item.kind !== 'object') return unknownThrottle(`a route settings block is ${whyOf(item)}`, at(item))
    const rate = field(item, 'throttling_rate_limit')
    const burst = field(item, 'throttling_burst_limit')
    const limit = limitSet(rate) ? rate : limitSet(burst) ? burst : undefined
    return { route: str(field(item, 'route_key')), throttled: known(limit !== undefined, at(limit ?? item)) }
  })
}
