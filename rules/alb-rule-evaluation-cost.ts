import { defineRule } from '../src/engine/rule.js'
import { albFloorMonthlyUsd, albMonthlyCost, albRuleEvaluationCost, formatUsd, PRICE_TABLE } from '../src/model/cost.js'
import type { Model } from '../src/model/model.js'
import type { Listener, LoadBalancer } from '../src/model/types.js'
import { balancerTargets, onlyLambdaTargets } from './support/alb-targets.js'
import { formatRps, loadBalancerTraffic, round2 } from './support/traffic.js'

/** Rules beyond which a listener is looked at: the issue's "more than 10 rules", the rules AWS does not charge. */
const RULES_LOOKED_AT = PRICE_TABLE.alb.freeRules

export default defineRule({
  id: 'alb-rule-evaluation-cost',
  meta: {
    title: 'Listener with more than 10 rules at a traffic where rule evaluations cost money',
    category: 'cost',
    defaultLevel: 'note',
    whatItDoes: `Finds Application Load Balancer listeners with more than ${RULES_LOOKED_AT} listener rules whose load balancer declares a traffic at which the rule-evaluation capacity dimension is worth acting on, and gives the number of rules, the charged evaluations a second, the LCUs and their monthly cost. A request that falls through to the default action is evaluated against every rule (the default action counts as one); the first ${PRICE_TABLE.alb.freeRules} are free and one LCU covers ${PRICE_TABLE.alb.ruleEvaluationsPerLcu.toLocaleString('en-US')} charged evaluations a second. "High traffic" is derived from the price table, not picked: the rule reports when that dimension alone costs at least as much a month as another load balancer's hours (so splitting or reordering the rules pays for itself), and only when it can be the dimension billed, that is when it needs more LCUs than the processed bytes of the declared payload. The declared traffic must all reach the listener: a load balancer with another listener that forwards is left alone.`,
    whyBad:
      'An ALB bills the largest of four capacity dimensions each hour. With many rules and steady traffic the rule evaluations can be that dimension, above all when clients keep connections alive, and then every rule a request passes before it matches is paid for.',
    fix:
      'Give the busiest paths the lowest priority numbers so most requests match early, merge rules whose conditions can be combined (up to five values each), or split hosts across listeners or load balancers so each evaluates fewer rules.',
    references: [
      'https://aws.amazon.com/elasticloadbalancing/pricing/',
      'https://docs.aws.amazon.com/elasticloadbalancing/latest/application/listener-update-rules.html',
      'https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-limits.html',
    ],
    frameworks: ['cloudformation', 'terraform'],
    declarations: {
      reads: ['traffic'],
      frontDoors: ['load-balancer'],
      withoutThem: 'the rule stays quiet on a load balancer that declares no traffic.',
    },
  },
  check({ model, report, settings }) {
    const prices = settings.pricing
    const floor = albFloorMonthlyUsd(prices)
    for (const listener of model.all('listener')) {
      const rules = model.rulesOf(listener.id)
      if (rules.length <= RULES_LOOKED_AT) continue
      const balancer = model.getKind(listener.loadBalancer, 'load-balancer')
      if (!balancer?.lbType.known || balancer.lbType.value !== 'application') continue
      const traffic = loadBalancerTraffic(balancer)
      if (!traffic || !carriesAllTraffic(model, balancer, listener)) continue
      const evaluated = rules.length + 1
      const dimension = albRuleEvaluationCost(traffic.rps, evaluated, prices)
      if (dimension.monthlyUsd < floor) continue
      const targets = balancerTargets(model, balancer)
      const noLambda = targets.complete && targets.targetGroups.every((group) => group.targetType.known && group.targetType.value !== 'lambda')
      // Lambda's smaller processed-bytes allowance unless no target is one: the estimate that leaves rule evaluations billed less often.
      const targetKind = onlyLambdaTargets(targets) || !noLambda ? 'lambda' : 'instance'
      const alb = albMonthlyCost({ requestsPerSecond: traffic.rps, averagePayloadKB: traffic.payloadKB, targetKind, rulesEvaluated: evaluated }, prices)
      const { newConnections, activeConnections, processedBytes } = alb.dimensions
      if (dimension.lcu <= processedBytes) continue
      const connectionLcu = Math.max(newConnections, activeConnections)
      // Connection dimensions shrink with the requests each connection carries; rule evaluations do not.
      const keepAlive = connectionLcu / dimension.lcu
      const fromRps = (traffic.rps * floor) / dimension.monthlyUsd
      const billing =
        keepAlive <= 1
          ? `they are the largest dimension even with a new connection per request (connections need ${connectionLcu.toFixed(1)} LCU)`
          : `with a new connection per request, new connections need more (${connectionLcu.toFixed(1)} LCU) and the rules add nothing; with more than ${keepAliveText(keepAlive)} requests per connection (keep-alive) the rules decide the bill`
      report({
        at: listener,
        message:
          `Listener ${listener.source.address}${listener.port?.known ? ` (port ${listener.port.value})` : ''} of load balancer ${balancer.source.address} has ${rules.length} rules, so a request that falls through to the default action is evaluated against ${evaluated} (the first ${prices.alb.freeRules} free): ` +
          `at the declared ${formatRps(traffic.rps)} req/s that is up to ${Math.round(dimension.evaluationsPerSecond).toLocaleString('en-US')} charged evaluations a second, ${dimension.lcu.toFixed(1)} LCU, about ${formatUsd(dimension.monthlyUsd)} a month ` +
          `when rule evaluations are the dimension billed — at least the ${formatUsd(floor)} another load balancer costs for its hours, which these rules reach from ${formatRps(fromRps)} req/s. ` +
          `LCUs bill the largest dimension: ${billing}. Give the busiest paths the lowest priority numbers, merge rules, or split hosts across listeners or load balancers.`,
        related: [
          { at: balancer.traffic?.source ?? balancer, message: 'the traffic the load balancer declares' },
          ...rules.map((rule) => ({ at: rule, message: 'listener rule' })),
        ],
        properties: {
          requestsPerSecond: traffic.rps,
          averagePayloadKB: traffic.payloadKB,
          listenerRules: rules.length,
          rulesEvaluated: evaluated,
          chargedEvaluationsPerSecond: round2(dimension.evaluationsPerSecond),
          ruleEvaluationLcu: round2(dimension.lcu),
          ruleEvaluationMonthlyUsd: round2(dimension.monthlyUsd),
          connectionLcu: round2(connectionLcu),
          processedBytesLcu: round2(processedBytes),
          reportFromRps: round2(fromRps),
          confidence: 'declared',
          pricesAsOf: prices.asOf,
          pricingRegion: prices.region,
        },
      })
    }
  },
})

/**
 * Whether the load balancer's declared traffic all reaches this listener: every other listener
 * of it only redirects (an HTTP-to-HTTPS listener) and has no rules.
 */
function carriesAllTraffic(model: Model, balancer: LoadBalancer, listener: Listener): boolean {
  return model
    .all('listener')
    .filter((other) => other !== listener && other.loadBalancer === balancer.id)
    .every(
      (other) =>
        model.rulesOf(other.id).length === 0 &&
        other.defaultActions.length > 0 &&
        other.defaultActions.every((action) => action.type.known && action.type.value === 'redirect'),
    )
}

function keepAliveText(requests: number): string {
  return requests >= 10 ? String(Math.round(requests)) : String(Number(requests.toFixed(1)))
}
