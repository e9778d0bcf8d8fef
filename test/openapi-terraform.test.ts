/**
 * OpenAPI bodies of `aws_api_gateway_rest_api` and `aws_apigatewayv2_api` as the Terraform
 * adapter hands them to the OpenAPI reader (`adapt/openapi.ts`): `jsonencode` with references,
 * `file()`, `templatefile()` with variables, a path out of the scan root, a missing file, a file
 * over the size limit, a template with directives, and a plan whose body is a JSON string. Each
 * node says where it is written: the `.tf` file for `jsonencode`, the external file's lines for
 * `file()` and `templatefile()`, the `body` value for a plan. The model built from them has the
 * operations and integrations, and the existing rules judge them at those places.
 */
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import throttling from '../rules/apigw-stage-no-throttling.js'
import cost from '../rules/apigw-high-traffic-cost.js'
import unauthenticated from '../rules/apigw-route-unauthenticated.js'
import timeout from '../rules/lambda-timeout-exceeds-front-door.js'
import { analysePlan } from '../src/frontends/terraform/index.js'
import { modelFromTerraform } from '../src/frontends/terraform/from-terraform.js'
import { PRICE_TABLE } from '../src/model/cost.js'
import type { Model } from '../src/model/model.js'
import type { Fact } from '../src/model/types.js'
import { definitionOf } from '../src/frontends/terraform/adapt/openapi.js'
import { expandConfiguration } from '../src/frontends/terraform/configuration.js'
import type { TfResource } from '../src/frontends/terraform/ir.js'
import { listSources } from '../src/frontends/terraform/parse/folder.js'
import { loadHclParser } from '../src/frontends/terraform/parse/hcl.js'
import { readPlan } from '../src/frontends/terraform/parse/plan.js'
import { TerraformProject } from '../src/frontends/terraform/parse/project.js'
import { oaGet, type OaNode } from '../src/frontends/openapi/types.js'
import { cli, expectCleanExit } from './cli-run.js'
import { folderWith, removeFolders } from './terraform-support.js'

afterAll(removeFolders)

const FIXTURES = path.join(import.meta.dirname, 'fixtures', 'openapi', 'terraform')

async function load(dir: string, maxBytes?: number): Promise<{ resources: TfResource[]; notices: string[] }> {
  const project = await TerraformProject.load([{ dir, files: await listSources(dir), whole: true }], await loadHclParser(), [], maxBytes ? { maxBytes } : {})
  const expansion = expandConfiguration(project, project.roots[0]!)
  return { resources: expansion.resources, notices: expansion.notices }
}

/**
 * The definition of the API at `address`, with the evaluation's notices, the API's
 * `openapi-not-read` notes and the findings about files (rule, file name, line, message).
 */
async function definition(dir: string, address: string, maxBytes?: number): Promise<{ node: OaNode; notices: string[]; notes: string[]; findings: string[] }> {
  const { resources, notices } = await load(dir, maxBytes)
  const resource = resources.find((candidate) => candidate.address === address)!
  const notes: string[] = []
  const findings: string[] = []
  const node = definitionOf(resource.body.fields.get('body')!, resource.location.file, {
    arns: () => [],
    rendered: () => undefined,
    report: (finding) => findings.push(`${finding.ruleId} ${path.basename(finding.location.file)}:${finding.location.range.line} ${finding.message}`),
    notRead: (why) => notes.push(why),
  })
  return { node, notices, notes, findings }
}

/** A tree as plain data: known scalars as their value (with `refs` when they name resources), unknown nodes as `{ unknown, refs }`. */
function show(node: OaNode | undefined): unknown {
  switch (node?.kind) {
    case undefined:
      return undefined
    case 'map':
      return Object.fromEntries(node.entries.map((entry) => [entry.key, show(entry.value)]))
    case 'list':
      return node.items.map(show)
    case 'scalar':
      return node.refs.length > 0 ? { value: node.value, refs: node.refs } : node.value
    case 'unknown':
      return { unknown: node.why, refs: node.refs }
  }
}

/** The node at a path of keys. */
function at(node: OaNode, ...keys: string[]): OaNode {
  let current: OaNode | undefined = node
  for (const key of keys) current = oaGet(current, key)
  if (!current) throw new Error(`no ${keys.join('.')}`)
  return current
}

/** `file:line` of a node, the file relative to the fixtures. */
function where(node: OaNode): string {
  return `${path.relative(FIXTURES, node.at.file)}:${node.at.range.line}`
}

function integration(node: OaNode, route: string, method: string): OaNode {
  return at(node, 'paths', route, method, 'x-amazon-apigateway-integration')
}

