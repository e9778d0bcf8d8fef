/**
 * OpenAPI definitions in CloudFormation and SAM, scanned as a user scans them (the built CLI):
 * inline `Body` with intrinsic functions, SAM `DefinitionBody` with `AWS::Include` of a local
 * file, `DefinitionUri` of a local file, SAM events merged into the definition, definitions in
 * S3 (one note per API), a definition file that does not parse, one outside the scan, and huge
 * or deep definitions (the work budget). Findings on routes point into the definition: the
 * template's line, or the external file's.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { modelFromCloudFormation } from '../src/frontends/cloudformation/from-cloudformation.js'
import { parseTemplateText } from '../src/frontends/cloudformation/template.js'
import { cli, expectCleanExit } from './cli-run.js'

const FIXTURES = 'test/fixtures/openapi/cloudformation'

interface JsonFinding {
  ruleId: string
  level: string
  message: string
  file: string
  range: { line: number; column: number }
  address: string | null
}

function scan(...args: string[]): JsonFinding[] {
  const run = cli(['scan', '-f', 'json', ...args])
  expectCleanExit(run)
  return (JSON.parse(run.stdout) as { findings: JsonFinding[] }).findings
}

/** Each finding as `rule file:line`, the file relative to the fixture folder. */
function places(findings: JsonFinding[], folder: string): string[] {
  return findings.map((finding) => `${finding.ruleId} ${path.relative(folder, finding.file)}:${finding.range.line}`)
}

interface JsonPaths {
  models: Array<{ origin: string; paths: Array<{ entry: { method: unknown; path: unknown; authorization: unknown; apiKeyRequired: unknown }; frontDoor: { definitionRoutes?: unknown } | null; targets: Array<{ timeoutMs?: unknown }> }> }>
}

function paths(target: string): JsonPaths {
  const run = cli(['paths', '-f', 'json', target])
  expectCleanExit(run)
  return JSON.parse(run.stdout) as JsonPaths
}

const temporary: string[] = []
afterAll(() => {
  for (const dir of temporary) rmSync(dir, { recursive: true, force: true })
})

function folderWith(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'iac-lint-openapi-'))
  temporary.push(dir)
  for (const [name, text] of Object.entries(files)) writeFileSync(path.join(dir, name), text)
  return dir
}

describe('an inline REST Body with intrinsic functions', () => {
  const folder = `${FIXTURES}/rest-inline`
  const findings = scan(folder)

  it('reports the open routes at their method keys, the timeout behind them and the stage, and nothing on protected routes', () => {
    expect(places(findings, folder)).toEqual([
      'lambda-timeout-exceeds-front-door template.yaml:13',
      'apigw-route-unauthenticated template.yaml:35',
      'apigw-api-key-only-auth template.yaml:53',
      'apigw-route-unauthenticated template.yaml:62',
      'apigw-access-logging-disabled template.yaml:101',
      'apigw-public-no-waf template.yaml:101',
      'apigw-stage-no-throttling template.yaml:101',
    ])
    expect(findings[1]!.message).toMatch(/^GET \/orders on REST API Api has no authorization/)
    expect(findings[2]!.message).toMatch(/^POST \/queue .* requires an API key but has no authorization/)
    expect(findings[0]!.message).toMatch(/POST \/orders on REST API Api stops waiting after 10 s/)
  })

  it('gives every path of the definition, the asynchronous one without a function', () => {
    const [model] = paths(folder).models
    const routes = model!.paths.map((p) => `${String(p.entry.method)} ${String(p.entry.path)} ${String(p.entry.authorization)}`)
    expect(routes).toEqual(['GET /orders NONE', 'POST /orders COGNITO_USER_POOLS', 'POST /queue NONE', 'POST /events NONE', 'ANY /signed AWS_IAM'])
    expect(model!.paths[0]!.frontDoor?.definitionRoutes).toBe(5)
    expect(model!.paths[3]!.targets[0]).toMatchObject({ integrationType: 'AWS', targets: [] })
  })
})

