import { spawnSync } from 'node:child_process'
import { copyFileSync, cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { validateSarif } from './sarif-schema.js'
import { BUILTIN_RULES, rules } from '../src/index.js'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const bin = path.join(root, 'bin', 'iac-lint.js')
const fixtures = 'test/fixtures/cli'
const scratch = mkdtempSync(path.join(os.tmpdir(), 'iac-lint-cli-'))
afterAll(() => rmSync(scratch, { recursive: true, force: true }))

function cli(args: string[], env: Record<string, string> = {}) {
  const result = spawnSync(process.execPath, [bin, ...args], {
    cwd: root,
    encoding: 'utf8',
    // A JSON report of a few hundred templates is larger than spawnSync's default 1 MB buffer.
    maxBuffer: 64 * 1024 * 1024,
    env: { ...process.env, NO_COLOR: '', FORCE_COLOR: '', ...env },
  })
  return { code: result.status, stdout: result.stdout, stderr: result.stderr }
}

function expectOneLineError(stderr: string, pattern: RegExp) {
  expect(stderr).toMatch(pattern)
  expect(stderr.trim().split('\n')).toHaveLength(1)
  expect(stderr).not.toMatch(/^\s+at /m)
}

describe('iac-lint scan', () => {
  it('finds problems in the bundled examples and exits 1', () => {
    // A rule's fixtures show that it fires (test/fixtures.test.ts); the examples are a realistic
    // project, not a list of rules, so a new rule does not have to appear in them.
    const { code, stdout } = cli(['scan', 'examples'])
    expect(code).toBe(1)
    // Text output ends each finding line with its rule id.
    const found = new Set([...stdout.matchAll(/^\s+\d+:\d+\s+(?:error|warning|note)\s.*\s(\S+)$/gm)].map((match) => match[1]!))
    expect(found.size).toBeGreaterThan(0)
    const known = new Set([...rules.map((rule) => rule.meta.id), ...BUILTIN_RULES.map((meta) => meta.id)])
    expect([...found].filter((id) => !known.has(id)), 'findings of unknown rules').toEqual([])
    expect(stdout).toMatch(/✖ \d+ problems \(\d+ errors?, \d+ warnings?, \d+ notes?\)/)
    expect(stdout).not.toContain('internal-alb.yaml')
    expect(stdout).not.toContain('deploy.yml')
  })

  it('exits 0 on a clean template', () => {
    const { code, stdout, stderr } = cli(['scan', `${fixtures}/clean.yaml`])
    expect(code).toBe(0)
    expect(stdout).toMatch(/No problems found/)
    expect(stderr).toBe('')
  })

  it('honours --fail-on and --quiet', () => {
    expect(cli(['scan', `${fixtures}/warnings-only.yaml`]).code).toBe(0)
    expect(cli(['scan', '--fail-on', 'warning', `${fixtures}/warnings-only.yaml`]).code).toBe(1)
    expect(cli(['scan', '--fail-on', 'none', 'examples']).code).toBe(0)
    const quiet = cli(['scan', '--quiet', `${fixtures}/warnings-only.yaml`])
    expect(quiet.stdout).not.toContain('apigw-stage-no-throttling')
    expect(quiet.code).toBe(0)
  })

  it('reports a file that cannot be parsed as a parse-error with its line and goes on', () => {
    const { code, stdout } = cli(['scan', `${fixtures}/broken.yaml`, `${fixtures}/warnings-only.yaml`])
    expect(code).toBe(1)
    expect(stdout).toMatch(/broken\.yaml\n\s+5:\d+\s+error\s+.+parse-error/)
    expect(stdout).toContain('apigw-stage-no-throttling')
  })

  it('notes a named file that is not a template', () => {
    const { code, stderr } = cli(['scan', `${fixtures}/not-a-template.yaml`])
    expect(code).toBe(0)
    expect(stderr).toBe('note: test/fixtures/cli/not-a-template.yaml is not a CloudFormation template; skipped\n')
  })

  it('writes JSON and SARIF, to standard output or a file', () => {
    const json = cli(['scan', '-f', 'json', 'examples'])
    const parsed = JSON.parse(json.stdout) as { version: number; findings: Array<{ file: string; ruleId: string }> }
    expect(parsed.version).toBe(1)
    expect(parsed.findings.every((finding) => finding.file.startsWith('examples/'))).toBe(true)

    const output = path.join(scratch, 'out.sarif')
    const sarif = cli(['scan', '--format', 'sarif', '-o', output, 'examples'])
    expect(sarif.code).toBe(1)
    expect(sarif.stdout).toBe('')
    const log = JSON.parse(readFileSync(output, 'utf8')) as { runs: Array<{ results: unknown[] }> }
    expect(validateSarif(log)).toEqual([])
    expect(log.runs[0]!.results.length).toBeGreaterThan(4)
  })

  it('colours only when asked, and never with NO_COLOR', () => {
    const ansi = new RegExp(String.fromCharCode(27) + '\\[')
    expect(cli(['scan', 'examples']).stdout).not.toMatch(ansi)
    expect(cli(['scan', 'examples'], { FORCE_COLOR: '1' }).stdout).toMatch(ansi)
    expect(cli(['scan', 'examples'], { FORCE_COLOR: '1', NO_COLOR: '1' }).stdout).not.toMatch(ansi)
    expect(cli(['scan', '--no-color', 'examples'], { FORCE_COLOR: '1' }).stdout).not.toMatch(ansi)
  })
})

describe('usage errors exit 2 with one line and no stack trace', () => {
  it.each([
    [['scan', '-f', 'xml', 'examples'], /unknown format "xml"/],
    [['scan', '--fail-on', 'sometimes', 'examples'], /--fail-on must be one of/],
    [['scan', 'no/such/folder'], /no such file or directory: no\/such\/folder/],
    [['scan', '--bogus'], /Unknown option '--bogus'/],
    [['frobnicate'], /unknown command "frobnicate"/],
    [['paths'], /paths needs at least one file/],
  ])('%j', (args, pattern) => {
    const { code, stdout, stderr } = cli(args)
    expect(code).toBe(2)
    expect(stdout).toBe('')
    expectOneLineError(stderr, pattern)
  })
})

describe('other commands', () => {
  it('prints the version and help', () => {
    const version = (JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as { version: string }).version
    expect(cli(['--version']).stdout).toBe(`${version}\n`)
    const help = cli(['--help'])
    expect(help.code).toBe(0)
    expect(help.stdout).toContain('Usage: iac-lint')
  })

  it('lists the rules', () => {
    const { code, stdout } = cli(['rules'])
    expect(code).toBe(0)
    expect(stdout.trim().split('\n')).toHaveLength(BUILTIN_RULES.length + rules.length)
    expect(stdout).toMatch(/^evaluation-limit\s+warning\s+input\s+Evaluation stopped at a work budget$/m)
    expect(stdout).toMatch(/^alb-lambda-unauthenticated\s+error\s+security\s+Internet-facing ALB/m)
  })

  it('prints request paths with exposure, checks and targets', () => {
    const { code, stdout } = cli(['paths', 'examples/cloudformation/public-alb-lambda.yaml'])
    expect(code).toBe(0)
    expect(stdout).toContain('Listener rule AdminRule (path-pattern /admin/*)')
    expect(stdout).toMatch(/AdminRule[^\n]*\n\s+exposure: public via load balancer LoadBalancer, port 443\n\s+checks:\s+authenticate-cognito action/)
    expect(stdout).toMatch(/ReportsRule[^\n]*\n[^\n]*\n\s+checks:\s+none\n\s+target:\s+target group ReportsTargetGroup \(lambda\) → function ReportsFunction/)
  })
})

describe('parallel scans', () => {
  it('give the same output with worker threads as without, Terraform roots and plans among the templates', () => {
    const tree = path.join(scratch, 'many')
    const sources = [
      'examples/cloudformation/orders-sam.yaml',
      'examples/cloudformation/public-alb-lambda.yaml',
      'examples/cloudformation/catalog-api.json',
      `${fixtures}/broken.yaml`,
    ]
    for (let i = 0; i < 240; i++) {
      const source = sources[i % sources.length]!
      const target = path.join(tree, String(i % 7), `${i}-${path.basename(source)}`)
      mkdirSync(path.dirname(target), { recursive: true })
      copyFileSync(path.join(root, source), target)
    }
    // Root modules (one with a module of its own) and a plan that links back to its root module,
    // between the templates: workers must hand the plan back to the thread that read the sources.
    for (const folder of ['2', '5']) {
      cpSync(path.join(root, 'examples/terraform'), path.join(tree, folder, 'terraform'), { recursive: true })
      cpSync(path.join(root, 'test/fixtures/terraform/plan-and-sources'), path.join(tree, folder, 'plan-and-sources'), { recursive: true })
    }
    const serial = cli(['scan', '-f', 'json', '--concurrency', 'off', tree])
    const findings = (JSON.parse(serial.stdout) as { findings: Array<{ file: string; related?: Array<{ message: string }> }> }).findings
    expect(findings.length).toBeGreaterThan(240)
    expect(findings.filter((finding) => finding.file.endsWith('terraform/main.tf')).length).toBeGreaterThan(0)
    expect(findings.filter((finding) => finding.file.endsWith('plan-and-sources/main.tf') && finding.related?.some((related) => related.message === 'Terraform plan'))).toHaveLength(6)
    for (const workers of ['1', '2']) {
      const parallel = cli(['scan', '-f', 'json', '--concurrency', workers, tree])
      expect(parallel.code).toBe(1)
      expect(parallel.stderr).toBe(serial.stderr)
      // The whole text, so that an order that differs fails too.
      expect(parallel.stdout).toBe(serial.stdout)
    }
    expect(cli(['scan', '--concurrency', 'many', tree]).code).toBe(2)
  })
})
