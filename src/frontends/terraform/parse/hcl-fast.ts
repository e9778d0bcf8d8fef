/**
 * A hand-written HCL parser for the configuration we see in practice, straight from the text to
 * the configuration syntax (`syntax.ts`), without the tree-sitter runtime. It gives exactly the
 * tree, ranges and comments that tree-sitter and its conversion (`hcl.ts`) give; where it is not
 * sure of that it gives up (`undefined`), and the caller asks tree-sitter, which also reports
 * every syntax error. `test/hcl-fast.test.ts` checks the two against each other on every `.tf`
 * file of the repository and the corpus, on generated configurations and on mutants.
 *
 * It gives up on: any syntax error; template directives (`%{ if }`, `%{ for }`); numbers with an
 * exponent; `for`, `in`, `if` and the other template keywords as a variable or an iterator (they
 * are fine as names of attributes, blocks, keys and steps); a name that is not ASCII;
 * namespaced function calls (`provider::aws::arn_parse`); a conditional in a place where
 * tree-sitter's reading of it is surprising (`a ? b ? c : d : e`, the collection of a `for`);
 * line breaks other than `\n`, unusual white space and NUL; a line in a heredoc that starts
 * with its end marker without being one; nesting deeper than `MAX_FAST_DEPTH`.
 *
 * One pass from left to right, no backtracking (white space that several levels look past is
 * read once), recursion bounded by `MAX_FAST_DEPTH`: the time is linear in the text and no input
 * overflows the stack.
 */
import { LineIndex } from '../../../parse/text.js'
import type { DocComment, Range } from '../../../parse/types.js'
import { minimumIndent, removeIndent, TemplatePartsBuilder, unescapeQuoted } from './hcl-text.js'
import type { Attribute, BinaryOperator, Block, Body, ConfigFile, Expr, Step, TemplatePart } from './syntax.js'

/** Deepest nesting the fast parser reads; tree-sitter takes deeper files (and reports the depth limit of `hcl.ts`). */
export const MAX_FAST_DEPTH = 64

/** The fast parser is not sure of this text: tree-sitter must read it. */
class Unsure extends Error {}
const UNSURE = new Unsure('not read by the fast HCL parser')

/** A parsed expression with its extent in the text: parentheses count in the extent, not in the range of the expression. */
interface Ext {
  expr: Expr
  start: number
  end: number
}

interface Interpolation {
  start: number
  end: number
  expr: Expr
  stripBefore: boolean
  stripAfter: boolean
}

const KEYWORDS: ReadonlySet<string> = new Set(['for', 'in', 'if', 'else', 'endif', 'endfor', 'true', 'false', 'null'])

/** Binary operators by their precedence in the tree-sitter grammar (higher binds tighter). */
const PRECEDENCE: Readonly<Record<BinaryOperator, number>> = {
  '||': 1,
  '&&': 2,
  '==': 3,
  '!=': 3,
  '<': 4,
  '<=': 4,
  '>': 4,
  '>=': 4,
  '+': 5,
  '-': 5,
  '*': 6,
  '/': 6,
  '%': 6,
}

/**
 * Characters that tree-sitter or HCL may read as a line break or white space where the fast
 * parser would not, and NUL, which tree-sitter takes for an error anywhere (a file read as text
 * can hold one after the first 8 KB, which is all that is checked for binary content).
 */
const UNUSUAL_SPACE = /[\0\r\v\f\u0085\u2028\u2029\ufeff]/

/**
 * `text` as a configuration file, or undefined when the fast parser is not sure. `strict`
 * (tests) lets an error that is not a refusal through instead of falling back.
 */
export function fastParseHcl(text: string, strict = false): { file: ConfigFile } | undefined {
  if (UNUSUAL_SPACE.test(text)) return undefined
  try {
    const parser = new FastParser(text, new LineIndex(text), undefined)
    return { file: { file: '', body: parser.configFile(), comments: parser.comments } }
  } catch (error) {
    if (error instanceof Unsure || !strict) return undefined
    throw error
  }
}

