/**
 * `for_each` and `count` over resources, data sources and module outputs: Terraform gives a
 * repeated block as a whole a map (or a list) of its instances, so the blocks made from it take
 * the same keys, and their references reach the instance of the same key. Each configuration goes
 * through the public API as a user's folder would.
 */
import { afterAll, describe, expect, it } from 'vitest'
import { loadConfig, loadModels, rules, scan, type Model } from '../src/index.js'
import { expand, folderWith, plain, removeFolders, resource } from './terraform-support.js'

afterAll(removeFolders)

/** Three functions from a map with a default, an HTTP API, and a throttled stage with access logs so that only routes are in question. */
const FUNCTIONS = `
variable "functions" {
  type = map(object({ handler = string }))
  default = {
    orders   = { handler = "orders.handler" }
    invoices = { handler = "invoices.handler" }
    users    = { handler = "users.handler" }
  }
}

resource "aws_lambda_function" "fns" {
  for_each      = var.functions
  function_name = "shop-\${each.key}"
  role          = "arn:aws:iam::123456789012:role/shop"
  runtime       = "nodejs22.x"
  handler       = each.value.handler
  filename      = "build/\${each.key}.zip"
}

resource "aws_apigatewayv2_api" "shop" {
  name          = "shop"
  protocol_type = "HTTP"
}

resource "aws_apigatewayv2_stage" "default" {
  api_id      = aws_apigatewayv2_api.shop.id
  name        = "$default"
  auto_deploy = true

  default_route_settings {
    throttling_rate_limit  = 100
    throttling_burst_limit = 50
  }

  access_log_settings {
    destination_arn = "arn:aws:logs:us-east-1:123456789012:log-group:shop-access"
    format          = "$context.requestId $context.identity.sourceIp $context.routeKey $context.status"
  }
}
`

/** An integration and an IAM-authorised route per function, both keyed by `forEach`. */
function routesFor(forEach: string, functionOf: string): string {
  return `
resource "aws_apigatewayv2_integration" "fn" {
  for_each               = ${forEach}
  api_id                 = aws_apigatewayv2_api.shop.id
  integration_type       = "AWS_PROXY"
  integration_uri        = ${functionOf}
  payload_format_version = "2.0"
}

resource "aws_apigatewayv2_route" "fn" {
  for_each           = ${forEach}
  api_id             = aws_apigatewayv2_api.shop.id
  route_key          = "GET /\${each.key}"
  authorization_type = "AWS_IAM"
  target             = "integrations/\${aws_apigatewayv2_integration.fn[each.key].id}"
}
`
}

/** Each request path as `entry → integration → functions`. */
function pathsOf(model: Model): string[] {
  return model
    .paths()
    .map((path) => `${path.entry.id} → ${path.integration?.id ?? 'no integration'} → ${path.functions.map((fn) => fn.id).join(', ') || 'no function'}`)
    .sort()
}

/** The 1-based line of the first line of `text` that contains `needle`. */
function lineOf(text: string, needle: string): number {
  const line = text.split('\n').findIndex((candidate) => candidate.includes(needle))
  expect(line, needle).toBeGreaterThanOrEqual(0)
  return line + 1
}

async function modelOf(files: Record<string, string>): Promise<Model> {
  const dir = folderWith(files)
  const { models } = await loadModels([dir], dir)
  expect(models).toHaveLength(1)
  return models[0]!
}

const ROUTED_TO_OWN_FUNCTION = [
  'aws_apigatewayv2_route.fn["invoices"] → aws_apigatewayv2_integration.fn["invoices"] → aws_lambda_function.fns["invoices"]',
  'aws_apigatewayv2_route.fn["orders"] → aws_apigatewayv2_integration.fn["orders"] → aws_lambda_function.fns["orders"]',
  'aws_apigatewayv2_route.fn["users"] → aws_apigatewayv2_integration.fn["users"] → aws_lambda_function.fns["users"]',
]

