import { spawnSync } from 'node:child_process'
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeEach, describe, expect, it } from 'vitest'
import { validateSarif } from './sarif-schema.js'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const bin = path.join(root, 'bin', 'iac-lint.js')
const fixtures = path.join(root, 'test', 'fixtures', 'workflow')
const scratchRoot = mkdtempSync(path.join(os.tmpdir(), 'iac-lint-workflow-'))
afterAll(() => rmSync(scratchRoot, { recursive: true, force: true }))

let work = ''
let counter = 0
beforeEach(() => {
  work = path.join(scratchRoot, String(counter++))
  mkdirSync(path.join(work, '.git'), { recursive: true })
})

function cli(args: string[], options: { cwd?: string; input?: string; env?: Record<string, string> } = {}) {
  const result = spawnSync(process.execPath, [bin, ...args], {
    cwd: options.cwd ?? work,
    encoding: 'utf8',
    input: options.input,
    env: { ...process.env, NO_COLOR: '1', GITHUB_STEP_SUMMARY: '', ...options.env },
  })
  return { code: result.status, stdout: result.stdout, stderr: result.stderr }
}

function put(name: string, from?: string, text?: string): string {
  const target = path.join(work, name)
  mkdirSync(path.dirname(target), { recursive: true })
  if (from) copyFileSync(path.join(fixtures, from), target)
  else writeFileSync(target, text ?? '')
  return target
}

interface JsonOut {
  summary: { suppressed: number; warnings: number; notes: number; errors: number; baseline?: { absorbed: number; stale: number } }
  findings: Array<{ ruleId: string; level: string; range: { line: number }; message: string; suppressed?: { kind: string; justification: string } }>
}

function json(args: string[], options: Parameters<typeof cli>[1] = {}): JsonOut {
  return JSON.parse(cli([...args, '-f', 'json'], options).stdout) as JsonOut
}

// stages.yaml is about the unthrottled stage: the tests that count its findings run only that rule.
const THROTTLING = ['--rule', 'apigw-stage-no-throttling']

describe('configuration', () => {
  it('is found upward to the repository root and sets levels', () => {
    put('infra/stages.yaml', 'stages.yaml')
    put('.iac-lint.yaml', undefined, 'rules:\n  apigw-stage-no-throttling: error\n')
    const nested = cli(['scan', '.'], { cwd: path.join(work, 'infra') })
    expect(nested.code).toBe(1)
    expect(nested.stdout).toMatch(/error\s+Stage live/)
  })

  it('stops at the repository root', () => {
    mkdirSync(path.join(work, 'repo', '.git'), { recursive: true })
    put('repo/stages.yaml', 'stages.yaml')
    put('.iac-lint.yaml', undefined, 'rules:\n  apigw-stage-no-throttling: error\n')
    expect(cli(['scan', '.'], { cwd: path.join(work, 'repo') }).code).toBe(0)
  })

  it('turns rules off, ignores globs, and --config overrides discovery', () => {
    put('stages.yaml', 'stages.yaml')
    put('generated/copy.yaml', 'stages.yaml')
    put('.iac-lint.yaml', undefined, 'ignore: ["generated/**"]\n')
    put('strict.json', undefined, '{ "failOn": "warning" }\n')
    // --rule would turn the rule back on over the configuration, so the stage's other finding is disabled instead.
    const others = ['--disable-rule', 'apigw-access-logging-disabled']
    const ignored = json(['scan', '.', ...others])
    expect(ignored.findings.map((finding) => finding.ruleId)).toEqual(['apigw-stage-no-throttling'])
    expect(cli(['scan', '.', '-c', 'strict.json', ...others]).code).toBe(1)
    put('.iac-lint.yaml', undefined, 'rules:\n  apigw-stage-no-throttling: off\n')
    expect(json(['scan', '.', ...others]).findings).toHaveLength(0)
  })

  it.each([
    ['rules:\n  apigw-stage-no-throttling: loud\n', /\.iac-lint\.yaml:2:30: rules\.apigw-stage-no-throttling must be one of/],
    ['rules:\n  no-such-rule: off\n', /\.iac-lint\.yaml:2:3: rules\.no-such-rule is not a rule/],
    ['extends: recommended\nfailOn: sometimes\n', /\.iac-lint\.yaml:2:9: failOn must be one of/],
    ['resources:\n  Api:\n    traffic: { requestsPerSecond: -1 }\n', /\.iac-lint\.yaml:3:35: resources\.Api\.traffic\.requestsPerSecond must be > 0/],
    ['colour: blue\n', /\.iac-lint\.yaml:1:1: colour is not a known key/],
    ['rules: [\n', /\.iac-lint\.yaml:\d+:\d+: /],
  ])('rejects a bad configuration with the key path and line: %j', (text, pattern) => {
    put('stages.yaml', 'stages.yaml')
    put('.iac-lint.yaml', undefined, text)
    const { code, stderr } = cli(['scan', '.'])
    expect(code).toBe(2)
    expect(stderr).toMatch(pattern)
    expect(stderr.trim().split('\n')).toHaveLength(1)
  })

  it('applies declarations and prices from configuration', () => {
    put('public-alb.yaml', 'public-alb.yaml')
    const before = json(['scan', '.'])
    const ids = (report: typeof before): string[] => report.findings.map((finding) => finding.ruleId)
    // The public load balancer's findings; the declarations below must turn them off and the cost rule on.
    expect(ids(before)).toContain('alb-lambda-unauthenticated')
    expect(ids(before)).not.toContain('apigw-high-traffic-cost')
    put(
      '.iac-lint.yaml',
      undefined,
      'resources:\n  Alb: { exposure: internal }\n  Api:\n    traffic: { requestsPerSecond: 2000 }\n',
    )
    const declared = json(['scan', '.'])
    // Only the exposure-dependent ones: the target group registering Fn before any invoke permission fails a deployment wherever the load balancer is.
    expect(ids(declared).filter((id) => id.startsWith('alb-'))).toEqual(['alb-lambda-permission-order'])
    expect(ids(declared)).toContain('apigw-high-traffic-cost')
    expect(declared.findings.find((finding) => finding.ruleId === 'apigw-high-traffic-cost')!.message).toMatch(/At 2,000 req\/s \(5\.3 B requests a month, declared\) REST API Api costs about \$13,\d{3} a month/)
    put(
      '.iac-lint.yaml',
      undefined,
      'resources:\n  Api:\n    traffic: { requestsPerSecond: 2000 }\npricing:\n  rest: [{ upToMillions: unlimited, perMillion: 1 }]\n',
    )
    const priced = json(['scan', '.'])
    expect(priced.findings.find((finding) => finding.ruleId === 'apigw-high-traffic-cost')!.message).toMatch(/costs about \$5,256\.00 a month/)
  })

  it('init writes a starter configuration that validates, and never overwrites', () => {
    expect(cli(['init']).code).toBe(0)
    const written = readFileSync(path.join(work, '.iac-lint.yaml'), 'utf8')
    put('stages.yaml', 'stages.yaml')
    expect(cli(['scan', '.']).code).toBe(0)
    const again = cli(['init'])
    expect(again.code).toBe(2)
    expect(again.stderr).toMatch(/already exists/)
    expect(readFileSync(path.join(work, '.iac-lint.yaml'), 'utf8')).toBe(written)
  })
})

