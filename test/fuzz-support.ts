/**
 * Fuzzing shared by `test/fuzz.test.ts` (a bounded run inside `npm test`) and `scripts/fuzz.ts`
 * (`npm run fuzz`, the long run): seed files from the repository's own fixtures, mutations written
 * as plain data (so fast-check prints a failing case as something a person can read and replay),
 * and the checks every scan of a mutant must pass.
 *
 * Kept free of vitest so that the script can import it; the SARIF validator is passed in for the
 * same reason (`test/sarif-schema.ts` finds the schema beside itself, which `dist/` has not).
 */
import { readdirSync, readFileSync } from 'node:fs'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import path from 'node:path'
import fc from 'fast-check'
import { SUPPRESSION_RULES } from '../src/core/builtin.js'
import { BUILTIN_RULES, renderReport, rules, scan, type Finding, type Format, type Level, type ReportOptions, type ScanResult } from '../src/index.js'
import type { Range } from '../src/parse/types.js'
import { decodeText } from '../src/parse/text.js'
import { hclDisagreement } from './hcl-oracle.js'

// ---------------------------------------------------------------------------------------------
// Seeds

export interface Seed {
  /** Repository-relative POSIX path, which is also how a case names its seed. */
  name: string
  /** The extension a mutant keeps, compound ones whole: `.tf.json`, `.plan.json`. */
  ext: string
  bytes: Buffer
}

/** Folders of the repository whose files seed the fuzzer; inside the repository, so a fresh clone has them. */
export const SEED_FOLDERS = ['fixtures', 'test/fixtures']

const FORMAT_EXTENSION = /(\.tf\.json|\.plan\.json|\.tfvars|\.tf|\.ya?ml|\.json|\.template)$/i

export function loadSeeds(root: string): Seed[] {
  const seeds: Seed[] = []
  const visit = (relative: string): void => {
    for (const entry of readdirSync(path.join(root, relative), { withFileTypes: true })) {
      const child = `${relative}/${entry.name}`
      if (entry.isDirectory()) visit(child)
      else if (entry.isFile()) {
        const ext = FORMAT_EXTENSION.exec(entry.name)?.[1]
        if (ext !== undefined) seeds.push({ name: child, ext: ext.toLowerCase(), bytes: readFileSync(path.join(root, child)) })
      }
    }
  }
  for (const folder of SEED_FOLDERS) visit(folder)
  return seeds.sort((a, b) => (a.name < b.name ? -1 : 1))
}

// ---------------------------------------------------------------------------------------------
// Mutations

/** Ways to nest deeply; flow styles go in at any byte, block styles at the start of a line. */
export const NEST_STYLES = [
  'json-array',
  'json-object',
  'yaml-flow-map',
  'yaml-compact-seq',
  'yaml-block-map',
  'hcl-block',
  'hcl-object',
] as const
export type NestStyle = (typeof NEST_STYLES)[number]

/**
 * Positions (`at`, `line`, `word`) are any natural number, taken modulo what the text has at that
 * point, so a case does not depend on the length of its seed and shrinks towards the start.
 */
export type Mutation =
  | { kind: 'flip-byte'; at: number; mask: number }
  | { kind: 'truncate'; at: number }
  | { kind: 'duplicate-line'; line: number; times: number }
  | { kind: 'delete-line'; line: number }
  | { kind: 'swap-lines'; line: number; other: number }
  | { kind: 'nest'; at: number; style: NestStyle; depth: number; closed: boolean }
  | { kind: 'insert'; at: number; text: string }
  | { kind: 'replace-word'; word: number; text: string }

/** Applied after the mutations, to the whole file. */
export type LineEnding = 'as-is' | 'crlf' | 'cr'
export type Encoding = 'as-is' | 'utf-8-bom' | 'utf-16le' | 'utf-16be'

export interface MutantCase {
  seed: string
  mutations: Mutation[]
  lineEnding: LineEnding
  encoding: Encoding
}

