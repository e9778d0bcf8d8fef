/**
 * Terraform written to make the evaluator hang, fill the memory or overflow the stack: module
 * diamonds, nested `count` and `for`, values that double at every step, cycles, plans with tens
 * of thousands of instances, oversized files, module sources that lead out of the scan. Each
 * reproduction runs as a user runs it, through the built CLI under a 256 MB heap and a timeout,
 * beside a healthy module whose finding must come out unchanged. The hostile modules hold a probe
 * route whose authorization is what Terraform would compute, `AWS_IAM`, and would read `NONE`
 * from a wrong or partial value: a finding on it is a false positive made of a value past a limit.
 */
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { analyseTerraform } from '../src/frontends/terraform/index.js'
import { loadHclParser } from '../src/frontends/terraform/parse/hcl.js'
import type { JsonFinding } from '../src/report/index.js'
import { evaluate, removeFolders } from './terraform-support.js'
import { cli as runCli, jsonReport, type Run } from './cli-run.js'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const stageFixture = path.join(root, 'fixtures', 'apigw-stage-no-throttling', 'fail', 'rest-stage-without-method-settings.tf')
const scratch = mkdtempSync(path.join(os.tmpdir(), 'iac-lint-hostile-terraform-'))
afterAll(() => {
  rmSync(scratch, { recursive: true, force: true })
  removeFolders()
})

/** The built CLI in `cwd`, under a 256 MB heap by default (none when 0). */
function cli(args: string[], cwd: string, heapMB = 256): Run {
  return runCli(args, heapMB > 0 ? { cwd, heapMB } : { cwd })
}

const essentials = (findings: JsonFinding[]) => findings.map(({ ruleId, file, range, message }) => ({ ruleId, file, line: range.line, message }))

/** A new folder under the scratch folder with `files` (relative path to content) and the healthy module beside them. */
function scanFolder(name: string, files: Record<string, string>): string {
  const dir = path.join(scratch, name)
  for (const [file, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true })
    writeFileSync(path.join(dir, file), content)
  }
  mkdirSync(path.join(dir, 'healthy'), { recursive: true })
  copyFileSync(stageFixture, path.join(dir, 'healthy', 'main.tf'))
  return dir
}

/** What the healthy module alone reports, with its path as it is in every scan below. */
let healthy: ReturnType<typeof essentials>
beforeAll(() => {
  healthy = essentials(jsonReport(cli(['scan', '-f', 'json', '.'], scanFolder('healthy-alone', {}))).findings)
  expect(healthy.map((finding) => finding.ruleId)).toContain('apigw-stage-no-throttling')
})

/** A route that is unauthenticated exactly when `authorization` is `NONE`. */
function probe(authorization: string): string {
  return `
resource "aws_apigatewayv2_api" "probe" {
  name          = "probe"
  protocol_type = "HTTP"
}

resource "aws_apigatewayv2_route" "probe" {
  api_id             = aws_apigatewayv2_api.probe.id
  route_key          = "GET /probe"
  authorization_type = ${authorization}
}
`
}

/**
 * Scans the folder with the healthy module beside the hostile one: a clean exit in time, the
 * healthy finding unchanged, and in the hostile folder nothing but the evaluation-limit findings,
 * which are returned.
 */
function scanHostile(dir: string, hostile: string): JsonFinding[] {
  const run = cli(['scan', '-f', 'json', '.'], dir)
  const report = jsonReport(run)
  expect(run.ms).toBeLessThan(30_000)
  expect(essentials(report.findings.filter((finding) => finding.file.startsWith('healthy/')))).toEqual(healthy)
  const found = report.findings.filter((finding) => finding.file.startsWith(`${hostile}/`))
  expect(found.filter((finding) => finding.ruleId !== 'evaluation-limit'), 'findings made of values past a limit').toEqual([])
  return found
}

