import { defineRule } from '../src/engine/rule.js'
import { declaredExposureOf } from '../src/model/declarations.js'
import { listNames } from '../src/model/describe.js'
import type { Model } from '../src/model/model.js'
import type { Api, LoadBalancer } from '../src/model/types.js'
import { describeNeeds, restOnlyNeeds } from './support/rest-features.js'

export default defineRule({
  id: 'alb-api-management-gap',
  meta: {
    title: 'API-management needs declared on an Application Load Balancer',
    category: 'fit',
    defaultLevel: 'warning',
    whatItDoes:
      'Finds Application Load Balancers that are the front door of clients who need API management, as the load balancer declares: an exposure of partner, or needs that include api-keys, per-client-quota, request-validation, caching or transformation. The message names each need and the API Gateway REST API feature that serves it. A load balancer that an API Gateway integration reaches through a VPC link is not reported, nor one in a template with a private integration whose load balancer cannot be told: the API in front of it is the front door.',
    whyBad:
      'An ALB routes and balances requests, but it cannot tell one API client from another: it has no API keys, no per-client throttling or quotas, no request validation, no response cache and no body transformation (its transforms rewrite only the host and the URL). Those needs then end up in every service behind it, or are not met at all.',
    fix:
      'Put an API Gateway REST API in front of the clients that need API management (usage plans with API keys for per-client quotas and throttling, request validators, the stage cache, mapping templates) and keep the ALB behind it through a VPC link, or drop the needs from the declaration if the services meet them themselves.',
    references: [
      'https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-vs-rest.html',
      'https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-api-usage-plans.html',
      'https://docs.aws.amazon.com/elasticloadbalancing/latest/application/rule-transforms.html',
      'https://docs.aws.amazon.com/apigateway/latest/developerguide/private-integration.html',
    ],
    frameworks: ['cloudformation', 'terraform'],
    declarations: {
      reads: ['exposure', 'needs'],
      withoutThem: 'the rule stays quiet: nothing in a template says that clients need API management.',
    },
  },
  check({ model, report }) {
    for (const balancer of model.all('load-balancer')) {
      if (!balancer.lbType.known || balancer.lbType.value !== 'application') continue
      const needs = restOnlyNeeds(balancer)
      const partner = declaredExposureOf(balancer) === 'partner'
      if (needs.length === 0 && !partner) continue
      if (apisInFront(model, balancer).length > 0) continue
      const declared = balancer.declared
      const said: string[] = []
      if (partner) said.push('is declared for partner clients')
      if (needs.length > 0) said.push(`declares ${needs.length === 1 ? 'the need' : 'the needs'} ${listNames([...needs])}`)
      const served =
        needs.length > 0
          ? ` An API Gateway REST API serves ${needs.length === 1 ? 'it' : 'them'}: ${describeNeeds(needs)}.`
          : ' Partners are usually told apart by API keys with per-client quotas and throttling, which an API Gateway REST API gives with usage plans.'
      report({
        at: balancer,
        property: { at: needs.length > 0 ? declared?.needs?.at : declared?.exposure?.at },
        message:
          `Load balancer ${balancer.source.address} ${said.join(' and ')}, but an ALB has no API keys, per-client quotas, request validation, response cache or body transformation.${served} ` +
          'Put a REST API in front of these clients and reach the ALB through a VPC link, or remove the needs the services behind the ALB meet themselves.',
        properties: {
          needs,
          exposure: declaredExposureOf(balancer) ?? null,
          loadBalancer: balancer.source.address,
        },
      })
    }
  },
})

/** The APIs whose private integrations reach, or may reach, the load balancer (directly, or through a network load balancer in front of it). */
function apisInFront(model: Model, balancer: LoadBalancer): Api[] {
  const apis = new Set<Api>()
  for (const path of model.paths()) {
    if (path.frontDoor?.kind !== 'api' || !path.vpcLink) continue
    // A private integration whose load balancer the model cannot tell may reach this one: the API may be its front door.
    const reached = path.vpcLink.loadBalancer
    if (reached === undefined || reached === balancer || path.vpcLink.behind.includes(balancer)) apis.add(path.frontDoor)
  }
  return [...apis]
}
