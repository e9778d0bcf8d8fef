/**
 * The one reader of OpenAPI 2 (swagger) and OpenAPI 3 definitions with API Gateway's extensions,
 * over the neutral tree both frontends build (`types.ts`). It adds to the model, for an API the
 * frontend has already added, one `operation` per path and method, the `integration` of each
 * (`x-amazon-apigateway-integration`) and one `authorizer` per security scheme an operation
 * uses, every fact `at` the place in the definition that sets it (the template, or the external
 * file it was read from).
 *
 * What API Gateway reads, and so what this reads:
 * - methods: `get`, `put`, `post`, `delete`, `options`, `head`, `patch` and
 *   `x-amazon-apigateway-any-method` (ANY); other keys of a path item (`parameters`, `summary`,
 *   ...) are not methods. An HTTP API's `$default` path is its `$default` route.
 * - `security`: an operation's own list replaces the root's; `[]` is none. API key schemes
 *   (`type: apiKey`, `name: x-api-key`) require an API key; of the other schemes the first one
 *   listed is the method's authorizer (API Gateway attaches one authorizer to a method).
 * - `x-amazon-apigateway-authtype: awsSigv4` is IAM; `x-amazon-apigateway-authorizer` of type
 *   `token` or `request` is a Lambda (CUSTOM) authorizer, `cognito_user_pools` a Cognito one and
 *   `jwt` an HTTP API JWT authorizer.
 * - `x-amazon-apigateway-policy` is the API's resource policy.
 * - local `$ref`s (`#/components/...`), followed a bounded number of hops.
 */
import {
  DEFAULT_AUTHORIZATION,
  HTTP_DEFAULT_TIMEOUT_MS,
  INTEGRATION_DEFAULT_CONNECTION_TYPE,
  INTEGRATION_DEFAULT_TRANSFER_MODE,
  REST_DEFAULT_TIMEOUT_MS,
  V2_DEFAULT_ROUTE_KEY,
} from '../../model/aws.js'
import type { Budget } from '../../model/budget.js'
import { upper } from '../../model/facts.js'
import { readPolicy, type PolicyNode } from '../../model/policy.js'
import type { Model } from '../../model/model.js'
import { known, unknown, type Api, type ApiFeature, type Fact, type FactOrigin, type Operation, type Source } from '../../model/types.js'
import { oaEntry, oaGet, type OaEntry, type OaNode } from './types.js'

/** What the reader asks the frontend about values it cannot judge itself. */
export interface OpenApiLinks {
  /**
   * The Lambda functions (model ids) a value refers to: an integration `uri` or an authorizer's
   * `authorizerUri` built from a function's ARN. A frontend maps aliases and versions to their
   * function, and returns nothing for references that are not functions.
   */
  functions(node: OaNode): string[]
  /**
   * A security scheme the definition names but does not define, defined by the framework
   * around it (SAM's `Auth.Authorizers`, which SAM writes into the definition); undefined when
   * the frontend knows none of that name.
   */
  scheme?(name: string): SchemeRead | undefined
}

/** What a security scheme is to API Gateway. */
export type SchemeRead =
  | { kind: 'api-key' }
  /** `authorization` in the model's vocabulary; `authorizer` the id of its authorizer element, when the model has one. */
  | { kind: 'authorization'; authorization: string; authorizer: string | undefined }
  | { kind: 'unknown'; why: string }

/** The checks a route gets from its `security`. */
export interface RouteSecurity {
  authorization: Fact<string>
  authorizer: string | undefined
  apiKeyRequired: Fact<boolean>
}

