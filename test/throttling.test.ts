/**
 * Per-route and per-method throttling: what the adapters read into `Stage.routeThrottles` (REST
 * `MethodSettings` / `aws_api_gateway_method_settings` for one method path, HTTP API
 * `RouteSettings` / `route_settings`), the same for both frameworks, and the verdict
 * `apigw-stage-no-throttling` gives a stage whose settings cover all, some, or an unknown part of
 * its API's routes.
 */
import { readFileSync } from 'node:fs'
import { afterAll, describe, expect, it } from 'vitest'
import rule from '../rules/apigw-stage-no-throttling.js'
import { PRICE_TABLE } from '../src/model/cost.js'
import type { Model } from '../src/model/model.js'
import type { Fact, Stage } from '../src/model/types.js'
import { cloudFormation, terraform } from './model-support.js'
import { removeFolders } from './terraform-support.js'

afterAll(removeFolders)

/** The messages the rule reports, by the address of the stage each is about. */
function verdicts(model: Model): Record<string, string> {
  const found: Record<string, string> = {}
  rule.check({
    model,
    options: {},
    settings: { pricing: PRICE_TABLE },
    report: ({ at, message }) => {
      found['source' in at ? at.source.address : at.address] = message
    },
  })
  return found
}

function stage(model: Model, id: string): Stage {
  const found = model.getKind(id, 'stage')
  if (!found) throw new Error(`no stage ${id}`)
  return found
}

/** A fact as `value` or `? why`, without where it was written. */
function plain(fact: Fact<unknown>): unknown {
  return fact.known ? fact.value : `? ${fact.why}`
}

function routes(model: Model, id: string): Array<[unknown, unknown]> {
  return (stage(model, id).routeThrottles ?? []).map((entry) => [plain(entry.route), plain(entry.throttled)])
}

const PARTIAL = 'sets no rate or burst limit for'

/** A CloudFormation HTTP API with routes `keys` and the stage properties `stage`. */
function httpTemplate(keys: string[], stageProperties: string): string {
  const routeResources = keys
    .map(
      (key, index) => `  Route${index}:
    Type: AWS::ApiGatewayV2::Route
    Properties:
      ApiId: !Ref Api
      RouteKey: ${key}
      AuthorizationType: AWS_IAM
`,
    )
    .join('')
  return `AWSTemplateFormatVersion: '2010-09-09'
Parameters:
  Route:
    Type: String
Resources:
  Api:
    Type: AWS::ApiGatewayV2::Api
    Properties:
      ProtocolType: HTTP
${routeResources}  Stage:
    Type: AWS::ApiGatewayV2::Stage
    Properties:
      ApiId: !Ref Api
      StageName: $default
${stageProperties}`
}

describe('HTTP API route settings in CloudFormation', () => {
  it('reads every route key, throttled or not', () => {
    const model = cloudFormation(
      httpTemplate(
        ['GET /orders', 'POST /orders'],
        `      RouteSettings:
        GET /orders:
          ThrottlingRateLimit: 10
        POST /orders:
          DetailedMetricsEnabled: true
        $default:
          ThrottlingBurstLimit: 5
`,
      ),
    )
    expect(routes(model, 'Stage')).toEqual([
      ['GET /orders', true],
      ['POST /orders', false],
      ['$default', true],
    ])
    const [first] = stage(model, 'Stage').routeThrottles!
    expect(first!.route.at?.range.line).toBe(first!.throttled.at!.range.line - 1)
  })

  it('throttles a stage whose route settings limit every route', () => {
    const model = cloudFormation(
      httpTemplate(
        ['GET /orders', 'POST /orders'],
        `      RouteSettings:
        GET /orders:
          ThrottlingRateLimit: 10
        POST /orders:
          ThrottlingBurstLimit: 5
`,
      ),
    )
    expect(stage(model, 'Stage').throttled).toMatchObject({ known: true, value: false })
    expect(verdicts(model)).toEqual({})
  })

  it('names the routes left without a limit when the settings cover only some', () => {
    const model = cloudFormation(
      httpTemplate(
        ['GET /orders', 'POST /orders', 'DELETE /orders/{id}'],
        `      RouteSettings:
        GET /orders:
          ThrottlingRateLimit: 10
        POST /orders:
          LoggingLevel: INFO
`,
      ),
    )
    const message = verdicts(model)['Stage']
    expect(message).toContain(`${PARTIAL} POST /orders and DELETE /orders/{id},`)
    expect(message).not.toContain('GET /orders')
  })

  it('reports no stage when the route settings are known only at deploy time', () => {
    const model = cloudFormation(
      httpTemplate(
        ['GET /orders', 'POST /orders'],
        `      RouteSettings: !If [Never, {}, !Ref AWS::NoValue]
`,
      ).replace('Resources:', 'Conditions:\n  Never: !Equals [!Ref Route, x]\nResources:'),
    )
    expect(verdicts(model)).toEqual({})
  })

  it('reports no stage when a route key it must match is unknown', () => {
    const model = cloudFormation(
      httpTemplate(
        ['GET /orders', '!Ref Route'],
        `      RouteSettings:
        GET /orders:
          ThrottlingRateLimit: 10
`,
      ),
    )
    expect(verdicts(model)).toEqual({})
  })

  it('keeps the message for a stage without any per-route limit', () => {
    const model = cloudFormation(httpTemplate(['GET /orders'], '      AutoDeploy: true\n'))
    expect(verdicts(model)['Stage']).toContain('has no throttling')
  })
})

