import { defineRule } from '../src/engine/rule.js'
import { describeOperation, pathFlow } from '../src/model/describe.js'
import { frontDoorBypasses } from './support/front-door-bypass.js'
import { AUTHORIZERS, requiresApiKey, unauthenticatedOperation } from './support/unauthenticated.js'

export default defineRule({
  id: 'apigw-api-key-only-auth',
  meta: {
    title: 'API Gateway method protected only by an API key',
    category: 'security',
    defaultLevel: 'warning',
    securitySeverity: 6.0,
    cwe: [287],
    whatItDoes:
      'Finds REST API methods (and WebSocket $connect routes) that require an API key while their authorization type is NONE, SAM API events included (Auth.ApiKeyRequired without an authorizer). OPTIONS methods and private REST APIs with a resource policy are exempt, as in apigw-route-unauthenticated; that rule leaves these methods to this one, so each is reported once. A route to a function that another front door protects is left to lambda-front-door-bypass, which names both paths.',
    whyBad:
      'An API key identifies a client for usage plans and quotas; it does not prove who is calling. Keys travel as a plain header, end up in browser code, mobile apps and logs, are shared between users and are not rotated when someone leaves. AWS says not to use API keys for authentication or authorization. Anyone who has a key can call the integration as if they were the client it was issued to, and usage plan throttles are applied on a best-effort basis only.',
    fix:
      'Keep the API key for metering and usage plans, and add authorization to the method: IAM for callers with AWS credentials, a Cognito user pool or Lambda authorizer for users and partners. For SAM, set Auth.DefaultAuthorizer on the API or Auth.Authorizer on the event.',
    references: [
      'https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-api-usage-plans.html',
      'https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-control-access-to-api.html',
    ],
    frameworks: ['cloudformation', 'terraform'],
  },
  check({ model, report }) {
    // A route to a function another front door protects is lambda-front-door-bypass's, which names both paths.
    const bypasses = frontDoorBypasses(model)
    for (const path of model.paths()) {
      const found = unauthenticatedOperation(path)
      if (!found || !requiresApiKey(found.operation) || bypasses.has(found.operation.id)) continue
      const { operation, api } = found
      const key = operation.apiKeyRequired.at
      const fix = model.wording.addAuthorization(operation, AUTHORIZERS[api.protocol])
      report({
        at: operation,
        property: operation.authorization,
        message:
          `${describeOperation(model, operation)} requires an API key but has no authorization, so anyone holding a key can call it: ` +
          `a key identifies a client for usage plans, it does not authenticate the caller. Keep the key for metering and add authorization. ${fix}`,
        related: [
          ...(key && !key.defaulted ? [{ at: { file: key.file, range: key.range, address: operation.source.address }, message: 'the API key requirement' }] : []),
          { at: api, message: 'the API' },
        ],
        flow: pathFlow(model, path, 'authorization (authorizer or IAM)'),
      })
    }
  },
})
