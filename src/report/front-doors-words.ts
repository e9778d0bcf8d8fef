/**
 * The advisor's findings in words, shared by its text and Markdown views: the exposure, the
 * features, the targets, the costs and the verdict of a front door. Plain text: each view escapes
 * it for its channel.
 */
import { formatRate, type Costs, type CostComparison } from '../advisor/costs.js'
import { KIND_NAMES, TARGET_NAMES, type FrontDoorAdvice, type FrontDoorSummary } from '../advisor/front-doors.js'
import { FAMILY_NAMES, SCENARIOS } from '../advisor/scenarios.js'
import { CHOICE_NAMES, type FindingReason } from '../advisor/verdicts.js'
import path from 'node:path'
import { repositoryRelative } from '../findings/paths.js'
import { formatCount, formatUsd } from '../model/cost.js'
import { listNames } from '../model/describe.js'

/**
 * `main.tf:28`, and for a front door written in a module, the root module that deploys it: two
 * roots that call one module deploy two front doors written at the same line.
 */
export function whereWords(advice: FrontDoorAdvice, cwd: string): string {
  const { file, range } = advice.door.source
  const at = `${repositoryRelative(file, cwd)}:${range.line}`
  const { framework, origin } = advice.model
  return framework === 'terraform' && file !== origin && path.dirname(file) !== origin ? `${at} (root ${repositoryRelative(origin, cwd)})` : at
}

export function exposureWords(advice: FrontDoorAdvice): string {
  const { exposure } = advice
  if ('unknown' in exposure) return `unknown (${exposure.unknown})`
  return exposure.declared ? `${exposure.value} (declared)` : exposure.value
}

/** `Lambda`, `ECS, IP`: the kinds of target, for a table cell. */
export function targetKindsWords(advice: FrontDoorAdvice): string {
  return advice.targets.length ? advice.targets.map((target) => TARGET_NAMES[target.kind]).join(', ') : 'none resolved'
}

/** `Lambda (CatalogFunction)`: the kinds of target with what is reached. */
export function targetsWords(advice: FrontDoorAdvice): string {
  return advice.targets.length ? advice.targets.map((target) => `${TARGET_NAMES[target.kind]} (${target.names.join(', ')})`).join('; ') : 'none resolved'
}

export function featuresWords(advice: FrontDoorAdvice): string {
  return advice.features.length ? advice.features.map((feature) => `${feature.id}: ${feature.detail}`).join('; ') : 'none'
}

export function entriesWords(advice: FrontDoorAdvice): string {
  const { total, authenticated } = advice.entries
  return `${total} (${authenticated} authenticate${authenticated === 1 ? 's' : ''} callers)`
}

export function scenarioWords(advice: FrontDoorAdvice): string {
  const scenario = SCENARIOS[advice.scenario.id]
  const served = scenario.servedBy ? `; the decision table serves it with ${FAMILY_NAMES[scenario.servedBy]}` : ''
  return `${scenario.title}: ${advice.scenario.why}${served}`
}

export function trafficWords(costs: CostComparison): string {
  return `${formatRate(costs.requestsPerSecond)} req/s declared (${formatCount(costs.monthlyRequests)} requests a month), ${costs.averagePayloadKB} KB a request${costs.payloadAssumed ? ' assumed' : ''}`
}

export function costWords(costs: Costs): string {
  if ('notCompared' in costs) return `not compared: ${costs.notCompared}`
  const { monthlyUsd, albTargets } = costs.compared
  return `REST API ${formatUsd(monthlyUsd.restApi)}, HTTP API ${formatUsd(monthlyUsd.httpApi)}, ALB ${formatUsd(monthlyUsd.alb)} a month (${albTargets === 'lambda' ? 'Lambda' : 'instance'} targets, a new connection per request; us-east-1 list prices of ${costs.compared.pricesAsOf} unless configured)`
}

export function breakEvenWords(costs: CostComparison): string {
  const one = (name: string, rps: number | null): string => (rps === null ? `never than ${name}` : `from ${formatRate(rps)} req/s than ${name}`)
  return `an ALB costs less ${one('a REST API', costs.albBreakEvenRps.restApi)}, ${one('an HTTP API', costs.albBreakEvenRps.httpApi)}`
}

export function verdictWords(advice: FrontDoorAdvice): string {
  const { verdict } = advice
  if (verdict.kind === 'move') {
    const or = verdict.alternatives.length ? ` (or ${verdict.alternatives.map((choice) => CHOICE_NAMES[choice]).join(', or ')})` : ''
    const keep = verdict.keepOnApiGateway ? `, keeping on API Gateway the endpoints that use ${listNames(verdict.keepOnApiGateway)}` : ''
    return `move to ${CHOICE_NAMES[verdict.to!]}${or}${keep}`
  }
  if (verdict.fixes > 0) return `keep, and fix ${verdict.fixes === 1 ? 'one finding' : `${verdict.fixes} findings`}`
  return 'keep'
}

const IMPLIES: Readonly<Record<FindingReason['implication']['kind'], string>> = { move: 'move', fix: 'fix', declare: 'declare' }

/** `apigw-high-traffic-cost (warning, move; examples/x.json:8)`: a reason's heading. */
export function reasonHeading(reason: FindingReason, cwd: string): string {
  const { finding } = reason
  return `${finding.ruleId} (${finding.level}, ${IMPLIES[reason.implication.kind]}; ${repositoryRelative(finding.location.file, cwd)}:${finding.location.range.line})`
}

/**
 * What the verdict adds to the findings: why the front door stays when the table would give the
 * scenario another family of front door and no rule asks for a move, or that no rule spoke.
 */
export function contextWords(advice: FrontDoorAdvice): string | undefined {
  const served = SCENARIOS[advice.scenario.id].servedBy
  const family = advice.door.kind === 'api' ? 'api-gateway' : 'load-balancer'
  if (advice.verdict.kind === 'move' || served === undefined || served === family) {
    return advice.verdict.reasons.length === 0 ? 'No fit or cost rule reported a finding about it.' : undefined
  }
  const missing = 'notCompared' in advice.costs ? ' (no traffic is declared: declare it, and the front door\'s exposure and needs, so that the rules can compare)' : ''
  return `The decision table's row "${SCENARIOS[advice.scenario.id].title}" points to ${FAMILY_NAMES[served]}, but no fit or cost rule found a reason to move this ${KIND_NAMES[advice.kind]}${missing}.`
}

/** `7 front doors: 4 keep, 2 move to an HTTP API, 1 move to an ALB`. */
export function summaryWords(summary: FrontDoorSummary): string {
  if (summary.frontDoors === 0) return 'No front doors (load balancers or APIs) found.'
  const verdicts = Object.entries(summary.byVerdict)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([key, count]) => `${count} ${key.startsWith('move to ') ? `move to ${CHOICE_NAMES[key.slice(8) as keyof typeof CHOICE_NAMES]}` : key}`)
  return `${summary.frontDoors} front ${summary.frontDoors === 1 ? 'door' : 'doors'}: ${verdicts.join(', ')}.`
}

