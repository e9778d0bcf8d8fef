/**
 * CloudFormation JSON to the document tree (strict JSON: no comments, no trailing commas, as
 * CloudFormation reads it). Valid JSON takes the fast path (`json-fast.ts`); what it gives up on
 * is read by `jsonc-parser`, which explains errors. `jsonc-parser` recurses once per nesting
 * level, so the nesting depth is measured on the text before it runs.
 */

import type { Node as JsonNode, ParseError } from 'jsonc-parser'
import { parseJsonFast } from './json-fast.js'
import { jsonc } from './jsonc.js'
import { LineIndex } from './text.js'
import type { DocMap, DocMapEntry, DocNode, ParseFailure, ParseResult } from './types.js'
import { KeySet } from './shared.js'

/** Deepest nesting of objects and arrays accepted. */
const MAX_JSON_DEPTH = 1000

const ERROR_TEXT: Readonly<Record<string, string>> = {
  InvalidSymbol: 'invalid symbol',
  InvalidNumberFormat: 'invalid number format',
  PropertyNameExpected: 'property name expected',
  ValueExpected: 'value expected',
  ColonExpected: "':' expected",
  CommaExpected: "',' expected",
  CloseBraceExpected: "'}' expected",
  CloseBracketExpected: "']' expected",
  EndOfFileExpected: 'end of file expected',
  InvalidCommentToken: 'comments are not allowed in JSON',
  UnexpectedEndOfComment: 'unterminated comment',
  UnexpectedEndOfString: 'unterminated string',
  UnexpectedEndOfNumber: 'unexpected end of number',
  InvalidUnicode: 'invalid unicode escape',
  InvalidEscapeCharacter: 'invalid escape character',
  InvalidCharacter: 'invalid character in string',
}

class Abort {
  constructor(
    readonly message: string,
    readonly start: number,
    readonly end: number,
  ) {}
}

export function parseJson(input: string): ParseResult {
  const text = withoutBom(input)
  const lines = new LineIndex(text)
  const fast = parseJsonFast(text, lines)
  if (fast !== undefined) return { ok: true, format: 'json', root: fast, comments: [] }
  return parseWithJsonc(text, lines)
}

/** The reference reading, with jsonc-parser, of the same text: what the fast path must match (test/json-fast.test.ts). */
export function parseJsonCarefully(input: string): ParseResult {
  const text = withoutBom(input)
  return parseWithJsonc(text, new LineIndex(text))
}

function withoutBom(input: string): string {
  return input.charCodeAt(0) === 0xfeff ? input.slice(1) : input
}

function parseWithJsonc(text: string, lines: LineIndex): ParseResult {
  const { parseTree, printParseErrorCode } = jsonc()
  const fail = (message: string, start: number, end: number): ParseFailure => ({
    ok: false,
    message,
    range: lines.range(start, end > start ? end : start + 1),
  })
  const tooDeep = prescanDepth(text)
  if (tooDeep >= 0) return fail(`JSON nesting deeper than ${MAX_JSON_DEPTH} levels`, tooDeep, tooDeep + 1)

  const errors: ParseError[] = []
  let tree: JsonNode | undefined
  try {
    tree = parseTree(text, errors, { disallowComments: true, allowTrailingComma: false, allowEmptyContent: true })
  } catch (error) {
    if (error instanceof RangeError) return fail('JSON nesting too deep', 0, 1)
    throw error
  }
  if (errors.length > 0) {
    const error = errors[0]
    const code = printParseErrorCode(error.error)
    return fail(`JSON syntax error: ${ERROR_TEXT[code] ?? code}`, error.offset, error.offset + error.length)
  }
  if (tree === undefined) {
    const root: DocMap = { kind: 'map', entries: [], range: { line: 1, column: 1, endLine: 1, endColumn: 1 } }
    return { ok: true, format: 'json', root, comments: [] }
  }
  try {
    return { ok: true, format: 'json', root: convert(tree, lines, 0), comments: [] }
  } catch (error) {
    if (error instanceof Abort) return fail(error.message, error.start, error.end)
    throw error
  }
}

function convert(node: JsonNode, lines: LineIndex, depth: number): DocNode {
  if (depth > MAX_JSON_DEPTH) {
    throw new Abort(`JSON nesting deeper than ${MAX_JSON_DEPTH} levels`, node.offset, node.offset + 1)
  }
  const range = lines.range(node.offset, node.offset + node.length)
  switch (node.type) {
    case 'object': {
      const entries: DocMapEntry[] = []
      const keys = new KeySet(entries)
      for (const property of node.children ?? []) {
        const keyNode = property.children?.[0]
        const valueNode = property.children?.[1]
        if (keyNode === undefined || valueNode === undefined) continue // only with syntax errors
        const key = String(keyNode.value)
        const first = keys.find(key)
        if (first !== undefined) {
          throw new Abort(
            `duplicate key ${JSON.stringify(key)} (first at line ${first.keyRange.line})`,
            keyNode.offset,
            keyNode.offset + keyNode.length,
          )
        }
        const entry: DocMapEntry = {
          key,
          keyRange: lines.range(keyNode.offset, keyNode.offset + keyNode.length),
          value: convert(valueNode, lines, depth + 1),
        }
        entries.push(entry)
        keys.added(entry)
      }
      return { kind: 'map', entries, range }
    }
    case 'array': {
      const items: DocNode[] = []
      for (const child of node.children ?? []) items.push(convert(child, lines, depth + 1))
      return { kind: 'seq', items, range }
    }
    case 'string':
    case 'number':
    case 'boolean':
      return { kind: 'scalar', value: node.value as string | number | boolean, range }
    default:
      return { kind: 'scalar', value: null, range }
  }
}

/**
 * Maximum nesting of `[` and `{` outside strings and comments, as jsonc-parser's scanner reads
 * them (a string also ends at a line break). Returns the offset where it passes the limit, or -1.
 */
function prescanDepth(text: string): number {
  const n = text.length
  let depth = 0
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i)
    switch (c) {
      case 34: {
        // '"'
        let j = i + 1
        for (; j < n; j++) {
          const d = text.charCodeAt(j)
          if (d === 92) j++
          else if (d === 34 || d === 10 || d === 13) break
        }
        i = j
        break
      }
      case 47: {
        // '/'
        const next = text.charCodeAt(i + 1)
        if (next === 47) {
          const nl = text.indexOf('\n', i)
          if (nl < 0) return -1
          i = nl
        } else if (next === 42) {
          const close = text.indexOf('*/', i + 2)
          if (close < 0) return -1
          i = close + 1
        }
        break
      }
      case 91:
      case 123:
        if (++depth > MAX_JSON_DEPTH) return i
        break
      case 93:
      case 125:
        if (depth > 0) depth--
        break
    }
  }
  return -1
}
