/** The pure helpers of `npm run bench` (scripts/bench-support.ts); nothing here is timed. */
import { describe, expect, it } from 'vitest'
import {
  BenchError,
  cfnLintLinted,
  checkExit,
  figuresTable,
  formatRatio,
  formatTarget,
  iacLintScanned,
  median,
  meets,
  parseBenchArgs,
  parseTimeOutput,
  spread,
  UsageError,
} from '../scripts/bench-support.js'

describe('bench arguments', () => {
  it('writes bench/RESULTS.md by default and nothing in quick mode unless asked', () => {
    expect(parseBenchArgs([])).toEqual({ quick: false, output: 'bench/RESULTS.md' })
    expect(parseBenchArgs(['--quick'])).toEqual({ quick: true, output: undefined })
    expect(parseBenchArgs(['--quick', '--output', 'out.md'])).toEqual({ quick: true, output: 'out.md' })
  })

  it('takes a baseline revision in either spelling', () => {
    expect(parseBenchArgs(['--baseline', '4988a0c']).baseline).toBe('4988a0c')
    expect(parseBenchArgs(['--baseline=main~3']).baseline).toBe('main~3')
  })

  it('refuses unknown arguments and missing values', () => {
    expect(() => parseBenchArgs(['--fast'])).toThrow(UsageError)
    expect(() => parseBenchArgs(['--baseline'])).toThrow(/--baseline needs a value/)
    expect(() => parseBenchArgs(['--baseline', '--quick'])).toThrow(/--baseline needs a value/)
    expect(() => parseBenchArgs(['--baseline='])).toThrow(UsageError)
  })
})

describe('exit codes of measured runs', () => {
  const ok = { status: 0, signal: null, stderr: '' }

  it('accepts the normal scan outcomes of iac-lint and nothing else', () => {
    expect([0, 1, 2, 3, 130].map(iacLintScanned)).toEqual([true, true, false, false, false])
  })

  it("accepts cfn-lint's bit masks of findings, not its fatal 1", () => {
    expect([0, 2, 4, 6, 8, 14].every(cfnLintLinted)).toBe(true)
    expect([1, 3, 16, 32].some(cfnLintLinted)).toBe(false)
  })

  it('passes a run that ended normally', () => {
    expect(() => checkExit('iac-lint', ok, iacLintScanned)).not.toThrow()
    expect(() => checkExit('iac-lint', { ...ok, status: 1 }, iacLintScanned)).not.toThrow()
  })

  it('aborts on a usage error with what the command said', () => {
    const refused = { status: 2, signal: null, stderr: 'iac-lint: cannot write "/dev/null": it is not a regular file\n' }
    expect(() => checkExit('iac-lint on one template', refused, iacLintScanned)).toThrow(
      new BenchError('iac-lint on one template exited 2: iac-lint: cannot write "/dev/null": it is not a regular file'),
    )
  })

  it('shows the first and last lines of a long error, where a traceback names it', () => {
    const crashed = { status: 1, signal: null, stderr: 'ERROR - Template file not found: a.yaml\nTraceback (most recent call last):\n  File "x.py"\nAttributeError: boom\n' }
    expect(() => checkExit('cfn-lint', crashed, cfnLintLinted)).toThrow('cfn-lint exited 1: ERROR - Template file not found: a.yaml / … / AttributeError: boom')
  })

  it('aborts on a signal, a spawn failure and a missing status', () => {
    expect(() => checkExit('x', { status: null, signal: 'SIGKILL', stderr: '' }, iacLintScanned)).toThrow('x was killed by SIGKILL')
    expect(() => checkExit('x', { ...ok, error: new Error('spawn x ENOENT') }, iacLintScanned)).toThrow('x could not run: spawn x ENOENT')
    expect(() => checkExit('x', { status: null, signal: null, stderr: '' }, iacLintScanned)).toThrow('x exited null')
  })
})

describe("GNU time's output", () => {
  it('reads the peak RSS from the last line', () => {
    expect(parseTimeOutput('40312\n')).toEqual({ peakRssKB: 40312 })
    expect(parseTimeOutput('Command exited with non-zero status 1\n63316\n')).toEqual({ peakRssKB: 63316 })
  })

  it('notices a command killed by a signal', () => {
    expect(parseTimeOutput('Command terminated by signal 9\n3128\n')).toEqual({ peakRssKB: 3128, signal: 9 })
  })

  it('refuses what it cannot read', () => {
    expect(() => parseTimeOutput('')).toThrow(BenchError)
    expect(() => parseTimeOutput('time: cannot run foo\n')).toThrow(BenchError)
  })
})

describe('figures', () => {
  it('takes the median of odd and even counts', () => {
    expect(median([5, 1, 3])).toBe(3)
    expect(median([4, 1, 3, 2])).toBe(2.5)
    expect(() => median([])).toThrow(RangeError)
  })

  it('formats ratios with sensible precision', () => {
    expect([1.4321, 31.234, 153.4].map(formatRatio)).toEqual(['1.43×', '31.2×', '153×'])
    expect(formatRatio(Infinity)).toBe('—')
  })

  it('checks targets, the boundary included where the target says so', () => {
    expect(meets({ kind: 'at-least', value: 50, unit: '×' }, 50)).toBe(true)
    expect(meets({ kind: 'at-most', value: 1.8, unit: '×' }, 1.81)).toBe(false)
    expect(meets({ kind: 'under', value: 200, unit: 'MB' }, 200)).toBe(false)
    expect(formatTarget({ kind: 'at-least', value: 50, unit: '×' })).toBe('≥ 50×')
    expect(formatTarget({ kind: 'at-most', value: 1.8, unit: '×' })).toBe('≤ 1.80×')
    expect(formatTarget({ kind: 'under', value: 250, unit: 'MB' })).toBe('< 250 MB')
  })

  it('renders each revision with its value and whether it met the target', () => {
    const lines = figuresTable(
      ['baseline 4988a0c', 'current abc1234'],
      [
        { name: 'speed-up', target: { kind: 'at-least', value: 50, unit: '×' }, cells: [{ measured: 31.2 }, { measured: 61.04 }] },
        { name: 'peak RSS', target: { kind: 'under', value: 200, unit: 'MB' }, cells: [{ missing: 'no GNU time' }, { measured: 151.6 }] },
      ],
    )
    expect(lines).toEqual([
      '| Figure | Target | baseline 4988a0c | Met | current abc1234 | Met |',
      '| --- | --- | ---: | :---: | ---: | :---: |',
      '| speed-up | ≥ 50× | 31.2× | **fail** | 61.0× | pass |',
      '| peak RSS | < 200 MB | no GNU time | — | 152 MB | pass |',
    ])
  })

  it('spreads a selection evenly over the list', () => {
    expect(spread([0, 1, 2, 3, 4, 5, 6, 7, 8, 9], 5)).toEqual([0, 2, 4, 6, 8])
    expect(spread([1, 2], 20)).toEqual([1, 2])
  })
})
