/**
 * The views of a diff: text for a terminal (resources, then request paths, then findings), JSON
 * for programs, Markdown for a pull-request comment (with a Mermaid diagram of the changed
 * paths), and SARIF with the introduced findings only (the scan's SARIF reporter).
 */
import { LEVEL_RANK } from '../core/levels.js'
import type { Finding, FlowStep, Level } from '../core/types.js'
import { repositoryRelative } from '../findings/paths.js'
import { escapeMarkdown, escapeMermaid, terminalLine } from '../report/escape.js'
import { jsonFinding } from '../report/json.js'
import { renderSarif } from '../report/sarif.js'
import type { SarifOptions } from '../report/options.js'
import type { DiffResult } from './diff.js'
import type { PathChange } from './model-delta.js'

export const DIFF_FORMATS = ['text', 'json', 'markdown', 'sarif'] as const
export type DiffFormat = (typeof DIFF_FORMATS)[number]

export interface DiffRenderOptions {
  cwd: string
  toolVersion: string
  sarif?: SarifOptions
}

const MARK = { added: '+', removed: '-', modified: '~' } as const
/** Longest property value shown in text and Markdown; JSON has them whole. */
const VALUE_MAX = 160
/** Changed paths drawn in the Markdown diagram. */
const MAX_DRAWN = 20

export function renderDiff(format: DiffFormat, result: DiffResult, options: DiffRenderOptions): string {
  switch (format) {
    case 'text':
      return renderDiffText(result, options)
    case 'json':
      return renderDiffJson(result, options)
    case 'markdown':
      return renderDiffMarkdown(result, options)
    case 'sarif':
      return renderSarif(
        { findings: result.introduced, rules: result.rules, filesScanned: 0, templatesScanned: 0, notices: [], durationMs: 0 },
        { cwd: options.cwd, color: false, toolVersion: options.toolVersion, ...(options.sarif ? { sarif: options.sarif } : {}) },
      )
  }
}

