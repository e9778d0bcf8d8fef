import { defineRule } from '../src/engine/rule.js'
import { HTTP_DEFAULT_TIMEOUT_MS } from '../src/model/aws.js'
import { albFloorMonthlyUsd, breakEvenRps, compareFrontDoors, formatCount, formatUsd, PRICE_TABLE } from '../src/model/cost.js'
import { declaredExposureOf, declaresNeed } from '../src/model/declarations.js'
import { listNames } from '../src/model/describe.js'
import type { Model } from '../src/model/model.js'
import { wafOf } from '../src/model/paths.js'
import type { LoadBalancer } from '../src/model/types.js'
import { balancerTargets, onlyLambdaTargets, type BalancerTargets } from './support/alb-targets.js'
import { formatRps, loadBalancerTraffic, round2 } from './support/traffic.js'

/** Listener actions that sign browsers in: an HTTP API has JWT authorizers, no login flow. */
const LOGIN_ACTIONS: ReadonlySet<string> = new Set(['authenticate-cognito', 'authenticate-oidc'])

export default defineRule({
  id: 'alb-low-traffic-lambda-only',
  meta: {
    title: 'ALB that fronts only Lambda functions at a traffic an HTTP API serves for less',
    category: 'cost',
    defaultLevel: 'note',
    whatItDoes: `Finds internet-facing Application Load Balancers whose listeners forward only to Lambda target groups and whose declared traffic is below the break-even with an API Gateway HTTP API at the declared payload, and gives both monthly estimates: the ALB's hours plus its capacity units against the HTTP API's per-request price. A load balancer is left alone when something it does has no HTTP API equivalent: an AWS WAF web ACL, an authenticate-cognito or authenticate-oidc action, a function that may run longer than an HTTP API waits (${HTTP_DEFAULT_TIMEOUT_MS / 1000} s), or a declared long-running need; or when a listener action or target group cannot be read. Prices are us-east-1 list prices as of ${PRICE_TABLE.asOf}.`,
    whyBad:
      'An ALB bills every hour it exists ($16.43 a month at list price) before it carries a request, plus capacity units. At a few requests a second an HTTP API, which bills only requests ($1.00 per million), costs less, and it gives Lambda backends JWT authorizers and throttling an ALB does not have.',
    fix:
      'Move the functions behind an API Gateway HTTP API (a JWT authorizer replaces a jwt-validation action), or behind a function URL with CloudFront in front, and remove the load balancer. Declare the traffic on the load balancer so the estimate uses your numbers: in CloudFormation `Metadata: { iac-lint: { traffic: { requestsPerSecond: N, averagePayloadKB: N } } }`, in Terraform the tags `iac-lint:requests-per-second` and `iac-lint:average-payload-kb`, or in `.iac-lint.yaml` under `resources`.',
    references: [
      'https://aws.amazon.com/elasticloadbalancing/pricing/',
      'https://aws.amazon.com/api-gateway/pricing/',
      'https://docs.aws.amazon.com/elasticloadbalancing/latest/application/lambda-functions.html',
      'https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-vs-rest.html',
    ],
    frameworks: ['cloudformation', 'terraform'],
    declarations: {
      reads: ['traffic', 'exposure', 'needs'],
      frontDoors: ['load-balancer'],
      withoutThem: 'the rule stays quiet on a load balancer that declares no traffic: nothing in a template says how much comes.',
    },
  },
  check({ model, report, settings }) {
    for (const balancer of model.all('load-balancer')) {
      if (!balancer.lbType.known || balancer.lbType.value !== 'application') continue
      if (!balancer.scheme.known || balancer.scheme.value !== 'internet-facing') continue
      // An HTTP API has no private endpoint: an internal load balancer has no cheaper HTTP API to move to.
      const exposure = declaredExposureOf(balancer)
      if (exposure === 'internal' || exposure === 'private') continue
      const traffic = loadBalancerTraffic(balancer)
      if (!traffic) continue
      const targets = balancerTargets(model, balancer)
      if (!onlyLambdaTargets(targets) || !movable(model, balancer, targets)) continue
      const input = { kind: 'HTTP', averagePayloadKB: traffic.payloadKB, targetKind: 'lambda' } as const
      const breakEven = breakEvenRps(input, settings.pricing)
      // Without a break-even the ALB is dearer at any rate: alb-large-payload-cost says that.
      if (breakEven === null || traffic.rps >= breakEven) continue
      const { apiGateway, alb } = compareFrontDoors({ ...input, requestsPerSecond: traffic.rps }, settings.pricing)
      if (apiGateway.monthlyUsd >= alb.monthlyUsd) continue
      const floor = albFloorMonthlyUsd(settings.pricing)
      const groups = targets.targetGroups.map((group) => group.source.address)
      report({
        at: balancer,
        property: { at: balancer.traffic?.source },
        message:
          `Load balancer ${balancer.source.address} forwards only to Lambda functions (target ${groups.length === 1 ? 'group' : 'groups'} ${listNames(groups)}) ` +
          `and declares ${formatRps(traffic.rps)} req/s (${formatCount(apiGateway.monthlyRequests)} requests a month, ${traffic.payloadKB} KB a request${traffic.payloadAssumed ? ' assumed' : ''}): ` +
          `it costs about ${formatUsd(alb.monthlyUsd)} a month (${formatUsd(floor)} for its hours, ${formatUsd(alb.monthlyUsd - floor)} for ${alb.lcu.toFixed(2)} LCU driven by ${alb.dominant.replace('-', ' ')}), ` +
          `while an HTTP API carrying the same traffic costs about ${formatUsd(apiGateway.monthlyUsd)}. Below ${formatRps(breakEven)} req/s at this payload the HTTP API is the cheaper front door. ` +
          'Move the functions behind an HTTP API (a JWT authorizer replaces a jwt-validation action) or a function URL behind CloudFront. ' +
          'Estimate at the average rate: LCUs are billed on the hourly peak; free tier, compute and data transfer excluded.',
        related: targets.targetGroups.map((group) => ({ at: group, message: 'Lambda target group' })),
        properties: {
          requestsPerSecond: traffic.rps,
          averagePayloadKB: traffic.payloadKB,
          payloadAssumed: traffic.payloadAssumed,
          monthlyRequests: apiGateway.monthlyRequests,
          albMonthlyUsd: round2(alb.monthlyUsd),
          albFloorMonthlyUsd: round2(floor),
          albLcu: round2(alb.lcu),
          httpApiMonthlyUsd: round2(apiGateway.monthlyUsd),
          breakEvenRps: round2(breakEven),
          confidence: 'declared',
          pricesAsOf: settings.pricing.asOf,
          pricingRegion: settings.pricing.region,
        },
      })
    }
  },
})

/**
 * Whether an HTTP API could take the load balancer's place: no web ACL (AWS WAF cannot protect an
 * HTTP API), no browser sign-in action, and every function known to finish within the HTTP API's
 * integration timeout, none of it declared long-running.
 */
function movable(model: Model, balancer: LoadBalancer, targets: BalancerTargets): boolean {
  if (declaresNeed(balancer, 'long-running')) return false
  if (targets.actions.some((action) => action.type.known && LOGIN_ACTIONS.has(action.type.value))) return false
  if (model.paths().some((path) => path.frontDoor === balancer && wafOf(path) !== undefined)) return false
  const ids = targets.targetGroups.flatMap((group) => group.functions)
  if (targets.targetGroups.some((group) => group.functions.length === 0)) return false
  return ids.every((id) => {
    const fn = model.getKind(id, 'function')
    return fn !== undefined && fn.timeout.known && fn.timeout.value * 1000 <= HTTP_DEFAULT_TIMEOUT_MS
  })
}
