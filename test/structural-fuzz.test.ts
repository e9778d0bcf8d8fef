/**
 * A bounded structural fuzz run on every `npm test`: CloudFormation templates and Terraform
 * modules built to make evaluation explode (reference cycles, doubling chains, nested `for` and
 * `count`, deep and self-referencing module graphs) and to smuggle names into reports (line
 * breaks, workflow commands, ANSI escapes, bidi overrides), each scanned by the built CLI beside a
 * known-good file with `-f json`, `-f text` and `-f github`. See `structural-fuzz-support.ts` for
 * the generators and the properties.
 *
 * The built CLI is copied once before the batch (`snapshotCli`), so a rebuild of `dist/` during
 * the run cannot change the program under test halfway: run `npx tsc -p tsconfig.json` first.
 *
 * Each property is its own test, so a failure names the property and fast-check shrinks a
 * counterexample for that property alone; scans are cached by case, so the same batch is scanned
 * once however many properties look at it. The seed is fixed; on failure fast-check prints it
 * with the counterexample, and the message carries the case as JSON for
 * `FUZZ_CASE='...' npm run fuzz:structural`.
 *
 *   IAC_LINT_FUZZ_RUNS=400              more cases (40 by default, 70 % CloudFormation)
 *   IAC_LINT_FUZZ_SEED=123              another batch
 *   IAC_LINT_FUZZ_SHRINK_SECONDS=300    shrink longer than the default 30 s per failing property
 */
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import fc from 'fast-check'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseTemplateText } from '../src/frontends/cloudformation/template.js'
import { toPlain } from '../src/parse/types.js'
import {
  cfnCase,
  cfnText,
  describeCase,
  expectationOf,
  GOOD_FILES,
  goodBaseline,
  judgeCase,
  layoutOf,
  PROPERTIES,
  PROPERTY_IDS,
  runCase,
  snapshotCli,
  tfCase,
  type CaseOutcome,
  type CfnCase,
  type CliRun,
  type GoodFile,
  type GoodFindings,
  type Layout,
  type RunOptions,
  type StructuralCase,
  type TfCase,
  type Verdict,
} from './structural-fuzz-support.js'

function numberFromEnv(name: string, fallback: number): number {
  const value = process.env[name]
  if (value === undefined || value === '') return fallback
  const n = Number(value)
  if (!Number.isFinite(n) || n < 0) throw new Error(`${name} must be a non-negative number, not ${JSON.stringify(value)}`)
  return n
}

const RUNS = Math.max(2, Math.floor(numberFromEnv('IAC_LINT_FUZZ_RUNS', 40)))
const SEED = Math.floor(numberFromEnv('IAC_LINT_FUZZ_SEED', 20_260_271))
const SHRINK_MS = numberFromEnv('IAC_LINT_FUZZ_SHRINK_SECONDS', 30) * 1000
/** Generous: a property that fails shrinks for up to SHRINK_MS after a scan that may itself hang for the guard's 20 s. */
const TEST_TIMEOUT = 60_000 + RUNS * 3 * 25_000 + SHRINK_MS

// A Terraform scan costs about twice a CloudFormation one (the HCL grammar loads in every process).
const cfnRuns = Math.ceil(RUNS * 0.7)
const FAMILIES = [
  { name: 'CloudFormation', arbitrary: cfnCase as fc.Arbitrary<StructuralCase>, runs: cfnRuns, seed: SEED },
  { name: 'Terraform', arbitrary: tfCase as fc.Arbitrary<StructuralCase>, runs: RUNS - cfnRuns, seed: SEED + 1 },
]

const scratch = mkdtempSync(path.join(os.tmpdir(), 'iac-lint-structural-'))
afterAll(() => rmSync(scratch, { recursive: true, force: true }))

let cli: RunOptions
const baselines = new Map<GoodFile, GoodFindings>()
const verdicts = new Map<string, Verdict>()

