/**
 * The filters a scan result goes through after rules ran and in-source suppressions were applied:
 * the baseline, then `quiet`. The CLI's `--baseline` and `--quiet` are this function.
 */
import type { ScanResult } from '../core/types.js'
import { applyBaseline, type Baseline } from './baseline.js'

export interface FilterOptions {
  /** Findings it holds are kept, marked suppressed (`external`), and counted in `result.baseline`. */
  baseline?: Baseline
  /** Keep errors only (suppressed ones included, so the summary still counts them). */
  quiet?: boolean
  /** The directory the baseline's paths are relative to; the current directory when absent. */
  cwd?: string
}

/**
 * A new result with the filters applied; the result given is not changed. Baseline counts cover
 * every level, as the baseline recorded them, before `quiet` drops the warnings and notes.
 */
export function applyFilters(result: ScanResult, options: FilterOptions): ScanResult {
  let findings = result.findings
  let baseline = result.baseline
  if (options.baseline) {
    const applied = applyBaseline(findings, options.baseline, options.cwd ?? process.cwd())
    findings = applied.findings
    baseline = applied.outcome
  }
  if (options.quiet) findings = findings.filter((finding) => finding.level === 'error')
  return { ...result, findings: [...findings], notices: [...result.notices], ...(baseline ? { baseline: { ...baseline } } : {}) }
}
