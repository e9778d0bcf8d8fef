import { describe, expect, it } from 'vitest'
import {
  PRICE_TABLE,
  albFloorMonthlyUsd,
  albMonthlyCost,
  albPayloadCrossoverKB,
  albRuleEvaluationCost,
  apiGatewayMonthlyCost,
  breakEvenRps,
  cacheClusterMonthlyCost,
  compareFrontDoors,
  formatCount,
  formatHourlyUsd,
  formatUsd,
  httpApiFirstTierSaving,
  loadBalancerMonthlyFloor,
  lcuMonthlyUsd,
  monthlyRequests,
  type PriceTable,
} from '../src/model/cost.js'

/** |actual − expected| ≤ tolerance, with a readable failure message. */
function expectWithin(actual: number, expected: number, tolerance: number): void {
  expect(
    Math.abs(actual - expected),
    `expected ${actual} to be within ${tolerance} of ${expected}`,
  ).toBeLessThanOrEqual(tolerance + 1e-9)
}

/** Tolerance for a figure the reference printed to the cent / to the dollar. */
const CENT = 0.005
const DOLLAR = 0.5

/** rps that produces exactly `millions` requests per month. */
const rpsFor = (millions: number): number => (millions * 1e6) / (3600 * 730)

describe('PRICE_TABLE', () => {
  it('is dated, regional and carries the reference list prices', () => {
    expect(PRICE_TABLE.asOf).toMatch(/^2026-\d\d-\d\d$/)
    expect(PRICE_TABLE.region).toBe('us-east-1')
    expect(PRICE_TABLE.hoursPerMonth).toBe(730)
    expect(PRICE_TABLE.rest.map((t) => [t.upToMillions, t.perMillion])).toEqual([
      [333, 3.5],
      [1000, 2.8],
      [20000, 2.38],
      [Infinity, 1.51],
    ])
    expect(PRICE_TABLE.http.tiers.map((t) => [t.upToMillions, t.perMillion])).toEqual([
      [300, 1],
      [Infinity, 0.9],
    ])
    expect(PRICE_TABLE.http.meteringKB).toBe(512)
    expect(PRICE_TABLE.alb).toMatchObject({
      hourly: 0.0225,
      lcuHourly: 0.008,
      newConnectionsPerLcu: 25,
      activeConnectionsPerLcu: 3000,
      gbPerHourPerLcuInstance: 1,
      gbPerHourPerLcuLambda: 0.4,
      ruleEvaluationsPerLcu: 1000,
      freeRules: 10,
    })
  })

  it('gives the $16.43/month ALB floor', () => {
    const idle = albMonthlyCost({ requestsPerSecond: 0, averagePayloadKB: 2, targetKind: 'instance' })
    expectWithin(idle.monthlyUsd, 16.425, 1e-9)
    expect(formatUsd(idle.monthlyUsd)).toBe('$16.43')
  })
})

describe('monthlyRequests', () => {
  it('is rps × 3,600 × 730', () => {
    expect(monthlyRequests(1)).toBe(2_628_000)
    expect(monthlyRequests(100)).toBe(262_800_000)
    expect(monthlyRequests(0)).toBe(0)
  })

  it('rejects negative or non-finite rates', () => {
    expect(() => monthlyRequests(-1)).toThrow(RangeError)
    expect(() => monthlyRequests(Number.NaN)).toThrow(RangeError)
  })
})

// Reference §3.2: 2 KB per request, one new connection per request (k = 1),
// EC2 targets; Lambda column at 10 KB per request. Columns:
// rps, HTTP, REST, ALB (EC2), ALB (Lambda, 10 KB), tolerance of the printed figure.
const REFERENCE_TABLE: readonly [number, number, number, number, number, number][] = [
  [1, 2.63, 9.2, 16.66, 16.95, CENT],
  [10, 26.28, 91.98, 18.76, 21.68, CENT],
  [100, 262.8, 919.8, 39.78, 68.98, CENT],
  [1000, 2395, 6908, 250, 542, DOLLAR],
  [5000, 11856, 31926, 1184, 2644, DOLLAR],
]

