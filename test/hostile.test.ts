/**
 * What a repository can throw at the scanner: alias bombs, absurd nesting, odd encodings, binary
 * and oversized files, symbolic links out of the scan root, keys named after prototype members,
 * and names built to break out of a report. Where the user sees the behaviour, the built CLI runs
 * as a user runs it; prototype pollution can only be seen from inside the process, so those tests
 * call the public API.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadConfig, rules, scan, type Finding } from '../src/index.js'
import type { JsonFinding, JsonReport, SarifLog } from '../src/report/index.js'
import { githubOutputProblems, rangeProblem } from './fuzz-support.js'
import { cli, expectCleanExit, jsonReport, type Run } from './cli-run.js'
import { validateSarif } from './sarif-schema.js'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const hostile = path.join(root, 'test', 'fixtures', 'hostile')
const scratch = mkdtempSync(path.join(os.tmpdir(), 'iac-lint-hostile-'))
afterAll(() => rmSync(scratch, { recursive: true, force: true }))

function findingsOf(report: JsonReport, file: string): JsonFinding[] {
  return report.findings.filter((finding) => finding.file === file)
}

function folder(name: string): string {
  const dir = path.join(scratch, name)
  mkdirSync(dir, { recursive: true })
  return dir
}

const HEADER = "AWSTemplateFormatVersion: '2010-09-09'\n"
/**
 * The stage fixtures below are probes for apigw-stage-no-throttling (other rules report the same
 * stages, as they should); tests about what is read, not about the rules, scan with it alone.
 */
const PROBE_RULE = 'apigw-stage-no-throttling'
const ONLY_PROBE = ['--rule', PROBE_RULE]
const probeRules = rules.filter((rule) => rule.meta.id === PROBE_RULE)

describe('YAML alias bombs', () => {
  const dir = folder('aliases')
  const files: Record<string, string> = {}

  // The classic: nine levels, each a list of nine aliases to the level below (9^9 = 387 million nodes).
  const laughs = ['a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]']
  for (let i = 1; i <= 9; i++) laughs.push(`a${i}: &a${i} [${Array(9).fill(`*a${i - 1}`).join(', ')}]`)
  files['laughs-seq.yaml'] = `${HEADER}Metadata:\n${laughs.map((line) => `  ${line}`).join('\n')}\nResources: {}\n`

  // The same with mappings, and with merge keys, whose sources are copies too.
  const maps = ['m0: &m0 {k1: lol, k2: lol, k3: lol, k4: lol, k5: lol, k6: lol, k7: lol, k8: lol, k9: lol}']
  for (let i = 1; i <= 9; i++) maps.push(`m${i}: &m${i} {${Array.from({ length: 9 }, (_, k) => `k${k}: *m${i - 1}`).join(', ')}}`)
  files['laughs-map.yaml'] = `${HEADER}Metadata:\n${maps.map((line) => `  ${line}`).join('\n')}\nResources: {}\n`
  const merges = ['g0: &g0 {k1: lol, k2: lol, k3: lol, k4: lol, k5: lol, k6: lol, k7: lol, k8: lol, k9: lol}']
  for (let i = 1; i <= 9; i++) merges.push(`g${i}: &g${i} {<<: [*g${i - 1}], ${Array.from({ length: 8 }, (_, k) => `k${k}: *g${i - 1}`).join(', ')}}`)
  files['laughs-merge.yaml'] = `${HEADER}Metadata:\n${merges.map((line) => `  ${line}`).join('\n')}\nResources: {}\n`

  // Few aliases to one large anchor: 2,000 copies of 100,000 items, small on disk.
  const big = Array.from({ length: 100_000 }, (_, i) => i).join(', ')
  files['wide-anchor.yaml'] = `${HEADER}Metadata:\n  big: &big [${big}]\n  copies: [${Array(2000).fill('*big').join(', ')}]\nResources: {}\n`

  let run: Run
  let report: JsonReport
  beforeAll(() => {
    for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text)
    run = cli(['scan', '-f', 'json', '.'], { cwd: dir, heapMB: 256 })
    report = jsonReport(run)
  })

  it.each(Object.keys(files))('%s is one parse-error at an alias, not an out-of-memory', (name) => {
    const findings = findingsOf(report, name)
    expect(findings.map((finding) => [finding.ruleId, finding.message])).toEqual([
      ['parse-error', expect.stringMatching(/^YAML alias expansion exceeds [\d,]+ nodes$/)],
    ])
    const line = (files[name].split('\n')[findings[0].range.line - 1] ?? '').slice(findings[0].range.column - 1)
    expect(line).toMatch(/^\*/)
  })

  it('finishes all of them within seconds, under a 256 MB heap', () => {
    expect(run.code).toBe(1)
    expect(run.ms).toBeLessThan(20_000)
  })
})