function shorten(text: string): string {
  return text.length > VALUE_MAX ? `${text.slice(0, VALUE_MAX - 1)}…` : text
}

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`
}

/** The resource section as plain lines (before escaping). */
function resourceLines(result: DiffResult): string[] {
  const lines: string[] = []
  const template = result.template
  if (template) {
    lines.push(`Resources (${plural(template.resources.length, 'change', 'changes')})`)
    for (const resource of template.resources) {
      const impact = resource.change === 'modified' ? ` [${resource.impact}]` : ''
      lines.push(`  ${MARK[resource.change]} ${resource.logicalId} (${resource.type})${impact}`)
      for (const property of resource.properties) {
        lines.push(`      ${property.name}: ${shorten(property.before ?? '(not set)')} → ${shorten(property.after ?? '(not set)')} [${property.impact}]`)
      }
      if (resource.attributes.length) lines.push(`      also changed: ${resource.attributes.join(', ')}`)
    }
    if (template.iam.length) {
      lines.push(`  IAM statements${template.permissionsBroadened ? ' (permissions broadened)' : ''}`)
      for (const statement of template.iam) {
        const condition = statement.condition ? ` when ${shorten(statement.condition)}` : ''
        lines.push(`    ${statement.change === 'added' ? '+' : '-'} ${statement.effect} ${statement.actions.join(', ') || '(no action)'} on ${statement.resources.join(', ') || '(no resource)'} for ${statement.principals.join(', ') || '(no principal)'}${condition}`)
      }
    }
    if (template.securityGroups.length) {
      lines.push(`  Security group rules${template.permissionsBroadened && template.iam.length === 0 ? ' (permissions broadened)' : ''}`)
      for (const rule of template.securityGroups) {
        lines.push(`    ${rule.change === 'added' ? '+' : '-'} ${rule.direction} ${rule.group}: ${rule.protocol} ${rule.direction === 'ingress' ? 'from' : 'to'} ${rule.peer}`)
      }
    }
    if (template.sections.length) lines.push(`  Other sections changed: ${template.sections.join(', ')}`)
    return lines
  }
  lines.push(`Resources (${plural(result.resources.length, 'change', 'changes')})`)
  for (const resource of result.resources) {
    lines.push(`  ${MARK[resource.change]} ${resource.address} (${resource.kinds.join(', ')})  [${resource.origin}]`)
    if (resource.facts.length) lines.push(`      changed: ${resource.facts.join(', ')}`)
  }
  return lines
}

function pathLines(result: DiffResult): string[] {
  const lines = [`Request paths (${plural(result.paths.length, 'change', 'changes')})`]
  for (const change of result.paths) {
    lines.push(`  ${MARK[change.change]} ${change.entry}  [${change.origin}]${change.weakened ? '  (weakened)' : ''}`)
    for (const detail of change.details) lines.push(`      ${detail}`)
  }
  return lines
}

function findingLine(sign: string, finding: Finding, cwd: string): string {
  const { line, column } = finding.location.range
  const at = finding.location.address ? ` (${finding.location.address})` : ''
  return `  ${sign} ${finding.level.padEnd(7)} ${repositoryRelative(finding.location.file, cwd)}:${line}:${column}  ${finding.ruleId}  ${finding.message}${at}`
}

export function renderDiffText(result: DiffResult, options: DiffRenderOptions): string {
  const lines = [`iac-lint diff ${result.before} → ${result.after}`, '', ...resourceLines(result), '', ...pathLines(result), '']
  lines.push(`Findings (${result.introduced.length} introduced, ${result.resolved.length} resolved)`)
  for (const finding of result.introduced) lines.push(findingLine('+', finding, options.cwd))
  for (const finding of result.resolved) lines.push(findingLine('-', finding, options.cwd))
  return `${lines.map(terminalLine).join('\n')}\n`
}

export function renderDiffJson(result: DiffResult, options: DiffRenderOptions): string {
  const report = {
    version: 1,
    tool: { name: 'iac-lint', version: options.toolVersion },
    before: result.before,
    after: result.after,
    ...(result.template ? { template: result.template } : {}),
    resources: result.resources,
    paths: result.paths.map(({ change, origin, entry, address, details, weakened, flow }) => ({ change, origin, entry, address, details, weakened, flow })),
    introduced: result.introduced.map((finding) => jsonFinding(finding, options.cwd)),
    resolved: result.resolved.map((finding) => jsonFinding(finding, options.cwd)),
  }
  return `${JSON.stringify(report, null, 2)}\n`
}

const ICON: Record<Level, string> = { error: '🔴', warning: '🟠', note: '🔵' }

function findingTable(findings: readonly Finding[], cwd: string): string {
  const sorted = [...findings].sort((a, b) => LEVEL_RANK[b.level] - LEVEL_RANK[a.level])
  const rows = sorted.map((finding) => {
    const where = `${repositoryRelative(finding.location.file, cwd)}:${finding.location.range.line}`
    return `| ${ICON[finding.level]} ${finding.level} | ${escapeMarkdown(where)} | ${escapeMarkdown(finding.ruleId)} | ${escapeMarkdown(finding.message)} |`
  })
  return ['| Level | Location | Rule | Message |', '| --- | --- | --- | --- |', ...rows].join('\n')
}

export function renderDiffMarkdown(result: DiffResult, options: DiffRenderOptions): string {
  const resources = result.template?.resources.length ?? result.resources.length
  const parts = ['## iac-lint diff']
  const counts = [
    `**${plural(result.introduced.length, 'new finding', 'new findings')}**`,
    `${result.resolved.length} resolved`,
    plural(resources, 'resource changed', 'resources changed'),
    plural(result.paths.length, 'request path changed', 'request paths changed'),
  ]
  parts.push(`${escapeMarkdown(result.before)} → ${escapeMarkdown(result.after)}: ${counts.join(', ')}.`)
  if (result.introduced.length) parts.push('### New findings', findingTable(result.introduced, options.cwd))
  if (result.resolved.length) parts.push('### Resolved findings', findingTable(result.resolved, options.cwd))
  if (result.paths.length) {
    const rows = result.paths.map(
      (change) =>
        `| ${MARK[change.change] === '~' ? 'changed' : change.change}${change.weakened ? ' ⚠️' : ''} | ${escapeMarkdown(change.entry)} | ${escapeMarkdown(change.details.join('; ') || '—')} |`,
    )
    parts.push('### Request paths', ['| Change | Entry | What changed |', '| --- | --- | --- |', ...rows].join('\n'))
    const diagram = pathDiagram(result.paths)
    if (diagram) parts.push(diagram)
  }
  const resourceRows = markdownResourceRows(result)
  if (resourceRows.length) parts.push('### Resources', resourceRows.join('\n'))
  return `${parts.join('\n\n')}\n`
}

function markdownResourceRows(result: DiffResult): string[] {
  if (result.template) {
    if (result.template.resources.length === 0) return []
    const rows = result.template.resources.map((resource) => {
      const properties = resource.properties.map((property) => `${property.name} (${property.impact})`).join(', ')
      return `| ${resource.change} | ${escapeMarkdown(resource.logicalId)} | ${escapeMarkdown(resource.type)} | ${resource.change === 'modified' ? resource.impact : '—'} | ${escapeMarkdown(properties || '—')} |`
    })
    const head = ['| Change | Resource | Type | Impact | Properties |', '| --- | --- | --- | --- | --- |', ...rows]
    const iam = result.template.iam.map(
      (statement) => `- ${statement.change === 'added' ? '➕' : '➖'} IAM ${escapeMarkdown(`${statement.effect} ${statement.actions.join(', ')} on ${statement.resources.join(', ')} for ${statement.principals.join(', ')}`)}`,
    )
    const groups = result.template.securityGroups.map(
      (rule) => `- ${rule.change === 'added' ? '➕' : '➖'} ${escapeMarkdown(`${rule.direction} ${rule.group}: ${rule.protocol} ${rule.direction === 'ingress' ? 'from' : 'to'} ${rule.peer}`)}`,
    )
    return [...head, ...(iam.length || groups.length ? ['', ...iam, ...groups] : [])]
  }
  if (result.resources.length === 0) return []
  return [
    '| Change | Resource | Elements | Changed |',
    '| --- | --- | --- | --- |',
    ...result.resources.map(
      (resource) => `| ${resource.change} | ${escapeMarkdown(resource.address)} | ${escapeMarkdown(resource.kinds.join(', '))} | ${escapeMarkdown(resource.facts.join(', ') || '—')} |`,
    ),
  ]
}

/**
 * The added and changed paths as a Mermaid flowchart: entry, checks and targets of the new
 * version, with each check the change removed drawn dashed and red where it was.
 */
function pathDiagram(changes: readonly PathChange[]): string | undefined {
  const drawn = changes.filter((change) => change.change !== 'removed').slice(0, MAX_DRAWN)
  if (drawn.length === 0) return undefined
  const lines = ['```mermaid', 'flowchart LR']
  const lost: string[] = []
  let count = 0
  const node = (step: FlowStep): string => {
    const id = `n${++count}`
    const label = `"${escapeMermaid(step.label)}"`
    lines.push(`  ${id}${step.role === 'entry' ? `([${label}])` : step.role === 'check' ? `{{${label}}}` : `[${label}]`}`)
    if (step.missing) lost.push(id)
    return id
  }
  for (const change of drawn) {
    const checks = change.flow.filter((step) => step.role === 'check')
    const steps: FlowStep[] = [
      ...change.flow.filter((step) => step.role === 'entry'),
      ...change.lostChecks.map((label): FlowStep => ({ role: 'check', label: `removed: ${label}`, missing: true })),
      ...checks,
      ...change.flow.filter((step) => step.role === 'target'),
    ]
    const ids = steps.map(node)
    for (let index = 1; index < ids.length; index++) {
      const dashed = steps[index - 1]!.missing || steps[index]!.missing
      lines.push(`  ${ids[index - 1]} ${dashed ? '-.->' : '-->'} ${ids[index]}`)
    }
  }
  if (lost.length) {
    lines.push('  classDef removed fill:#ffebe9,stroke:#d1242f,stroke-width:2px,stroke-dasharray:5 5,color:#82071e')
    lines.push(`  class ${lost.join(',')} removed`)
  }
  lines.push('```')
  const more = changes.filter((change) => change.change !== 'removed').length - drawn.length
  const legend = 'Added and changed paths as they are now; a check the change removed is dashed and red.'
  return `${legend}\n\n${lines.join('\n')}${more > 0 ? `\n\n${plural(more, 'more path is', 'more paths are')} not drawn.` : ''}`
}
