import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, it, expect } from 'vitest'
import {
  isCloudFormationTemplate,
  looksLikeTemplateText,
  parseJson,
  parseTemplateText,
  parseYaml,
} from '../src/frontends/cloudformation/template.js'
import { decodeText } from '../src/parse/text.js'
import { mapEntry, mapGet, toPlain } from '../src/parse/types.js'
import type { DocNode, ParsedDocument, ParseFailure, ParseResult, Range } from '../src/parse/types.js'

const fixture = (name: string): string =>
  readFileSync(fileURLToPath(new URL(`./fixtures/parse/${name}`, import.meta.url)), 'utf8')

function ok(result: ParseResult): ParsedDocument {
  if (!result.ok) throw new Error(`expected a document, got: ${result.message} at ${JSON.stringify(result.range)}`)
  return result
}

function failed(result: ParseResult): ParseFailure {
  if (result.ok) throw new Error('expected a parse failure')
  return result
}

function r(line: number, column: number, endLine: number, endColumn: number): Range {
  return { line, column, endLine, endColumn }
}

/** Follows a path of map keys and sequence indexes. */
function at(node: DocNode | undefined, ...path: (string | number)[]): DocNode {
  let current = node
  for (const step of path) {
    if (typeof step === 'number') current = current?.kind === 'seq' ? current.items[step] : undefined
    else current = mapGet(current, step)
    if (current === undefined) throw new Error(`no node at ${path.join('.')}`)
  }
  return current!
}

const plainOf = (text: string): unknown => toPlain(ok(parseYaml(text)).root)

describe('YAML ranges', () => {
  const doc = ok(parseYaml(fixture('template.yaml')))

  it('gives keys and values exact 1-based ranges with an exclusive end column', () => {
    const top = mapEntry(doc.root, 'AWSTemplateFormatVersion')!
    expect(top.keyRange).toEqual(r(2, 1, 2, 25))
    expect(top.value).toEqual({ kind: 'scalar', value: '2010-09-09', range: r(2, 27, 2, 39) })

    const type = mapEntry(at(doc.root, 'Resources', 'Bucket'), 'Type')!
    expect(type.keyRange).toEqual(r(12, 5, 12, 9))
    expect(type.value.range).toEqual(r(12, 11, 12, 26))

    const delay = mapEntry(at(doc.root, 'Resources', 'Queue', 'Properties'), 'DelaySeconds')!
    expect(delay.keyRange).toEqual(r(21, 7, 21, 19))
    expect(delay.value).toEqual({ kind: 'scalar', value: 5, range: r(21, 21, 21, 22) })
  })

  it('spans collections from their first to their last character', () => {
    expect(at(doc.root, 'Resources', 'Queue').range).toEqual(r(19, 5, 26, 18))
    expect(at(doc.root, 'Resources', 'Bucket', 'Properties', 'Tags').range).toEqual(r(16, 9, 17, 35))
    expect(doc.root.range).toEqual(r(2, 1, 32, 26))
  })

  it('keeps a block scalar as one string, its range without the trailing line break', () => {
    const policy = at(doc.root, 'Resources', 'Queue', 'Properties', 'Policy')
    expect(policy).toEqual({
      kind: 'scalar',
      value: '# not a comment: block scalar text\nallow all\n',
      range: r(24, 15, 26, 18),
    })
  })

  it('resolves scalars with the core schema', () => {
    expect(plainOf('a: 1\nb: 1.5\nc: true\nd: null\ne: ~\nf: "1"\ng: 0x10\nh: yes\ni: 2010-09-09\nj:\n')).toEqual({
      a: 1,
      b: 1.5,
      c: true,
      d: null,
      e: null,
      f: '1',
      g: 16,
      h: 'yes',
      i: '2010-09-09',
      j: null,
    })
  })

  it('takes keys as written, numbers and booleans included', () => {
    const root = ok(parseYaml('012345678901: a\ntrue: b\n1.0: c\n? [x, y]\n: d\n')).root
    expect(root.kind === 'map' && root.entries.map((e) => e.key)).toEqual(['012345678901', 'true', '1.0', '["x","y"]'])
  })

  it('counts CRLF line ends as one line break', () => {
    const text = 'Resources:\r\n  Bucket:\r\n    Type: AWS::S3::Bucket # c\r\n    Name: !Ref X\r\n'
    const crlf = ok(parseYaml(text))
    const lf = ok(parseYaml(text.replace(/\r\n/g, '\n')))
    expect(crlf.root).toEqual(lf.root)
    expect(crlf.comments).toEqual(lf.comments)
    const type = mapEntry(at(crlf.root, 'Resources', 'Bucket'), 'Type')!
    expect(type.value.range).toEqual(r(3, 11, 3, 26))
    expect(crlf.comments).toEqual([{ text: 'c', range: r(3, 27, 3, 30) }])
    expect(at(crlf.root, 'Resources').range).toEqual(r(2, 3, 4, 17))
  })

  it('does not count a byte-order mark as a column', () => {
    const root = ok(parseYaml('\uFEFFa: b\n')).root
    expect(mapEntry(root, 'a')!.keyRange).toEqual(r(1, 1, 1, 2))
  })
})

