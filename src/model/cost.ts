/**
 * Monthly cost model for the two AWS "front doors" iac-lint compares:
 * API Gateway (REST or HTTP API) and an Application Load Balancer.
 *
 * Pure arithmetic over a dated list-price table; no I/O and no imports from
 * the rest of the project, so rules, reports and tests can share one model.
 *
 * Units and conventions (used everywhere in this file):
 * - A month is 730 hours (`PRICE_TABLE.hoursPerMonth`).
 * - Traffic is an average, steady request rate in requests per second.
 * - KB = 1,000 bytes and GB = 10^9 bytes. AWS may bill binary units; with
 *   GiB the processed-bytes figures move by about 7 %.
 * - `averagePayloadKB` is request plus response bytes for one request.
 * - Prices are us-east-1 list prices without free tier, data transfer out,
 *   WAF, caching or Lambda compute (the same on both sides or opt-in extras).
 * - ALB capacity units (LCU) are billed on the busiest hour; a steady rate is
 *   assumed, so spiky traffic costs more on an ALB than this model says.
 */

/** Which API Gateway product fronts the traffic. */
type ApiGatewayKind = 'REST' | 'HTTP'

/** What an ALB target group forwards to; decides the processed-bytes allowance. */
type AlbTargetKind = 'lambda' | 'instance'

/** One band of a tiered per-request price. */
interface PriceTier {
  /**
   * Cumulative upper bound of the band in millions of billed requests per month
   * (so REST's second band ends at 1,000, not 667). The last band is unbounded.
   */
  readonly upToMillions: number
  /** USD per million billed requests inside this band. */
  readonly perMillion: number
}

interface AlbPrices {
  /** USD per load-balancer hour. */
  readonly hourly: number
  /** USD per LCU-hour. */
  readonly lcuHourly: number
  /** New connections per second covered by one LCU. */
  readonly newConnectionsPerLcu: number
  /** Active connections (sampled per minute) covered by one LCU. */
  readonly activeConnectionsPerLcu: number
  /** Same allowance when the listener uses mutual TLS. */
  readonly activeConnectionsPerLcuMtls: number
  /** Processed GB per hour covered by one LCU for instance / IP / container targets. */
  readonly gbPerHourPerLcuInstance: number
  /** Processed GB per hour covered by one LCU for Lambda targets. */
  readonly gbPerHourPerLcuLambda: number
  /** Rule evaluations per second covered by one LCU. */
  readonly ruleEvaluationsPerLcu: number
  /** Rules processed per request that are not charged. */
  readonly freeRules: number
}

export interface PriceTable {
  /** Date the prices were transcribed (ISO 8601). */
  readonly asOf: string
  readonly region: string
  readonly rest: readonly PriceTier[]
  readonly http: {
    readonly tiers: readonly PriceTier[]
    /** One billed HTTP API request per started block of this many KB of payload. */
    readonly meteringKB: number
  }
  readonly alb: AlbPrices
  readonly hoursPerMonth: number
  /**
   * REST API stage cache, USD per hour by `CacheClusterSize` as AWS writes it (GB). Billed for
   * every hour the cluster exists, whatever is cached.
   */
  readonly restCacheHourly: Readonly<Record<string, number>>
  /** Network Load Balancer (what a REST VPC link V1 needs): USD per load-balancer hour and per NLCU-hour. */
  readonly nlb: { readonly hourly: number; readonly nlcuHourly: number }
}

/**
 * us-east-1 list prices from the AWS API Gateway and Elastic Load Balancing pricing pages, as
 * published in 2026; `asOf` is the day they were transcribed.
 */
