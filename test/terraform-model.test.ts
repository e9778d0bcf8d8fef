import { afterAll, describe, expect, it } from 'vitest'
import type { Model } from '../src/model/model.js'
import { modelFromTerraform } from '../src/frontends/terraform/from-terraform.js'
import { expand, folderWith, removeFolders } from './terraform-support.js'

afterAll(removeFolders)

async function modelOf(hcl: string, vars: Record<string, string> = {}): Promise<Model> {
  const dir = folderWith({ 'main.tf': hcl })
  return modelFromTerraform((await expand(dir, vars)).resources, dir)
}

const ALB = `
variable "internal" {}
resource "aws_lb" "public" {}
resource "aws_lb" "private" {
  internal = true
}
resource "aws_lb" "unknown" {
  internal = var.internal
}
resource "aws_lb" "nlb" {
  load_balancer_type = "network"
}
resource "aws_lambda_function" "api" {}
resource "aws_lambda_alias" "live" {
  function_name = aws_lambda_function.api.function_name
}
resource "aws_lb_target_group" "fn" {
  target_type = "lambda"
}
resource "aws_lb_target_group" "web" {}
resource "aws_lb_target_group_attachment" "fn" {
  target_group_arn = aws_lb_target_group.fn.arn
  target_id        = aws_lambda_alias.live.arn
}
resource "aws_lb_listener" "https" {
  load_balancer_arn = aws_lb.public.arn
  port              = 443
  protocol          = "HTTPS"
  mutual_authentication {
    mode = "verify"
  }
  default_action {
    type  = "authenticate-oidc"
    order = 1
    authenticate_oidc {
      issuer = "https://issuer"
    }
  }
  default_action {
    type  = "forward"
    order = 2
    forward {
      target_group {
        arn = aws_lb_target_group.fn.arn
      }
      target_group {
        arn = aws_lb_target_group.web.arn
      }
    }
  }
}
resource "aws_lb_listener_rule" "api" {
  listener_arn = aws_lb_listener.https.arn
  priority     = 10
  condition {
    path_pattern {
      values = ["/api/*"]
    }
  }
  condition {
    http_header {
      http_header_name = "X-Env"
      values           = ["prod"]
    }
  }
  action {
    type             = "forward"
    target_group_arn = "arn:aws:elasticloadbalancing:eu-west-1:1:targetgroup/x/1"
  }
}
`

describe('load balancers', () => {
  it('reads the scheme from internal, internet-facing when absent, unknown when unresolved', async () => {
    const model = await modelOf(ALB)
    expect(model.getKind('aws_lb.public', 'load-balancer')).toMatchObject({
      scheme: { known: true, value: 'internet-facing' },
      lbType: { known: true, value: 'application' },
      source: { address: 'aws_lb.public', range: { line: 3, column: 1 } },
    })
    expect(model.getKind('aws_lb.private', 'load-balancer')?.scheme).toMatchObject({ known: true, value: 'internal' })
    expect(model.getKind('aws_lb.unknown', 'load-balancer')?.scheme).toMatchObject({ known: false })
    expect(model.getKind('aws_lb.nlb', 'load-balancer')?.lbType).toMatchObject({ known: true, value: 'network' })
  })

  it('reads listener actions in order with their target groups, and mutual TLS', async () => {
    const listener = (await modelOf(ALB)).getKind('aws_lb_listener.https', 'listener')!
    expect(listener).toMatchObject({
      loadBalancer: 'aws_lb.public',
      port: { known: true, value: 443 },
      protocol: { known: true, value: 'HTTPS' },
      mtlsMode: { known: true, value: 'verify' },
    })
    expect(listener.defaultActions.map((action) => [action.type, action.order, action.targetGroups])).toMatchObject([
      [{ known: true, value: 'authenticate-oidc' }, { known: true, value: 1 }, []],
      [{ known: true, value: 'forward' }, { known: true, value: 2 }, ['aws_lb_target_group.fn', 'aws_lb_target_group.web']],
    ])
    expect(listener.defaultActions[0]!.source.range.line).toBe(32)
  })

  it('reads listener rules with their conditions, and target groups given by ARN as unresolved', async () => {
    const rule = (await modelOf(ALB)).getKind('aws_lb_listener_rule.api', 'listener-rule')!
    expect(rule).toMatchObject({
      listener: 'aws_lb_listener.https',
      priority: { known: true, value: 10 },
      conditions: [
        { field: 'path-pattern', values: ['/api/*'] },
        { field: 'http-header X-Env', values: ['prod'] },
      ],
    })
    expect(rule.actions[0]).toMatchObject({ targetGroups: [], unresolvedTargetGroups: 1 })
  })

  it('registers functions in target groups through attachments, an alias counting as its function', async () => {
    const model = await modelOf(ALB)
    expect(model.getKind('aws_lb_target_group.fn', 'target-group')).toMatchObject({
      targetType: { known: true, value: 'lambda' },
      protocolVersion: { known: true, value: 'HTTP1' },
      functions: ['aws_lambda_function.api'],
    })
    expect(model.getKind('aws_lb_target_group.web', 'target-group')?.targetType).toMatchObject({ known: true, value: 'instance' })
    expect(model.getKind('aws_lambda_function.api', 'function')).toMatchObject({ timeout: { known: true, value: 3 }, timeoutOrigin: 'default' })
  })
})

