import path from 'node:path'
import { pathToFileURL } from 'node:url'
import type { Finding, Level, Location, Range, RuleMeta, ScanResult } from '../core/types.js'
import { fingerprint } from '../findings/fingerprint.js'
import { LEVEL_RANK } from '../core/levels.js'
import { repositoryRelative } from '../findings/paths.js'
import type { ReportOptions } from './options.js'

/** GitHub code scanning rejects longer rule short descriptions. */
const SHORT_DESCRIPTION_LIMIT = 1024

/**
 * GitHub code scanning's limits (docs/github.md cites them): it rejects a run with more results,
 * keeps only this many locations of a result, and this many tags of a rule.
 */
export const SARIF_MAX_RESULTS = 25_000
export const SARIF_MAX_RELATED_LOCATIONS = 100
const SARIF_MAX_TAGS = 10
export const DEFAULT_SARIF_CATEGORY = 'iac-lint'

const SRCROOT = '%SRCROOT%'
/** v2: the fingerprint leaves out the numbers of a message (v1 hashed the message as written). */
const FINGERPRINT_KEY = 'iacLint/v2'

/* The subset of SARIF 2.1.0 this reporter writes; names follow the specification. */

interface SarifRegion {
  startLine: number
  startColumn: number
  endLine: number
  endColumn: number
}

interface SarifLocation {
  id?: number
  physicalLocation: {
    artifactLocation: { uri: string; uriBaseId?: string }
    region: SarifRegion
  }
  logicalLocations?: Array<{ fullyQualifiedName: string; kind: 'resource' }>
  message?: { text: string }
  properties?: Record<string, unknown>
}

interface SarifRule {
  id: string
  name: string
  shortDescription: { text: string }
  fullDescription: { text: string }
  help: { text: string; markdown: string }
  helpUri?: string
  defaultConfiguration: { level: Level }
  properties: { tags: string[]; 'security-severity'?: string }
}

interface SarifResult {
  ruleId: string
  ruleIndex?: number
  level: Level
  message: { text: string }
  locations: SarifLocation[]
  relatedLocations?: SarifLocation[]
  partialFingerprints: Record<string, string>
  baselineState?: 'new' | 'unchanged'
  suppressions?: Array<{ kind: 'inSource' | 'external'; justification: string }>
  properties?: Record<string, unknown>
}

interface SarifDriver {
  name: 'iac-lint'
  version: string
  semanticVersion: string
  informationUri?: string
  rules: SarifRule[]
}

interface SarifNotification {
  level: 'warning' | 'note'
  message: { text: string }
}

interface SarifRun {
  tool: { driver: SarifDriver }
  automationDetails: { id: string }
  invocations: Array<{ executionSuccessful: boolean; toolExecutionNotifications?: SarifNotification[] }>
  originalUriBaseIds: Record<string, { uri: string }>
  columnKind: 'utf16CodeUnits'
  results: SarifResult[]
}

export interface SarifLog {
  $schema: string
  version: '2.1.0'
  runs: [SarifRun]
}

/** What the SARIF log leaves out of a scan's findings, and why. */
export interface SarifSelection {
  results: Finding[]
  /** Suppressed in the source or by the baseline, and not asked for. */
  suppressed: number
  /** Past GitHub's limit of results per run: the least severe. */
  overLimit: number
}

/**
 * The findings that become results: suppressed and baselined ones only when asked for (GitHub
 * ignores `suppressions` and would open an alert for each), and at most GitHub's limit per run,
 * the most severe kept (level, then security severity), in the scan's order.
 */
export function sarifSelection(result: ScanResult, includeSuppressed = false): SarifSelection {
  const wanted = includeSuppressed ? result.findings : result.findings.filter((finding) => !finding.suppressed)
  const suppressed = result.findings.length - wanted.length
  if (wanted.length <= SARIF_MAX_RESULTS) return { results: wanted, suppressed, overLimit: 0 }
  const severity = new Map(result.rules.map((rule) => [rule.id, rule.securitySeverity ?? 0]))
  const ranked = wanted.map((finding, index) => ({ finding, index }))
  ranked.sort(
    (a, b) =>
      LEVEL_RANK[b.finding.level] - LEVEL_RANK[a.finding.level] ||
      Number(Boolean(a.finding.suppressed)) - Number(Boolean(b.finding.suppressed)) ||
      (severity.get(b.finding.ruleId) ?? 0) - (severity.get(a.finding.ruleId) ?? 0) ||
      a.index - b.index,
  )
  const kept = ranked.slice(0, SARIF_MAX_RESULTS).sort((a, b) => a.index - b.index)
  return { results: kept.map(({ finding }) => finding), suppressed, overLimit: wanted.length - SARIF_MAX_RESULTS }
}

/** One line per thing the SARIF log left out that a user would not expect, for standard error. */
export function sarifNotices(selection: SarifSelection): string[] {
  return selection.overLimit > 0 ? [overLimitText(selection.overLimit)] : []
}

