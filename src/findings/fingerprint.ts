/**
 * A finding's identity across runs, for the baseline and SARIF `partialFingerprints`: what stays
 * put when unrelated lines move or a price changes, so a finding keeps its identity across commits.
 */
import { createRequire } from 'node:module'
import type * as Crypto from 'node:crypto'
import type { Finding } from '../core/types.js'
import { repositoryRelative } from './paths.js'

/**
 * A number standing alone (`3,000`, `$2,352.43`, `7.9`, the `128` of `128MB`), not one inside a
 * name (`t3`, `api-2`, `nodejs18.x`) or an index (`aws_lb.edge[1]`): prices, rates and counts
 * that a new price list or a changed traffic declaration moves.
 */
const NUMBER = /(?<![\p{L}\p{N}_\-[])\$?\d+(?:[.,]\d+)*/gu

/** The message with its numbers replaced by `#`, so a finding whose figures change is the same finding. */
function normaliseMessage(message: string): string {
  return message.replace(NUMBER, '#')
}

/** sha256 of rule id, repository-relative file, resource address and normalised message; 32 hex digits. */
export function fingerprint(finding: Finding, cwd: string): string {
  return digest(finding.ruleId, repositoryRelative(finding.location.file, cwd), finding.location.address ?? '', normaliseMessage(finding.message))
}

/**
 * The fingerprint of version 1 baselines, over the message as written: kept so that a baseline
 * written by an older iac-lint still matches the findings it recorded.
 */
export function versionOneFingerprint(finding: Finding, cwd: string): string {
  return digest(finding.ruleId, repositoryRelative(finding.location.file, cwd), finding.location.address ?? '', finding.message)
}

function digest(...parts: string[]): string {
  return crypto().createHash('sha256').update(parts.join('\0')).digest('hex').slice(0, 32)
}

/** Node's crypto module, loaded when the first fingerprint is made: a scan that writes text or JSON makes none. */
let cryptoModule: typeof Crypto | undefined
function crypto(): typeof Crypto {
  cryptoModule ??= createRequire(import.meta.url)('node:crypto') as typeof Crypto
  return cryptoModule
}
