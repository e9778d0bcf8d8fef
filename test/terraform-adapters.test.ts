import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { modelFromTerraform } from '../src/frontends/terraform/from-terraform.js'
import { readPlan } from '../src/frontends/terraform/parse/plan.js'
import type { Model } from '../src/model/model.js'
import type { Fact } from '../src/model/types.js'
import { expand, folderWith, removeFolders } from './terraform-support.js'

afterAll(removeFolders)

async function modelOf(hcl: string): Promise<{ model: Model; file: string }> {
  const dir = folderWith({ 'main.tf': hcl })
  return { model: modelFromTerraform((await expand(dir)).resources, dir), file: path.join(dir, 'main.tf') }
}

/** The 1-based line of the one line of `text` that contains `snippet`. */
function lineOf(text: string, snippet: string): number {
  const lines = text.split('\n')
  const found = lines.flatMap((line, index) => (line.includes(snippet) ? [index + 1] : []))
  if (found.length !== 1) throw new Error(`${found.length} lines contain ${snippet}`)
  return found[0]!
}

/** Where a fact says it was written, as `line` or `line defaulted`. */
function origin(fact: Fact<unknown> | undefined): string | undefined {
  if (fact?.at === undefined) return undefined
  return `${fact.at.range.line}${fact.at.defaulted ? ' defaulted' : ''}`
}

const HCL = `
variable "auth" {}
resource "aws_lb" "public" {}
resource "aws_lb" "private" {
  internal = true
}
resource "aws_lb_listener" "plain" {
  load_balancer_arn = aws_lb.public.arn
  port              = 80
  default_action {
    type = "redirect"
    redirect {
      port = "443"
    }
  }
}
resource "aws_lb_listener" "tls" {
  load_balancer_arn = aws_lb.public.arn
  port              = 443
  protocol          = "HTTPS"
  default_action {
    type = "redirect"
    redirect {
      protocol = "HTTPS"
    }
  }
}
resource "aws_lambda_function" "api" {
  timeout = 60
}
resource "aws_lambda_function" "default" {}
resource "aws_lambda_function_url" "api" {
  function_name      = aws_lambda_function.api.function_name
  authorization_type = "NONE"
}
resource "aws_api_gateway_rest_api" "api" {}
resource "aws_api_gateway_method" "get" {
  rest_api_id   = aws_api_gateway_rest_api.api.id
  resource_id   = aws_api_gateway_rest_api.api.root_resource_id
  http_method   = "get"
  authorization = "NONE"
}
resource "aws_api_gateway_method" "var" {
  rest_api_id   = aws_api_gateway_rest_api.api.id
  resource_id   = aws_api_gateway_rest_api.api.root_resource_id
  http_method   = "POST"
  authorization = var.auth
}
resource "aws_api_gateway_stage" "prod" {
  rest_api_id = aws_api_gateway_rest_api.api.id
  stage_name  = "prod"
}
resource "aws_api_gateway_method_settings" "all" {
  rest_api_id = aws_api_gateway_rest_api.api.id
  stage_name  = aws_api_gateway_stage.prod.stage_name
  method_path = "*/*"
  settings {
    throttling_rate_limit = 10
  }
}
resource "aws_apigatewayv2_api" "http" {
  protocol_type = "HTTP"
}
resource "aws_apigatewayv2_integration" "api" {
  api_id               = aws_apigatewayv2_api.http.id
  integration_type     = "AWS_PROXY"
  integration_uri      = aws_lambda_function.api.invoke_arn
  timeout_milliseconds = 12000
}
resource "aws_apigatewayv2_route" "open" {
  api_id    = aws_apigatewayv2_api.http.id
  route_key = "GET /orders"
  target    = "integrations/\${aws_apigatewayv2_integration.api.id}"
}
resource "aws_apigatewayv2_route" "jwt" {
  api_id             = aws_apigatewayv2_api.http.id
  route_key          = "POST /orders"
  authorization_type = "jwt"
}
resource "aws_apigatewayv2_stage" "bare" {
  api_id = aws_apigatewayv2_api.http.id
  name   = "$default"
}
resource "aws_apigatewayv2_api" "orders" {
  protocol_type = "HTTP"
  target        = aws_lambda_function.api.arn
  route_key     = "GET /orders"
}
resource "aws_apigatewayv2_api" "catch_all" {
  protocol_type = "HTTP"
  target        = aws_lambda_function.default.arn
}
`

