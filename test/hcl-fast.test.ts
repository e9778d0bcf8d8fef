/**
 * The fast HCL parser (`hcl-fast.ts`) against tree-sitter and its conversion (`hcl.ts`): wherever
 * the fast parser gives a tree it must be tree-sitter's — blocks, attributes, expressions, ranges,
 * comments — and whatever it is not sure of it must leave to tree-sitter (undefined). Checked on
 * every `.tf` file of the repository and of the corpus, on hand-written cases of every construct,
 * on generated configurations and on mutants of real files.
 */
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import fc from 'fast-check'
import { afterAll, describe, expect, it } from 'vitest'
import { MAX_FAST_DEPTH, fastParseHcl } from '../src/frontends/terraform/parse/hcl-fast.js'
import { lazyHclParser, TreeSitterNeeded, withTreeSitter } from '../src/frontends/terraform/parse/hcl-lazy.js'
import { rules, scan } from '../src/index.js'
import { pointRange } from '../src/parse/types.js'
import { expressionDisagreement, hclDisagreement, takesFastPath, treeSitter } from './hcl-oracle.js'

const repo = fileURLToPath(new URL('..', import.meta.url))
const corpus = path.resolve(repo, '..', 'shared', 'corpus')
const corpusPresent = existsSync(corpus)
const corpusAbsent = `${path.relative(repo, corpus)} is not present beside this repository`
if (!corpusPresent) console.warn(`HCL fast-path corpus tests skipped: ${corpusAbsent}`)

const SKIPPED_FOLDERS = new Set(['node_modules', '.git', 'dist', 'bundle', '.terraform'])

function hclFiles(root: string): string[] {
  const out: string[] = []
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      if (SKIPPED_FOLDERS.has(name)) continue
      const file = path.join(dir, name)
      const stat = statSync(file)
      if (stat.isDirectory()) walk(file)
      else if (stat.isFile() && /\.(tf|tfvars)$/i.test(name)) out.push(file)
    }
  }
  if (existsSync(root)) walk(root)
  return out
}

interface Differential {
  files: number
  fast: number
  problems: string[]
}

function differential(root: string, files: string[]): Differential {
  const result: Differential = { files: files.length, fast: 0, problems: [] }
  for (const file of files) {
    const text = readFileSync(file, 'utf8')
    const problem = hclDisagreement(text)
    if (problem) result.problems.push(`${path.relative(root, file)}: ${problem}`)
    else if (takesFastPath(text)) result.fast++
  }
  return result
}

describe('the fast HCL parser on real files', () => {
  it('reads every .tf and .tfvars file of the repository as tree-sitter does, and almost all of them itself', () => {
    const result = differential(repo, hclFiles(repo))
    expect(result.files).toBeGreaterThan(100)
    expect(result.problems).toEqual([])
    expect(result.fast / result.files).toBeGreaterThan(0.95)
  })

  it.skipIf(!corpusPresent)(corpusPresent ? 'reads every .tf file of the corpus as tree-sitter does' : `corpus (skipped: ${corpusAbsent})`, () => {
    const result = differential(corpus, hclFiles(corpus))
    expect(result.files).toBeGreaterThan(100)
    expect(result.problems).toEqual([])
    expect(result.fast / result.files).toBeGreaterThan(0.95)
  })
})

