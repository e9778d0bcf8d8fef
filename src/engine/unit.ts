import type { Finding } from '../core/types.js'
import type { Suppression } from '../core/types.js'

/** One analysed unit after its rules ran: plain data, so it can come back from a worker thread. */
export interface CheckedUnit {
  findings: Finding[]
  suppressions: Suppression[]
  notice?: string
  analysed: boolean
}
