import { describe, expect, it } from 'vitest'
import { loadHclParser, MAX_HCL_DEPTH } from '../src/frontends/terraform/parse/hcl.js'
import type { Body, ConfigFile, Expr, SyntaxResult } from '../src/frontends/terraform/parse/syntax.js'
import { parseTfJson, parseTfvarsJson } from '../src/frontends/terraform/parse/tf-json.js'

async function parse(text: string): Promise<SyntaxResult> {
  return (await loadHclParser()).parse(text)
}

async function parsed(text: string): Promise<ConfigFile> {
  const result = await parse(text)
  if (!result.ok) throw new Error(`${result.message} at ${result.range.line}:${result.range.column}`)
  return result.file
}

async function expression(text: string): Promise<Expr> {
  return (await parsed(`x = ${text}\n`)).body.attributes[0]!.expr
}

/** An expression without ranges, to compare shapes. */
function shape(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(shape)
  if (value === null || typeof value !== 'object') return value
  return Object.fromEntries(Object.entries(value).filter(([key]) => key !== 'range').map(([key, item]) => [key, shape(item)]))
}

describe('HCL ranges', () => {
  it('keeps the range of every block, label header and attribute (1-based, end column exclusive)', async () => {
    const file = await parsed(
      [
        '# a comment',
        'resource "aws_lb" "this" {',
        '  internal = false',
        '  access_logs {',
        '    bucket = "logs"',
        '  }',
        '}',
        '',
      ].join('\n'),
    )
    const block = file.body.blocks[0]!
    expect(block).toMatchObject({ type: 'resource', labels: ['aws_lb', 'this'] })
    expect(block.range).toEqual({ line: 2, column: 1, endLine: 7, endColumn: 2 })
    expect(block.headerRange).toEqual({ line: 2, column: 1, endLine: 2, endColumn: 25 })
    const internal = block.body.attributes[0]!
    expect(internal.range).toEqual({ line: 3, column: 3, endLine: 3, endColumn: 19 })
    expect(internal.nameRange).toEqual({ line: 3, column: 3, endLine: 3, endColumn: 11 })
    expect(internal.expr.range).toEqual({ line: 3, column: 14, endLine: 3, endColumn: 19 })
    const nested = block.body.blocks[0]!
    expect(nested.range).toEqual({ line: 4, column: 3, endLine: 6, endColumn: 4 })
    expect(nested.body.attributes[0]!.expr.range).toEqual({ line: 5, column: 14, endLine: 5, endColumn: 20 })
    expect(file.comments).toEqual([{ text: ' a comment', range: { line: 1, column: 1, endLine: 1, endColumn: 12 } }])
  })

  it('counts columns in UTF-16 code units and treats CRLF as one line break', async () => {
    const file = await parsed('a = "é😀"\r\nb = c.d\r\n')
    expect(file.body.attributes[0]!.expr.range).toEqual({ line: 1, column: 5, endLine: 1, endColumn: 10 })
    expect(file.body.attributes[1]!.expr.range).toEqual({ line: 2, column: 5, endLine: 2, endColumn: 8 })
  })

  it('reads a label written as an identifier and one-line blocks', async () => {
    const file = await parsed('resource aws_lb this { internal = true }\n')
    expect(file.body.blocks[0]).toMatchObject({ labels: ['aws_lb', 'this'] })
    expect(file.body.blocks[0]!.body.attributes[0]!.name).toBe('internal')
  })
})

