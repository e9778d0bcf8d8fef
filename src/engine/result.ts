import type { Finding, RuleMeta } from './types.js'

export interface ScanResult {
  /** Sorted by file, line, column, rule id: the same whatever order files were read in. */
  findings: Finding[]
  /** Every rule that ran, built-in ones included, in id order. */
  rules: RuleMeta[]
  /** Files read (templates and other candidates). */
  filesScanned: number
  /** Files recognised as templates and analysed. */
  templatesScanned: number
  /** One-line notes for the user (a named file that is not a template, ...). */
  notices: string[]
  durationMs: number
  /** Set when a baseline was applied. */
  baseline?: { absorbed: number; stale: number }
}
