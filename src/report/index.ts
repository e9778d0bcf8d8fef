import type { ScanResult } from '../engine/result.js'
import { renderJson } from './json.js'
import { renderSarif } from './sarif.js'
import { renderText } from './text.js'

export { renderJson, renderSarif, renderText }
export type { JsonFinding, JsonLocation, JsonReport, JsonRule } from './json.js'
export type { SarifDriver, SarifLocation, SarifLog, SarifRegion, SarifResult, SarifRule, SarifRun } from './sarif.js'

export const FORMATS = ['text', 'json', 'sarif'] as const
export type Format = (typeof FORMATS)[number]

export interface ReportOptions {
  /** Directory that file paths and SARIF URIs are made relative to. */
  cwd: string
  /** Emit ANSI colours (text format only). */
  color: boolean
  toolVersion: string
  /** Home page of the tool, for SARIF `tool.driver.informationUri`. */
  informationUri?: string
}

/** A reporter turns a scan into the complete text of one output format; it has no side effects. */
export type Reporter = (result: ScanResult, options: ReportOptions) => string

const REPORTERS: Record<Format, Reporter> = { text: renderText, json: renderJson, sarif: renderSarif }

export function isFormat(value: string): value is Format {
  return (FORMATS as readonly string[]).includes(value)
}

export function renderReport(format: Format, result: ScanResult, options: ReportOptions): string {
  return REPORTERS[format](result, options)
}
