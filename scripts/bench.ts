/**
 * `npm run bench [-- --baseline <git-rev>] [-- --quick]`: the speed and memory targets of issue 15,
 * each a ratio of two things measured in the same run (absolute times on a shared 2-core machine are
 * noise): iac-lint against cfn-lint on the same templates, and iac-lint's start-up against
 * `node -e 0` started in the same environment. Every scan is a fresh process, as a user runs it,
 * and every run's exit code is checked: a figure that timed an error would mean nothing. With
 * `--baseline`, the same figures are measured for that revision, built in a temporary git
 * worktree, beside the working tree. Results go to bench/RESULTS.md (see `USAGE`).
 */
import { spawnSync, type SpawnSyncReturns } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { filesUnder } from './files-under.js'
import {
  BenchError,
  cfnLintLinted,
  checkExit,
  figuresTable,
  formatMs,
  iacLintScanned,
  median,
  parseBenchArgs,
  parseTimeOutput,
  spread,
  table,
  UsageError,
  USAGE,
  type BenchOptions,
  type Cell,
  type Figure,
} from './bench-support.js'

const root = (() => {
  let folder = path.dirname(fileURLToPath(import.meta.url))
  while (!existsSync(path.join(folder, 'package.json'))) folder = path.dirname(folder)
  return folder
})()
const corpus = path.resolve(root, '..', 'shared', 'corpus')
const probe = path.join(root, 'dist', 'scripts', 'bench-probe.js')
const yamlTemplate = 'examples/cloudformation/orders-sam.yaml'
const moduleFolder = 'examples/terraform'
const GNU_TIME = '/usr/bin/time'
/**
 * Templates cfn-lint 1.51 crashes on (a Python traceback, exit 1), which ends its whole run halfway:
 * left out of the selection for both tools, so that cfn-lint's time is of work it did. Paths
 * relative to the corpus.
 */
const CFN_LINT_CRASHES = new Map([['serverless-patterns/eventbridge-schedule-stepfunctions-sam/template.yaml', 'an empty `Parameters:` section']])
/** One run may take this long before it counts as hung. */
const RUN_TIMEOUT_MS = 15 * 60_000

/** A revision whose CLI is measured: the working tree, or the baseline's worktree. */
interface Revision {
  label: string
  bin: string
}

interface Run {
  wallMs: number
  /** Undefined when GNU time is not there to measure it. */
  peakRssMB: number | undefined
}

/** Runs measured together: the median wall time and the highest peak RSS. */
interface Series {
  runs: Run[]
  medianMs: number
  peakRssMB: number | undefined
}

interface Repetitions {
  startup: number
  scan: number
  preCommit: number
}

const cleanups: Array<() => void> = []
let scratch = ''

function cleanUp(): void {
  while (cleanups.length) {
    try {
      cleanups.pop()!()
    } catch (error) {
      console.error(`bench: clean-up: ${error instanceof Error ? error.message : String(error)}`)
    }
  }
}

const hasGnuTime = existsSync(GNU_TIME) && spawnSync(GNU_TIME, ['-f', '%M', 'true'], { stdio: 'ignore' }).status === 0

/**
 * Runs a command with standard output discarded, under GNU time for its peak resident memory; wall
 * time is measured here, around the same wrapper for every command (node -e 0 included), so the
 * wrapper's cost cancels in a ratio.
 */
function measure(what: string, command: string, args: string[], accepted: (status: number) => boolean): Run {
  const rssFile = path.join(scratch, 'rss')
  const [file, argv] = hasGnuTime ? [GNU_TIME, ['-f', '%M', '-o', rssFile, command, ...args]] : [command, args]
  const started = performance.now()
  const result: SpawnSyncReturns<string> = spawnSync(file, argv, {
    cwd: root,
    encoding: 'utf8',
    stdio: ['ignore', 'ignore', 'pipe'],
    maxBuffer: 1 << 26,
    timeout: RUN_TIMEOUT_MS,
  })
  const wallMs = performance.now() - started
  let peakRssMB: number | undefined
  if (hasGnuTime && !result.error && !result.signal) {
    const time = parseTimeOutput(readFileSync(rssFile, 'utf8'))
    if (time.signal !== undefined) throw new BenchError(`${what} was killed by signal ${time.signal}${result.stderr ? `: ${result.stderr.trim().split('\n')[0]}` : ''}`)
    peakRssMB = time.peakRssKB / 1024
  }
  checkExit(what, { status: result.status, signal: result.signal, error: result.error, stderr: result.stderr }, accepted)
  return { wallMs, peakRssMB }
}