export interface OpenApiInput {
  model: Model
  /** The API the definition belongs to, already in the model. */
  api: Api
  /**
   * The definition: the body as the frontend converted it. A node of kind `unknown` (a body in
   * S3, a parameter, a file that cannot be read) makes the API's routes unknown.
   */
  definition: OaNode
  /**
   * The API's address (CloudFormation logical id, Terraform address): the `source.address` of
   * every element added, and the prefix of their ids (`<address>.GET /orders`,
   * `<address>.GET /orders.Integration`, `<address>.securitySchemes.<name>`).
   */
  address: string
  /** The API's construct path (CDK), copied to the sources of the elements added. */
  constructPath?: string
  links: OpenApiLinks
  /** The unit's work budget: every path and method read spends a step; past it the routes are unknown. */
  budget: Budget
  /**
   * Where a value the definition does not set is attributed (`defaulted`): the property that
   * holds the definition (`Body`, `DefinitionBody`, `body`), or the API when there is none.
   */
  defaultsAt: FactOrigin
  /**
   * Routes (`GET /orders`, `ANY $default`) the frontend makes operations for itself (SAM events,
   * which SAM merges into the definition): the reader adds their integration and tells their
   * security in `routes`, but adds no operation for them.
   */
  merged?: ReadonlySet<string>
  /**
   * What a framework writes into every method of the definition (SAM's `Auth.DefaultAuthorizer`
   * and `Auth.ApiKeyRequired`): its `authorization` applies where the method's own `security`
   * names no authorizer, and the root `security` then no longer counts (the method has a list of
   * its own); `apiKeyRequired`, when true, applies to every method.
   */
  defaultSecurity?: { authorization?: Fact<string>; authorizer?: string; apiKeyRequired?: Fact<boolean> }
}

/** A route the definition writes. */
export interface RouteRead {
  security: RouteSecurity
  /** The id of the route's integration element, when the definition gives one. */
  integration: string | undefined
  /** The operation added; undefined for a route in `merged`. */
  operation: Operation | undefined
}

export interface OpenApiRead {
  /** REST features the definition uses (API keys, request validators, mapping templates, AWS service integrations); also added to the API. */
  features: ApiFeature[]
  /** The operations added, in the order the definition writes them. */
  operations: Operation[]
  /** Every route the definition writes, by route key (`GET /orders`, `ANY $default`). */
  routes: ReadonlyMap<string, RouteRead>
  /** What a route the definition does not write gets once a framework adds it (SAM events): the root `security`, or none. */
  unwrittenSecurity: RouteSecurity
  /** `x-amazon-apigateway-api-key-source` (`HEADER` or `AUTHORIZER`); undefined when the definition does not set it. Also set on the API. */
  apiKeySource: Fact<string> | undefined
}

/** The operation keys of a path item that are methods, with the method each is. */
const METHODS: ReadonlyMap<string, string> = new Map([
  ['get', 'GET'],
  ['put', 'PUT'],
  ['post', 'POST'],
  ['delete', 'DELETE'],
  ['options', 'OPTIONS'],
  ['head', 'HEAD'],
  ['patch', 'PATCH'],
  ['x-amazon-apigateway-any-method', 'ANY'],
])

/** How many `$ref`s in a row are followed before the value is unknown. */
const MAX_REF_HOPS = 8

const INVOCATION_TYPE_HEADER = 'integration.request.header.x-amz-invocation-type'

/**
 * Reads `definition` into operations, integrations and authorizers of `api`, added to `model`,
 * and sets the API's `definitionRoutes` (and `apiKeySource`, `features`, and `hasResourcePolicy`
 * for an `x-amazon-apigateway-policy`). Never throws on input: what it cannot read stays unknown
 * with the reason.
 */
export function readOpenApi(input: OpenApiInput): OpenApiRead {
  return new DefinitionReader(input).read()
}

class DefinitionReader {
  private readonly root: OaNode
  private readonly features = new Set<ApiFeature>()
  private readonly operations: Operation[] = []
  private readonly routes = new Map<string, RouteRead>()
  private readonly schemes = new Map<string, SchemeRead>()
  /** Why the routes cannot all be told; the first reason found. */
  private routesUnknown: string | undefined

  constructor(private readonly input: OpenApiInput) {
    this.root = input.definition
  }

