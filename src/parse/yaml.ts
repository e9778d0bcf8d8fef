/**
 * CloudFormation YAML to the document tree. The `yaml` library lexes, parses and composes the
 * first document; one walk over its node tree then builds the `DocNode` tree with ranges, turns
 * short-form intrinsic tags (`!Ref X`) into their long form (`{ Ref: X }`), copies aliases (with
 * a bound on how much they may expand) and applies `<<` merge keys. Comments come from the lexer,
 * so a `#` inside a quoted or block scalar is never taken for one.
 */

import { createRequire } from 'node:module'
import { BUNDLED } from '../core/bundled.js'
import type { Range } from '../core/types.js'
import { KeySet, splitGetAtt } from './shared.js'
import type * as YamlModule from 'yaml'
import type { Alias, CST, Document, Node as YamlNode, Scalar, YAMLMap, YAMLSeq } from 'yaml'

type YamlLibrary = typeof YamlModule

/**
 * The `yaml` library, loaded on first use: the fast path handles nearly every template, and
 * loading the library costs more than parsing a typical file, which matters in a pre-commit hook.
 */
let library: YamlLibrary | undefined
function yamlLibrary(): YamlLibrary {
  // The bundle carries the library as a file of its own beside it, loaded as late as here.
  library ??= createRequire(import.meta.url)(BUNDLED ? './yaml.cjs' : 'yaml') as YamlLibrary
  return library
}
const isAlias = (node: unknown): node is Alias => yamlLibrary().isAlias(node)
const isMap = (node: unknown): node is YAMLMap => yamlLibrary().isMap(node)
const isScalar = (node: unknown): node is Scalar => yamlLibrary().isScalar(node)
const isSeq = (node: unknown): node is YAMLSeq => yamlLibrary().isSeq(node)
import { LineIndex } from './text.js'
import { toPlain } from './types.js'
import { INTRINSIC_TAGS, MAX_YAML_DEPTH, prescanDepth } from './yaml-common.js'
import { parseYamlFast } from './yaml-fast.js'
import type {
  DocComment,
  DocMap,
  DocMapEntry,
  DocNode,
  DocScalar,
  ParsedDocument,
  ParseFailure,
  ParseResult,
} from './types.js'

/** Most nodes that aliases (and merge keys) may expand to in one document. */
const MAX_ALIAS_EXPANSION = 1_000_000

const COMPOSER_OPTIONS = { uniqueKeys: false, keepSourceTokens: false, prettyErrors: false } as const


/** Lexer marker preceding the source of a plain or block scalar. */
const SCALAR_MARKER = '\x1f'

class Abort {
  constructor(
    readonly message: string,
    readonly start: number,
    readonly end: number,
  ) {}
}

export function parseYaml(input: string): ParseResult {
  const text = input.charCodeAt(0) === 0xfeff ? input.slice(1) : input
  // A hand-written fast path (yaml-fast.ts) takes the YAML templates are written in, with the
  // same result; anything else, and every error, goes to the `yaml`-based path.
  return parseYamlFast(text) ?? parseWithYamlLibrary(text)
}

/** The `yaml`-based path alone: the reference for every result, error message and odd case. */
export function parseYamlReference(input: string): ParseResult {
  return parseWithYamlLibrary(input.charCodeAt(0) === 0xfeff ? input.slice(1) : input)
}

function parseWithYamlLibrary(text: string): ParseResult {
  const first = attempt(text, undefined)
  if (first.ok || !first.flowIndent) return first
  // Retry once with under-indented flow collections indented, as CloudFormation accepts them.
  const fixed = indentFlowContinuations(text)
  if (fixed === undefined) return failureOf(first)
  const second = attempt(fixed.text, fixed.shifts)
  return second.ok ? second : failureOf(first)
}

type Attempt = ParsedDocument | (ParseFailure & { flowIndent?: boolean })

function failureOf(failure: ParseFailure & { flowIndent?: boolean }): ParseFailure {
  return { ok: false, message: failure.message, range: failure.range }
}

