/**
 * An OpenAPI definition as both frontends hand it to the one reader of OpenAPI (`read.ts`): a
 * tree of maps, lists and scalars, each node saying where it is written (the template, or the
 * external file a `DefinitionUri`, `file()` or `templatefile()` names), with the parts a frontend
 * cannot resolve left unknown with the reason. A frontend converts its own values into this tree
 * (CloudFormation: document nodes through the resolver, intrinsic functions included; Terraform:
 * evaluated values, `jsonencode(...)` arguments, files read for `file()` and `templatefile()`), so
 * that reading paths, methods, integrations and security schemes is written once.
 */
import type { FactOrigin } from '../../model/types.js'

export type OaNode =
  | { kind: 'map'; entries: readonly OaEntry[]; at: FactOrigin }
  | { kind: 'list'; items: readonly OaNode[]; at: FactOrigin }
  /**
   * A known value. `refs` are the resources the value was built from, as the frontend names them
   * (CloudFormation logical ids, Terraform addresses): an integration `uri` of
   * `!Sub arn:...:${Fn.Arn}/invocations` is a known or unknown string with `refs: ['Fn']`.
   */
  | { kind: 'scalar'; value: string | number | boolean | null; at: FactOrigin; refs: readonly string[] }
  | { kind: 'unknown'; why: string; at: FactOrigin; refs: readonly string[] }

export interface OaEntry {
  key: string
  /** Where the key is written: what a finding on the path or method points at. */
  keyAt: FactOrigin
  value: OaNode
}

/** The value of `key` in a map node, or undefined. */
export function oaGet(node: OaNode | undefined, key: string): OaNode | undefined {
  if (node?.kind !== 'map') return undefined
  for (const entry of node.entries) if (entry.key === key) return entry.value
  return undefined
}

/** The entry of `key` in a map node, or undefined. */
export function oaEntry(node: OaNode | undefined, key: string): OaEntry | undefined {
  if (node?.kind !== 'map') return undefined
  for (const entry of node.entries) if (entry.key === key) return entry
  return undefined
}
