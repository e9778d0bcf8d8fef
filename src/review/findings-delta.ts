/**
 * Findings introduced and resolved by a change, matched by the findings layer's one fingerprint
 * (rule, file, resource, message without its figures): a finding that only moved lines, or whose
 * price changed, is neither.
 */
import type { Finding } from '../core/types.js'
import { fingerprint } from '../findings/fingerprint.js'

/** A finding's file (and those of its related locations) moved by `move`; the finding itself is left as it is. */
export function relocated(finding: Finding, move: (file: string) => string): Finding {
  const copy: Finding = { ...finding, location: { ...finding.location, file: move(finding.location.file) } }
  if (finding.related) copy.related = finding.related.map((related) => ({ ...related, file: move(related.file) }))
  return copy
}

/**
 * The findings of `after` whose fingerprint `before` does not have, and those of `before` that
 * `after` lost. `beforeAsAfter` names a file of the old side as the new side names it, so that a
 * file read from a commit into a temporary folder, or compared with a renamed copy, matches.
 * Suppressed findings count on neither side; resolved findings keep their old names.
 */
export function findingsDelta(
  before: readonly Finding[],
  after: readonly Finding[],
  cwd: string,
  beforeAsAfter: (file: string) => string,
): { introduced: Finding[]; resolved: Finding[] } {
  const active = (findings: readonly Finding[]) => findings.filter((finding) => finding.suppressed === undefined)
  const oldKey = (finding: Finding) => fingerprint(relocated(finding, beforeAsAfter), cwd)
  const newKey = (finding: Finding) => fingerprint(finding, cwd)
  const counts = (findings: readonly Finding[], key: (finding: Finding) => string) => {
    const map = new Map<string, number>()
    for (const finding of findings) map.set(key(finding), (map.get(key(finding)) ?? 0) + 1)
    return map
  }
  // Counted, not only looked up: a second identical finding on the same resource is new too.
  const take = (findings: readonly Finding[], key: (finding: Finding) => string, others: Map<string, number>) =>
    findings.filter((finding) => {
      const left = others.get(key(finding)) ?? 0
      if (left === 0) return true
      others.set(key(finding), left - 1)
      return false
    })
  return {
    introduced: take(active(after), newKey, counts(active(before), oldKey)),
    resolved: take(active(before), oldKey, counts(active(after), newKey)),
  }
}
