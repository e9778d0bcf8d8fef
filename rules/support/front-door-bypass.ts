/**
 * Front door bypasses: a function protected on one request path (an authorizer, IAM, JWT,
 * ALB authentication, mutual TLS, a web ACL) that is also reachable on an unprotected one.
 * `lambda-front-door-bypass` reports them; `alb-lambda-unauthenticated`,
 * `apigw-route-unauthenticated` and `lambda-public-invoke` leave the unprotected entries found
 * here to it, since a bypass says more about the same entry than "no authentication".
 *
 * Only a path through another front door counts: another API, another listener, a function URL.
 * Routes of one API, and rules of one listener, are told apart by the request itself (its path,
 * host, headers), so a request to the public route cannot take on the protected route's path; a
 * function serving both sees which one was called.
 */
import type { Model } from '../../src/model/model.js'
import { allowsOnlyFrom } from '../../src/model/policy.js'
import { AUTHENTICATING_CHECKS, behindCloudFrontWaf, internetReach, isAuthenticated, type RequestPath } from '../../src/model/paths.js'
import type { LambdaFunction } from '../../src/model/types.js'

export interface ProtectedPath {
  path: RequestPath
  /** The functions both paths reach. */
  functions: LambdaFunction[]
  /** What protects it that the unprotected path lacks: check labels as the request path gives them. */
  controls: string[]
  /** `authentication` when it authenticates callers; `web ACL` when a web ACL is its only protection. */
  missing: 'authentication' | 'web ACL'
}

export interface Bypass {
  /** The unprotected path: no authentication, and no web ACL where a web ACL is the other path's only protection. */
  path: RequestPath
  /** The protected paths to the same functions through other front doors, in model order. */
  protectedPaths: ProtectedPath[]
}

const cache = new WeakMap<Model, Map<string, Bypass>>()

/** The bypasses of a model by the id of the unprotected path's entry. */
export function frontDoorBypasses(model: Model): ReadonlyMap<string, Bypass> {
  let found = cache.get(model)
  if (!found) {
    found = findBypasses(model)
    cache.set(model, found)
  }
  return found
}

function findBypasses(model: Model): Map<string, Bypass> {
  const paths = model.paths()
  const found = new Map<string, Bypass>()
  const guarded = paths.map((path) => ({ path, protection: protectionOf(model, path) })).filter(({ protection }) => protection.controls.length > 0)
  if (guarded.length === 0) return found
  for (const path of paths) {
    const open = openness(model, path)
    if (!open) continue
    const protectedPaths: ProtectedPath[] = []
    for (const { path: other, protection } of guarded) {
      if (doorOf(other) === doorOf(path)) continue
      const functions = other.functions.filter((fn) => path.functions.includes(fn))
      if (functions.length === 0) continue
      if (protection.authenticates) {
        protectedPaths.push({ path: other, functions, controls: protection.controls, missing: 'authentication' })
      } else if (open.waf === false) {
        protectedPaths.push({ path: other, functions, controls: protection.controls, missing: 'web ACL' })
      }
    }
    if (protectedPaths.length > 0) found.set(path.entry.id, { path, protectedPaths })
  }
  return found
}

/** The front door a path enters by: the API, the listener, or the function URL. */
function doorOf(path: RequestPath): string {
  const entry = path.entry
  switch (entry.kind) {
    case 'operation':
      return entry.api ?? entry.id
    case 'listener-rule':
      return entry.listener ?? entry.id
    default:
      return entry.id
  }
}

/** The authenticating checks and web ACLs on a path; CloudFront's web ACL counts when it is known to be in front. */
function protectionOf(model: Model, path: RequestPath): { authenticates: boolean; controls: string[] } {
  const authenticates = isAuthenticated(path)
  const controls = path.checks.filter((check) => AUTHENTICATING_CHECKS.has(check.kind) || check.kind === 'waf').map((check) => check.label)
  const cloudFront = behindCloudFrontWaf(model, path)
  if (cloudFront.known && cloudFront.value) controls.push('a web ACL on CloudFront in front')
  return { authenticates, controls }
}

/**
 * Whether anyone on the internet can send requests down the path with no authentication, as far
 * as the model tells; `waf` says whether a web ACL is in front (unknown when that cannot be told).
 * Undefined for paths that are authenticated, not public, or whose checks are not all known.
 */
function openness(model: Model, path: RequestPath): { waf: boolean | undefined } | undefined {
  if (path.functions.length === 0 || path.undetermined.length > 0 || isAuthenticated(path)) return undefined
  if (!path.exposure.known || path.exposure.value !== 'public') return undefined
  const entry = path.entry
  switch (entry.kind) {
    case 'function-url':
      if (!entry.authType.known || entry.authType.value !== 'NONE') return undefined
      break
    case 'operation': {
      const api = path.frontDoor?.kind === 'api' ? path.frontDoor : undefined
      if (!api || !entry.method.known || entry.method.value === 'OPTIONS') return undefined
      // WebSocket messages come over a connection that $connect authorized.
      if (api.protocol === 'WEBSOCKET' && !(entry.path.known && entry.path.value === '$connect')) return undefined
      if (!api.hasResourcePolicy.known) return undefined
      if (api.hasResourcePolicy.value) {
        const from = api.resourcePolicy ? allowsOnlyFrom(api.resourcePolicy) : undefined
        if (!from?.known || from.value !== 'anyone') return undefined
      }
      break
    }
    case 'listener':
    case 'listener-rule': {
      if (path.frontDoor?.kind !== 'load-balancer' || !path.frontDoor.lbType.known || path.frontDoor.lbType.value !== 'application') return undefined
      const reach = internetReach(path)
      if (reach.kind !== 'open' && reach.kind !== 'listed') return undefined
      break
    }
  }
  const direct = path.checks.some((check) => check.kind === 'waf')
  const cloudFront = behindCloudFrontWaf(model, path)
  return { waf: direct || (cloudFront.known ? cloudFront.value : undefined) }
}
