/** Argument parsing and exit codes only; the work is done through the public API. */
import { existsSync, lstatSync, readFileSync, writeSync } from 'node:fs'
import { appendFile, readFile, stat, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { isatty } from 'node:tty'
import { parseArgs } from 'node:util'
import { CONFIG_FILE_NAMES, ConfigError, loadConfig } from '../engine/config.js'
import { UsageError } from '../engine/files.js'
import {
  applyDeclarations,
  applyFilters,
  changedSince,
  BaselineError,
  BUILTIN_RULES,
  createBaseline,
  FORMATS,
  isFormat,
  LEVEL_RANK,
  loadFrontends,
  loadModels,
  parameterAssignment,
  parameterValues,
  maxBytesOf,
  parseBaseline,
  renderPaths,
  renderPathsJson,
  renderReport,
  rules,
  scan,
  scanText,
  type Baseline,
  type Finding,
  type Format,
  type Level,
  type RuleMeta,
  type ScanResult,
  frontDoors,
  renderFrontDoors,
  renderFrontDoorsJson,
  renderFrontDoorsMarkdown,
} from '../index.js'
import { lineHashes } from '../findings/line-hash.js'
import { repositoryRelative } from '../findings/paths.js'
import type { SarifOptions } from '../report/options.js'
import { sarifNotices, sarifSelection } from '../report/sarif.js'
import { escapeJsonText, escapeTerminal, guardTerminalText } from '../report/escape.js'
import { githubReportOptions } from '../report/github.js'
import { fitSummary, SUMMARY_MAX_BYTES } from '../report/markdown.js'
import { renderRulesJson } from '../report/rules-json.js'
import { diffCommand } from './diff.js'
import { helpText, isCommand, COMMANDS, type Command } from './help.js'
import { checkOutputFile, writeOutputFile } from './output-file.js'
import { applyRuleSelection, closeIds, parseRuleSelection } from './rule-selection.js'
import { rulePage, rulePages } from './rule-pages.js'
import { STARTER_CONFIG } from './starter-config.js'


/** GitHub code scanning rejects a SARIF upload larger than this, gzip-compressed as the upload action sends it. */
const SARIF_UPLOAD_MAX_BYTES = 10 * 1024 * 1024

const FAIL_LEVELS = ['error', 'warning', 'note', 'none'] as const
type FailOn = (typeof FAIL_LEVELS)[number]

export async function main(argv: string[]): Promise<void> {
  try {
    await run(argv)
  } catch (error) {
    if (error instanceof UsageError || error instanceof ConfigError || error instanceof BaselineError || isParseArgsError(error)) {
      // Messages echo arguments, file names and template text: escaped here, once for all of them.
      warn('iac-lint', (error as Error).message)
      process.exitCode = 2
      return
    }
    throw error
  }
}

function isParseArgsError(error: unknown): boolean {
  return error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS')
}

const OPTIONS = {
  format: { type: 'string', short: 'f', multiple: true },
  'output-file': { type: 'string', short: 'o' },
  config: { type: 'string', short: 'c' },
  'fail-on': { type: 'string' },
  'max-warnings': { type: 'string' },
  quiet: { type: 'boolean' },
  baseline: { type: 'string' },
  'write-baseline': { type: 'string' },
  stdin: { type: 'boolean' },
  'stdin-filename': { type: 'string' },
  var: { type: 'string', multiple: true },
  'var-file': { type: 'string', multiple: true },
  parameter: { type: 'string', multiple: true },
  'parameter-file': { type: 'string', multiple: true },
  'no-color': { type: 'boolean' },
  'no-ignore': { type: 'boolean' },
  rule: { type: 'string', multiple: true },
  'disable-rule': { type: 'string', multiple: true },
  'sarif-category': { type: 'string' },
  'sarif-include-suppressed': { type: 'boolean' },
  concurrency: { type: 'string' },
  'changed-since': { type: 'string' },
  stdio: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
} as const

type Flags = ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>['values']

async function run(argv: string[]): Promise<void> {
  const help = helpRequested(argv)
  if (help !== undefined) return print(helpText(help === 'overview' ? undefined : help))
  const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, strict: true, options: OPTIONS })
  if (values.version) return print(`${version()}\n`)
  const [command = 'scan', ...rest] = positionals
  switch (command) {
    case 'scan':
      return scanCommand(rest, values)
    case 'paths':
      return pathsCommand(rest, values)
    case 'front-doors':
      return frontDoorsCommand(rest, values)
    case 'diff':
      return diffCommand(rest, values, {
        version: version(),
        values: { ...terraformOptions(values), ...parameterOptions(values) },
        checkFailOn,
        warn: (text) => warn('note', text),
      })
    case 'rules':
      return rulesCommand(values)
    case 'init':
      return initCommand()
    case 'explain':
      return explainCommand(rest)
    case 'lsp':
      return lspCommand(rest, values)
    case 'help':
      return print(helpText(helpTopic(rest[0])))
    default:
      throw new UsageError(`unknown command "${command}" (expected ${COMMANDS.join(', ')}; see --help)`)
  }
}

