/**
 * A fast path for `parseYaml`: a hand-written parser for the YAML that templates are written in,
 * several times faster than composing a `yaml` Document and walking it.
 *
 * It reads block mappings and sequences (compact `- key: v` and `- - x` included), plain, quoted,
 * literal and folded scalars, flow collections, comments, one leading `---`, the short-form
 * intrinsic tags and `!!str`. The result is identical to the `yaml`-based path (the reference):
 * same values under the YAML 1.2 core schema, same ranges, same comments. To that end the parts
 * of `yaml` that decide values and extents (where a plain or block scalar ends, line folding,
 * escapes, block scalar chomping, which node a trailing comment belongs to) are ported closely.
 *
 * Whatever it does not handle with certainty — anchors, aliases, merge keys, `?` keys,
 * directives, several documents, other tags, tabs in indentation, deep nesting, and every syntax
 * error — makes it return `undefined`, and the caller falls back to the reference, which stays
 * the one source of those error messages. A duplicate key is the one error it reports itself,
 * as the reference does: the reference meets it while converting a document `yaml` read without
 * error, in document order, key before value, which is the order the fast path reads in; so once
 * the whole document is read, the first duplicate met is the reference's error, with its
 * message and the key's range.
 *
 * What still goes to the reference in the shared corpus (13 of 861 files): syntax errors (5), whose
 * messages are the reference's; a flow collection whose lines are indented less than its key
 * (3), which the reference reads on a second attempt with those lines indented, as
 * CloudFormation accepts them; a non-specific tag `!` (2) and a core tag `!!int` (1), which
 * need YAML's tag resolution; a stream of several documents (1); a document that is a scalar (1).
 *
 * Ranges. A node's range runs from its start to the end of its value (`yaml`'s `range[1]`,
 * trailing white space trimmed). For a block collection that end is where its last item's node
 * ends *with* what `yaml` attaches to it (`range[2]`): a comment on the value's line, comment
 * lines indented deeper than the collection that follow a scalar or flow value, and trailing
 * comment lines that `yaml`'s parser leaves in a nested collection (`Parser.pop`). The parser
 * below tracks both ends for every node (`end1`, `end2`) and applies the same rules.
 */

import { LineIndex } from './text.js'
import type { DocComment, DocMap, DocMapEntry, DocNode, DocScalar, DocSeq, ParsedDocument, ParseFailure } from './types.js'
import { INTRINSIC_TAGS, MAX_YAML_DEPTH, prescanDepth } from './yaml-common.js'
import { splitGetAtt } from './shared.js'

/**
 * Deepest nesting of collections the fast path takes; deeper documents go to the reference
 * path (which enforces MAX_YAML_DEPTH). Keeps the recursion here shallow.
 */
export const FAST_MAX_DEPTH = 100

/** Longest implicit key accepted (`yaml` refuses a `:` more than 1024 characters after its key's start). */
const MAX_KEY_LENGTH = 1000

/**
 * Characters the fast path never takes: `yaml`'s lexer uses them as token markers (a BOM is also
 * read specially between documents). Other control characters are ordinary text to `yaml`.
 */
const MARKERS = ['\ufeff', '\x02', '\x18', '\x1f']

const TAB = 9
const LF = 10
const CR = 13
const SP = 32
const BANG = 33 // !
const DQ = 34 // "
const HASH = 35 // #
const PERCENT = 37 // %
const AMP = 38 // &
const SQ = 39 // '
const STAR = 42 // *
const COMMA = 44 // ,
const DASH = 45 // -
const DOT = 46 // .
const COLON = 58 // :
const GT = 62 // >
const QUESTION = 63 // ?
const AT = 64 // @
const LBRACKET = 91 // [
const RBRACKET = 93 // ]
const BACKTICK = 96 // `
const LBRACE = 123 // {
const PIPE = 124 // |
const RBRACE = 125 // }

/** Characters `yaml`'s lexer takes into a tag (`%` escapes excluded: the fast path refuses them). */
const TAG_CHARS = new Uint8Array(128)
for (const ch of "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-#;/?:@&=+$_.!~*'()") {
  TAG_CHARS[ch.charCodeAt(0)] = 1
}

class Bail {}
/** Thrown to give up; caught in `parseYamlFast`. */
const BAIL = new Bail()

function bail(): never {
  throw BAIL
}

/**
 * The document tree of `text` (no BOM) exactly as `parseYamlReference` gives it, or undefined
 * when the text uses anything the fast path leaves to the reference.
 */
export function parseYamlFast(text: string): ParsedDocument | ParseFailure | undefined {
  // (indexOf first: it is much faster than a regular expression over the whole text.)
  for (const marker of MARKERS) if (text.indexOf(marker) >= 0) return undefined
  if (text.indexOf('\r') >= 0 && /\r(?!\n)/.test(text)) return undefined // a lone CR
  if (text.indexOf('\t') >= 0 && /^ *\t/m.test(text)) return undefined // a tab in indentation
  if (mayBeTooDeep(text) && prescanDepth(text) >= 0) return undefined
  try {
    return new FastYamlParser(text).parse()
  } catch (error) {
    if (error === BAIL) return undefined
    throw error
  }
}

/**
 * Whether the reference's depth estimate (`prescanDepth`) could fail on the text: only with more
 * than MAX_YAML_DEPTH opening brackets, or a line long enough for more than MAX_YAML_DEPTH
 * compact indicators (`- - - …`). Both are rare, and counting is much cheaper than the estimate.
 */
function mayBeTooDeep(text: string): boolean {
  let count = 0
  for (let i = text.indexOf('['); i >= 0; i = text.indexOf('[', i + 1)) if (++count > MAX_YAML_DEPTH) return true
  for (let i = text.indexOf('{'); i >= 0; i = text.indexOf('{', i + 1)) if (++count > MAX_YAML_DEPTH) return true
  let start = 0
  for (;;) {
    const nl = text.indexOf('\n', start)
    const end = nl < 0 ? text.length : nl
    if (end - start > 2 * MAX_YAML_DEPTH) return true
    if (nl < 0) return false
    start = nl + 1
  }
}

interface RawComment {
  start: number
  /** End of the comment's text (before the line break). */
  end: number
  /** Leading spaces of its line when the comment is alone on it; -1 when it follows something. */
  indent: number
}