export const PRICE_TABLE: PriceTable = {
  asOf: '2026-11-28',
  region: 'us-east-1',
  rest: [
    { upToMillions: 333, perMillion: 3.5 },
    { upToMillions: 1_000, perMillion: 2.8 },
    { upToMillions: 20_000, perMillion: 2.38 },
    { upToMillions: Number.POSITIVE_INFINITY, perMillion: 1.51 },
  ],
  http: {
    tiers: [
      { upToMillions: 300, perMillion: 1.0 },
      { upToMillions: Number.POSITIVE_INFINITY, perMillion: 0.9 },
    ],
    meteringKB: 512,
  },
  alb: {
    hourly: 0.0225,
    lcuHourly: 0.008,
    newConnectionsPerLcu: 25,
    activeConnectionsPerLcu: 3_000,
    activeConnectionsPerLcuMtls: 1_500,
    gbPerHourPerLcuInstance: 1,
    gbPerHourPerLcuLambda: 0.4,
    ruleEvaluationsPerLcu: 1_000,
    freeRules: 10,
  },
  hoursPerMonth: 730,
  // API Gateway pricing page, "Caching" (aws.amazon.com/api-gateway/pricing/): 1.6 GB at
  // $0.038/h is the page's worked example; 0.5 GB at $0.02/h and the $14.60-$2,774 monthly range
  // (0.5 GB to 237 GB) agree with it; the sizes between are the page's table as transcribed.
  restCacheHourly: {
    '0.5': 0.02,
    '1.6': 0.038,
    '6.1': 0.2,
    '13.5': 0.25,
    '28.4': 0.5,
    '58.2': 1.0,
    '118': 1.9,
    '237': 3.8,
  },
  // Elastic Load Balancing pricing page, Network Load Balancer (aws.amazon.com/elasticloadbalancing/pricing/):
  // the same hourly price as an ALB, $0.006 per NLCU-hour.
  nlb: { hourly: 0.0225, nlcuHourly: 0.006 },
}

const SECONDS_PER_HOUR = 3_600
const BYTES_PER_KB = 1_000
const BYTES_PER_GB = 1_000_000_000
const MILLION = 1_000_000

function assertNonNegative(name: string, value: number): void {
  if (!Number.isFinite(value) || value < 0) {
    throw new RangeError(`${name} must be a finite number >= 0, got ${value}`)
  }
}

/** Requests in a month at a steady `rps`: rps × 3,600 s × 730 h (≈ rps × 2.628 M). */
export function monthlyRequests(rps: number, prices: PriceTable = PRICE_TABLE): number {
  assertNonNegative('requestsPerSecond', rps)
  return rps * SECONDS_PER_HOUR * prices.hoursPerMonth
}

/** USD for `millions` billed requests under a cumulative tier table. */
function tieredUsd(millions: number, tiers: readonly PriceTier[]): number {
  let usd = 0
  let floor = 0
  for (const tier of tiers) {
    if (millions <= floor) break
    const inBand = Math.min(millions, tier.upToMillions) - floor
    usd += inBand * tier.perMillion
    floor = tier.upToMillions
  }
  return usd
}

/** Billed HTTP API requests per real request: one per started 512 KB block, at least one. */
function httpMeteringFactor(averagePayloadKB: number, prices: PriceTable): number {
  return Math.max(1, Math.ceil(averagePayloadKB / prices.http.meteringKB))
}

interface ApiGatewayCostInput {
  readonly kind: ApiGatewayKind
  readonly requestsPerSecond: number
  /** Request + response KB per request; only HTTP APIs bill by size. */
  readonly averagePayloadKB: number
}

interface ApiGatewayCost {
  /** Requests clients actually make in a month. */
  readonly monthlyRequests: number
  /** Requests AWS bills (HTTP API: one per started 512 KB of payload). */
  readonly billedRequests: number
  readonly monthlyUsd: number
}

/** Monthly API Gateway request charges with tiered pricing (no cache, no free tier). */
export function apiGatewayMonthlyCost(
  input: ApiGatewayCostInput,
  prices: PriceTable = PRICE_TABLE,
): ApiGatewayCost {
  assertNonNegative('averagePayloadKB', input.averagePayloadKB)
  const requests = monthlyRequests(input.requestsPerSecond, prices)
  if (input.kind === 'HTTP') {
    const billed = requests * httpMeteringFactor(input.averagePayloadKB, prices)
    return {
      monthlyRequests: requests,
      billedRequests: billed,
      monthlyUsd: tieredUsd(billed / MILLION, prices.http.tiers),
    }
  }
  return {
    monthlyRequests: requests,
    billedRequests: requests,
    monthlyUsd: tieredUsd(requests / MILLION, prices.rest),
  }
}

