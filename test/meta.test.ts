import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { generatedFiles } from '../scripts/generate.js'
import { BUILTIN_RULES, rules } from '../src/index.js'
import { FRAMEWORK_NAMES } from '../src/engine/docs.js'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')

describe('rule metadata', () => {
  it('names every rule file after its rule id', () => {
    const files = readdirSync(path.join(root, 'rules'))
      .filter((name) => name.endsWith('.ts') && name !== 'index.ts')
      .map((name) => name.slice(0, -3))
      .sort()
    expect(rules.map((rule) => rule.meta.id).sort()).toEqual(files)
  })

  it.each(rules.map((rule) => [rule.meta.id, rule.meta] as const))('%s has complete metadata', (id, meta) => {
    expect(id).toMatch(/^[a-z0-9]+(-[a-z0-9]+)+$/)
    expect(id).not.toMatch(/^(no|use|prefer|ensure)-|error|warning/)
    for (const text of [meta.title, meta.whatItDoes, meta.whyBad, meta.fix]) expect(text.length).toBeGreaterThan(20)
    expect(meta.title.length).toBeLessThanOrEqual(1024)
    if (meta.id !== 'internal-error') expect(meta.references.length).toBeGreaterThan(0)
    for (const reference of meta.references) expect(() => new URL(reference)).not.toThrow()
    expect(meta.frameworks.length).toBeGreaterThan(0)
    if (meta.category === 'security') {
      expect(meta.securitySeverity).toBeGreaterThan(0)
      expect(meta.securitySeverity).toBeLessThanOrEqual(10)
    } else {
      expect(meta.securitySeverity).toBeUndefined()
    }
  })

  it('documents exactly the options the configuration schema accepts for each rule', () => {
    interface RuleSchema {
      else: { properties: { options: { properties: Record<string, { type: string }> } } }
    }
    const schema = JSON.parse(readFileSync(path.join(root, 'schema', 'iac-lint.schema.json'), 'utf8')) as {
      properties: { rules: { properties: Record<string, RuleSchema> } }
    }
    const inSchema = schema.properties.rules.properties
    expect(Object.keys(inSchema).sort()).toEqual(rules.filter((rule) => rule.meta.options).map((rule) => rule.meta.id).sort())
    for (const rule of rules) {
      const documented = Object.keys(rule.meta.options ?? {}).sort()
      const accepted = inSchema[rule.meta.id]?.else.properties.options.properties ?? {}
      expect(Object.keys(accepted).sort(), rule.meta.id).toEqual(documented)
      for (const [name, option] of Object.entries(rule.meta.options ?? {})) {
        expect(option.description.length, `${rule.meta.id}.${name}`).toBeGreaterThan(20)
        expect(accepted[name]?.type, `${rule.meta.id}.${name}`).toBe(typeof option.default)
      }
    }
  })

  it('has unique ids, built-in rules included', () => {
    const ids = [...BUILTIN_RULES.map((meta) => meta.id), ...rules.map((rule) => rule.meta.id)]
    expect(new Set(ids).size).toBe(ids.length)
  })
})

describe('generated files', () => {
  // Generated once for the tests below. It throws when a rule lacks a fixture its page needs, and
  // each test then fails with that message; the catch only keeps the rejection from counting as unhandled.
  const generated = generatedFiles()
  generated.catch(() => undefined)

  it('are current (run `npm run generate` when this fails)', async () => {
    for (const [file, expected] of await generated) {
      expect(readFileSync(path.join(root, file), 'utf8'), `${file} is stale`).toBe(expected)
    }
  })

  it.each(rules.map((rule) => [rule.meta.id, rule.meta.frameworks] as const))(
    'docs/rules/%s.md shows a failing and a passing example for each framework the rule declares',
    async (id, frameworks) => {
      const page = (await generated).get(`docs/rules/${id}.md`) ?? ''
      const missing: string[] = []
      for (const section of ['## Example', '## Use instead']) {
        const body = page.split(`\n${section}\n`)[1]?.split('\n## ')[0] ?? ''
        for (const framework of frameworks) if (!body.includes(`\n### ${FRAMEWORK_NAMES[framework]}\n`)) missing.push(`${section}: ${framework}`)
      }
      expect(missing).toEqual([])
    },
  )
})