function attempt(text: string, shifts: ReadonlyMap<number, number> | undefined): Attempt {
  const lines = new LineIndex(text, shifts)
  const fail = (message: string, start: number, end: number): ParseFailure => ({
    ok: false,
    message,
    range: lines.range(start, end > start ? end : start + 1),
  })

  const tooDeep = prescanDepth(text)
  if (tooDeep >= 0) return fail(`YAML nesting deeper than ${MAX_YAML_DEPTH} levels`, tooDeep, tooDeep + 1)

  const commentOffsets: number[] = []
  const commentSources: string[] = []
  const found: { aliases: boolean; documentEnd?: number } = { aliases: false }
  let doc: Document.Parsed
  try {
    doc = withFastYaml(() => composeFirstDocument(text, commentOffsets, commentSources, found))
  } catch (error) {
    if (error instanceof RangeError) return fail('YAML nesting too deep', 0, 1)
    throw error
  }

  if (doc.errors.length > 0) {
    const error = doc.errors[0]
    // yaml often reports at the indentation or line end before the offending token: point at it.
    let start = error.pos[0]
    const stop = Math.min(text.length, start + 1000)
    let next = start
    while (next < stop && isSpace(text.charCodeAt(next))) next++
    if (next < text.length) start = next
    else {
      // At the end of the text: point at its last character rather than past it.
      while (start > 0 && (start >= text.length || isSpace(text.charCodeAt(start)))) start--
    }
    const end = start < error.pos[0] || error.pos[1] <= start ? start + 1 : error.pos[1]
    const failure: ParseFailure & { flowIndent?: boolean } = fail(cleanMessage(error.message), start, end)
    if (doc.errors.some((e) => e.message.includes('must be sufficiently indented'))) failure.flowIndent = true
    return failure
  }

  const second = found.documentEnd === undefined ? -1 : secondDocument(text, found.documentEnd)
  const extra = second >= 0 ? { extraDocument: lines.range(second, second + 3) } : {}

  const comments: DocComment[] = []
  for (let i = 0; i < commentOffsets.length; i++) {
    const start = commentOffsets[i]
    let source = commentSources[i]
    if (source.endsWith('\r')) source = source.slice(0, -1)
    comments.push({ text: source.slice(1).trim(), range: lines.range(start, start + source.length) })
  }

  const contents = doc.contents as YamlNode | null
  if (contents == null || (isScalar(contents) && contents.value == null && contents.tag == null && !contents.source)) {
    return { ok: true, format: 'yaml', root: emptyMap(), comments, ...extra }
  }

  const converter = new Converter(text, lines)
  try {
    if (found.aliases) converter.measure(contents)
    const root = converter.convert(contents, 0)
    return { ok: true, format: 'yaml', root, comments, ...extra }
  } catch (error) {
    if (error instanceof Abort) return fail(error.message, error.start, error.end)
    if (error instanceof RangeError) return fail('YAML nesting too deep', 0, 1)
    throw error
  }
}

function emptyMap(): DocMap {
  return { kind: 'map', entries: [], range: { line: 1, column: 1, endLine: 1, endColumn: 1 } }
}

/**
 * Where a second document with content starts after the first one ended at `from` (at a `---`
 * or `...` marker), or -1 when only markers, comments and blank lines follow.
 */
