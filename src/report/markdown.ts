import path from 'node:path'
import { LEVEL_RANK } from '../core/levels.js'
import type { Finding, FlowStep, Level, ScanResult } from '../core/types.js'
import { repositoryRelative } from '../findings/paths.js'
import type { ReportOptions } from './options.js'
import { escapeMarkdown, escapeMermaid } from './escape.js'

/** Findings listed one by one; the rest are counted in the table and listed by SARIF or text. */
const TOP_FINDINGS = 20
/** Request paths drawn; a bigger diagram is unreadable and may exceed Mermaid's text limit. */
const MAX_FLOWS = 30

const LEVELS: readonly Level[] = ['error', 'warning', 'note']
const PLURAL: Record<Level, string> = { error: 'errors', warning: 'warnings', note: 'notes' }
const ICON: Record<Level, string> = { error: '🔴', warning: '🟠', note: '🔵' }

/**
 * A summary for a GitHub job summary or a pull-request comment: counts by level and by rule, the
 * most severe findings with links to their lines, and a diagram of the request paths behind them.
 */
export function renderMarkdown(result: ScanResult, options: ReportOptions): string {
  const active = result.findings.filter((finding) => finding.suppressed === undefined)
  const suppressed = result.findings.length - active.length
  const scanned = `${count(result.filesScanned, 'file', 'files')} (${count(result.templatesScanned, 'template', 'templates')})`
  const suppressedNote = suppressed > 0 ? ` ${count(suppressed, 'suppressed finding is', 'suppressed findings are')} not listed.` : ''
  const parts = ['## iac-lint']
  if (active.length === 0) {
    parts.push(`✅ No problems found in ${scanned}.${suppressedNote}`)
    return `${parts.join('\n\n')}\n`
  }
  const counts = LEVELS.map((level) => count(active.filter((finding) => finding.level === level).length, level, PLURAL[level]))
  parts.push(`**${counts.join(', ')}** in ${scanned}.${suppressedNote}`)
  parts.push(ruleTable(active, result))
  parts.push(...topFindings(active, options))
  const diagram = flowDiagram(bySeverity(active))
  if (diagram !== undefined) parts.push('### Request paths', diagram)
  return `${parts.join('\n\n')}\n`
}

/** GitHub's limit on the job summary of one step; a bigger summary is not shown at all. */
export const SUMMARY_MAX_BYTES = 1024 * 1024

/**
 * A Markdown report cut to at most `maxBytes` of UTF-8 for a job summary: whole lines from the
 * start, a code fence left open by the cut closed, and a last line that says how many listed
 * findings and how many bytes were left out. The report itself when it fits.
 */
export function fitSummary(markdown: string, maxBytes: number): string {
  const total = Buffer.byteLength(markdown)
  if (total <= maxBytes) return markdown
  const note = (rows: number, bytes: number) =>
    `\n**This summary was cut to fit GitHub's ${SUMMARY_MAX_BYTES / 1024 / 1024} MiB limit:** ${rows > 0 ? `${count(rows, 'listed finding', 'listed findings')} and ` : ''}${count(bytes, 'byte', 'bytes')} left out; every finding is in the SARIF results and in the output of \`iac-lint scan\`.\n`
  const fence = '```\n'
  // Room for the fence and the note with the largest numbers they could hold.
  const reserve = Buffer.byteLength(fence) + Buffer.byteLength(note(total, total))
  const kept: string[] = []
  let used = 0
  let open = false
  const lines = markdown.split('\n')
  for (const line of lines) {
    const size = Buffer.byteLength(line) + 1
    if (used + size > maxBytes - reserve) break
    kept.push(line)
    used += size
    if (line.startsWith('```')) open = !open
  }
  const dropped = lines.slice(kept.length)
  const rows = dropped.filter((line) => FINDING_ROW.test(line)).length
  const text = `${kept.join('\n')}\n${open ? fence : ''}${note(rows, total - used)}`
  return Buffer.byteLength(text) <= maxBytes ? text : ''
}

const FINDING_ROW = new RegExp(`^\\| (${Object.values(ICON).join('|')}) `, 'u')

function ruleTable(findings: readonly Finding[], result: ScanResult): string {
  const titles = new Map(result.rules.map((rule) => [rule.id, rule.title]))
  const byRule = new Map<string, Record<Level, number>>()
  for (const finding of findings) {
    let counts = byRule.get(finding.ruleId)
    if (!counts) byRule.set(finding.ruleId, (counts = { error: 0, warning: 0, note: 0 }))
    counts[finding.level] += 1
  }
  const rows = [...byRule].sort(
    ([idA, a], [idB, b]) => b.error - a.error || b.warning - a.warning || b.note - a.note || (idA < idB ? -1 : 1),
  )
  return [
    '| Rule | Title | Errors | Warnings | Notes |',
    '| --- | --- | ---: | ---: | ---: |',
    ...rows.map(([id, counts]) => `| ${escapeMarkdown(id)} | ${escapeMarkdown(titles.get(id) ?? '')} | ${counts.error} | ${counts.warning} | ${counts.note} |`),
  ].join('\n')
}

