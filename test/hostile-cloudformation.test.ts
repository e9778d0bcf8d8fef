/**
 * Hostile CloudFormation and hostile reading: reference cycles, values that double at each step,
 * failures inside one file's analysis, unreadable and special files, multi-document YAML, odd
 * baselines and suppressions. Each case is a reproduction of a report: before the fix it ended the
 * whole scan (exit 2, a stack overflow), ran out of memory or hung. Now the hostile file gets one
 * finding and the rest of the scan is unchanged.
 */
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { execFileSync } from 'node:child_process'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { defineRule, rules, scan, scanText, type Finding } from '../src/index.js'
import { defaultConfig, loadConfigValidator, parseConfig } from '../src/engine/config.js'
import { isCalendarDate } from '../src/findings/suppressions.js'
import { cli, expectCleanExit, jsonReport, repoRoot, type Run } from './cli-run.js'
import type { JsonReport } from '../src/report/index.js'

// parseConfig needs the validator, which loadConfig loads for a scan.
await loadConfigValidator()

const scratch = mkdtempSync(path.join(os.tmpdir(), 'iac-lint-hostile-cfn-'))
afterAll(() => rmSync(scratch, { recursive: true, force: true }))

const GOOD = path.join(repoRoot, 'examples', 'cloudformation', 'public-alb-lambda.yaml')
const HEADER = "AWSTemplateFormatVersion: '2010-09-09'\n"
/** A stage whose name comes from `value`: the model reads StageName, so the value is evaluated. */
const stageNamed = (value: string): string =>
  `Resources:\n  Api:\n    Type: AWS::ApiGatewayV2::Api\n    Properties: {Name: n, ProtocolType: HTTP}\n  Stage:\n    Type: AWS::ApiGatewayV2::Stage\n    Properties: {ApiId: !Ref Api, StageName: ${value}}\n`

function folder(name: string): string {
  const dir = path.join(scratch, name)
  mkdirSync(dir, { recursive: true })
  return dir
}

const essentials = (findings: JsonReport['findings']) => findings.map(({ ruleId, range, message }) => ({ ruleId, range, message }))

/** What the good template alone gives: every hostile case must leave it unchanged. */
let goodAlone: JsonReport['findings']
beforeAll(() => {
  goodAlone = jsonReport(cli(['scan', '-f', 'json', GOOD])).findings
  expect(goodAlone.length).toBeGreaterThan(0)
})

function doubling(count: number): string {
  const lines = [HEADER.trimEnd(), 'Parameters:', '  P0: {Type: String, Default: x}']
  for (let i = 1; i <= count; i++) lines.push(`  P${i}: {Type: CommaDelimitedList, Default: [!Ref P${i - 1}, !Ref P${i - 1}]}`)
  return `${lines.join('\n')}\n${stageNamed(`!Join [',', !Ref P${count}]`)}`
}

function nestedSub(levels: number): string {
  let expression = 'x'
  for (let i = 0; i < levels; i++) expression = `!Sub ['\${V}\${V}', {V: ${expression}}]`
  return HEADER + stageNamed(expression)
}

const CASES: Record<string, { text: string; budget: string; message: RegExp }> = {
  'parameter-cycle': {
    text: `${HEADER}Parameters:\n  A: {Type: String, Default: !Ref B}\n  B: {Type: String, Default: !Ref A}\n${stageNamed('!Ref A')}`,
    budget: 'cycle',
    message: /parameter A refers to itself through parameter B/,
  },
  'mapping-cycle': {
    text: `${HEADER}Mappings:\n  M:\n    K:\n      V: !FindInMap [M, K, V]\n${stageNamed('!FindInMap [M, K, V]')}`,
    budget: 'cycle',
    message: /mapping M\.K\.V refers to itself/,
  },
  'condition-cycle': {
    text: `${HEADER}Conditions:\n  A: !Condition B\n  B: !Not [!Condition A]\n${stageNamed("!If [A, x, y]")}`,
    budget: 'cycle',
    message: /condition [AB] refers to itself/,
  },
  'doubling-parameters': { text: doubling(40), budget: 'maxCollectionSize', message: /over limits\.maxCollectionSize \(100,000\)/ },
  'doubling-sub': { text: nestedSub(30), budget: 'maxStringLength', message: /over limits\.maxStringLength/ },
  'huge-join-delimiter': {
    text: `${HEADER}Parameters:\n  Big: {Type: String, Default: '${'d'.repeat(100_000)}'}\n  L: {Type: CommaDelimitedList, Default: '${','.repeat(50_000)}'}\n${stageNamed('!Join [!Ref Big, !Ref L]')}`,
    budget: 'maxStringLength',
    message: /5,000,000,000 characters/,
  },
  'long-parameter-chain': {
    text: (() => {
      const lines = [HEADER.trimEnd(), 'Parameters:', '  P0: {Type: String, Default: x}']
      for (let i = 1; i <= 5000; i++) lines.push(`  P${i}: {Type: String, Default: !Ref P${i - 1}}`)
      return `${lines.join('\n')}\n${stageNamed('!Ref P5000')}`
    })(),
    budget: 'maxDepth',
    message: /limits\.maxDepth \(400\)/,
  },
}