/** `yaml`'s empty test: end of text, space, tab or line break. */
function isEmptyCode(c: number): boolean {
  return c === SP || c === LF || c === CR || c === TAB || c !== c /* NaN: past the end */
}

function isFlowIndicator(c: number): boolean {
  return c === COMMA || c === LBRACKET || c === RBRACKET || c === LBRACE || c === RBRACE
}

function isWhite(c: number): boolean {
  return c === SP || c === LF || c === CR || c === TAB
}

class FastYamlParser {
  private readonly len: number
  private readonly lines: LineIndex
  private readonly comments: RawComment[] = []
  private depth = 0
  /** The first duplicate key met: reported once the whole document is read. */
  private duplicate: ParseFailure | undefined

  // Set by every node parser in block context:
  /** Offset of the first character of the next content line (or the text's length). */
  private pos = 0
  /** Leading spaces of the line at `pos`. */
  private lineIndent = 0
  /** `yaml`'s range[1] of the node just parsed (not yet trimmed). */
  private end1 = 0
  /** `yaml`'s range[2] of the node just parsed. */
  private end2 = 0
  /** Whether comment lines indented deeper than the collection attach to the node (scalars, flow collections). */
  private attach = false
  /** Index of the first comment after the node that has not found its place yet. */
  private pendFrom = 0

  // Set by scanners:
  /** Where `scanPlain` stopped. */
  private stop = 0
  /** Whether the last plain scalar scanned spans lines. */
  private multiLine = false
  /** Offset just after the flow node parsed last. */
  private flowPos = 0
  /** Offset just after the implicit key parsed last. */
  private keyEnd = 0

  constructor(private readonly text: string) {
    this.len = text.length
    this.lines = new LineIndex(text)
  }

  parse(): ParsedDocument | ParseFailure {
    const text = this.text
    let q = this.nextContent(0, true)
    if (q < this.len && this.lineIndent === 0 && text.startsWith('---', q) && isEmptyCode(text.charCodeAt(q + 3))) {
      q = this.nextContent(this.endOfLine(q + 3), false)
    }
    if (q < this.len && this.lineIndent === 0 && text.startsWith('...', q) && isEmptyCode(text.charCodeAt(q + 3))) bail()
    let root: DocNode
    if (q >= this.len) root = { kind: 'map', entries: [], range: { line: 1, column: 1, endLine: 1, endColumn: 1 } }
    else {
      root = this.parseBlockMap(q, this.lineIndent)
      if (this.pos < this.len) bail()
    }
    if (this.duplicate) return this.duplicate
    const comments: DocComment[] = []
    let last = -1
    for (const { start, end } of this.comments) {
      if (start <= last) bail() // never happens: comments are met in order
      last = start
      comments.push({ text: text.slice(start + 1, end).trim(), range: this.lines.range(start, end) })
    }
    return { ok: true, format: 'yaml', root, comments }
  }

  // ---- Lines -------------------------------------------------------------------------------

  /**
   * From the start of a line, skips blank lines and comment lines (collecting the comments) to the
   * first character of the next content line; sets `pos` and `lineIndent`.
   */
  private nextContent(p: number, allowDocStart: boolean): number {
    const text = this.text
    const len = this.len
    for (;;) {
      let q = p
      while (text.charCodeAt(q) === SP) q++
      if (q >= len) {
        this.lineIndent = q - p
        return (this.pos = len)
      }
      const c = text.charCodeAt(q)
      if (c === LF) p = q + 1
      else if (c === CR) p = q + 2 // always CRLF (a lone CR is refused up front)
      else if (c === HASH) {
        const e = this.recordComment(q, q - p)
        if (e >= len) {
          this.lineIndent = 0
          return (this.pos = len)
        }
        p = e + 1
      } else {
        this.lineIndent = q - p
        if (q === p && (c === DASH || c === DOT) && !allowDocStart) {
          // `---` and `...` at the start of a line end the document.
          if ((text.startsWith('---', q) || text.startsWith('...', q)) && isEmptyCode(text.charCodeAt(q + 3))) bail()
        }
        return (this.pos = q)
      }
    }
  }

  /** Records the comment at `q` and returns the offset of its line break (or the text's length). */
  private recordComment(q: number, indent: number): number {
    let e = this.text.indexOf('\n', q)
    if (e < 0) e = this.len
    const end = this.text.charCodeAt(e - 1) === CR ? e - 1 : e
    this.comments.push({ start: q, end, indent })
    return e
  }

  /** After a token: spaces, an optional comment, the line break. Returns the next line's start. */
  private endOfLine(p: number): number {
    const text = this.text
    while (text.charCodeAt(p) === SP) p++
    let c = text.charCodeAt(p)
    if (c === HASH) {
      const before = text.charCodeAt(p - 1)
      if (before !== SP && before !== TAB) bail()
      p = this.recordComment(p, -1)
      c = text.charCodeAt(p)
    }
    if (p >= this.len) return this.len
    if (c === LF) return p + 1
    if (c === CR && text.charCodeAt(p + 1) === LF) return p + 2
    return bail()
  }

  private skipSpaces(p: number): number {
    const text = this.text
    while (text.charCodeAt(p) === SP) p++
    return p
  }

  private column(p: number): number {
    return p - this.text.lastIndexOf('\n', p - 1) - 1
  }

  /** `yaml`'s trimming of a range's end: back over white space, not before `start`. */
  private trimEnd(start: number, end: number): number {
    const text = this.text
    while (end > start && isWhite(text.charCodeAt(end - 1))) end--
    return end
  }

  // ---- Block collections -------------------------------------------------------------------

  /** Notes a key written twice in one mapping (the first such key in the document wins), worded as the reference words it. */
  private duplicateKey(entries: readonly DocMapEntry[], key: string, start: number, end: number): void {
    if (this.duplicate) return
    const first = entries.find((entry) => entry.key === key)!
    this.duplicate = {
      ok: false,
      message: `duplicate key ${JSON.stringify(key)} (first at line ${first.keyRange.line})`,
      range: this.lines.range(start, end > start ? end : start + 1),
    }
  }

