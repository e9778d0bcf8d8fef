import { defineRule } from '../src/engine/rule.js'
import { formatHourlyUsd, formatUsd, loadBalancerMonthlyFloor } from '../src/model/cost.js'
import { listNames } from '../src/model/describe.js'
import type { Model } from '../src/model/model.js'
import type { ListenerAction, LoadBalancer } from '../src/model/types.js'

/** How many single-purpose ALBs of one scheme make a finding. */
const MIN_ALBS = 3

/** Listener rule conditions that route by host or path: what one shared ALB would use instead of another ALB. */
const ROUTING_FIELDS: ReadonlySet<string> = new Set(['host-header', 'path-pattern'])

export default defineRule({
  id: 'alb-sprawl',
  meta: {
    title: 'Several ALBs that each serve one target group where one ALB with host or path rules would do',
    category: 'cost',
    defaultLevel: 'note',
    whatItDoes: `Counts the Application Load Balancers of one template or Terraform configuration (root module and the modules it calls) that forward to a single target group and have no host-header or path-pattern listener rule, by scheme (internet-facing or internal). When ${MIN_ALBS} or more of one scheme do, it reports once, at the first of them, with the others as related locations, and gives what each costs a month before capacity units and what serving them from one ALB saves, from the built-in us-east-1 list prices. A load balancer whose listeners, rules or target groups cannot all be told is not counted; nothing is reported when a listener or a listener rule of the template cannot be tied to its load balancer.`,
    whyBad:
      'Every ALB is billed by the hour for as long as it exists, at least $16.43 a month at $0.0225 an hour, whatever traffic it carries; the capacity units its traffic uses would be about the same on a shared ALB. One ALB takes up to 100 listener rules that route by host name or path to different target groups, so a load balancer per service mostly multiplies the fixed cost, and the certificates, listeners, security groups, WAF associations and access logs to keep in step.',
    fix:
      'Serve the services from one ALB of the same scheme: one listener (with every certificate it needs, chosen by SNI) and a listener rule per service with a host-header or path-pattern condition forwarding to its target group; then remove the other ALBs. Keep separate ALBs where they must differ (another VPC or account, a WAF web ACL or security group of their own, quotas, blast radius), and suppress this note there.',
    references: [
      'https://aws.amazon.com/elasticloadbalancing/pricing/',
      'https://docs.aws.amazon.com/elasticloadbalancing/latest/application/rule-condition-types.html',
      'https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-limits.html',
    ],
    frameworks: ['cloudformation', 'terraform'],
  },
  check({ model, report, settings: { pricing } }) {
    // A listener or a rule that belongs to an unknown load balancer may give any of them a second target group or a host rule.
    if (model.all('listener').some((listener) => listener.loadBalancer === undefined)) return
    if (model.all('listener-rule').some((rule) => rule.listener === undefined)) return
    const byScheme = new Map<string, LoadBalancer[]>()
    for (const lb of model.all('load-balancer')) {
      if (!lb.lbType.known || lb.lbType.value !== 'application' || !lb.scheme.known) continue
      if (!servesOneTargetGroup(model, lb)) continue
      byScheme.set(lb.scheme.value, [...(byScheme.get(lb.scheme.value) ?? []), lb])
    }
    const floor = loadBalancerMonthlyFloor('application', pricing)
    for (const [scheme, albs] of byScheme) {
      if (albs.length < MIN_ALBS) continue
      const [first, ...others] = albs
      const total = floor * albs.length
      const saving = total - floor
      report({
        at: first,
        message:
          `${albs.length} ${scheme} ALBs in the same template or module (${listNames(albs.map((alb) => alb.source.address))}) each forward to a single target group, with no host or path rule. ` +
          `Each costs at least ${formatUsd(floor)} a month before capacity units (${formatHourlyUsd(pricing.alb.hourly)} an hour for ${pricing.hoursPerMonth} hours), ${formatUsd(total)} together. ` +
          `One ALB with a host-header or path-pattern rule per target group would cost ${formatUsd(floor)}, about ${formatUsd(saving)} a month less, with about the same capacity units.`,
        related: others.map((alb) => ({ at: alb, message: `another ${scheme} ALB with a single target group` })),
        properties: {
          albCount: albs.length,
          scheme,
          monthlyUsd: round(total),
          alternativeMonthlyUsd: round(floor),
          monthlySavingUsd: round(saving),
          perAlbMonthlyUsd: round(floor),
          pricesAsOf: pricing.asOf,
          pricingRegion: pricing.region,
        },
      })
    }
  },
})

/**
 * True when the ALB has listeners, every action of them and of their rules is known, they
 * forward to exactly one target group between them, and no rule routes by host or path (or has
 * conditions that cannot be read).
 */
function servesOneTargetGroup(model: Model, lb: LoadBalancer): boolean {
  const listeners = model.all('listener').filter((listener) => listener.loadBalancer === lb.id)
  if (listeners.length === 0) return false
  const groups = new Set<string>()
  const add = (actions: readonly ListenerAction[]): boolean => {
    for (const action of actions) {
      if (!action.type.known || action.unresolvedTargetGroups > 0) return false
      for (const group of action.targetGroups) groups.add(group)
    }
    return true
  }
  for (const listener of listeners) {
    if (!add(listener.defaultActions)) return false
    for (const rule of model.rulesOf(listener.id)) {
      if (rule.conditions.length === 0) return false
      if (rule.conditions.some((condition) => condition.field === '?' || ROUTING_FIELDS.has(condition.field))) return false
      if (!add(rule.actions)) return false
    }
  }
  return groups.size === 1
}

function round(value: number): number {
  return Math.round(value * 100) / 100
}