/** Text of a case: `\n` in the table stays a line break. */
const ACCEPTED: ReadonlyArray<[string, string]> = [
  ['an empty file', ''],
  ['only blanks', '  \n\n'],
  ['only comments', '# a\n// b\n/* c\n d */\n'],
  ['a comment ending in */ on a # line', '# a */\nb = 1\n'],
  ['attributes on one line', 'a = 1 b = 2\n'],
  ['a block with labels', 'resource "aws_lb" "this" {\n  name = "x"\n}\n'],
  ['an empty block', 'locals {}\n'],
  ['a one-line block', 'lifecycle { create_before_destroy = true }\n'],
  ['a block with a name label and a brace on the next line', 'a b\n{\n}\n'],
  ['nested blocks', 'a {\n  b "x" {\n    c {\n      d = 1\n    }\n  }\n}\n'],
  ['keywords as names', 'null = 1\nfor = 2\ntrue {}\na in {}\nb = c.null\nd = e.for\n'],
  ['numbers', 'a = 1\nb = 1.5\nc = 007\nd = 10.25\n'],
  ['literals', 'a = true\nb = false\nc = null\n'],
  ['strings and escapes', 'a = "x\\ty\\n\\"\\\\\\u00e9\\U0001F600"\nb = ""\n'],
  ['template escapes', 'a = "$${a} %%{b} $$x $ % 100%"\n'],
  ['interpolations', 'a = "x${b}y${c.d[0]}"\ne = "${f}"\n'],
  ['strip markers', 'a = "x  ${~ b ~}  y"\nc = "${d~}  ${~e}"\n'],
  ['interpolation with a string inside', 'a = "${format("%s-x", b)}"\n'],
  ['a heredoc', 'a = <<EOF\nx ${b}\n  y\nEOF\n'],
  ['an indented heredoc', 'a = <<-EOT\n    x ${b}\n  y\n\n  EOT\nc = 1\n'],
  ['an empty heredoc', 'a = <<EOF\nEOF\n'],
  ['a heredoc ended by an indented marker with blanks after it', 'a = <<EOF\nx\n  EOF  \n'],
  ['a heredoc holding JSON with $${}', 'policy = <<POLICY\n{\n  "a": "$${aws:username}",\n  "b": ${jsonencode(c)}\n}\nPOLICY\n'],
  ['a heredoc inside a call', 'a = f(<<EOF\nx\nEOF\n, 1)\n'],
  ['variables and traversals', 'a = var.x\nb = aws_lb.this.arn\nc = a-b\n'],
  ['legacy indexes', 'a = b.0\nc = d.0.e\nf = g.0.1\n'],
  ['indexes', 'a = b[0]\nc = d["k"]\ne = f[g.h][1]\n'],
  ['splats', 'a = b.*.c\nd = e[*].f[0].g\nh = i[*]\nj = k[*].l[*].m\nn = o.*.p[1]\n'],
  ['a step after white space', 'a = b\n.c\nd = e . f\n'],
  ['tuples', 'a = []\nb = [1, 2,]\nc = [\n  1,\n  2\n]\n'],
  ['objects', 'a = {}\nb = { c = 1, "d" = 2\n e: 3 (f) = 4 g.h = 5 }\n'],
  ['keyword keys', 'a = { in = 1, if = 2, null = 3, true = 4 }\nb = { c = 1, for = 2 }\n'],
  ['function calls', 'a = f()\nb = g(1, 2,)\nc = h(d...)\ne = i (j)\nk = l\n(m)\n'],
  ['a for tuple', 'a = [for k, v in x : v if k]\nb = [for v in x: v]\n'],
  ['a for object', 'a = {for v in x : v.k => v... if v}\nb = { for k, v in m : k => v }\n'],
  ['steps after other terms', 'a = f(x).y\nb = [1, 2][0]\nc = (d).e\ng = {a = 1}.a\nh = [for x in y : x][0]\n'],
  ['operators and precedence', 'a = 1 + 2 * 3 == 4 && b || c\nd = e - f - g\nh = i / j % k\nl = m < n\no = p >= q != r\n'],
  ['unary operators', 'a = -b.c\nd = !e\nf = - -g\nh = -i * j\nk = !l == m\nn = -1\n'],
  ['parentheses', 'a = (b)\nc = (d + e) * f\ng = -(h).i\n'],
  ['conditionals', 'a = b ? c : d\ne = f == g ? h + 1 : i\nj = k ? l : m ? n : o\np = q ? (r ? s : t) : u\n'],
  ['comments between tokens', 'a = [ # one\n  1, // two\n  /* three */ 2\n]\nb /* x */ = c\n'],
  ['comments inside an interpolation', 'a = "${ b /* c */ }"\n'],
  ['names that are not ASCII inside strings and comments', '# café\na = "naïve ✓"\n'],
]

