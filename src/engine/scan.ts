import { realpathSync, statSync } from 'node:fs'
import { availableParallelism } from 'node:os'
import path from 'node:path'
import type { Candidate, Finding, RuleMeta, ScanResult } from '../core/types.js'
import {
  analyseFolders,
  analyseText as analyseUnitText,
  type ExternalFileAccess,
  FolderLinks as TerraformSources,
  isTerraformSource,
  loadFrontends,
  looksLikeTemplateText,
  type FileOutcome,
  type FolderInputs as TerraformInputs,
  ParameterError,
  readParameterFile,
  type ParameterValues,
} from '../frontends/index.js'
import { repositoryRelative } from '../findings/paths.js'
import { applySuppressions } from '../findings/suppressions.js'
import { DEFAULT_LIMITS, type LimitHit, type Limits } from '../model/budget.js'
import { withPricing } from '../model/cost.js'
import { applyDeclarations } from '../model/declarations.js'
import type { Model } from '../model/model.js'
import { readRegularFile } from '../parse/read.js'
import { decodeText, LineIndex } from '../parse/text.js'
import {
  BUILTIN_RULES,
  DEFAULT_MAX_FILE_BYTES,
  EVALUATION_LIMIT,
  fileTooLargeFinding,
  internalErrorFinding,
  parseErrorFinding,
  RELATED_TERRAFORM_PLAN,
  RELATED_TERRAFORM_SOURCE,
} from '../core/builtin.js'
import { defaultConfig, type Config } from './config.js'
import { startWorkers, type WorkerJob, type WorkerResult } from './parallel.js'
import { collectFiles, UsageError } from './files.js'
import type { Rule } from './rule.js'
import { compareFindings, levelOf, runRules, type RunSettings } from './run.js'
import type { CheckedUnit } from './unit.js'

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
   * Worker threads for templates and plans (Terraform modules stay on this thread, which takes
   * batches of templates too): `auto` starts them only where they were measured to pay (at least
   * `AUTO_MIN_CORES` cores, `AUTO_MIN_FILES` files and `AUTO_MIN_BYTES` bytes; see `autoWorkers`),
   * `off` (the default for programs; the CLI defaults to `auto`) never, a number sets how many
   * besides this thread (at most one a core). Only with `rulesModule`. Output is the same either way.
   */
  concurrency?: 'auto' | 'off' | number
  /**
   * URL of a module whose `rules` export is `rules`: worker threads load the rules from it, as a
   * rule (code) cannot be sent to a thread. Without it the scan stays on this thread.
   */
  rulesModule?: string
  /** CloudFormation parameter values, as `--parameter KEY=VALUE` gives them; they win over parameter files. */
  cloudformationParameters?: Record<string, string>
  /** CloudFormation parameter files, as `--parameter-file` gives them (relative to `cwd`), in order: later files win. */
  parameterFiles?: string[]
  /** Scan files the configuration's `ignore` globs match, even when named (`--no-ignore`). */
  noIgnore?: boolean
  /**
   * Text by absolute path that a Terraform module or variable file is read from instead of the
   * disk: an editor's open buffers. Templates in memory go through `scanText`.
   */
  overlay?: ReadonlyMap<string, string>
}

/** What `loadModels` needs of the scan options. */
type AnalysisOptions = Pick<ScanOptions, 'terraformVars' | 'terraformVarFiles' | 'overlay'> & {
  limits?: Readonly<Limits>
  /** CloudFormation parameter values, files already read. */
  parameters?: ParameterValues
  maxBytes?: number
  /** What module sources may lead into (see `scanRoots`). */
  scanRoots?: readonly string[]
  /** The configuration's `ignore` globs and the folder they are relative to; none when absent. */
  ignore?: Pick<Config, 'ignore' | 'baseDir' | 'file'>
  /** Read what `ignore` matches anyway (`--no-ignore`). */
  noIgnore?: boolean
}

export type { FileOutcome }

/**
 * Reads one file into a model, a parse-error finding, or a quiet (or noted) skip. A Terraform
 * plan is recognised by its content; `terraformSources` gives its resources the location of their
 * blocks when the configuration it was made from was read too.
 */