  /** A block mapping whose first key is at `q`, its keys at column `col`. */
  private parseBlockMap(q: number, col: number): DocMap {
    if (++this.depth > FAST_MAX_DEPTH) bail()
    const text = this.text
    const start = q
    const entries: DocMapEntry[] = []
    let seen: Set<string> | undefined
    for (;;) {
      const key = this.parseKey(q)
      const keyRange = this.lines.range(q, this.keyEnd)
      if (seen !== undefined) {
        if (seen.has(key)) this.duplicateKey(entries, key, q, this.keyEnd)
        seen.add(key)
      } else {
        if (entries.some((entry) => entry.key === key)) this.duplicateKey(entries, key, q, this.keyEnd)
        if (entries.length >= 8) seen = new Set(entries.map((entry) => entry.key)).add(key)
      }
      const value = this.parseValue(this.pos, col, false)
      entries.push({ key, keyRange, value })
      const next = this.pos
      if (next >= this.len || this.lineIndent < col) break
      if (this.lineIndent > col || (text.charCodeAt(next) === DASH && isEmptyCode(text.charCodeAt(next + 1)))) bail()
      q = next
    }
    this.depth--
    this.closeCollection(col)
    return { kind: 'map', entries, range: this.lines.range(start, this.trimEnd(start, this.end1)) }
  }

  /** A block sequence whose first `-` is at `q`, in column `col`. */
  private parseBlockSeq(q: number, col: number): DocSeq {
    if (++this.depth > FAST_MAX_DEPTH) bail()
    const text = this.text
    const start = q
    const items: DocNode[] = []
    for (;;) {
      items.push(this.parseValue(q + 1, col, true))
      const next = this.pos
      if (next >= this.len || this.lineIndent < col) break
      if (this.lineIndent > col) bail()
      // At the sequence's column: another item, or (for a sequence that is a mapping's value
      // at the mapping's column) the mapping's next key.
      if (text.charCodeAt(next) !== DASH || !isEmptyCode(text.charCodeAt(next + 1))) break
      q = next
    }
    this.depth--
    this.closeCollection(col)
    return { kind: 'seq', items, range: this.lines.range(start, this.trimEnd(start, this.end1)) }
  }

  /**
   * Ends a block collection at column `col` whose last item was just parsed: works out its two
   * ends and which of the comment lines after it stay with it, as `yaml`'s parser does.
   * - Comment lines indented deeper than the collection attach to a last scalar or flow value.
   * - The comments from the first other one on form a trailing item. `Parser.pop` moves it to the
   *   enclosing collection when the collection is at column 0 or every comment in it is indented
   *   less than the collection; otherwise it stays, and the collection's node ends after it.
   */
  private closeCollection(col: number): void {
    const comments = this.comments
    let end2 = this.end2
    if (end2 < 0) bail()
    let k = this.pendFrom
    if (this.attach) {
      while (k < comments.length && comments[k].indent > col) end2 = comments[k++].end
    }
    this.end1 = end2
    if (k < comments.length && col !== 0) {
      let moves = true
      for (let i = k; i < comments.length; i++) {
        if (comments[i].indent >= col) {
          moves = false
          break
        }
      }
      if (!moves) {
        end2 = comments[comments.length - 1].end
        k = comments.length
      }
    }
    this.end2 = end2
    this.pendFrom = k
    this.attach = false
  }

  /** An implicit key at `q` and its `:`; returns the key, sets `keyEnd` and `pos` (past the `:`). */
  private parseKey(q: number): string {
    const text = this.text
    const c = text.charCodeAt(q)
    let key: string
    let p: number
    if (c === DQ || c === SQ) {
      const end = this.scanQuoted(q, 0)
      key = this.quotedValue(q, end)
      this.keyEnd = end
      p = this.skipSpaces(end)
      if (text.charCodeAt(p) !== COLON || !isEmptyCode(text.charCodeAt(p + 1))) bail()
    } else {
      if (!this.isPlainStart(q, false)) bail()
      let end = q + 1
      p = q + 1
      for (;;) {
        const ch = text.charCodeAt(p)
        if (ch === COLON) {
          if (isEmptyCode(text.charCodeAt(p + 1))) break
          end = p + 1
        } else if (ch === SP || ch === TAB) {
          if (text.charCodeAt(p + 1) === HASH) bail()
        } else if (ch === LF || ch === CR || p >= this.len) bail()
        else end = p + 1
        p++
      }
      key = text.slice(q, end)
      if (key === '<<') bail()
      this.keyEnd = end
    }
    if (p - q > MAX_KEY_LENGTH) bail()
    this.pos = p + 1
    return key
  }