const REFUSED: ReadonlyArray<[string, string]> = [
  ['a syntax error', 'a = \n'],
  ['an unclosed block', 'a {\n'],
  ['an unterminated comment', '/* a\n'],
  ['a directive', 'a = "%{ if b }x%{ endif }"\n'],
  ['a for directive in a heredoc', 'a = <<EOF\n%{ for x in y }${x}%{ endfor }\nEOF\n'],
  ['a number with an exponent', 'a = 1e3\nb = 1.5e3\n'],
  ['an invalid escape', 'a = "\\d"\n'],
  ['a line break in a quoted string', 'a = "x\ny"\n'],
  ['a conditional in the middle of a conditional', 'a = b ? c ? d : e : f\n'],
  ['a conditional as the collection of a for', 'a = [for x in b ? c : d : x]\n'],
  ['a keyword as a variable', 'a = in\nb = [for in in c : in]\n'],
  ['a namespaced function', 'a = provider::aws::arn_parse(b)\n'],
  ['a name that is not ASCII', 'café = 1\n'],
  ['CRLF line breaks', 'a = 1\r\nb = 2\r\n'],
  ['a byte-order mark', '\ufeffa = 1\n'],
  ['a NUL character, even in a comment or a string', '# a\0b\na = "\0"\n'],
  ['a heredoc line that starts with the marker', 'a = <<EOF\nEOFX\nEOF\n'],
  ['a heredoc marker at the end of the file', 'a = <<EOF\nx\nEOF'],
  ['a top-level object', '{ a = 1 }\n'],
  ['a for object as the first element is not a key', 'a = { for = 1 }\n'],
  ['an empty interpolation', 'a = "${}"\n'],
  ['an interpolated block label', 'a "${b}" {}\n'],
  ['a splat with blanks inside', 'a = b[ * ].c\n'],
]

describe('the fast HCL parser on each construct', () => {
  it.each(ACCEPTED)('reads %s as tree-sitter does', (_, text) => {
    expect(takesFastPath(text)).toBe(true)
    expect(hclDisagreement(text)).toBeUndefined()
  })

  it.each(REFUSED)('leaves %s to tree-sitter', (_, text) => {
    expect(takesFastPath(text)).toBe(false)
  })

  it('records a comment once, in document order, even where white space is read twice', () => {
    const parsed = fastParseHcl('a = b # one\n# two\nc = d /* three */ .e\n', true)
    expect(parsed?.file.comments.map((comment) => comment.text)).toEqual([' one', ' two', ' three '])
  })

  it('reads expressions given as text as tree-sitter does', () => {
    const range = pointRange(3, 7)
    for (const text of ['list(string)', 'object({ a = string, b = optional(number, 1) })', '["a", "b"]', '{ x = 1 }', 'map(any)', 'var.x ? 1 : 2']) {
      expect(takesFastPath(`t = ${text}\n`)).toBe(true)
      expect(expressionDisagreement(text, range)).toBeUndefined()
    }
  })
})

describe('the fast HCL parser on hostile input', () => {
  const deep = (open: string, middle: string, close: string, depth: number): string => `a = ${open.repeat(depth)}${middle}${close.repeat(depth)}\n`
  const cases: ReadonlyArray<[string, string]> = [
    ['deep tuples', deep('[', '1', ']', 20_000)],
    ['deep objects', deep('{ a = ', '1', ' }', 20_000)],
    ['deep parentheses', deep('(', '1', ')', 20_000)],
    ['a long run of unary operators', `a = ${'-'.repeat(50_000)}1\n`],
    ['deep interpolations', deep('"${', 'b', '}"', 5_000)],
    ['deep calls', deep('f(', 'x', ')', 20_000)],
    ['a long binary chain', `a = ${Array.from({ length: 50_000 }, () => 'b').join(' + ')}\n`],
    ['a long conditional chain', `a = b${' ? c : d'.repeat(20_000)}\n`],
    ['deep blocks', `${'a {\n'.repeat(20_000)}${'}\n'.repeat(20_000)}`],
    ['deep index steps', `a = b${'[c'.repeat(20_000)}${']'.repeat(20_000)}\n`],
  ]

  it.each(cases)('gives %s to tree-sitter, which reports the depth limit', (_, text) => {
    expect(() => fastParseHcl(text, true)).not.toThrow()
    expect(fastParseHcl(text, true)).toBeUndefined()
    const reference = treeSitter.parse(text)
    expect(reference.ok).toBe(false)
  })

  it(`reads nesting of 20 levels itself (its limit is ${MAX_FAST_DEPTH}), as tree-sitter does`, () => {
    const text = deep('[', '1', ']', 20)
    expect(takesFastPath(text)).toBe(true)
    expect(hclDisagreement(text)).toBeUndefined()
  })

  it('reads long flat files in one pass', () => {
    const lines = Array.from({ length: 20_000 }, (_, i) => `  a${i} = "${'x'.repeat(40)}\${var.v${i}}" # c${i}`)
    const text = `locals {\n${lines.join('\n')}\n}\n`
    const parsed = fastParseHcl(text, true)
    expect(parsed?.file.body.blocks[0]?.body.attributes).toHaveLength(20_000)
    expect(parsed?.file.comments).toHaveLength(20_000)
  })

  it('never throws on unterminated input of any kind', () => {
    for (const text of ['a = "', 'a = "${', 'a = <<EOF\n', 'a = <<', 'a = [', 'a = {', 'a = f(', 'a = b[', 'a = b.', 'a = b ?', 'a = b ? c :', 'a "', 'a = /*', 'a = -']) {
      expect(() => fastParseHcl(text, true)).not.toThrow()
      expect(fastParseHcl(text, true)).toBeUndefined()
    }
  })
})