/** The four ALB capacity dimensions, in the order used to break ties. */
type LcuDimension =
  | 'new-connections'
  | 'active-connections'
  | 'processed-bytes'
  | 'rule-evaluations'

interface AlbCostInput {
  readonly requestsPerSecond: number
  /** Request + response KB per request. */
  readonly averagePayloadKB: number
  readonly targetKind: AlbTargetKind
  /** Requests carried by one client connection (1 = no keep-alive). Default 1. */
  readonly requestsPerConnection?: number
  /** Listener rules processed per request, default action included. Default 0. */
  readonly rulesEvaluated?: number
  /**
   * Concurrent client connections, if known. When omitted the model assumes
   * every connection opened during a minute is active in that minute:
   * active = (requestsPerSecond / requestsPerConnection) × 60.
   */
  readonly activeConnections?: number
  /** Listener uses mutual TLS (halves the active-connection allowance). */
  readonly mtls?: boolean
}

interface AlbCost {
  readonly monthlyUsd: number
  /** Billed LCUs per hour: the largest of the four dimensions. */
  readonly lcu: number
  readonly dominant: LcuDimension
  /** LCUs each dimension would need on its own. */
  readonly dimensions: {
    readonly newConnections: number
    readonly activeConnections: number
    readonly processedBytes: number
    readonly ruleEvaluations: number
  }
}

/**
 * Monthly cost of one ALB carrying the given traffic:
 * hoursPerMonth × (hourly + lcuHourly × LCU), LCU = max of
 *   new connections/s ÷ 25,
 *   active connections ÷ 3,000 (1,500 with mTLS),
 *   processed GB/h ÷ (1 for instance targets, 0.4 for Lambda targets),
 *   rps × max(0, rules − 10) ÷ 1,000.
 */
export function albMonthlyCost(input: AlbCostInput, prices: PriceTable = PRICE_TABLE): AlbCost {
  const {
    requestsPerSecond: rps,
    averagePayloadKB,
    targetKind,
    requestsPerConnection = 1,
    rulesEvaluated = 0,
    mtls = false,
  } = input
  assertNonNegative('requestsPerSecond', rps)
  assertNonNegative('averagePayloadKB', averagePayloadKB)
  assertNonNegative('rulesEvaluated', rulesEvaluated)
  if (!Number.isFinite(requestsPerConnection) || requestsPerConnection < 1) {
    throw new RangeError(`requestsPerConnection must be >= 1, got ${requestsPerConnection}`)
  }
  const alb = prices.alb

  const newConnectionsPerSecond = rps / requestsPerConnection
  const activeConnections = input.activeConnections ?? newConnectionsPerSecond * 60
  assertNonNegative('activeConnections', activeConnections)
  const processedGbPerHour =
    (rps * SECONDS_PER_HOUR * averagePayloadKB * BYTES_PER_KB) / BYTES_PER_GB
  const gbPerLcu = targetKind === 'lambda' ? alb.gbPerHourPerLcuLambda : alb.gbPerHourPerLcuInstance
  const chargedRules = Math.max(0, rulesEvaluated - alb.freeRules)

  const dimensions = {
    newConnections: newConnectionsPerSecond / alb.newConnectionsPerLcu,
    activeConnections:
      activeConnections / (mtls ? alb.activeConnectionsPerLcuMtls : alb.activeConnectionsPerLcu),
    processedBytes: processedGbPerHour / gbPerLcu,
    ruleEvaluations: (rps * chargedRules) / alb.ruleEvaluationsPerLcu,
  }
  const ranked: readonly [LcuDimension, number][] = [
    ['new-connections', dimensions.newConnections],
    ['active-connections', dimensions.activeConnections],
    ['processed-bytes', dimensions.processedBytes],
    ['rule-evaluations', dimensions.ruleEvaluations],
  ]
  let [dominant, lcu] = ranked[0]
  for (const [name, value] of ranked) {
    if (value > lcu) {
      dominant = name
      lcu = value
    }
  }
  return {
    monthlyUsd: prices.hoursPerMonth * (alb.hourly + alb.lcuHourly * lcu),
    lcu,
    dominant,
    dimensions,
  }
}