describe('nesting 100,000 levels deep', () => {
  const DEPTH = 100_000
  const dir = folder('deep')
  const files: Record<string, string> = {
    'array.json': `{"AWSTemplateFormatVersion": "2010-09-09", "Resources": ${'['.repeat(DEPTH)}${']'.repeat(DEPTH)}}`,
    'object.json': `{"AWSTemplateFormatVersion": "2010-09-09", "Resources": ${'{"a":'.repeat(DEPTH)}1${'}'.repeat(DEPTH)}}`,
    'unclosed.json': `{"AWSTemplateFormatVersion": "2010-09-09", "Resources": ${'['.repeat(DEPTH)}`,
    'flow-seq.yaml': `${HEADER}Resources: ${'['.repeat(DEPTH)}${']'.repeat(DEPTH)}\n`,
    'flow-map.yaml': `${HEADER}Resources: ${'{a: '.repeat(DEPTH)}1${'}'.repeat(DEPTH)}\n`,
    // Block collections nest by indentation, which makes 100,000 levels a 5 GB file; compact
    // sequences and explicit keys nest as deep on one line.
    'block-seq.yaml': `${HEADER}Resources:\n  X:\n    ${'- '.repeat(DEPTH)}x\n`,
    'block-keys.yaml': `${HEADER}Resources:\n  ${'? '.repeat(DEPTH)}x\n`,
    // ... and an indented block mapping as deep as fits well within the size limit.
    'block-map.yaml': `${HEADER}Resources:\n${Array.from({ length: 3000 }, (_, i) => `${' '.repeat(i + 1)}a:\n`).join('')}`,
    'tags.yaml': `${HEADER}Resources:\n  X: ${'!Ref ['.repeat(DEPTH)}x${']'.repeat(DEPTH)}\n`,
  }

  let report: JsonReport
  beforeAll(() => {
    for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text)
    report = jsonReport(cli(['scan', '-f', 'json', '.'], { cwd: dir }))
  })

  it.each(Object.keys(files))('%s is one parse-error, not a stack overflow', (name) => {
    expect(findingsOf(report, name).map((finding) => [finding.ruleId, finding.message])).toEqual([
      ['parse-error', expect.stringMatching(/nesting (deeper than [\d,]+ levels|too deep)$/)],
    ])
  })
})

describe('nesting 100,000 levels deep in Terraform', () => {
  const DEPTH = 100_000
  const dir = folder('deep-terraform')
  const modules: Record<string, string> = {
    'list/main.tf': `locals {\n  a = ${'['.repeat(DEPTH)}${']'.repeat(DEPTH)}\n}\n`,
    'object/main.tf': `locals {\n  a = ${'{a = '.repeat(DEPTH)}1${'}'.repeat(DEPTH)}\n}\n`,
    'blocks/main.tf': `${'b {\n'.repeat(DEPTH)}${'}\n'.repeat(DEPTH)}`,
    'parentheses/main.tf': `locals {\n  a = ${'('.repeat(DEPTH)}1${')'.repeat(DEPTH)}\n}\n`,
    'json/main.tf.json': `{"locals": {"a": ${'['.repeat(DEPTH)}${']'.repeat(DEPTH)}}}`,
    'plan/deep.plan.json': `{"format_version": "1.2", "terraform_version": "1.9.0", "planned_values": {"root_module": {"resources": [{"address": "aws_lb.a", "mode": "managed", "type": "aws_lb", "name": "a", "values": {"tags": ${'['.repeat(DEPTH)}${']'.repeat(DEPTH)}}}]}}}`,
  }

  let report: JsonReport
  beforeAll(() => {
    for (const [name, text] of Object.entries(modules)) {
      mkdirSync(path.join(dir, path.dirname(name)), { recursive: true })
      writeFileSync(path.join(dir, name), text)
    }
    report = jsonReport(cli(['scan', '-f', 'json', '.'], { cwd: dir }))
  })

  it.each(Object.keys(modules))('%s is one parse-error, not a stack overflow', (name) => {
    expect(findingsOf(report, name).map((finding) => [finding.ruleId, finding.message])).toEqual([
      ['parse-error', expect.stringMatching(/nesting deeper than/)],
    ])
  })
})