function secondDocument(text: string, from: number): number {
  let marker = -1
  let offset = from
  while (offset < text.length) {
    let end = text.indexOf('\n', offset)
    if (end < 0) end = text.length
    const line = text.slice(offset, end).replace(/\r$/, '')
    const trimmed = line.trim()
    const bare = /^(---|\.\.\.)(\s+#.*)?$/.exec(line)
    if (bare) {
      if (bare[1] === '---') marker = offset
    } else if (trimmed !== '' && !trimmed.startsWith('#')) {
      return marker >= 0 ? marker : offset
    }
    offset = end + 1
  }
  return -1
}

/**
 * Runs lexer, parser and composer by hand so that comments can be picked from the lexemes and so
 * that work stops after the first document.
 */
function composeFirstDocument(
  text: string,
  commentOffsets: number[],
  commentSources: string[],
  found: { aliases: boolean; documentEnd?: number },
): Document.Parsed {
  const { Composer, Parser } = yamlLibrary()
  const parser = new Parser()
  const composer = new Composer(COMPOSER_OPTIONS)
  let doc: Document.Parsed | undefined
  const feed = (token: CST.Token): boolean => {
    for (const composed of composer.next(token)) doc ??= composed
    if (token.type !== 'document') return false
    for (const composed of composer.end()) doc ??= composed
    return true
  }
  let afterScalarMarker = false
  lexing: for (const lexeme of new (yamlLibrary().Lexer)().lex(text)) {
    if (!afterScalarMarker) {
      const c = lexeme.charCodeAt(0)
      if (c === 35 /* # */) {
        commentOffsets.push(parser.offset)
        commentSources.push(lexeme)
      } else if (c === 42 /* * */) found.aliases = true
    }
    afterScalarMarker = lexeme === SCALAR_MARKER
    for (const token of parser.next(lexeme)) {
      if (feed(token)) {
        found.documentEnd = parser.offset
        break lexing
      }
    }
  }
  if (!doc) {
    for (const token of parser.end()) if (feed(token)) break
  }
  if (!doc) for (const composed of composer.end(true, text.length)) doc ??= composed
  return doc!
}

/**
 * Runs `fn` (synchronous `yaml` work) with stack traces off: the intrinsic tags are not
 * registered with `yaml` (custom tags slow down the resolution of every plain scalar), so each
 * `!Ref` yields an "unresolved tag" warning, an `Error` whose stack nobody reads. The limit is
 * restored before returning. Only the files the fast path declines come here.
 */
function withFastYaml<T>(fn: () => T): T {
  const stackTraceLimit = Error.stackTraceLimit
  Error.stackTraceLimit = 0
  try {
    return fn()
  } finally {
    Error.stackTraceLimit = stackTraceLimit
  }
}

/** One line, no code frame, no position suffix (the range carries it). */
function cleanMessage(message: string): string {
  let line = message.split('\n', 1)[0].trim()
  line = line.replace(/\s*at line \d+, column \d+:?$/, '')
  if (/maximum call stack/i.test(line)) return 'YAML nesting too deep'
  if (line.length > 200) line = `${line.slice(0, 197)}...`
  return line
}

/**
 * CloudFormation accepts flow collections in block context whose later lines are not indented
 * past the key that holds them:
 *
 *     Resource: [
 *     "arn:aws:s3:::a",
 *     ]
 *
 * YAML 1.2 (and `yaml`) does not. This adds the missing spaces at the start of such lines
 * (leading spaces inside flow collections and quoted scalars carry no meaning) and tells, per
 * line, how many were added so positions can be reported in the original text. Block scalars are
 * skipped. Undefined when nothing needs fixing or the text is beyond this simple scan.
 */
function indentFlowContinuations(text: string): { text: string; shifts: Map<number, number> } | undefined {
  const n = text.length
  const inserts: { at: number; count: number }[] = []
  let i = 0
  while (i < n) {
    // At the start of a line in block context.
    const lineStart = i
    while (i < n && text.charCodeAt(i) === 32) i++
    const indent = i - lineStart
    let keyStart = i
    while (isIndicator(text, keyStart)) {
      keyStart++
      while (keyStart < n && text.charCodeAt(keyStart) === 32) keyStart++
    }
    const required = keyStart - lineStart + 1
    let valueStart = true
    let prev = 32
    while (i < n) {
      const c = text.charCodeAt(i)
      if (c === 10) {
        i++
        break
      }
      if (c === 32 || c === 9 || c === 13) {
        prev = c
        i++
        continue
      }
      if (c === 35 /* # */ && (prev === 32 || prev === 9 || i === lineStart)) {
        const nl = text.indexOf('\n', i)
        i = nl < 0 ? n : nl
        continue
      }
      if (valueStart && (c === 91 || c === 123)) {
        const end = scanFlow(text, i, required, inserts)
        if (end < 0) return undefined
        i = end
        valueStart = false
        prev = 93
        continue
      }
      if (valueStart && (c === 34 || c === 39)) {
        const end = skipQuoted(text, i)
        if (end < 0) return undefined
        i = end
        valueStart = false
        prev = c
        continue
      }
      if (valueStart && (c === 124 || c === 62) /* | > */) {
        // Block scalar: skip its header line and every following line that is blank or indented
        // more than this one.
        let nl = text.indexOf('\n', i)
        while (nl >= 0) {
          let j = nl + 1
          while (j < n && text.charCodeAt(j) === 32) j++
          const blank = j >= n || text.charCodeAt(j) === 10 || text.charCodeAt(j) === 13
          if (!blank && j - (nl + 1) <= indent) break
          nl = text.indexOf('\n', nl + 1)
        }
        i = nl < 0 ? n : nl
        continue
      }
      if (valueStart && (c === 33 || c === 38) /* ! & */) {
        // A tag or an anchor: the value follows.
        while (i < n && !isSpace(text.charCodeAt(i))) i++
        continue
      }
      if ((c === 45 || c === 63 || c === 58) /* - ? : */ && (i + 1 >= n || isSpace(text.charCodeAt(i + 1)))) {
        valueStart = true
        prev = c
        i++
        continue
      }
      // A plain scalar (or alias): up to `: `, ` #` or the line end.
      valueStart = false
      prev = c
      i++
      while (i < n) {
        const d = text.charCodeAt(i)
        if (d === 10 || (d === 58 && (i + 1 >= n || isSpace(text.charCodeAt(i + 1))))) break
        if (d === 35 && isSpace(text.charCodeAt(i - 1))) break
        prev = d
        i++
      }
    }
  }
  if (inserts.length === 0) return undefined

  const original = new LineIndex(text)
  const shifts = new Map<number, number>()
  const parts: string[] = []
  let copied = 0
  for (const { at, count } of inserts) {
    parts.push(text.slice(copied, at), ' '.repeat(count))
    copied = at
    shifts.set(original.lineIndex(at), count)
  }
  parts.push(text.slice(copied))
  return { text: parts.join(''), shifts }
}

/** `- ` or `? ` (a block sequence entry or explicit key) at `i`. */
function isIndicator(text: string, i: number): boolean {
  const c = text.charCodeAt(i)
  return (c === 45 || c === 63) && (i + 1 >= text.length || text.charCodeAt(i + 1) === 32)
}

/**
 * From the `[` or `{` at `start` to just after its match; lines that begin inside with fewer than
 * `required` spaces get an insert. -1 when it does not close or a line is indented with tabs.
 */
function scanFlow(text: string, start: number, required: number, inserts: { at: number; count: number }[]): number {
  const n = text.length
  let depth = 0
  let quote = 0
  let prev = 32
  for (let i = start; i < n; i++) {
    const c = text.charCodeAt(i)
    if (c === 10) {
      let j = i + 1
      while (j < n && text.charCodeAt(j) === 32) j++
      if (j < n && text.charCodeAt(j) === 9) return -1
      const blank = j >= n || text.charCodeAt(j) === 10 || text.charCodeAt(j) === 13
      if (!blank && j - (i + 1) < required) inserts.push({ at: i + 1, count: required - (j - (i + 1)) })
      prev = c
      continue
    }
    if (quote !== 0) {
      if (quote === 34 && c === 92) i++
      else if (c === quote) {
        if (quote === 39 && text.charCodeAt(i + 1) === 39) i++
        else quote = 0
      }
      prev = c
      continue
    }
    if ((c === 34 || c === 39) && (isSpace(prev) || prev === 91 || prev === 123 || prev === 44 || prev === 58)) quote = c
    else if (c === 35 && isSpace(prev)) {
      const nl = text.indexOf('\n', i)
      if (nl < 0) return -1
      i = nl - 1
    } else if (c === 91 || c === 123) depth++
    else if (c === 93 || c === 125) {
      if (--depth === 0) return i + 1
    }
    prev = c
  }
  return -1
}

/** From the quote at `start` to just after the closing one, or -1. */
function skipQuoted(text: string, start: number): number {
  const q = text.charCodeAt(start)
  const n = text.length
  for (let i = start + 1; i < n; i++) {
    const c = text.charCodeAt(i)
    if (q === 34 && c === 92) i++
    else if (c === q) {
      if (q === 39 && text.charCodeAt(i + 1) === 39) i++
      else return i + 1
    }
  }
  return -1
}

function isSpace(c: number): boolean {
  return c === 32 || c === 10 || c === 13 || c === 9
}

class Converter {
  /** Anchor name → node, as far as the walk has come (a later anchor of the same name wins). */
  private readonly anchors = new Map<string, YamlNode>()
  /** Each alias's node, fixed when the walk first meets it (later anchors cannot change it). */
  private readonly targets = new Map<Alias, YamlNode | undefined>()
  /** Node count of each anchored node's copy, aliases expanded (capped just past the bound). */
  private readonly sizes = new Map<YamlNode, number>()
  /** > 0 while copying an alias or a merge source. */
  private copying = 0
  private expanded = 0
  /** Where the alias being copied is, for the expansion error. */
  private copyStart = 0
  private copyEnd = 0

  constructor(
    private readonly text: string,
    private readonly lines: LineIndex,
  ) {}

  convert(node: YamlNode | null, depth: number, fallbackOffset = 0): DocNode {
    if (depth > MAX_YAML_DEPTH) {
      const start = node?.range?.[0] ?? fallbackOffset
      throw new Abort(`YAML nesting deeper than ${MAX_YAML_DEPTH} levels`, start, start + 1)
    }
    if (this.copying > 0 && ++this.expanded > MAX_ALIAS_EXPANSION) {
      throw new Abort(`YAML alias expansion exceeds ${MAX_ALIAS_EXPANSION} nodes`, this.copyStart, this.copyEnd)
    }
    if (node == null) {
      return { kind: 'scalar', value: null, range: this.lines.range(fallbackOffset, fallbackOffset) }
    }
    if (isAlias(node)) return this.convertAlias(node, depth)

    let result: DocNode
    if (isScalar(node)) result = this.convertScalar(node)
    else if (isMap(node)) result = this.convertMap(node as YAMLMap<YamlNode | null, YamlNode | null>, depth)
    else if (isSeq(node)) result = this.convertSeq(node as YAMLSeq<YamlNode | null>, depth)
    else result = { kind: 'scalar', value: null, range: this.nodeRange(node) }

    const tag = node.tag
    if (tag !== undefined) {
      const key = INTRINSIC_TAGS.get(tag)
      if (key !== undefined) result = this.intrinsic(tag, key, node, result)
    }
    if (node.anchor && this.copying === 0) this.anchors.set(node.anchor, node)
    return result
  }

  private convertAlias(alias: Alias, depth: number): DocNode {
    const [start, end] = alias.range ?? [0, 0]
    const target = this.target(alias)
    if (target === undefined) throw new Abort(`unknown alias *${alias.source}`, start, end)
    if (this.copying++ === 0) {
      this.copyStart = start
      this.copyEnd = end
    }
    try {
      const copy = this.convert(target, depth)
      // The copy stands at the alias; what it holds keeps the ranges of the anchored text.
      copy.range = this.lines.range(start, end)
      return copy
    } finally {
      this.copying--
    }
  }

  private target(alias: Alias): YamlNode | undefined {
    if (this.targets.has(alias)) return this.targets.get(alias)
    const target = this.anchors.get(alias.source)
    this.targets.set(alias, target)
    return target
  }

  /**
   * Walks the tree once before conversion when it has aliases: fixes each alias's node, and adds
   * up how many nodes the copies will make (from the sizes of anchored nodes, without building
   * anything), failing at the first alias that takes the total past the bound.
   */
  measure(root: YamlNode): void {
    let total = 0
    const walk = (node: YamlNode | null, depth: number): number => {
      if (node == null) return 1
      if (depth > MAX_YAML_DEPTH) {
        const start = node.range?.[0] ?? 0
        throw new Abort(`YAML nesting deeper than ${MAX_YAML_DEPTH} levels`, start, start + 1)
      }
      if (isAlias(node)) {
        const target = this.target(node)
        const size = target === undefined ? 1 : (this.sizes.get(target) ?? 1)
        total += size
        if (total > MAX_ALIAS_EXPANSION) {
          const [start, end] = node.range ?? [0, 1]
          throw new Abort(`YAML alias expansion exceeds ${MAX_ALIAS_EXPANSION} nodes`, start, end)
        }
        return size
      }
      let size = 1
      if (isMap(node)) {
        for (const pair of (node as YAMLMap<YamlNode | null, YamlNode | null>).items) {
          size += walk(pair.key, depth + 1) + walk(pair.value, depth + 1)
        }
      } else if (isSeq(node)) {
        for (const item of (node as YAMLSeq<YamlNode | null>).items) size += walk(item, depth + 1)
      }
      if (size > MAX_ALIAS_EXPANSION) size = MAX_ALIAS_EXPANSION + 1
      if (node.anchor) {
        this.anchors.set(node.anchor, node)
        this.sizes.set(node, size)
      }
      return size
    }
    walk(root, 0)
    this.anchors.clear()
  }

  private convertScalar(node: Scalar): DocScalar {
    const v = node.value
    let value: DocScalar['value']
    if (v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') value = v
    else if (typeof v === 'bigint') value = Number(v)
    else value = typeof node.source === 'string' ? node.source : String(v)
    return { kind: 'scalar', value, range: this.nodeRange(node) }
  }

  private convertSeq(node: YAMLSeq<YamlNode | null>, depth: number): DocNode {
    const items: DocNode[] = []
    const start = node.range?.[0] ?? 0
    for (const item of node.items) items.push(this.convert(item, depth + 1, start))
    return { kind: 'seq', items, range: this.nodeRange(node) }
  }

  private convertMap(node: YAMLMap<YamlNode | null, YamlNode | null>, depth: number): DocNode {
    const entries: DocMapEntry[] = []
    const keys = new KeySet(entries)
    let merges: DocMap[] | undefined
    let mergeAt = 0
    const mapStart = node.range?.[0] ?? 0
    for (const pair of node.items) {
      const keyNode = pair.key
      const valueNode = pair.value
      const valueStart = valueNode?.range?.[0] ?? keyNode?.range?.[1] ?? mapStart

      if (isScalar(keyNode) && keyNode.source === '<<' && keyNode.type === 'PLAIN') {
        const sources = this.mergeSources(valueNode, depth + 1, valueStart)
        if (sources !== undefined) {
          if (merges === undefined) {
            merges = []
            mergeAt = entries.length
          }
          merges.push(...sources)
          continue
        }
      }

      const key = this.keyString(keyNode, depth + 1, valueStart)
      const keyRange = keyNode?.range
        ? this.lines.range(keyNode.range[0], keyNode.range[1])
        : this.lines.range(valueStart, valueStart)
      const first = keys.find(key)
      if (first !== undefined) {
        const start = keyNode?.range?.[0] ?? valueStart
        const end = keyNode?.range?.[1] ?? start + 1
        throw new Abort(`duplicate key ${JSON.stringify(key)} (first at line ${first.keyRange.line})`, start, end)
      }
      const entry: DocMapEntry = { key, keyRange, value: this.convert(valueNode, depth + 1, valueStart) }
      entries.push(entry)
      keys.added(entry)
    }

    if (merges !== undefined) {
      // Keys written in the map win over merged ones; earlier merge sources win over later ones.
      const seen = new Set<string>()
      for (const entry of entries) seen.add(entry.key)
      const merged: DocMapEntry[] = []
      for (const source of merges) {
        for (const entry of source.entries) {
          if (seen.has(entry.key)) continue
          seen.add(entry.key)
          merged.push(entry)
        }
      }
      entries.splice(mergeAt, 0, ...merged)
    }
    return { kind: 'map', entries, range: this.nodeRange(node) }
  }

  /** The maps a `<<` value merges in, or undefined when it is not a merge (then `<<` is a plain key). */
  private mergeSources(value: YamlNode | null, depth: number, fallbackOffset: number): DocMap[] | undefined {
    if (value == null || this.isIntrinsic(value)) return undefined
    const target = isAlias(value) ? this.target(value) : value
    if (target === undefined || this.isIntrinsic(target)) return undefined
    const candidates: (YamlNode | null)[] = []
    if (isMap(target)) candidates.push(value)
    else if (isSeq(target)) {
      for (const item of (target as YAMLSeq<YamlNode | null>).items) {
        const resolved = isAlias(item) ? this.target(item) : item
        if (resolved === undefined || !isMap(resolved) || this.isIntrinsic(resolved)) return undefined
        candidates.push(item)
      }
    } else return undefined
    const maps: DocMap[] = []
    // Merged content is a copy of other nodes, so it counts against the expansion bound.
    const [start, end] = value.range ?? [fallbackOffset, fallbackOffset + 1]
    if (this.copying++ === 0) {
      this.copyStart = start
      this.copyEnd = end
    }
    try {
      for (const candidate of candidates) {
        const converted = this.convert(candidate, depth, fallbackOffset)
        if (converted.kind === 'map') maps.push(converted)
      }
    } finally {
      this.copying--
    }
    return maps
  }

  private isIntrinsic(node: YamlNode): boolean {
    return node.tag !== undefined && INTRINSIC_TAGS.has(node.tag)
  }

  private keyString(node: YamlNode | null, depth: number, fallbackOffset: number): string {
    if (node == null) return ''
    if (node.tag !== undefined && INTRINSIC_TAGS.has(node.tag)) {
      const start = node.range?.[0] ?? fallbackOffset
      const tagStart = this.findTag(node.tag, start)
      throw new Abort(
        `${node.tag} cannot be a mapping key`,
        tagStart >= 0 ? tagStart : start,
        this.trimEnd(start, node.range?.[1] ?? start + 1),
      )
    }
    if (isScalar(node)) {
      if (typeof node.value === 'string') return node.value
      return typeof node.source === 'string' ? node.source : String(node.value)
    }
    if (isAlias(node)) {
      const target = this.target(node)
      const [start, end] = node.range ?? [fallbackOffset, fallbackOffset + 1]
      if (target === undefined) throw new Abort(`unknown alias *${node.source}`, start, end)
      if (isScalar(target)) return this.keyString(target, depth, fallbackOffset)
    }
    return JSON.stringify(toPlain(this.convert(node, depth, fallbackOffset)))
  }

  private intrinsic(tag: string, key: string, node: YamlNode, value: DocNode): DocMap {
    const [nodeStart, , nodeEnd] = node.range ?? [0, 0, 0]
    const end = this.trimEnd(nodeStart, node.range?.[1] ?? nodeEnd)
    if (key === 'Fn::GetAtt' && value.kind === 'scalar' && typeof value.value === 'string') {
      value = splitGetAtt(value.value, this.text, nodeStart, end, value.range, this.lines)
    }
    const tagStart = this.findTag(tag, nodeStart)
    const start = tagStart >= 0 ? tagStart : nodeStart
    const keyRange = tagStart >= 0 ? this.lines.range(tagStart, tagStart + tag.length) : value.range
    return { kind: 'map', entries: [{ key, keyRange, value }], range: this.lines.range(start, end) }
  }

  /**
   * Where the tag in front of a node starts: the nearest `tag` before it with only spaces,
   * line breaks, an anchor or a comment in between. -1 when it cannot be found (verbatim tags).
   */
  private findTag(tag: string, nodeStart: number): number {
    const text = this.text
    const at = text.lastIndexOf(tag, nodeStart - tag.length)
    if (at < 0 || nodeStart - at > 512) return -1
    let i = at + tag.length
    if (i < nodeStart && !isSpace(text.charCodeAt(i))) return -1
    while (i < nodeStart) {
      const c = text.charCodeAt(i)
      if (isSpace(c)) i++
      else if (c === 38 /* & */ || c === 35 /* # */) {
        while (i < nodeStart && (c === 35 ? text.charCodeAt(i) !== 10 : !isSpace(text.charCodeAt(i)))) i++
      } else return -1
    }
    return at
  }

  private trimEnd(start: number, end: number): number {
    const text = this.text
    while (end > start && isSpace(text.charCodeAt(end - 1))) end--
    return end
  }

  private nodeRange(node: YamlNode): Range {
    const r = node.range
    if (!r) return this.lines.range(0, 0)
    return this.lines.range(r[0], this.trimEnd(r[0], r[1]))
  }
}
