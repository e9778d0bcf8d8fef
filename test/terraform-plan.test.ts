import { existsSync, readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import type { TfResource, TfValue } from '../src/frontends/terraform/ir.js'
import { isTerraformPlan, readPlan } from '../src/frontends/terraform/parse/plan.js'
import { decodeText } from '../src/parse/text.js'
import type { Range } from '../src/parse/types.js'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const plans = path.join(root, 'test', 'fixtures', 'plans')
const corpus = path.resolve(root, '..', 'shared', 'corpus', 'terraform-plans')

function load(name: string): string {
  const decoded = decodeText(readFileSync(path.join(plans, name)))
  if (!decoded.ok) throw new Error(decoded.message)
  return decoded.text
}

function read(text: string, file = 'plan.json'): TfResource[] {
  const result = readPlan(text, file)
  if (!result.ok) throw new Error(`${result.range.line}:${result.range.column} ${result.message}`)
  return result.resources
}

function resource(resources: TfResource[], address: string): TfResource {
  const found = resources.find((candidate) => candidate.address === address)
  if (found === undefined) throw new Error(`no ${address} in ${resources.map((r) => r.address).join(', ')}`)
  return found
}

/** The value at a path of field names and list indexes. */
function at(value: TfValue, ...steps: Array<string | number>): TfValue {
  let current = value
  for (const step of steps) {
    const next =
      typeof step === 'number'
        ? current.kind === 'list'
          ? current.items[step]
          : undefined
        : current.kind === 'object'
          ? current.fields.get(step)
          : undefined
    if (next === undefined) throw new Error(`no ${String(step)} in a ${current.kind}`)
    current = next
  }
  return current
}

/** The range of the `occurrence`-th appearance of `needle` on or after line `fromLine`. */
function rangeOf(text: string, needle: string, fromLine = 1): Range {
  const lines = text.split('\n')
  for (let i = fromLine - 1; i < lines.length; i++) {
    const column = lines[i].indexOf(needle)
    if (column >= 0) return { line: i + 1, column: column + 1, endLine: i + 1, endColumn: column + 1 + needle.length }
  }
  throw new Error(`${needle} not found after line ${fromLine}`)
}

function plainOf(value: TfValue): unknown {
  switch (value.kind) {
    case 'scalar':
      return value.value
    case 'unknown':
      return `<${value.why}>`
    case 'list':
      return value.items.map(plainOf)
    case 'object':
      return Object.fromEntries([...value.fields].map(([key, field]) => [key, plainOf(field)]))
  }
}

describe('isTerraformPlan', () => {
  const modules = load('modules.plan.json')

  it('recognises a plan by its top-level keys, pretty-printed or on one line', () => {
    expect(isTerraformPlan(modules)).toBe(true)
    expect(isTerraformPlan(JSON.stringify(JSON.parse(modules)))).toBe(true)
    expect(isTerraformPlan('{"format_version":"1.2","resource_changes":[]}')).toBe(true)
    expect(isTerraformPlan('\ufeff{"planned_values":{},"format_version":"1.2"}')).toBe(true)
  })

  it('recognises a plan that is broken further down, so that reading it reports the break', () => {
    expect(isTerraformPlan(modules.slice(0, 2000))).toBe(true)
  })

  it.each([
    ['a CloudFormation template', '{"AWSTemplateFormatVersion":"2010-09-09","Resources":{}}'],
    ['the keys one level down', '{"plan":{"format_version":"1.2","planned_values":{}}}'],
    ['the keys inside a string', '{"Description":"\\"format_version\\": \\"planned_values\\":"}'],
    ['a format_version without a plan section', '{"format_version":"1.0","values":{"root_module":{}}}'],
    ['a plan section without format_version', '{"planned_values":{"root_module":{}}}'],
    ['an array', '[{"format_version":"1.2","planned_values":{}}]'],
    ['Terraform JSON syntax', '{"resource":{"aws_lb":{"this":{"internal":false}}}}'],
  ])('rejects %s', (_label, text) => {
    expect(isTerraformPlan(text)).toBe(false)
  })
})

describe('readPlan', () => {
  const text = load('modules.plan.json')
  const resources = read(text, 'modules.plan.json')

  it('reads every planned instance with its address, including child modules and instance keys', () => {
    expect(resources.map((r) => [r.address, r.type, r.mode])).toEqual([
      ['aws_lb.public[0]', 'aws_lb', 'managed'],
      ['aws_lambda_function.handler["orders"]', 'aws_lambda_function', 'managed'],
      ['aws_lambda_permission.alb', 'aws_lambda_permission', 'managed'],
      ['data.aws_iam_policy_document.invoke', 'aws_iam_policy_document', 'data'],
      ['module.edge.aws_lb_listener.https', 'aws_lb_listener', 'managed'],
      ['module.edge.aws_lb_target_group.lambda', 'aws_lb_target_group', 'managed'],
      ['module.api["public"].aws_apigatewayv2_route.this', 'aws_apigatewayv2_route', 'managed'],
      ['module.api["public"].module.backend.aws_apigatewayv2_integration.lambda', 'aws_apigatewayv2_integration', 'managed'],
    ])
  })

  it('leaves out what the plan deletes, deposed objects included', () => {
    expect(resources.some((r) => r.address === 'aws_lb.legacy')).toBe(false)
    expect(plainOf(at(resource(resources, 'aws_lb.public[0]').body, 'internal'))).toBe(false)
  })

  it('locates a resource at its "address" line in planned_values', () => {
    const lb = resource(resources, 'aws_lb.public[0]')
    expect(lb.location).toEqual({ file: 'modules.plan.json', range: { line: 8, column: 11, endLine: 8, endColumn: 40 } })
    const route = resource(resources, 'module.api["public"].aws_apigatewayv2_route.this')
    expect(route.location.range).toEqual(rangeOf(text, '"address": "module.api[\\"public\\"].aws_apigatewayv2_route.this"'))
  })

  it('gives every value the range of its text in planned_values', () => {
    const lb = resource(resources, 'aws_lb.public[0]').body
    expect(at(lb, 'internal')).toEqual({
      kind: 'scalar',
      value: false,
      range: { line: 16, column: 25, endLine: 16, endColumn: 30 },
      refs: [],
    })
    expect(at(lb, 'subnets', 0).range).toEqual({ line: 20, column: 15, endLine: 20, endColumn: 28 })
    expect(at(lb, 'subnets').range).toEqual({ line: 19, column: 24, endLine: 22, endColumn: 14 })
    expect(at(lb, 'tags', 'team')).toMatchObject({ kind: 'scalar', value: 'orders', range: rangeOf(text, '"orders"', 24) })
    expect(plainOf(lb)).toMatchObject({
      internal: false,
      load_balancer_type: 'application',
      name: 'orders',
      subnets: ['subnet-0a1b', 'subnet-0c2d'],
      tags: { team: 'orders' },
    })
  })

  // `order` is computed by the provider and not set in the configuration: not set, not unknown.
  it('marks what after_unknown flags as known after apply, at its mark when planned_values leaves it out', () => {
    const lb = resource(resources, 'aws_lb.public[0]').body
    expect(at(lb, 'arn')).toEqual({
      kind: 'unknown',
      why: 'known after apply',
      range: { line: 196, column: 18, endLine: 196, endColumn: 22 },
      refs: [],
    })
    const action = at(resource(resources, 'module.edge.aws_lb_listener.https').body, 'default_action', 0)
    expect(plainOf(action)).toEqual({
      authenticate_cognito: [],
      authenticate_oidc: [],
      fixed_response: [],
      forward: [],
      redirect: [],
      type: 'forward',
      target_group_arn: '<known after apply>',
    })
    expect(at(action, 'target_group_arn').range).toEqual(rangeOf(text, 'true', 393))
  })

  it('keeps the references of a value that is unknown until apply', () => {
    const listener = resource(resources, 'module.edge.aws_lb_listener.https').body
    expect(at(listener, 'default_action', 0, 'target_group_arn')).toMatchObject({
      kind: 'unknown',
      refs: [{ address: 'module.edge.aws_lb_target_group.lambda', attribute: 'arn' }],
    })
  })

  it('keeps only the most specific form of each reference, with its instance key', () => {
    const permission = resource(resources, 'aws_lambda_permission.alb').body
    expect(at(permission, 'function_name')).toMatchObject({
      kind: 'scalar',
      value: 'orders',
      refs: [{ address: 'aws_lambda_function.handler["orders"]', attribute: 'function_name' }],
    })
  })

  it('drops variables of the root module, locals and iterators', () => {
    const lb = resource(resources, 'aws_lb.public[0]').body
    expect(at(lb, 'subnets').refs).toEqual([])
    const handler = resource(resources, 'aws_lambda_function.handler["orders"]').body
    expect(at(handler, 'function_name').refs).toEqual([])
    expect(at(handler, 'role').refs).toEqual([])
  })

  it('follows a module argument to the resource the caller passes', () => {
    const listener = resource(resources, 'module.edge.aws_lb_listener.https').body
    expect(at(listener, 'load_balancer_arn').refs).toEqual([{ address: 'aws_lb.public[0]', attribute: 'arn' }])
  })

  it('follows a module output to the resource inside the module', () => {
    const permission = resource(resources, 'aws_lambda_permission.alb').body
    expect(at(permission, 'source_arn').refs).toEqual([{ address: 'module.edge.aws_lb_target_group.lambda', attribute: 'arn' }])
  })

  it('names the module instance and output when the configuration does not declare the output', () => {
    const route = resource(resources, 'module.api["public"].aws_apigatewayv2_route.this').body
    expect(at(route, 'target').refs).toEqual([{ address: 'module.api["public"].module.backend', attribute: 'integration_id' }])
  })

  it('reads a data source that is read during apply from resource_changes, with references in its nested blocks', () => {
    const policy = resource(resources, 'data.aws_iam_policy_document.invoke')
    const statement = at(policy.body, 'statement', 0)
    expect(plainOf(statement)).toEqual({ actions: ['lambda:InvokeFunction'], effect: 'Allow', resources: '<known after apply>' })
    expect(at(statement, 'actions', 0).range).toEqual(rangeOf(text, '"lambda:InvokeFunction"', 316))
    expect(at(statement, 'resources').refs).toEqual([{ address: 'aws_lambda_function.handler["orders"]', attribute: 'arn' }])
    expect(policy.location.range).toEqual(rangeOf(text, '"address": "data.aws_iam_policy_document.invoke"'))
  })

  it('reads a resource found only in resource_changes from its change.after', () => {
    const plan = [
      '{"format_version":"1.2","planned_values":{"root_module":{}},',
      '"resource_changes":[{"address":"module.edge.aws_lb.this","module_address":"module.edge","type":"aws_lb","mode":"managed",',
      '"change":{"actions":["create"],"after":{"internal":true},"after_unknown":{"arn":true}}}],',
      '"configuration":{"root_module":{"module_calls":{"edge":{"module":{"resources":[',
      '{"address":"aws_lb.this","expressions":{"security_groups":{"references":["aws_security_group.lb.id","aws_security_group.lb"]}}}]}}}}}}',
    ].join('\n')
    const [lb] = read(plan)
    expect(lb.address).toBe('module.edge.aws_lb.this')
    expect(lb.location.range).toEqual(rangeOf(plan, '"address":"module.edge.aws_lb.this"'))
    expect(plainOf(lb.body)).toEqual({ internal: true, arn: '<known after apply>', security_groups: '<not recorded in the plan>' })
    expect(at(lb.body, 'internal').range).toEqual(rangeOf(plan, 'true', 3))
    expect(at(lb.body, 'security_groups')).toMatchObject({
      refs: [{ address: 'module.edge.aws_security_group.lb', attribute: 'id' }],
      range: rangeOf(plan, '{"references":["aws_security_group.lb.id","aws_security_group.lb"]}'),
    })
  })

  it('matches instances to their configuration across quoted keys that hold dots and brackets', () => {
    const plan = JSON.stringify({
      format_version: '1.2',
      planned_values: {
        root_module: {
          child_modules: [
            {
              address: 'module.site["a.b]"]',
              resources: [
                { address: 'module.site["a.b]"].aws_lb_listener.this["x.y"]', type: 'aws_lb_listener', values: { port: 443 } },
              ],
            },
          ],
        },
      },
      configuration: {
        root_module: {
          module_calls: {
            site: {
              expressions: { lb: { references: ['aws_lb.main["k.[0]"].arn', 'aws_lb.main["k.[0]"]', 'aws_lb.main'] } },
              module: {
                resources: [{ address: 'aws_lb_listener.this', expressions: { load_balancer_arn: { references: ['var.lb'] } } }],
              },
            },
          },
        },
      },
    })
    const [listener] = read(plan)
    expect(at(listener.body, 'load_balancer_arn').refs).toEqual([{ address: 'aws_lb.main["k.[0]"]', attribute: 'arn' }])
  })

  it('stops on a cycle through module arguments and outputs', () => {
    const plan = JSON.stringify({
      format_version: '1.2',
      planned_values: {
        root_module: {
          resources: [{ address: 'aws_lb.this', type: 'aws_lb', values: {} }],
          child_modules: [{ address: 'module.m', resources: [{ address: 'module.m.aws_lb.this', type: 'aws_lb', values: {} }] }],
        },
      },
      configuration: {
        root_module: {
          resources: [{ address: 'aws_lb.this', expressions: { name: { references: ['module.m.out', 'module.m'] } } }],
          module_calls: {
            m: {
              expressions: { x: { references: ['module.m.out', 'module.m'] } },
              module: {
                outputs: { out: { expression: { references: ['var.x'] } } },
                resources: [{ address: 'aws_lb.this', expressions: { name: { references: ['var.x'] } } }],
              },
            },
          },
        },
      },
    })
    for (const lb of read(plan)) {
      for (const ref of at(lb.body, 'name').refs) expect(ref.address).toBe('module.m')
    }
  })

  it('follows two outputs that lead to the same resource', () => {
    const plan = JSON.stringify({
      format_version: '1.2',
      planned_values: { root_module: { resources: [{ address: 'aws_lambda_permission.p', type: 'aws_lambda_permission', values: {} }] } },
      configuration: {
        root_module: {
          resources: [
            {
              address: 'aws_lambda_permission.p',
              expressions: {
                source_arn: { references: ['module.m.a', 'module.m'] },
                function_name: { references: ['module.m.b', 'module.m'] },
              },
            },
          ],
          module_calls: {
            m: {
              module: {
                outputs: {
                  a: { expression: { references: ['aws_lb.x.arn', 'aws_lb.x'] } },
                  b: { expression: { references: ['aws_lb.x.arn', 'aws_lb.x'] } },
                },
              },
            },
          },
        },
      },
    })
    const [permission] = read(plan)
    for (const attribute of ['source_arn', 'function_name']) {
      expect(at(permission.body, attribute).refs).toEqual([{ address: 'module.m.aws_lb.x', attribute: 'arn' }])
    }
  })

  it('gives up on a chain of module arguments and outputs longer than any real one, without a stack overflow', () => {
    const hops = 5000
    const outputs: Record<string, unknown> = {}
    const argumentsOfM: Record<string, unknown> = {}
    for (let i = 0; i < hops; i++) {
      outputs[`o${i}`] = { expression: { references: [`var.x${i}`] } }
      argumentsOfM[`x${i}`] = { references: [`module.m.o${i + 1}`, 'module.m'] }
    }
    outputs[`o${hops}`] = { expression: { references: ['aws_lb.end.arn', 'aws_lb.end'] } }
    const plan = JSON.stringify({
      format_version: '1.2',
      planned_values: { root_module: { resources: [{ address: 'aws_lb.start', type: 'aws_lb', values: {} }] } },
      configuration: {
        root_module: {
          resources: [{ address: 'aws_lb.start', expressions: { name: { references: ['module.m.o0', 'module.m'] } } }],
          module_calls: { m: { expressions: argumentsOfM, module: { outputs } } },
        },
      },
    })
    const [start] = read(plan)
    for (const ref of at(start.body, 'name').refs) expect(ref.address).toMatch(/^module\.m\b/)
  })

  it('locates resources on a one-line plan by column', () => {
    const oneLine = JSON.stringify(JSON.parse(text))
    const lb = resource(read(oneLine), 'module.edge.aws_lb_target_group.lambda')
    const column = oneLine.indexOf('"address":"module.edge.aws_lb_target_group.lambda"') + 1
    expect(lb.location.range).toMatchObject({ line: 1, column, endLine: 1 })
  })

  it('keeps __proto__ an ordinary key', () => {
    const plan =
      '{"format_version":"1.2","planned_values":{"root_module":{"resources":[{"address":"aws_lb.p","type":"aws_lb",' +
      '"values":{"__proto__":{"polluted":true},"tags":{"constructor":"x"}}}]}},' +
      '"configuration":{"root_module":{"resources":[{"address":"aws_lb.p","expressions":{"__proto__":{"references":["aws_vpc.v.id"]}}}]}}}'
    const [lb] = read(plan)
    expect(plainOf(at(lb.body, '__proto__'))).toEqual({ polluted: true })
    expect(at(lb.body, '__proto__').refs).toEqual([{ address: 'aws_vpc.v', attribute: 'id' }])
    expect(plainOf(at(lb.body, 'tags', 'constructor'))).toBe('x')
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  })
})

describe('readPlan on text in other encodings', () => {
  it('reads a UTF-16 LE plan with a byte-order mark and CRLF line breaks once decoded', () => {
    const bytes = readFileSync(path.join(plans, 'win-utf16.plan.json'))
    const decoded = decodeText(bytes)
    expect(decoded).toMatchObject({ ok: true, encoding: 'utf-16le' })
    if (!decoded.ok) return
    expect(isTerraformPlan(decoded.text)).toBe(true)
    const [bucket] = read(decoded.text)
    expect(bucket.address).toBe('aws_s3_bucket.data')
    expect(bucket.location.range).toEqual({ line: 8, column: 11, endLine: 8, endColumn: 42 })
    expect(at(bucket.body, 'bucket')).toMatchObject({
      value: 'mike-abcd123data',
      range: { line: 15, column: 23, endLine: 15, endColumn: 41 },
    })
    expect(at(bucket.body, 'arn')).toMatchObject({ kind: 'unknown', why: 'known after apply' })
  })

  it('reads the same resources from UTF-16 as from UTF-8', () => {
    const text = load('modules.plan.json')
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')])
    const decoded = decodeText(utf16)
    if (!decoded.ok) throw new Error(decoded.message)
    expect(read(decoded.text)).toEqual(read(text))
  })
})

describe('readPlan failures', () => {
  it('reports a JSON syntax error at its line', () => {
    const text = load('modules.plan.json').replace('"mode": "managed",\n          "type": "aws_lambda_function"', '"mode": "managed"\n          "type": "aws_lambda_function"')
    const result = readPlan(text, 'broken.json')
    expect(result).toMatchObject({ ok: false, message: "JSON syntax error: ',' expected" })
    if (!result.ok) expect(result.range.line).toBe(38)
  })

  it('reports a truncated plan at its end', () => {
    const text = load('modules.plan.json').slice(0, 2000)
    const result = readPlan(text, 'truncated.json')
    expect(result.ok).toBe(false)
    if (!result.ok) expect(result.range.line).toBe(text.split('\n').length)
  })

  it('reports Terraform JSON with a state in place of a plan', () => {
    const result = readPlan(load('state-shaped.plan.json'), 'state.json')
    expect(result).toEqual({
      ok: false,
      message: 'not a Terraform plan: it has neither "planned_values" nor "resource_changes"',
      range: { line: 1, column: 1, endLine: 1, endColumn: 2 },
    })
  })

  it('reports a document that is not an object', () => {
    expect(readPlan('\n  [1, 2]', 'list.json')).toMatchObject({ ok: false, range: { line: 2, column: 3 } })
  })

  it('refuses nesting deeper than the parser allows, without a stack overflow', () => {
    const deep = `{"format_version":"1.2","planned_values":{"root_module":{"resources":[{"address":"a.b","type":"a","values":{"v":${'['.repeat(100_000)}${']'.repeat(100_000)}}}]}}}`
    const result = readPlan(deep, 'deep.json')
    expect(result).toMatchObject({ ok: false, message: expect.stringMatching(/nesting/) as unknown, range: { line: 1 } })
  })

  it('reads nesting just within the limit', () => {
    const depth = 990
    const deep = `{"format_version":"1.2","planned_values":{"root_module":{"resources":[{"address":"a.b","type":"a","values":{"v":${'['.repeat(depth)}${']'.repeat(depth)}}}]}},"resource_changes":[{"address":"a.b","change":{"after_unknown":{"v":${'['.repeat(depth)}${']'.repeat(depth)}}}}]}`
    expect(readPlan(deep, 'deep.json').ok).toBe(true)
  })
})

function jsonFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith('.json'))
    .sort()
    .map((name) => path.join(dir, name))
}