describe('for_each over a resource', () => {
  it('makes one route and integration per function, each reaching its own function', async () => {
    const model = await modelOf({
      'main.tf': `${FUNCTIONS}${routesFor('aws_lambda_function.fns', 'aws_lambda_function.fns[each.key].invoke_arn')}
resource "aws_lambda_permission" "api" {
  for_each      = aws_lambda_function.fns
  function_name = each.value.function_name
  action        = "lambda:InvokeFunction"
  principal     = "apigateway.amazonaws.com"
  source_arn    = "\${aws_apigatewayv2_api.shop.execution_arn}/*/*"
}
`,
    })
    expect(pathsOf(model)).toEqual(ROUTED_TO_OWN_FUNCTION)
    expect(model.all('function').map((fn) => fn.id)).toEqual([
      'aws_lambda_function.fns["invoices"]',
      'aws_lambda_function.fns["orders"]',
      'aws_lambda_function.fns["users"]',
    ])
    // A known argument of each.value still names the instance it came from.
    expect(model.all('permission').map((permission) => `${permission.id} → ${permission.function}`)).toEqual([
      'aws_lambda_permission.api["invoices"] → aws_lambda_function.fns["invoices"]',
      'aws_lambda_permission.api["orders"] → aws_lambda_function.fns["orders"]',
      'aws_lambda_permission.api["users"] → aws_lambda_function.fns["users"]',
    ])
  })

  it('reads attributes known only after apply from each.value as that instance', async () => {
    const model = await modelOf({ 'main.tf': `${FUNCTIONS}${routesFor('aws_lambda_function.fns', 'each.value.invoke_arn')}` })
    expect(pathsOf(model)).toEqual(ROUTED_TO_OWN_FUNCTION)
  })

  it('keeps the keys through a for expression over the resource, of whole instances or of one argument', async () => {
    const whole = await modelOf({ 'main.tf': `${FUNCTIONS}${routesFor('{ for k, f in aws_lambda_function.fns : k => f }', 'each.value.invoke_arn')}` })
    expect(pathsOf(whole)).toEqual(ROUTED_TO_OWN_FUNCTION)
    const names = await modelOf({
      'main.tf': `${FUNCTIONS}${routesFor('{ for k, f in aws_lambda_function.fns : k => f.function_name }', 'aws_lambda_function.fns[each.key].invoke_arn')}`,
    })
    expect(pathsOf(names)).toEqual(ROUTED_TO_OWN_FUNCTION)
  })

  it('takes toset(keys(...)) of a resource as its keys', async () => {
    const model = await modelOf({
      'main.tf': `${FUNCTIONS}${routesFor('toset(keys(aws_lambda_function.fns))', 'aws_lambda_function.fns[each.value].invoke_arn')}`,
    })
    expect(pathsOf(model)).toEqual(ROUTED_TO_OWN_FUNCTION)
  })
})

describe('for_each over a data source', () => {
  it('iterates its known keys; what the source reads is known only after apply and names its instance', async () => {
    const expansion = await expand(
      folderWith({
        'main.tf': `
data "aws_lambda_function" "existing" {
  for_each      = toset(["orders", "users"])
  function_name = "shop-\${each.key}"
}

resource "aws_apigatewayv2_integration" "fn" {
  for_each        = data.aws_lambda_function.existing
  integration_uri = each.value.invoke_arn
  description     = each.value.function_name
}
`,
      }),
    )
    expect(expansion.resources.map((candidate) => candidate.address)).toEqual([
      'data.aws_lambda_function.existing["orders"]',
      'data.aws_lambda_function.existing["users"]',
      'aws_apigatewayv2_integration.fn["orders"]',
      'aws_apigatewayv2_integration.fn["users"]',
    ])
    const users = resource(expansion, 'aws_apigatewayv2_integration.fn["users"]').body.fields
    expect(plain(users.get('integration_uri'))).toEqual({
      unknown: 'data.aws_lambda_function.existing["users"].invoke_arn is known only after apply',
      refs: ['data.aws_lambda_function.existing["users"].invoke_arn'],
    })
    expect(plain(users.get('description'))).toBe('shop-users')
    expect(users.get('description')!.refs).toEqual([{ address: 'data.aws_lambda_function.existing["users"]', attribute: 'function_name' }])
  })
})

