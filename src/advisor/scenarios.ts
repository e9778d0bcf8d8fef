/**
 * The decision table between API Gateway and an Application Load Balancer, as scenarios a front
 * door can match from what the model knows of it. A scenario is context for a verdict, never a
 * verdict: the rules decide, and the scenario says which row of the table the front door sits in.
 */
import { formatRate } from './costs.js'

export type ScenarioId =
  | 'internal-service-to-service'
  | 'external-client-facing-api'
  | 'high-traffic-web-app'
  | 'public-api-with-rate-limits-and-auth'
  | 'microservices-on-containers'
  | 'serverless-backend'
  | 'undetermined'

/** The family of front door the table gives a scenario. */
export type Family = 'api-gateway' | 'load-balancer'

export const SCENARIOS: Readonly<Record<ScenarioId, { title: string; servedBy: Family | undefined }>> = {
  'internal-service-to-service': { title: 'internal service-to-service', servedBy: 'load-balancer' },
  'external-client-facing-api': { title: 'external client-facing API', servedBy: 'api-gateway' },
  'high-traffic-web-app': { title: 'high-traffic web app', servedBy: 'load-balancer' },
  'public-api-with-rate-limits-and-auth': { title: 'public API with rate limits and auth', servedBy: 'api-gateway' },
  'microservices-on-containers': { title: 'microservices on containers', servedBy: 'load-balancer' },
  'serverless-backend': { title: 'serverless backend', servedBy: 'api-gateway' },
  undetermined: { title: 'undetermined', servedBy: undefined },
}

export const FAMILY_NAMES: Readonly<Record<Family, string>> = { 'api-gateway': 'API Gateway', 'load-balancer': 'a load balancer' }

export interface Scenario {
  id: ScenarioId
  /** What in the model placed the front door in this row. */
  why: string
}

/** What the scenario reads of a front door. */
export interface ScenarioInput {
  /** Known exposure, declared or from the template; undefined when unknown. */
  exposure: string | undefined
  declaredPartner: boolean
  /** Declared requests a second and the rate from which an ALB costs less than half an HTTP API; undefined when either is unknown. */
  highTraffic: { rps: number; threshold: number } | undefined
  /** Every entry authenticates its callers, and something limits their rate. */
  authenticated: boolean
  rateLimited: boolean
  /** The kinds of target reached. */
  targetKinds: ReadonlySet<string>
}

/** The kinds of target that make a serverless backend, and those that make services on compute. */
const SERVERLESS = new Set(['lambda', 'aws-service'])
const COMPUTE = new Set(['ecs', 'ip', 'instances'])

/** The first row that fits, in this order: exposure decides first, traffic next, then what the front door checks, then its targets. */
export function scenarioOf(input: ScenarioInput): Scenario {
  if (input.exposure === 'internal' || input.exposure === 'private') {
    return { id: 'internal-service-to-service', why: `it is ${input.exposure}` }
  }
  if (input.declaredPartner) return { id: 'external-client-facing-api', why: 'it is declared a partner front door' }
  if (input.highTraffic && input.highTraffic.rps >= input.highTraffic.threshold) {
    return {
      id: 'high-traffic-web-app',
      why: `its declared ${formatRate(input.highTraffic.rps)} req/s is at least twice the ${formatRate(input.highTraffic.threshold / 2)} req/s from which an ALB costs less than an HTTP API`,
    }
  }
  if (input.exposure === 'public' && input.authenticated && input.rateLimited) {
    return { id: 'public-api-with-rate-limits-and-auth', why: 'it is public, every entry authenticates its callers and their rate is limited' }
  }
  const kinds = [...input.targetKinds]
  if (kinds.some((kind) => COMPUTE.has(kind))) return { id: 'microservices-on-containers', why: 'it forwards to containers or instances' }
  if (kinds.length > 0 && kinds.every((kind) => SERVERLESS.has(kind))) {
    return { id: 'serverless-backend', why: `its targets are ${kinds.includes('lambda') ? 'Lambda functions' : 'AWS services'}${kinds.length > 1 ? ' and AWS services' : ''}` }
  }
  if (input.exposure === 'public') return { id: 'external-client-facing-api', why: 'it is public' }
  return { id: 'undetermined', why: input.exposure === undefined ? 'its exposure is unknown and its targets do not decide' : 'nothing in the model places it' }
}
