/**
 * `npm run fuzz:structural`: the long structural fuzz run, the properties of
 * `test/structural-fuzz.test.ts` for minutes instead of a bounded batch, a fresh random seed every
 * round.
 *
 *   npm run fuzz:structural                                  five minutes
 *   FUZZ_SECONDS=3600 npm run fuzz:structural                an hour
 *   FUZZ_RUNS=2000 npm run fuzz:structural                   that many cases, however long it takes
 *   FUZZ_FAMILY=terraform npm run fuzz:structural            one framework only (cloudformation, terraform)
 *   FUZZ_SHRINK_SECONDS=120 npm run fuzz:structural          shrink each new failure longer (default 60 s)
 *   FUZZ_SEED=123 FUZZ_PATH=4:0 npm run fuzz:structural      replay a round
 *   FUZZ_CASE='{"family":...}' npm run fuzz:structural       scan the case a failure printed and show its verdict
 *
 * A failure is a property that a case breaks. The first case to break a property for a shape
 * (CloudFormation parameter cycle, Terraform module graph, ...) is shrunk and printed with the
 * folder it was scanned in (left on disk); later cases that break the same property for the same
 * shape are only counted, so a long run lists distinct failures instead of one failure many times.
 * The run exits 1 if anything failed, and ends with how many cases it ran in how long.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import fc from 'fast-check'
import {
  cfnCase,
  describeCase,
  GOOD_FILES,
  goodBaseline,
  judgeCase,
  layoutOf,
  PROPERTIES,
  PROPERTY_IDS,
  runCase,
  snapshotCli,
  tfCase,
  type GoodFile,
  type GoodFindings,
  type PropertyId,
  type StructuralCase,
  type Verdict,
} from '../test/structural-fuzz-support.js'

function numberFromEnv(name: string): number | undefined {
  const value = process.env[name]
  if (value === undefined || value === '') return undefined
  const n = Number(value)
  if (!Number.isFinite(n) || n < 0) throw new Error(`${name} must be a non-negative number, not ${JSON.stringify(value)}`)
  return n
}

function arbitraryFor(family: string | undefined): fc.Arbitrary<StructuralCase> {
  if (family === undefined || family === '') return fc.oneof(cfnCase as fc.Arbitrary<StructuralCase>, tfCase as fc.Arbitrary<StructuralCase>)
  if (family === 'cloudformation') return cfnCase
  if (family === 'terraform') return tfCase
  throw new Error(`FUZZ_FAMILY must be cloudformation or terraform, not ${JSON.stringify(family)}`)
}

const signatureOf = (property: PropertyId, kase: StructuralCase): string => `${property} on ${kase.family} ${kase.shape.kind}`

async function main(): Promise<void> {
  const seconds = numberFromEnv('FUZZ_SECONDS') ?? 300
  const maxRuns = numberFromEnv('FUZZ_RUNS')
  const shrinkMs = (numberFromEnv('FUZZ_SHRINK_SECONDS') ?? 60) * 1000
  const replaySeed = numberFromEnv('FUZZ_SEED')
  const replayPath = process.env.FUZZ_PATH
  const arbitrary = arbitraryFor(process.env.FUZZ_FAMILY)

  const scratch = mkdtempSync(path.join(os.tmpdir(), 'iac-lint-structural-'))
  const cli = snapshotCli(scratch)
  const baselines = new Map<GoodFile, GoodFindings>(GOOD_FILES.map((good) => [good, goodBaseline(good, scratch, cli)]))
  console.log(`structural fuzzing with the built CLI; cases are written under ${scratch}`)

  const verdicts = new Map<string, Verdict>()
  const keptFolders = new Map<string, string>()
  const stats = { cases: 0, scanMs: 0, byShape: new Map<string, number>(), failingCases: new Map<PropertyId, number>() }
  const judge = (kase: StructuralCase, counted: boolean): Verdict => {
    const key = describeCase(kase)
    const cached = verdicts.get(key)
    if (cached) return cached
    const layout = layoutOf(kase)
    const outcome = runCase(layout, scratch, cli)
    const verdict = judgeCase(layout, outcome, baselines.get(kase.good)!)
    const failed = PROPERTY_IDS.filter((id) => verdict.problems[id].length > 0)
    if (failed.length > 0) keptFolders.set(key, outcome.dir)
    else rmSync(outcome.dir, { recursive: true, force: true })
    if (counted) {
      stats.cases++
      stats.scanMs += verdict.ms
      const shape = `${kase.family} ${kase.shape.kind}`
      stats.byShape.set(shape, (stats.byShape.get(shape) ?? 0) + 1)
      for (const id of failed) stats.failingCases.set(id, (stats.failingCases.get(id) ?? 0) + 1)
    }
    if (verdicts.size > 5000) verdicts.clear()
    verdicts.set(key, verdict)
    return verdict
  }

  const given = process.env.FUZZ_CASE
  if (given) {
    const kase = JSON.parse(given) as StructuralCase
    const verdict = judge(kase, true)
    for (const id of PROPERTY_IDS) {
      const problems = verdict.problems[id]
      console.log(`${problems.length === 0 ? 'ok  ' : 'FAIL'} ${id}${problems.map((problem) => `\n       ${problem}`).join('')}`)
    }
    const folder = keptFolders.get(describeCase(kase))
    if (folder) console.log(`the case is in ${folder}`)
    else rmSync(scratch, { recursive: true, force: true })
    process.exitCode = PROPERTY_IDS.some((id) => verdict.problems[id].length > 0) ? 1 : 0
    return
  }

  /** Failures already shrunk and printed, by property and shape; later ones are only counted. */
  const known = new Map<string, number>()
  let target: PropertyId | undefined
  let failedAt: number | undefined
  const property = fc.property(arbitrary, (kase) => {
    const shrinking = target !== undefined
    if (shrinking && performance.now() - failedAt! > shrinkMs && !verdicts.has(describeCase(kase))) return true
    const verdict = judge(kase, !shrinking)
    const failing = PROPERTY_IDS.filter((id) => verdict.problems[id].length > 0)
    if (shrinking) {
      if (verdict.problems[target!].length === 0) return true
      throw new Error(`${target} fails for\n${describeCase(kase)}\n  ${verdict.problems[target!].join('\n  ')}`)
    }
    for (const id of failing) {
      const signature = signatureOf(id, kase)
      if (known.has(signature)) {
        known.set(signature, known.get(signature)! + 1)
        continue
      }
      target = id
      failedAt = performance.now()
      throw new Error(`${id} fails for\n${describeCase(kase)}\n  ${verdict.problems[id].join('\n  ')}`)
    }
    return true
  })

  const started = performance.now()
  const replay = replaySeed !== undefined
  const timeLeft = (): number => (maxRuns === undefined ? started + seconds * 1000 - performance.now() : Infinity)
  const more = (): boolean => stats.cases < (maxRuns ?? Infinity) && timeLeft() > 0
  do {
    target = undefined
    failedAt = undefined
    const details = fc.check(property, {
      seed: replay ? replaySeed : (Math.random() * 2 ** 31) | 0,
      path: replay ? replayPath : undefined,
      numRuns: replay ? (maxRuns ?? 100) : Math.min(200, (maxRuns ?? Infinity) - stats.cases),
      interruptAfterTimeLimit: replay || maxRuns !== undefined ? undefined : Math.max(1, timeLeft() + shrinkMs),
    })
    if (details.interrupted && !details.failed) break
    if (!details.failed) continue
    const kase = details.counterexample?.[0]
    const found = target!
    const signature = kase ? signatureOf(found, kase) : `${found}`
    known.set(signature, (known.get(signature) ?? 0) + 1)
    console.log(`\nFAILED ${signature} after ${stats.cases} cases (seed ${details.seed}, path ${details.counterexamplePath}, shrunk ${details.numShrinks} times)`)
    console.log(`property: ${PROPERTIES[found]}`)
    if (kase) {
      console.log(`replay: FUZZ_CASE='${describeCase(kase)}' npm run fuzz:structural`)
      const folder = keptFolders.get(describeCase(kase))
      if (folder) console.log(`scanned in: ${folder}`)
    }
    const message = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance)
    console.log(message.split('\n').slice(2).join('\n'))
  } while (!replay && more())

  const elapsed = (performance.now() - started) / 1000
  console.log(`\n${stats.cases} cases in ${elapsed.toFixed(1)} s (${(stats.scanMs / 1000).toFixed(1)} s in the CLI, 3 scans a case)`)
  console.log([...stats.byShape].sort().map(([shape, n]) => `  ${n} ${shape}`).join('\n'))
  for (const id of PROPERTY_IDS) console.log(`${(stats.failingCases.get(id) ?? 0).toString().padStart(6)} cases fail ${id}`)
  if (known.size === 0) {
    console.log('no failure')
    rmSync(scratch, { recursive: true, force: true })
    return
  }
  console.log(`${known.size} distinct failure(s):`)
  for (const [signature, n] of known) console.log(`  ${signature} (${n} case${n === 1 ? '' : 's'})`)
  console.log(`failing cases are kept under ${scratch}`)
  process.exitCode = 1
}

await main()