export function analyseText(
  text: string,
  file: string,
  explicit: boolean,
  cwd = process.cwd(),
  terraformSources?: TerraformSources,
  limits: Readonly<Limits> = DEFAULT_LIMITS,
  parameters: ParameterValues = {},
  files?: ExternalFileAccess,
): FileOutcome {
  try {
    return analyseTextUnguarded(text, file, explicit, cwd, terraformSources, limits, parameters, files)
  } catch (error) {
    return { kind: 'failed', finding: internalErrorFinding(file, 'analysing', error) }
  }
}

function analyseTextUnguarded(
  text: string,
  file: string,
  explicit: boolean,
  cwd: string,
  terraformSources: TerraformSources | undefined,
  limits: Readonly<Limits>,
  parameters: ParameterValues,
  files: ExternalFileAccess | undefined,
): FileOutcome {
  return analyseUnitText(text, file, explicit, displayName(file, cwd), terraformSources, limits, parameters, files)
}

const FIRST_LINE = { line: 1, column: 1, endLine: 1, endColumn: 2 }

/** The budgets a unit ran out of, as one `evaluation-limit` finding per file they were hit in. */
function evaluationLimitFindings(hits: readonly LimitHit[]): Finding[] {
  const byFile = new Map<string, LimitHit[]>()
  for (const hit of hits) byFile.set(hit.file, [...(byFile.get(hit.file) ?? []), hit])
  return [...byFile.values()].map((fileHits) => {
    const [first, ...others] = fileHits as [LimitHit, ...LimitHit[]]
    const cycle = fileHits.some((hit) => hit.kind === 'cycle')
    const way = cycle && fileHits.length === 1 ? 'Break the cycle' : cycle ? 'Break the cycle or the growth' : 'Remove the growth at this place, or raise the budget under limits in .iac-lint.yaml'
    const finding: Finding = {
      ruleId: EVALUATION_LIMIT.id,
      level: EVALUATION_LIMIT.defaultLevel,
      message: `Evaluation stopped: ${fileHits.map((hit) => hit.message).join('; ')}. Values that depend on it are unknown, so rules did not check them. ${way}.`,
      location: { file: first.file, range: first.range },
      properties: { budgets: fileHits.map((hit) => hit.kind) },
    }
    if (others.length) finding.related = others.map((hit) => ({ file: hit.file, range: hit.range, message: hit.message }))
    return finding
  })
}

function skip(explicit: boolean, notice: string): FileOutcome {
  return explicit ? { kind: 'skipped', notice } : { kind: 'skipped' }
}

function displayName(file: string, cwd: string): string {
  return repositoryRelative(file, cwd) || path.basename(file)
}

/** How much of an oversized file is read to tell whether it is a template worth a finding. */
const SNIFF_BYTES = 64 * 1024

/**
 * Reads and analyses one candidate. The file is opened without blocking and checked to be a
 * regular file on the open descriptor, so a FIFO or device put in its place is never read.
 */
function analyseFileSync(
  candidate: Candidate,
  cwd: string,
  maxBytes: number,
  terraformSources: TerraformSources | undefined,
  limits: Readonly<Limits>,
  parameters: ParameterValues,
  scanRoots: readonly string[] = [],
): FileOutcome {
  if (candidate.unreadable) return { kind: 'failed', finding: parseErrorFinding(candidate.file, candidate.unreadable, FIRST_LINE) }
  let bytes: Uint8Array
  try {
    const read = readRegularFile(candidate.file, maxBytes, SNIFF_BYTES)
    if (read.kind === 'special' || read.kind === 'folder') return skip(candidate.explicit, `${displayName(candidate.file, cwd)} is not a regular file; not read`)
    if (read.kind === 'oversized') return oversized(candidate, read.size, read.head, maxBytes, cwd)
    bytes = read.bytes
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    // Gone since the folder was listed: nothing left to report.
    if (code === 'ENOENT' && !candidate.explicit) return { kind: 'skipped' }
    return { kind: 'failed', finding: parseErrorFinding(candidate.file, `the file cannot be read (${code ?? 'unreadable'})`, FIRST_LINE) }
  }
  return analyseBytes(bytes, candidate.file, candidate.explicit, cwd, terraformSources, limits, parameters, { scanRoots, maxBytes })
}