describe('YAML short-form intrinsics', () => {
  const longForm: [string, string][] = [
    ['Ref', 'Ref'],
    ['Condition', 'Condition'],
    ['GetAtt', 'Fn::GetAtt'],
    ['Sub', 'Fn::Sub'],
    ['Join', 'Fn::Join'],
    ['Select', 'Fn::Select'],
    ['Split', 'Fn::Split'],
    ['If', 'Fn::If'],
    ['Equals', 'Fn::Equals'],
    ['And', 'Fn::And'],
    ['Or', 'Fn::Or'],
    ['Not', 'Fn::Not'],
    ['FindInMap', 'Fn::FindInMap'],
    ['Base64', 'Fn::Base64'],
    ['Cidr', 'Fn::Cidr'],
    ['ImportValue', 'Fn::ImportValue'],
    ['GetAZs', 'Fn::GetAZs'],
    ['Transform', 'Fn::Transform'],
    ['ToJsonString', 'Fn::ToJsonString'],
    ['Length', 'Fn::Length'],
    ['ForEach', 'Fn::ForEach'],
  ]

  it.each(longForm)('!%s becomes %s on a scalar, a sequence and a map', (tag, key) => {
    expect(plainOf(`v: !${tag} x\n`)).toEqual({ v: { [key]: tag === 'GetAtt' ? ['x'] : 'x' } })
    expect(plainOf(`v: !${tag} [a, 1]\n`)).toEqual({ v: { [key]: ['a', 1] } })
    expect(plainOf(`v: !${tag}\n  - a\n  - b\n`)).toEqual({ v: { [key]: ['a', 'b'] } })
    expect(plainOf(`v: !${tag} { k: v }\n`)).toEqual({ v: { [key]: { k: 'v' } } })
  })

  it('gives the entry the range of the tag and the map the range of tag and value', () => {
    const root = ok(parseYaml('Value: !Ref MyBucket\n')).root
    expect(at(root, 'Value')).toEqual({
      kind: 'map',
      entries: [{ key: 'Ref', keyRange: r(1, 8, 1, 12), value: { kind: 'scalar', value: 'MyBucket', range: r(1, 13, 1, 21) } }],
      range: r(1, 8, 1, 21),
    })
    const block = ok(parseYaml('Value: !If\n  - C\n  - a\n  - b\n')).root
    const ifEntry = mapEntry(at(block, 'Value'), 'Fn::If')!
    expect(ifEntry.keyRange).toEqual(r(1, 8, 1, 11))
    expect(ifEntry.value.range).toEqual(r(2, 3, 4, 6))
    expect(at(block, 'Value').range).toEqual(r(1, 8, 4, 6))
  })

  it('finds the tag behind an anchor', () => {
    const root = ok(parseYaml('a: &x !Ref B\nb: *x\n')).root
    expect(mapEntry(at(root, 'a'), 'Ref')!.keyRange).toEqual(r(1, 7, 1, 11))
    expect(toPlain(root)).toEqual({ a: { Ref: 'B' }, b: { Ref: 'B' } })
  })

  it('splits a scalar !GetAtt at the first dot, with a range for each part', () => {
    const root = ok(parseYaml('a: !GetAtt Res.Arn\nb: !GetAtt Res.Endpoint.Address\nc: !GetAtt "Q.Arn"\n')).root
    expect(toPlain(root)).toEqual({
      a: { 'Fn::GetAtt': ['Res', 'Arn'] },
      b: { 'Fn::GetAtt': ['Res', 'Endpoint.Address'] },
      c: { 'Fn::GetAtt': ['Q', 'Arn'] },
    })
    const parts = at(root, 'b', 'Fn::GetAtt')
    expect(parts.kind === 'seq' && parts.items.map((item) => item.range)).toEqual([r(2, 12, 2, 15), r(2, 16, 2, 32)])
    expect(parts.range).toEqual(r(2, 12, 2, 32))
    const quoted = at(root, 'c', 'Fn::GetAtt')
    expect(quoted.kind === 'seq' && quoted.items.map((item) => item.range)).toEqual([r(3, 13, 3, 14), r(3, 15, 3, 18)])
  })

  it('keeps the list forms of !GetAtt and !Sub', () => {
    expect(plainOf('a: !GetAtt [Res, Arn]\nb: !Sub\n  - "${X}-${Y}"\n  - X: !Ref Z\n    Y: b\n')).toEqual({
      a: { 'Fn::GetAtt': ['Res', 'Arn'] },
      b: { 'Fn::Sub': ['${X}-${Y}', { X: { Ref: 'Z' }, Y: 'b' }] },
    })
  })

  it('converts nested tags', () => {
    const text = [
      'Value: !Join',
      "  - ''",
      '  - - !Sub "arn:${AWS::Partition}:s3:::"',
      '    - !Select [0, !Split [",", !ImportValue Shared]]',
      '    - !If [IsProd, !FindInMap [M, !Ref AWS::Region, K], !Base64 { "Fn::Sub": x }]',
      'Azs: !GetAZs ""',
      'Cond: !And [!Not [!Equals [!Ref A, b]], !Or [!Condition C, !Condition D]]',
      'Cidr: !Cidr [!GetAtt Vpc.CidrBlock, 6, 5]',
      '',
    ].join('\n')
    expect(plainOf(text)).toEqual({
      Value: {
        'Fn::Join': [
          '',
          [
            { 'Fn::Sub': 'arn:${AWS::Partition}:s3:::' },
            { 'Fn::Select': [0, { 'Fn::Split': [',', { 'Fn::ImportValue': 'Shared' }] }] },
            {
              'Fn::If': [
                'IsProd',
                { 'Fn::FindInMap': ['M', { Ref: 'AWS::Region' }, 'K'] },
                { 'Fn::Base64': { 'Fn::Sub': 'x' } },
              ],
            },
          ],
        ],
      },
      Azs: { 'Fn::GetAZs': '' },
      Cond: {
        'Fn::And': [
          { 'Fn::Not': [{ 'Fn::Equals': [{ Ref: 'A' }, 'b'] }] },
          { 'Fn::Or': [{ Condition: 'C' }, { Condition: 'D' }] },
        ],
      },
      Cidr: { 'Fn::Cidr': [{ 'Fn::GetAtt': ['Vpc', 'CidrBlock'] }, 6, 5] },
    })
  })

  it('takes !Transform on a map and !GetAZs with no value', () => {
    expect(plainOf('a: !Transform\n  Name: AWS::Include\n  Parameters: { Location: s3://b/k }\nb: !GetAZs\n')).toEqual({
      a: { 'Fn::Transform': { Name: 'AWS::Include', Parameters: { Location: 's3://b/k' } } },
      b: { 'Fn::GetAZs': '' },
    })
  })

  it('refuses a short-form intrinsic as a mapping key', () => {
    const failure = failed(parseYaml('a: [ !ImportValue Fn::Sub: "x" ]\n'))
    expect(failure).toEqual({ ok: false, message: '!ImportValue cannot be a mapping key', range: r(1, 6, 1, 26) })
  })

  it('leaves other tags alone', () => {
    expect(plainOf('a: !!str 5\nb: !Unknown x\n')).toEqual({ a: '5', b: 'x' })
  })
})

