/**
 * API keys and what usage plans hold of them: `AWS::ApiGateway::ApiKey` as an element, the
 * `AWS::ApiGateway::UsagePlanKey` resources that add a key to a plan, and the per-method limits
 * of a plan's stage entry (`ApiStages[].Throttle`). SAM's generated keys are added by `sam.ts`.
 */
import { mapGet, type DocNode } from '../../../parse/types.js'
import { API_KEY_DEFAULT_ENABLED, usagePlanThrottleRoute } from '../../../model/aws.js'
import { known, unknown, type UsagePlan } from '../../../model/types.js'
import { whyOf, type Reader } from '../reader.js'
import { property, resourceSource, type AdapterTable, type BuildContext, type TemplateResource } from './context.js'

const API_KEY = 'AWS::ApiGateway::ApiKey'
const USAGE_PLAN_KEY = 'AWS::ApiGateway::UsagePlanKey'
const USAGE_PLAN = 'AWS::ApiGateway::UsagePlan'

export const API_KEY_ADAPTERS: AdapterTable = {
  [API_KEY]: (context, resource) => {
    context.model.add({
      kind: 'api-key',
      id: resource.id,
      source: resourceSource(context, resource),
      enabled: context.read.bool(property(resource, 'Enabled'), API_KEY_DEFAULT_ENABLED),
    })
  },
}

type PlanKeys = NonNullable<UsagePlan['keys']>
type RouteThrottles = NonNullable<UsagePlan['stages'][number]['throttles']>

const keysByPlan = new WeakMap<readonly TemplateResource[], Map<string, PlanKeys>>()

/** The keys `AWS::ApiGateway::UsagePlanKey` resources add to the plan with this id, read once per template. */
export function usagePlanKeys(context: BuildContext, plan: string): PlanKeys {
  let found = keysByPlan.get(context.resources)
  if (!found) {
    found = new Map()
    for (const resource of context.resources) {
      if (resource.type !== USAGE_PLAN_KEY) continue
      const key = context.read.refsTo(property(resource, 'KeyId'), [API_KEY])[0]
      for (const target of context.read.refsTo(property(resource, 'UsagePlanId'), [USAGE_PLAN])) {
        const keys = found.get(target) ?? []
        keys.push({ key, source: resourceSource(context, resource) })
        found.set(target, keys)
      }
    }
    keysByPlan.set(context.resources, found)
  }
  return found.get(plan) ?? []
}

/**
 * A stage entry's `Throttle`: a map from `{resourcePath}/{httpMethod}` (`/orders/GET`) to limits,
 * each as a route (`GET /orders`) `at` its key, throttled `at` its limit.
 */
export function apiStageThrottles(read: Reader, node: DocNode | undefined): RouteThrottles {
  if (!node) return []
  const map = read.map(node)
  if (!map) {
    const why = `the throttle settings are ${whyOf(read.resolver.resolve(node))}`
    return [{ route: unknown(why, read.origin(node)), throttled: unknown(why, read.origin(node)) }]
  }
  return map.entries.map((entry) => {
    const at = { file: read.file, range: entry.keyRange }
    const limits = read.map(entry.value)
    const limit = mapGet(limits, 'RateLimit') ?? mapGet(limits, 'BurstLimit')
    return {
      route: usagePlanThrottleRoute(known(entry.key, at)),
      throttled: limits ? known(limit !== undefined, read.origin(limit ?? entry.value)) : unknown(`the limits of ${entry.key} are ${whyOf(read.resolver.resolve(entry.value))}`, read.origin(entry.value)),
    }
  })
}
