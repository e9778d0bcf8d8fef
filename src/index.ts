/** The public API: everything the CLI uses is here, for programs that embed iac-lint. */
import { rules as builtInRules } from '../rules/index.js'
import type { Rule } from './engine/rule.js'
import { analyseText } from './engine/scan.js'

export const rules: readonly Rule[] = builtInRules
export { scan, scanText, loadModels, analyseText, maxBytesOf, type ScanOptions, type FileOutcome } from './engine/scan.js'
/** @deprecated The old spelling of `analyseText`, kept for programs that import it. */
export const analyzeText = analyseText
export { loadConfig, type Config } from './engine/config.js'
export { defineRule, type Rule, type RuleContext, type ReportDescriptor } from './engine/rule.js'
export { BUILTIN_RULES } from './engine/builtin.js'
export type { Finding, Level, RuleMeta, RuleOption, Location, Category, Framework } from './engine/types.js'
export { LEVEL_RANK } from './engine/types.js'
export type { ScanResult } from './engine/result.js'
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
