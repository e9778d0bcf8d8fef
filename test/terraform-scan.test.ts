import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { collectFiles } from '../src/engine/files.js'
import { analyseTerraform } from '../src/frontends/terraform/index.js'
import { loadModels, renderReport, rules, scan, type Finding } from '../src/index.js'
import { isTerraformSource } from '../src/frontends/terraform/parse/folder.js'
import { renderPaths } from '../src/report/paths.js'
import { validateSarif } from './sarif-schema.js'
import { folderWith, removeFolders } from './terraform-support.js'

afterAll(removeFolders)

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const fixtures = path.join(repoRoot, 'test', 'fixtures', 'terraform')

function summary(findings: Finding[]): string[] {
  return findings.map((finding) => {
    const { file, range, address } = finding.location
    return `${path.relative(repoRoot, file).split(path.sep).join('/')}:${range.line}:${range.column} ${finding.ruleId} ${address ?? ''}`
  })
}

describe('a folder mixing CloudFormation and Terraform', () => {
  const mixed = path.join(fixtures, 'mixed')

  it('reports both frameworks, Terraform findings at the property to change with the module path in the address', async () => {
    const result = await scan([mixed], { rules, cwd: repoRoot })
    expect(summary(result.findings)).toEqual([
      'test/fixtures/terraform/mixed/cloudformation.yaml:9:3 apigw-route-unauthenticated Route',
      'test/fixtures/terraform/mixed/modules/edge/main.tf:14:1 alb-invalid-headers-kept module.edge.aws_lb.this',
      'test/fixtures/terraform/mixed/modules/edge/main.tf:14:1 alb-public-no-rate-limit module.edge.aws_lb.this',
      'test/fixtures/terraform/mixed/modules/edge/main.tf:34:3 alb-http-not-redirected module.edge.aws_lb_listener.this',
      'test/fixtures/terraform/mixed/modules/edge/main.tf:34:3 alb-lambda-unauthenticated module.edge.aws_lb_listener.this',
      'test/fixtures/terraform/mixed/reports.tf.json:13:26 apigw-route-unauthenticated aws_api_gateway_method.list',
    ])
    // The default_action block to change, with the listener block related.
    const unauthenticated = result.findings.find((finding) => finding.ruleId === 'alb-lambda-unauthenticated')!
    expect(unauthenticated.location.range).toEqual({ line: 34, column: 3, endLine: 37, endColumn: 4 })
    expect(unauthenticated.related?.[0]).toMatchObject({ message: 'the resource module.edge.aws_lb_listener.this', range: { line: 29, column: 1 } })
    expect(unauthenticated.message).toContain('forwards to Lambda function aws_lambda_function.orders with no authentication')
    expect(result.templatesScanned).toBe(2)
    expect(result.filesScanned).toBe(4)
    expect(result.notices).toEqual([])
  })

  it('shows the Terraform request paths in `iac-lint paths`', async () => {
    const { models } = await loadModels([mixed], repoRoot)
    expect(models.map((model) => model.framework)).toEqual(['terraform', 'cloudformation'])
    const text = renderPaths(models, repoRoot)
    expect(text).toContain('test/fixtures/terraform/mixed (2 request paths)')
    expect(text).toContain('Listener module.edge.aws_lb_listener.this  (line 29)')
    expect(text).toContain('target:   target group module.edge.aws_lb_target_group.function (lambda) → function aws_lambda_function.orders')
  })

  it('writes SARIF that validates, with Terraform addresses as logical locations', async () => {
    const result = await scan([mixed], { rules, cwd: repoRoot })
    const log = JSON.parse(renderReport('sarif', result, { cwd: repoRoot, color: false, toolVersion: '0.0.0' })) as {
      runs: Array<{ results: Array<{ ruleId: string; locations: Array<{ logicalLocations?: Array<{ fullyQualifiedName: string }> }> }> }>
    }
    expect(validateSarif(log)).toEqual([])
    const listener = log.runs[0]!.results.find((entry) => entry.ruleId === 'alb-http-not-redirected')!
    expect(listener.locations[0]!.logicalLocations?.[0]?.fullyQualifiedName).toBe('module.edge.aws_lb_listener.this')
  })

  it('applies iac-lint-ignore comments in .tf files', async () => {
    const dir = folderWith({
      'main.tf': [
        'resource "aws_apigatewayv2_api" "http" {',
        '  protocol_type = "HTTP"',
        '}',
        '# iac-lint-ignore apigw-route-unauthenticated -- public health check',
        'resource "aws_apigatewayv2_route" "health" {',
        '  api_id    = aws_apigatewayv2_api.http.id',
        '  route_key = "GET /health"',
        '}',
        '',
      ].join('\n'),
    })
    const result = await scan([dir], { rules, cwd: dir })
    expect(result.findings.map((finding) => [finding.ruleId, finding.suppressed !== undefined])).toEqual([['apigw-route-unauthenticated', true]])
  })
})