/** The head of an oversized file, for telling whether it is worth a finding. */
function oversized(candidate: Candidate, size: number, head: Uint8Array, maxBytes: number, cwd: string): FileOutcome {
  const decoded = decodeHead(head)
  if (!candidate.explicit && !looksLikeTemplateText(decoded)) return { kind: 'skipped' }
  return { kind: 'failed', finding: fileTooLargeFinding(candidate.file, displayName(candidate.file, cwd), size, maxBytes) }
}

/**
 * Text of the first bytes of a file cut at a limit: the cut may fall inside a multi-byte
 * character (or a UTF-16 pair), so the decoding is lenient.
 */
function decodeHead(head: Uint8Array): string {
  const utf16 = head.length >= 2 && ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff))
  if (!utf16) return new TextDecoder('utf-8').decode(head)
  const even = Buffer.from(head.subarray(2, head.length - (head.length % 2)))
  if (head[0] === 0xfe) even.swap16()
  return new TextDecoder('utf-16le').decode(even)
}

function analyseBytes(
  bytes: Uint8Array,
  file: string,
  explicit: boolean,
  cwd: string,
  terraformSources: TerraformSources | undefined,
  limits: Readonly<Limits>,
  parameters: ParameterValues,
  files?: ExternalFileAccess,
): FileOutcome {
  const decoded = decodeText(bytes)
  if (!decoded.ok) {
    // A binary file that happens to have a template's name is not a template; text that is not
    // UTF-8 or UTF-16 but reads like one is a template CloudFormation and Terraform would reject.
    const lossy = decodeHead(bytes.subarray(0, SNIFF_BYTES))
    if (decoded.reason === 'binary' || !(explicit || looksLikeTemplateText(lossy))) {
      return { kind: 'skipped', notice: `${displayName(file, cwd)}: ${decoded.message}; skipped` }
    }
    const bad = lossy.indexOf('\ufffd')
    const range = bad < 0 ? FIRST_LINE : new LineIndex(lossy).range(bad, bad + 1)
    return { kind: 'failed', finding: parseErrorFinding(file, `${decoded.message}; save the file as UTF-8`, range) }
  }
  return analyseText(decoded.text, file, explicit, cwd, terraformSources, limits, parameters, files)
}

/**
 * Every analysed unit among the candidates: templates and plans one a file, Terraform one a root
 * module. Terraform is read first, so that plans can point back at the configuration.
 */
async function analyse(candidates: Candidate[], cwd: string, maxBytes: number, options: AnalysisOptions): Promise<FileOutcome[]> {
  const { outcomes, sources, others } = await analyseTerraformFirst(candidates, options, cwd)
  await loadFrontends(others.map((candidate) => candidate.file))
  for (const candidate of others) outcomes.push(analyseFileSync(candidate, cwd, maxBytes, sources, options.limits ?? DEFAULT_LIMITS, options.parameters ?? {}, options.scanRoots))
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
  const sourcesOf = candidates.filter((candidate) => isTerraformSource(candidate.file) && !candidate.unreadable)
  const inputs = await terraformInputs(options, cwd)
  let terraform
  try {
    terraform = await analyseFolders(sourcesOf, inputs)
  } catch (error) {
    // Isolation is per root module inside analyseTerraform; this catches what fails around it.
    const folders = [...new Map(sourcesOf.map((candidate) => [path.dirname(candidate.file), candidate.file])).values()]
    const outcomes = folders.map((file): FileOutcome => ({ kind: 'failed', finding: internalErrorFinding(file, 'reading the Terraform module of', error) }))
    return { outcomes, sources: new TerraformSources(), others: oneFileCandidates(candidates) }
  }
  const outcomes: FileOutcome[] = [
    ...terraform.findings.map((finding): FileOutcome => ({ kind: 'failed', finding })),
    // Suppressions apply scan-wide; the first model carries those of every Terraform file read.
    ...terraform.models.map((model, index): FileOutcome => ({ kind: 'model', model, suppressions: index === 0 ? terraform.suppressions : [] })),
    ...terraform.notices.map((notice): FileOutcome => ({ kind: 'skipped', notice })),
  ]
  return { outcomes, sources: terraform.sources, others: oneFileCandidates(candidates) }
}

