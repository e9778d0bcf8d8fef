import type { Finding, FlowStep, Level, RuleMeta } from '../core/types.js'
import type { PriceTable } from '../model/cost.js'
import type { Model } from '../model/model.js'
import type { Element, FactOrigin, Source } from '../model/types.js'

export interface ReportDescriptor {
  /** The model element the finding is about (or a source inside it). */
  at: Element | Source
  message: string
  /**
   * The fact to change, when the finding is about a property's value: the finding then points
   * at the property (where the frontend saw it written) and `at` becomes a related location.
   * A defaulted fact, or one whose origin is unknown, leaves the finding at `at`.
   */
  property?: { at?: FactOrigin } | undefined
  related?: Array<{ at: Element | Source; message: string }>
  properties?: Record<string, unknown>
  flow?: FlowStep[]
  /**
   * For the weaker case of a rule that reports two (an error, and a warning when only a
   * declaration says so): the finding's level is the lower of this and the level the rule runs at.
   */
  atMost?: Level
}

export interface RuleSettings {
  /** Prices for cost rules, the built-in table with the user's overrides. */
  pricing: PriceTable
  /** The metadata of every rule that runs on this model (the rule itself included), for rules about what others could not decide. */
  enabledRules?: readonly RuleMeta[]
}

export interface RuleContext {
  model: Model
  /** `rules.<id>.options` from configuration over the defaults in the rule's `meta.options`. */
  options: Readonly<Record<string, unknown>>
  settings: RuleSettings
  report(descriptor: ReportDescriptor): void
}

export interface Rule {
  meta: RuleMeta
  check(context: RuleContext): void
}

interface RuleDefinition {
  id: string
  meta: Omit<RuleMeta, 'id'>
  check(context: RuleContext): void
}

export function defineRule(definition: RuleDefinition): Rule {
  return { meta: { id: definition.id, ...definition.meta }, check: definition.check }
}

export function sourceOf(at: Element | Source): Source {
  return 'source' in at ? at.source : at
}

export function locationOf(at: Element | Source): Finding['location'] {
  const source = sourceOf(at)
  return {
    file: source.file,
    range: source.range,
    address: source.address,
    ...(source.constructPath === undefined ? {} : { constructPath: source.constructPath }),
  }
}

/**
 * Where a finding points: the property written for `property` when the frontend knows it, else
 * `at`. The second value is `at`'s own location when the two differ, to relate.
 */
export function findingLocation(at: Element | Source, property: { at?: FactOrigin } | undefined): [Finding['location'], Finding['location'] | undefined] {
  const base = locationOf(at)
  const origin = property?.at
  if (!origin || origin.defaulted) return [base, undefined]
  const same = origin.file === base.file && origin.range.line === base.range.line && origin.range.column === base.range.column
  if (same) return [base, undefined]
  return [{ ...base, file: origin.file, range: origin.range }, base]
}
