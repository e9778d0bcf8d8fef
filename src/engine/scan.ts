import { open, readFile, stat } from 'node:fs/promises'
import { availableParallelism } from 'node:os'
import path from 'node:path'
import picomatch from 'picomatch'
import { modelFromCloudFormation } from '../model/cloudformation/from-cloudformation.js'
import { withPricing } from '../model/cost.js'
import { applyDeclarations } from '../model/declarations.js'
import type { Model } from '../model/model.js'
import { isCloudFormationTemplate, looksLikeTemplateText, parseTemplateText } from '../parse/cloudformation/index.js'
import { isTerraformSource } from '../parse/terraform/folder.js'
import { decodeText } from '../parse/text.js'
import { rules as builtInRules } from '../../rules/index.js'
import { BUILTIN_RULES, FILE_TOO_LARGE } from './builtin.js'
import { defaultConfig, type Config } from './config.js'
import { checkInWorkers } from './parallel.js'
import { collectFiles, UsageError, type Candidate } from './files.js'
import type { ScanResult } from './result.js'
import type { Rule } from './rule.js'
import { compareFindings, runRules, type RunSettings } from './run.js'
import {
  applySuppressions,
  commentSuppressions,
  documentSpans,
  metadataSuppressions,
  type Suppression,
} from './suppressions.js'
import {
  analysePlan,
  analyseTerraform,
  isTerraformJsonOutput,
  parseErrorFinding,
  type TerraformInputs,
  type TerraformSources,
} from './terraform.js'
import type { Finding, RuleMeta } from './types.js'

export interface ScanOptions {
  cwd?: string
  rules: readonly Rule[]
  /** Levels, options, ignores, declarations and prices; defaults when absent. */
  config?: Config
  /** `YYYY-MM-DD`, for suppression expiry; today when absent. */
  today?: string
  /** Values of Terraform root module variables, as `--var NAME=VALUE` gives them; they win over variable files. */
  terraformVars?: Record<string, string>
  /** Terraform variable files, as `--var-file` gives them (relative to `cwd`), in order: later files win. */
  terraformVarFiles?: string[]
  /**
   * Worker threads for large scans of the built-in rules: `auto` uses them when the scan is large
   * enough to gain, `off` (the default for programs; the CLI defaults to `auto`) never, a number
   * sets how many. Output is the same either way.
   */
  concurrency?: 'auto' | 'off' | number
}

/** What `loadModels` needs of the scan options. */
export type AnalysisOptions = Pick<ScanOptions, 'terraformVars' | 'terraformVarFiles'>

export type FileOutcome =
  | { kind: 'model'; model: Model; suppressions: Suppression[] }
  | { kind: 'failed'; finding: Finding }
  | { kind: 'skipped'; notice?: string }

/**
 * Reads one file into a model, a parse-error finding, or a quiet (or noted) skip. A Terraform
 * plan is recognised by its content; `terraformSources` gives its resources the location of their
 * blocks when the configuration it was made from was read too.
 */
export function analyzeText(
  text: string,
  file: string,
  explicit: boolean,
  cwd = process.cwd(),
  terraformSources?: TerraformSources,
): FileOutcome {
  const display = displayName(file, cwd)
  if (file.toLowerCase().endsWith('.json') && isTerraformJsonOutput(text)) {
    const plan = analysePlan(text, file, terraformSources)
    return 'model' in plan ? { kind: 'model', model: plan.model, suppressions: [] } : { kind: 'failed', finding: plan.finding }
  }
  if (!looksLikeTemplateText(text)) return skip(explicit, `${display} is not a CloudFormation template; skipped`)
  const parsed = parseTemplateText(text, file)
  if (!parsed.ok) return { kind: 'failed', finding: parseErrorFinding(file, parsed.message, parsed.range) }
  if (!isCloudFormationTemplate(parsed.root)) return skip(explicit, `${display} is not a CloudFormation template; skipped`)
  const suppressions = [
    ...metadataSuppressions(file, parsed.root),
    ...commentSuppressions(file, parsed.comments, documentSpans(parsed.root)),
  ]
  return { kind: 'model', model: modelFromCloudFormation(file, parsed.root), suppressions }
}

function skip(explicit: boolean, notice: string): FileOutcome {
  return explicit ? { kind: 'skipped', notice } : { kind: 'skipped' }
}

function displayName(file: string, cwd: string): string {
  return path.relative(cwd, file).split(path.sep).join('/') || path.basename(file)
}

export const DEFAULT_MAX_FILE_BYTES = 10 * 1024 * 1024

/** How much of an oversized file is read to tell whether it is a template worth a finding. */
const SNIFF_BYTES = 64 * 1024

