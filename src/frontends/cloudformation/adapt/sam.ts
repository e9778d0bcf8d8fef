/**
 * The SAM transform without the SAM CLI: what `AWS::Serverless::Function`, `::Api` and
 * `::HttpApi` (with `Globals`) would become is added to the model directly, each element
 * pointing at the SAM source that causes it (the event, the function, the API). A value taken
 * from `Globals` is `at` its line in `Globals`.
 */
import { mapEntry, mapGet, type DocMap, type DocMapEntry, type DocNode } from '../../../parse/types.js'
import { EXECUTE_API_ENDPOINT_DEFAULT_DISABLED, HTTP_DEFAULT_TIMEOUT_MS, INTEGRATION_DEFAULT_TRANSFER_MODE, LAMBDA_DEFAULT_TIMEOUT_S, REST_DEFAULT_TIMEOUT_MS, V2_DEFAULT_STAGE_NAME, V2_ENDPOINT_TYPES } from '../../../model/aws.js'
import { known, unknown, type Fact, type Source } from '../../../model/types.js'
import { entriesOf, type Reader } from '../reader.js'
import { addUsagePlan, restApi, restStage } from './apigateway.js'
import { routeSettingsThrottle, routeThrottles } from './apigatewayv2.js'
import { addSamDomain } from './sam-domain.js'
import { API_TYPES, CFN_TYPES, noteFeature, resourceSource, trafficDeclaration, type BuildContext, type TemplateResource } from './context.js'

const IMPLICIT_REST_API = 'ServerlessRestApi'
const IMPLICIT_HTTP_API = 'ServerlessHttpApi'

/** The stage SAM gives a REST API that names none, the implicit `ServerlessRestApi` among them. */
const IMPLICIT_REST_STAGE = 'Prod'

/** Globals first, the resource's own properties over them; nested maps merge key by key. */
function mergeGlobals(globals: DocNode | undefined, own: DocMap | undefined): DocMap | undefined {
  if (globals?.kind !== 'map') return own
  if (!own) return globals
  const entries: DocMapEntry[] = [...own.entries]
  for (const entry of globals.entries) {
    const index = entries.findIndex((candidate) => candidate.key === entry.key)
    if (index < 0) {
      entries.push(entry)
      continue
    }
    const mine = entries[index]!
    if (mine.value.kind === 'map' && entry.value.kind === 'map' && !isIntrinsic(mine.value) && !isIntrinsic(entry.value)) {
      entries[index] = { ...mine, value: mergeGlobals(entry.value, mine.value)! }
    }
  }
  return { kind: 'map', entries, range: own.range }
}

function isIntrinsic(node: DocMap): boolean {
  return node.entries.length === 1 && (node.entries[0]!.key === 'Ref' || node.entries[0]!.key.startsWith('Fn::'))
}

interface SamApi {
  id: string
  protocol: 'REST' | 'HTTP'
  props: DocMap | undefined
}

/** Adds what the SAM transform generates for the template's serverless resources. */
export function addSamResources(context: BuildContext): void {
  const globals = mapGet(context.root, 'Globals')
  const apis = new Map<string, SamApi>()
  for (const resource of context.resources) {
    if (resource.type === CFN_TYPES.samApi) {
      const props = mergeGlobals(mapGet(globals, 'Api'), resource.properties)
      apis.set(resource.id, { id: resource.id, protocol: 'REST', props })
      addRestApi(context, resource.id, props, resourceSource(context, resource), resource)
    } else if (resource.type === CFN_TYPES.samHttpApi) {
      const props = mergeGlobals(mapGet(globals, 'HttpApi'), resource.properties)
      apis.set(resource.id, { id: resource.id, protocol: 'HTTP', props })
      addHttpApi(context, resource.id, props, resourceSource(context, resource), resource)
    }
  }
  for (const resource of context.resources) {
    if (resource.type !== CFN_TYPES.samFunction) continue
    const props = mergeGlobals(mapGet(globals, 'Function'), resource.properties)
    addFunction(context, resource, props)
    for (const event of entriesOf(mapGet(props, 'Events'))) {
      const type = context.read.str(mapGet(event.value, 'Type'))
      if (!type.known || (type.value !== 'Api' && type.value !== 'HttpApi')) continue
      const protocol = type.value === 'Api' ? 'REST' : 'HTTP'
      const api = eventApi(context, apis, globals, protocol, event, resource)
      addEventRoute(context, resource, event, protocol, api)
    }
  }
}

