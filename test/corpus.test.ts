import { existsSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { renderReport, rules, scan } from '../src/index.js'
import { validateSarif } from './sarif-schema.js'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const corpus = path.resolve(root, '..', 'shared', 'corpus')
const present = existsSync(corpus)

if (!present) console.warn(`corpus tests skipped: ${path.relative(root, corpus)} is not present beside this repository`)

describe.skipIf(!present)('real-world CloudFormation corpus', () => {
  it.each(['cfn-lint-templates', 'aws-cloudformation-templates', 'serverless-patterns'])(
    'scans %s without a crash, with every finding inside its file',
    async (folder) => {
      const result = await scan([path.join(corpus, folder)], { rules, cwd: root })
      expect(result.templatesScanned).toBeGreaterThan(40)
      for (const finding of result.findings) {
        expect(finding.location.range.line, `${finding.location.file}: ${finding.message}`).toBeGreaterThanOrEqual(1)
        expect(finding.location.range.column).toBeGreaterThanOrEqual(1)
        expect(finding.message).not.toMatch(/\n\s+at /)
      }
    },
  )

  it('reports the deliberately broken cfn-lint templates as parse errors with a line', async () => {
    const bad = path.join(corpus, 'cfn-lint-templates', 'bad')
    const result = await scan([path.join(bad, 'json_parse.json'), path.join(bad, 'duplicate.yaml')], { rules, cwd: root })
    const parseErrors = result.findings.filter((finding) => finding.ruleId === 'parse-error')
    expect(parseErrors.map((finding) => path.basename(finding.location.file)).sort()).toEqual(['duplicate.yaml', 'json_parse.json'])
    for (const finding of parseErrors) expect(finding.location.range.line).toBeGreaterThan(1)
  })

  it('writes SARIF for the serverless-patterns templates that validates against the schema', async () => {
    const result = await scan([path.join(corpus, 'serverless-patterns')], { rules, cwd: root })
    const log = JSON.parse(renderReport('sarif', result, { cwd: root, color: false, toolVersion: '0.0.0' })) as unknown
    expect(validateSarif(log)).toEqual([])
    expect(result.findings.filter((finding) => finding.ruleId === 'alb-lambda-unauthenticated').length).toBeGreaterThan(0)
  })
})