/** A CloudFormation REST API with GET and POST on /orders and GET on /orders/{id}, and these method settings. */
function restTemplate(methodSettings: string): string {
  const method = (id: string, resource: string, verb: string): string => `  ${id}:
    Type: AWS::ApiGateway::Method
    Properties:
      RestApiId: !Ref Api
      ResourceId: !Ref ${resource}
      HttpMethod: ${verb}
      AuthorizationType: AWS_IAM
`
  return `AWSTemplateFormatVersion: '2010-09-09'
Parameters:
  Path:
    Type: String
Resources:
  Api:
    Type: AWS::ApiGateway::RestApi
  Orders:
    Type: AWS::ApiGateway::Resource
    Properties:
      RestApiId: !Ref Api
      ParentId: !GetAtt Api.RootResourceId
      PathPart: orders
  Order:
    Type: AWS::ApiGateway::Resource
    Properties:
      RestApiId: !Ref Api
      ParentId: !Ref Orders
      PathPart: '{id}'
${method('ListOrders', 'Orders', 'GET')}${method('CreateOrder', 'Orders', 'POST')}${method('GetOrder', 'Order', 'GET')}  Stage:
    Type: AWS::ApiGateway::Stage
    Properties:
      RestApiId: !Ref Api
      StageName: prod
      MethodSettings:
${methodSettings}`
}

describe('REST method settings in CloudFormation', () => {
  it('decodes resource paths written with ~1 into routes', () => {
    const model = cloudFormation(
      restTemplate(`        - ResourcePath: /~1orders~1{id}
          HttpMethod: get
          ThrottlingRateLimit: 10
        - ResourcePath: /
          HttpMethod: GET
          LoggingLevel: INFO
        - ResourcePath: /*
          HttpMethod: POST
          ThrottlingBurstLimit: 5
`),
    )
    expect(routes(model, 'Stage')).toEqual([
      ['GET /orders/{id}', true],
      ['GET /', false],
      ['POST /*', true],
    ])
  })

  it('throttles a stage whose method settings cover every method, wildcards included', () => {
    const model = cloudFormation(
      restTemplate(`        - ResourcePath: /~1orders
          HttpMethod: '*'
          ThrottlingRateLimit: 10
        - ResourcePath: /~1orders~1{id}
          HttpMethod: GET
          ThrottlingRateLimit: 10
`),
    )
    expect(verdicts(model)).toEqual({})
  })

  it('throttles a stage whose wildcard path with one method and exact entries cover every method', () => {
    const model = cloudFormation(
      restTemplate(`        - ResourcePath: /*
          HttpMethod: GET
          ThrottlingRateLimit: 10
        - ResourcePath: /~1orders
          HttpMethod: POST
          ThrottlingBurstLimit: 10
`),
    )
    expect(verdicts(model)).toEqual({})
  })

  it('names the methods without a limit when the settings cover only some', () => {
    const model = cloudFormation(
      restTemplate(`        - ResourcePath: /*
          HttpMethod: GET
          ThrottlingRateLimit: 10
        - ResourcePath: /~1orders
          HttpMethod: POST
          CachingEnabled: true
`),
    )
    expect(verdicts(model)['Stage']).toContain(`${PARTIAL} POST /orders,`)
  })

  it('does not take a path written without ~1 for another resource', () => {
    const model = cloudFormation(
      restTemplate(`        - ResourcePath: /~1orders
          HttpMethod: '*'
          ThrottlingRateLimit: 10
        - ResourcePath: /~1orders~1other
          HttpMethod: GET
          ThrottlingRateLimit: 10
`),
    )
    expect(verdicts(model)['Stage']).toContain(`${PARTIAL} GET /orders/{id},`)
  })

  it('reports no stage when a method setting with a limit has an unresolved path', () => {
    const model = cloudFormation(
      restTemplate(`        - ResourcePath: /~1orders
          HttpMethod: '*'
          ThrottlingRateLimit: 10
        - ResourcePath: !Ref Path
          HttpMethod: GET
          ThrottlingRateLimit: 10
`),
    )
    expect(stage(model, 'Stage').throttled.known).toBe(false)
    expect(verdicts(model)).toEqual({})
  })
})