describe('count over a resource', () => {
  it('counts the instances of a for_each resource and indexes them through its keys', async () => {
    const model = await modelOf({
      'main.tf': `${FUNCTIONS}
locals {
  names = keys(aws_lambda_function.fns)
}

resource "aws_apigatewayv2_integration" "fn" {
  count                  = length(aws_lambda_function.fns)
  api_id                 = aws_apigatewayv2_api.shop.id
  integration_type       = "AWS_PROXY"
  integration_uri        = aws_lambda_function.fns[local.names[count.index]].invoke_arn
  payload_format_version = "2.0"
}

resource "aws_apigatewayv2_route" "fn" {
  count              = length(local.names)
  api_id             = aws_apigatewayv2_api.shop.id
  route_key          = "GET /\${local.names[count.index]}"
  authorization_type = "AWS_IAM"
  target             = "integrations/\${aws_apigatewayv2_integration.fn[count.index].id}"
}
`,
    })
    expect(pathsOf(model)).toEqual([
      'aws_apigatewayv2_route.fn[0] → aws_apigatewayv2_integration.fn[0] → aws_lambda_function.fns["invoices"]',
      'aws_apigatewayv2_route.fn[1] → aws_apigatewayv2_integration.fn[1] → aws_lambda_function.fns["orders"]',
      'aws_apigatewayv2_route.fn[2] → aws_apigatewayv2_integration.fn[2] → aws_lambda_function.fns["users"]',
    ])
    expect(model.all('operation').map((operation) => (operation.path.known ? operation.path.value : '?'))).toEqual(['/invoices', '/orders', '/users'])
  })

  it('follows a counted resource through count = length(...) and a list of its instances', async () => {
    const model = await modelOf({
      'main.tf': `${FUNCTIONS}
resource "aws_lambda_function" "workers" {
  count         = 2
  function_name = "worker-\${count.index}"
  role          = "arn:aws:iam::123456789012:role/shop"
  runtime       = "nodejs22.x"
  handler       = "index.handler"
  filename      = "build/worker.zip"
}

resource "aws_apigatewayv2_integration" "worker" {
  count                  = length(aws_lambda_function.workers)
  api_id                 = aws_apigatewayv2_api.shop.id
  integration_type       = "AWS_PROXY"
  integration_uri        = [for w in aws_lambda_function.workers : w.invoke_arn][count.index]
  payload_format_version = "2.0"
}

resource "aws_apigatewayv2_route" "worker" {
  count              = length(aws_apigatewayv2_integration.worker)
  api_id             = aws_apigatewayv2_api.shop.id
  route_key          = "POST /\${aws_lambda_function.workers[count.index].function_name}"
  authorization_type = "AWS_IAM"
  target             = "integrations/\${aws_apigatewayv2_integration.worker[count.index].id}"
}
`,
    })
    expect(pathsOf(model)).toEqual([
      'aws_apigatewayv2_route.worker[0] → aws_apigatewayv2_integration.worker[0] → aws_lambda_function.workers[0]',
      'aws_apigatewayv2_route.worker[1] → aws_apigatewayv2_integration.worker[1] → aws_lambda_function.workers[1]',
    ])
  })
})

const FUNCTIONS_MODULE = `
variable "names" {
  type = set(string)
}

resource "aws_lambda_function" "this" {
  for_each      = var.names
  function_name = each.key
  role          = "arn:aws:iam::123456789012:role/shop"
  runtime       = "nodejs22.x"
  handler       = "index.handler"
  filename      = "build/\${each.key}.zip"
}

output "functions" {
  value = aws_lambda_function.this
}
`

