/** `iac-lint diff OLD NEW`: arguments, output and exit code; the comparison is src/review's. */
import { loadConfig } from '../engine/config.js'
import { UsageError } from '../engine/files.js'
import { BUILTIN_RULES, diff, DIFF_FORMATS, LEVEL_RANK, renderDiff, rules, type DiffFormat, type Level, type ScanOptions } from '../index.js'
import { escapeJsonText } from '../report/escape.js'
import { checkOutputFile, writeOutputFile } from './output-file.js'
import { applyRuleSelection, parseRuleSelection } from './rule-selection.js'

export interface DiffFlags {
  format?: string[] | undefined
  'output-file'?: string | undefined
  config?: string | undefined
  'fail-on'?: string | undefined
  rule?: string[] | undefined
  'disable-rule'?: string[] | undefined
  'no-ignore'?: boolean | undefined
  'sarif-category'?: string | undefined
}

export interface DiffContext {
  version: string
  /** `--var`, `--var-file`, `--parameter` and `--parameter-file`, read as for scan. */
  values: Pick<ScanOptions, 'terraformVars' | 'terraformVarFiles' | 'cloudformationParameters' | 'parameterFiles'>
  checkFailOn(value: string): Level | 'none'
  warn(text: string): void
}

export async function diffCommand(args: string[], flags: DiffFlags, context: DiffContext): Promise<void> {
  if (args.length !== 2) throw new UsageError(`diff needs two arguments, OLD and NEW (files, folders or REF:path), not ${args.length}`)
  const [before, after] = args as [string, string]
  const { format, file } = outputOf(flags)
  if (file !== undefined) await checkOutputFile(file)
  const cwd = process.cwd()
  const metas = rules.map((rule) => rule.meta)
  const selection = parseRuleSelection(flags.rule ?? [], flags['disable-rule'] ?? [], [...BUILTIN_RULES, ...metas])
  const loaded = await loadConfig(cwd, flags.config, [...BUILTIN_RULES, ...metas].map((meta) => meta.id))
  const config = applyRuleSelection(loaded, selection, metas, BUILTIN_RULES)
  const failOn = context.checkFailOn(flags['fail-on'] ?? config.failOn ?? 'error')
  const result = await diff(before, after, { cwd, rules, config, ...context.values, noIgnore: flags['no-ignore'] === true })
  for (const notice of result.notices) context.warn(notice)
  const category = flags['sarif-category']
  const rendered = renderDiff(format, result, { cwd, toolVersion: context.version, ...(category === undefined ? {} : { sarif: { category } }) })
  const report = format === 'json' || format === 'sarif' ? escapeJsonText(rendered) : rendered
  if (file === undefined) process.stdout.write(report)
  else await writeOutputFile(file, report)
  const failing = failOn !== 'none' && result.introduced.some((finding) => LEVEL_RANK[finding.level] >= LEVEL_RANK[failOn])
  process.exitCode = failing ? 1 : 0
}

function outputOf(flags: DiffFlags): { format: DiffFormat; file: string | undefined } {
  const specs = flags.format ?? []
  if (specs.length > 1) throw new UsageError('diff writes one format; give -f once')
  const spec = specs[0] ?? 'text'
  const equals = spec.indexOf('=')
  const name = equals < 0 ? spec : spec.slice(0, equals)
  const file = equals < 0 ? flags['output-file'] : spec.slice(equals + 1)
  const format = DIFF_FORMATS.find((known) => known === name)
  if (format === undefined) throw new UsageError(`unknown format "${name}" for diff (expected ${DIFF_FORMATS.join(', ')})`)
  if (file === '') throw new UsageError(`-f ${name}= needs a file name after "="`)
  return { format, file }
}