describe('SAM HTTP API route settings', () => {
  it('are read from the API and cover the routes its events make', () => {
    const template = (postLimit: string): string => `AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
Resources:
  Api:
    Type: AWS::Serverless::HttpApi
    Properties:
      RouteSettings:
        GET /items:
          ThrottlingRateLimit: 10
        POST /items:
          ${postLimit}
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: python3.12
      Handler: index.handler
      Events:
        List:
          Type: HttpApi
          Properties:
            ApiId: !Ref Api
            Path: /items
            Method: get
        Create:
          Type: HttpApi
          Properties:
            ApiId: !Ref Api
            Path: /items
            Method: post
`
    const covered = cloudFormation(template('ThrottlingBurstLimit: 3'))
    expect(routes(covered, 'Api.Stage')).toEqual([
      ['GET /items', true],
      ['POST /items', true],
    ])
    expect(verdicts(covered)).toEqual({})
    expect(verdicts(cloudFormation(template('DetailedMetricsEnabled: true')))['Api']).toContain(`${PARTIAL} POST /items,`)
  })
})

const TF_REST = (settings: string): string => `
variable "path" {}
resource "aws_api_gateway_rest_api" "api" {}
resource "aws_api_gateway_resource" "orders" {
  rest_api_id = aws_api_gateway_rest_api.api.id
  parent_id   = aws_api_gateway_rest_api.api.root_resource_id
  path_part   = "orders"
}
resource "aws_api_gateway_resource" "order" {
  rest_api_id = aws_api_gateway_rest_api.api.id
  parent_id   = aws_api_gateway_resource.orders.id
  path_part   = "{id}"
}
resource "aws_api_gateway_method" "list" {
  rest_api_id   = aws_api_gateway_rest_api.api.id
  resource_id   = aws_api_gateway_resource.orders.id
  http_method   = "GET"
  authorization = "AWS_IAM"
}
resource "aws_api_gateway_method" "create" {
  rest_api_id   = aws_api_gateway_rest_api.api.id
  resource_id   = aws_api_gateway_resource.orders.id
  http_method   = "POST"
  authorization = "AWS_IAM"
}
resource "aws_api_gateway_method" "get" {
  rest_api_id   = aws_api_gateway_rest_api.api.id
  resource_id   = aws_api_gateway_resource.order.id
  http_method   = "GET"
  authorization = "AWS_IAM"
}
resource "aws_api_gateway_stage" "prod" {
  rest_api_id   = aws_api_gateway_rest_api.api.id
  deployment_id = "d"
  stage_name    = "prod"
}
resource "aws_api_gateway_stage" "dev" {
  rest_api_id   = aws_api_gateway_rest_api.api.id
  deployment_id = "d"
  stage_name    = "dev"
}
${settings}`

/** One `aws_api_gateway_method_settings` for the prod stage. */
function tfMethodSettings(name: string, methodPath: string, settings: string): string {
  return `resource "aws_api_gateway_method_settings" "${name}" {
  rest_api_id = aws_api_gateway_rest_api.api.id
  stage_name  = aws_api_gateway_stage.prod.stage_name
  method_path = ${methodPath}
  settings {
    ${settings}
  }
}
`
}