/**
 * The single attribute of `code` with `range` for every part, as `hcl.ts` reads a detached
 * expression or a JSON-syntax template; undefined when the fast parser is not sure.
 */
export function fastParseDetached(code: string, range: Range, strict = false): Expr | undefined {
  if (UNUSUAL_SPACE.test(code)) return undefined
  try {
    const body = new FastParser(code, undefined, range).configFile()
    return body.attributes.length === 1 && body.blocks.length === 0 ? body.attributes[0]!.expr : undefined
  } catch (error) {
    if (error instanceof Unsure || !strict) return undefined
    throw error
  }
}

function isNameStart(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95
}

function isNamePart(c: number): boolean {
  return isNameStart(c) || (c >= 48 && c <= 57) || c === 45
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57
}

function isHex(c: number): boolean {
  return isDigit(c) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70)
}

class FastParser {
  private pos = 0
  private depth = 0
  /** Where the last recorded comment ends: white space read twice records its comments once. */
  private commentsEnd = 0
  /** The last white space skipped, from and to: the levels of an expression that ends there each look past it. */
  private skippedFrom = -1
  private skippedTo = -1
  readonly comments: DocComment[] = []

  constructor(
    private readonly text: string,
    private readonly lines: LineIndex | undefined,
    private readonly fixedRange: Range | undefined,
  ) {}

  private range(start: number, end: number): Range {
    return this.fixedRange ?? this.lines!.range(start, end)
  }

  private code(at = this.pos): number {
    return at < this.text.length ? this.text.charCodeAt(at) : -1
  }

  private enter(): void {
    if (++this.depth > MAX_FAST_DEPTH) throw UNSURE
  }

  /** Skips spaces, tabs, line breaks and comments, recording each comment once. */
  private skip(): void {
    if (this.pos === this.skippedFrom) {
      this.pos = this.skippedTo
      return
    }
    this.skippedFrom = this.pos
    const text = this.text
    for (;;) {
      const c = this.code()
      if (c === 32 || c === 9 || c === 10) {
        this.pos++
      } else if (c === 35 || (c === 47 && this.code(this.pos + 1) === 47)) {
        const found = text.indexOf('\n', this.pos)
        const end = found < 0 ? text.length : found
        this.comment(this.pos, end, c === 35 ? 1 : 2)
        this.pos = end
      } else if (c === 47 && this.code(this.pos + 1) === 42) {
        const close = text.indexOf('*/', this.pos + 2)
        if (close < 0) throw UNSURE
        this.comment(this.pos, close + 2, 2)
        this.pos = close + 2
      } else {
        this.skippedTo = this.pos
        return
      }
    }
  }

  private comment(start: number, end: number, open: number): void {
    if (start < this.commentsEnd) return
    this.commentsEnd = end
    // As hcl.ts strips them: the opening, then a closing `*/` (a line comment can end in one too).
    if (this.lines) this.comments.push({ text: this.text.slice(start + open, end).replace(/\*\/$/, ''), range: this.lines.range(start, end) })
  }

  private expect(c: number): void {
    this.skip()
    if (this.code() !== c) throw UNSURE
    this.pos++
  }

  /** A name at the position (none of the keywords unless `keywords`), ending where the next character cannot continue it. */
  private name(keywords = false): string {
    const start = this.pos
    if (!isNameStart(this.code())) throw UNSURE
    let at = start + 1
    while (isNamePart(this.code(at))) at++
    if (this.code(at) >= 128) throw UNSURE
    this.pos = at
    const name = this.text.slice(start, at)
    if (!keywords && KEYWORDS.has(name)) throw UNSURE
    return name
  }

  /** The keyword `word` at the position (after white space), consumed; false (nothing consumed) when another token is there. */
  private keyword(word: string): boolean {
    this.skip()
    const end = this.pos + word.length
    if (!this.text.startsWith(word, this.pos) || isNamePart(this.code(end)) || this.code(end) >= 128) return false
    this.pos = end
    return true
  }

