/**
 * In-source suppressions applied to a scan's findings. Suppressed findings are kept and marked,
 * never dropped; suppressions that expired, that have no reason or that matched nothing become
 * notes of their own, as ESLint reports unused disables. Reading them from comments and Metadata
 * is the frontends' part (src/frontends/comments.ts and each frontend's own syntax).
 */
import type { Finding, RuleMeta, Suppression } from '../core/types.js'
import { SUPPRESSION_EXPIRED, SUPPRESSION_INVALID, SUPPRESSION_UNUSED, SUPPRESSION_WITHOUT_REASON } from '../core/builtin.js'

/**
 * Marks suppressed findings and returns the notes about the suppressions themselves.
 * `today` is `YYYY-MM-DD`; a suppression works through its `until` day.
 */
export function applySuppressions(findings: Finding[], suppressions: readonly Suppression[], today: string): Finding[] {
  const notes: Finding[] = []
  const note = (meta: RuleMeta, suppression: Suppression, message: string): void => {
    notes.push({ ruleId: meta.id, level: meta.defaultLevel, message, location: { file: suppression.file, range: suppression.range } })
  }
  const byFile = new Map<string, Suppression[]>()
  for (const suppression of suppressions) {
    const list = byFile.get(suppression.file) ?? []
    list.push(suppression)
    byFile.set(suppression.file, list)
  }
  /** Rule ids each suppression actually silenced (`*` counts as the rule it matched). */
  const used = new Map<Suppression, Set<string>>()
  for (const finding of findings) {
    const candidates = byFile.get(finding.location.file)
    if (!candidates) continue
    for (const suppression of candidates) {
      if (isInvalid(suppression) || isExpired(suppression, today) || !covers(suppression, finding)) continue
      const ids = used.get(suppression) ?? new Set<string>()
      ids.add(suppression.rules.includes(finding.ruleId) ? finding.ruleId : '*')
      used.set(suppression, ids)
      finding.suppressed = { kind: 'inSource', justification: suppression.reason ?? '' }
      break
    }
  }
  for (const suppression of suppressions) {
    const ids = suppression.rules.join(', ')
    if (isInvalid(suppression)) {
      note(SUPPRESSION_INVALID, suppression, `The suppression of ${ids} has until=${suppression.until}, which is not a date written YYYY-MM-DD, so it is not applied. Write the last day it should work, e.g. until=2027-03-31.`)
      continue
    }
    if (isExpired(suppression, today)) {
      note(SUPPRESSION_EXPIRED, suppression, `The suppression of ${ids} expired on ${suppression.until}; its findings are reported again. Fix them or renew it with a reason.`)
      continue
    }
    const silenced = used.get(suppression)
    const unused = suppression.rules.filter((id) => !silenced?.has(id))
    if (unused.length > 0) {
      note(SUPPRESSION_UNUSED, suppression, `The suppression of ${unused.join(', ')} matches no finding here; remove ${unused.length === 1 ? 'it' : 'them'}.`)
    }
    if (silenced && !suppression.reason) {
      note(SUPPRESSION_WITHOUT_REASON, suppression, `The suppression of ${ids} has no reason; add one after "--" so readers know why it holds.`)
    }
  }
  return notes
}

function isInvalid(suppression: Suppression): boolean {
  return suppression.until !== undefined && !isCalendarDate(suppression.until)
}

function isExpired(suppression: Suppression, today: string): boolean {
  return suppression.until !== undefined && suppression.until < today
}

function covers(suppression: Suppression, finding: Finding): boolean {
  if (!suppression.rules.includes('*') && !suppression.rules.includes(finding.ruleId)) return false
  const scope = suppression.scope
  switch (scope.kind) {
    case 'file':
      return true
    case 'lines':
      return finding.location.range.line >= scope.startLine && finding.location.range.line <= scope.endLine
    case 'resource': {
      const address = finding.location.address
      return address !== undefined && (address === scope.address || address.startsWith(`${scope.address}.`))
    }
  }
}

/** A real calendar date written `YYYY-MM-DD`. */
export function isCalendarDate(text: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text)
  if (!match) return false
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])]
  const date = new Date(Date.UTC(year, month - 1, day))
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day
}
