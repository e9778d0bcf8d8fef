/**
 * The GitHub Action (action.yml) as a program: reads the action's inputs from `INPUT_*`
 * variables, runs `iac-lint scan` in the checkout and writes the step outputs. Exit codes are the
 * CLI's: 0 clean, 1 findings at or above `fail-on`, 2 a usage, configuration or internal error.
 */
import { randomUUID } from 'node:crypto'
import { appendFileSync, existsSync, readFileSync, realpathSync } from 'node:fs'
import path from 'node:path'
import { escapeData } from '../report/escape.js'
import { main as cli } from './main.js'

type Env = Readonly<Record<string, string | undefined>>

interface ActionInputs {
  /** Files and folders to scan, relative to the workspace; one per line in the `path` input. */
  paths: string[]
  failOn: string
  config?: string
  sarifFile: string
  baseline?: string
  annotations: boolean
  /** Terraform variables, `name=value`, one per line of the `var` input. */
  vars: string[]
  /** Terraform variable files, one per line of `var-file`. */
  varFiles: string[]
  /** CloudFormation parameter values, `Key=Value`, one per line of `parameter`. */
  parameters: string[]
  /** CloudFormation parameter files, one per line of `parameter-file`. */
  parameterFiles: string[]
  /** Run `iac-lint front-doors` after the scan, for its table in the job summary (`front-doors` input). */
  frontDoors: boolean
  /** More `iac-lint scan` arguments, one per line of `args`, given before the paths. */
  args: string[]
  /** `--changed-since`: the `changed-since` input, or the pull request's base on `pull_request` events; absent for a full scan. */
  changedSince?: string
}

type ActionOutputs = {
  'sarif-file': string
  /** Findings that were not suppressed (in the source or by the baseline). */
  findings: number
  errors: number
  warnings: number
  notes: number
}

/** An input the action cannot use; reported as an annotation, exit 2. */
class InputError extends Error {}

/**
 * The runner passes a JavaScript action's input `fail-on` as `INPUT_FAIL-ON`; a shell cannot set
 * that name, so action.yml (a composite action) sets `INPUT_FAIL_ON`. Both are read.
 */
function input(env: Env, name: string): string {
  const key = `INPUT_${name.toUpperCase()}`
  return (env[key] ?? env[key.replace(/-/g, '_')] ?? '').trim()
}

/** The non-empty lines of a multi-line input, trimmed. */
function lines(env: Env, name: string): string[] {
  return input(env, name)
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '')
}

export function readInputs(env: Env): ActionInputs {
  const paths = lines(env, 'path')
  const inputs: ActionInputs = {
    paths: paths.length > 0 ? paths : ['.'],
    failOn: input(env, 'fail-on') || 'error',
    sarifFile: input(env, 'sarif-file') || 'iac-lint.sarif',
    annotations: booleanInput(input(env, 'annotations') || 'true', 'annotations'),
    frontDoors: booleanInput(input(env, 'front-doors') || 'false', 'front-doors'),
    vars: lines(env, 'var'),
    varFiles: lines(env, 'var-file'),
    parameters: lines(env, 'parameter'),
    parameterFiles: lines(env, 'parameter-file'),
    args: lines(env, 'args'),
  }
  for (const arg of inputs.args) {
    // The paths come from the `path` input, after `--`; an `args` line cannot end the options early.
    if (arg === '--') throw new InputError('input "args" cannot contain "--": give files and folders in the "path" input')
  }
  const config = input(env, 'config')
  if (config !== '') inputs.config = config
  const baseline = input(env, 'baseline')
  if (baseline !== '') inputs.baseline = baseline
  const changedSince = changedSinceOf(env)
  if (changedSince !== undefined) inputs.changedSince = changedSince
  return inputs
}

/**
 * The revision to review from: the `changed-since` input when set (`none` scans everything); on a
 * `pull_request` or `pull_request_target` event, the base branch as actions/checkout names its
 * remote (`origin/<base>`), or the base commit from the event payload when the branch is not given.
 */
