/**
 * The YAML fast path (`parseYamlFast`) against the `yaml`-based reference (`parseYamlReference`):
 * wherever the fast path gives a result it must be identical — tree, values, ranges, comments —
 * and whatever it is not sure of it must leave to the reference (return undefined).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { isDeepStrictEqual } from 'node:util'
import { describe, expect, it } from 'vitest'
import { FAST_MAX_DEPTH, parseYamlFast } from '../src/parse/yaml-fast.js'
import { parseYaml, parseYamlReference } from '../src/parse/yaml.js'
import { INTRINSIC_TAGS, MAX_YAML_DEPTH } from '../src/parse/yaml-common.js'
import { mapEntry, toPlain } from '../src/parse/types.js'
import type { DocNode, ParsedDocument, ParseResult, Range } from '../src/parse/types.js'

const repo = fileURLToPath(new URL('..', import.meta.url))
const corpus = path.resolve(repo, '..', 'shared', 'corpus')

function yamlFiles(root: string): string[] {
  const out: string[] = []
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      if (name === 'node_modules' || name === '.git') continue
      const file = path.join(dir, name)
      const stat = statSync(file)
      if (stat.isDirectory()) walk(file)
      else if (stat.isFile() && /\.ya?ml$/i.test(name)) out.push(file)
    }
  }
  if (existsSync(root)) walk(root)
  return out
}

function read(file: string): string {
  const text = readFileSync(file, 'utf8')
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text
}

/** The first place two values differ, for a readable failure. */
function firstDifference(a: unknown, b: unknown, at = ''): string | undefined {
  if (isDeepStrictEqual(a, b)) return undefined
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) {
    return `${at || '(root)'}: fast ${JSON.stringify(a)}, reference ${JSON.stringify(b)}`
  }
  const keys = new Set([...Object.keys(a), ...Object.keys(b)])
  for (const key of keys) {
    const d = firstDifference((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key], `${at}.${key}`)
    if (d !== undefined) return d
  }
  return `${at || '(root)'}: differ`
}

interface Differential {
  files: number
  fast: number
  mismatches: string[]
}

function differential(files: string[]): Differential {
  const result: Differential = { files: files.length, fast: 0, mismatches: [] }
  for (const file of files) {
    const text = read(file)
    const fast = parseYamlFast(text)
    if (fast === undefined) continue
    result.fast++
    const difference = firstDifference(fast, parseYamlReference(text))
    if (difference !== undefined) result.mismatches.push(`${path.relative(repo, file)}: ${difference}`)
  }
  return result
}

function report(name: string, d: Differential): void {
  const share = d.files === 0 ? 0 : (100 * d.fast) / d.files
  console.info(`yaml fast path, ${name}: ${d.fast} of ${d.files} YAML files (${share.toFixed(1)}%) identical to the reference`)
}

/** The fast path takes `text`, with exactly the reference's result. */
function same(text: string): ParsedDocument {
  const fast = parseYamlFast(text)
  const reference = parseYamlReference(text)
  if (fast === undefined || !fast.ok) throw new Error(`fast path declined:\n${text}`)
  expect(firstDifference(fast, reference)).toBeUndefined()
  expect(parseYaml(text)).toEqual(reference)
  return fast
}

/** The fast path leaves `text` to the reference, and `parseYaml` gives the reference's result. */
function declines(text: string): ParseResult {
  expect(parseYamlFast(text)).toBeUndefined()
  const reference = parseYamlReference(text)
  expect(parseYaml(text)).toEqual(reference)
  return reference
}

function r(line: number, column: number, endLine: number, endColumn: number): Range {
  return { line, column, endLine, endColumn }
}

const plain = (doc: ParsedDocument): unknown => toPlain(doc.root)

function get(node: DocNode, ...steps: (string | number)[]): DocNode {
  let current: DocNode | undefined = node
  for (const step of steps) {
    if (typeof step === 'number') current = current?.kind === 'seq' ? current.items[step] : undefined
    else current = mapEntry(current, step)?.value
    if (current === undefined) throw new Error(`nothing at ${steps.join('.')}`)
  }
  return current
}