/** The line a finding points at. */
function lineOf(text: string, finding: JsonFinding): string {
  return text.split('\n')[finding.range.line - 1] ?? ''
}

describe('module diamonds', () => {
  // m0 calls m1 twice, m1 calls m2 twice ... m20: 2^20 instances of m20.
  const files: Record<string, string> = {}
  for (let i = 0; i < 20; i++) {
    files[`diamond/m${i}/main.tf`] =
      `module "a" {\n  source = "../m${i + 1}"\n}\n\nmodule "b" {\n  source = "../m${i + 1}"\n}\n\noutput "auth" {\n  value = module.a.auth\n}\n`
  }
  // The leaf's load balancer is internal: within the budget its instances are evaluated, and an internet-facing one would be a real finding.
  files['diamond/m20/main.tf'] = 'resource "aws_lb" "leaf" {\n  name     = "leaf"\n  internal = true\n}\n\noutput "auth" {\n  value = "AWS_IAM"\n}\n'
  files['diamond/m0/main.tf'] += probe('module.a.auth')

  it('stops at the instance budget with one evaluation-limit finding in a module of the diamond', () => {
    const [limit, ...others] = scanHostile(scanFolder('diamond', files), 'diamond')
    expect(others).toEqual([])
    expect(limit).toMatchObject({ ruleId: 'evaluation-limit', level: 'warning', properties: { budgets: ['maxInstances'] } })
    expect(limit!.file).toMatch(/^diamond\/m\d+\/main\.tf$/)
    expect(lineOf(files[limit!.file]!, limit!)).toMatch(/^module "[ab]" \{/)
  })
})

describe('nested count', () => {
  const files = {
    'count/main.tf': `${probe('"AWS_IAM"')}\nmodule "m" {\n  source = "./mod"\n  count  = 1000\n  api_id = aws_apigatewayv2_api.probe.id\n}\n`,
    'count/mod/main.tf':
      'variable "api_id" {}\n\nresource "aws_apigatewayv2_route" "r" {\n  count              = 1000\n  api_id             = var.api_id\n  route_key          = "GET /r${count.index}"\n  authorization_type = count.index >= 0 ? "AWS_IAM" : "NONE"\n}\n',
  }

  it('expands no more than the instance budget and points at the count that crossed it', () => {
    const [limit, ...others] = scanHostile(scanFolder('count', files), 'count')
    expect(others).toEqual([])
    expect(limit).toMatchObject({ ruleId: 'evaluation-limit', file: 'count/mod/main.tf', properties: { budgets: ['maxInstances'] } })
    expect(lineOf(files['count/mod/main.tf'], limit!)).toMatch(/^\s+count\s+= 1000/)
  })
})

describe('nested for expressions', () => {
  const text = `locals {\n  x = [for a in range(1000) : [for b in range(1000) : [for c in range(1000) : c]]]\n}\n${probe('length(local.x) == 1000 ? "AWS_IAM" : "NONE"')}`

  it('stops at the step budget and leaves the list unknown, not partial', () => {
    const [limit, ...others] = scanHostile(scanFolder('for', { 'for/main.tf': text }), 'for')
    expect(others).toEqual([])
    expect(limit).toMatchObject({ ruleId: 'evaluation-limit', file: 'for/main.tf', range: { line: 2 }, properties: { budgets: ['evaluationSteps'] } })
  })
})

describe('values that double at every step', () => {
  const doubling = (seed: string, step: (previous: string) => string): string =>
    `locals {\n  v0 = ${seed}\n${Array.from({ length: 40 }, (_, i) => `  v${i + 1} = ${step(`local.v${i}`)}`).join('\n')}\n}\n`
  // v0 has 2 characters (or 1 item); v40 has 2^41 (2^40). Terraform computes them, so the probe reads AWS_IAM.
  const cases: Array<{ name: string; text: string; budget: string; line: string }> = [
    {
      name: 'concat',
      text: doubling('["x"]', (v) => `concat(${v}, ${v})`) + probe('length(local.v40) == 1099511627776 ? "AWS_IAM" : "NONE"'),
      budget: 'maxCollectionSize',
      line: 'v17',
    },
    {
      name: 'template',
      text: doubling('"xx"', (v) => `"\${${v}}\${${v}}"`) + probe('length(local.v40) == 2199023255552 ? "AWS_IAM" : "NONE"'),
      budget: 'maxStringLength',
      line: 'v20',
    },
    {
      name: 'join',
      text: doubling('"xx"', (v) => `join("", [${v}, ${v}])`) + probe('length(local.v40) == 2199023255552 ? "AWS_IAM" : "NONE"'),
      budget: 'maxStringLength',
      line: 'v20',
    },
    {
      name: 'format',
      text: doubling('"xx"', (v) => `format("%s%s", ${v}, ${v})`) + probe('length(local.v40) == 2199023255552 ? "AWS_IAM" : "NONE"'),
      budget: 'maxStringLength',
      line: 'v20',
    },
    {
      name: 'replace',
      text: doubling('"xx"', (v) => `replace(${v}, "x", "xx")`) + probe('length(local.v40) == 2199023255552 ? "AWS_IAM" : "NONE"'),
      budget: 'maxStringLength',
      line: 'v20',
    },
    {
      name: 'jsonencode',
      text: doubling('"xx"', (v) => `jsonencode([${v}, ${v}])`) + probe('local.v40 != "" ? "AWS_IAM" : "NONE"'),
      budget: 'maxStringLength',
      line: 'v',
    },
    {
      // A list of two references to the one before: 2^60 values counted as a tree, in a few hundred objects.
      name: 'shared parts',
      text:
        doubling('["x"]', (v) => `[${v}, ${v}]`) +
        probe('jsonencode(local.v40) != "" && local.v40 == local.v40 && length(distinct([local.v40, local.v40])) == 1 ? "AWS_IAM" : "NONE"'),
      budget: 'evaluationSteps',
      line: 'v',
    },
  ]

  it.each(cases)('$name stops at $budget where the value crosses it', ({ name, text, budget, line }) => {
    const folder = name.replace(/ /g, '-')
    const [limit, ...others] = scanHostile(scanFolder(`double-${folder}`, { [`${folder}/main.tf`]: text }), folder)
    expect(others).toEqual([])
    expect(limit).toMatchObject({ ruleId: 'evaluation-limit', file: `${folder}/main.tf`, properties: { budgets: [budget] } })
    expect(lineOf(text, limit!).trim().startsWith(line)).toBe(true)
  })
})

describe('values nested deeper than the depth limit', () => {
  // Each local nests the one before in a list; read in order, no chain of references is deep, but the value is.
  // Only the load balancer's name is past the limit: it is internal, as an internet-facing one is a real finding whatever its name.
  const locals = Array.from({ length: 500 }, (_, i) => `  l${i + 1} = [local.l${i}]`).join('\n')
  const text = `locals {\n  l0 = "x"\n${locals}\n}\n\nresource "aws_lb" "deep" {\n  internal = true\n  name = [${Array.from({ length: 500 }, (_, i) => `local.l${i + 1}`).join(', ')}]\n}\n${probe('length([local.l500]) == 1 ? "AWS_IAM" : "NONE"')}`

  it('leaves the deeper ones unknown instead of overflowing the stack', () => {
    const [limit, ...others] = scanHostile(scanFolder('deep-values', { 'deep/main.tf': text }), 'deep')
    expect(others).toEqual([])
    expect(limit).toMatchObject({ ruleId: 'evaluation-limit', file: 'deep/main.tf', properties: { budgets: ['maxDepth'] } })
  })
})

describe('cycles', () => {
  const cases: Array<{ name: string; files: Record<string, string>; file: string; message: RegExp }> = [
    {
      name: 'locals that refer to each other',
      files: { 'locals/main.tf': `locals {\n  a = local.b\n  b = local.a\n}\n${probe('local.a')}` },
      file: 'locals/main.tf',
      message: /local\.a refers to itself through local\.b/,
    },
    {
      name: 'a variable whose default is itself',
      files: { 'variables/main.tf': `variable "a" {\n  default = var.a\n}\n${probe('var.a')}` },
      file: 'variables/main.tf',
      message: /var\.a refers to itself/,
    },
    {
      name: 'a module whose source is its own folder',
      files: { 'itself/main.tf': `module "again" {\n  source = "./"\n}\n${probe('"AWS_IAM"')}` },
      file: 'itself/main.tf',
      message: /module "again" \(source "\.\/"\) calls its own folder/,
    },
    {
      name: 'two folders that call each other',
      files: {
        'pair/a/main.tf': `module "b" {\n  source = "../b"\n}\n${probe('module.b.auth')}`,
        'pair/b/main.tf': 'module "a" {\n  source = "../a"\n}\n\noutput "auth" {\n  value = module.a.auth\n}\n',
      },
      file: 'pair/b/main.tf',
      message: /module "a" \(source "\.\.\/a"\) calls a module it is called from/,
    },
  ]

  it.each(cases)('$name is one evaluation-limit finding that names the cycle', ({ name, files, file, message }) => {
    const hostile = Object.keys(files)[0]!.split('/')[0]!
    const [limit, ...others] = scanHostile(scanFolder(`cycle-${name.replace(/ /g, '-')}`, files), hostile)
    expect(others).toEqual([])
    expect(limit).toMatchObject({ ruleId: 'evaluation-limit', file, properties: { budgets: ['cycle'] } })
    expect(limit!.message).toMatch(message)
  })
})

describe('a plan with 30,000 count instances', () => {
  // Every stage is throttled by the method settings of the same index, matched by stage name, and writes access logs.
  const n = 10_000
  const resources: Array<{ address: string; type: string; values: Record<string, unknown> }> = [
    { address: 'aws_api_gateway_rest_api.api', type: 'aws_api_gateway_rest_api', values: { name: 'api' } },
  ]
  for (let i = 0; i < n; i++) {
    resources.push({
      address: `aws_api_gateway_stage.s[${i}]`,
      type: 'aws_api_gateway_stage',
      values: { stage_name: `s${i}`, access_log_settings: [{ destination_arn: 'arn:aws:logs:eu-west-1:123456789012:log-group:api', format: '$context.requestId' }] },
    })
    resources.push({
      address: `aws_api_gateway_method_settings.s[${i}]`,
      type: 'aws_api_gateway_method_settings',
      values: { stage_name: `s${i}`, method_path: '*/*', settings: [{ throttling_rate_limit: 10, throttling_burst_limit: 5 }] },
    })
    resources.push({ address: `aws_lambda_function.f[${i}]`, type: 'aws_lambda_function', values: { timeout: 3 } })
  }
  const api = { rest_api_id: { references: ['aws_api_gateway_rest_api.api.id', 'aws_api_gateway_rest_api.api'] } }
  const plan = {
    format_version: '1.2',
    terraform_version: '1.9.0',
    planned_values: { root_module: { resources } },
    resource_changes: resources.map(({ address }) => ({ address, change: { actions: ['create'], after_unknown: {} } })),
    configuration: {
      root_module: {
        resources: [
          { address: 'aws_api_gateway_stage.s', expressions: api },
          { address: 'aws_api_gateway_method_settings.s', expressions: api },
        ],
      },
    },
  }

  it('is read in seconds, every instance of it', () => {
    const dir = scanFolder('plan', { 'plan/big.plan.json': JSON.stringify(plan) })
    // The plan's JSON tree takes more than 256 MB; the time bound only guards against a hang.
    const run = cli(['scan', '-f', 'json', '.'], dir, 0)
    const report = jsonReport(run)
    expect(run.ms).toBeLessThan(20_000)
    expect(report.summary.templates).toBe(2)
    expect(essentials(report.findings.filter((finding) => finding.file.startsWith('healthy/')))).toEqual(healthy)
    expect(report.findings.filter((finding) => finding.file.startsWith('plan/'))).toEqual([])
  })
})

describe('numbers with exponents', () => {
  it.each([
    ['1e3', 1000],
    ['1E+3', 1000],
    ['2.5e-1', 0.25],
    ['1e-3', 0.001],
  ])('%s is read as %d, in HCL and in a template', async (text, value) => {
    const hcl = await loadHclParser()
    const parsed = hcl.parse(`a = ${text}\nb = "\${${text}}"\n`)
    expect(parsed.ok).toBe(true)
    if (!parsed.ok) return
    expect(parsed.file.body.attributes[0]!.expr).toMatchObject({ kind: 'literal', value, range: { line: 1, column: 5, endColumn: 5 + text.length } })
    expect(await evaluate(text)).toBe(value)
    expect(await evaluate(`${text} + 1`)).toBe(value + 1)
  })

  it('reads them after a minus sign and inside templates, and leaves names, strings and comments that look like them alone', async () => {
    expect(await evaluate('-1e3')).toBe(-1000)
    expect(await evaluate('2*-1E2')).toBe(-200)
    expect(await evaluate('"1e3 ${1e2}" # 1e3')).toBe('1e3 100')
    expect(await evaluate('local.e3', 'locals {\n  e3 = 7\n}\n')).toBe(7)
  })
})

describe('Terraform files over the size limit', () => {
  const padding = (megabytes: number): string => {
    const line = `  # ${'padding '.repeat(12)}\n`
    return `locals {\n${line.repeat(Math.ceil((megabytes * 1024 * 1024) / line.length))}}\n`
  }

  it('reports a .tf over maxFileSizeMB as file-too-large, as a template', () => {
    const dir = scanFolder('size-configured', { '.iac-lint.yaml': 'maxFileSizeMB: 1\n', 'big/main.tf': padding(2) })
    const report = jsonReport(cli(['scan', '-f', 'json', '.'], dir))
    expect(report.findings.filter((finding) => finding.file.startsWith('big/')).map((finding) => [finding.file, finding.ruleId, finding.message])).toEqual([
      ['big/main.tf', 'file-too-large', expect.stringMatching(/^main\.tf is 2 MB, over the 1 MB limit, so it was not analysed/)],
    ])
    expect(essentials(report.findings.filter((finding) => finding.file.startsWith('healthy/')))).toEqual(healthy)
  })

  it('applies 10 MB when nothing is configured, to .tf and .tf.json alike, and reads no such file', () => {
    const json = `{"locals": {"a": "${'x'.repeat(11 * 1024 * 1024)}"}}`
    const dir = scanFolder('size-default', { 'big/main.tf': padding(11), 'json/main.tf.json': json })
    const report = jsonReport(cli(['scan', '-f', 'json', '.'], dir, 128))
    expect(report.findings.filter((finding) => !finding.file.startsWith('healthy/')).map((finding) => [finding.file, finding.ruleId])).toEqual([
      ['big/main.tf', 'file-too-large'],
      ['json/main.tf.json', 'file-too-large'],
    ])
  })

  it('passes the limit of the analysis on to every Terraform file it reads, called modules too', async () => {
    const dir = scanFolder('size-api', { 'root/main.tf': 'module "m" {\n  source = "../module"\n}\n', 'module/main.tf': padding(0.1) })
    const analysis = await analyseTerraform([{ file: path.join(dir, 'root', 'main.tf'), explicit: false }], { vars: {}, varFiles: [], maxBytes: 50_000, scanRoots: [dir] })
    expect(analysis.findings.map((finding) => [path.relative(dir, finding.location.file), finding.ruleId])).toEqual([['module/main.tf', 'file-too-large']])
  })

  it('reports a .tf that cannot be decoded as a parse-error, not a note', () => {
    const dir = scanFolder('undecodable', { 'latin1/main.tf': '' })
    writeFileSync(path.join(dir, 'latin1', 'main.tf'), Buffer.from('locals {\n  caf\xe9 = "x"\n}\n', 'latin1'))
    const run = cli(['scan', '-f', 'json', '.'], dir)
    expect(jsonReport(run).findings.filter((finding) => finding.file.startsWith('latin1/')).map((finding) => finding.ruleId)).toEqual(['parse-error'])
    expect(run.stderr).toBe('')
  })
})

describe('module sources that lead out of the scan root', () => {
  const base = path.join(scratch, 'escape')
  const outside = path.join(base, 'outside')
  const scanRoot = path.join(base, 'root')
  beforeAll(() => {
    mkdirSync(outside, { recursive: true })
    mkdirSync(path.join(scanRoot, 'envs', 'prod'), { recursive: true })
    mkdirSync(path.join(scanRoot, 'modules', 'inside'), { recursive: true })
    copyFileSync(stageFixture, path.join(outside, 'stage.tf'))
    copyFileSync(stageFixture, path.join(scanRoot, 'modules', 'inside', 'stage.tf'))
    symlinkSync('../outside', path.join(scanRoot, 'linked'))
    writeFileSync(
      path.join(scanRoot, 'main.tf'),
      [
        ['up', '../outside'],
        ['absolute', outside],
        ['linked', './linked'],
        ['inside', './modules/inside'],
      ]
        .map(([name, source]) => `module "${name}" {\n  source = "${source}"\n}\n`)
        .join('\n'),
    )
    writeFileSync(
      path.join(scanRoot, 'envs', 'prod', 'main.tf'),
      'module "far" {\n  source = "../../../outside"\n}\n\nmodule "inside" {\n  source = "../../modules/inside"\n}\n',
    )
  })

  it('follows the module inside and none of those that lead out, with `..`, an absolute path or a link', () => {
    const run = cli(['scan', '-f', 'json', '--rule', 'apigw-stage-no-throttling', 'root'], base)
    const report = jsonReport(run)
    expect(report.findings.map((finding) => [finding.file, finding.ruleId])).toEqual([['root/modules/inside/stage.tf', 'apigw-stage-no-throttling']])
    expect(run.stderr).toMatch(/module source "\.\.\/outside" leads out of the folders being scanned/)
    expect(run.stderr).toMatch(/module source "\.\/linked" leads out of the folders being scanned/)
    expect(run.stderr).toMatch(/module source "\.\.\/\.\.\/\.\.\/outside" leads out of the folders being scanned/)
    expect(run.stderr).toContain(`module source "${outside}" is not available locally`)
  })

  // pre-commit names changed files from the repository root: their modules elsewhere in the
  // repository are followed, nothing outside the working folder is.
  it('takes the working folder as the scan root of a file named inside it', () => {
    const run = cli(['scan', '-f', 'json', '--rule', 'apigw-stage-no-throttling', path.join('envs', 'prod', 'main.tf')], scanRoot)
    expect(jsonReport(run).findings.map((finding) => [finding.file, finding.ruleId])).toEqual([['modules/inside/stage.tf', 'apigw-stage-no-throttling']])
    expect(run.stderr).toMatch(/module source "\.\.\/\.\.\/\.\.\/outside" leads out of the folders being scanned/)
  })

  it('takes the folder of a file named outside the working folder as its scan root', () => {
    const run = cli(['scan', '-f', 'json', path.join(scanRoot, 'envs', 'prod', 'main.tf')], outside)
    expect(jsonReport(run).findings).toEqual([])
    expect(run.stderr).toMatch(/module source "\.\.\/\.\.\/modules\/inside" leads out of the folders being scanned/)
  })
})