/** Text that means something to a YAML, JSON or HCL reader, or to the model behind them. */
const SYNTAX_TOKENS = [
  // YAML
  '!Ref ', '!GetAtt ', '!Sub ', '!If ', '!Join ', '!FindInMap ', '!Base64 ', '!!binary ', '!!str ', '!<tag:x> ',
  '&a ', '*a', '*nope', '<<: *a\n', '<<: ', '? ', '- ', ': ', '|\n', '>-\n', '|+2\n', '---\n', '...\n',
  '%YAML 1.2\n', '%TAG ! tag:x\n', '#', ' #', '"', "'", '\\', '\t', '\n', '\r', '\r\n', '\u2028', '\u0085', '\ufeff', '\0',
  // JSON
  '{', '}', '[', ']', ',', ':', 'null', '1e999', '-0', '"\\ud800"', '"\\u0000"', '//', '/*', '*/',
  // HCL
  '${', '%{', '~}', '<<EOT\n', 'EOT\n', '<<-EOT\n', ' = ', '=>', '...', '? :', 'resource "aws_lb" "x" {\n',
  'dynamic "x" {\n', 'for_each = ', 'count = ', 'for k, v in ', 'module.', 'var.', 'each.key', 'self.',
]

/** Values a model or rule may not expect where a word stood. */
const REPLACEMENT_VALUES = [
  'null', '~', '[]', '{}', '""', '0', '-1', '1e309', '.nan', '.inf', 'true', 'yes', '0x1F', '0o17', '2001-12-14',
  '!Ref Missing', '!Ref AWS::NoValue', '!GetAtt A.B', '!GetAtt [A, B]', '!Sub "${AWS::Region}-${Missing}"',
  '!If [C, 1, 2]', '!Select [9, []]', '!ImportValue x', '!Split [",", x]', '[1, {a: b}]', '{Ref: X}', '{"Fn::GetAtt": 1}',
  '__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', 'valueOf',
  '"${var.x}"', 'var.x', 'module.m.x', 'each.value', 'null_resource', 'aws_lb', 'aws_apigatewayv2_stage',
  'AWS::Serverless::Function', 'AWS::Serverless::Api', 'AWS::ApiGatewayV2::Stage', 'AWS::ApiGateway::Method',
  'AWS::ElasticLoadBalancingV2::Listener', 'AWS::Lambda::Permission', 'internet-facing', 'internal',
  'AWS_PROXY', 'HTTP_PROXY', 'NONE', 'CUSTOM', 'JWT', 'AWS_IAM', '$default', '$connect', 'ANY', '/{proxy+}',
  'Timeout', '900', '29', '-29', '1e3', 'Properties', 'Resources', 'Type', 'Events', 'Globals', 'Metadata',
]

const position = fc.nat()

const depth = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: 1, max: 64 }) },
  { weight: 3, arbitrary: fc.integer({ min: 300, max: 1200 }) },
  { weight: 1, arbitrary: fc.integer({ min: 1200, max: 20_000 }) },
)

const insertedText = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...SYNTAX_TOKENS) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 6 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'grapheme', minLength: 1, maxLength: 4 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary-ascii', minLength: 1, maxLength: 6 }) },
)

export const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constant('flip-byte' as const), at: position, mask: fc.integer({ min: 1, max: 255 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('truncate' as const), at: position }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('duplicate-line' as const), line: position, times: fc.integer({ min: 1, max: 3 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('delete-line' as const), line: position }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant('swap-lines' as const), line: position, other: position }) },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant('nest' as const), at: position, style: fc.constantFrom(...NEST_STYLES), depth, closed: fc.boolean() }),
  },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant('insert' as const), at: position, text: insertedText }) },
  {
    weight: 4,
    arbitrary: fc.record({ kind: fc.constant('replace-word' as const), word: position, text: fc.constantFrom(...REPLACEMENT_VALUES) }),
  },
)

export function mutantCase(seeds: readonly Seed[]): fc.Arbitrary<MutantCase> {
  return fc.record({
    seed: fc.constantFrom(...seeds.map((seed) => seed.name)),
    mutations: fc.array(mutation, { minLength: 0, maxLength: 4 }),
    lineEnding: fc.oneof(
      { weight: 6, arbitrary: fc.constant('as-is' as const) },
      { weight: 2, arbitrary: fc.constant('crlf' as const) },
      { weight: 1, arbitrary: fc.constant('cr' as const) },
    ),
    encoding: fc.oneof(
      { weight: 6, arbitrary: fc.constant('as-is' as const) },
      { weight: 1, arbitrary: fc.constant('utf-8-bom' as const) },
      { weight: 1, arbitrary: fc.constant('utf-16le' as const) },
      { weight: 1, arbitrary: fc.constant('utf-16be' as const) },
    ),
  })
}