describe('encodings and line breaks', () => {
  const dir = folder('encodings')
  const bases = [
    path.join(hostile, 'unthrottled-stage.yaml'),
    path.join(hostile, 'broken-after-unicode.yaml'),
    path.join(root, 'fixtures', 'apigw-stage-no-throttling', 'fail', 'sam-http-api.json'),
    path.join(root, 'fixtures', 'apigw-stage-no-throttling', 'fail', 'rest-stage-without-method-settings.tf'),
    path.join(root, 'fixtures', 'apigw-stage-no-throttling', 'fail', 'http-api-stage.tf.json'),
  ]
  const utf16 = (text: string, bigEndian: boolean): Buffer => {
    const le = Buffer.from(`\ufeff${text}`, 'utf16le')
    return bigEndian ? le.swap16() : le
  }
  const variants: Record<string, (text: string) => Buffer> = {
    'utf-8-bom': (text) => Buffer.from(`\ufeff${text}`),
    crlf: (text) => Buffer.from(text.replace(/\n/g, '\r\n')),
    'utf-8-bom-crlf': (text) => Buffer.from(`\ufeff${text.replace(/\n/g, '\r\n')}`),
    'utf-16le': (text) => utf16(text, false),
    'utf-16be': (text) => utf16(text, true),
    'utf-16le-crlf': (text) => utf16(text.replace(/\n/g, '\r\n'), false),
    'utf-16be-crlf': (text) => utf16(text.replace(/\n/g, '\r\n'), true),
  }

  // One folder per variant, as a Terraform module is a folder: two copies of one would clash.
  let report: JsonReport
  beforeAll(() => {
    for (const variant of ['original', ...Object.keys(variants)]) mkdirSync(path.join(dir, variant))
    for (const base of bases) {
      const text = readFileSync(base, 'utf8')
      copyFileSync(base, path.join(dir, 'original', path.basename(base)))
      for (const [variant, encode] of Object.entries(variants)) writeFileSync(path.join(dir, variant, path.basename(base)), encode(text))
    }
    report = jsonReport(cli(['scan', '-f', 'json', '.'], { cwd: dir }))
  })

  const essentials = (findings: JsonFinding[]) => findings.map(({ ruleId, range, message, address }) => ({ ruleId, range, message, address }))

  it('finds what the fixtures pin in the UTF-8, LF originals', () => {
    const unthrottled = findingsOf(report, 'original/unthrottled-stage.yaml')
    expect(unthrottled.filter((f) => f.ruleId === PROBE_RULE).map((f) => [f.ruleId, f.range.line, f.range.column])).toEqual([[PROBE_RULE, 12, 3]])
    // The stage writes no access logs either; every finding on it is at the stage.
    expect(unthrottled.map((f) => [f.ruleId, f.range.line, f.range.column])).toContainEqual(['apigw-access-logging-disabled', 12, 3])
    // Columns count UTF-16 code units, as SARIF does: the emoji before the error counts two.
    expect(findingsOf(report, 'original/broken-after-unicode.yaml').map((f) => [f.ruleId, f.range.line, f.range.column])).toEqual([
      ['parse-error', 7, 50],
    ])
    for (const base of bases.slice(2)) expect(findingsOf(report, `original/${path.basename(base)}`).length).toBeGreaterThan(0)
  })

  describe.each(Object.keys(variants))('%s', (variant) => {
    it.each(bases.map((base) => path.basename(base)))('%s gives the same findings at the same lines and columns', (base) => {
      expect(essentials(findingsOf(report, `${variant}/${base}`))).toEqual(essentials(findingsOf(report, `original/${base}`)))
    })
  })

  // --stdin hands the raw bytes to the scan, which decodes them as it does a file's.
  it('reads a UTF-16 template from standard input too', () => {
    const text = readFileSync(bases[0], 'utf8')
    const run = cli(['scan', '-f', 'json', ...ONLY_PROBE, '--stdin', '--stdin-filename', 'stage.yaml'], { input: utf16(text, false) })
    expect(jsonReport(run).findings.map((f) => [f.ruleId, f.range.line, f.range.column])).toEqual([['apigw-stage-no-throttling', 12, 3]])
  })
})

