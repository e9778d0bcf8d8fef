import path from 'node:path'
import type { Finding, Level, ScanResult } from '../core/types.js'
import { repositoryRelative } from '../findings/paths.js'
import type { ReportLinks, ReportOptions } from './options.js'
import { escapeData, escapeProperty } from './escape.js'

/** GitHub shows at most this many annotations of each level from one step and drops the rest. */
const ANNOTATIONS_PER_LEVEL = 10

const COMMAND: Record<Level, string> = { error: 'error', warning: 'warning', note: 'notice' }
const PLURAL: Record<Level, string> = { error: 'errors', warning: 'warnings', note: 'notes' }
const LEVELS_BY_SEVERITY: readonly Level[] = ['error', 'warning', 'note']

/**
 * GitHub workflow commands, one annotation per finding, most severe first: GitHub keeps only the
 * first ten of each level from a step, so those should be the ones that matter, and a plain line
 * says how many more there are. Suppressed findings are not annotated.
 */
export function renderGithub(result: ScanResult, options: ReportOptions): string {
  const active = result.findings.filter((finding) => finding.suppressed === undefined)
  const root = options.repositoryRoot ?? options.cwd
  const lines: string[] = []
  const hidden: string[] = []
  for (const level of LEVELS_BY_SEVERITY) {
    const ofLevel = active.filter((finding) => finding.level === level)
    for (const finding of ofLevel.slice(0, ANNOTATIONS_PER_LEVEL)) lines.push(annotation(finding, root, options.cwd))
    const more = ofLevel.length - ANNOTATIONS_PER_LEVEL
    if (more > 0) {
      hidden.push(`iac-lint: ${more} more ${more === 1 ? level : PLURAL[level]} not shown as annotations; see the job summary or the SARIF results`)
    }
  }
  lines.push(...hidden, summary(active, result))
  return `${lines.join('\n')}\n`
}

function annotation(finding: Finding, root: string, cwd: string): string {
  const { line, column, endLine, endColumn } = finding.location.range
  const start = Math.max(1, line)
  const end = Math.max(start, endLine)
  const properties: Array<[string, string | number]> = [
    ['file', repositoryRelative(path.resolve(cwd, finding.location.file), root)],
    ['line', start],
    ['endLine', end],
  ]
  // GitHub accepts columns only on a one-line annotation; its endColumn is the last character,
  // where a range's endColumn is the column just after it.
  if (end === start) {
    const col = Math.max(1, column)
    properties.push(['col', col], ['endColumn', Math.max(col, endColumn - 1)])
  }
  properties.push(['title', `iac-lint: ${finding.ruleId}`])
  const props = properties.map(([key, value]) => `${key}=${escapeProperty(String(value))}`).join(',')
  return `::${COMMAND[finding.level]} ${props}::${escapeData(finding.message)}`
}

function summary(active: readonly Finding[], result: ScanResult): string {
  const suppressed = result.findings.length - active.length
  const suffix = suppressed > 0 ? ` (${suppressed} suppressed)` : ''
  if (active.length === 0) return `iac-lint: no problems found in ${count(result.filesScanned, 'file', 'files')}${suffix}`
  const counts = LEVELS_BY_SEVERITY.map((level) => {
    const n = active.filter((finding) => finding.level === level).length
    return count(n, level, PLURAL[level])
  })
  return `iac-lint: ${counts.join(', ')}${suffix}`
}

function count(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`
}

/**
 * Report options for a run inside GitHub Actions, from the runner's environment: line links to
 * the commit being checked, and paths relative to the checkout, which is where GitHub looks for
 * annotated files whatever folder the scan ran in. Empty outside Actions.
 */
export function githubReportOptions(env: Readonly<Record<string, string | undefined>>): {
  links?: ReportLinks
  repositoryRoot?: string
} {
  const out: { links?: ReportLinks; repositoryRoot?: string } = {}
  const { GITHUB_SERVER_URL: server, GITHUB_REPOSITORY: repository, GITHUB_SHA: commit, GITHUB_WORKSPACE: workspace } = env
  if (server && repository && commit) out.links = { repositoryUrl: `${server.replace(/\/+$/, '')}/${repository}`, commit }
  if (workspace) out.repositoryRoot = workspace
  return out
}