describe('reference worked examples (§3.2)', () => {
  it.each(REFERENCE_TABLE)('%d rps', (rps, http, rest, albEc2, albLambda, tolerance) => {
    const h = apiGatewayMonthlyCost({ kind: 'HTTP', requestsPerSecond: rps, averagePayloadKB: 2 })
    const r = apiGatewayMonthlyCost({ kind: 'REST', requestsPerSecond: rps, averagePayloadKB: 2 })
    const ec2 = albMonthlyCost({ requestsPerSecond: rps, averagePayloadKB: 2, targetKind: 'instance' })
    const lambda = albMonthlyCost({
      requestsPerSecond: rps,
      averagePayloadKB: 10,
      targetKind: 'lambda',
    })
    expectWithin(h.monthlyUsd, http, tolerance)
    expectWithin(r.monthlyUsd, rest, tolerance)
    expectWithin(ec2.monthlyUsd, albEc2, tolerance)
    expectWithin(lambda.monthlyUsd, albLambda, tolerance)
    // 2 KB at one connection per request: r/25 beats 0.0072·r GB/h and r/50 active.
    expect(ec2.dominant).toBe('new-connections')
    // 10 KB to Lambda: 0.036·r GB/h ÷ 0.4 = 0.09·r beats r/25.
    expect(lambda.dominant).toBe('processed-bytes')
  })

  it('pins the unrounded model values', () => {
    const at = (rps: number) => ({
      http: apiGatewayMonthlyCost({ kind: 'HTTP', requestsPerSecond: rps, averagePayloadKB: 2 })
        .monthlyUsd,
      rest: apiGatewayMonthlyCost({ kind: 'REST', requestsPerSecond: rps, averagePayloadKB: 2 })
        .monthlyUsd,
      ec2: albMonthlyCost({ requestsPerSecond: rps, averagePayloadKB: 2, targetKind: 'instance' })
        .monthlyUsd,
      lambda: albMonthlyCost({ requestsPerSecond: rps, averagePayloadKB: 10, targetKind: 'lambda' })
        .monthlyUsd,
    })
    const k1000 = at(1000)
    expect(k1000.http).toBeCloseTo(300 + 2328 * 0.9, 6) // 2,395.20
    expect(k1000.rest).toBeCloseTo(333 * 3.5 + 667 * 2.8 + 1628 * 2.38, 6) // 6,907.74
    expect(k1000.ec2).toBeCloseTo(16.425 + 730 * 0.008 * 40, 6) // 250.025
    expect(k1000.lambda).toBeCloseTo(16.425 + 730 * 0.008 * 90, 6) // 542.025
    const k5000 = at(5000)
    expect(k5000.http).toBeCloseTo(300 + 12840 * 0.9, 6) // 11,856
    expect(k5000.rest).toBeCloseTo(333 * 3.5 + 667 * 2.8 + 12140 * 2.38, 6) // 31,926.30
  })

  it('reproduces the apigw-high-traffic-cost message figures at 100 rps, 2 KB', () => {
    const c = compareFrontDoors({
      kind: 'REST',
      requestsPerSecond: 100,
      averagePayloadKB: 2,
      targetKind: 'instance',
    })
    expect(formatUsd(c.apiGateway.monthlyUsd)).toBe('$919.80')
    expect(formatCount(c.apiGateway.monthlyRequests)).toBe('263 M')
    expect(formatUsd(c.alb.monthlyUsd)).toBe('$39.78')
    expect(c.alb.lcu.toFixed(1)).toBe('4.0')
    expect(c.ratio).toBeCloseTo(919.8 / 39.785, 6)
  })
})