describe('modules', () => {
  it('iterates a module output that is a map of resources', async () => {
    const model = await modelOf({
      'modules/fns/main.tf': FUNCTIONS_MODULE,
      'main.tf': `${FUNCTIONS.slice(FUNCTIONS.indexOf('resource "aws_apigatewayv2_api"'))}
module "fns" {
  source = "./modules/fns"
  names  = ["orders", "users"]
}
${routesFor('module.fns.functions', 'each.value.invoke_arn')}
`,
    })
    expect(pathsOf(model)).toEqual([
      'aws_apigatewayv2_route.fn["orders"] → aws_apigatewayv2_integration.fn["orders"] → module.fns.aws_lambda_function.this["orders"]',
      'aws_apigatewayv2_route.fn["users"] → aws_apigatewayv2_integration.fn["users"] → module.fns.aws_lambda_function.this["users"]',
    ])
  })

  it('passes a resource map through a typed module variable, its computed attributes still naming each instance', async () => {
    const model = await modelOf({
      'modules/api/main.tf': `
variable "api_id" {}
variable "functions" {
  type = map(object({ function_name = string, invoke_arn = string }))
}

resource "aws_apigatewayv2_integration" "this" {
  for_each               = var.functions
  api_id                 = var.api_id
  integration_type       = "AWS_PROXY"
  integration_uri        = each.value.invoke_arn
  payload_format_version = "2.0"
}

resource "aws_apigatewayv2_route" "this" {
  for_each           = var.functions
  api_id             = var.api_id
  route_key          = "GET /\${each.value.function_name}"
  authorization_type = "AWS_IAM"
  target             = "integrations/\${aws_apigatewayv2_integration.this[each.key].id}"
}
`,
      'main.tf': `${FUNCTIONS}
module "api" {
  source    = "./modules/api"
  api_id    = aws_apigatewayv2_api.shop.id
  functions = aws_lambda_function.fns
}
`,
    })
    expect(pathsOf(model)).toEqual(
      ['invoices', 'orders', 'users'].map(
        (key) => `module.api.aws_apigatewayv2_route.this["${key}"] → module.api.aws_apigatewayv2_integration.this["${key}"] → aws_lambda_function.fns["${key}"]`,
      ),
    )
    expect(model.all('operation').map((operation) => (operation.path.known ? operation.path.value : '?'))).toEqual(['/shop-invoices', '/shop-orders', '/shop-users'])
  })

  it('makes one module instance per instance of the resource its for_each names', async () => {
    const model = await modelOf({
      'modules/route/main.tf': `
variable "api_id" {}
variable "invoke_arn" {}
variable "route_key" {}

resource "aws_apigatewayv2_integration" "this" {
  api_id                 = var.api_id
  integration_type       = "AWS_PROXY"
  integration_uri        = var.invoke_arn
  payload_format_version = "2.0"
}

resource "aws_apigatewayv2_route" "this" {
  api_id    = var.api_id
  route_key = var.route_key
  target    = "integrations/\${aws_apigatewayv2_integration.this.id}"
}
`,
      'main.tf': `${FUNCTIONS}
module "route" {
  source     = "./modules/route"
  for_each   = aws_lambda_function.fns
  api_id     = aws_apigatewayv2_api.shop.id
  invoke_arn = each.value.invoke_arn
  route_key  = "GET /\${each.key}"
}
`,
    })
    expect(pathsOf(model)).toEqual(
      ['invoices', 'orders', 'users'].map(
        (key) => `module.route["${key}"].aws_apigatewayv2_route.this → module.route["${key}"].aws_apigatewayv2_integration.this → aws_lambda_function.fns["${key}"]`,
      ),
    )
  })
})

