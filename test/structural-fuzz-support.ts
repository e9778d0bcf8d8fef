/**
 * Structural fuzzing, shared by `test/structural-fuzz.test.ts` (a bounded batch inside `npm test`)
 * and `scripts/fuzz-structural.ts` (`npm run fuzz:structural`, the long run).
 *
 * The byte-mutating fuzzer (`fuzz-support.ts`) damages real files; it cannot build the inputs
 * that make an evaluator do unbounded work or a reporter print what a name smuggles in. The
 * generators here build them on purpose, as plain data so that fast-check prints a failing case
 * as something a person can read and replay:
 *
 * - CloudFormation templates (YAML, short or long intrinsic tags, and JSON) with reference cycles
 *   (parameter defaults, mappings, conditions) and doubling chains (parameters that double a list,
 *   nested `Fn::Sub` that doubles a string, `Fn::Join` with a huge delimiter, `Fn::Split`);
 * - Terraform modules with locals cycles, doubling locals, nested `for` expressions, nested
 *   `count`, deep module graphs (m_i calls m_{i+1} k times) and modules whose source is themselves;
 * - hostile names (line breaks, workflow commands, ANSI escapes, CR, bidi overrides) in every place
 *   a name comes from: file and folder names, logical ids, parameters, descriptions, Terraform
 *   labels, module names and sources, variables, tag values.
 *
 * Each case is scanned by the built CLI in a child process, beside one known-good file, and
 * judged by the properties in `PROPERTIES`. What a case must get (an `evaluation-limit` finding,
 * or none) is computed from the shape with a margin on either side of the default budgets, so a
 * property never depends on exactly where a budget is drawn.
 *
 * Kept free of vitest so that the script can import it.
 */
import { spawnSync } from 'node:child_process'
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import fc from 'fast-check'
import { DEFAULT_LIMITS } from '../src/model/budget.js'
import { decodeText } from '../src/parse/text.js'
import type { JsonFinding, JsonReport } from '../src/report/index.js'
import { githubOutputProblems } from './fuzz-support.js'
import { hclDisagreement } from './hcl-oracle.js'

export const repoRoot = (() => {
  let folder = path.dirname(fileURLToPath(import.meta.url))
  while (!existsSync(path.join(folder, 'package.json'))) folder = path.dirname(folder)
  return folder
})()

// ---------------------------------------------------------------------------------------------
// Hostile names

/**
 * Pieces of a name that mean something to a terminal, a CI log or a reader: workflow commands at
 * the start of a line (after a line break, a CR, a Unicode line break), ANSI escapes, bidi
 * overrides that reorder what a reviewer sees, and characters that need quoting or escaping.
 * None holds `}`, `${` or `/`: names are never put inside `Fn::Sub` text, `!GetAtt` takes the list
 * form, and `/` would make a file name a path.
 */
export const HOSTILE_FRAGMENTS = [
  '\n::error file=x.yaml,line=1::injected\n',
  '\n::add-mask::secret',
  '\n::warning::w',
  '\r::error::cr',
  '\r\n::notice::crlf',
  '\n  ::stop-commands::tok',
  '\n##[error]legacy',
  '\n##vso[task.setvariable variable=x]y',
  '\x1b[31m',
  '\x1b[2J\x1b[H',
  '\x1b]8;;https:__example_com\x07link\x1b]8;;\x07',
  '\x1b',
  '\r',
  '\n',
  '\t',
  '\u0085',
  '\u2028',
  '\u202e',
  '\u202a',
  '\u202b',
  '\u202c',
  '\u202d',
  '\u2066',
  '\u2067',
  '\u2068',
  '\u2069',
  '%0A::error::pct',
  '%25',
  '"',
  "'",
  '\\',
  ',',
  ':',
  ' ',
  '#',
] as const

const WORDS = ['Svc', 'Orders', 'Edge', 'Reports', 'Api'] as const

/** A name that starts with a word (so it is a valid start of a file or key) and goes on with hostile fragments. */
export const hostileName: fc.Arbitrary<string> = fc
  .tuple(
    fc.constantFrom(...WORDS),
    fc.array(fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...HOSTILE_FRAGMENTS) }, { weight: 1, arbitrary: fc.constantFrom(...WORDS) }), {
      minLength: 1,
      maxLength: 3,
    }),
  )
  .map(([word, parts]) => word + parts.join(''))

/** Mostly hostile, sometimes a plain word; a hostile name shrinks to a plain one, so a counterexample shows which names matter. */
export const nameOrPlain: fc.Arbitrary<string> = fc.oneof(
  { withCrossShrink: true },
  { weight: 1, arbitrary: fc.constantFrom(...WORDS) },
  { weight: 3, arbitrary: hostileName },
)

/** Characters that are an injection when they reach a terminal or a CI log unescaped. */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
export const RAW_CONTROL = /[\x1b\r\u202a-\u202e\u2066-\u2069]/
/** What counts as a hostile character having reached a report. */
// eslint-disable-next-line no-control-regex -- the same, with the line breaks
const HOSTILE_CHARACTER = /[\n\r\x1b\u0085\u2028\u202a-\u202e\u2066-\u2069]/

/** A name as a file or folder name: no `/` and no NUL, which no file system allows. */
export function fileSafe(name: string): string {
  return name.replace(/[/\0]/g, '_')
}

/** JSON of a value with everything outside printable ASCII escaped, so a message never carries a raw control character. */
export function escapedJson(value: unknown): string {
  return JSON.stringify(value).replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
}

// ---------------------------------------------------------------------------------------------
// Known-good files

/** Files of `examples/cloudformation` whose findings are known; one goes beside every hostile input. */
export const GOOD_FILES = ['public-alb-lambda.yaml', 'orders-sam.yaml', 'catalog-api.json'] as const
export type GoodFile = (typeof GOOD_FILES)[number]
const goodFile = fc.constantFrom(...GOOD_FILES)

// ---------------------------------------------------------------------------------------------
// CloudFormation cases

export type CfnShape =
  | { kind: 'none' }
  /** P0 defaults to `!Ref P1`, ..., P(n-1) to `!Ref P0`. */
  | { kind: 'parameter-cycle'; length: number }
  /** Mapping entries V0..V(n-1) that `Fn::FindInMap` the next, the last the first (n = 1: itself). */
  | { kind: 'mapping-cycle'; length: number }
  /** Conditions C0..C(n-1) that refer to the next through `Condition`, `Fn::Not`, `Fn::And` or `Fn::Or`. */
  | { kind: 'condition-cycle'; length: number; via: 'Condition' | 'Fn::Not' | 'Fn::And' | 'Fn::Or' }
  /** P0 defaults to a string, Pi to `[!Ref Pi-1, !Ref Pi-1]`: 2^length items. */
  | { kind: 'parameter-doubling'; length: number }
  /** A string of `seed` characters doubled `length` times by `Fn::Sub` `${x}${x}`, nested inline or through parameters. */
  | { kind: 'sub-doubling'; length: number; seed: number; through: 'inline' | 'parameters' }
  /** `Fn::Join` with a delimiter of `delimiter` characters over a literal list or a doubling parameter chain. */
  | { kind: 'join'; delimiter: number; list: { kind: 'literal'; length: number } | { kind: 'doubling'; length: number } }
  /** `Fn::Split` of a string doubled `length` times from `seed` characters, at every character or at `a`. */
  | { kind: 'split'; length: number; seed: number; delimiter: '' | 'a' }