  configFile(): Body {
    this.skip()
    if (this.pos >= this.text.length) return { attributes: [], blocks: [], range: this.range(0, this.text.length) }
    if (this.code() === 123) throw UNSURE
    const body = this.body(false)
    if (!body) return { attributes: [], blocks: [], range: this.range(0, this.text.length) }
    return body
  }

  /** Attributes and blocks up to the end of the text or (`inBlock`) a `}`; undefined when there are none. */
  private body(inBlock: boolean): Body | undefined {
    const attributes: Attribute[] = []
    const blocks: Block[] = []
    let first = -1
    let last = -1
    for (;;) {
      this.skip()
      const c = this.code()
      if (c < 0) {
        if (inBlock) throw UNSURE
        break
      }
      if (c === 125 && inBlock) break
      const start = this.pos
      const name = this.name(true)
      const nameEnd = this.pos
      this.skip()
      if (this.code() === 61 && this.code(this.pos + 1) !== 61) {
        this.pos++
        const value = this.expression()
        attributes.push({ name, nameRange: this.range(start, nameEnd), expr: value.expr, range: this.range(start, value.end) })
        last = value.end
      } else {
        const block = this.block(name, start, nameEnd)
        blocks.push(block.block)
        last = block.end
      }
      if (first < 0) first = start
    }
    if (first < 0) return undefined
    return { attributes, blocks, range: this.range(first, last) }
  }

  private block(type: string, start: number, typeEnd: number): { block: Block; end: number } {
    this.enter()
    const labels: string[] = []
    let headerEnd = typeEnd
    for (;;) {
      this.skip()
      const c = this.code()
      if (c === 34) {
        labels.push(this.label())
      } else if (isNameStart(c)) {
        labels.push(this.name(true))
      } else {
        break
      }
      headerEnd = this.pos
    }
    this.expect(123)
    const body = this.body(true)
    this.expect(125)
    const range = this.range(start, this.pos)
    this.depth--
    return { block: { type, labels, range, headerRange: this.range(start, headerEnd), body: body ?? { attributes: [], blocks: [], range } }, end: this.pos }
  }

  /** A quoted block label: a plain string, escapes undone. */
  private label(): string {
    const start = this.pos
    const { interpolations, end } = this.quoted()
    const raw = this.text.slice(start + 1, end - 1)
    if (interpolations.length > 0 || raw.includes('$${') || raw.includes('%%{')) throw UNSURE
    return unescapeQuoted(raw)
  }

  /** An expression, conditionals included; tree-sitter reads `a ? b : c ? d : e` as `(a ? b : c) ? d : e`. */
  private expression(): Ext {
    const depth = this.depth
    this.enter()
    let result = this.binary(1)
    for (;;) {
      this.skip()
      if (this.code() !== 63) break
      this.pos++
      this.enter()
      const then = this.binary(1)
      this.skip()
      if (this.code() === 63) throw UNSURE
      this.expect(58)
      const otherwise = this.binary(1)
      result = {
        expr: { kind: 'conditional', condition: result.expr, then: then.expr, else: otherwise.expr, range: this.range(result.start, otherwise.end) },
        start: result.start,
        end: otherwise.end,
      }
    }
    this.depth = depth
    return result
  }

  /** An expression without a conditional at its top (the key of an object or a `for`, the collection of a `for`). */
  private operand(): Ext {
    const ext = this.binary(1)
    this.skip()
    if (this.code() === 63) throw UNSURE
    return ext
  }

  /** Binary operations of at least precedence `min`, left-associative. */
  private binary(min: number): Ext {
    const depth = this.depth
    let left = this.unary()
    for (;;) {
      this.skip()
      const operator = this.binaryOperator()
      if (!operator) break
      const precedence = PRECEDENCE[operator]
      if (precedence < min) break
      this.pos += operator.length
      this.enter()
      const right = this.binary(precedence + 1)
      left = {
        expr: { kind: 'binary', operator, left: left.expr, right: right.expr, range: this.range(left.start, right.end) },
        start: left.start,
        end: right.end,
      }
    }
    this.depth = depth
    return left
  }

