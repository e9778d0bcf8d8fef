/**
 * `iac-lint front-doors -f json`: the advisor's view as one JSON document for programs. The
 * layout is documented in docs/json-format.md ("Front doors"); fields are only ever added.
 */
import type { CostComparison } from '../advisor/costs.js'
import { summarize, type Feature, type FrontDoorAdvice, type FrontDoorSummary, type Target } from '../advisor/front-doors.js'
import type { ScenarioId } from '../advisor/scenarios.js'
import type { FrontDoorChoice } from '../advisor/verdicts.js'
import type { Finding, Framework, Level, Range } from '../core/types.js'
import { repositoryRelative } from '../findings/paths.js'
import { element, type JsonElement } from './json-parts.js'

/** Version 1 of the front doors document. */
export interface JsonFrontDoorsReport {
  version: 1
  tool: { name: 'iac-lint'; version: string }
  summary: FrontDoorSummary
  frontDoors: JsonFrontDoor[]
  /** Findings about the input (a file that cannot be parsed, a declaration not accepted): what the advice could not read. */
  inputProblems: JsonProblem[]
}

interface JsonProblem {
  ruleId: string
  level: Level
  message: string
  file: string
  range: Range
}

interface JsonFrontDoor {
  frontDoor: JsonElement
  framework: Framework
  /** The template file, or the Terraform root module folder. */
  origin: string
  kind: FrontDoorAdvice['kind']
  name: string
  exposure: { value: string; declared: boolean } | { unknown: string }
  entries: { total: number; authenticated: number }
  features: Feature[]
  unknowns: string[]
  targets: Target[]
  scenario: { id: ScenarioId; why: string }
  /** The comparison at the declared traffic, or why there is none. */
  costs: CostComparison | { notCompared: string }
  verdict: {
    kind: 'keep' | 'move'
    to?: FrontDoorChoice
    alternatives: FrontDoorChoice[]
    fixes: number
    needsDeclaration: boolean
    /** For a move from API Gateway to an ALB: the features an ALB cannot give, whose endpoints stay on API Gateway. */
    keepOnApiGateway?: string[]
    reasons: Array<{
      ruleId: string
      level: Level
      implies: 'move' | 'fix' | 'declare'
      to?: FrontDoorChoice
      message: string
      file: string
      range: Range
    }>
  }
}

export function renderFrontDoorsJson(
  advice: readonly FrontDoorAdvice[],
  options: { cwd: string; toolVersion: string; inputProblems?: readonly Finding[] },
): string {
  const report: JsonFrontDoorsReport = {
    version: 1,
    tool: { name: 'iac-lint', version: options.toolVersion },
    summary: summarize(advice),
    frontDoors: advice.map((one) => frontDoor(one, options.cwd)),
    inputProblems: (options.inputProblems ?? []).map((finding) => ({
      ruleId: finding.ruleId,
      level: finding.level,
      message: finding.message,
      file: repositoryRelative(finding.location.file, options.cwd),
      range: finding.location.range,
    })),
  }
  return `${JSON.stringify(report, null, 2)}\n`
}

function frontDoor(advice: FrontDoorAdvice, cwd: string): JsonFrontDoor {
  const { verdict } = advice
  return {
    frontDoor: element(advice.door.kind, advice.door.source, cwd),
    framework: advice.model.framework,
    origin: repositoryRelative(advice.model.origin, cwd),
    kind: advice.kind,
    name: advice.name,
    exposure: advice.exposure,
    entries: advice.entries,
    features: advice.features,
    unknowns: advice.unknowns,
    targets: advice.targets,
    scenario: advice.scenario,
    costs: 'compared' in advice.costs ? rounded(advice.costs.compared) : advice.costs,
    verdict: {
      kind: verdict.kind,
      ...(verdict.to === undefined ? {} : { to: verdict.to }),
      alternatives: verdict.alternatives,
      fixes: verdict.fixes,
      needsDeclaration: verdict.needsDeclaration,
      ...(verdict.keepOnApiGateway ? { keepOnApiGateway: verdict.keepOnApiGateway } : {}),
      reasons: verdict.reasons.map(({ finding, implication }) => ({
        ruleId: finding.ruleId,
        level: finding.level,
        implies: implication.kind,
        ...(implication.kind === 'move' ? { to: implication.to } : {}),
        message: finding.message,
        file: repositoryRelative(finding.location.file, cwd),
        range: finding.location.range,
      })),
    },
  }
}

/** Dollars to the cent, rates to the hundredth: the estimate is no more precise than that. */
function rounded(costs: CostComparison): CostComparison {
  const cents = (usd: number): number => Math.round(usd * 100) / 100
  const hundredths = (rps: number | null): number | null => (rps === null ? null : Math.round(rps * 100) / 100)
  return {
    ...costs,
    monthlyUsd: { restApi: cents(costs.monthlyUsd.restApi), httpApi: cents(costs.monthlyUsd.httpApi), alb: cents(costs.monthlyUsd.alb) },
    albBreakEvenRps: { restApi: hundredths(costs.albBreakEvenRps.restApi), httpApi: hundredths(costs.albBreakEvenRps.httpApi) },
  }
}