describe('apiGatewayMonthlyCost tiers', () => {
  const rest = (millions: number) =>
    apiGatewayMonthlyCost({ kind: 'REST', requestsPerSecond: rpsFor(millions), averagePayloadKB: 1 })
  const http = (millions: number) =>
    apiGatewayMonthlyCost({ kind: 'HTTP', requestsPerSecond: rpsFor(millions), averagePayloadKB: 1 })

  it('charges REST $3.50/M up to 333 M and $2.80/M for the next million', () => {
    expect(rest(333).monthlyUsd).toBeCloseTo(333 * 3.5, 6)
    expect(rest(334).monthlyUsd - rest(333).monthlyUsd).toBeCloseTo(2.8, 6)
    expect(rest(332).monthlyUsd).toBeCloseTo(332 * 3.5, 6)
  })

  it('walks every REST tier', () => {
    const upTo1B = 333 * 3.5 + 667 * 2.8
    expect(rest(1000).monthlyUsd).toBeCloseTo(upTo1B, 6)
    expect(rest(20_000).monthlyUsd).toBeCloseTo(upTo1B + 19_000 * 2.38, 4)
    expect(rest(21_000).monthlyUsd).toBeCloseTo(upTo1B + 19_000 * 2.38 + 1000 * 1.51, 4)
  })

  it('charges HTTP $1.00/M up to 300 M and $0.90/M after', () => {
    expect(http(300).monthlyUsd).toBeCloseTo(300, 6)
    expect(http(400).monthlyUsd).toBeCloseTo(390, 6)
  })

  it('meters HTTP API requests per started 512 KB of payload', () => {
    const billedPer = (kb: number) => {
      const c = apiGatewayMonthlyCost({ kind: 'HTTP', requestsPerSecond: 1, averagePayloadKB: kb })
      return c.billedRequests / c.monthlyRequests
    }
    expect(billedPer(0)).toBe(1)
    expect(billedPer(2)).toBe(1)
    expect(billedPer(512)).toBe(1)
    expect(billedPer(513)).toBe(2)
    expect(billedPer(1024)).toBe(2)
    expect(billedPer(1025)).toBe(3)
    const big = apiGatewayMonthlyCost({ kind: 'HTTP', requestsPerSecond: 1, averagePayloadKB: 513 })
    expect(big.monthlyUsd).toBeCloseTo(2 * 2.628, 6)
  })

  it('does not meter REST requests by size', () => {
    const c = apiGatewayMonthlyCost({ kind: 'REST', requestsPerSecond: 1, averagePayloadKB: 5000 })
    expect(c.billedRequests).toBe(c.monthlyRequests)
    expect(c.monthlyUsd).toBeCloseTo(9.198, 6)
  })

  it('uses the price table it is given', () => {
    const doubled: PriceTable = {
      ...PRICE_TABLE,
      http: { ...PRICE_TABLE.http, tiers: [{ upToMillions: Infinity, perMillion: 2 }] },
    }
    const c = apiGatewayMonthlyCost(
      { kind: 'HTTP', requestsPerSecond: 1, averagePayloadKB: 2 },
      doubled,
    )
    expect(c.monthlyUsd).toBeCloseTo(5.256, 6)
  })
})

describe('albMonthlyCost dimensions', () => {
  const base = { requestsPerSecond: 100, averagePayloadKB: 2, targetKind: 'instance' } as const

  it('reports each dimension in LCUs', () => {
    const c = albMonthlyCost(base)
    expect(c.dimensions.newConnections).toBeCloseTo(4, 9) // 100 / 25
    expect(c.dimensions.activeConnections).toBeCloseTo(2, 9) // 100 × 60 / 3000
    expect(c.dimensions.processedBytes).toBeCloseTo(0.72, 9) // 100 × 3600 × 2 KB = 0.72 GB/h
    expect(c.dimensions.ruleEvaluations).toBe(0)
    expect(c.lcu).toBeCloseTo(4, 9)
  })

  it('charges only rules beyond the first ten', () => {
    expect(albMonthlyCost({ ...base, rulesEvaluated: 10 }).dimensions.ruleEvaluations).toBe(0)
    const many = albMonthlyCost({ ...base, rulesEvaluated: 60 })
    expect(many.dimensions.ruleEvaluations).toBeCloseTo(5, 9) // 100 × 50 / 1000
    expect(many.dominant).toBe('rule-evaluations')
    expect(many.monthlyUsd).toBeCloseTo(730 * (0.0225 + 0.008 * 5), 6)
  })

  it('lets keep-alive shift the cost to processed bytes', () => {
    const c = albMonthlyCost({ ...base, requestsPerConnection: 20 })
    expect(c.dimensions.newConnections).toBeCloseTo(0.2, 9)
    expect(c.dominant).toBe('processed-bytes')
    expect(c.lcu).toBeCloseTo(0.72, 9)
  })

  it('accepts a known concurrent-connection count and halves the allowance with mTLS', () => {
    const c = albMonthlyCost({ ...base, activeConnections: 30_000 })
    expect(c.dimensions.activeConnections).toBeCloseTo(10, 9)
    expect(c.dominant).toBe('active-connections')
    const m = albMonthlyCost({ ...base, activeConnections: 30_000, mtls: true })
    expect(m.dimensions.activeConnections).toBeCloseTo(20, 9)
  })

  it('gives Lambda targets a 0.4 GB/h allowance', () => {
    const ec2 = albMonthlyCost({ ...base, averagePayloadKB: 100 })
    const fn = albMonthlyCost({ ...base, averagePayloadKB: 100, targetKind: 'lambda' })
    expect(ec2.dimensions.processedBytes).toBeCloseTo(36, 9)
    expect(fn.dimensions.processedBytes).toBeCloseTo(90, 9)
  })

  it('rejects impossible inputs', () => {
    expect(() => albMonthlyCost({ ...base, requestsPerSecond: -1 })).toThrow(RangeError)
    expect(() => albMonthlyCost({ ...base, requestsPerConnection: 0 })).toThrow(RangeError)
    expect(() => albMonthlyCost({ ...base, averagePayloadKB: Number.NaN })).toThrow(RangeError)
  })
})