/** Where the computed value is used: properties the model reads, so evaluation is certain to reach it. */
export type CfnSink = 'scheme' | 'timeout' | 'source-arn' | 'security-groups' | 'rule-values'

export interface CfnNames {
  /** File name without extension, and the folder it is in ('' for the top of the scan). */
  file: string
  folder: string
  logicalId: string
  parameter: string
  mapping: string
  condition: string
  description: string
  tag: string
}

export interface CfnCase {
  family: 'cloudformation'
  format: 'yaml' | 'json'
  /** YAML only: `!Ref x` or `{Ref: x}`. */
  tags: 'short' | 'long'
  /** Hostile characters written as they are instead of escaped: the file is then usually a parse error. */
  raw: boolean
  shape: CfnShape
  sink: CfnSink
  names: CfnNames
  /** A binary file with this name and a template extension beside the template, which the scan skips with a note. */
  binary: string | null
  good: GoodFile
}

const length = fc.integer({ min: 2, max: 60 })
const cycleLength = fc.integer({ min: 1, max: 60 })

// fast-check leans towards the first arbitrary of a `oneof`, so the shape with nothing to compute comes last.
export const cfnShape: fc.Arbitrary<CfnShape> = fc.oneof(
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('parameter-cycle' as const), length: cycleLength }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('mapping-cycle' as const), length: cycleLength }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('condition-cycle' as const),
      length: cycleLength,
      via: fc.constantFrom('Condition' as const, 'Fn::Not' as const, 'Fn::And' as const, 'Fn::Or' as const),
    }),
  },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('parameter-doubling' as const), length }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('sub-doubling' as const),
      length,
      seed: fc.integer({ min: 1, max: 64 }),
      through: fc.constantFrom('inline' as const, 'parameters' as const),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('join' as const),
      delimiter: fc.oneof(fc.integer({ min: 1, max: 64 }), fc.integer({ min: 1000, max: 200_000 })),
      list: fc.oneof(
        fc.record({ kind: fc.constant('literal' as const), length }),
        fc.record({ kind: fc.constant('doubling' as const), length }),
      ),
    }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant('split' as const),
      length,
      seed: fc.integer({ min: 1, max: 64 }),
      delimiter: fc.constantFrom('' as const, 'a' as const),
    }),
  },
  { weight: 1, arbitrary: fc.constant({ kind: 'none' as const }) },
)

export const cfnNames: fc.Arbitrary<CfnNames> = fc.record({
  file: nameOrPlain,
  folder: fc.oneof({ withCrossShrink: true }, fc.constant(''), nameOrPlain),
  logicalId: nameOrPlain,
  parameter: nameOrPlain,
  mapping: nameOrPlain,
  condition: nameOrPlain,
  description: nameOrPlain,
  tag: nameOrPlain,
})

export const cfnCase: fc.Arbitrary<CfnCase> = fc.record({
  family: fc.constant('cloudformation' as const),
  format: fc.constantFrom('yaml' as const, 'json' as const),
  tags: fc.constantFrom('short' as const, 'long' as const),
  raw: fc.oneof({ withCrossShrink: true }, { weight: 4, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
  shape: cfnShape,
  sink: fc.constantFrom('scheme' as const, 'timeout' as const, 'source-arn' as const, 'security-groups' as const, 'rule-values' as const),
  names: cfnNames,
  binary: fc.oneof({ withCrossShrink: true }, { weight: 3, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: hostileName }),
  good: goodFile,
})

// ---------------------------------------------------------------------------------------------
// Terraform cases

export type TfShape =
  | { kind: 'none' }
  /** l0 = local.l1, ..., l(n-1) = local.l0 (n = 1: itself). */
  | { kind: 'locals-cycle'; length: number }
  /** l0 = ["sg-0"], li = concat(local.l(i-1), local.l(i-1)): 2^length items. */
  | { kind: 'locals-doubling-list'; length: number }
  /** s0 of `seed` characters, si = "${local.s(i-1)}${local.s(i-1)}". */
  | { kind: 'locals-doubling-string'; length: number; seed: number }
  /** `depth` nested `for` expressions, each over `range(size)` or a literal list of `size` numbers. */
  | { kind: 'nested-for'; depth: number; size: number; over: 'range' | 'list' }
  /** A chain of `depth` module calls with `count = count` each, ending in a resource with the same count. */
  | { kind: 'nested-count'; depth: number; count: number }
  /** Module folders m0..m(depth-1); the root calls m0 and mi calls mi+1, each `fanOut` times. */
  | { kind: 'module-graph'; depth: number; fanOut: number }
  /** A module whose source is its own folder (`./`, `../<own name>`) or a pair that call each other. */
  | { kind: 'self-module'; form: 'dot' | 'parent' | 'pair'; fanOut: number }

/** How the computed value is used: as the attribute of its type (`load_balancer_type`, `security_groups`) or through `length()` as `timeout`. */
export type TfSink = 'direct' | 'length'

export interface TfNames {
  /** The root module's folder, its file name without `.tf`, and the prefix of module folders. */
  folder: string
  file: string
  moduleFolder: string
  module: string
  label: string
  variable: string
  description: string
  tag: string
}

export interface TfCase {
  family: 'terraform'
  raw: boolean
  shape: TfShape
  sink: TfSink
  names: TfNames
  /** A module call whose source names nothing on disk, which the scan reports as a note. */
  stray: string | null
  good: GoodFile
}

export const tfShape: fc.Arbitrary<TfShape> = fc.oneof(
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('locals-cycle' as const), length: cycleLength }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant('locals-doubling-list' as const), length }) },
  {
    weight: 2,
    arbitrary: fc.record({ kind: fc.constant('locals-doubling-string' as const), length, seed: fc.integer({ min: 1, max: 64 }) }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('nested-for' as const),
      depth: fc.integer({ min: 1, max: 4 }),
      size: fc.oneof(fc.integer({ min: 1, max: 30 }), fc.integer({ min: 100, max: 1000 })),
      over: fc.constantFrom('range' as const, 'list' as const),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('nested-count' as const),
      depth: fc.integer({ min: 1, max: 8 }),
      count: fc.oneof(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 10, max: 1000 })),
    }),
  },
  {
    weight: 3,
    arbitrary: fc.record({ kind: fc.constant('module-graph' as const), depth: fc.integer({ min: 1, max: 25 }), fanOut: fc.integer({ min: 1, max: 3 }) }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant('self-module' as const),
      form: fc.constantFrom('dot' as const, 'parent' as const, 'pair' as const),
      fanOut: fc.integer({ min: 1, max: 3 }),
    }),
  },
  { weight: 1, arbitrary: fc.constant({ kind: 'none' as const }) },
)

