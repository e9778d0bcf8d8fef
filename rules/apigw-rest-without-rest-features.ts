import { defineRule } from '../src/engine/rule.js'
import { apiGatewayMonthlyCost, formatCount, formatUsd, httpApiFirstTierSaving } from '../src/model/cost.js'
import { describeApi } from '../src/model/describe.js'
import type { Model } from '../src/model/model.js'
import type { Api, DeclaredNeed } from '../src/model/types.js'
import { stageWafAssociation } from './support/stage-waf.js'
import { expectedTraffic, formatRps } from './support/traffic.js'

/** Integration types an HTTP API has too: Lambda proxy and HTTP proxy. */
const PROXY_TYPES: ReadonlySet<string> = new Set(['AWS_PROXY', 'HTTP_PROXY'])

/** Declared needs only a REST API serves. */
const REST_ONLY_NEEDS: readonly DeclaredNeed[] = ['api-keys', 'per-client-quota', 'request-validation', 'caching', 'transformation']

/** What the model cannot see; named in every message so that nobody migrates on the rule's word alone. */
const NOT_READ = 'custom gateway responses'

export default defineRule({
  id: 'apigw-rest-without-rest-features',
  meta: {
    title: 'REST API that uses no REST-only feature and would cost less as an HTTP API',
    category: 'cost',
    defaultLevel: 'note',
    whatItDoes:
      `Finds REST APIs that use none of the features only REST APIs have: an endpoint written as EDGE or PRIVATE, a resource policy, an AWS WAF web ACL, usage plans or API keys, request validators, mapping templates or other non-proxy integrations (AWS, HTTP, and MOCK on anything but OPTIONS, which serves CORS), a stage cache cluster or method caching, response streaming, X-Ray tracing, a client certificate for the backend, canary release settings, or an edge-optimized custom domain; nor declares a need only REST serves. Every integration must be a Lambda proxy or HTTP proxy. The message gives the monthly cost of the API's declared traffic as a REST and as an HTTP API, or the per-million prices when no traffic is declared. An API with anything the scan cannot tell (an OpenAPI definition that is not read, an unresolved endpoint type, policy, integration type, stage setting or web ACL association) is not reported. iac-lint does not read ${NOT_READ}: the message asks you to check for them.`,
    whyBad:
      'An HTTP API costs $1.00 per million requests for the first 300 million a month, a REST API $3.50 for the first 333 million: about 71% less for the same Lambda or HTTP proxy integrations, with lower latency. A REST API that uses none of its own features pays the difference for nothing.',
    fix:
      'Move the API to an HTTP API (AWS::ApiGatewayV2::Api or AWS::Serverless::HttpApi; aws_apigatewayv2_api with protocol_type HTTP): Lambda and HTTP proxy integrations carry over, a JWT authorizer replaces a Cognito user pool authorizer, Lambda authorizers and IAM authorization work as before. Check the differences first: HTTP APIs are regional only (put CloudFront in front for clients worldwide), have a 30-second integration timeout, use payload format 2.0 for Lambda by default, and bill one request per 512 KB of payload. If the API needs REST-only features later, declare them (`needs`) so this note goes.',
    references: [
      'https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-vs-rest.html',
      'https://aws.amazon.com/api-gateway/pricing/',
      'https://docs.aws.amazon.com/whitepapers/latest/best-practices-api-gateway-private-apis-integration/cost-optimization.html',
    ],
    frameworks: ['cloudformation', 'terraform'],
    declarations: {
      reads: ['traffic', 'needs'],
      frontDoors: ['rest-api'],
      withoutThem:
        'without declared traffic the message gives the per-million prices instead of monthly costs; without declared needs the rule judges from the template alone.',
    },
  },
  check({ model, report, settings: { pricing } }) {
    for (const api of model.all('api')) {
      if (api.protocol !== 'REST') continue
      if (!usesNoRestOnlyFeature(model, api)) continue

      const saving = httpApiFirstTierSaving(pricing)
      const restPrice = pricing.rest[0]?.perMillion ?? 0
      const httpPrice = pricing.http.tiers[0]?.perMillion ?? 0
      const traffic = expectedTraffic(model, api)
      const edge = api.endpointTypes.known && api.endpointTypes.value.includes('EDGE')
        ? ' Its endpoint is edge-optimized only because none is written; an HTTP API is regional, so put CloudFront in front if clients are worldwide.'
        : ''
      let cost: string
      let properties: Record<string, unknown> = { savingPercent: Math.round(saving * 100) }
      if (traffic) {
        const rest = apiGatewayMonthlyCost({ kind: 'REST', requestsPerSecond: traffic.rps, averagePayloadKB: traffic.payloadKB }, pricing)
        const http = apiGatewayMonthlyCost({ kind: 'HTTP', requestsPerSecond: traffic.rps, averagePayloadKB: traffic.payloadKB }, pricing)
        // Large payloads: HTTP APIs bill one request per 512 KB, and can cost more than REST.
        if (http.monthlyUsd >= rest.monthlyUsd) continue
        const percent = Math.round((1 - http.monthlyUsd / rest.monthlyUsd) * 100)
        cost =
          `At ${formatRps(traffic.rps)} req/s (${formatCount(rest.monthlyRequests)} requests a month, ${traffic.origin}; ${traffic.payloadKB} KB a request${traffic.payloadAssumed ? ' assumed' : ''}) ` +
          `it costs about ${formatUsd(rest.monthlyUsd)} a month as a REST API and ${formatUsd(http.monthlyUsd)} as an HTTP API, ${percent}% less (free tier and data transfer excluded).`
        properties = {
          requestsPerSecond: traffic.rps,
          averagePayloadKB: traffic.payloadKB,
          monthlyRequests: rest.monthlyRequests,
          monthlyUsd: round(rest.monthlyUsd),
          alternativeMonthlyUsd: round(http.monthlyUsd),
          savingPercent: percent,
          confidence: traffic.declared ? 'declared' : 'inferred',
        }
      } else {
        cost =
          `An HTTP API costs ${formatUsd(httpPrice)} per million requests against ${formatUsd(restPrice)} for a REST API ` +
          `(first price bands), about ${Math.round(saving * 100)}% less; declare the API's traffic for monthly figures.`
      }
      report({
        at: api,
        message:
          `${upperFirst(describeApi(api))} uses no feature only REST APIs have: its integrations are Lambda or HTTP proxies, with no resource policy, WAF, usage plan, API key, request validation, mapping template, cache, X-Ray tracing, client certificate or canary. ` +
          `${cost}${edge} Move it to an HTTP API, after checking that it uses no ${NOT_READ}, which iac-lint does not read.`,
        properties: { ...properties, pricesAsOf: pricing.asOf, pricingRegion: pricing.region },
      })
    }
  },
})