describe('YAML anchors, aliases and merge keys', () => {
  it('copies aliased nodes', () => {
    const root = ok(parseYaml('base: &b\n  x: 1\n  y: [1, 2]\ncopy: *b\n')).root
    expect(toPlain(root)).toEqual({ base: { x: 1, y: [1, 2] }, copy: { x: 1, y: [1, 2] } })
    expect(at(root, 'copy').range).toEqual(r(4, 7, 4, 9))
    expect(at(root, 'copy')).not.toBe(at(root, 'base'))
  })

  it('applies merge keys, keys written in the map winning', () => {
    expect(plainOf('a: &a { x: 1, y: 2 }\nb: &b { z: 3 }\nc:\n  <<: [*a, *b]\n  y: 9\nd:\n  <<: *a\n')).toEqual({
      a: { x: 1, y: 2 },
      b: { z: 3 },
      c: { x: 1, y: 9, z: 3 },
      d: { x: 1, y: 2 },
    })
  })

  it('resolves an alias to the anchor before it, even when the name is used again later', () => {
    expect(plainOf('a: &x 1\nb: &y [*x]\nc: &x 2\nd: *y\ne: *x\n')).toEqual({ a: 1, b: [1], c: 2, d: [1], e: 2 })
  })

  it('fails on an alias to no anchor', () => {
    expect(failed(parseYaml('a: *nothing\n')).range.line).toBe(1)
  })

  it('stops a billion-laughs alias bomb quickly', () => {
    const lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    const names = 'abcdefghi'
    for (let i = 1; i < names.length; i++) {
      const prev = `*${names[i - 1]}`
      lines.push(`${names[i]}: &${names[i]} [${Array(9).fill(prev).join(',')}]`)
    }
    const started = Date.now()
    const failure = failed(parseYaml(lines.join('\n') + '\n'))
    expect(failure.message).toBe('YAML alias expansion exceeds 1000000 nodes')
    // a..f expand to 672,588 nodes; the first *f on line g takes the total past the bound.
    expect(failure.range).toEqual(r(7, 8, 7, 10))
    expect(Date.now() - started).toBeLessThan(5000)
  })
})

