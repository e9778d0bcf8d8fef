/**
 * What CloudFormation creates before a Lambda target group (`TargetGroup.dependsOn`), read for
 * `alb-lambda-permission-order`, and the predefined security policies that accept TLS below 1.2
 * (`sslPolicyAcceptsBelowTls12`), read for `alb-tls-policy-outdated`.
 */
import { describe, expect, it } from 'vitest'
import { modelFromCloudFormation } from '../src/frontends/cloudformation/from-cloudformation.js'
import { parseTemplateText } from '../src/frontends/cloudformation/template.js'
import { sslPolicyAcceptsBelowTls12 } from '../src/model/aws.js'
import type { Fact } from '../src/model/types.js'

function dependsOn(resources: string): Fact<string[]> | undefined {
  const text = `Resources:\n  Handler:\n    Type: AWS::Lambda::Function\n    Properties:\n      Runtime: python3.12\n${resources}`
  const parsed = parseTemplateText(text, 'template.yaml')
  if (!parsed.ok) throw new Error(`the test template does not parse: ${parsed.message}`)
  return modelFromCloudFormation('template.yaml', parsed.root).getKind('Group', 'target-group')?.dependsOn
}

const GROUP = `  Group:
    Type: AWS::ElasticLoadBalancingV2::TargetGroup
    Properties:
      TargetType: lambda
      Targets:
        - Id: !GetAtt Handler.Arn
`

describe('TargetGroup.dependsOn (CloudFormation)', () => {
  it('follows DependsOn and references through other resources, and ends on a cycle', () => {
    const fact = dependsOn(
      `  A:\n    Type: AWS::Logs::LogGroup\n    DependsOn: [B]\n  B:\n    Type: AWS::Logs::LogGroup\n    DependsOn: A\n    Properties:\n      LogGroupName: !Ref Permission\n` +
        `  Permission:\n    Type: AWS::Lambda::Permission\n    Properties:\n      FunctionName: !Ref Handler\n` +
        GROUP.replace('    Properties:\n', '    DependsOn: A\n    Properties:\n'),
    )
    expect(fact?.known && [...fact.value].sort()).toEqual(['A', 'B', 'Handler', 'Permission'])
    expect(fact?.at?.defaulted).toBeUndefined()
  })

  it('is defaulted at the group without DependsOn, and unknown when a DependsOn on the way is not a name', () => {
    const plain = dependsOn(GROUP)
    expect(plain?.known && plain.value).toEqual(['Handler'])
    expect(plain?.at?.defaulted).toBe(true)
    const odd = dependsOn(`  A:\n    Type: AWS::Logs::LogGroup\n    DependsOn: { Ref: Handler }\n` + GROUP.replace('    Properties:\n', '    DependsOn: A\n    Properties:\n'))
    expect(odd?.known).toBe(false)
  })

  it('is absent from target groups that register no function', () => {
    expect(dependsOn(GROUP.replace('!GetAtt Handler.Arn', '!ImportValue shared-handler'))).toBeUndefined()
    expect(dependsOn(GROUP.replace('lambda', 'ip'))).toBeUndefined()
  })
})

describe('sslPolicyAcceptsBelowTls12', () => {
  it('names the lowest version of the predefined policies below TLS 1.2, whatever the case', () => {
    expect(sslPolicyAcceptsBelowTls12('ELBSecurityPolicy-2016-08')).toBe('1.0')
    expect(sslPolicyAcceptsBelowTls12('elbsecuritypolicy-tls-1-1-2017-01')).toBe('1.1')
    expect(sslPolicyAcceptsBelowTls12('ELBSecurityPolicy-TLS13-1-0-FIPS-PQ-2025-09')).toBe('1.0')
    expect(sslPolicyAcceptsBelowTls12('ELBSecurityPolicy-TLS13-1-1-FIPS-2023-04')).toBe('1.1')
  })

  it('counts TLS 1.2 and later policies, and names AWS does not predefine, as current', () => {
    for (const policy of ['ELBSecurityPolicy-TLS13-1-2-2021-06', 'ELBSecurityPolicy-TLS13-1-2-Ext1-2021-06', 'ELBSecurityPolicy-TLS13-1-3-2021-06', 'ELBSecurityPolicy-FS-1-2-Res-2020-10', 'ELBSecurityPolicy-TLS-1-2-Ext-2018-06', 'custom']) {
      expect(sslPolicyAcceptsBelowTls12(policy), policy).toBeUndefined()
    }
  })
})
