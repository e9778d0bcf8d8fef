/** Argument parsing and exit codes only; the work is done through the public API. */
import { readFileSync } from 'node:fs'
import { writeFile } from 'node:fs/promises'
import { parseArgs } from 'node:util'
import { UsageError } from '../engine/files.js'
import { LEVEL_RANK, type Level } from '../engine/types.js'
import { FORMATS, isFormat, loadModels, renderReport, rules, scan, BUILTIN_RULES, type Format } from '../index.js'
import { renderPaths } from '../report/paths.js'

const FAIL_LEVELS = ['error', 'warning', 'note', 'none'] as const
type FailOn = (typeof FAIL_LEVELS)[number]

const HELP = `Usage: iac-lint <command> [options]

Commands:
  scan [paths...]     Scan files and folders (default: .) for CloudFormation templates
  paths <files...>    Print the request paths (entry, exposure, checks, target) of templates
  rules               List the rules

Options for scan:
  -f, --format <fmt>        Output format: ${FORMATS.join(', ')} (default: text)
  -o, --output-file <file>  Write the report to a file instead of standard output
      --fail-on <level>     Exit 1 when a finding is at or above: error, warning, note, none (default: error)
      --quiet               Report errors only
      --no-color            Never colour the output (also NO_COLOR=1; FORCE_COLOR=1 forces it)
  -h, --help                Show this help
  -v, --version             Show the version

Exit codes: 0 nothing at or above the fail level, 1 findings at or above it, 2 usage or internal error.
`

export async function main(argv: string[]): Promise<void> {
  try {
    await run(argv)
  } catch (error) {
    if (error instanceof UsageError || isParseArgsError(error)) {
      process.stderr.write(`iac-lint: ${(error as Error).message}\n`)
      process.exitCode = 2
      return
    }
    throw error
  }
}

function isParseArgsError(error: unknown): boolean {
  return error instanceof TypeError && 'code' in error && String(error.code).startsWith('ERR_PARSE_ARGS')
}

async function run(argv: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    strict: true,
    options: {
      format: { type: 'string', short: 'f' },
      'output-file': { type: 'string', short: 'o' },
      'fail-on': { type: 'string' },
      quiet: { type: 'boolean' },
      'no-color': { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
      version: { type: 'boolean', short: 'v' },
    },
  })
  if (values.help) return print(HELP)
  if (values.version) return print(`${version()}\n`)
  const [command = 'scan', ...rest] = positionals
  switch (command) {
    case 'scan':
      return scanCommand(rest, values)
    case 'paths':
      if (rest.length === 0) throw new UsageError('paths needs at least one file or folder')
      return print(renderPaths((await loadModels(rest)).models, process.cwd()))
    case 'rules':
      return print(listRules())
    default:
      throw new UsageError(`unknown command "${command}" (expected scan, paths or rules; see --help)`)
  }
}

interface ScanFlags {
  format?: string
  'output-file'?: string
  'fail-on'?: string
  quiet?: boolean
  'no-color'?: boolean
}

async function scanCommand(paths: string[], flags: ScanFlags): Promise<void> {
  const format: Format = flags.format === undefined ? 'text' : checkFormat(flags.format)
  const failOn = checkFailOn(flags['fail-on'] ?? 'error')
  const result = await scan(paths, { rules })
  if (flags.quiet) result.findings = result.findings.filter((finding) => finding.level === 'error')
  for (const notice of result.notices) process.stderr.write(`note: ${notice}\n`)
  const outputFile = flags['output-file']
  const color = outputFile === undefined && format === 'text' && useColor(flags['no-color'] === true)
  const report = renderReport(format, result, { cwd: process.cwd(), color, toolVersion: version() })
  if (outputFile === undefined) print(report)
  else await writeFile(outputFile, report)
  const failing = failOn !== 'none' && result.findings.some((finding) => LEVEL_RANK[finding.level] >= LEVEL_RANK[failOn])
  process.exitCode = failing ? 1 : 0
}

function checkFormat(value: string): Format {
  if (!isFormat(value)) throw new UsageError(`unknown format "${value}" (expected ${FORMATS.join(', ')})`)
  return value
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
  return process.stdout.isTTY === true
}

function listRules(): string {
  const metas = [...BUILTIN_RULES, ...rules.map((rule) => rule.meta)].sort((a, b) => (a.id < b.id ? -1 : 1))
  const width = Math.max(...metas.map((meta) => meta.id.length))
  return metas.map((meta) => `${meta.id.padEnd(width)}  ${meta.defaultLevel.padEnd(7)}  ${meta.category.padEnd(11)}  ${meta.title}`).join('\n') + '\n'
}

function print(text: string): void {
  process.stdout.write(text)
}

let cachedVersion: string | undefined
function version(): string {
  cachedVersion ??= (JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string }).version
  return cachedVersion
}
