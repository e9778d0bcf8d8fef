/**
 * Strict JSON straight to the document tree, in one pass over the text: the fast path of
 * `json.ts`. It reads only what is certainly JSON as CloudFormation and Terraform read it
 * (whitespace of space, tab and line breaks; strict numbers, strings and literals) and gives up,
 * returning undefined, on anything else: a syntax error, a comment, a duplicate key, unusual
 * whitespace, deep nesting, no content. Then `json.ts` reads the text with `jsonc-parser`, whose
 * tree and messages are the reference; test/json-fast.test.ts checks both give the same tree
 * with the same ranges.
 */
import { KeySet } from './shared.js'
import type { LineIndex } from './text.js'
import type { DocMapEntry, DocNode } from './types.js'

/** Past this nesting the fast path gives up (the careful path measures and reports depth). */
const MAX_FAST_DEPTH = 500

class GiveUp {}
const GIVE_UP = new GiveUp()

export function parseJsonFast(text: string, lines: LineIndex): DocNode | undefined {
  const n = text.length
  let i = 0

  const skipSpace = (): void => {
    for (; i < n; i++) {
      const c = text.charCodeAt(i)
      if (c !== 32 && c !== 10 && c !== 13 && c !== 9) return
    }
  }

  /** A string token from the quote at `i`; its value. */
  const string = (): string => {
    const start = i
    let escaped = false
    for (i++; i < n; i++) {
      const c = text.charCodeAt(i)
      if (c === 34) break
      if (c === 92) {
        escaped = true
        const e = text.charCodeAt(++i)
        if (e === 117) {
          // \uXXXX: four hex digits
          for (let k = 1; k <= 4; k++) if (!isHex(text.charCodeAt(i + k))) throw GIVE_UP
          i += 4
        } else if (e !== 34 && e !== 92 && e !== 47 && e !== 98 && e !== 102 && e !== 110 && e !== 114 && e !== 116) {
          throw GIVE_UP
        }
      } else if (c < 32) {
        throw GIVE_UP
      }
    }
    if (i >= n) throw GIVE_UP
    i++
    return escaped ? unescaped(text.slice(start, i)) : text.slice(start + 1, i - 1)
  }

  const number = (): number => {
    const start = i
    if (text.charCodeAt(i) === 45) i++
    const first = text.charCodeAt(i)
    if (first === 48) i++
    else if (first >= 49 && first <= 57) while (isDigit(text.charCodeAt(i))) i++
    else throw GIVE_UP
    if (text.charCodeAt(i) === 46) {
      i++
      if (!isDigit(text.charCodeAt(i))) throw GIVE_UP
      while (isDigit(text.charCodeAt(i))) i++
    }
    const e = text.charCodeAt(i)
    if (e === 101 || e === 69) {
      i++
      const sign = text.charCodeAt(i)
      if (sign === 43 || sign === 45) i++
      if (!isDigit(text.charCodeAt(i))) throw GIVE_UP
      while (isDigit(text.charCodeAt(i))) i++
    }
    return Number(text.slice(start, i))
  }

  const literal = (word: string, value: boolean | null): DocNode => {
    if (!text.startsWith(word, i)) throw GIVE_UP
    const start = i
    i += word.length
    return { kind: 'scalar', value, range: lines.range(start, i) }
  }

  const value = (depth: number): DocNode => {
    const c = text.charCodeAt(i)
    const start = i
    switch (c) {
      case 123: {
        // '{'
        if (depth >= MAX_FAST_DEPTH) throw GIVE_UP
        i++
        const entries: DocMapEntry[] = []
        const keys = new KeySet(entries)
        skipSpace()
        if (text.charCodeAt(i) === 125) {
          i++
          return { kind: 'map', entries, range: lines.range(start, i) }
        }
        for (;;) {
          if (text.charCodeAt(i) !== 34) throw GIVE_UP
          const keyStart = i
          const key = string()
          const keyEnd = i
          if (keys.find(key) !== undefined) throw GIVE_UP
          skipSpace()
          if (text.charCodeAt(i) !== 58) throw GIVE_UP
          i++
          skipSpace()
          const entry: DocMapEntry = { key, keyRange: lines.range(keyStart, keyEnd), value: value(depth + 1) }
          entries.push(entry)
          keys.added(entry)
          skipSpace()
          const next = text.charCodeAt(i++)
          if (next === 125) return { kind: 'map', entries, range: lines.range(start, i) }
          if (next !== 44) throw GIVE_UP
          skipSpace()
        }
      }
      case 91: {
        // '['
        if (depth >= MAX_FAST_DEPTH) throw GIVE_UP
        i++
        const items: DocNode[] = []
        skipSpace()
        if (text.charCodeAt(i) === 93) {
          i++
          return { kind: 'seq', items, range: lines.range(start, i) }
        }
        for (;;) {
          items.push(value(depth + 1))
          skipSpace()
          const next = text.charCodeAt(i++)
          if (next === 93) return { kind: 'seq', items, range: lines.range(start, i) }
          if (next !== 44) throw GIVE_UP
          skipSpace()
        }
      }
      case 34: {
        const text = string()
        return { kind: 'scalar', value: text, range: lines.range(start, i) }
      }
      case 116:
        return literal('true', true)
      case 102:
        return literal('false', false)
      case 110:
        return literal('null', null)
      default: {
        const number_ = number()
        return { kind: 'scalar', value: number_, range: lines.range(start, i) }
      }
    }
  }

  try {
    skipSpace()
    if (i >= n) return undefined
    const root = value(0)
    skipSpace()
    return i === n ? root : undefined
  } catch (error) {
    if (error === GIVE_UP) return undefined
    throw error
  }
}

/** A string token with escapes, already checked; decoded as JSON decodes it. */
function unescaped(token: string): string {
  try {
    return JSON.parse(token) as string
  } catch {
    throw GIVE_UP
  }
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57
}

function isHex(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70)
}
