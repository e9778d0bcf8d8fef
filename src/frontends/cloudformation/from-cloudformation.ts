/**
 * CloudFormation (and CDK output) into the shared model. This file, `builders.ts` and `sam.ts`
 * are the only places that know CloudFormation property names.
 */
import { mapEntry, mapGet, type DocNode } from '../../parse/types.js'
import { Budget, DEFAULT_LIMITS, type Limits } from '../../model/budget.js'
import {
  HTTP_DEFAULT_TIMEOUT_MS,
  LAMBDA_DEFAULT_TIMEOUT_S,
  LOAD_BALANCER_DEFAULT_SCHEME,
  LOAD_BALANCER_DEFAULT_TYPE,
  REDIRECT_DEFAULT_PROTOCOL,
  REST_DEFAULT_TIMEOUT_MS,
} from '../../model/aws.js'
import { Model } from '../../model/model.js'
import { known, unknown, type Fact, type ListenerAction, type Source } from '../../model/types.js'
import {
  addUsagePlan,
  API_TYPES,
  CFN_TYPES,
  noteFeature,
  resourceSource,
  restApi,
  restStage,
  routeSettingsThrottle,
  trafficDeclaration,
  type BuildContext,
  type TemplateResource,
} from './builders.js'
import { entriesOf, Reader, whyOf } from './reader.js'
import { Resolver } from './resolve.js'
import { addSamResources, isSamTemplate } from './sam.js'

const FUNCTION_TYPES = [CFN_TYPES.function, CFN_TYPES.samFunction]
const STAGE_TYPES = [CFN_TYPES.restStage, CFN_TYPES.v2Stage]

export function modelFromCloudFormation(file: string, root: DocNode, limits: Readonly<Limits> = DEFAULT_LIMITS): Model {
  const model = new Model('cloudformation', file)
  const resources: TemplateResource[] = []
  for (const entry of entriesOf(mapGet(root, 'Resources'))) {
    const type = mapGet(entry.value, 'Type')
    if (type?.kind !== 'scalar' || typeof type.value !== 'string') continue
    const properties = mapGet(entry.value, 'Properties')
    const metadata = mapGet(entry.value, 'Metadata')
    const cdkPath = mapGet(metadata, 'aws:cdk:path')
    resources.push({
      id: entry.key,
      entry,
      type: type.value,
      properties: properties?.kind === 'map' ? properties : undefined,
      metadata,
      constructPath: cdkPath?.kind === 'scalar' ? String(cdkPath.value) : undefined,
    })
  }
  const resourceIds = new Set(resources.map((resource) => resource.id))
  const budget = new Budget(limits)
  const resolver = Resolver.forTemplate(root, resourceIds, file, budget)
  const live = resources.filter((resource) => {
    const condition = mapGet(resource.entry.value, 'Condition')
    return condition?.kind !== 'scalar' || resolver.condition(String(condition.value)) !== false
  })

  const resourceTypes = new Map(live.map((resource) => [resource.id, resource.type]))
  const aliasOf = new Map<string, string>()
  const tempRead = new Reader(resolver, file, resourceTypes, aliasOf)
  for (const resource of live) {
    if (resource.type !== CFN_TYPES.alias && resource.type !== CFN_TYPES.version) continue
    const [fn] = tempRead.refsTo(mapGet(resource.properties, 'FunctionName'), FUNCTION_TYPES)
    if (fn) aliasOf.set(resource.id, fn)
  }

  const context: BuildContext = {
    model,
    read: tempRead,
    resources: live,
    byId: new Map(live.map((resource) => [resource.id, resource])),
    root,
    apiFeatures: new Map(),
  }
  for (const resource of live) addResource(context, resource)
  if (isSamTemplate(root)) addSamResources(context)
  for (const [apiId, features] of context.apiFeatures) {
    const api = model.getKind(apiId, 'api')
    if (api) for (const feature of features) api.features.add(feature)
  }
  model.limits.push(...budget.hits)
  return model
}