function overLimitText(count: number): string {
  return `SARIF: ${count.toLocaleString('en-US')} least severe findings left out; GitHub code scanning rejects a run with more than ${SARIF_MAX_RESULTS.toLocaleString('en-US')} results (the other formats have them all)`
}

/** SARIF 2.1.0 log with one run, shaped for GitHub code scanning. */
export function renderSarif(result: ScanResult, options: ReportOptions): string {
  const ruleIndex = new Map(result.rules.map((rule, index) => [rule.id, index]))
  const selection = sarifSelection(result, options.sarif?.includeSuppressed === true)
  const notifications: SarifNotification[] = []
  if (selection.overLimit > 0) notifications.push({ level: 'warning', message: { text: overLimitText(selection.overLimit) } })
  if (selection.suppressed > 0) {
    notifications.push({
      level: 'note',
      message: { text: `${selection.suppressed} suppressed or baselined findings left out, so that they open no alerts (--sarif-include-suppressed keeps them)` },
    })
  }
  const context: ResultContext = { cwd: options.cwd, baselined: result.baseline !== undefined, lineHashes: options.sarif?.lineHashes }
  const results = selection.results.map((finding) => sarifResult(finding, ruleIndex.get(finding.ruleId), context))
  const relatedLeftOut = results.reduce((sum, entry) => sum + Number(entry.properties?.relatedLocationsLeftOut ?? 0), 0)
  if (relatedLeftOut > 0) {
    notifications.push({
      level: 'note',
      message: { text: `${relatedLeftOut} related locations left out: GitHub code scanning keeps at most ${SARIF_MAX_RELATED_LOCATIONS} locations of a result` },
    })
  }
  const driver: SarifDriver = {
    name: 'iac-lint',
    version: options.toolVersion,
    semanticVersion: options.toolVersion,
    ...(options.informationUri === undefined ? {} : { informationUri: options.informationUri }),
    rules: result.rules.map((rule) => sarifRule(rule, options.sarif?.helpPages?.get(rule.id))),
  }

  const log: SarifLog = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver },
        automationDetails: { id: automationId(options.sarif?.category) },
        invocations: [{ executionSuccessful: true, ...(notifications.length > 0 ? { toolExecutionNotifications: notifications } : {}) }],
        originalUriBaseIds: { [SRCROOT]: { uri: directoryUri(options.cwd) } },
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  }
  return `${JSON.stringify(log, null, 2)}\n`
}

/**
 * GitHub reads the category of an analysis as the id up to its last `/`; the upload action's
 * `category` input is `${category}/` too, and does not replace an id the file has.
 */
function automationId(category = DEFAULT_SARIF_CATEGORY): string {
  return category.endsWith('/') ? category : `${category}/`
}

/** A rule's SARIF entry; `page`, its docs page, is the help GitHub shows beside an alert. */
function sarifRule(rule: RuleMeta, page: string | undefined): SarifRule {
  const tags = new Set(['iac-lint', rule.category])
  // GitHub only shows a security severity for rules tagged "security".
  if (rule.category === 'security' || rule.securitySeverity !== undefined) tags.add('security')
  for (const framework of rule.frameworks) tags.add(framework)
  for (const cwe of rule.cwe ?? []) tags.add(`external/cwe/cwe-${cwe}`)
  const helpUri = rule.references[0]

  const out: SarifRule = {
    id: rule.id,
    name: pascalCase(rule.id),
    shortDescription: { text: truncate(rule.title, SHORT_DESCRIPTION_LIMIT) },
    fullDescription: { text: rule.whatItDoes },
    help: { text: helpText(rule), markdown: page ?? helpMarkdown(rule) },
    ...(helpUri !== undefined && URL.canParse(helpUri) ? { helpUri } : {}),
    defaultConfiguration: { level: rule.defaultLevel },
    properties: { tags: [...tags].slice(0, SARIF_MAX_TAGS) },
  }
  if (rule.securitySeverity !== undefined) out.properties['security-severity'] = rule.securitySeverity.toFixed(1)
  return out
}

function helpSections(rule: RuleMeta): Array<[heading: string, body: string]> {
  const sections: Array<[string, string]> = [
    ['What it does', rule.whatItDoes],
    ['Why is this bad?', rule.whyBad],
    ['How to fix', rule.fix],
  ]
  return sections.filter(([, body]) => body.trim() !== '')
}

function helpText(rule: RuleMeta): string {
  const parts = helpSections(rule).map(([heading, body]) => `${heading}\n${body}`)
  if (rule.references.length > 0) parts.push(`References\n${rule.references.map((ref) => `- ${ref}`).join('\n')}`)
  return parts.join('\n\n')
}

