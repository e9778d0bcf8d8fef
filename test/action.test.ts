import { execFileSync, spawnSync } from 'node:child_process'
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { parse } from 'yaml'
import { afterAll, describe, expect, it } from 'vitest'
import { formatOutputs, frontDoorArguments, outputsFromSarif, readInputs, scanArguments } from '../src/cli/action.js'
import { validateSarif } from './sarif-schema.js'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const scratch = mkdtempSync(path.join(os.tmpdir(), 'iac-lint-action-'))
afterAll(() => rmSync(scratch, { recursive: true, force: true }))

/** Reads `name<<DELIMITER ... DELIMITER` blocks the way the runner reads $GITHUB_OUTPUT. */
function parseOutputs(text: string): Record<string, string> {
  const outputs: Record<string, string> = {}
  const lines = text.split('\n')
  for (let i = 0; i < lines.length; i++) {
    const match = /^([^<=]+)<<(.+)$/.exec(lines[i]!)
    if (!match) continue
    const end = lines.indexOf(match[2]!, i + 1)
    outputs[match[1]!] = lines.slice(i + 1, end).join('\n')
    i = end
  }
  return outputs
}

describe('action inputs', () => {
  it('uses the defaults of action.yml when inputs are empty', () => {
    const inputs = readInputs({})
    expect(inputs).toEqual({ paths: ['.'], failOn: 'error', sarifFile: 'iac-lint.sarif', annotations: true, frontDoors: false, vars: [], varFiles: [], parameters: [], parameterFiles: [], args: [] })
    expect(scanArguments(inputs)).toEqual(['scan', '-f', 'github', '-f', 'sarif=iac-lint.sarif', '--fail-on', 'error', '--', '.'])
  })

  it('translates every input into CLI arguments', () => {
    const inputs = readInputs({
      INPUT_PATH: ' infra/prod \n\n infra/shared\n',
      INPUT_FAIL_ON: 'warning',
      INPUT_CONFIG: 'ci/iac-lint.yaml',
      INPUT_SARIF_FILE: 'out/results.sarif',
      INPUT_BASELINE: '.iac-lint-baseline.json',
      INPUT_ANNOTATIONS: 'false',
    })
    expect(scanArguments(inputs)).toEqual([
      'scan',
      '-f',
      'text',
      '-f',
      'sarif=out/results.sarif',
      '--fail-on',
      'warning',
      '-c',
      'ci/iac-lint.yaml',
      '--baseline',
      '.iac-lint-baseline.json',
      '--',
      'infra/prod',
      'infra/shared',
    ])
  })

  it('also reads the names the runner gives a JavaScript action', () => {
    expect(readInputs({ 'INPUT_FAIL-ON': 'note', 'INPUT_SARIF-FILE': 'x.sarif' })).toMatchObject({ failOn: 'note', sarifFile: 'x.sarif' })
  })

  it('reviews a pull request from its base, unless changed-since says otherwise', () => {
    const pullRequest = { GITHUB_EVENT_NAME: 'pull_request', GITHUB_BASE_REF: 'release/2' }
    expect(readInputs(pullRequest).changedSince).toBe('origin/release/2')
    expect(scanArguments(readInputs(pullRequest))).toContain('--changed-since=origin/release/2')
    expect(readInputs({ ...pullRequest, 'INPUT_CHANGED-SINCE': 'v1.4.0' }).changedSince).toBe('v1.4.0')
    expect(readInputs({ ...pullRequest, 'INPUT_CHANGED-SINCE': 'none' }).changedSince).toBeUndefined()
    expect(readInputs({ GITHUB_EVENT_NAME: 'push', GITHUB_BASE_REF: '' }).changedSince).toBeUndefined()
    expect(readInputs({ GITHUB_EVENT_NAME: 'push', 'INPUT_CHANGED-SINCE': 'main' }).changedSince).toBe('main')
    const payload = path.join(scratch, 'event.json')
    writeFileSync(payload, JSON.stringify({ pull_request: { base: { sha: '0123456789abcdef0123456789abcdef01234567' } } }))
    expect(readInputs({ GITHUB_EVENT_NAME: 'pull_request_target', GITHUB_EVENT_PATH: payload }).changedSince).toBe('0123456789abcdef0123456789abcdef01234567')
    writeFileSync(payload, JSON.stringify({ pull_request: { base: { sha: '--output=/etc/passwd' } } }))
    expect(() => readInputs({ GITHUB_EVENT_NAME: 'pull_request', GITHUB_EVENT_PATH: payload })).toThrow(/set the "changed-since" input/)
  })

  it('rejects an annotations value that is not a boolean', () => {
    expect(() => readInputs({ INPUT_ANNOTATIONS: 'yes' })).toThrow('input "annotations" must be true or false, not "yes"')
    expect(readInputs({ INPUT_ANNOTATIONS: 'False' }).annotations).toBe(false)
  })

  it('matches action.yml: a JavaScript action on the bundle, every input read, every output written', () => {
    const action = parse(readFileSync(path.join(root, 'action.yml'), 'utf8')) as {
      inputs: Record<string, { default: string }>
      outputs: Record<string, { description: string }>
      runs: { using: string; main: string; steps?: unknown }
    }
    expect(action.runs.using).toBe('node24')
    expect(action.runs.main).toBe('bin/iac-lint-action.js')
    expect(action.runs.steps).toBeUndefined()
    expect(readFileSync(path.join(root, action.runs.main), 'utf8')).toContain("import('../bundle/action.js')")

    // The runner gives every input, with its default when the workflow does not set it.
    const defaults = Object.fromEntries(Object.entries(action.inputs).map(([name, spec]) => [`INPUT_${name.toUpperCase()}`, spec.default]))
    expect(readInputs(defaults)).toEqual(readInputs({}))
    const named = readInputs(Object.fromEntries(Object.keys(action.inputs).map((name) => [`INPUT_${name.toUpperCase()}`, name === 'annotations' ? 'false' : name === 'front-doors' ? 'true' : `x-${name}`])))
    // Each input reaches the inputs object: none of them is left at its default.
    for (const [field, value] of Object.entries(named)) expect(value, field).not.toEqual((readInputs({}) as unknown as Record<string, unknown>)[field])

    const written = outputsFromSarif('x.sarif', JSON.stringify({ runs: [] }))
    expect(Object.keys(action.outputs).sort()).toEqual(Object.keys(written).sort())
  })

  it('passes variables, parameters and extra arguments to the scan, before the paths', () => {
    const inputs = readInputs({
      INPUT_VAR: 'region=eu-west-1\n-flag=x\n',
      'INPUT_VAR-FILE': 'prod.tfvars',
      INPUT_PARAMETER: 'Stage=prod',
      'INPUT_PARAMETER-FILE': 'params.json',
      INPUT_ARGS: '--quiet\n',
    })
    expect(scanArguments(inputs)).toEqual([
      'scan',
      '-f',
      'github',
      '-f',
      'sarif=iac-lint.sarif',
      '--fail-on',
      'error',
      '--var=region=eu-west-1',
      '--var=-flag=x',
      '--var-file=prod.tfvars',
      '--parameter=Stage=prod',
      '--parameter-file=params.json',
      '--quiet',
      '--',
      '.',
    ])
    expect(() => readInputs({ INPUT_ARGS: '--\n/etc' })).toThrow(/cannot contain "--"/)
  })

  it('gives front-doors the configuration, values and paths of the scan, not its extra arguments', () => {
    const inputs = readInputs({ INPUT_CONFIG: 'ci/iac-lint.yaml', INPUT_VAR: 'region=eu-west-1', INPUT_PARAMETER: 'Stage=prod', INPUT_ARGS: '--quiet', INPUT_PATH: 'infra', 'INPUT_FRONT-DOORS': 'true' })
    expect(inputs.frontDoors).toBe(true)
    expect(frontDoorArguments(inputs)).toEqual(['front-doors', '-c', 'ci/iac-lint.yaml', '--var=region=eu-west-1', '--parameter=Stage=prod', '--', 'infra'])
  })
})