  read(): OpenApiRead {
    const { api, definition } = this.input
    if (definition.kind === 'unknown') return this.unreadable(definition.why, definition.at)
    if (definition.kind !== 'map') return this.unreadable('the definition is not a map', definition.at)
    const keySource = str(oaGet(definition, 'x-amazon-apigateway-api-key-source'))
    const apiKeySource = keySource ? upper(keySource) : undefined
    if (apiKeySource) api.apiKeySource = apiKeySource
    const policy = oaEntry(definition, 'x-amazon-apigateway-policy')
    if (policy && !(api.hasResourcePolicy.known && api.hasResourcePolicy.value)) {
      api.hasResourcePolicy = known(true, policy.keyAt)
      api.resourcePolicy = readPolicy(policyNode(policy.value), policy.keyAt)
    }
    const paths = oaEntry(definition, 'paths')
    if (paths) this.readPaths(paths)
    api.definitionRoutes =
      this.routesUnknown === undefined ? known(this.routes.size, paths?.keyAt ?? definition.at) : unknown(this.routesUnknown, paths?.keyAt ?? definition.at)
    for (const feature of this.features) api.features.add(feature)
    return {
      features: [...this.features],
      operations: this.operations,
      routes: this.routes,
      unwrittenSecurity: this.rootSecurity(this.input.defaultsAt),
      apiKeySource,
    }
  }

  /** A definition nothing can be read of: no operations, routes unknown. */
  private unreadable(why: string, at: FactOrigin): OpenApiRead {
    this.input.api.definitionRoutes = unknown(why, at)
    const security = { authorization: unknown<string>(why, at), authorizer: undefined, apiKeyRequired: unknown<boolean>(why, at) }
    return { features: [], operations: [], routes: this.routes, unwrittenSecurity: security, apiKeySource: undefined }
  }

  private readPaths(paths: OaEntry): void {
    const node = paths.value
    if (node.kind === 'unknown') return this.unknownRoutes(`paths is ${node.why}`)
    if (node.kind !== 'map') return this.unknownRoutes('paths is not a map')
    for (const pathEntry of node.entries) {
      if (!this.spend(pathEntry.keyAt)) return
      const item = this.follow(pathEntry.value)
      if (item.kind === 'unknown') {
        this.unknownRoutes(`the methods of ${pathEntry.key} are ${item.why}`)
        continue
      }
      if (item.kind !== 'map') continue
      for (const methodEntry of item.entries) {
        const method = METHODS.get(methodEntry.key.toLowerCase())
        if (method === undefined) continue
        if (!this.spend(methodEntry.keyAt)) return
        this.readOperation(pathEntry, method, methodEntry)
      }
    }
  }

  private readOperation(pathEntry: OaEntry, method: string, methodEntry: OaEntry): void {
    const { api, address, model } = this.input
    const path = this.input.api.protocol !== 'REST' && /^\/?\$default$/.test(pathEntry.key) ? V2_DEFAULT_ROUTE_KEY : pathEntry.key
    const route = `${method} ${path}`
    if (this.routes.has(route)) return
    const operation = methodEntry.value
    if (operation.kind === 'unknown') return this.unknownRoutes(`${route} is ${operation.why}`)
    if (operation.kind !== 'map') return
    const security = this.security(operation, methodEntry.keyAt)
    const integration = this.integration(route, operation)
    this.noteValidator(operation)
    if (security.apiKeyRequired.known && security.apiKeyRequired.value) this.noteFeature('api-keys')
    let added: Operation | undefined
    const id = `${address}.${route}`
    if (!this.input.merged?.has(route) && !model.has(id)) {
      added = {
        kind: 'operation',
        id,
        source: this.source(methodEntry.keyAt),
        api: api.id,
        method: known(method, methodEntry.keyAt),
        path: known(path, pathEntry.keyAt),
        authorization: security.authorization,
        authorizer: security.authorizer,
        apiKeyRequired: security.apiKeyRequired,
        integration,
        fromSam: false,
      }
      model.add(added)
      this.operations.push(added)
    }
    this.routes.set(route, { security, integration, operation: added })
  }