  /**
   * The node after a `:` or `-` indicator at `p` (in a collection at column `n`): on the same line,
   * on the following lines, or empty. Leaves `pos` at the next content line.
   */
  private parseValue(p: number, n: number, inSeq: boolean): DocNode {
    const text = this.text
    const len = this.len
    p = this.skipSpaces(p)
    let c = text.charCodeAt(p)
    let tag: string | undefined
    let tagStart = -1
    if (c === BANG) {
      tagStart = p
      p = this.scanTag(p)
      tag = text.slice(tagStart, p)
      c = text.charCodeAt(p)
      if (c === SP) {
        p = this.skipSpaces(p)
        c = text.charCodeAt(p)
      } else if (!(p >= len || c === LF || c === CR)) bail()
    }
    if (p >= len || c === LF || c === CR || c === HASH) {
      // Nothing more on this line: the node is on the next lines, or empty.
      const commentCount = this.comments.length
      const q = this.nextContent(this.endOfLine(p), false)
      if (q < len && (this.lineIndent > n || (!inSeq && this.lineIndent === n && this.isSeqIndicator(q)))) {
        if (tag === '!!str') bail()
        if (tag !== undefined && text.charCodeAt(q) === BANG) bail() // two tags
        const node = this.parseBlockNodeAtLineStart(q, this.lineIndent, n, inSeq, tag !== undefined)
        return tag === undefined ? node : this.wrapTag(tag, tagStart, node, q, this.end1)
      }
      // An empty node. Comments around it move its end (range[2]) in ways not modelled here:
      // harmless unless it is the last item of its collection (see closeCollection).
      const node: DocScalar = { kind: 'scalar', value: tag === undefined ? null : '', range: this.lines.range(p, p) }
      this.end1 = p
      this.end2 = this.comments.length === commentCount ? p : -1
      this.attach = false
      this.pendFrom = this.comments.length
      return tag === undefined ? node : this.wrapTag(tag, tagStart, node, p, p)
    }

    let node: DocNode
    switch (c) {
      case DASH:
        if (isEmptyCode(text.charCodeAt(p + 1))) {
          // `- - x`: a compact nested sequence.
          if (!inSeq || tag !== undefined) bail()
          return this.parseBlockSeq(p, this.column(p))
        }
        return this.inlineScalar(p, n, inSeq, tag, tagStart)
      case PIPE:
      case GT:
        node = this.parseBlockScalar(p, n)
        return tag === undefined ? node : this.wrapTag(tag, tagStart, node, p, this.end1)
      case LBRACKET:
      case LBRACE: {
        if (tag === '!!str') bail()
        node = this.parseFlow(p, n + 1, 1)
        const end = this.flowPos
        if (text.charCodeAt(this.skipSpaces(end)) === COLON) bail()
        this.finishLine(end)
        return tag === undefined ? node : this.wrapTag(tag, tagStart, node, p, end)
      }
      case DQ:
      case SQ: {
        const end = this.scanQuoted(p, n + 1)
        const after = this.skipSpaces(end)
        if (text.charCodeAt(after) === COLON && isEmptyCode(text.charCodeAt(after + 1))) {
          // `- "key": value`: a compact mapping.
          if (!inSeq || tag !== undefined) bail()
          return this.parseBlockMap(p, this.column(p))
        }
        node = { kind: 'scalar', value: this.quotedValue(p, end), range: this.lines.range(p, end) }
        this.finishLine(end)
        return tag === undefined ? node : this.wrapTag(tag, tagStart, node, p, end)
      }
      default:
        return this.inlineScalar(p, n, inSeq, tag, tagStart)
    }
  }

  /** A plain scalar starting on an indicator's line, or a compact mapping (`- key: v`). */
  private inlineScalar(p: number, n: number, inSeq: boolean, tag: string | undefined, tagStart: number): DocNode {
    if (!this.isPlainStart(p, false)) bail()
    const end = this.scanPlain(p, n + 1, false)
    if (this.text.charCodeAt(this.stop) === COLON) {
      if (!inSeq || tag !== undefined || this.multiLine) bail()
      return this.parseBlockMap(p, this.column(p))
    }
    const node = this.plainScalar(p, end, tag !== undefined)
    this.finishLine(end)
    return tag === undefined ? node : this.wrapTag(tag, tagStart, node, p, end)
  }

  /** A node that starts a line (at `q`, column `col`) below the indicator of a collection at column `n`. */
  private parseBlockNodeAtLineStart(q: number, col: number, n: number, inSeq: boolean, tagged: boolean): DocNode {
    const text = this.text
    const c = text.charCodeAt(q)
    if (c === DASH && isEmptyCode(text.charCodeAt(q + 1))) return this.parseBlockSeq(q, col)
    // A tag on a line of its own is read as if it followed the indicator.
    if (c === BANG) return this.parseValue(q, n, inSeq)
    if (c === PIPE || c === GT) return this.parseBlockScalar(q, n)
    if (c === DQ || c === SQ) {
      const end = this.scanQuoted(q, n + 1)
      const after = this.skipSpaces(end)
      if (text.charCodeAt(after) === COLON && isEmptyCode(text.charCodeAt(after + 1))) return this.parseBlockMap(q, col)
      const node: DocScalar = { kind: 'scalar', value: this.quotedValue(q, end), range: this.lines.range(q, end) }
      this.finishLine(end)
      return node
    }
    if (c === LBRACKET || c === LBRACE) {
      const node = this.parseFlow(q, n + 1, 1)
      const end = this.flowPos
      if (text.charCodeAt(this.skipSpaces(end)) === COLON) bail()
      this.finishLine(end)
      return node
    }
    if (!this.isPlainStart(q, false)) bail()
    const end = this.scanPlain(q, n + 1, false)
    if (text.charCodeAt(this.stop) === COLON) {
      if (this.multiLine) bail()
      return this.parseBlockMap(q, col)
    }
    const node = this.plainScalar(q, end, tagged)
    this.finishLine(end)
    return node
  }

  /** After a scalar or flow collection ending at `end`: the rest of its line, then the next content line. */
  private finishLine(end: number): void {
    const text = this.text
    let p = this.skipSpaces(end)
    let end2 = end
    let c = text.charCodeAt(p)
    if (c === HASH) {
      if (p === end) bail() // `"a"#b`: `yaml` wants white space before a comment
      p = this.recordComment(p, -1)
      end2 = this.comments[this.comments.length - 1].end
      c = text.charCodeAt(p)
    }
    if (p < this.len) {
      if (c === LF) p++
      else if (c === CR && text.charCodeAt(p + 1) === LF) p += 2
      else bail()
    }
    this.end1 = end
    this.end2 = end2
    this.attach = true
    this.pendFrom = this.comments.length
    this.nextContent(p, false)
  }

  private isSeqIndicator(q: number): boolean {
    return this.text.charCodeAt(q) === DASH && isEmptyCode(this.text.charCodeAt(q + 1))
  }

  /** Whether a plain scalar may start at `q` (indicators and reserved characters may not). */
  private isPlainStart(q: number, inFlow: boolean): boolean {
    const text = this.text
    const c = text.charCodeAt(q)
    switch (c) {
      case DASH:
      case QUESTION:
      case COLON: {
        const next = text.charCodeAt(q + 1)
        return !(isEmptyCode(next) || (inFlow && isFlowIndicator(next)))
      }
      case COMMA:
      case LBRACKET:
      case RBRACKET:
      case LBRACE:
      case RBRACE:
      case HASH:
      case AMP:
      case STAR:
      case BANG:
      case PIPE:
      case GT:
      case SQ:
      case DQ:
      case PERCENT:
      case AT:
      case BACKTICK:
      case SP:
      case TAB:
      case LF:
      case CR:
        return false
      default:
        return q < this.len
    }
  }

  // ---- Scalars -----------------------------------------------------------------------------

