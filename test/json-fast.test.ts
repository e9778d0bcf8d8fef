/**
 * The JSON fast path (`parseJsonFast`, used by `parseJson`) against the jsonc-parser reading
 * (`parseJsonCarefully`): wherever the fast path gives a tree it must be the reference's — same
 * values, same key order, same ranges — and whatever is not plain strict JSON it must leave to
 * the reference (undefined), so errors keep the reference's messages and locations.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { isDeepStrictEqual } from 'node:util'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { parseJsonFast } from '../src/parse/json-fast.js'
import { parseJson, parseJsonCarefully } from '../src/parse/json.js'
import { LineIndex } from '../src/parse/text.js'
import type { DocNode } from '../src/parse/types.js'

const repo = fileURLToPath(new URL('..', import.meta.url))
const corpus = path.resolve(repo, '..', 'shared', 'corpus')
const corpusPresent = existsSync(corpus)
const absent = `${path.relative(repo, corpus)} is not present beside this repository`
if (!corpusPresent) console.warn(`JSON corpus differential skipped: ${absent}`)

function jsonFiles(root: string): string[] {
  const out: string[] = []
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      if (name === 'node_modules' || name === '.git' || name === 'dist') continue
      const file = path.join(dir, name)
      const info = statSync(file)
      if (info.isDirectory()) walk(file)
      else if (info.isFile() && /\.json$/i.test(name)) out.push(file)
    }
  }
  walk(root)
  return out
}

function withoutBom(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text
}

/** The fast tree of a text, or undefined when the fast path gives up. */
function fast(text: string): DocNode | undefined {
  const bare = withoutBom(text)
  return parseJsonFast(bare, new LineIndex(bare))
}

/** Empty when the fast path agrees with the reference (or gave up where the reference fails); else why not. */
function disagreement(text: string): string {
  const tree = fast(text)
  const reference = parseJsonCarefully(text)
  if (tree === undefined) return ''
  if (!reference.ok) return `fast path read text the reference rejects (${reference.message})`
  return isDeepStrictEqual(tree, reference.root) ? '' : 'trees differ'
}

function differential(files: string[]): { fast: number; mismatches: string[] } {
  let taken = 0
  const mismatches: string[] = []
  for (const file of files) {
    const text = readFileSync(file, 'utf8')
    if (fast(text) !== undefined) taken++
    const why = disagreement(text)
    if (why) mismatches.push(`${path.relative(repo, file)}: ${why}`)
  }
  return { fast: taken, mismatches }
}

describe('JSON fast path against jsonc-parser', () => {
  it('gives the reference tree for every JSON file in the repository, and takes nearly all of them', () => {
    const files = ['fixtures', 'test', 'examples', 'schema'].flatMap((folder) => jsonFiles(path.join(repo, folder)))
    expect(files.length).toBeGreaterThan(20)
    const result = differential(files)
    expect(result.mismatches).toEqual([])
    // Invalid files are kept on purpose among the fixtures; valid ones are the vast majority.
    const valid = files.filter((file) => parseJsonCarefully(readFileSync(file, 'utf8')).ok).length
    expect(result.fast).toBeGreaterThan(valid * 0.95)
  })

  it.skipIf(!corpusPresent)(corpusPresent ? 'gives the reference tree for every JSON file of the corpus' : `corpus (skipped: ${absent})`, () => {
    const files = jsonFiles(corpus)
    const result = differential(files)
    expect(result.mismatches).toEqual([])
    expect(result.fast).toBeGreaterThan(files.length * 0.9)
  })

  it('agrees on generated JSON values, however they are spaced', () => {
    const spacing = fc.constantFrom(undefined, 0, 1, 2, 4, '\t', ' \r\n ')
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 6 }), spacing, fc.boolean(), (value, space, bom) => {
        let text = JSON.stringify(value, null, space as string | number | undefined)
        if (bom) text = `\ufeff${text}`
        const tree = fast(text)
        const reference = parseJsonCarefully(text)
        // Generated objects never repeat a key, and JSON.stringify writes strict JSON: the fast path takes every one.
        expect(tree).toBeDefined()
        expect(reference.ok && isDeepStrictEqual(tree, reference.root)).toBe(true)
        expect(parseJson(text)).toEqual(reference)
      }),
      { numRuns: 400 },
    )
  })

  it('agrees with the reference or gives up on text cut, spliced and mutated from JSON', () => {
    const pieces = fc.constantFrom('{', '}', '[', ']', ',', ':', '"', '\\', '/*c*/', '//c\n', '\u00a0', '\u000b', '01', '-', '1e', '.5', 'tru', 'nul', '"\\u12"', '"\\x"', '\u0001', '\n', '\r', ' ')
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), fc.nat(), pieces, fc.boolean(), (value, at, piece, cut) => {
        const text = JSON.stringify(value, null, 1)
        const position = text.length === 0 ? 0 : at % (text.length + 1)
        const mutated = cut ? text.slice(0, position) : text.slice(0, position) + piece + text.slice(position)
        expect(disagreement(mutated)).toBe('')
        // Whatever path it takes, parseJson answers as the reference does.
        expect(parseJson(mutated)).toEqual(parseJsonCarefully(mutated))
      }),
      { numRuns: 1500 },
    )
  })

  it('leaves duplicate keys, comments, trailing commas, odd whitespace and empty text to the reference', () => {
    for (const text of ['{"a":1,"a":2}', '{"a":1 /* c */}', '{"a":[1,],}', '{\u00a0"a":1}', '', '   ', '{"a":"\\q"}', '[01]', '{"a":1} x']) {
      expect(fast(text)).toBeUndefined()
      expect(parseJson(text)).toEqual(parseJsonCarefully(text))
    }
    const duplicate = parseJson('{\n  "a": 1,\n  "a": 2\n}')
    expect(duplicate).toMatchObject({ ok: false, message: 'duplicate key "a" (first at line 2)', range: { line: 3, column: 3 } })
  })
})
