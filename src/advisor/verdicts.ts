/**
 * What a fit or cost finding implies for its front door's verdict, rule by rule. The advisor
 * takes its verdict from these and from nothing else, so it cannot disagree with the rules: a
 * rule whose finding means "use another front door" names that front door here, one whose
 * finding means "keep it, change this" says so. A fit or cost rule missing from the table still
 * counts (as a change to make); `test/front-doors.test.ts` fails until it has its own entry.
 */
import type { Finding, Level } from '../core/types.js'

/** The front doors a verdict can move to. */
export type FrontDoorChoice = 'rest-api' | 'http-api' | 'websocket-api' | 'alb'

export const CHOICE_NAMES: Readonly<Record<FrontDoorChoice, string>> = {
  'rest-api': 'a REST API',
  'http-api': 'an HTTP API',
  'websocket-api': 'a WebSocket API',
  alb: 'an Application Load Balancer',
}

/**
 * - `move`: the finding says another front door serves this one's traffic better (`to`);
 * - `fix`: the front door stays, and what the finding names changes;
 * - `declare`: the rules need a declaration (traffic, exposure, needs) before they can judge.
 */
export type Implication = { kind: 'move'; to: FrontDoorChoice } | { kind: 'fix' } | { kind: 'declare' }

/** One entry per fit and cost rule (a test holds the two lists equal). */
export const RULE_IMPLICATIONS: Readonly<Record<string, Implication>> = {
  'apigw-high-traffic-cost': { kind: 'move', to: 'alb' },
  'apigw-rest-without-rest-features': { kind: 'move', to: 'http-api' },
  'apigw-internal-traffic': { kind: 'move', to: 'alb' },
  'apigw-http-api-missing-rest-features': { kind: 'move', to: 'rest-api' },
  'alb-api-management-gap': { kind: 'move', to: 'rest-api' },
  'alb-low-traffic-lambda-only': { kind: 'move', to: 'http-api' },
  'alb-large-payload-cost': { kind: 'move', to: 'http-api' },
  'payload-exceeds-front-door-limit': { kind: 'fix' },
  'front-door-protocol-mismatch': { kind: 'fix' },
  'lambda-multiple-front-doors': { kind: 'fix' },
  'apigw-cache-idle': { kind: 'fix' },
  'apigw-vpclink-nlb-alb-chain': { kind: 'fix' },
  'alb-sprawl': { kind: 'fix' },
  'alb-rule-evaluation-cost': { kind: 'fix' },
  'traffic-profile-missing': { kind: 'declare' },
}

/** What a fit or cost rule without an entry implies: its finding is a change to make. */
export const GENERIC_IMPLICATION: Implication = { kind: 'fix' }

export function implicationOf(ruleId: string): Implication {
  return Object.hasOwn(RULE_IMPLICATIONS, ruleId) ? RULE_IMPLICATIONS[ruleId]! : GENERIC_IMPLICATION
}

/** One reason of a verdict: a finding, with what it implies. */
export interface FindingReason {
  finding: Finding
  implication: Implication
}

export interface Verdict {
  kind: 'keep' | 'move'
  /** The front door to move to; for `move` only. */
  to?: FrontDoorChoice
  /** Other front doors findings point to, less pressing than `to`. */
  alternatives: FrontDoorChoice[]
  /** The findings behind the verdict, most pressing first. */
  reasons: FindingReason[]
  /** How many of the reasons are changes to make on the front door as it is. */
  fixes: number
  /** True when a rule asks for a declaration before it can judge. */
  needsDeclaration: boolean
  /**
   * For a move from API Gateway to an ALB: the features of the API an ALB cannot give, whose
   * endpoints stay on API Gateway (as apigw-high-traffic-cost says); absent otherwise.
   */
  keepOnApiGateway?: string[]
}

const LEVEL_ORDER: Readonly<Record<Level, number>> = { error: 0, warning: 1, note: 2 }

/**
 * The verdict the findings give: move to the front door the most pressing finding names (by
 * level, then fit before cost, then the rule id), with the others it names as alternatives; keep
 * otherwise. A move to what the front door already is counts as a fix.
 */
export function verdictOf(findings: readonly Finding[], categoryOf: (ruleId: string) => string | undefined, current: FrontDoorChoice | undefined): Verdict {
  const reasons = [...findings]
    .sort(
      (a, b) =>
        LEVEL_ORDER[a.level] - LEVEL_ORDER[b.level] ||
        (categoryOf(a.ruleId) === categoryOf(b.ruleId) ? 0 : categoryOf(a.ruleId) === 'fit' ? -1 : 1) ||
        (a.ruleId < b.ruleId ? -1 : a.ruleId > b.ruleId ? 1 : 0),
    )
    .map((finding): FindingReason => {
      const implication = implicationOf(finding.ruleId)
      return { finding, implication: implication.kind === 'move' && implication.to === current ? { kind: 'fix' } : implication }
    })
  const targets = [...new Set(reasons.flatMap(({ implication }) => (implication.kind === 'move' ? [implication.to] : [])))]
  const fixes = reasons.filter(({ implication }) => implication.kind === 'fix').length
  const needsDeclaration = reasons.some(({ implication }) => implication.kind === 'declare')
  const [to, ...alternatives] = targets
  if (to === undefined) return { kind: 'keep', alternatives: [], reasons, fixes, needsDeclaration }
  return { kind: 'move', to, alternatives, reasons, fixes, needsDeclaration }
}