describe('evaluation budgets in CloudFormation', () => {
  const dir = folder('budgets')
  let run: Run
  let report: JsonReport
  beforeAll(() => {
    for (const [name, { text }] of Object.entries(CASES)) writeFileSync(path.join(dir, `${name}.yaml`), text)
    copyFileSync(GOOD, path.join(dir, 'good.yaml'))
    run = cli(['scan', '-f', 'json', '.'], { cwd: dir, heapMB: 256 })
    report = jsonReport(run)
  })

  it('ends the scan normally, with exit 1 and no crash', () => {
    expectCleanExit(run)
    expect(run.code).toBe(1)
  })

  it.each(Object.keys(CASES))('%s gets one evaluation-limit warning naming the budget', (name) => {
    const findings = report.findings.filter((finding) => finding.file === `${name}.yaml`)
    const limits = findings.filter((finding) => finding.ruleId === 'evaluation-limit')
    expect(limits).toHaveLength(1)
    expect(limits[0]!.level).toBe('warning')
    expect(limits[0]!.message).toMatch(CASES[name]!.message)
    expect(limits[0]!.properties?.budgets).toContain(CASES[name]!.budget)
    // The value past the budget is unknown: no rule reports on it, so nothing else about the stage name.
    expect(findings.filter((finding) => finding.ruleId === 'internal-error')).toEqual([])
  })

  it('leaves the other file of the scan unchanged', () => {
    expect(essentials(report.findings.filter((finding) => finding.file === 'good.yaml'))).toEqual(essentials(goodAlone))
  })

  it('honours a lower budget from .iac-lint.yaml and rejects one out of bounds', () => {
    const config = folder('budget-config')
    writeFileSync(path.join(config, 'small.yaml'), doubling(12))
    expect(jsonReport(cli(['scan', '-f', 'json', '.'], { cwd: config })).findings.map((finding) => finding.ruleId)).not.toContain('evaluation-limit')
    writeFileSync(path.join(config, '.iac-lint.yaml'), 'limits:\n  maxCollectionSize: 1000\n')
    const limited = jsonReport(cli(['scan', '-f', 'json', '.'], { cwd: config })).findings
    expect(limited.find((finding) => finding.ruleId === 'evaluation-limit')?.message).toMatch(/1,024 items, over limits\.maxCollectionSize \(1,000\)/)
    writeFileSync(path.join(config, '.iac-lint.yaml'), 'limits:\n  maxDepth: 100000\n')
    const rejected = cli(['scan', '.'], { cwd: config })
    expect(rejected.code).toBe(2)
    expect(rejected.stderr).toMatch(/\.iac-lint\.yaml:2:\d+: limits\.maxDepth must be <= 1000/)
  })

  it('gives the same results with worker threads', () => {
    const parallel = jsonReport(cli(['scan', '-f', 'json', '--concurrency', '2', '.'], { cwd: dir, heapMB: 256 }))
    expect(parallel.findings).toEqual(report.findings)
  })
})

