/**
 * Resource policies: a policy document read into statements (`readPolicy`, `policyFromText`),
 * whom it admits (`policyAudience`, `allowsOnlyFrom`), and what the adapters of both frameworks
 * make of REST `Policy`, SAM `Auth.ResourcePolicy`, Terraform `policy` (JSON text, `jsonencode`,
 * an `aws_iam_policy_document`) and `aws_api_gateway_rest_api_policy`, with unknown parts kept
 * unknown and the rest read.
 */
import { afterAll, describe, expect, it } from 'vitest'
import type { Model } from '../src/model/model.js'
import { allowsOnlyFrom, policyAudience, policyFromText } from '../src/model/policy.js'
import type { Fact, ResourcePolicy } from '../src/model/types.js'
import { cloudFormation, terraform } from './model-support.js'
import { removeFolders } from './terraform-support.js'

afterAll(removeFolders)

function plain(fact: Fact<unknown>): unknown {
  return fact.known ? fact.value : `? ${fact.why}`
}

function policyOf(model: Model, api: string): ResourcePolicy {
  const policy = model.getKind(api, 'api')?.resourcePolicy
  if (!policy) throw new Error(`${api} has no resource policy`)
  return policy
}

const ALLOW_ALL = { Effect: 'Allow', Principal: '*', Action: 'execute-api:Invoke', Resource: 'execute-api:/*' }
const denyUnless = (operator: string, key: string, value: string): object => ({
  Effect: 'Deny',
  Principal: '*',
  Action: 'execute-api:Invoke',
  Resource: 'execute-api:/*',
  Condition: { [operator]: { [key]: value } },
})
const text = (...statements: object[]): ResourcePolicy => policyFromText(JSON.stringify({ Version: '2012-10-17', Statement: statements }), undefined)

