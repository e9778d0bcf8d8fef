/**
 * SARIF as GitHub code scanning takes it (docs/github.md): results capped at 25,000 per run with
 * the most severe kept, related locations capped, the category in automationDetails.id,
 * primaryLocationLineHash as the upload action computes it, and suppressed and baselined
 * findings left out unless asked for.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Finding, ScanResult } from '../src/core/types.js'
import { lineHashes } from '../src/findings/line-hash.js'
import { renderSarif, SARIF_MAX_RELATED_LOCATIONS, SARIF_MAX_RESULTS, type SarifLog } from '../src/report/sarif.js'
import { cli, expectCleanExit, repoRoot } from './cli-run.js'
import { validateSarif } from './sarif-schema.js'

interface Result {
  ruleId: string
  level: string
  locations: Array<{ physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }>
  relatedLocations?: unknown[]
  partialFingerprints: Record<string, string>
  baselineState?: string
  suppressions?: Array<{ kind: string }>
  properties?: Record<string, unknown>
}
interface Run {
  automationDetails: { id: string }
  invocations: Array<{ executionSuccessful: boolean; toolExecutionNotifications?: Array<{ level: string; message: { text: string } }> }>
  results: Result[]
}

const scratch = mkdtempSync(path.join(os.tmpdir(), 'iac-lint-sarif-github-'))
afterAll(() => rmSync(scratch, { recursive: true, force: true }))

let folderCount = 0
function folder(): string {
  const dir = path.join(scratch, String(folderCount++))
  mkdirSync(path.join(dir, '.git'), { recursive: true })
  return dir
}

function sarifOf(args: string[], cwd: string): { run: Run; log: SarifLog; stderr: string } {
  const result = cli(['scan', '-f', 'sarif', ...args], { cwd, timeoutMs: 240_000 })
  expectCleanExit(result)
  const log = JSON.parse(result.stdout) as SarifLog
  return { run: log.runs[0] as unknown as Run, log, stderr: result.stderr }
}

const STAGES = (count: number, from = 0): string =>
  Array.from({ length: count }, (_, index) => `  Stage${from + index}:\n    Type: AWS::ApiGatewayV2::Stage\n    Properties: {ApiId: !Ref Api, StageName: s${from + index}}\n`).join('')

/** The stage templates below are about unthrottled stages: tests that count their results run only that rule. */
const THROTTLING = ['--rule', 'apigw-stage-no-throttling']

const HEADER = "AWSTemplateFormatVersion: '2010-09-09'\nResources:\n  Api:\n    Type: AWS::ApiGatewayV2::Api\n    Properties: {Name: demo, ProtocolType: HTTP}\n"

describe('primaryLocationLineHash', () => {
  // The upload action's own test vectors (github/codeql-action src/fingerprints.test.ts).
  const hashes = (text: string): string[] => [...lineHashes(text).entries()].sort(([a], [b]) => a - b).map(([, value]) => value)

  it('matches the upload action on its test inputs', () => {
    expect(hashes('')).toEqual(['c129715d7a2bc9a3:1'])
    expect(hashes(' a\nb\n  \t\tc\n d')).toEqual(['271789c17abda88f:1', '54703d4cd895b18:1', '180aee12dab6264:1', 'a23a3dc5e078b07b:1'])
    const crlf = [
      'e9496ae3ebfced30:1',
      'fb7c023a8b9ccb3f:1',
      'ce8ba1a563dcdaca:1',
      'e20e36e16fcb0cc8:1',
      'b3edc88f2938467e:1',
      'c8e28b0b4002a3a0:1',
      'c129715d7a2bc9a3:1',
    ]
    expect(hashes(' hello; \t\nworld!!!\n\n\n  \t\tGreetings\n End\n')).toEqual(crlf)
    expect(hashes(' hello; \t\r\nworld!!!\r\n\r\n\r\n  \t\tGreetings\r\n End\r\n')).toEqual(crlf)
    expect(hashes(' hello; \t\nworld!!!\r\r\r  \t\tGreetings\r End\r')).toEqual(crlf)
  })

  it('counts repeated lines apart', () => {
    expect(hashes('Lorem ipsum dolor sit amet.\n'.repeat(10))).toEqual([
      ...[1, 2, 3, 4, 5, 6].map((count) => `a7f2ff13bc495cf2:${count}`),
      'a7f2ff1481e87703:1',
      'a9cf91f7bbf1862b:1',
      '55ec222b86bcae53:1',
      'cc97dc7b1d7d8f7b:1',
      'c129715d7a2bc9a3:1',
    ])
  })

  it('stops at the last line asked for with the same values', () => {
    const text = 'Lorem ipsum dolor sit amet.\n'.repeat(10)
    const early = lineHashes(text, 3)
    expect(early.get(3)).toBe('a7f2ff13bc495cf2:3')
    expect(early.has(9)).toBe(false)
  })

  it('is written for the line of each result, from the file on disk, and left out for --stdin', () => {
    const dir = folder()
    const text = `${HEADER}${STAGES(2)}`
    writeFileSync(path.join(dir, 'stages.yaml'), text)
    const { run, log } = sarifOf(['stages.yaml', ...THROTTLING], dir)
    expect(validateSarif(log)).toEqual([])
    const expected = lineHashes(text)
    expect(run.results).toHaveLength(2)
    for (const result of run.results) {
      const line = result.locations[0]!.physicalLocation.region.startLine
      expect(result.partialFingerprints.primaryLocationLineHash).toBe(expected.get(line))
      expect(result.partialFingerprints['iacLint/v2']).toMatch(/^[0-9a-f]{32}$/)
    }
    const fromStdin = cli(['scan', '-f', 'sarif', '--stdin', '--stdin-filename', 'stages.yaml', ...THROTTLING], { cwd: dir, input: text })
    const stdinRun = (JSON.parse(fromStdin.stdout) as SarifLog).runs[0] as unknown as Run
    expect(stdinRun.results).toHaveLength(2)
    for (const result of stdinRun.results) expect(result.partialFingerprints.primaryLocationLineHash).toBeUndefined()
  })
})

