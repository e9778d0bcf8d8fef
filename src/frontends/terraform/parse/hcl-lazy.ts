/**
 * The HCL parser a scan uses: the fast parser (`hcl-fast.ts`) first, tree-sitter (`hcl.ts`) for
 * whatever the fast parser is not sure of. The tree-sitter runtime and its grammar are loaded only
 * then, so a module folder that the fast parser reads whole never loads them: that is most of the
 * start-up time of a scan of one `.tf` folder.
 *
 * Loading tree-sitter is asynchronous and parsing is not: a method that needs tree-sitter before
 * it is loaded throws `TreeSitterNeeded`, and `withTreeSitter` loads it and runs the work again.
 */
import type { Range } from '../../../parse/types.js'
import { expressionCode, jsonTemplate, loadHclParser, type HclParser } from './hcl.js'
import { fastParseDetached, fastParseHcl } from './hcl-fast.js'
import type { Expr, SyntaxFailure, SyntaxResult } from './syntax.js'

/** The fast parser gave up and tree-sitter is not loaded yet. */
export class TreeSitterNeeded extends Error {
  constructor() {
    super('the HCL fallback parser is not loaded')
  }
}

export interface LazyHclParser extends HclParser {
  /** Loads tree-sitter; after it, no method throws `TreeSitterNeeded`. */
  loadFallback(): Promise<void>
  /** Files and expressions tree-sitter read since the parser was made (the fast parser was not sure of them). */
  readonly fallbacks: number
}

export function lazyHclParser(): LazyHclParser {
  let full: HclParser | undefined
  let fallbacks = 0
  const fallback = (): HclParser => {
    if (!full) throw new TreeSitterNeeded()
    fallbacks++
    return full
  }
  return {
    get fallbacks() {
      return fallbacks
    },
    async loadFallback() {
      full ??= await loadHclParser()
    },
    parse(text: string): SyntaxResult {
      const fast = fastParseHcl(text)
      return fast ? { ok: true, file: fast.file } : fallback().parse(text)
    },
    parseTemplate(text: string, range: Range): Expr | SyntaxFailure {
      return jsonTemplate(text, range, (code) => fastParseDetached(code, range)) ?? fallback().parseTemplate(text, range)
    },
    parseExpression(text: string, range: Range): Expr | SyntaxFailure {
      return fastParseDetached(expressionCode(text), range) ?? fallback().parseExpression(text, range)
    },
  }
}

/** `work()` with `hcl`; when a lazy parser needs tree-sitter for it, tree-sitter is loaded and `work()` runs again. */
export async function withTreeSitter<T>(hcl: HclParser, work: () => T): Promise<T> {
  try {
    return work()
  } catch (error) {
    if (!(error instanceof TreeSitterNeeded) || !('loadFallback' in hcl)) throw error
    await (hcl as LazyHclParser).loadFallback()
    return work()
  }
}
