/**
 * In-source suppressions: `# iac-lint-ignore ID[,ID] [until=YYYY-MM-DD] -- reason` comments and
 * CloudFormation `Metadata: { iac-lint: { ignore: [...] } }` on a resource or the template, read
 * here; src/findings/suppressions.ts applies them.
 */
import type { Range, RuleMeta } from '../core/types.js'
import { mapGet, type DocComment, type DocNode } from '../parse/types.js'

export interface Suppression {
  file: string
  /** Rule ids, or `*` for every rule. */
  rules: string[]
  reason: string | undefined
  /** Last day the suppression works, `YYYY-MM-DD`. */
  until: string | undefined
  /** Where it is written, for the notes about it. */
  range: Range
  scope: { kind: 'file' } | { kind: 'lines'; startLine: number; endLine: number } | { kind: 'resource'; address: string }
}

/** A block, attribute or map entry a comment above it (or on its first line) applies to. */
export interface Span {
  startLine: number
  endLine: number
}

const DIRECTIVE = /^iac-lint-ignore(?:\s+(.*))?$/

export const SUPPRESSION_UNUSED: RuleMeta = {
  id: 'suppression-unused',
  title: 'Suppression that matches no finding',
  category: 'input',
  defaultLevel: 'note',
  whatItDoes: 'Reports an iac-lint-ignore comment or Metadata ignore entry that suppressed nothing in this scan.',
  whyBad: 'A stale suppression hides the next real finding of that rule at the same place, and misleads readers about what is wrong.',
  fix: 'Remove the suppression, or correct its rule id.',
  references: ['https://eslint.org/docs/latest/use/command-line-interface#--report-unused-disable-directives'],
  frameworks: ['cloudformation', 'terraform'],
}

export const SUPPRESSION_EXPIRED: RuleMeta = {
  id: 'suppression-expired',
  title: 'Suppression past its expiry date',
  category: 'input',
  defaultLevel: 'note',
  whatItDoes: 'Reports a suppression whose until= date has passed; it no longer suppresses anything.',
  whyBad: 'An expired suppression was a promise to fix something by a date; the findings it covered are reported again.',
  fix: 'Fix the findings, or renew the suppression with a new date and a reason.',
  references: ['https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/metadata-section-structure.html'],
  frameworks: ['cloudformation', 'terraform'],
}

export const SUPPRESSION_WITHOUT_REASON: RuleMeta = {
  id: 'suppression-without-reason',
  title: 'Suppression without a reason',
  category: 'input',
  defaultLevel: 'note',
  whatItDoes: 'Reports a suppression that works but gives no reason (`-- reason` in a comment, `reason:` in Metadata).',
  whyBad: 'Without a reason nobody can tell later whether the suppression still holds.',
  fix: 'Add a reason after `--`, or a `reason` key in the Metadata entry.',
  references: ['https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/metadata-section-structure.html'],
  frameworks: ['cloudformation', 'terraform'],
}

export const SUPPRESSION_INVALID: RuleMeta = {
  id: 'suppression-invalid',
  title: 'Suppression with an expiry that is not a date',
  category: 'input',
  defaultLevel: 'note',
  whatItDoes: 'Reports a suppression whose until= value is not a real calendar date written YYYY-MM-DD (2027-02-30, 27-03-31, tomorrow); the suppression is not applied.',
  whyBad: 'An expiry nobody can read would either never end or end at once; applying it would hide findings for an unknown time.',
  fix: 'Write the last day the suppression should work as YYYY-MM-DD, or drop until=.',
  references: ['https://en.wikipedia.org/wiki/ISO_8601#Calendar_dates'],
  frameworks: ['cloudformation', 'terraform'],
}

export const SUPPRESSION_RULES: RuleMeta[] = [SUPPRESSION_EXPIRED, SUPPRESSION_INVALID, SUPPRESSION_UNUSED, SUPPRESSION_WITHOUT_REASON]

/** A real calendar date written `YYYY-MM-DD`. */
export function isCalendarDate(text: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text)
  if (!match) return false
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])]
  const date = new Date(Date.UTC(year, month - 1, day))
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day
}

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

/** Every map entry of a document as a span, for comment directives in YAML. */
export function documentSpans(root: DocNode): Span[] {
  const spans: Span[] = []
  const pending: DocNode[] = [root]
  while (pending.length > 0) {
    const node = pending.pop()!
    if (node.kind === 'map') {
      for (const entry of node.entries) {
        spans.push({ startLine: entry.keyRange.line, endLine: Math.max(entry.keyRange.endLine, entry.value.range.endLine) })
        pending.push(entry.value)
      }
    } else if (node.kind === 'seq') {
      for (const item of node.items) {
        spans.push({ startLine: item.range.line, endLine: item.range.endLine })
        pending.push(item)
      }
    }
  }
  return spans
}

/** `Metadata.iac-lint.ignore` on the template and on each resource. */
export function metadataSuppressions(file: string, root: DocNode): Suppression[] {
  const found = fromIgnoreList(file, mapGet(mapGet(mapGet(root, 'Metadata'), 'iac-lint'), 'ignore'), { kind: 'file' })
  const resources = mapGet(root, 'Resources')
  if (resources?.kind === 'map') {
    for (const entry of resources.entries) {
      const list = mapGet(mapGet(mapGet(entry.value, 'Metadata'), 'iac-lint'), 'ignore')
      found.push(...fromIgnoreList(file, list, { kind: 'resource', address: entry.key }))
    }
  }
  return found
}

function fromIgnoreList(file: string, list: DocNode | undefined, scope: Suppression['scope']): Suppression[] {
  if (list?.kind !== 'seq') return []
  const found: Suppression[] = []
  for (const item of list.items) {
    if (item.kind === 'scalar' && typeof item.value === 'string') {
      found.push({ file, rules: [item.value], reason: undefined, until: undefined, range: item.range, scope })
    } else if (item.kind === 'map') {
      const text = (key: string): string | undefined => {
        const value = mapGet(item, key)
        return value?.kind === 'scalar' && value.value !== null ? String(value.value) : undefined
      }
      const rule = text('rule')
      if (rule) found.push({ file, rules: [rule], reason: text('reason'), until: text('until'), range: item.range, scope })
    }
  }
  return found
}