  private binaryOperator(): BinaryOperator | undefined {
    const c = this.code()
    const next = this.code(this.pos + 1)
    switch (c) {
      case 124: // |
        if (next === 124) return '||'
        throw UNSURE
      case 38: // &
        if (next === 38) return '&&'
        throw UNSURE
      case 61: // =
        return next === 61 ? '==' : undefined
      case 33: // !
        if (next === 61) return '!='
        throw UNSURE
      case 60: // <
        if (next === 60) throw UNSURE
        return next === 61 ? '<=' : '<'
      case 62: // >
        return next === 61 ? '>=' : '>'
      case 43:
        return '+'
      case 45:
        return '-'
      case 42:
        return '*'
      case 47:
        return '/'
      case 37: // %
        if (next === 123) throw UNSURE
        return '%'
      default:
        return undefined
    }
  }

  private unary(): Ext {
    this.skip()
    const c = this.code()
    if (c === 45 || c === 33) {
      if (c === 33 && this.code(this.pos + 1) === 61) throw UNSURE
      const start = this.pos
      this.pos++
      this.enter()
      const operand = this.unary()
      this.depth--
      return { expr: { kind: 'unary', operator: c === 45 ? '-' : '!', operand: operand.expr, range: this.range(start, operand.end) }, start, end: operand.end }
    }
    return this.term()
  }

  /** A primary expression or a parenthesised one, and the attribute, index and splat steps after it. */
  private term(): Ext {
    this.skip()
    this.enter()
    const start = this.pos
    let base: Expr
    let end: number
    if (this.code() === 40) {
      this.pos++
      base = this.expression().expr
      this.expect(41)
      end = this.pos
    } else {
      const primary = this.primary()
      base = primary.expr
      end = primary.end
    }
    const steps: Step[] = []
    const stepsEnd = this.steps(steps, false)
    this.depth--
    if (steps.length === 0) return { expr: base, start, end }
    return { expr: { kind: 'traversal', base, steps, range: this.range(start, stepsEnd) }, start, end: stepsEnd }
  }

  /** Steps into `steps`; inside a splat (`inSplat`), only attributes and indexes, up to the next splat. Returns where the last step ends. */
  private steps(steps: Step[], inSplat: boolean): number {
    let end = -1
    for (;;) {
      this.skip()
      const c = this.code()
      const start = this.pos
      if (c === 46) {
        const next = this.code(start + 1)
        if (next === 46) break
        if (next === 42) {
          if (inSplat) break
          this.pos += 2
          const inner: Step[] = []
          const innerEnd = this.steps(inner, true)
          end = innerEnd < 0 ? start + 2 : innerEnd
          steps.push({ kind: 'splat', steps: inner, range: this.range(start, end) })
        } else if (isDigit(next)) {
          if (inSplat) throw UNSURE
          let at = start + 2
          while (isDigit(this.code(at))) at++
          const after = this.code(at)
          if (isNamePart(after) || after >= 128) throw UNSURE
          this.pos = at
          end = at
          const range = this.range(start, at)
          steps.push({ kind: 'index', key: { kind: 'literal', value: Number(this.text.slice(start + 1, at)), range }, range })
        } else {
          this.pos++
          this.skip()
          const name = this.name(true)
          end = this.pos
          steps.push({ kind: 'attr', name, range: this.range(start, end) })
        }
      } else if (c === 91) {
        if (this.text.startsWith('[*]', start)) {
          if (inSplat) break
          this.pos += 3
          const inner: Step[] = []
          const innerEnd = this.steps(inner, true)
          end = innerEnd < 0 ? start + 3 : innerEnd
          steps.push({ kind: 'splat', steps: inner, range: this.range(start, end) })
        } else {
          this.pos++
          this.skip()
          if (this.code() === 42) throw UNSURE
          const key = this.expression()
          this.expect(93)
          end = this.pos
          steps.push({ kind: 'index', key: key.expr, range: this.range(start, end) })
        }
      } else {
        break
      }
    }
    return end
  }

