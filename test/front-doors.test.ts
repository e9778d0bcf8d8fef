/**
 * The front-door advisor (`iac-lint front-doors`): its verdicts come from the fit and cost
 * findings about each front door, so they agree with the rules by construction; these tests show
 * that on the examples, on hand-made templates in both frameworks with declared traffic, and on
 * the corpus, and pin what the command prints in each format.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { verdictOf } from '../src/advisor/verdicts.js'
import type { Finding } from '../src/core/types.js'
import { frontDoors, RULE_IMPLICATIONS, rules, type FrontDoorAdvice } from '../src/index.js'
import type { FrontDoorsResult } from '../src/index.js'
import { cli, repoRoot } from './cli-run.js'

const FIXTURES = ['test/fixtures/front-doors/cloudformation', 'test/fixtures/front-doors/terraform']
const VERDICT_CATEGORIES = ['fit', 'cost']

const scratch = mkdtempSync(path.join(os.tmpdir(), 'iac-lint-front-doors-'))
afterAll(() => rmSync(scratch, { recursive: true, force: true }))

/** Every fit or cost finding about the front door itself is among its reasons, and the verdict moves where each says. */
function expectAgreement(result: FrontDoorsResult): void {
  const verdictRules = new Set(result.scan.rules.filter((meta) => VERDICT_CATEGORIES.includes(meta.category)).map((meta) => meta.id))
  for (const advice of result.frontDoors) {
    const { file, range, address } = advice.door.source
    const about = result.scan.findings.filter(
      (finding) =>
        verdictRules.has(finding.ruleId) &&
        !finding.suppressed &&
        [finding.location, ...(finding.related ?? [])].some(
          (location) => location.file === file && location.range.line === range.line && location.range.column === range.column && location.address === address,
        ),
    )
    const reasons = advice.verdict.reasons.map((reason) => reason.finding)
    for (const finding of about) expect(reasons, `${advice.name}: ${finding.ruleId}`).toContain(finding)
    for (const { implication } of advice.verdict.reasons) {
      if (implication.kind === 'move') expect([advice.verdict.to, ...advice.verdict.alternatives], advice.name).toContain(implication.to)
    }
    expect(advice.verdict.kind === 'move', advice.name).toBe(advice.verdict.reasons.some((reason) => reason.implication.kind === 'move'))
  }
}

/** The advisor's figures for the front door are the ones apigw-high-traffic-cost used. */
function expectSameCosts(advice: FrontDoorAdvice): void {
  const finding = advice.verdict.reasons.find((reason) => reason.finding.ruleId === 'apigw-high-traffic-cost')?.finding
  expect(finding, advice.name).toBeDefined()
  expect('compared' in advice.costs).toBe(true)
  if (!finding || !('compared' in advice.costs)) return
  const usd = advice.costs.compared.monthlyUsd
  const cents = (value: number): number => Math.round(value * 100) / 100
  expect(finding.properties?.apiGatewayMonthlyUsd).toBe(cents(advice.kind === 'rest-api' ? usd.restApi : usd.httpApi))
  expect(finding.properties?.albMonthlyUsd).toBe(cents(usd.alb))
}

function byAddress(result: FrontDoorsResult): Map<string, FrontDoorAdvice> {
  return new Map(result.frontDoors.map((advice) => [advice.door.source.address, advice]))
}

