/**
 * `npm run fuzz`: the long fuzz run, the same property as `test/fuzz.test.ts` for minutes instead
 * of seconds, a fresh random seed every round.
 *
 *   npm run fuzz                                 five minutes
 *   FUZZ_SECONDS=3600 npm run fuzz               an hour
 *   FUZZ_RUNS=100000 npm run fuzz                that many cases, however long it takes
 *   FUZZ_SEED=123 FUZZ_PATH=42:0:1 npm run fuzz  replay a failure, with the same seed files
 *   FUZZ_CASE='{"seed":...}' npm run fuzz        replay the case a failure printed
 *
 * A failure prints the seed, the path, the case, its bytes and the error, and leaves the mutant
 * on disk; the run goes on looking for other failures and exits 1 at the end. Seed and path
 * depend on the set of seed files (a fixture added shifts them); the printed case does not.
 * Every case is written to its own folder under the printed scratch folder and removed once it
 * passes, so if a run hangs, the folder left there holds the input that hangs it.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { Ajv } from 'ajv'
import addFormatsPlugin from 'ajv-formats'
import fc from 'fast-check'
import { applyCase, loadSeeds, mutantCase, runCase, type CaseOutcome, type MutantCase, type SarifValidator } from '../test/fuzz-support.js'

const root = (() => {
  let folder = path.dirname(fileURLToPath(import.meta.url))
  while (!existsSync(path.join(folder, 'package.json'))) folder = path.dirname(folder)
  return folder
})()

/** The official SARIF 2.1.0 schema, as `test/sarif-schema.ts` compiles it. */
function sarifValidator(): SarifValidator {
  const schemaFile = path.join(root, 'test', 'schemas', 'sarif-schema-2.1.0.json')
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false })
  addFormatsPlugin.default(ajv)
  const validate = ajv.compile(JSON.parse(readFileSync(schemaFile, 'utf8')) as object)
  return (log) => (validate(log) ? [] : (validate.errors ?? []).map((error) => `${error.instancePath || '/'} ${error.message ?? 'is invalid'}`))
}

function numberFromEnv(name: string): number | undefined {
  const value = process.env[name]
  if (value === undefined || value === '') return undefined
  const n = Number(value)
  if (!Number.isFinite(n) || n < 0) throw new Error(`${name} must be a non-negative number, not ${JSON.stringify(value)}`)
  return n
}

async function main(): Promise<void> {
  const seconds = numberFromEnv('FUZZ_SECONDS') ?? 300
  const maxRuns = numberFromEnv('FUZZ_RUNS')
  const replaySeed = numberFromEnv('FUZZ_SEED')
  const replayPath = process.env.FUZZ_PATH

  const seeds = loadSeeds(root)
  const seedsByName = new Map(seeds.map((seed) => [seed.name, seed]))
  const validateSarif = sarifValidator()
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'iac-lint-fuzz-'))
  const formats = [...new Set(seeds.map((seed) => seed.ext))].sort().join(' ')
  console.log(`${seeds.length} seed files (${formats}); cases are written under ${scratch}`)

  const stats = { cases: 0, templates: 0, parseErrors: 0, findings: 0, skipped: 0 }
  const count = (outcome: CaseOutcome): void => {
    stats.cases++
    stats.findings += outcome.findings.length
    if (outcome.templates > 0) stats.templates++
    else if (outcome.findings.some((finding) => finding.ruleId === 'parse-error')) stats.parseErrors++
    else stats.skipped++
  }
  let current: MutantCase | undefined
  const property = fc.asyncProperty(mutantCase(seeds), async (kase) => {
    current = kase
    const seed = seedsByName.get(kase.seed)!
    count(await runCase(applyCase(seed, kase), seed.ext, scratch, validateSarif))
  })

  const given = process.env.FUZZ_CASE
  if (given) {
    const kase = JSON.parse(given) as MutantCase
    const seed = seedsByName.get(kase.seed)
    if (!seed) throw new Error(`no seed file ${kase.seed}`)
    const outcome = await runCase(applyCase(seed, kase), seed.ext, scratch, validateSarif)
    console.log(`passes: ${outcome.findings.length} findings, ${outcome.notices} notices`)
    rmSync(scratch, { recursive: true, force: true })
    return
  }

  const started = performance.now()
  const replay = replaySeed !== undefined
  // Ends at the case count when one is given, else at the time limit; a replay runs once. A
  // failure ends its round, not the run: the next round looks for other failures, and one seen
  // before (same message, numbers and paths aside) is only counted.
  const timeLeft = (): number => (maxRuns === undefined ? started + seconds * 1000 - performance.now() : Infinity)
  const more = (): boolean => stats.cases < (maxRuns ?? Infinity) && timeLeft() > 0
  const failures = new Map<string, number>()
  do {
    const details = await fc.check(property, {
      seed: replay ? replaySeed : (Math.random() * 2 ** 31) | 0,
      path: replay ? replayPath : undefined,
      numRuns: replay ? (maxRuns ?? 1) : Math.min(1000, (maxRuns ?? Infinity) - stats.cases),
      interruptAfterTimeLimit: replay || maxRuns !== undefined ? undefined : Math.max(1, timeLeft()),
    })
    // The time limit can stop a round before its first case, which fast-check counts as a failure.
    if (details.interrupted) break
    if (!details.failed) continue
    const message = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance)
    const signature = message.replaceAll(scratch, '').split('\n').slice(0, 2).join(' ').replace(/\d+/g, '#')
    failures.set(signature, (failures.get(signature) ?? 0) + 1)
    if (failures.get(signature)! > 1) {
      console.log(`\nfailed again as before (seed ${details.seed}): ${signature}`)
      continue
    }
    const kase = details.counterexample?.[0] ?? current
    const seed = kase && seedsByName.get(kase.seed)
    console.log(`\nFAILED after ${stats.cases} cases (seed ${details.seed}, path ${details.counterexamplePath})`)
    console.log(`replay: FUZZ_SEED=${details.seed} FUZZ_PATH=${details.counterexamplePath} npm run fuzz`)
    if (kase && seed) {
      console.log(`case: ${JSON.stringify(kase)}`)
      console.log(`bytes (base64): ${applyCase(seed, kase).toString('base64')}`)
    }
    console.log(message)
  } while (!replay && more())

  const elapsed = (performance.now() - started) / 1000
  console.log(
    `\n${stats.cases} cases in ${elapsed.toFixed(1)} s (${Math.round(stats.cases / elapsed)}/s): ` +
      `${stats.templates} analysed, ${stats.parseErrors} parse errors, ${stats.skipped} skipped; ${stats.findings} findings checked`,
  )
  if (failures.size === 0) {
    console.log('no failure')
    rmSync(scratch, { recursive: true, force: true })
    return
  }
  console.log(`${failures.size} distinct failure(s); the failing mutants are in the case folders left under ${scratch}`)
  process.exitCode = 1
}

await main()
