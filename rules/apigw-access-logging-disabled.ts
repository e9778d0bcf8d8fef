import { defineRule } from '../src/engine/rule.js'
import { describeApi } from '../src/model/describe.js'

export default defineRule({
  id: 'apigw-access-logging-disabled',
  meta: {
    title: 'API Gateway stage writes no access logs',
    category: 'security',
    defaultLevel: 'note',
    securitySeverity: 3.0,
    cwe: [778],
    whatItDoes:
      'Finds REST, HTTP and WebSocket API stages (including those made by a deployment, by SAM and by a quick-create HTTP API) that give no access log destination: no AccessLogSetting / AccessLogSettings with a DestinationArn, no access_log_settings block in Terraform. A destination that is a parameter or a reference counts as set; one chosen by a condition that cannot be decided is not reported.',
    whyBad:
      'Access logs are the record of who called the API: the caller\'s address, the identity or key used, the route, the status and the latency of each request. Without them there is no trail to investigate an abuse of the API, a leaked key or a credential-stuffing run, and no way to see which clients still use an old route. Execution logs (LoggingLevel) do not replace them: they are for debugging, sampled by what the log level lets through, and not meant as an audit trail.',
    fix:
      'Give the stage an access log destination (a CloudWatch Logs log group ARN, or a Kinesis Data Firehose stream for REST APIs) with a format that names the fields you need, for example $context.requestId, $context.identity.sourceIp, $context.routeKey or $context.resourcePath, $context.status and $context.responseLatency. In SAM, set AccessLogSetting on the Api or AccessLogSettings on the HttpApi.',
    references: [
      'https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-logging.html',
      'https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-logging.html',
      'https://docs.aws.amazon.com/apigateway/latest/developerguide/websocket-api-logging.html',
    ],
    frameworks: ['cloudformation', 'terraform'],
  },
  check({ model, report }) {
    for (const stage of model.all('stage')) {
      const accessLogs = stage.settings?.accessLogs
      if (!accessLogs?.known || accessLogs.value) continue
      const api = model.getKind(stage.api, 'api')
      if (!api) continue
      const name = stage.name.known ? stage.name.value : '(unresolved name)'
      report({
        at: stage,
        property: accessLogs,
        message: `Stage ${name} of ${describeApi(api)} writes no access logs, so there is no record of who called which route and with what result. Give the stage an access log destination (a CloudWatch Logs log group) with a format that names the caller, the route and the status.`,
        related: [{ at: api, message: 'the API' }],
      })
    }
  },
})
