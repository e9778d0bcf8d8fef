/**
 * The built CLI in a fresh process, for tests of what a user sees: exit code, standard output and
 * error, wall time. A heap limit turns "uses too much memory" into a crash the test sees; the
 * timeout turns a hang into one (a guard, not a speed target: those are benchmarks).
 */
import { spawnSync } from 'node:child_process'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { expect } from 'vitest'
import type { JsonReport } from '../src/report/index.js'

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const bin = path.join(repoRoot, 'bin', 'iac-lint.js')

export interface Run {
  code: number | null
  signal: NodeJS.Signals | null
  stdout: string
  stderr: string
  ms: number
}

export interface CliOptions {
  cwd?: string
  heapMB?: number
  input?: Buffer | string
  timeoutMs?: number
  env?: Record<string, string | undefined>
}

export function cli(args: string[], options: CliOptions = {}): Run {
  const started = performance.now()
  const result = spawnSync(process.execPath, [...(options.heapMB ? [`--max-old-space-size=${options.heapMB}`] : []), bin, ...args], {
    cwd: options.cwd ?? repoRoot,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '', GITHUB_STEP_SUMMARY: '', ...options.env },
    timeout: options.timeoutMs ?? 60_000,
    maxBuffer: 256 * 1024 * 1024,
    input: options.input,
  })
  return { code: result.status, signal: result.signal, stdout: result.stdout, stderr: result.stderr, ms: performance.now() - started }
}

/** Exit 0 or 1 (findings or not), no signal, no crash report on stderr. */
export function expectCleanExit(run: Run): void {
  expect(run.signal, `killed by ${run.signal} (hang or out of memory); stderr: ${run.stderr}`).toBeNull()
  expect([0, 1], `exit ${run.code}; stderr: ${run.stderr}`).toContain(run.code)
  expect(run.stderr).not.toMatch(/internal error|RangeError|Maximum call stack|heap out of memory|^\s+at /im)
}

export function jsonReport(run: Run): JsonReport {
  expectCleanExit(run)
  return JSON.parse(run.stdout) as JsonReport
}
