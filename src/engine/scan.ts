import { open, readFile, stat } from 'node:fs/promises'
import path from 'node:path'
import picomatch from 'picomatch'
import { modelFromCloudFormation } from '../model/cloudformation/from-cloudformation.js'
import { withPricing } from '../model/cost.js'
import { applyDeclarations } from '../model/declarations.js'
import type { Model } from '../model/model.js'
import { isCloudFormationTemplate, looksLikeTemplateText, parseTemplateText } from '../parse/cloudformation/index.js'
import { decodeText } from '../parse/text.js'
import { BUILTIN_RULES, FILE_TOO_LARGE, PARSE_ERROR } from './builtin.js'
import { defaultConfig, type Config } from './config.js'
import { collectFiles, type Candidate } from './files.js'
import type { ScanResult } from './result.js'
import type { Rule } from './rule.js'
import { compareFindings, runRules, type RunSettings } from './run.js'
import {
  applySuppressions,
  commentSuppressions,
  documentSpans,
  metadataSuppressions,
  SUPPRESSION_RULES,
  type Suppression,
} from './suppressions.js'
import type { Finding, RuleMeta } from './types.js'

export interface ScanOptions {
  cwd?: string
  rules: readonly Rule[]
  /** Levels, options, ignores, declarations and prices; defaults when absent. */
  config?: Config
  /** `YYYY-MM-DD`, for suppression expiry; today when absent. */
  today?: string
}

export type FileOutcome =
  | { kind: 'model'; model: Model; suppressions: Suppression[] }
  | { kind: 'failed'; finding: Finding }
  | { kind: 'skipped'; notice?: string }

/** Reads one file into a model, a parse-error finding, or a quiet (or noted) skip. */
export function analyzeText(text: string, file: string, explicit: boolean, cwd = process.cwd()): FileOutcome {
  const display = displayName(file, cwd)
  if (!looksLikeTemplateText(text)) return skip(explicit, `${display} is not a CloudFormation template; skipped`)
  const parsed = parseTemplateText(text, file)
  if (!parsed.ok) {
    return {
      kind: 'failed',
      finding: {
        ruleId: PARSE_ERROR.id,
        level: PARSE_ERROR.defaultLevel,
        message: parsed.message,
        location: { file, range: parsed.range },
      },
    }
  }
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

export async function analyzeFile(candidate: Candidate, cwd: string, maxBytes = DEFAULT_MAX_FILE_BYTES): Promise<FileOutcome> {
  const { size } = await stat(candidate.file)
  if (size > maxBytes) return oversized(candidate, size, maxBytes, cwd)
  return analyzeBytes(await readFile(candidate.file), candidate.file, candidate.explicit, cwd)
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
  const megabytes = (bytes: number): string => `${Number((bytes / 1024 / 1024).toFixed(1))} MB`
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

function analyzeBytes(bytes: Uint8Array, file: string, explicit: boolean, cwd: string): FileOutcome {
  const decoded = decodeText(bytes)
  if (!decoded.ok) return { kind: 'skipped', notice: `${displayName(file, cwd)}: ${decoded.message}; skipped` }
  return analyzeText(decoded.text, file, explicit, cwd)
}

export async function loadModels(paths: string[], cwd = process.cwd()): Promise<{ models: Model[]; outcomes: FileOutcome[] }> {
  const outcomes: FileOutcome[] = []
  for (const candidate of await collectFiles(paths, cwd)) outcomes.push(await analyzeFile(candidate, cwd))
  const models = outcomes.flatMap((outcome) => (outcome.kind === 'model' ? [outcome.model] : []))
  return { models, outcomes }
}

export async function scan(paths: string[], options: ScanOptions): Promise<ScanResult> {
  const started = performance.now()
  const cwd = options.cwd ?? process.cwd()
  const config = options.config ?? defaultConfig(cwd)
  const candidates = withoutIgnored(await collectFiles(paths.length ? paths : ['.'], cwd), config)
  const outcomes: FileOutcome[] = []
  const maxBytes = config.maxFileSizeMB === undefined ? DEFAULT_MAX_FILE_BYTES : config.maxFileSizeMB * 1024 * 1024
  for (const candidate of candidates) outcomes.push(await analyzeFile(candidate, cwd, maxBytes))
  return finish(outcomes, candidates.length, options, config, started)
}

/** Scans text that is not on disk (an editor buffer on standard input) as if it were `file`. */
export function scanText(text: string, file: string, options: ScanOptions): ScanResult {
  const started = performance.now()
  const cwd = options.cwd ?? process.cwd()
  const config = options.config ?? defaultConfig(cwd)
  const outcome = analyzeBytes(Buffer.from(text, 'utf8'), path.resolve(cwd, file), true, cwd)
  return finish([outcome], 1, options, config, started)
}

function finish(outcomes: FileOutcome[], filesScanned: number, options: ScanOptions, config: Config, started: number): ScanResult {
  const run: RunSettings = {
    levels: config.levels,
    options: config.options,
    settings: { pricing: withPricing(config.pricing) },
  }
  const findings: Finding[] = []
  const notices: string[] = []
  const suppressions: Suppression[] = []
  let templates = 0
  for (const outcome of outcomes) {
    if (outcome.kind === 'failed') {
      const level = config.levels[outcome.finding.ruleId]
      if (level === 'off') continue
      if (level !== undefined) outcome.finding.level = level
      findings.push(outcome.finding)
    }
    else if (outcome.kind === 'skipped') {
      if (outcome.notice) notices.push(outcome.notice)
    } else {
      templates++
      applyDeclarations(outcome.model, config.resources)
      findings.push(...runRules(outcome.model, options.rules, run))
      suppressions.push(...outcome.suppressions)
    }
  }
  const today = options.today ?? new Date().toISOString().slice(0, 10)
  const notes = applySuppressions(findings, suppressions, today).filter((note) => config.levels[note.ruleId] !== 'off')
  for (const note of notes) {
    const level = config.levels[note.ruleId]
    if (level !== undefined && level !== 'off') note.level = level
  }
  findings.push(...notes)
  findings.sort(compareFindings)
  return {
    findings,
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
  const metas = [...BUILTIN_RULES, ...SUPPRESSION_RULES, ...rules.map((rule) => rule.meta)].filter(
    (meta) => config.levels[meta.id] !== 'off',
  )
  return metas.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
}
