/**
 * CloudFormation parameter values given to a scan: `--parameter KEY=VALUE`, parameter files in
 * the CloudFormation CLI, CodePipeline and samconfig.toml shapes, applied before evaluation.
 */
import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { parameterAssignment, ParameterError, readParameterFile } from '../src/frontends/cloudformation/parameters.js'
import { rules, scan } from '../src/index.js'
import { cli } from './cli-run.js'

const scratch = mkdtempSync(path.join(os.tmpdir(), 'iac-lint-parameters-'))
afterAll(() => rmSync(scratch, { recursive: true, force: true }))

function write(name: string, text: string): string {
  const file = path.join(scratch, name)
  writeFileSync(file, text)
  return file
}

/** A REST method whose authorization and a function whose timeout come from parameters. */
const TEMPLATE = `AWSTemplateFormatVersion: '2010-09-09'
Parameters:
  Auth:
    Type: String
    Default: AWS_IAM
  FunctionTimeout:
    Type: Number
  Stored:
    Type: AWS::SSM::Parameter::Value<String>
    Default: /orders/auth
Resources:
  Api:
    Type: AWS::ApiGateway::RestApi
    Properties:
      Name: orders
  Method:
    Type: AWS::ApiGateway::Method
    Properties:
      RestApiId: !Ref Api
      ResourceId: !GetAtt Api.RootResourceId
      HttpMethod: GET
      AuthorizationType: !Ref Auth
      Integration:
        Type: AWS_PROXY
        IntegrationHttpMethod: POST
        Uri: !Sub arn:aws:apigateway:\${AWS::Region}:lambda:path/2015-03-31/functions/\${Fn.Arn}/invocations
  Other:
    Type: AWS::ApiGateway::Method
    Properties:
      RestApiId: !Ref Api
      ResourceId: !GetAtt Api.RootResourceId
      HttpMethod: POST
      AuthorizationType: !Ref Stored
      Integration:
        Type: AWS_PROXY
        IntegrationHttpMethod: POST
        Uri: !Sub arn:aws:apigateway:\${AWS::Region}:lambda:path/2015-03-31/functions/\${Fn.Arn}/invocations
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      Runtime: nodejs22.x
      Handler: index.handler
      Role: arn:aws:iam::123456789012:role/fn
      Code: { ZipFile: "exports.handler = async () => ({})" }
      Timeout: !Ref FunctionTimeout
`
const template = write('template.yaml', TEMPLATE)

/** The rules whose findings depend on the parameters; cost notes on the API's kind do not, and stay out. */
const checked = rules.filter((rule) => rule.meta.category !== 'cost')

async function ruleIds(options: { cloudformationParameters?: Record<string, string>; parameterFiles?: string[] }): Promise<string[]> {
  const result = await scan([template], { rules: checked, cwd: scratch, ...options })
  return result.findings.map((finding) => `${finding.ruleId}:${finding.location.address ?? ''}`).sort()
}