export async function analyzeFile(
  candidate: Candidate,
  cwd: string,
  maxBytes = DEFAULT_MAX_FILE_BYTES,
  terraformSources?: TerraformSources,
): Promise<FileOutcome> {
  let bytes: Uint8Array
  try {
    const { size } = await stat(candidate.file)
    if (size > maxBytes) return await oversized(candidate, size, maxBytes, cwd)
    bytes = await readFile(candidate.file)
  } catch (error) {
    // Gone since the folder was listed, unreadable, or named in an encoding the file system cannot give back.
    const reason = (error as NodeJS.ErrnoException).code ?? 'unreadable'
    return { kind: 'skipped', notice: `${displayName(candidate.file, cwd)} cannot be read (${reason}); skipped` }
  }
  return analyzeBytes(bytes, candidate.file, candidate.explicit, cwd, terraformSources)
}

async function oversized(candidate: Candidate, size: number, maxBytes: number, cwd: string): Promise<FileOutcome> {
  const handle = await open(candidate.file)
  const head = Buffer.alloc(SNIFF_BYTES)
  try {
    await handle.read(head, 0, SNIFF_BYTES, 0)
  } finally {
    await handle.close()
  }
  const decoded = decodeText(head)
  if (!candidate.explicit && !(decoded.ok && looksLikeTemplateText(decoded.text))) return { kind: 'skipped' }
  const megabytes = (bytes: number): string =>
    bytes >= 1024 * 1024 ? `${Number((bytes / 1024 / 1024).toFixed(1))} MB` : `${Number((bytes / 1024).toFixed(1))} KB`
  return {
    kind: 'failed',
    finding: {
      ruleId: FILE_TOO_LARGE.id,
      level: FILE_TOO_LARGE.defaultLevel,
      message: `${displayName(candidate.file, cwd)} is ${megabytes(size)}, over the ${megabytes(maxBytes)} limit, so it was not analysed. Split it, ignore it, or raise maxFileSizeMB in .iac-lint.yaml.`,
      location: { file: candidate.file, range: { line: 1, column: 1, endLine: 1, endColumn: 2 } },
    },
  }
}

function analyzeBytes(bytes: Uint8Array, file: string, explicit: boolean, cwd: string, terraformSources?: TerraformSources): FileOutcome {
  const decoded = decodeText(bytes)
  if (!decoded.ok) return { kind: 'skipped', notice: `${displayName(file, cwd)}: ${decoded.message}; skipped` }
  return analyzeText(decoded.text, file, explicit, cwd, terraformSources)
}

/**
 * Every analysed unit among the candidates: templates and plans one a file, Terraform one a root
 * module. Terraform is read first, so that plans can point back at the configuration.
 */
async function analyse(candidates: Candidate[], cwd: string, maxBytes: number, options: AnalysisOptions): Promise<FileOutcome[]> {
  const { outcomes, sources, others } = await analyseTerraformFirst(candidates, options, cwd)
  for (const candidate of others) outcomes.push(await analyzeFile(candidate, cwd, maxBytes, sources))
  return outcomes
}

/**
 * Terraform is read first, so that plans can point back at the configuration; the other files
 * (templates and plans, one unit each) are returned for the caller to analyse.
 */
async function analyseTerraformFirst(
  candidates: Candidate[],
  options: AnalysisOptions,
  cwd: string,
): Promise<{ outcomes: FileOutcome[]; sources: TerraformSources; others: Candidate[] }> {
  const terraform = await analyseTerraform(
    candidates.filter((candidate) => isTerraformSource(candidate.file)),
    await terraformInputs(options, cwd),
  )
  const outcomes: FileOutcome[] = [
    ...terraform.findings.map((finding): FileOutcome => ({ kind: 'failed', finding })),
    // Suppressions apply scan-wide; the first model carries those of every Terraform file read.
    ...terraform.models.map((model, index): FileOutcome => ({ kind: 'model', model, suppressions: index === 0 ? terraform.suppressions : [] })),
    ...terraform.notices.map((notice): FileOutcome => ({ kind: 'skipped', notice })),
  ]
  return { outcomes, sources: terraform.sources, others: candidates.filter((candidate) => !isTerraformSource(candidate.file)) }
}

async function terraformInputs(options: AnalysisOptions, cwd: string): Promise<TerraformInputs> {
  const given = options.terraformVarFiles ?? []
  const varFiles = given.map((file) => path.resolve(cwd, file))
  for (const [index, file] of varFiles.entries()) {
    if (!(await stat(file).catch(() => undefined))?.isFile()) throw new UsageError(`no such variable file: ${given[index]}`)
  }
  return { vars: options.terraformVars ?? {}, varFiles }
}

export async function loadModels(
  paths: string[],
  cwd = process.cwd(),
  options: AnalysisOptions = {},
): Promise<{ models: Model[]; outcomes: FileOutcome[] }> {
  const outcomes = await analyse(await collectFiles(paths, cwd), cwd, DEFAULT_MAX_FILE_BYTES, options)
  const models = outcomes.flatMap((outcome) => (outcome.kind === 'model' ? [outcome.model] : []))
  return { models, outcomes }
}

