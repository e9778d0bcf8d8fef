import type { Finding, FlowStep, RuleMeta } from '../core/types.js'
import type { PriceTable } from '../model/cost.js'
import type { Model } from '../model/model.js'
import type { Element, Source } from '../model/types.js'

export interface ReportDescriptor {
  /** The model element the finding is about (or a source inside it). */
  at: Element | Source
  message: string
  related?: Array<{ at: Element | Source; message: string }>
  properties?: Record<string, unknown>
  flow?: FlowStep[]
}

export interface RuleSettings {
  /** Prices for cost rules, the built-in table with the user's overrides. */
  pricing: PriceTable
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
