import { defineRule } from '../src/engine/rule.js'
import { describeApi, describeOperation } from '../src/model/describe.js'
import type { Model } from '../src/model/model.js'
import type { Integration, LambdaFunction } from '../src/model/types.js'

export default defineRule({
  id: 'lambda-timeout-exceeds-front-door',
  meta: {
    title: 'Lambda timeout longer than the API Gateway integration timeout',
    category: 'reliability',
    defaultLevel: 'warning',
    whatItDoes:
      "Finds Lambda functions invoked synchronously by an API Gateway integration whose timeout (their own, from SAM Globals, or the 3-second default) is longer than the integration's timeout: 29 seconds by default for REST APIs and WebSocket $connect routes, at most 30 seconds for HTTP APIs. REST integrations that stream their response are exempt, and so are WebSocket routes other than $connect, whose callers do not wait.",
    whyBad:
      'When the integration times out, API Gateway answers 504 to the caller while the function keeps running and is billed to the end. Clients retry, so slow requests multiply; and the function timeout no longer tells anyone how long a request may really take.',
    fix:
      "Lower the function's timeout to at most the integration timeout, or move the slow work to an asynchronous pattern (return 202 and poll, Step Functions, a queue). REST APIs can stream the response (response transfer mode STREAM) or, for Regional and private APIs, raise the integration timeout through Service Quotas. An ALB waits for a Lambda target until the function itself times out.",
    references: [
      'https://docs.aws.amazon.com/apigateway/latest/developerguide/limits.html',
      'https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-quotas.html',
      'https://docs.aws.amazon.com/apigateway/latest/developerguide/response-transfer-mode.html',
    ],
    frameworks: ['cloudformation', 'terraform'],
  },
  check({ model, report }) {
    const byFunction = new Map<LambdaFunction, { seconds: number; limits: Limit[] }>()
    for (const integration of model.all('integration')) {
      if (!integration.timeoutMs.known || !callerWaits(model, integration)) continue
      if (integration.transferMode.known && integration.transferMode.value === 'STREAM') continue
      const limitMs = integration.timeoutMs.value
      for (const id of integration.functions) {
        const fn = model.getKind(id, 'function')
        if (!fn?.timeout.known || fn.timeout.value * 1000 <= limitMs) continue
        const entry = byFunction.get(fn) ?? { seconds: fn.timeout.value, limits: [] }
        entry.limits.push({ integration, limitMs })
        byFunction.set(fn, entry)
      }
    }
    for (const [fn, { seconds, limits }] of byFunction) {
      const tightest = limits.reduce((a, b) => (a.limitMs <= b.limitMs ? a : b))
      const origin = model.wording.timeoutOrigin(fn)
      const limit = `${formatSeconds(tightest.limitMs)}${tightest.integration.timeoutDefaulted ? ' (the default integration timeout)' : ''}`
      const api = model.getKind(tightest.integration.api, 'api')
      const streaming = api?.protocol === 'REST' ? ', stream the response' : ''
      const more = limits.length > 1 ? ` (${limits.length} integrations invoke it)` : ''
      // A defaulted function timeout is no line to change: the integration's own, shorter timeout is
      // the value that makes the two disagree, so the finding points there and relates the function.
      const atIntegration = fn.timeoutOrigin === 'default' && !tightest.integration.timeoutDefaulted
      const lower = atIntegration
        ? `Give the function a timeout of at most ${formatSeconds(tightest.limitMs)}, raise the integration timeout`
        : `Lower the timeout to at most ${formatSeconds(tightest.limitMs)}`
      const integrations = limits
        .filter(({ integration }) => !atIntegration || integration !== tightest.integration)
        .map(({ integration, limitMs }) => ({ at: integration, message: `integration timeout ${formatSeconds(limitMs)}` }))
      report({
        at: atIntegration ? tightest.integration : fn,
        property: atIntegration ? tightest.integration.timeoutMs : fn.timeout,
        message:
          `Function ${fn.source.address} may run for ${seconds} s (${origin}) but ${frontDoorName(model, tightest.integration)} ` +
          `stops waiting after ${limit}${more}: callers get a 504 while the function keeps running and is billed. ` +
          `${lower}, make the call asynchronous${streaming}, ` +
          'or serve long requests from an ALB, which waits for the function.',
        related: [...(atIntegration ? [{ at: fn, message: `function with the default timeout of ${seconds} s` }] : []), ...integrations],
        properties: { functionTimeoutSeconds: seconds, integrationTimeoutMs: tightest.limitMs },
      })
    }
  },
})

interface Limit {
  integration: Integration
  limitMs: number
}

/**
 * On a WebSocket API only `$connect` holds the caller until the integration answers; other routes
 * are one-way messages whose handlers may run long and push results back on the connection.
 */
function callerWaits(model: Model, integration: Integration): boolean {
  if (model.getKind(integration.api, 'api')?.protocol !== 'WEBSOCKET') return true
  return model.operationsUsing(integration.id).some((operation) => operation.path.known && operation.path.value === '$connect')
}

function formatSeconds(ms: number): string {
  return `${Number.isInteger(ms / 1000) ? ms / 1000 : (ms / 1000).toFixed(1)} s`
}

function frontDoorName(model: Model, integration: Integration): string {
  const operation = model.operationsUsing(integration.id)[0]
  if (operation) return describeOperation(model, operation)
  const api = model.getKind(integration.api, 'api')
  return api ? describeApi(api) : `integration ${integration.source.address}`
}