describe('breakEvenRps (reference §3.2 results)', () => {
  it.each([
    ['HTTP', 2, 'instance', 1, 6.86],
    ['REST', 2, 'instance', 1, 1.83],
    ['HTTP', 2, 'instance', 20, 6.35],
    ['REST', 2, 'instance', 20, 1.79],
    ['HTTP', 10, 'lambda', 1, 7.81],
    ['REST', 10, 'lambda', 1, 1.89],
    ['HTTP', 100, 'instance', 1, 31.25],
    ['REST', 100, 'instance', 1, 2.31],
    ['REST', 200, 'instance', 1, 3.29],
  ] as const)('%s, %d KB, %s, k=%d → %d rps', (kind, kb, targetKind, k, expected) => {
    const input = { kind, averagePayloadKB: kb, targetKind, requestsPerConnection: k }
    const r = breakEvenRps(input)
    expect(r).not.toBeNull()
    expectWithin(r ?? Number.NaN, expected, 0.01)
    const at = compareFrontDoors({ ...input, requestsPerSecond: r ?? 0 })
    expect(at.ratio).toBeCloseTo(1, 9)
    expect(compareFrontDoors({ ...input, requestsPerSecond: (r ?? 0) * 1.1 }).ratio).toBeGreaterThan(1)
  })

  it('returns null when the ALB is never cheaper (200 KB vs HTTP API)', () => {
    expect(breakEvenRps({ kind: 'HTTP', averagePayloadKB: 200, targetKind: 'instance' })).toBeNull()
  })

  it('finds a crossing that falls past the first tier', () => {
    // A 10 M first tier: the first-tier closed form would say 6.86 rps (18 M req),
    // which is already in the $0.90/M band, so the real crossing is later.
    const prices: PriceTable = {
      ...PRICE_TABLE,
      http: {
        ...PRICE_TABLE.http,
        tiers: [
          { upToMillions: 10, perMillion: 1 },
          { upToMillions: Infinity, perMillion: 0.9 },
        ],
      },
    }
    const input = { kind: 'HTTP', averagePayloadKB: 2, targetKind: 'instance' } as const
    const r = breakEvenRps(input, prices)
    // 16.425 + 0.2336·r = 10 + 0.9·(2.628·r − 10)
    expect(r).toBeCloseTo(15.425 / (0.9 * 2.628 - 0.2336), 9)
    expect(compareFrontDoors({ ...input, requestsPerSecond: r ?? 0 }, prices).ratio).toBeCloseTo(1, 9)
  })

  it('returns null when the first-tier formula would cross only after the price drops', () => {
    // 122 KB to EC2: c = 0.4392 LCU per rps. The first-tier closed form gives
    // 16.425 / (2.628 − 5.84·c) ≈ 260 rps ≈ 684 M req, beyond the 300 M band,
    // and at $0.90/M the ALB costs more per request than the HTTP API.
    const input = { kind: 'HTTP', averagePayloadKB: 122, targetKind: 'instance' } as const
    expect(breakEvenRps(input)).toBeNull()
    for (const rps of [260, 1000, 10_000]) {
      expect(compareFrontDoors({ ...input, requestsPerSecond: rps }).ratio).toBeLessThan(1)
    }
  })
})