function changedSinceOf(env: Env): string | undefined {
  const given = input(env, 'changed-since')
  if (given === 'none') return undefined
  if (given !== '') return given
  if (env.GITHUB_EVENT_NAME !== 'pull_request' && env.GITHUB_EVENT_NAME !== 'pull_request_target') return undefined
  if (env.GITHUB_BASE_REF) return `origin/${env.GITHUB_BASE_REF}`
  const event = env.GITHUB_EVENT_PATH ? readEvent(env.GITHUB_EVENT_PATH) : undefined
  const sha = event?.pull_request?.base?.sha
  if (typeof sha === 'string' && /^[0-9a-f]{7,64}$/i.test(sha)) return sha
  throw new InputError('a pull_request event without its base (GITHUB_BASE_REF or pull_request.base.sha): set the "changed-since" input, or "none" to scan everything')
}

function readEvent(file: string): { pull_request?: { base?: { sha?: unknown } } } | undefined {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as { pull_request?: { base?: { sha?: unknown } } }
  } catch {
    return undefined
  }
}

/** The YAML 1.2 core schema booleans, as `@actions/core` getBooleanInput accepts them. */
function booleanInput(value: string, name: string): boolean {
  if (['true', 'True', 'TRUE'].includes(value)) return true
  if (['false', 'False', 'FALSE'].includes(value)) return false
  throw new InputError(`input "${name}" must be true or false, not "${value}"`)
}

/**
 * The checkout is what the workflow gave the action; a `path` or `sarif-file` input that leads
 * out of it (`/etc`, `../x`, or a committed symbolic link to somewhere else) would have the
 * action read or write files the repository has no business with, so it is refused.
 */
function checkInsideWorkspace(inputs: ActionInputs, workspace: string): void {
  const root = realpathSync(workspace)
  const named: Array<[string, string]> = [
    ...inputs.paths.map((entry): [string, string] => ['path', entry]),
    ['sarif-file', inputs.sarifFile],
    ...inputs.varFiles.map((entry): [string, string] => ['var-file', entry]),
    ...inputs.parameterFiles.map((entry): [string, string] => ['parameter-file', entry]),
  ]
  for (const [name, given] of named) {
    const relative = path.relative(root, resolveOnDisk(root, given))
    if (relative === '..' || relative.startsWith(`..${path.sep}`) || path.isAbsolute(relative)) {
      throw new InputError(`input "${name}" must be inside the workspace (${workspace}); "${given}" is not`)
    }
  }
}

/**
 * Where the file system takes `given`, relative to `base`: each existing component through its
 * symbolic links, as the kernel would (so `link/..` is the parent of the link's target, not `.`), and
 * the components that do not exist yet as written.
 */
function resolveOnDisk(base: string, given: string): string {
  let current = path.isAbsolute(given) ? path.parse(path.resolve(given)).root : base
  let exists = true
  for (const component of given.split(path.sep === '\\' ? /[\\/]/ : '/')) {
    if (component === '' || component === '.') continue
    if (component === '..') {
      current = path.dirname(current)
      continue
    }
    const next = path.join(current, component)
    if (exists) {
      try {
        current = realpathSync(next)
        continue
      } catch {
        exists = false
      }
    }
    current = next
  }
  return current
}

/**
 * The `iac-lint` arguments for the inputs: annotations (or the text report when they are off)
 * on standard output, SARIF to its file. The CLI itself appends the Markdown summary to
 * `$GITHUB_STEP_SUMMARY`. Paths follow `--`, so a folder named `-x` is not an option.
 */
