/** Reading CloudFormation (and SAM) templates, in YAML or JSON, into the document tree. */

import { mapGet } from '../../parse/types.js'
import type { DocNode, ParseResult } from '../../parse/types.js'
import { parseJson } from '../../parse/json.js'
import { parseYaml } from '../../parse/yaml.js'

export { parseJson } from '../../parse/json.js'
export { parseYaml } from '../../parse/yaml.js'

/** JSON when the name ends in `.json` or the text starts with `{`; YAML otherwise. */
export function parseTemplateText(text: string, fileName: string): ParseResult {
  return isJsonTemplate(text, fileName) ? parseJson(text) : parseYaml(text)
}

function isJsonTemplate(text: string, fileName: string): boolean {
  if (fileName.toLowerCase().endsWith('.json')) return true
  const n = text.length
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i)
    if (c === 32 || c === 9 || c === 10 || c === 13 || c === 0xfeff) continue
    return c === 123 // '{'
  }
  return false
}

/**
 * A parsed document is a template when it names `AWSTemplateFormatVersion`, or when it has a
 * `Resources` map with a resource whose `Type` is `AWS::…` (SAM's `AWS::Serverless::…` too) or
 * `Custom::…`.
 */
export function isCloudFormationTemplate(root: DocNode): boolean {
  if (root.kind !== 'map') return false
  if (mapGet(root, 'AWSTemplateFormatVersion') !== undefined) return true
  const resources = mapGet(root, 'Resources')
  if (resources?.kind !== 'map') return false
  for (const entry of resources.entries) {
    const type = mapGet(entry.value, 'Type')
    if (type?.kind !== 'scalar' || typeof type.value !== 'string') continue
    if (type.value.startsWith('AWS::') || type.value.startsWith('Custom::')) return true
  }
  return false
}

/** Cheap test on the text, before any parsing: can this file be a template at all? */
export function looksLikeTemplateText(text: string): boolean {
  return text.includes('AWSTemplateFormatVersion') || text.includes('Resources')
}
