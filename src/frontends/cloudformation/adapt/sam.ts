/**
 * The SAM transform without the SAM CLI: what `AWS::Serverless::Function`, `::Api` and
 * `::HttpApi` (with `Globals`) would become is added to the model directly, each element
 * pointing at the SAM source that causes it (the event, the function, the API). A value taken
 * from `Globals` is `at` its line in `Globals`.
 */
import { mapEntry, mapGet, type DocMap, type DocMapEntry, type DocNode } from '../../../parse/types.js'
import {
  API_KEY_DEFAULT_ENABLED,
  DEFAULT_AUTHORIZATION,
  EXECUTE_API_ENDPOINT_DEFAULT_DISABLED,
  HTTP_DEFAULT_TIMEOUT_MS,
  INTEGRATION_DEFAULT_TRANSFER_MODE,
  LAMBDA_DEFAULT_TIMEOUT_S,
  REST_DEFAULT_TIMEOUT_MS,
  V2_DEFAULT_ROUTE_KEY,
  V2_DEFAULT_STAGE_NAME,
  V2_ENDPOINT_TYPES,
} from '../../../model/aws.js'
import { known, type Api, type Fact, type Source } from '../../../model/types.js'
import type { OpenApiRead, RouteRead, SchemeRead } from '../../openapi/read.js'
import { readApiDefinition } from './openapi.js'
import { entriesOf, type Reader } from '../reader.js'
import { addUsagePlan, restApi, restStage } from './apigateway.js'
import { routeSettingsThrottle, routeThrottles } from './apigatewayv2.js'
import { addSamDomain } from './sam-domain.js'
import { v2StageSettings } from './settings.js'
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
  /** The `AWS::Serverless::Api` or `::HttpApi` resource; undefined for an implicit API or one SAM does not define. */
  resource?: TemplateResource
  element?: Api
}

/** An `Api` or `HttpApi` event, waiting for its API's definition to be read. */
interface PendingEvent {
  fn: TemplateResource
  event: DocMapEntry
  protocol: 'REST' | 'HTTP'
  api: SamApi | undefined
}

/** Adds what the SAM transform generates for the template's serverless resources. */
export function addSamResources(context: BuildContext): void {
  const globals = mapGet(context.root, 'Globals')
  const apis = new Map<string, SamApi>()
  for (const resource of context.resources) {
    if (resource.type === CFN_TYPES.samApi) {
      const props = mergeGlobals(mapGet(globals, 'Api'), resource.properties)
      const element = addRestApi(context, resource.id, props, resourceSource(context, resource), resource)
      apis.set(resource.id, { id: resource.id, protocol: 'REST', props, resource, element })
    } else if (resource.type === CFN_TYPES.samHttpApi) {
      const props = mergeGlobals(mapGet(globals, 'HttpApi'), resource.properties)
      const element = addHttpApi(context, resource.id, props, resourceSource(context, resource), resource)
      apis.set(resource.id, { id: resource.id, protocol: 'HTTP', props, resource, element })
    }
  }
  const events: PendingEvent[] = []
  for (const resource of context.resources) {
    if (resource.type !== CFN_TYPES.samFunction) continue
    const props = mergeGlobals(mapGet(globals, 'Function'), resource.properties)
    addFunction(context, resource, props)
    for (const event of entriesOf(mapGet(props, 'Events'))) {
      const type = context.read.str(mapGet(event.value, 'Type'))
      if (!type.known || (type.value !== 'Api' && type.value !== 'HttpApi')) continue
      const protocol = type.value === 'Api' ? 'REST' : 'HTTP'
      events.push({ fn: resource, event, protocol, api: eventApi(context, apis, globals, protocol, event, resource) })
    }
  }
  const definitions = new Map<string, OpenApiRead>()
  for (const api of apis.values()) {
    const merged = new Set(events.flatMap((pending) => (pending.api === api ? eventRoute(context.read, pending.event) ?? [] : [])))
    const read = readSamDefinition(context, api, merged)
    if (read) definitions.set(api.id, read)
  }
  for (const { fn, event, protocol, api } of events) addEventRoute(context, fn, event, protocol, api, api && definitions.get(api.id))
}