describe('SAM definitions in local files', () => {
  it('reports open routes inside an AWS::Include file, with the SAM event on a definition route merged into one operation', () => {
    const folder = `${FIXTURES}/sam-include`
    expect(places(scan(folder), folder)).toEqual([
      'apigw-route-unauthenticated api.yaml:10',
      'apigw-route-unauthenticated api.yaml:14',
      'apigw-rest-without-rest-features template.yaml:5',
      'apigw-access-logging-disabled template.yaml:8',
      'apigw-public-no-waf template.yaml:8',
      'apigw-stage-no-throttling template.yaml:8',
      'lambda-timeout-exceeds-front-door template.yaml:20',
    ])
    const routes = paths(folder).models[0]!.paths.map((p) => `${String(p.entry.method)} ${String(p.entry.path)} ${String(p.entry.authorization)}`)
    // GET /reports once (the event's), open as the definition's `security: []` says; GET /audit,
    // which only the event gives, gets the definition's root security.
    expect(routes).toEqual(['GET /health NONE', 'GET /private CUSTOM', 'GET /reports NONE', 'GET /audit CUSTOM'])
  })

  it('reads a DefinitionUri file as written, findings at its lines', () => {
    const folder = `${FIXTURES}/sam-uri`
    expect(places(scan(folder), folder)).toEqual([
      'apigw-route-unauthenticated openapi.json:9',
      'apigw-api-key-only-auth openapi.json:18',
      'apigw-access-logging-disabled template.yaml:8',
      'apigw-public-no-waf template.yaml:8',
      'apigw-stage-no-throttling template.yaml:8',
    ])
  })

  it('merges HTTP API events into the definition: the definition keeps its integration, its route security counts', () => {
    const folder = `${FIXTURES}/http-sam`
    const findings = scan(folder)
    expect(places(findings, folder)).toEqual([
      'apigw-access-logging-disabled template.yaml:5',
      'apigw-stage-no-throttling template.yaml:5',
      'apigw-route-unauthenticated template.yaml:33',
      'lambda-timeout-exceeds-front-door template.yaml:56',
      'apigw-route-unauthenticated template.yaml:58',
      'apigw-route-unauthenticated template.yaml:64',
    ])
    expect(findings[3]!.message).toMatch(/DELETE \/items\/\{id\} .* stops waiting after 3 s/)
    const model = paths(folder).models[0]!
    expect(model.paths.map((p) => `${String(p.entry.method)} ${String(p.entry.path)}`)).toEqual(['GET /items', 'ANY $default', 'DELETE /items/{id}', 'POST /items'])
  })
})

describe('definitions that are not read', () => {
  it('gives one note per API in S3 and no routes', () => {
    const folder = `${FIXTURES}/s3`
    const notes = scan(folder).filter((finding) => finding.ruleId === 'openapi-not-read')
    expect(notes.map((note) => [note.level, note.address, note.range.line])).toEqual([
      ['note', 'RestFromS3', 9],
      ['note', 'SamUriS3', 16],
      ['note', 'SamBucketKey', 20],
      ['note', 'SamIncludeS3', 27],
    ])
    expect(notes[0]!.message).toMatch(/REST API RestFromS3 was not read: it is in S3 \(BodyS3Location\)\. Its routes are unknown/)
    expect(paths(folder).models[0]!.paths).toEqual([])
  })

  it('reports a definition file that does not parse as a parse error at that file, and a missing one as not read; the template is still checked', () => {
    const folder = `${FIXTURES}/broken`
    const findings = scan(folder)
    expect(places(findings, folder)).toEqual([
      'parse-error broken.yaml:5',
      'apigw-access-logging-disabled template.yaml:8',
      'apigw-stage-no-throttling template.yaml:8',
      'apigw-access-logging-disabled template.yaml:13',
      'apigw-stage-no-throttling template.yaml:13',
      'openapi-not-read template.yaml:14',
    ])
    expect(findings[5]!.message).toMatch(/"\.\/missing\.yaml" does not exist/)
  })

  it('refuses a DefinitionUri outside the folder being scanned, and reads it when the scan covers it', () => {
    const inner = `${FIXTURES}/escape/root`
    const refused = scan(inner).filter((finding) => finding.ruleId === 'openapi-not-read')
    expect(refused.map((finding) => finding.message)).toEqual([expect.stringMatching(/"\.\.\/outside\.yaml" is outside the folders being scanned/)])
    expect(paths(inner).models[0]!.paths).toEqual([])
    const covered = scan(`${FIXTURES}/escape`)
    expect(covered.filter((finding) => finding.ruleId === 'openapi-not-read')).toEqual([])
    expect(covered.some((finding) => finding.ruleId === 'apigw-route-unauthenticated' && finding.file.endsWith('outside.yaml'))).toBe(true)
  })
})

