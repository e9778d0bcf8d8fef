import { afterAll, describe, expect, it } from 'vitest'
import { evaluate, removeFolders } from './terraform-support.js'

afterAll(removeFolders)

const VARIABLES = `
variable "name" { default = "orders" }
variable "port" {
  type    = number
  default = "8080"
}
variable "no_default" {}
variable "tags" {
  default = { team = "a", env = "prod" }
}
variable "listeners" {
  type = map(object({
    port     = number
    protocol = optional(string, "HTTP")
    cognito  = optional(object({ pool = string }))
    tags     = optional(map(string), {})
  }))
  default = {
    web = { port = 80, extra = "dropped" }
  }
}
locals {
  prefix = "\${var.name}-api"
  both   = [local.prefix, var.name]
  loop_a = local.loop_b
  loop_b = local.loop_a
}
`

describe('literals, variables and locals', () => {
  it.each([
    ['"text"', 'text'],
    ['42', 42],
    ['1.5', 1.5],
    ['true', true],
    ['null', null],
    ['[1, "a"]', [1, 'a']],
    ['{ a = 1, "b-c" = [2] }', { a: 1, 'b-c': [2] }],
  ])('%s', async (expr, expected) => {
    expect(await evaluate(expr)).toEqual(expected)
  })

  it('reads variable defaults and locals, converted to the declared type', async () => {
    expect(await evaluate('local.both', VARIABLES)).toEqual(['orders-api', 'orders'])
    expect(await evaluate('var.port', VARIABLES)).toBe(8080)
  })

  it('fills optional object attributes with their default or null and drops undeclared ones', async () => {
    expect(await evaluate('var.listeners', VARIABLES)).toEqual({ web: { port: 80, protocol: 'HTTP', cognito: null, tags: {} } })
  })

  it('leaves a variable without a value unknown, and a cycle of locals an error', async () => {
    expect(await evaluate('var.no_default', VARIABLES)).toEqual({
      unknown: 'variable no_default has no default and no value in a variable file or --var',
      refs: [],
    })
    expect(await evaluate('local.loop_a', VARIABLES)).toEqual({ error: 'local.loop_a depends on itself' })
    expect(await evaluate('var.undeclared', VARIABLES)).toEqual({ error: 'variable "undeclared" is not declared' })
  })

  it('takes --var values as strings for primitive types and as expressions for others', async () => {
    expect(await evaluate('var.no_default', VARIABLES, { no_default: 'given' })).toBe('given')
    expect(await evaluate('var.port', VARIABLES, { port: '9000' })).toBe(9000)
    expect(await evaluate('var.listeners.api.protocol', VARIABLES, { listeners: '{ api = { port = 443 } }' })).toBe('HTTP')
  })
})

describe('references', () => {
  it('leaves a resource attribute unknown and keeps the reference, with the instance key when the index is known', async () => {
    expect(await evaluate('aws_lb.this.arn')).toEqual({ unknown: 'aws_lb.this.arn is known only after apply', refs: ['aws_lb.this.arn'] })
    expect(await evaluate('aws_lb.this[0].arn')).toMatchObject({ refs: ['aws_lb.this[0].arn'] })
    expect(await evaluate('aws_lb.this["edge"].arn')).toMatchObject({ refs: ['aws_lb.this["edge"].arn'] })
    expect(await evaluate('aws_lb.this[*].arn')).toMatchObject({ refs: ['aws_lb.this.arn'] })
    expect(await evaluate('aws_lb.this[var.no_default].arn', VARIABLES)).toMatchObject({ refs: ['aws_lb.this.arn'] })
  })

  it('keeps references inside templates, data sources and function calls', async () => {
    expect(await evaluate('"integrations/${aws_apigatewayv2_integration.x.id}"')).toMatchObject({
      refs: ['aws_apigatewayv2_integration.x.id'],
    })
    expect(await evaluate('data.aws_iam_policy_document.p.json')).toMatchObject({ refs: ['data.aws_iam_policy_document.p.json'] })
    expect(await evaluate('jsonencode({ Resource = aws_lambda_function.f.arn })')).toMatchObject({ refs: ['aws_lambda_function.f.arn'] })
  })

  it('knows path.module and path.root, not the workspace or the working folder', async () => {
    expect(await evaluate('path.module')).toBe('.')
    expect(await evaluate('terraform.workspace')).toMatchObject({ unknown: 'the Terraform workspace is chosen when Terraform runs' })
    expect(await evaluate('path.cwd')).toMatchObject({ unknown: 'path.cwd depends on where Terraform runs' })
  })
})

describe('templates, conditionals and operators', () => {
  it('builds strings from templates with numbers, booleans and directives', async () => {
    expect(await evaluate('"${var.name}:${var.port}:${true}"', VARIABLES)).toBe('orders:8080:true')
    expect(await evaluate('"%{ for t in ["a", "b"] }${t};%{ endfor }"')).toBe('a;b;')
    expect(await evaluate('"%{ if var.port > 80 }high%{ else }low%{ endif }"', VARIABLES)).toBe('high')
  })

  it('gives a single interpolation its value, not a string', async () => {
    expect(await evaluate('"${var.port}"', VARIABLES)).toBe(8080)
  })

  it('picks the branch of a known condition, and only an agreeing pair of an unknown one', async () => {
    expect(await evaluate('var.port == 8080 ? "yes" : "no"', VARIABLES)).toBe('yes')
    expect(await evaluate('var.no_default ? "same" : "same"', VARIABLES)).toBe('same')
    expect(await evaluate('var.no_default ? aws_lb.a.arn : "x"', VARIABLES)).toMatchObject({ refs: ['aws_lb.a.arn'] })
  })

  it.each([
    ['1 + 2 * 3', 7],
    ['(1 + 2) * 3', 9],
    ['7 % 4 - 10 / 4', 0.5],
    ['-var.port', -8080],
    ['"5" + 1', 6],
    ['3 >= 3 && 2 < 1', false],
    ['!false || false', true],
    ['[1, 2] == [1, 2]', true],
    ['{ a = 1 } != { a = 2 }', true],
  ])('%s', async (expr, expected) => {
    expect(await evaluate(expr, VARIABLES)).toBe(expected)
  })

  it('decides && and || with one unknown side when the other decides', async () => {
    expect(await evaluate('false && var.no_default', VARIABLES)).toBe(false)
    expect(await evaluate('var.no_default || true', VARIABLES)).toBe(true)
    expect(await evaluate('true && var.no_default', VARIABLES)).toMatchObject({ unknown: expect.any(String) })
  })
})

