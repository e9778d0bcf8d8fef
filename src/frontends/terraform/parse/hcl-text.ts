/**
 * The text of HCL strings and heredocs, shared by both HCL parsers (`hcl.ts`, `hcl-fast.ts`) so
 * that they undo escapes and indentation and apply strip markers the same way.
 */
import type { TemplatePart } from './syntax.js'

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = { n: '\n', r: '\r', t: '\t', '"': '"', '\\': '\\' }

/** Escapes of a quoted string or template: `\n`, `\"`, `\uNNNN`, and `$${` / `%%{` for a literal `${` / `%{`. */
export function unescapeQuoted(raw: string): string {
  return raw.replace(/\\(u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|.)|\$\$\{|%%\{/g, (match, escape: string | undefined) => {
    if (escape === undefined) return match.slice(1)
    if (escape.length > 1) return String.fromCodePoint(Number.parseInt(escape.slice(1), 16))
    return SIMPLE_ESCAPES[escape] ?? match
  })
}

/** `<<-` removes the smallest indentation of the non-blank lines from every line. */
export function minimumIndent(content: string): number {
  let smallest = Number.POSITIVE_INFINITY
  for (const line of content.split('\n')) {
    if (line.trim() === '') continue
    smallest = Math.min(smallest, line.length - line.trimStart().length)
  }
  return Number.isFinite(smallest) ? smallest : 0
}

/** The text from `from` to `to` without the first `indent` blanks of each line. */
export function removeIndent(text: string, from: number, to: number, indent: number): string {
  let column = from - (text.lastIndexOf('\n', from - 1) + 1)
  let out = ''
  for (let i = from; i < to; i++) {
    const c = text[i]!
    if (column < indent && (c === ' ' || c === '\t')) {
      column++
      continue
    }
    out += c
    column = c === '\n' ? 0 : column + 1
  }
  return out
}

/**
 * A template's parts in the order of the source: literal text between interpolations and
 * directives, with a `~` strip marker removing the white space of the text beside it.
 */
export class TemplatePartsBuilder {
  readonly parts: TemplatePart[] = []
  private stripNext = false

  constructor(
    private readonly source: string,
    private readonly unescape: (raw: string, from: number) => string,
  ) {}

  /** The literal text of the source from `from` to `to`, unless it is empty. */
  text(from: number, to: number): void {
    if (to <= from) return
    let text = this.unescape(this.source.slice(from, to), from)
    if (this.stripNext) text = text.replace(/^\s+/, '')
    this.stripNext = false
    if (text !== '') this.parts.push({ kind: 'text', text })
  }

  /** A `~` after the opening of an interpolation or directive: the text before loses its trailing white space. */
  stripPrevious(): void {
    const last = this.parts[this.parts.length - 1]
    if (last?.kind !== 'text') return
    const text = last.text.replace(/\s+$/, '')
    if (text === '') this.parts.pop()
    else this.parts[this.parts.length - 1] = { kind: 'text', text }
  }

  /** An interpolation or directive (none when it holds no expression); `stripAfter` for a `~` before its closing. */
  push(part: TemplatePart | undefined, stripAfter: boolean): void {
    if (part) this.parts.push(part)
    this.stripNext = stripAfter
  }
}