interface FrontDoorComparisonInput {
  readonly kind: ApiGatewayKind
  readonly requestsPerSecond: number
  readonly averagePayloadKB: number
  readonly targetKind: AlbTargetKind
  readonly requestsPerConnection?: number
  readonly rulesEvaluated?: number
  readonly mtls?: boolean
}

interface FrontDoorComparison {
  readonly apiGateway: ApiGatewayCost
  readonly alb: AlbCost
  /** apiGateway.monthlyUsd ÷ alb.monthlyUsd (> 1 means the ALB is cheaper). */
  readonly ratio: number
}

/** Both estimates for the same traffic, and how many times the API Gateway bill is the ALB bill. */
export function compareFrontDoors(
  input: FrontDoorComparisonInput,
  prices: PriceTable = PRICE_TABLE,
): FrontDoorComparison {
  const apiGateway = apiGatewayMonthlyCost(input, prices)
  const alb = albMonthlyCost(input, prices)
  return { apiGateway, alb, ratio: apiGateway.monthlyUsd / alb.monthlyUsd }
}

type BreakEvenInput = Omit<FrontDoorComparisonInput, 'requestsPerSecond'>

/**
 * Lowest steady request rate at which the ALB bill drops below the API Gateway
 * bill, or `null` if the ALB never gets cheaper (its LCU cost per request is at
 * least the API price in every tier it reaches first).
 *
 * Every LCU dimension grows linearly with the request rate (active connections
 * use the default assumption of `albMonthlyCost`), so the ALB bill is
 * floor + slope × rps while the API bill is piecewise linear over its tiers;
 * each tier is solved in turn. Within the first tier this equals the closed
 * form r* = hourly ÷ (3,600 × p/10^6 − lcuHourly × c) from the reference.
 */
export function breakEvenRps(input: BreakEvenInput, prices: PriceTable = PRICE_TABLE): number | null {
  const albFloor = prices.hoursPerMonth * prices.alb.hourly
  const albSlope = albMonthlyCost({ ...input, requestsPerSecond: 1 }, prices).monthlyUsd - albFloor
  const tiers = input.kind === 'HTTP' ? prices.http.tiers : prices.rest
  const factor = input.kind === 'HTTP' ? httpMeteringFactor(input.averagePayloadKB, prices) : 1
  // Billed requests (millions) per month for each 1 rps.
  const millionsPerRps = (monthlyRequests(1, prices) * factor) / MILLION

  let floorMillions = 0
  let usdBelowFloor = 0
  for (const tier of tiers) {
    const apiSlope = tier.perMillion * millionsPerRps
    if (apiSlope > albSlope) {
      // albFloor + albSlope·r = usdBelowFloor + perMillion·(millionsPerRps·r − floorMillions)
      const r =
        (albFloor - usdBelowFloor + tier.perMillion * floorMillions) / (apiSlope - albSlope)
      // No crossing happened in earlier tiers, so the ALB is still dearer at this
      // tier's start and the root cannot lie before it.
      if (r * millionsPerRps <= tier.upToMillions) return r
    }
    usdBelowFloor += (tier.upToMillions - floorMillions) * tier.perMillion
    floorMillions = tier.upToMillions
  }
  return null
}

/**
 * USD for messages: cents below $10,000 (`$919.80`, `$2,395.20`), whole dollars
 * from $10,000 up (`$20,805`). Thousands are comma-separated. Rounding is that
 * of `Number#toFixed` (the exact binary value decides, so 68.985 → `$68.98`).
 */
export function formatUsd(n: number): string {
  if (!Number.isFinite(n)) return n > 0 ? '$∞' : n < 0 ? '-$∞' : '$NaN'
  const abs = Math.abs(n)
  let text = abs.toFixed(2)
  if (Number(text) >= 10_000) text = abs.toFixed(0)
  const sign = Number(text) === 0 || n >= 0 ? '' : '-'
  const [whole, cents] = text.split('.')
  return `${sign}$${groupThousands(whole)}${cents === undefined ? '' : `.${cents}`}`
}