export async function scan(paths: string[], options: ScanOptions): Promise<ScanResult> {
  const started = performance.now()
  const cwd = options.cwd ?? process.cwd()
  const config = options.config ?? defaultConfig(cwd)
  const candidates = withoutIgnored(await collectFiles(paths.length ? paths : ['.'], cwd), config)
  const maxBytes = config.maxFileSizeMB === undefined ? DEFAULT_MAX_FILE_BYTES : config.maxFileSizeMB * 1024 * 1024
  const { outcomes, sources, others } = await analyseTerraformFirst(candidates, options, cwd)
  const run = runSettings(config)
  const checked = outcomes.map((outcome) => checkOutcome(outcome, options.rules, run, config))
  const workers = workerCount(options, others.length, sources)
  if (workers > 0) {
    checked.push(...(await checkInWorkers(others, { cwd, maxBytes, config }, workers)))
  } else {
    for (const candidate of others) {
      checked.push(checkOutcome(await analyzeFile(candidate, cwd, maxBytes, sources), options.rules, run, config))
    }
  }
  return finish(checked, candidates.length, options, config, started)
}

/** Scans text that is not on disk (an editor buffer on standard input) as if it were `file`. */
export function scanText(text: string | Uint8Array, file: string, options: ScanOptions): ScanResult {
  const started = performance.now()
  const cwd = options.cwd ?? process.cwd()
  const config = options.config ?? defaultConfig(cwd)
  const bytes = typeof text === 'string' ? Buffer.from(text, 'utf8') : text
  const outcome = analyzeBytes(bytes, path.resolve(cwd, file), true, cwd)
  return finish([checkOutcome(outcome, options.rules, runSettings(config), config)], 1, options, config, started)
}

/** Below this many files a scan is over before worker threads would have started. */
const PARALLEL_MIN_FILES = 200

/**
 * Workers run the built-in rules only (a rule passed by an embedding program cannot cross a
 * thread), and plans stay on this thread when Terraform sources were read, to point back at them.
 */
function workerCount(options: ScanOptions, files: number, sources: TerraformSources): number {
  const setting = options.concurrency ?? 'off'
  if (setting === 'off' || options.rules !== builtInRules || !sources.isEmpty) return 0
  if (typeof setting === 'number') return Math.max(0, Math.min(setting, files))
  return files >= PARALLEL_MIN_FILES ? Math.min(availableParallelism(), 4) : 0
}

export function runSettings(config: Config): RunSettings {
  return { levels: config.levels, options: config.options, settings: { pricing: withPricing(config.pricing) } }
}

/** One analysed unit after its rules ran: plain data, so it can come back from a worker thread. */
export interface CheckedUnit {
  findings: Finding[]
  suppressions: Suppression[]
  notice?: string
  analysed: boolean
}

export function checkOutcome(outcome: FileOutcome, rules: readonly Rule[], run: RunSettings, config: Config): CheckedUnit {
  switch (outcome.kind) {
    case 'failed': {
      const level = config.levels[outcome.finding.ruleId]
      if (level === 'off') return { findings: [], suppressions: [], analysed: false }
      if (level !== undefined) outcome.finding.level = level
      return { findings: [outcome.finding], suppressions: [], analysed: false }
    }
    case 'skipped':
      return { findings: [], suppressions: [], analysed: false, ...(outcome.notice ? { notice: outcome.notice } : {}) }
    case 'model':
      applyDeclarations(outcome.model, config.resources)
      return { findings: runRules(outcome.model, rules, run), suppressions: outcome.suppressions, analysed: true }
  }
}

function finish(units: CheckedUnit[], filesScanned: number, options: ScanOptions, config: Config, started: number): ScanResult {
  const findings = units.flatMap((unit) => unit.findings)
  const suppressions = units.flatMap((unit) => unit.suppressions)
  const notices = units.flatMap((unit) => (unit.notice ? [unit.notice] : []))
  const templates = units.filter((unit) => unit.analysed).length
  const today = options.today ?? new Date().toISOString().slice(0, 10)
  const notes = applySuppressions(findings, suppressions, today).filter((note) => config.levels[note.ruleId] !== 'off')
  for (const note of notes) {
    const level = config.levels[note.ruleId]
    if (level !== undefined && level !== 'off') note.level = level
  }
  findings.push(...notes)
  findings.sort(compareFindings)
  // A module that two root modules call is analysed once for each: report its findings once.
  const unique = findings.filter((finding, index) => index === 0 || compareFindings(findings[index - 1]!, finding) !== 0)
  return {
    findings: unique,
    rules: rulesThatRan(options.rules, config),
    filesScanned,
    templatesScanned: templates,
    notices,
    durationMs: performance.now() - started,
  }
}

/** Drops files matching the configuration's `ignore` globs (relative to the configuration's folder). */
function withoutIgnored(candidates: Candidate[], config: Config): Candidate[] {
  if (config.ignore.length === 0) return candidates
  const isIgnored = picomatch(config.ignore, { dot: true })
  return candidates.filter((candidate) => {
    const relative = path.relative(config.baseDir, candidate.file).split(path.sep).join('/')
    return candidate.explicit || !isIgnored(relative)
  })
}

function rulesThatRan(rules: readonly Rule[], config: Config): RuleMeta[] {
  const metas = [...BUILTIN_RULES, ...rules.map((rule) => rule.meta)].filter(
    (meta) => config.levels[meta.id] !== 'off',
  )
  return metas.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
}