/**
 * `--help` (or `-h`) anywhere before `--` shows help and runs nothing, whatever else the line
 * holds, even options that would not parse: the help of the command named, or the overview.
 */
function helpRequested(argv: string[]): Command | 'overview' | undefined {
  const end = argv.indexOf('--')
  const options = end < 0 ? argv : argv.slice(0, end)
  if (!options.some((arg) => arg === '--help' || arg === '-h')) return undefined
  const { positionals } = parseArgs({ args: options, allowPositionals: true, strict: false, options: OPTIONS })
  const first = positionals[0]
  return first !== undefined && isCommand(first) ? first : 'overview'
}

function helpTopic(name: string | undefined): Command | undefined {
  if (name === undefined) return undefined
  if (!isCommand(name)) throw new UsageError(`no help for "${name}": the commands are ${COMMANDS.join(', ')}`)
  return name
}

/** `--var name=value` and `--var-file file`, as Terraform takes them. */
function terraformOptions(flags: Flags): { terraformVars: Record<string, string>; terraformVarFiles: string[] } {
  const terraformVars: Record<string, string> = Object.create(null) as Record<string, string>
  for (const assignment of flags.var ?? []) {
    const equals = assignment.indexOf('=')
    if (equals <= 0) throw new UsageError(`--var needs NAME=VALUE, not "${assignment}"`)
    terraformVars[assignment.slice(0, equals)] = assignment.slice(equals + 1)
  }
  return { terraformVars, terraformVarFiles: flags['var-file'] ?? [] }
}

/** `--parameter KEY=VALUE` and `--parameter-file file`, as cfn-lint and the CloudFormation CLI take them. */
function parameterOptions(flags: Flags): { cloudformationParameters: Record<string, string>; parameterFiles: string[] } {
  const cloudformationParameters: Record<string, string> = Object.create(null) as Record<string, string>
  for (const assignment of flags.parameter ?? []) {
    try {
      const [key, value] = parameterAssignment(assignment)
      cloudformationParameters[key] = value
    } catch (error) {
      throw new UsageError((error as Error).message)
    }
  }
  return { cloudformationParameters, parameterFiles: flags['parameter-file'] ?? [] }
}

const SINGLE_FORMATS = ['text', 'json'] as const

/**
 * The request paths of every model, as text for a person or JSON for a program. The
 * configuration is read as the scan reads it: its declarations (`resources.<id>.exposure`)
 * change a path's exposure, and its budgets bound the evaluation.
 */