function addRestApi(
  context: BuildContext,
  id: string,
  props: DocMap | undefined,
  source: Source,
  resource: TemplateResource | undefined,
): void {
  const { model, read } = context
  const p = (key: string): DocNode | undefined => mapGet(props, key)
  const auth = p('Auth')
  model.add(
    restApi(context, resource, source, {
      endpoint: p('EndpointConfiguration'),
      policy: mapGet(auth, 'ResourcePolicy'),
      samPolicy: true,
      implicit: resource === undefined,
      id,
      disableExecuteApiEndpoint: p('DisableExecuteApiEndpoint'),
    }),
  )
  const stageName = p('StageName')
  const stageSource = stageName && resource ? read.source(mapEntry(props, 'StageName')!.keyRange, id, resource.constructPath) : source
  const name = stageName ? read.str(stageName) : read.within(stageSource.range).defaulted(IMPLICIT_REST_STAGE)
  model.add(restStage(context, `${id}.Stage`, stageSource, id, name, props))
  addSamDomain(context, id, 'REST', props, resource?.constructPath, name)
  const cache = read.bool(p('CacheClusterEnabled'), false)
  if (cache.known && cache.value) noteFeature(context, id, 'caching')
  const apiKeys = read.bool(mapGet(auth, 'ApiKeyRequired'), false)
  if (apiKeys.known && apiKeys.value) noteFeature(context, id, 'api-keys')

  const usagePlan = read.map(mapGet(auth, 'UsagePlan'))
  const create = read.str(mapGet(usagePlan, 'CreateUsagePlan'), 'NONE')
  if (usagePlan && !(create.known && create.value === 'NONE')) {
    const planSource = read.source(usagePlan.range, id, resource?.constructPath)
    const apiStages: DocNode = {
      kind: 'seq',
      range: usagePlan.range,
      items: [
        {
          kind: 'map',
          range: usagePlan.range,
          entries: [{ key: 'ApiId', keyRange: usagePlan.range, value: refNode(id, usagePlan.range) }],
        },
      ],
    }
    addUsagePlan(context, `${id}.UsagePlan`, planSource, apiStages, mapGet(usagePlan, 'Throttle'), mapGet(usagePlan, 'Quota'))
  }
}

function refNode(target: string, range: DocNode['range']): DocNode {
  return { kind: 'map', range, entries: [{ key: 'Ref', keyRange: range, value: { kind: 'scalar', value: target, range } }] }
}

function addHttpApi(
  context: BuildContext,
  id: string,
  props: DocMap | undefined,
  source: Source,
  resource: TemplateResource | undefined,
): void {
  const { model } = context
  const p = (key: string): DocNode | undefined => mapGet(props, key)
  const apiRead = context.read.within(source.range)
  model.add({
    kind: 'api',
    id,
    source,
    protocol: 'HTTP',
    name: id,
    endpointTypes: apiRead.defaulted([...V2_ENDPOINT_TYPES]),
    hasResourcePolicy: apiRead.defaulted(false),
    traffic: resource ? trafficDeclaration(context, resource) : undefined,
    implicit: resource === undefined,
    features: new Set(),
    executeApiEndpointDisabled: apiRead.bool(p('DisableExecuteApiEndpoint'), EXECUTE_API_ENDPOINT_DEFAULT_DISABLED),
  })
  const settingsEntry = mapEntry(props, 'DefaultRouteSettings')
  const stageSource = settingsEntry && resource ? context.read.source(settingsEntry.keyRange, id, resource.constructPath) : source
  const read = context.read.within(stageSource.range)
  model.add({
    kind: 'stage',
    id: `${id}.Stage`,
    source: stageSource,
    api: id,
    name: read.str(p('StageName'), V2_DEFAULT_STAGE_NAME),
    throttled: routeSettingsThrottle(read, p('DefaultRouteSettings')),
    routeThrottles: routeThrottles(read, p('RouteSettings')),
    cacheEnabled: read.defaulted(false),
  })
  addSamDomain(context, id, 'HTTP', props, resource?.constructPath, read.str(p('StageName'), V2_DEFAULT_STAGE_NAME))
}