/**
 * The definition of a SAM API (`DefinitionBody`, `DefinitionUri`), read as SAM deploys it: the
 * routes of the API's events are merged into it (one operation each, the event's), the API's
 * `Auth.DefaultAuthorizer` and `Auth.ApiKeyRequired` apply to every method in it (SAM writes them
 * into each method; a method's own authorizer in the definition stays first), and the names of
 * `Auth.Authorizers` are security schemes it may use.
 */
function readSamDefinition(context: BuildContext, api: SamApi, merged: ReadonlySet<string>): OpenApiRead | undefined {
  if (!api.resource || !api.element) return undefined
  const { read } = context
  const auth = mapGet(api.props, 'Auth')
  const defaultAuthorizer = mapGet(auth, 'DefaultAuthorizer')
  const apiKeys = mapGet(auth, 'ApiKeyRequired')
  const defaultSecurity = {
    ...(defaultAuthorizer ? { authorization: namedAuthorization(read, api.protocol, defaultAuthorizer, api) } : {}),
    ...(apiKeys ? { apiKeyRequired: read.bool(apiKeys, false) } : {}),
  }
  const definition = { body: mapEntry(api.props, 'DefinitionBody'), uri: mapEntry(api.props, 'DefinitionUri') }
  return readApiDefinition(context, api.element, definition, api.resource.constructPath, {
    merged,
    ...(defaultAuthorizer || apiKeys ? { defaultSecurity } : {}),
    scheme: (name) => samScheme(api, name),
  })
}

/** A name of the API's `Auth.Authorizers` (or SAM's `AWS_IAM`) as a security scheme of its definition. */
function samScheme(api: SamApi, name: string): SchemeRead | undefined {
  if (name === 'AWS_IAM') return { kind: 'authorization', authorization: 'AWS_IAM', authorizer: undefined }
  const definition = mapGet(mapGet(mapGet(api.props, 'Auth'), 'Authorizers'), name)
  if (!definition) return undefined
  return { kind: 'authorization', authorization: authorizerKind(api.protocol, definition), authorizer: undefined }
}

/** The route key (`GET /orders`, `ANY $default`) of an event, as the OpenAPI reader names routes; undefined when it cannot be resolved. */
function eventRoute(read: Reader, event: DocMapEntry): string | undefined {
  const properties = mapGet(event.value, 'Properties')
  const pathNode = mapGet(properties, 'Path')
  const methodNode = mapGet(properties, 'Method')
  if (!pathNode && !methodNode) return `ANY ${V2_DEFAULT_ROUTE_KEY}`
  const path = read.str(pathNode)
  const method = read.str(methodNode)
  return path.known && method.known ? `${method.value.toUpperCase()} ${path.value}` : undefined
}

function addRestApi(
  context: BuildContext,
  id: string,
  props: DocMap | undefined,
  source: Source,
  resource: TemplateResource | undefined,
): Api {
  const { model, read } = context
  const p = (key: string): DocNode | undefined => mapGet(props, key)
  const auth = p('Auth')
  const api = restApi(context, resource, source, {
    endpoint: p('EndpointConfiguration'),
    policy: mapGet(auth, 'ResourcePolicy'),
    samPolicy: true,
    implicit: resource === undefined,
    id,
    disableExecuteApiEndpoint: p('DisableExecuteApiEndpoint'),
  })
  model.add(api)
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
    addUsagePlan(context, `${id}.UsagePlan`, planSource, apiStages, mapGet(usagePlan, 'Throttle'), mapGet(usagePlan, 'Quota'), [
      { key: addGeneratedKey(context, create, id, planSource), source: planSource },
    ])
  }
  return api
}

/**
 * The API key SAM generates with a usage plan: one per API (`PER_API`), or one for every API that
 * shares the plan (`SHARED`, SAM's `ServerlessApiKey`); undefined when `CreateUsagePlan` is unknown.
 */