async function pathsCommand(paths: string[], flags: Flags): Promise<void> {
  if (paths.length === 0) throw new UsageError('paths needs at least one file or folder')
  const output = singleOutputOf(flags, 'paths', SINGLE_FORMATS)
  if (output.file !== undefined) await checkOutputFile(output.file)
  const cwd = process.cwd()
  const ruleIds = [...BUILTIN_RULES, ...rules.map((rule) => rule.meta)].map((meta) => meta.id)
  const config = await loadConfig(cwd, flags.config, ruleIds)
  const parameters = parameterValues(parameterOptions(flags), cwd)
  const { models, notices } = await loadModels(paths, cwd, {
    ...terraformOptions(flags),
    limits: config.limits,
    maxBytes: maxBytesOf(config),
    parameters,
    ignore: config,
    noIgnore: flags['no-ignore'] === true,
  })
  for (const notice of notices) warn('note', notice)
  for (const model of models) applyDeclarations(model, config.resources)
  const rendered = output.format === 'json' ? escapeJsonText(renderPathsJson(models, { cwd, toolVersion: version() })) : renderPaths(models, cwd)
  if (output.file === undefined) print(rendered)
  else await writeOutputFile(output.file, rendered)
}

const FRONT_DOOR_FORMATS = ['text', 'json', 'markdown'] as const

/**
 * The front-door advisor: the scan runs as `scan` runs it (rules, configuration, declarations,
 * suppressions), and each front door gets a verdict from its fit and cost findings. In a GitHub
 * job the Markdown view is added to the step's summary, as the scan adds its own.
 */
async function frontDoorsCommand(paths: string[], flags: Flags): Promise<void> {
  const output = singleOutputOf(flags, 'front-doors', FRONT_DOOR_FORMATS)
  if (output.file !== undefined) await checkOutputFile(output.file)
  const cwd = process.cwd()
  const metas = [...BUILTIN_RULES, ...rules.map((rule) => rule.meta)]
  const config = await loadConfig(cwd, flags.config, metas.map((meta) => meta.id))
  const { frontDoors: advice, scan: scanned } = await frontDoors(paths.length ? paths : ['.'], {
    rules,
    cwd,
    config,
    noIgnore: flags['no-ignore'] === true,
    ...terraformOptions(flags),
    ...parameterOptions(flags),
  })
  for (const notice of scanned.notices) warn('note', notice)
  // What could not be read is missing from the advice: said on standard error, in the JSON, and by the exit code.
  const inputCategory = new Set(BUILTIN_RULES.filter((meta) => meta.category === 'input' && !meta.id.startsWith('suppression-')).map((meta) => meta.id))
  const inputProblems = scanned.findings.filter((finding) => inputCategory.has(finding.ruleId) && !finding.suppressed)
  for (const problem of inputProblems) {
    const { file, range } = problem.location
    warn('note', `${repositoryRelative(file, cwd)}:${range.line}:${range.column} ${problem.ruleId}: ${problem.message}`)
  }
  const rendered =
    output.format === 'json'
      ? escapeJsonText(renderFrontDoorsJson(advice, { cwd, toolVersion: version(), inputProblems }))
      : output.format === 'markdown'
        ? renderFrontDoorsMarkdown(advice, { cwd })
        : renderFrontDoors(advice, cwd)
  if (output.file === undefined) print(rendered)
  else await writeOutputFile(output.file, rendered)
  const summaryFile = process.env.GITHUB_STEP_SUMMARY
  if (summaryFile) {
    const written = (await stat(summaryFile).catch(() => undefined))?.size ?? 0
    // GitHub drops a step's whole summary past its limit; what the step wrote before counts too.
    const markdown = renderFrontDoorsMarkdown(advice, { cwd, maxBytes: SUMMARY_MAX_BYTES - written })
    if (Buffer.byteLength(markdown) <= SUMMARY_MAX_BYTES - written) await appendFile(summaryFile, markdown)
  }
  process.exitCode = inputProblems.some((problem) => problem.level === 'error') ? 1 : 0
}