  /**
   * `yaml`'s `Lexer.continueScalar`: whether the line at `offset` continues a multi-line scalar
   * needing `indentNext` spaces; the offset after its indentation, or -1.
   */
  private continueScalar(offset: number, indentNext: number): number {
    const text = this.text
    let indent = 0
    let ch = text.charCodeAt(offset)
    while (ch === SP) ch = text.charCodeAt(++indent + offset)
    if (ch === CR && text.charCodeAt(indent + offset + 1) === LF) return offset + indent + 1
    return ch === LF || indent >= indentNext ? offset + indent : -1
  }

  /**
   * `yaml`'s `Lexer.parsePlainScalar`: the end of the plain scalar at `q` (just after its last
   * non-space character). Sets `stop` to where the scan ended and `multiLine`.
   */
  private scanPlain(q: number, indentNext: number, inFlow: boolean): number {
    const text = this.text
    const len = this.len
    let end = q
    let i = q - 1
    let multiLine = false
    while (++i < len) {
      let ch = text.charCodeAt(i)
      if (ch === COLON) {
        const next = text.charCodeAt(i + 1)
        if (isEmptyCode(next) || (inFlow && isFlowIndicator(next))) break
        end = i + 1
      } else if (ch === SP || ch === TAB || ch === LF || ch === CR) {
        let next = text.charCodeAt(i + 1)
        if (ch === CR) {
          // always CRLF
          i += 1
          ch = LF
          next = text.charCodeAt(i + 1)
        }
        if (next === HASH || (inFlow && isFlowIndicator(next))) break
        if (ch === LF) {
          const cs = this.continueScalar(i + 1, indentNext)
          if (cs === -1) break
          multiLine = true
          i = Math.max(i, cs - 2)
        }
      } else {
        if (inFlow && isFlowIndicator(ch)) break
        end = i + 1
      }
    }
    this.stop = i
    this.multiLine = multiLine && text.indexOf('\n', q) < end
    return end
  }

  /** A plain scalar node from `start` to `end`: core-schema value, or the string when tagged. */
  private plainScalar(start: number, end: number, tagged: boolean): DocScalar {
    const source = this.text.slice(start, end)
    const str = this.multiLine ? unfoldLines(source) : source
    return { kind: 'scalar', value: tagged ? str : resolvePlain(str), range: this.lines.range(start, end) }
  }

  /**
   * `yaml`'s `Lexer.parseQuotedScalar`: the end (after the closing quote) of the quoted scalar at
   * `q`. Lines it spans must be indented at least `indentNext`; 0 allows no line break.
   */
  private scanQuoted(q: number, indentNext: number): number {
    const text = this.text
    const quote = text.charCodeAt(q)
    let end: number
    if (quote === SQ) {
      end = text.indexOf("'", q + 1)
      while (end !== -1 && text.charCodeAt(end + 1) === SQ) end = text.indexOf("'", end + 2)
    } else {
      end = text.indexOf('"', q + 1)
      while (end !== -1) {
        let n = 0
        while (text.charCodeAt(end - 1 - n) === 92 /* \ */) n += 1
        if (n % 2 === 0) break
        end = text.indexOf('"', end + 1)
      }
    }
    if (end === -1) bail()
    let nl = text.indexOf('\n', q)
    while (nl !== -1 && nl < end) {
      if (indentNext === 0) bail()
      const cs = this.continueScalar(nl + 1, indentNext)
      if (cs === -1) bail()
      nl = text.indexOf('\n', cs)
    }
    return end + 1
  }

  private quotedValue(start: number, end: number): string {
    const source = this.text.slice(start, end)
    return source.charCodeAt(0) === SQ ? singleQuotedValue(source) : doubleQuotedValue(source)
  }

  /** A tag at `p`: a short-form intrinsic, `!!str` or another local tag. Returns its end. */
  private scanTag(p: number): number {
    const text = this.text
    let i = p + 1
    for (;;) {
      const c = text.charCodeAt(i)
      if (c < 128 && TAG_CHARS[c] === 1) i++
      else break
    }
    const tag = text.slice(p, i)
    // Other local tags (`!Rain::Embed`) are kept as `yaml` keeps them: a string, or the collection.
    if (!INTRINSIC_TAGS.has(tag) && tag !== '!!str' && (tag.length < 2 || tag.indexOf('!', 1) >= 0)) bail()
    return i
  }

  /**
   * A literal or folded block scalar whose header is at `p`, in a collection at column `n`
   * (`yaml`'s `Lexer.parseBlockScalar` and `resolveBlockScalar`).
   */
  private parseBlockScalar(p: number, n: number): DocScalar {
    const text = this.text
    const len = this.len
    // Header: the lexer's reading of it, then the composer's.
    let keep = false
    let lexIndent = -1
    for (let i = p + 1; ; i++) {
      const ch = text.charCodeAt(i)
      if (ch === 43 /* + */) keep = true
      else if (ch > 48 && ch <= 57) lexIndent = ch - 49
      else if (ch !== DASH) break
    }
    let h = p + 1
    while (h < len && !isEmptyCode(text.charCodeAt(h)) && text.charCodeAt(h) !== HASH) h++
    let chomp = ''
    let explicitIndent = 0
    for (let i = p + 1; i < h; i++) {
      const ch = text[i]
      if (!chomp && (ch === '-' || ch === '+')) chomp = ch
      else {
        const digit = Number(ch)
        if (!explicitIndent && digit) explicitIndent = digit
        else bail()
      }
    }
    const bodyStart = this.endOfLine(h)

    // Body: the lines indented at least as much as the first non-empty one (or as the indicator says).
    const indentNext = n + 1
    let nl = bodyStart - 1
    let indent = 0
    for (let i = bodyStart; i < len; i++) {
      const ch = text.charCodeAt(i)
      if (ch === SP) indent += 1
      else if (ch === LF) {
        nl = i
        indent = 0
      } else if (ch !== CR) break
    }
    if (indent >= indentNext) {
      const contentIndent = lexIndent === -1 ? indent : lexIndent + indentNext
      do {
        const cs = this.continueScalar(nl + 1, contentIndent)
        if (cs === -1) break
        nl = text.indexOf('\n', cs)
      } while (nl !== -1)
      if (nl === -1) nl = len
    }
    if (!keep) {
      // Trailing lines not indented more than the content are not part of the scalar.
      for (;;) {
        let i = nl - 1
        let ch = text.charCodeAt(i)
        if (ch === CR) ch = text.charCodeAt(--i)
        const lastChar = i
        while (ch === SP) ch = text.charCodeAt(--i)
        if (ch === LF && i >= bodyStart && i + 1 + indent > lastChar) nl = i
        else break
      }
    }
    const sourceEnd = Math.min(nl + 1, len)
    const value = blockScalarValue(
      text.slice(bodyStart, sourceEnd),
      text.charCodeAt(p) === GT,
      chomp,
      explicitIndent,
      n,
    )
    const node: DocScalar = { kind: 'scalar', value, range: this.lines.range(p, this.trimEnd(p, sourceEnd)) }
    this.end1 = sourceEnd
    this.end2 = sourceEnd
    this.attach = false
    this.pendFrom = this.comments.length
    this.nextContent(sourceEnd, false)
    return node
  }

