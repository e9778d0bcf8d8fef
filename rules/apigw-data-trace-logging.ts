import { defineRule } from '../src/engine/rule.js'
import { describeApi } from '../src/model/describe.js'
import type { Fact } from '../src/model/types.js'

export default defineRule({
  id: 'apigw-data-trace-logging',
  meta: {
    title: 'API Gateway stage logs full requests and responses (data trace)',
    category: 'security',
    defaultLevel: 'warning',
    securitySeverity: 5.5,
    cwe: [532],
    whatItDoes:
      'Finds REST and WebSocket API stages that turn on data trace (full request and response logging) stage-wide or for single methods or routes: method settings, a deployment\'s stage description, SAM\'s MethodSettings, WebSocket default route settings and route settings, and Terraform\'s aws_api_gateway_method_settings. Each DataTraceEnabled value set to true is one finding, at that value. HTTP API stages are not reported: API Gateway supports data trace only for REST and WebSocket APIs. A value that cannot be resolved is not reported.',
    whyBad:
      "With data trace on, API Gateway writes full requests and responses into the stage's CloudWatch execution log: bodies, the parameters and headers it does not redact (it masks authorization header and API key values, nothing else), and the results of mapping templates. Passwords, tokens, card numbers and personal data in them then sit in a log group that many more people and tools can read than the API itself, for as long as the log group keeps them. AWS recommends not turning it on for production APIs.",
    fix:
      'Set DataTraceEnabled (Terraform: data_trace_enabled) to false and keep LoggingLevel at ERROR or INFO for execution logs. For a record of each request, turn on access logs with a format that names only the fields you need ($context.requestId, $context.status, ...). Turn data trace on only for a short debugging session on a non-production stage.',
    references: [
      'https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-logging.html',
      'https://docs.aws.amazon.com/apigateway/latest/api/API_MethodSetting.html',
      'https://docs.aws.amazon.com/solutions/latest/amazon-marketing-cloud-uploader-from-aws/secure-logging-in-api-gateway-for-aws-service-apis.html',
      'https://docs.aws.amazon.com/apigatewayv2/latest/api-reference/apis-apiid-stages-stagename.html#apis-apiid-stages-stagename-model-routesettings',
    ],
    frameworks: ['cloudformation', 'terraform'],
  },
  check({ model, report }) {
    for (const stage of model.all('stage')) {
      const settings = stage.settings
      if (!settings) continue
      const api = model.getKind(stage.api, 'api')
      // API Gateway accepts DataTraceEnabled on HTTP API stages but logs nothing with it.
      if (!api || api.protocol === 'HTTP') continue
      const name = stage.name.known ? stage.name.value : '(unresolved name)'
      const where = `Stage ${name} of ${describeApi(api)}`
      const related = [{ at: api, message: 'the API' }]
      const fix = 'Turn data trace (full request and response logging) off and use access logs with a format that names only the fields you need.'
      if (isOn(settings.dataTrace)) {
        report({
          at: stage,
          property: settings.dataTrace,
          message: `${where} logs full requests and responses, bodies included, to its CloudWatch execution log (data trace is on for every ${api.protocol === 'REST' ? 'method' : 'route'}), so passwords, tokens and personal data in them end up in the log. ${fix}`,
          related,
        })
      }
      for (const route of settings.routes) {
        if (!route.dataTrace || !isOn(route.dataTrace)) continue
        const what = route.route.known ? `${api.protocol === 'REST' ? 'method' : 'route'} ${route.route.value}` : 'a method or route'
        report({
          at: stage,
          property: route.dataTrace,
          message: `${where} logs full requests and responses of ${what}, bodies included, to its CloudWatch execution log (data trace), so passwords, tokens and personal data in them end up in the log. ${fix}`,
          related,
        })
      }
    }
  },
})

function isOn(fact: Fact<boolean>): boolean {
  return fact.known && fact.value
}
