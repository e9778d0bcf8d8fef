/**
 * A bounded fuzz run on every `npm test`: mutants of the repository's own fixtures, each scanned
 * from disk through the public API, must not crash the scan, report an unknown rule, point outside
 * their file, or break a report format. The seed is fixed so that the run is the same on every
 * machine; FUZZ_SEED and FUZZ_RUNS change it, and `npm run fuzz` explores for minutes.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import fc from 'fast-check'
import { afterAll, describe, expect, it } from 'vitest'
import type { Finding, ScanResult } from '../src/index.js'
import { applyCase, checkScan, githubOutputProblems, loadSeeds, mutantCase, rangeProblem, runCase } from './fuzz-support.js'
import { validateSarif } from './sarif-schema.js'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const seeds = loadSeeds(root)
const seedsByName = new Map(seeds.map((seed) => [seed.name, seed]))
const scratch = mkdtempSync(path.join(os.tmpdir(), 'iac-lint-fuzz-'))
afterAll(() => rmSync(scratch, { recursive: true, force: true }))

const RUNS = Number(process.env.FUZZ_RUNS ?? 500)
const SEED = Number(process.env.FUZZ_SEED ?? 20_260_101)

describe('fuzzing the scan with mutated fixtures', () => {
  it('has seeds of every format the repository has fixtures for', () => {
    const extensions = new Set(seeds.map((seed) => seed.ext))
    for (const ext of ['.yaml', '.yml', '.json', '.plan.json', '.tf', '.tf.json']) expect(extensions).toContain(ext)
    expect(seeds.length).toBeGreaterThan(50)
  })

  it('scans every seed unmutated with nothing to complain about', async () => {
    for (const seed of seeds) await runCase(seed.bytes, seed.ext, scratch, validateSarif)
  })

  it(`survives ${RUNS} mutants`, async () => {
    const property = fc.asyncProperty(mutantCase(seeds), async (kase) => {
      const seed = seedsByName.get(kase.seed)!
      await runCase(applyCase(seed, kase), seed.ext, scratch, validateSarif)
    })
    await fc.assert(property, { numRuns: RUNS, seed: SEED })
  })
})

describe('the fuzz checks', () => {
  const file = path.join(scratch, 'checked.yaml')
  const text = 'Resources:\r\n  A: 1\r\n'
  const finding = (ruleId: string, range: Finding['location']['range']): Finding => ({
    ruleId,
    level: 'error',
    message: 'x',
    location: { file, range },
  })
  const result = (findings: Finding[]): ScanResult => ({ findings, rules: [], filesScanned: 1, templatesScanned: 1, notices: [], durationMs: 0 })
  const problems = (findings: Finding[]) => checkScan(result(findings), new Map([[file, Buffer.from(text)]]), scratch, validateSarif)

  it('accept a range that ends just after the last character of a line or at the end of the file', () => {
    expect(problems([finding('parse-error', { line: 2, column: 3, endLine: 2, endColumn: 7 })])).toEqual([])
    expect(problems([finding('parse-error', { line: 3, column: 1, endLine: 3, endColumn: 1 })])).toEqual([])
  })

  it('catch a range past the end of its line, the \\r of a CRLF included, or past the last line', () => {
    expect(problems([finding('parse-error', { line: 2, column: 3, endLine: 2, endColumn: 8 })])).toHaveLength(1)
    expect(problems([finding('parse-error', { line: 4, column: 1, endLine: 4, endColumn: 1 })])).toHaveLength(1)
    expect(problems([finding('parse-error', { line: 2, column: 0, endLine: 1, endColumn: 1 })])).toHaveLength(1)
  })

  it('allow only the start of a file that is not text', () => {
    expect(rangeProblem({ line: 1, column: 1, endLine: 1, endColumn: 2 }, undefined)).toBeUndefined()
    expect(rangeProblem({ line: 2, column: 1, endLine: 2, endColumn: 1 }, undefined)).toMatch(/not text/)
  })

  it('catch a rule nobody registered', () => {
    expect(problems([finding('not-a-rule', { line: 1, column: 1, endLine: 1, endColumn: 2 })])).toEqual([
      'unknown rule id not-a-rule: x',
    ])
  })

  it('catch an internal error, even one contained in a finding', () => {
    expect(problems([finding('internal-error', { line: 1, column: 1, endLine: 1, endColumn: 2 })])).toEqual(['internal error: x'])
  })

  it('catch a workflow command that is not an annotation of a finding', () => {
    const shown = [{ level: 'error' as const }]
    expect(githubOutputProblems('::error file=a.yaml,line=1,endLine=1,title=t::m\nok\n', shown)).toEqual([])
    expect(githubOutputProblems('::error file=a.yaml,line=1,endLine=1,title=t::m\n::add-mask::x\n', shown)).toHaveLength(1)
    expect(githubOutputProblems('::error file=a.yaml,line=1,endLine=1,title=t::m\r::error::x\n', shown)).toEqual([
      'not an annotation: "::error::x"',
    ])
  })
})