async function terraformInputs(options: AnalysisOptions, cwd: string): Promise<TerraformInputs> {
  const given = options.terraformVarFiles ?? []
  const varFiles = given.map((file) => path.resolve(cwd, file))
  for (const [index, file] of varFiles.entries()) {
    if (!isRegularFile(file)) throw new UsageError(`no such variable file: ${given[index]}`)
  }
  return {
    vars: options.terraformVars ?? {},
    varFiles,
    limits: options.limits ?? DEFAULT_LIMITS,
    maxBytes: options.maxBytes ?? DEFAULT_MAX_FILE_BYTES,
    ...(options.scanRoots ? { scanRoots: options.scanRoots } : {}),
    ...(options.overlay ? { overlay: options.overlay } : {}),
  }
}

function isRegularFile(file: string): boolean {
  try {
    return statSync(file).isFile()
  } catch {
    return false
  }
}

/**
 * The folders a scan may read modules from: each folder named, and for a file named, the
 * working folder when the file is inside it (pre-commit names files from the repository root,
 * and their modules live elsewhere in the repository), else the file's own folder.
 */
function scanRoots(paths: readonly string[], cwd: string): string[] {
  const roots = new Set<string>()
  const inside = (file: string): boolean => {
    const relative = path.relative(cwd, file)
    return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative)
  }
  for (const given of paths) {
    const absolute = path.resolve(cwd, given)
    let real: string
    try {
      real = realpathSync(absolute)
    } catch {
      continue
    }
    if (statSync(real).isDirectory()) roots.add(real)
    else roots.add(inside(absolute) ? realpathSync(cwd) : path.dirname(real))
  }
  return [...roots]
}

/**
 * The models of the files under `paths`, as the scan reads them: the `ignore` globs apply (to
 * files named too, each with a notice, unless `noIgnore`).
 */
export async function loadModels(
  paths: string[],
  cwd = process.cwd(),
  options: AnalysisOptions = {},
): Promise<{ models: Model[]; outcomes: FileOutcome[]; notices: string[] }> {
  const { kept, notices } = options.ignore ? await withoutIgnored(await collectFiles(paths, cwd), options.ignore, cwd, options.noIgnore === true) : { kept: await collectFiles(paths, cwd), notices: [] }
  const outcomes = await analyse(kept, cwd, options.maxBytes ?? DEFAULT_MAX_FILE_BYTES, { ...options, scanRoots: scanRoots(paths, cwd) })
  const models = outcomes.flatMap((outcome) => (outcome.kind === 'model' ? [outcome.model] : []))
  return { models, outcomes, notices }
}

export async function scan(paths: string[], options: ScanOptions): Promise<ScanResult> {
  return scanUnits(paths, options, undefined)
}

/**
 * The scan, handing back the models its rules ran on as well (the front-door advisor reads both):
 * the same files, configuration, declarations and findings, all on this thread, as a model cannot
 * cross to a worker.
 */
export async function scanWithModels(paths: string[], options: ScanOptions): Promise<{ result: ScanResult; models: Model[] }> {
  const models: Model[] = []
  const result = await scanUnits(paths, { ...options, concurrency: 'off' }, models)
  return { result, models }
}

