/** CloudFormation suppressions: `Metadata: { iac-lint: { ignore: [...] } }` on the template or a resource, and the spans comments apply to. */
import type { Span, Suppression } from '../../core/types.js'
import { mapGet, type DocNode } from '../../parse/types.js'

/** Every map entry of a document as a span, for comment directives in YAML. */
export function documentSpans(root: DocNode): Span[] {
  const spans: Span[] = []
  const pending: DocNode[] = [root]
  while (pending.length > 0) {
    const node = pending.pop()!
    if (node.kind === 'map') {
      for (const entry of node.entries) {
        spans.push({ startLine: entry.keyRange.line, endLine: Math.max(entry.keyRange.endLine, entry.value.range.endLine) })
        pending.push(entry.value)
      }
    } else if (node.kind === 'seq') {
      for (const item of node.items) {
        spans.push({ startLine: item.range.line, endLine: item.range.endLine })
        pending.push(item)
      }
    }
  }
  return spans
}

/** `Metadata.iac-lint.ignore` on the template and on each resource. */
export function metadataSuppressions(file: string, root: DocNode): Suppression[] {
  const found = fromIgnoreList(file, mapGet(mapGet(mapGet(root, 'Metadata'), 'iac-lint'), 'ignore'), { kind: 'file' })
  const resources = mapGet(root, 'Resources')
  if (resources?.kind === 'map') {
    for (const entry of resources.entries) {
      const list = mapGet(mapGet(mapGet(entry.value, 'Metadata'), 'iac-lint'), 'ignore')
      found.push(...fromIgnoreList(file, list, { kind: 'resource', address: entry.key }))
    }
  }
  return found
}

function fromIgnoreList(file: string, list: DocNode | undefined, scope: Suppression['scope']): Suppression[] {
  if (list?.kind !== 'seq') return []
  const found: Suppression[] = []
  for (const item of list.items) {
    if (item.kind === 'scalar' && typeof item.value === 'string') {
      found.push({ file, rules: [item.value], reason: undefined, until: undefined, range: item.range, scope })
    } else if (item.kind === 'map') {
      const text = (key: string): string | undefined => {
        const value = mapGet(item, key)
        return value?.kind === 'scalar' && value.value !== null ? String(value.value) : undefined
      }
      const rule = text('rule')
      if (rule) found.push({ file, rules: [rule], reason: text('reason'), until: text('until'), range: item.range, scope })
    }
  }
  return found
}
