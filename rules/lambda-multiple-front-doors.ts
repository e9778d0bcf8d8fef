import { defineRule } from '../src/engine/rule.js'
import { describeApi } from '../src/model/describe.js'
import type { Api, Element, Integration } from '../src/model/types.js'

interface Door {
  at: Element
  name: string
  kind: 'alb' | 'api' | 'function-url'
  eventShape: string
}

export default defineRule({
  id: 'lambda-multiple-front-doors',
  meta: {
    title: 'Lambda function behind an ALB and another front door',
    category: 'fit',
    defaultLevel: 'warning',
    whatItDoes:
      'Finds Lambda functions registered in an ALB target group that an API Gateway integration also invokes, or that a function URL also exposes. The message lists each front door and the event shape it sends: the ALB event, the API Gateway payload format 1.0 (REST APIs, and HTTP APIs that choose it), the HTTP API payload format 2.0, the WebSocket event, or the function URL event (the 2.0 shape).',
    whyBad:
      'Each front door calls the function with a different event and expects a different answer: the ALB event carries headers and query parameters in its own fields (multi-value only when the target group enables it) and needs a status description, payload 1.0 and 2.0 place the method, path, cookies and headers differently. A handler written for one misreads the others: requests lose headers or query values, and responses in the wrong shape become errors at the front door.',
    fix:
      'Give each front door its own function, or its own handler entry point, or parse events with an adapter that accepts every shape the function receives (for example an event resolver of Powertools for AWS Lambda for each front door). Keep multi-value headers consistent on the ALB target group.',
    references: [
      'https://docs.aws.amazon.com/elasticloadbalancing/latest/application/lambda-functions.html',
      'https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-develop-integrations-lambda.html',
      'https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-lambda-proxy-integrations.html',
      'https://docs.aws.amazon.com/lambda/latest/dg/urls-invocation.html',
    ],
    frameworks: ['cloudformation', 'terraform'],
  },
  check({ model, report }) {
    const lambdaGroups = model.all('target-group').filter((group) => group.targetType.known && group.targetType.value.toLowerCase() === 'lambda')
    for (const fn of model.all('function')) {
      const groups = lambdaGroups.filter((group) => group.functions.includes(fn.id))
      if (groups.length === 0) continue
      const others: Door[] = []
      const apis = new Map<Api, Integration[]>()
      for (const integration of model.all('integration')) {
        if (!integration.functions.includes(fn.id)) continue
        const api = model.getKind(integration.api, 'api')
        if (api) apis.set(api, [...(apis.get(api) ?? []), integration])
      }
      for (const [api, integrations] of apis) {
        others.push({ at: api, name: describeApi(api), kind: 'api', eventShape: apiEventShape(api, integrations) })
      }
      for (const url of model.all('function-url')) {
        if (url.function === fn.id) others.push({ at: url, name: `function URL ${url.source.address}`, kind: 'function-url', eventShape: 'function URL event, in the payload format 2.0 shape' })
      }
      if (others.length === 0) continue
      const balancers = new Set(
        model
          .paths()
          .filter((path) => path.frontDoor?.kind === 'load-balancer' && path.targetGroups.some((group) => groups.includes(group)))
          .map((path) => path.frontDoor as Element),
      )
      const albDoors: Door[] = groups.map((group) => ({ at: group, name: `ALB target group ${group.source.address}`, kind: 'alb', eventShape: 'ALB event' }))
      const doors = [...albDoors, ...others]
      report({
        at: fn,
        message:
          `Function ${fn.source.address} is invoked by ${doors.length} front doors with different event shapes: ${doors.map((door) => `${door.name} (${door.eventShape})`).join(', ')}. ` +
          'A handler written for one shape misreads the others (headers, query values, the response format). Give each front door its own function or handler, or parse every shape with an event adapter.',
        related: [
          ...doors.map((door) => ({ at: door.at, message: door.eventShape })),
          ...[...balancers].map((balancer) => ({ at: balancer, message: 'load balancer forwarding to the target group' })),
        ],
        properties: {
          function: fn.source.address,
          frontDoors: doors.map((door) => ({ kind: door.kind, name: door.at.source.address, eventShape: door.eventShape })),
          loadBalancers: [...balancers].map((balancer) => balancer.source.address),
        },
      })
    }
  },
})

function apiEventShape(api: Api, integrations: readonly Integration[]): string {
  if (api.protocol === 'REST') return 'API Gateway payload format 1.0'
  if (api.protocol === 'WEBSOCKET') return 'WebSocket API event'
  const versions = [...new Set(integrations.map((integration) => integration.payloadFormatVersion).filter((fact) => fact?.known).map((fact) => (fact as { value: string }).value))]
  if (versions.length > 0 && integrations.every((integration) => integration.payloadFormatVersion?.known)) {
    return `API Gateway payload format ${versions.join(' and ')}`
  }
  return 'API Gateway HTTP API payload, format 1.0 or 2.0 as the integration sets'
}
