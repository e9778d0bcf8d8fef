/**
 * The text of a template file as `templatefile` reads it, split into literal text and
 * interpolations, without evaluating anything. iac-lint renders a template only when every
 * interpolation names one of the variables given (`${fn_arn}`): an expression, a function call
 * or a directive (`%{ for }`, `%{ if }`) leaves what it makes unknown, as Terraform alone can
 * tell what it gives.
 */

export type TemplatePiece =
  | { kind: 'text'; text: string }
  /** `name` is set when the interpolation is one variable name; `source` is the expression as written. */
  | { kind: 'interpolation'; name: string | undefined; source: string }

export interface ScannedTemplate {
  pieces: TemplatePiece[]
  /** The first directive (`%{ ... }`) as written, when there is one. */
  directive: string | undefined
  /** Set when an interpolation or directive is not closed. */
  unclosed: boolean
}

const NAME = /^[A-Za-z_][A-Za-z0-9_-]*$/

/** Splits `text` at `${...}` and `%{...}`; `$${` and `%%{` are the literal `${` and `%{`. */
export function scanTemplate(text: string): ScannedTemplate {
  const pieces: TemplatePiece[] = []
  let directive: string | undefined
  let literal = ''
  let at = 0
  while (at < text.length) {
    const next = nextMarker(text, at)
    if (next < 0) {
      literal += text.slice(at)
      break
    }
    literal += text.slice(at, next)
    if (text[next + 1] === text[next]) {
      // `$${` or `%%{`: one marker character is dropped and the rest is text.
      literal += `${text[next]}{`
      at = next + 3
      continue
    }
    const end = closingBrace(text, next + 2)
    if (end < 0) return { pieces: [...pieces, { kind: 'text', text: literal + text.slice(next) }], directive, unclosed: true }
    const source = text.slice(next + 2, end)
    if (text[next] === '%') {
      directive ??= `%{${source}}`
    } else {
      if (literal !== '') pieces.push({ kind: 'text', text: literal })
      literal = ''
      const inner = source.replace(/^~/, '').replace(/~$/, '').trim()
      pieces.push({ kind: 'interpolation', name: NAME.test(inner) ? inner : undefined, source: inner })
    }
    at = end + 1
  }
  if (literal !== '') pieces.push({ kind: 'text', text: literal })
  return { pieces, directive, unclosed: false }
}

/** Whether `text` has an interpolation or a directive at all (escapes aside). */
export function hasTemplateSyntax(text: string): boolean {
  for (let at = nextMarker(text, 0); at >= 0; at = nextMarker(text, at + 2)) if (text[at + 1] !== text[at]) return true
  return false
}

/** Where the next `${`, `%{`, `$${` or `%%{` starts. */
function nextMarker(text: string, from: number): number {
  for (let at = from; at < text.length - 1; at++) {
    const char = text[at]
    if (char !== '$' && char !== '%') continue
    if (text[at + 1] === '{') return at
    if (text[at + 1] === char && text[at + 2] === '{') return at
  }
  return -1
}

/** The `}` that closes an interpolation opened before `from`, past strings and nested braces. */
function closingBrace(text: string, from: number): number {
  let depth = 0
  let quoted = false
  for (let at = from; at < text.length; at++) {
    const char = text[at]
    if (quoted) {
      if (char === '\\') at++
      else if (char === '"') quoted = false
      continue
    }
    if (char === '"') quoted = true
    else if (char === '{') depth++
    else if (char === '}') {
      if (depth === 0) return at
      depth--
    }
  }
  return -1
}