/**
 * True when everything the model holds about the API says it uses no REST-only feature, and
 * nothing it depends on is unknown.
 */
function usesNoRestOnlyFeature(model: Model, api: Api): boolean {
  if (api.features.size > 0) return false
  if (api.definitionRoutes && !api.definitionRoutes.known) return false
  const needs = api.declared?.needs
  if (needs && (!needs.known || needs.value.some((need) => REST_ONLY_NEEDS.includes(need)))) return false
  if (!api.hasResourcePolicy.known || api.hasResourcePolicy.value) return false
  const types = api.endpointTypes
  if (!types.known) return false
  // EDGE only by default is no choice the template made; written EDGE or PRIVATE is.
  if (types.value.includes('PRIVATE') || (types.value.includes('EDGE') && !types.at?.defaulted)) return false
  for (const mapping of model.domainsOf(api.id)) {
    const domain = model.getKind(mapping.domain, 'custom-domain')
    if (!domain) continue
    if (!domain.endpointType.known || domain.endpointType.value.toUpperCase() === 'EDGE') return false
  }

  const operations = model.operationsOf(api.id)
  if (operations.length === 0) return false
  for (const operation of operations) {
    const integration = model.getKind(operation.integration, 'integration')
    if (!integration || !integration.integrationType.known || !integration.transferMode.known) return false
    if (integration.transferMode.value.toUpperCase() === 'STREAM') return false
    const type = integration.integrationType.value.toUpperCase()
    if (PROXY_TYPES.has(type)) continue
    const cors = type === 'MOCK' && operation.method.known && operation.method.value.toUpperCase() === 'OPTIONS'
    if (!cors) return false
  }

  const stages = model.stagesOf(api.id)
  for (const stage of stages) {
    if (!stage.cacheEnabled.known || stage.cacheEnabled.value) return false
    const settings = stage.settings
    if (!settings) return false
    for (const flag of [settings.tracingEnabled, settings.clientCertificate, settings.canary]) {
      if (!flag || !flag.known || flag.value) return false
    }
    const caching = [settings.cachingEnabled, ...settings.routes.map((route) => route.cachingEnabled)]
    if (caching.some((fact) => fact !== undefined && (!fact.known || fact.value))) return false
    const waf = stageWafAssociation(model, stage)
    if (!waf.known || waf.value !== undefined) return false
  }
  const associations = model.all('waf-association')
  if (associations.some((association) => association.resource === api.id || association.resource === undefined)) return false
  return true
}

function upperFirst(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1)
}

function round(value: number): number {
  return Math.round(value * 100) / 100
}