describe('formatUsd', () => {
  it.each([
    [919.8, '$919.80'],
    [20805, '$20,805'],
    [2395.2, '$2,395.20'],
    [11856, '$11,856'],
    [31926.3, '$31,926'],
    [9999.994, '$9,999.99'],
    [9999.996, '$10,000'],
    [1_234_567.4, '$1,234,567'],
    [0, '$0.00'],
    [2.628, '$2.63'],
    [-5, '-$5.00'],
    [-0.001, '$0.00'],
  ])('%d → %s', (n, text) => {
    expect(formatUsd(n)).toBe(text)
  })
})

describe('formatCount', () => {
  it.each([
    [2_628_000, '2.6 M'],
    [26_280_000, '26 M'],
    [262_800_000, '263 M'],
    [2_628_000_000, '2.6 B'],
    [13_140_000_000, '13 B'],
    [1_000_000, '1 M'],
    [960_000_000, '960 M'],
    [999_600_000, '1 B'],
    [1500, '1.5 k'],
    [999.6, '1 k'],
    [500, '500'],
    [0, '0'],
  ])('%d → %s', (n, text) => {
    expect(formatCount(n)).toBe(text)
  })
})

describe('cacheClusterMonthlyCost (reference §2.1)', () => {
  it.each([
    ['0.5', 0.02, 14.6],
    ['1.6', 0.038, 27.74],
    ['6.1', 0.2, 146],
    ['13.5', 0.25, 182.5],
    ['28.4', 0.5, 365],
    ['58.2', 1, 730],
    ['118', 1.9, 1387],
    ['237', 3.8, 2774],
  ])('%s GB: $%d an hour, $%d a month', (size, hourly, monthly) => {
    const cost = cacheClusterMonthlyCost(size)
    expect(cost?.hourlyUsd).toBe(hourly)
    expectWithin(cost?.monthlyUsd ?? NaN, monthly, CENT)
  })

  it('reads a size however AWS lets it be written', () => {
    expect(cacheClusterMonthlyCost('118.0')?.hourlyUsd).toBe(1.9)
    expect(cacheClusterMonthlyCost('0.50')?.hourlyUsd).toBe(0.02)
  })

  it('gives no price for a size AWS does not offer', () => {
    expect(cacheClusterMonthlyCost('2')).toBeUndefined()
    expect(cacheClusterMonthlyCost('')).toBeUndefined()
    expect(cacheClusterMonthlyCost('large')).toBeUndefined()
  })

  it('uses the price table it is given', () => {
    const prices: PriceTable = { ...PRICE_TABLE, restCacheHourly: { '0.5': 0.04 } }
    expectWithin(cacheClusterMonthlyCost('0.5', prices)?.monthlyUsd ?? NaN, 29.2, CENT)
    expect(cacheClusterMonthlyCost('1.6', prices)).toBeUndefined()
  })
})

describe('loadBalancerMonthlyFloor', () => {
  it('is the hourly price for 730 hours: $16.43 for an ALB and for an NLB', () => {
    expectWithin(loadBalancerMonthlyFloor('application'), 16.425, 1e-9)
    expectWithin(loadBalancerMonthlyFloor('network'), 16.425, 1e-9)
    expect(formatUsd(loadBalancerMonthlyFloor('network'))).toBe('$16.43')
  })

  it('takes each kind from its own price', () => {
    const prices: PriceTable = { ...PRICE_TABLE, nlb: { hourly: 0.03, nlcuHourly: 0.006 } }
    expectWithin(loadBalancerMonthlyFloor('network', prices), 21.9, 1e-9)
    expectWithin(loadBalancerMonthlyFloor('application', prices), 16.425, 1e-9)
  })
})