/** `-f json`, `-f json=FILE` or `-o FILE`, spelled as for scan; paths, rules and front-doors write one format at a time. */
function singleOutputOf<F extends string>(
  flags: Flags,
  command: 'paths' | 'rules' | 'front-doors',
  formats: readonly F[],
): { format: F; file: string | undefined } {
  const specs = flags.format ?? []
  if (specs.length > 1) throw new UsageError(`${command} writes one format; give -f once`)
  const spec = specs[0] ?? 'text'
  const equals = spec.indexOf('=')
  const name = equals < 0 ? spec : spec.slice(0, equals)
  const file = equals < 0 ? flags['output-file'] : spec.slice(equals + 1)
  const format = formats.find((known) => known === name)
  if (format === undefined) throw new UsageError(`unknown format "${name}" for ${command} (expected ${formats.join(', ')})`)
  if (file === '') throw new UsageError(`-f ${name}= needs a file name after "="`)
  return { format, file }
}

interface Output {
  format: Format
  file: string | undefined
}

/** `-f text -f sarif=out.sarif`: each format once, at most one of them on standard output. */
function outputsOf(flags: Flags): Output[] {
  const specs = flags.format?.length ? flags.format : ['text']
  const outputs = specs.map((spec): Output => {
    const equals = spec.indexOf('=')
    const name = equals < 0 ? spec : spec.slice(0, equals)
    const file = equals < 0 ? flags['output-file'] : spec.slice(equals + 1)
    if (!isFormat(name)) throw new UsageError(`unknown format "${name}" (expected ${FORMATS.join(', ')})`)
    if (file === '') throw new UsageError(`-f ${name}= needs a file name after "="`)
    return { format: name, file }
  })
  if (outputs.filter((output) => output.file === undefined).length > 1) {
    throw new UsageError('only one format can go to standard output; give the others a file with -f FORMAT=FILE')
  }
  return outputs
}

/**
 * Every file the scan will write, checked before it runs: a bad path fails in milliseconds, not
 * after a long scan; two outputs into one file would leave only the last.
 */
async function checkOutputFiles(files: string[]): Promise<void> {
  const seen = new Set<string>()
  for (const file of files) {
    const absolute = path.resolve(file)
    if (seen.has(absolute)) throw new UsageError(`two outputs would write "${file}"; give each format its own file`)
    seen.add(absolute)
    await checkOutputFile(file)
  }
}

