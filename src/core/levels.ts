import type { Level } from './types.js'

/** Levels in order, for "at or above" (`--fail-on`) and for sorting findings by level. */
export const LEVEL_RANK: Record<Level, number> = { note: 1, warning: 2, error: 3 }