/** One `iac-lint scan -f json` process; the report goes to a file so that it is written, and is checked to be JSON. */
function iacLint(revision: Revision, what: string, inputs: string[]): Run {
  const report = path.join(scratch, 'report.json')
  rmSync(report, { force: true })
  const run = measure(`iac-lint (${revision.label}) on ${what}`, process.execPath, [revision.bin, 'scan', '-f', 'json', '-o', report, ...inputs], iacLintScanned)
  try {
    JSON.parse(readFileSync(report, 'utf8'))
  } catch (error) {
    throw new BenchError(`iac-lint (${revision.label}) on ${what} wrote no JSON report: ${error instanceof Error ? error.message : String(error)}`)
  }
  return run
}

function cfnLint(what: string, templates: string[]): Run {
  return measure(`cfn-lint on ${what}`, 'cfn-lint', ['--format', 'json', '--', ...templates], cfnLintLinted)
}

function series(runs: Run[]): Series {
  const rss = runs.map((run) => run.peakRssMB).filter((mb): mb is number => mb !== undefined)
  return { runs, medianMs: median(runs.map((run) => run.wallMs)), peakRssMB: rss.length ? Math.max(...rss) : undefined }
}

/**
 * Runs every task `repetitions` times, alternating between them (task 1, task 2, ..., task 1, ...)
 * after one untimed warm-up round, so that a slow spell of the machine falls on all of them alike.
 */
function interleaved(repetitions: number, tasks: Array<() => Run>): Series[] {
  for (const task of tasks) task()
  const runs: Run[][] = tasks.map(() => [])
  for (let i = 0; i < repetitions; i++) tasks.forEach((task, index) => runs[index]!.push(task()))
  return runs.map(series)
}

function git(args: string[], cwd = root): string {
  const result = spawnSync('git', args, { cwd, encoding: 'utf8' })
  if (result.status !== 0) throw new BenchError(`git ${args.join(' ')} failed: ${(result.stderr || result.error?.message || '').trim()}`)
  return result.stdout.trim()
}

function currentRevision(): Revision {
  const sha = git(['rev-parse', '--short', 'HEAD'])
  const changed = git(['status', '--porcelain', '--untracked-files=no', '--', '.', ':(exclude)bench']) !== ''
  return { label: `current ${sha}${changed ? ' + changes' : ''}`, bin: path.join(root, 'bin', 'iac-lint.js') }
}

