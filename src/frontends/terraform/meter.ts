/**
 * The budget of one root module (`src/model/budget.ts`) as its evaluation spends it. The meter
 * knows which file's expressions are being evaluated, so a limit is reported in the file where it
 * was crossed, and how deeply values are being evaluated inside each other right now.
 */
import type { Budget, LimitKind } from '../../model/budget.js'
import type { Range } from '../../parse/types.js'
import type { TfValue } from './ir.js'
import { allRefs, unknownValue, type UnknownValue } from './values.js'

/** Why a value is unknown past a budget; the `evaluation-limit` finding says which budget ran out and where. */
export const PAST_A_LIMIT = 'not evaluated: iac-lint stopped at an evaluation limit'

/**
 * Characters of computed text that cost one step. Text is work like any other: without a price,
 * a loop could build a megabyte string on every one of its steps.
 */
const CHARACTERS_PER_STEP = 16

export class Meter {
  private depth = 0

  constructor(
    private readonly budget: Budget,
    /** The file whose expressions are evaluated now. */
    public file: string,
  ) {}

  get maxStringLength(): number {
    return this.budget.limits.maxStringLength
  }

  get maxCollectionSize(): number {
    return this.budget.limits.maxCollectionSize
  }

  /** Runs `evaluate` with the expressions of `file`. */
  in<T>(file: string, evaluate: () => T): T {
    const previous = this.file
    this.file = file
    try {
      return evaluate()
    } finally {
      this.file = previous
    }
  }

  /** Spends `n` steps; false once the budget is gone, and from then on every time. */
  step(range: Range, n = 1): boolean {
    return this.budget.step(this.file, range, n)
  }

  /** A new list or map of `size` items: within `maxCollectionSize`, and one step per item. */
  collection(size: number, range: Range): boolean {
    return this.budget.fitsCollection(size, this.file, range) && this.step(range, size)
  }

  /** A new string of `length` characters: within `maxStringLength`, and its price in steps. */
  text(length: number, range: Range): boolean {
    return this.budget.fitsString(length, this.file, range) && this.step(range, Math.ceil(length / CHARACTERS_PER_STEP))
  }

  /** A value nested `depth` levels deep: the walks over values recurse once per level. */
  nesting(depth: number, range: Range): boolean {
    return this.budget.fitsDepth(depth, this.file, range)
  }

  instances(total: number, range: Range): boolean {
    return this.budget.fitsInstances(total, this.file, range)
  }

  /**
   * One more value evaluated inside the ones being evaluated (a nested expression, a reference
   * followed); false past `maxDepth`. Every `enter` that returns true is matched by a `leave`.
   */
  enter(range: Range): boolean {
    if (!this.budget.fitsDepth(this.depth + 1, this.file, range)) return false
    this.depth++
    return true
  }

  leave(): void {
    this.depth--
  }

  hit(kind: LimitKind, message: string, range: Range): void {
    this.budget.hit(kind, message, this.file, range)
  }

  /** The value past a budget: unknown, never an error `try` would skip, with the resources `inputs` mention. */
  limited(range: Range, inputs: readonly TfValue[] = []): UnknownValue {
    return unknownValue(PAST_A_LIMIT, range, inputs.length > 0 ? allRefs(inputs) : [])
  }
}