describe('YAML failures', () => {
  it('reports a duplicate key at the second key', () => {
    const failure = failed(parseYaml('Resources:\n  A:\n    Type: X\n  B: {}\n  A:\n    Type: Y\n'))
    expect(failure.message).toBe('duplicate key "A" (first at line 2)')
    expect(failure.range).toEqual(r(5, 3, 5, 4))
  })

  it('reports bad indentation where it is, in one line', () => {
    const failure = failed(parseYaml(fixture('bad-indent.yaml')))
    expect(failure.range.line).toBe(4)
    expect(failure.range.column).toBe(4)
    expect(failure.message).not.toContain('\n')
    expect(failure.message).not.toMatch(/at line \d+/)
    expect(failure.message.length).toBeGreaterThan(0)
  })

  it('reports other syntax errors', () => {
    const failure = failed(parseYaml('a: "unterminated\n'))
    expect(failure.range).toEqual(r(1, 16, 1, 17))
    expect(failure.message).not.toContain('\n')
  })

  it('fails on 100,000 nested flow sequences without crashing', () => {
    const failure = failed(parseYaml('['.repeat(100_000) + ']'.repeat(100_000)))
    expect(failure.message).toMatch(/nesting/)
    expect(failure.range.line).toBe(1)
  })

  it('fails on 100,000 nested compact block sequences without crashing', () => {
    expect(failed(parseYaml('- '.repeat(100_000) + 'x\n')).message).toMatch(/nesting/)
  })

  it('parses moderately deep nesting', () => {
    const depth = 200
    const root = ok(parseYaml('a: ' + '['.repeat(depth) + '1' + ']'.repeat(depth) + '\n')).root
    let node = at(root, 'a')
    for (let i = 1; i < depth; i++) node = at(node, 0)
    expect(at(node, 0)).toMatchObject({ kind: 'scalar', value: 1 })
  })

  it('accepts flow collections under-indented the way CloudFormation does, positions unchanged', () => {
    const root = ok(parseYaml(fixture('flow-indent.yaml'))).root
    const resource = at(root, 'Resources', 'Role', 'Properties', 'Policies', 0, 'PolicyDocument', 'Statement', 0, 'Resource')
    expect(toPlain(resource)).toEqual([{ 'Fn::Sub': 'arn:${AWS::Partition}:s3:::a' }, 'arn:aws:s3:::b'])
    expect(resource.range).toEqual(r(9, 27, 12, 18))
    expect(at(resource, 0).range).toEqual(r(10, 17, 10, 52))
    expect(mapEntry(at(resource, 0), 'Fn::Sub')!.keyRange).toEqual(r(10, 17, 10, 21))
    expect(at(resource, 1).range).toEqual(r(11, 17, 11, 33))
  })
})

