import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { defaultConfig } from '../src/engine/config.js'
import { fingerprint } from '../src/findings/fingerprint.js'
import { repositoryRelative } from '../src/findings/paths.js'
import { applyFilters, createBaseline, parseBaseline, rules, scanText, type Baseline, type Finding, type ScanResult } from '../src/index.js'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const cwd = path.join(root, 'fixtures')
const template = readFileSync(path.join(root, 'fixtures', 'apigw-high-traffic-cost', 'fail', 'rest-declared-traffic.yaml'), 'utf8')
const file = 'apigw-high-traffic-cost/fail/rest-declared-traffic.yaml'

function finding(overrides: Partial<Finding> & { file?: string; address?: string } = {}): Finding {
  const { file: name = 'stacks/api.yaml', address = 'CatalogApi', ...rest } = overrides
  return {
    ruleId: 'apigw-high-traffic-cost',
    level: 'warning',
    message: 'At 3,000 req/s (7.9 B requests a month) REST API CatalogApi costs about $19,417 a month; an ALB about $717.22 (120.0 LCU, 2 KB a request).',
    location: { file: path.join(cwd, name), range: { line: 17, column: 3, endLine: 17, endColumn: 13 }, address },
    ...rest,
  }
}

/** The cost fixture scanned as if it were `fixtures/<file>`; `dearer` raises the REST API price. */
function scanned(text = template, dearer = false): ScanResult {
  const config = defaultConfig(cwd)
  if (dearer) config.pricing = { rest: [{ upToMillions: 'unlimited', perMillion: 4.25 }] }
  return scanText(text, file, { rules, cwd, config, today: '2026-01-01' })
}

/** The fingerprint of version 1 baselines, written out here as iac-lint 0.1 computed it. */
function oldFingerprint(item: Finding): string {
  const parts = [item.ruleId, repositoryRelative(item.location.file, cwd), item.location.address ?? '', item.message]
  return createHash('sha256').update(parts.join('\0')).digest('hex').slice(0, 32)
}

function versionOneBaseline(findings: readonly Finding[]): Baseline {
  const entries = findings.map((item) => ({
    ruleId: item.ruleId,
    file: repositoryRelative(item.location.file, cwd),
    address: item.location.address ?? '',
    fingerprint: oldFingerprint(item),
  }))
  return parseBaseline(JSON.stringify({ version: 1, findings: entries }), 'old-baseline.json')
}

describe('fingerprint', () => {
  it('stays the same when prices, rates and counts in the message change', () => {
    const before = finding()
    const after = finding({
      message: 'At 3,500 req/s (9.2 B requests a month) REST API CatalogApi costs about $22,650.10 a month; an ALB about $836 (140.0 LCU, 2 KB a request).',
    })
    expect(fingerprint(after, cwd)).toBe(fingerprint(before, cwd))
    expect(fingerprint(before, cwd)).toMatch(/^[0-9a-f]{32}$/)
  })

  it('differs for another rule, file, resource or wording', () => {
    const base = fingerprint(finding(), cwd)
    const others = [
      finding({ ruleId: 'apigw-stage-no-throttling' }),
      finding({ file: 'stacks/other.yaml' }),
      finding({ address: 'PartnerApi' }),
      finding({ message: finding().message.replace('REST API', 'HTTP API') }),
    ]
    for (const other of others) expect(fingerprint(other, cwd)).not.toBe(base)
  })

  it('keeps digits that are part of a name or an index', () => {
    const named = (text: string): string => fingerprint(finding({ message: `Function ${text} may run for 30 s` }), cwd)
    expect(named('orders-2')).not.toBe(named('orders-3'))
    expect(named('aws_lambda_function.api[0]')).not.toBe(named('aws_lambda_function.api[1]'))
    expect(named('api2')).not.toBe(named('api3'))
  })

  it('does not depend on where the repository is checked out or on the line', () => {
    const elsewhere = path.resolve('/home/someone/checkout')
    const moved = finding({
      location: { ...finding().location, file: path.join(elsewhere, 'stacks/api.yaml'), range: { line: 40, column: 1, endLine: 40, endColumn: 9 } },
    })
    expect(fingerprint(moved, elsewhere)).toBe(fingerprint(finding(), cwd))
  })
})

