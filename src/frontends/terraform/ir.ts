/**
 * Terraform resources after evaluation, whatever they were read from (HCL, .tf.json or a plan):
 * the hand-off between the Terraform readers and `from-terraform.ts`, which maps them into the
 * shared model. Values are three-valued like everywhere else: unknown carries its reason.
 */
import type { Range } from '../../parse/types.js'
import type { ExternalFileRefusal } from '../external-file.js'

/** A reference to another resource, as written: `aws_lb.this`, `module.edge.aws_lb.this[0]`, with the attribute used. */
export interface TfRef {
  /** Full resource address including the module path and, when the expression indexes it, the instance key. */
  address: string
  attribute?: string
}

export type TfValue =
  | { kind: 'scalar'; value: string | number | boolean | null; range: Range; refs: TfRef[]; text?: TfText }
  | { kind: 'list'; items: TfValue[]; range: Range; refs: TfRef[]; text?: TfText }
  /** Objects and maps; nested blocks are lists of objects under their block type. */
  | { kind: 'object'; fields: Map<string, TfValue>; range: Range; refs: TfRef[]; text?: TfText }
  /** Not known before apply (or not evaluable here); `refs` keeps the resources it mentions. */
  | { kind: 'unknown'; why: string; range: Range; refs: TfRef[]; text?: TfText }

/**
 * Where a value's text came from, for readers of the structure inside a string (an OpenAPI
 * `body`): kept on the value a function returns, known or not, and on copies of it. A value a
 * function computes from it (`merge`, a template around it) has no such note.
 */
export type TfText =
  /**
   * `jsonencode(value)`: the string is the JSON text of `value`, whose parts may be unknown.
   * `file` is the file `value`'s ranges are in (where `jsonencode` was evaluated).
   */
  | { kind: 'encoded'; value: TfValue; file: string }
  /** `file(path)`: the text of `file` (a path as the scan names files). */
  | { kind: 'file'; file: string; text: string }
  /**
   * `templatefile(path, vars)`: `text` of `file` rendered with `vars` (an object, or unknown),
   * whose ranges are in `varsFile`.
   */
  | { kind: 'template'; file: string; text: string; vars: TfValue; varsFile: string }
  /** `jsondecode(text)`, `yamldecode(text)` of a string whose own text came from `from`. */
  | { kind: 'decoded'; format: 'json' | 'yaml'; from: TfText }
  /**
   * `file(path)` or `templatefile(path, ...)` of a file that was not read, and why (`reason` as
   * `readExternalText` gives it; `size` of a file over `limit` bytes).
   */
  | { kind: 'unread'; file: string; reason: ExternalFileRefusal; message: string; size?: number; limit: number }

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