function verdictOf(kase: StructuralCase): Verdict {
  const key = describeCase(kase)
  const cached = verdicts.get(key)
  if (cached) return cached
  const layout = layoutOf(kase)
  const outcome = runCase(layout, scratch, cli)
  const verdict = judgeCase(layout, outcome, baselines.get(kase.good)!)
  rmSync(outcome.dir, { recursive: true, force: true })
  verdicts.set(key, verdict)
  return verdict
}

describe('structural fuzzing of the built CLI', () => {
  beforeAll(() => {
    cli = snapshotCli(scratch)
    for (const good of GOOD_FILES) baselines.set(good, goodBaseline(good, scratch, cli))
  }, 60_000)

  describe.each(FAMILIES)('$name', (family) => {
    it.each(PROPERTY_IDS)(
      '%s',
      (property) => {
        let failedAt: number | undefined
        const check = fc.property(family.arbitrary, (kase) => {
          // Once the shrink budget is spent, cases not scanned yet pass: fast-check keeps the smallest failure found so far.
          if (failedAt !== undefined && performance.now() - failedAt > SHRINK_MS && !verdicts.has(describeCase(kase))) return true
          const problems = verdictOf(kase).problems[property]
          if (problems.length === 0) return true
          failedAt ??= performance.now()
          throw new Error(`${property} (${PROPERTIES[property]}) fails for\n${describeCase(kase)}\n  ${problems.join('\n  ')}`)
        })
        fc.assert(check, { seed: family.seed, numRuns: family.runs })
      },
      TEST_TIMEOUT,
    )

    it('exercised every property on the batch', () => {
      const batch = fc.sample(family.arbitrary, { seed: family.seed, numRuns: family.runs })
      const expectations = batch.map(expectationOf)
      const judged = batch.map((kase) => verdicts.get(describeCase(kase))).filter((verdict) => verdict !== undefined)
      const stats = {
        cases: batch.length,
        scanned: judged.length,
        mustReport: expectations.filter((e) => e.mustReport !== undefined).length,
        mustNotReport: expectations.filter((e) => e.mustNotReport !== undefined).length,
        parses: expectations.filter((e) => e.parses).length,
        hostileInReport: judged.filter((verdict) => verdict.hostileInReport).length,
        seconds: Math.round(judged.reduce((sum, verdict) => sum + verdict.ms, 0) / 100) / 10,
        shapes: [...new Set(batch.map((kase) => kase.shape.kind))].sort().join(' '),
      }
      console.log(`${family.name} batch (seed ${family.seed}): ${JSON.stringify(stats)}`)
      // Each property had cases to bite on; otherwise a green run would mean nothing.
      expect(stats.mustReport).toBeGreaterThanOrEqual(3)
      expect(stats.mustNotReport).toBeGreaterThanOrEqual(3)
      expect(stats.parses).toBeGreaterThanOrEqual(stats.cases / 2)
      if (stats.scanned === stats.cases) expect(stats.hostileInReport).toBeGreaterThanOrEqual(1)
    })
  })
})

// ---------------------------------------------------------------------------------------------