const REST = `
resource "aws_api_gateway_rest_api" "api" {
  name = "orders"
  tags = {
    "iac-lint:requests-per-second" = "2500"
    "iac-lint:average-payload-kb"  = 1 + 3
  }
}
resource "aws_api_gateway_rest_api" "private" {
  endpoint_configuration {
    types = ["private"]
  }
}
resource "aws_api_gateway_rest_api_policy" "private" {
  rest_api_id = aws_api_gateway_rest_api.private.id
  policy      = "{}"
}
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
resource "aws_api_gateway_authorizer" "cognito" {
  rest_api_id = aws_api_gateway_rest_api.api.id
  type        = "COGNITO_USER_POOLS"
}
resource "aws_api_gateway_method" "get" {
  rest_api_id      = aws_api_gateway_rest_api.api.id
  resource_id      = aws_api_gateway_resource.order.id
  http_method      = "GET"
  authorization    = "COGNITO_USER_POOLS"
  authorizer_id    = aws_api_gateway_authorizer.cognito.id
}
resource "aws_api_gateway_method" "post" {
  rest_api_id      = aws_api_gateway_rest_api.api.id
  resource_id      = aws_api_gateway_rest_api.api.root_resource_id
  http_method      = "post"
  authorization    = "NONE"
  api_key_required = true
}
resource "aws_lambda_function" "api" {
  timeout = 60
}
resource "aws_api_gateway_integration" "get" {
  rest_api_id          = aws_api_gateway_rest_api.api.id
  resource_id          = aws_api_gateway_resource.order.id
  http_method          = aws_api_gateway_method.get.http_method
  type                 = "AWS_PROXY"
  uri                  = aws_lambda_function.api.invoke_arn
  timeout_milliseconds = 10000
}
resource "aws_api_gateway_integration" "post" {
  rest_api_id             = aws_api_gateway_rest_api.api.id
  resource_id             = aws_api_gateway_rest_api.api.root_resource_id
  http_method             = "POST"
  type                    = "AWS"
  uri                     = aws_lambda_function.api.invoke_arn
  request_parameters      = { "integration.request.header.X-Amz-Invocation-Type" = "'Event'" }
  request_templates       = { "application/json" = "{}" }
}
resource "aws_api_gateway_deployment" "old" {
  rest_api_id = aws_api_gateway_rest_api.api.id
  stage_name  = "legacy"
}
resource "aws_api_gateway_stage" "prod" {
  rest_api_id   = aws_api_gateway_rest_api.api.id
  deployment_id = aws_api_gateway_deployment.old.id
  stage_name    = "prod"
}
resource "aws_api_gateway_stage" "dev" {
  rest_api_id   = aws_api_gateway_rest_api.api.id
  deployment_id = aws_api_gateway_deployment.old.id
  stage_name    = "dev"
}
resource "aws_api_gateway_method_settings" "prod" {
  rest_api_id = aws_api_gateway_rest_api.api.id
  stage_name  = aws_api_gateway_stage.prod.stage_name
  method_path = "*/*"
  settings {
    throttling_rate_limit  = 100
    throttling_burst_limit = 50
  }
}
resource "aws_api_gateway_method_settings" "dev_one_method" {
  rest_api_id = aws_api_gateway_rest_api.api.id
  stage_name  = "dev"
  method_path = "orders/GET"
  settings {
    throttling_rate_limit = 100
  }
}
resource "aws_api_gateway_usage_plan" "partners" {
  api_stages {
    api_id = aws_api_gateway_rest_api.api.id
    stage  = aws_api_gateway_stage.dev.stage_name
  }
  throttle_settings {
    rate_limit = 10
  }
  quota_settings {
    limit  = 1000000
    period = "DAY"
  }
}
resource "aws_api_gateway_request_validator" "body" {
  rest_api_id = aws_api_gateway_rest_api.api.id
}
resource "aws_wafv2_web_acl_association" "prod" {
  resource_arn = aws_api_gateway_stage.prod.arn
  web_acl_arn  = "arn"
}
`

