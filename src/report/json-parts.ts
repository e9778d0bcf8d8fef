/**
 * The pieces every JSON document of the model is made of: a fact as its value or why it is not
 * known, and where an element was written. Shared by the request paths document and its settings.
 */
import type { Range } from '../core/types.js'
import { repositoryRelative } from '../findings/paths.js'
import type { Fact, Source } from '../model/types.js'

/** A fact as its value, or why it is not known. A known value is never an object, so the two cannot be confused. */
export type JsonFact<T> = T | { unknown: string }

/** Where an element was written: what a comparison across frameworks leaves out. */
export interface JsonElement {
  kind: string
  address: string
  file: string
  range: Range
  constructPath?: string
}

export function fact<T>(value: Fact<T>): JsonFact<T> {
  return value.known ? value.value : { unknown: value.why }
}

export function element(kind: string, source: Source, cwd: string): JsonElement {
  const { line, column, endLine, endColumn } = source.range
  const out: JsonElement = {
    kind,
    address: source.address,
    file: repositoryRelative(source.file, cwd),
    range: { line, column, endLine, endColumn },
  }
  if (source.constructPath !== undefined) out.constructPath = source.constructPath
  return out
}