/**
 * The bytes of a case. Work happens on a `latin1` string, one character per byte, so a flip or a
 * cut can land inside a multi-byte character as it would in a damaged file.
 */
export function applyCase(seed: Seed, kase: MutantCase): Buffer {
  let text = seed.bytes.toString('latin1')
  for (const m of kase.mutations) text = applyMutation(text, m)
  if (kase.lineEnding === 'crlf') text = text.replace(/\r?\n/g, '\r\n')
  else if (kase.lineEnding === 'cr') text = text.replace(/\r?\n/g, '\r')
  const bytes = Buffer.from(text, 'latin1')
  switch (kase.encoding) {
    case 'as-is':
      return bytes
    case 'utf-8-bom':
      return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), bytes])
    case 'utf-16le':
    case 'utf-16be': {
      // Re-encode what a reader would see; bytes that are not UTF-8 become U+FFFD, as an editor would save them.
      const decoded = decodeText(bytes)
      const le = Buffer.from(`\ufeff${decoded.ok ? decoded.text : bytes.toString('utf8')}`, 'utf16le')
      return kase.encoding === 'utf-16le' ? le : le.swap16()
    }
  }
}

function utf8AsLatin1(text: string): string {
  return Buffer.from(text, 'utf8').toString('latin1')
}

function applyMutation(text: string, m: Mutation): string {
  switch (m.kind) {
    case 'flip-byte': {
      if (text.length === 0) return text
      const at = m.at % text.length
      return text.slice(0, at) + String.fromCharCode(text.charCodeAt(at) ^ m.mask) + text.slice(at + 1)
    }
    case 'truncate':
      return text.slice(0, m.at % (text.length + 1))
    case 'duplicate-line': {
      const lines = text.split('\n')
      const at = m.line % lines.length
      lines.splice(at, 0, ...Array<string>(m.times).fill(lines[at]))
      return lines.join('\n')
    }
    case 'delete-line': {
      const lines = text.split('\n')
      lines.splice(m.line % lines.length, 1)
      return lines.join('\n')
    }
    case 'swap-lines': {
      const lines = text.split('\n')
      const a = m.line % lines.length
      const b = m.other % lines.length
      ;[lines[a], lines[b]] = [lines[b], lines[a]]
      return lines.join('\n')
    }
    case 'nest':
      return nest(text, m)
    case 'insert': {
      const at = m.at % (text.length + 1)
      return text.slice(0, at) + utf8AsLatin1(m.text) + text.slice(at)
    }
    case 'replace-word': {
      const words = [...text.matchAll(/[A-Za-z0-9_$:.-]+/g)]
      if (words.length === 0) return text
      const word = words[m.word % words.length]
      return text.slice(0, word.index) + utf8AsLatin1(m.text) + text.slice(word.index + word[0].length)
    }
  }
}

function nest(text: string, m: Extract<Mutation, { kind: 'nest' }>): string {
  const d = m.depth
  const flow = (open: string, inner: string, close: string): string =>
    open.repeat(d) + (m.closed ? inner + close.repeat(d) : '')
  let inserted: string
  let atLineStart = true
  switch (m.style) {
    case 'json-array':
      inserted = flow('[', '', ']')
      atLineStart = false
      break
    case 'json-object':
      inserted = flow('{"a":', '1', '}')
      atLineStart = false
      break
    case 'yaml-flow-map':
      inserted = flow('{a: ', '1', '}')
      atLineStart = false
      break
    case 'hcl-object':
      inserted = `a = ${flow('{a = ', '1', '}')}\n`
      break
    case 'yaml-compact-seq':
      inserted = `${'- '.repeat(d)}x\n`
      break
    case 'yaml-block-map': {
      // Indentation grows with depth, so the text grows with its square: capped to stay small.
      const levels = Math.min(d, 1500)
      const lines: string[] = []
      for (let i = 0; i < levels; i++) lines.push(`${' '.repeat(i)}a:\n`)
      inserted = lines.join('')
      break
    }
    case 'hcl-block':
      inserted = 'b {\n'.repeat(d) + (m.closed ? '}\n'.repeat(d) : '')
      break
  }
  if (!atLineStart) {
    const at = m.at % (text.length + 1)
    return text.slice(0, at) + inserted + text.slice(at)
  }
  const lines = text.split('\n')
  const line = m.at % lines.length
  const indent = /^[ \t]*/.exec(lines[line])![0]
  lines.splice(line, 0, ...(indent + inserted).replace(/\n$/, '').split('\n'))
  return lines.join('\n')
}