async function scanCommand(paths: string[], flags: Flags): Promise<void> {
  const outputs = outputsOf(flags)
  await checkOutputFiles(flags['write-baseline'] ? [flags['write-baseline']] : outputs.flatMap((output) => output.file ?? []))
  const maxWarnings = flags['max-warnings'] === undefined ? undefined : checkCount(flags['max-warnings'])
  const cwd = process.cwd()
  const ruleMetas = rules.map((rule) => rule.meta)
  const selection = parseRuleSelection(flags.rule ?? [], flags['disable-rule'] ?? [], [...BUILTIN_RULES, ...ruleMetas])
  const sarif = sarifOptionsOf(flags)
  const loaded = await loadConfig(cwd, flags.config, [...BUILTIN_RULES, ...ruleMetas].map((meta) => meta.id))
  const config = applyRuleSelection(loaded, selection, ruleMetas, BUILTIN_RULES)
  const failOn = checkFailOn(flags['fail-on'] ?? config.failOn ?? 'error')
  const options = {
    rules,
    cwd,
    config,
    concurrency: checkConcurrency(flags.concurrency ?? 'auto'),
    noIgnore: flags['no-ignore'] === true,
    ...terraformOptions(flags),
    ...parameterOptions(flags),
  }
  // Read before the scan, so that a missing or malformed baseline fails at once.
  const baseline = flags.baseline === undefined || flags['write-baseline'] ? undefined : await readBaseline(flags.baseline)
  let scanned: ScanResult
  if (flags.stdin) {
    if (paths.length > 0) throw new UsageError('--stdin reads one template from standard input; do not name paths as well')
    if (flags['changed-since'] !== undefined) throw new UsageError('--changed-since compares files in a git repository; it cannot be used with --stdin')
    const name = flags['stdin-filename'] ?? 'stdin.yaml'
    await loadFrontends([name])
    scanned = scanText(await readStdin(maxBytesOf(config)), name, options)
  } else if (flags['changed-since'] !== undefined) {
    scanned = await changedSince(flags['changed-since'], paths, options, scan)
  } else {
    scanned = await scan(paths, options)
  }
  if (flags['write-baseline']) {
    await writeOutputFile(flags['write-baseline'], `${JSON.stringify(createBaseline(scanned.findings, cwd), null, 2)}\n`)
    warn('iac-lint', `wrote ${scanned.findings.filter((finding) => !finding.suppressed).length} findings to ${flags['write-baseline']}`)
    process.exitCode = 0
    return
  }
  const result = applyFilters(scanned, { cwd, quiet: flags.quiet === true, ...(baseline ? { baseline } : {}) })
  for (const notice of result.notices) warn('note', notice)

  if (outputs.some((output) => output.format === 'sarif')) {
    const selection = sarifSelection(result, sarif.includeSuppressed)
    for (const notice of sarifNotices(selection)) warn('note', notice)
    // Text on standard input is not the file of that name on disk: no hash for it.
    if (!flags.stdin) sarif.lineHashes = readLineHashes(selection.results, cwd)
    sarif.helpPages = rulePages(result.rules.map((rule) => rule.id))
  }
  for (const output of outputs) {
    const color = output.file === undefined && output.format === 'text' && useColor(flags['no-color'] === true)
    const rendered = renderReport(output.format, result, { cwd, color, toolVersion: version(), sarif, ...githubReportOptions(process.env) })
    const report = output.format === 'json' || output.format === 'sarif' ? escapeJsonText(rendered) : rendered
    if (output.format === 'sarif' && report.length > SARIF_UPLOAD_MAX_BYTES && (await import('node:zlib')).gzipSync(report).length > SARIF_UPLOAD_MAX_BYTES) {
      warn('note', `SARIF: the file is larger than GitHub code scanning accepts (10 MB compressed); scan fewer files per upload or use --quiet`)
    }
    if (output.file === undefined) print(report)
    else await writeOutputFile(output.file, report)
  }
  const summaryFile = process.env.GITHUB_STEP_SUMMARY
  if (summaryFile) {
    // GitHub drops a step's whole summary past its limit; what the step wrote before counts too.
    const written = (await stat(summaryFile).catch(() => undefined))?.size ?? 0
    const markdown = renderReport('markdown', result, { cwd, color: false, toolVersion: version(), ...githubReportOptions(process.env) })
    await appendFile(summaryFile, fitSummary(markdown, SUMMARY_MAX_BYTES - written))
  }

  const counted = result.findings.filter((finding) => !finding.suppressed)
  const failing = failOn !== 'none' && counted.some((finding) => LEVEL_RANK[finding.level] >= LEVEL_RANK[failOn])
  const tooManyWarnings = maxWarnings !== undefined && counted.filter((finding) => finding.level === 'warning').length > maxWarnings
  if (tooManyWarnings) warn('iac-lint', `too many warnings (more than ${maxWarnings})`)
  process.exitCode = failing || tooManyWarnings ? 1 : 0
}

/** `--sarif-category` and `--sarif-include-suppressed`. */
function sarifOptionsOf(flags: Flags): SarifOptions & { includeSuppressed: boolean } {
  const category = flags['sarif-category']
  // GitHub takes the category up to the id's last "/"; a trailing one is added, so a category can hold "/" but not end empty.
  if (category !== undefined && !/^[\x21-\x7e]+$/.test(category)) {
    throw new UsageError(`--sarif-category needs a name of printable characters without spaces, not "${category}"`)
  }
  return { ...(category === undefined ? {} : { category }), includeSuppressed: flags['sarif-include-suppressed'] === true }
}