describe('jsonencode', () => {
  it('keeps the structure, the unknown invoke_arn a node naming the function, each part at its line in the .tf file', async () => {
    const { node } = await definition(path.join(FIXTURES, 'jsonencode'), 'aws_api_gateway_rest_api.api')
    expect(show(integration(node, '/orders', 'get'))).toEqual({
      type: 'aws_proxy',
      httpMethod: 'POST',
      uri: { unknown: 'aws_lambda_function.orders.invoke_arn is known only after apply', refs: ['aws_lambda_function.orders'] },
    })
    expect(where(integration(node, '/orders', 'get'))).toBe(path.join('jsonencode', 'main.tf:20'))
    expect(where(at(integration(node, '/orders', 'get'), 'uri'))).toBe(path.join('jsonencode', 'main.tf:23'))
    expect(where(at(node, 'paths', '/orders'))).toBe(path.join('jsonencode', 'main.tf:18'))
  })

  it('reads a body built in a local of another file at that file', async () => {
    const dir = folderWith({
      'locals.tf': 'locals {\n  spec = {\n    paths = { "/a" = { get = { x = aws_lambda_function.f.arn } } }\n  }\n}\n',
      'main.tf': 'resource "aws_apigatewayv2_api" "api" {\n  name = "a"\n  protocol_type = "HTTP"\n  body = jsonencode(local.spec)\n}\n',
    })
    const { node } = await definition(dir, 'aws_apigatewayv2_api.api')
    expect(show(node)).toEqual({ paths: { '/a': { get: { x: { unknown: 'aws_lambda_function.f.arn is known only after apply', refs: ['aws_lambda_function.f'] } } } } })
    // The local is read where the resource uses it: the parts stand at the reference, in main.tf.
    expect(path.basename(at(node, 'paths').at.file)).toBe('main.tf')
    expect(at(node, 'paths').at.range.line).toBe(4)
  })
})

describe('file()', () => {
  it('reads the file with its own lines', async () => {
    const { node } = await definition(path.join(FIXTURES, 'file'), 'aws_apigatewayv2_api.api')
    expect(show(at(integration(node, '/orders', 'get'), 'payloadFormatVersion'))).toBe('2.0')
    expect(where(at(node, 'paths', '/orders', 'get'))).toBe(path.join('file', 'openapi.yaml:8'))
    expect(node.kind === 'map' && where(node.entries.find((entry) => entry.key === 'paths')!.value)).toBe(path.join('file', 'openapi.yaml:6'))
    const paths = at(node, 'paths')
    expect(paths.kind === 'map' && `${paths.entries[0]!.key} at line ${paths.entries[0]!.keyAt.range.line}`).toBe('/orders at line 6')
  })

  it('refuses a file outside the scan root: the definition is unknown with the reason, at the body', async () => {
    const { node, notices, notes } = await definition(path.join(FIXTURES, 'escape'), 'aws_api_gateway_rest_api.api')
    const why = 'the file "./../file/openapi.yaml" is outside the folders being scanned, so it is not read'
    expect(show(node)).toEqual({ unknown: `the definition is not read (${why})`, refs: [] })
    expect(where(node)).toBe(path.join('escape', 'main.tf:4'))
    expect(notes).toEqual([why])
    expect(notices).toEqual(['the file "./../file/openapi.yaml" is outside the folders being scanned, so it is not read; what file() or templatefile() would read from it is unknown'])
  })

  it('a missing file is unknown with the reason, and the API is noted', async () => {
    const { node, notices, notes } = await definition(path.join(FIXTURES, 'missing'), 'aws_api_gateway_rest_api.api')
    expect(show(node)).toEqual({ unknown: 'the definition is not read (the file "./openapi.yaml" does not exist)', refs: [] })
    expect(notes).toEqual(['the file "./openapi.yaml" does not exist'])
    expect(notices).toEqual([])
  })

  it('a file over the size limit is not read', async () => {
    const dir = folderWith({
      'main.tf': 'resource "aws_api_gateway_rest_api" "api" {\n  name = "big"\n  body = file("openapi.yaml")\n}\n',
      'openapi.yaml': `openapi: 3.0.1\npaths:\n${'  /p:\n    get: {}\n'.repeat(200)}`,
    })
    const { node, findings, notes } = await definition(dir, 'aws_api_gateway_rest_api.api', 1024)
    expect(show(node)).toEqual({ unknown: 'the definition file openapi.yaml cannot be read', refs: [] })
    expect(findings).toEqual([expect.stringMatching(/^file-too-large openapi\.yaml:1 /)])
    expect(notes).toEqual([])
  })

  it('a file that does not parse is unknown at the body, and a parse-error at the place in the file', async () => {
    const dir = folderWith({
      'main.tf': 'resource "aws_api_gateway_rest_api" "api" {\n  name = "bad"\n  body = file("openapi.json")\n}\n',
      'openapi.json': '{\n  "paths": {\n    "/a": \n  }\n}\n',
    })
    const { node, findings } = await definition(dir, 'aws_api_gateway_rest_api.api')
    expect(node).toMatchObject({ kind: 'unknown', why: 'the definition file openapi.json cannot be parsed' })
    expect(node.at.range.line).toBe(3)
    expect(findings).toEqual(['parse-error openapi.json:4 JSON syntax error: value expected'])
  })
})