// ---------------------------------------------------------------------------------------------
// Checks

/** Every rule id a scan may report: the rules, the engine's own and the suppression checks. */
export const KNOWN_RULE_IDS: ReadonlySet<string> = new Set([
  ...rules.map((rule) => rule.meta.id),
  ...BUILTIN_RULES.map((meta) => meta.id),
  ...SUPPRESSION_RULES.map((meta) => meta.id),
])

export type SarifValidator = (log: unknown) => string[]

/**
 * Why a range does not fit in `text`, or undefined when it does. The tolerance, exactly:
 * - lines are the text split at `\n`, so a file that ends with a line break has an empty last
 *   line, and that is where a position at the end of the file lands; `line` and `endLine` are in
 *   1 .. that number of lines;
 * - a line's length leaves out its line break (`\n`, and a `\r` just before it), in UTF-16 code
 *   units (SARIF's default column kind); `column` and `endColumn` are in 1 .. length + 1, the
 *   last being the position just after the line's last character (where a range that runs to the
 *   end of a line ends, and where an empty range at the end of the file is);
 * - the end is not before the start.
 * A leading byte-order mark counts as a character of line 1: a parser that drops it may report
 * columns one less on that line, never more. Text that is not UTF-8 or UTF-16 is given here read
 * leniently as UTF-8 (its bad bytes one replacement character each). A binary file (`text`
 * undefined) has no lines, only a start to point at: 1:1, at most one "character" long. (The Terraform reader
 * reports such a file, as Terraform would refuse the module; the template reader skips it.)
 */
export function rangeProblem(range: Range, text: string | undefined): string | undefined {
  const { line, column, endLine, endColumn } = range
  const numbers = [line, column, endLine, endColumn]
  if (!numbers.every((n) => Number.isInteger(n))) return `non-integer position ${JSON.stringify(range)}`
  if (text === undefined) {
    const atStart = line === 1 && column === 1 && endLine === 1 && endColumn <= 2
    return atStart ? undefined : `${JSON.stringify(range)} in a file that is not text`
  }
  const lines = text.split('\n')
  const length = (l: number): number => {
    const content = lines[l - 1]
    return content.endsWith('\r') && l < lines.length ? content.length - 1 : content.length
  }
  if (line < 1 || line > lines.length) return `line ${line} outside 1..${lines.length}`
  if (endLine < line || endLine > lines.length) return `endLine ${endLine} outside ${line}..${lines.length}`
  if (column < 1 || column > length(line) + 1) return `column ${column} outside 1..${length(line) + 1} on line ${line}`
  if (endColumn < 1 || endColumn > length(endLine) + 1) {
    return `endColumn ${endColumn} outside 1..${length(endLine) + 1} on line ${endLine}`
  }
  if (endLine === line && endColumn < column) return `endColumn ${endColumn} before column ${column}`
  return undefined
}

/**
 * Lines of `-f github` output that could be a workflow command other than one annotation per
 * shown finding (GitHub keeps ten per level; the rest are left to the job summary).
 */
export function githubOutputProblems(output: string, findings: ReadonlyArray<{ level: Level; suppressed?: unknown }>): string[] {
  const problems: string[] = []
  const annotation = /^::(error|warning|notice) file=[^:,\r\n]*,line=\d+,endLine=\d+(,col=\d+,endColumn=\d+)?,title=[^:,\r\n]*::[^\r\n]*$/
  let annotations = 0
  for (const line of output.split(/\r\n|\r|\n/)) {
    if (!line.startsWith('::')) continue
    if (annotation.test(line)) annotations++
    else problems.push(`not an annotation: ${JSON.stringify(line.slice(0, 200))}`)
  }
  const active = findings.filter((finding) => finding.suppressed === undefined)
  const expected = (['error', 'warning', 'note'] as const)
    .map((level) => Math.min(10, active.filter((finding) => finding.level === level).length))
    .reduce((a, b) => a + b, 0)
  if (annotations !== expected) problems.push(`${annotations} annotations for ${expected} shown findings`)
  return problems
}