function addGeneratedKey(context: BuildContext, create: Fact<string>, api: string, source: Source): string | undefined {
  if (!create.known) return undefined
  const id = create.value === 'SHARED' ? SHARED_API_KEY : `${api}.ApiKey`
  if (!context.model.has(id)) context.model.add({ kind: 'api-key', id, source, enabled: context.read.within(source.range).defaulted(API_KEY_DEFAULT_ENABLED) })
  return id
}

const SHARED_API_KEY = 'ServerlessApiKey'

function refNode(target: string, range: DocNode['range']): DocNode {
  return { kind: 'map', range, entries: [{ key: 'Ref', keyRange: range, value: { kind: 'scalar', value: target, range } }] }
}

function addHttpApi(
  context: BuildContext,
  id: string,
  props: DocMap | undefined,
  source: Source,
  resource: TemplateResource | undefined,
): Api {
  const { model } = context
  const p = (key: string): DocNode | undefined => mapGet(props, key)
  const apiRead = context.read.within(source.range)
  const api: Api = {
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
  }
  model.add(api)
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
    settings: v2StageSettings(read, props),
  })
  addSamDomain(context, id, 'HTTP', props, resource?.constructPath, read.str(p('StageName'), V2_DEFAULT_STAGE_NAME))
  return api
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
    const urlSource = read.source(urlEntry.keyRange, resource.id, resource.constructPath)
    const authType = read.str(mapGet(urlEntry.value, 'AuthType'))
    model.add({ kind: 'function-url', id: `${resource.id}.Url`, source: urlSource, function: resource.id, authType })
    // For a URL anyone may call, SAM writes the permission that lets principal * invoke it (`<Function>UrlPublicPermissions`).
    if (authType.known && authType.value === 'NONE') {
      model.add({
        kind: 'permission',
        id: `${resource.id}UrlPublicPermissions`,
        source: read.source(urlEntry.keyRange, `${resource.id}UrlPublicPermissions`, resource.constructPath),
        function: resource.id,
        action: known('lambda:InvokeFunctionUrl', authType.at),
        principal: known('*', authType.at),
        sourceArn: undefined,
        sourceAccount: undefined,
        principalOrgId: undefined,
        functionUrlAuthType: authType,
      })
    }
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
  definition: OpenApiRead | undefined,
): void {
  const { model } = context
  const properties = mapGet(event.value, 'Properties')
  const e = (key: string): DocNode | undefined => mapGet(properties, key)
  const id = `${fn.id}.Events.${event.key}`
  const source = context.read.source(event.keyRange, id, fn.constructPath)
  const read = context.read.within(source.range)
  const route = eventRoute(read, event)
  const written = route === undefined ? undefined : definition?.routes.get(route)
  // SAM adds the event's integration only where the definition gives the route none: an
  // integration already there is kept (AWS Application Composer writes both).
  const definitionIntegration = written?.integration
  if (definitionIntegration === undefined) {
    const timeout = e('TimeoutInMillis')
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
      transferMode: read.defaulted(INTEGRATION_DEFAULT_TRANSFER_MODE),
    })
  }
  const auth = mapGet(e('Auth'), 'Authorizer') !== undefined || api === undefined ? undefined : mapGet(api.props, 'Auth')
  const security = eventSecurity(read, protocol, mapGet(e('Auth'), 'Authorizer'), auth, api, definition, written)
  const apiKeyNode = mapGet(e('Auth'), 'ApiKeyRequired') ?? mapGet(mapGet(api?.props, 'Auth'), 'ApiKeyRequired')
  const fromDefinition = written?.security.apiKeyRequired ?? definition?.unwrittenSecurity.apiKeyRequired
  const apiKeyRequired = apiKeyNode || !fromDefinition || isDefaultedFalse(fromDefinition) ? read.bool(apiKeyNode, false) : fromDefinition
  if (apiKeyRequired.known && apiKeyRequired.value) noteFeature(context, api?.id, 'api-keys')
  if (protocol === 'REST' && validatesRequest(read, e('RequestModel'))) noteFeature(context, api?.id, 'request-validation')
  const hasPath = e('Path') !== undefined || e('Method') !== undefined
  model.add({
    kind: 'operation',
    id,
    source,
    api: api?.id,
    method: hasPath ? upperOr(read.str(e('Method')), 'ANY') : read.defaulted('ANY'),
    path: hasPath ? read.str(e('Path')) : read.defaulted('$default'),
    authorization: security.authorization,
    authorizer: security.authorizer,
    apiKeyRequired,
    integration: definitionIntegration ?? `${id}.Integration`,
    fromSam: true,
  })
}