describe('keys that are not known', () => {
  it('leaves blocks over a resource, a data source or a variable without a value unexpanded, without a finding', async () => {
    const dir = folderWith({
      'main.tf': `${FUNCTIONS.slice(FUNCTIONS.indexOf('resource "aws_apigatewayv2_api"'))}
variable "names" {
  type = set(string)
}

data "aws_lambda_functions" "all" {}

resource "aws_lambda_function" "fns" {
  for_each      = var.names
  function_name = each.key
  role          = "arn:aws:iam::123456789012:role/shop"
  runtime       = "nodejs22.x"
  handler       = "index.handler"
  filename      = "build/\${each.key}.zip"
}

resource "aws_apigatewayv2_integration" "fn" {
  for_each               = aws_lambda_function.fns
  api_id                 = aws_apigatewayv2_api.shop.id
  integration_type       = "AWS_PROXY"
  integration_uri        = each.value.invoke_arn
  payload_format_version = "2.0"
}

resource "aws_apigatewayv2_route" "fn" {
  for_each           = { for k, f in aws_lambda_function.fns : k => f }
  api_id             = aws_apigatewayv2_api.shop.id
  route_key          = "GET /\${each.key}"
  authorization_type = each.value.tags["auth"]
  target             = "integrations/\${aws_apigatewayv2_integration.fn[each.key].id}"
}

resource "aws_apigatewayv2_route" "listed" {
  for_each           = toset(data.aws_lambda_functions.all.function_names)
  api_id             = aws_apigatewayv2_api.shop.id
  route_key          = "GET /\${each.key}"
  authorization_type = each.value
}
`,
    })
    const { models } = await loadModels([dir], dir)
    expect(pathsOf(models[0]!)).toEqual([
      'aws_apigatewayv2_route.fn → aws_apigatewayv2_integration.fn → aws_lambda_function.fns',
      'aws_apigatewayv2_route.listed → no integration → no function',
    ])
    const result = await scan([dir], { rules, cwd: dir })
    expect(result.findings.map((finding) => `${finding.ruleId} ${finding.location.address ?? ''}`)).toEqual([])
  })
})

describe('a resource without count or for_each', () => {
  it('is one object: its arguments known, its other attributes naming it, and no for_each over its arguments', async () => {
    const expansion = await expand(
      folderWith({
        'main.tf': `
resource "aws_lambda_function" "one" {
  function_name = "one"
  handler       = "index.handler"
}

resource "aws_apigatewayv2_integration" "whole" {
  description     = jsonencode(aws_lambda_function.one)
  integration_uri = lookup(aws_lambda_function.one, "invoke_arn", null)
  request_parameters = {
    name = aws_lambda_function.one.function_name
    copy = [for f in [aws_lambda_function.one] : f.handler][0]
  }
}

resource "aws_apigatewayv2_route" "each_argument" {
  for_each  = aws_lambda_function.one
  route_key = each.key
}
`,
      }),
    )
    expect(expansion.resources.map((candidate) => candidate.address)).toEqual([
      'aws_lambda_function.one',
      'aws_apigatewayv2_integration.whole',
      'aws_apigatewayv2_route.each_argument',
    ])
    const whole = resource(expansion, 'aws_apigatewayv2_integration.whole').body.fields
    // What the provider computes is part of the object, so its JSON is not known.
    const json = plain(whole.get('description')) as { unknown: string; refs: string[] }
    expect(json.unknown).toBe('JSON of values known only after apply')
    expect(json.refs.sort()).toEqual(['aws_lambda_function.one', 'aws_lambda_function.one.function_name', 'aws_lambda_function.one.handler'])
    expect(plain(whole.get('integration_uri'))).toEqual({
      unknown: 'aws_lambda_function.one.invoke_arn is known only after apply',
      refs: ['aws_lambda_function.one.invoke_arn'],
    })
    expect(plain(whole.get('request_parameters'))).toEqual({
      name: { unknown: 'aws_lambda_function.one.function_name is known only after apply', refs: ['aws_lambda_function.one.function_name'] },
      copy: 'index.handler',
    })
  })
})

