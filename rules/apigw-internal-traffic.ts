import { defineRule } from '../src/engine/rule.js'
import { compareFrontDoors, formatUsd, type PriceTable } from '../src/model/cost.js'
import { declaredExposureOf } from '../src/model/declarations.js'
import { describeApi, listNames } from '../src/model/describe.js'
import type { Model } from '../src/model/model.js'
import { vpcLinkOnPath } from '../src/model/api-edges.js'
import { allowsOnlyFrom } from '../src/model/policy.js'
import type { Api, FactOrigin, LoadBalancer } from '../src/model/types.js'
import { expectedTraffic, formatRps } from './support/traffic.js'

const VPC_ONLY = new Set(['vpc', 'vpce', 'vpc-or-vpce'])

const POLICY_WORDS: Readonly<Record<string, string>> = {
  vpc: 'callers in listed VPCs (aws:SourceVpc)',
  vpce: 'callers through listed VPC endpoints (aws:SourceVpce)',
  'vpc-or-vpce': 'callers in listed VPCs or through listed VPC endpoints (aws:SourceVpc, aws:SourceVpce)',
}

export default defineRule({
  id: 'apigw-internal-traffic',
  meta: {
    title: 'Internal service-to-service traffic through API Gateway',
    category: 'fit',
    defaultLevel: 'note',
    whatItDoes:
      'Finds REST APIs with a public endpoint (REGIONAL or EDGE) and HTTP APIs whose resource policy admits only callers in listed VPCs or through listed VPC endpoints (aws:SourceVpc, aws:SourceVpce), or that are declared internal; and REST APIs declared internal whose integrations all go through a VPC link to an internal load balancer. When the API declares its traffic (or a usage plan quota gives it), the message compares its monthly cost with an internal ALB carrying the same requests.',
    whyBad:
      'Callers inside the network pay API Gateway per request for what an internal load balancer gives by the hour, and a request through a VPC link to an internal load balancer pays for both hops. A public endpoint for internal callers is also one more thing exposed to the internet, held shut only by its policy.',
    fix:
      'Let internal callers reach an internal ALB directly (path or host rules, mutual TLS or jwt-validation on the listener if they must authenticate), or, if the API needs API Gateway features, make it a PRIVATE REST API reached through an interface VPC endpoint.',
    references: [
      'https://docs.aws.amazon.com/whitepapers/latest/best-practices-api-gateway-private-apis-integration/cost-optimization.html',
      'https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-private-apis.html',
      'https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-resource-policies-examples.html',
      'https://aws.amazon.com/api-gateway/pricing/',
    ],
    frameworks: ['cloudformation', 'terraform'],
    declarations: {
      reads: ['exposure', 'traffic'],
      frontDoors: ['rest-api', 'http-api'],
      withoutThem: 'the rule still reports a public-endpoint API whose resource policy admits only VPC callers, without the cost comparison; the other cases need a declared exposure of internal.',
    },
  },
  check({ model, report, settings }) {
    for (const api of model.all('api')) {
      if (api.protocol === 'WEBSOCKET' || !api.endpointTypes.known) continue
      const publicEndpoint = !api.endpointTypes.value.includes('PRIVATE')
      const declaredInternal = declaredExposureOf(api) === 'internal'
      const policy = api.resourcePolicy ? allowsOnlyFrom(api.resourcePolicy) : undefined
      const vpcOnly = policy?.known === true && VPC_ONLY.has(policy.value) ? policy.value : undefined
      const internalTargets = api.protocol === 'REST' && declaredInternal ? internalLoadBalancersReached(model, api) : undefined
      const publicCase = publicEndpoint && (vpcOnly !== undefined || declaredInternal)
      if (!publicCase && internalTargets === undefined) continue

      const reasons: string[] = []
      let property: FactOrigin | undefined
      if (publicEndpoint && vpcOnly !== undefined) {
        reasons.push(`its resource policy admits only ${POLICY_WORDS[vpcOnly]}`)
        property = policy?.at ?? api.resourcePolicy?.at
      }
      if (declaredInternal) {
        reasons.push('it is declared internal')
        property ??= api.declared?.exposure?.at
      }
      if (internalTargets) reasons.push(`every integration goes through a VPC link to internal load balancer ${listNames(internalTargets.map((lb) => lb.source.address))}`)
      const endpoint = api.protocol === 'HTTP' ? 'public' : api.endpointTypes.value.join(', ')
      const cost = costText(model, api, settings.pricing, internalTargets !== undefined)
      report({
        at: api,
        property: { at: property },
        message:
          `${describeApi(api)} (${endpoint} endpoint) carries internal traffic: ${listNames(reasons)}, so internal callers pay API Gateway per request.` +
          `${cost.text} ` +
          `${internalTargets ? 'Let callers reach the internal load balancer directly' : 'Let internal callers reach an internal ALB directly'}` +
          `${publicEndpoint ? ', or make the API a PRIVATE REST API behind an interface VPC endpoint if it needs API Gateway features.' : ', and keep the API only for calls that need API Gateway features.'}`,
        related: (internalTargets ?? []).map((lb) => ({ at: lb, message: 'the internal load balancer behind the VPC link' })),
        properties: {
          reasons: [
            ...(publicEndpoint && vpcOnly !== undefined ? ['resource-policy'] : []),
            ...(declaredInternal ? ['declared-internal'] : []),
            ...(internalTargets ? ['vpc-link-internal-load-balancer'] : []),
          ],
          ...(vpcOnly === undefined ? {} : { policyAdmits: vpcOnly }),
          ...cost.properties,
        },
      })
    }
  },
})