  private primary(): Ext {
    const c = this.code()
    const start = this.pos
    if (isDigit(c)) return this.number()
    if (c === 34) return this.quotedTemplate()
    if (c === 60) {
      if (this.code(start + 1) !== 60) throw UNSURE
      return this.heredoc()
    }
    if (c === 91) return this.tuple()
    if (c === 123) return this.object()
    const name = this.name(true)
    const end = this.pos
    if (name === 'true' || name === 'false') return { expr: { kind: 'literal', value: name === 'true', range: this.range(start, end) }, start, end }
    if (name === 'null') return { expr: { kind: 'literal', value: null, range: this.range(start, end) }, start, end }
    if (KEYWORDS.has(name)) throw UNSURE
    this.skip()
    const next = this.code()
    if (next === 58 && this.code(this.pos + 1) === 58) throw UNSURE
    if (next === 40) return this.call(name, start)
    return { expr: { kind: 'variable', name, range: this.range(start, end) }, start, end }
  }

  private number(): Ext {
    const start = this.pos
    let at = start
    while (isDigit(this.code(at))) at++
    if (this.code(at) === 46 && isDigit(this.code(at + 1))) {
      at++
      while (isDigit(this.code(at))) at++
    }
    const after = this.code(at)
    if (after === 46 || isNamePart(after) || after >= 128) throw UNSURE
    this.pos = at
    return { expr: { kind: 'literal', value: Number(this.text.slice(start, at)), range: this.range(start, at) }, start, end: at }
  }

  private call(name: string, start: number): Ext {
    this.pos++
    const args: Expr[] = []
    let expandLast = false
    this.skip()
    if (this.code() !== 41) {
      for (;;) {
        args.push(this.expression().expr)
        this.skip()
        const c = this.code()
        if (c === 46 && this.text.startsWith('...', this.pos)) {
          this.pos += 3
          expandLast = true
          this.skip()
          break
        }
        if (c !== 44) break
        this.pos++
        this.skip()
        if (this.code() === 41) break
      }
    }
    this.expect(41)
    return { expr: { kind: 'call', name, args, expandLast, range: this.range(start, this.pos) }, start, end: this.pos }
  }

  private tuple(): Ext {
    const start = this.pos
    this.pos++
    this.skip()
    if (this.keyword('for')) return this.forExpression(start, false)
    const items: Expr[] = []
    for (;;) {
      this.skip()
      if (this.code() === 93) break
      items.push(this.expression().expr)
      this.skip()
      if (this.code() !== 44) break
      this.pos++
    }
    this.expect(93)
    return { expr: { kind: 'tuple', items, range: this.range(start, this.pos) }, start, end: this.pos }
  }

  private object(): Ext {
    const start = this.pos
    this.pos++
    this.skip()
    if (this.keyword('for')) return this.forExpression(start, true)
    const items: Array<{ key: Expr; value: Expr }> = []
    for (;;) {
      this.skip()
      if (this.code() === 125) break
      const key = this.bareKey() ?? this.operand()
      const c = this.code()
      if (c === 61) {
        if (this.code(this.pos + 1) === 62) throw UNSURE
      } else if (c !== 58 || this.code(this.pos + 1) === 58) {
        throw UNSURE
      }
      this.pos++
      const value = this.expression()
      items.push({ key: this.objectKey(key), value: value.expr })
      this.skip()
      if (this.code() === 44) this.pos++
    }
    this.pos++
    return { expr: { kind: 'object', items, range: this.range(start, this.pos) }, start, end: this.pos }
  }