describe('binary files with template names', () => {
  const dir = folder('binary')
  beforeAll(() => {
    const png = Buffer.concat([Buffer.from('89504e470d0a1a0a0000000d49484452', 'hex'), Buffer.alloc(64, 0), Buffer.from('Resources:\n')])
    writeFileSync(path.join(dir, 'image.yaml'), png)
    // Latin-1, not UTF-8: no NUL byte, but not text we can read either.
    writeFileSync(path.join(dir, 'latin1.json'), Buffer.from('{"Resources": {"Caf\xe9": {"Type": "AWS::SNS::Topic"}}}', 'latin1'))
    copyFileSync(path.join(hostile, 'unthrottled-stage.yaml'), path.join(dir, 'template.yaml'))
  })

  it('skips binary content with a note on stderr, reports undecodable templates, and goes on with the rest', () => {
    const run = cli(['scan', '-f', 'json', ...ONLY_PROBE, '.'], { cwd: dir })
    const report = jsonReport(run)
    expect(report.findings.map((finding) => [finding.file, finding.ruleId])).toEqual([
      ['latin1.json', 'parse-error'],
      ['template.yaml', 'apigw-stage-no-throttling'],
    ])
    expect(report.findings[0]!.message).toMatch(/not valid UTF-8/)
    expect(run.stderr).toMatch(/^note: image\.yaml: binary content \(NUL byte at offset \d+\); skipped$/m)
  })

  it('exits 0 when a binary file is all there is, named or found', () => {
    for (const args of [['scan', 'image.yaml'], ['scan', '--fail-on', 'note', 'image.yaml']]) {
      const run = cli(args, { cwd: dir })
      expect(run.code, run.stderr).toBe(0)
      expect(run.stderr).toMatch(/^note: image\.yaml: binary content/m)
    }
  })
})

describe('file size limit', () => {
  it('reports a template over maxFileSizeMB as file-too-large and skips other large files quietly', () => {
    const dir = folder('size-limit')
    writeFileSync(path.join(dir, '.iac-lint.yaml'), 'maxFileSizeMB: 0.01\n')
    const padding = `${'# padding to pass the limit\n'.repeat(500)}`
    writeFileSync(path.join(dir, 'big.yaml'), `${HEADER}${padding}Resources: {}\n`)
    writeFileSync(path.join(dir, 'data.json'), JSON.stringify({ values: Array.from({ length: 5000 }, (_, i) => i) }))
    copyFileSync(path.join(hostile, 'unthrottled-stage.yaml'), path.join(dir, 'small.yaml'))
    const run = cli(['scan', '-f', 'json', ...ONLY_PROBE, '.'], { cwd: dir })
    const report = jsonReport(run)
    expect(run.code).toBe(1)
    expect(report.findings.map((finding) => [finding.file, finding.ruleId, finding.range.line, finding.range.column])).toEqual([
      ['big.yaml', 'file-too-large', 1, 1],
      ['small.yaml', 'apigw-stage-no-throttling', 12, 3],
    ])
    expect(run.stderr).toBe('')
  })

  // Small limits are given in KB, not rounded to "0 MB".
  it('says what size and limit it compared, however small', () => {
    const dir = folder('size-limit-message')
    writeFileSync(path.join(dir, '.iac-lint.yaml'), 'maxFileSizeMB: 0.01\n')
    writeFileSync(path.join(dir, 'big.yaml'), `${HEADER}${'# padding\n'.repeat(2000)}Resources: {}\n`)
    const [finding] = jsonReport(cli(['scan', '-f', 'json', '.'], { cwd: dir })).findings
    expect(finding.message).not.toMatch(/\b0 MB/)
  })

  it('applies 10 MB when nothing is configured', () => {
    const dir = folder('size-default')
    const line = `${'#'.repeat(1023)}\n`
    writeFileSync(path.join(dir, 'huge.yaml'), `${HEADER}Resources: {}\n${line.repeat(10 * 1024 + 1)}`)
    const run = cli(['scan', '-f', 'json', '.'], { cwd: dir, heapMB: 128 })
    const report = jsonReport(run)
    expect(report.findings.map((finding) => [finding.ruleId, finding.message])).toEqual([
      ['file-too-large', expect.stringMatching(/huge\.yaml is 10(\.\d)? MB, over the 10 MB limit/)],
    ])
  })
})