/** Problems with a scan of `files` (absolute path → bytes on disk), its findings and every report format. */
export function checkScan(result: ScanResult, files: ReadonlyMap<string, Uint8Array>, cwd: string, validateSarif: SarifValidator): string[] {
  const problems: string[] = []
  const texts = new Map<string, string | undefined>()
  for (const [file, bytes] of files) {
    const decoded = decodeText(bytes)
    // Text that is not UTF-8 or UTF-16 is reported where its first bad byte is, read leniently.
    texts.set(file, decoded.ok ? decoded.text : decoded.reason === 'binary' ? undefined : new TextDecoder('utf-8').decode(bytes))
  }
  const checkLocation = (what: string, file: string, range: Range): void => {
    const absolute = path.resolve(cwd, file)
    if (!texts.has(absolute)) {
      problems.push(`${what} in a file that was not scanned: ${file}`)
      return
    }
    const problem = rangeProblem(range, texts.get(absolute))
    if (problem !== undefined) problems.push(`${what}: ${problem}`)
  }
  for (const finding of result.findings) {
    const what = `${finding.ruleId} "${finding.message.slice(0, 120)}"`
    if (!KNOWN_RULE_IDS.has(finding.ruleId)) problems.push(`unknown rule id ${finding.ruleId}: ${finding.message}`)
    // An internal error is a bug however well it is contained.
    if (finding.ruleId === 'internal-error') problems.push(`internal error: ${finding.message}`)
    checkLocation(what, finding.location.file, finding.location.range)
    for (const related of finding.related ?? []) checkLocation(`${what}, related "${related.message}"`, related.file, related.range)
  }

  // Suppressed findings too, so that SARIF is checked on every finding (by default it leaves them out).
  const options: ReportOptions = { cwd, color: false, toolVersion: '0.0.0-fuzz', sarif: { includeSuppressed: true } }
  const render = (format: Format): string | undefined => {
    try {
      return renderReport(format, result, options)
    } catch (error) {
      problems.push(`${format} report throws: ${describeError(error)}`)
      return undefined
    }
  }
  const json = render('json')
  if (json !== undefined) {
    const parsed = JSON.parse(json) as { findings: unknown[] }
    if (parsed.findings.length !== result.findings.length) problems.push('JSON report lost findings')
  }
  const sarif = render('sarif')
  if (sarif !== undefined) {
    const log = JSON.parse(sarif) as { runs: Array<{ results: unknown[] }> }
    problems.push(...validateSarif(log).map((error) => `SARIF: ${error}`))
    if (log.runs[0]?.results.length !== result.findings.length) problems.push('SARIF report lost findings')
  }
  const github = render('github')
  if (github !== undefined) problems.push(...githubOutputProblems(github, result.findings).map((problem) => `github: ${problem}`))
  render('text')
  render('markdown')
  return problems
}

export function describeError(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}\n${error.stack ?? ''}`
  return String(error)
}

export interface CaseOutcome {
  findings: Finding[]
  templates: number
  notices: number
}

/**
 * Writes the case's bytes to a fresh folder under `scratch` with the seed's extension (a
 * Terraform module is a folder, so nothing else may be beside it), scans it through the public
 * API, checks the result and removes the folder. Throws with every problem found; the folder is
 * then kept for replay and its path is in the message.
 */
export async function runCase(bytes: Buffer, ext: string, scratch: string, validateSarif: SarifValidator): Promise<CaseOutcome> {
  const dir = await mkdtemp(path.join(scratch, 'case-'))
  const file = path.join(dir, `mutant${ext}`)
  await writeFile(file, bytes)
  let result: ScanResult
  try {
    result = await scan([file], { rules, cwd: dir, today: '2026-01-01' })
  } catch (error) {
    throw new Error(`scan throws on ${file}: ${describeError(error)}`, { cause: error })
  }
  const problems = checkScan(result, new Map([[file, bytes]]), dir, validateSarif)
  // The scan read an HCL mutant with the fast parser when it could: tree-sitter must agree with it.
  if (ext === '.tf' || ext === '.tfvars') {
    const decoded = decodeText(bytes)
    const disagreement = decoded.ok ? hclDisagreement(decoded.text) : undefined
    if (disagreement) problems.push(disagreement)
  }
  if (problems.length > 0) throw new Error(`${problems.length} problem(s) with ${file}:\n  ${problems.join('\n  ')}`)
  await rm(dir, { recursive: true, force: true })
  return { findings: result.findings, templates: result.templatesScanned, notices: result.notices.length }
}
