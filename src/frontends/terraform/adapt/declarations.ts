/**
 * Declared intent in Terraform: a front door's tags `iac-lint:exposure`, `iac-lint:needs`
 * (comma-separated), `iac-lint:max-request-kb` and `iac-lint:max-response-kb`, and a load
 * balancer's traffic tags (an API's are read by its adapter). Checked by the model's
 * `readDeclaration`; a value it does not accept becomes a `declaration-invalid` finding at the tag.
 */
import { declarationInvalidFinding } from '../../../core/builtin.js'
import { readDeclaration, setDeclaration, type RawDeclaration } from '../../../model/declarations.js'
import { trafficDeclaration } from './apigateway.js'
import type { BuildContext } from './context.js'
import { field, readerOf } from './read.js'

export const DECLARATION_TAGS = {
  exposure: 'iac-lint:exposure',
  needs: 'iac-lint:needs',
  maxRequestKB: 'iac-lint:max-request-kb',
  maxResponseKB: 'iac-lint:max-response-kb',
} as const

/** Reads the declarations of every API and load balancer the model holds from their resources' tags. */
export function addDeclarations(context: BuildContext): void {
  for (const door of [...context.model.all('api'), ...context.model.all('load-balancer')]) {
    const resource = context.resource(door.source.address)
    const tags = field(resource?.body, 'tags')
    if (!resource || tags?.kind !== 'object') continue
    const { str, strList } = readerOf(resource)
    const raw: RawDeclaration = {}
    const tag = (name: string) => field(tags, name)
    const exposure = tag(DECLARATION_TAGS.exposure)
    if (exposure) raw.exposure = { key: `tag ${DECLARATION_TAGS.exposure}`, value: str(exposure) }
    const needs = tag(DECLARATION_TAGS.needs)
    if (needs) raw.needs = { key: `tag ${DECLARATION_TAGS.needs}`, value: strList(needs, []) }
    for (const name of ['maxRequestKB', 'maxResponseKB'] as const) {
      const value = tag(DECLARATION_TAGS[name])
      if (value) raw[name] = { key: `tag ${DECLARATION_TAGS[name]}`, value: str(value) }
    }
    const { declaration, problems } = readDeclaration(raw)
    for (const problem of problems) {
      const range = problem.at?.range ?? resource.location.range
      const file = problem.at?.file ?? resource.location.file
      context.model.inputFindings.push(declarationInvalidFinding({ file, range, address: resource.address }, problem.message))
    }
    setDeclaration(door, declaration)
    if (door.kind === 'load-balancer' && door.traffic === undefined) {
      const traffic = trafficDeclaration(context, resource)
      if (traffic) door.traffic = traffic
    }
  }
}