// ---------------------------------------------------------------------------------------------
// Generated configurations

const blank = fc.constantFrom(' ', ' ', '', '\n', '  ', ' # c\n', ' // c\n', ' /* c */ ', '\t')
const name = fc.oneof(
  fc.constantFrom('a', 'b', 'var', 'local', 'each', 'x-y', 'a_1', 'for', 'in', 'if', 'null', 'true', 'endif', 'aws_lb'),
  fc.stringMatching(/^[a-z_][a-z0-9_-]{0,6}$/),
)
const stringText = fc.array(fc.constantFrom('a', ' ', '\\n', '\\"', '\\\\', '\\u00e9', '$${', '%%{', '$', '%', '{', '}', 'é', '~', '\\d', '$$'), { maxLength: 6 }).map((parts) => parts.join(''))

const expression: fc.Arbitrary<string> = fc.letrec<{ expr: string; term: string }>((tie) => ({
  expr: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    tie('term'),
    fc.tuple(tie('term'), blank, fc.constantFrom('+', '-', '*', '/', '%', '==', '!=', '<', '<=', '>', '>=', '&&', '||'), blank, tie('expr')).map((p) => p.join('')),
    fc.tuple(tie('term'), blank, tie('expr'), blank, tie('expr')).map(([c, s1, t, s2, e]) => `${c}${s1}?${s2}${t} :${s1}${e}`),
    fc.tuple(fc.constantFrom('-', '!'), tie('term')).map((p) => p.join('')),
  ),
  term: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    name,
    fc.constantFrom('1', '0', '1.5', '007', '1e3', 'true', 'false', 'null'),
    stringText.map((text) => `"${text}"`),
    fc.tuple(stringText, tie('expr'), fc.boolean(), fc.boolean(), stringText).map(([a, e, l, r, b]) => `"${a}\${${l ? '~' : ''}${e}${r ? '~' : ''}}${b}"`),
    fc.tuple(fc.boolean(), fc.constantFrom('', '  ', '\t'), stringText, tie('expr'), fc.constantFrom('', '  ')).map(
      ([indented, indent, text, e, markerIndent]) => `<<${indented ? '-' : ''}EOT\n${indent}${text} \${${e}}\n${indent}x\n${markerIndent}EOT\n`,
    ),
    fc.tuple(name, fc.array(fc.oneof(name.map((n) => `.${n}`), fc.constant('.0'), fc.constant('.*'), fc.constant('[*]'), tie('expr').map((e) => `[${e}]`)), { minLength: 1, maxLength: 3 })).map(
      ([base, steps]) => base + steps.join(''),
    ),
    fc.array(tie('expr'), { maxLength: 3 }).chain((items) => fc.tuple(blank, fc.boolean()).map(([s, trailing]) => `[${s}${items.join(`,${s}`)}${trailing && items.length > 0 ? ',' : ''}]`)),
    fc.array(fc.tuple(fc.oneof(name, tie('term')), fc.constantFrom(' = ', ': ', '='), tie('expr')), { maxLength: 3 }).chain((items) =>
      fc.constantFrom(', ', '\n', ' ').map((separator) => `{${items.map(([k, op, v]) => `${k}${op}${v}`).join(separator)}}`),
    ),
    fc.tuple(name, fc.array(tie('expr'), { maxLength: 3 }), fc.boolean()).map(([f, args, expand]) => `${f}(${args.join(', ')}${expand && args.length > 0 ? '...' : ''})`),
    fc.tuple(name, fc.option(name), tie('term'), tie('expr'), fc.option(tie('expr'))).map(
      ([v, k, c, value, cond]) => `[for ${k === null ? '' : `${k}, `}${v} in ${c} : ${value}${cond === null ? '' : ` if ${cond}`}]`,
    ),
    fc.tuple(name, tie('term'), tie('term'), tie('expr'), fc.boolean()).map(([v, c, key, value, group]) => `{for ${v} in ${c} : ${key} => ${value}${group ? '...' : ''}}`),
    tie('expr').map((e) => `(${e})`),
  ),
})).expr

