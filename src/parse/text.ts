/**
 * Turning the bytes of a file into text. Templates are UTF-8 almost always, but Windows tools
 * (PowerShell's `>` redirect, for one) write UTF-16 with a byte-order mark, and a repository can
 * hold binary files with a `.json` or `.yaml` name. Line breaks are left as they are: the parsers
 * count `\r\n` as one line break, so columns stay right.
 */

import type { Range } from '../core/types.js'

type DecodeFailureReason = 'binary' | 'invalid-utf8' | 'invalid-utf16' | 'unsupported-encoding'

type DecodeResult =
  | { ok: true; text: string; encoding: 'utf-8' | 'utf-16le' | 'utf-16be' }
  | { ok: false; reason: DecodeFailureReason; message: string }

/** How many leading bytes are checked for NUL bytes (as git does). */
const BINARY_SNIFF_BYTES = 8192

const utf8Decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true })
const utf16Decoder = new TextDecoder('utf-16le', { fatal: true, ignoreBOM: true })

export function decodeText(bytes: Uint8Array): DecodeResult {
  const n = bytes.length
  // UTF-32 LE starts with the UTF-16 LE mark followed by two zero bytes; neither CloudFormation nor
  // Terraform reads it.
  if (n >= 4 && bytes[0] === 0xff && bytes[1] === 0xfe && bytes[2] === 0 && bytes[3] === 0) {
    return { ok: false, reason: 'unsupported-encoding', message: 'UTF-32 text is not supported' }
  }
  if (n >= 4 && bytes[0] === 0 && bytes[1] === 0 && bytes[2] === 0xfe && bytes[3] === 0xff) {
    return { ok: false, reason: 'unsupported-encoding', message: 'UTF-32 text is not supported' }
  }
  if (n >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return decodeUtf16(bytes.subarray(2), 'utf-16le')
  if (n >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) return decodeUtf16(bytes.subarray(2), 'utf-16be')

  let body = bytes
  if (n >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) body = bytes.subarray(3)
  const sniff = body.length > BINARY_SNIFF_BYTES ? body.subarray(0, BINARY_SNIFF_BYTES) : body
  const nul = sniff.indexOf(0)
  if (nul >= 0) {
    return { ok: false, reason: 'binary', message: `binary content (NUL byte at offset ${nul + (n - body.length)})` }
  }
  try {
    return { ok: true, text: utf8Decoder.decode(body), encoding: 'utf-8' }
  } catch {
    return { ok: false, reason: 'invalid-utf8', message: 'not valid UTF-8 text (binary content?)' }
  }
}

function decodeUtf16(body: Uint8Array, encoding: 'utf-16le' | 'utf-16be'): DecodeResult {
  if (body.length % 2 !== 0) {
    return { ok: false, reason: 'invalid-utf16', message: `truncated ${encoding.toUpperCase()} text (odd byte count)` }
  }
  let le = body
  if (encoding === 'utf-16be') {
    le = new Uint8Array(body.length)
    for (let i = 0; i < body.length; i += 2) {
      le[i] = body[i + 1]
      le[i + 1] = body[i]
    }
  }
  try {
    return { ok: true, text: utf16Decoder.decode(le), encoding }
  } catch {
    return { ok: false, reason: 'invalid-utf16', message: `not valid ${encoding.toUpperCase()} text` }
  }
}

/**
 * Offsets to 1-based line and column. A line ends at `\n`; a `\r` before it is the last column
 * of nothing (an offset at the `\r` is the column just after the line's text), so CRLF files get
 * the same positions as LF files. Lookups in increasing offset order (a tree walk) are O(1).
 */
export class LineIndex {
  private readonly starts: number[]
  private readonly length: number
  private hint = 0

  /**
   * `columnShifts` (0-based line → count): the text was given spaces at the start of those lines
   * that the original did not have; positions are reported in the original.
   */
  constructor(
    text: string,
    private readonly columnShifts?: ReadonlyMap<number, number>,
  ) {
    const starts = [0]
    let i = text.indexOf('\n')
    while (i !== -1) {
      starts.push(i + 1)
      i = text.indexOf('\n', i + 1)
    }
    this.starts = starts
    this.length = text.length
  }

  /** 0-based index of the line holding `offset` (clamped to the text). */
  lineIndex(offset: number): number {
    const s = this.starts
    const last = s.length - 1
    const h = this.hint
    if (s[h] <= offset && (h === last || offset < s[h + 1])) return h
    if (h < last && s[h + 1] <= offset && (h + 1 === last || offset < s[h + 2])) return (this.hint = h + 1)
    let lo = 0
    let hi = last
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1
      if (s[mid] <= offset) lo = mid
      else hi = mid - 1
    }
    return (this.hint = lo)
  }

  /** 1-based line and column of an offset. */
  position(offset: number): { line: number; column: number } {
    const o = offset < 0 ? 0 : offset > this.length ? this.length : offset
    const l = this.lineIndex(o)
    return { line: l + 1, column: this.column(l, o) }
  }

  private column(line: number, offset: number): number {
    const column = offset - this.starts[line] + 1
    const shift = this.columnShifts?.get(line)
    if (shift === undefined) return column
    return column > shift ? column - shift : 1
  }

  /** The range of the text from `start` (inclusive) to `end` (exclusive). */
  range(start: number, end: number): Range {
    const len = this.length
    const s = start < 0 ? 0 : start > len ? len : start
    const e = end < s ? s : end > len ? len : end
    const l1 = this.lineIndex(s)
    const l2 = e === s ? l1 : this.lineIndex(e)
    if (this.columnShifts === undefined) {
      return { line: l1 + 1, column: s - this.starts[l1] + 1, endLine: l2 + 1, endColumn: e - this.starts[l2] + 1 }
    }
    return { line: l1 + 1, column: this.column(l1, s), endLine: l2 + 1, endColumn: this.column(l2, e) }
  }
}
