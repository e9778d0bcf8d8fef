import type { RequestPath } from '../../src/model/paths.js'
import type { Api, ApiProtocol, Operation } from '../../src/model/types.js'

/** The authorizers each kind of API offers (REST has no JWT type, WebSocket only Lambda), for a message's fix. */
export const AUTHORIZERS: Readonly<Record<ApiProtocol, string>> = {
  REST: 'a Cognito user pool or Lambda authorizer',
  HTTP: 'a JWT or Lambda authorizer',
  WEBSOCKET: 'a Lambda authorizer',
}

/**
 * The operation of an API path that anyone who reaches the API can call: authorization `NONE`,
 * not an `OPTIONS` preflight, on an API whose exposure is known, not a private API with a resource
 * policy (or one that may have one), and for WebSocket APIs only `$connect`. Undefined otherwise.
 * `apigw-route-unauthenticated` and `apigw-api-key-only-auth` share it and split it by the API key.
 */
export function unauthenticatedOperation(path: RequestPath): { operation: Operation; api: Api } | undefined {
  const operation = path.entry
  if (operation.kind !== 'operation') return undefined
  if (!operation.authorization.known || operation.authorization.value !== 'NONE') return undefined
  if (!operation.method.known || operation.method.value === 'OPTIONS') return undefined
  const api = path.frontDoor?.kind === 'api' ? path.frontDoor : undefined
  if (!api || !path.exposure.known) return undefined
  if (path.exposure.value === 'private' && (!api.hasResourcePolicy.known || api.hasResourcePolicy.value)) return undefined
  if (api.protocol === 'WEBSOCKET' && !(operation.path.known && operation.path.value === '$connect')) return undefined
  return { operation, api }
}

/** Whether the operation is known to require an API key: `apigw-api-key-only-auth` reports it then, not `apigw-route-unauthenticated`. */
export function requiresApiKey(operation: Operation): boolean {
  return operation.apiKeyRequired.known && operation.apiKeyRequired.value
}
