/**
 * What a frontend gives the engine for one unit (a template, a plan, a Terraform root module):
 * a model with the suppressions written in it, a finding about why it could not be read, or a
 * skip (with a notice when the user named the file).
 */
import type { Finding, Suppression } from '../core/types.js'
import type { Model } from '../model/model.js'

export type FileOutcome =
  | { kind: 'model'; model: Model; suppressions: Suppression[] }
  | { kind: 'failed'; finding: Finding }
  | { kind: 'skipped'; notice?: string }
