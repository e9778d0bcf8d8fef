/**
 * Only for src/engine/terraform.ts, which the Terraform work in progress owns: the shared types
 * live in src/core/types.ts. Remove this file when that one imports src/core (the layer check
 * keeps anything else from importing it).
 */
export type { Finding } from '../core/types.js'