describe('a failure inside one file', () => {
  const dir = folder('isolation')
  beforeAll(() => {
    copyFileSync(GOOD, path.join(dir, 'good.yaml'))
    writeFileSync(path.join(dir, 'other.yaml'), HEADER + stageNamed('v1'))
  })

  const throwing = defineRule({
    id: 'throws-on-stage',
    meta: {
      title: 'test rule',
      category: 'fit',
      defaultLevel: 'warning',
      whatItDoes: '',
      whyBad: '',
      fix: '',
      references: [],
      frameworks: ['cloudformation'],
    },
    check({ model }) {
      if (model.all('stage').length > 0) throw new RangeError('Maximum call stack size exceeded')
    },
  })

  it('becomes that file\'s internal-error finding and the scan goes on', async () => {
    const result = await scan(['.'], { cwd: dir, rules: [...rules, throwing] })
    const internal = result.findings.filter((finding) => finding.ruleId === 'internal-error')
    expect(internal.map((finding) => [path.basename(finding.location.file), finding.level])).toEqual([['other.yaml', 'error']])
    expect(internal[0]!.message).toMatch(/failed while running throws-on-stage on this file \(RangeError: Maximum call stack size exceeded\).*report it/)
    // The other rules still ran on that file, and the good file is untouched.
    expect(result.findings.some((finding) => path.basename(finding.location.file) === 'other.yaml' && finding.ruleId === 'apigw-stage-no-throttling')).toBe(true)
    const good = result.findings.filter((finding) => path.basename(finding.location.file) === 'good.yaml')
    expect(good.map((finding) => finding.ruleId)).toEqual(goodAlone.map((finding) => finding.ruleId))
  })
})

describe('reading', () => {
  it('reports a multi-document template as a parse error at the second document', () => {
    const dir = folder('multi-doc')
    writeFileSync(path.join(dir, 'two.yaml'), `${HEADER}Resources:\n  T:\n    Type: AWS::SNS::Topic\n---\n${stageNamed('v1')}`)
    writeFileSync(path.join(dir, 'trailing-marker.yaml'), `${HEADER}Resources:\n  T:\n    Type: AWS::SNS::Topic\n---\n# nothing after\n`)
    // Kubernetes-style manifests are not templates: skipped as before.
    writeFileSync(path.join(dir, 'manifest.yaml'), 'kind: ConfigMap\ndata: {Resources: x}\n---\nkind: Service\n')
    const findings = jsonReport(cli(['scan', '-f', 'json', '.'], { cwd: dir })).findings
    expect(findings.map((finding) => [finding.file, finding.ruleId, finding.range.line, finding.range.column])).toEqual([['two.yaml', 'parse-error', 5, 1]])
    expect(findings[0]!.message).toMatch(/second YAML document/)
  })

  it('applies the size limit to standard input', () => {
    const dir = folder('stdin-size')
    writeFileSync(path.join(dir, '.iac-lint.yaml'), 'maxFileSizeMB: 0.01\n')
    const text = HEADER + stageNamed('v1') + `# ${'x'.repeat(20_000)}\n`
    const findings = jsonReport(cli(['scan', '-f', 'json', '--stdin', '--stdin-filename', 'big.yaml'], { cwd: dir, input: text })).findings
    expect(findings.map((finding) => [finding.file, finding.ruleId])).toEqual([['big.yaml', 'file-too-large']])
  })

  it('reports a template cut at the size limit inside a multi-byte character', () => {
    const dir = folder('cut-multibyte')
    writeFileSync(path.join(dir, '.iac-lint.yaml'), 'maxFileSizeMB: 0.01\n')
    // The 64 KB head read to recognise a template ends in the middle of a three-byte character.
    const head = 'Resources: {}\n#  '
    expect((65_536 - Buffer.byteLength(head)) % 3).not.toBe(0)
    writeFileSync(path.join(dir, 'big.yaml'), `${head}${'€'.repeat(30_000)}\n`)
    const findings = jsonReport(cli(['scan', '-f', 'json', '.'], { cwd: dir })).findings
    expect(findings.map((finding) => [finding.file, finding.ruleId])).toEqual([['big.yaml', 'file-too-large']])
  })

  it('reports text that is not UTF-8 but reads like a template as a parse error at the bad byte', () => {
    const dir = folder('latin1')
    writeFileSync(path.join(dir, 'latin1.json'), Buffer.from('{"Resources": {\n  "Caf\xe9": {"Type": "AWS::SNS::Topic"}}}', 'latin1'))
    const findings = jsonReport(cli(['scan', '-f', 'json', '.'], { cwd: dir })).findings
    expect(findings.map((finding) => [finding.file, finding.ruleId, finding.range.line, finding.range.column])).toEqual([['latin1.json', 'parse-error', 2, 7]])
  })

  it('refuses a FIFO named on the command line without opening it', () => {
    const dir = folder('fifo')
    execFileSync('mkfifo', [path.join(dir, 'pipe.yaml')])
    copyFileSync(GOOD, path.join(dir, 'good.yaml'))
    const named = cli(['scan', 'pipe.yaml'], { cwd: dir, timeoutMs: 20_000 })
    expect(named.signal).toBeNull()
    expect(named.code).toBe(2)
    expect(named.stderr).toMatch(/^iac-lint: pipe\.yaml is not a regular file or folder/m)
    // Found in a folder, it is not a candidate at all: the scan goes on and does not block.
    expect(jsonReport(cli(['scan', '-f', 'json', '.'], { cwd: dir, timeoutMs: 20_000 })).findings.length).toBe(goodAlone.length)
  })

  it.skipIf(process.getuid?.() === 0)('reports unreadable files and folders as parse errors', () => {
    const dir = folder('unreadable')
    copyFileSync(GOOD, path.join(dir, 'secret.yaml'))
    mkdirSync(path.join(dir, 'locked'))
    chmodSync(path.join(dir, 'secret.yaml'), 0o000)
    chmodSync(path.join(dir, 'locked'), 0o000)
    try {
      const findings = jsonReport(cli(['scan', '-f', 'json', '.'], { cwd: dir })).findings
      expect(findings.map((finding) => [finding.file, finding.ruleId])).toEqual([
        ['locked', 'parse-error'],
        ['secret.yaml', 'parse-error'],
      ])
    } finally {
      chmodSync(path.join(dir, 'secret.yaml'), 0o644)
      chmodSync(path.join(dir, 'locked'), 0o755)
    }
  })
})