describe('symbolic links', () => {
  const base = folder('links')
  const scanRoot = path.join(base, 'root')
  const outside = path.join(base, 'outside')
  let run: Run
  beforeAll(() => {
    mkdirSync(path.join(scanRoot, 'sub'), { recursive: true })
    mkdirSync(outside, { recursive: true })
    copyFileSync(path.join(hostile, 'unthrottled-stage.yaml'), path.join(outside, 'secret.yaml'))
    copyFileSync(path.join(hostile, 'unthrottled-stage.yaml'), path.join(scanRoot, 'inside.yaml'))
    const link = (target: string, name: string) => symlinkSync(target, path.join(scanRoot, name))
    link('../outside/secret.yaml', 'to-outside-file.yaml')
    link(path.join(outside, 'secret.yaml'), 'to-outside-absolute.yaml')
    link('../outside', 'to-outside-folder')
    link('../../outside/secret.yaml', 'sub/up-and-out.yaml')
    link('.', 'loop')
    link('..', 'sub/parent')
    link('self.yaml', 'self.yaml')
    link('b.yaml', 'a.yaml')
    link('a.yaml', 'b.yaml')
    link('missing.yaml', 'dangling.yaml')
    run = cli(['scan', '-f', 'json', ...ONLY_PROBE, 'root'], { cwd: base })
  })

  it('follows none out of the scan root, and loops do not hang', () => {
    const report = jsonReport(run)
    expect(report.findings.map((finding) => [finding.file, finding.ruleId])).toEqual([['root/inside.yaml', 'apigw-stage-no-throttling']])
    expect(run.ms).toBeLessThan(20_000)
  })

  it('follows no Terraform source out of the scan root', () => {
    const tfRoot = path.join(base, 'tf-root')
    mkdirSync(tfRoot)
    copyFileSync(path.join(root, 'fixtures', 'apigw-stage-no-throttling', 'fail', 'rest-stage-without-method-settings.tf'), path.join(outside, 'stage.tf'))
    writeFileSync(path.join(tfRoot, 'main.tf'), 'locals {\n  a = 1\n}\n')
    symlinkSync('../outside/stage.tf', path.join(tfRoot, 'to-outside.tf'))
    symlinkSync('to-outside.tf', path.join(tfRoot, 'to-link.tf'))
    expect(jsonReport(cli(['scan', '-f', 'json', 'tf-root'], { cwd: base })).findings).toEqual([])
  })
})