function addFunction(context: BuildContext, resource: TemplateResource, props: DocMap | undefined): void {
  const { model } = context
  const source = resourceSource(context, resource)
  const read = context.read.within(source.range)
  const timeoutEntry = mapEntry(props, 'Timeout')
  const own = mapEntry(resource.properties, 'Timeout') !== undefined
  model.add({
    kind: 'function',
    id: resource.id,
    source,
    timeout: read.num(timeoutEntry?.value, LAMBDA_DEFAULT_TIMEOUT_S),
    timeoutOrigin: timeoutEntry ? (own ? 'own' : 'globals') : 'default',
    ...(timeoutEntry ? { timeoutSource: read.source(timeoutEntry.value.range, resource.id, resource.constructPath) } : {}),
  })
  const urlEntry = mapEntry(props, 'FunctionUrlConfig')
  if (urlEntry) {
    model.add({
      kind: 'function-url',
      id: `${resource.id}.Url`,
      source: read.source(urlEntry.keyRange, resource.id, resource.constructPath),
      function: resource.id,
      authType: read.str(mapGet(urlEntry.value, 'AuthType')),
    })
  }
}

/** The API an event attaches to: the one it names, or the implicit API SAM creates. */
function eventApi(
  context: BuildContext,
  apis: Map<string, SamApi>,
  globals: DocNode | undefined,
  protocol: 'REST' | 'HTTP',
  event: DocMapEntry,
  fn: TemplateResource,
): SamApi | undefined {
  const properties = mapGet(event.value, 'Properties')
  const named = mapGet(properties, protocol === 'REST' ? 'RestApiId' : 'ApiId')
  if (named) {
    const [id] = context.read.refsTo(named, API_TYPES)
    return id === undefined ? undefined : apis.get(id) ?? { id, protocol, props: undefined }
  }
  const id = protocol === 'REST' ? IMPLICIT_REST_API : IMPLICIT_HTTP_API
  let api = apis.get(id)
  if (!api) {
    const props = mergeGlobals(mapGet(globals, protocol === 'REST' ? 'Api' : 'HttpApi'), undefined)
    api = { id, protocol, props }
    apis.set(id, api)
    const source = context.read.source(event.keyRange, id, fn.constructPath)
    if (protocol === 'REST') addRestApi(context, id, props, source, undefined)
    else addHttpApi(context, id, props, source, undefined)
  }
  return api
}