describe('the rule-to-verdict table', () => {
  it('has an entry for every fit and cost rule in the registry, and only for such rules', () => {
    const verdictRules = rules.map((rule) => rule.meta).filter((meta) => VERDICT_CATEGORIES.includes(meta.category))
    expect(verdictRules.map((meta) => meta.id)).toContain('apigw-high-traffic-cost')
    // A rule added without an entry would still count, as a fix: this asks for the move it implies.
    expect(verdictRules.filter((meta) => !Object.hasOwn(RULE_IMPLICATIONS, meta.id)).map((meta) => meta.id)).toEqual([])
    const registered = new Map(rules.map((rule) => [rule.meta.id, rule.meta.category]))
    // Every entry names a registered fit or cost rule: a misspelt or removed id would never count.
    const outside = Object.keys(RULE_IMPLICATIONS).filter((id) => !VERDICT_CATEGORIES.includes(registered.get(id) ?? 'unregistered'))
    expect(outside).toEqual([])
  })

  const finding = (ruleId: string, level: Finding['level']): Finding => ({
    ruleId,
    level,
    message: ruleId,
    location: { file: 'template.yaml', range: { line: 1, column: 1, endLine: 1, endColumn: 2 } },
  })
  const category = (id: string): string => (id.includes('cost') || id.includes('features') ? 'cost' : 'fit')

  it('moves where the most pressing finding says, with the others as alternatives', () => {
    const verdict = verdictOf([finding('apigw-rest-without-rest-features', 'note'), finding('apigw-high-traffic-cost', 'warning')], category, 'rest-api')
    expect(verdict).toMatchObject({ kind: 'move', to: 'alb', alternatives: ['http-api'], fixes: 0 })
    expect(verdict.reasons.map((reason) => reason.finding.ruleId)).toEqual(['apigw-high-traffic-cost', 'apigw-rest-without-rest-features'])
  })

  it('keeps a front door a finding would move to itself, counting the finding as a fix', () => {
    expect(verdictOf([finding('alb-api-management-gap', 'warning')], category, 'rest-api')).toMatchObject({ kind: 'keep', fixes: 1 })
  })

  it('counts a finding of a rule the table does not know as a fix, and a declaration request as such', () => {
    expect(verdictOf([finding('some-new-cost-rule', 'note')], category, 'alb')).toMatchObject({ kind: 'keep', fixes: 1, needsDeclaration: false })
    expect(verdictOf([finding('traffic-profile-missing', 'note')], category, 'alb')).toMatchObject({ kind: 'keep', fixes: 0, needsDeclaration: true })
  })
})

describe('front-doors on the examples (the README scans them)', () => {
  it('advises every load balancer and API, and agrees with the rules', async () => {
    const result = await frontDoors(['examples'], { rules, cwd: repoRoot })
    expectAgreement(result)
    const doors = byAddress(result)
    expect([...doors.keys()].sort()).toEqual(
      [
        'CatalogApi',
        'InternalLoadBalancer',
        'LoadBalancer',
        'PartnerApi',
        'ServerlessHttpApi',
        'aws_apigatewayv2_api.orders',
        'module.admin_alb.aws_lb.this',
        'module.reports_alb.aws_lb.this',
      ].sort(),
    )
    for (const address of ['CatalogApi', 'PartnerApi', 'aws_apigatewayv2_api.orders']) {
      const advice = doors.get(address)!
      expect(advice.verdict).toMatchObject({ kind: 'move', to: 'alb' })
      expectSameCosts(advice)
    }
    expect(doors.get('InternalLoadBalancer')!.scenario.id).toBe('internal-service-to-service')
    expect(doors.get('module.admin_alb.aws_lb.this')!.scenario.id).toBe('internal-service-to-service')
    expect(doors.get('LoadBalancer')!.scenario.id).toBe('serverless-backend')
    expect(doors.get('LoadBalancer')!.features.map((feature) => feature.detail)).toEqual(['authenticate-cognito action on 1 of 3 entries'])
  })
})

