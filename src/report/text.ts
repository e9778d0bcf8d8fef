import type { Finding, Level, ScanResult } from '../core/types.js'
import { repositoryRelative } from '../findings/paths.js'
import { escapeTerminal, guardTerminalText } from './escape.js'
import type { ReportOptions } from './options.js'
import { countLevel } from './json.js'

interface Style {
  level(level: Level, text: string): string
  dim(text: string): string
  underline(text: string): string
  summary(worst: Level | undefined, text: string): string
}

const ansi = (open: number, close: number) => (text: string) => `\u001b[${open}m${text}\u001b[${close}m`
const red = ansi(31, 39)
const yellow = ansi(33, 39)
const cyan = ansi(36, 39)
const green = ansi(32, 39)
const bold = ansi(1, 22)
const LEVEL_COLOR: Record<Level, (text: string) => string> = { error: red, warning: yellow, note: cyan }

const COLOR: Style = {
  level: (level, text) => LEVEL_COLOR[level](text),
  dim: ansi(2, 22),
  underline: ansi(4, 24),
  summary: (worst, text) => bold(worst === undefined ? green(text) : LEVEL_COLOR[worst](text)),
}

const PLAIN: Style = {
  level: (_level, text) => text,
  dim: (text) => text,
  underline: (text) => text,
  summary: (_worst, text) => text,
}

interface Row {
  line: string
  column: string
  level: Level
  message: string
  /** Resource shown after the message; kept apart because it is dimmed. */
  resource: string
  ruleId: string
}

/** ESLint "stylish"-like output: findings grouped by file, aligned columns, a summary line. */
export function renderText(result: ScanResult, options: ReportOptions): string {
  const style = options.color ? COLOR : PLAIN
  const groups = new Map<string, Row[]>()
  for (const finding of result.findings) {
    if (finding.suppressed) continue
    const file = escapeTerminal(repositoryRelative(finding.location.file, options.cwd))
    let rows = groups.get(file)
    if (!rows) groups.set(file, (rows = []))
    rows.push(toRow(finding))
  }

  const lines: string[] = []
  // A file name starts its line: guarded under the underline too, so it stays no workflow
  // command in a log that drops the colour codes.
  for (const [file, rows] of groups) lines.push(style.underline(guardTerminalText(file)), ...renderRows(rows, style), '')
  lines.push(summary(result, style))
  return guardTerminalText(`${lines.join('\n')}\n`)
}

function toRow(finding: Finding): Row {
  const { address, constructPath } = finding.location
  let resource = ''
  if (address !== undefined && constructPath !== undefined) resource = `[${address} (${constructPath})]`
  else if (address !== undefined || constructPath !== undefined) resource = `[${address ?? constructPath}]`
  return {
    line: String(finding.location.range.line),
    column: String(finding.location.range.column),
    level: finding.level,
    message: escapeTerminal(finding.message),
    resource: escapeTerminal(resource),
    ruleId: escapeTerminal(finding.ruleId),
  }
}

function renderRows(rows: Row[], style: Style): string[] {
  const lineWidth = maxWidth(rows.map((row) => row.line))
  const columnWidth = maxWidth(rows.map((row) => row.column))
  const levelWidth = maxWidth(rows.map((row) => row.level))
  const messageWidth = maxWidth(rows.map(messageText))
  return rows.map((row) => {
    const position = `${pad(row.line, lineWidth, 'start')}:${pad(row.column, columnWidth, 'end')}`
    const message = row.resource === '' ? row.message : `${row.message} ${style.dim(row.resource)}`
    const padding = ' '.repeat(messageWidth - width(messageText(row)))
    return [
      '  ',
      style.dim(position),
      '  ',
      style.level(row.level, pad(row.level, levelWidth, 'end')),
      '  ',
      message,
      padding,
      '  ',
      style.dim(row.ruleId),
    ].join('')
  })
}

function summary(result: ScanResult, style: Style): string {
  const shown = result.findings.filter((finding) => !finding.suppressed)
  const total = shown.length
  const suppressed = result.findings.filter((finding) => finding.suppressed?.kind === 'inSource').length
  const parts: string[] = []
  if (suppressed > 0) parts.push(`${suppressed} suppressed`)
  if (result.baseline) {
    parts.push(`${plural(result.baseline.absorbed, 'finding', 'findings')} in the baseline`)
    if (result.baseline.stale > 0) parts.push(`${plural(result.baseline.stale, 'stale baseline entry', 'stale baseline entries')}`)
  }
  const extra = parts.length ? ` ${parts.join('; ')}.` : ''
  if (total === 0) {
    const files = plural(result.filesScanned, 'file', 'files')
    const templates = plural(result.templatesScanned, 'template', 'templates')
    return style.summary(undefined, `No problems found in ${files} (${templates}).${extra}`)
  }
  const errors = countLevel(result.findings, 'error')
  const warnings = countLevel(result.findings, 'warning')
  const notes = countLevel(result.findings, 'note')
  const worst: Level = errors > 0 ? 'error' : warnings > 0 ? 'warning' : 'note'
  const counts = [plural(errors, 'error', 'errors'), plural(warnings, 'warning', 'warnings'), plural(notes, 'note', 'notes')]
  return style.summary(worst, `✖ ${plural(total, 'problem', 'problems')} (${counts.join(', ')})${extra}`)
}

function messageText(row: Row): string {
  return row.resource === '' ? row.message : `${row.message} ${row.resource}`
}

/** Width in code points, so an emoji or accented letter counts once. */
function width(text: string): number {
  return [...text].length
}

function maxWidth(texts: string[]): number {
  return texts.reduce((max, text) => Math.max(max, width(text)), 0)
}

function pad(text: string, size: number, side: 'start' | 'end'): string {
  const fill = ' '.repeat(Math.max(0, size - width(text)))
  return side === 'start' ? fill + text : text + fill
}

function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`
}