describe('facts read from Terraform arguments say where they were written', () => {
  it('puts a method authorization and a function timeout at their argument lines, in the resource file', async () => {
    const { model, file } = await modelOf(HCL)
    const method = model.getKind('aws_api_gateway_method.get', 'operation')!
    expect(method.authorization).toEqual({
      known: true,
      value: 'NONE',
      at: { file, range: { line: lineOf(HCL, 'authorization = "NONE"'), column: 19, endLine: lineOf(HCL, 'authorization = "NONE"'), endColumn: 25 } },
    })
    expect(origin(method.method)).toBe(`${lineOf(HCL, 'http_method   = "get"')}`)
    const fn = model.getKind('aws_lambda_function.api', 'function')!
    expect(fn.timeout).toMatchObject({ known: true, value: 60, at: { file, range: { line: lineOf(HCL, 'timeout = 60') } } })
    expect(fn.timeout.at?.defaulted).toBeUndefined()
  })

  it('keeps the argument line on an unknown value', async () => {
    const { model } = await modelOf(HCL)
    const method = model.getKind('aws_api_gateway_method.var', 'operation')!
    expect(method.authorization.known).toBe(false)
    expect(origin(method.authorization)).toBe(`${lineOf(HCL, 'authorization = var.auth')}`)
  })

  it('puts defaults at the resource block, marked defaulted', async () => {
    const { model, file } = await modelOf(HCL)
    const listener = model.getKind('aws_lb_listener.plain', 'listener')!
    expect(listener.protocol).toEqual({
      known: true,
      value: 'HTTP',
      at: { file, range: listener.source.range, defaulted: true },
    })
    expect(listener.source.range.line).toBe(lineOf(HCL, 'resource "aws_lb_listener" "plain"'))
    expect(origin(listener.port)).toBe(`${lineOf(HCL, 'port              = 80')}`)
    expect(origin(model.getKind('aws_lambda_function.default', 'function')!.timeout)).toBe(`${lineOf(HCL, '"aws_lambda_function" "default"')} defaulted`)
    expect(origin(model.getKind('aws_lb.public', 'load-balancer')!.scheme)).toBe(`${lineOf(HCL, 'resource "aws_lb" "public"')} defaulted`)
  })

  it('puts a redirect protocol at its argument, or its default at the action block', async () => {
    const { model } = await modelOf(HCL)
    const [plain] = model.getKind('aws_lb_listener.plain', 'listener')!.defaultActions
    expect(plain!.redirectProtocol).toMatchObject({ known: true, value: '#{protocol}' })
    expect(origin(plain!.redirectProtocol)).toBe(`${plain!.source.range.line} defaulted`)
    const [tls] = model.getKind('aws_lb_listener.tls', 'listener')!.defaultActions
    expect(origin(tls!.redirectProtocol)).toBe(`${lineOf(HCL, 'protocol = "HTTPS"')}`)
    expect(origin(model.getKind('aws_lb_listener.tls', 'listener')!.protocol)).toBe(`${lineOf(HCL, 'protocol          = "HTTPS"')}`)
  })

  it('keeps the source line on facts derived from a read fact', async () => {
    const { model } = await modelOf(HCL)
    expect(model.getKind('aws_lb.private', 'load-balancer')!.scheme).toMatchObject({ known: true, value: 'internal' })
    expect(origin(model.getKind('aws_lb.private', 'load-balancer')!.scheme)).toBe(`${lineOf(HCL, 'internal = true')}`)
    const jwt = model.getKind('aws_apigatewayv2_route.jwt', 'operation')!
    expect(jwt.authorization).toMatchObject({ known: true, value: 'JWT' })
    expect(origin(jwt.authorization)).toBe(`${lineOf(HCL, 'authorization_type = "jwt"')}`)
    expect([origin(jwt.method), origin(jwt.path)]).toEqual([`${lineOf(HCL, 'route_key          = "POST /orders"')}`, `${lineOf(HCL, 'route_key          = "POST /orders"')}`])
  })

  it('places HTTP API facts: route authorization, integration timeout, function URL authorization', async () => {
    const { model } = await modelOf(HCL)
    const open = model.getKind('aws_apigatewayv2_route.open', 'operation')!
    expect(origin(open.authorization)).toBe(`${lineOf(HCL, 'resource "aws_apigatewayv2_route" "open"')} defaulted`)
    const integration = model.getKind('aws_apigatewayv2_integration.api', 'integration')!
    expect(integration.timeoutMs).toMatchObject({ known: true, value: 12000 })
    expect(origin(integration.timeoutMs)).toBe(`${lineOf(HCL, 'timeout_milliseconds = 12000')}`)
    expect(origin(model.getKind('aws_lambda_function_url.api', 'function-url')!.authType)).toBe(`${lineOf(HCL, 'authorization_type = "NONE"')}`)
  })

  it('places stage throttling at the settings that set it, or at the stage without any', async () => {
    const { model, file } = await modelOf(HCL)
    expect(model.getKind('aws_api_gateway_stage.prod', 'stage')!.throttled).toMatchObject({
      known: true,
      value: true,
      at: { file, range: { line: lineOf(HCL, '  settings {') } },
    })
    expect(model.getKind('aws_apigatewayv2_stage.bare', 'stage')!.throttled).toMatchObject({ known: true, value: false, at: { defaulted: true } })
    expect(origin(model.getKind('aws_apigatewayv2_stage.bare', 'stage')!.throttled)).toBe(`${lineOf(HCL, '"aws_apigatewayv2_stage" "bare"')} defaulted`)
  })

  it('gives a plan resource the range of the value in the plan JSON', () => {
    const plan = [
      '{',
      '  "format_version": "1.2",',
      '  "planned_values": { "root_module": { "resources": [',
      '    {',
      '      "address": "aws_apigatewayv2_route.r", "mode": "managed", "type": "aws_apigatewayv2_route", "name": "r",',
      '      "values": {',
      '        "route_key": "GET /x",',
      '        "authorization_type": "NONE"',
      '      }',
      '    }',
      '  ] } }',
      '}',
    ].join('\n')
    const read = readPlan(plan, 'plan.json')
    if (!read.ok) throw new Error(read.message)
    const route = modelFromTerraform(read.resources, '.').getKind('aws_apigatewayv2_route.r', 'operation')!
    expect(route.authorization).toEqual({
      known: true,
      value: 'NONE',
      at: { file: 'plan.json', range: { line: 8, column: 31, endLine: 8, endColumn: 37 } },
    })
  })
})

