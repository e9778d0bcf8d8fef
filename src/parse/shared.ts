/** Pieces the YAML (both paths) and JSON readers share. */
import type { Range } from '../core/types.js'
import type { LineIndex } from './text.js'
import type { DocMapEntry, DocNode } from './types.js'

/**
 * The keys of a mapping being built, to find a duplicate: a linear look for the few keys most
 * mappings have, a map once there are more.
 */
export class KeySet {
  private index: Map<string, DocMapEntry> | undefined

  constructor(private readonly entries: readonly DocMapEntry[]) {}

  /** The earlier entry with this key, if any. */
  find(key: string): DocMapEntry | undefined {
    if (this.index === undefined && this.entries.length <= 8) {
      for (const entry of this.entries) if (entry.key === key) return entry
      return undefined
    }
    if (this.index === undefined) {
      this.index = new Map()
      for (const entry of this.entries) this.index.set(entry.key, entry)
    }
    return this.index.get(key)
  }

  /** Call after pushing the entry onto the entries. */
  added(entry: DocMapEntry): void {
    this.index?.set(entry.key, entry)
  }
}

/**
 * `!GetAtt A.B.C` → [`A`, `B.C`]: split at the first dot, each part with its own range when the
 * scalar is written plainly between `start` and `end` of `text`.
 */
export function splitGetAtt(value: string, text: string, start: number, end: number, whole: Range, lines: LineIndex): DocNode {
  const dot = value.indexOf('.')
  if (dot < 0) return { kind: 'seq', items: [{ kind: 'scalar', value, range: whole }], range: whole }
  const at = text.slice(start, end).indexOf(value)
  let first = whole
  let second = whole
  if (at >= 0) {
    const base = start + at
    first = lines.range(base, base + dot)
    second = lines.range(base + dot + 1, base + value.length)
  }
  return {
    kind: 'seq',
    items: [
      { kind: 'scalar', value: value.slice(0, dot), range: first },
      { kind: 'scalar', value: value.slice(dot + 1), range: second },
    ],
    range: whole,
  }
}