describe('YAML documents and comments', () => {
  it('treats __proto__ and constructor as ordinary keys', () => {
    const root = ok(parseYaml('__proto__: { polluted: true }\nconstructor: 1\nprototype: 2\n')).root
    expect(root.kind === 'map' && root.entries.map((e) => e.key)).toEqual(['__proto__', 'constructor', 'prototype'])
    expect(toPlain(mapGet(root, '__proto__')!)).toEqual({ polluted: true })
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
    const json = ok(parseJson('{"__proto__": {"polluted": true}, "constructor": 1}')).root
    expect(json.kind === 'map' && json.entries.map((e) => e.key)).toEqual(['__proto__', 'constructor'])
  })

  it('collects comments with their ranges, and no # inside scalars', () => {
    const doc = ok(parseYaml(fixture('template.yaml')))
    expect(doc.comments).toEqual([
      { text: 'iac-lint-ignore-file E3012', range: r(1, 1, 1, 29) },
      { text: 'trailing comment', range: r(7, 18, 7, 36) },
    ])
    const inFlow = ok(parseYaml('a: [x, # one\n  y]  # two\nb: "#no" # three\nc: a#b\n# four\n'))
    expect(inFlow.comments.map((c) => c.text)).toEqual(['one', 'two', 'three', 'four'])
    expect(inFlow.comments[0].range).toEqual(r(1, 8, 1, 13))
  })

  it('gives an empty map for an empty file or one with only comments', () => {
    const empty = ok(parseYaml(''))
    expect(empty.root).toEqual({ kind: 'map', entries: [], range: r(1, 1, 1, 1) })
    const onlyComments = ok(parseYaml('# nothing here\n\n# still nothing\n'))
    expect(onlyComments.root).toEqual({ kind: 'map', entries: [], range: r(1, 1, 1, 1) })
    expect(onlyComments.comments).toHaveLength(2)
    expect(ok(parseYaml('---\n')).root).toEqual({ kind: 'map', entries: [], range: r(1, 1, 1, 1) })
  })

  it('leaves process.env and Error.stackTraceLimit as they were', () => {
    const env = process.env
    const limit = Error.stackTraceLimit
    ok(parseYaml('a: !Ref B\n'))
    failed(parseYaml('a: [\n'))
    expect(process.env).toBe(env)
    expect(Error.stackTraceLimit).toBe(limit)
  })

  it('uses the first document of several', () => {
    expect(plainOf('a: 1\n---\nb: 2\n---\n[not: valid\n')).toEqual({ a: 1 })
    expect(plainOf('---\na: 1\n...\n---\nb: 2\n')).toEqual({ a: 1 })
  })
})