describe('quick-create HTTP APIs', () => {
  it('make the route of route_key, pointing at it', async () => {
    const { model } = await modelOf(HCL)
    const route = model.getKind('aws_apigatewayv2_api.orders.DefaultRoute', 'operation')!
    expect(route).toMatchObject({
      api: 'aws_apigatewayv2_api.orders',
      method: { known: true, value: 'GET' },
      path: { known: true, value: '/orders' },
      authorization: { known: true, value: 'NONE' },
      integration: 'aws_apigatewayv2_api.orders.Integration',
    })
    expect(origin(route.path)).toBe(`${lineOf(HCL, 'route_key     = "GET /orders"')}`)
    expect(model.getKind('aws_apigatewayv2_api.orders.Integration', 'integration')!.functions).toEqual(['aws_lambda_function.api'])
  })

  it('make a $default route without route_key, its defaults at target', async () => {
    const { model } = await modelOf(HCL)
    const route = model.getKind('aws_apigatewayv2_api.catch_all.DefaultRoute', 'operation')!
    expect(route).toMatchObject({ method: { known: true, value: 'ANY' }, path: { known: true, value: '$default' } })
    const target = lineOf(HCL, 'aws_lambda_function.default.arn')
    expect([origin(route.path), origin(route.authorization)]).toEqual([`${target} defaulted`, `${target} defaulted`])
    expect(model.getKind('aws_apigatewayv2_api.catch_all.DefaultStage', 'stage')).toMatchObject({ name: { known: true, value: '$default' } })
  })
})