  /** The operation's own `security`, else the root's, else none (defaulted at the method); with what the framework writes into it. */
  private security(operation: OaNode, methodAt: FactOrigin): RouteSecurity {
    const own = oaEntry(operation, 'security')
    const framework = this.input.defaultSecurity
    if (!framework) return own ? this.requirements(own.value) : this.rootSecurity(methodAt)
    const written = own ? this.requirements(own.value) : none(methodAt)
    const open = written.authorization.known && written.authorization.value === DEFAULT_AUTHORIZATION
    const byFramework = open && framework.authorization !== undefined
    const keyed = framework.apiKeyRequired?.known === true && framework.apiKeyRequired.value
    return {
      authorization: byFramework ? framework.authorization! : written.authorization,
      authorizer: byFramework ? framework.authorizer : written.authorizer,
      apiKeyRequired: keyed ? framework.apiKeyRequired! : written.apiKeyRequired,
    }
  }

  private rootSecurity(defaultAt: FactOrigin): RouteSecurity {
    const root = oaGet(this.root, 'security')
    return root ? this.requirements(root) : none(defaultAt)
  }

  /** A `security` list: API key schemes require a key; the first other scheme is the authorization. */
  private requirements(node: OaNode): RouteSecurity {
    const at = node.at
    if (node.kind === 'unknown') return { authorization: unknown(`security is ${node.why}`, at), authorizer: undefined, apiKeyRequired: unknown(`security is ${node.why}`, at) }
    if (node.kind !== 'list') return { authorization: unknown('security is not a list', at), authorizer: undefined, apiKeyRequired: unknown('security is not a list', at) }
    let apiKey: FactOrigin | undefined
    let chosen: { authorization: Fact<string>; authorizer: string | undefined } | undefined
    let undecided: string | undefined
    for (const requirement of node.items) {
      if (requirement.kind === 'unknown') {
        undecided ??= `a security requirement is ${requirement.why}`
        continue
      }
      if (requirement.kind !== 'map') continue
      for (const entry of requirement.entries) {
        const scheme = this.scheme(entry.key)
        if (scheme.kind === 'api-key') apiKey ??= entry.keyAt
        else if (chosen !== undefined || undecided !== undefined) continue
        else if (scheme.kind === 'unknown') undecided = scheme.why
        else chosen = { authorization: known(scheme.authorization, entry.keyAt), authorizer: scheme.authorizer }
      }
    }
    const authorization = chosen?.authorization ?? (undecided === undefined ? known(DEFAULT_AUTHORIZATION, at) : unknown<string>(undecided, at))
    const apiKeyRequired = apiKey ? known(true, apiKey) : undecided === undefined ? known(false, at) : unknown<boolean>(undecided, at)
    return { authorization, authorizer: chosen?.authorizer, apiKeyRequired }
  }

  /** The scheme `name` (OpenAPI 3 `components.securitySchemes`, OpenAPI 2 `securityDefinitions`, then the frontend's), read once. */
  private scheme(name: string): SchemeRead {
    let read = this.schemes.get(name)
    if (read === undefined) {
      read = this.readScheme(name)
      this.schemes.set(name, read)
    }
    return read
  }

  private readScheme(name: string): SchemeRead {
    const containers = [oaGet(oaGet(this.root, 'components'), 'securitySchemes'), oaGet(this.root, 'securityDefinitions')]
    for (const container of containers) {
      if (container?.kind === 'unknown') return { kind: 'unknown', why: `the security schemes are ${container.why}` }
      const entry = oaEntry(container, name)
      if (entry) return this.classify(name, entry)
    }
    return this.input.links.scheme?.(name) ?? { kind: 'unknown', why: `the security scheme ${name} is not defined` }
  }