function groupThousands(digits: string): string {
  return digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',')
}

const COUNT_UNITS: readonly [number, string][] = [
  [1e12, 'T'],
  [1e9, 'B'],
  [1e6, 'M'],
  [1e3, 'k'],
]

/** One decimal below 10 (trailing `.0` dropped), whole numbers from there up. */
function scaledText(x: number): string {
  return x < 9.95 ? x.toFixed(1).replace(/\.0$/, '') : String(Math.round(x))
}

/**
 * A request count for people, e.g. `2.6 M`, `26 M`, `263 M`, `2.6 B`, `13 B`,
 * `1 M`: one decimal below 10 of a unit, whole units above. Units are k, M, B
 * (10^9) and T; counts under 1,000 are printed as whole numbers.
 */
export function formatCount(n: number): string {
  if (!Number.isFinite(n)) return String(n)
  const sign = n < 0 ? '-' : ''
  const abs = Math.abs(n)
  let i = COUNT_UNITS.findIndex(([size]) => abs >= size)
  if (i === -1) {
    const whole = Math.round(abs)
    if (whole < 1_000) return `${sign}${whole}`
    i = COUNT_UNITS.length - 1 // 999.6 rounds up into the k range
  }
  let text = scaledText(abs / COUNT_UNITS[i][0])
  if (Number(text) >= 1_000 && i > 0) {
    // 999.6 M reads 1 B, not 1000 M.
    i -= 1
    text = scaledText(abs / COUNT_UNITS[i][0])
  }
  return `${sign}${text} ${COUNT_UNITS[i][1]}`
}

/** Price changes a user may configure; anything left out keeps the built-in price. */
export interface PriceOverrides {
  region?: string
  rest?: Array<{ upToMillions: number | 'unlimited'; perMillion: number }>
  http?: { tiers?: Array<{ upToMillions: number | 'unlimited'; perMillion: number }>; meteringKB?: number }
  alb?: { hourly?: number; lcuHourly?: number }
}

export function withPricing(overrides: PriceOverrides | undefined, prices: PriceTable = PRICE_TABLE): PriceTable {
  if (!overrides) return prices
  const tiers = (list: NonNullable<PriceOverrides['rest']>): PriceTier[] =>
    list.map((tier) => ({ upToMillions: tier.upToMillions === 'unlimited' ? Infinity : tier.upToMillions, perMillion: tier.perMillion }))
  return {
    ...prices,
    asOf: `${prices.asOf} with configured overrides`,
    region: overrides.region ?? prices.region,
    rest: overrides.rest ? tiers(overrides.rest) : prices.rest,
    http: {
      tiers: overrides.http?.tiers ? tiers(overrides.http.tiers) : prices.http.tiers,
      meteringKB: overrides.http?.meteringKB ?? prices.http.meteringKB,
    },
    alb: { ...prices.alb, ...overrides.alb },
  }
}

/**
 * Monthly price of a REST stage cache cluster of `sizeGB` (`0.5`, `1.6`, ... as AWS writes it;
 * `118.0` and `118` are the same size): hourly price × hours in a month. Undefined for a size the
 * price table does not list (AWS accepts none other).
 */
export function cacheClusterMonthlyCost(
  sizeGB: string,
  prices: PriceTable = PRICE_TABLE,
): { hourlyUsd: number; monthlyUsd: number } | undefined {
  const size = Number(sizeGB)
  if (sizeGB.trim() === '' || !Number.isFinite(size)) return undefined
  const entry = Object.entries(prices.restCacheHourly).find(([listed]) => Number(listed) === size)
  if (!entry) return undefined
  return { hourlyUsd: entry[1], monthlyUsd: entry[1] * prices.hoursPerMonth }
}

/**
 * What a load balancer costs a month before any capacity unit: its hourly price × hours in a
 * month ($16.43 for an ALB or an NLB at the built-in prices).
 */
export function loadBalancerMonthlyFloor(kind: 'application' | 'network', prices: PriceTable = PRICE_TABLE): number {
  return prices.hoursPerMonth * (kind === 'network' ? prices.nlb.hourly : prices.alb.hourly)
}