describe('templatefile()', () => {
  it('fills known variables in, leaves the invoke_arn unknown with the function, at the lines of the template', async () => {
    const { node } = await definition(path.join(FIXTURES, 'templatefile'), 'aws_api_gateway_rest_api.api')
    expect(show(at(node, 'info', 'title'))).toBe('orders')
    expect(show(integration(node, '/orders', 'get'))).toEqual({
      type: 'aws_proxy',
      httpMethod: 'POST',
      uri: { unknown: 'aws_lambda_function.orders.invoke_arn is known only after apply', refs: ['aws_lambda_function.orders'] },
      timeoutInMillis: 20000,
    })
    expect(where(at(integration(node, '/orders', 'get'), 'uri'))).toBe(path.join('templatefile', 'api.yaml:11'))
    expect(where(at(node, 'paths', '/health', 'get'))).toBe(path.join('templatefile', 'api.yaml:15'))
  })

  it('a template with directives is unknown with the reason, keeping the references of its variables', async () => {
    const { node, notes } = await definition(path.join(FIXTURES, 'directives'), 'aws_api_gateway_rest_api.api')
    const why = 'the template api.yaml uses the directive %{ for p in paths ~}, which iac-lint does not render'
    expect(show(node)).toEqual({ unknown: `the definition is not read (${why})`, refs: [] })
    expect(where(node)).toBe(path.join('directives', 'main.tf:4'))
    expect(notes).toEqual([why])
  })

  it('a template that does not parse before rendering is unknown; an expression or an unknown variable makes its string unknown', async () => {
    const dir = folderWith({
      'main.tf':
        'resource "aws_api_gateway_rest_api" "json" {\n  body = templatefile("api.json", { t = 1 })\n}\n' +
        'resource "aws_api_gateway_rest_api" "yaml" {\n  body = templatefile("api.yaml", { v = aws_lambda_function.f.arn })\n}\n' +
        'resource "aws_api_gateway_rest_api" "lacking" {\n  body = templatefile("plain.yaml", {})\n}\n',
      'api.json': '{ "x-amazon-apigateway-integration": { "timeoutInMillis": ${t} } }\n',
      'api.yaml': 'b: "${upper(v)}"\nc: "${v}"\n',
      'plain.yaml': 'c: "${v}"\n',
    })
    const json = await definition(dir, 'aws_api_gateway_rest_api.json')
    expect(json.node).toMatchObject({ kind: 'unknown', why: expect.stringContaining('the template api.json does not parse before it is rendered (JSON syntax error') })
    expect(json.notes).toHaveLength(1)
    const yaml = await definition(dir, 'aws_api_gateway_rest_api.yaml')
    expect(show(yaml.node)).toEqual({
      b: { unknown: 'the template expression ${upper(v)} is not evaluated by iac-lint', refs: [] },
      c: { unknown: 'aws_lambda_function.f.arn is known only after apply', refs: ['aws_lambda_function.f'] },
    })
    // Terraform rejects a template that uses a variable the map lacks: the definition is unknown.
    expect(show((await definition(dir, 'aws_api_gateway_rest_api.lacking')).node)).toEqual({ unknown: 'templatefile: the variables have no "v"', refs: [] })
  })

  it('yamldecode of a template, encoded again, reads the template itself', async () => {
    const dir = folderWith({
      'main.tf': 'resource "aws_apigatewayv2_api" "api" {\n  body = jsonencode(yamldecode(templatefile("api.yaml", { v = "x" })))\n}\n',
      'api.yaml': 'openapi: 3.0.1\npaths:\n  /${v}:\n    get: {}\n',
    })
    const { node } = await definition(dir, 'aws_apigatewayv2_api.api')
    expect(show(node)).toEqual({ openapi: '3.0.1', paths: { '/x': { get: {} } } })
    expect(at(node, 'paths', '/x').at.range.line).toBe(4)
  })
})