describe('suppressions', () => {
  it('silences findings with reasons, keeps them marked, and notes expired, reasonless and unused ones', () => {
    put('suppressed.yaml', 'suppressed.yaml')
    const out = json(['scan', '.'])
    const view = out.findings.map((finding) => `${finding.range.line} ${finding.ruleId}${finding.suppressed ? ` [${finding.suppressed.justification}]` : ''}`)
    expect(view).toEqual([
      '6 suppression-unused',
      // A suppression silences the rule it names only: the stages' access logging is still reported.
      '15 apigw-access-logging-disabled',
      '15 apigw-stage-no-throttling [the load test stage is throttled by the client]',
      '20 suppression-expired',
      '21 apigw-access-logging-disabled',
      '21 apigw-stage-no-throttling',
      '26 apigw-access-logging-disabled',
      '26 apigw-stage-no-throttling []',
      '26 suppression-without-reason',
      '31 apigw-access-logging-disabled',
      '31 apigw-stage-no-throttling [internal callers only]',
      '40 suppression-unused',
      '41 apigw-route-unauthenticated [public health check]',
      '46 apigw-route-unauthenticated',
    ])
    expect(out.summary.suppressed).toBe(4)
    expect(out.summary.warnings).toBe(2)
  })

  it('leaves suppressed findings out of SARIF, and with --sarif-include-suppressed carries them as inSource with the justification', () => {
    put('suppressed.yaml', 'suppressed.yaml')
    type Log = { runs: Array<{ results: Array<{ suppressions?: Array<{ kind: string; justification: string }> }> }> }
    const omitted = JSON.parse(cli(['scan', '.', '-f', 'sarif']).stdout) as Log
    expect(validateSarif(omitted)).toEqual([])
    expect(omitted.runs[0]!.results.filter((result) => result.suppressions)).toEqual([])
    const log = JSON.parse(cli(['scan', '.', '-f', 'sarif', '--sarif-include-suppressed']).stdout) as Log
    expect(validateSarif(log)).toEqual([])
    const suppressed = log.runs[0]!.results.filter((result) => result.suppressions)
    expect(suppressed).toHaveLength(4)
    expect(log.runs[0]!.results).toHaveLength(omitted.runs[0]!.results.length + 4)
    expect(suppressed[0]!.suppressions![0]).toMatchObject({ kind: 'inSource', justification: 'the load test stage is throttled by the client' })
  })

  it('counts suppressed findings in the text summary and does not fail on them', () => {
    put('suppressed.yaml', 'suppressed.yaml')
    const { code, stdout } = cli(['scan', '.', '--fail-on', 'warning', '--disable-rule', 'apigw-access-logging-disabled'])
    expect(code).toBe(1)
    expect(stdout).toMatch(/✖ 6 problems \(0 errors, 2 warnings, 4 notes\) 4 suppressed\./)
    expect(stdout).not.toContain('Stage loadtest')
  })
})