describe('huge and deep definitions', () => {
  const template = (definition: string): string =>
    ['AWSTemplateFormatVersion: "2010-09-09"', 'Transform: AWS::Serverless-2016-10-31', 'Resources:', '  Api:', '    Type: AWS::Serverless::Api', '    Properties:', '      StageName: prod', `      DefinitionUri: ${definition}`, ''].join('\n')

  it('stops a huge definition at the work budget: an evaluation-limit finding at the definition file, the routes past it unknown, the rest of the template checked', () => {
    const definition = { openapi: '3.0.1', paths: Object.fromEntries(Array.from({ length: 30_000 }, (_, i) => [`/p${i}`, { get: { 'x-amazon-apigateway-integration': { type: 'mock' } } }])) }
    const dir = folderWith({ 'template.yaml': template('./huge.json'), 'huge.json': JSON.stringify(definition), '.iac-lint.yaml': 'limits:\n  evaluationSteps: 50000\n' })
    const run = cli(['scan', '-f', 'json', '-c', path.join(dir, '.iac-lint.yaml'), dir], { timeoutMs: 60_000 })
    expectCleanExit(run)
    const findings = (JSON.parse(run.stdout) as { findings: JsonFinding[] }).findings
    expect(findings.filter((finding) => finding.ruleId === 'apigw-route-unauthenticated').length).toBeLessThan(30_000)
    expect(findings.filter((finding) => finding.ruleId === 'evaluation-limit').map((finding) => path.basename(finding.file))).toEqual(['huge.json'])
    expect(findings.some((finding) => finding.ruleId === 'apigw-stage-no-throttling')).toBe(true)
  })

  it('stops a deeply nested definition at the depth limit without a crash', () => {
    let deep = '{"type": "mock"}'
    for (let i = 0; i < 600; i++) deep = `{"x": ${deep}}`
    const text = `{"openapi": "3.0.1", "paths": {"/a": {"get": {"x-amazon-apigateway-integration": {"type": "mock"}, "responses": ${deep}}}}}`
    const dir = folderWith({ 'template.yaml': template('./deep.json'), 'deep.json': text })
    const findings = (JSON.parse(cli(['scan', '-f', 'json', dir]).stdout) as { findings: JsonFinding[] }).findings
    expect(findings.find((finding) => finding.ruleId === 'evaluation-limit')?.message).toMatch(/limits\.maxDepth/)
  })
})

describe('the CloudFormation adapter with values it cannot resolve', () => {
  function model(text: string) {
    const parsed = parseTemplateText(text, 'template.yaml')
    if (!parsed.ok) throw new Error(parsed.message)
    return modelFromCloudFormation(path.resolve('template.yaml'), parsed.root)
  }
  const header = (body: string): string =>
    [
      'AWSTemplateFormatVersion: "2010-09-09"',
      'Transform: AWS::Serverless-2016-10-31',
      'Parameters:',
      '  Env: { Type: String }',
      '  Spec: { Type: String }',
      'Conditions:',
      '  IsProd: !Equals [!Ref Env, prod]',
      'Resources:',
      '  Fn:',
      '    Type: AWS::Lambda::Function',
      '    Properties: { Runtime: python3.12, Handler: index.handler, Role: arn:aws:iam::1:role/r, Code: { ZipFile: x } }',
      body,
    ].join('\n')

  it('leaves the routes unknown for a DefinitionUri from a parameter, with one note naming why', () => {
    const built = model(header(['  Api:', '    Type: AWS::Serverless::Api', '    Properties:', '      StageName: prod', '      DefinitionUri: !Ref Spec'].join('\n')))
    expect(built.all('operation')).toEqual([])
    const api = built.getKind('Api', 'api')!
    expect(api.definitionRoutes).toMatchObject({ known: false })
    expect(built.inputFindings.map((finding) => [finding.ruleId, finding.message])).toEqual([['openapi-not-read', expect.stringMatching(/the DefinitionUri is parameter Spec has no default/)]])
  })

  it('keeps a path whose methods hang on an unknown condition unknown, and reads the others', () => {
    const body = [
      '  Api:',
      '    Type: AWS::ApiGateway::RestApi',
      '    Properties:',
      '      Body:',
      '        openapi: 3.0.1',
      '        paths:',
      '          /known:',
      '            get:',
      '              x-amazon-apigateway-integration:',
      '                type: !If [IsProd, aws_proxy, mock]',
      '                uri: !Sub arn:aws:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/${Fn.Arn}/invocations',
      '          /maybe: !If [IsProd, { get: {} }, !Ref AWS::NoValue]',
    ].join('\n')
    const built = model(header(body))
    const [operation] = built.all('operation')
    expect(built.all('operation')).toHaveLength(1)
    expect(operation!.path).toMatchObject({ known: true, value: '/known' })
    const integration = built.getKind(operation!.integration, 'integration')!
    expect(integration.integrationType.known).toBe(false)
    expect(integration.functions).toEqual(['Fn'])
    expect(built.getKind('Api', 'api')!.definitionRoutes).toMatchObject({ known: false, why: expect.stringMatching(/^the methods of \/maybe are /) })
  })

  it('drops a definition entry that resolves to AWS::NoValue', () => {
    const body = [
      '  Api:',
      '    Type: AWS::ApiGatewayV2::Api',
      '    Properties:',
      '      Body:',
      '        openapi: 3.0.1',
      '        paths:',
      '          /a:',
      '            get:',
      '              security: !Ref AWS::NoValue',
      '              x-amazon-apigateway-integration: { type: aws_proxy, uri: !GetAtt Fn.Arn, payloadFormatVersion: "2.0" }',
    ].join('\n')
    const [operation] = model(header(body)).all('operation')
    expect(operation!.authorization).toMatchObject({ known: true, value: 'NONE', at: { defaulted: true } })
  })
})