  // ---- Flow collections --------------------------------------------------------------------

  /**
   * The flow collection at `p`; its lines must be indented at least `indentNext` (the closing
   * bracket of the outermost one may be one less). Sets `flowPos` after the closing bracket.
   */
  private parseFlow(p: number, indentNext: number, level: number): DocNode {
    if (++this.depth > FAST_MAX_DEPTH) bail()
    const text = this.text
    const start = p
    const isMap = text.charCodeAt(p) === LBRACE
    const close = isMap ? RBRACE : RBRACKET
    const items: DocNode[] = []
    const entries: DocMapEntry[] = []
    let expectItem = true
    p++
    for (;;) {
      p = this.skipFlowSpace(p, indentNext, level)
      const c = text.charCodeAt(p)
      if (c === close) {
        p++
        break
      }
      if (!expectItem || c === COMMA || p >= this.len) bail()
      if (isMap) {
        const keyStart = p
        let key: string
        let keyEnd: number
        if (c === DQ || c === SQ) {
          keyEnd = this.scanQuoted(p, 0)
          key = this.quotedValue(p, keyEnd)
        } else {
          if (!this.isPlainStart(p, true)) bail()
          keyEnd = this.scanPlain(p, indentNext, true)
          if (this.multiLine) bail()
          key = text.slice(p, keyEnd)
          if (key === '<<') bail()
        }
        p = this.skipSpaces(keyEnd)
        if (text.charCodeAt(p) !== COLON) bail()
        p = this.skipFlowSpace(p + 1, indentNext, level)
        const v = text.charCodeAt(p)
        if (v === COMMA || v === close || p >= this.len) bail()
        if (entries.some((entry) => entry.key === key)) this.duplicateKey(entries, key, keyStart, keyEnd)
        const keyRange = this.lines.range(keyStart, keyEnd)
        entries.push({ key, keyRange, value: this.parseFlowNode(p, indentNext, level) })
      } else {
        const node = this.parseFlowNode(p, indentNext, level)
        const after = this.skipSpaces(this.flowPos)
        items.push(text.charCodeAt(after) === COLON ? this.flowPair(p, node, after, indentNext, level) : node)
      }
      p = this.skipFlowSpace(this.flowPos, indentNext, level)
      const d = text.charCodeAt(p)
      if (d === COMMA) {
        p++
        expectItem = true
      } else {
        if (d === COLON) bail()
        expectItem = false
      }
    }
    this.depth--
    this.flowPos = p
    const range = this.lines.range(start, p)
    return isMap ? { kind: 'map', entries, range } : { kind: 'seq', items, range }
  }

  /**
   * `[a: b]`: a single-pair mapping in a flow sequence, its key (`keyNode`, from `keyStart`) an
   * untagged scalar on one line, its `:` at `colon`. Sets `flowPos` after the value.
   */
  private flowPair(keyStart: number, keyNode: DocNode, colon: number, indentNext: number, level: number): DocMap {
    const text = this.text
    const keyEnd = this.flowPos
    if (keyNode.kind !== 'scalar' || text.charCodeAt(keyStart) === BANG || colon - keyStart > MAX_KEY_LENGTH) bail()
    if (text.lastIndexOf('\n', colon) >= keyStart) bail()
    const c = text.charCodeAt(keyStart)
    const key = c === DQ || c === SQ ? (keyNode.value as string) : text.slice(keyStart, keyEnd)
    if (key === '<<') bail()
    const p = this.skipFlowSpace(colon + 1, indentNext, level)
    const v = text.charCodeAt(p)
    if (v === COMMA || v === RBRACKET || p >= this.len) bail()
    const value = this.parseFlowNode(p, indentNext, level)
    const end = this.trimEnd(keyStart, this.flowPos)
    return { kind: 'map', entries: [{ key, keyRange: keyNode.range, value }], range: this.lines.range(keyStart, end) }
  }

  /** A node inside a flow collection. Sets `flowPos` after it. */
  private parseFlowNode(p: number, indentNext: number, level: number): DocNode {
    const text = this.text
    let c = text.charCodeAt(p)
    let tag: string | undefined
    let tagStart = -1
    if (c === BANG) {
      tagStart = p
      p = this.scanTag(p)
      tag = text.slice(tagStart, p)
      p = this.skipSpaces(p)
      c = text.charCodeAt(p)
      if (c === COMMA || c === RBRACKET || c === RBRACE) {
        // A tagged empty node (`[0, !GetAZs ]`), placed after the spaces that follow the tag.
        if (tag === '!!str') bail()
        const empty: DocScalar = { kind: 'scalar', value: '', range: this.lines.range(p, p) }
        this.flowPos = p
        return this.wrapTag(tag, tagStart, empty, p, p)
      }
      if (p === tagStart + tag.length) bail() // `!Ref"x"`: not taken
    }
    let node: DocNode
    let end: number
    if (c === LBRACKET || c === LBRACE) {
      if (tag === '!!str') bail()
      node = this.parseFlow(p, indentNext, level + 1)
      end = this.flowPos
    } else if (c === DQ || c === SQ) {
      end = this.scanQuoted(p, indentNext)
      node = { kind: 'scalar', value: this.quotedValue(p, end), range: this.lines.range(p, end) }
    } else {
      if (!this.isPlainStart(p, true)) bail()
      end = this.scanPlain(p, indentNext, true)
      node = this.plainScalar(p, end, tag !== undefined)
    }
    this.flowPos = end
    return tag === undefined ? node : this.wrapTag(tag, tagStart, node, p, end)
  }