describe('baselines', () => {
  it('records findings, then fails only on new ones, matching moved lines but not other files', () => {
    put('stages.yaml', 'stages.yaml')
    const written = cli(['scan', '.', '--write-baseline', 'baseline.json', ...THROTTLING])
    expect(written.code).toBe(0)
    expect(written.stderr).toMatch(/wrote 1 findings to baseline\.json/)

    const clean = cli(['scan', '.', '--baseline', 'baseline.json', '--fail-on', 'warning', ...THROTTLING])
    expect(clean.code).toBe(0)
    expect(clean.stdout).toMatch(/No problems found in 2 files \(1 template\)\. 1 finding in the baseline\./)

    const moved = readFileSync(path.join(fixtures, 'stages.yaml'), 'utf8').replace('Resources:\n', 'Resources:\n  Topic:\n    Type: AWS::SNS::Topic\n')
    put('stages.yaml', undefined, moved)
    expect(cli(['scan', '.', '--baseline', 'baseline.json', '--fail-on', 'warning', ...THROTTLING]).code).toBe(0)

    put('copy/stages.yaml', 'stages.yaml')
    const added = json(['scan', '.', '--baseline', 'baseline.json', ...THROTTLING])
    expect(added.summary.baseline).toEqual({ absorbed: 1, stale: 0 })
    expect(added.findings.filter((finding) => !finding.suppressed)).toHaveLength(1)
    expect(cli(['scan', '.', '--baseline', 'baseline.json', '--fail-on', 'warning', ...THROTTLING]).code).toBe(1)
  })

  it('counts stale entries', () => {
    put('stages.yaml', 'stages.yaml')
    cli(['scan', '.', '--write-baseline', 'baseline.json', ...THROTTLING])
    rmSync(path.join(work, 'stages.yaml'))
    put('other.yaml', 'public-alb.yaml')
    const out = json(['scan', '.', '--baseline', 'baseline.json', ...THROTTLING])
    expect(out.summary.baseline).toEqual({ absorbed: 0, stale: 1 })
  })

  it('rejects a file that is not a baseline', () => {
    put('stages.yaml', 'stages.yaml')
    put('baseline.json', undefined, '{"findings": 3}')
    const { code, stderr } = cli(['scan', '.', '--baseline', 'baseline.json'])
    expect(code).toBe(2)
    expect(stderr).toMatch(/baseline\.json is not an iac-lint baseline/)
  })
})

describe('ESLint-style knobs', () => {
  it('--max-warnings fails when there are more warnings than allowed', () => {
    put('stages.yaml', 'stages.yaml')
    expect(cli(['scan', '.', '--max-warnings', '1']).code).toBe(0)
    const over = cli(['scan', '.', '--max-warnings', '0'])
    expect(over.code).toBe(1)
    expect(over.stderr).toMatch(/too many warnings \(more than 0\)/)
    expect(cli(['scan', '.', '--max-warnings', 'many']).code).toBe(2)
  })

  it('--stdin scans standard input under --stdin-filename', () => {
    const input = readFileSync(path.join(fixtures, 'stages.yaml'), 'utf8')
    const { code, stdout } = cli(['scan', '--stdin', '--stdin-filename', 'infra/api.yaml', '-f', 'json', ...THROTTLING], { input })
    expect(code).toBe(0)
    const out = JSON.parse(stdout) as { findings: Array<{ file: string; ruleId: string }> }
    expect(out.findings).toEqual([expect.objectContaining({ file: 'infra/api.yaml', ruleId: 'apigw-stage-no-throttling' })])
    expect(cli(['scan', '--stdin', 'x.yaml'], { input }).code).toBe(2)
  })

  it('writes several formats in one run', () => {
    put('stages.yaml', 'stages.yaml')
    const { code, stdout } = cli(['scan', '.', '-f', 'text', '-f', 'sarif=out/results.sarif'.replace('out/', ''), '-f', 'json=results.json', ...THROTTLING])
    expect(code).toBe(0)
    expect(stdout).toMatch(/Stage live/)
    expect(validateSarif(JSON.parse(readFileSync(path.join(work, 'results.sarif'), 'utf8')))).toEqual([])
    expect((JSON.parse(readFileSync(path.join(work, 'results.json'), 'utf8')) as JsonOut).findings).toHaveLength(1)
    const twice = cli(['scan', '.', '-f', 'text', '-f', 'json'])
    expect(twice.code).toBe(2)
    expect(twice.stderr).toMatch(/only one format can go to standard output/)
  })
})
