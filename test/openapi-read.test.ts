/**
 * The one reader of OpenAPI definitions over hand-built neutral trees, without any frontend:
 * OpenAPI 2 and 3, REST and HTTP APIs, security (root, per operation, `[]`, API keys, IAM,
 * Cognito, Lambda and JWT authorizers, `$ref`s), integrations (types, timeouts and their
 * defaults, asynchronous invocations, mapping templates), request validators, and what stays
 * unknown: a definition that cannot be read, `paths` that is not a map, an unknown scheme.
 */
import { describe, expect, it } from 'vitest'
import { Budget, DEFAULT_LIMITS } from '../src/model/budget.js'
import { Model } from '../src/model/model.js'
import type { Api, Fact, FactOrigin } from '../src/model/types.js'
import { readOpenApi, type OpenApiInput } from '../src/frontends/openapi/read.js'
import { allowsOnlyFrom } from '../src/model/policy.js'
import type { OaNode } from '../src/frontends/openapi/types.js'

const FILE = 'openapi.yaml'

/** Every node gets its own line, so a test can tell which one a fact points at. */
let line = 0
function at(): FactOrigin {
  line++
  return { file: FILE, range: { line, column: 1, endLine: line, endColumn: 2 } }
}

type Plain = string | number | boolean | null | { $unknown: string; refs?: string[] } | Plain[] | { [key: string]: Plain }

/** A plain value as a tree; `{ $unknown }` is an unknown node, and `refs` on it name resources. */
function tree(value: Plain): OaNode {
  if (Array.isArray(value)) return { kind: 'list', items: value.map(tree), at: at() }
  if (value !== null && typeof value === 'object') {
    if ('$unknown' in value && typeof value.$unknown === 'string') return { kind: 'unknown', why: value.$unknown, at: at(), refs: (value.refs as string[] | undefined) ?? [] }
    return { kind: 'map', entries: Object.entries(value).map(([key, child]) => ({ key, keyAt: at(), value: tree(child) })), at: at() }
  }
  return { kind: 'scalar', value, at: at(), refs: [] }
}

/** A scalar built from resources, as `!Sub ...${Fn.Arn}...` gives it. */
function arnOf(...refs: string[]): Plain {
  return { $unknown: 'known only at deploy time', refs }
}

function api(protocol: Api['protocol']): Api {
  return {
    kind: 'api',
    id: 'Api',
    source: { file: 'template.yaml', range: at().range, address: 'Api' },
    protocol,
    name: 'Api',
    endpointTypes: { known: true, value: ['REGIONAL'] },
    hasResourcePolicy: { known: true, value: false },
    traffic: undefined,
    implicit: false,
    features: new Set(),
  }
}

function read(definition: Plain | OaNode, protocol: Api['protocol'] = 'REST', extra: Partial<OpenApiInput> = {}) {
  const model = new Model('cloudformation', 'template.yaml')
  const element = api(protocol)
  model.add(element)
  const budget = extra.budget ?? new Budget(DEFAULT_LIMITS)
  const result = readOpenApi({
    model,
    api: element,
    definition: typeof definition === 'object' && definition !== null && 'kind' in definition && 'at' in definition ? (definition as OaNode) : tree(definition as Plain),
    address: 'Api',
    links: { functions: (node) => refs(node).filter((ref) => ref.endsWith('Function')) },
    budget,
    defaultsAt: at(),
    ...extra,
  })
  return { model, api: element, result, budget }
}

function refs(node: OaNode): string[] {
  if (node.kind === 'scalar' || node.kind === 'unknown') return [...node.refs]
  if (node.kind === 'list') return node.items.flatMap(refs)
  return node.entries.flatMap((entry) => refs(entry.value))
}

function plain(fact: Fact<unknown>): unknown {
  return fact.known ? fact.value : `? ${fact.why}`
}

/** Each operation as `METHOD path: authorization [key] -> integration type`. */
function summary(model: Model): string[] {
  return model.all('operation').map((operation) => {
    const integration = model.getKind(operation.integration, 'integration')
    const key = operation.apiKeyRequired.known && operation.apiKeyRequired.value ? ' +key' : ''
    const target = integration ? ` -> ${String(plain(integration.integrationType))}${integration.functions.length ? ` ${integration.functions.join(',')}` : ''}` : ''
    return `${String(plain(operation.method))} ${String(plain(operation.path))}: ${String(plain(operation.authorization))}${key}${target}`
  })
}

const lambda = (timeout?: number): Plain => ({
  type: 'aws_proxy',
  httpMethod: 'POST',
  uri: arnOf('OrdersFunction'),
  ...(timeout === undefined ? {} : { timeoutInMillis: timeout }),
})

