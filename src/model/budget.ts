/**
 * Work budgets for evaluating templates and modules. Hostile or generated input can make
 * evaluation grow without bound (parameters that double a list at each step, module diamonds,
 * nested `count`); every evaluator spends from one `Budget` per analysed unit (a template, a
 * Terraform root module). Past a limit the value being computed is *unknown*, so no rule reports
 * on it, and the unit gets one `evaluation-limit` finding that names the budget and the place.
 */
import type { Range } from '../core/types.js'

export interface Limits {
  /** Evaluation steps (one intrinsic, expression or reference) per template or root module. */
  evaluationSteps: number
  /** Characters in any string a template or module computes. */
  maxStringLength: number
  /** Items in any list or map a template or module computes. */
  maxCollectionSize: number
  /** Resource and module instances per Terraform root module (count × for_each × module nesting). */
  maxInstances: number
  /** Values waiting on each other (a parameter whose default refers to another, nested expressions). */
  maxDepth: number
}

export const DEFAULT_LIMITS: Readonly<Limits> = Object.freeze({
  evaluationSteps: 2_000_000,
  maxStringLength: 1_048_576,
  maxCollectionSize: 100_000,
  maxInstances: 50_000,
  maxDepth: 400,
})

/** The range each limit may be configured in: low enough that a scan stays bounded, high enough for real code. */
const LIMIT_BOUNDS: Readonly<Record<keyof Limits, readonly [number, number]>> = Object.freeze({
  evaluationSteps: [10_000, 100_000_000],
  maxStringLength: [1_024, 16_777_216],
  maxCollectionSize: [100, 1_000_000],
  maxInstances: [100, 1_000_000],
  maxDepth: [16, 1_000],
})

/** Which budget ran out: a limit, or a cycle of values that refer to each other. */
export type LimitKind = keyof Limits | 'cycle'

export interface LimitHit {
  kind: LimitKind
  /** What ran out and where, in a sentence: "parameter A refers to itself through B". */
  message: string
  file: string
  range: Range
}

/**
 * One unit's budget. Evaluators call `step()` for each unit of work and check sizes with
 * `fitsString` / `fitsCollection`; each returns false when the limit is crossed, after which the
 * evaluator returns an unknown value. `exhausted` stays true once the step budget ran out, so
 * every later evaluation returns unknown at once instead of spending more.
 */
export class Budget {
  private stepsLeft: number
  /** The first hit of each kind, in the order they happened. */
  readonly hits: LimitHit[] = []
  private readonly kinds = new Set<LimitKind>()

  constructor(readonly limits: Readonly<Limits> = DEFAULT_LIMITS) {
    this.stepsLeft = limits.evaluationSteps
  }

  get exhausted(): boolean {
    return this.stepsLeft <= 0
  }

  /** Spends `n` steps; false (and a hit recorded at `file`/`range`) once the budget is gone. */
  step(file: string, range: Range, n = 1): boolean {
    if (this.stepsLeft <= 0) return false
    this.stepsLeft -= n
    if (this.stepsLeft > 0) return true
    this.hit('evaluationSteps', `evaluation stopped after ${this.limits.evaluationSteps.toLocaleString('en-US')} steps (limits.evaluationSteps)`, file, range)
    return false
  }

  fitsString(length: number, file: string, range: Range): boolean {
    if (length <= this.limits.maxStringLength) return true
    this.hit('maxStringLength', `a computed string would be ${length.toLocaleString('en-US')} characters, over limits.maxStringLength (${this.limits.maxStringLength.toLocaleString('en-US')})`, file, range)
    return false
  }

  fitsCollection(size: number, file: string, range: Range): boolean {
    if (size <= this.limits.maxCollectionSize) return true
    this.hit('maxCollectionSize', `a computed list or map would have ${size.toLocaleString('en-US')} items, over limits.maxCollectionSize (${this.limits.maxCollectionSize.toLocaleString('en-US')})`, file, range)
    return false
  }

  fitsDepth(depth: number, file: string, range: Range): boolean {
    if (depth <= this.limits.maxDepth) return true
    this.hit('maxDepth', `values refer to each other more than limits.maxDepth (${this.limits.maxDepth}) levels deep`, file, range)
    return false
  }

  fitsInstances(count: number, file: string, range: Range): boolean {
    if (count <= this.limits.maxInstances) return true
    this.hit('maxInstances', `expanding would make more than limits.maxInstances (${this.limits.maxInstances.toLocaleString('en-US')}) resource and module instances`, file, range)
    return false
  }

  /** Records a hit; only the first of each kind is kept (one finding names each budget once). */
  hit(kind: LimitKind, message: string, file: string, range: Range): void {
    if (this.kinds.has(kind)) return
    this.kinds.add(kind)
    this.hits.push({ kind, message, file, range })
  }
}

/** Limits from a configuration's `limits` section, each clamped into its bounds. */
export function limitsFrom(overrides: Partial<Limits> | undefined): Limits {
  const limits = { ...DEFAULT_LIMITS }
  if (!overrides) return limits
  for (const key of Object.keys(LIMIT_BOUNDS) as Array<keyof Limits>) {
    const value = overrides[key]
    if (typeof value !== 'number' || !Number.isFinite(value)) continue
    const [low, high] = LIMIT_BOUNDS[key]
    limits[key] = Math.min(high, Math.max(low, Math.floor(value)))
  }
  return limits
}
