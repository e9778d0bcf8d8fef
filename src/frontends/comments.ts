/**
 * `# iac-lint-ignore ID[,ID] [until=YYYY-MM-DD] -- reason` comments, the same in YAML and HCL:
 * each applies to the widest span (block, attribute, map entry) that starts on its line or the next.
 */
import type { Span, Suppression } from '../core/types.js'
import type { DocComment } from '../parse/types.js'

const DIRECTIVE = /^iac-lint-ignore(?:\s+(.*))?$/

/** Directives in comments; each applies to the widest span that starts on its line or the next. */
export function commentSuppressions(file: string, comments: readonly DocComment[], spans: readonly Span[]): Suppression[] {
  const widest = new Map<number, Span>()
  for (const span of spans) {
    const current = widest.get(span.startLine)
    if (!current || span.endLine > current.endLine) widest.set(span.startLine, span)
  }
  const found: Suppression[] = []
  for (const comment of comments) {
    const match = DIRECTIVE.exec(comment.text.trim())
    if (!match) continue
    const parsed = parseDirective(match[1] ?? '')
    const line = comment.range.line
    const span = widest.get(line) ?? widest.get(line + 1) ?? { startLine: line + 1, endLine: line + 1 }
    found.push({ file, ...parsed, range: comment.range, scope: { kind: 'lines', startLine: span.startLine, endLine: span.endLine } })
  }
  return found
}

function parseDirective(body: string): Pick<Suppression, 'rules' | 'reason' | 'until'> {
  const separator = body.indexOf('--')
  const head = separator < 0 ? body : body.slice(0, separator)
  const reason = separator < 0 ? undefined : body.slice(separator + 2).trim() || undefined
  let until: string | undefined
  const rules: string[] = []
  for (const word of head.split(/[\s,]+/).filter(Boolean)) {
    if (word.startsWith('until=')) until = word.slice('until='.length)
    else rules.push(word)
  }
  return { rules: rules.length ? rules : ['*'], reason, until }
}
