/**
 * GitHub code scanning's `primaryLocationLineHash`, computed as `github/codeql-action` computes
 * it when it uploads a SARIF file that lacks one (its `fingerprints.ts`), so that an upload by
 * another route (the REST API, another CI) tracks alerts across commits the same way. The
 * algorithm, from that source (docs/github.md links it):
 *
 * - the text is read as UTF-16 code units; spaces and tabs are skipped, and CR, LF and CRLF all
 *   count as one LF;
 * - the hash of a line is a polynomial rolling hash (base 37, modulo 2^64) of the 100 characters
 *   that follow the line's start, across line ends; past the end of the text come the code unit
 *   65535 and then zeros;
 * - the value is the hash in lowercase hexadecimal, `:`, and how many lines so far had that hash
 *   (1 for the first), so repeated lines stay apart.
 */

const BLOCK = 100
const MASK = (1n << 64n) - 1n
const BASE = 37n
const SPACE = 0x20
const TAB = 0x09
const LF = 0x0a
const CR = 0x0d
const END = 0xffff

/** BASE^BLOCK modulo 2^64: the weight of the character that leaves the window. */
const LEAVING = (() => {
  let weight = 1n
  for (let i = 0; i < BLOCK; i++) weight = (weight * BASE) & MASK
  return weight
})()

/**
 * The hash of each line of `text` (1-based line number to value). `lastLine` stops the work
 * once that line's hash is known: a line's value depends only on the text before and just after it.
 */
export function lineHashes(text: string, lastLine = Number.POSITIVE_INFINITY): Map<number, string> {
  const hashes = new Map<number, string>()
  const seen = new Map<string, number>()
  const window = new Array<number>(BLOCK).fill(0)
  // The line that starts at each window slot, or 0.
  const starts = new Array<number>(BLOCK).fill(0)
  let hash = 0n
  let slot = 0
  let line = 0
  let atLineStart = true
  let afterCR = false

  const emit = (): void => {
    const value = hash.toString(16)
    const count = (seen.get(value) ?? 0) + 1
    seen.set(value, count)
    hashes.set(starts[slot]!, `${value}:${count}`)
    starts[slot] = 0
  }
  const push = (code: number): void => {
    hash = (BASE * hash + BigInt(code) - LEAVING * BigInt(window[slot]!)) & MASK
    window[slot] = code
    slot = (slot + 1) % BLOCK
  }
  const take = (raw: number): boolean => {
    if (raw === SPACE || raw === TAB || (afterCR && raw === LF)) {
      afterCR = false
      return true
    }
    const code = raw === CR ? LF : raw
    afterCR = raw === CR
    if (starts[slot] !== 0) {
      emit()
      if (hashes.has(lastLine)) return false
    }
    if (atLineStart) {
      atLineStart = false
      line += 1
      starts[slot] = line
    }
    if (code === LF) atLineStart = true
    push(code)
    return true
  }

  for (let index = 0; index < text.length; index++) {
    if (!take(text.charCodeAt(index))) return hashes
  }
  if (!take(END)) return hashes
  for (let i = 0; i < BLOCK; i++) {
    if (starts[slot] !== 0) emit()
    push(0)
  }
  return hashes
}