describe('the structural generators', () => {
  const sample = <T>(arbitrary: fc.Arbitrary<T>, n: number): T[] => fc.sample(arbitrary, { seed: 7, numRuns: n })

  it('write templates that parse, to the same document in YAML with short tags, YAML with long tags and JSON', () => {
    for (const kase of sample(cfnCase, 60)) {
      const escaped: CfnCase = { ...kase, raw: false }
      const plain = (format: 'yaml' | 'json', tags: 'short' | 'long'): unknown => {
        const text = cfnText({ ...escaped, format, tags })
        const parsed = parseTemplateText(text, `t.${format}`)
        if (!parsed.ok) throw new Error(`${format}/${tags} does not parse (${parsed.message} at ${parsed.range.line}:${parsed.range.column}): ${describeCase(escaped)}`)
        return toPlain(parsed.root)
      }
      const json = plain('json', 'long')
      expect(plain('yaml', 'long')).toEqual(json)
      expect(plain('yaml', 'short')).toEqual(json)
      // The hostile names arrive intact: they are the keys of the document.
      const resources = (json as { Resources: Record<string, unknown> }).Resources
      expect(Object.keys(resources)).toContain(`${kase.names.logicalId}Function`)
    }
  })

  it('draw every shape, sink, hostile name and good file', () => {
    const cases = sample(cfnCase, 300)
    const tf = sample(tfCase, 300)
    expect(new Set(cases.map((kase) => kase.shape.kind)).size).toBe(8)
    expect(new Set(tf.map((kase) => kase.shape.kind)).size).toBe(8)
    expect(new Set(cases.map((kase) => kase.sink)).size).toBe(5)
    expect(new Set([...cases, ...tf].map((kase) => kase.good)).size).toBe(GOOD_FILES.length)
    const hostile = (name: string): boolean => name.includes('\n::') || name.includes('\x1b') || name.includes('\u202e')
    expect(cases.some((kase) => hostile(kase.names.logicalId))).toBe(true)
    expect(tf.some((kase) => hostile(kase.names.module))).toBe(true)
  })

  it('expect a limit finding exactly past the margin around the budgets, and none well below them', () => {
    const cfn = (shape: CfnCase['shape']): ReturnType<typeof expectationOf> =>
      expectationOf({ ...sample(cfnCase, 1)[0]!, shape, raw: false })
    const tf = (shape: TfCase['shape']): ReturnType<typeof expectationOf> => expectationOf({ ...sample(tfCase, 1)[0]!, shape, raw: false })
    expect(cfn({ kind: 'parameter-cycle', length: 1 }).mustReport).toMatch(/cycle/)
    expect(cfn({ kind: 'parameter-doubling', length: 18 }).mustReport).toMatch(/list of/)
    expect(cfn({ kind: 'parameter-doubling', length: 17 })).toEqual({ parses: true })
    expect(cfn({ kind: 'parameter-doubling', length: 13 }).mustNotReport).toBeDefined()
    expect(cfn({ kind: 'sub-doubling', length: 21, seed: 2, through: 'inline' }).mustReport).toMatch(/string of/)
    expect(cfn({ kind: 'join', delimiter: 200_000, list: { kind: 'literal', length: 60 } }).mustReport).toMatch(/string of/)
    expect(cfn({ kind: 'join', delimiter: 10, list: { kind: 'literal', length: 60 } }).mustNotReport).toBeDefined()
    expect(tf({ kind: 'module-graph', depth: 25, fanOut: 3 }).mustReport).toMatch(/instances/)
    expect(tf({ kind: 'module-graph', depth: 25, fanOut: 1 }).mustNotReport).toBeDefined()
    expect(tf({ kind: 'nested-for', depth: 4, size: 1000, over: 'range' })).toEqual({ parses: true })
    expect(tf({ kind: 'nested-for', depth: 3, size: 1000, over: 'list' }).mustReport).toMatch(/values/)
    expect(tf({ kind: 'self-module', form: 'dot', fanOut: 1 }).mustReport).toMatch(/own folder/)
  })
})

