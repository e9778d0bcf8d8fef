import { known, unknown, type ElementIndex, type Fact, type Stage, type WafAssociation } from '../../src/model/types.js'

/**
 * The web ACL association that protects a REST stage: one that names the stage, or its API (an
 * ARN with the API's id, which the frontends resolve to the API). Unknown when none does but an
 * association's resource cannot be resolved (it may be this stage); known undefined when none does.
 */
export function stageWafAssociation(model: ElementIndex, stage: Stage): Fact<WafAssociation | undefined> {
  const associations = model.all('waf-association')
  const own = associations.find((association) => association.resource === stage.id || association.resource === stage.api)
  if (own) return known(own)
  const unresolved = associations.find((association) => association.resource === undefined)
  if (unresolved) return unknown(`web ACL association ${unresolved.source.address} protects a resource that cannot be resolved`)
  return known(undefined)
}
