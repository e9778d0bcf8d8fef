import { defineRule } from '../src/engine/rule.js'
import { describeApi } from '../src/model/describe.js'
import { usagePlanMayThrottle } from '../src/model/paths.js'

export default defineRule({
  id: 'apigw-stage-no-throttling',
  meta: {
    title: 'API Gateway stage without throttling',
    category: 'reliability',
    defaultLevel: 'warning',
    whatItDoes:
      'Finds REST API stages (including those made by a deployment or by SAM) with no stage-wide throttling in their method settings and no usage plan that throttles them, and HTTP or WebSocket API stages whose default route settings set no rate or burst limit.',
    whyBad:
      "Every API in an account and Region shares one throttle quota (10,000 requests per second with a burst of 5,000 by default). A stage with no limits of its own lets one client or one runaway loop use all of it, so every other API in the account starts answering 429, and a Lambda backend scales and bills with the flood.",
    fix:
      'Set a stage-wide rate and burst limit (method settings for resource path "/*" and method "*", or default route settings on HTTP APIs), sized to what the backend can take, or attach a usage plan with a throttle.',
    references: [
      'https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-request-throttling.html',
      'https://docs.aws.amazon.com/apigateway/latest/developerguide/limits.html',
      'https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-throttling.html',
    ],
    frameworks: ['cloudformation', 'terraform'],
  },
  check({ model, report }) {
    for (const stage of model.all('stage')) {
      if (!stage.throttled.known || stage.throttled.value) continue
      const api = model.getKind(stage.api, 'api')
      if (!api || usagePlanMayThrottle(model, stage)) continue
      const name = stage.name.known ? stage.name.value : '(unresolved name)'
      const how =
        api.protocol === 'REST'
          ? 'Set a stage-wide rate and burst limit (method settings for "/*" and "*") or attach a usage plan with a throttle.'
          : 'Set a rate and burst limit in the stage\'s default route settings.'
      report({
        at: stage,
        message:
          `Stage ${name} of ${describeApi(api)} has no throttling, so a single client can use the whole account-wide ` +
          'quota of 10,000 requests/s shared by every API in the Region and scale the backend with it. ' +
          how,
        related: [{ at: api, message: 'the API' }],
      })
    }
  },
})