describe('readOpenApi over OpenAPI 3 (REST)', () => {
  const definition: Plain = {
    openapi: '3.0.1',
    security: [{ cognito: [] }],
    paths: {
      '/orders': {
        parameters: [{ name: 'tenant', in: 'header' }],
        summary: 'not a method',
        get: { 'x-amazon-apigateway-integration': lambda() },
        post: { security: [], 'x-amazon-apigateway-integration': lambda(5000) },
        'x-amazon-apigateway-any-method': { security: [{ api_key: [] }] },
      },
      '/signed': { put: { security: [{ sigv4: [] }, { cognito: [] }] } },
      '/custom': { delete: { security: [{ api_key: [], lambda: [] }] } },
    },
    components: {
      securitySchemes: {
        api_key: { type: 'apiKey', name: 'x-api-key', in: 'header' },
        sigv4: { type: 'apiKey', name: 'Authorization', in: 'header', 'x-amazon-apigateway-authtype': 'awsSigv4' },
        cognito: { $ref: '#/components/securitySchemes/pool' },
        pool: { type: 'apiKey', 'x-amazon-apigateway-authtype': 'cognito_user_pools', 'x-amazon-apigateway-authorizer': { type: 'cognito_user_pools' } },
        lambda: { type: 'apiKey', 'x-amazon-apigateway-authtype': 'custom', 'x-amazon-apigateway-authorizer': { type: 'request', authorizerUri: arnOf('AuthFunction') } },
      },
    },
  }

  it('reads paths and methods, and an operation security that replaces the root one', () => {
    const { model } = read(definition)
    expect(summary(model)).toEqual([
      'GET /orders: COGNITO_USER_POOLS -> AWS_PROXY OrdersFunction',
      'POST /orders: NONE -> AWS_PROXY OrdersFunction',
      'ANY /orders: NONE +key',
      'PUT /signed: AWS_IAM',
      'DELETE /custom: CUSTOM +key',
    ])
  })

  it('adds one authorizer per scheme used, with its type and the function it invokes', () => {
    const { model } = read(definition)
    const authorizers = model.all('authorizer').map((authorizer) => [authorizer.id, plain(authorizer.authorizerType), authorizer.functions])
    expect(authorizers).toEqual([
      ['Api.securitySchemes.cognito', 'COGNITO_USER_POOLS', []],
      ['Api.securitySchemes.lambda', 'REQUEST', ['AuthFunction']],
    ])
    expect(model.getKind('Api.GET /orders', 'operation')?.authorizer).toBe('Api.securitySchemes.cognito')
  })

  it('gives the REST default integration timeout unless timeoutInMillis says otherwise, defaulted at the integration key', () => {
    const { model } = read(definition)
    const get = model.getKind('Api.GET /orders.Integration', 'integration')!
    const post = model.getKind('Api.POST /orders.Integration', 'integration')!
    expect([plain(get.timeoutMs), get.timeoutDefaulted, get.timeoutMs.at?.defaulted]).toEqual([29_000, true, true])
    expect([plain(post.timeoutMs), post.timeoutDefaulted]).toEqual([5000, false])
    expect(plain(get.connectionType!)).toBe('INTERNET')
    expect(get.source.range.line).toBe(get.timeoutMs.at!.range.line)
  })

  it('points a defaulted authorization at the method key and an explicit one at the security entry', () => {
    const { model } = read({ openapi: '3.0.1', paths: { '/a': { get: {}, post: { security: [] } } } })
    const get = model.getKind('Api.GET /a', 'operation')!
    const post = model.getKind('Api.POST /a', 'operation')!
    expect(get.authorization).toMatchObject({ known: true, value: 'NONE', at: { defaulted: true } })
    expect(get.authorization.at!.range).toEqual(get.source.range)
    expect(get.method.at!.range).toEqual(get.source.range)
    expect(post.authorization.at?.defaulted).toBeUndefined()
    expect(post.authorization.at!.range).not.toEqual(post.source.range)
  })

  it('notes API keys, request validators, mapping templates and AWS service integrations as REST features', () => {
    const { api } = read({
      swagger: '2.0',
      'x-amazon-apigateway-request-validators': { body: { validateRequestBody: true }, none: { validateRequestBody: false } },
      'x-amazon-apigateway-request-validator': 'none',
      'x-amazon-apigateway-api-key-source': 'authorizer',
      paths: {
        '/queue': {
          post: {
            security: [{ key: [] }],
            'x-amazon-apigateway-request-validator': 'body',
            'x-amazon-apigateway-integration': { type: 'aws', uri: 'arn:aws:apigateway:eu-west-1:sqs:path/1/q', requestTemplates: { 'application/json': '$input.body' } },
          },
        },
      },
      securityDefinitions: { key: { type: 'apiKey', name: 'x-api-key', in: 'header' } },
    })
    expect([...api.features].sort()).toEqual(['api-keys', 'mapping-templates', 'request-validation', 'service-integrations'])
    expect(plain(api.apiKeySource!)).toBe('AUTHORIZER')
    expect(plain(api.definitionRoutes!)).toBe(1)
  })

  it('does not note request validation when the validator in effect validates nothing', () => {
    const { api } = read({
      swagger: '2.0',
      'x-amazon-apigateway-request-validators': { none: { validateRequestBody: false, validateRequestParameters: false } },
      'x-amazon-apigateway-request-validator': 'none',
      paths: { '/a': { get: {} } },
    })
    expect([...api.features]).toEqual([])
  })

  it('invokes no function through an integration with the Event invocation type', () => {
    const { model } = read({
      openapi: '3.0.1',
      paths: {
        '/async': {
          post: {
            'x-amazon-apigateway-integration': {
              type: 'aws',
              uri: arnOf('OrdersFunction'),
              requestParameters: { 'integration.request.header.X-Amz-Invocation-Type': "'Event'" },
            },
          },
        },
      },
    })
    expect(model.getKind('Api.POST /async.Integration', 'integration')!.functions).toEqual([])
  })
})

