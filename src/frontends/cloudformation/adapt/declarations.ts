/**
 * Declared intent in a template: a front door's `Metadata.iac-lint` keys `exposure`, `needs` (a
 * list or a comma-separated string), `maxRequestKB` and `maxResponseKB`, and a load balancer's
 * `traffic` (an API's is read by its adapter). Checked by the model's `readDeclaration`; a value it
 * does not accept becomes a `declaration-invalid` finding at the value.
 */
import { declarationInvalidFinding } from '../../../core/builtin.js'
import { readDeclaration, setDeclaration, type RawDeclaration } from '../../../model/declarations.js'
import { mapGet } from '../../../parse/types.js'
import { trafficDeclaration, type BuildContext } from './context.js'

/** Reads the declarations of every API and load balancer the model holds from their resources' metadata. */
export function addDeclarations(context: BuildContext): void {
  for (const door of [...context.model.all('api'), ...context.model.all('load-balancer')]) {
    const resource = context.byId.get(door.source.address)
    const block = mapGet(resource?.metadata, 'iac-lint')
    if (!resource || !block) continue
    const read = context.read.within(resource.entry.keyRange)
    const raw: RawDeclaration = {}
    const exposure = mapGet(block, 'exposure')
    if (exposure) raw.exposure = { key: 'Metadata.iac-lint.exposure', value: read.str(exposure) }
    const needs = mapGet(block, 'needs')
    if (needs) raw.needs = { key: 'Metadata.iac-lint.needs', value: read.strList(needs) }
    for (const name of ['maxRequestKB', 'maxResponseKB'] as const) {
      const node = mapGet(block, name)
      if (node) raw[name] = { key: `Metadata.iac-lint.${name}`, value: read.str(node) }
    }
    const { declaration, problems } = readDeclaration(raw)
    for (const problem of problems) {
      const range = problem.at?.range ?? resource.entry.keyRange
      context.model.inputFindings.push(declarationInvalidFinding({ file: read.file, range, address: resource.id }, problem.message))
    }
    setDeclaration(door, declaration)
    if (door.kind === 'load-balancer' && door.traffic === undefined) {
      const traffic = trafficDeclaration(context, resource)
      if (traffic) door.traffic = traffic
    }
  }
}