/** A fact the definition only defaults: the event's own default is placed better, at the event. */
function isDefaultedFalse(fact: Fact<boolean>): boolean {
  return fact.known && !fact.value && fact.at?.defaulted === true
}

/** The fact in upper case, `fallback` when it is empty; from where it was read. */
function upperOr(fact: Fact<string>, fallback: string): Fact<string> {
  if (!fact.known) return fact
  const upper = fact.value.toUpperCase()
  return known(upper === '' ? fallback : upper, fact.at)
}

/**
 * The authorization SAM gives an event's route: its own `Auth.Authorizer`, else the API's
 * `DefaultAuthorizer`, `at` the one chosen. Without either, the API's OpenAPI definition decides:
 * the security it writes for the route, else its root `security` (SAM adds the route to the
 * definition), else none, defaulted at the event.
 */
function eventSecurity(
  read: Reader,
  protocol: 'REST' | 'HTTP',
  eventAuthorizer: DocNode | undefined,
  apiAuth: DocNode | undefined,
  api: SamApi | undefined,
  definition: OpenApiRead | undefined,
  written: RouteRead | undefined,
): { authorization: Fact<string>; authorizer: string | undefined } {
  const chosen = eventAuthorizer ?? mapGet(apiAuth, 'DefaultAuthorizer')
  if (chosen) return { authorization: namedAuthorization(read, protocol, chosen, api), authorizer: undefined }
  const security = written?.security ?? definition?.unwrittenSecurity
  if (security && !(security.authorization.known && security.authorization.at?.defaulted)) return security
  return { authorization: read.defaulted(DEFAULT_AUTHORIZATION), authorizer: undefined }
}

/** The authorization an authorizer name of SAM's `Auth` gives (`NONE`, `AWS_IAM`, or one of `Auth.Authorizers`), `at` the name. */
function namedAuthorization(read: Reader, protocol: 'REST' | 'HTTP', chosen: DocNode, api: SamApi | undefined): Fact<string> {
  const name = read.str(chosen)
  if (!name.known) return name
  if (name.value === 'NONE' || name.value === 'AWS_IAM') return name
  const definition = mapGet(mapGet(mapGet(api?.props, 'Auth'), 'Authorizers'), name.value)
  return known(authorizerKind(protocol, definition), name.at)
}

/** What one of SAM's `Auth.Authorizers` is: a Cognito user pool, a JWT (HTTP APIs) or a Lambda authorizer. */
function authorizerKind(protocol: 'REST' | 'HTTP', definition: DocNode | undefined): string {
  if (mapGet(definition, 'UserPoolArn')) return 'COGNITO_USER_POOLS'
  if (protocol === 'HTTP' && mapGet(definition, 'JwtConfiguration')) return 'JWT'
  return 'CUSTOM'
}

/**
 * Whether an Api event's `RequestModel` has SAM attach a request validator: a model is given and
 * `ValidateBody` and `ValidateParameters` are not both false (an unresolved flag may validate).
 */
function validatesRequest(read: Reader, requestModel: DocNode | undefined): boolean {
  if (requestModel === undefined) return false
  const off = (key: string): boolean => {
    const flag = read.bool(mapGet(requestModel, key))
    return flag.known && !flag.value
  }
  return !(off('ValidateBody') && off('ValidateParameters'))
}