describe('JSON', () => {
  const doc = ok(parseJson(fixture('template.json')))

  it('gives keys and values exact ranges', () => {
    expect(doc.format).toBe('json')
    const version = mapEntry(doc.root, 'AWSTemplateFormatVersion')!
    expect(version.keyRange).toEqual(r(2, 3, 2, 29))
    expect(version.value).toEqual({ kind: 'scalar', value: '2010-09-09', range: r(2, 31, 2, 43) })
    const props = at(doc.root, 'Resources', 'Bucket', 'Properties')
    expect(props.range).toEqual(r(6, 21, 6, 95))
    expect(mapEntry(props, 'Versioning')!.value).toEqual({ kind: 'scalar', value: true, range: r(6, 89, 6, 93) })
    expect(at(doc.root, 'Resources', 'Bucket').range).toEqual(r(4, 15, 7, 6))
    expect(doc.root.range).toEqual(r(1, 1, 9, 2))
    expect(doc.comments).toEqual([])
  })

  it('keeps scalar types', () => {
    expect(toPlain(ok(parseJson('{"a": 1.5, "b": false, "c": null, "d": [1, "x"]}')).root)).toEqual({
      a: 1.5,
      b: false,
      c: null,
      d: [1, 'x'],
    })
  })

  it('counts CRLF line ends as one line break', () => {
    const text = '{\r\n  "a": {\r\n    "b": "c"\r\n  }\r\n}\r\n'
    const root = ok(parseJson(text)).root
    expect(mapEntry(at(root, 'a'), 'b')!.value.range).toEqual(r(3, 10, 3, 13))
    expect(at(root, 'a').range).toEqual(r(2, 8, 4, 4))
  })

  it('reports a syntax error at its position', () => {
    const failure = failed(parseJson(fixture('bad.json')))
    expect(failure).toEqual({ ok: false, message: "JSON syntax error: ':' expected", range: r(3, 14, 3, 15) })
    expect(failed(parseJson('{"a": 1,}')).message).toMatch(/JSON syntax error/)
    expect(failed(parseJson('{"a": 1} // no comments\n')).message).toBe('JSON syntax error: comments are not allowed in JSON')
  })

  it('reports a duplicate key at the second key', () => {
    const failure = failed(parseJson('{\n  "A": 1,\n  "B": 2,\n  "A": 3\n}'))
    expect(failure).toEqual({ ok: false, message: 'duplicate key "A" (first at line 2)', range: r(4, 3, 4, 6) })
  })

  it('fails on 100,000 nested arrays without crashing', () => {
    const failure = failed(parseJson('['.repeat(100_000) + ']'.repeat(100_000)))
    expect(failure.message).toMatch(/nesting deeper than 1000/)
    expect(failure.range).toEqual(r(1, 1001, 1, 1002))
    expect(failed(parseJson('{"a":'.repeat(100_000))).message).toMatch(/nesting/)
  })

  it('accepts nesting up to the limit', () => {
    const text = '['.repeat(1000) + ']'.repeat(1000)
    expect(ok(parseJson(text)).root.kind).toBe('seq')
  })

  it('gives an empty map for an empty file', () => {
    expect(ok(parseJson('  \n')).root).toEqual({ kind: 'map', entries: [], range: r(1, 1, 1, 1) })
  })
})