describe('httpApiFirstTierSaving', () => {
  it('is about 71 % at $1.00 against $3.50 a million', () => {
    expectWithin(httpApiFirstTierSaving(), 1 - 1 / 3.5, 1e-12)
    expect(Math.round(httpApiFirstTierSaving() * 100)).toBe(71)
  })

  it('follows the prices it is given', () => {
    const prices: PriceTable = { ...PRICE_TABLE, rest: [{ upToMillions: Infinity, perMillion: 2 }] }
    expectWithin(httpApiFirstTierSaving(prices), 0.5, 1e-12)
  })
})

describe('formatHourlyUsd', () => {
  it.each([
    [0.02, '$0.02'],
    [0.038, '$0.038'],
    [0.0225, '$0.0225'],
    [1.9, '$1.90'],
    [3.8, '$3.80'],
    [0.006, '$0.006'],
    [0, '$0.00'],
    [12.5, '$12.50'],
  ])('%d → %s', (n, text) => {
    expect(formatHourlyUsd(n)).toBe(text)
  })
})

describe('albPayloadCrossoverKB (reference §3.2 payload cross-over)', () => {
  it('comes out near 125 KB for instance targets and 50 KB for Lambda targets at list prices', () => {
    expectWithin(albPayloadCrossoverKB('instance')!, 125, 0.5)
    expectWithin(albPayloadCrossoverKB('lambda')!, 50, 0.5)
  })

  it('is where the ALB bill per extra request equals the HTTP API price', () => {
    for (const targetKind of ['instance', 'lambda'] as const) {
      const kb = albPayloadCrossoverKB(targetKind)!
      // Above the crossing the processed-bytes slope beats the HTTP API's $1.00/M; below, it does not.
      const slope = (payload: number) => albMonthlyCost({ requestsPerSecond: 1, averagePayloadKB: payload, targetKind }).monthlyUsd - albFloorMonthlyUsd()
      const httpSlope = apiGatewayMonthlyCost({ kind: 'HTTP', requestsPerSecond: 1, averagePayloadKB: kb }).monthlyUsd
      expect(slope(kb * 1.01)).toBeGreaterThan(httpSlope)
      expect(slope(kb * 0.99)).toBeLessThan(httpSlope)
      expect(breakEvenRps({ kind: 'HTTP', averagePayloadKB: kb * 1.01, targetKind })).toBeNull()
      expect(breakEvenRps({ kind: 'HTTP', averagePayloadKB: kb * 0.9, targetKind })).not.toBeNull()
    }
  })

  it('follows the price table and is null when no payload inside the first metering block crosses', () => {
    const dearLcu: PriceTable = { ...PRICE_TABLE, alb: { ...PRICE_TABLE.alb, lcuHourly: 0.016 } }
    expectWithin(albPayloadCrossoverKB('instance', dearLcu)!, 62.5, 0.01)
    const cheapLcu: PriceTable = { ...PRICE_TABLE, alb: { ...PRICE_TABLE.alb, lcuHourly: 0.001 } }
    expect(albPayloadCrossoverKB('instance', cheapLcu)).toBeNull()
  })
})

describe('albRuleEvaluationCost', () => {
  it('charges rules beyond the first ten at 1,000 evaluations a second per LCU', () => {
    const cost = albRuleEvaluationCost(500, 25)
    expect(cost.chargedRules).toBe(15)
    expect(cost.evaluationsPerSecond).toBe(7_500)
    expectWithin(cost.lcu, 7.5, 1e-9)
    expectWithin(cost.monthlyUsd, 730 * 0.008 * 7.5, CENT)
    expect(cost.lcu).toBeCloseTo(albMonthlyCost({ requestsPerSecond: 500, averagePayloadKB: 2, targetKind: 'instance', rulesEvaluated: 25 }).dimensions.ruleEvaluations)
  })

  it('is free up to ten rules', () => {
    expect(albRuleEvaluationCost(10_000, 10).monthlyUsd).toBe(0)
  })

  it('prices LCU-months and the ALB floor from the table', () => {
    expectWithin(lcuMonthlyUsd(1), 5.84, CENT)
    expectWithin(albFloorMonthlyUsd(), 16.43, CENT)
    expect(() => lcuMonthlyUsd(-1)).toThrow(RangeError)
  })
})