describe('a template_file data source', () => {
  it('its rendered text, passed through a module variable, is read as templatefile of its template file', async () => {
    const dir = folderWith({
      'main.tf':
        'data "template_file" "spec" {\n  template = file("openapi.yaml")\n  vars = { fn = aws_lambda_function.f.invoke_arn }\n}\n' +
        'module "api" {\n  source = "./api"\n  body = data.template_file.spec.rendered\n}\n' +
        'resource "aws_lambda_function" "f" {\n  function_name = "f"\n}\n',
      'api/main.tf': 'variable "body" {}\nresource "aws_api_gateway_rest_api" "this" {\n  body = var.body\n}\n',
      'openapi.yaml': 'paths:\n  /a:\n    get:\n      x-amazon-apigateway-integration:\n        uri: ${fn}\n',
    })
    const { resources } = await load(dir)
    const model = modelFromTerraform(resources, dir)
    const [operation] = model.all('operation')
    expect(operation?.id).toBe('module.api.aws_api_gateway_rest_api.this.GET /a')
    expect(`${path.basename(operation!.source.file)}:${operation!.source.range.line}`).toBe('openapi.yaml:3')
    expect(model.getKind(operation!.integration, 'integration')?.functions).toEqual(['aws_lambda_function.f'])
  })

  it('a template file that is not there is the openapi-not-read note of the API', async () => {
    const dir = folderWith({
      'main.tf':
        'data "template_file" "spec" {\n  template = file("openapi.yaml")\n}\n' +
        'resource "aws_api_gateway_rest_api" "api" {\n  body = data.template_file.spec.rendered\n}\n',
    })
    const { resources } = await load(dir)
    const model = modelFromTerraform(resources, dir)
    expect(model.inputFindings.map((finding) => [finding.ruleId, finding.location.range.line])).toEqual([['openapi-not-read', 5]])
  })
})

describe('a plan', () => {
  it('parses the body string; every node is at the body value; a known ARN names its function', async () => {
    const file = path.join(FIXTURES, 'plan', 'plan.json')
    const plan = readPlan(readFileSync(file, 'utf8'), file)
    if (!plan.ok) throw new Error(plan.message)
    const resource = plan.resources.find((candidate) => candidate.address === 'aws_api_gateway_rest_api.api')!
    const node = definitionOf(resource.body.fields.get('body')!, file, {
      arns: (text) => (text.includes('function:orders') ? ['aws_lambda_function.orders'] : []),
      rendered: () => undefined,
      report: () => undefined,
      notRead: () => undefined,
    })
    expect(show(at(integration(node, '/orders', 'get'), 'uri'))).toMatchObject({ refs: ['aws_lambda_function.orders'] })
    expect(where(at(node, 'paths', '/orders', 'get'))).toBe(path.join('plan', 'plan.json:15'))
  })
})

async function modelOf(name: string): Promise<Model> {
  const dir = path.join(FIXTURES, name)
  if (name === 'plan') {
    const file = path.join(dir, 'plan.json')
    const analysed = analysePlan(readFileSync(file, 'utf8'), file)
    if ('finding' in analysed) throw new Error(analysed.finding.message)
    return analysed.model
  }
  const { resources } = await load(dir)
  return modelFromTerraform(resources, dir)
}

function fact(value: Fact<unknown> | undefined): unknown {
  if (!value) return undefined
  return value.known ? value.value : `? ${value.why}`
}

/** The operations of a model with what the rules read of them, and the place each is written. */
function operations(model: Model): unknown[] {
  return model.all('operation').map((operation) => {
    const integration = model.getKind(operation.integration, 'integration')
    return {
      id: operation.id,
      route: `${fact(operation.method)} ${fact(operation.path)}`,
      authorization: fact(operation.authorization),
      at: `${path.relative(FIXTURES, operation.source.file)}:${operation.source.range.line}`,
      functions: integration?.functions,
      timeoutMs: fact(integration?.timeoutMs),
    }
  })
}

/** What four rules report on a model: rule, `file:line`. */
function findings(model: Model): string[] {
  const found: string[] = []
  for (const rule of [unauthenticated, timeout, throttling, cost]) {
    rule.check({
      model,
      options: { minMonthlySavingUsd: 0 },
      settings: { pricing: PRICE_TABLE },
      report: ({ at, property }) => {
        const origin = property?.at ?? ('source' in at ? at.source : undefined)
        found.push(`${rule.meta.id} ${origin ? `${path.relative(FIXTURES, origin.file)}:${origin.range.line}` : '?'}`)
      },
    })
  }
  return found.sort()
}