describe('findings', () => {
  it('reports an unauthenticated route once per instance, at the instance', async () => {
    const text = FUNCTIONS + routesFor('aws_lambda_function.fns', 'each.value.invoke_arn').replace('authorization_type = "AWS_IAM"', '')
    const dir = folderWith({ 'main.tf': text })
    const result = await scan([dir], { rules, cwd: dir })
    const line = lineOf(text, 'resource "aws_apigatewayv2_route" "fn"')
    expect(result.findings.map((finding) => `${finding.ruleId} ${finding.location.address ?? ''} line ${finding.location.range.line}`)).toEqual([
      `apigw-route-unauthenticated aws_apigatewayv2_route.fn["invoices"] line ${line}`,
      `apigw-route-unauthenticated aws_apigatewayv2_route.fn["orders"] line ${line}`,
      `apigw-route-unauthenticated aws_apigatewayv2_route.fn["users"] line ${line}`,
    ])
    expect(result.findings[1]!.message).toContain('GET /orders')
  })
})

describe('budgets and cycles', () => {
  it('counts instances made from another resource against the instance budget', async () => {
    const text = `${FUNCTIONS.slice(FUNCTIONS.indexOf('resource "aws_apigatewayv2_api"'))}
resource "aws_lambda_function" "many" {
  for_each      = toset([for i in range(90) : "fn-\${i}"])
  function_name = each.key
}

resource "aws_lambda_function" "copies" {
  for_each      = aws_lambda_function.many
  function_name = "\${each.value.function_name}-copy"
}

resource "aws_apigatewayv2_route" "fn" {
  for_each           = aws_lambda_function.copies
  api_id             = aws_apigatewayv2_api.shop.id
  route_key          = "GET /\${each.key}"
  authorization_type = "AWS_IAM"
}
`
    const dir = folderWith({ 'main.tf': text, '.iac-lint.yaml': 'limits:\n  maxInstances: 200\n' })
    const config = await loadConfig(dir)
    // 6 reserved for the module and its blocks, 89 more for each of many and copies: the routes' 89 cross 200.
    const result = await scan([dir], { rules, cwd: dir, config })
    expect(result.findings.map((finding) => `${finding.ruleId} line ${finding.location.range.line}`)).toEqual([
      `evaluation-limit line ${lineOf(text, 'for_each           = aws_lambda_function.copies')}`,
    ])
    expect(result.findings[0]!.message).toContain('maxInstances')
    const { models } = await loadModels([dir], dir, { limits: config.limits })
    const functions = models[0]!.all('function').map((fn) => fn.id)
    expect(functions.filter((id) => id.startsWith('aws_lambda_function.copies['))).toHaveLength(90)
    expect(functions).toContain('aws_lambda_function.copies["fn-89"]')
    expect(models[0]!.all('operation').map((operation) => operation.id)).toEqual(['aws_apigatewayv2_route.fn'])
  })

  it('reports resources whose for_each refer to each other as a cycle and leaves them unexpanded', async () => {
    const dir = folderWith({
      'main.tf': `
resource "aws_lambda_function" "a" {
  for_each      = aws_lambda_function.b
  function_name = each.key
}

resource "aws_lambda_function" "b" {
  for_each      = aws_lambda_function.a
  function_name = each.key
}

resource "aws_lambda_function" "self" {
  for_each      = aws_lambda_function.self
  function_name = each.key
}
`,
    })
    const result = await scan([dir], { rules, cwd: dir })
    // a asks for b, whose for_each asks for a again: the cycle is found there.
    expect(result.findings.map((finding) => `${finding.ruleId} line ${finding.location.range.line}`)).toEqual(['evaluation-limit line 8'])
    expect(result.findings[0]!.message).toContain('aws_lambda_function.a refers to itself through aws_lambda_function.b')
    const { models } = await loadModels([dir], dir)
    expect(models[0]!.all('function').map((fn) => fn.id)).toEqual(['aws_lambda_function.a', 'aws_lambda_function.b', 'aws_lambda_function.self'])
  })
})