async function scanUnits(paths: string[], options: ScanOptions, models: Model[] | undefined): Promise<ScanResult> {
  const started = now()
  const cwd = options.cwd ?? process.cwd()
  const config = options.config ?? defaultConfig(cwd)
  const given = paths.length ? paths : ['.']
  const { kept: candidates, notices: ignored } = await withoutIgnored(await collectFiles(given, cwd), config, cwd, options.noIgnore === true)
  const maxBytes = maxBytesOf(config)
  const parameters = parameterValues(options, cwd)
  const analysis = { ...options, limits: config.limits, maxBytes, scanRoots: scanRoots(given, cwd), parameters }
  const run = runSettings(config)
  const units = oneFileCandidates(candidates)
  const workers = workerCount(options, availableParallelism(), units)
  const plansHere = candidates.some((candidate) => isTerraformSource(candidate.file) && !candidate.unreadable)
  // Started before the Terraform modules are read, so that the workers load while this thread reads them.
  const queue =
    workers > 0
      ? // workerCount is 0 without a rules module.
        startWorkers(units, { cwd, maxBytes, config, parameters, rulesModule: options.rulesModule!, scanRoots: analysis.scanRoots, plansHere }, workers)
      : undefined
  const { outcomes, sources, others } = await analyseTerraformFirst(candidates, analysis, cwd)
  const checked = outcomes.map((outcome) => checkOutcome(outcome, options.rules, run, config, models))
  await loadFrontends(others.map((candidate) => candidate.file))
  const checkHere = (candidate: Candidate): CheckedUnit => checkCandidate(candidate, cwd, maxBytes, sources, options.rules, run, config, parameters, analysis.scanRoots, models)
  if (queue) checked.push(...(await queue.finish(checkHere)))
  else for (const candidate of others) checked.push(checkHere(candidate))
  for (const notice of ignored) checked.push({ findings: [], suppressions: [], analysed: false, notice })
  return finish(checked, candidates.length, options, config, started)
}

/** `--parameter-file` files in order, then `--parameter` values: the later wins. A file that cannot be read is a usage error. */
export function parameterValues(options: Pick<ScanOptions, 'cloudformationParameters' | 'parameterFiles'>, cwd: string): ParameterValues {
  const values: Record<string, string> = Object.create(null) as Record<string, string>
  try {
    for (const file of options.parameterFiles ?? []) Object.assign(values, readParameterFile(path.resolve(cwd, file), file))
  } catch (error) {
    if (error instanceof ParameterError) throw new UsageError(error.message)
    throw error
  }
  return Object.assign(values, options.cloudformationParameters ?? {})
}

export function maxBytesOf(config: Config): number {
  return config.maxFileSizeMB === undefined ? DEFAULT_MAX_FILE_BYTES : config.maxFileSizeMB * 1024 * 1024
}

/** One file read, analysed and checked; whatever fails inside stays this file's finding. */
export function checkCandidate(
  candidate: Candidate,
  cwd: string,
  maxBytes: number,
  sources: TerraformSources | undefined,
  rules: readonly Rule[],
  run: RunSettings,
  config: Config,
  parameters: ParameterValues = {},
  scanRoots: readonly string[] = [],
  models?: Model[],
): CheckedUnit {
  try {
    return checkOutcome(analyseFileSync(candidate, cwd, maxBytes, sources, config.limits, parameters, scanRoots), rules, run, config, models)
  } catch (error) {
    return checkOutcome({ kind: 'failed', finding: internalErrorFinding(candidate.file, 'analysing', error) }, rules, run, config)
  }
}

/**
 * `checkCandidate` on a worker thread, which has no Terraform sources: with `plansHere`, a plan
 * is handed back to the scan's thread, which has them, instead of being checked without its links.
 */
export function checkCandidateInWorker(candidate: Candidate, job: WorkerJob, rules: readonly Rule[], run: RunSettings): WorkerResult {
  try {
    const outcome = analyseFileSync(candidate, job.cwd, job.maxBytes, undefined, job.config.limits, job.parameters, job.scanRoots)
    // A text unit read as Terraform is a plan.
    if (job.plansHere && outcome.kind === 'model' && outcome.model.framework === 'terraform') return 'deferred'
    return checkOutcome(outcome, rules, run, job.config)
  } catch (error) {
    return checkOutcome({ kind: 'failed', finding: internalErrorFinding(candidate.file, 'analysing', error) }, rules, run, job.config)
  }
}

export { loadFrontends }

/**
 * Scans text that is not on disk (an editor buffer on standard input) as if it were `file`.
 * JSON text may be a Terraform plan: `await loadFrontends([file])` first (without it such text
 * is an internal-error finding that says so).
 */