/**
 * GitHub's \`primaryLocationLineHash\` of each result's line, from the file as it is on disk now
 * (read as UTF-8, as the upload action reads it). A file that cannot be read gets none; the
 * upload action then tries itself.
 */
function readLineHashes(findings: readonly Finding[], cwd: string): Map<string, Map<number, string>> {
  const lines = new Map<string, number[]>()
  for (const finding of findings) {
    const list = lines.get(finding.location.file) ?? []
    list.push(Math.max(1, finding.location.range.line))
    lines.set(finding.location.file, list)
  }
  const hashes = new Map<string, Map<number, string>>()
  for (const [file, wanted] of lines) {
    let text: string
    try {
      text = readFileSync(path.resolve(cwd, file), 'utf8')
    } catch {
      continue
    }
    hashes.set(file, lineHashes(text, Math.max(...wanted)))
  }
  return hashes
}

async function readBaseline(file: string): Promise<Baseline> {
  const text = await readFile(file, 'utf8').catch(() => {
    throw new UsageError(`cannot read baseline ${file}`)
  })
  const baseline = parseBaseline(text, file)
  if (baseline.version === 1) {
    warn('note', `${file} is a version 1 baseline: it still works, but a finding whose figures change (a price, a count) looks new to it; --write-baseline ${file} writes version 2 from today's findings`)
  }
  return baseline
}

/**
 * The raw bytes: decoding (UTF-8 or UTF-16 with a byte-order mark) is the scan's job, as for
 * files. Reading stops one byte past the size limit: the scan reports the input as too large.
 */
async function readStdin(maxBytes: number): Promise<Buffer> {
  const chunks: Buffer[] = []
  let total = 0
  for await (const chunk of process.stdin) {
    chunks.push(chunk as Buffer)
    total += (chunk as Buffer).length
    if (total > maxBytes) break
  }
  return Buffer.concat(chunks)
}

function checkConcurrency(value: string): 'auto' | 'off' | number {
  if (value === 'auto' || value === 'off') return value
  if (!/^[1-9]\d*$/.test(value)) throw new UsageError(`--concurrency must be auto, off or a positive whole number, not "${value}"`)
  return Number(value)
}

function checkCount(value: string): number {
  if (!/^\d+$/.test(value)) throw new UsageError(`--max-warnings needs a whole number, not "${value}"`)
  return Number(value)
}

function checkFailOn(value: string): Level | 'none' {
  if (!(FAIL_LEVELS as readonly string[]).includes(value)) {
    throw new UsageError(`--fail-on must be one of ${FAIL_LEVELS.join(', ')}, not "${value}"`)
  }
  return value as FailOn
}

function useColor(disabled: boolean): boolean {
  if (disabled || (process.env.NO_COLOR ?? '') !== '') return false
  const forced = process.env.FORCE_COLOR
  if (forced !== undefined && forced !== '') return forced !== '0' && forced !== 'false'
  return isatty(1)
}

async function initCommand(): Promise<void> {
  // lstat, not exists: a dangling link counts as existing, and is never written through.
  const present = (file: string): boolean => lstatSync(file, { throwIfNoEntry: false }) !== undefined
  const existing = CONFIG_FILE_NAMES.map((name) => path.join(process.cwd(), name)).find(present)
  if (existing) throw new UsageError(`${path.basename(existing)} already exists; not overwriting it`)
  await writeFile(path.join(process.cwd(), '.iac-lint.yaml'), STARTER_CONFIG, { flag: 'wx' }).catch((error: NodeJS.ErrnoException) => {
    throw new UsageError(`cannot write .iac-lint.yaml (${error.code ?? 'unwritable'})`)
  })
  print('Wrote .iac-lint.yaml\n')
}

