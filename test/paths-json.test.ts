/**
 * `iac-lint paths -f json` as a user runs it: the built CLI on real files, the document it
 * prints (docs/json-format.md, "Request paths"), the configuration it reads, and its usage errors.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import type { JsonPathsReport } from '../src/index.js'
import { cli, expectCleanExit, type Run } from './cli-run.js'

const scratch = mkdtempSync(path.join(os.tmpdir(), 'iac-lint-paths-json-'))
afterAll(() => rmSync(scratch, { recursive: true, force: true }))

/** A folder of its own for one test: its files, and optionally a configuration beside them. */
function folder(name: string, files: Record<string, string>): string {
  const dir = path.join(scratch, name)
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, file)), { recursive: true })
    writeFileSync(path.join(dir, file), text)
  }
  return dir
}

function report(run: Run): JsonPathsReport {
  expectCleanExit(run)
  expect(run.code, run.stderr).toBe(0)
  expect(run.stderr).toBe('')
  return JSON.parse(run.stdout) as JsonPathsReport
}

const ALB = `AWSTemplateFormatVersion: '2010-09-09'
Parameters:
  Scheme:
    Type: String
Resources:
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      Runtime: python3.12
      Handler: index.handler
      Role: arn:aws:iam::123456789012:role/fn
      Code:
        ZipFile: 'def handler(event, context): return {}'
  Group:
    Type: AWS::ElasticLoadBalancingV2::TargetGroup
    Properties:
      TargetType: lambda
      Targets:
        - Id: !GetAtt Fn.Arn
  LoadBalancer:
    Type: AWS::ElasticLoadBalancingV2::LoadBalancer
    Properties:
      Scheme: !Ref Scheme
      Subnets: [subnet-0a1b2c3d, subnet-4e5f6a7b]
  Listener:
    Type: AWS::ElasticLoadBalancingV2::Listener
    Properties:
      LoadBalancerArn: !Ref LoadBalancer
      Port: 80
      Protocol: HTTP
      DefaultActions:
        - Type: fixed-response
          FixedResponseConfig: { StatusCode: '404' }
  Rule:
    Type: AWS::ElasticLoadBalancingV2::ListenerRule
    Properties:
      ListenerArn: !Ref Listener
      Priority: 1
      Conditions:
        - Field: path-pattern
          Values: ['/api/*']
      Actions:
        - Type: forward
          TargetGroupArn: !Ref Group
`

