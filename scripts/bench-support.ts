/**
 * The pure parts of `npm run bench` (scripts/bench.ts): arguments, exit-code checks, GNU time's
 * output, medians, ratios against targets and the Markdown tables. Nothing here spawns or times.
 */

export interface BenchOptions {
  quick: boolean
  /** A git revision to measure beside the working tree. */
  baseline?: string
  /** Where the Markdown goes; undefined: standard output only. */
  output?: string
}

export class BenchError extends Error {}

/** A bench started with arguments it does not take: the usage follows the message. */
export class UsageError extends BenchError {}

export const USAGE = `Usage: npm run bench -- [--quick] [--baseline <git-rev>] [--output <file>]

  --quick              Fewer repetitions; no cfn-lint and no 10,000-template scale. Writes no file
                       unless --output is given.
  --baseline <rev>     Also measure this revision (built in a temporary git worktree), side by side
  --output <file>      Write the results here (default: bench/RESULTS.md, none with --quick)`

export function parseBenchArgs(args: string[]): BenchOptions {
  const options: BenchOptions = { quick: false }
  let output: string | undefined
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!
    const value = (): string => {
      const next = args[++i]
      if (next === undefined || next.startsWith('--')) throw new UsageError(`${arg} needs a value`)
      return next
    }
    if (arg === '--quick') options.quick = true
    else if (arg === '--baseline') options.baseline = value()
    else if (arg.startsWith('--baseline=')) options.baseline = arg.slice('--baseline='.length)
    else if (arg === '--output') output = value()
    else if (arg.startsWith('--output=')) output = arg.slice('--output='.length)
    else throw new UsageError(`unknown argument ${JSON.stringify(arg)}`)
  }
  if (options.baseline === '') throw new UsageError('--baseline needs a value')
  options.output = output ?? (options.quick ? undefined : 'bench/RESULTS.md')
  return options
}

export interface Outcome {
  status: number | null
  signal: NodeJS.Signals | null
  error?: Error
  stderr: string
}

/**
 * Throws unless the run ended with one of the exit codes that are normal scan outcomes: a
 * benchmark that timed a usage error or a crash would report a meaningless figure.
 */
export function checkExit(what: string, outcome: Outcome, accepted: (status: number) => boolean): void {
  const detail = said(outcome.stderr)
  if (outcome.error) throw new BenchError(`${what} could not run: ${outcome.error.message}`)
  if (outcome.signal) throw new BenchError(`${what} was killed by ${outcome.signal}${detail}`)
  if (outcome.status === null || !accepted(outcome.status)) throw new BenchError(`${what} exited ${outcome.status}${detail}`)
}

/** iac-lint: 0 clean, 1 findings; 2 (usage, configuration, internal error) or anything else aborts. */
export const iacLintScanned = (status: number): boolean => status === 0 || status === 1

/**
 * cfn-lint ORs 2 (error), 4 (warning) and 8 (informational) into its exit code; 1 or any odd code
 * is a failure of cfn-lint itself.
 */
export const cfnLintLinted = (status: number): boolean => status >= 0 && status <= 14 && status % 2 === 0

/** What the command said: all of it when short, else its first and last lines (where a traceback names the error). */
function said(stderr: string): string {
  const lines = stderr.trim().split('\n').filter(Boolean)
  const shown = lines.length <= 3 ? lines : [lines[0]!, '…', lines.at(-1)!]
  return shown.length ? `: ${shown.join(' / ')}` : ''
}

/**
 * What GNU time (`-f %M -o file`) wrote: the peak RSS in kilobytes on the last line, after a
 * "Command exited with non-zero status" or "Command terminated by signal" line when there is one.
 */
export function parseTimeOutput(text: string): { peakRssKB: number; signal?: number } {
  const lines = text.trim().split('\n')
  const kb = Number(lines.at(-1))
  if (!Number.isFinite(kb) || lines.at(-1) === '') throw new BenchError(`cannot read GNU time's output: ${JSON.stringify(text)}`)
  const killed = /terminated by signal (\d+)/.exec(text)
  return killed ? { peakRssKB: kb, signal: Number(killed[1]) } : { peakRssKB: kb }
}

export function median(values: number[]): number {
  if (!values.length) throw new RangeError('median of no values')
  const sorted = [...values].sort((a, b) => a - b)
  const middle = sorted.length >> 1
  return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2
}

/** A target on a measured value: `at-least` for speed-ups, `at-most` for ratios to a reference and memory. */
export interface Target {
  kind: 'at-least' | 'at-most' | 'under'
  value: number
  unit: '×' | 'MB'
}

export function meets(target: Target, measured: number): boolean {
  if (target.kind === 'at-least') return measured >= target.value
  if (target.kind === 'at-most') return measured <= target.value
  return measured < target.value
}

export function formatTarget(target: Target): string {
  const sign = { 'at-least': '≥', 'at-most': '≤', under: '<' }[target.kind]
  const value = target.unit === '×' && Number.isInteger(target.value) ? `${target.value}×` : formatValue(target.value, target.unit)
  return `${sign} ${value}`
}

export function formatValue(value: number, unit: Target['unit']): string {
  return unit === '×' ? formatRatio(value) : `${Math.round(value)} MB`
}

/** Two significant decimals below 10, one below 100, none above: 1.43×, 31.2×, 153×. */
export function formatRatio(ratio: number): string {
  if (!Number.isFinite(ratio)) return '—'
  const digits = ratio < 10 ? 2 : ratio < 100 ? 1 : 0
  return `${ratio.toFixed(digits)}×`
}

export function formatMs(ms: number): string {
  return ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`
}

/** One cell of a figure: measured, or why not. */
export type Cell = { measured: number } | { missing: string }

export interface Figure {
  name: string
  target: Target
  /** One cell per column, in the order of the columns. */
  cells: Cell[]
}

/** The figures against their targets: a measured value and a pass/fail column for each revision. */
export function figuresTable(columns: string[], figures: Figure[]): string[] {
  const header = ['Figure', 'Target', ...columns.flatMap((column) => [column, 'Met'])]
  const lines = [row(header), row(header.map((_, i) => (i < 2 ? '---' : i % 2 === 0 ? '---:' : ':---:')))]
  for (const figure of figures) {
    const cells = figure.cells.flatMap((cell) =>
      'missing' in cell ? [cell.missing, '—'] : [formatValue(cell.measured, figure.target.unit), meets(figure.target, cell.measured) ? 'pass' : '**fail**'],
    )
    lines.push(row([figure.name, formatTarget(figure.target), ...cells]))
  }
  return lines
}

export function table(header: string[], align: Array<'left' | 'right'>, rows: string[][]): string[] {
  return [row(header), row(align.map((side) => (side === 'left' ? '---' : '---:'))), ...rows.map(row)]
}

function row(cells: string[]): string {
  return `| ${cells.join(' | ')} |`
}

/** `count` items spread evenly over `items` (the first always among them), in their order. */
export function spread<T>(items: T[], count: number): T[] {
  if (items.length <= count) return [...items]
  return Array.from({ length: count }, (_, i) => items[Math.floor((i * items.length) / count)]!)
}
