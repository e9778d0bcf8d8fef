import type { ScanResult } from '../engine/result.js'
import { renderGithub } from './github.js'
import { renderJson } from './json.js'
import { renderMarkdown } from './markdown.js'
import { renderSarif } from './sarif.js'
import { renderText } from './text.js'

export { renderGithub, renderJson, renderMarkdown, renderSarif, renderText }
export { githubReportOptions } from './github.js'
export type { JsonFinding, JsonReport } from './json.js'
export type { SarifLog } from './sarif.js'

export const FORMATS = ['text', 'json', 'sarif', 'github', 'markdown'] as const
export type Format = (typeof FORMATS)[number]

export interface ReportOptions {
  /** Directory that file paths and SARIF URIs are made relative to. */
  cwd: string
  /** Emit ANSI colours (text format only). */
  color: boolean
  toolVersion: string
  /** Home page of the tool, for SARIF `tool.driver.informationUri`. */
  informationUri?: string
  /** Where the scanned files are hosted, for links to the lines of findings (markdown format). */
  links?: ReportLinks
  /**
   * The repository checkout, which GitHub resolves annotation paths and line links against
   * (github and markdown formats); defaults to `cwd`.
   */
  repositoryRoot?: string
}

/** A file links as `${repositoryUrl}/blob/${commit}/${path}#L${line}-L${endLine}`. */
export interface ReportLinks {
  /** For example `https://github.com/owner/repo`. */
  repositoryUrl: string
  commit: string
}

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