function addResource(context: BuildContext, resource: TemplateResource): void {
  const { model, read } = context
  const props = resource.properties
  const p = (key: string): DocNode | undefined => mapGet(props, key)
  const id = resource.id
  const source = resourceSource(context, resource)
  switch (resource.type) {
    case CFN_TYPES.loadBalancer: {
      const lbType = read.str(p('Type'), LOAD_BALANCER_DEFAULT_TYPE)
      const scheme = read.str(p('Scheme'), LOAD_BALANCER_DEFAULT_SCHEME)
      model.add({
        kind: 'load-balancer',
        id,
        source,
        lbType: narrow(lbType, ['application', 'network', 'gateway'] as const),
        scheme: narrow(scheme, ['internet-facing', 'internal'] as const),
        securityGroups: read.refsTo(p('SecurityGroups'), ['AWS::EC2::SecurityGroup']),
      })
      return
    }
    case CFN_TYPES.listener: {
      const mtls = mapGet(p('MutualAuthentication'), 'Mode')
      model.add({
        kind: 'listener',
        id,
        source,
        loadBalancer: read.refsTo(p('LoadBalancerArn'), [CFN_TYPES.loadBalancer])[0],
        protocol: read.str(p('Protocol')),
        port: read.num(p('Port')),
        defaultActions: listenerActions(context, p('DefaultActions'), id),
        mtlsMode: narrow(read.str(mtls, 'off'), ['off', 'passthrough', 'verify'] as const),
      })
      return
    }
    case CFN_TYPES.listenerRule: {
      const conditions = (read.items(p('Conditions')) ?? []).flatMap((condition) => {
        if (condition.kind !== 'map') return []
        const field = read.str(mapGet(condition.node, 'Field'))
        const configKey = field.known ? CONDITION_CONFIGS[field.value] : undefined
        const config = configKey === undefined ? undefined : mapGet(condition.node, configKey)
        const values = read.strList(mapGet(condition.node, 'Values') ?? mapGet(config, 'Values'), [])
        return [{ field: field.known ? field.value : '?', values: values.known ? values.value : [] }]
      })
      model.add({
        kind: 'listener-rule',
        id,
        source,
        listener: read.refsTo(p('ListenerArn'), [CFN_TYPES.listener])[0],
        priority: read.num(p('Priority')),
        conditions,
        actions: listenerActions(context, p('Actions'), id),
      })
      return
    }
    case CFN_TYPES.targetGroup: {
      const targets = (read.items(p('Targets')) ?? []).flatMap((target) =>
        target.kind === 'map' ? read.refsTo(mapGet(target.node, 'Id'), FUNCTION_TYPES) : [],
      )
      model.add({
        kind: 'target-group',
        id,
        source,
        targetType: read.str(p('TargetType'), 'instance'),
        protocolVersion: read.str(p('ProtocolVersion'), 'HTTP1'),
        functions: targets,
      })
      return
    }
    case CFN_TYPES.function: {
      const timeout = p('Timeout')
      model.add({
        kind: 'function',
        id,
        source,
        timeout: read.num(timeout, LAMBDA_DEFAULT_TIMEOUT_S),
        timeoutOrigin: timeout ? 'own' : 'default',
        ...(timeout ? { timeoutSource: read.source(timeout.range, id, resource.constructPath) } : {}),
      })
      return
    }
    case CFN_TYPES.url:
      model.add({
        kind: 'function-url',
        id,
        source,
        function: read.refsTo(p('TargetFunctionArn'), FUNCTION_TYPES)[0],
        authType: read.str(p('AuthType')),
      })
      return
    case CFN_TYPES.permission: {
      const sourceArn = p('SourceArn')
      model.add({
        kind: 'permission',
        id,
        source,
        function: read.refsTo(p('FunctionName'), FUNCTION_TYPES)[0],
        principal: read.str(p('Principal')),
        sourceArn: sourceArn ? read.str(sourceArn) : undefined,
      })
      return
    }
    case CFN_TYPES.restApi:
      model.add(
        restApi(context, resource, source, {
          endpoint: p('EndpointConfiguration'),
          policy: p('Policy'),
          implicit: false,
        }),
      )
      return
    case CFN_TYPES.method:
      addRestMethod(context, resource, source)
      return
    case CFN_TYPES.deployment:
      addDeploymentStage(context, resource)
      return
    case CFN_TYPES.restStage:
      model.add(restStage(context, `${id}`, source, read.refsTo(p('RestApiId'), API_TYPES)[0], p('StageName'), props))
      return
    case CFN_TYPES.restAuthorizer:
    case CFN_TYPES.v2Authorizer:
      model.add({
        kind: 'authorizer',
        id,
        source,
        api: read.refsTo(p(resource.type === CFN_TYPES.restAuthorizer ? 'RestApiId' : 'ApiId'), API_TYPES)[0],
        authorizerType: read.str(p(resource.type === CFN_TYPES.restAuthorizer ? 'Type' : 'AuthorizerType')),
      })
      return
    case CFN_TYPES.usagePlan:
      addUsagePlan(context, id, source, p('ApiStages'), p('Throttle'), p('Quota'))
      return
    case CFN_TYPES.requestValidator:
      noteFeature(context, read.refsTo(p('RestApiId'), API_TYPES)[0], 'request-validation')
      return
    case CFN_TYPES.v2Api:
      addV2Api(context, resource, source)
      return
    case CFN_TYPES.v2Route:
      addV2Route(context, resource, source)
      return
    case CFN_TYPES.v2Integration:
      addV2Integration(context, resource, source)
      return
    case CFN_TYPES.v2Stage: {
      const api = read.refsTo(p('ApiId'), API_TYPES)[0]
      model.add({
        kind: 'stage',
        id,
        source,
        api: api ?? '',
        name: read.str(p('StageName')),
        throttled: routeSettingsThrottle(context, p('DefaultRouteSettings')),
        cacheEnabled: known(false),
      })
      return
    }
    case CFN_TYPES.wafAssociation:
      model.add({ kind: 'waf-association', id, source, resource: wafTarget(context, p('ResourceArn')) })
      return
    default:
      return
  }
}

