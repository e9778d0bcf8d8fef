/**
 * `jsonc-parser`, loaded on first use: the fast path of `json.ts` reads nearly every file without
 * it, so a scan pays for loading it only when a file has an error to explain (or a Terraform plan
 * is told from other JSON).
 */
import { createRequire } from 'node:module'
import { BUNDLED } from '../core/bundled.js'
import type * as JsoncModule from 'jsonc-parser'

export type Jsonc = typeof JsoncModule

let library: Jsonc | undefined

export function jsonc(): Jsonc {
  // The bundle carries the library as a file of its own beside it, loaded as late as here.
  library ??= createRequire(import.meta.url)(BUNDLED ? './jsonc.cjs' : 'jsonc-parser') as Jsonc
  return library
}
