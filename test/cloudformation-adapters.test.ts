/**
 * The CloudFormation adapters (src/frontends/cloudformation/adapt/*): what a quick-create HTTP
 * API makes of its `RouteKey`, and where the facts of a model were written. Each model is built
 * the way a scan builds it, from template text through `parseTemplateText` and
 * `modelFromCloudFormation`.
 */
import { describe, expect, it } from 'vitest'
import { modelFromCloudFormation } from '../src/frontends/cloudformation/from-cloudformation.js'
import { parseTemplateText } from '../src/frontends/cloudformation/template.js'
import type { Model } from '../src/model/model.js'
import type { ElementKind, ElementOf, FactOrigin } from '../src/model/types.js'

const FILE = 'template.yaml'

function modelOf(text: string): Model {
  const parsed = parseTemplateText(text, FILE)
  if (!parsed.ok) throw new Error(`the test template does not parse: ${parsed.message}`)
  return modelFromCloudFormation(FILE, parsed.root)
}

function element<K extends ElementKind>(model: Model, id: string, kind: K): ElementOf<K> {
  const found = model.getKind(id, kind)
  if (!found) throw new Error(`no ${kind} ${id} in the model`)
  return found
}

/** Where `written` stands on line `line` of `text` (1-based), after checking that it stands there. */
function span(text: string, line: number, written: string): FactOrigin['range'] {
  const lineText = text.split('\n')[line - 1] ?? ''
  const index = lineText.indexOf(written)
  if (index < 0) throw new Error(`line ${line} is "${lineText}", without "${written}"`)
  return { line, column: index + 1, endLine: line, endColumn: index + 1 + written.length }
}

/** A fact read from the value `written` on line `line`. */
const readAt = (text: string, line: number, written: string): FactOrigin => ({ file: FILE, range: span(text, line, written) })

/** A fact AWS defaults, attributed to the element whose key `key` is on line `line`. */
const defaultedAt = (text: string, line: number, key: string): FactOrigin => ({ file: FILE, range: span(text, line, key), defaulted: true })

describe('quick-create HTTP API route key', () => {
  const template = `AWSTemplateFormatVersion: '2010-09-09'
Resources:
  OrdersFunction:
    Type: AWS::Lambda::Function
    Properties:
      Runtime: nodejs20.x
  OrdersApi:
    Type: AWS::ApiGatewayV2::Api
    Properties:
      ProtocolType: HTTP
      Target: !GetAtt OrdersFunction.Arn
      RouteKey: GET /orders
  DefaultApi:
    Type: AWS::ApiGatewayV2::Api
    Properties:
      ProtocolType: HTTP
      Target: !GetAtt OrdersFunction.Arn
`
  const model = modelOf(template)

  it('makes the route RouteKey names, method and path read from it', () => {
    const route = element(model, 'OrdersApi.DefaultRoute', 'operation')
    expect(route.method).toEqual({ known: true, value: 'GET', at: readAt(template, 12, 'GET /orders') })
    expect(route.path).toEqual({ known: true, value: '/orders', at: readAt(template, 12, 'GET /orders') })
    expect(route.integration).toBe('OrdersApi.Integration')
    const path = model.paths().find((candidate) => candidate.entry.id === 'OrdersApi.DefaultRoute')
    expect(path?.functions.map((fn) => fn.id)).toEqual(['OrdersFunction'])
  })

  it('makes the $default route without RouteKey, defaulted at Target', () => {
    const route = element(model, 'DefaultApi.DefaultRoute', 'operation')
    const at = defaultedAt(template, 17, 'Target')
    expect(route.method).toEqual({ known: true, value: 'ANY', at })
    expect(route.path).toEqual({ known: true, value: '$default', at })
    expect(route.authorization).toEqual({ known: true, value: 'NONE', at })
  })
})