  /**
   * Spaces, line breaks and comments inside a flow collection. A line must be indented at least
   * `indentNext`, except a comment line and the outermost collection's closing bracket (one less).
   */
  private skipFlowSpace(p: number, indentNext: number, level: number): number {
    const text = this.text
    for (;;) {
      const c = text.charCodeAt(p)
      if (c === SP || c === TAB) p++
      else if (c === HASH) {
        const before = text.charCodeAt(p - 1)
        if (before !== SP && before !== TAB && before !== LF) bail()
        p = this.recordComment(p, -1)
      } else if (c === LF || c === CR) {
        p += c === CR ? 2 : 1
        const lineStart = p
        while (text.charCodeAt(p) === SP) p++
        const d = text.charCodeAt(p)
        if (d === LF || d === CR || d === HASH || p >= this.len) continue
        const indent = p - lineStart
        if (indent < indentNext && !(level === 1 && indent === indentNext - 1 && (d === RBRACKET || d === RBRACE))) {
          bail()
        }
      } else return p
    }
  }

  // ---- Tags --------------------------------------------------------------------------------

  /**
   * A tagged node: `!!str` leaves it as it is (its value is already the string); a short-form
   * intrinsic becomes its long form, with ranges as the reference's `Converter.intrinsic` gives.
   */
  private wrapTag(tag: string, tagStart: number, node: DocNode, nodeStart: number, nodeEnd: number): DocNode {
    const key = INTRINSIC_TAGS.get(tag)
    if (key === undefined) {
      if (tag === '!!str' && node.kind !== 'scalar') bail()
      return node
    }
    const end = this.trimEnd(nodeStart, nodeEnd)
    let value = node
    if (key === 'Fn::GetAtt' && value.kind === 'scalar' && typeof value.value === 'string') {
      value = splitGetAtt(value.value, this.text, nodeStart, end, value.range, this.lines)
    }
    const at = this.findTag(tag, tagStart, nodeStart)
    if (at !== tagStart && at >= 0) bail()
    const start = at >= 0 ? at : nodeStart
    const keyRange = at >= 0 ? this.lines.range(at, at + tag.length) : value.range
    return { kind: 'map', entries: [{ key, keyRange, value }], range: this.lines.range(start, end) }
  }

  /** As the reference's `Converter.findTag`; `tagStart` is where the tag is known to be. */
  private findTag(tag: string, tagStart: number, nodeStart: number): number {
    const text = this.text
    if (nodeStart - tagStart <= 512 && tag.indexOf('!', 1) < 0) {
      // Only white space between the tag and the node: the nearest occurrence is this tag.
      let i = tagStart + tag.length
      while (i < nodeStart && isWhite(text.charCodeAt(i))) i++
      if (i === nodeStart) return tagStart
    }
    const at = text.lastIndexOf(tag, nodeStart - tag.length)
    if (at < 0 || nodeStart - at > 512) return -1
    let i = at + tag.length
    if (i < nodeStart && !isWhite(text.charCodeAt(i))) return -1
    while (i < nodeStart) {
      const c = text.charCodeAt(i)
      if (isWhite(c)) i++
      else if (c === AMP || c === HASH) {
        while (i < nodeStart && (c === HASH ? text.charCodeAt(i) !== LF : !isWhite(text.charCodeAt(i)))) i++
      } else return -1
    }
    return at
  }
}

// ---- Scalar values (ported from `yaml`: compose/resolve-flow-scalar.js, resolve-block-scalar.js) ----

/** The YAML 1.2 core schema as `yaml` applies it to an untagged plain scalar. */
function resolvePlain(str: string): string | number | boolean | null {
  const c = str.charCodeAt(0)
  if (!((c >= 48 && c <= 57) || c === 43 || c === 45 || c === DOT)) {
    // Not a number: null, a boolean or a string.
    if (str.length > 5) return str
    switch (str) {
      case '~':
      case 'null':
      case 'Null':
      case 'NULL':
        return null
      case 'true':
      case 'True':
      case 'TRUE':
        return true
      case 'false':
      case 'False':
      case 'FALSE':
        return false
      default:
        return str
    }
  }
  if (/^0o[0-7]+$/.test(str)) return parseInt(str.substring(2), 8)
  if (/^[-+]?[0-9]+$/.test(str)) return parseInt(str, 10)
  if (/^0x[0-9a-fA-F]+$/.test(str)) return parseInt(str.substring(2), 16)
  if (/^(?:[-+]?\.(?:inf|Inf|INF)|\.nan|\.NaN|\.NAN)$/.test(str)) {
    return str.slice(-3).toLowerCase() === 'nan' ? NaN : str[0] === '-' ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY
  }
  if (/^[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)[eE][-+]?[0-9]+$/.test(str)) return parseFloat(str)
  if (/^[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)$/.test(str)) return parseFloat(str)
  return str
}

const TRIM_END = /(?<![ \t])[ \t]+$/
const TRIM_BOTH = /^[ \t]+|(?<![ \t])[ \t]+$/g
const LINE = /(.*?)\r?\n/sy
const LAST_LINE = /[ \t]*(.*)/sy

/** `yaml`'s line folding of plain and single-quoted scalars. */
function unfoldLines(source: string): string {
  const line = LINE
  line.lastIndex = 0
  let match = line.exec(source)
  if (!match) return source
  let res = match[1].replace(TRIM_END, '')
  let sep = ' '
  let pos = line.lastIndex
  while ((match = line.exec(source))) {
    const lm = match[1].replace(TRIM_BOTH, '')
    if (lm === '') {
      if (sep === '\n') res += sep
      else sep = '\n'
    } else {
      res += sep + lm
      sep = ' '
    }
    pos = line.lastIndex
  }
  const last = LAST_LINE
  last.lastIndex = pos
  match = last.exec(source)
  return res + sep + (match?.[1] ?? '')
}