describe('automationDetails.id', () => {
  it('is iac-lint/ by default and <category>/ with --sarif-category', () => {
    const dir = folder()
    copyFileSync(path.join(repoRoot, 'test', 'fixtures', 'cli', 'clean.yaml'), path.join(dir, 'clean.yaml'))
    expect(sarifOf(['clean.yaml'], dir).run.automationDetails).toEqual({ id: 'iac-lint/' })
    const custom = sarifOf(['clean.yaml', '--sarif-category', 'infra/prod'], dir)
    expect(custom.run.automationDetails).toEqual({ id: 'infra/prod/' })
    expect(validateSarif(custom.log)).toEqual([])
    expect(sarifOf(['clean.yaml', '--sarif-category', 'infra/'], dir).run.automationDetails).toEqual({ id: 'infra/' })
  })

  it('rejects a category with spaces', () => {
    const dir = folder()
    const result = cli(['scan', '-f', 'sarif', '--sarif-category', 'my infra', '.'], { cwd: dir })
    expect(result.code).toBe(2)
    expect(result.stderr).toMatch(/^iac-lint: --sarif-category needs a name/)
    expect(result.stdout).toBe('')
  })
})

describe('suppressed and baselined findings', () => {
  it('are left out with a notification, and kept with suppressions and baselineState when asked for', () => {
    const dir = folder()
    writeFileSync(path.join(dir, 'stages.yaml'), `${HEADER}${STAGES(2)}`)
    const baseline = path.join(dir, 'baseline.json')
    expectCleanExit(cli(['scan', 'stages.yaml', '--write-baseline', baseline, ...THROTTLING], { cwd: dir }))
    writeFileSync(path.join(dir, 'stages.yaml'), `${HEADER}${STAGES(3)}`)

    const omitted = sarifOf(['stages.yaml', '--baseline', baseline, ...THROTTLING], dir)
    expect(validateSarif(omitted.log)).toEqual([])
    expect(omitted.run.results).toHaveLength(1)
    expect(omitted.run.results[0]).toMatchObject({ baselineState: 'new' })
    expect(omitted.run.results[0]!.suppressions).toBeUndefined()
    expect(omitted.run.invocations[0]!.toolExecutionNotifications).toEqual([
      { level: 'note', message: { text: expect.stringMatching(/^2 suppressed or baselined findings left out/) as unknown as string } },
    ])

    const kept = sarifOf(['stages.yaml', '--baseline', baseline, '--sarif-include-suppressed', ...THROTTLING], dir)
    expect(validateSarif(kept.log)).toEqual([])
    expect(kept.run.results.map((result) => [result.baselineState, result.suppressions?.[0]?.kind])).toEqual([
      ['unchanged', 'external'],
      ['unchanged', 'external'],
      ['new', undefined],
    ])
    expect(kept.run.invocations[0]!.toolExecutionNotifications).toBeUndefined()
  })

  it('have no baselineState without a baseline', () => {
    const dir = folder()
    writeFileSync(path.join(dir, 'stages.yaml'), `${HEADER}${STAGES(1)}`)
    const { run } = sarifOf(['stages.yaml', ...THROTTLING], dir)
    expect(run.results).toHaveLength(1)
    expect(run.results[0]!.baselineState).toBeUndefined()
  })
})

