import { defineRule } from '../src/engine/rule.js'
import { compareFrontDoors, formatCount, formatUsd, PRICE_TABLE } from '../src/model/cost.js'
import { describeApi, listNames } from '../src/model/describe.js'
import type { Model } from '../src/model/model.js'
import { expectedTraffic, formatRps } from './support/traffic.js'
import type { Api, ApiFeature } from '../src/model/types.js'

/** Report when API Gateway costs more than this many times the ALB estimate. */
const RATIO_THRESHOLD = 2

const FEATURE_NAMES: Record<ApiFeature, string> = {
  'api-keys': 'API keys',
  'usage-plans': 'usage plans',
  caching: 'response caching',
  'request-validation': 'request validation',
  'mapping-templates': 'mapping templates',
  'service-integrations': 'direct AWS service integrations',
}

export default defineRule({
  id: 'apigw-high-traffic-cost',
  meta: {
    title: 'High-traffic API on per-request API Gateway pricing',
    category: 'cost',
    defaultLevel: 'warning',
    whatItDoes: `Estimates the monthly cost of an API from its declared traffic (or the volume its usage plan quotas promise) and reports when API Gateway's per-request price exceeds ${RATIO_THRESHOLD} times the cost of an Application Load Balancer serving the same traffic. Prices are us-east-1 list prices as of ${PRICE_TABLE.asOf}.`,
    whyBad:
      'API Gateway bills every request ($3.50 per million for REST, $1.00 for HTTP APIs), while an ALB bills hours and capacity units. For small payloads the ALB is cheaper from a few requests per second, and at thousands of requests per second the difference is tens of times the ALB bill.',
    fix:
      'Serve bulk traffic from an ALB (with a jwt-validation or authenticate action and an AWS WAF rate-based rule where needed) and keep API Gateway for partner endpoints that need its features; or at least use an HTTP API instead of a REST API. Declare the expected traffic on the API so the estimate uses your numbers: in CloudFormation `Metadata: { iac-lint: { traffic: { requestsPerSecond: N, averagePayloadKB: N } } }`, in Terraform the tags `iac-lint:requests-per-second` and `iac-lint:average-payload-kb`, or for either in `.iac-lint.yaml` under `resources`.',
    references: [
      'https://aws.amazon.com/api-gateway/pricing/',
      'https://aws.amazon.com/elasticloadbalancing/pricing/',
      'https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-vs-rest.html',
    ],
    frameworks: ['cloudformation', 'terraform'],
    declarations: {
      reads: ['traffic'],
      withoutThem: 'the rule estimates from the volume a usage plan quota promises, and stays quiet on an API that has neither.',
    },
    options: {
      minMonthlySavingUsd: {
        description:
          'Report only when an ALB would cost at least this many US dollars a month less than API Gateway, so that APIs where moving saves little are left alone.',
        default: 0,
      },
    },
  },
  check({ model, report, settings, options }) {
    const minimumSaving = Number(options.minMonthlySavingUsd)
    for (const api of model.all('api')) {
      if (api.protocol === 'WEBSOCKET') continue
      const traffic = expectedTraffic(model, api)
      if (!traffic) continue
      const targetKind = apiTargetsLambda(model, api) ? 'lambda' : 'instance'
      const comparison = compareFrontDoors({
        kind: api.protocol,
        requestsPerSecond: traffic.rps,
        averagePayloadKB: traffic.payloadKB,
        targetKind,
      }, settings.pricing)
      if (comparison.apiGateway.monthlyUsd <= RATIO_THRESHOLD * comparison.alb.monthlyUsd) continue
      if (comparison.apiGateway.monthlyUsd - comparison.alb.monthlyUsd < minimumSaving) continue
      const features = [...api.features].map((feature) => FEATURE_NAMES[feature])
      const featureNote = features.length
        ? ` It uses ${listNames(features)}, which an ALB cannot give: keep those endpoints on API Gateway and move the rest.`
        : ' It uses no feature an ALB cannot replace.'
      report({
        at: api,
        // The declaration is the number the estimate rests on; configuration and quotas leave the finding at the API.
        property: { at: api.traffic?.source },
        message:
          `At ${formatRps(traffic.rps)} req/s (${formatCount(comparison.apiGateway.monthlyRequests)} requests a month, ${traffic.origin}) ` +
          `${describeApi(api)} costs about ${formatUsd(comparison.apiGateway.monthlyUsd)} a month; an ALB serving the same traffic ` +
          `about ${formatUsd(comparison.alb.monthlyUsd)} (${comparison.alb.lcu.toFixed(1)} LCU driven by ${comparison.alb.dominant.replace('-', ' ')}, ${targetKind === 'lambda' ? 'Lambda' : 'instance'} targets, ` +
          `${traffic.payloadKB} KB a request${traffic.payloadAssumed ? ' assumed' : ''}, a new connection per request).${featureNote} ` +
          'Estimate at the average rate: LCUs are billed on the hourly peak; free tier, compute and data transfer excluded.',
        related: traffic.plan ? [{ at: traffic.plan, message: 'the usage plan whose quota the estimate uses' }] : [],
        properties: {
          requestsPerSecond: traffic.rps,
          averagePayloadKB: traffic.payloadKB,
          monthlyRequests: comparison.apiGateway.monthlyRequests,
          apiGatewayMonthlyUsd: round(comparison.apiGateway.monthlyUsd),
          albMonthlyUsd: round(comparison.alb.monthlyUsd),
          albLcu: round(comparison.alb.lcu),
          confidence: traffic.declared ? 'declared' : 'inferred',
          pricesAsOf: settings.pricing.asOf,
          pricingRegion: settings.pricing.region,
        },
      })
    }
  },
})

function apiTargetsLambda(model: Model, api: Api): boolean {
  return model.integrationsOf(api.id).some((integration) => integration.functions.length > 0)
}


function round(value: number): number {
  return Math.round(value * 100) / 100
}
