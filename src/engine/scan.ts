import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { modelFromCloudFormation } from '../model/cloudformation/from-cloudformation.js'
import type { Model } from '../model/model.js'
import { isCloudFormationTemplate, looksLikeTemplateText, parseTemplateText } from '../parse/cloudformation/index.js'
import { decodeText } from '../parse/text.js'
import { BUILTIN_RULES, PARSE_ERROR } from './builtin.js'
import { collectFiles, type Candidate } from './files.js'
import type { ScanResult } from './result.js'
import type { Rule } from './rule.js'
import { compareFindings, runRules, type LevelSetting } from './run.js'
import type { Finding, RuleMeta } from './types.js'

export interface ScanOptions {
  cwd?: string
  rules: readonly Rule[]
  levels?: Readonly<Record<string, LevelSetting>>
}

export type FileOutcome =
  | { kind: 'model'; model: Model }
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
  return { kind: 'model', model: modelFromCloudFormation(file, parsed.root) }
}

function skip(explicit: boolean, notice: string): FileOutcome {
  return explicit ? { kind: 'skipped', notice } : { kind: 'skipped' }
}

function displayName(file: string, cwd: string): string {
  return path.relative(cwd, file).split(path.sep).join('/') || path.basename(file)
}

export async function analyzeFile(candidate: Candidate, cwd: string): Promise<FileOutcome> {
  const bytes = await readFile(candidate.file)
  const decoded = decodeText(bytes)
  if (!decoded.ok) return { kind: 'skipped', notice: `${displayName(candidate.file, cwd)}: ${decoded.message}; skipped` }
  return analyzeText(decoded.text, candidate.file, candidate.explicit, cwd)
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
  const candidates = await collectFiles(paths.length ? paths : ['.'], cwd)
  const findings: Finding[] = []
  const notices: string[] = []
  let templates = 0
  for (const candidate of candidates) {
    const outcome = await analyzeFile(candidate, cwd)
    if (outcome.kind === 'failed') findings.push(outcome.finding)
    else if (outcome.kind === 'skipped') {
      if (outcome.notice) notices.push(outcome.notice)
    } else {
      templates++
      findings.push(...runRules(outcome.model, options.rules, options.levels))
    }
  }
  findings.sort(compareFindings)
  return {
    findings,
    rules: rulesThatRan(options.rules, options.levels),
    filesScanned: candidates.length,
    templatesScanned: templates,
    notices,
    durationMs: performance.now() - started,
  }
}

function rulesThatRan(rules: readonly Rule[], levels: Readonly<Record<string, LevelSetting>> = {}): RuleMeta[] {
  const metas = [...BUILTIN_RULES, ...rules.map((rule) => rule.meta)].filter((meta) => levels[meta.id] !== 'off')
  return metas.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
}