/**
 * The internal load balancers the API's integrations reach when every integration goes through a
 * VPC link to one; undefined when an integration goes elsewhere or where it goes is not known.
 */
function internalLoadBalancersReached(model: Model, api: Api): LoadBalancer[] | undefined {
  const integrations = model.integrationsOf(api.id)
  if (integrations.length === 0) return undefined
  const found = new Set<LoadBalancer>()
  for (const integration of integrations) {
    const link = vpcLinkOnPath(model, integration)
    const balancer = link?.loadBalancer
    if (!link?.connectionType.known || !balancer?.scheme.known || balancer.scheme.value !== 'internal') return undefined
    found.add(balancer)
  }
  return [...found]
}

function costText(model: Model, api: Api, pricing: PriceTable, viaLink: boolean): { text: string; properties: Record<string, unknown> } {
  const traffic = expectedTraffic(model, api)
  if (!traffic || api.protocol === 'WEBSOCKET') return { text: ' Declare its traffic to see what it costs against an internal ALB.', properties: {} }
  const targetKind = model.integrationsOf(api.id).some((integration) => integration.functions.length > 0) ? 'lambda' : 'instance'
  const comparison = compareFrontDoors({ kind: api.protocol, requestsPerSecond: traffic.rps, averagePayloadKB: traffic.payloadKB, targetKind }, pricing)
  const apiUsd = comparison.apiGateway.monthlyUsd
  const albUsd = comparison.alb.monthlyUsd
  const difference = apiUsd - albUsd
  const versus =
    difference >= 0 ? `${formatUsd(difference)} a month less` : `${formatUsd(-difference)} a month more at this volume`
  const link = viaLink ? ' The internal load balancer is already paid for, so calling it directly saves the whole API bill.' : ''
  return {
    text:
      ` At ${formatRps(traffic.rps)} req/s (${traffic.origin}, ${traffic.payloadKB} KB a request${traffic.payloadAssumed ? ' assumed' : ''}) the API costs about ${formatUsd(apiUsd)} a month; ` +
      `an internal ALB carrying the same requests about ${formatUsd(albUsd)} (${targetKind === 'lambda' ? 'Lambda' : 'instance'} targets, a new connection per request), ${versus}.${link}` +
      ` Prices: ${pricing.region} list prices of ${pricing.asOf}.`,
    properties: {
      requestsPerSecond: traffic.rps,
      averagePayloadKB: traffic.payloadKB,
      apiGatewayMonthlyUsd: round(apiUsd),
      albMonthlyUsd: round(albUsd),
      monthlyDifferenceUsd: round(difference),
      confidence: traffic.declared ? 'declared' : 'inferred',
      pricesAsOf: pricing.asOf,
    },
  }
}

function round(value: number): number {
  return Math.round(value * 100) / 100
}