describe('the model and the rules', () => {
  it('jsonencode: the operation, its integration to the function, and the findings at the .tf lines', async () => {
    const model = await modelOf('jsonencode')
    expect(operations(model)).toEqual([
      {
        id: 'aws_api_gateway_rest_api.api.GET /orders',
        route: 'GET /orders',
        authorization: 'NONE',
        at: path.join('jsonencode', 'main.tf:19'),
        functions: ['aws_lambda_function.orders'],
        timeoutMs: 29000,
      },
    ])
    expect(fact(model.getKind('aws_api_gateway_rest_api.api', 'api')!.definitionRoutes)).toBe(1)
    expect(findings(model)).toEqual([
      `apigw-route-unauthenticated ${path.join('jsonencode', 'main.tf:19')}`,
      `apigw-stage-no-throttling ${path.join('jsonencode', 'main.tf:35')}`,
      `lambda-timeout-exceeds-front-door ${path.join('jsonencode', 'main.tf:9')}`,
    ])
  })

  it('file(): the route is found in the external file', async () => {
    const model = await modelOf('file')
    expect(operations(model)).toMatchObject([{ route: 'GET /orders', at: path.join('file', 'openapi.yaml:7'), timeoutMs: 30000 }])
    expect(findings(model)).toEqual([
      `apigw-route-unauthenticated ${path.join('file', 'openapi.yaml:7')}`,
      `apigw-stage-no-throttling ${path.join('file', 'main.tf:17')}`,
    ])
  })

  it('templatefile(): routes at the template lines, the timeout the variable gives, features for the cost rule', async () => {
    const model = await modelOf('templatefile')
    expect(operations(model)).toMatchObject([
      { route: 'GET /orders', at: path.join('templatefile', 'api.yaml:7'), functions: ['aws_lambda_function.orders'], timeoutMs: 20000 },
      { route: 'GET /health', at: path.join('templatefile', 'api.yaml:14'), functions: [] },
    ])
    expect([...model.getKind('aws_api_gateway_rest_api.api', 'api')!.features]).toContain('request-validation')
    expect(findings(model)).toEqual([
      `apigw-high-traffic-cost ${path.join('templatefile', 'main.tf:18')}`,
      `apigw-route-unauthenticated ${path.join('templatefile', 'api.yaml:14')}`,
      `apigw-route-unauthenticated ${path.join('templatefile', 'api.yaml:7')}`,
      `apigw-stage-no-throttling ${path.join('templatefile', 'main.tf:25')}`,
      `lambda-timeout-exceeds-front-door ${path.join('templatefile', 'main.tf:8')}`,
    ])
  })

  it('an unknown definition gives no operation and no rule finding; the API says why its routes are unknown, in an openapi-not-read note at the body', async () => {
    for (const name of ['escape', 'missing', 'directives']) {
      const model = await modelOf(name)
      expect(model.all('operation')).toEqual([])
      expect(findings(model)).toEqual([])
      expect(fact(model.getKind('aws_api_gateway_rest_api.api', 'api')!.definitionRoutes)).toMatch(/^\? the definition is not read/)
      expect(model.inputFindings.map((finding) => `${finding.ruleId} ${path.relative(FIXTURES, finding.location.file)}:${finding.location.range.line}`)).toEqual([
        `openapi-not-read ${path.join(name, 'main.tf:4')}`,
      ])
    }
  })

  it('a plan: the route at the body value, linked to the function by its known ARN', async () => {
    const model = await modelOf('plan')
    expect(operations(model)).toMatchObject([{ route: 'GET /orders', at: path.join('plan', 'plan.json:15'), functions: ['aws_lambda_function.orders'] }])
    expect(findings(model)).toEqual([
      `apigw-route-unauthenticated ${path.join('plan', 'plan.json:15')}`,
      `apigw-stage-no-throttling ${path.join('plan', 'plan.json:31')}`,
      `lambda-timeout-exceeds-front-door ${path.join('plan', 'plan.json:55')}`,
    ])
  })
})

describe('iac-lint paths', () => {
  it('names the external file of a route a definition file places, and keeps the line alone for the rest', () => {
    const run = cli(['paths', '--no-color', 'test/fixtures/openapi/terraform/file', 'test/fixtures/openapi/terraform/jsonencode'])
    expectCleanExit(run)
    const entries = run.stdout.split('\n').filter((line) => line.startsWith('  GET'))
    expect(entries).toEqual([
      '  GET /orders on HTTP API aws_apigatewayv2_api.api  (test/fixtures/openapi/terraform/file/openapi.yaml:7)',
      '  GET /orders on REST API aws_api_gateway_rest_api.api  (line 19)',
    ])
  })
})