describe('decodeText', () => {
  const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text)

  it('decodes UTF-8 with and without a byte-order mark', () => {
    expect(decodeText(utf8('a: é\r\n'))).toEqual({ ok: true, text: 'a: é\r\n', encoding: 'utf-8' })
    expect(decodeText(new Uint8Array([0xef, 0xbb, 0xbf, ...utf8('a: 1')]))).toEqual({
      ok: true,
      text: 'a: 1',
      encoding: 'utf-8',
    })
  })

  it('decodes UTF-16 LE and BE with a byte-order mark', () => {
    const text = '{"a": "ü€😀"}\r\n'
    const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')])
    expect(decodeText(le)).toEqual({ ok: true, text, encoding: 'utf-16le' })
    const be = Buffer.from(Buffer.from(text, 'utf16le')).swap16()
    expect(decodeText(Buffer.concat([Buffer.from([0xfe, 0xff]), be]))).toEqual({ ok: true, text, encoding: 'utf-16be' })
    expect(decodeText(new Uint8Array([0xff, 0xfe, 0x41]))).toMatchObject({ ok: false, reason: 'invalid-utf16' })
  })

  it('reports binary content', () => {
    expect(decodeText(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d]))).toMatchObject({
      ok: false,
      reason: 'binary',
    })
    expect(decodeText(new Uint8Array([0x61, 0x3a, 0x20, 0xc3, 0x28]))).toMatchObject({ ok: false, reason: 'invalid-utf8' })
    expect(decodeText(new Uint8Array([0x61, 0x00, 0x62, 0x00]))).toMatchObject({ ok: false, reason: 'binary' })
  })

  it('feeds the parsers text whose positions match the file', () => {
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('Resources:\r\n  A: !Ref B\r\n', 'utf16le')])
    const decoded = decodeText(bytes)
    if (!decoded.ok) throw new Error(decoded.message)
    const root = ok(parseYaml(decoded.text)).root
    expect(mapEntry(at(root, 'Resources', 'A'), 'Ref')!.value.range).toEqual(r(2, 11, 2, 12))
  })
})

describe('template detection', () => {
  const parse = (name: string): DocNode => ok(parseTemplateText(fixture(name), name)).root

  it('recognises CloudFormation and SAM templates', () => {
    expect(isCloudFormationTemplate(parse('template.yaml'))).toBe(true)
    expect(isCloudFormationTemplate(parse('template.json'))).toBe(true)
    expect(isCloudFormationTemplate(parse('flow-indent.yaml'))).toBe(true)
    const sam = ok(parseYaml('Transform: AWS::Serverless-2016-10-31\nResources:\n  F:\n    Type: AWS::Serverless::Function\n'))
    expect(isCloudFormationTemplate(sam.root)).toBe(true)
    const custom = ok(parseYaml('Resources:\n  C:\n    Type: Custom::Thing\n'))
    expect(isCloudFormationTemplate(custom.root)).toBe(true)
  })

  it('rejects other YAML and JSON', () => {
    expect(isCloudFormationTemplate(parse('github-workflow.yml'))).toBe(false)
    expect(isCloudFormationTemplate(parse('not-template-package.json'))).toBe(false)
    expect(isCloudFormationTemplate(parse('k8s-deployment.yaml'))).toBe(false)
    expect(isCloudFormationTemplate(ok(parseYaml('Resources:\n  R:\n    Type: Other::Thing\n')).root)).toBe(false)
    expect(isCloudFormationTemplate(ok(parseYaml('Resources: [a]\n')).root)).toBe(false)
    expect(isCloudFormationTemplate(ok(parseYaml('just text\n')).root)).toBe(false)
  })

  it('pre-checks the text cheaply', () => {
    expect(looksLikeTemplateText(fixture('template.yaml'))).toBe(true)
    expect(looksLikeTemplateText(fixture('not-template-package.json'))).toBe(false)
    expect(looksLikeTemplateText(fixture('k8s-deployment.yaml'))).toBe(false)
  })

  it('picks JSON by file name or a leading brace, YAML otherwise', () => {
    expect(ok(parseTemplateText('{"a": 1}', 'template.yaml')).format).toBe('json')
    expect(ok(parseTemplateText('  \n{"a": 1}', 'x')).format).toBe('json')
    expect(ok(parseTemplateText('a: 1', 'template.yaml')).format).toBe('yaml')
    expect(ok(parseTemplateText('[1]', 'template.template')).format).toBe('yaml')
    expect(failed(parseTemplateText('a: 1', 'x.JSON')).message).toMatch(/JSON/)
  })
})