describe('REST method settings in Terraform', () => {
  it('reads the method path of each settings resource of the stage into a route, and none of another stage', async () => {
    const model = await terraform(
      TF_REST(
        tfMethodSettings('get', '"orders/{id}/GET"', 'throttling_rate_limit = 10') +
          tfMethodSettings('root', '"/GET"', 'logging_level = "INFO"') +
          tfMethodSettings('escaped', '"~1orders/post"', 'throttling_burst_limit = 5') +
          tfMethodSettings('none', '"orders/DELETE"', 'throttling_rate_limit = -1'),
      ),
    )
    expect(routes(model, 'aws_api_gateway_stage.prod')).toEqual([
      ['GET /orders/{id}', true],
      ['GET /', false],
      ['POST /orders', true],
      ['DELETE /orders', false],
    ])
    expect(routes(model, 'aws_api_gateway_stage.dev')).toEqual([])
  })

  it('throttles a stage whose method paths cover every method, wildcards included', async () => {
    const model = await terraform(
      TF_REST(tfMethodSettings('orders', '"orders/*"', 'throttling_rate_limit = 10') + tfMethodSettings('get', '"orders/{id}/GET"', 'throttling_rate_limit = 10')),
    )
    expect(verdicts(model)).toEqual({
      'aws_api_gateway_stage.dev': expect.stringContaining('has no throttling') as unknown as string,
    })
  })

  it('names the methods without a limit when the method paths cover only some', async () => {
    const model = await terraform(
      TF_REST(tfMethodSettings('list', '"orders/GET"', 'throttling_rate_limit = 10') + tfMethodSettings('create', '"orders/POST"', 'throttling_rate_limit = -1')),
    )
    expect(verdicts(model)['aws_api_gateway_stage.prod']).toContain(`${PARTIAL} POST /orders and GET /orders/{id},`)
  })

  it('reports no stage when a method path with a limit is known only after apply', async () => {
    const model = await terraform(
      TF_REST(tfMethodSettings('list', '"orders/GET"', 'throttling_rate_limit = 10') + tfMethodSettings('other', 'var.path', 'throttling_rate_limit = 10')),
    )
    expect(stage(model, 'aws_api_gateway_stage.prod').throttled.known).toBe(false)
    expect(Object.keys(verdicts(model))).toEqual(['aws_api_gateway_stage.dev'])
  })
})

const TF_HTTP = (routeSettings: string): string => `
variable "route" {}
resource "aws_apigatewayv2_api" "api" {
  protocol_type = "HTTP"
}
resource "aws_apigatewayv2_route" "list" {
  api_id             = aws_apigatewayv2_api.api.id
  route_key          = "GET /orders"
  authorization_type = "AWS_IAM"
}
resource "aws_apigatewayv2_route" "create" {
  api_id             = aws_apigatewayv2_api.api.id
  route_key          = "POST /orders"
  authorization_type = "AWS_IAM"
}
resource "aws_apigatewayv2_stage" "default" {
  api_id = aws_apigatewayv2_api.api.id
  name   = "$default"
${routeSettings}
}
`

describe('HTTP API route settings in Terraform', () => {
  it('throttles a stage whose route settings limit every route', async () => {
    const model = await terraform(
      TF_HTTP(`
  route_settings {
    route_key             = "GET /orders"
    throttling_rate_limit = 10
  }
  route_settings {
    route_key              = "POST /orders"
    throttling_burst_limit = 5
  }`),
    )
    expect(routes(model, 'aws_apigatewayv2_stage.default')).toEqual([
      ['GET /orders', true],
      ['POST /orders', true],
    ])
    expect(verdicts(model)).toEqual({})
  })

  it('names the routes without a limit when the route settings cover only some', async () => {
    const model = await terraform(
      TF_HTTP(`
  route_settings {
    route_key             = "GET /orders"
    throttling_rate_limit = 10
  }`),
    )
    expect(verdicts(model)['aws_apigatewayv2_stage.default']).toContain(`${PARTIAL} POST /orders,`)
  })

  it('reports no stage when a route key with a limit is known only after apply', async () => {
    const model = await terraform(
      TF_HTTP(`
  route_settings {
    route_key             = "GET /orders"
    throttling_rate_limit = 10
  }
  route_settings {
    route_key             = var.route
    throttling_rate_limit = 10
  }`),
    )
    expect(plain(stage(model, 'aws_apigatewayv2_stage.default').routeThrottles![1]!.route)).toMatch(/^\? /)
    expect(verdicts(model)).toEqual({})
  })
})

describe('the parity pair with per-route throttling', () => {
  it('gives both frameworks the same route throttles and the same verdict', async () => {
    const folder = 'test/fixtures/parity/throttling-http-api-route-settings'
    const cfn = cloudFormation(readFileSync(`${folder}/template.yaml`, 'utf8'))
    const tf = await terraform(readFileSync(`${folder}/main.tf`, 'utf8'))
    expect(routes(cfn, 'DefaultStage')).toEqual([
      ['GET /orders', true],
      ['POST /orders', true],
    ])
    expect(routes(tf, 'aws_apigatewayv2_stage.default')).toEqual(routes(cfn, 'DefaultStage'))
    expect(verdicts(cfn)).toEqual({})
    expect(verdicts(tf)).toEqual({})
  })
})