describe('CloudFormation facts carry where they were written', () => {
  const template = `AWSTemplateFormatVersion: '2010-09-09'
Parameters:
  ListenerPort:
    Type: Number
  FunctionTimeout:
    Type: Number
    Default: 30
Resources:
  OrdersApi:
    Type: AWS::ApiGateway::RestApi
    Properties:
      Name: orders
  OrdersResource:
    Type: AWS::ApiGateway::Resource
    Properties:
      RestApiId: !Ref OrdersApi
      ParentId: !GetAtt OrdersApi.RootResourceId
      PathPart: orders
  GetOrders:
    Type: AWS::ApiGateway::Method
    Properties:
      RestApiId: !Ref OrdersApi
      ResourceId: !Ref OrdersResource
      HttpMethod: get
      AuthorizationType: NONE
      Integration:
        Type: AWS_PROXY
        TimeoutInMillis: 10000
        Uri: !Sub arn:aws:apigateway:\${AWS::Region}:lambda:path/2015-03-31/functions/\${OrdersFunction.Arn}/invocations
  PostOrders:
    Type: AWS::ApiGateway::Method
    Properties:
      RestApiId: !Ref OrdersApi
      ResourceId: !Ref OrdersResource
      HttpMethod: POST
      Integration:
        Type: AWS_PROXY
        Uri: !Sub arn:aws:apigateway:\${AWS::Region}:lambda:path/2015-03-31/functions/\${OrdersFunction.Arn}/invocations
  ProdStage:
    Type: AWS::ApiGateway::Stage
    Properties:
      RestApiId: !Ref OrdersApi
      StageName: prod
      MethodSettings:
        - ResourcePath: /*
          HttpMethod: '*'
          ThrottlingRateLimit: 100
  OrdersFunction:
    Type: AWS::Lambda::Function
    Properties:
      Runtime: nodejs20.x
      Timeout: 45
  QuietFunction:
    Type: AWS::Lambda::Function
    Properties:
      Runtime: nodejs20.x
  TunedFunction:
    Type: AWS::Lambda::Function
    Properties:
      Timeout: !Ref FunctionTimeout
  OrdersUrl:
    Type: AWS::Lambda::Url
    Properties:
      TargetFunctionArn: !GetAtt OrdersFunction.Arn
      AuthType: NONE
  LoadBalancer:
    Type: AWS::ElasticLoadBalancingV2::LoadBalancer
    Properties:
      Type: Application
  HttpListener:
    Type: AWS::ElasticLoadBalancingV2::Listener
    Properties:
      LoadBalancerArn: !Ref LoadBalancer
      Protocol: HTTP
      Port: !Ref ListenerPort
      DefaultActions:
        - Type: redirect
          RedirectConfig:
            Port: '443'
`
  const model = modelOf(template)

  it('puts a REST method authorization at its AuthorizationType, or defaults it at the method', () => {
    expect(element(model, 'GetOrders', 'operation').authorization).toEqual({
      known: true,
      value: 'NONE',
      at: readAt(template, 25, 'NONE'),
    })
    expect(element(model, 'GetOrders', 'operation').method).toEqual({ known: true, value: 'GET', at: readAt(template, 24, 'get') })
    expect(element(model, 'PostOrders', 'operation').authorization).toEqual({
      known: true,
      value: 'NONE',
      at: defaultedAt(template, 30, 'PostOrders'),
    })
  })

  it('puts a REST integration timeout at TimeoutInMillis, or defaults it at the Integration key', () => {
    expect(element(model, 'GetOrders.Integration', 'integration').timeoutMs).toEqual({
      known: true,
      value: 10_000,
      at: readAt(template, 28, '10000'),
    })
    expect(element(model, 'PostOrders.Integration', 'integration').timeoutMs).toEqual({
      known: true,
      value: 29_000,
      at: defaultedAt(template, 36, 'Integration'),
    })
  })

  it('puts stage throttling at the limit that throttles', () => {
    expect(element(model, 'ProdStage', 'stage').throttled).toEqual({ known: true, value: true, at: readAt(template, 47, '100') })
  })

  it('puts a function timeout at Timeout as written, or defaults it at the function', () => {
    expect(element(model, 'OrdersFunction', 'function').timeout).toEqual({ known: true, value: 45, at: readAt(template, 52, '45') })
    expect(element(model, 'QuietFunction', 'function').timeout).toEqual({
      known: true,
      value: 3,
      at: defaultedAt(template, 53, 'QuietFunction'),
    })
    // The value comes from the parameter's Default; the fact is where the template sets Timeout.
    expect(element(model, 'TunedFunction', 'function').timeout).toEqual({
      known: true,
      value: 30,
      at: readAt(template, 60, '!Ref FunctionTimeout'),
    })
  })

  it('puts a function URL auth type at AuthType', () => {
    expect(element(model, 'OrdersUrl', 'function-url').authType).toEqual({ known: true, value: 'NONE', at: readAt(template, 65, 'NONE') })
  })

  it('keeps where a narrowed value was read, and defaults the scheme at the load balancer', () => {
    const balancer = element(model, 'LoadBalancer', 'load-balancer')
    expect(balancer.lbType).toEqual({ known: true, value: 'application', at: readAt(template, 69, 'Application') })
    expect(balancer.scheme).toEqual({ known: true, value: 'internet-facing', at: defaultedAt(template, 66, 'LoadBalancer') })
  })

  it('puts listener protocol and port at their values, known or not, and defaults a redirect protocol at its action', () => {
    const listener = element(model, 'HttpListener', 'listener')
    expect(listener.protocol).toEqual({ known: true, value: 'HTTP', at: readAt(template, 74, 'HTTP') })
    expect(listener.port.known).toBe(false)
    expect(listener.port.at).toEqual(readAt(template, 75, '!Ref ListenerPort'))
    const [action] = listener.defaultActions
    expect(action?.source.range).toMatchObject({ line: 77, column: span(template, 77, 'Type: redirect').column })
    expect(action?.redirectProtocol).toEqual({
      known: true,
      value: '#{protocol}',
      at: { file: FILE, range: action?.source.range, defaulted: true },
    })
  })
})

