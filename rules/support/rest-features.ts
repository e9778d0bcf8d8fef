/**
 * Declared needs that only an API Gateway REST API serves, with the REST feature that serves each:
 * `alb-api-management-gap` names them for an ALB, `apigw-http-api-missing-rest-features` for an
 * HTTP API. The front-doors advisor reads the `needs` property both rules report.
 */
import type { Api, DeclaredNeed, LoadBalancer } from '../../src/model/types.js'

export type RestOnlyNeed = 'api-keys' | 'per-client-quota' | 'request-validation' | 'caching' | 'transformation'

/** The REST API feature that serves each need, in the order the needs are listed. */
export const REST_FEATURE: Readonly<Record<RestOnlyNeed, string>> = {
  'api-keys': 'usage plans with API keys',
  'per-client-quota': 'usage-plan throttling and quotas per API key',
  'request-validation': 'request validators',
  caching: 'the stage cache',
  transformation: 'mapping templates',
}

const REST_ONLY_NEEDS = Object.keys(REST_FEATURE) as RestOnlyNeed[]

function isRestOnly(need: DeclaredNeed): need is RestOnlyNeed {
  return (REST_ONLY_NEEDS as string[]).includes(need)
}

/** The REST-only needs the front door declares, in the order it declares them; empty when its needs are unknown or absent. */
export function restOnlyNeeds(door: Api | LoadBalancer): RestOnlyNeed[] {
  const needs = door.declared?.needs
  return needs?.known ? needs.value.filter(isRestOnly) : []
}

/** "usage plans with API keys for api-keys; the stage cache for caching". */
export function describeNeeds(needs: readonly RestOnlyNeed[]): string {
  return needs.map((need) => `${REST_FEATURE[need]} for ${need}`).join('; ')
}