describe('baselines and suppressions', () => {
  it('rejects a malformed baseline entry with exit 2 and its key path', () => {
    const dir = folder('bad-baseline')
    copyFileSync(GOOD, path.join(dir, 'good.yaml'))
    for (const [findings, expected] of [
      ['[1, null]', /baseline\.json: findings\[0\] must be an object/],
      ['[{"ruleId": "x", "file": "good.yaml", "address": "A"}]', /baseline\.json: findings\[0\]\.fingerprint must be a string/],
    ] as const) {
      writeFileSync(path.join(dir, 'baseline.json'), `{"version": 1, "findings": ${findings}}`)
      const run = cli(['scan', '--baseline', 'baseline.json', 'good.yaml'], { cwd: dir })
      expect(run.code).toBe(2)
      expect(run.stderr).toMatch(expected)
    }
  })

  it('does not apply a suppression whose until= is not a real date, and says so', () => {
    const template = `${HEADER}Resources:\n  Api:\n    Type: AWS::ApiGatewayV2::Api\n    Properties: {Name: n, ProtocolType: HTTP}\n  # iac-lint-ignore apigw-stage-no-throttling until=2027-02-30 -- load test\n  Stage:\n    Type: AWS::ApiGatewayV2::Stage\n    Properties: {ApiId: !Ref Api, StageName: v1}\n`
    // The suppression names apigw-stage-no-throttling: the stage's other findings (access logs) have nothing to do with it.
    const throttling = rules.filter((rule) => rule.meta.id === 'apigw-stage-no-throttling')
    const result = scanText(template, 'stage.yaml', { rules: throttling, cwd: scratch, today: '2026-12-01' })
    const summary = result.findings.map((finding: Finding) => [finding.ruleId, finding.location.range.line, Boolean(finding.suppressed)])
    expect(summary).toEqual([
      ['suppression-invalid', 6, false],
      ['apigw-stage-no-throttling', 7, false],
    ])
    expect(isCalendarDate('2028-02-29')).toBe(true)
    expect(isCalendarDate('2027-02-29')).toBe(false)
    expect(isCalendarDate('27-03-31')).toBe(false)
  })
})