describe('iac-lint paths -f json', () => {
  const dir = folder('alb', { 'infra/alb.yaml': ALB })

  it('prints every path with its entry, front door, exposure, checks and target chain', () => {
    const document = report(cli(['paths', '-f', 'json', 'infra/alb.yaml'], { cwd: dir }))
    expect(document).toMatchObject({ version: 1, tool: { name: 'iac-lint' } })
    expect(document.models).toHaveLength(1)
    const [model] = document.models
    expect(model).toMatchObject({ framework: 'cloudformation', origin: 'infra/alb.yaml' })
    const rule = model!.paths.find((p) => p.entry.kind === 'listener-rule')
    expect(rule).toEqual({
      entry: {
        kind: 'listener-rule',
        address: 'Rule',
        file: 'infra/alb.yaml',
        range: { line: 34, column: 3, endLine: 34, endColumn: 7 },
        priority: 1,
        conditions: [{ field: 'path-pattern', values: ['/api/*'] }],
        listener: {
          kind: 'listener',
          address: 'Listener',
          file: 'infra/alb.yaml',
          range: { line: 25, column: 3, endLine: 25, endColumn: 11 },
          protocol: 'HTTP',
          port: 80,
        },
      },
      frontDoor: {
        kind: 'load-balancer',
        address: 'LoadBalancer',
        file: 'infra/alb.yaml',
        range: { line: 20, column: 3, endLine: 20, endColumn: 15 },
        type: 'application',
        // A fact that cannot be known prints as its reason.
        scheme: { unknown: expect.stringMatching(/Scheme/) },
      },
      exposure: { unknown: expect.stringMatching(/Scheme/) },
      // No security groups on the load balancer: what the VPC's default group admits is not in the template.
      sources: { unknown: expect.stringMatching(/no security groups/) },
      checks: [],
      undetermined: [],
      ineffective: [],
      targets: [
        {
          kind: 'target-group',
          address: 'Group',
          file: 'infra/alb.yaml',
          range: { line: 14, column: 3, endLine: 14, endColumn: 8 },
          targetType: 'lambda',
          targets: [
            {
              kind: 'function',
              address: 'Fn',
              file: 'infra/alb.yaml',
              range: { line: 6, column: 3, endLine: 6, endColumn: 5 },
              timeout: 3,
              targets: [],
            },
          ],
        },
      ],
    })
    const listener = model!.paths.find((p) => p.entry.kind === 'listener')
    expect(listener).toMatchObject({ entry: { kind: 'listener', protocol: 'HTTP', port: 80 }, targets: [] })
  })

  it('spells the flag as scan does, and writes files as scan does', () => {
    const short = cli(['paths', '-f', 'json', 'infra/alb.yaml'], { cwd: dir })
    expect(cli(['paths', '--format', 'json', 'infra/alb.yaml'], { cwd: dir }).stdout).toBe(short.stdout)
    expect(cli(['paths', '--format=json', 'infra/alb.yaml'], { cwd: dir }).stdout).toBe(short.stdout)
    expect(short.stdout.endsWith('}\n')).toBe(true)

    const toFile = cli(['paths', '-f', 'json', '-o', 'paths.json', 'infra/alb.yaml'], { cwd: dir })
    expect(toFile.code).toBe(0)
    expect(toFile.stdout).toBe('')
    expect(readFileSync(path.join(dir, 'paths.json'), 'utf8')).toBe(short.stdout)
    const inline = cli(['paths', '-f', 'json=inline.json', 'infra/alb.yaml'], { cwd: dir })
    expect(inline.code).toBe(0)
    expect(readFileSync(path.join(dir, 'inline.json'), 'utf8')).toBe(short.stdout)
  })

  it('keeps the text view as it was', () => {
    const text = cli(['paths', 'infra/alb.yaml'], { cwd: dir })
    expect(cli(['paths', '-f', 'text', 'infra/alb.yaml'], { cwd: dir }).stdout).toBe(text.stdout)
    expect(text.stdout).toMatch(/^infra\/alb\.yaml \(2 request paths\)\n {2}Listener Listener {2}\(line 25\)\n/)
    expect(text.stdout).toContain('Listener rule Rule (path-pattern /api/*)')
  })

  it.each([
    [['paths', '-f', 'sarif', 'x.yaml'], /unknown format "sarif" for paths \(expected text, json\)/],
    [['paths', '-f', 'json', '-f', 'text', 'x.yaml'], /paths writes one format/],
    [['paths', '-f', 'json=', 'x.yaml'], /-f json= needs a file name/],
    [['paths', '-f', 'json'], /paths needs at least one file or folder/],
  ])('%j is a usage error', (args, pattern) => {
    const run = cli(args, { cwd: dir })
    expect(run.code).toBe(2)
    expect(run.stdout).toBe('')
    expect(run.stderr).toMatch(pattern)
    expect(run.stderr.trim().split('\n')).toHaveLength(1)
  })
})

