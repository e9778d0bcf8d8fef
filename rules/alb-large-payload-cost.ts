import { defineRule } from '../src/engine/rule.js'
import { albPayloadCrossoverKB, breakEvenRps, compareFrontDoors, formatCount, formatUsd, PRICE_TABLE, type PriceTable } from '../src/model/cost.js'
import { balancerTargets, onlyLambdaTargets, type BalancerTargets } from './support/alb-targets.js'
import { formatRps, loadBalancerTraffic, round2 } from './support/traffic.js'

const INSTANCE_CROSSOVER = albPayloadCrossoverKB('instance')
const LAMBDA_CROSSOVER = albPayloadCrossoverKB('lambda')

export default defineRule({
  id: 'alb-large-payload-cost',
  meta: {
    title: 'ALB carrying large payloads an HTTP API would carry for less',
    category: 'cost',
    defaultLevel: 'note',
    whatItDoes: `Finds Application Load Balancers whose declared average payload (request plus response) is above the size at which the bytes an ALB processes cost more per request than an HTTP API charges for the whole request, and where the HTTP API estimate at the declared traffic is lower. The size follows from the price table: the HTTP API's first-tier price per request times the gigabytes an LCU covers an hour, over the LCU-hour price — about ${kb(INSTANCE_CROSSOVER)} for EC2, ECS and IP targets and ${kb(LAMBDA_CROSSOVER)} for Lambda targets at us-east-1 list prices as of ${PRICE_TABLE.asOf}. A load balancer whose targets are not all Lambda functions is estimated at the instance allowance, the lower of the two ALB estimates.`,
    whyBad:
      'An ALB bills processed bytes: one LCU covers 1 GB an hour for instance targets and 0.4 GB for Lambda targets. An HTTP API bills a request per started 512 KB, whatever its size below that. Past the cross-over every request costs more on the ALB, so the ALB stays dearer at any volume, the opposite of the usual "an ALB is cheaper at scale".',
    fix:
      'Move the bulk bytes off the request path: S3 presigned URLs for uploads and downloads, or CloudFront in front for cacheable responses; or front the targets with an API Gateway HTTP API. Declare the traffic on the load balancer so the estimate uses your numbers: in CloudFormation `Metadata: { iac-lint: { traffic: { requestsPerSecond: N, averagePayloadKB: N } } }`, in Terraform the tags `iac-lint:requests-per-second` and `iac-lint:average-payload-kb`, or in `.iac-lint.yaml` under `resources`.',
    references: [
      'https://aws.amazon.com/elasticloadbalancing/pricing/',
      'https://aws.amazon.com/api-gateway/pricing/',
      'https://docs.aws.amazon.com/AmazonS3/latest/userguide/using-presigned-url.html',
    ],
    frameworks: ['cloudformation', 'terraform'],
    declarations: {
      reads: ['traffic'],
      frontDoors: ['load-balancer'],
      withoutThem: 'the rule stays quiet on a load balancer that declares no traffic or no average payload.',
    },
  },
  check({ model, report, settings }) {
    for (const balancer of model.all('load-balancer')) {
      if (!balancer.lbType.known || balancer.lbType.value !== 'application') continue
      const traffic = loadBalancerTraffic(balancer)
      if (!traffic || traffic.payloadAssumed) continue
      const targets = balancerTargets(model, balancer)
      if (targets.targetGroups.length === 0) continue
      const targetKind = onlyLambdaTargets(targets) ? 'lambda' : 'instance'
      const crossover = albPayloadCrossoverKB(targetKind, settings.pricing)
      if (crossover === null || traffic.payloadKB <= crossover) continue
      const { apiGateway, alb } = compareFrontDoors(
        { kind: 'HTTP', requestsPerSecond: traffic.rps, averagePayloadKB: traffic.payloadKB, targetKind },
        settings.pricing,
      )
      if (apiGateway.monthlyUsd >= alb.monthlyUsd) continue
      const http = settings.pricing.http
      const neverCheaper = breakEvenRps({ kind: 'HTTP', averagePayloadKB: traffic.payloadKB, targetKind }, settings.pricing) === null
      report({
        at: balancer,
        property: { at: balancer.traffic?.averagePayloadKB?.at ?? balancer.traffic?.source },
        message:
          `Load balancer ${balancer.source.address} declares ${traffic.payloadKB} KB a request at ${formatRps(traffic.rps)} req/s (${formatCount(apiGateway.monthlyRequests)} requests a month). ` +
          `Above ${kb(crossover)} a request (${targetWords(targets, targetKind, settings.pricing)}) the bytes an ALB processes cost more than an HTTP API charges for the whole request ` +
          `(${formatUsd(http.tiers[0]?.perMillion ?? 0)} per million, one per started ${http.meteringKB} KB): at this traffic the ALB costs about ${formatUsd(alb.monthlyUsd)} a month ` +
          `(${alb.lcu.toFixed(1)} LCU driven by ${alb.dominant.replace('-', ' ')}) and an HTTP API about ${formatUsd(apiGateway.monthlyUsd)}${neverCheaper ? ', and the ALB stays dearer at any volume' : ''}. ` +
          'Serve the bulk bytes from S3 through presigned URLs or CloudFront, or front the targets with an HTTP API. ' +
          'Estimate at the average rate: LCUs are billed on the hourly peak; free tier, compute and data transfer excluded.',
        related: targets.targetGroups.map((group) => ({ at: group, message: 'target group behind the load balancer' })),
        properties: {
          requestsPerSecond: traffic.rps,
          averagePayloadKB: traffic.payloadKB,
          crossoverKB: round2(crossover),
          targetKind,
          monthlyRequests: apiGateway.monthlyRequests,
          albMonthlyUsd: round2(alb.monthlyUsd),
          albLcu: round2(alb.lcu),
          httpApiMonthlyUsd: round2(apiGateway.monthlyUsd),
          confidence: 'declared',
          pricesAsOf: settings.pricing.asOf,
          pricingRegion: settings.pricing.region,
        },
      })
    }
  },
})

function kb(value: number | null): string {
  return value === null ? 'no size' : `${Math.round(value)} KB`
}

/** Which allowance the estimate used, and why when the targets are mixed or not all known. */
function targetWords(targets: BalancerTargets, targetKind: 'lambda' | 'instance', prices: PriceTable): string {
  if (targetKind === 'lambda') return `Lambda targets, ${prices.alb.gbPerHourPerLcuLambda} GB an hour per LCU`
  const allowance = `${prices.alb.gbPerHourPerLcuInstance} GB an hour per LCU`
  const noLambda = targets.complete && targets.targetGroups.every((group) => group.targetType.known && group.targetType.value !== 'lambda')
  return noLambda
    ? `EC2, ECS or IP targets, ${allowance}`
    : `counted at the ${allowance} of instance targets, the lower ALB estimate, as not every target is known to be a Lambda function`
}
