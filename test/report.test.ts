import path from 'node:path'
import { describe, expect, it } from 'vitest'
import type { Finding, RuleMeta, ScanResult } from '../src/core/types.js'
import { FORMATS, isFormat, renderJson, renderReport, renderSarif, renderText } from '../src/report/index.js'
import type { JsonReport, ReportOptions, SarifLog } from '../src/report/index.js'
import { validateSarif } from './sarif-schema.js'

const cwd = path.resolve('/repo')
const oddName = 'api stack %#é.yaml'
const oddFile = path.join(cwd, 'templates', oddName)
const options: ReportOptions = { cwd, color: false, toolVersion: '1.2.3', informationUri: 'https://example.com/iac-lint' }

const securityRule: RuleMeta = {
  id: 'apigw-route-unauthenticated',
  title: 'API Gateway route reachable without authorization',
  category: 'security',
  defaultLevel: 'error',
  securitySeverity: 8,
  whatItDoes: 'Finds API Gateway routes that have no authorizer.',
  whyBad: 'Anyone on the internet can invoke the integration.',
  fix: 'Attach a JWT or Lambda authorizer, or use IAM authorization.',
  references: ['https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-access-control.html', 'https://example.com/second'],
  frameworks: ['cloudformation', 'terraform'],
}
const costRule: RuleMeta = {
  id: 'lambda-memory-oversized',
  title: 'Lambda function memory far above its needs',
  category: 'cost',
  defaultLevel: 'warning',
  whatItDoes: 'Flags functions configured with the maximum memory.',
  whyBad: 'Memory is billed per millisecond.',
  fix: 'Measure and lower MemorySize.',
  references: [],
  frameworks: ['terraform'],
}
const reliabilityRule: RuleMeta = {
  id: 'stage-logging-missing',
  title: 'API stage without access logging',
  category: 'reliability',
  defaultLevel: 'note',
  whatItDoes: 'Finds stages without access logs.',
  whyBad: 'Incidents cannot be investigated.',
  fix: 'Configure AccessLogSettings.',
  references: [],
  frameworks: ['cloudformation'],
}

const trickyMessage = 'Route "GET /users" is open:\nanyone can call it; see ::error:: and 100%, done'

const findings: Finding[] = [
  {
    ruleId: 'lambda-memory-oversized',
    level: 'warning',
    message: 'Function "api" has 10,240 MB of memory',
    location: { file: 'infra/main.tf', range: { line: 3, column: 5, endLine: 3, endColumn: 20 }, address: 'aws_lambda_function.api' },
    properties: { memoryMb: 10240 },
  },
  {
    ruleId: 'stage-logging-missing',
    level: 'note',
    message: 'Stage has no access logs',
    location: { file: 'infra/main.tf', range: { line: 120, column: 12, endLine: 121, endColumn: 2 } },
  },
  {
    ruleId: 'apigw-route-unauthenticated',
    level: 'error',
    message: trickyMessage,
    location: {
      file: oddFile,
      range: { line: 7, column: 3, endLine: 7, endColumn: 30 },
      address: 'UsersRoute',
      constructPath: 'ApiStack/Users/Route',
    },
    related: [
      { file: oddFile, range: { line: 20, column: 3, endLine: 20, endColumn: 16 }, address: 'UsersFunction', message: 'target function' },
    ],
    properties: { assumption: 'AuthType parameter has no default' },
  },
  {
    ruleId: 'apigw-route-unauthenticated',
    level: 'error',
    message: 'Route "POST /users" is open',
    location: { file: oddFile, range: { line: 12, column: 1, endLine: 12, endColumn: 1 }, address: 'CreateUserRoute' },
  },
  {
    ruleId: 'lambda-memory-oversized',
    level: 'warning',
    message: 'Function has 3,008 MB',
    location: { file: oddFile, range: { line: 15, column: 9, endLine: 15, endColumn: 13 }, address: 'UsersFunction' },
  },
]

const result: ScanResult = {
  findings,
  rules: [securityRule, costRule, reliabilityRule],
  filesScanned: 12,
  templatesScanned: 3,
  notices: ['README.md is not a template'],
  durationMs: 42,
}

const empty: ScanResult = { ...result, findings: [] }

