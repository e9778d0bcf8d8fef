/**
 * Baselines: record today's findings, then fail only on new ones. A finding matches an entry by
 * rule, file, resource address and a fingerprint of its message, which names what was flagged
 * but never a line number: a moved block still matches, the same resource name in another file
 * does not.
 */
import { createHash } from 'node:crypto'
import path from 'node:path'
import type { Finding } from './types.js'

export interface BaselineEntry {
  ruleId: string
  file: string
  address: string
  fingerprint: string
}

export interface Baseline {
  version: 1
  findings: BaselineEntry[]
}

export interface BaselineOutcome {
  /** Findings the baseline matched. */
  absorbed: number
  /** Baseline entries no finding matched any more (fixed, or changed). */
  stale: number
}

export class BaselineError extends Error {}

function entryOf(finding: Finding, cwd: string): BaselineEntry {
  const file = path.relative(cwd, finding.location.file).split(path.sep).join('/')
  const address = finding.location.address ?? ''
  const fingerprint = createHash('sha256').update(`${finding.ruleId}\0${file}\0${address}\0${finding.message}`).digest('hex').slice(0, 32)
  return { ruleId: finding.ruleId, file, address, fingerprint }
}

function keyOf(entry: BaselineEntry): string {
  return `${entry.ruleId}\0${entry.file}\0${entry.address}\0${entry.fingerprint}`
}

export function createBaseline(findings: readonly Finding[], cwd: string): Baseline {
  const entries = findings.filter((finding) => !finding.suppressed).map((finding) => entryOf(finding, cwd))
  entries.sort((a, b) => (keyOf(a) < keyOf(b) ? -1 : keyOf(a) > keyOf(b) ? 1 : 0))
  return { version: 1, findings: entries }
}

export function parseBaseline(text: string, file: string): Baseline {
  let data: unknown
  try {
    data = JSON.parse(text)
  } catch (error) {
    throw new BaselineError(`${file} is not valid JSON (${(error as Error).message})`)
  }
  const candidate = data as Partial<Baseline> | null
  if (candidate?.version !== 1 || !Array.isArray(candidate.findings)) {
    throw new BaselineError(`${file} is not an iac-lint baseline (expected {"version": 1, "findings": [...]})`)
  }
  candidate.findings.forEach((entry: unknown, index) => {
    const where = `${file}: findings[${index}]`
    if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
      throw new BaselineError(`${where} must be an object with ruleId, file, address and fingerprint, not ${JSON.stringify(entry)?.slice(0, 40) ?? 'undefined'}`)
    }
    for (const key of ['ruleId', 'file', 'address', 'fingerprint'] as const) {
      if (typeof (entry as Record<string, unknown>)[key] !== 'string') throw new BaselineError(`${where}.${key} must be a string`)
    }
  })
  return candidate as Baseline
}

/** Marks the findings the baseline holds as suppressed (`external`); each entry absorbs one finding. */
export function applyBaseline(findings: Finding[], baseline: Baseline, cwd: string): BaselineOutcome {
  const remaining = new Map<string, number>()
  for (const entry of baseline.findings) remaining.set(keyOf(entry), (remaining.get(keyOf(entry)) ?? 0) + 1)
  let absorbed = 0
  for (const finding of findings) {
    if (finding.suppressed) continue
    const key = keyOf(entryOf(finding, cwd))
    const count = remaining.get(key) ?? 0
    if (count === 0) continue
    remaining.set(key, count - 1)
    finding.suppressed = { kind: 'external', justification: 'recorded in the baseline' }
    absorbed++
  }
  let stale = 0
  for (const count of remaining.values()) stale += count
  return { absorbed, stale }
}
