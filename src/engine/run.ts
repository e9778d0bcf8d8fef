import type { Finding, Level, RuleMeta } from '../core/types.js'
import type { Model } from '../model/model.js'
import { PRICE_TABLE } from '../model/cost.js'
import { internalErrorFinding } from '../core/builtin.js'
import { LEVEL_RANK } from '../core/levels.js'
import { findingLocation, locationOf, sourceOf, type Rule, type RuleSettings } from './rule.js'

export type LevelSetting = Level | 'off'

/** `extends` in configuration: the rules that run at their default level unless `rules` says otherwise. */
export type RuleSet = 'recommended' | 'all'

export interface RunSettings {
  levels?: Readonly<Record<string, LevelSetting>>
  ruleSet?: RuleSet
  options?: Readonly<Record<string, Readonly<Record<string, unknown>>>>
  settings?: RuleSettings
}

const DEFAULT_SETTINGS: RuleSettings = { pricing: PRICE_TABLE }

/** The level a rule runs at: the configured one, else its default, or off when it is outside the rule set. */
export function levelOf(meta: RuleMeta, levels: Readonly<Record<string, LevelSetting>> = {}, ruleSet: RuleSet = 'recommended'): LevelSetting {
  const configured = levels[meta.id]
  if (configured !== undefined) return configured
  return meta.recommended === false && ruleSet !== 'all' ? 'off' : meta.defaultLevel
}

/** Runs every rule that applies to the model's framework, each at its `levelOf`. */
export function runRules(model: Model, rules: readonly Rule[], run: RunSettings = {}): Finding[] {
  const findings: Finding[] = []
  const enabled: Array<{ rule: Rule; level: Level }> = []
  for (const rule of rules) {
    const level = levelOf(rule.meta, run.levels, run.ruleSet)
    if (level !== 'off' && rule.meta.frameworks.includes(model.framework)) enabled.push({ rule, level })
  }
  const settings: RuleSettings = { ...(run.settings ?? DEFAULT_SETTINGS), enabledRules: enabled.map(({ rule }) => rule.meta) }
  for (const { rule, level } of enabled) {
    try {
      findings.push(...checkOne(rule, level, model, { ...run, settings }))
    } catch (error) {
      // One rule failing on one unit loses only that rule's findings there.
      findings.push(internalErrorFinding(model.origin, `running ${rule.meta.id} on`, error))
    }
  }
  return findings
}

function checkOne(rule: Rule, level: Level, model: Model, run: RunSettings): Finding[] {
  const findings: Finding[] = []
  {
    rule.check({
      model,
      options: optionsOf(rule.meta, run.options?.[rule.meta.id]),
      settings: run.settings ?? DEFAULT_SETTINGS,
      report(descriptor) {
        const [location, element] = findingLocation(descriptor.at, descriptor.property)
        const capped = descriptor.atMost !== undefined && LEVEL_RANK[descriptor.atMost] < LEVEL_RANK[level] ? descriptor.atMost : level
        const finding: Finding = { ruleId: rule.meta.id, level: capped, message: descriptor.message, location }
        const related = [
          ...(element ? [{ ...element, message: element.address === undefined ? 'the resource' : `the resource ${element.address}` }] : []),
          ...(descriptor.related ?? []).map((other) => ({ ...locationOf(other.at), message: other.message })),
        ]
        if (related.length) finding.related = related
        // A finding read from a Terraform plan also points at the block in the .tf sources.
        const configLocation = sourceOf(descriptor.at).configLocation
        if (configLocation) (finding.related ??= []).push({ ...configLocation, message: 'Terraform source' })
        if (descriptor.properties) finding.properties = descriptor.properties
        if (descriptor.flow) finding.flow = descriptor.flow
        findings.push(finding)
      },
    })
  }
  return findings
}

/** The options configured for a rule, over the defaults its metadata documents. */
function optionsOf(meta: RuleMeta, configured: Readonly<Record<string, unknown>> = {}): Record<string, unknown> {
  const defaults = Object.entries(meta.options ?? {}).map(([name, option]) => [name, option.default] as const)
  return { ...Object.fromEntries(defaults), ...configured }
}

export function compareFindings(a: Finding, b: Finding): number {
  const fa = a.location
  const fb = b.location
  if (fa.file !== fb.file) return fa.file < fb.file ? -1 : 1
  return (
    fa.range.line - fb.range.line ||
    fa.range.column - fb.range.column ||
    (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0) ||
    (a.message < b.message ? -1 : a.message > b.message ? 1 : 0)
  )
}