  private classify(name: string, entry: OaEntry): SchemeRead {
    const scheme = this.follow(entry.value)
    if (scheme.kind === 'unknown') return { kind: 'unknown', why: `the security scheme ${name} is ${scheme.why}` }
    if (scheme.kind !== 'map') return { kind: 'unknown', why: `the security scheme ${name} is not a map` }
    const authType = str(oaGet(scheme, 'x-amazon-apigateway-authtype'))
    if (authType && !authType.known) return { kind: 'unknown', why: `the auth type of ${name} is ${authType.why}` }
    if (authType?.value.toLowerCase() === 'awssigv4') return { kind: 'authorization', authorization: 'AWS_IAM', authorizer: undefined }
    const authorizer = oaGet(scheme, 'x-amazon-apigateway-authorizer')
    if (authorizer) return this.authorizer(name, entry, this.follow(authorizer))
    const type = str(oaGet(scheme, 'type'))
    if (type && !type.known) return { kind: 'unknown', why: `the type of ${name} is ${type.why}` }
    if (type?.value === 'apiKey') {
      const header = str(oaGet(scheme, 'name'))
      if (header && !header.known) return { kind: 'unknown', why: `the header of ${name} is ${header.why}` }
      if (header?.value.toLowerCase() === 'x-api-key') return { kind: 'api-key' }
      return { kind: 'unknown', why: `${name} is an apiKey scheme that is not API Gateway's x-api-key header and has no authorizer` }
    }
    return { kind: 'unknown', why: `${name} has no x-amazon-apigateway-authorizer, so API Gateway does not enforce it` }
  }

  /** An `x-amazon-apigateway-authorizer`: its element, and the authorization a method using it gets. */
  private authorizer(name: string, entry: OaEntry, node: OaNode): SchemeRead {
    if (node.kind === 'unknown') return { kind: 'unknown', why: `the authorizer of ${name} is ${node.why}` }
    const type = str(oaGet(node, 'type'))
    if (!type) return { kind: 'unknown', why: `the authorizer of ${name} has no type` }
    if (!type.known) return { kind: 'unknown', why: `the authorizer type of ${name} is ${type.why}` }
    const authorization = AUTHORIZATION_OF_TYPE.get(type.value.toLowerCase())
    if (authorization === undefined) return { kind: 'unknown', why: `the authorizer type ${type.value} of ${name} is not one API Gateway has` }
    const id = `${this.input.address}.securitySchemes.${name}`
    if (!this.input.model.has(id)) {
      const uri = oaGet(node, 'authorizerUri')
      this.input.model.add({
        kind: 'authorizer',
        id,
        source: this.source(entry.keyAt),
        api: this.input.api.id,
        authorizerType: upper(type),
        functions: uri ? this.input.links.functions(uri) : [],
      })
    }
    return { kind: 'authorization', authorization, authorizer: id }
  }

  /** The route's `x-amazon-apigateway-integration` as an element; its id, or undefined when the route has none. */
  private integration(route: string, operation: OaNode): string | undefined {
    const entry = oaEntry(operation, 'x-amazon-apigateway-integration')
    if (!entry) return undefined
    const { api, model } = this.input
    const id = `${this.input.address}.${route}.Integration`
    if (model.has(id)) return id
    const node = this.follow(entry.value)
    const defaulted = { ...entry.keyAt, defaulted: true as const }
    const why = node.kind === 'unknown' ? `the integration is ${node.why}` : node.kind === 'map' ? undefined : 'the integration is not a map'
    const get = (key: string): OaNode | undefined => (why === undefined ? oaGet(node, key) : undefined)
    const orUnknown = <T>(fact: Fact<T> | undefined, fallback: T): Fact<T> => (why !== undefined ? unknown(why, entry.keyAt) : (fact ?? known(fallback, defaulted)))
    const type = why !== undefined ? unknown<string>(why, entry.keyAt) : upper(str(get('type')) ?? unknown('the integration has no type', entry.keyAt))
    const uri = get('uri')
    const timeout = get('timeoutInMillis')
    const defaultTimeout = api.protocol === 'HTTP' ? HTTP_DEFAULT_TIMEOUT_MS : REST_DEFAULT_TIMEOUT_MS
    const connectionId = str(get('connectionId'))
    const payloadFormat = str(get('payloadFormatVersion'))
    model.add({
      kind: 'integration',
      id,
      source: this.source(entry.keyAt),
      api: api.id,
      integrationType: type,
      functions: uri && !isAsyncInvocation(get('requestParameters')) ? this.input.links.functions(uri) : [],
      timeoutMs: orUnknown(timeout === undefined ? undefined : num(timeout), defaultTimeout),
      timeoutDefaulted: why === undefined && timeout === undefined,
      transferMode: upper(orUnknown(str(get('responseTransferMode')), INTEGRATION_DEFAULT_TRANSFER_MODE)),
      connectionType: upper(orUnknown(str(get('connectionType')), INTEGRATION_DEFAULT_CONNECTION_TYPE)),
      ...(connectionId ? { connectionId } : {}),
      ...(payloadFormat ? { payloadFormatVersion: payloadFormat } : {}),
    })
    if (type.known && type.value === 'AWS') this.noteFeature('service-integrations')
    if (type.known && (type.value === 'AWS' || type.value === 'HTTP') && hasTemplates(get('requestTemplates'), get('responses'))) {
      this.noteFeature('mapping-templates')
    }
    return id
  }