describe('keys named after prototype members', () => {
  const renames: Array<[string, string]> = [
    ['__proto__', 'Proto'],
    ['constructor', 'Ctor'],
    ['prototype', 'Prot'],
    ['toString', 'ToStr'],
    ['hasOwnProperty', 'HasOwn'],
    ['valueOf', 'ValOf'],
    ['isPrototypeOf', 'IsProt'],
  ]
  const harmless = (text: string) => renames.reduce((out, [from, to]) => out.split(from).join(to), text)
  // Names differ in length between the two, so only where a finding starts is compared.
  const essentials = (findings: Finding[]) =>
    findings.map((f) => ({
      ruleId: f.ruleId,
      start: [f.location.range.line, f.location.range.column],
      address: f.location.address && harmless(f.location.address),
      message: harmless(f.message),
    }))
  const prototypes = [Object.prototype, Array.prototype, Function.prototype, String.prototype]
  const snapshot = () => prototypes.map((proto) => Object.getOwnPropertyNames(proto).sort().join(','))

  it.each(['prototype-resources.yaml', 'prototype-resources.json', 'prototype-parameters.yaml'])(
    '%s touches no prototype and reports what the same template with harmless names reports',
    async (name) => {
      const before = snapshot()
      const dir = folder(`prototype-${name}`)
      const file = path.join(dir, name)
      const renamed = path.join(dir, `renamed-${name}`)
      copyFileSync(path.join(hostile, name), file)
      writeFileSync(renamed, harmless(readFileSync(file, 'utf8')))
      const result = await scan([file], { rules, cwd: dir })
      const reference = await scan([renamed], { rules, cwd: dir })
      expect(({} as Record<string, unknown>).polluted).toBeUndefined()
      expect(snapshot()).toEqual(before)
      expect(result.findings.length).toBeGreaterThanOrEqual(4)
      expect(essentials(result.findings)).toEqual(essentials(reference.findings))
    },
  )

  it('works through declarations in .iac-lint.yaml keyed by such names', async () => {
    const before = snapshot()
    const dir = folder('prototype-config')
    writeFileSync(
      path.join(dir, '.iac-lint.yaml'),
      'resources:\n  __proto__:\n    traffic:\n      requestsPerSecond: 3000\n  constructor:\n    exposure: internal\n  toString:\n    traffic:\n      requestsPerSecond: 1\n',
    )
    copyFileSync(path.join(hostile, 'prototype-resources.yaml'), path.join(dir, 'template.yaml'))
    const config = await loadConfig(dir, undefined, rules.map((rule) => rule.meta.id))
    const result = await scan(['template.yaml'], { rules, cwd: dir, config })
    expect(({} as Record<string, unknown>).polluted).toBeUndefined()
    expect(({} as Record<string, unknown>).traffic).toBeUndefined()
    expect(snapshot()).toEqual(before)
    // The declared traffic on the API named __proto__ is what the cost rule works from.
    expect(result.findings.find((f) => f.ruleId === 'apigw-high-traffic-cost')?.location.address).toBe('__proto__')
  })

  describe('in Terraform', () => {
    /** A copy of a folder with every name and text made harmless. */
    const copyHarmless = (from: string, to: string): void => {
      mkdirSync(to, { recursive: true })
      for (const entry of readdirSync(from, { withFileTypes: true })) {
        const target = path.join(to, harmless(entry.name))
        if (entry.isDirectory()) copyHarmless(path.join(from, entry.name), target)
        else writeFileSync(target, harmless(readFileSync(path.join(from, entry.name), 'utf8')))
      }
    }
    const fixture = path.join(hostile, 'prototype-terraform')

    it('prototype-terraform touches no prototype', async () => {
      const before = snapshot()
      const result = await scan([fixture], { rules, cwd: fixture })
      expect(({} as Record<string, unknown>).polluted).toBeUndefined()
      expect(snapshot()).toEqual(before)
      expect(result.findings.map((finding) => [finding.ruleId, finding.location.address])).toEqual([
        ['apigw-access-logging-disabled', 'aws_api_gateway_stage.constructor'],
        ['apigw-stage-no-throttling', 'aws_api_gateway_stage.constructor'],
        ['apigw-access-logging-disabled', 'aws_api_gateway_stage.prototype'],
        ['apigw-stage-no-throttling', 'aws_api_gateway_stage.prototype'],
      ])
    })

    it('prototype-terraform reports what the same configuration with harmless names reports', async () => {
      const renamed = folder('prototype-terraform-renamed')
      copyHarmless(fixture, renamed)
      const result = await scan([fixture], { rules, cwd: fixture })
      const reference = await scan([renamed], { rules, cwd: renamed })
      expect(essentials(result.findings)).toEqual(essentials(reference.findings))
    })

    it('a plan whose resources are named __proto__, constructor and prototype reports as with harmless names', async () => {
      const before = snapshot()
      const dir = folder('prototype-plan')
      const plan = readFileSync(path.join(root, 'fixtures', 'apigw-route-unauthenticated', 'fail', 'rest-method-authorization-none.plan.json'), 'utf8')
      const named = plan.replace(/get_orders/g, 'constructor').replace(/orders/g, '__proto__').replace(/\blive\b/g, 'prototype')
      writeFileSync(path.join(dir, 'prototype.plan.json'), named)
      writeFileSync(path.join(dir, 'harmless.plan.json'), harmless(named))
      const result = await scan(['prototype.plan.json'], { rules, cwd: dir })
      const reference = await scan(['harmless.plan.json'], { rules, cwd: dir })
      expect(snapshot()).toEqual(before)
      expect(result.findings.map((finding) => [finding.ruleId, finding.location.address])).toEqual([
        ['apigw-route-unauthenticated', 'aws_api_gateway_method.constructor'],
        ['apigw-rest-without-rest-features', 'aws_api_gateway_rest_api.__proto__'],
        ['apigw-public-no-waf', 'aws_api_gateway_stage.prototype'],
        ['apigw-stage-no-throttling', 'aws_api_gateway_stage.prototype'],
        ['apigw-access-logging-disabled', 'aws_api_gateway_stage.prototype'],
      ])
      expect(essentials(result.findings)).toEqual(essentials(reference.findings))
    })

    const callOf = async (name: string): Promise<Finding[]> => {
      const dir = folder(`prototype-function-${name}`)
      writeFileSync(
        path.join(dir, 'main.tf'),
        `resource "aws_api_gateway_rest_api" "a" {\n  name = "x"\n}\n\nresource "aws_api_gateway_stage" "s" {\n  rest_api_id = aws_api_gateway_rest_api.a.id\n  stage_name  = ${name}("live")\n}\n`,
      )
      return (await scan(['.'], { rules: probeRules, cwd: dir })).findings
    }
    const unknownStage = [[PROBE_RULE, 'Stage (unresolved name)']]

    it.each(['constructor', 'toString'])('a call of a function named %s is an unknown function', async (name) => {
      expect((await callOf(name)).map((finding) => [finding.ruleId, finding.message.slice(0, 23)])).toEqual(unknownStage)
    })

    it.each(['__proto__', 'hasOwnProperty', 'valueOf', 'isPrototypeOf', 'toLocaleString', '__defineGetter__'])(
      'a call of a function named %s is an unknown function, not a crash',
      async (name) => {
        expect((await callOf(name)).map((finding) => [finding.ruleId, finding.message.slice(0, 23)])).toEqual(unknownStage)
      },
    )
  })
})