describe('action outputs', () => {
  it('counts unsuppressed SARIF results by level', () => {
    const sarif = {
      runs: [
        {
          results: [
            { level: 'error' },
            { level: 'error', suppressions: [{ kind: 'inSource' }] },
            { level: 'warning' },
            {},
            { level: 'note' },
            { level: 'note', suppressions: [{ kind: 'external' }] },
          ],
        },
      ],
    }
    expect(outputsFromSarif('r.sarif', JSON.stringify(sarif))).toEqual({ 'sarif-file': 'r.sarif', findings: 4, errors: 1, warnings: 2, notes: 1 })
  })

  it('writes values in delimited blocks that a value cannot break out of', () => {
    const text = formatOutputs({ 'sarif-file': 'odd\nname=x.sarif', findings: 3 }, 'EOF_1')
    expect(text).toBe('sarif-file<<EOF_1\nodd\nname=x.sarif\nEOF_1\nfindings<<EOF_1\n3\nEOF_1\n')
    expect(parseOutputs(text)).toEqual({ 'sarif-file': 'odd\nname=x.sarif', findings: '3' })
    expect(() => formatOutputs({ a: 'x\nEOF_1\ny' }, 'EOF_1')).toThrow(/delimiter/)
    expect(formatOutputs({ a: '1' })).toMatch(/^a<<ghadelimiter_[0-9a-f-]{36}\n1\nghadelimiter_[0-9a-f-]{36}\n$/)
  })
})

