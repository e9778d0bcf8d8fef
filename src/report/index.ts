import type { ScanResult } from '../core/types.js'
import { renderGithub } from './github.js'
import { renderJson } from './json.js'
import { renderMarkdown } from './markdown.js'
import type { ReportOptions } from './options.js'
import { renderSarif } from './sarif.js'
import { renderText } from './text.js'

export { renderGithub, renderJson, renderMarkdown, renderSarif, renderText }
export { githubReportOptions } from './github.js'
export type { JsonFinding, JsonReport } from './json.js'
export type { ReportLinks, ReportOptions } from './options.js'
export type { SarifLog } from './sarif.js'

export const FORMATS = ['text', 'json', 'sarif', 'github', 'markdown'] as const
export type Format = (typeof FORMATS)[number]

/** A reporter turns a scan into the complete text of one output format; it has no side effects. */
type Reporter = (result: ScanResult, options: ReportOptions) => string

const REPORTERS: Record<Format, Reporter> = {
  text: renderText,
  json: renderJson,
  sarif: renderSarif,
  github: renderGithub,
  markdown: renderMarkdown,
}

export function isFormat(value: string): value is Format {
  return (FORMATS as readonly string[]).includes(value)
}

export function renderReport(format: Format, result: ScanResult, options: ReportOptions): string {
  return REPORTERS[format](result, options)
}
