/**
 * The text of HCL strings and heredocs, shared by both HCL parsers (`hcl.ts`, `hcl-fast.ts`) so
 * that they undo escapes and indentation the same way.
 */

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
