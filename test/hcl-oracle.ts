/**
 * Tree-sitter as the oracle of the fast HCL parser (`src/frontends/terraform/parse/hcl-fast.ts`):
 * whatever file the fast parser reads, tree-sitter and its conversion must read too, into the
 * same tree, with the same ranges and comments. Shared by `test/hcl-fast.test.ts` and the
 * fuzzers (`fuzz-support.ts`, `structural-fuzz-support.ts`), so kept free of vitest.
 */
import { isDeepStrictEqual } from 'node:util'
import { loadHclParser } from '../src/frontends/terraform/parse/hcl.js'
import { fastParseDetached, fastParseHcl } from '../src/frontends/terraform/parse/hcl-fast.js'
import type { Range } from '../src/parse/types.js'

export const treeSitter = await loadHclParser()

/** The first place two values differ, as a path and both values (shortened). */
export function firstDifference(expected: unknown, actual: unknown, at = ''): string | undefined {
  if (typeof expected !== 'object' || expected === null || typeof actual !== 'object' || actual === null) {
    if (Object.is(expected, actual)) return undefined
    const show = (value: unknown): string => (JSON.stringify(value) ?? String(value)).slice(0, 160)
    return `${at || '(top)'}: tree-sitter ${show(expected)}, fast ${show(actual)}`
  }
  if (Array.isArray(expected) !== Array.isArray(actual)) return `${at}: one is a list, the other not`
  const keys = new Set([...Object.keys(expected), ...Object.keys(actual)])
  for (const key of keys) {
    const e = (expected as Record<string, unknown>)[key]
    const a = (actual as Record<string, unknown>)[key]
    if (Object.hasOwn(expected, key) !== Object.hasOwn(actual, key)) return `${at}.${key}: present in only one`
    const difference = firstDifference(e, a, `${at}.${key}`)
    if (difference) return difference
  }
  return undefined
}

/**
 * Why the fast parser's reading of `text` is wrong, or undefined when it is right (or when it
 * leaves the file to tree-sitter). An exception in the fast parser that is not a refusal is wrong too.
 */
export function hclDisagreement(text: string): string | undefined {
  let fast: ReturnType<typeof fastParseHcl>
  try {
    fast = fastParseHcl(text, true)
  } catch (error) {
    return `the fast HCL parser throws ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`
  }
  if (fast === undefined) return undefined
  const reference = treeSitter.parse(text)
  if (!reference.ok) {
    const { line, column } = reference.range
    return `the fast HCL parser reads a file that tree-sitter rejects at ${line}:${column} (${reference.message})`
  }
  if (isDeepStrictEqual(fast.file, reference.file)) return undefined
  return `the fast HCL parser reads the file differently: ${firstDifference(reference.file, fast.file) ?? 'a difference in shape'}`
}

/** The same for an expression given as text (a `--var` value, a type in JSON syntax). */
export function expressionDisagreement(text: string, range: Range): string | undefined {
  const fast = fastParseDetached(`t = ${text}\n`, range, true)
  if (fast === undefined) return undefined
  const reference = treeSitter.parseExpression(text, range)
  if ('ok' in reference) return `the fast HCL parser reads an expression that tree-sitter rejects (${reference.message})`
  return isDeepStrictEqual(fast, reference) ? undefined : `the fast HCL parser reads the expression differently: ${firstDifference(reference, fast)}`
}

/** Whether the fast parser reads `text` at all (rather than leaving it to tree-sitter). */
export function takesFastPath(text: string): boolean {
  return fastParseHcl(text, true) !== undefined
}
