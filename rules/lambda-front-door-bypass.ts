import { defineRule } from '../src/engine/rule.js'
import type { Model } from '../src/model/model.js'
import { describeAudience, describeEntry, listNames, pathFlow } from '../src/model/describe.js'
import { internetReach, orderActions, type RequestPath } from '../src/model/paths.js'
import type { FactOrigin } from '../src/model/types.js'
import { frontDoorBypasses, type Bypass } from './support/front-door-bypass.js'

export default defineRule({
  id: 'lambda-front-door-bypass',
  meta: {
    title: 'Function protected on one front door is reachable without protection on another',
    category: 'security',
    defaultLevel: 'error',
    securitySeverity: 8.0,
    cwe: [288],
    whatItDoes:
      'Finds Lambda functions that one request path protects (an authorizer, IAM or JWT authorization on an API route, an authenticate or jwt-validation action or mutual TLS on a load balancer listener, a web ACL) and that another front door reaches without authentication: a function URL with auth type NONE, a listener of an internet-facing load balancer without an authenticate action, a route of another API without authorization. Where a web ACL is the only protection, the other front door is reported only when it has no web ACL either. Routes of the same API and rules of the same listener do not count as other front doors: the request itself chooses among them. The finding points at the unprotected entry and names both paths; alb-lambda-unauthenticated, apigw-route-unauthenticated and lambda-public-invoke leave that entry to this rule, which says more about it. Entries whose checks, exposure or resource policy are not known are not reported.',
    whyBad:
      'Checks on a front door protect a function only if every way to the function has them. A second, open way in (often a function URL added for testing, or an old listener) lets anyone skip the authorizer or the web ACL and invoke the function directly, with whatever request they like.',
    fix:
      'Remove the unprotected way in (the function URL, the listener or the route), or give it the same checks: AWS_IAM auth type on a function URL (with CloudFront origin access control for browsers), an authenticate or jwt-validation action before the forward, an authorizer on the route, the web ACL associated with that front door too.',
    references: [
      'https://docs.aws.amazon.com/lambda/latest/dg/urls-auth.html',
      'https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-control-access-to-api.html',
      'https://docs.aws.amazon.com/elasticloadbalancing/latest/application/listener-authenticate-users.html',
      'https://docs.aws.amazon.com/waf/latest/developerguide/waf-chapter.html',
    ],
    frameworks: ['cloudformation', 'terraform'],
  },
  check({ model, report }) {
    for (const bypass of frontDoorBypasses(model).values()) {
      const { path, protectedPaths } = bypass
      const functions = [...new Set(protectedPaths.flatMap((guarded) => guarded.functions))]
      const one = functions.length === 1
      const first = protectedPaths[0]!
      const more = protectedPaths.length > 1 ? ` and ${protectedPaths.length - 1} other ${protectedPaths.length === 2 ? 'path' : 'paths'}` : ''
      const wafOnly = protectedPaths.every((guarded) => guarded.missing === 'web ACL')
      const lacking = wafOnly ? 'no authentication and no web ACL' : 'no authentication'
      const reach = path.sources === undefined ? 'anyone on the internet' : describeAudience(internetReach(path))
      report({
        at: path.entry,
        property: propertyOf(path),
        message:
          `${one ? 'Function' : 'Functions'} ${listNames(functions.map((fn) => fn.source.address))} ${one ? 'is' : 'are'} protected by the ` +
          `${listNames(first.controls)} on ${named(model, first.path)}${more}, but ${named(model, path)} reaches ${one ? 'it' : 'them'} with ${lacking}, ` +
          `so ${reach} can invoke ${one ? 'it' : 'them'} without passing ${first.controls.length === 1 ? 'that check' : 'those checks'}. ${fixOf(model, bypass, wafOnly)}`,
        related: [
          ...protectedPaths.map((guarded) => ({ at: guarded.path.entry, message: `protected path: ${listNames(guarded.controls)}` })),
          ...functions.map((fn) => ({ at: fn, message: 'function reached both ways' })),
        ],
        properties: {
          functions: functions.map((fn) => fn.source.address),
          protectedPaths: protectedPaths.map((guarded) => guarded.path.entry.source.address),
        },
        flow: pathFlow(model, path, wafOnly ? 'authentication or a web ACL, as on the protected path' : 'authentication, as on the protected path'),
      })
    }
  },
})

/** The entry with its front door, as the message names a path. */
function named(model: Model, path: RequestPath): string {
  const entry = describeEntry(model, path).replace(/^Listener/, 'listener')
  if (path.frontDoor?.kind === 'load-balancer') return `${entry} of load balancer ${path.frontDoor.source.address}`
  return path.entry.kind === 'function-url' ? `function URL ${path.entry.source.address}` : entry
}

/** The fact to change on the unprotected entry: the auth type, the authorization, or the forward to put authentication before. */
function propertyOf(path: RequestPath): { at?: FactOrigin } | undefined {
  const entry = path.entry
  switch (entry.kind) {
    case 'function-url':
      return entry.authType
    case 'operation':
      return entry.authorization
    case 'listener':
    case 'listener-rule': {
      const actions = entry.kind === 'listener' ? entry.defaultActions : entry.actions
      return { at: orderActions(actions, []).find(({ action }) => action.type.known && action.type.value === 'forward')?.action.source }
    }
  }
}

function fixOf(model: Model, { path }: Bypass, wafOnly: boolean): string {
  if (wafOnly) return 'Associate a web ACL with this front door too, or remove this way to the function.'
  const entry = path.entry
  switch (entry.kind) {
    case 'function-url':
      return 'Set the function URL\'s auth type to AWS_IAM (with CloudFront origin access control for browsers), or remove the URL.'
    case 'operation':
      return model.wording.addAuthorization(entry, 'the authorizer that protects the other path')
    case 'listener':
    case 'listener-rule':
      return 'Add an authenticate-oidc, authenticate-cognito or jwt-validation action ordered before the forward (HTTPS listener), or stop forwarding to the function here.'
  }
}