  /** `request-validation` when the validator in effect for the operation (its own, else the root default) validates something. */
  private noteValidator(operation: OaNode): void {
    const name = str(oaGet(operation, 'x-amazon-apigateway-request-validator') ?? oaGet(this.root, 'x-amazon-apigateway-request-validator'))
    if (!name?.known) return
    const validator = this.follow(oaGet(this.follow(oaGet(this.root, 'x-amazon-apigateway-request-validators')), name.value))
    const validates = (key: string): boolean => {
      const flag = oaGet(validator, key)
      return flag?.kind === 'scalar' && (flag.value === true || flag.value === 'true')
    }
    if (validates('validateRequestBody') || validates('validateRequestParameters')) this.noteFeature('request-validation')
  }

  /** Features are what REST APIs have and the others do not. */
  private noteFeature(feature: ApiFeature): void {
    if (this.input.api.protocol === 'REST') this.features.add(feature)
  }

  /** A node with its local `$ref`s followed; unknown past a few hops, on a cycle, or for a `$ref` outside the definition. */
  private follow(node: OaNode): OaNode
  private follow(node: OaNode | undefined): OaNode | undefined
  private follow(node: OaNode | undefined): OaNode | undefined {
    let current = node
    const seen = new Set<string>()
    for (let hop = 0; hop <= MAX_REF_HOPS; hop++) {
      const ref = oaGet(current, '$ref')
      if (ref === undefined || current === undefined) return current
      if (ref.kind !== 'scalar' || typeof ref.value !== 'string') return { kind: 'unknown', why: 'a $ref that is not a string', at: ref.at, refs: [] }
      if (!ref.value.startsWith('#/')) return { kind: 'unknown', why: `a $ref to ${ref.value}, outside the definition`, at: ref.at, refs: [] }
      if (seen.has(ref.value)) return { kind: 'unknown', why: `a $ref cycle through ${ref.value}`, at: ref.at, refs: [] }
      seen.add(ref.value)
      const target = pointer(this.root, ref.value)
      if (target === undefined) return { kind: 'unknown', why: `a $ref to ${ref.value}, which the definition does not have`, at: ref.at, refs: [] }
      current = target
    }
    return { kind: 'unknown', why: `more than ${MAX_REF_HOPS} $refs in a row`, at: current!.at, refs: [] }
  }

  private spend(at: FactOrigin): boolean {
    if (this.input.budget.step(at.file, at.range)) return true
    this.unknownRoutes('evaluation stopped at a work budget')
    return false
  }

  private unknownRoutes(why: string): void {
    this.routesUnknown ??= why
  }

  private source(at: FactOrigin): Source {
    const source: Source = { file: at.file, range: at.range, address: this.input.address }
    if (this.input.constructPath !== undefined) source.constructPath = this.input.constructPath
    return source
  }
}