function singleQuotedValue(source: string): string {
  const inner = source.slice(1, -1)
  const folded = inner.includes('\n') ? unfoldLines(inner) : inner
  return folded.includes("'") ? folded.replace(/''/g, "'") : folded
}

const ESCAPES: Readonly<Record<string, string>> = {
  '0': '\0',
  a: '\x07',
  b: '\b',
  e: '\x1b',
  f: '\f',
  n: '\n',
  r: '\r',
  t: '\t',
  v: '\v',
  N: '\u0085',
  _: '\u00a0',
  L: '\u2028',
  P: '\u2029',
  ' ': ' ',
  '"': '"',
  '/': '/',
  '\\': '\\',
  '\t': '\t',
}

function doubleQuotedValue(source: string): string {
  const last = source.length - 1
  // Nothing to unescape or fold: the text between the quotes as it is.
  if (source.indexOf('\\') < 0 && source.indexOf('\n') < 0) {
    return source.slice(1, last)
  }
  let res = ''
  for (let i = 1; i < last; ++i) {
    const ch = source[i]
    if (ch === '\r' && source[i + 1] === '\n') continue
    if (ch === '\n') {
      const { fold, offset } = foldNewline(source, i)
      res += fold
      i = offset
    } else if (ch === '\\') {
      let next = source[++i]
      const cc = Object.prototype.hasOwnProperty.call(ESCAPES, next) ? ESCAPES[next] : undefined
      if (cc) res += cc
      else if (next === '\n') {
        next = source[i + 1]
        while (next === ' ' || next === '\t') next = source[++i + 1]
      } else if (next === '\r' && source[i + 1] === '\n') {
        next = source[++i + 1]
        while (next === ' ' || next === '\t') next = source[++i + 1]
      } else if (next === 'x' || next === 'u' || next === 'U') {
        const length = next === 'x' ? 2 : next === 'u' ? 4 : 8
        const hex = source.substr(i + 1, length)
        if (hex.length !== length || !/^[0-9a-fA-F]+$/.test(hex)) bail()
        const code = parseInt(hex, 16)
        if (code > 0x10ffff) bail()
        res += String.fromCodePoint(code)
        i += length
      } else bail()
    } else if (ch === ' ' || ch === '\t') {
      // Trailing white space of a line is dropped.
      const wsStart = i
      let next = source[i + 1]
      while (next === ' ' || next === '\t') next = source[++i + 1]
      if (next !== '\n' && !(next === '\r' && source[i + 2] === '\n')) res += i > wsStart ? source.slice(wsStart, i + 1) : ch
    } else res += ch
  }
  return res
}

/** One line break folds to a space, several to one fewer line breaks. */
function foldNewline(source: string, offset: number): { fold: string; offset: number } {
  let fold = ''
  let ch = source[offset + 1]
  while (ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r') {
    if (ch === '\r' && source[offset + 2] !== '\n') break
    if (ch === '\n') fold += '\n'
    offset += 1
    ch = source[offset + 1]
  }
  if (!fold) fold = ' '
  return { fold, offset }
}

/** `yaml`'s `resolveBlockScalar` (value part), for a scalar in a collection at column `parentIndent`. */
function blockScalarValue(
  source: string,
  folded: boolean,
  chomp: string,
  explicitIndent: number,
  parentIndent: number,
): string {
  const lines = source ? splitLines(source) : []
  let chompStart = lines.length
  for (let i = lines.length - 1; i >= 0; --i) {
    const content = lines[i][1]
    if (content === '' || content === '\r') chompStart = i
    else break
  }
  if (chompStart === 0) return chomp === '+' && lines.length > 0 ? '\n'.repeat(Math.max(1, lines.length - 1)) : ''

  let trimIndent = parentIndent + explicitIndent
  let contentStart = 0
  for (let i = 0; i < chompStart; ++i) {
    const [indent, content] = lines[i]
    if (content === '' || content === '\r') {
      if (explicitIndent === 0 && indent.length > trimIndent) trimIndent = indent.length
    } else {
      if (indent.length < trimIndent) bail() // more-indented leading empty lines need an indicator
      if (explicitIndent === 0) trimIndent = indent.length
      contentStart = i
      if (trimIndent === 0) bail()
      break
    }
  }
  // Trailing more-indented empty lines are content.
  for (let i = lines.length - 1; i >= chompStart; --i) {
    if (lines[i][0].length > trimIndent) chompStart = i + 1
  }

  let value = ''
  let sep = ''
  let prevMoreIndented = false
  for (let i = 0; i < contentStart; ++i) value += lines[i][0].slice(trimIndent) + '\n'
  for (let i = contentStart; i < chompStart; ++i) {
    const indent = lines[i][0]
    let content = lines[i][1]
    if (content.charCodeAt(content.length - 1) === CR) content = content.slice(0, -1)
    if (content && indent.length < trimIndent) bail()
    if (!folded) {
      value += sep + indent.slice(trimIndent) + content
      sep = '\n'
    } else if (indent.length > trimIndent || content[0] === '\t') {
      // More-indented lines of a folded scalar keep their line breaks.
      if (sep === ' ') sep = '\n'
      else if (!prevMoreIndented && sep === '\n') sep = '\n\n'
      value += sep + indent.slice(trimIndent) + content
      sep = '\n'
      prevMoreIndented = true
    } else if (content === '') {
      if (sep === '\n') value += '\n'
      else sep = '\n'
    } else {
      value += sep + content
      sep = ' '
      prevMoreIndented = false
    }
  }
  switch (chomp) {
    case '-':
      break
    case '+':
      for (let i = chompStart; i < lines.length; ++i) value += '\n' + lines[i][0].slice(trimIndent)
      if (value[value.length - 1] !== '\n') value += '\n'
      break
    default:
      value += '\n'
  }
  return value
}

/** Lines as [indentation, content]. */
function splitLines(source: string): [string, string][] {
  const split = source.split(/\n( *)/)
  const first = split[0]
  const m = /^( *)/.exec(first)
  const lines: [string, string][] = [m?.[1] ? [m[1], first.slice(m[1].length)] : ['', first]]
  for (let i = 1; i < split.length; i += 2) lines.push([split[i], split[i + 1]])
  return lines
}
