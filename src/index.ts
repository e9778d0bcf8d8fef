/** The public API: everything the CLI uses is here, for programs that embed iac-lint. */
import { BUNDLED } from './core/bundled.js'
import type { ScanResult } from './core/types.js'
import { rules as builtInRules } from '../rules/index.js'
import type { Rule } from './engine/rule.js'
import { analyseText, scan as scanWith, scanWithModels, type ScanOptions } from './engine/scan.js'
import { adviseFrontDoors, type FrontDoorAdvice } from './advisor/front-doors.js'
import { withPricing } from './model/cost.js'

/** The built-in rules: the one place outside rules/ that names them; the engine takes rules as a parameter. */
export const rules: readonly Rule[] = builtInRules
/** Worker threads load the built-in rules from here, as a rule (code) cannot be sent to a thread. */
const BUILT_IN_RULES_MODULE = new URL(BUNDLED ? './rules.js' : '../rules/index.js', import.meta.url).href

/** Scans files and folders; with the built-in rules, a large scan may run them in worker threads (`concurrency`). */
export function scan(paths: string[], options: ScanOptions): Promise<ScanResult> {
  const builtIn = options.rules === rules && options.rulesModule === undefined
  return scanWith(paths, builtIn ? { ...options, rulesModule: BUILT_IN_RULES_MODULE } : options)
}
export { scanText, loadModels, analyseText, loadFrontends, maxBytesOf, parameterValues, ignoredNotice, type ScanOptions, type FileOutcome } from './engine/scan.js'
export { parameterAssignment, type ParameterValues } from './frontends/index.js'
/** @deprecated The old spelling of `analyseText`, kept for programs that import it. */
export const analyzeText = analyseText
export { loadConfig, ConfigError, CONFIG_FILE_NAMES, type Config } from './engine/config.js'
export { defineRule, type Rule, type RuleContext, type ReportDescriptor } from './engine/rule.js'
export { BUILTIN_RULES } from './core/builtin.js'
export type { Finding, Level, RuleMeta, RuleOption, Location, Category, Framework, ScanResult } from './core/types.js'
export { LEVEL_RANK } from './core/levels.js'
/**
 * What happens to a result after the scan: `applyFilters(result, { baseline, quiet, cwd })` marks
 * the findings a baseline holds and keeps errors only when quiet, as `--baseline` and `--quiet` do;
 * `createBaseline` and `parseBaseline` write and read baseline files.
 */
export { applyFilters, type FilterOptions } from './findings/filter.js'
export { BaselineError, createBaseline, parseBaseline, type Baseline, type BaselineEntry, type BaselineOutcome } from './findings/baseline.js'
export { renderReport, FORMATS, isFormat, type Format, type ReportOptions } from './report/index.js'
export { Model } from './model/model.js'
export type { RequestPath } from './model/paths.js'
/** The configuration's `resources` declarations applied to a model, as the scan applies them before rules run. */
export { applyDeclarations } from './model/declarations.js'
export { renderPaths } from './report/paths.js'
export { renderPathsJson, type JsonPathsReport } from './report/paths-json.js'

/** What `frontDoors` gives: the advice on each front door, and the scan it was read from. */
export interface FrontDoorsResult {
  frontDoors: FrontDoorAdvice[]
  scan: ScanResult
}

/**
 * The front-door advisor (`iac-lint front-doors`): scans as `scan` does (the same rules,
 * configuration and declarations) and gives each load balancer and API a verdict from the
 * findings of the fit and cost rules about it, with the context of the decision table.
 */
export async function frontDoors(paths: string[], options: ScanOptions): Promise<FrontDoorsResult> {
  const { result, models } = await scanWithModels(paths, options)
  const frontDoors = adviseFrontDoors({ models, findings: result.findings, rules: result.rules, pricing: withPricing(options.config?.pricing) })
  return { frontDoors, scan: result }
}
export { RULE_IMPLICATIONS, type Implication, type Verdict, type FrontDoorChoice } from './advisor/verdicts.js'
export type { FrontDoorAdvice } from './advisor/front-doors.js'
export { renderFrontDoors } from './report/front-doors.js'
export { renderFrontDoorsJson, type JsonFrontDoorsReport } from './report/front-doors-json.js'
export { renderFrontDoorsMarkdown } from './report/front-doors-markdown.js'
/**
 * Review of a change: `diff` compares two versions (files, folders or `REF:path` from git),
 * `changedSince` keeps the findings a change since the merge base with a git revision brings.
 */
export { diff, type DiffOptions, type DiffResult } from './review/diff.js'
export { changedSince } from './review/changed-since.js'
export { renderDiff, DIFF_FORMATS, type DiffFormat } from './review/render.js'