/**
 * How much less an HTTP API's first price band is than a REST API's, as a fraction (0.714 at
 * $1.00 against $3.50 a million): what moving a REST API that makes no use of REST-only features
 * saves on requests, before HTTP API's 512 KB metering.
 */
export function httpApiFirstTierSaving(prices: PriceTable = PRICE_TABLE): number {
  const rest = prices.rest[0]?.perMillion
  const http = prices.http.tiers[0]?.perMillion
  if (rest === undefined || http === undefined || rest <= 0) return 0
  return 1 - http / rest
}

/**
 * An hourly price for messages, to the tenth of a cent where the price has one: `$0.02`,
 * `$0.038`, `$0.0225`, `$1.90` (at most four decimals, at least two).
 */
export function formatHourlyUsd(n: number): string {
  if (!Number.isFinite(n) || Math.abs(n) >= 10) return formatUsd(n)
  const text = Math.abs(n).toFixed(4).replace(/0{1,2}$/, '')
  return `${n < 0 && Number(text) !== 0 ? '-' : ''}$${text}`
}

/** What an ALB costs a month before any LCU: its hours alone (730 h × $0.0225 = $16.43). */
export function albFloorMonthlyUsd(prices: PriceTable = PRICE_TABLE): number {
  return loadBalancerMonthlyFloor('application', prices)
}

/** What `lcu` capacity units cost a month when they are billed every hour. */
export function lcuMonthlyUsd(lcu: number, prices: PriceTable = PRICE_TABLE): number {
  assertNonNegative('lcu', lcu)
  return prices.hoursPerMonth * prices.alb.lcuHourly * lcu
}

/**
 * The average payload (request + response KB) above which one request's processed bytes cost an
 * ALB more than an HTTP API charges for the whole request at its first-tier price, or `null` when
 * no payload crosses. Per request the ALB bills lcuHourly × GB ÷ (GB/h per LCU) for its bytes and
 * the HTTP API perMillion ÷ 10^6 for every started `meteringKB` block, so the crossing is
 * S = perMillion × (GB/h per LCU) ÷ lcuHourly (KB) — 125 KB for instance targets and 50 KB for
 * Lambda targets at list prices. Both grow by the same factor per metering block, so a crossing
 * exists only inside the first block.
 */
export function albPayloadCrossoverKB(targetKind: AlbTargetKind, prices: PriceTable = PRICE_TABLE): number | null {
  const gbPerLcu = targetKind === 'lambda' ? prices.alb.gbPerHourPerLcuLambda : prices.alb.gbPerHourPerLcuInstance
  const perRequestUsd = (prices.http.tiers[0]?.perMillion ?? 0) / MILLION
  const kb = (perRequestUsd * gbPerLcu * BYTES_PER_GB) / (prices.alb.lcuHourly * BYTES_PER_KB)
  return kb < prices.http.meteringKB ? kb : null
}

interface RuleEvaluationCost {
  /** Rules processed per request beyond the free ones. */
  readonly chargedRules: number
  /** Charged rule evaluations a second. */
  readonly evaluationsPerSecond: number
  /** LCUs the rule-evaluation dimension needs on its own. */
  readonly lcu: number
  /** What those LCUs cost a month when this dimension is the one billed. */
  readonly monthlyUsd: number
}

/** The rule-evaluation dimension of an ALB on its own: rps × (rules processed − free rules) evaluations a second. */
export function albRuleEvaluationCost(requestsPerSecond: number, rulesEvaluated: number, prices: PriceTable = PRICE_TABLE): RuleEvaluationCost {
  assertNonNegative('requestsPerSecond', requestsPerSecond)
  assertNonNegative('rulesEvaluated', rulesEvaluated)
  const chargedRules = Math.max(0, rulesEvaluated - prices.alb.freeRules)
  const evaluationsPerSecond = requestsPerSecond * chargedRules
  const lcu = evaluationsPerSecond / prices.alb.ruleEvaluationsPerLcu
  return { chargedRules, evaluationsPerSecond, lcu, monthlyUsd: lcuMonthlyUsd(lcu, prices) }
}
