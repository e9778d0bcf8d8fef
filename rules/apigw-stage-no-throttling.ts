import { defineRule } from '../src/engine/rule.js'
import { routeParts } from '../src/model/aws.js'
import { describeApi, listNames } from '../src/model/describe.js'
import { usagePlanMayThrottle } from '../src/model/paths.js'
import type { Api, Fact, Operation, Stage } from '../src/model/types.js'

type RouteThrottle = NonNullable<Stage['routeThrottles']>[number]

/** How many unthrottled routes a message names before it counts the rest. */
const NAMED_ROUTES = 5

export default defineRule({
  id: 'apigw-stage-no-throttling',
  meta: {
    title: 'API Gateway stage without throttling',
    category: 'reliability',
    defaultLevel: 'warning',
    whatItDoes:
      'Finds REST API stages (including those made by a deployment or by SAM) with no stage-wide throttling in their method settings and no usage plan that throttles them, and HTTP or WebSocket API stages whose default route settings set no rate or burst limit. A stage whose per-method settings (REST) or route settings (HTTP, WebSocket) set a limit for every method or route of its API counts as throttled; one that limits only some of them is reported with the routes left without a limit.',
    whyBad:
      "Every API in an account and Region shares one throttle quota (10,000 requests per second with a burst of 5,000 by default). A stage with no limits of its own lets one client or one runaway loop use all of it, so every other API in the account starts answering 429, and a Lambda backend scales and bills with the flood.",
    fix:
      'Set a stage-wide rate and burst limit (method settings for resource path "/*" and method "*", or default route settings on HTTP APIs), sized to what the backend can take, or a limit for each method or route, or attach a usage plan with a throttle.',
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
      const coverage = routeCoverage(stage, model.operationsOf(api.id))
      if (coverage.kind === 'throttled') continue
      const name = stage.name.known ? stage.name.value : '(unresolved name)'
      const where = `Stage ${name} of ${describeApi(api)}`
      const quota = 'the whole account-wide quota of 10,000 requests/s shared by every API in the Region'
      const what = api.protocol === 'REST' ? 'method' : 'route'
      let message: string
      if (coverage.kind === 'none') {
        const how =
          api.protocol === 'REST'
            ? 'Set a stage-wide rate and burst limit (method settings for "/*" and "*") or attach a usage plan with a throttle.'
            : 'Set a rate and burst limit in the stage\'s default route settings.'
        message = `${where} has no throttling, so a single client can use ${quota} and scale the backend with it. ${how}`
      } else {
        const how =
          api.protocol === 'REST'
            ? 'Set a stage-wide rate and burst limit (method settings for "/*" and "*"), a limit in the method settings of each method, or attach a usage plan with a throttle.'
            : 'Set a rate and burst limit in the stage\'s default route settings, or in the route settings of each route.'
        const gap =
          coverage.kind === 'partial'
            ? `sets no rate or burst limit for ${namedRoutes(api, coverage.unthrottled)}, so a single client can use ${quota} through ${coverage.unthrottled.length === 1 ? 'it' : 'them'}`
            : `sets a rate or burst limit only for ${listNames(coverage.routes)} and none stage-wide, so a single client can use ${quota} through any other ${what}`
        message = `${where} ${gap} and scale the backend with it. ${how}`
      }
      const unthrottled = coverage.kind === 'partial' ? coverage.unthrottled : []
      report({
        at: stage,
        message,
        related: [
          { at: api, message: 'the API' },
          ...unthrottled.map((operation) => ({ at: operation, message: `no rate or burst limit for ${routeName(api, operation)}` })),
        ],
      })
    }
  },
})

type Coverage =
  | { kind: 'throttled' }
  | { kind: 'none' }
  | { kind: 'partial'; unthrottled: Operation[] }
  | { kind: 'only'; routes: string[] }

/**
 * What the stage's per-route or per-method limits leave out of the API's operations. `throttled`:
 * every operation is covered, or the model cannot tell of some (nothing is known to be wrong).
 * `partial`: these operations are known to have no limit. `none`: no entry sets a limit. `only`:
 * entries set limits for these routes, and the model knows no operation of the API.
 */
function routeCoverage(stage: Stage, operations: readonly Operation[]): Coverage {
  const limits = (stage.routeThrottles ?? []).filter((entry) => !entry.throttled.known || entry.throttled.value)
  if (limits.length === 0) return { kind: 'none' }
  if (operations.length === 0) {
    const routes = limits.flatMap((entry) => (entry.route.known ? [entry.route.value] : []))
    return routes.length < limits.length ? { kind: 'throttled' } : { kind: 'only', routes: [...new Set(routes)] }
  }
  const unthrottled = operations.filter((operation) => covers(limits, operation) === false)
  return unthrottled.length === 0 ? { kind: 'throttled' } : { kind: 'partial', unthrottled }
}

/** Whether an entry with a limit covers the operation; undefined when the model cannot tell. */
function covers(limits: readonly RouteThrottle[], operation: Operation): boolean | undefined {
  let result: boolean | undefined = false
  for (const entry of limits) {
    const match = matches(entry.route, operation)
    if (match === false) continue
    if (match && entry.throttled.known) return true
    result = undefined
  }
  return result
}

/** Whether a route key (`GET /orders`, `* /*`, `$default`) names the operation; undefined when the operation's method or path is unknown. */
function matches(route: Fact<string>, operation: Operation): boolean | undefined {
  if (!route.known) return undefined
  const { method, path } = routeParts(route)
  const byMethod = part(method, '*', operation.method, (verb) => verb.toUpperCase())
  const byPath = part(path, '/*', operation.path, (written) => written)
  if (byMethod === false || byPath === false) return false
  return byMethod && byPath ? true : undefined
}

/** One part of a route key against the operation's: the wildcard matches anything; verbs compare in upper case, paths as written. */
function part(written: Fact<string>, wildcard: string, actual: Fact<string>, normal: (value: string) => string): boolean | undefined {
  if (!written.known) return undefined
  if (written.value === wildcard) return true
  return actual.known ? normal(actual.value) === normal(written.value) : undefined
}

function namedRoutes(api: Api, operations: readonly Operation[]): string {
  const names = [...new Set(operations.map((operation) => routeName(api, operation)))]
  if (names.length <= NAMED_ROUTES) return listNames(names)
  return `${names.slice(0, NAMED_ROUTES).join(', ')} and ${names.length - NAMED_ROUTES} more`
}

/** `GET /orders`, `$default`, or the WebSocket route key, with what the model does not know said so. */
function routeName(api: Api, operation: Operation): string {
  const method = operation.method.known ? operation.method.value : '(unresolved method)'
  const path = operation.path.known ? operation.path.value : '(unresolved path)'
  if (api.protocol === 'WEBSOCKET') return path
  return path.startsWith('$') && method === 'ANY' ? path : `${method} ${path}`
}
