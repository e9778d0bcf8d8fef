/**
 * API keys in Terraform and what usage plans hold of them: `aws_api_gateway_api_key` as an
 * element, the `aws_api_gateway_usage_plan_key` resources that add a key to a plan, and the
 * per-method limits of a plan's `api_stages` block (`throttle { path }`), as the CloudFormation
 * adapter's `api-keys.ts` reads them.
 */
import { API_KEY_DEFAULT_ENABLED, usagePlanThrottleRoute } from '../../../model/aws.js'
import { known, unknown, type UsagePlan } from '../../../model/types.js'
import type { TfValue } from '../ir.js'
import type { AdapterTable, BuildContext } from './context.js'
import { blocks, field, limitSet, readerOf, whyOf, type Reader } from './read.js'

const API_KEYS = ['aws_api_gateway_api_key']
const USAGE_PLAN_KEY = 'aws_api_gateway_usage_plan_key'
const USAGE_PLANS = ['aws_api_gateway_usage_plan']

export const API_KEY_ADAPTERS: AdapterTable = {
  aws_api_gateway_api_key(context, resource) {
    const { arg, bool } = readerOf(resource)
    context.addOnce({
      kind: 'api-key',
      id: resource.address,
      source: context.source(resource),
      enabled: bool(arg('enabled'), API_KEY_DEFAULT_ENABLED),
    })
  },
}

type PlanKeys = NonNullable<UsagePlan['keys']>
type RouteThrottles = NonNullable<UsagePlan['stages'][number]['throttles']>

const keysByPlan = new WeakMap<BuildContext, Map<string, PlanKeys>>()

/** The keys `aws_api_gateway_usage_plan_key` resources add to the plan at this address, read once per module. */
export function usagePlanKeys(context: BuildContext, plan: string): PlanKeys {
  let found = keysByPlan.get(context)
  if (!found) {
    found = new Map()
    for (const resource of context.managed(USAGE_PLAN_KEY)) {
      const key = context.refsTo(field(resource.body, 'key_id'), API_KEYS)[0]
      for (const target of context.refsTo(field(resource.body, 'usage_plan_id'), USAGE_PLANS)) {
        const keys = found.get(target) ?? []
        keys.push({ key, source: context.source(resource) })
        found.set(target, keys)
      }
    }
    keysByPlan.set(context, found)
  }
  return found.get(plan) ?? []
}

/** The `throttle` blocks of an `api_stages` block: each `path` (`/orders/GET`) as a route (`GET /orders`), throttled `at` its limit. */
export function apiStageThrottles(read: Reader, value: TfValue | undefined): RouteThrottles {
  const throttles = blocks(value)
  if (throttles === undefined) {
    const why = 'the throttle blocks are known only after apply'
    return [{ route: unknown(why, read.at(value!)), throttled: unknown(why, read.at(value!)) }]
  }
  return throttles.map((throttle) => {
    if (throttle.kind !== 'object') {
      const why = `a throttle block is ${whyOf(throttle)}`
      return { route: unknown(why, read.at(throttle)), throttled: unknown(why, read.at(throttle)) }
    }
    const rate = field(throttle, 'rate_limit')
    const burst = field(throttle, 'burst_limit')
    const limit = limitSet(rate) ? rate : limitSet(burst) ? burst : undefined
    return { route: usagePlanThrottleRoute(read.str(field(throttle, 'path'))), throttled: known(limit !== undefined, read.at(limit ?? throttle)) }
  })
}
