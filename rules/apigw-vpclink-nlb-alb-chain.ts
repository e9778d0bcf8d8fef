import { defineRule } from '../src/engine/rule.js'
import { formatHourlyUsd, formatUsd, loadBalancerMonthlyFloor } from '../src/model/cost.js'
import { describeApi, listNames } from '../src/model/describe.js'
import type { Model } from '../src/model/model.js'
import type { Api, LoadBalancer, TargetGroup, VpcLink } from '../src/model/types.js'

export default defineRule({
  id: 'apigw-vpclink-nlb-alb-chain',
  meta: {
    title: 'REST VPC link V1 reaches an ALB through a network load balancer kept only for it',
    category: 'cost',
    defaultLevel: 'note',
    whatItDoes:
      "Finds API Gateway VPC links V1 (AWS::ApiGateway::VpcLink, aws_api_gateway_vpc_link) whose network load balancer only forwards to target groups of type alb, that is to an Application Load Balancer. The finding points at the link's target ARNs and gives the network load balancer's monthly floor from the built-in us-east-1 list prices. A link used by a WebSocket API is not reported (WebSocket private integrations take only VPC links V1), nor one whose network load balancer has a listener or a forward whose target groups cannot be told.",
    whyBad:
      'A VPC link V1 can only target network load balancers, so reaching an ALB meant putting an NLB in front of it. Since November 2025 REST APIs can use VPC links V2, which target the ALB directly. The NLB then costs at least $16.43 a month (730 hours at $0.0225) plus its capacity units, adds a hop to every request, and is one more thing to operate, for no function of its own.',
    fix:
      "Create a VPC link V2 (AWS::ApiGatewayV2::VpcLink, aws_apigatewayv2_vpc_link) in the ALB's subnets, point the REST integrations at the ALB's listener (IntegrationTarget with ConnectionType VPC_LINK and the V2 link's id), then remove the VPC link V1, the network load balancer and its alb target group. In Terraform, check that your AWS provider version supports VPC links V2 for REST integrations first; until then keep the chain and suppress this note.",
    references: [
      'https://docs.aws.amazon.com/apigateway/latest/developerguide/private-integration.html',
      'https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-private-integration.html',
      'https://docs.aws.amazon.com/elasticloadbalancing/latest/network/application-load-balancer-target.html',
      'https://aws.amazon.com/elasticloadbalancing/pricing/',
    ],
    frameworks: ['cloudformation', 'terraform'],
  },
  check({ model, report, settings: { pricing } }) {
    for (const link of model.all('vpc-link')) {
      if (link.version !== 'V1') continue
      const apis = apisUsing(model, link)
      if (apis.some((api) => api.protocol === 'WEBSOCKET')) continue
      for (const nlb of link.loadBalancers.map((id) => model.getKind(id, 'load-balancer'))) {
        if (!nlb || !nlb.lbType.known || nlb.lbType.value !== 'network') continue
        const chain = albChain(model, nlb)
        if (!chain) continue
        const floor = loadBalancerMonthlyFloor('network', pricing)
        const albs = chain.albs.map((alb) => `ALB ${alb.source.address}`)
        const behind = albs.length ? listNames(albs) : `the ALB registered in target group ${listNames(chain.groups.map((group) => group.source.address))}`
        const users = apis.length ? ` for ${listNames(apis.map(describeApi))}` : ''
        report({
          at: link,
          property: link.targetsResolved,
          message:
            `VPC link V1 ${link.source.address}${users} reaches ${behind} through network load balancer ${nlb.source.address}, ` +
            `whose only targets are target groups of type alb. The NLB costs at least ${formatUsd(floor)} a month ` +
            `(${formatHourlyUsd(pricing.nlb.hourly)} an hour for ${pricing.hoursPerMonth} hours, plus ${formatHourlyUsd(pricing.nlb.nlcuHourly)} per NLCU-hour) and adds a hop. ` +
            'A VPC link V2 reaches the ALB directly from a REST API: move the integrations to one and remove the NLB.',
          related: [
            { at: nlb, message: 'the network load balancer the link targets' },
            ...chain.groups.map((group) => ({ at: group, message: 'the target group of type alb' })),
            ...chain.albs.map((alb) => ({ at: alb, message: 'the ALB behind the network load balancer' })),
            ...apis.map((api) => ({ at: api, message: 'an API whose integrations use the link' })),
          ],
          properties: {
            monthlyUsd: round(floor),
            alternativeMonthlyUsd: 0,
            monthlySavingUsd: round(floor),
            pricesAsOf: pricing.asOf,
            pricingRegion: pricing.region,
          },
        })
      }
    }
  },
})

/** The APIs with an integration through the link, in model order. */
function apisUsing(model: Model, link: VpcLink): Api[] {
  const found = new Set<Api>()
  for (const integration of model.all('integration')) {
    if (integration.vpcLink !== link.id) continue
    const api = model.getKind(integration.api, 'api')
    if (api) found.add(api)
  }
  return [...found]
}

/**
 * The target groups of type alb the network load balancer forwards to, with the ALBs in them,
 * when every listener it has forwards only to such groups; undefined when one forwards anywhere
 * else, or when a listener, a rule or a target group cannot be told.
 */
function albChain(model: Model, nlb: LoadBalancer): { groups: TargetGroup[]; albs: LoadBalancer[] } | undefined {
  const listeners = model.all('listener').filter((listener) => listener.loadBalancer === nlb.id)
  if (listeners.length === 0) return undefined
  const groups = new Set<TargetGroup>()
  for (const listener of listeners) {
    for (const action of listener.defaultActions) {
      if (!action.type.known || action.unresolvedTargetGroups > 0) return undefined
      for (const id of action.targetGroups) {
        const group = model.getKind(id, 'target-group')
        if (!group || !group.targetType.known || group.targetType.value.toLowerCase() !== 'alb') return undefined
        groups.add(group)
      }
    }
  }
  if (groups.size === 0) return undefined
  const albs = new Set<LoadBalancer>()
  for (const group of groups) {
    for (const id of group.loadBalancers ?? []) {
      const alb = model.getKind(id, 'load-balancer')
      if (alb) albs.add(alb)
    }
  }
  return { groups: [...groups], albs: [...albs] }
}

function round(value: number): number {
  return Math.round(value * 100) / 100
}
