import { defineRule } from '../src/engine/rule.js'
import { describeOperation, pathFlow } from '../src/model/describe.js'
import { AUTHORIZERS, requiresApiKey, unauthenticatedOperation } from './support/unauthenticated.js'
import { frontDoorBypasses } from './support/front-door-bypass.js'

export default defineRule({
  id: 'apigw-route-unauthenticated',
  meta: {
    title: 'API Gateway method or route without authorization',
    category: 'security',
    defaultLevel: 'warning',
    securitySeverity: 6.5,
    cwe: [306],
    whatItDoes:
      'Finds REST API methods whose authorization type is NONE (OPTIONS excepted), HTTP API routes and WebSocket $connect routes without authorization, and SAM API events with neither a per-event authorizer nor a default authorizer on their API. A private REST API with a resource policy is exempt. Methods that require an API key are left to apigw-api-key-only-auth, which reports them as relying on the key alone, and a route to a function that another front door protects to lambda-front-door-bypass, which names both paths.',
    whyBad:
      'Without an authorizer or IAM authorization anyone who can reach the API can call the integration behind it. An API key does not authenticate: keys are meant to identify clients for usage plans, travel in plain headers and are easily shared.',
    fix:
      'Give the method or route an authorizer (Cognito user pool, JWT or Lambda) or IAM authorization; for SAM, set Auth.DefaultAuthorizer on the API or Auth.Authorizer on the event. If the endpoint is meant to be public, suppress the finding with a reason.',
    references: [
      'https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-control-access-to-api.html',
      'https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-access-control.html',
      'https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-api-usage-plans.html',
    ],
    frameworks: ['cloudformation', 'terraform'],
  },
  check({ model, report }) {
    const bypasses = frontDoorBypasses(model)
    for (const path of model.paths()) {
      const found = unauthenticatedOperation(path)
      // An operation that requires an API key is apigw-api-key-only-auth's, which says why the key is not enough.
      if (!found || requiresApiKey(found.operation)) continue
      const { operation, api } = found
      if (bypasses.has(operation.id)) continue
      const fix = model.wording.addAuthorization(operation, AUTHORIZERS[api.protocol])
      report({
        at: operation,
        property: operation.authorization,
        message: `${describeOperation(model, operation)} has no authorization, so anyone who can reach the API can call it. ${fix}`,
        related: [{ at: api, message: 'the API' }],
        flow: pathFlow(model, path, 'authorization (authorizer or IAM)'),
      })
    }
  },
})
