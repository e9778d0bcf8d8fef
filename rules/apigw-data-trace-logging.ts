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
      'With data trace on, API Gateway writes the headers and bodies of requests and responses, and the mapping templates\' results, into the stage\'s CloudWatch execution log. Authorization headers, API keys, tokens, passwords and personal data then sit in a log group that many more people and tools can read than the API itself, and for as long as the log group keeps them. AWS recommends not enabling it for production APIs.',
    fix:
      'Set DataTraceEnabled (Terraform: data_trace_enabled) to false and keep LoggingLevel at ERROR or INFO for execution logs. For a record of each request, turn on access logs with a format that names only the fields you need ($context.requestId, $context.status, ...). Turn data trace on only for a short debugging session on a non-production stage.',
    references: [
      'https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-logging.html',
      'https://docs.aws.amazon.com/apigateway/latest/api/API_MethodSetting.html',
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
      const fix = 'Set DataTraceEnabled to false and use access logs with a format that names only the fields you need.'
      if (isOn(settings.dataTrace)) {
        report({
          at: stage,
          property: settings.dataTrace,
          message: `${where} writes the full headers and bodies of every request and response to its CloudWatch execution log (data trace is on for every ${api.protocol === 'REST' ? 'method' : 'route'}), so tokens, keys and personal data end up in the log. ${fix}`,
          related,
        })
      }
      for (const route of settings.routes) {
        if (!route.dataTrace || !isOn(route.dataTrace)) continue
        const what = route.route.known ? `${api.protocol === 'REST' ? 'method' : 'route'} ${route.route.value}` : 'a method or route'
        report({
          at: stage,
          property: route.dataTrace,
          message: `${where} writes the full headers and bodies of requests and responses of ${what} to its CloudWatch execution log (data trace), so tokens, keys and personal data end up in the log. ${fix}`,
          related,
        })
      }
    }
  },
})

function isOn(fact: Fact<boolean>): boolean {
  return fact.known && fact.value
}