/** No authorization and no API key, defaulted at `at`. */
function none(at: FactOrigin): RouteSecurity {
  const defaulted = { ...at, defaulted: true as const }
  return { authorization: known(DEFAULT_AUTHORIZATION, defaulted), authorizer: undefined, apiKeyRequired: known(false, defaulted) }
}

const AUTHORIZATION_OF_TYPE: ReadonlyMap<string, string> = new Map([
  ['token', 'CUSTOM'],
  ['request', 'CUSTOM'],
  ['cognito_user_pools', 'COGNITO_USER_POOLS'],
  ['jwt', 'JWT'],
])

/** A value as a string fact; undefined when not set (absent or null). */
function str(node: OaNode | undefined): Fact<string> | undefined {
  if (node === undefined) return undefined
  switch (node.kind) {
    case 'scalar':
      return node.value === null ? undefined : known(String(node.value), node.at)
    case 'unknown':
      return unknown(node.why, node.at)
    case 'map':
      return unknown('a map', node.at)
    case 'list':
      return unknown('a list', node.at)
  }
}

function num(node: OaNode): Fact<number> {
  const fact = str(node)
  if (fact === undefined) return unknown('not set', node.at)
  if (!fact.known) return fact
  const value = Number(fact.value)
  return fact.value.trim() !== '' && Number.isFinite(value) ? known(value, fact.at) : unknown(`unexpected value ${JSON.stringify(fact.value)}`, fact.at)
}

/** A Lambda integration with the `X-Amz-Invocation-Type: 'Event'` header invokes asynchronously. */
function isAsyncInvocation(parameters: OaNode | undefined): boolean {
  if (parameters?.kind !== 'map') return false
  const header = parameters.entries.find((entry) => entry.key.toLowerCase() === INVOCATION_TYPE_HEADER)
  const value = str(header?.value)
  return value?.known === true && value.value.replace(/'/g, '') === 'Event'
}

/** Request templates, or response templates in any integration response. */
function hasTemplates(requestTemplates: OaNode | undefined, responses: OaNode | undefined): boolean {
  if (requestTemplates !== undefined) return true
  return responses?.kind === 'map' && responses.entries.some((entry) => oaGet(entry.value, 'responseTemplates') !== undefined)
}

/** The node a local JSON pointer (`#/components/securitySchemes/auth`) names. */
function pointer(root: OaNode, ref: string): OaNode | undefined {
  let node: OaNode | undefined = root
  for (const raw of ref.slice(2).split('/')) {
    const key = decodePointerPart(raw)
    if (node?.kind === 'map') node = oaGet(node, key)
    else if (node?.kind === 'list' && /^\d+$/.test(key)) node = node.items[Number(key)]
    else return undefined
  }
  return node
}

function decodePointerPart(part: string): string {
  let decoded = part
  try {
    decoded = decodeURIComponent(part)
  } catch {
    // A part that is not percent-encoded stays as written.
  }
  return decoded.replace(/~1/g, '/').replace(/~0/g, '~')
}

/** An OpenAPI value as the policy reader takes it: scalars become text, as a policy document's values are. */
function policyNode(node: OaNode, depth = 0): PolicyNode {
  // The policy reader stops at its own depth; deeper parts need not be converted.
  if (depth > 16) return { kind: 'unknown', why: 'nested too deeply', at: node.at }
  switch (node.kind) {
    case 'map':
      return { kind: 'map', entries: node.entries.map((entry) => [entry.key, policyNode(entry.value, depth + 1)]), at: node.at }
    case 'list':
      return { kind: 'list', items: node.items.map((item) => policyNode(item, depth + 1)), at: node.at }
    case 'scalar':
      return node.value === null ? { kind: 'unknown', why: 'null', at: node.at } : { kind: 'text', value: String(node.value), at: node.at }
    case 'unknown':
      return { kind: 'unknown', why: node.why, at: node.at }
  }
}