const corpusPresent = existsSync(corpus)
if (!corpusPresent) console.warn(`Terraform plan corpus tests skipped: ${path.relative(root, corpus)} is not present beside this repository`)

describe.skipIf(!corpusPresent)(`plans in ${path.relative(root, corpus)}`, () => {
  const files = corpusPresent ? jsonFiles(corpus) : []

  it.each(files.map((file) => [path.relative(corpus, file).split(path.sep).join('/'), file]))(
    '%s is read, or fails with a location',
    (_name, file) => {
      const decoded = decodeText(readFileSync(file))
      expect(decoded.ok).toBe(true)
      if (!decoded.ok) return
      const result = readPlan(decoded.text, file)
      if (result.ok) {
        for (const r of result.resources) expect(r.location.range.line).toBeGreaterThanOrEqual(1)
      } else {
        expect(result.range.line).toBeGreaterThanOrEqual(1)
        expect(result.message).not.toMatch(/\n/)
      }
      if (isTerraformPlan(decoded.text) && !result.ok) expect.fail(`a plan failed: ${result.message}`)
    },
  )

  it('reads the UTF-16 plans and reports the corrupted one with a line', () => {
    const utf16 = files.filter((file) => readFileSync(file).subarray(0, 2).equals(Buffer.from([0xff, 0xfe])))
    expect(utf16.length).toBeGreaterThanOrEqual(3)
    for (const file of utf16) {
      const decoded = decodeText(readFileSync(file))
      expect(decoded.ok && isTerraformPlan(decoded.text) && readPlan(decoded.text, file).ok, file).toBe(true)
    }
    const corrupted = readFileSync(path.join(corpus, 'terraform', 'runner', 'resources', 'plan', 'corrupted-tfplan.json'), 'utf8')
    expect(isTerraformPlan(corrupted)).toBe(false)
    expect(readPlan(corrupted, 'corrupted-tfplan.json')).toMatchObject({ ok: false, range: { line: 1 } })
  })
})
