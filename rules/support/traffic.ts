/**
 * Expected traffic of a front door, for the cost and fit rules: what the template or the
 * configuration declares, else, for an API, the volume its usage plan quotas promise. Throttle
 * limits are never read as a forecast: a ceiling says nothing about how much traffic comes.
 */
import type { Model } from '../../src/model/model.js'
import type { Api, LoadBalancer, TrafficDeclaration, UsagePlan } from '../../src/model/types.js'

/** The payload assumed when none is declared, in KB. */
const DEFAULT_PAYLOAD_KB = 2
const PERIOD_SECONDS: Record<string, number> = { DAY: 86_400, WEEK: 604_800, MONTH: 730 * 3600 }

export interface Traffic {
  rps: number
  payloadKB: number
  payloadAssumed: boolean
  origin: string
  declared: boolean
  /** The usage plan whose quota the rate was inferred from. */
  plan?: UsagePlan
}

/** Declared traffic, else the volume usage plan quotas promise (never throttle limits: a ceiling is no forecast). */
export function expectedTraffic(model: Model, api: Api): Traffic | undefined {
  const { payloadKB, payloadAssumed } = payloadOf(api.traffic)
  if (api.traffic) return declaredTraffic(api.traffic)
  let best: Traffic | undefined
  for (const plan of model.usagePlansOf(api.id)) {
    if (!plan.quota) continue
    const { limit, period } = plan.quota
    if (!limit.known || !period.known) continue
    const seconds = PERIOD_SECONDS[period.value.toUpperCase()]
    if (!seconds || limit.value <= 0) continue
    const rps = limit.value / seconds
    if (!best || rps > best.rps) {
      best = {
        rps,
        payloadKB,
        payloadAssumed,
        origin: `inferred from usage plan ${plan.source.address}'s quota of ${limit.value.toLocaleString('en-US')} requests a ${period.value.toLowerCase()} for a single key`,
        declared: false,
        plan,
      }
    }
  }
  return best
}

/**
 * The traffic a load balancer declares (`LoadBalancer.traffic`), undefined when it declares none
 * or its rate is unknown or not above 0. Nothing is inferred: no load balancer setting says how
 * much traffic comes.
 */
export function loadBalancerTraffic(balancer: LoadBalancer): Traffic | undefined {
  return balancer.traffic ? declaredTraffic(balancer.traffic) : undefined
}

function declaredTraffic(declaration: TrafficDeclaration): Traffic | undefined {
  const rate = declaration.requestsPerSecond
  if (!rate.known || rate.value <= 0) return undefined
  return { rps: rate.value, ...payloadOf(declaration), origin: 'declared', declared: true }
}

/** The declared payload when it is known and above 0, else the default, marked as assumed. */
function payloadOf(declaration: TrafficDeclaration | undefined): { payloadKB: number; payloadAssumed: boolean } {
  const payload = declaration?.averagePayloadKB
  const declared = payload?.known && payload.value > 0 ? payload.value : undefined
  return { payloadKB: declared ?? DEFAULT_PAYLOAD_KB, payloadAssumed: declared === undefined }
}

/** Requests a second for a message: whole numbers from 100 up, two significant digits below. */
export function formatRps(rps: number): string {
  return rps >= 100 ? Math.round(rps).toLocaleString('en-US') : String(Number(rps.toPrecision(2)))
}

/** A number for a finding's properties: two decimals. */
export function round2(value: number): number {
  return Math.round(value * 100) / 100
}