  /**
   * A name followed by `=` or `:` as the key of an object element, keywords included (tree-sitter
   * reads `{ in = 1 }` and, after the first element, `{ a = 1, for = 2 }`); `true`, `false` and
   * `null` stay literals. Undefined (nothing consumed) when the key is anything else.
   */
  private bareKey(): Ext | undefined {
    const start = this.pos
    if (!isNameStart(this.code())) return undefined
    let at = start + 1
    while (isNamePart(this.code(at))) at++
    if (this.code(at) >= 128) throw UNSURE
    let next = at
    while (this.code(next) === 32 || this.code(next) === 9) next++
    const c = this.code(next)
    if (!((c === 61 && this.code(next + 1) !== 61 && this.code(next + 1) !== 62) || (c === 58 && this.code(next + 1) !== 58))) return undefined
    this.pos = next
    const name = this.text.slice(start, at)
    const range = this.range(start, at)
    const value = name === 'true' ? true : name === 'false' ? false : name === 'null' ? null : name
    return { expr: { kind: 'literal', value, range }, start, end: at }
  }

  /** A bare name as a key is the key's name (a name in parentheses stays a variable). */
  private objectKey(key: Ext): Expr {
    if (key.expr.kind === 'variable' && this.code(key.start) !== 40) return { kind: 'literal', value: key.expr.name, range: this.range(key.start, key.end) }
    return key.expr
  }

  /** `[for k, v in c : value if cond]` or `{for k, v in c : key => value... if cond}`, after `for`. */
  private forExpression(start: number, objectForm: boolean): Ext {
    this.enter()
    this.skip()
    const names = [this.name()]
    this.skip()
    if (this.code() === 44) {
      this.pos++
      this.skip()
      names.push(this.name())
    }
    if (!this.keyword('in')) throw UNSURE
    const collection = this.operand().expr
    this.expect(58)
    let key: Expr | undefined
    if (objectForm) {
      key = this.operand().expr
      if (!this.text.startsWith('=>', this.pos)) throw UNSURE
      this.pos += 2
    }
    const value = this.expression().expr
    this.skip()
    let grouping = false
    if (objectForm && this.text.startsWith('...', this.pos)) {
      this.pos += 3
      grouping = true
    }
    const condition = this.keyword('if') ? this.expression().expr : undefined
    this.expect(objectForm ? 125 : 93)
    this.depth--
    const end = this.pos
    return {
      expr: {
        kind: 'for',
        keyVar: names.length > 1 ? names[0] : undefined,
        valueVar: names[names.length - 1]!,
        collection,
        key,
        value,
        condition,
        grouping,
        range: this.range(start, end),
      },
      start,
      end,
    }
  }

  /** A quoted string's interpolations and end (just after the closing quote); the position moves there. */
  private quoted(): { interpolations: Interpolation[]; end: number; plain: boolean } {
    const interpolations: Interpolation[] = []
    let at = this.pos + 1
    let plain = true
    for (;;) {
      const c = this.code(at)
      if (c === 34) break
      if (c < 0 || c === 10) throw UNSURE
      if (c === 92) {
        plain = false
        const escape = this.code(at + 1)
        if (escape === 110 || escape === 114 || escape === 116 || escape === 34 || escape === 92) at += 2
        else if (escape === 117) at = this.hexEscape(at + 2, 4)
        else if (escape === 85) at = this.hexEscape(at + 2, 8)
        else throw UNSURE
      } else if (c === 36 || c === 37) {
        if (this.code(at + 1) === c) plain = false
        at = this.templateSign(at, c, interpolations, -1)
      } else {
        at++
      }
    }
    this.pos = at + 1
    return { interpolations, end: at + 1, plain }
  }

  private hexEscape(from: number, digits: number): number {
    for (let i = 0; i < digits; i++) if (!isHex(this.code(from + i))) throw UNSURE
    return from + digits
  }

  /**
   * At a `$` or `%` of a template: an interpolation (parsed into `interpolations`), the escapes
   * `$${` and `%%{`, or plain text. Returns where the text goes on. `limit` (≥ 0): the
   * interpolation must end before it.
   */
  private templateSign(at: number, c: number, interpolations: Interpolation[], limit: number): number {
    const next = this.code(at + 1)
    if (next === 123) {
      if (c === 37) throw UNSURE
      return this.interpolation(at, interpolations, limit)
    }
    if (next === c) {
      const third = this.code(at + 2)
      if (third === c) throw UNSURE
      return third === 123 ? at + 3 : at + 2
    }
    return at + 1
  }