describe('front-doors on templates with declared traffic', () => {
  it('gives each front door its scenario, costs and the verdict of the rules, in both frameworks', async () => {
    const result = await frontDoors(FIXTURES, { rules, cwd: repoRoot })
    expectAgreement(result)
    const doors = byAddress(result)
    const summary = (address: string) => {
      const advice = doors.get(address)!
      return [advice.kind, 'value' in advice.exposure ? advice.exposure.value : 'unknown', advice.scenario.id, advice.targets.map((target) => target.kind).join(','), advice.verdict.kind, advice.verdict.to ?? '-']
    }
    expect(summary('ShopLoadBalancer')).toEqual(['application-load-balancer', 'public', 'high-traffic-web-app', 'ecs', 'keep', '-'])
    expect(summary('OrdersApi')).toEqual(['rest-api', 'public', 'high-traffic-web-app', 'lambda', 'move', 'alb'])
    expect(summary('WebhookApi')).toEqual(['http-api', 'partner', 'external-client-facing-api', 'lambda', 'keep', '-'])
    expect(summary('ChatApi')).toEqual(['websocket-api', 'public', 'serverless-backend', 'lambda', 'keep', '-'])
    expect(summary('aws_lb.inventory')).toEqual(['application-load-balancer', 'internal', 'internal-service-to-service', 'instances', 'keep', '-'])
    expect(summary('aws_apigatewayv2_api.search')).toEqual(['http-api', 'public', 'high-traffic-web-app', 'lambda', 'move', 'alb'])
    expect(summary('aws_api_gateway_rest_api.ledger')).toEqual(['rest-api', 'private', 'internal-service-to-service', 'lambda', 'keep', '-'])
    expectSameCosts(doors.get('OrdersApi')!)
    expectSameCosts(doors.get('aws_apigatewayv2_api.search')!)
    expect(doors.get('ShopLoadBalancer')!.features).toEqual([{ id: 'sticky-sessions', detail: 'target group ShopTargetGroup' }])
    expect(doors.get('ChatApi')!.costs).toEqual({ notCompared: 'WebSocket APIs are billed by message and connection minute, not by request' })
  })

  it('keeps on API Gateway what an ALB cannot give when the rules move an API to an ALB', async () => {
    const folder = path.join(scratch, 'hybrid')
    mkdirSync(folder, { recursive: true })
    writeFileSync(
      path.join(folder, 'template.yaml'),
      [
        'Transform: AWS::Serverless-2016-10-31',
        'Resources:',
        '  Fn:',
        '    Type: AWS::Serverless::Function',
        '    Properties: { Runtime: python3.12, Handler: index.handler, CodeUri: ., Events: { Get: { Type: Api, Properties: { RestApiId: !Ref Api, Path: /x, Method: GET, Auth: { ApiKeyRequired: true } } } } }',
        '  Api:',
        '    Type: AWS::Serverless::Api',
        '    Metadata: { iac-lint: { traffic: { requestsPerSecond: 3000 } } }',
        '    Properties: { StageName: prod, Auth: { ApiKeyRequired: true, UsagePlan: { CreateUsagePlan: PER_API, Throttle: { RateLimit: 100, BurstLimit: 50 } } } }',
        '',
      ].join('\n'),
    )
    const result = await frontDoors([folder], { rules, cwd: folder })
    expectAgreement(result)
    const [api] = result.frontDoors
    expect(api!.verdict).toMatchObject({ kind: 'move', to: 'alb' })
    expect(api!.verdict.keepOnApiGateway).toEqual(expect.arrayContaining(['API keys', 'usage plans']))
    const { renderFrontDoors } = await import('../src/index.js')
    expect(renderFrontDoors(result.frontDoors, folder)).toMatch(/verdict: {4}move to an Application Load Balancer, keeping on API Gateway the endpoints that use API keys and usage plans\n/)
  })

  it('leaves a suppressed finding out of the verdict', async () => {
    const folder = path.join(scratch, 'suppressed')
    mkdirSync(folder, { recursive: true })
    const template = [
      'Resources:',
      '  Fn:',
      '    Type: AWS::Serverless::Function',
      '    Properties: { Runtime: python3.12, Handler: index.handler, CodeUri: ., Events: { Get: { Type: HttpApi, Properties: { ApiId: !Ref Api, Path: /x, Method: GET } } } }',
      '  Api:',
      '    Type: AWS::Serverless::HttpApi',
      '    Metadata:',
      '      iac-lint:',
      '        traffic: { requestsPerSecond: 5000 }',
      '        ignore: [{ rule: apigw-high-traffic-cost, reason: partner contract }]',
      '',
    ]
    writeFileSync(path.join(folder, 'template.yaml'), ['Transform: AWS::Serverless-2016-10-31', ...template].join('\n'))
    const result = await frontDoors([folder], { rules, cwd: folder })
    const suppressed = result.scan.findings.filter((finding) => finding.ruleId === 'apigw-high-traffic-cost')
    expect(suppressed.map((finding) => finding.suppressed !== undefined)).toEqual([true])
    expect(result.frontDoors.map((advice) => [advice.door.source.address, advice.verdict.kind, advice.verdict.reasons.length])).toEqual([['Api', 'keep', 0]])
  })
})