const body: fc.Arbitrary<string> = fc.letrec<{ body: string }>((tie) => ({
  body: fc
    .array(
      fc.oneof(
        { depthSize: 'small', withCrossShrink: true },
        fc.tuple(name, blank, expression).map(([n, s, e]) => `${n}${s}= ${e}\n`),
        fc.tuple(name, fc.array(fc.oneof(name, stringText.map((t) => `"${t}"`)), { maxLength: 2 }), tie('body')).map(
          ([type, labels, inner]) => `${type} ${labels.join(' ')} {\n${inner}}\n`,
        ),
      ),
      { maxLength: 4 },
    )
    .chain((items) => blank.map((s) => items.join(s))),
})).body

describe('the fast HCL parser on generated configurations', () => {
  it('reads every generated file as tree-sitter does, or leaves it to tree-sitter', () => {
    let fast = 0
    let runs = 0
    fc.assert(
      fc.property(body, (text) => {
        runs++
        if (takesFastPath(text)) fast++
        const problem = hclDisagreement(text)
        if (problem) throw new Error(`${problem}\n${JSON.stringify(text)}`)
      }),
      { numRuns: 1500, seed: 20_261_202 },
    )
    // Not vacuous: a good share of the generated files is read by the fast parser itself (the
    // generator also writes much that it must leave to tree-sitter: keywords, exponents, bad escapes).
    expect(fast / runs).toBeGreaterThan(0.2)
  })

  it('reads every generated expression given as text as tree-sitter does', () => {
    let fast = 0
    fc.assert(
      fc.property(expression, (text) => {
        if (takesFastPath(`t = ${text}\n`)) fast++
        const problem = expressionDisagreement(text, pointRange(1, 1))
        if (problem) throw new Error(`${problem}\n${JSON.stringify(text)}`)
      }),
      { numRuns: 500, seed: 20_261_203 },
    )
    expect(fast).toBeGreaterThan(100)
  })
})

// ---------------------------------------------------------------------------------------------
// Mutants of real files

const seeds = hclFiles(path.join(repo, 'fixtures'))
  .concat(hclFiles(path.join(repo, 'examples')))
  .map((file) => readFileSync(file, 'utf8'))
const PIECES = ['"', '{', '}', '[', ']', '(', ')', '=', '.', ',', ':', '?', '#', '//', '/*', '*/', '${', '$${', '%{', '~', '<<EOF\n', '\nEOF\n', '\n', ' ', '-', '!', '...', '=>', '[*]', '.*', 'for ', ' in ', '\\', 'é', '1e3', '.0', '\0', '\t', '\u2028']

const edit = fc.record({
  at: fc.nat(),
  remove: fc.nat({ max: 8 }),
  insert: fc.constantFrom(...PIECES),
})

describe('the fast HCL parser on mutants of real files', () => {
  it('reads every mutant as tree-sitter does, or leaves it to tree-sitter', () => {
    let fast = 0
    fc.assert(
      fc.property(fc.nat({ max: seeds.length - 1 }), fc.array(edit, { minLength: 1, maxLength: 3 }), (index, edits) => {
        let text = seeds[index]!
        for (const { at, remove, insert } of edits) {
          const where = at % (text.length + 1)
          text = text.slice(0, where) + insert + text.slice(where + remove)
        }
        if (takesFastPath(text)) fast++
        const problem = hclDisagreement(text)
        if (problem) throw new Error(`${problem}\n${JSON.stringify(text)}`)
      }),
      { numRuns: 1500, seed: 20_261_204 },
    )
    // Some mutants stay valid (an edit inside a string or a comment): the fast parser's answers were checked too.
    expect(fast).toBeGreaterThan(50)
  })
})

// ---------------------------------------------------------------------------------------------
// The parser a scan uses