describe('characters in file names, resource names and messages', () => {
  const names = [
    'space name.yaml',
    'per%cent%0A%25.yaml',
    'hash#fragment.yaml',
    'question?query=1.yaml',
    'colon:comma,.yaml',
    'quote"double.yaml',
    "quote'single.yaml",
    'back\\slash.yaml',
    'new\nline.yaml',
    'carriage\rreturn.yaml',
    'tab\tname.yaml',
    '::error file=x,line=1::injected.yaml',
    '%0A::warning::encoded.yaml',
    'ünïcödé-名前.yaml',
    'emoji-😀-🏳️‍🌈.yaml',
    '-dash-first.yaml',
  ]
  const dir = folder('names')
  const expected = [...names, 'injection-names.yaml'].sort()
  let run: Run
  let json: JsonReport
  let sarif: SarifLog
  beforeAll(() => {
    const template = readFileSync(path.join(hostile, 'injection-names.yaml'))
    for (const name of expected) writeFileSync(path.join(dir, name), template)
    run = cli(['scan', '-f', 'github', '-f', 'json=report.json', '-f', 'sarif=report.sarif', ...ONLY_PROBE, '.'], { cwd: dir })
    json = JSON.parse(readFileSync(path.join(dir, 'report.json'), 'utf8')) as JsonReport
    sarif = JSON.parse(readFileSync(path.join(dir, 'report.sarif'), 'utf8')) as SarifLog
  })

  it('keeps the JSON report parseable, with every name and message intact', () => {
    expectCleanExit(run)
    expect(json.findings.map((finding) => finding.file).sort()).toEqual(expected)
    for (const finding of json.findings) {
      expect(finding.address).toBe('Stage::stop-commands::token,:%,😀')
      expect(finding.message).toContain('Api\n::error file=injected.yaml,line=1::injected by a logical id\r\n::add-mask::x')
    }
  })

  it('keeps SARIF valid, with URIs that lead back to the files', () => {
    expect(validateSarif(sarif)).toEqual([])
    const uris = sarif.runs[0].results.map((result) => result.locations[0].physicalLocation.artifactLocation.uri)
    expect(uris.map((uri) => uri.split('/').map(decodeURIComponent).join('/')).sort()).toEqual(expected)
    for (const uri of uris) expect(uri).toMatch(/^[A-Za-z0-9\-._~!$&'()*+,;=:@%/]+$/)
  })

  it('writes one GitHub annotation per finding and no other workflow command', () => {
    expect(githubOutputProblems(run.stdout, json.findings)).toEqual([])
    const unescape = (value: string) =>
      value.replace(/%(25|0D|0A|3A|2C)/g, (_, code: string) => String.fromCharCode(parseInt(code, 16)))
    const files = [...run.stdout.matchAll(/^::\w+ file=([^,]*),/gm)].map((match) => unescape(match[1]))
    expect(files).toHaveLength(Math.min(10, expected.length))
    for (const file of files) expect(expected).toContain(file)
  })

  // `readdir` gives such a name with U+FFFD in place of the bytes, so reading it fails: a note, not a crash.
  it('goes on past a file whose name is not valid UTF-8', () => {
    const bytesDir = folder('names-bytes')
    const template = readFileSync(path.join(hostile, 'unthrottled-stage.yaml'))
    writeFileSync(Buffer.concat([Buffer.from(`${bytesDir}/latin1-`), Buffer.from([0xe9, 0xff]), Buffer.from('.yaml')]), template)
    writeFileSync(path.join(bytesDir, 'plain.yaml'), template)
    const report = jsonReport(cli(['scan', '-f', 'json', '.'], { cwd: bytesDir }))
    expect(report.findings.map((finding) => finding.file)).toContain('plain.yaml')
  })
})

/**
 * Pinned from fuzzing: where a Terraform syntax error points. At the end of a line or of the file
 * the range is empty, and an error node's range stops before the `\r` of a CRLF line break, so no
 * range ends beyond its line.
 */
describe('positions of Terraform syntax errors', () => {
  const inputs = ['b {', 'a = "', 'b {\n', '!x\r\ny = 1\r\n', 'a = [[[\r\n']

  it.each(inputs)('%j gives a parse-error inside the file', async (text) => {
    const dir = folder(`hcl-range-${inputs.indexOf(text)}`)
    writeFileSync(path.join(dir, 'main.tf'), text)
    const result = await scan(['main.tf'], { rules, cwd: dir })
    expect(result.findings.map((finding) => finding.ruleId)).toEqual(['parse-error'])
    expect(rangeProblem(result.findings[0].location.range, text)).toBeUndefined()
  })
})

/**
 * Pinned from fuzzing: HCL error recovery over long runs of operators or broken `for`
 * expressions overflowed the small stack of the parser's WebAssembly, which then failed every
 * later Terraform file in the process ("memory access out of bounds"). Each is a parse-error of
 * its own, and the configuration read after it still reports.
 */
describe('Terraform that breaks the parser', () => {
  const stage = 'resource "aws_api_gateway_rest_api" "a" {\n  name = "x"\n}\n\nresource "aws_api_gateway_stage" "s" {\n  rest_api_id = aws_api_gateway_rest_api.a.id\n  stage_name  = "live"\n}\n'
  const inputs: Record<string, string> = {
    'a run of minus signs': `a = 1\n${'- '.repeat(1000)}\n`,
    'unfinished for expressions': `a = ${'[for x in '.repeat(400)}${'[] : x]'.repeat(400)}\n`,
  }

  it.each(Object.keys(inputs))('%s is a parse-error, and leaves the parser working', async (name) => {
    const bad = folder(`hcl-trap-${name.replace(/ /g, '-')}`)
    const good = folder(`hcl-trap-${name.replace(/ /g, '-')}-after`)
    writeFileSync(path.join(bad, 'main.tf'), inputs[name])
    writeFileSync(path.join(good, 'main.tf'), stage)
    const broken = await scan(['.'], { rules, cwd: bad })
    expect(broken.findings.map((finding) => finding.ruleId)).toEqual(['parse-error'])
    const after = await scan(['.'], { rules: probeRules, cwd: good })
    expect(after.findings.map((finding) => finding.ruleId)).toEqual([PROBE_RULE])
  })
})

/**
 * Pinned from fuzzing (`npm run fuzz` turned a fixture's `averagePayloadKB: 4` into `-1`): traffic
 * declared in a template's Metadata was not checked like the same declaration in .iac-lint.yaml,
 * and a negative payload reached assertNonNegative in src/model/cost.ts from the rule
 * apigw-high-traffic-cost, whose RangeError ended the whole scan ("internal error", exit 2).
 */
describe('traffic declared in a template', () => {
  it('with a negative payload size does not end the scan', async () => {
    const dir = folder('negative-payload')
    writeFileSync(
      path.join(dir, 'template.yaml'),
      `${HEADER}Resources:\n  Api:\n    Type: AWS::ApiGateway::RestApi\n    Metadata:\n      iac-lint:\n        traffic:\n          requestsPerSecond: 5000\n          averagePayloadKB: -1\n`,
    )
    await expect(scan(['template.yaml'], { rules, cwd: dir })).resolves.toBeDefined()
  })
})