describe('parameter values given to a scan', () => {
  it('uses the Default when nothing is given, and leaves a parameter without one unknown', async () => {
    expect(await ruleIds({})).toEqual([])
  })

  it('replaces the Default with a value given as KEY=VALUE', async () => {
    expect(await ruleIds({ cloudformationParameters: { Auth: 'NONE' } })).toEqual(['apigw-route-unauthenticated:Method'])
  })

  it('gives a parameter without a Default its value (a number from text)', async () => {
    const ids = await ruleIds({ cloudformationParameters: { FunctionTimeout: '60' } })
    expect(ids).toContain('lambda-timeout-exceeds-front-door:Fn')
  })

  it('never takes a Systems Manager parameter name for its value', async () => {
    const ids = await ruleIds({ cloudformationParameters: { Stored: 'NONE' } })
    expect(ids.filter((id) => id.endsWith(':Other'))).toEqual([])
  })

  it('reads the CloudFormation CLI list, CodePipeline and samconfig.toml shapes; later files and then --parameter win', async () => {
    const list = write('list.json', JSON.stringify([{ ParameterKey: 'Auth', ParameterValue: 'NONE' }, { ParameterKey: 'Old', UsePreviousValue: true }]))
    const pipeline = write('pipeline.json', JSON.stringify({ Parameters: { Auth: 'AWS_IAM', FunctionTimeout: 60 }, Tags: { team: 'a' } }))
    const sam = write(
      'samconfig.toml',
      [
        'version = 0.1',
        '[default.global.parameters]',
        'parameter_overrides = "Auth=AWS_IAM"',
        '[default.deploy.parameters]',
        'stack_name = "orders"',
        '# quoted values keep their spaces',
        'parameter_overrides = [',
        '  "Auth=NONE",',
        '  "Name=\'two words\'",',
        ']',
      ].join('\n'),
    )
    expect(readParameterFile(list, 'list.json')).toEqual({ Auth: 'NONE' })
    expect(readParameterFile(pipeline, 'pipeline.json')).toEqual({ Auth: 'AWS_IAM', FunctionTimeout: '60' })
    expect(readParameterFile(sam, 'samconfig.toml')).toEqual({ Auth: 'NONE', Name: 'two words' })
    expect(await ruleIds({ parameterFiles: ['pipeline.json', 'list.json'] })).toContain('apigw-route-unauthenticated:Method')
    expect(await ruleIds({ parameterFiles: ['list.json', 'pipeline.json'] })).not.toContain('apigw-route-unauthenticated:Method')
    expect(await ruleIds({ parameterFiles: ['list.json'], cloudformationParameters: { Auth: 'AWS_IAM' } })).not.toContain('apigw-route-unauthenticated:Method')
    const string = write('string.toml', '[default.deploy.parameters]\nparameter_overrides = "Auth=NONE Name=\\"a b\\" Empty="\n')
    expect(readParameterFile(string, 'string.toml')).toEqual({ Auth: 'NONE', Name: 'a b', Empty: '' })
  })

  it('says which file and line it cannot read', () => {
    const bad = (name: string, text: string): string => {
      try {
        readParameterFile(write(name, text), name)
      } catch (error) {
        expect(error).toBeInstanceOf(ParameterError)
        return (error as Error).message
      }
      throw new Error('no error')
    }
    expect(bad('broken.json', '{')).toMatch(/^parameter file broken\.json is not valid JSON/)
    expect(bad('shape.json', '{"Env": "prod"}')).toMatch(/neither a list of \{ParameterKey, ParameterValue\} nor an object with "Parameters"/)
    expect(bad('entry.json', '[{"ParameterValue": "x"}]')).toBe('parameter file entry.json: entry 1 has no ParameterKey string')
    expect(bad('broken.toml', '[default.deploy.parameters]\nparameter_overrides = "Auth=NONE\n')).toBe('broken.toml:2: a string is not closed')
    expect(bad('word.toml', 'parameter_overrides = "NoEquals"\n[default.deploy.parameters]\nparameter_overrides = "NoEquals"\n')).toBe(
      'word.toml: parameter_overrides entry "NoEquals" is not KEY=VALUE',
    )
    mkdirSync(path.join(scratch, 'folder'))
    expect(() => readParameterFile(path.join(scratch, 'folder'), 'folder')).toThrow('parameter file folder is not a regular file')
    execFileSync('mkfifo', [path.join(scratch, 'pipe.json')])
    // A FIFO in the file's place is refused without waiting for a writer.
    expect(() => readParameterFile(path.join(scratch, 'pipe.json'), 'pipe.json')).toThrow('parameter file pipe.json is not a regular file')
    const utf16 = path.join(scratch, 'utf16.json')
    writeFileSync(utf16, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('{"Parameters": {"Auth": "NONE"}}', 'utf16le')]))
    expect(readParameterFile(utf16, 'utf16.json')).toEqual({ Auth: 'NONE' })
    expect(() => parameterAssignment('no-equals')).toThrow('--parameter needs KEY=VALUE with an alphanumeric parameter name, not "no-equals"')
    expect(parameterAssignment('Url=https://a/b?c=d')).toEqual(['Url', 'https://a/b?c=d'])
  })

  it('takes --parameter and --parameter-file on the command line, and a missing file is a usage error', () => {
    const given = cli(['scan', '-f', 'json', '--fail-on', 'warning', template, '--parameter', 'Auth=NONE'])
    expect(given.code).toBe(1)
    expect((JSON.parse(given.stdout) as { findings: Array<{ ruleId: string }> }).findings.map((finding) => finding.ruleId)).toContain('apigw-route-unauthenticated')
    const fromFile = cli(['scan', '-f', 'json', '--fail-on', 'warning', template, '--parameter-file', write('cli.json', '{"Parameters": {"Auth": "NONE"}}')])
    expect(fromFile.code).toBe(1)
    const missing = cli(['scan', template, '--parameter-file', 'nowhere.json'], { cwd: scratch })
    expect(missing).toMatchObject({ code: 2, stderr: 'iac-lint: cannot read parameter file nowhere.json (ENOENT)\n' })
    expect(cli(['scan', template, '--parameter', 'oops'])).toMatchObject({ code: 2 })
  })
})