describe('baselines', () => {
  it('absorbs the same findings after a traffic or price change', () => {
    const first = scanned()
    expect(first.findings.some((item) => item.ruleId === 'apigw-high-traffic-cost')).toBe(true)
    const baseline = parseBaseline(JSON.stringify(createBaseline(first.findings, cwd)), 'baseline.json')
    expect(baseline.version).toBe(2)

    const busier = scanned(template.replace('requestsPerSecond: 3000', 'requestsPerSecond: 3500'))
    const dearer = scanned(template, true)
    for (const later of [busier, dearer]) {
      const cost = later.findings.find((item) => item.ruleId === 'apigw-high-traffic-cost')!
      expect(first.findings.map((item) => item.message)).not.toContain(cost.message)
      const filtered = applyFilters(later, { baseline, cwd })
      expect(filtered.baseline).toEqual({ absorbed: first.findings.length, stale: 0 })
      expect(filtered.findings.every((item) => item.suppressed?.kind === 'external')).toBe(true)
    }
  })

  it('still matches a version 1 baseline by the fingerprint it was written with', () => {
    const result = scanned()
    const old = versionOneBaseline(result.findings)
    expect(old.version).toBe(1)
    const filtered = applyFilters(result, { baseline: old, cwd })
    expect(filtered.baseline).toEqual({ absorbed: result.findings.length, stale: 0 })
    expect(filtered.findings.every((item) => item.suppressed?.kind === 'external')).toBe(true)

    // Version 1 matched the message as written, and still does: a new figure is a new finding.
    const busier = applyFilters(scanned(template.replace('requestsPerSecond: 3000', 'requestsPerSecond: 3500')), { baseline: old, cwd })
    const costRules = ['apigw-high-traffic-cost', 'apigw-rest-without-rest-features']
    expect(busier.findings.filter((item) => !item.suppressed).map((item) => item.ruleId).sort()).toEqual(costRules)
    expect(busier.baseline).toEqual({ absorbed: result.findings.length - costRules.length, stale: costRules.length })
  })

  it('rejects a version it does not know', () => {
    expect(() => parseBaseline('{"version": 3, "findings": []}', 'b.json')).toThrow(/b\.json is not an iac-lint baseline/)
  })
})

describe('applyFilters', () => {
  const result: ScanResult = {
    findings: [finding({ level: 'error', address: 'A' }), finding({ level: 'warning', address: 'B' }), finding({ level: 'note', address: 'C' })],
    rules: [],
    filesScanned: 1,
    templatesScanned: 1,
    notices: ['a notice'],
    durationMs: 1,
  }

  it('returns a new result and leaves its input as it was', () => {
    const before = structuredClone(result)
    const baseline = createBaseline(result.findings.slice(0, 2), cwd)
    const filtered = applyFilters(result, { baseline, quiet: true, cwd })
    expect(result).toEqual(before)
    expect(filtered).not.toBe(result)
    expect(filtered.findings).not.toBe(result.findings)
    expect(filtered.notices).not.toBe(result.notices)
    expect(filtered.findings[0]!.suppressed).toEqual({ kind: 'external', justification: 'recorded in the baseline' })
  })

  it('keeps errors only when quiet, and counts the baseline over every level', () => {
    const filtered = applyFilters(result, { quiet: true, baseline: createBaseline(result.findings.slice(1), cwd), cwd })
    expect(filtered.findings.map((item) => item.level)).toEqual(['error'])
    expect(filtered.baseline).toEqual({ absorbed: 2, stale: 0 })
    expect(applyFilters(result, {}).findings).toEqual(result.findings)
    expect(applyFilters(result, {}).baseline).toBeUndefined()
  })

  it('absorbs one finding an entry', () => {
    const twice = { ...result, findings: [finding(), finding()] }
    const filtered = applyFilters(twice, { baseline: createBaseline([finding()], cwd), cwd })
    expect(filtered.findings.map((item) => item.suppressed?.kind)).toEqual(['external', undefined])
    expect(filtered.baseline).toEqual({ absorbed: 1, stale: 0 })
  })
})
