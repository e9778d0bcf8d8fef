/** A rule's weaker case (`atMost`) lowers a finding's level, never raises it above the configured one; rules see what runs beside them. */
import { describe, expect, it } from 'vitest'
import { defineRule, type Rule } from '../src/engine/rule.js'
import { runRules } from '../src/engine/run.js'
import { cloudFormation } from './model-support.js'

const model = cloudFormation('Resources:\n  Web:\n    Type: AWS::ElasticLoadBalancingV2::LoadBalancer\n')
const seen: string[][] = []
const probe: Rule = defineRule({
  id: 'probe',
  meta: { title: 'probe', category: 'fit', defaultLevel: 'error', whatItDoes: '', whyBad: '', fix: '', references: [], frameworks: ['cloudformation'] },
  check({ model: checked, report, settings }) {
    seen.push((settings.enabledRules ?? []).map((meta) => meta.id))
    const [door] = checked.all('load-balancer')
    report({ at: door!, message: 'strong' })
    report({ at: door!, message: 'weak', atMost: 'warning' })
  },
})
const offByDefault: Rule = { ...probe, meta: { ...probe.meta, id: 'quiet', recommended: false } }

describe('runRules', () => {
  it('caps a finding at atMost below the rule level', () => {
    expect(runRules(model, [probe]).map((finding) => [finding.message, finding.level])).toEqual([['strong', 'error'], ['weak', 'warning']])
  })
  it('never raises a finding above the configured level', () => {
    const findings = runRules(model, [probe], { levels: { probe: 'note' } })
    expect(findings.map((finding) => finding.level)).toEqual(['note', 'note'])
  })
  it('tells each rule which rules run on the model', () => {
    seen.length = 0
    runRules(model, [probe, offByDefault])
    runRules(model, [probe, offByDefault], { ruleSet: 'all' })
    // The second run calls both rules, and each sees both.
    expect(seen).toEqual([['probe'], ['probe', 'quiet'], ['probe', 'quiet']])
  })
})