function helpMarkdown(rule: RuleMeta): string {
  const parts = helpSections(rule).map(([heading, body]) => `## ${heading}\n\n${body}`)
  if (rule.references.length > 0) {
    parts.push(`## References\n\n${rule.references.map((ref) => `- <${ref}>`).join('\n')}`)
  }
  return parts.join('\n\n')
}

interface ResultContext {
  cwd: string
  /** A baseline was applied: each result says whether it is new. */
  baselined: boolean
  lineHashes: ReadonlyMap<string, ReadonlyMap<number, string>> | undefined
}

function sarifResult(finding: Finding, ruleIndex: number | undefined, context: ResultContext): SarifResult {
  const { cwd } = context
  const primary = sarifLocation(finding.location, cwd)
  const lineHash = context.lineHashes?.get(finding.location.file)?.get(primary.physicalLocation.region.startLine)
  const out: SarifResult = {
    ruleId: finding.ruleId,
    ...(ruleIndex === undefined ? {} : { ruleIndex }),
    level: finding.level,
    message: { text: finding.message },
    locations: [primary],
    partialFingerprints: { [FINGERPRINT_KEY]: fingerprint(finding, cwd), ...(lineHash === undefined ? {} : { primaryLocationLineHash: lineHash }) },
  }
  const related = finding.related ?? []
  if (related.length > 0) {
    out.relatedLocations = related.slice(0, SARIF_MAX_RELATED_LOCATIONS).map((entry, index) => ({
      id: index + 1,
      ...sarifLocation(entry, cwd),
      message: { text: entry.message },
    }))
  }
  if (context.baselined) out.baselineState = finding.suppressed?.kind === 'external' ? 'unchanged' : 'new'
  if (finding.suppressed) {
    out.suppressions = [{ kind: finding.suppressed.kind, justification: finding.suppressed.justification }]
  }
  const properties = { ...finding.properties }
  if (related.length > SARIF_MAX_RELATED_LOCATIONS) properties.relatedLocationsLeftOut = related.length - SARIF_MAX_RELATED_LOCATIONS
  if (finding.location.constructPath !== undefined) properties.constructPath = finding.location.constructPath
  if (Object.keys(properties).length > 0) out.properties = properties
  return out
}

function sarifLocation(location: Location, cwd: string): SarifLocation {
  const out: SarifLocation = {
    physicalLocation: { artifactLocation: artifactLocation(location.file, cwd), region: region(location.range) },
  }
  if (location.address !== undefined) {
    out.logicalLocations = [{ fullyQualifiedName: location.address, kind: 'resource' }]
  }
  return out
}

/**
 * A URI relative to %SRCROOT% (the scan's cwd), as GitHub needs to place the alert in the
 * repository; a file outside cwd has no such form and gets an absolute `file:` URI instead.
 */
function artifactLocation(file: string, cwd: string): { uri: string; uriBaseId?: string } {
  const relative = repositoryRelative(file, cwd)
  if (relative === '..' || relative.startsWith('../') || path.isAbsolute(relative)) {
    return { uri: pathToFileURL(path.resolve(cwd, file)).href }
  }
  return { uri: relative.split('/').map(encodeSegment).join('/'), uriBaseId: SRCROOT }
}

/**
 * encodeURIComponent leaves only unreserved characters and `!*'()`, all valid in a path segment;
 * `:` is encoded too, which keeps a first segment like `c:x` from reading as a URI scheme. A lone
 * surrogate (possible in Windows file names) would make it throw, so it becomes U+FFFD first.
 */
function encodeSegment(segment: string): string {
  return encodeURIComponent(segment.replace(/\p{Cs}/gu, '\uFFFD'))
}

function directoryUri(directory: string): string {
  const href = pathToFileURL(path.resolve(directory)).href
  return href.endsWith('/') ? href : `${href}/`
}

/** SARIF regions are 1-based and must not be empty or inverted. */
function region(range: Range): SarifRegion {
  const startLine = atLeastOne(range.line)
  const startColumn = atLeastOne(range.column)
  const endLine = Math.max(startLine, atLeastOne(range.endLine))
  let endColumn = atLeastOne(range.endColumn)
  if (endLine === startLine && endColumn <= startColumn) endColumn = startColumn + 1
  return { startLine, startColumn, endLine, endColumn }
}

function atLeastOne(value: number): number {
  return Number.isFinite(value) ? Math.max(1, Math.trunc(value)) : 1
}

function pascalCase(id: string): string {
  return id
    .split(/[^A-Za-z0-9]+/)
    .filter((part) => part !== '')
    .map((part) => part[0]!.toUpperCase() + part.slice(1))
    .join('')
}

/** Shortens to at most `limit` UTF-16 code units, ending in an ellipsis and never splitting a surrogate pair. */
function truncate(text: string, limit: number): string {
  if (text.length <= limit) return text
  let end = limit - 1
  const last = text.charCodeAt(end - 1)
  if (last >= 0xd800 && last <= 0xdbff) end -= 1
  return `${text.slice(0, end)}…`
}