/** Where a listener rule condition keeps its values when it does not use the legacy `Values` list. */
const CONDITION_CONFIGS: Readonly<Record<string, string>> = {
  'host-header': 'HostHeaderConfig',
  'path-pattern': 'PathPatternConfig',
  'http-header': 'HttpHeaderConfig',
  'http-request-method': 'HttpRequestMethodConfig',
  'source-ip': 'SourceIpConfig',
}

function narrow<T extends string>(fact: Fact<string>, allowed: readonly T[]): Fact<T> {
  if (!fact.known) return fact
  const match = allowed.find((value) => value === fact.value.toLowerCase())
  return match === undefined ? unknown(`unrecognised value ${fact.value}`) : known(match)
}

function listenerActions(context: BuildContext, node: DocNode | undefined, owner: string): ListenerAction[] {
  const { read } = context
  const items = read.items(node)
  if (items === undefined) {
    const why = node ? whyOf(read.resolver.resolve(node)) : 'not set'
    return [
      {
        type: unknown(`the action list ${why}`),
        order: undefined,
        targetGroups: read.refsTo(node, [CFN_TYPES.targetGroup]),
        unresolvedTargetGroups: 0,
        redirectProtocol: undefined,
        source: read.source(node?.range ?? context.byId.get(owner)!.entry.keyRange, owner),
      },
    ]
  }
  return items.map((item) => {
    const action = item.kind === 'map' ? item.node : undefined
    const get = (key: string): DocNode | undefined => mapGet(action, key)
    const targetNodes: Array<DocNode | undefined> = [get('TargetGroupArn')]
    for (const group of read.items(mapGet(get('ForwardConfig'), 'TargetGroups')) ?? []) {
      if (group.kind === 'map') targetNodes.push(mapGet(group.node, 'TargetGroupArn'))
    }
    const targetGroups: string[] = []
    let unresolved = 0
    for (const targetNode of targetNodes) {
      if (!targetNode) continue
      const groups = read.refsTo(targetNode, [CFN_TYPES.targetGroup])
      if (groups.length === 0) unresolved++
      for (const group of groups) if (!targetGroups.includes(group)) targetGroups.push(group)
    }
    const order = get('Order')
    const type = action ? read.str(get('Type')) : unknown<string>(`an action ${whyOf(item)}`)
    return {
      type,
      order: order ? read.num(order) : undefined,
      targetGroups,
      unresolvedTargetGroups: unresolved,
      redirectProtocol:
        type.known && type.value.toLowerCase() === 'redirect' ? redirectProtocol(read, get('RedirectConfig')) : undefined,
      source: read.source(item.node.range, owner),
    }
  })
}

