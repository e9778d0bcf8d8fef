import type { Category, Finding, Level, Location, Range, RuleMeta, ScanResult } from '../core/types.js'
import { repositoryRelative } from '../findings/paths.js'
import type { ReportOptions } from './options.js'

/** Version 1 of the JSON output, documented in docs/json-format.md; fields are only ever added. */
export interface JsonReport {
  version: 1
  tool: { name: 'iac-lint'; version: string }
  summary: {
    files: number
    templates: number
    errors: number
    warnings: number
    notes: number
    /** Findings a suppression or the baseline covers; they are listed with `suppressed` set. */
    suppressed: number
    baseline?: { absorbed: number; stale: number }
  }
  findings: JsonFinding[]
  rules: JsonRule[]
}

interface JsonLocation {
  file: string
  range: Range
  address: string | null
  constructPath?: string
}

export interface JsonFinding extends JsonLocation {
  ruleId: string
  level: Level
  message: string
  related?: Array<JsonLocation & { message: string }>
  properties?: Record<string, unknown>
  suppressed?: { kind: 'inSource' | 'external'; justification: string }
}

interface JsonRule {
  id: string
  title: string
  category: Category
  level: Level
  securitySeverity?: number
}

export function renderJson(result: ScanResult, options: ReportOptions): string {
  const report: JsonReport = {
    version: 1,
    tool: { name: 'iac-lint', version: options.toolVersion },
    summary: {
      files: result.filesScanned,
      templates: result.templatesScanned,
      errors: countLevel(result.findings, 'error'),
      warnings: countLevel(result.findings, 'warning'),
      notes: countLevel(result.findings, 'note'),
      suppressed: countSuppressed(result.findings),
      ...(result.baseline ? { baseline: result.baseline } : {}),
    },
    findings: result.findings.map((finding) => jsonFinding(finding, options.cwd)),
    rules: result.rules.map(jsonRule),
  }
  return `${JSON.stringify(report, null, 2)}\n`
}

/** Findings of a level that count: suppressed ones are reported apart. */
export function countLevel(findings: readonly Finding[], level: Level): number {
  return findings.filter((finding) => finding.level === level && !finding.suppressed).length
}

function countSuppressed(findings: readonly Finding[]): number {
  return findings.filter((finding) => finding.suppressed).length
}

export function jsonFinding(finding: Finding, cwd: string): JsonFinding {
  const out: JsonFinding = {
    ruleId: finding.ruleId,
    level: finding.level,
    message: finding.message,
    ...jsonLocation(finding.location, cwd),
  }
  if (finding.related?.length) {
    out.related = finding.related.map((related) => ({ message: related.message, ...jsonLocation(related, cwd) }))
  }
  if (finding.properties !== undefined) out.properties = finding.properties
  if (finding.suppressed) out.suppressed = finding.suppressed
  return out
}

function jsonLocation(location: Location, cwd: string): JsonLocation {
  const { line, column, endLine, endColumn } = location.range
  const out: JsonLocation = {
    file: repositoryRelative(location.file, cwd),
    range: { line, column, endLine, endColumn },
    address: location.address ?? null,
  }
  if (location.constructPath !== undefined) out.constructPath = location.constructPath
  return out
}

function jsonRule(rule: RuleMeta): JsonRule {
  const out: JsonRule = { id: rule.id, title: rule.title, category: rule.category, level: rule.defaultLevel }
  if (rule.securitySeverity !== undefined) out.securitySeverity = rule.securitySeverity
  return out
}