describe('GitHub limits', () => {
  let dir: string
  let big: { run: Run; log: SarifLog; stderr: string }
  let json: { findings: Array<{ level: string }> }

  beforeAll(() => {
    // 25,100 warnings in one template, and errors in a file sorted after it: cutting the sorted
    // list at 25,000 would lose the errors.
    dir = folder()
    writeFileSync(path.join(dir, 'many.yaml'), `${HEADER}${STAGES(25_100)}`)
    copyFileSync(path.join(repoRoot, 'examples', 'cloudformation', 'public-alb-lambda.yaml'), path.join(dir, 'zz-public-alb.yaml'))
    const jsonFile = path.join(dir, 'out.json')
    big = sarifOf(['-f', `json=${jsonFile}`, '.'], dir)
    json = JSON.parse(readFileSync(jsonFile, 'utf8')) as typeof json
  }, 300_000)

  it('keeps 25,000 results per run, the most severe first, and says how many were left out', () => {
    const total = json.findings.length
    expect(total).toBeGreaterThan(SARIF_MAX_RESULTS + 100)
    expect(big.run.results).toHaveLength(SARIF_MAX_RESULTS)
    const errors = json.findings.filter((finding) => finding.level === 'error').length
    expect(errors).toBeGreaterThan(0)
    expect(big.run.results.filter((result) => result.level === 'error')).toHaveLength(errors)
    const leftOut = (total - SARIF_MAX_RESULTS).toLocaleString('en-US')
    expect(big.run.invocations[0]!.toolExecutionNotifications).toEqual([
      { level: 'warning', message: { text: expect.stringContaining(`${leftOut} least severe findings left out`) as unknown as string } },
    ])
    expect(big.stderr).toContain(`note: SARIF: ${leftOut} least severe findings left out`)
    // The kept results stay in the scan's order (by file and line).
    const files = big.run.results.map((result) => result.locations[0]!.physicalLocation.artifactLocation.uri)
    expect(files.indexOf('zz-public-alb.yaml')).toBeGreaterThan(files.lastIndexOf('many.yaml'))
  })

  it('validates against the SARIF 2.1.0 schema', () => {
    expect(validateSarif(big.log)).toEqual([])
  })
})

describe('related locations', () => {
  const finding = (related: number): Finding => ({
    ruleId: 'evaluation-limit',
    level: 'warning',
    message: 'Evaluation stopped',
    location: { file: '/repo/a.yaml', range: { line: 1, column: 1, endLine: 1, endColumn: 2 } },
    related: Array.from({ length: related }, (_, index) => ({
      file: '/repo/a.yaml',
      range: { line: index + 2, column: 1, endLine: index + 2, endColumn: 2 },
      message: `hit ${index}`,
    })),
  })
  const render = (findings: Finding[]): Run => {
    const result: ScanResult = { findings, rules: [], filesScanned: 1, templatesScanned: 1, notices: [], durationMs: 0 }
    const log = JSON.parse(renderSarif(result, { cwd: '/repo', color: false, toolVersion: '0.0.0' })) as SarifLog
    expect(validateSarif(log)).toEqual([])
    return log.runs[0] as unknown as Run
  }

  it(`are capped at ${SARIF_MAX_RELATED_LOCATIONS} per result, with the count left out`, () => {
    const run = render([finding(SARIF_MAX_RELATED_LOCATIONS + 5)])
    expect(run.results[0]!.relatedLocations).toHaveLength(SARIF_MAX_RELATED_LOCATIONS)
    expect(run.results[0]!.properties).toMatchObject({ relatedLocationsLeftOut: 5 })
    expect(run.invocations[0]!.toolExecutionNotifications?.[0]?.message.text).toMatch(/^5 related locations left out/)
  })

  it('are all kept up to the cap', () => {
    const run = render([finding(SARIF_MAX_RELATED_LOCATIONS)])
    expect(run.results[0]!.relatedLocations).toHaveLength(SARIF_MAX_RELATED_LOCATIONS)
    expect(run.results[0]!.properties).toBeUndefined()
    expect(run.invocations[0]!.toolExecutionNotifications).toBeUndefined()
  })
})