describe('HCL expressions', () => {
  it('reads references with attributes, indexes, legacy indexes and splats as steps', async () => {
    expect(shape(await expression('aws_lb.this[0].arn'))).toEqual({
      kind: 'traversal',
      base: { kind: 'variable', name: 'aws_lb' },
      steps: [
        { kind: 'attr', name: 'this' },
        { kind: 'index', key: { kind: 'literal', value: 0 } },
        { kind: 'attr', name: 'arn' },
      ],
    })
    expect(shape(await expression('a.0.b'))).toEqual({
      kind: 'traversal',
      base: { kind: 'variable', name: 'a' },
      steps: [
        { kind: 'index', key: { kind: 'literal', value: 0 } },
        { kind: 'attr', name: 'b' },
      ],
    })
    expect(shape(await expression('a[*].b.c'))).toEqual({
      kind: 'traversal',
      base: { kind: 'variable', name: 'a' },
      steps: [{ kind: 'splat', steps: [{ kind: 'attr', name: 'b' }, { kind: 'attr', name: 'c' }] }],
    })
  })

  it('gives operators their precedence', async () => {
    expect(shape(await expression('-a + b * 2 == 7 || !c'))).toEqual({
      kind: 'binary',
      operator: '||',
      left: {
        kind: 'binary',
        operator: '==',
        left: {
          kind: 'binary',
          operator: '+',
          left: { kind: 'unary', operator: '-', operand: { kind: 'variable', name: 'a' } },
          right: { kind: 'binary', operator: '*', left: { kind: 'variable', name: 'b' }, right: { kind: 'literal', value: 2 } },
        },
        right: { kind: 'literal', value: 7 },
      },
      right: { kind: 'unary', operator: '!', operand: { kind: 'variable', name: 'c' } },
    })
  })

  it('reads conditionals, calls with an expanded last argument, for expressions and object keys', async () => {
    expect(shape(await expression('a ? "x" : null'))).toEqual({
      kind: 'conditional',
      condition: { kind: 'variable', name: 'a' },
      then: { kind: 'literal', value: 'x' },
      else: { kind: 'literal', value: null },
    })
    expect(shape(await expression('concat(a, b...)'))).toEqual({
      kind: 'call',
      name: 'concat',
      args: [
        { kind: 'variable', name: 'a' },
        { kind: 'variable', name: 'b' },
      ],
      expandLast: true,
    })
    expect(shape(await expression('{ for k, v in m : k => v... if v != null }'))).toMatchObject({
      kind: 'for',
      keyVar: 'k',
      valueVar: 'v',
      key: { kind: 'variable', name: 'k' },
      grouping: true,
      condition: { kind: 'binary', operator: '!=' },
    })
    expect(shape(await expression('{ name = 1, "quoted" = 2, (computed) = 3 }'))).toEqual({
      kind: 'object',
      items: [
        { key: { kind: 'literal', value: 'name' }, value: { kind: 'literal', value: 1 } },
        { key: { kind: 'literal', value: 'quoted' }, value: { kind: 'literal', value: 2 } },
        { key: { kind: 'variable', name: 'computed' }, value: { kind: 'literal', value: 3 } },
      ],
    })
  })

  it('undoes the escapes of quoted strings and keeps escaped interpolations literal', async () => {
    expect(shape(await expression('"a\\n\\"b\\" \\u00e9 $${x} %%{y}"'))).toEqual({ kind: 'literal', value: 'a\n"b" é ${x} %{y}' })
  })

  it('reads template interpolations, directives and strip markers', async () => {
    expect(shape(await expression('"arn:${var.p}:x %{if a}yes%{else}no%{endif}"'))).toEqual({
      kind: 'template',
      parts: [
        { kind: 'text', text: 'arn:' },
        { kind: 'interpolation', expr: { kind: 'traversal', base: { kind: 'variable', name: 'var' }, steps: [{ kind: 'attr', name: 'p' }] } },
        { kind: 'text', text: ':x ' },
        { kind: 'if', condition: { kind: 'variable', name: 'a' }, then: [{ kind: 'text', text: 'yes' }], else: [{ kind: 'text', text: 'no' }] },
      ],
    })
    expect(shape(await expression('"a  ${~ b ~}  c"'))).toEqual({
      kind: 'template',
      parts: [
        { kind: 'text', text: 'a' },
        { kind: 'interpolation', expr: { kind: 'variable', name: 'b' } },
        { kind: 'text', text: 'c' },
      ],
    })
  })

  it('reads heredocs, and removes the common indentation of <<-', async () => {
    const plain = await expression('<<EOT\n  one\n two\nEOT\n')
    expect(shape(plain)).toEqual({ kind: 'literal', value: '  one\n two\n' })
    const indented = await expression('<<-EOT\n    {\n      "a": "${b}"\n    }\n    EOT\n')
    expect(shape(indented)).toEqual({
      kind: 'template',
      parts: [
        { kind: 'text', text: '{\n  "a": "' },
        { kind: 'interpolation', expr: { kind: 'variable', name: 'b' } },
        { kind: 'text', text: '"\n}\n' },
      ],
    })
  })
})