describe('SAM facts carry where they were written', () => {
  const template = `AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
Globals:
  Function:
    Timeout: 60
Resources:
  ThumbnailFunction:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: python3.12
      Handler: app.handler
      Events:
        Create:
          Type: Api
          Properties:
            Path: /thumbnails
            Method: post
            Auth:
              Authorizer: NONE
        List:
          Type: Api
          Properties:
            Path: /thumbnails
            Method: get
  OwnTimeoutFunction:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: python3.12
      Handler: app.handler
      Timeout: 10
`
  const model = modelOf(template)

  it('puts a timeout from Globals at the Globals Timeout line', () => {
    const fn = element(model, 'ThumbnailFunction', 'function')
    expect(fn.timeoutOrigin).toBe('globals')
    expect(fn.timeout).toEqual({ known: true, value: 60, at: readAt(template, 5, '60') })
    expect(element(model, 'OwnTimeoutFunction', 'function').timeout).toEqual({ known: true, value: 10, at: readAt(template, 30, '10') })
  })

  it('puts event authorization at the event Authorizer, or defaults it at the event', () => {
    expect(element(model, 'ThumbnailFunction.Events.Create', 'operation').authorization).toEqual({
      known: true,
      value: 'NONE',
      at: readAt(template, 19, 'NONE'),
    })
    expect(element(model, 'ThumbnailFunction.Events.List', 'operation').authorization).toEqual({
      known: true,
      value: 'NONE',
      at: defaultedAt(template, 20, 'List'),
    })
  })

  it('defaults an event integration timeout at the event', () => {
    expect(element(model, 'ThumbnailFunction.Events.Create.Integration', 'integration').timeoutMs).toEqual({
      known: true,
      value: 29_000,
      at: defaultedAt(template, 13, 'Create'),
    })
  })
})
