/**
 * `npm run bench`: speed and memory of iac-lint against the real-world corpus beside the
 * repository (`../shared/corpus`), with cfn-lint on the same templates when it is on the PATH.
 * Every scan runs in a fresh process, as a user would run it, so start-up counts. Results go to
 * bench/RESULTS.md.
 */
import { spawnSync } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { filesUnder } from './files-under.js'

const root = (() => {
  let folder = path.dirname(fileURLToPath(import.meta.url))
  while (!existsSync(path.join(folder, 'package.json'))) folder = path.dirname(folder)
  return folder
})()
const corpus = path.resolve(root, '..', 'shared', 'corpus')
const bin = path.join(root, 'bin', 'iac-lint.js')
const probe = path.join(root, 'dist', 'scripts', 'bench-probe.js')

interface Run {
  wallMs: number
  peakRssMB: number
  exitCode: number | null
}

/** Runs a command under GNU time for its peak resident memory; wall time is measured here. */
function measure(command: string, args: string[], cwd = root): Run {
  const started = performance.now()
  const result = spawnSync('/usr/bin/time', ['-f', '%M', command, ...args], { cwd, encoding: 'utf8', maxBuffer: 1 << 30 })
  const wallMs = performance.now() - started
  const rssLine = result.stderr.trim().split('\n').pop() ?? '0'
  return { wallMs, peakRssMB: Number(rssLine) / 1024, exitCode: result.status }
}

function best(runs: number, once: () => Run): Run {
  let fastest: Run | undefined
  for (let i = 0; i < runs; i++) {
    const run = once()
    if (!fastest || run.wallMs < fastest.wallMs) fastest = run
  }
  return fastest!
}


function megabytes(files: string[]): number {
  return files.reduce((sum, file) => sum + statSync(file).size, 0) / 1e6
}

function iacLint(args: string[]): Run {
  return measure(process.execPath, [bin, 'scan', '-f', 'json', '-o', os.devNull, ...args])
}

function main(): void {
  if (!existsSync(corpus)) {
    console.error(`bench: ${path.relative(root, corpus)} is not present beside this repository; nothing to measure`)
    process.exitCode = 2
    return
  }
  const rows: string[] = []
  const cores = os.cpus().length
  const allFiles = filesUnder(corpus, /\.(ya?ml|json|template|tf)$/)
  const samFolder = path.join(corpus, 'serverless-patterns')
  const samTemplates = filesUnder(samFolder, /\.(ya?ml|json)$/).filter((file) => /AWSTemplateFormatVersion|Resources/.test(readFileSync(file, 'utf8')))

  const whole = best(3, () => iacLint([corpus]))
  rows.push(row('Whole corpus', allFiles.length, megabytes(allFiles), whole))

  const sam = best(3, () => iacLint(samTemplates))
  rows.push(row('serverless-patterns templates', samTemplates.length, megabytes(samTemplates), sam))

  let cfnLine = 'cfn-lint is not on the PATH; no comparison was made.'
  if (spawnSync('cfn-lint', ['--version']).status === 0) {
    const cfn = measure('cfn-lint', ['--format', 'json', '--', ...samTemplates])
    rows.push(row('cfn-lint, same templates', samTemplates.length, megabytes(samTemplates), cfn))
    cfnLine = `iac-lint is **${(cfn.wallMs / sam.wallMs).toFixed(1)}×** faster than cfn-lint ${cfnVersion()} on the same ${samTemplates.length} templates (target: 25×).`
  }

  const single = path.join(root, 'examples', 'cloudformation', 'orders-sam.yaml')
  const singleRun = best(5, () => iacLint([single]))
  rows.push(row('Single file (pre-commit case)', 1, megabytes([single]), singleRun))

  const scaling = syntheticTree(samTemplates)
  const parse = parseThroughput()

  const lines = [
    '# Benchmark results',
    '',
    `Written by \`npm run bench\` on ${new Date().toISOString().slice(0, 10)}: ${cores} cores, ${os.totalmem() / 2 ** 30 | 0} GiB, Node ${process.version}.`,
    'Each scan is a fresh `iac-lint scan -f json` process (best of several runs); peak RSS from GNU time.',
    '',
    '| Scan | Files | MB | Wall | Files/s | MB/s | Peak RSS |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows,
    '',
    cfnLine,
    '',
    '## Scaling (synthetic trees of replicated serverless-patterns templates)',
    '',
    '| Templates | Wall | Templates/s | Peak RSS |',
    '| ---: | ---: | ---: | ---: |',
    ...scaling,
    '',
    '## Parse throughput by format (in one process, after warm-up)',
    '',
    '| Format | Files | MB | Time | MB/s |',
    '| --- | ---: | ---: | ---: | ---: |',
    ...parse,
    '',
    'Targets: serverless-patterns at least 25× faster than cfn-lint; whole corpus under 2 s; a single file under 250 ms; 10,000 templates scaling linearly with peak RSS under 500 MB.',
    '',
  ]
  mkdirSync(path.join(root, 'bench'), { recursive: true })
  writeFileSync(path.join(root, 'bench', 'RESULTS.md'), lines.join('\n'))
  console.log(lines.join('\n'))
}

function row(name: string, files: number, mb: number, run: Run): string {
  const seconds = run.wallMs / 1000
  return `| ${name} | ${files} | ${mb.toFixed(1)} | ${run.wallMs.toFixed(0)} ms | ${(files / seconds).toFixed(0)} | ${(mb / seconds).toFixed(1)} | ${run.peakRssMB.toFixed(0)} MB |`
}

function cfnVersion(): string {
  return spawnSync('cfn-lint', ['--version'], { encoding: 'utf8' }).stdout.trim().replace(/^cfn-lint\s*/, '')
}

function syntheticTree(templates: string[]): string[] {
  const rows: string[] = []
  const scratch = mkdtempSync(path.join(os.tmpdir(), 'iac-lint-bench-'))
  try {
    for (const count of [2_500, 5_000, 10_000]) {
      const folder = path.join(scratch, String(count))
      for (let i = 0; i < count; i++) {
        const source = templates[i % templates.length]!
        const target = path.join(folder, String(Math.floor(i / 100)), `${i}-${path.basename(source)}`)
        mkdirSync(path.dirname(target), { recursive: true })
        cpSync(source, target)
      }
      const run = iacLint([folder])
      rows.push(`| ${count.toLocaleString('en-US')} | ${(run.wallMs / 1000).toFixed(2)} s | ${(count / (run.wallMs / 1000)).toFixed(0)} | ${run.peakRssMB.toFixed(0)} MB |`)
    }
  } finally {
    rmSync(scratch, { recursive: true, force: true })
  }
  return rows
}

/** Parser throughput per format, measured by a probe that parses corpus files in one process. */
function parseThroughput(): string[] {
  const result = spawnSync(process.execPath, [probe, corpus], { encoding: 'utf8', maxBuffer: 1 << 26 })
  if (result.status !== 0) return [`| (probe failed: ${result.stderr.trim().split('\n')[0]}) | | | | |`]
  return (JSON.parse(result.stdout) as Array<{ format: string; files: number; mb: number; ms: number }>).map(
    (entry) => `| ${entry.format} | ${entry.files} | ${entry.mb.toFixed(2)} | ${entry.ms.toFixed(0)} ms | ${(entry.mb / (entry.ms / 1000)).toFixed(1)} |`,
  )
}

main()