describe('readOpenApi over HTTP API definitions', () => {
  it('reads JWT and Lambda authorizers, the $default route and the HTTP default timeout', () => {
    const { model, api } = read(
      {
        openapi: '3.0.1',
        paths: {
          '/items': { get: { security: [{ jwt: ['items.read'] }], 'x-amazon-apigateway-integration': { ...(lambda() as object), payloadFormatVersion: '2.0' } } },
          $default: { 'x-amazon-apigateway-any-method': { 'x-amazon-apigateway-integration': { type: 'http_proxy', uri: 'https://example.com', connectionType: 'VPC_LINK', connectionId: 'abc123' } } },
        },
        components: { securitySchemes: { jwt: { type: 'oauth2', 'x-amazon-apigateway-authorizer': { type: 'jwt', jwtConfiguration: { issuer: 'https://issuer' } } } } },
      },
      'HTTP',
    )
    expect(summary(model)).toEqual(['GET /items: JWT -> AWS_PROXY OrdersFunction', 'ANY $default: NONE -> HTTP_PROXY'])
    const items = model.getKind('Api.GET /items.Integration', 'integration')!
    expect([plain(items.timeoutMs), plain(items.payloadFormatVersion!)]).toEqual([30_000, '2.0'])
    const fallback = model.getKind('Api.ANY $default.Integration', 'integration')!
    expect([plain(fallback.connectionType!), plain(fallback.connectionId!)]).toEqual(['VPC_LINK', 'abc123'])
    expect([...api.features]).toEqual([])
  })
})