describe('the Terraform example and the command line', () => {
  const example = path.join(repoRoot, 'examples', 'terraform')

  function cli(...args: string[]): { status: number | null; findings: Array<{ ruleId: string }>; stderr: string } {
    const run = spawnSync(process.execPath, [path.join(repoRoot, 'bin', 'iac-lint.js'), ...args], { cwd: example, encoding: 'utf8' })
    return { status: run.status, findings: run.stdout ? (JSON.parse(run.stdout) as { findings: Array<{ ruleId: string }> }).findings : [], stderr: run.stderr }
  }

  it('reads examples/terraform with the values of terraform.tfvars', () => {
    const run = cli('scan', '-f', 'json', '.')
    expect(run.status).toBe(1)
    const ids = new Set(run.findings.map((finding) => finding.ruleId))
    // Every finding is of a rule that exists, and the traffic declared in terraform.tfvars reaches the cost rule.
    expect([...ids].filter((id) => !rules.some((rule) => rule.meta.id === id))).toEqual([])
    expect(ids).toContain('apigw-high-traffic-cost')
    expect(ids).toContain('alb-lambda-unauthenticated')
  })

  it('takes --var and --var-file like Terraform, --var last', () => {
    const declared = cli('scan', '-f', 'json', '.', '--var-file', 'terraform.tfvars', '--var', 'expected_requests_per_second=1')
    expect(declared.findings.map((finding) => finding.ruleId)).not.toContain('apigw-high-traffic-cost')
    expect(cli('scan', '.', '--var', 'no-equals-sign')).toMatchObject({ status: 2, stderr: 'iac-lint: --var needs NAME=VALUE, not "no-equals-sign"\n' })
  })
})

describe('a plan beside the configuration it was made from', () => {
  const planFile = path.join(fixtures, 'plan-and-sources', 'plan.json')
  const sourceFile = path.join(fixtures, 'plan-and-sources', 'main.tf')

  it('reports what both show once, at the .tf source, with the plan entry related', async () => {
    const result = await scan([path.join(fixtures, 'plan-and-sources')], { rules, cwd: repoRoot })
    // The route and the stage are what this pair is about; other rules may report other resources.
    const about = result.findings.filter((finding) => finding.ruleId.startsWith('apigw-'))
    expect(summary(about)).toEqual([
      'test/fixtures/terraform/plan-and-sources/main.tf:27:1 apigw-route-unauthenticated aws_apigatewayv2_route.post_events',
      'test/fixtures/terraform/plan-and-sources/main.tf:33:1 apigw-access-logging-disabled aws_apigatewayv2_stage.default',
      'test/fixtures/terraform/plan-and-sources/main.tf:33:1 apigw-stage-no-throttling aws_apigatewayv2_stage.default',
    ])
    const plans = about.map((finding) => finding.related?.find((location) => location.message === 'Terraform plan'))
    expect(plans.map((plan) => plan && `${path.basename(plan.file)}:${plan.range.line}:${plan.range.column}`)).toEqual(['plan.json:61:35', 'plan.json:80:36', 'plan.json:73:11'])
    const sarif = JSON.parse(renderReport('sarif', result, { cwd: repoRoot, color: false, toolVersion: '0.0.0' })) as unknown
    expect(validateSarif(sarif)).toEqual([])
  })

  it('keeps at the plan, with the .tf block related, what only the plan knows', async () => {
    // The route's authorization comes from a variable the sources leave unset: unknown there, NONE in the plan.
    const main = readFileSync(sourceFile, 'utf8').replace('route_key = "POST /events"', 'route_key = "POST /events"\n  authorization_type = var.auth')
    const folder = folderWith({ 'main.tf': `${main}\nvariable "auth" {\n  type = string\n}\n`, 'plan.json': readFileSync(planFile, 'utf8') })
    const result = await scan([folder], { rules, cwd: folder })
    const route = result.findings.filter((finding) => finding.ruleId === 'apigw-route-unauthenticated')
    expect(route.map((finding) => `${path.basename(finding.location.file)}:${finding.location.range.line}`)).toEqual(['plan.json:61'])
    const source = route[0]!.related!.find((location) => location.message === 'Terraform source')
    expect(source).toMatchObject({ file: path.join(folder, 'main.tf'), range: { line: 27, column: 1 } })
    const stage = result.findings.filter((finding) => finding.ruleId === 'apigw-stage-no-throttling')
    expect(stage.map((finding) => path.basename(finding.location.file))).toEqual(['main.tf'])
  })

  it('has no Terraform source location when the configuration is not scanned', async () => {
    const result = await scan([planFile], { rules, cwd: repoRoot })
    expect(result.findings.length).toBeGreaterThan(0)
    for (const finding of result.findings) expect(finding.related?.some((location) => location.message === 'Terraform source')).toBe(false)
  })
})

