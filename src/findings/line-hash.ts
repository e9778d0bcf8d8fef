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
const BASE = 37
const SPACE = 0x20
const TAB = 0x09
const LF = 0x0a
const CR = 0x0d
const END = 0xffff

/*
 * The 64-bit hash is kept as eight 8-bit limbs: every intermediate value then fits a 32-bit
 * integer, so the arithmetic is integer shifts and masks, many times faster than BigInt on a
 * large template.
 */
const LIMBS = 8

/** BASE^BLOCK modulo 2^64, in limbs: the weight of the character that leaves the window. */
const LEAVING = (() => {
  const limbs = new Int32Array(LIMBS)
  limbs[0] = 1
  for (let step = 0; step < BLOCK; step++) {
    let carry = 0
    for (let i = 0; i < LIMBS; i++) {
      const value = limbs[i]! * BASE + carry
      limbs[i] = value & 0xff
      carry = value >> 8
    }
  }
  return limbs
})()

function hex(limbs: Int32Array): string {
  const word = (from: number): number => ((limbs[from + 3]! << 24) | (limbs[from + 2]! << 16) | (limbs[from + 1]! << 8) | limbs[from]!) >>> 0
  const high = word(4)
  const low = word(0)
  return high === 0 ? low.toString(16) : `${high.toString(16)}${low.toString(16).padStart(8, '0')}`
}

/**
 * The hash of each line of `text` (1-based line number to value). `lastLine` stops the work
 * once that line's hash is known: a line's value depends only on the text before and just after it.
 */
export function lineHashes(text: string, lastLine = Number.POSITIVE_INFINITY): Map<number, string> {
  const hashes = new Map<number, string>()
  const seen = new Map<string, number>()
  const window = new Uint16Array(BLOCK)
  // The line that starts at each window slot, or 0.
  const starts = new Uint32Array(BLOCK)
  const hash = new Int32Array(LIMBS)
  let slot = 0
  let line = 0
  let atLineStart = true
  let afterCR = false

  const emit = (): void => {
    const value = hex(hash)
    const count = (seen.get(value) ?? 0) + 1
    seen.set(value, count)
    hashes.set(starts[slot]!, `${value}:${count}`)
    starts[slot] = 0
  }
  // hash = BASE * hash + code - LEAVING * leaving, modulo 2^64.
  const push = (code: number): void => {
    const leaving = window[slot]!
    let carry = code
    for (let i = 0; i < LIMBS; i++) {
      // |value| < 2^25: an 8-bit limb times 37 or times a 16-bit code unit, plus the carry.
      const value = hash[i]! * BASE - LEAVING[i]! * leaving + carry
      hash[i] = value & 0xff
      carry = value >> 8
    }
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