describe('readOpenApi with what it cannot know', () => {
  it('makes the routes unknown, and adds nothing, for a definition that is unknown as a whole', () => {
    const { model, api, result } = read({ $unknown: 'the definition is in S3' })
    expect(model.all('operation')).toEqual([])
    expect(plain(api.definitionRoutes!)).toBe('? the definition is in S3')
    expect(plain(result.unwrittenSecurity.authorization)).toBe('? the definition is in S3')
  })

  it('makes the routes unknown for paths that are not a map, or a path whose methods are unknown', () => {
    expect(plain(read({ openapi: '3.0.1', paths: ['/a'] }).api.definitionRoutes!)).toBe('? paths is not a map')
    const partly = read({ openapi: '3.0.1', paths: { '/a': { get: {} }, '/b': { $unknown: 'Fn::If on an unknown condition' } } })
    expect(summary(partly.model)).toEqual(['GET /a: NONE'])
    expect(plain(partly.api.definitionRoutes!)).toBe('? the methods of /b are Fn::If on an unknown condition')
  })

  it('leaves authorization unknown for an unknown security list, an undefined scheme, or one API Gateway does not enforce', () => {
    const { model } = read({
      openapi: '3.0.1',
      paths: {
        '/a': { get: { security: { $unknown: 'parameter Security has no default' } } },
        '/b': { get: { security: [{ nowhere: [] }] } },
        '/c': { get: { security: [{ basic: [] }] } },
        '/d': { get: { security: [{ loop: [] }] } },
      },
      components: { securitySchemes: { basic: { type: 'http', scheme: 'basic' }, loop: { $ref: '#/components/securitySchemes/loop' } } },
    })
    expect(model.all('operation').map((operation) => plain(operation.authorization))).toEqual([
      '? security is parameter Security has no default',
      '? the security scheme nowhere is not defined',
      '? basic has no x-amazon-apigateway-authorizer, so API Gateway does not enforce it',
      '? the security scheme loop is a $ref cycle through #/components/securitySchemes/loop',
    ])
  })

  it('leaves the integration type unknown when the integration cannot be resolved, and links no function', () => {
    const { model } = read({ openapi: '3.0.1', paths: { '/a': { get: { 'x-amazon-apigateway-integration': { $unknown: 'Fn::If on an unknown condition', refs: ['OrdersFunction'] } } } } })
    const integration = model.getKind('Api.GET /a.Integration', 'integration')!
    expect([plain(integration.integrationType), plain(integration.timeoutMs), integration.functions]).toEqual([
      '? the integration is Fn::If on an unknown condition',
      '? the integration is Fn::If on an unknown condition',
      [],
    ])
  })

  it('stops at the work budget: the routes are unknown and the budget records the hit', () => {
    const paths: Record<string, Plain> = {}
    for (let i = 0; i < 20_000; i++) paths[`/p${i}`] = { get: {} }
    const { model, api, budget } = read({ openapi: '3.0.1', paths }, 'REST', { budget: new Budget({ ...DEFAULT_LIMITS, evaluationSteps: 10_000 }) })
    expect(model.all('operation').length).toBeLessThan(10_000)
    expect(plain(api.definitionRoutes!)).toBe('? evaluation stopped at a work budget')
    expect(budget.hits.map((hit) => hit.kind)).toEqual(['evaluationSteps'])
  })

  it('tells the security of a merged route and of one the definition does not write, without adding an operation for the merged one', () => {
    const { model, result } = read(
      { openapi: '3.0.1', security: [{ key: [] }], paths: { '/a': { get: { security: [] } }, '/b': { get: {} } } , securityDefinitions: { key: { type: 'apiKey', name: 'x-api-key', in: 'header' } } },
      'REST',
      { merged: new Set(['GET /a']) },
    )
    expect(summary(model)).toEqual(['GET /b: NONE +key'])
    expect(plain(result.routes.get('GET /a')!.security.apiKeyRequired)).toBe(false)
    expect(plain(result.unwrittenSecurity.apiKeyRequired)).toBe(true)
  })

  it('applies a framework default authorizer where the method names none, keeping a method authorizer first', () => {
    const { model } = read(
      {
        openapi: '3.0.1',
        security: [{ iam: [] }],
        paths: { '/a': { get: {} }, '/b': { get: { security: [{ iam: [] }] } }, '/c': { get: { security: [] } } },
        components: { securitySchemes: { iam: { type: 'apiKey', 'x-amazon-apigateway-authtype': 'awsSigv4' } } },
      },
      'REST',
      { defaultSecurity: { authorization: { known: true, value: 'COGNITO_USER_POOLS' }, apiKeyRequired: { known: true, value: true } } },
    )
    expect(summary(model)).toEqual(['GET /a: COGNITO_USER_POOLS +key', 'GET /b: AWS_IAM +key', 'GET /c: COGNITO_USER_POOLS +key'])
  })
})

describe('readOpenApi and the API', () => {
  it('takes x-amazon-apigateway-policy as the resource policy, at its key', () => {
    const { api } = read({ openapi: '3.0.1', paths: {}, 'x-amazon-apigateway-policy': { Version: '2012-10-17', Statement: [] } })
    expect(api.hasResourcePolicy).toMatchObject({ known: true, value: true, at: { file: FILE } })
    expect(plain(api.definitionRoutes!)).toBe(0)
  })

  it('reads the statements of x-amazon-apigateway-policy, so a rule can ask whom it admits', () => {
    const statement = (condition: Plain) => ({ Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*', Condition: condition })
    const onlyEndpoint = read({ openapi: '3.0.1', paths: {}, 'x-amazon-apigateway-policy': { Version: '2012-10-17', Statement: [statement({ StringEquals: { 'aws:SourceVpce': 'vpce-0123' } })] } })
    expect(plain(allowsOnlyFrom(onlyEndpoint.api.resourcePolicy!))).toBe('vpce')
    const anyone = read({ openapi: '3.0.1', paths: {}, 'x-amazon-apigateway-policy': { Version: '2012-10-17', Statement: [statement({})] } })
    expect(plain(allowsOnlyFrom(anyone.api.resourcePolicy!))).toBe('anyone')
    const unknownCondition = read({ openapi: '3.0.1', paths: {}, 'x-amazon-apigateway-policy': { Version: '2012-10-17', Statement: [statement({ StringEquals: { 'aws:SourceVpce': { $unknown: 'a parameter' } } })] } })
    // The endpoint is not known, but the condition's key still admits only callers through a VPC endpoint.
    expect(plain(allowsOnlyFrom(unknownCondition.api.resourcePolicy!))).toBe('vpce')
  })
})
