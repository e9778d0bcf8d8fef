/**
 * The permission facts lambda-public-invoke and lambda-permission-unscoped read: the same in
 * CloudFormation and Terraform, a source ARN known only at deploy time kept as its pattern, and
 * the permission SAM writes for a function URL with auth type NONE.
 */
import { afterAll, describe, expect, it } from 'vitest'
import { modelFromCloudFormation } from '../src/frontends/cloudformation/from-cloudformation.js'
import { parseTemplateText } from '../src/frontends/cloudformation/template.js'
import { modelFromTerraform } from '../src/frontends/terraform/from-terraform.js'
import type { Model } from '../src/model/model.js'
import { expand, folderWith, removeFolders } from './terraform-support.js'

function cloudFormation(text: string): Model {
  const parsed = parseTemplateText(text, 'template.yaml')
  if (!parsed.ok) throw new Error(`the test template does not parse: ${parsed.message}`)
  return modelFromCloudFormation('template.yaml', parsed.root)
}

async function terraform(hcl: string): Promise<Model> {
  const dir = folderWith({ 'main.tf': hcl })
  return modelFromTerraform((await expand(dir, {})).resources, dir)
}

afterAll(removeFolders)

function facts(model: Model, id: string) {
  const permission = model.getKind(id, 'permission')
  const value = (fact: { known: boolean; value?: unknown } | undefined) => (fact === undefined ? undefined : fact.known ? fact.value : '?')
  return {
    function: permission?.function === undefined ? undefined : 'fn',
    action: value(permission?.action),
    principal: value(permission?.principal),
    sourceArn: value(permission?.sourceArn),
    sourceArnPattern: permission?.sourceArnPattern,
    sourceAccount: value(permission?.sourceAccount),
    principalOrgId: value(permission?.principalOrgId),
    functionUrlAuthType: value(permission?.functionUrlAuthType),
  }
}

describe('Lambda permissions', () => {
  it('reads the same conditions from both frameworks', async () => {
    const cfn = cloudFormation(`
Resources:
  Fn:
    Type: AWS::Lambda::Function
  Any:
    Type: AWS::Lambda::Permission
    Properties:
      FunctionName: !Ref Fn
      Action: lambda:InvokeFunctionUrl
      Principal: '*'
      SourceAccount: '123456789012'
      PrincipalOrgID: o-abc
      FunctionUrlAuthType: AWS_IAM
      SourceArn: !Sub arn:aws:execute-api:\${AWS::Region}:\${AWS::AccountId}:*/*
`)
    const tf = await terraform(`
variable "region" {
  type = string
}
variable "account" {
  type = string
}
resource "aws_lambda_function" "fn" {}
resource "aws_lambda_permission" "any" {
  function_name          = aws_lambda_function.fn.function_name
  action                 = "lambda:InvokeFunctionUrl"
  principal              = "*"
  source_account         = "123456789012"
  principal_org_id       = "o-abc"
  function_url_auth_type = "AWS_IAM"
  source_arn             = "arn:aws:execute-api:\${var.region}:\${var.account}:*/*"
}
`)
    const expected = {
      function: 'fn',
      action: 'lambda:InvokeFunctionUrl',
      principal: '*',
      sourceArn: '?',
      sourceArnPattern: 'arn:aws:execute-api:${?}:${?}:*/*',
      sourceAccount: '123456789012',
      principalOrgId: 'o-abc',
      functionUrlAuthType: 'AWS_IAM',
    }
    expect(facts(cfn, 'Any')).toEqual(expected)
    expect(facts(tf, 'aws_lambda_permission.any')).toEqual(expected)
  })

  it('gives a SAM function URL with auth type NONE the public permission SAM writes, and one with AWS_IAM none', () => {
    const model = cloudFormation(`
Transform: AWS::Serverless-2016-10-31
Resources:
  Open:
    Type: AWS::Serverless::Function
    Properties:
      FunctionUrlConfig:
        AuthType: NONE
  Signed:
    Type: AWS::Serverless::Function
    Properties:
      FunctionUrlConfig:
        AuthType: AWS_IAM
`)
    expect(facts(model, 'OpenUrlPublicPermissions')).toMatchObject({ action: 'lambda:InvokeFunctionUrl', principal: '*', functionUrlAuthType: 'NONE' })
    expect(model.getKind('SignedUrlPublicPermissions', 'permission')).toBeUndefined()
  })
})
