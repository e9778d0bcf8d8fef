/**
 * What a Terraform plan says it will do to each resource: `resource_changes[].change.actions`
 * by address (`["no-op"]`, `["create"]`, `["delete", "create"]`, ...). Review reads it to tell the
 * resources a plan changes from those it leaves as they are.
 */
import { parseJson } from '../../../parse/json.js'
import { mapGet, type DocNode } from '../../../parse/types.js'

/** The actions by resource address; undefined when the text is not a plan that can be read. */
export function planActions(text: string): Map<string, string[]> | undefined {
  const parsed = parseJson(text)
  if (!parsed.ok || parsed.root.kind !== 'map') return undefined
  const changes = mapGet(parsed.root, 'resource_changes')
  if (changes === undefined) return new Map()
  if (changes.kind !== 'seq') return undefined
  const actions = new Map<string, string[]>()
  for (const entry of changes.items) {
    // A deposed object is the old half of a replacement; the new one has the same address.
    if (mapGet(entry, 'deposed') !== undefined) continue
    const address = scalarText(mapGet(entry, 'address'))
    const list = mapGet(mapGet(entry, 'change'), 'actions')
    if (address === undefined || list?.kind !== 'seq') continue
    actions.set(address, list.items.flatMap((item) => scalarText(item) ?? []))
  }
  return actions
}

function scalarText(node: DocNode | undefined): string | undefined {
  return node?.kind === 'scalar' && typeof node.value === 'string' ? node.value : undefined
}
