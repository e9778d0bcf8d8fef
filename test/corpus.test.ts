import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { renderReport, rules, scan } from '../src/index.js'
import type { Range } from '../src/parse/types.js'
import { decodeText } from '../src/parse/text.js'
import { rangeProblem } from './fuzz-support.js'
import { validateSarif } from './sarif-schema.js'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const corpus = path.resolve(root, '..', 'shared', 'corpus')
const present = existsSync(corpus)
const absent = `${path.relative(root, corpus)} is not present beside this repository`

if (!present) console.warn(`corpus tests skipped: ${absent}`)

/** The text a range in `file` is about, as `rangeProblem` takes it: undefined for a binary file. */
function textOf(file: string): string | undefined {
  const bytes = readFileSync(file)
  const decoded = decodeText(bytes)
  return decoded.ok ? decoded.text : decoded.reason === 'binary' ? undefined : new TextDecoder('utf-8').decode(bytes)
}

describe.skipIf(!present)(present ? 'real-world CloudFormation corpus' : `real-world CloudFormation corpus (skipped: ${absent})`, () => {
  it.each(['cfn-lint-templates', 'aws-cloudformation-templates', 'serverless-patterns'])(
    'scans %s without a crash, with every finding inside its file',
    async (folder) => {
      const result = await scan([path.join(corpus, folder)], { rules, cwd: root })
      expect(result.templatesScanned).toBeGreaterThan(40)
      const texts = new Map<string, string | undefined>()
      const problems: string[] = []
      const check = (what: string, location: string, range: Range): void => {
        const file = path.resolve(root, location)
        if (!texts.has(file)) texts.set(file, textOf(file))
        const problem = rangeProblem(range, texts.get(file))
        if (problem !== undefined) problems.push(`${path.relative(corpus, file)}: ${what}: ${problem}`)
      }
      for (const finding of result.findings) {
        const what = `${finding.ruleId} "${finding.message.slice(0, 80)}"`
        check(what, finding.location.file, finding.location.range)
        for (const related of finding.related ?? []) check(`${what}, related "${related.message}"`, related.file, related.range)
        expect(finding.message).not.toMatch(/\n\s+at /)
      }
      expect(problems).toEqual([])
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