export function scanText(text: string | Uint8Array, file: string, options: ScanOptions): ScanResult {
  const started = now()
  const cwd = options.cwd ?? process.cwd()
  const config = options.config ?? defaultConfig(cwd)
  const bytes = typeof text === 'string' ? Buffer.from(text, 'utf8') : text
  const absolute = path.resolve(cwd, file)
  const maxBytes = maxBytesOf(config)
  const outcome =
    bytes.length > maxBytes
      ? oversized({ file: absolute, explicit: true }, bytes.length, bytes.subarray(0, SNIFF_BYTES), maxBytes, cwd)
      : analyseBytes(bytes, absolute, true, cwd, undefined, config.limits, parameterValues(options, cwd), { scanRoots: [], maxBytes })
  return finish([checkOutcome(outcome, options.rules, runSettings(config), config)], 1, options, config, started)
}

/** Milliseconds for `durationMs`, without `performance`, whose module a scan would load only for this. */
function now(): number {
  return Number(process.hrtime.bigint()) / 1e6
}

/** The units read one file each (templates and plans); Terraform sources are read as modules. */
function oneFileCandidates(candidates: readonly Candidate[]): Candidate[] {
  return candidates.filter((candidate) => !isTerraformSource(candidate.file) || candidate.unreadable)
}

/** What `auto` weighs: the machine's cores and the one-file units a scan would share out. */
export interface WorkLoad {
  cores: number
  files: number
  bytes: number
}

/*
 * When `auto` starts workers. Measured on a 2-core machine with the corpus and subsets of its
 * templates (fresh processes, `scan -f json -o FILE`, the modes side by side, 5 runs each, median
 * wall time): workers never won. One worker beside this thread took 1.0-1.5x the time of a scan
 * without, from 100 templates (0.6 MB) to all 1,026 (7.9 MB) and the whole corpus with its
 * Terraform (1,466 files), and 12-28 MB more memory; two workers were slower still. A worker
 * first loads the rules and the frontends, which costs about what this thread needs for a few
 * hundred templates. More cores were not measured, so the rule is conservative: at least 4 cores,
 * and more files and bytes than the largest scan measured (where the work to share is largest).
 */
export const AUTO_MIN_CORES = 4
export const AUTO_MIN_FILES = 1000
export const AUTO_MIN_BYTES = 8 * 1024 * 1024
/** Larger machines were not measured: more threads add start-up time and memory never shown to pay. */
const AUTO_MAX_WORKERS = 3

/** How many worker threads `auto` starts for a load: none unless they pay. */
export function autoWorkers(load: WorkLoad): number {
  if (load.cores < AUTO_MIN_CORES || load.files < AUTO_MIN_FILES || load.bytes < AUTO_MIN_BYTES) return 0
  // This thread takes batches too, so one core is left for it.
  return Math.min(load.cores - 1, AUTO_MAX_WORKERS)
}

/**
 * Workers need a module to load the rules from (a rule cannot cross a thread); this thread takes
 * batches too, so a number asks for that many threads besides it.
 */
export function workerCount(options: ScanOptions, cores: number, units: readonly Candidate[]): number {
  const setting = options.concurrency ?? 'off'
  if (setting === 'off' || options.rulesModule === undefined) return 0
  // More threads than cores only add start-up time and memory.
  if (typeof setting === 'number') return Math.max(0, Math.min(setting, units.length, cores))
  // The sizes are read only when the other conditions hold: a small scan never stats its files twice.
  if (cores < AUTO_MIN_CORES || units.length < AUTO_MIN_FILES) return 0
  return autoWorkers({ cores, files: units.length, bytes: totalBytes(units) })
}

function totalBytes(candidates: readonly Candidate[]): number {
  let bytes = 0
  for (const candidate of candidates) {
    try {
      bytes += statSync(candidate.file).size
    } catch {
      // Gone or unreadable: its analysis reports it.
    }
  }
  return bytes
}

export function runSettings(config: Config): RunSettings {
  return { levels: config.levels, ruleSet: config.extends, options: config.options, settings: { pricing: withPricing(config.pricing) } }
}