function redirectProtocol(read: Reader, config: DocNode | undefined): Fact<string> {
  const map = read.map(config)
  if (config && !map) {
    const value = read.resolver.resolve(config)
    if (value.kind !== 'absent') return unknown(`the redirect configuration ${whyOf(value)}`)
  }
  return read.str(mapGet(map, 'Protocol'), REDIRECT_DEFAULT_PROTOCOL)
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

function addRestMethod(context: BuildContext, resource: TemplateResource, source: Source): void {
  const { model, read } = context
  const p = (key: string): DocNode | undefined => mapGet(resource.properties, key)
  const api = read.refsTo(p('RestApiId'), API_TYPES)[0]
  const integrationNode = p('Integration')
  const integration = read.map(integrationNode)
  let integrationId: string | undefined
  if (integration) {
    integrationId = `${resource.id}.Integration`
    const i = (key: string): DocNode | undefined => mapGet(integration, key)
    const type = read.str(i('Type'))
    const asynchronous = isAsyncLambdaInvocation(context, i('RequestParameters'))
    const timeout = i('TimeoutInMillis')
    model.add({
      kind: 'integration',
      id: integrationId,
      source: read.source(mapEntry(resource.properties, 'Integration')!.keyRange, resource.id, resource.constructPath),
      api,
      integrationType: type,
      functions: asynchronous ? [] : read.refsTo(i('Uri'), FUNCTION_TYPES),
      timeoutMs: read.num(timeout, REST_DEFAULT_TIMEOUT_MS),
      timeoutDefaulted: timeout === undefined,
      transferMode: read.str(i('ResponseTransferMode'), 'BUFFERED'),
    })
    if (type.known && type.value === 'AWS') noteFeature(context, api, 'service-integrations')
    const templated =
      i('RequestTemplates') !== undefined ||
      (read.items(i('IntegrationResponses')) ?? []).some(
        (response) => response.kind === 'map' && mapGet(response.node, 'ResponseTemplates') !== undefined,
      )
    if (templated && type.known && (type.value === 'AWS' || type.value === 'HTTP')) noteFeature(context, api, 'mapping-templates')
  }
  const apiKeyRequired = read.bool(p('ApiKeyRequired'), false)
  if (apiKeyRequired.known && apiKeyRequired.value) noteFeature(context, api, 'api-keys')
  if (p('RequestValidatorId')) noteFeature(context, api, 'request-validation')
  model.add({
    kind: 'operation',
    id: resource.id,
    source,
    api,
    method: upper(read.str(p('HttpMethod'))),
    path: restPath(context, p('ResourceId')),
    authorization: upper(read.str(p('AuthorizationType'), 'NONE')),
    authorizer: read.refsTo(p('AuthorizerId'), [CFN_TYPES.restAuthorizer])[0],
    apiKeyRequired,
    integration: integrationId,
    fromSam: false,
  })
}

function upper(fact: Fact<string>): Fact<string> {
  return fact.known ? known(fact.value.toUpperCase()) : fact
}

/** A Lambda integration with the `X-Amz-Invocation-Type: 'Event'` header invokes asynchronously. */
function isAsyncLambdaInvocation(context: BuildContext, parameters: DocNode | undefined): boolean {
  const header = context.read.str(mapGet(parameters, 'integration.request.header.X-Amz-Invocation-Type'))
  return header.known && header.value.replace(/'/g, '') === 'Event'
}

function addDeploymentStage(context: BuildContext, resource: TemplateResource): void {
  const stageName = mapGet(resource.properties, 'StageName')
  if (!stageName) return
  const name = context.read.str(stageName)
  if (name.known && name.value === '') return
  const api = context.read.refsTo(mapGet(resource.properties, 'RestApiId'), API_TYPES)[0]
  const source = context.read.source(mapEntry(resource.properties, 'StageName')!.keyRange, resource.id, resource.constructPath)
  context.model.add(
    restStage(context, `${resource.id}.Stage`, source, api, stageName, mapGet(resource.properties, 'StageDescription')),
  )
}

function addV2Api(context: BuildContext, resource: TemplateResource, source: Source): void {
  const { model, read } = context
  const p = (key: string): DocNode | undefined => mapGet(resource.properties, key)
  const protocol = read.str(p('ProtocolType'), 'HTTP')
  model.add({
    kind: 'api',
    id: resource.id,
    source,
    protocol: protocol.known && protocol.value.toUpperCase() === 'WEBSOCKET' ? 'WEBSOCKET' : 'HTTP',
    name: resource.id,
    endpointTypes: known(['REGIONAL']),
    hasResourcePolicy: known(false),
    traffic: trafficDeclaration(context, resource),
    implicit: false,
    features: new Set(),
  })
  // Quick create: `Target` makes a `$default` route, an integration and a `$default` stage.
  const target = p('Target')
  if (!target) return
  const targetSource = read.source(mapEntry(resource.properties, 'Target')!.keyRange, resource.id, resource.constructPath)
  model.add({
    kind: 'integration',
    id: `${resource.id}.Integration`,
    source: targetSource,
    api: resource.id,
    integrationType: known('AWS_PROXY'),
    functions: read.refsTo(target, FUNCTION_TYPES),
    timeoutMs: known(HTTP_DEFAULT_TIMEOUT_MS),
    timeoutDefaulted: true,
    transferMode: known('BUFFERED'),
  })
  model.add({
    kind: 'operation',
    id: `${resource.id}.DefaultRoute`,
    source: targetSource,
    api: resource.id,
    method: known('ANY'),
    path: known('$default'),
    authorization: known('NONE'),
    authorizer: undefined,
    apiKeyRequired: known(false),
    integration: `${resource.id}.Integration`,
    fromSam: false,
  })
  model.add({
    kind: 'stage',
    id: `${resource.id}.DefaultStage`,
    source: targetSource,
    api: resource.id,
    name: known('$default'),
    throttled: known(false),
    cacheEnabled: known(false),
  })
}

function addV2Route(context: BuildContext, resource: TemplateResource, source: Source): void {
  const { model, read } = context
  const p = (key: string): DocNode | undefined => mapGet(resource.properties, key)
  const routeKey = read.str(p('RouteKey'))
  let method: Fact<string> = routeKey
  let path: Fact<string> = routeKey
  if (routeKey.known) {
    const space = routeKey.value.indexOf(' ')
    method = known(space < 0 ? 'ANY' : routeKey.value.slice(0, space).toUpperCase())
    path = known(space < 0 ? routeKey.value : routeKey.value.slice(space + 1))
  }
  const integration = read.refsTo(p('Target'), [CFN_TYPES.v2Integration])[0]
  model.add({
    kind: 'operation',
    id: resource.id,
    source,
    api: read.refsTo(p('ApiId'), API_TYPES)[0],
    method,
    path,
    authorization: upper(read.str(p('AuthorizationType'), 'NONE')),
    authorizer: read.refsTo(p('AuthorizerId'), [CFN_TYPES.v2Authorizer])[0],
    apiKeyRequired: read.bool(p('ApiKeyRequired'), false),
    integration,
    fromSam: false,
  })
}

function addV2Integration(context: BuildContext, resource: TemplateResource, source: Source): void {
  const { model, read } = context
  const p = (key: string): DocNode | undefined => mapGet(resource.properties, key)
  const api = read.refsTo(p('ApiId'), API_TYPES)[0]
  const apiResource = context.byId.get(api ?? '')
  const protocol = apiResource ? read.str(mapGet(apiResource.properties, 'ProtocolType'), 'HTTP') : known('HTTP')
  const isWebSocket = protocol.known && protocol.value.toUpperCase() === 'WEBSOCKET'
  const timeout = p('TimeoutInMillis')
  model.add({
    kind: 'integration',
    id: resource.id,
    source,
    api,
    integrationType: upper(read.str(p('IntegrationType'))),
    functions: read.refsTo(p('IntegrationUri'), FUNCTION_TYPES),
    timeoutMs: read.num(timeout, isWebSocket ? REST_DEFAULT_TIMEOUT_MS : HTTP_DEFAULT_TIMEOUT_MS),
    timeoutDefaulted: timeout === undefined,
    transferMode: known('BUFFERED'),
  })
}

/** The load balancer, stage or API a WAF association protects. */
function wafTarget(context: BuildContext, node: DocNode | undefined): string | undefined {
  const { read } = context
  return (
    read.refsTo(node, [CFN_TYPES.loadBalancer])[0] ??
    read.refsTo(node, STAGE_TYPES)[0] ??
    read.refsTo(node, [CFN_TYPES.deployment]).map((deployment) => `${deployment}.Stage`)[0] ??
    read.refsTo(node, API_TYPES)[0]
  )
}