describe('paths reads the configuration as scan does', () => {
  const exposure = (run: Run): unknown[] => report(run).models.flatMap((model) => model.paths.map((p) => p.exposure))

  it('applies declared exposure from the nearest .iac-lint.yaml', () => {
    const dir = folder('declared', {
      'alb.yaml': ALB,
      '.iac-lint.yaml': 'resources:\n  LoadBalancer:\n    exposure: internal\n',
    })
    const document = report(cli(['paths', '-f', 'json', 'alb.yaml'], { cwd: dir }))
    expect(document.models[0]!.paths.map((p) => p.exposure)).toEqual(['internal', 'internal'])
    expect(document.models[0]!.paths[0]!.frontDoor).toMatchObject({ kind: 'load-balancer', declaredExposure: 'internal' })
    expect(cli(['paths', 'alb.yaml'], { cwd: dir }).stdout).toContain('exposure: internal via load balancer LoadBalancer, port 80')
  })

  it('takes --config, and a partner declaration is reachable from the internet', () => {
    const dir = folder('explicit', {
      'alb.yaml': ALB,
      'conf/partner.yaml': 'resources:\n  LoadBalancer:\n    exposure: partner\n',
    })
    expect(exposure(cli(['paths', '-f', 'json', 'alb.yaml'], { cwd: dir }))).toEqual([
      { unknown: expect.stringMatching(/Scheme/) },
      { unknown: expect.stringMatching(/Scheme/) },
    ])
    expect(exposure(cli(['paths', '-f', 'json', '-c', 'conf/partner.yaml', 'alb.yaml'], { cwd: dir }))).toEqual(['public', 'public'])
  })

  it('declares Terraform resources by address', () => {
    const dir = folder('terraform', {
      'main.tf': `resource "aws_lambda_function" "fn" {
  function_name = "fn"
  runtime       = "python3.12"
  handler       = "index.handler"
  role          = "arn:aws:iam::123456789012:role/fn"
  filename      = "fn.zip"
}

resource "aws_lambda_function_url" "fn" {
  function_name      = aws_lambda_function.fn.function_name
  authorization_type = "NONE"
}

resource "aws_apigatewayv2_api" "http" {
  name          = "http"
  protocol_type = "HTTP"
  target        = aws_lambda_function.fn.arn
}
`,
      '.iac-lint.yaml': 'resources:\n  aws_apigatewayv2_api.http:\n    exposure: private\n',
    })
    const [model] = report(cli(['paths', '-f', 'json', '.'], { cwd: dir })).models
    expect(model).toMatchObject({ framework: 'terraform', origin: '' })
    const byKind = Object.fromEntries(model!.paths.map((p) => [p.entry.kind, p]))
    expect(byKind.operation).toMatchObject({
      entry: { kind: 'operation', address: 'aws_apigatewayv2_api.http', file: 'main.tf', authorization: 'NONE', authorizer: null },
      frontDoor: { kind: 'api', protocol: 'HTTP', declaredExposure: 'private' },
      exposure: 'private',
      targets: [{ kind: 'integration', integrationType: 'AWS_PROXY', timeoutMs: 30000, targets: [{ kind: 'function', timeout: 3 }] }],
    })
    expect(byKind['function-url']).toMatchObject({
      entry: { kind: 'function-url', address: 'aws_lambda_function_url.fn', authType: 'NONE' },
      frontDoor: null,
      exposure: 'public',
      targets: [{ kind: 'function', address: 'aws_lambda_function.fn' }],
    })
  })

  it('fails on a configuration error as scan does', () => {
    const dir = folder('broken-config', { 'alb.yaml': ALB, '.iac-lint.yaml': 'resources:\n  LoadBalancer:\n    exposure: everywhere\n' })
    const run = cli(['paths', '-f', 'json', 'alb.yaml'], { cwd: dir })
    expect(run.code).toBe(2)
    expect(run.stdout).toBe('')
    expect(run.stderr).toMatch(/^iac-lint: \.iac-lint\.yaml:3:/)
  })
})

describe('paths JSON text', () => {
  it('is JSON.stringify output with only the characters escapeJsonText writes as escapes', () => {
    const hostile = '/##[group]x\u202e'
    const dir = folder('hostile', { 'alb.yaml': ALB.replace("Values: ['/api/*']", `Values: ['${hostile}']`) })
    const run = cli(['paths', '-f', 'json', 'alb.yaml'], { cwd: dir })
    expect(run.stdout).not.toContain('##[')
    expect(run.stdout).not.toContain('\u202e')
    expect(run.stdout).toContain('/##\\u005bgroup]x\\u202e')
    const rule = report(run).models[0]!.paths.find((p) => p.entry.kind === 'listener-rule')!
    expect(rule.entry).toMatchObject({ conditions: [{ field: 'path-pattern', values: [hostile] }] })
  })
})
