import { defineRule } from '../src/engine/rule.js'
import { cacheClusterMonthlyCost, formatHourlyUsd, formatUsd } from '../src/model/cost.js'
import { describeApi } from '../src/model/describe.js'
import type { Fact, StageSettings } from '../src/model/types.js'

/** The smallest cache cluster, for a message when the size cannot be read. */
const SMALLEST_SIZE = '0.5'

export default defineRule({
  id: 'apigw-cache-idle',
  meta: {
    title: 'REST API stage pays for a cache cluster that no method uses',
    category: 'cost',
    defaultLevel: 'warning',
    whatItDoes:
      "Finds REST API stages with a cache cluster (CacheClusterEnabled, Terraform's cache_cluster_enabled) where no method setting turns caching on: neither the stage-wide method settings nor those of a single method. The finding points at the property that creates the cluster and gives the cluster's monthly price for its size, from the built-in us-east-1 list prices. A stage whose method settings cannot be resolved is not reported.",
    whyBad:
      'API Gateway bills a cache cluster by the hour for as long as it exists, whatever it holds: from $14.60 a month for 0.5 GB to about $2,774 for 237 GB. The cluster only caches the methods whose method settings enable caching, so a cluster without them is money spent on nothing, often a leftover from a test or an incomplete setup.',
    fix:
      "Either turn caching on for the methods whose responses can be cached (a method setting with CachingEnabled true, for the whole stage or per method, and a TTL that suits the data), or remove the cache cluster from the stage. In Terraform, method caching is set with aws_api_gateway_method_settings (settings { caching_enabled = true }).",
    references: [
      'https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-caching.html',
      'https://aws.amazon.com/api-gateway/pricing/',
      'https://docs.aws.amazon.com/apigateway/latest/api/API_MethodSetting.html',
    ],
    frameworks: ['cloudformation', 'terraform'],
  },
  check({ model, report, settings: { pricing } }) {
    for (const stage of model.all('stage')) {
      const api = model.getKind(stage.api, 'api')
      if (!api || api.protocol !== 'REST') continue
      if (!stage.cacheEnabled.known || !stage.cacheEnabled.value) continue
      const settings = stage.settings
      if (!settings || !noMethodCaches(settings)) continue

      const size = settings.cacheClusterSize
      const sizeText = size?.known ? size.value : undefined
      const price = sizeText === undefined ? undefined : cacheClusterMonthlyCost(sizeText, pricing)
      let cost: string
      if (price) {
        cost = `a ${sizeText} GB cache cluster, billed ${formatHourlyUsd(price.hourlyUsd)} an hour (about ${formatUsd(price.monthlyUsd)} a month)`
      } else {
        const what = sizeText === undefined ? `unknown size (${size && !size.known ? size.why : 'not read'})` : `size ${sizeText} GB, which the price table does not list`
        const smallest = cacheClusterMonthlyCost(SMALLEST_SIZE, pricing)
        const floor = smallest ? `, billed at least ${formatHourlyUsd(smallest.hourlyUsd)} an hour (about ${formatUsd(smallest.monthlyUsd)} a month for the smallest, ${SMALLEST_SIZE} GB)` : ''
        cost = `a cache cluster of ${what}${floor}`
      }
      const name = stage.name.known ? stage.name.value : '(unresolved name)'
      report({
        at: stage,
        property: stage.cacheEnabled,
        message:
          `Stage ${name} of ${describeApi(api)} has ${cost}, ` +
          'but no method setting turns caching on, so the cluster is paid for and caches nothing. ' +
          'Turn caching on for the methods whose responses can be cached, or remove the cache cluster.',
        related: [{ at: api, message: 'the API' }],
        properties: {
          ...(sizeText === undefined ? {} : { cacheClusterSizeGB: sizeText }),
          ...(price ? { hourlyUsd: price.hourlyUsd, monthlyUsd: round(price.monthlyUsd) } : {}),
          alternativeMonthlyUsd: 0,
          pricesAsOf: pricing.asOf,
          pricingRegion: pricing.region,
        },
      })
    }
  },
})

/** True when every method setting is known and none turns caching on; false when one does or may. */
function noMethodCaches(settings: StageSettings): boolean {
  const facts: Array<Fact<boolean> | undefined> = [settings.cachingEnabled, ...settings.routes.map((route) => route.cachingEnabled)]
  return facts.every((fact) => fact === undefined || (fact.known && !fact.value))
}

function round(value: number): number {
  return Math.round(value * 100) / 100
}
