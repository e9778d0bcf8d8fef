/**
 * The order CloudFormation creates resources in: a resource waits for those it names in
 * `DependsOn` and for those its properties reference (`Ref`, `Fn::GetAtt`, `Fn::Sub`), and so,
 * through them, for everything they wait for.
 */
import { mapGet, type DocNode } from '../../../parse/types.js'
import { known, unknown, type Fact } from '../../../model/types.js'
import type { BuildContext, TemplateResource } from './context.js'

/**
 * The resources `resource` is created after, directly or through others, `at` its `DependsOn`
 * (defaulted at the resource without one). Unknown when a `DependsOn` on the way cannot be read:
 * the resource may wait for anything.
 */
export function createdAfter(context: BuildContext, resource: TemplateResource): Fact<string[]> {
  const dependsOn = mapGet(resource.entry.value, 'DependsOn')
  const at = dependsOn ? context.read.origin(dependsOn) : context.read.defaultOrigin()
  const seen = new Set<string>()
  const queue = [resource.id]
  while (queue.length > 0) {
    const direct = directDependencies(context, queue.shift()!)
    if (!direct.known) return unknown(direct.why, at)
    for (const id of direct.value) {
      if (seen.has(id) || id === resource.id) continue
      seen.add(id)
      queue.push(id)
    }
  }
  return known([...seen], at)
}

/** What one resource names in `DependsOn` and references in its properties, among the template's resources. */
function directDependencies(context: BuildContext, id: string): Fact<string[]> {
  const cached = context.dependencies.get(id)
  if (cached) return cached
  const resource = context.byId.get(id)
  let result: Fact<string[]>
  if (!resource) {
    result = known([])
  } else {
    const named = dependsOnIds(mapGet(resource.entry.value, 'DependsOn'))
    result = named === undefined
      ? unknown(`the DependsOn of ${id} is not a resource name or a list of them`)
      : known([
          ...new Set(
            [...named, ...context.read.resolver.references(resource.properties).map((ref) => ref.resource)].filter((name) => context.byId.has(name)),
          ),
        ])
  }
  context.dependencies.set(id, result)
  return result
}

/** The names `DependsOn` gives: one name or a list of names; undefined for anything else (CloudFormation allows no intrinsic there). */
function dependsOnIds(node: DocNode | undefined): string[] | undefined {
  if (!node) return []
  if (node.kind === 'scalar') return typeof node.value === 'string' ? [node.value] : undefined
  if (node.kind !== 'seq') return undefined
  const names: string[] = []
  for (const item of node.items) {
    if (item.kind !== 'scalar' || typeof item.value !== 'string') return undefined
    names.push(item.value)
  }
  return names
}
