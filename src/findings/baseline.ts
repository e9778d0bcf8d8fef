/**
 * Baselines: record today's findings, then fail only on new ones. A finding matches an entry by
 * rule, file, resource address and its fingerprint, which never holds a line number or a figure
 * of the message: a moved block or a new price still matches, the same resource name in another
 * file does not.
 */
import type { Finding } from '../core/types.js'
import { fingerprint, versionOneFingerprint } from './fingerprint.js'
import { repositoryRelative } from './paths.js'

export interface BaselineEntry {
  ruleId: string
  file: string
  address: string
  fingerprint: string
}

export interface Baseline {
  /**
   * 2 since fingerprints leave out the numbers of a message; 1 (fingerprints over the whole
   * message) is still read and matched as it was written.
   */
  version: 1 | 2
  findings: BaselineEntry[]
}

export interface BaselineOutcome {
  /** Findings the baseline matched. */
  absorbed: number
  /** Baseline entries no finding matched any more (fixed, or changed). */
  stale: number
}

export class BaselineError extends Error {}

const FINGERPRINTS = { 1: versionOneFingerprint, 2: fingerprint } as const

function entryOf(finding: Finding, cwd: string, version: Baseline['version']): BaselineEntry {
  const file = repositoryRelative(finding.location.file, cwd)
  return { ruleId: finding.ruleId, file, address: finding.location.address ?? '', fingerprint: FINGERPRINTS[version](finding, cwd) }
}

function keyOf(entry: BaselineEntry): string {
  return `${entry.ruleId}\0${entry.file}\0${entry.address}\0${entry.fingerprint}`
}

/** A version 2 baseline of the findings nothing suppresses yet. */
export function createBaseline(findings: readonly Finding[], cwd: string): Baseline {
  const entries = findings.filter((finding) => !finding.suppressed).map((finding) => entryOf(finding, cwd, 2))
  entries.sort((a, b) => (keyOf(a) < keyOf(b) ? -1 : keyOf(a) > keyOf(b) ? 1 : 0))
  return { version: 2, findings: entries }
}

/** Reads the text of a baseline file; `file` names it in the errors. */
export function parseBaseline(text: string, file: string): Baseline {
  let data: unknown
  try {
    data = JSON.parse(text)
  } catch (error) {
    throw new BaselineError(`${file} is not valid JSON (${(error as Error).message})`)
  }
  const candidate = data as Partial<Baseline> | null
  if ((candidate?.version !== 1 && candidate?.version !== 2) || !Array.isArray(candidate.findings)) {
    throw new BaselineError(`${file} is not an iac-lint baseline (expected {"version": 2, "findings": [...]})`)
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

/**
 * The findings with those the baseline holds marked suppressed (`external`), as new objects; the
 * findings given are not changed. Each entry absorbs one finding.
 */
export function applyBaseline(findings: readonly Finding[], baseline: Baseline, cwd: string): { findings: Finding[]; outcome: BaselineOutcome } {
  const remaining = new Map<string, number>()
  for (const entry of baseline.findings) remaining.set(keyOf(entry), (remaining.get(keyOf(entry)) ?? 0) + 1)
  let absorbed = 0
  const marked = findings.map((finding): Finding => {
    if (finding.suppressed) return finding
    const key = keyOf(entryOf(finding, cwd, baseline.version))
    const count = remaining.get(key) ?? 0
    if (count === 0) return finding
    remaining.set(key, count - 1)
    absorbed++
    return { ...finding, suppressed: { kind: 'external', justification: 'recorded in the baseline' } }
  })
  let stale = 0
  for (const count of remaining.values()) stale += count
  return { findings: marked, outcome: { absorbed, stale } }
}