/** Checks the baseline out into a temporary worktree with its dependencies and bundle, removed at the end. */
function baselineRevision(rev: string): Revision {
  const resolved = spawnSync('git', ['rev-parse', '--verify', '--quiet', `${rev}^{commit}`], { cwd: root, encoding: 'utf8' })
  if (resolved.status !== 0) throw new BenchError(`--baseline ${rev}: no such commit in this repository`)
  const sha = resolved.stdout.trim()
  const short = git(['rev-parse', '--short', sha])
  const folder = path.join(scratch, 'baseline')
  console.error(`bench: checking out baseline ${short} into a temporary worktree`)
  git(['worktree', 'add', '--detach', folder, sha])
  cleanups.push(() => {
    git(['worktree', 'remove', '--force', folder])
  })
  const modules = path.join(folder, 'node_modules')
  if (readFileSync(path.join(root, 'package-lock.json'), 'utf8') === readFileSync(path.join(folder, 'package-lock.json'), 'utf8')) {
    symlinkSync(path.join(root, 'node_modules'), modules, 'dir')
    // Unlinked before the worktree goes, so nothing removing the worktree can reach into our node_modules.
    cleanups.push(() => unlinkSync(modules))
  } else {
    console.error(`bench: the baseline's package-lock.json differs; npm ci in its worktree`)
    const quiet = ['--no-audit', '--no-fund', '--loglevel=error']
    const offline = spawnSync('npm', ['ci', '--offline', ...quiet], { cwd: folder, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' })
    if (offline.status !== 0) {
      const online = spawnSync('npm', ['ci', ...quiet], { cwd: folder, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' })
      checkExit(`npm ci in the baseline's worktree`, online, (status) => status === 0)
    }
  }
  if (!existsSync(path.join(folder, 'bundle', 'cli.js'))) {
    console.error(`bench: the baseline has no bundle; npm run bundle in its worktree`)
    const built = spawnSync('npm', ['run', 'bundle'], { cwd: folder, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf8' })
    checkExit(`npm run bundle in the baseline's worktree`, built, (status) => status === 0)
  }
  return { label: `baseline ${short}`, bin: path.join(folder, 'bin', 'iac-lint.js') }
}

function megabytes(files: string[]): number {
  return files.reduce((sum, file) => sum + statSync(path.resolve(root, file)).size, 0) / 1e6
}

/** Copies of the serverless-patterns templates, 100 to a folder, for the scaling figure. */
function syntheticTree(templates: string[], count: number): string {
  const folder = path.join(scratch, 'scale', String(count))
  for (let i = 0; i < count; i++) {
    const source = path.resolve(root, templates[i % templates.length]!)
    const target = path.join(folder, String(Math.floor(i / 100)), `${i}-${path.basename(source)}`)
    mkdirSync(path.dirname(target), { recursive: true })
    cpSync(source, target)
  }
  return folder
}

interface ParseRow {
  format: string
  files: number
  mb: number
  ms: number
}

/** Parser throughput per format, measured by a probe that parses corpus files in one process (the working tree's parsers). */
function parseThroughput(): ParseRow[] {
  const result = spawnSync(process.execPath, [probe, corpus], { encoding: 'utf8', maxBuffer: 1 << 26 })
  checkExit('the parse probe (dist/scripts/bench-probe.js)', result, (status) => status === 0)
  return JSON.parse(result.stdout) as ParseRow[]
}

function cfnLintVersion(): string | undefined {
  const result = spawnSync('cfn-lint', ['--version'], { encoding: 'utf8' })
  return result.status === 0 ? result.stdout.trim().replace(/^cfn-lint\s*/, '') : undefined
}

function describeMachine(): string {
  const cpus = os.cpus()
  const load = os.loadavg().map((value) => value.toFixed(2)).join(', ')
  return `${cpus.length} cores (${cpus[0]?.model.trim() ?? 'unknown CPU'}), ${Math.round(os.totalmem() / 2 ** 30)} GiB, ${os.type()} ${os.release()}, Node ${process.version}; load average ${load}`
}

const rounds = (count: number): string => `${count} round${count === 1 ? '' : 's'}`

/** The arguments after `npm run bench` that gave these results, output file left out. */
function invocation(options: BenchOptions): string {
  const args = [...(options.baseline ? ['--baseline', options.baseline] : []), ...(options.quick ? ['--quick'] : [])]
  return args.length ? ` -- ${args.join(' ')}` : ''
}

function relative(file: string): string {
  return path.relative(root, file).split(path.sep).join('/')
}

function ratioCell(numerator: Series | undefined, denominator: Series, missing: string): Cell {
  return numerator ? { measured: numerator.medianMs / denominator.medianMs } : { missing }
}

function rssCell(run: Series | undefined, missing: string): Cell {
  if (!run) return { missing }
  return run.peakRssMB === undefined ? { missing: 'no GNU time' } : { measured: run.peakRssMB }
}

function timeAndRss(run: Series): string {
  const rss = run.peakRssMB === undefined ? '' : `, ${Math.round(run.peakRssMB)} MB`
  return `${formatMs(run.medianMs)}${rss}`
}

function bench(options: BenchOptions): void {
  if (!existsSync(corpus)) {
    throw new BenchError(`${relative(corpus)} is not present beside this repository; nothing to measure`)
  }
  scratch = mkdtempSync(path.join(os.tmpdir(), 'iac-lint-bench-'))
  cleanups.push(() => rmSync(scratch, { recursive: true, force: true }))
  const machineBefore = describeMachine()
  const revisions = [...(options.baseline ? [baselineRevision(options.baseline)] : []), currentRevision()]
  const reps: Repetitions = options.quick ? { startup: 6, scan: 1, preCommit: 1 } : { startup: 30, scan: 5, preCommit: 3 }
  const cfnVersion = options.quick ? undefined : cfnLintVersion()
  const cfnMissing = options.quick ? 'skipped (--quick)' : cfnVersion ? '' : 'no cfn-lint'

  const corpusFiles = filesUnder(corpus, /\.(ya?ml|json|template|tf)$/)
  const selected = filesUnder(path.join(corpus, 'serverless-patterns'), /\.(ya?ml|json)$/).filter((file) =>
    /AWSTemplateFormatVersion|Resources/.test(readFileSync(file, 'utf8')),
  )
  const samTemplates = selected.filter((file) => !CFN_LINT_CRASHES.has(path.relative(corpus, file).split(path.sep).join('/'))).map(relative)
  const leftOut = [...CFN_LINT_CRASHES].map(([file, why]) => `\`${file}\` (${why})`).join(', ')
  const preCommitTemplates = spread(samTemplates, 20)
  const corpusArg = relative(corpus)

  console.error(`bench: start-up, ${rounds(reps.startup)}, interleaved`)
  const [node0, ...startup] = interleaved(reps.startup, [
    () => measure('node -e 0', process.execPath, ['-e', '0'], (status) => status === 0),
    ...revisions.map((revision) => () => iacLint(revision, yamlTemplate, [yamlTemplate])),
    ...revisions.map((revision) => () => iacLint(revision, moduleFolder, [moduleFolder])),
  ])
  const yamlRuns = startup.slice(0, revisions.length)
  const moduleRuns = startup.slice(revisions.length)

  console.error(`bench: ${samTemplates.length} serverless-patterns templates and the whole corpus, ${rounds(reps.scan)}`)
  const samRuns = interleaved(reps.scan, revisions.map((revision) => () => iacLint(revision, `${samTemplates.length} templates`, samTemplates)))
  const corpusRuns = interleaved(reps.scan, revisions.map((revision) => () => iacLint(revision, corpusArg, [corpusArg])))

  console.error(`bench: pre-commit pattern, ${preCommitTemplates.length} processes of one template, ${rounds(reps.preCommit)}`)
  const preCommitRuns = interleaved(
    reps.preCommit,
    revisions.map((revision) => () => {
      const runs = preCommitTemplates.map((template) => iacLint(revision, template, [template]))
      const rss = runs.map((run) => run.peakRssMB ?? 0)
      return { wallMs: runs.reduce((sum, run) => sum + run.wallMs, 0), peakRssMB: hasGnuTime ? Math.max(...rss) : undefined }
    }),
  )

  let cfnSam: Series | undefined
  let cfnPreCommit: Series | undefined
  if (cfnVersion) {
    console.error(`bench: cfn-lint ${cfnVersion} on the ${samTemplates.length} templates, once`)
    cfnSam = series([cfnLint(`${samTemplates.length} templates`, samTemplates)])
    console.error(`bench: cfn-lint on ${preCommitTemplates.length} templates, one process each, once`)
    const runs = preCommitTemplates.map((template) => cfnLint(template, [template]))
    cfnPreCommit = series([{ wallMs: runs.reduce((sum, run) => sum + run.wallMs, 0), peakRssMB: hasGnuTime ? Math.max(...runs.map((run) => run.peakRssMB ?? 0)) : undefined }])
  }

  const scaleCounts = [2_500, 5_000, 10_000]
  const scaleRuns: Series[][] = []
  if (!options.quick) {
    for (const count of scaleCounts) {
      console.error(`bench: ${count.toLocaleString('en-US')} synthetic templates, once per revision`)
      const folder = syntheticTree(samTemplates, count)
      scaleRuns.push(revisions.map((revision) => series([iacLint(revision, `${count} templates`, [folder])])))
      rmSync(folder, { recursive: true, force: true })
    }
  }

  console.error('bench: parse throughput by format')
  const parse = parseThroughput()

  const scaleCell = (index: number, cell: (smallest: Series, largest: Series) => Cell): Cell =>
    scaleRuns.length ? cell(scaleRuns[0]![index]!, scaleRuns.at(-1)![index]!) : { missing: 'skipped (--quick)' }
  const figures: Figure[] = [
    {
      name: `cfn-lint ÷ iac-lint, ${samTemplates.length} serverless-patterns templates, one process each`,
      target: { kind: 'at-least', value: 50, unit: '×' },
      cells: samRuns.map((run) => ratioCell(cfnSam, run, cfnMissing)),
    },
    {
      name: `cfn-lint on the ${samTemplates.length} ÷ iac-lint on the whole corpus (${corpusFiles.length.toLocaleString('en-US')} files)`,
      target: { kind: 'at-least', value: 20, unit: '×' },
      cells: corpusRuns.map((run) => ratioCell(cfnSam, run, cfnMissing)),
    },
    {
      name: 'Peak RSS, whole corpus',
      target: { kind: 'under', value: 200, unit: 'MB' },
      cells: corpusRuns.map((run) => rssCell(run, '')),
    },
    {
      name: 'One YAML template, fresh process ÷ `node -e 0`',
      target: { kind: 'at-most', value: 1.8, unit: '×' },
      cells: yamlRuns.map((run) => ({ measured: run.medianMs / node0!.medianMs })),
    },
    {
      name: 'One `.tf` module folder, fresh process ÷ `node -e 0`',
      target: { kind: 'at-most', value: 2.5, unit: '×' },
      cells: moduleRuns.map((run) => ({ measured: run.medianMs / node0!.medianMs })),
    },
    {
      name: `Pre-commit: cfn-lint ÷ iac-lint, ${preCommitTemplates.length} templates, one process each`,
      target: { kind: 'at-least', value: 25, unit: '×' },
      cells: preCommitRuns.map((run) => ratioCell(cfnPreCommit, run, cfnMissing)),
    },
    {
      name: '10,000 templates ÷ 2,500 templates, time (linear: 4×)',
      target: { kind: 'at-most', value: 4.6, unit: '×' },
      cells: revisions.map((_, index) => scaleCell(index, (smallest, largest) => ({ measured: largest.medianMs / smallest.medianMs }))),
    },
    {
      name: 'Peak RSS, 10,000 templates',
      target: { kind: 'under', value: 250, unit: 'MB' },
      cells: revisions.map((_, index) => scaleCell(index, (_smallest, largest) => rssCell(largest, ''))),
    },
  ]

  const columns = revisions.map((revision) => revision.label)
  const moduleFiles = filesUnder(path.join(root, moduleFolder), /\.(tf|tfvars)$/)
  const size = (files: string[]): [string, string] => {
    const mb = megabytes(files)
    return [files.length.toLocaleString('en-US'), mb.toFixed(mb < 0.1 ? 3 : 1)]
  }
  const runsNote = (count: number): string => (count === 1 ? 'once' : `median of ${count}`)
  const measurements = table(
    ['Measurement', 'Files', 'MB', 'Runs', ...columns],
    ['left', 'right', 'right', 'left', ...columns.map(() => 'right' as const)],
    [
      [`iac-lint, \`${yamlTemplate}\``, ...size([yamlTemplate]), runsNote(reps.startup), ...yamlRuns.map(timeAndRss)],
      [`iac-lint, \`${moduleFolder}\` (a root module and its module)`, ...size(moduleFiles), runsNote(reps.startup), ...moduleRuns.map(timeAndRss)],
      ['iac-lint, serverless-patterns templates, one process', ...size(samTemplates), runsNote(reps.scan), ...samRuns.map(timeAndRss)],
      [`iac-lint, whole corpus \`${corpusArg}\``, ...size(corpusFiles), runsNote(reps.scan), ...corpusRuns.map(timeAndRss)],
      ['iac-lint, pre-commit: one process per template, total', ...size(preCommitTemplates), runsNote(reps.preCommit), ...preCommitRuns.map(timeAndRss)],
    ],
  )
  const reference = table(
    ['Reference', 'Files', 'MB', 'Runs', 'Wall, peak RSS'],
    ['left', 'right', 'right', 'left', 'right'],
    [
      ['`node -e 0`, interleaved with the start-up runs', '0', '0', runsNote(reps.startup), timeAndRss(node0!)],
      [`cfn-lint${cfnVersion ? ` ${cfnVersion}` : ''}, serverless-patterns templates, one process`, ...size(samTemplates), 'once', cfnSam ? timeAndRss(cfnSam) : cfnMissing],
      [`cfn-lint${cfnVersion ? ` ${cfnVersion}` : ''}, pre-commit: one process per template, total`, ...size(preCommitTemplates), 'once', cfnPreCommit ? timeAndRss(cfnPreCommit) : cfnMissing],
    ],
  )
  const scaling = scaleRuns.length
    ? table(
        ['Templates', ...columns.flatMap((column) => [`${column}: wall`, 'templates/s', 'peak RSS'])],
        ['right', ...columns.flatMap(() => ['right', 'right', 'right'] as const)],
        scaleCounts.map((count, index) => [
          count.toLocaleString('en-US'),
          ...scaleRuns[index]!.flatMap((run) => [formatMs(run.medianMs), (count / (run.medianMs / 1000)).toFixed(0), run.peakRssMB === undefined ? '—' : `${Math.round(run.peakRssMB)} MB`]),
        ]),
      )
    : ['Skipped (--quick).']
  const parseTable = table(
    ['Format', 'Files', 'MB', 'Time', 'MB/s'],
    ['left', 'right', 'right', 'right', 'right'],
    parse.map((entry) => [entry.format, String(entry.files), entry.mb.toFixed(2), formatMs(entry.ms), (entry.mb / (entry.ms / 1000)).toFixed(1)]),
  )

  const lines = [
    '# Benchmark results',
    '',
    `Written by \`npm run bench${invocation(options)}\` on ${new Date().toISOString().slice(0, 10)}.`,
    `Machine: ${machineBefore} at the start, ${os.loadavg().map((value) => value.toFixed(2)).join(', ')} at the end.`,
    `NODE_EXTRA_CA_CERTS is ${process.env.NODE_EXTRA_CA_CERTS ? 'set' : 'not set'} (every Node start, \`node -e 0\` included, pays for it).`,
    `Peak RSS: ${hasGnuTime ? 'GNU time (`%M`)' : `not measured (no GNU time at ${GNU_TIME})`}. Corpus: \`${corpusArg}\`.`,
    '',
    'Every target is a ratio of two things measured in this run, or a peak RSS. Each scan is a fresh',
    '`iac-lint scan -f json -o <file>` process; runs of different commands alternate, after one untimed',
    'warm-up round, and the median wall time is used; cfn-lint runs once per figure. A run whose exit code',
    'is not a normal scan outcome (0 or 1 for iac-lint; 0, 2, 4, ..., 14 for cfn-lint) aborts the bench.',
    `The serverless-patterns selection is the ${selected.length} files there that look like templates, less the`,
    `${selected.length - samTemplates.length} cfn-lint crashes on, which would end its run halfway: ${leftOut}.`,
    `The pre-commit figure takes ${preCommitTemplates.length} of them, spread evenly.`,
    '',
    '## Targets',
    '',
    ...figuresTable(columns, figures),
    '',
    '## Measurements',
    '',
    ...measurements,
    '',
    ...reference,
    '',
    '## Scaling (synthetic trees of replicated serverless-patterns templates, one run each)',
    '',
    ...scaling,
    '',
    `## Parse throughput by format (${revisions.at(-1)!.label}, in one process, after warm-up)`,
    '',
    ...parseTable,
    '',
  ]
  const text = lines.join('\n')
  if (options.output) {
    const target = path.resolve(root, options.output)
    mkdirSync(path.dirname(target), { recursive: true })
    writeFileSync(target, text)
    console.error(`bench: wrote ${relative(target)}`)
  }
  console.log(text)
}

function main(): void {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      cleanUp()
      process.exit(130)
    })
  }
  try {
    bench(parseBenchArgs(process.argv.slice(2)))
  } catch (error) {
    if (!(error instanceof BenchError)) throw error
    console.error(error instanceof UsageError ? `bench: ${error.message}\n${USAGE}` : `bench: ${error.message}; aborted`)
    process.exitCode = 2
  } finally {
    cleanUp()
  }
}

main()