describe('broken HCL', () => {
  it('reports a missing closer where it was due', async () => {
    expect(await parse('resource "aws_lb" "x" {\n  internal = true\n')).toEqual({
      ok: false,
      message: "HCL syntax error: missing '}' at the end of the file",
      range: { line: 3, column: 1, endLine: 3, endColumn: 1 },
    })
    expect(await parse('locals {\n  a = [1, 2\n}\n')).toMatchObject({ message: "HCL syntax error: missing ']' before '}'", range: { line: 3, column: 1 } })
  })

  it('reports a missing value just after the token it should follow', async () => {
    expect(await parse('locals {\n  a = 1\n  b = = 2\n}\n')).toEqual({
      ok: false,
      message: "HCL syntax error: expected a name or value after '='",
      range: { line: 3, column: 6, endLine: 3, endColumn: 7 },
    })
  })

  it('reports an unexpected token at its line and column', async () => {
    expect(await parse('locals {\n  a = { b = }\n}\n')).toEqual({
      ok: false,
      message: "HCL syntax error: unexpected 'b ='",
      range: { line: 2, column: 9, endLine: 2, endColumn: 12 },
    })
  })

  it('turns nesting too deep to convert into a parse error instead of overflowing the stack', async () => {
    const depth = 5000
    const result = await parse(`x = ${'('.repeat(depth)}1${')'.repeat(depth)}\n`)
    expect(result).toMatchObject({ ok: false, message: `HCL nesting deeper than ${MAX_HCL_DEPTH} levels`, range: { line: 1 } })
    const lists = await parse(`x = ${'['.repeat(depth)}${']'.repeat(depth)}\n`)
    expect(lists.ok).toBe(false)
  })

  it('accepts nesting that real configurations use', async () => {
    const result = await parse(`x = ${'{ a = '.repeat(30)}1${' }'.repeat(30)}\n`)
    expect(result.ok).toBe(true)
  })
})

describe('Terraform JSON syntax', () => {
  const json = JSON.stringify(
    {
      variable: { name: { type: 'string', default: '${not-a-template}' } },
      resource: {
        aws_lb: { edge: { internal: false, name: '${var.name}-lb', tags: { team: 'a' } } },
        aws_lb_listener: {
          web: {
            load_balancer_arn: '${aws_lb.edge.arn}',
            dynamic: { default_action: { for_each: '${var.actions}', content: { type: '${default_action.value}' } } },
          },
        },
      },
      locals: [{ a: 1 }, { b: 'x' }],
    },
    null,
    2,
  )

  async function parseJson(text: string): Promise<SyntaxResult> {
    return parseTfJson(text, await loadHclParser())
  }

  function bodyOf(result: SyntaxResult): Body {
    if (!result.ok) throw new Error(result.message)
    return result.file.body
  }

  it('reads block labels from nesting levels, with the name key as the header range', async () => {
    const body = bodyOf(await parseJson(json))
    const resources = body.blocks.filter((block) => block.type === 'resource')
    expect(resources.map((block) => block.labels)).toEqual([
      ['aws_lb', 'edge'],
      ['aws_lb_listener', 'web'],
    ])
    expect(resources[0]!.headerRange).toEqual({ line: 10, column: 7, endLine: 10, endColumn: 13 })
    expect(body.blocks.filter((block) => block.type === 'locals').flatMap((block) => block.body.attributes.map((a) => a.name))).toEqual(['a', 'b'])
  })

  it('reads strings as templates, with the range of the JSON string', async () => {
    const body = bodyOf(await parseJson(json))
    const name = body.blocks[1]!.body.attributes.find((attribute) => attribute.name === 'name')!
    expect(shape(name.expr)).toEqual({
      kind: 'template',
      parts: [
        { kind: 'interpolation', expr: { kind: 'traversal', base: { kind: 'variable', name: 'var' }, steps: [{ kind: 'attr', name: 'name' }] } },
        { kind: 'text', text: '-lb' },
      ],
    })
    expect(name.expr.range).toEqual({ line: 12, column: 17, endLine: 12, endColumn: 33 })
  })

  it('takes a variable default literally and reads its type as an expression', async () => {
    const variable = bodyOf(await parseJson(json)).blocks[0]!
    expect(shape(variable.body.attributes.map((attribute) => attribute.expr))).toEqual([
      { kind: 'variable', name: 'string' },
      { kind: 'literal', value: '${not-a-template}' },
    ])
  })

  it('reads dynamic blocks and their content as blocks', async () => {
    const listener = bodyOf(await parseJson(json)).blocks[2]!
    const dynamic = listener.body.blocks[0]!
    expect(dynamic).toMatchObject({ type: 'dynamic', labels: ['default_action'] })
    expect(dynamic.body.blocks.map((block) => block.type)).toEqual(['content'])
  })

  it('reports invalid JSON and a broken template as parse errors with a line', async () => {
    expect(await parseJson('{ "resource": ')).toMatchObject({ ok: false, range: { line: 1 } })
    const broken = await parseJson('{\n  "locals": { "a": "${var.}" }\n}')
    expect(broken).toMatchObject({ ok: false, range: { line: 2 } })
  })

  it('reads .tfvars.json values literally', () => {
    const result = parseTfvarsJson('{ "name": "${x}", "n": 3 }')
    expect(result.ok && shape(result.file.body.attributes.map((attribute) => attribute.expr))).toEqual([
      { kind: 'literal', value: '${x}' },
      { kind: 'literal', value: 3 },
    ])
  })
})