describe('iac-lint front-doors', () => {
  const args = ['front-doors', ...FIXTURES]

  it('prints a table and the reasons as text', async () => {
    const run = cli(args)
    expect(run.stderr).toBe('')
    expect(run.code).toBe(0)
    expect(run.stdout).toContain('7 front doors: 5 keep, 2 move to an Application Load Balancer.')
    await expect(run.stdout).toMatchFileSnapshot('fixtures/front-doors/expected.txt')
  })

  it('writes the JSON document docs/json-format.md describes', async () => {
    const run = cli([...args, '-f', 'json'])
    expect(run.code).toBe(0)
    const report = JSON.parse(run.stdout) as { version: number; summary: unknown; frontDoors: unknown[]; inputProblems: unknown[] }
    expect(report.version).toBe(1)
    expect(report.summary).toEqual({
      frontDoors: 7,
      byKind: { 'application-load-balancer': 2, 'rest-api': 2, 'http-api': 2, 'websocket-api': 1 },
      byScenario: { 'high-traffic-web-app': 3, 'external-client-facing-api': 1, 'serverless-backend': 1, 'internal-service-to-service': 2 },
      byVerdict: { keep: 5, 'move to alb': 2 },
    })
    expect(report.inputProblems).toEqual([])
    await expect(run.stdout).toMatchFileSnapshot('fixtures/front-doors/expected.json')
  })

  it('writes Markdown for a job summary, and adds it to the step summary in a GitHub job', async () => {
    const run = cli([...args, '-f', 'markdown'])
    expect(run.code).toBe(0)
    expect(run.stdout.startsWith('## iac-lint front doors\n')).toBe(true)
    await expect(run.stdout).toMatchFileSnapshot('fixtures/front-doors/expected.md')
    const summary = path.join(scratch, 'summary.md')
    writeFileSync(summary, 'before\n')
    const text = cli(args, { env: { GITHUB_STEP_SUMMARY: summary } })
    expect(text.code).toBe(0)
    expect(readFileSync(summary, 'utf8')).toBe(`before\n${run.stdout}`)
  })

  it('keeps the Markdown under the limit it is given, saying what it left out', async () => {
    const { renderFrontDoorsMarkdown } = await import('../src/index.js')
    const result = await frontDoors(FIXTURES, { rules, cwd: repoRoot })
    const full = renderFrontDoorsMarkdown(result.frontDoors, { cwd: repoRoot })
    const cut = renderFrontDoorsMarkdown(result.frontDoors, { cwd: repoRoot, maxBytes: 2_500 })
    expect(Buffer.byteLength(cut)).toBeLessThanOrEqual(2_500)
    expect(Buffer.byteLength(full)).toBeGreaterThan(2_500)
    expect(cut).toMatch(/\*\*Cut to fit GitHub's summary limit:\*\* \d+ of 7 front doors left out of the table, \d+ without their reasons/)
  })

  it('names a file it cannot parse on standard error and exits 1', () => {
    const folder = path.join(scratch, 'broken')
    mkdirSync(folder, { recursive: true })
    writeFileSync(path.join(folder, 'template.yaml'), 'Resources:\n  A: [\n')
    const run = cli(['front-doors', '.'], { cwd: folder })
    expect(run.code).toBe(1)
    expect(run.stdout).toBe('No front doors (load balancers or APIs) found.\n')
    expect(run.stderr).toMatch(/^note: template\.yaml:2:\d+ parse-error: /)
  })

  it('prints for the examples the table the README shows', () => {
    const run = cli(['front-doors', 'examples'])
    expect(run.code).toBe(0)
    const readme = readFileSync(path.join(repoRoot, 'README.md'), 'utf8')
    const shown = /`iac-lint front-doors examples` answers[^`]*```\n([\s\S]*?)```\n/.exec(readme)?.[1]
    expect(shown).toBeDefined()
    const table = run.stdout.split('\n\n').slice(0, 2).join('\n\n')
    expect(shown).toBe(`${table.split('\n').map((line) => line.trimEnd()).join('\n')}\n`)
  })

  it('refuses a format it does not write', () => {
    const run = cli(['front-doors', '-f', 'sarif', 'examples'])
    expect(run.code).toBe(2)
    expect(run.stderr).toBe('iac-lint: unknown format "sarif" for front-doors (expected text, json, markdown)\n')
  })
})

/** Control characters but the line feed, and the right-to-left override. */
// eslint-disable-next-line no-control-regex -- finding them is the point
const CONTROLS = /[\u0000-\u0009\u000b-\u001f\u202e]/

describe('front-doors with hostile names', () => {
  // A folder name and a web ACL name that try to recolour the terminal, start a workflow command,
  // reorder text, end a Markdown cell and inject HTML.
  const hostile = 'evil\u001b[31m\n::error::owned\u202e|$x$<b>@team'
  const root = path.join(scratch, 'hostile')
  const folder = path.join(root, 'evil\u001b[2J\u202eapp')

  it('escapes them in every format', () => {
    mkdirSync(folder, { recursive: true })
    writeFileSync(
      path.join(folder, 'template.yaml'),
      [
        'Resources:',
        '  Lb:',
        '    Type: AWS::ElasticLoadBalancingV2::LoadBalancer',
        '    Properties: { Scheme: internet-facing, Subnets: [subnet-1, subnet-2] }',
        '  Listener:',
        '    Type: AWS::ElasticLoadBalancingV2::Listener',
        "    Properties: { LoadBalancerArn: !Ref Lb, Port: 80, Protocol: HTTP, DefaultActions: [{ Type: fixed-response, FixedResponseConfig: { StatusCode: '404' } }] }",
        '  Acl:',
        '    Type: AWS::WAFv2::WebACL',
        `    Properties: { Name: ${JSON.stringify(hostile)}, Scope: REGIONAL, DefaultAction: { Allow: {} }, VisibilityConfig: { SampledRequestsEnabled: true, CloudWatchMetricsEnabled: true, MetricName: m }, Rules: [] }`,
        '  Association:',
        '    Type: AWS::WAFv2::WebACLAssociation',
        '    Properties: { ResourceArn: !Ref Lb, WebACLArn: !GetAtt Acl.Arn }',
        '',
      ].join('\n'),
    )
    const text = cli(['front-doors', '.'], { cwd: root })
    expect(text.code).toBe(0)
    expect(text.stdout).toContain('web ACL evil\\x1b[31m\\n::error::owned\\u202e|$x$<b>@team')
    expect(text.stdout).toContain('evil\\x1b[2J\\u202eapp/template.yaml:2')
    expect(text.stdout).not.toMatch(CONTROLS)
    expect(text.stdout.split('\n').filter((line) => /^\s*::/.test(line))).toEqual([])

    const markdown = cli(['front-doors', '-f', 'markdown', '.'], { cwd: root })
    // Markdown has no escape for a control character: it becomes a space.
    expect(markdown.stdout).toContain('web ACL evil \\[31m ::error::owned\\\\u202e\\|\\$x\\$&lt;b&gt;@\u200bteam')
    expect(markdown.stdout).not.toContain('<b>')
    expect(markdown.stdout).not.toMatch(CONTROLS)

    const json = cli(['front-doors', '-f', 'json', '.'], { cwd: root })
    expect(json.stdout).not.toMatch(/[\u202e]/)
    const report = JSON.parse(json.stdout) as { frontDoors: Array<{ features: Array<{ detail: string }> }> }
    expect(report.frontDoors[0]!.features).toEqual([{ id: 'waf', detail: `web ACL ${hostile}` }])
  })
})

const corpus = path.resolve(repoRoot, '..', 'shared', 'corpus')
const present = existsSync(corpus)
const absent = `${path.relative(repoRoot, corpus)} is not present beside this repository`
if (!present) console.warn(`front-doors corpus test skipped: ${absent}`)

describe.skipIf(!present)(present ? 'front-doors on the corpus' : `front-doors on the corpus (skipped: ${absent})`, () => {
  it.each(['serverless-patterns', 'aws-cloudformation-templates', 'terraform-aws-alb', 'terraform-aws-apigateway-v2'])(
    'advises the front doors of %s in agreement with the rules',
    async (folder) => {
      const result = await frontDoors([path.join(corpus, folder)], { rules, cwd: repoRoot })
      expect(result.frontDoors.length).toBeGreaterThan(0)
      expectAgreement(result)
      for (const advice of result.frontDoors) expect(advice.scenario.id, advice.name).not.toBe('undetermined')
    },
  )
})
