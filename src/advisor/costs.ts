/**
 * The monthly cost of a front door's declared traffic on each of the three front doors, with the
 * rates at which an ALB gets cheaper, from the cost model the cost rules use (src/model/cost.ts).
 */
import { albMonthlyCost, apiGatewayMonthlyCost, breakEvenRps, monthlyRequests, type PriceTable } from '../model/cost.js'
import type { TrafficDeclaration } from '../model/types.js'

/** The payload a request is assumed to carry when none is declared, in KB: the cost rules assume the same. */
export const ASSUMED_PAYLOAD_KB = 2

export interface CostComparison {
  requestsPerSecond: number
  averagePayloadKB: number
  payloadAssumed: boolean
  /** Whether the ALB estimate counts the processed bytes of Lambda targets (0.4 GB an LCU) or of others (1 GB). */
  albTargets: 'lambda' | 'instance'
  monthlyRequests: number
  monthlyUsd: { restApi: number; httpApi: number; alb: number }
  /** Requests a second from which an ALB costs less than the API; null when it never does. */
  albBreakEvenRps: { restApi: number | null; httpApi: number | null }
  pricesAsOf: string
  pricingRegion: string
}

export type Costs = { compared: CostComparison } | { notCompared: string }

/** The comparison at the declared rate; why there is none otherwise. */
export function compareCosts(traffic: TrafficDeclaration | undefined, albTargets: 'lambda' | 'instance', websocket: boolean, prices: PriceTable): Costs {
  if (websocket) return { notCompared: 'WebSocket APIs are billed by message and connection minute, not by request' }
  if (!traffic) return { notCompared: 'no traffic is declared' }
  const rate = traffic.requestsPerSecond
  if (!rate.known) return { notCompared: `the declared traffic is unknown (${rate.why})` }
  if (!(rate.value > 0)) return { notCompared: 'the declared traffic is not above 0 requests a second' }
  const payload = traffic.averagePayloadKB
  const declaredPayload = payload?.known && payload.value > 0 ? payload.value : undefined
  const averagePayloadKB = declaredPayload ?? ASSUMED_PAYLOAD_KB
  const input = { requestsPerSecond: rate.value, averagePayloadKB, targetKind: albTargets }
  return {
    compared: {
      requestsPerSecond: rate.value,
      averagePayloadKB,
      payloadAssumed: declaredPayload === undefined,
      albTargets,
      monthlyRequests: monthlyRequests(rate.value, prices),
      monthlyUsd: {
        restApi: apiGatewayMonthlyCost({ ...input, kind: 'REST' }, prices).monthlyUsd,
        httpApi: apiGatewayMonthlyCost({ ...input, kind: 'HTTP' }, prices).monthlyUsd,
        alb: albMonthlyCost(input, prices).monthlyUsd,
      },
      albBreakEvenRps: {
        restApi: breakEvenRps({ kind: 'REST', averagePayloadKB, targetKind: albTargets }, prices),
        httpApi: breakEvenRps({ kind: 'HTTP', averagePayloadKB, targetKind: albTargets }, prices),
      },
      pricesAsOf: prices.asOf,
      pricingRegion: prices.region,
    },
  }
}

/** Requests a second for people: whole numbers from 100 up, two significant digits below (the cost rules write them so). */
export function formatRate(rps: number): string {
  return rps >= 100 ? Math.round(rps).toLocaleString('en-US') : String(Number(rps.toPrecision(2)))
}
