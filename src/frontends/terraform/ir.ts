/**
 * Terraform resources after evaluation, whatever they were read from (HCL, .tf.json or a plan):
 * the hand-off between the Terraform readers and `from-terraform.ts`, which maps them into the
 * shared model. Values are three-valued like everywhere else: unknown carries its reason.
 */
import type { Range } from '../../parse/types.js'

/** A reference to another resource, as written: `aws_lb.this`, `module.edge.aws_lb.this[0]`, with the attribute used. */
export interface TfRef {
  /** Full resource address including the module path and, when the expression indexes it, the instance key. */
  address: string
  attribute?: string
}

export type TfValue =
  | { kind: 'scalar'; value: string | number | boolean | null; range: Range; refs: TfRef[] }
  | { kind: 'list'; items: TfValue[]; range: Range; refs: TfRef[] }
  /** Objects and maps; nested blocks are lists of objects under their block type. */
  | { kind: 'object'; fields: Map<string, TfValue>; range: Range; refs: TfRef[] }
  /** Not known before apply (or not evaluable here); `refs` keeps the resources it mentions. */
  | { kind: 'unknown'; why: string; range: Range; refs: TfRef[] }

export interface TfLocation {
  file: string
  range: Range
}

export interface TfResource {
  /** `aws_lb.this`, `aws_lb.this[0]`, `aws_lb.this["a"]`, `module.edge.aws_lb_listener.this`. */
  address: string
  type: string
  mode: 'managed' | 'data'
  /** The resource block (HCL, .tf.json) or the resource's entry in a plan. */
  location: TfLocation
  /** For plan resources: the `.tf` block of the same resource, when those sources are in the scan. */
  configLocation?: TfLocation
  /** Evaluated arguments and nested blocks. */
  body: Extract<TfValue, { kind: 'object' }>
}