/** A runner environment: the checkout is a copy of examples/, with empty output and summary files. */
/**
 * The action as a workflow gets it: the repository's committed files (no `node_modules`, no
 * `dist/`), started the way the runner starts a JavaScript action.
 */
let actionCopy: string | undefined
function actionCheckout(): string {
  if (actionCopy) return actionCopy
  actionCopy = path.join(scratch, 'action')
  const files = execFileSync('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })
    .split('\0')
    .filter((file) => file !== '' && existsSync(path.join(root, file)))
  for (const file of files) cpSync(path.join(root, file), path.join(actionCopy, file))
  expect(existsSync(path.join(actionCopy, 'node_modules'))).toBe(false)
  expect(existsSync(path.join(actionCopy, 'bundle', 'action.js')), 'the bundle is committed').toBe(true)
  return actionCopy
}

/** The runner's environment for the inputs given (`fail-on: warning` as `INPUT_FAIL-ON`), every other input at its default. */
function inputEnvironment(given: Record<string, string>): Record<string, string> {
  const action = parse(readFileSync(path.join(root, 'action.yml'), 'utf8')) as { inputs: Record<string, { default: string }> }
  const values = Object.fromEntries(Object.entries(action.inputs).map(([name, spec]) => [name, spec.default]))
  for (const [key, value] of Object.entries(given)) values[key.replace(/^INPUT_/, '').toLowerCase().replace(/_/g, '-')] = value
  return Object.fromEntries(Object.entries(values).map(([name, value]) => [`INPUT_${name.toUpperCase()}`, value]))
}

function runner(name: string, inputs: Record<string, string>, event: { env?: Record<string, string>; prepare?: (workspace: string) => void } = {}) {
  const dir = path.join(scratch, name)
  const workspace = path.join(dir, 'workspace')
  cpSync(path.join(root, 'examples'), workspace, { recursive: true })
  event.prepare?.(workspace)
  const files = { output: path.join(dir, 'github_output'), summary: path.join(dir, 'step_summary') }
  writeFileSync(files.output, '')
  writeFileSync(files.summary, '')
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('GITHUB_') && !key.startsWith('INPUT_')))
  const result = spawnSync(process.execPath, [path.join(actionCheckout(), 'bin', 'iac-lint-action.js')], {
    cwd: dir,
    encoding: 'utf8',
    env: {
      ...inherited,
      NO_COLOR: '',
      FORCE_COLOR: '',
      GITHUB_ACTIONS: 'true',
      GITHUB_WORKSPACE: workspace,
      GITHUB_OUTPUT: files.output,
      GITHUB_STEP_SUMMARY: files.summary,
      GITHUB_SERVER_URL: 'https://github.com',
      GITHUB_REPOSITORY: 'acme/infra',
      GITHUB_SHA: '3f2a9c1d',
      GITHUB_ACTION_PATH: actionCheckout(),
      ...event.env,
      ...inputEnvironment(inputs),
    },
  })
  return {
    code: result.status,
    stdout: result.stdout,
    stderr: result.stderr,
    workspace,
    outputs: parseOutputs(readFileSync(files.output, 'utf8')),
    summary: readFileSync(files.summary, 'utf8'),
  }
}