describe('REST APIs', () => {
  it('reads endpoint types (EDGE by default), resource policies and declared traffic', async () => {
    const model = await modelOf(REST)
    const api = model.getKind('aws_api_gateway_rest_api.api', 'api')!
    expect(api).toMatchObject({ protocol: 'REST', endpointTypes: { known: true, value: ['EDGE'] }, hasResourcePolicy: { known: true, value: false } })
    expect(api.traffic).toMatchObject({ requestsPerSecond: { known: true, value: 2500 }, averagePayloadKB: { known: true, value: 4 }, source: { range: { line: 5 } } })
    expect([...api.features].sort()).toEqual(['api-keys', 'mapping-templates', 'request-validation', 'service-integrations', 'usage-plans'])
    expect(model.getKind('aws_api_gateway_rest_api.private', 'api')).toMatchObject({
      endpointTypes: { known: true, value: ['PRIVATE'] },
      hasResourcePolicy: { known: true, value: true },
    })
  })

  it('builds method paths from path_part and parent_id, and links integrations to their methods', async () => {
    const model = await modelOf(REST)
    expect(model.getKind('aws_api_gateway_method.get', 'operation')).toMatchObject({
      method: { known: true, value: 'GET' },
      path: { known: true, value: '/orders/{id}' },
      authorization: { known: true, value: 'COGNITO_USER_POOLS' },
      authorizer: 'aws_api_gateway_authorizer.cognito',
      integration: 'aws_api_gateway_integration.get',
    })
    expect(model.getKind('aws_api_gateway_method.post', 'operation')).toMatchObject({
      method: { known: true, value: 'POST' },
      path: { known: true, value: '/' },
      apiKeyRequired: { known: true, value: true },
      integration: 'aws_api_gateway_integration.post',
    })
    expect(model.getKind('aws_api_gateway_integration.get', 'integration')).toMatchObject({
      functions: ['aws_lambda_function.api'],
      timeoutMs: { known: true, value: 10000 },
      timeoutDefaulted: false,
      transferMode: { known: true, value: 'BUFFERED' },
    })
    expect(model.getKind('aws_api_gateway_integration.post', 'integration')).toMatchObject({
      functions: [],
      timeoutMs: { known: true, value: 29000 },
      timeoutDefaulted: true,
    })
  })

  it('makes stages of deployments and stage resources, throttled only by method settings for */*', async () => {
    const model = await modelOf(REST)
    expect(model.getKind('aws_api_gateway_deployment.old.Stage', 'stage')).toMatchObject({
      name: { known: true, value: 'legacy' },
      throttled: { known: true, value: false },
      source: { range: { line: 68 } },
    })
    expect(model.getKind('aws_api_gateway_stage.prod', 'stage')?.throttled).toMatchObject({ known: true, value: true })
    expect(model.getKind('aws_api_gateway_stage.dev', 'stage')?.throttled).toMatchObject({ known: true, value: false })
  })

  it('reads usage plans with the stage names their references lead to, and WAF on a stage', async () => {
    const model = await modelOf(REST)
    expect(model.getKind('aws_api_gateway_usage_plan.partners', 'usage-plan')).toMatchObject({
      stages: [{ api: 'aws_api_gateway_rest_api.api', stage: { known: true, value: 'dev' } }],
      throttled: true,
      quota: { limit: { known: true, value: 1000000 }, period: { known: true, value: 'DAY' } },
    })
    expect(model.getKind('aws_wafv2_web_acl_association.prod', 'waf-association')?.resource).toBe('aws_api_gateway_stage.prod')
  })

  it('leaves stage throttling unknown when method settings may be for the stage', async () => {
    const model = await modelOf(`
variable "stage" {}
resource "aws_api_gateway_rest_api" "api" {}
resource "aws_api_gateway_stage" "s" {
  rest_api_id = aws_api_gateway_rest_api.api.id
  stage_name  = "s"
}
resource "aws_api_gateway_method_settings" "all" {
  rest_api_id = aws_api_gateway_rest_api.api.id
  stage_name  = var.stage
  method_path = "*/*"
  settings {
    throttling_burst_limit = 5
  }
}
`)
    expect(model.getKind('aws_api_gateway_stage.s', 'stage')?.throttled).toMatchObject({ known: false })
  })
})