/** `iac-lint explain <id>`: the rule's docs page, as Markdown. */
function explainCommand(ids: string[]): void {
  if (ids.length !== 1) throw new UsageError('explain takes one rule id (`iac-lint rules` lists them)')
  const id = ids[0]!
  const known = [...BUILTIN_RULES, ...rules.map((rule) => rule.meta)].map((meta) => meta.id)
  if (!known.includes(id)) {
    const close = closeIds(id, known)
    throw new UsageError(`${id}: no such rule${close.length > 0 ? `; did you mean ${close.join(', ')}?` : ''} (\`iac-lint rules\` lists them)`)
  }
  const page = rulePage(id)
  if (page === undefined) throw new UsageError(`the docs page of ${id} is missing from this installation (docs/rules/${id}.md)`)
  print(guardTerminalText(page.split('\n').map(escapeTerminal).join('\n')))
}

/** The language server (src/lsp), loaded only for this command. */
async function lspCommand(rest: string[], flags: Flags): Promise<void> {
  if (rest.length > 0) throw new UsageError('lsp takes no paths: the editor opens the files')
  if (!flags.stdio) throw new UsageError('lsp talks to the editor over standard input and output: run `iac-lint lsp --stdio`')
  const { startLanguageServer } = await import('../lsp/server.js')
  startLanguageServer()
}

async function rulesCommand(flags: Flags): Promise<void> {
  const output = singleOutputOf(flags, 'rules', SINGLE_FORMATS)
  if (output.file !== undefined) await checkOutputFile(output.file)
  const metas = [...BUILTIN_RULES, ...rules.map((rule) => rule.meta)]
  const rendered = output.format === 'json' ? escapeJsonText(renderRulesJson(metas, version())) : listRules(metas)
  if (output.file === undefined) print(rendered)
  else await writeOutputFile(output.file, rendered)
}

function listRules(all: readonly RuleMeta[]): string {
  const metas = [...all].sort((a, b) => (a.id < b.id ? -1 : 1))
  const width = Math.max(...metas.map((meta) => meta.id.length))
  return metas.map((meta) => `${meta.id.padEnd(width)}  ${meta.defaultLevel.padEnd(7)}  ${meta.category.padEnd(11)}  ${meta.title}`).join('\n') + '\n'
}

/**
 * Standard output written with `writeSync` while that works: `process.stdout` is a stream whose
 * modules take longer to load than a small scan takes. A pipe the parent made non-blocking
 * (EAGAIN) gets the rest through the stream, which waits for it to drain; a reader that went
 * away (EPIPE, `| head`) gets nothing more, as with any command-line tool.
 */
let stdoutStream = false
let stdoutClosed = false
function print(text: string): void {
  if (stdoutClosed) return
  if (!stdoutStream) {
    const bytes = Buffer.from(text, 'utf8')
    let written = 0
    try {
      while (written < bytes.length) written += writeSync(1, bytes, written)
      return
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code
      if (code === 'EPIPE') {
        stdoutClosed = true
        return
      }
      if (code !== 'EAGAIN') throw error
      stdoutStream = true
      process.stdout.write(bytes.subarray(written))
      return
    }
  }
  process.stdout.write(text)
}

/**
 * One line on standard error, `iac-lint: ...` or `note: ...`. The text is escaped for the
 * terminal, so it stays one line, and the prefix means no line starts with `::`: a GitHub runner
 * reads standard error for workflow commands too.
 */
function warn(prefix: 'iac-lint' | 'note', text: string): void {
  process.stderr.write(`${prefix}: ${escapeTerminal(text)}\n`)
}

let cachedVersion: string | undefined
function version(): string {
  cachedVersion ??= (JSON.parse(readFileSync(packageFile(), 'utf8')) as { version: string }).version
  return cachedVersion
}

/** The package's own package.json: the first one above this module, in `dist/src/cli/` and in `bundle/` alike. */
function packageFile(): string {
  let directory = path.dirname(fileURLToPath(import.meta.url))
  for (;;) {
    const candidate = path.join(directory, 'package.json')
    if (existsSync(candidate)) return candidate
    const parent = path.dirname(directory)
    if (parent === directory) throw new Error('package.json is missing from the iac-lint package')
    directory = parent
  }
}