describe('YAML fast path: differential over real files', () => {
  it('matches the reference on every repository fixture and example it takes', () => {
    const files = ['fixtures', 'examples', path.join('test', 'fixtures')].flatMap((dir) => yamlFiles(path.join(repo, dir)))
    expect(files.length).toBeGreaterThan(0)
    const d = differential(files)
    report('repository fixtures and examples', d)
    expect(d.mismatches).toEqual([])
    // Most of them are ordinary templates; the rest are broken or odd on purpose.
    expect(d.fast).toBeGreaterThan(files.length / 2)
  })

  const corpusTitle = 'matches the reference on the shared corpus, taking at least 80% of it'
  it.skipIf(!existsSync(corpus))(existsSync(corpus) ? corpusTitle : `${corpusTitle} (skipped: no corpus at ${corpus})`, () => {
    const d = differential(yamlFiles(corpus))
    report(`shared corpus (${corpus})`, d)
    expect(d.mismatches).toEqual([])
    expect(d.fast / d.files).toBeGreaterThanOrEqual(0.8)
  })

  it('runs against yaml 2.9.1, the version the differential was last checked with, pinned in package.json', () => {
    const installed = (JSON.parse(readFileSync(path.join(repo, 'node_modules', 'yaml', 'package.json'), 'utf8')) as { version: string }).version
    const pinned = (JSON.parse(readFileSync(path.join(repo, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> }).devDependencies.yaml
    const why = 'the fast path copies what yaml 2.9.1 does (the bundle carries the library): on a new version, re-run this differential test and update the pin in package.json and this test together'
    expect(installed, why).toBe('2.9.1')
    expect(pinned, why).toBe('2.9.1')
  })
})

describe('YAML fast path: block collections', () => {
  it('reads nested mappings and sequences with the reference ranges', () => {
    const doc = same('Resources:\n  Bucket:\n    Type: AWS::S3::Bucket\n    Properties:\n      Tags:\n        - Key: a\n          Value: b\n        - Key: c\n          Value: d\n')
    const tags = get(doc.root, 'Resources', 'Bucket', 'Properties', 'Tags')
    expect(tags.range).toEqual(r(6, 9, 9, 19))
    expect(get(tags, 1).range).toEqual(r(8, 11, 9, 19))
    expect(doc.root.range).toEqual(r(1, 1, 9, 19))
  })

  it('reads compact nesting and a sequence at its key’s column', () => {
    const doc = same('a:\n- - x\n  - y\n- - - z\n-   k: 1\n    l: 2\n-\n  m: 3\nb: 1\n')
    expect(plain(doc)).toEqual({ a: [['x', 'y'], [['z']], { k: 1, l: 2 }, { m: 3 }], b: 1 })
  })

  it('reads empty values as null at the reference position', () => {
    const doc = same('a:\nb:   \nc: # note\nd: 1\ne:\n- \n-\nf: [ ]\n')
    expect(get(doc.root, 'a').range).toEqual(r(1, 3, 1, 3))
    expect(get(doc.root, 'b').range).toEqual(r(2, 6, 2, 6))
    expect(get(doc.root, 'c').range).toEqual(r(3, 4, 3, 4))
    expect(plain(doc)).toEqual({ a: null, b: null, c: null, d: 1, e: [null, null], f: [] })
  })

  it('takes keys as written and treats __proto__ as an ordinary key', () => {
    const doc = same('012345678901: a\ntrue: b\n1.0: c\nnull: d\n~: e\n"q k": f\n\'it\'\'s\': g\n__proto__: h\nk : i\na[0]: j\n')
    expect(doc.root.kind === 'map' && doc.root.entries.map((e) => e.key)).toEqual([
      '012345678901',
      'true',
      '1.0',
      'null',
      '~',
      'q k',
      "it's",
      '__proto__',
      'k',
      'a[0]',
    ])
  })

  it('accepts a document indented as a whole, and CRLF line ends', () => {
    same('  a: 1\n  b:\n    - x\n')
    const crlf = same('Resources:\r\n  A:\r\n    Type: X # c\r\n    P: |\r\n      l1\r\n\r\n      l2\r\n')
    expect(get(crlf.root, 'Resources', 'A', 'P')).toMatchObject({ value: 'l1\n\nl2\n', range: r(4, 8, 7, 9) })
  })
})

describe('YAML fast path: scalars', () => {
  it('resolves plain scalars with the core schema', () => {
    const values = [
      '1', '-2', '+3', '0', '-0', '012', '0o17', '0x1F', '0X1F', '0b11', '1_000', '1.5', '1.50', '.5', '5.', '-1.5e3', '1E-2', '1e3',
      '.inf', '-.Inf', '+.INF', '.nan', '.NaN', 'true', 'True', 'TRUE', 'tRUE', 'false', 'FALSE', 'yes', 'no', 'on', 'null', 'Null',
      'NULL', 'nULL', '~', '2010-09-09', '12:30', '1,000', '0x', '-x', '.', '..', 'x1', '9007199254740993',
    ]
    const doc = same(values.map((v, i) => `k${i}: ${v}\n`).join(''))
    const got = doc.root.kind === 'map' ? doc.root.entries.map((e) => (e.value.kind === 'scalar' ? e.value.value : undefined)) : []
    expect(got.slice(0, 4)).toEqual([1, -2, 3, 0])
    expect(got).toContain(Number.NEGATIVE_INFINITY)
    expect(got).toContain('yes')
  })

  it('folds multi-line plain scalars', () => {
    const doc = same('a: one\n  two\n\n  three\n\n\n   four  \nb:\n  x\n  y\n- z\nc: 1\n'.replace('- z\n', '  - z\n'))
    expect(get(doc.root, 'a')).toMatchObject({ value: 'one two\nthree\n\nfour', range: r(1, 4, 7, 8) })
    expect(get(doc.root, 'b')).toMatchObject({ value: 'x y - z' })
  })

  it('reads quoted scalars with escapes and folding', () => {
    const doc = same(
      [
        "a: 'it''s'",
        "b: 'one",
        '  two',
        '',
        "  three'",
        'c: "\\t\\n\\x41\\u00e9\\U0001F600\\"\\\\\\/ \\0\\a\\b\\e\\f\\r\\v\\N\\_\\L\\P"',
        'd: "one \\',
        '    two  ',
        '   three"',
        'e: ""',
        "f: ''",
        'g: "  # not a comment  "',
        '',
      ].join('\n'),
    )
    expect(plain(doc)).toMatchObject({ a: "it's", b: 'one two\nthree', d: 'one two three', e: '', f: '', g: '  # not a comment  ' })
    expect(get(doc.root, 'b').range).toEqual(r(2, 4, 5, 9))
  })

  it('reads literal and folded block scalars with chomping and indentation indicators', () => {
    const text = [
      'a: |',
      '  line 1',
      '    indented',
      '',
      '  line 3',
      '',
      'b: >',
      '  folded',
      '  text',
      '',
      '    more indented',
      '  back',
      'c: |-',
      '  strip',
      '',
      'd: |+',
      '  keep',
      '',
      '',
      'e: >2-',
      '    two extra',
      '  base',
      'f: |',
      'g: | # header comment',
      '  # content, not a comment',
      '- x'.replace('- x', 'h: >+'),
      '',
      'i: 1',
      '',
    ].join('\n')
    const doc = same(text)
    expect(plain(doc)).toMatchObject({
      a: 'line 1\n  indented\n\nline 3\n',
      b: 'folded text\n\n  more indented\nback\n',
      c: 'strip',
      d: 'keep\n\n\n',
      e: '  two extra\nbase',
      f: '',
      g: '# content, not a comment\n',
      h: '\n',
    })
    expect(get(doc.root, 'a').range).toEqual(r(1, 4, 5, 9))
    expect(doc.comments.map((c) => c.text)).toEqual(['header comment'])
  })
})

describe('YAML fast path: flow collections', () => {
  it('reads flow sequences and mappings, nested and across lines', () => {
    const doc = same(
      'a: [x, "y", \'z\', 1, [2, {k: v}], {}]\nb: {"j":1, k: [a, b, ], l: {m: n}}\nc: [\n  one, # first\n  two,\n]\nd:\n  - [a,\n    b]\n',
    )
    expect(plain(doc)).toEqual({
      a: ['x', 'y', 'z', 1, [2, { k: 'v' }], {}],
      b: { j: 1, k: ['a', 'b'], l: { m: 'n' } },
      c: ['one', 'two'],
      d: [['a', 'b']],
    })
    expect(get(doc.root, 'c').range).toEqual(r(3, 4, 6, 2))
  })

  it('folds multi-line plain and quoted scalars inside flow collections', () => {
    expect(plain(same('a: [a\n b,\n  c d\n\n   e, "f\n  g"]\nb: {x: a\n  b}\n'))).toEqual({ a: ['a b', 'c d\ne', 'f g'], b: { x: 'a b' } })
  })

  it('reads plain scalars with colons inside flow collections, and single-pair maps', () => {
    const doc = same('a: [arn:aws:s3:::b/*, http://x, "k":v]\nb: [0, Fn::GetAZs: !Ref "AWS::Region", k: [1]]\n')
    expect(plain(doc)).toEqual({
      a: ['arn:aws:s3:::b/*', 'http://x', { k: 'v' }],
      b: [0, { 'Fn::GetAZs': { Ref: 'AWS::Region' } }, { k: [1] }],
    })
  })
})

describe('YAML fast path: tags', () => {
  it.each([...INTRINSIC_TAGS])('turns %s into %s on a scalar, a flow and a block node', (tag, key) => {
    const doc = same(`a: ${tag} x\nb: ${tag} [p, 1]\nc: ${tag}\n  - p\n  - q\nd: ${tag} {k: v}\ne:\n  ${tag}\n  - p\n`)
    expect(plain(doc)).toEqual({
      a: { [key]: tag === '!GetAtt' ? ['x'] : 'x' },
      b: { [key]: ['p', 1] },
      c: { [key]: ['p', 'q'] },
      d: { [key]: { k: 'v' } },
      e: { [key]: ['p'] },
    })
  })

  it('gives tag and node the reference ranges, splitting !GetAtt at the first dot', () => {
    const doc = same('a: !GetAtt Res.Endpoint.Address\nb: !Sub # why\n  - "${X}"\n  - X: !Ref Y\nc: !GetAZs\nd: [!GetAZs , !Select [0, !GetAZs ""]]\n')
    expect(mapEntry(get(doc.root, 'a'), 'Fn::GetAtt')!.keyRange).toEqual(r(1, 4, 1, 11))
    const parts = get(doc.root, 'a', 'Fn::GetAtt')
    expect(parts.kind === 'seq' && parts.items.map((i) => i.range)).toEqual([r(1, 12, 1, 15), r(1, 16, 1, 32)])
    expect(get(doc.root, 'b').range).toEqual(r(2, 4, 4, 14))
    expect(get(doc.root, 'c')).toEqual({
      kind: 'map',
      entries: [{ key: 'Fn::GetAZs', keyRange: r(5, 4, 5, 11), value: { kind: 'scalar', value: '', range: r(5, 11, 5, 11) } }],
      range: r(5, 4, 5, 11),
    })
    expect(plain(doc)).toMatchObject({ d: [{ 'Fn::GetAZs': '' }, { 'Fn::Select': [0, { 'Fn::GetAZs': '' }] }] })
  })

  it('reads a tag whose node is on the next line, or which stands on a line of its own', () => {
    const doc = same('k:\n- !Ref\n  x\n-\n  !Ref y\n- !If\n  - a\n- !Sub\n    |\n      s\nl:\n  !Equals\n  - 1\n  - 2\n')
    expect(plain(doc)).toEqual({
      k: [{ Ref: 'x' }, { Ref: 'y' }, { 'Fn::If': ['a'] }, { 'Fn::Sub': 's\n' }],
      l: { 'Fn::Equals': [1, 2] },
    })
  })

  it('keeps tagged scalars as strings, !!str and other local tags included', () => {
    const doc = same('a: !Ref 5\nb: !!str 5\nc: !Sub |\n  x\nd: !Rain::Embed file.txt\ne: !Custom {k: 1}\nf: !Ref\n  true\n')
    expect(plain(doc)).toEqual({
      a: { Ref: '5' },
      b: '5',
      c: { 'Fn::Sub': 'x\n' },
      d: 'file.txt',
      e: { k: 1 },
      f: { Ref: 'true' },
    })
  })
})

describe('YAML fast path: comments', () => {
  it('collects comments exactly as the reference does, and none inside scalars', () => {
    const doc = same(
      '# head\n--- # start\na: "#no" # one\nb: [x, # two\n  y] #three\nc: |\n  # no\n# four\nd: a#b   #  five  \n',
    )
    expect(doc.comments.map((c) => c.text)).toEqual(['head', 'start', 'one', 'two', 'three', 'four', 'five'])
    expect(doc.comments[6].range).toEqual(r(9, 10, 9, 19))
  })

  it('ends collections where the reference does when comments follow their last item', () => {
    // Comment lines indented deeper than the collection attach to a last scalar.
    expect(get(same('a:\n  b: 1\n    # deeper\nc: 2\n').root, 'a').range).toEqual(r(2, 3, 3, 13))
    // A comment on the last value's line is part of the collection.
    expect(get(same('a:\n  b: 1 # same\nc: 2\n').root, 'a').range).toEqual(r(2, 3, 2, 14))
    // A comment line at the collection's own column stays with it, and so counts for the
    // collection that holds it; one indented less moves out.
    const stays = same('x:\n  a:\n    c: 1\n    # four\ny: 1\n')
    expect(get(stays.root, 'x').range).toEqual(r(2, 3, 4, 11))
    expect(get(stays.root, 'x', 'a').range).toEqual(r(3, 5, 3, 9))
    const root = same('Outputs:\n  X:\n    Value: 1\n  # trailing\n').root
    expect(root.range).toEqual(r(1, 1, 4, 13))
    expect(get(root, 'Outputs').range).toEqual(r(2, 3, 3, 13))
    same('a:\n  b:\n  - x\n  # c\ns: 1\n')
    same('a:\n  - b: |\n      t\n    # c\n  # d\n# e\n')
  })

  it('takes empty values with comments unless they end their collection', () => {
    same('Globals:\n\n# Resources next\nResources:\n  A: 1\n')
    same('a:\n  b: # why\n  c: 1\n')
    declines('a:\n  b: # why\nc: 1\n')
    declines('a:\n  b:\n  # why\n')
  })
})

describe('YAML fast path: documents', () => {
  it('gives an empty map for empty and comment-only documents', () => {
    for (const text of ['', '\n\n', '# only\n', '---\n', '--- # c\n# d\n']) {
      expect(same(text).root).toEqual({ kind: 'map', entries: [], range: r(1, 1, 1, 1) })
    }
  })

  it('reads non-ASCII text and control characters as the reference does', () => {
    same('a: é ü 😀\nb: "\u00a0x"\nc: x\u2028y # ü\nd: a\u0001b\n')
  })
})

describe('YAML fast path: duplicate keys', () => {
  /** The fast path itself gives the reference's failure for `text`. */
  function sameFailure(text: string): { message: string; range: Range } {
    const fast = parseYamlFast(text)
    const reference = parseYamlReference(text)
    expect(reference.ok).toBe(false)
    expect(fast).toEqual(reference)
    expect(parseYaml(text)).toEqual(reference)
    return reference as { message: string; range: Range }
  }

  it.each([
    ['a duplicate key', 'a: 1\nb: 2\na: 3\n', 'duplicate key "a" (first at line 1)', r(3, 1, 3, 2)],
    ['a duplicate key in a large map', Array.from({ length: 12 }, (_, i) => `k${i}: ${i}\n`).join('') + 'k3: x\n', 'duplicate key "k3" (first at line 4)', r(13, 1, 13, 3)],
    ['a duplicate flow key', 'a: {x: 1, x: 2}\n', 'duplicate key "x" (first at line 1)', r(1, 11, 1, 12)],
    ['a quoted duplicate of a plain key', 'Resources:\n  A: 1\n  "A": 2\n', 'duplicate key "A" (first at line 2)', r(3, 3, 3, 6)],
    ['a duplicate key in a nested map, before another', 'a:\n  b:\n    c: 1\n    c: 2\n  d: 1\n  d: 2\n', 'duplicate key "c" (first at line 3)', r(4, 5, 4, 6)],
    ['a duplicate in a sequence item, with a comment and a tag', 'A:\n  - x: !Ref y # c\n    x: 2\n', 'duplicate key "x" (first at line 2)', r(3, 5, 3, 6)],
  ])('reports %s itself, as the reference does', (_name, text, message, range) => {
    expect(sameFailure(text)).toEqual({ ok: false, message, range })
  })

  it('reports the first duplicate of generated documents as the reference does', () => {
    let taken = 0
    for (let i = 0; i < 200; i++) {
      const keys = Array.from({ length: 2 + (i % 7) }, (_, k) => `k${(k * 7 + i) % 5}`)
      const text = `Top:\n${keys.map((key, k) => `  ${key}: ${k % 2 ? `[${k}, {q: ${k}}]` : `"v${k}"`}\n`).join('')}`
      if (new Set(keys).size === keys.length) continue
      sameFailure(text)
      taken++
    }
    expect(taken).toBeGreaterThan(50)
  })
})

describe('YAML fast path: left to the reference', () => {
  it.each([
    ['an anchor', 'a: &x 1\nb: 2\n'],
    ['an alias', 'a: 1\nb: *x\n'],
    ['a merge key', 'a: {x: 1}\nb:\n  <<: {y: 2}\n'],
    ['a complex key', '? [a, b]\n: c\n'],
    ['a directive', '%YAML 1.2\n---\na: 1\n'],
    ['a second document', 'a: 1\n---\nb: 2\n'],
    ['a document end marker', 'a: 1\n...\n'],
    ['a tab in indentation', 'a:\n\tb: 1\n'],
    ['a tab after an indicator', 'a:\tb\n'],
    ['a lone CR', 'a: 1\rb: 2\n'],
    ['a BOM inside the text', 'a: \uFEFF1\n'],
    ['a scalar document', 'just text\n'],
    ['a sequence document', '- a\n- b\n'],
    ['a flow document', '{a: 1}\n'],
    ['a duplicate key after an anchor', 'a: &x 1\na: 2\n'],
    ['a duplicate key before a syntax error', 'a: 1\na: 2\nb: "open\n'],
    ['an unterminated quote', 'a: "open\n'],
    ['bad indentation', 'a:\n    b: 1\n   c: 2\n'],
    ['a nested map on a key line', 'a: b: c\n'],
    ['a plain scalar running into a key', 'a: b\n  c: d\n'],
    ['an under-indented flow collection', 'a:\n  b: [\n  x]\n'],
    ['a long implicit key', `${'k'.repeat(1100)}: v\n`],
    ['a core tag other than !!str', 'a: !!int 5\n'],
    ['a non-specific tag', 'a: ! x\n'],
    ['a named tag handle', 'a: !e!x y\n'],
    ['two tags', 'a: !Ref\n  !Sub x\n'],
    ['an intrinsic as a key', 'a: { !Ref x: 1 }\n'],
    ['an invalid escape', 'a: "\\q"\n'],
    ['a bad block scalar header', 'a: |0\n  x\n'],
    ['more-indented leading empty lines in a block scalar', 'a: |\n\n    \n  x\n'],
    ['a comment without space', 'a: "x"#c\n'],
    ['a reserved character', 'a: @x\n'],
    ['an empty flow item', 'a: [x, , y]\n'],
    ['a missing flow comma', 'a: [x y: z]\n'.replace(' y: z', '\n y: z')],
  ])('%s', (_name, text) => {
    declines(text)
  })

  it('stops at FAST_MAX_DEPTH, below MAX_YAML_DEPTH, and the reference then decides', () => {
    expect(FAST_MAX_DEPTH).toBeLessThanOrEqual(MAX_YAML_DEPTH)
    const deep = (n: number): string => 'a: ' + '['.repeat(n) + ']'.repeat(n) + '\n'
    same(deep(FAST_MAX_DEPTH - 1))
    expect(declines(deep(FAST_MAX_DEPTH + 1)).ok).toBe(true)
    expect(declines(deep(MAX_YAML_DEPTH + 5)).ok).toBe(false)
    const nested = Array.from({ length: FAST_MAX_DEPTH + 2 }, (_, i) => `${' '.repeat(i)}k:\n`).join('')
    expect(declines(nested).ok).toBe(true)
    // The reference refuses brackets past the limit even inside a scalar; so must the fast path.
    expect(declines(`a: |\n  ${'['.repeat(MAX_YAML_DEPTH + 1)}\n`).ok).toBe(false)
  })
})

describe('YAML fast path: generated documents', () => {
  // A seeded generator of small documents full of the constructs above (and some errors): the
  // fast path must match the reference on every one it takes.
  let seed = 20260101
  const random = (): number => {
    seed = (seed + 0x6d2b79f5) | 0
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  const int = (n: number): number => Math.floor(random() * n)
  const pick = <T>(items: readonly T[]): T => items[int(items.length)]
  const sp = (n: number): string => ' '.repeat(n)
  const plains = ['a', 'foo bar', '1', '0x1F', '1.50', '.inf', 'True', 'null', '~', '0123', 'a:b', 'a#b', 'x]', '-x', 'é', 'Res.Arn', 'a\tb']
  const keys = ['a', 'b', 'Key', 'x y', '1', '"q k"', "'s k'", 'Fn::Sub']
  const tags = ['!Ref ', '!GetAtt ', '!Sub ', '!If ', '!GetAZs ', '!!str ', '!Foo ']
  const comment = (indent: number): string => (random() < 0.5 ? '' : `${sp(indent)}#${pick(['', ' c', ' c  ', 'x'])}\n`)
  const trailing = (): string => (random() < 0.3 ? pick([' # t', '  #t ', ' #']) : pick(['', '  ']))
  const quoted = (indent: number): string =>
    random() < 0.5
      ? `'${pick(['a', "it''s", ' x ', '', `m\n${sp(indent)}n`])}'`
      : `"${pick(['a', '\\n\\x41', `a \\\n${sp(indent)} b`, `x\n${sp(indent)}\n${sp(indent)}y`, '\\"'])}"`
  const flow = (indent: number, depth: number): string => {
    if (depth > 2 || random() < 0.3) return random() < 0.5 ? pick(['a', '1', 'x y', 'arn:aws:s3:::b']) : quoted(indent)
    const sep = (): string => (random() < 0.2 ? `\n${sp(indent + int(3))}` : random() < 0.1 ? ` # fc\n${sp(indent + 1)}` : ' ')
    const tag = random() < 0.2 ? pick(tags) : ''
    if (random() < 0.5) {
      const items = Array.from({ length: int(4) }, () => flow(indent, depth + 1))
      return `${tag}[${items.join(`,${sep()}`)}${random() < 0.2 ? ',' : ''}${random() < 0.2 ? `\n${sp(Math.max(0, indent - 1))}` : ''}]`
    }
    const names = [...new Set(Array.from({ length: int(4) }, () => pick(['a', 'b', '"d"', 'e f'])))]
    return `${tag}{${names.map((k) => `${k}: ${flow(indent, depth + 1)}`).join(`,${sep()}`)}}`
  }
  const blockScalar = (indent: number, parent: number): string => {
    const header = pick(['|', '>', '|-', '>-', '|+', '>+', '|2', '>1-'])
    const digit = /\d/.exec(header)
    const content = digit ? parent + Number(digit[0]) : indent + int(2)
    const lines = Array.from({ length: 1 + int(4) }, () =>
      pick(['', `${sp(content)}text`, `${sp(content + 2)}more`, `${sp(content)}# not`, sp(int(content + 3))]),
    )
    return `${header}${trailing()}\n${lines.join('\n')}\n`
  }
  const value = (indent: number, parent: number, depth: number, inSeq: boolean): string => {
    const roll = random()
    const tag = random() < 0.2 ? pick(tags) : ''
    if (depth > 3 || roll < 0.35) {
      const v =
        random() < 0.6
          ? pick(plains) + (random() < 0.1 ? `\n${sp(parent + 1 + int(3))}${pick(plains)}` : '')
          : quoted(parent + 1)
      return ` ${tag}${v}${trailing()}\n`
    }
    if (roll < 0.45) return ` ${tag}${flow(parent + 1, 0)}${trailing()}\n`
    if (roll < 0.55) return ` ${tag}${blockScalar(indent, parent)}`
    if (roll < 0.6) return `${tag ? ` ${tag.trim()}` : ''}${trailing()}\n`
    const childIndent = inSeq ? indent : indent + pick([1, 2, 2, 4])
    const body = random() < 0.5 ? map(childIndent, depth + 1) : seq(random() < 0.2 && !inSeq ? parent : childIndent, depth + 1)
    return `${tag ? ` ${tag.trim()}` : ''}${trailing()}\n${comment(int(8))}${body}`
  }
  const map = (indent: number, depth: number): string => {
    let out = ''
    for (const key of new Set(Array.from({ length: 1 + int(3) }, () => pick(keys)))) {
      out += `${sp(indent)}${key}:${value(indent + 2, indent, depth, false)}${comment(int(indent + 4))}`
    }
    return out
  }
  const seq = (indent: number, depth: number): string => {
    let out = ''
    for (let i = 1 + int(3); i > 0; i--) {
      const roll = random()
      if (roll < 0.25 && depth < 4) out += `${sp(indent)}- ${map(indent + 2, depth + 1).trimStart()}`
      else if (roll < 0.35 && depth < 4) out += `${sp(indent)}- ${seq(indent + 2, depth + 1).trimStart()}`
      else out += `${sp(indent)}-${value(indent + 2, indent, depth, true)}`
      out += comment(int(indent + 4))
    }
    return out
  }

  it('match the reference wherever the fast path takes them', () => {
    let taken = 0
    const mismatches: string[] = []
    for (let i = 0; i < 400; i++) {
      let text = comment(0) + (random() < 0.2 ? '---\n' : '') + map(0, 0) + comment(int(6))
      if (random() < 0.2) text = text.replace(/\n/g, '\r\n')
      const fast = parseYamlFast(text)
      if (fast === undefined) continue
      taken++
      const difference = firstDifference(fast, parseYamlReference(text))
      if (difference !== undefined) mismatches.push(`${JSON.stringify(text)}\n  ${difference}`)
    }
    expect(mismatches.slice(0, 3)).toEqual([])
    expect(taken).toBeGreaterThan(200)
  })
})