describe('whom a policy admits', () => {
  it.each([
    ['an Allow of everyone', [ALLOW_ALL], 'anyone'],
    ['a Deny of everyone outside a VPC endpoint', [ALLOW_ALL, denyUnless('StringNotEquals', 'aws:SourceVpce', 'vpce-1')], 'vpce'],
    ['a Deny of everyone outside a VPC', [ALLOW_ALL, denyUnless('StringNotEquals', 'aws:SourceVpc', 'vpc-1')], 'vpc'],
    ['an Allow limited to source addresses', [{ ...ALLOW_ALL, Condition: { IpAddress: { 'aws:SourceIp': '10.0.0.0/8' } } }], 'source-ip'],
    ['an Allow for one account', [{ ...ALLOW_ALL, Principal: { AWS: 'arn:aws:iam::123456789012:root' } }], 'principal'],
    ['an Allow with an IfExists condition, which admits callers without the key', [{ ...ALLOW_ALL, Condition: { StringEqualsIfExists: { 'aws:SourceVpce': 'vpce-1' } } }], 'anyone'],
    ['a Deny of everyone', [ALLOW_ALL, { ...ALLOW_ALL, Effect: 'Deny' }], 'nobody'],
    ['a Deny of one path only, which narrows nothing', [ALLOW_ALL, { ...denyUnless('StringNotEquals', 'aws:SourceVpce', 'vpce-1'), Resource: 'execute-api:/*/GET/admin' }], 'anyone'],
    ['a Deny that matches one range (a blacklist)', [ALLOW_ALL, denyUnless('IpAddress', 'aws:SourceIp', '192.0.2.0/24')], 'anyone'],
    ['no Allow', [denyUnless('StringNotEquals', 'aws:SourceVpce', 'vpce-1')], 'nobody'],
  ])('%s', (_name, statements, expected) => {
    expect(plain(allowsOnlyFrom(text(...statements)))).toBe(expected)
  })

  it('counts one Deny over a VPC and a VPC endpoint as either', () => {
    const policy = text(ALLOW_ALL, { ...denyUnless('StringNotEquals', 'aws:SourceVpc', 'vpc-1'), Condition: { StringNotEquals: { 'aws:SourceVpc': 'vpc-1', 'aws:SourceVpce': 'vpce-1' } } })
    expect(plain(allowsOnlyFrom(policy))).toBe('vpc-or-vpce')
    const audience = policyAudience(policy)
    expect(audience.known && audience.value.kind === 'limited' ? audience.value.allows[0]!.limits[0]!.anyOf.map((test) => test.key) : []).toEqual(['aws:SourceVpc', 'aws:SourceVpce'])
  })

  it('is unknown when a Deny that could narrow everyone cannot be read, and known when an Allow is narrowed anyway', () => {
    const hole = new Map([['@@hole@@', '${Stage}, which is parameter Stage has no default']])
    const unreadableDeny = policyFromText(
      JSON.stringify({ Statement: [ALLOW_ALL, { ...denyUnless('StringNotEquals', 'aws:SourceVpce', 'vpce-1'), Resource: 'arn:aws:execute-api:eu-west-1:123456789012:abc/@@hole@@/*' }] }),
      undefined,
      hole,
    )
    expect(plain(allowsOnlyFrom(unreadableDeny))).toMatch(/^\? whether a Deny's resources cover the whole API/)
    // An unknown account or region does not matter: a resource policy names the methods of its own API.
    const accountUnknown = policyFromText(
      JSON.stringify({ Statement: [ALLOW_ALL, { ...denyUnless('StringNotEquals', 'aws:SourceVpce', 'vpce-1'), Resource: 'arn:aws:execute-api:eu-west-1:@@hole@@:*/*' }] }),
      undefined,
      hole,
    )
    expect(plain(allowsOnlyFrom(accountUnknown))).toBe('vpce')
    const narrowed = policyFromText(
      JSON.stringify({ Statement: [{ ...ALLOW_ALL, Condition: { StringEquals: { 'aws:SourceVpce': 'vpce-1' } } }, { ...ALLOW_ALL, Effect: 'Deny', Resource: 'arn:aws:execute-api:eu-west-1:@@hole@@:*/*/DELETE/*' }] }),
      undefined,
      hole,
    )
    expect(plain(allowsOnlyFrom(narrowed))).toBe('vpce')
  })

  it('reads hostile nesting as an unknown part, without running out of stack', () => {
    const deep = `{"Statement": [${'['.repeat(200_000)}${']'.repeat(200_000)}]}`
    const policy = policyFromText(deep, undefined)
    const [statement] = policy.statements.known ? policy.statements.value : []
    expect(plain(statement!.effect)).toBe('? the statement is not an object')
    expect(plain(allowsOnlyFrom(policy))).toMatch(/^\? a statement's effect is unknown/)
  })

  it('is unknown for text that is no JSON', () => {
    expect(plain(policyFromText('{"Statement": [', undefined).statements)).toBe('? the policy is not valid JSON')
  })
})

describe('resource policies in CloudFormation and SAM', () => {
  it('reads a policy built with Fn::Sub, keeping what the unknown account does not touch', () => {
    const model = cloudFormation(`Resources:
  Api:
    Type: AWS::ApiGateway::RestApi
    Properties:
      EndpointConfiguration: { Types: [PRIVATE] }
      Policy: !Sub |
        {"Statement": [
          {"Effect": "Allow", "Principal": "*", "Action": "execute-api:Invoke", "Resource": "arn:aws:execute-api:\${AWS::Region}:\${AWS::AccountId}:*/*",
           "Condition": {"StringEquals": {"aws:SourceVpce": "vpce-1"}}}
        ]}
`)
    const policy = policyOf(model, 'Api')
    expect(plain(allowsOnlyFrom(policy))).toBe('vpce')
    const [statement] = policy.statements.known ? policy.statements.value : []
    expect(plain(statement!.resources)).toEqual({ negated: false, values: ['arn:aws:execute-api:${?}:${?}:*/*'] })
    expect(plain(statement!.principal)).toEqual({ anyone: true })
  })

  it('reads a Deny whose resource is an ARN built with Fn::Sub as covering the whole API', () => {
    const model = cloudFormation(`Resources:
  Api:
    Type: AWS::ApiGateway::RestApi
    Properties:
      Policy:
        Statement:
          - Effect: Allow
            Principal: '*'
            Action: execute-api:Invoke
            Resource: execute-api:/*
          - Effect: Deny
            Principal: '*'
            Action: execute-api:Invoke
            Resource: !Sub arn:aws:execute-api:\${AWS::Region}:\${AWS::AccountId}:*/*
            Condition:
              StringNotEquals:
                aws:SourceVpc: vpc-1
`)
    expect(plain(allowsOnlyFrom(policyOf(model, 'Api')))).toBe('vpc')
  })

  it('leaves a policy from a parameter without default unknown, though the API has one', () => {
    const model = cloudFormation(`Parameters:
  PolicyJson:
    Type: String
Resources:
  Api:
    Type: AWS::ApiGateway::RestApi
    Properties:
      Policy: !Ref PolicyJson
`)
    expect(plain(model.getKind('Api', 'api')!.hasResourcePolicy)).toBe(true)
    expect(plain(allowsOnlyFrom(policyOf(model, 'Api')))).toMatch(/^\? the policy is parameter PolicyJson has no default/)
  })

  it.each([
    ['SourceVpcWhitelist: [vpce-1]', 'vpce'],
    ['SourceVpcWhitelist: [vpc-1, vpce-1]', 'vpc-or-vpce'],
    ['IpRangeWhitelist: [10.0.0.0/8]', 'source-ip'],
    ['IpRangeBlacklist: [192.0.2.0/24]', 'anyone'],
    ['AwsAccountWhitelist: ["123456789012"]', 'principal'],
    ['SourceVpcBlacklist: [vpce-1]', 'anyone'],
  ])('reads SAM Auth.ResourcePolicy %s as the statements the transform writes', (written, expected) => {
    const model = cloudFormation(`Transform: AWS::Serverless-2016-10-31
Resources:
  Api:
    Type: AWS::Serverless::Api
    Properties:
      StageName: prod
      Auth:
        ResourcePolicy:
          ${written}
`)
    expect(plain(allowsOnlyFrom(policyOf(model, 'Api')))).toBe(expected)
  })
})

describe('resource policies in Terraform', () => {
  it('reads jsonencode with a part known only after apply, keeping the known condition', async () => {
    const model = await terraform(`
resource "aws_vpc_endpoint" "api" {
  vpc_id       = "vpc-1"
  service_name = "com.amazonaws.eu-west-1.execute-api"
}
resource "aws_api_gateway_rest_api" "api" {
  name = "api"
  endpoint_configuration {
    types = ["PRIVATE"]
  }
}
resource "aws_api_gateway_rest_api_policy" "api" {
  rest_api_id = aws_api_gateway_rest_api.api.id
  policy = jsonencode({
    Statement = [{
      Effect    = "Allow"
      Principal = "*"
      Action    = "execute-api:Invoke"
      Resource  = "\${aws_api_gateway_rest_api.api.execution_arn}/*"
      Condition = { StringEquals = { "aws:SourceVpce" = aws_vpc_endpoint.api.id } }
    }]
  })
}
`)
    const policy = policyOf(model, 'aws_api_gateway_rest_api.api')
    expect(plain(allowsOnlyFrom(policy))).toBe('vpce')
    const [statement] = policy.statements.known ? policy.statements.value : []
    expect(statement && statement.conditions.known ? plain(statement.conditions.value[0]!.values) : undefined).toMatch(/^\? /)
  })

  it('reads heredoc JSON with interpolations known only after apply, the Deny over the API ARN covering the whole API', async () => {
    const model = await terraform(`
resource "aws_vpc_endpoint" "api" {
  vpc_id       = "vpc-1"
  service_name = "com.amazonaws.eu-west-1.execute-api"
}
resource "aws_api_gateway_rest_api" "api" {
  name = "api"
}
resource "aws_api_gateway_rest_api_policy" "api" {
  rest_api_id = aws_api_gateway_rest_api.api.id
  policy = <<EOF
{"Statement": [
  {"Effect": "Deny", "Principal": "*", "Action": "execute-api:Invoke", "Resource": "\${aws_api_gateway_rest_api.api.execution_arn}*",
   "Condition": {"StringNotEquals": {"aws:sourceVpce": "\${aws_vpc_endpoint.api.id}"}}},
  {"Effect": "Allow", "Principal": "*", "Action": "execute-api:Invoke", "Resource": "\${aws_api_gateway_rest_api.api.execution_arn}/*"}
]}
EOF
}
`)
    const policy = policyOf(model, 'aws_api_gateway_rest_api.api')
    expect(plain(allowsOnlyFrom(policy))).toBe('vpce')
    const [deny] = policy.statements.known ? policy.statements.value : []
    expect(plain(deny!.resources)).toEqual({ negated: false, values: ['${?}*'] })
  })

  it('leaves whom a policy admits unknown when an unknown part of a Deny decides whether it covers the API', async () => {
    const model = await terraform(`
variable "stage" {}
resource "aws_api_gateway_rest_api" "api" {
  name = "api"
  policy = jsonencode({
    Statement = [
      { Effect = "Allow", Principal = "*", Action = "execute-api:Invoke", Resource = "execute-api:/*" },
      { Effect = "Deny", Principal = "*", Action = "execute-api:Invoke", Resource = "execute-api:/\${var.stage}/*/*",
        Condition = { StringNotEquals = { "aws:SourceVpc" = "vpc-1" } } },
    ]
  })
}
`)
    expect(plain(allowsOnlyFrom(policyOf(model, 'aws_api_gateway_rest_api.api')))).toMatch(/^\? whether a Deny's resources cover the whole API/)
  })

  it('reads heredoc JSON, and a variable without default as an unknown policy', async () => {
    const model = await terraform(`
variable "policy" {}
resource "aws_api_gateway_rest_api" "open" {
  name   = "open"
  policy = <<JSON
{"Statement": [{"Effect": "Allow", "Principal": {"AWS": "*"}, "Action": "execute-api:*", "Resource": "*"}]}
JSON
}
resource "aws_api_gateway_rest_api" "given" {
  name   = "given"
  policy = var.policy
}
`)
    expect(plain(allowsOnlyFrom(policyOf(model, 'aws_api_gateway_rest_api.open')))).toBe('anyone')
    expect(plain(allowsOnlyFrom(policyOf(model, 'aws_api_gateway_rest_api.given')))).toMatch(/^\? the policy is /)
  })

  it('reads an aws_iam_policy_document of the module, and leaves one that merges others unknown', async () => {
    const model = await terraform(`
data "aws_iam_policy_document" "vpc" {
  statement {
    principals {
      type        = "AWS"
      identifiers = ["*"]
    }
    actions   = ["execute-api:Invoke"]
    resources = ["execute-api:/*"]
    condition {
      test     = "StringEquals"
      variable = "aws:SourceVpc"
      values   = ["vpc-1"]
    }
  }
}
data "aws_iam_policy_document" "merged" {
  source_policy_documents = [data.aws_iam_policy_document.vpc.json]
}
resource "aws_api_gateway_rest_api" "vpc" {
  name   = "vpc"
  policy = data.aws_iam_policy_document.vpc.json
}
resource "aws_api_gateway_rest_api" "merged" {
  name   = "merged"
  policy = data.aws_iam_policy_document.merged.json
}
`)
    expect(plain(allowsOnlyFrom(policyOf(model, 'aws_api_gateway_rest_api.vpc')))).toBe('vpc')
    expect(plain(allowsOnlyFrom(policyOf(model, 'aws_api_gateway_rest_api.merged')))).toMatch(/merges other policy documents/)
  })
})