describe('the lazy HCL parser', () => {
  const directive = 'a = "%{ if b }x%{ endif }"\n'

  it('reads what the fast parser reads without tree-sitter', () => {
    const hcl = lazyHclParser()
    const parsed = hcl.parse('a = "x"\n')
    expect(parsed.ok).toBe(true)
    expect(hcl.parseExpression('list(string)', pointRange(1, 1))).toMatchObject({ kind: 'call', name: 'list' })
    expect(hcl.parseTemplate('${var.a}-x', pointRange(1, 1))).toMatchObject({ kind: 'template' })
    expect(hcl.fallbacks).toBe(0)
  })

  it('asks for tree-sitter for the rest, and gives what tree-sitter gives once it is loaded', async () => {
    const hcl = lazyHclParser()
    expect(() => hcl.parse(directive)).toThrow(TreeSitterNeeded)
    expect(() => hcl.parseTemplate('%{ if a }x%{ endif }', pointRange(1, 1))).toThrow(TreeSitterNeeded)
    const parsed = await withTreeSitter(hcl, () => hcl.parse(directive))
    expect(parsed).toEqual(treeSitter.parse(directive))
    expect(hcl.parse('a = 1e3\n')).toEqual(treeSitter.parse('a = 1e3\n'))
    expect(hcl.parse('a = \n')).toEqual(treeSitter.parse('a = \n'))
    expect(hcl.fallbacks).toBe(3)
  })

  it('reads JSON-syntax templates as tree-sitter does', async () => {
    const hcl = lazyHclParser()
    await hcl.loadFallback()
    const range = pointRange(2, 5)
    for (const text of ['plain', 'a-$${b}', '${var.a}-api', 'x ${~ a ~} y\n', '${a}\n', '%{ for x in y }${x}%{ endfor }', 'IAC_LINT_JSON_TEMPLATE_END ${a}', '${']) {
      expect(hcl.parseTemplate(text, range)).toEqual(treeSitter.parseTemplate(text, range))
    }
  })
})

describe('a scan with the lazy HCL parser', () => {
  it('reads a --var value that only tree-sitter reads (a directive), although every file takes the fast path', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'iac-lint-hcl-var-'))
    try {
      writeFileSync(path.join(dir, 'main.tf'), 'variable "names" {\n  type = list(string)\n}\n\nresource "aws_lb" "this" {\n  name = var.names[0]\n}\n')
      const result = await scan([dir], { rules, cwd: dir, terraformVars: { names: '["%{ if true }a%{ endif }"]' } })
      expect(result.findings.filter((finding) => finding.ruleId === 'internal-error' || finding.ruleId === 'parse-error')).toEqual([])
      expect(result.templatesScanned).toBe(1)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})

describe('a scan of one .tf folder with the bundle', () => {
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'iac-lint-hcl-fast-'))
  afterAll(() => rmSync(scratch, { recursive: true, force: true }))
  // Logs every `.wasm` file the process reads: the tree-sitter runtime and the HCL grammar are the only ones.
  const preload = path.join(scratch, 'log-wasm.cjs')
  writeFileSync(
    preload,
    `const fs = require('node:fs'); const { syncBuiltinESMExports } = require('node:module')
for (const [owner, key] of [[fs, 'readFileSync'], [fs.promises, 'readFile'], [fs, 'readFile']]) {
  const original = owner[key]
  owner[key] = function (file, ...rest) { if (String(file).endsWith('.wasm')) process.stderr.write('read-wasm ' + require('node:path').basename(String(file)) + '\\n'); return original.call(this, file, ...rest) }
}
syncBuiltinESMExports()
`,
  )
  const scanFolder = (files: Record<string, string>): string => {
    const dir = mkdtempSync(path.join(scratch, 'module-'))
    mkdirSync(dir, { recursive: true })
    for (const [file, text] of Object.entries(files)) writeFileSync(path.join(dir, file), text)
    const run = spawnSync(process.execPath, ['--require', preload, path.join(repo, 'bin', 'iac-lint.js'), 'scan', dir, '-f', 'json'], { encoding: 'utf8' })
    expect([0, 1]).toContain(run.status)
    return run.stderr
  }
  const main = 'resource "aws_lb" "this" {\n  name     = "x"\n  internal = false\n}\n'

  it('does not load tree-sitter when the fast parser reads every file', () => {
    expect(scanFolder({ 'main.tf': main, 'variables.tf': 'variable "a" {\n  default = "b"\n}\n' })).not.toContain('read-wasm')
  })

  it('loads tree-sitter for a file the fast parser leaves to it (the check above can fail)', () => {
    expect(scanFolder({ 'main.tf': main, 'other.tf': 'locals {\n  a = "%{ if true }x%{ endif }"\n}\n' })).toContain('read-wasm')
  })
})