export const tfNames: fc.Arbitrary<TfNames> = fc.record({
  folder: nameOrPlain,
  file: nameOrPlain,
  moduleFolder: nameOrPlain,
  module: nameOrPlain,
  label: nameOrPlain,
  variable: nameOrPlain,
  description: nameOrPlain,
  tag: nameOrPlain,
})

export const tfCase: fc.Arbitrary<TfCase> = fc.record({
  family: fc.constant('terraform' as const),
  raw: fc.oneof({ withCrossShrink: true }, { weight: 4, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
  shape: tfShape,
  sink: fc.constantFrom('direct' as const, 'length' as const),
  names: tfNames,
  stray: fc.oneof({ withCrossShrink: true }, { weight: 2, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: hostileName }),
  good: goodFile,
})

export type StructuralCase = CfnCase | TfCase

// ---------------------------------------------------------------------------------------------
// What a case must get

export interface Expectation {
  /** Why the hostile input must get an `evaluation-limit` or `parse-error` finding; undefined when it need not. */
  mustReport?: string
  /** Why it must not get an `evaluation-limit` finding: all it computes is far below every budget. */
  mustNotReport?: string
  /** The input is syntactically valid (nothing written raw), so a `parse-error` at it is wrong. */
  parses: boolean
}

/** Sizes a case computes, worked out from its shape. */
interface Work {
  cycle?: string
  string: number
  collection: number
  /** Resource and module instances (Terraform). */
  instances: number
  /** Leaf values of nested lists (Terraform `for`), each at least one evaluation step. */
  elements: number
  /** The work depends on something the evaluator may leave unknown (`range()`): nothing may be asserted either way. */
  uncertain?: boolean
}

const NO_WORK: Work = { string: 0, collection: 0, instances: 0, elements: 0 }
const L = DEFAULT_LIMITS

function judge(work: Work, parses: boolean): Expectation {
  const over: string[] = []
  if (work.cycle) over.push(work.cycle)
  if (work.string > 2 * L.maxStringLength) over.push(`computes a string of ${work.string.toExponential(2)} characters`)
  if (work.collection > 2 * L.maxCollectionSize) over.push(`computes a list of ${work.collection.toExponential(2)} items`)
  if (work.instances > 2 * L.maxInstances) over.push(`expands to ${work.instances.toExponential(2)} instances`)
  if (work.elements > 2 * L.evaluationSteps) over.push(`computes ${work.elements.toExponential(2)} values`)
  const small =
    !work.cycle &&
    !work.uncertain &&
    work.string <= L.maxStringLength / 8 &&
    work.collection <= L.maxCollectionSize / 8 &&
    work.instances <= L.maxInstances / 8 &&
    work.elements <= 10_000
  return {
    ...(over.length > 0 ? { mustReport: over.join('; ') } : {}),
    ...(small ? { mustNotReport: 'every computed value is far below the budgets' } : {}),
    parses,
  }
}

function cfnWork(shape: CfnShape): Work {
  switch (shape.kind) {
    case 'none':
      return NO_WORK
    case 'parameter-cycle':
      return { ...NO_WORK, cycle: `a cycle of ${shape.length} parameter defaults` }
    case 'mapping-cycle':
      return { ...NO_WORK, cycle: `a cycle of ${shape.length} mapping entries` }
    case 'condition-cycle':
      return { ...NO_WORK, cycle: `a cycle of ${shape.length} conditions` }
    case 'parameter-doubling':
      return { ...NO_WORK, collection: 2 ** shape.length }
    case 'sub-doubling':
      return { ...NO_WORK, string: shape.seed * 2 ** shape.length }
    case 'join':
      if (shape.list.kind === 'literal') return { ...NO_WORK, string: shape.delimiter * (shape.list.length - 1) + shape.list.length }
      // The doubling parameters nest lists ([[a, a], [a, a]]), which Fn::Join does not join: only the list is computed.
      return { ...NO_WORK, collection: 2 ** shape.list.length }
    case 'split': {
      const text = shape.seed * 2 ** shape.length
      return { ...NO_WORK, string: text, collection: shape.delimiter === '' ? text : text + 1 }
    }
  }
}

function tfWork(shape: TfShape): Work {
  switch (shape.kind) {
    case 'none':
      return { ...NO_WORK, instances: LEAF_RESOURCES + 1 }
    case 'locals-cycle':
      return { ...NO_WORK, instances: LEAF_RESOURCES + 1, cycle: `a cycle of ${shape.length} locals` }
    case 'locals-doubling-list':
      return { ...NO_WORK, collection: 2 ** shape.length }
    case 'locals-doubling-string':
      return { ...NO_WORK, string: shape.seed * 2 ** shape.length }
    case 'nested-for': {
      // range() may be unknown to the evaluator, and then nothing is computed: only a literal list must be reported.
      const elements = shape.size ** shape.depth
      if (shape.over === 'list') return { ...NO_WORK, elements, collection: shape.size }
      return elements <= 10_000 ? { ...NO_WORK, elements } : { ...NO_WORK, uncertain: true }
    }
    case 'nested-count': {
      let instances = 0
      for (let level = 1; level <= shape.depth; level++) instances += shape.count ** level
      return { ...NO_WORK, instances: instances + shape.count ** shape.depth * (LEAF_RESOURCES + shape.count) }
    }
    case 'module-graph': {
      let instances = 0
      for (let level = 1; level <= shape.depth; level++) instances += shape.fanOut ** level
      return { ...NO_WORK, instances: instances + LEAF_RESOURCES * shape.fanOut ** shape.depth }
    }
    case 'self-module':
      return { ...NO_WORK, cycle: `a module whose source is ${shape.form === 'pair' ? 'a module that calls it back' : 'its own folder'}` }
  }
}

export function expectationOf(kase: StructuralCase): Expectation {
  const parses = !kase.raw
  return kase.family === 'cloudformation' ? judge(cfnWork(kase.shape), parses) : judge(tfWork(kase.shape), parses)
}

// ---------------------------------------------------------------------------------------------
// CloudFormation rendering: a small document model, then YAML (block, flow and tags) or JSON

class Fn {
  constructor(
    readonly name: string,
    readonly arg: Doc,
  ) {}
}
class Obj {
  readonly entries: Array<[string, Doc]>
  constructor(...entries: Array<[string, Doc | undefined]>) {
    this.entries = entries.filter((entry): entry is [string, Doc] => entry[1] !== undefined)
  }
}
type Doc = string | number | boolean | Fn | Obj | Doc[]

const ref = (name: string): Fn => new Fn('Ref', name)
const intrinsic = (name: string, arg: Doc): Fn => new Fn(`Fn::${name}`, arg)
const conditionRef = (name: string): Fn => new Fn('Condition', name)

function quoted(text: string, raw: boolean, escape: (c: string) => string): string {
  if (raw) return `"${text.replace(/["\\]/g, (c) => `\\${c}`)}"`
  return `"${text.replace(/["\\]|[^\x20-\x7e]/g, escape)}"`
}

const hex = (c: string, digits: number): string => c.charCodeAt(0).toString(16).padStart(digits, '0')

function jsonString(text: string, raw: boolean): string {
  return quoted(text, raw, (c) => {
    if (c === '"' || c === '\\') return `\\${c}`
    if (c === '\n') return '\\n'
    if (c === '\r') return '\\r'
    if (c === '\t') return '\\t'
    return `\\u${hex(c, 4)}`
  })
}

function yamlString(text: string, raw: boolean): string {
  return quoted(text, raw, (c) => {
    if (c === '"' || c === '\\') return `\\${c}`
    if (c === '\n') return '\\n'
    if (c === '\r') return '\\r'
    if (c === '\t') return '\\t'
    if (c === '\0') return '\\0'
    return c.charCodeAt(0) < 0x100 ? `\\x${hex(c, 2)}` : `\\u${hex(c, 4)}`
  })
}

function renderJson(doc: Doc, raw: boolean, indent = ''): string {
  if (typeof doc === 'string') return jsonString(doc, raw)
  if (typeof doc === 'number' || typeof doc === 'boolean') return String(doc)
  if (doc instanceof Fn) return renderJson(new Obj([doc.name, doc.arg]), raw, indent)
  const inner = `${indent}  `
  if (Array.isArray(doc)) return doc.length === 0 ? '[]' : `[\n${doc.map((item) => inner + renderJson(item, raw, inner)).join(',\n')}\n${indent}]`
  if (doc.entries.length === 0) return '{}'
  return `{\n${doc.entries.map(([key, value]) => `${inner}${jsonString(key, raw)}: ${renderJson(value, raw, inner)}`).join(',\n')}\n${indent}}`
}

interface YamlStyle {
  tags: 'short' | 'long'
  raw: boolean
}

function yamlFlow(doc: Doc, style: YamlStyle): string {
  if (typeof doc === 'string') return yamlString(doc, style.raw)
  if (typeof doc === 'number' || typeof doc === 'boolean') return String(doc)
  if (doc instanceof Fn) {
    if (style.tags === 'long') return `{${yamlString(doc.name, false)}: ${yamlFlow(doc.arg, style)}}`
    return `!${doc.name.replace(/^Fn::/, '')} ${yamlFlow(doc.arg, style)}`
  }
  if (Array.isArray(doc)) return `[${doc.map((item) => yamlFlow(item, style)).join(', ')}]`
  return `{${doc.entries.map(([key, value]) => `${yamlString(key, style.raw)}: ${yamlFlow(value, style)}`).join(', ')}}`
}

/** Block style for maps and lists of maps, flow style for everything inside an intrinsic. */
function yamlBlock(doc: Obj | Doc[], style: YamlStyle, indent: string): string {
  const valueText = (value: Doc, inner: string): string => {
    if ((value instanceof Obj && value.entries.length > 0) || (Array.isArray(value) && value.some((item) => item instanceof Obj))) {
      return `\n${yamlBlock(value, style, inner)}`
    }
    return ` ${yamlFlow(value, style)}`
  }
  if (Array.isArray(doc)) {
    return doc
      .map((item) => {
        if (item instanceof Obj && item.entries.length > 0) return `${indent}- ${yamlBlock(item, style, `${indent}  `).slice(indent.length + 2)}`
        return `${indent}- ${yamlFlow(item, style)}`
      })
      .join('\n')
  }
  return doc.entries.map(([key, value]) => `${indent}${yamlString(key, style.raw)}:${valueText(value, `${indent}  `)}`).join('\n')
}

interface CfnParts {
  parameters: Array<[string, Doc]>
  mappings: Array<[string, Doc]>
  conditions: Array<[string, Doc]>
  /** The computed value, put at the sink. */
  value: Doc
  /** A condition the load balancer is created under. */
  condition?: string
}

function cfnParts(kase: CfnCase): CfnParts {
  const { names, shape } = kase
  const P = (i: number | string): string => `${names.parameter}${i}`
  const C = (i: number): string => `${names.condition}${i}`
  const parameter = (fallback: Doc, type = 'String'): Obj => new Obj(['Type', type], ['Description', names.description], ['Default', fallback])
  const parts: CfnParts = { parameters: [], mappings: [], conditions: [], value: 'internal' }
  /** P0 = "sg-0", Pi = [!Ref Pi-1, !Ref Pi-1]; the value is !Ref Pn. */
  const doublingParameters = (n: number): Fn => {
    parts.parameters.push([P(0), parameter('sg-0')])
    for (let i = 1; i <= n; i++) parts.parameters.push([P(i), parameter([ref(P(i - 1)), ref(P(i - 1))], 'CommaDelimitedList')])
    return ref(P(n))
  }
  const doubledString = (n: number, seed: number): Doc => {
    let value: Doc = 'a'.repeat(seed)
    for (let i = 0; i < n; i++) value = intrinsic('Sub', ['${x}${x}', new Obj(['x', value])])
    return value
  }
  switch (shape.kind) {
    case 'none':
      break
    case 'parameter-cycle':
      for (let i = 0; i < shape.length; i++) parts.parameters.push([P(i), parameter(ref(P((i + 1) % shape.length)))])
      parts.value = ref(P(0))
      break
    case 'mapping-cycle': {
      const entries: Array<[string, Doc]> = []
      for (let i = 0; i < shape.length; i++) entries.push([`V${i}`, intrinsic('FindInMap', [names.mapping, 'K', `V${(i + 1) % shape.length}`])])
      parts.mappings.push([names.mapping, new Obj(['K', new Obj(...entries)])])
      parts.value = intrinsic('FindInMap', [names.mapping, 'K', 'V0'])
      break
    }
    case 'condition-cycle':
      for (let i = 0; i < shape.length; i++) {
        const next = conditionRef(C((i + 1) % shape.length))
        const definition: Doc =
          shape.via === 'Condition'
            ? next
            : shape.via === 'Fn::Not'
              ? intrinsic('Not', [next])
              : shape.via === 'Fn::And'
                ? intrinsic('And', [next, next])
                : intrinsic('Or', [next, intrinsic('Equals', ['a', 'b'])])
        parts.conditions.push([C(i), definition])
      }
      parts.value = intrinsic('If', [C(0), 'internal', 'internet-facing'])
      parts.condition = C(0)
      break
    case 'parameter-doubling':
      parts.value = doublingParameters(shape.length)
      break
    case 'sub-doubling':
      if (shape.through === 'inline') parts.value = doubledString(shape.length, shape.seed)
      else {
        parts.parameters.push([P(0), parameter('a'.repeat(shape.seed))])
        for (let i = 1; i <= shape.length; i++) parts.parameters.push([P(i), parameter(intrinsic('Sub', ['${x}${x}', new Obj(['x', ref(P(i - 1))])]))])
        parts.value = ref(P(shape.length))
      }
      break
    case 'join': {
      const list: Doc = shape.list.kind === 'literal' ? Array.from({ length: shape.list.length }, () => 'x') : doublingParameters(shape.list.length)
      parts.value = intrinsic('Join', ['-'.repeat(shape.delimiter), list])
      break
    }
    case 'split':
      parts.value = intrinsic('Split', [shape.delimiter, doubledString(shape.length, shape.seed)])
      break
  }
  return parts
}

/**
 * The template: an internet-facing ALB whose listener rule forwards to a Lambda function with no
 * authentication (a finding that names the logical ids), every name from the case, and the
 * shape's value at the sink.
 */
export function cfnTemplate(kase: CfnCase): Obj {
  const { names, sink } = kase
  const parts = cfnParts(kase)
  const id = (suffix: string): string => `${names.logicalId}${suffix}`
  const at = (where: CfnSink): Doc | undefined => (sink === where ? parts.value : undefined)
  const tags = [new Obj(['Key', 'Name'], ['Value', names.tag])]
  const schemeParameter = `${names.parameter}Scheme`
  const resources: Array<[string, Doc]> = [
    [
      id('Function'),
      new Obj(
        ['Type', 'AWS::Lambda::Function'],
        [
          'Properties',
          new Obj(
            ['Runtime', 'python3.12'],
            ['Handler', 'app.handler'],
            ['Role', 'arn:aws:iam::123456789012:role/app'],
            ['Timeout', at('timeout') ?? 30],
            ['Code', new Obj(['ZipFile', 'def handler(event, context): return {}'])],
            ['Tags', tags],
          ),
        ],
      ),
    ],
    [
      id('Permission'),
      new Obj(
        ['Type', 'AWS::Lambda::Permission'],
        [
          'Properties',
          new Obj(
            ['FunctionName', intrinsic('GetAtt', [id('Function'), 'Arn'])],
            ['Action', 'lambda:InvokeFunction'],
            ['Principal', 'elasticloadbalancing.amazonaws.com'],
            ['SourceArn', at('source-arn')],
          ),
        ],
      ),
    ],
    [
      id('LoadBalancer'),
      new Obj(
        ['Type', 'AWS::ElasticLoadBalancingV2::LoadBalancer'],
        ['Condition', parts.condition],
        [
          'Properties',
          new Obj(
            ['Scheme', at('scheme') ?? ref(schemeParameter)],
            ['Subnets', ['subnet-0a1b', 'subnet-0c2d']],
            ['SecurityGroups', at('security-groups')],
            ['Tags', tags],
          ),
        ],
      ),
    ],
    [
      id('TargetGroup'),
      new Obj(
        ['Type', 'AWS::ElasticLoadBalancingV2::TargetGroup'],
        ['Properties', new Obj(['TargetType', 'lambda'], ['Targets', [new Obj(['Id', intrinsic('GetAtt', [id('Function'), 'Arn'])])]])],
      ),
    ],
    [
      id('Listener'),
      new Obj(
        ['Type', 'AWS::ElasticLoadBalancingV2::Listener'],
        [
          'Properties',
          new Obj(
            ['LoadBalancerArn', ref(id('LoadBalancer'))],
            ['Port', 443],
            ['Protocol', 'HTTPS'],
            ['Certificates', [new Obj(['CertificateArn', 'arn:aws:acm:us-east-1:123456789012:certificate/abc'])]],
            ['DefaultActions', [new Obj(['Type', 'fixed-response'], ['FixedResponseConfig', new Obj(['StatusCode', '404'])])]],
          ),
        ],
      ),
    ],
    [
      id('Rule'),
      new Obj(
        ['Type', 'AWS::ElasticLoadBalancingV2::ListenerRule'],
        [
          'Properties',
          new Obj(
            ['ListenerArn', ref(id('Listener'))],
            ['Priority', 1],
            ['Conditions', [new Obj(['Field', 'path-pattern'], ['Values', at('rule-values') ?? ['/reports/*']])]],
            ['Actions', [new Obj(['Type', 'forward'], ['TargetGroupArn', ref(id('TargetGroup'))])]],
          ),
        ],
      ),
    ],
  ]
  const parameters: Array<[string, Doc]> = [
    [schemeParameter, new Obj(['Type', 'String'], ['Description', names.description], ['Default', 'internet-facing'])],
    ...parts.parameters,
  ]
  return new Obj(
    ['AWSTemplateFormatVersion', '2010-09-09'],
    ['Description', names.description],
    ['Parameters', new Obj(...parameters)],
    ['Mappings', parts.mappings.length > 0 ? new Obj(...parts.mappings) : undefined],
    ['Conditions', parts.conditions.length > 0 ? new Obj(...parts.conditions) : undefined],
    ['Resources', new Obj(...resources)],
  )
}

export function cfnText(kase: CfnCase): string {
  const template = cfnTemplate(kase)
  if (kase.format === 'json') return `${renderJson(template, kase.raw)}\n`
  return `${yamlBlock(template, { tags: kase.tags, raw: kase.raw }, '')}\n`
}

// ---------------------------------------------------------------------------------------------
// Terraform rendering

function hclString(text: string, raw: boolean): string {
  const body = raw
    ? text.replace(/["\\]/g, (c) => `\\${c}`)
    : text.replace(/["\\]|[^\x20-\x7e]/g, (c) => {
        if (c === '"' || c === '\\') return `\\${c}`
        if (c === '\n') return '\\n'
        if (c === '\r') return '\\r'
        if (c === '\t') return '\\t'
        return `\\u${hex(c, 4)}`
      })
  return `"${body.replace(/\$\{/g, '$${').replace(/%\{/g, '%%{')}"`
}

/** Resources of every leaf module: a REST API stage without throttling, a finding that names the module path. */
const LEAF_RESOURCES = 3
function leafModule(tag: string, raw: boolean): string {
  return [
    'resource "aws_api_gateway_rest_api" "orders" {',
    '  name = "orders"',
    `  tags = { Name = ${hclString(tag, raw)} }`,
    '}',
    '',
    'resource "aws_api_gateway_deployment" "orders" {',
    '  rest_api_id = aws_api_gateway_rest_api.orders.id',
    '}',
    '',
    'resource "aws_api_gateway_stage" "prod" {',
    '  rest_api_id   = aws_api_gateway_rest_api.orders.id',
    '  deployment_id = aws_api_gateway_deployment.orders.id',
    '  stage_name    = "prod"',
    '}',
    '',
  ].join('\n')
}

interface TfFile {
  /** Path segments under the root module's folder. */
  at: string[]
  text: string
}

/** A module block; `source` is written as given (escaped like any string). */
function moduleBlock(name: string, source: string, raw: boolean, count?: number): string {
  return [`module ${hclString(name, raw)} {`, `  source = ${hclString(source, raw)}`, ...(count === undefined ? [] : [`  count  = ${count}`]), '}', ''].join('\n')
}

export function tfFiles(kase: TfCase): TfFile[] {
  const { names, raw, shape } = kase
  const files: TfFile[] = []
  const folderName = fileSafe(names.folder)
  const moduleFolder = (i: number): string => fileSafe(`${names.moduleFolder}${i}`)
  const locals: string[] = []
  const root: string[] = []
  /** The value the shape computes, as an expression, and its type. */
  let value: { expr: string; type: 'string' | 'list' } | undefined
  switch (shape.kind) {
    case 'none':
      break
    case 'locals-cycle':
      for (let i = 0; i < shape.length; i++) locals.push(`  l${i} = local.l${(i + 1) % shape.length}`)
      value = { expr: 'local.l0', type: 'string' }
      break
    case 'locals-doubling-list':
      locals.push('  l0 = ["sg-0"]')
      for (let i = 1; i <= shape.length; i++) locals.push(`  l${i} = concat(local.l${i - 1}, local.l${i - 1})`)
      value = { expr: `local.l${shape.length}`, type: 'list' }
      break
    case 'locals-doubling-string':
      locals.push(`  s0 = "${'a'.repeat(shape.seed)}"`)
      for (let i = 1; i <= shape.length; i++) locals.push(`  s${i} = "\${local.s${i - 1}}\${local.s${i - 1}}"`)
      value = { expr: `local.s${shape.length}`, type: 'string' }
      break
    case 'nested-for': {
      locals.push(shape.over === 'range' ? `  src = range(${shape.size})` : `  src = [${Array.from({ length: shape.size }, (_, i) => i).join(', ')}]`)
      let expr = '"sg-x"'
      for (let level = shape.depth - 1; level >= 0; level--) expr = `[for v${level} in local.src : ${expr}]`
      locals.push(`  nested = ${expr}`)
      value = { expr: 'local.nested', type: 'list' }
      break
    }
    case 'nested-count':
    case 'module-graph': {
      const count = shape.kind === 'nested-count' ? shape.count : undefined
      const fanOut = shape.kind === 'module-graph' ? shape.fanOut : 1
      const calls = (from: string, i: number): string =>
        Array.from({ length: fanOut }, (_, j) => moduleBlock(`${names.module}${i}_${j}`, `${from}${moduleFolder(i)}`, raw, count)).join('\n')
      root.push(calls('./', 0))
      for (let i = 0; i < shape.depth; i++) {
        const last = i === shape.depth - 1
        let text = last ? leafModule(names.tag, raw) : calls('../', i + 1)
        if (last && count !== undefined) text += `resource "aws_lambda_function" "many" {\n  count   = ${count}\n  timeout = 900\n}\n`
        files.push({ at: [moduleFolder(i), 'main.tf'], text })
      }
      break
    }
    case 'self-module': {
      const self = (i: number): string => {
        if (shape.form === 'dot') return './'
        if (shape.form === 'parent') return `../${folderName}`
        return `../${moduleFolder(1 - i)}`
      }
      const blocks = (i: number, source: string): string =>
        Array.from({ length: shape.fanOut }, (_, j) => moduleBlock(`${names.module}${i}_${j}`, source, raw)).join('\n')
      if (shape.form === 'pair') {
        root.push(blocks(0, `./${moduleFolder(0)}`))
        for (const i of [0, 1]) files.push({ at: [moduleFolder(i), 'main.tf'], text: `${blocks(i, self(i))}\n${leafModule(names.tag, raw)}` })
      } else root.push(blocks(0, self(0)))
      break
    }
  }
  if (shape.kind !== 'nested-count' && shape.kind !== 'module-graph' && shape.kind !== 'self-module') {
    // One call of a module with a finding, so the module's name shows in the finding's address.
    root.push(moduleBlock(names.module, `./${moduleFolder(0)}`, raw))
    files.push({ at: [moduleFolder(0), 'main.tf'], text: leafModule(names.tag, raw) })
  }
  const lb: string[] = ['  name     = "lb"', '  internal = false', '  subnets  = ["subnet-0a1b", "subnet-0c2d"]', `  tags     = { Name = ${hclString(names.tag, raw)} }`]
  let timeout = '30'
  if (value && kase.sink === 'length') timeout = `length(${value.expr})`
  else if (value) lb.push(value.type === 'string' ? `  load_balancer_type = ${value.expr}` : `  security_groups = ${value.expr}`)
  const text = [
    `variable ${hclString(names.variable, raw)} {`,
    '  type        = string',
    `  description = ${hclString(names.description, raw)}`,
    '}',
    '',
    ...(locals.length > 0 ? ['locals {', ...locals, '}', ''] : []),
    'resource "aws_lambda_function" "this" {',
    '  function_name = "fn"',
    '  role          = "arn:aws:iam::123456789012:role/fn"',
    '  runtime       = "python3.12"',
    '  handler       = "index.handler"',
    '  filename      = "fn.zip"',
    `  timeout       = ${timeout}`,
    `  tags          = { Name = ${hclString(names.tag, raw)} }`,
    '}',
    '',
    'resource "aws_lambda_permission" "this" {',
    '  function_name = aws_lambda_function.this.function_name',
    '  action        = "lambda:InvokeFunction"',
    '  principal     = "elasticloadbalancing.amazonaws.com"',
    '  source_arn    = aws_lb_target_group.this.arn',
    '}',
    '',
    'resource "aws_lb" "this" {',
    ...lb,
    '}',
    '',
    'resource "aws_lb_target_group" "this" {',
    '  name        = "tg"',
    '  target_type = "lambda"',
    '}',
    '',
    'resource "aws_lb_target_group_attachment" "this" {',
    '  target_group_arn = aws_lb_target_group.this.arn',
    '  target_id        = aws_lambda_function.this.arn',
    '}',
    '',
    'resource "aws_lb_listener" "this" {',
    '  load_balancer_arn = aws_lb.this.arn',
    '  port              = 443',
    '  protocol          = "HTTPS"',
    '  certificate_arn   = "arn:aws:acm:us-east-1:123456789012:certificate/abc"',
    '  default_action {',
    '    type             = "forward"',
    '    target_group_arn = aws_lb_target_group.this.arn',
    '  }',
    '}',
    '',
    `resource "aws_lambda_function" ${hclString(names.label, raw)} {`,
    '  function_name = "labelled"',
    '  timeout       = 900',
    '}',
    '',
    ...root,
    ...(kase.stray === null ? [] : [moduleBlock(kase.stray, `./${kase.stray}`, raw)]),
  ].join('\n')
  files.push({ at: [`${fileSafe(names.file)}.tf`], text })
  return files
}

// ---------------------------------------------------------------------------------------------
// A case on disk

export interface Layout {
  /** Files relative to the scan folder (POSIX), with their bytes. */
  files: Array<{ rel: string; data: string | Buffer }>
  /** Display path of the hostile input: its file, or its folder with a trailing `/`. */
  hostile: string
  good: GoodFile
  expectation: Expectation
}

/** Bytes that no template reader takes for text, with a template's name. */
const BINARY = Buffer.from([0x00, 0xff, 0xfe, 0x00, 0x1b, 0x5b, 0x33, 0x31, 0x6d, 0x00, 0x0a, 0x3a, 0x3a, 0x65, 0x72, 0x72, 0x6f, 0x72, 0x3a, 0x3a, 0x78])

export function layoutOf(kase: StructuralCase): Layout {
  const expectation = expectationOf(kase)
  if (kase.family === 'cloudformation') {
    const folder = kase.names.folder === '' ? '' : `${fileSafe(kase.names.folder)}/`
    const file = `${folder}${fileSafe(kase.names.file)}.${kase.format}`
    const files: Layout['files'] = [{ rel: file, data: cfnText(kase) }]
    if (kase.binary !== null) files.push({ rel: `${folder}${fileSafe(kase.binary)}.yaml`, data: BINARY })
    return { files, hostile: file, good: kase.good, expectation }
  }
  const folder = fileSafe(kase.names.folder)
  const files = tfFiles(kase).map((file) => ({ rel: [folder, ...file.at].join('/'), data: file.text }))
  return { files, hostile: `${folder}/`, good: kase.good, expectation }
}

// ---------------------------------------------------------------------------------------------
// Running the built CLI

export type OutputFormat = 'json' | 'text' | 'github'

export interface CliRun {
  format: OutputFormat
  code: number | null
  signal: NodeJS.Signals | null
  timedOut: boolean
  stdout: string
  stderr: string
  ms: number
}

export interface RunOptions {
  /** The CLI's entry point: the repository's `bin/iac-lint.js` or a snapshot of it. */
  bin: string
  /** Hang guard per CLI run. */
  timeoutMs: number
  heapMB: number
}

export const DEFAULT_RUN_OPTIONS: RunOptions = { bin: path.join(repoRoot, 'bin', 'iac-lint.js'), timeoutMs: 20_000, heapMB: 256 }

/**
 * A copy of the CLI as users install it (`bin`, `bundle`, `vendor`, `package.json`; the bundle
 * needs no `node_modules`) under `scratch`, returned as run options. Scans run from the copy, so a
 * rebuild of `bundle/` while a batch runs (another terminal, a watch) cannot change the program
 * under test halfway through.
 */
export function snapshotCli(scratch: string): RunOptions {
  const dir = mkdtempSync(path.join(scratch, 'cli-'))
  for (const part of ['bin', 'bundle', 'vendor']) cpSync(path.join(repoRoot, part), path.join(dir, part), { recursive: true })
  copyFileSync(path.join(repoRoot, 'package.json'), path.join(dir, 'package.json'))
  return { ...DEFAULT_RUN_OPTIONS, bin: path.join(dir, 'bin', 'iac-lint.js') }
}

export function runCli(cwd: string, format: OutputFormat, options: RunOptions): CliRun {
  const started = performance.now()
  const result = spawnSync(process.execPath, [`--max-old-space-size=${options.heapMB}`, options.bin, 'scan', '.', '-f', format], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '', GITHUB_STEP_SUMMARY: '' },
    timeout: options.timeoutMs,
    killSignal: 'SIGKILL',
    maxBuffer: 512 * 1024 * 1024,
  })
  const error = result.error as NodeJS.ErrnoException | undefined
  return {
    format,
    code: result.status,
    signal: result.signal,
    timedOut: error?.code === 'ETIMEDOUT',
    stdout: result.stdout ?? '',
    stderr: (result.stderr ?? '') + (error && error.code !== 'ETIMEDOUT' ? `\n[spawn: ${error.message}]` : ''),
    ms: performance.now() - started,
  }
}

function writeLayout(dir: string, layout: Layout): void {
  for (const file of layout.files) {
    const target = path.join(dir, ...file.rel.split('/'))
    mkdirSync(path.dirname(target), { recursive: true })
    writeFileSync(target, file.data)
  }
  copyFileSync(path.join(repoRoot, 'examples', 'cloudformation', layout.good), path.join(dir, layout.good))
}

/** What is compared of the good file's findings. */
export type GoodFindings = string[]

function essentials(findings: JsonFinding[], file: string): GoodFindings {
  return findings
    .filter((finding) => finding.file === file)
    .map((finding) =>
      escapedJson({ ruleId: finding.ruleId, level: finding.level, message: finding.message, range: finding.range, address: finding.address, suppressed: finding.suppressed ?? null }),
    )
    .sort()
}

/** The good file's findings when it is scanned alone, from the same place in a scan folder. */
export function goodBaseline(good: GoodFile, scratch: string, options: RunOptions = DEFAULT_RUN_OPTIONS): GoodFindings {
  const dir = mkdtempSync(path.join(scratch, 'good-'))
  copyFileSync(path.join(repoRoot, 'examples', 'cloudformation', good), path.join(dir, good))
  const run = runCli(dir, 'json', options)
  rmSync(dir, { recursive: true, force: true })
  if (run.code !== 1 && run.code !== 0) throw new Error(`scanning ${good} alone exits ${run.code}: ${run.stderr}`)
  const findings = essentials((JSON.parse(run.stdout) as JsonReport).findings, good)
  if (findings.length === 0) throw new Error(`${good} alone has no findings, so it cannot show that a neighbour changed them`)
  return findings
}

export interface CaseOutcome {
  dir: string
  runs: CliRun[]
}

/**
 * Writes the case into a fresh folder under `scratch`, scans it with each output format in turn
 * (stopping after a run that hangs or is killed, which the first property reports) and leaves the
 * folder for the caller to remove or keep.
 */
export function runCase(layout: Layout, scratch: string, options: RunOptions = DEFAULT_RUN_OPTIONS): CaseOutcome {
  const dir = mkdtempSync(path.join(scratch, 'case-'))
  writeLayout(dir, layout)
  const runs: CliRun[] = []
  for (const format of ['json', 'text', 'github'] as const) {
    const run = runCli(dir, format, options)
    runs.push(run)
    if (run.timedOut || run.signal !== null) break
  }
  return { dir, runs }
}

// ---------------------------------------------------------------------------------------------
// Properties

export const PROPERTIES = {
  bounded: 'every run ends within the hang guard and is not killed (time and memory are bounded)',
  'no-internal-error': 'exit code 0 or 1, the JSON report parses, and stderr has no stack trace, internal error, stack overflow or out-of-memory',
  'limit-finding': 'a cycle or a doubling past the budgets gets an evaluation-limit or parse-error finding at the hostile input; no internal-error finding anywhere',
  'no-spurious-limit': 'an input that computes far less than every budget gets no evaluation-limit finding',
  'valid-input-parses': 'an input written with every name escaped is not reported as a parse-error',
  'good-file-unchanged': 'the known-good file gets exactly the findings it gets when scanned alone',
  'no-injection': 'no line of stdout or stderr is a workflow command (other than the annotations of -f github), and no raw ESC, CR or bidi override reaches text output, github output or stderr',
  'hcl-parsers-agree': 'every `.tf` file of the case that the fast HCL parser reads gets the tree, ranges and comments tree-sitter gives it',
} as const
export type PropertyId = keyof typeof PROPERTIES
export const PROPERTY_IDS = Object.keys(PROPERTIES) as PropertyId[]

export interface Verdict {
  problems: Record<PropertyId, string[]>
  /** A hostile character reached a finding of the JSON report (file, message or address): the injection checks had something to check. */
  hostileInReport: boolean
  ms: number
}

const CRASH = /internal error|RangeError|Maximum call stack|heap out of memory|FATAL ERROR|^\s+at /im

const showRun = (run: CliRun): string => `-f ${run.format}`
const excerpt = (text: string, at: number): string => escapedJson(text.slice(Math.max(0, at - 60), at + 60))

function commandLines(text: string, allowAnnotations: boolean): string[] {
  const problems: string[] = []
  for (const line of text.split(/\r\n|\r|\n/)) {
    const trimmed = line.trimStart()
    const command = trimmed.startsWith('::') || trimmed.startsWith('##[') || trimmed.startsWith('##vso[')
    if (!command) continue
    // githubOutputProblems judges lines that start with `::` exactly; a command after blanks is never an annotation of ours.
    if (allowAnnotations && line.startsWith('::')) continue
    problems.push(`line is a workflow command: ${escapedJson(line.slice(0, 160))}`)
  }
  return problems
}

function rawControl(text: string): string | undefined {
  const match = RAW_CONTROL.exec(text)
  return match ? `raw U+${hex(match[0], 4).toUpperCase()} in ${excerpt(text, match.index)}` : undefined
}

/** The verdict on one scanned case, property by property; a property that a hang or crash made uncheckable has no problems of its own. */
export function judgeCase(layout: Layout, outcome: CaseOutcome, baseline: GoodFindings): Verdict {
  const problems = Object.fromEntries(PROPERTY_IDS.map((id) => [id, [] as string[]])) as Record<PropertyId, string[]>
  const { runs } = outcome
  const ms = runs.reduce((sum, run) => sum + run.ms, 0)

  for (const file of layout.files) {
    if (!file.rel.endsWith('.tf')) continue
    const decoded = typeof file.data === 'string' ? { ok: true as const, text: file.data } : decodeText(file.data)
    const disagreement = decoded.ok ? hclDisagreement(decoded.text) : undefined
    if (disagreement) problems['hcl-parsers-agree'].push(`${escapedJson(file.rel)}: ${disagreement}`)
  }

  for (const run of runs) {
    if (run.timedOut) problems.bounded.push(`${showRun(run)} still running after ${Math.round(run.ms)} ms (hang guard)`)
    else if (run.signal !== null) problems.bounded.push(`${showRun(run)} killed by ${run.signal}; stderr: ${escapedJson(run.stderr.slice(-400))}`)
  }
  const finished = runs.filter((run) => !run.timedOut && run.signal === null)
  for (const run of finished) {
    if (run.code !== 0 && run.code !== 1) problems['no-internal-error'].push(`${showRun(run)} exits ${run.code}; stderr: ${escapedJson(run.stderr.slice(0, 400))}`)
    const crash = CRASH.exec(run.stderr)
    if (crash) problems['no-internal-error'].push(`${showRun(run)} stderr has ${escapedJson(crash[0])}: ${excerpt(run.stderr, crash.index)}`)
  }

  let report: JsonReport | undefined
  const json = finished.find((run) => run.format === 'json')
  if (json && (json.code === 0 || json.code === 1)) {
    try {
      report = JSON.parse(json.stdout) as JsonReport
    } catch (error) {
      problems['no-internal-error'].push(`-f json output is not JSON (${(error as Error).message}): ${escapedJson(json.stdout.slice(0, 200))}`)
    }
  }

  const atHostile = (finding: { file: string }): boolean =>
    layout.hostile.endsWith('/') ? finding.file.startsWith(layout.hostile) : finding.file === layout.hostile
  let hostileInReport = false
  if (report) {
    const findings = report.findings
    for (const finding of findings) {
      if (finding.ruleId === 'internal-error') problems['limit-finding'].push(`internal-error at ${escapedJson(finding.file)}: ${escapedJson(finding.message)}`)
      if (HOSTILE_CHARACTER.test(`${finding.file}${finding.message}${finding.address ?? ''}`)) hostileInReport = true
    }
    const hostileFindings = findings.filter(atHostile)
    const summary = (): string =>
      escapedJson(hostileFindings.slice(0, 6).map((finding) => `${finding.ruleId}: ${finding.message.slice(0, 100)}`)) +
      (hostileFindings.length > 6 ? ` and ${hostileFindings.length - 6} more` : '')
    const { expectation } = layout
    if (expectation.mustReport !== undefined && !hostileFindings.some((finding) => finding.ruleId === 'evaluation-limit' || finding.ruleId === 'parse-error')) {
      problems['limit-finding'].push(`no evaluation-limit or parse-error at ${escapedJson(layout.hostile)}, which ${expectation.mustReport}; its findings: ${summary()}`)
    }
    if (expectation.mustNotReport !== undefined) {
      const spurious = hostileFindings.filter((finding) => finding.ruleId === 'evaluation-limit')
      if (spurious.length > 0) problems['no-spurious-limit'].push(`evaluation-limit although ${expectation.mustNotReport}: ${escapedJson(spurious[0]!.message)}`)
    }
    if (expectation.parses) {
      const parseErrors = hostileFindings.filter((finding) => finding.ruleId === 'parse-error')
      if (parseErrors.length > 0) problems['valid-input-parses'].push(`parse-error at ${escapedJson(parseErrors[0]!.file)}: ${escapedJson(parseErrors[0]!.message)}`)
    }
    const good = essentials(findings, layout.good)
    if (escapedJson(good) !== escapedJson(baseline)) {
      const missing = baseline.filter((finding) => !good.includes(finding))
      const extra = good.filter((finding) => !baseline.includes(finding))
      problems['good-file-unchanged'].push(`${layout.good}: ${missing.length} finding(s) missing ${missing.slice(0, 2).join(' ')}; ${extra.length} extra ${extra.slice(0, 2).join(' ')}`)
    }
  }

  for (const run of finished) {
    const where = showRun(run)
    for (const problem of commandLines(run.stderr, false)) problems['no-injection'].push(`${where} stderr: ${problem}`)
    const stderrRaw = rawControl(run.stderr)
    if (stderrRaw) problems['no-injection'].push(`${where} stderr: ${stderrRaw}`)
    if (run.format === 'github') {
      for (const problem of commandLines(run.stdout, true)) problems['no-injection'].push(`${where} stdout: ${problem}`)
      const checked = report ? githubOutputProblems(run.stdout, report.findings) : []
      for (const problem of checked) problems['no-injection'].push(`${where} stdout: ${problem.replace(/[^\x20-\x7e]/g, (c) => `\\u${hex(c, 4)}`)}`)
    } else {
      for (const problem of commandLines(run.stdout, false)) problems['no-injection'].push(`${where} stdout: ${problem}`)
    }
    if (run.format !== 'json') {
      const raw = rawControl(run.stdout)
      if (raw) problems['no-injection'].push(`${where} stdout: ${raw}`)
    }
  }
  return { problems, hostileInReport, ms }
}

/** A case as one line of JSON with every non-ASCII character escaped: what a failure prints and a replay reads. */
export function describeCase(kase: StructuralCase): string {
  return escapedJson(kase)
}