describe('for expressions and splats', () => {
  it('maps lists and maps, filters, and groups with ...', async () => {
    expect(await evaluate('[for s in ["a", "b"] : upper(s)]')).toEqual(['A', 'B'])
    expect(await evaluate('{ for k, v in var.tags : v => k }', VARIABLES)).toEqual({ prod: 'env', a: 'team' })
    expect(await evaluate('[for i, v in [10, 20, 30] : i + v if v > 10]')).toEqual([21, 32])
    expect(await evaluate('{ for v in ["a", "b", "a"] : v => v... }')).toEqual({ a: ['a', 'a'], b: ['b'] })
  })

  it('iterates maps in key order, as Terraform does', async () => {
    expect(await evaluate('[for k, v in { b = 1, a = 2 } : k]')).toEqual(['a', 'b'])
  })

  it('scopes the iterator: a name bound by for is not a resource reference', async () => {
    expect(await evaluate('[for aws_lb in ["x"] : aws_lb]')).toEqual(['x'])
    expect(await evaluate('[for each in [{ arn = "a" }] : each.arn]')).toEqual(['a'])
  })

  it('keeps the references of a for expression over an unknown collection', async () => {
    expect(await evaluate('[for fn in aws_lambda_function.all : fn.arn]')).toMatchObject({ refs: ['aws_lambda_function.all'] })
  })

  it('splats lists, a single value and null', async () => {
    expect(await evaluate('[{ a = 1 }, { a = 2 }][*].a')).toEqual([1, 2])
    expect(await evaluate('{ a = 1 }[*].a')).toEqual([1])
    expect(await evaluate('null[*]')).toEqual([])
  })
})

describe('functions', () => {
  it.each([
    ['tostring(12)', '12'],
    ['tostring(true)', 'true'],
    ['tonumber("30")', 30],
    ['tobool("true")', true],
    ['format("%s-%03d-%.1f-%t-%q-%v", "a", 7, 1.26, true, "q", 3)', 'a-007-1.3-true-"q"-3'],
    ['format("%5s|%-3s|", "ab", "c")', '   ab|c  |'],
    ['lookup({ a = 1 }, "a", 0)', 1],
    ['lookup({ a = 1 }, "b", 0)', 0],
    ['merge({ a = 1, b = 1 }, null, { b = 2 })', { a: 1, b: 2 }],
    ['concat([1], [], [2, 3])', [1, 2, 3]],
    ['coalesce(null, "", "x", "y")', 'x'],
    ['try(var.tags.missing, "fallback")', 'fallback'],
    ['try(var.tags.team, "fallback")', 'a'],
    ['can(var.tags.missing)', false],
    ['length("héllo")', 5],
    ['length({ a = 1, b = 2 })', 2],
    ['element(["a", "b"], 3)', 'b'],
    ['lower("ABC")', 'abc'],
    ['upper("abc")', 'ABC'],
    ['jsonencode({ b = [1, true], a = null })', '{"a":null,"b":[1,true]}'],
    ['keys({ b = 1, a = 2 })', ['a', 'b']],
    ['values({ b = 1, a = 2 })', [2, 1]],
    ['flatten([[1, [2]], 3])', [1, 2, 3]],
    ['contains(["a"], "a")', true],
    ['join(",", ["a", "b"])', 'a,b'],
    ['split(",", "a,b")', ['a', 'b']],
    ['one([])', null],
    ['distinct([1, 1, 2])', [1, 2]],
    ['compact(["a", "", null])', ['a']],
    ['toset(["b", "a", "b"])', ['a', 'b']],
    ['concat([["a"], ["b", "c"]]...)', ['a', 'b', 'c']],
  ])('%s', async (expr, expected) => {
    expect(await evaluate(expr, VARIABLES)).toEqual(expected)
  })

  it('gives unknown for functions it does not evaluate, keeping references', async () => {
    expect(await evaluate('zipmap(["arn"], [aws_lb.a.arn])')).toEqual({
      unknown: 'function zipmap is not evaluated by iac-lint',
      refs: ['aws_lb.a.arn'],
    })
  })

  it('gives unknown, not a guess, when an argument is unknown', async () => {
    expect(await evaluate('lower(var.no_default)', VARIABLES)).toMatchObject({ unknown: expect.stringContaining('no_default') })
    expect(await evaluate('coalesce(var.no_default, "x")', VARIABLES)).toMatchObject({ unknown: expect.any(String) })
    expect(await evaluate('try(aws_lb.a.arn, "x")')).toMatchObject({ refs: ['aws_lb.a.arn'] })
  })
})