describe('configuration of limits', () => {
  it('keeps defaults when absent and reads what is given', () => {
    expect(defaultConfig(scratch).limits.evaluationSteps).toBe(2_000_000)
    expect(parseConfig('limits:\n  evaluationSteps: 50000\n', path.join(scratch, '.iac-lint.yaml')).limits.evaluationSteps).toBe(50_000)
  })

  it('has the same bounds in the schema as in the code that clamps them', async () => {
    const { limitsFrom, DEFAULT_LIMITS } = await import('../src/model/budget.js')
    const schema = JSON.parse(readFileSync(path.join(repoRoot, 'schema', 'iac-lint.schema.json'), 'utf8')) as {
      properties: { limits: { properties: Record<string, { minimum: number; maximum: number }> } }
    }
    const keys = Object.keys(DEFAULT_LIMITS).sort()
    expect(Object.keys(schema.properties.limits.properties).sort()).toEqual(keys)
    for (const key of keys) {
      const { minimum, maximum } = schema.properties.limits.properties[key]!
      expect([key, limitsFrom({ [key]: 0 })[key as keyof typeof DEFAULT_LIMITS]]).toEqual([key, minimum])
      expect([key, limitsFrom({ [key]: 1e15 })[key as keyof typeof DEFAULT_LIMITS]]).toEqual([key, maximum])
    }
  })
})

describe('--concurrency', () => {
  const files = (count: number) => Array.from({ length: count }, (_, index) => ({ file: `/t/${index}.yaml`, explicit: false }))

  it('never starts more worker threads than the machine has cores', async () => {
    const { workerCount } = await import('../src/engine/scan.js')
    const rulesModule = 'file:///rules.js'
    expect(workerCount({ rules, rulesModule, concurrency: 1000 }, 2, files(5000))).toBe(2)
    expect(workerCount({ rules, rulesModule, concurrency: 1000 }, 16, files(5000))).toBe(16)
    expect(workerCount({ rules, rulesModule, concurrency: 1 }, 16, files(5000))).toBe(1)
    expect(workerCount({ rules, rulesModule, concurrency: 1000 }, 16, files(1))).toBe(1)
  })

  it('keeps the scan on this thread when no module gives the rules to the workers', async () => {
    const { workerCount } = await import('../src/engine/scan.js')
    expect(workerCount({ rules, concurrency: 4 }, 16, files(5000))).toBe(0)
    expect(workerCount({ rules, concurrency: 'auto' }, 16, files(5000))).toBe(0)
  })

  it('starts workers on auto only with the cores, files and bytes measured to pay', async () => {
    const { autoWorkers } = await import('../src/engine/scan.js')
    const MB = 1024 * 1024
    // On 2 cores workers were measured slower at every size, the whole corpus included.
    expect(autoWorkers({ cores: 2, files: 100_000, bytes: 1000 * MB })).toBe(0)
    expect(autoWorkers({ cores: 3, files: 100_000, bytes: 1000 * MB })).toBe(0)
    expect(autoWorkers({ cores: 4, files: 999, bytes: 1000 * MB })).toBe(0)
    expect(autoWorkers({ cores: 4, files: 100_000, bytes: 8 * MB - 1 })).toBe(0)
    // This thread takes batches too, so it keeps a core; more than three workers were never measured.
    expect(autoWorkers({ cores: 4, files: 1000, bytes: 8 * MB })).toBe(3)
    expect(autoWorkers({ cores: 64, files: 100_000, bytes: 1000 * MB })).toBe(3)
  })
})

describe('init', () => {
  it('refuses a dangling .iac-lint.yaml link with a usage error and writes nothing through it', () => {
    const dir = folder('init-link')
    symlinkSync('target.yaml', path.join(dir, '.iac-lint.yaml'))
    const run = cli(['init'], { cwd: dir })
    expect(run.code).toBe(2)
    expect(run.stderr).toBe('iac-lint: .iac-lint.yaml already exists; not overwriting it\n')
    expect(existsSync(path.join(dir, 'target.yaml'))).toBe(false)
  })
})