const corpus = path.resolve(repoRoot, '..', 'shared', 'corpus')
const corpusPresent = existsSync(corpus)
if (!corpusPresent) console.warn(`Terraform corpus tests skipped: ${path.relative(repoRoot, corpus)} is not present beside this repository`)

describe.skipIf(!corpusPresent)('the real-world Terraform corpus', () => {
  async function terraformFiles(folder: string): Promise<string[]> {
    return (await collectFiles([path.join(corpus, folder)], repoRoot)).map((candidate) => candidate.file).filter(isTerraformSource)
  }

  it.each(['terraform-aws-alb', 'terraform-aws-apigateway-v2', 'serverless-patterns'])(
    'reads every .tf file of %s without a crash or a parse error, findings inside their files',
    async (folder) => {
      const files = await terraformFiles(folder)
      const analysis = await analyseTerraform(
        files.map((file) => ({ file, explicit: false })),
        { vars: {}, varFiles: [] },
      )
      expect(analysis.findings).toEqual([])
      expect(analysis.stats.files).toBeGreaterThanOrEqual(files.length)
      expect(analysis.stats.resources).toBeGreaterThan(40)
      const result = await scan(files, { rules, cwd: repoRoot })
      expect(result.findings.filter((finding) => finding.ruleId === 'parse-error')).toEqual([])
      for (const finding of result.findings) {
        expect(isTerraformSource(finding.location.file), finding.location.file).toBe(true)
        expect(finding.location.range.line).toBeGreaterThanOrEqual(1)
        expect(finding.location.address).toMatch(/^(module\.[\w-]+(\[[^\]]+\])?\.)*[a-z0-9_]+\.[\w-]+/)
      }
    },
  )

  it('finds the unauthenticated ALB and API routes of serverless-patterns', async () => {
    const result = await scan(await terraformFiles('serverless-patterns'), { rules, cwd: repoRoot })
    const addresses = (ruleId: string): string[] => result.findings.filter((finding) => finding.ruleId === ruleId).map((finding) => finding.location.address!)
    expect(addresses('alb-lambda-unauthenticated')).toContain('aws_lb_listener.listener')
    expect(addresses('apigw-route-unauthenticated').length).toBeGreaterThan(10)
  })

  it('follows the examples of terraform-aws-alb into the module with their arguments, not the module alone', async () => {
    const { models } = await loadModels([path.join(corpus, 'terraform-aws-alb')], repoRoot)
    const origins = models.map((model) => path.relative(corpus, model.origin).split(path.sep).join('/'))
    expect(origins).not.toContain('terraform-aws-alb')
    expect(origins).toContain('terraform-aws-alb/examples/complete-alb')
    const complete = models[origins.indexOf('terraform-aws-alb/examples/complete-alb')]!
    expect(complete.all('listener').map((listener) => listener.id)).toContain('module.alb.aws_lb_listener.this["ex-cognito"]')
  })

  it('reads the plans of terraform-plans, UTF-16 ones too, and reports the corrupted one as a parse error', async () => {
    const folder = path.join(corpus, 'terraform-plans')
    const result = await scan([folder], { rules, cwd: repoRoot })
    const plans = readdirSync(folder, { recursive: true }).filter((name) => String(name).endsWith('.json'))
    expect(result.templatesScanned).toBeGreaterThanOrEqual(plans.length - 2)
    expect(summary(result.findings.filter((finding) => finding.ruleId === 'parse-error'))).toEqual([
      '../shared/corpus/terraform-plans/terraform/runner/resources/plan/corrupted-tfplan.json:1:1 parse-error ',
    ])
    const utf16 = await loadModels([path.join(folder, 'terraform', 'runner', 'resources', 'plan_with_utf_16_encoding', 'tfplan.json')], repoRoot)
    expect(utf16.models).toHaveLength(1)
  })
})
