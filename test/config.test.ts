/**
 * What `extends` and rule options in `.iac-lint.yaml` do to a scan, through the public API as a
 * program would use it. (Discovery and error lines through the CLI are in workflow.test.ts.)
 */
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { ConfigError, loadConfigValidator, parseConfig } from '../src/engine/config.js'
import { BUILTIN_RULES, defineRule, rules, scanText, type Rule } from '../src/index.js'

// parseConfig needs the validator, which loadConfig loads for a scan.
await loadConfigValidator()

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const cwd = path.join(root, 'fixtures')
const configFile = path.join(cwd, '.iac-lint.yaml')
const knownRules = [...BUILTIN_RULES, ...rules.map((rule) => rule.meta)].map((meta) => meta.id)
const costFixture = 'apigw-high-traffic-cost/fail/rest-declared-traffic.yaml'
const costTemplate = readFileSync(path.join(cwd, costFixture), 'utf8')

/** A rule that is not recommended: it reports every function. */
const everyFunction: Rule = defineRule({
  id: 'lambda-function-present',
  meta: {
    title: 'Lambda function in the template',
    category: 'fit',
    defaultLevel: 'note',
    whatItDoes: 'Reports every Lambda function, for this test.',
    whyBad: 'It is not bad; the rule exists to be switched on.',
    fix: 'Nothing to fix.',
    references: [],
    frameworks: ['cloudformation'],
    recommended: false,
  },
  check({ model, report }) {
    for (const fn of model.all('function')) report({ at: fn, message: `Function ${fn.source.address}.` })
  },
})

function scanWith(configText: string, ruleSet: readonly Rule[] = rules): ReturnType<typeof scanText> {
  const config = parseConfig(configText, configFile, [...knownRules, everyFunction.meta.id])
  return scanText(costTemplate, costFixture, { rules: ruleSet, cwd, config, today: '2026-01-01' })
}

function ruleIdsOf(result: ReturnType<typeof scanText>): string[] {
  return result.findings.map((finding) => finding.ruleId)
}

describe('extends', () => {
  it('recommended (the default) leaves a rule marked recommended: false off', () => {
    for (const text of ['{}\n', 'extends: recommended\n']) {
      const result = scanWith(text, [...rules, everyFunction])
      expect(ruleIdsOf(result)).not.toContain(everyFunction.meta.id)
      expect(result.rules.map((meta) => meta.id)).not.toContain(everyFunction.meta.id)
    }
  })

  it('all turns it on at its default level', () => {
    const result = scanWith('extends: all\n', [...rules, everyFunction])
    expect(result.findings.filter((finding) => finding.ruleId === everyFunction.meta.id).map((finding) => finding.level)).toEqual(['note'])
    expect(result.rules.map((meta) => meta.id)).toContain(everyFunction.meta.id)
  })

  it('gives way to a level under rules, either way', () => {
    const on = scanWith(`rules:\n  ${everyFunction.meta.id}: error\n`, [...rules, everyFunction])
    expect(on.findings.filter((finding) => finding.ruleId === everyFunction.meta.id).map((finding) => finding.level)).toEqual(['error'])
    const off = scanWith(`extends: all\nrules:\n  ${everyFunction.meta.id}: off\n`, [...rules, everyFunction])
    expect(ruleIdsOf(off)).not.toContain(everyFunction.meta.id)
  })

  it('runs every built-in rule at its default level under either set; all adds only the rules not recommended', () => {
    const notRecommended = rules.filter((rule) => rule.meta.recommended === false).map((rule) => rule.meta.id)
    expect(notRecommended).toEqual(['traffic-profile-missing'])
    const all = scanWith('extends: all\n')
    const recommended = scanWith('extends: recommended\n')
    expect(all.findings.filter((finding) => !notRecommended.includes(finding.ruleId))).toEqual(recommended.findings)
    expect(all.rules.filter((meta) => !notRecommended.includes(meta.id))).toEqual(recommended.rules)
    expect(all.rules.map((meta) => meta.id)).toEqual(expect.arrayContaining(notRecommended))
    expect(recommended.rules.map((meta) => meta.id)).not.toEqual(expect.arrayContaining(notRecommended))
  })
})

describe('rule options', () => {
  // The fixture's REST API costs about $19,417 a month; an ALB about $717: a saving of about $18,700.
  it('apigw-high-traffic-cost reports only where the saving reaches minMonthlySavingUsd', () => {
    const option = (usd: number): string => `rules:\n  apigw-high-traffic-cost: { options: { minMonthlySavingUsd: ${usd} } }\n`
    expect(ruleIdsOf(scanWith('{}\n'))).toContain('apigw-high-traffic-cost')
    expect(ruleIdsOf(scanWith(option(18_000)))).toContain('apigw-high-traffic-cost')
    expect(ruleIdsOf(scanWith(option(19_000)))).not.toContain('apigw-high-traffic-cost')
  })

  it.each([
    ['an option a rule does not read', 'rules:\n  apigw-high-traffic-cost: { options: { minSaving: 1 } }\n', /^\.iac-lint\.yaml:2:41: rules\.apigw-high-traffic-cost\.options\.minSaving is not a known key$/],
    ['options for a rule that reads none', 'rules:\n  apigw-stage-no-throttling: { options: {} }\n', /^\.iac-lint\.yaml:2:32: rules\.apigw-stage-no-throttling\.options is not a known key$/],
    ['a negative saving', 'rules:\n  apigw-high-traffic-cost: { options: { minMonthlySavingUsd: -1 } }\n', /^\.iac-lint\.yaml:2:62: rules\.apigw-high-traffic-cost\.options\.minMonthlySavingUsd must be >= 0$/],
    ['a setting that is neither a level nor a map', 'rules:\n  apigw-high-traffic-cost: 3\n', /^\.iac-lint\.yaml:2:28: rules\.apigw-high-traffic-cost must be off, note, warning or error, or a map/],
  ])('rejects %s with its key path and line', (_name, text, message) => {
    expect(() => parseConfig(text, configFile, knownRules)).toThrow(ConfigError)
    expect(() => parseConfig(text, configFile, knownRules)).toThrow(message)
  })
})