const HTTP = `
resource "aws_lambda_function" "api" {}
resource "aws_apigatewayv2_api" "http" {
  protocol_type = "HTTP"
}
resource "aws_apigatewayv2_api" "ws" {
  protocol_type = "WEBSOCKET"
}
resource "aws_apigatewayv2_api" "quick" {
  protocol_type = "HTTP"
  target        = aws_lambda_function.api.arn
}
resource "aws_apigatewayv2_authorizer" "jwt" {
  api_id          = aws_apigatewayv2_api.http.id
  authorizer_type = "JWT"
}
resource "aws_apigatewayv2_integration" "api" {
  api_id           = aws_apigatewayv2_api.http.id
  integration_type = "aws_proxy"
  integration_uri  = aws_lambda_function.api.invoke_arn
}
resource "aws_apigatewayv2_integration" "ws" {
  api_id           = aws_apigatewayv2_api.ws.id
  integration_type = "AWS_PROXY"
  integration_uri  = aws_lambda_function.api.invoke_arn
}
resource "aws_apigatewayv2_route" "open" {
  api_id    = aws_apigatewayv2_api.http.id
  route_key = "GET /orders"
  target    = "integrations/\${aws_apigatewayv2_integration.api.id}"
}
resource "aws_apigatewayv2_route" "closed" {
  api_id             = aws_apigatewayv2_api.http.id
  route_key          = "$default"
  authorization_type = "JWT"
  authorizer_id      = aws_apigatewayv2_authorizer.jwt.id
  target             = "integrations/\${aws_apigatewayv2_integration.api.id}"
}
resource "aws_apigatewayv2_stage" "http" {
  api_id = aws_apigatewayv2_api.http.id
  name   = "$default"
  default_route_settings {
    throttling_rate_limit = 100
  }
}
resource "aws_apigatewayv2_stage" "ws" {
  api_id = aws_apigatewayv2_api.ws.id
  name   = "production"
}
`

describe('HTTP and WebSocket APIs', () => {
  it('reads routes with their verb, path, authorization (NONE by default) and integration', async () => {
    const model = await modelOf(HTTP)
    expect(model.getKind('aws_apigatewayv2_route.open', 'operation')).toMatchObject({
      api: 'aws_apigatewayv2_api.http',
      method: { known: true, value: 'GET' },
      path: { known: true, value: '/orders' },
      authorization: { known: true, value: 'NONE' },
      integration: 'aws_apigatewayv2_integration.api',
    })
    expect(model.getKind('aws_apigatewayv2_route.closed', 'operation')).toMatchObject({
      method: { known: true, value: 'ANY' },
      path: { known: true, value: '$default' },
      authorization: { known: true, value: 'JWT' },
      authorizer: 'aws_apigatewayv2_authorizer.jwt',
    })
  })

  it('gives integrations the default timeout of their protocol', async () => {
    const model = await modelOf(HTTP)
    expect(model.getKind('aws_apigatewayv2_integration.api', 'integration')).toMatchObject({
      integrationType: { known: true, value: 'AWS_PROXY' },
      timeoutMs: { known: true, value: 30000 },
      functions: ['aws_lambda_function.api'],
    })
    expect(model.getKind('aws_apigatewayv2_integration.ws', 'integration')?.timeoutMs).toMatchObject({ known: true, value: 29000 })
    expect(model.getKind('aws_apigatewayv2_api.ws', 'api')?.protocol).toBe('WEBSOCKET')
  })

  it('reads stage throttling from default_route_settings', async () => {
    const model = await modelOf(HTTP)
    expect(model.getKind('aws_apigatewayv2_stage.http', 'stage')?.throttled).toMatchObject({ known: true, value: true })
    expect(model.getKind('aws_apigatewayv2_stage.ws', 'stage')?.throttled).toMatchObject({ known: true, value: false })
  })

  it('makes the route, integration and stage of a quick-create API', async () => {
    const model = await modelOf(HTTP)
    expect(model.getKind('aws_apigatewayv2_api.quick.DefaultRoute', 'operation')).toMatchObject({
      path: { known: true, value: '$default' },
      integration: 'aws_apigatewayv2_api.quick.Integration',
    })
    expect(model.getKind('aws_apigatewayv2_api.quick.Integration', 'integration')?.functions).toEqual(['aws_lambda_function.api'])
    expect(model.getKind('aws_apigatewayv2_api.quick.DefaultStage', 'stage')?.throttled).toMatchObject({ known: true, value: false })
  })
})

describe('functions', () => {
  it('reads the timeout, its source, function URLs and permissions', async () => {
    const model = await modelOf(`
variable "timeout" {
  default = 45
}
resource "aws_lambda_function" "api" {
  timeout = var.timeout
}
resource "aws_lambda_function_url" "api" {
  function_name      = aws_lambda_function.api.function_name
  authorization_type = "NONE"
}
resource "aws_lambda_permission" "alb" {
  function_name = aws_lambda_function.api.arn
  principal     = "elasticloadbalancing.amazonaws.com"
}
`)
    expect(model.getKind('aws_lambda_function.api', 'function')).toMatchObject({
      timeout: { known: true, value: 45 },
      timeoutOrigin: 'own',
      timeoutSource: { range: { line: 6, column: 13 } },
    })
    expect(model.getKind('aws_lambda_function_url.api', 'function-url')).toMatchObject({ function: 'aws_lambda_function.api', authType: { known: true, value: 'NONE' } })
    expect(model.getKind('aws_lambda_permission.alb', 'permission')).toMatchObject({ function: 'aws_lambda_function.api', sourceArn: undefined })
  })
})