describe('the action entry point in a simulated runner', () => {
  it('annotates, writes SARIF, the outputs and the job summary, and fails on errors', () => {
    const run = runner('defaults', { INPUT_PATH: '.', INPUT_FAIL_ON: 'error', INPUT_SARIF_FILE: 'iac-lint.sarif', INPUT_ANNOTATIONS: 'true' })
    expect(run.stderr).toBe('')
    expect(run.code).toBe(1)
    expect(run.stdout).toMatch(/^::error file=cloudformation\/public-alb-lambda\.yaml,line=\d+,endLine=\d+,(?:col=\d+,endColumn=\d+,)?title=iac-lint%3A alb-lambda-unauthenticated::Listener rule /m)
    expect(run.stdout).toMatch(/^::warning file=cloudformation\/orders-sam\.yaml,/m)

    const sarifPath = path.join(run.workspace, 'iac-lint.sarif')
    const log = JSON.parse(readFileSync(sarifPath, 'utf8')) as { runs: Array<{ results: Array<{ level: string }> }> }
    expect(validateSarif(log)).toEqual([])
    const results = log.runs[0]!.results
    expect(results.length).toBeGreaterThan(4)

    expect(run.outputs).toEqual({
      'sarif-file': 'iac-lint.sarif',
      findings: String(results.length),
      errors: String(results.filter((result) => result.level === 'error').length),
      warnings: String(results.filter((result) => result.level === 'warning').length),
      notes: String(results.filter((result) => result.level === 'note').length),
    })

    // Written by the CLI (src/cli/main.ts appends renderMarkdown to $GITHUB_STEP_SUMMARY), not by the action.
    expect(run.summary).toMatch(/^## iac-lint\n/)
    expect(run.summary).toContain('](https://github.com/acme/infra/blob/3f2a9c1d/cloudformation/public-alb-lambda.yaml#L')
    expect(run.summary).toContain('```mermaid\nflowchart LR\n')
  })

  it('adds the front-door advice to the log and the job summary on request, keeping the scan\'s exit code', () => {
    const run = runner('front-doors', { INPUT_FRONT_DOORS: 'true' })
    expect(run.stderr).toBe('')
    expect(run.code).toBe(1)
    expect(run.stdout).toMatch(/^8 front doors: 5 keep, 3 move to an Application Load Balancer\.$/m)
    expect(run.summary).toMatch(/^## iac-lint\n/)
    expect(run.summary).toContain('\n## iac-lint front doors\n\n8 front doors: 5 keep, 3 move to an Application Load Balancer.\n')
  })

  it('prints the text report instead of annotations when they are off, and passes with fail-on none', () => {
    const run = runner('quiet', { INPUT_ANNOTATIONS: 'false', INPUT_FAIL_ON: 'none', INPUT_SARIF_FILE: 'out.sarif' })
    expect(run.code).toBe(0)
    expect(run.stdout).toMatch(/✖ \d+ problems/)
    expect(run.stdout).not.toMatch(/^::/m)
    expect(existsSync(path.join(run.workspace, 'out.sarif'))).toBe(true)
    expect(run.outputs['sarif-file']).toBe('out.sarif')
  })

  it('fails with exit 2 and an annotation on a bad input, writing no outputs', () => {
    const run = runner('bad-input', { INPUT_ANNOTATIONS: 'sometimes' })
    expect(run.code).toBe(2)
    expect(run.stdout).toBe('::error title=iac-lint::input "annotations" must be true or false, not "sometimes"\n')
    expect(run.outputs).toEqual({})
  })

  it('on a pull_request event, reports only what the pull request brings since its base', () => {
    const git = (cwd: string, ...args: string[]) => execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })
    const event = {
      env: { GITHUB_EVENT_NAME: 'pull_request', GITHUB_BASE_REF: 'main', GITHUB_HEAD_REF: 'feature' },
      prepare(workspace: string) {
        git(workspace, 'init', '-q', '-b', 'main')
        git(workspace, 'config', 'user.name', 'Action Test')
        git(workspace, 'config', 'user.email', 'action@example.com')
        git(workspace, 'config', 'commit.gpgsign', 'false')
        git(workspace, 'add', '-A')
        git(workspace, 'commit', '-q', '-m', 'base')
        // What actions/checkout leaves after fetching the base: the base branch as a remote branch.
        git(workspace, 'update-ref', 'refs/remotes/origin/main', 'HEAD')
        git(workspace, 'checkout', '-q', '-b', 'feature')
        const review = path.join(root, 'test', 'fixtures', 'review')
        const alb = readFileSync(path.join(review, 'alb.yaml'), 'utf8')
        writeFileSync(path.join(workspace, 'cloudformation', 'portal.yaml'), `${alb.trimEnd()}\n${readFileSync(path.join(review, 'public-rule.yaml'), 'utf8')}`)
        git(workspace, 'add', '-A')
        git(workspace, 'commit', '-q', '-m', 'a public route')
      },
    }
    const whole = runner('pull-request-whole', { 'INPUT_CHANGED-SINCE': 'none' }, event)
    const run = runner('pull-request', {}, event)
    expect(run.stderr).toMatch(/^note: --changed-since origin\/main: 1 changed file since [0-9a-f]{12}$/m)
    expect(run.code).toBe(1)
    const results = (JSON.parse(readFileSync(path.join(run.workspace, 'iac-lint.sarif'), 'utf8')) as { runs: Array<{ results: Array<{ ruleId: string; locations: Array<{ physicalLocation: { artifactLocation: { uri: string } } }> }> }> }).runs[0]!.results
    // The new file has findings besides the route's (its load balancer has no WAF): new, so reported too.
    expect(results.map((result) => result.locations[0]!.physicalLocation.artifactLocation.uri)).toEqual(results.map(() => 'cloudformation/portal.yaml'))
    expect(results.map((result) => result.ruleId)).toContain('alb-lambda-unauthenticated')
    expect(Number(run.outputs.findings)).toBe(results.length)
    expect(Number(whole.outputs.findings)).toBeGreaterThan(results.length)
    expect(run.stdout).not.toMatch(/^::\w+ file=cloudformation\/public-alb-lambda\.yaml/m)
  })

  it('passes a bad fail-on level to the CLI, which rejects it with exit 2', () => {
    const run = runner('bad-fail-on', { INPUT_FAIL_ON: 'sometimes' })
    expect(run.code).toBe(2)
    expect(run.stderr).toMatch(/--fail-on must be one of/)
    expect(run.outputs).toEqual({})
  })
})