// eslint-disable-next-line no-control-regex -- matching ANSI escapes is the point
const ANSI = /\u001b\[[0-9;]*m/g

function sarif(scan: ScanResult = result, opts: ReportOptions = options): SarifLog {
  return JSON.parse(renderSarif(scan, opts)) as SarifLog
}

describe('text reporter', () => {
  const text = renderText(result, options)

  it('groups findings by file with aligned columns and a summary', () => {
    expect(text).toBe(
      [
        'infra/main.tf',
        '    3:5   warning  Function "api" has 10,240 MB of memory [aws_lambda_function.api]  lambda-memory-oversized',
        '  120:12  note     Stage has no access logs                                          stage-logging-missing',
        '',
        `templates/${oddName}`,
        '   7:3  error    Route "GET /users" is open:\\nanyone can call it; see ::error:: and 100%, done [UsersRoute (ApiStack/Users/Route)]  apigw-route-unauthenticated',
        '  12:1  error    Route "POST /users" is open [CreateUserRoute]                                                                      apigw-route-unauthenticated',
        '  15:9  warning  Function has 3,008 MB [UsersFunction]                                                                              lambda-memory-oversized',
        '',
        '✖ 5 problems (2 errors, 2 warnings, 1 note)',
        '',
      ].join('\n'),
    )
  })

  it('starts every rule id of a file at the same column', () => {
    const rows = text.split('\n').filter((line) => line.startsWith('  '))
    const byGroup = [rows.slice(0, 2), rows.slice(2)]
    for (const group of byGroup) {
      const starts = group.map((row) => row.search(/[a-z-]+$/))
      expect(new Set(starts).size).toBe(1)
    }
  })

  it('keeps multi-line messages on one line and leaves notices to the CLI', () => {
    expect(text.split('\n')).toHaveLength(11)
    expect(text).not.toContain('README.md is not a template')
  })

  it('uses ANSI colours only when asked, without changing the layout', () => {
    expect(text).not.toMatch(ANSI)
    const coloured = renderText(result, { ...options, color: true })
    expect(coloured).toContain('\u001b[31merror  \u001b[39m')
    expect(coloured).toContain('\u001b[33mwarning\u001b[39m')
    expect(coloured).toContain('\u001b[36mnote   \u001b[39m')
    expect(coloured).toContain('\u001b[2m[UsersFunction]\u001b[22m')
    expect(coloured.replace(ANSI, '')).toBe(text)
  })

  it('shows control characters that would reach the terminal as escapes', () => {
    const scan = { ...result, findings: [{ ...findings[0]!, message: 'evil\u001b[2Jtext\r\nnext\tcol' }] }
    expect(renderText(scan, options)).toContain('evil\\x1b[2Jtext\\r\\nnext\\tcol')
  })

  it('says how much was scanned when there is nothing to report', () => {
    expect(renderText(empty, options)).toBe('No problems found in 12 files (3 templates).\n')
    expect(renderText({ ...empty, filesScanned: 1, templatesScanned: 1 }, options)).toBe('No problems found in 1 file (1 template).\n')
  })

  it('counts in the singular', () => {
    const scan = { ...result, findings: [findings[2]!] }
    expect(renderText(scan, options).trimEnd().split('\n').at(-1)).toBe('✖ 1 problem (1 error, 0 warnings, 0 notes)')
  })
})

describe('json reporter', () => {
  const report = JSON.parse(renderJson(result, options)) as JsonReport

  it('has the documented top-level fields', () => {
    expect(Object.keys(report)).toEqual(['version', 'tool', 'summary', 'findings', 'rules'])
    expect(report.version).toBe(1)
    expect(report.tool).toEqual({ name: 'iac-lint', version: '1.2.3' })
    expect(report.summary).toEqual({ files: 12, templates: 3, errors: 2, warnings: 2, notes: 1, suppressed: 0 })
  })

  it('writes findings with relative POSIX files and every documented field', () => {
    expect(report.findings).toHaveLength(5)
    expect(report.findings.map((finding) => finding.file)).toEqual([
      'infra/main.tf',
      'infra/main.tf',
      `templates/${oddName}`,
      `templates/${oddName}`,
      `templates/${oddName}`,
    ])
    expect(report.findings[2]).toEqual({
      ruleId: 'apigw-route-unauthenticated',
      level: 'error',
      message: trickyMessage,
      file: `templates/${oddName}`,
      range: { line: 7, column: 3, endLine: 7, endColumn: 30 },
      address: 'UsersRoute',
      constructPath: 'ApiStack/Users/Route',
      related: [
        {
          message: 'target function',
          file: `templates/${oddName}`,
          range: { line: 20, column: 3, endLine: 20, endColumn: 16 },
          address: 'UsersFunction',
        },
      ],
      properties: { assumption: 'AuthType parameter has no default' },
    })
    expect(report.findings[1]).toEqual({
      ruleId: 'stage-logging-missing',
      level: 'note',
      message: 'Stage has no access logs',
      file: 'infra/main.tf',
      range: { line: 120, column: 12, endLine: 121, endColumn: 2 },
      address: null,
    })
  })

  it('lists rules with their default level and security severity', () => {
    expect(report.rules).toEqual([
      { id: 'apigw-route-unauthenticated', title: securityRule.title, category: 'security', level: 'error', securitySeverity: 8 },
      { id: 'lambda-memory-oversized', title: costRule.title, category: 'cost', level: 'warning' },
      { id: 'stage-logging-missing', title: reliabilityRule.title, category: 'reliability', level: 'note' },
    ])
  })
})

describe('sarif reporter', () => {
  const log = sarif()
  const run = log.runs[0]!
  const driver = run.tool.driver

  it('validates against the SARIF 2.1.0 schema', () => {
    expect(validateSarif(log)).toEqual([])
    expect(validateSarif(sarif(empty))).toEqual([])
  })

  it('is rejected by the schema when broken', () => {
    const broken = sarif() as Partial<SarifLog>
    delete broken.version
    expect(validateSarif(broken).length).toBeGreaterThan(0)
    const badRegion = sarif()
    badRegion.runs[0]!.results[0]!.locations[0].physicalLocation.region.startColumn = 0
    expect(validateSarif(badRegion).join('\n')).toMatch(/startColumn/)
  })

  it('describes the tool and the run', () => {
    expect(log.runs).toHaveLength(1)
    expect(driver).toMatchObject({ name: 'iac-lint', version: '1.2.3', semanticVersion: '1.2.3', informationUri: 'https://example.com/iac-lint' })
    expect(run.columnKind).toBe('utf16CodeUnits')
    expect(run.invocations).toEqual([{ executionSuccessful: true }])
    const root = run.originalUriBaseIds?.['%SRCROOT%']?.uri
    expect(root).toMatch(/^file:\/\/.*\/$/)
  })

  it('describes every rule for code scanning', () => {
    expect(driver.rules.map((rule) => rule.id)).toEqual(result.rules.map((rule) => rule.id))
    const [security, cost] = driver.rules
    expect(security).toMatchObject({
      name: 'ApigwRouteUnauthenticated',
      shortDescription: { text: securityRule.title },
      fullDescription: { text: securityRule.whatItDoes },
      helpUri: securityRule.references[0],
      defaultConfiguration: { level: 'error' },
      properties: { tags: ['iac-lint', 'security', 'cloudformation', 'terraform'], 'security-severity': '8.0' },
    })
    expect(security!.help.markdown).toBe(
      [
        '## What it does\n\nFinds API Gateway routes that have no authorizer.',
        '## Why is this bad?\n\nAnyone on the internet can invoke the integration.',
        '## How to fix\n\nAttach a JWT or Lambda authorizer, or use IAM authorization.',
        `## References\n\n- <${securityRule.references[0]}>\n- <${securityRule.references[1]}>`,
      ].join('\n\n'),
    )
    expect(security!.help.text).toContain('Why is this bad?\nAnyone on the internet')
    expect(cost).toMatchObject({ name: 'LambdaMemoryOversized', properties: { tags: ['iac-lint', 'cost', 'terraform'] } })
    expect(cost).not.toHaveProperty('helpUri')
    expect(cost!.properties).not.toHaveProperty('security-severity')
  })

  it('writes security-severity as a numeric string', () => {
    const severity: unknown = driver.rules[0]!.properties['security-severity']
    expect(typeof severity).toBe('string')
    expect(severity).toMatch(/^\d+\.\d$/)
    expect(Number(severity)).toBe(8)
  })

  it('points ruleIndex at the rule of each result', () => {
    expect(run.results).toHaveLength(5)
    for (const sarifResult of run.results) expect(driver.rules[sarifResult.ruleIndex!]!.id).toBe(sarifResult.ruleId)
    expect(run.results.map((sarifResult) => sarifResult.ruleIndex)).toEqual([1, 2, 0, 0, 1])
  })

  it('uses percent-encoded POSIX URIs relative to %SRCROOT%', () => {
    const locations = run.results.map((sarifResult) => sarifResult.locations[0].physicalLocation.artifactLocation)
    expect(locations[0]).toEqual({ uri: 'infra/main.tf', uriBaseId: '%SRCROOT%' })
    expect(locations[2]).toEqual({ uri: 'templates/api%20stack%20%25%23%C3%A9.yaml', uriBaseId: '%SRCROOT%' })
    expect(JSON.stringify(run.results)).not.toContain(cwd)
  })

  it('uses an absolute file URI for a file outside cwd', () => {
    const outside = path.resolve('/elsewhere/a b#1.yaml')
    const scan = { ...result, findings: [{ ...findings[0]!, location: { ...findings[0]!.location, file: outside } }] }
    const outsideLog = sarif(scan)
    const artifact = outsideLog.runs[0]!.results[0]!.locations[0].physicalLocation.artifactLocation
    expect(artifact.uri).toMatch(/^file:\/\/\/.*elsewhere\/a%20b%231\.yaml$/)
    expect(artifact).not.toHaveProperty('uriBaseId')
    expect(validateSarif(outsideLog)).toEqual([])
  })

  it('keeps message, region, logical and related locations, properties', () => {
    const [, note, route, emptyRange] = run.results
    expect(route).toMatchObject({
      level: 'error',
      message: { text: trickyMessage },
      locations: [
        {
          physicalLocation: { region: { startLine: 7, startColumn: 3, endLine: 7, endColumn: 30 } },
          logicalLocations: [{ fullyQualifiedName: 'UsersRoute', kind: 'resource' }],
        },
      ],
      relatedLocations: [
        {
          id: 1,
          message: { text: 'target function' },
          physicalLocation: { region: { startLine: 20, startColumn: 3, endLine: 20, endColumn: 16 } },
          logicalLocations: [{ fullyQualifiedName: 'UsersFunction', kind: 'resource' }],
        },
      ],
      properties: { assumption: 'AuthType parameter has no default', constructPath: 'ApiStack/Users/Route' },
    })
    expect(note!.locations[0]).not.toHaveProperty('logicalLocations')
    expect(note).not.toHaveProperty('properties')
    expect(note!.locations[0].physicalLocation.region).toEqual({ startLine: 120, startColumn: 12, endLine: 121, endColumn: 2 })
    expect(emptyRange!.locations[0].physicalLocation.region).toEqual({ startLine: 12, startColumn: 1, endLine: 12, endColumn: 2 })
  })

  it('repairs ranges SARIF would reject', () => {
    const scan = {
      ...result,
      findings: [{ ...findings[1]!, location: { file: 'a.yaml', range: { line: 0, column: 0, endLine: 0, endColumn: 0 } } }],
    }
    const repaired = sarif(scan)
    expect(repaired.runs[0]!.results[0]!.locations[0].physicalLocation.region).toEqual({
      startLine: 1,
      startColumn: 1,
      endLine: 1,
      endColumn: 2,
    })
    expect(validateSarif(repaired)).toEqual([])
  })

  it('fingerprints results independently of where the repository is checked out', () => {
    const fingerprints = run.results.map((sarifResult) => sarifResult.partialFingerprints['iacLint/v2'] as string)
    for (const value of fingerprints) expect(value).toMatch(/^[0-9a-f]{32}$/)
    expect(new Set(fingerprints).size).toBe(fingerprints.length)

    const otherCwd = path.resolve('/home/someone/checkout')
    const moved = {
      ...result,
      findings: findings.map((finding) => ({
        ...finding,
        location: { ...finding.location, file: path.join(otherCwd, path.relative(cwd, path.resolve(cwd, finding.location.file))) },
      })),
    }
    const again = sarif(moved, { ...options, cwd: otherCwd }).runs[0]!.results.map((sarifResult) => sarifResult.partialFingerprints['iacLint/v2'])
    expect(again).toEqual(fingerprints)
  })

  it('truncates long short descriptions without splitting characters', () => {
    const long = { ...result, rules: [{ ...securityRule, title: 'x'.repeat(2000) }, costRule, reliabilityRule] }
    const longLog = sarif(long)
    const text = longLog.runs[0]!.tool.driver.rules[0]!.shortDescription.text as string
    expect(text.length).toBeLessThanOrEqual(1024)
    expect(text.endsWith('…')).toBe(true)
    expect(validateSarif(longLog)).toEqual([])

    const emoji = { ...result, rules: [{ ...securityRule, title: `${'a'.repeat(1022)}${'😀'.repeat(10)}` }] }
    const emojiText = sarif(emoji).runs[0]!.tool.driver.rules[0]!.shortDescription.text as string
    expect(emojiText.length).toBeLessThanOrEqual(1024)
    expect(emojiText).not.toMatch(/\p{Cs}/u)
  })

  it('leaves out informationUri when none is given', () => {
    expect(sarif(result, { cwd, color: false, toolVersion: '1.2.3' }).runs[0]!.tool.driver).not.toHaveProperty('informationUri')
  })
})

describe('renderReport', () => {
  it('dispatches to every format', () => {
    expect(FORMATS).toEqual(['text', 'json', 'sarif', 'github', 'markdown'])
    expect(renderReport('text', result, options)).toBe(renderText(result, options))
    expect(renderReport('json', result, options)).toBe(renderJson(result, options))
    expect(renderReport('sarif', result, options)).toBe(renderSarif(result, options))
  })

  it('recognises format names', () => {
    expect(isFormat('sarif')).toBe(true)
    expect(isFormat('stylish')).toBe(false)
  })
})
