/**
 * traffic-profile-missing lists the rules that read declared traffic from their metadata
 * (`declarations.reads`, `declarations.frontDoors`), whatever rules run beside it: here rules
 * defined in the test, so the list cannot be a copy of the built-in rules.
 */
import { afterAll, describe, expect, it } from 'vitest'
import type { RuleMeta } from '../src/core/types.js'
import { defineRule, type Rule } from '../src/engine/rule.js'
import { runRules } from '../src/engine/run.js'
import trafficProfileMissing from '../rules/traffic-profile-missing.js'
import { cloudFormation, terraform } from './model-support.js'
import { removeFolders } from './terraform-support.js'

afterAll(removeFolders)

function quietRule(id: string, declarations?: RuleMeta['declarations']): Rule {
  return defineRule({
    id,
    meta: {
      title: id,
      category: 'cost',
      defaultLevel: 'note',
      whatItDoes: '',
      whyBad: '',
      fix: '',
      references: [],
      frameworks: ['cloudformation', 'terraform'],
      ...(declarations ? { declarations } : {}),
    },
    check() {},
  })
}

const anyDoor = quietRule('reads-traffic-anywhere', { reads: ['traffic'], withoutThem: 'stays quiet.' })
const apisOnly = quietRule('reads-api-traffic', { reads: ['traffic', 'needs'], frontDoors: ['http-api'], withoutThem: 'stays quiet.' })
const exposureOnly = quietRule('reads-exposure', { reads: ['exposure'], withoutThem: 'stays quiet.' })
const noDeclarations = quietRule('reads-nothing')

const template = `
Resources:
  Web:
    Type: AWS::ElasticLoadBalancingV2::LoadBalancer
    Properties:
      Scheme: internet-facing
  Counted:
    Type: AWS::ElasticLoadBalancingV2::LoadBalancer
    Metadata:
      iac-lint:
        traffic: { requestsPerSecond: 10 }
  Catalog:
    Type: AWS::ApiGatewayV2::Api
    Properties:
      Name: catalog
      ProtocolType: HTTP
`

function listed(findings: ReturnType<typeof runRules>): Record<string, unknown> {
  return Object.fromEntries(findings.map((finding) => [finding.location.address, finding.properties?.undecidedRules]))
}

describe('traffic-profile-missing', () => {
  it('lists, per front door, the running rules whose metadata says they read its traffic', () => {
    const findings = runRules(cloudFormation(template), [trafficProfileMissing, anyDoor, apisOnly, exposureOnly, noDeclarations], { ruleSet: 'all' })
    expect(findings.every((finding) => finding.ruleId === 'traffic-profile-missing')).toBe(true)
    expect(listed(findings)).toEqual({
      Web: ['reads-traffic-anywhere'],
      Catalog: ['reads-api-traffic', 'reads-traffic-anywhere'],
    })
    const web = findings.find((finding) => finding.location.address === 'Web')!
    expect(web.message).toContain('declares no traffic, which the rule that estimates its cost reads: reads-traffic-anywhere')
    expect(web.message).toContain('Metadata: { iac-lint: { traffic: { requestsPerSecond: N, averagePayloadKB: N } } }')
  })

  it('says nothing about a front door no running rule reads traffic on', () => {
    expect(runRules(cloudFormation(template), [trafficProfileMissing, exposureOnly, noDeclarations], { ruleSet: 'all' })).toEqual([])
    expect(listed(runRules(cloudFormation(template), [trafficProfileMissing, apisOnly], { ruleSet: 'all' }))).toEqual({ Catalog: ['reads-api-traffic'] })
  })

  it('runs only when the rule set is all', () => {
    expect(runRules(cloudFormation(template), [trafficProfileMissing, anyDoor])).toEqual([])
  })

  it('gives a Terraform front door its tags to paste', async () => {
    const model = await terraform('resource "aws_lb" "web" {\n  name = "web"\n}\n')
    const [finding] = runRules(model, [trafficProfileMissing, anyDoor], { ruleSet: 'all' })
    expect(finding?.message).toContain('tags = { "iac-lint:requests-per-second" = "N", "iac-lint:average-payload-kb" = "N" }')
    expect(finding?.location.address).toBe('aws_lb.web')
  })
})