/** An `Api` or `HttpApi` event: its route and the integration to the function, both at the event. */
function addEventRoute(
  context: BuildContext,
  fn: TemplateResource,
  event: DocMapEntry,
  protocol: 'REST' | 'HTTP',
  api: SamApi | undefined,
): void {
  const { model } = context
  const properties = mapGet(event.value, 'Properties')
  const e = (key: string): DocNode | undefined => mapGet(properties, key)
  const id = `${fn.id}.Events.${event.key}`
  const source = context.read.source(event.keyRange, id, fn.constructPath)
  const read = context.read.within(source.range)
  const defined = definedIntegration(read, api, e('Path'), e('Method'))
  const timeout = e('TimeoutInMillis') ?? mapGet(defined, 'timeoutInMillis')
  const defaultTimeout = protocol === 'REST' ? REST_DEFAULT_TIMEOUT_MS : HTTP_DEFAULT_TIMEOUT_MS
  model.add({
    kind: 'integration',
    id: `${id}.Integration`,
    source,
    api: api?.id,
    integrationType: read.defaulted('AWS_PROXY'),
    functions: [fn.id],
    timeoutMs: read.num(timeout, defaultTimeout),
    timeoutDefaulted: timeout === undefined,
    transferMode: upperOr(read.str(mapGet(defined, 'responseTransferMode'), INTEGRATION_DEFAULT_TRANSFER_MODE), INTEGRATION_DEFAULT_TRANSFER_MODE),
  })
  const auth = mapGet(e('Auth'), 'Authorizer') !== undefined || api === undefined ? undefined : mapGet(api.props, 'Auth')
  const apiKeyRequired = read.bool(mapGet(e('Auth'), 'ApiKeyRequired') ?? mapGet(mapGet(api?.props, 'Auth'), 'ApiKeyRequired'), false)
  if (apiKeyRequired.known && apiKeyRequired.value) noteFeature(context, api?.id, 'api-keys')
  const hasPath = e('Path') !== undefined || e('Method') !== undefined
  model.add({
    kind: 'operation',
    id,
    source,
    api: api?.id,
    method: hasPath ? upperOr(read.str(e('Method')), 'ANY') : read.defaulted('ANY'),
    path: hasPath ? read.str(e('Path')) : read.defaulted('$default'),
    authorization: eventAuthorization(read, protocol, mapGet(e('Auth'), 'Authorizer'), auth, api),
    authorizer: undefined,
    apiKeyRequired,
    integration: `${id}.Integration`,
    fromSam: true,
  })
}

/**
 * The integration the API's inline OpenAPI document already gives the event's path and method.
 * SAM adds no second integration there, so its settings (response streaming, timeout) hold.
 */
function definedIntegration(
  read: Reader,
  api: SamApi | undefined,
  pathNode: DocNode | undefined,
  methodNode: DocNode | undefined,
): DocNode | undefined {
  const path = read.str(pathNode)
  const method = read.str(methodNode)
  if (!path.known || !method.known) return undefined
  const paths = read.map(mapGet(read.map(mapGet(api?.props, 'DefinitionBody')), 'paths'))
  const verb = method.value.toLowerCase()
  const operation = mapGet(mapGet(paths, path.value), verb === 'any' ? 'x-amazon-apigateway-any-method' : verb)
  return read.map(mapGet(operation, 'x-amazon-apigateway-integration'))
}

/** The fact in upper case, `fallback` when it is empty; from where it was read. */
function upperOr(fact: Fact<string>, fallback: string): Fact<string> {
  if (!fact.known) return fact
  const upper = fact.value.toUpperCase()
  return known(upper === '' ? fallback : upper, fact.at)
}

/**
 * The authorization SAM gives an event's route: its own `Auth.Authorizer`, else the API's
 * `DefaultAuthorizer`, `at` the one chosen. Without either, an API defined by an OpenAPI
 * document may still set security there, so the answer is unknown (at the document) rather
 * than `NONE` (defaulted at the event).
 */
function eventAuthorization(
  read: Reader,
  protocol: 'REST' | 'HTTP',
  eventAuthorizer: DocNode | undefined,
  apiAuth: DocNode | undefined,
  api: SamApi | undefined,
): Fact<string> {
  const chosen = eventAuthorizer ?? mapGet(apiAuth, 'DefaultAuthorizer')
  if (!chosen) {
    const definition = mapGet(api?.props, 'DefinitionBody') ?? mapGet(api?.props, 'DefinitionUri')
    if (definition) return unknown(`${api?.id ?? 'the API'} is defined by an OpenAPI document that may set security`, read.origin(definition))
    return read.defaulted('NONE')
  }
  const name = read.str(chosen)
  if (!name.known) return name
  if (name.value === 'NONE' || name.value === 'AWS_IAM') return name
  const definition = mapGet(mapGet(mapGet(api?.props, 'Auth'), 'Authorizers'), name.value)
  if (mapGet(definition, 'UserPoolArn')) return known('COGNITO_USER_POOLS', name.at)
  if (protocol === 'HTTP' && mapGet(definition, 'JwtConfiguration')) return known('JWT', name.at)
  return known('CUSTOM', name.at)
}