/** One unit's findings; a model checked is added to `models` when given. */
function checkOutcome(outcome: FileOutcome, rules: readonly Rule[], run: RunSettings, config: Config, models?: Model[]): CheckedUnit {
  switch (outcome.kind) {
    case 'failed': {
      const level = config.levels[outcome.finding.ruleId]
      if (level === 'off') return { findings: [], suppressions: [], analysed: false }
      if (level !== undefined) outcome.finding.level = level
      return { findings: [outcome.finding], suppressions: [], analysed: false }
    }
    case 'skipped':
      return { findings: [], suppressions: [], analysed: false, ...(outcome.notice ? { notice: outcome.notice } : {}) }
    case 'model': {
      const findings: Finding[] = []
      try {
        applyDeclarations(outcome.model, config.resources)
        models?.push(outcome.model)
        findings.push(...runRules(outcome.model, rules, run))
      } catch (error) {
        findings.push(internalErrorFinding(outcome.model.origin, 'checking', error))
      }
      for (const finding of [...outcome.model.inputFindings, ...evaluationLimitFindings(outcome.model.limits)]) {
        const level = config.levels[finding.ruleId]
        if (level === 'off') continue
        if (level !== undefined) finding.level = level
        findings.push(finding)
      }
      return { findings, suppressions: outcome.suppressions, analysed: true }
    }
  }
}

function finish(units: CheckedUnit[], filesScanned: number, options: ScanOptions, config: Config, started: number): ScanResult {
  const findings = oncePerResource(units.flatMap((unit) => unit.findings))
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
    durationMs: now() - started,
  }
}

/**
 * Drops files matching the configuration's `ignore` globs (relative to the configuration's
 * folder). A file named on the command line is dropped too, as ESLint does, with a notice: a
 * pre-commit hook names the changed files, and a team's exclusions hold there as well.
 */
async function withoutIgnored(
  candidates: Candidate[],
  config: Pick<Config, 'ignore' | 'baseDir' | 'file'>,
  cwd: string,
  noIgnore: boolean,
): Promise<{ kept: Candidate[]; notices: string[] }> {
  if (config.ignore.length === 0 || noIgnore) return { kept: candidates, notices: [] }
  // Loaded only for a configuration with globs: most scans have none.
  const { default: picomatch } = await import('picomatch')
  const isIgnored = picomatch(config.ignore, { dot: true })
  const kept: Candidate[] = []
  const notices: string[] = []
  const source = config.file === undefined ? 'the configuration' : path.basename(config.file)
  for (const candidate of candidates) {
    if (!isIgnored(repositoryRelative(candidate.file, config.baseDir))) kept.push(candidate)
    else if (candidate.explicit) notices.push(`${displayName(candidate.file, cwd)} is ignored by a pattern under ignore in ${source}; not scanned (--no-ignore scans it)`)
  }
  return { kept, notices }
}

/** The notice a scan gives when the configuration's `ignore` globs leave out `file` (absolute), named; undefined when it is scanned. */
export async function ignoredNotice(file: string, config: Config, cwd: string): Promise<string | undefined> {
  return (await withoutIgnored([{ file, explicit: true }], config, cwd, false)).notices[0]
}

function rulesThatRan(rules: readonly Rule[], config: Config): RuleMeta[] {
  const metas = [...BUILTIN_RULES, ...rules.map((rule) => rule.meta)].filter((meta) => levelOf(meta, config.levels, config.extends) !== 'off')
  return metas.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
}

/**
 * A plan scanned with the configuration it was made from sees each resource twice. A finding the
 * plan and the `.tf` sources both report (same rule, same resource, the plan entry linked to that
 * block) is reported once, at the source, where the property to change is written, with the plan
 * entry related. What only the plan shows (values known after planning) stays at the plan.
 */
function oncePerResource(findings: Finding[]): Finding[] {
  const key = (ruleId: string, file: string, address: string | undefined): string => `${ruleId}\0${file}\0${address ?? ''}`
  const fromSources = new Map<string, Finding>()
  for (const finding of findings) {
    if (isTerraformSource(finding.location.file)) fromSources.set(key(finding.ruleId, finding.location.file, finding.location.address), finding)
  }
  if (fromSources.size === 0) return findings
  return findings.filter((finding) => {
    const source = finding.related?.find((related) => related.message === RELATED_TERRAFORM_SOURCE)
    const twin = source && fromSources.get(key(finding.ruleId, source.file, finding.location.address))
    if (!twin) return true
    const plan = { ...finding.location, message: RELATED_TERRAFORM_PLAN }
    delete plan.address
    delete plan.constructPath
    ;(twin.related ??= []).push(plan)
    return false
  })
}