  private interpolation(start: number, interpolations: Interpolation[], limit: number): number {
    this.pos = start + 2
    const stripBefore = this.code() === 126
    if (stripBefore) this.pos++
    this.skip()
    if (this.code() === 125) throw UNSURE
    const expr = this.expression().expr
    this.skip()
    const stripAfter = this.code() === 126
    if (stripAfter) this.pos++
    if (this.code() !== 125) throw UNSURE
    this.pos++
    if (limit >= 0 && this.pos > limit) throw UNSURE
    interpolations.push({ start, end: this.pos, expr, stripBefore, stripAfter })
    return this.pos
  }

  private quotedTemplate(): Ext {
    const start = this.pos
    const { interpolations, end, plain } = this.quoted()
    // No escape and no interpolation: the text as it is (most strings).
    if (plain && interpolations.length === 0) return { expr: { kind: 'literal', value: this.text.slice(start + 1, end - 1), range: this.range(start, end) }, start, end }
    const parts = this.templateParts(interpolations, start + 1, end - 1, unescapeQuoted)
    return { expr: this.templateExpr(parts, start, end), start, end }
  }

  private templateExpr(parts: TemplatePart[], start: number, end: number): Expr {
    const range = this.range(start, end)
    if (parts.length === 0) return { kind: 'literal', value: '', range }
    if (parts.length === 1 && parts[0]!.kind === 'text') return { kind: 'literal', value: parts[0].text, range }
    return { kind: 'template', parts, range }
  }

  private heredoc(): Ext {
    const text = this.text
    const start = this.pos
    let at = start + 2
    const indented = this.code(at) === 45
    if (indented) at++
    this.pos = at
    const marker = this.name(true)
    if (this.code() !== 10) throw UNSURE
    const contentStart = this.pos + 1
    // The end marker: the first line that is the marker, after blanks; a line that only starts with it is left to tree-sitter.
    let lineStart = contentStart
    let markerAt: number
    for (;;) {
      const lineEnd = text.indexOf('\n', lineStart)
      if (lineEnd < 0) throw UNSURE
      let j = lineStart
      while (this.code(j) === 32 || this.code(j) === 9) j++
      if (text.startsWith(marker, j)) {
        let k = j + marker.length
        while (this.code(k) === 32 || this.code(k) === 9) k++
        if (k !== lineEnd) throw UNSURE
        markerAt = j
        break
      }
      lineStart = lineEnd + 1
    }
    const contentEnd = lineStart
    const interpolations: Interpolation[] = []
    for (let i = contentStart; i < contentEnd; ) {
      const c = text.charCodeAt(i)
      if (c === 36 || c === 37) i = this.templateSign(i, c, interpolations, contentEnd)
      else i++
    }
    const end = markerAt + marker.length
    this.pos = end
    if (contentEnd <= contentStart) return { expr: this.templateExpr([], start, end), start, end }
    const indent = indented ? minimumIndent(text.slice(contentStart, contentEnd)) : 0
    const unescape = (raw: string, from: number): string => {
      const content = indent > 0 ? removeIndent(text, from, from + raw.length, indent) : raw
      return content.replace(/\$\$\{/g, '${').replace(/%%\{/g, '%{')
    }
    const parts = this.templateParts(interpolations, contentStart, contentEnd, unescape)
    return { expr: this.templateExpr(parts, start, end), start, end }
  }

  /** Text and interpolations between `start` and `end`, strip markers applied, as `hcl.ts` builds them. */
  private templateParts(
    interpolations: Interpolation[],
    start: number,
    end: number,
    unescape: (raw: string, from: number) => string,
  ): TemplatePart[] {
    const builder = new TemplatePartsBuilder(this.text, unescape)
    let position = start
    for (const interpolation of interpolations) {
      builder.text(position, interpolation.start)
      position = interpolation.end
      if (interpolation.stripBefore) builder.stripPrevious()
      builder.push({ kind: 'interpolation', expr: interpolation.expr }, interpolation.stripAfter)
    }
    builder.text(position, end)
    return builder.parts
  }
}
