/**
 * The document tree every parser produces. Values keep the source range of their text, so a
 * finding about any value can point at it exactly. Short-form YAML intrinsics (`!Ref X`) arrive
 * here already in their long form (`{ Ref: X }`), so nothing after the parser knows about tags.
 */

import type { Range } from '../core/types.js'

/** Every tree below carries ranges, so code that reads the trees gets `Range` (from src/core) here too. */
export type { Range }

export interface DocScalar {
  kind: 'scalar'
  value: string | number | boolean | null
  range: Range
}

export interface DocMapEntry {
  key: string
  keyRange: Range
  value: DocNode
}

export interface DocMap {
  kind: 'map'
  entries: DocMapEntry[]
  range: Range
}

export interface DocSeq {
  kind: 'seq'
  items: DocNode[]
  range: Range
}

export type DocNode = DocScalar | DocMap | DocSeq

/** A comment in the source, for in-source suppressions. */
export interface DocComment {
  text: string
  range: Range
}

export interface ParsedDocument {
  ok: true
  format: 'yaml' | 'json'
  root: DocNode
  comments: DocComment[]
  /** YAML only: where a second document with content starts (CloudFormation reads one). */
  extraDocument?: Range
}

export interface ParseFailure {
  ok: false
  message: string
  range: Range
}

export type ParseResult = ParsedDocument | ParseFailure

export function pointRange(line: number, column: number): Range {
  return { line, column, endLine: line, endColumn: column + 1 }
}

export function mapGet(node: DocNode | undefined, key: string): DocNode | undefined {
  if (node?.kind !== 'map') return undefined
  for (const entry of node.entries) if (entry.key === key) return entry.value
  return undefined
}

export function mapEntry(node: DocNode | undefined, key: string): DocMapEntry | undefined {
  if (node?.kind !== 'map') return undefined
  return node.entries.find((entry) => entry.key === key)
}

/** Plain JavaScript value of a node, for places that only need the data (no ranges). */
export function toPlain(node: DocNode): unknown {
  switch (node.kind) {
    case 'scalar':
      return node.value
    case 'seq':
      return node.items.map(toPlain)
    case 'map': {
      const out: Record<string, unknown> = Object.create(null) as Record<string, unknown>
      for (const entry of node.entries) out[entry.key] = toPlain(entry.value)
      return out
    }
  }
}
