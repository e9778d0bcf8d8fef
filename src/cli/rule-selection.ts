/**
 * `--rule ID[=level]` and `--disable-rule ID`: the configuration's rule levels, narrowed for one
 * run. They win over the configuration file, as command-line flags do.
 */
import { UsageError } from '../engine/files.js'
import type { Config, Level, RuleMeta } from '../index.js'

const LEVELS: readonly Level[] = ['error', 'warning', 'note']

export interface RuleSelection {
  only: Array<{ id: string; level: Level | undefined }>
  disabled: string[]
}

/** `ID`, `ID=level` (or `ID:level`, as some linters spell it). */
export function parseRuleSelection(rules: readonly string[], disabled: readonly string[], known: readonly RuleMeta[]): RuleSelection {
  const only = rules.map((spec) => {
    const separator = spec.search(/[=:]/)
    const id = separator < 0 ? spec : spec.slice(0, separator)
    const level = separator < 0 ? undefined : spec.slice(separator + 1)
    checkKnown(id, '--rule', known)
    if (level !== undefined && !(LEVELS as readonly string[]).includes(level)) {
      throw new UsageError(`--rule ${id}=${level}: the level must be one of ${LEVELS.join(', ')} (or leave it out for the rule's level)`)
    }
    return { id, level: level as Level | undefined }
  })
  for (const id of disabled) checkKnown(id, '--disable-rule', known)
  const both = only.find((entry) => disabled.includes(entry.id))
  if (both) throw new UsageError(`${both.id} is given to both --rule and --disable-rule; give it to one`)
  return { only, disabled: [...disabled] }
}

/**
 * The configuration with the selection applied. With `--rule`, every other rule is off; the
 * findings about the input itself (`parse-error`, `internal-error`, ...) stay, as a template
 * that cannot be read is never a clean one. A rule named is on even when `extends: recommended`
 * leaves it off.
 */
export function applyRuleSelection(config: Config, selection: RuleSelection, rules: readonly RuleMeta[], builtins: readonly RuleMeta[]): Config {
  // `rules` are the checks; `builtins` the findings about the input, which --rule leaves on.
  if (selection.only.length === 0 && selection.disabled.length === 0) return config
  const levels = { ...config.levels }
  if (selection.only.length > 0) {
    for (const meta of rules) levels[meta.id] = 'off'
    for (const { id, level } of selection.only) {
      const meta = [...rules, ...builtins].find((candidate) => candidate.id === id)!
      const configured = config.levels[id]
      levels[id] = level ?? (configured !== undefined && configured !== 'off' ? configured : meta.defaultLevel)
    }
  }
  for (const id of selection.disabled) levels[id] = 'off'
  return { ...config, levels }
}

function checkKnown(id: string, flag: string, known: readonly RuleMeta[]): void {
  if (known.some((meta) => meta.id === id)) return
  const close = closeIds(id, known.map((meta) => meta.id))
  const hint = close.length > 0 ? `; did you mean ${close.join(', ')}?` : ''
  throw new UsageError(`${flag} ${id}: no such rule${hint} (\`iac-lint rules\` lists them)`)
}

/** Ids within a few edits of `id`, or containing it, nearest first; at most three. */
export function closeIds(id: string, ids: readonly string[]): string[] {
  const scored = ids
    .map((candidate) => ({ candidate, distance: editDistance(id, candidate) }))
    .filter(({ candidate, distance }) => distance <= Math.max(2, Math.floor(id.length / 3)) || (id.length >= 3 && candidate.includes(id)))
  scored.sort((a, b) => a.distance - b.distance || (a.candidate < b.candidate ? -1 : 1))
  return scored.slice(0, 3).map(({ candidate }) => candidate)
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, index) => index)
  for (let i = 1; i <= a.length; i++) {
    const current = [i]
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1))
    }
    previous = current
  }
  return previous[b.length]!
}