export function scanArguments(inputs: ActionInputs): string[] {
  const args = ['scan', '-f', inputs.annotations ? 'github' : 'text', '-f', `sarif=${inputs.sarifFile}`, '--fail-on', inputs.failOn]
  if (inputs.config !== undefined) args.push('-c', inputs.config)
  if (inputs.baseline !== undefined) args.push('--baseline', inputs.baseline)
  // `--name=value`, so a value that starts with `-` is a value, not an option.
  for (const value of inputs.vars) args.push(`--var=${value}`)
  for (const file of inputs.varFiles) args.push(`--var-file=${file}`)
  for (const value of inputs.parameters) args.push(`--parameter=${value}`)
  for (const file of inputs.parameterFiles) args.push(`--parameter-file=${file}`)
  if (inputs.changedSince !== undefined) args.push(`--changed-since=${inputs.changedSince}`)
  return [...args, ...inputs.args, '--', ...inputs.paths]
}

/**
 * The `iac-lint front-doors` arguments for the inputs: the same configuration, values and paths
 * as the scan; the CLI adds its Markdown view to `$GITHUB_STEP_SUMMARY`.
 */
export function frontDoorArguments(inputs: ActionInputs): string[] {
  const args = ['front-doors']
  if (inputs.config !== undefined) args.push('-c', inputs.config)
  for (const value of inputs.vars) args.push(`--var=${value}`)
  for (const file of inputs.varFiles) args.push(`--var-file=${file}`)
  for (const value of inputs.parameters) args.push(`--parameter=${value}`)
  for (const file of inputs.parameterFiles) args.push(`--parameter-file=${file}`)
  return [...args, '--', ...inputs.paths]
}

/** Counts from the SARIF file the scan wrote; suppressed results (in source or by the baseline) do not count. */
export function outputsFromSarif(sarifFile: string, sarifText: string): ActionOutputs {
  const log = JSON.parse(sarifText) as { runs?: Array<{ results?: Array<{ level?: string; suppressions?: unknown[] }> }> }
  const results = (log.runs ?? []).flatMap((run) => run.results ?? []).filter((result) => !result.suppressions?.length)
  // SARIF's default level is warning.
  const level = (name: string) => results.filter((result) => (result.level ?? 'warning') === name).length
  return { 'sarif-file': sarifFile, findings: results.length, errors: level('error'), warnings: level('warning'), notes: level('note') }
}

/** `name<<DELIMITER` blocks, so no value can end its own entry or add another output. */
export function formatOutputs(outputs: Readonly<Record<string, string | number>>, delimiter = `ghadelimiter_${randomUUID()}`): string {
  return Object.entries(outputs)
    .map(([name, value]) => {
      const text = String(value)
      if (text.includes(delimiter)) throw new Error(`output ${name} contains the delimiter`)
      return `${name}<<${delimiter}\n${text}\n${delimiter}\n`
    })
    .join('')
}

export async function runAction(env: Env = process.env): Promise<void> {
  let inputs: ActionInputs
  try {
    if (env.GITHUB_WORKSPACE) process.chdir(env.GITHUB_WORKSPACE)
    inputs = readInputs(env)
    checkInsideWorkspace(inputs, env.GITHUB_WORKSPACE || process.cwd())
  } catch (error) {
    if (!(error instanceof InputError) && !isMissingDirectory(error)) throw error
    process.stdout.write(`::error title=iac-lint::${escapeData((error as Error).message)}\n`)
    process.exitCode = 2
    return
  }

  await cli(scanArguments(inputs))
  const scanExit = process.exitCode
  if (inputs.frontDoors && Number(scanExit ?? 0) < 2) {
    // The advice informs; the scan's findings and fail level decide whether the step fails.
    await cli(frontDoorArguments(inputs))
    process.exitCode = scanExit
  }

  // After a usage or configuration error no SARIF was written; a file there is an old one.
  const outputFile = env.GITHUB_OUTPUT
  if (outputFile && Number(process.exitCode ?? 0) < 2 && existsSync(inputs.sarifFile)) {
    const outputs = outputsFromSarif(inputs.sarifFile, readFileSync(inputs.sarifFile, 'utf8'))
    appendFileSync(outputFile, formatOutputs(outputs))
  }
}

function isMissingDirectory(error: unknown): boolean {
  return error instanceof Error && 'code' in error && (error.code === 'ENOENT' || error.code === 'ENOTDIR')
}