function topFindings(findings: readonly Finding[], options: ReportOptions): string[] {
  const shown = bySeverity(findings).slice(0, TOP_FINDINGS)
  const heading = findings.length > shown.length ? `### Top ${shown.length} findings` : '### Findings'
  const table = [
    '| Level | Where | Rule | Message |',
    '| --- | --- | --- | --- |',
    ...shown.map(
      (finding) =>
        `| ${ICON[finding.level]} ${finding.level} | ${where(finding, options)} | ${escapeMarkdown(finding.ruleId)} | ${escapeMarkdown(finding.message)} |`,
    ),
  ].join('\n')
  const rest = findings.length - shown.length
  if (rest === 0) return [heading, table]
  return [heading, table, `…and ${rest} more, listed in the SARIF results and by \`iac-lint scan\`.`]
}

function where(finding: Finding, options: ReportOptions): string {
  const root = options.repositoryRoot ?? options.cwd
  const file = repositoryRelative(path.resolve(options.cwd, finding.location.file), root)
  const { line, endLine } = finding.location.range
  const text = escapeMarkdown(`${file}:${line}`)
  const inRepository = file !== '..' && !file.startsWith('../') && !path.isAbsolute(file)
  if (options.links === undefined || !inRepository) return text
  const { repositoryUrl, commit } = options.links
  const url = `${repositoryUrl}/blob/${encodeURIComponent(commit)}/${file.split('/').map(encodeSegment).join('/')}#L${line}-L${Math.max(line, endLine)}`
  return `[${text}](${url})`
}

/** encodeURIComponent leaves `(`, `)` and a few others alone; a `)` would end the Markdown link. */
function encodeSegment(segment: string): string {
  return encodeURIComponent(segment.replace(/\p{Cs}/gu, '\uFFFD')).replace(/[!'()*]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`)
}

/** Most severe first; within a level the scan's file and line order stays. */
function bySeverity(findings: readonly Finding[]): Finding[] {
  return [...findings].sort((a, b) => LEVEL_RANK[b.level] - LEVEL_RANK[a.level])
}

/**
 * A Mermaid flowchart of the distinct request paths behind the findings. Entry and target nodes
 * are shared by label; a check belongs to the path prefix that leads to it, so the diagram never
 * draws a route from one entry to another entry's target that no finding is about.
 */
function flowDiagram(findings: readonly Finding[]): string | undefined {
  const flows = new Map<string, FlowStep[]>()
  for (const finding of findings) {
    if (!finding.flow?.length) continue
    flows.set(JSON.stringify(finding.flow.map((step) => [step.role, step.label, step.missing === true])), finding.flow)
  }
  if (flows.size === 0) return undefined
  const drawn = [...flows.values()].slice(0, MAX_FLOWS)

  const nodes = new Map<string, { id: string; step: FlowStep }>()
  const edges = new Set<string>()
  const lines = ['```mermaid', 'flowchart LR']
  const node = (key: string, step: FlowStep): string => {
    let found = nodes.get(key)
    if (!found) {
      found = { id: `n${nodes.size + 1}`, step }
      nodes.set(key, found)
      lines.push(`  ${found.id}${shape(step)}`)
    }
    return found.id
  }
  for (const flow of drawn) {
    let prefix = ''
    let from: { id: string; missing: boolean } | undefined
    for (const step of flow) {
      const key = step.role === 'target' ? `target\0${step.label}` : (prefix += `\0${step.role}\0${step.missing === true}\0${step.label}`)
      const id = node(key, step)
      // An edge into or out of a missing check is dashed, like the check itself.
      if (from) edges.add(`  ${from.id} ${from.missing || step.missing ? '-.->' : '-->'} ${id}`)
      if (step.role !== 'target') from = { id, missing: step.missing === true }
    }
  }

  lines.push(...edges)
  const missing = [...nodes.values()].filter(({ step }) => step.missing).map(({ id }) => id)
  if (missing.length > 0) {
    lines.push('  classDef missing fill:#ffebe9,stroke:#d1242f,stroke-width:2px,stroke-dasharray:5 5,color:#82071e')
    lines.push(`  class ${missing.join(',')} missing`)
  }
  lines.push('```')
  const diagram = lines.join('\n')
  const legend = 'Entry points are rounded, checks are hexagons, targets are boxes; a missing check is dashed and red.'
  const more = flows.size - drawn.length
  return more > 0 ? `${legend}\n\n${diagram}\n\n${count(more, 'more request path is', 'more request paths are')} not drawn.` : `${legend}\n\n${diagram}`
}

function shape(step: FlowStep): string {
  const label = `"${escapeMermaid(step.label)}"`
  if (step.role === 'entry') return `([${label}])`
  if (step.role === 'check') return `{{${label}}}`
  return `[${label}]`
}

function count(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`
}