describe('the structural fuzz checks', () => {
  const layout: Layout = {
    files: [],
    hostile: 'bad\n::error::x.yaml',
    good: 'public-alb-lambda.yaml',
    expectation: { mustReport: 'a cycle', parses: true },
  }
  const goodFinding = {
    ruleId: 'alb-lambda-unauthenticated',
    level: 'error' as const,
    message: 'open',
    file: 'public-alb-lambda.yaml',
    range: { line: 85, column: 3, endLine: 85, endColumn: 13 },
    address: 'ReportsRule',
  }
  const baseline = [
    JSON.stringify({ ruleId: goodFinding.ruleId, level: 'error', message: 'open', range: goodFinding.range, address: 'ReportsRule', suppressed: null }),
  ]
  const report = (findings: object[]): string => JSON.stringify({ findings: [goodFinding, ...findings] })
  const limit = { ruleId: 'evaluation-limit', level: 'warning', message: 'P0 refers to itself', file: layout.hostile, range: goodFinding.range, address: null }
  const run = (format: CliRun['format'], stdout: string, extra: Partial<CliRun> = {}): CliRun => ({
    format,
    code: 1,
    signal: null,
    timedOut: false,
    stdout,
    stderr: '',
    ms: 1,
    ...extra,
  })
  const annotation = '::error file=public-alb-lambda.yaml,line=85,endLine=85,col=3,endColumn=13,title=iac-lint%3A alb-lambda-unauthenticated::open\n'
  const clean = (): CliRun[] => [run('json', report([limit])), run('text', 'public-alb-lambda.yaml\n  85:3 error open\n'), run('github', `${annotation}::warning file=bad%0A%3A%3Aerror%3A%3Ax.yaml,line=85,endLine=85,col=3,endColumn=13,title=t::m\n`)]
  const failing = (runs: CliRun[], expectation = layout.expectation): string[] => {
    const verdict = judgeCase({ ...layout, expectation }, { dir: '', runs } satisfies CaseOutcome, baseline)
    return PROPERTY_IDS.filter((id) => verdict.problems[id].length > 0)
  }

  it('pass a clean scan', () => {
    expect(failing(clean())).toEqual([])
  })

  it('catch a hang, a crash and a stack trace', () => {
    expect(failing([run('json', '', { timedOut: true, code: null, signal: 'SIGKILL' })])).toEqual(['bounded'])
    expect(failing([run('json', '', { code: 2, stderr: 'iac-lint: internal error: x\n' })])).toEqual(['no-internal-error'])
    const trace = clean()
    trace[1] = run('text', 'ok\n', { stderr: 'TypeError: x\n    at f (file.js:1:1)\n' })
    expect(failing(trace)).toEqual(['no-internal-error'])
  })

  it('catch a missing or spurious limit finding, an internal-error finding and a parse error in valid input', () => {
    const runs = clean()
    runs[0] = run('json', report([]))
    runs[2] = run('github', annotation)
    expect(failing(runs)).toEqual(['limit-finding'])
    runs[2] = clean()[2]!
    expect(failing(clean(), { mustNotReport: 'small', parses: true })).toEqual(['no-spurious-limit'])
    runs[0] = run('json', report([{ ...limit, ruleId: 'internal-error' }]))
    expect(failing(runs)).toEqual(['limit-finding'])
    runs[0] = run('json', report([{ ...limit, ruleId: 'parse-error' }]))
    expect(failing(runs)).toEqual(['valid-input-parses'])
    expect(failing(runs, { mustReport: 'a cycle', parses: false })).toEqual([])
  })

  it('catch a changed good file', () => {
    const runs = clean()
    runs[0] = run('json', JSON.stringify({ findings: [{ ...goodFinding, message: 'other' }, limit] }))
    expect(failing(runs)).toEqual(['good-file-unchanged'])
  })

  it('catch workflow commands, ANSI escapes, CR and bidi overrides in output', () => {
    const inject = (index: number, change: Partial<CliRun>): string[] => {
      const runs = clean()
      runs[index] = { ...runs[index]!, ...change }
      return failing(runs)
    }
    expect(inject(1, { stdout: 'x\n::add-mask::y\n' })).toEqual(['no-injection'])
    expect(inject(1, { stdout: 'x\n  ::error::y\n' })).toEqual(['no-injection'])
    expect(inject(1, { stdout: 'x \x1b[31m y\n' })).toEqual(['no-injection'])
    expect(inject(1, { stdout: 'x \u202e y\n' })).toEqual(['no-injection'])
    expect(inject(0, { stderr: 'note: module "a\r::error::x"\n' })).toEqual(['no-injection'])
    expect(inject(2, { stdout: `${annotation}::warning file=bad\n::error::x.yaml,line=1,endLine=1,title=t::m\n` })).toEqual(['no-injection'])
    expect(inject(2, { stdout: `${annotation}${annotation}${annotation}` })).toEqual(['no-injection'])
    // JSON escapes what it must; a raw bidi character in JSON is data, not display.
    expect(inject(0, { stdout: report([{ ...limit, message: 'P\u202e0 refers to itself' }]) })).toEqual([])
  })
})
