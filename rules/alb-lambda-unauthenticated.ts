import { defineRule } from '../src/engine/rule.js'
import { internetReach, isAuthenticated, orderActions } from '../src/model/paths.js'
import type { ListenerAction } from '../src/model/types.js'
import { describeAudience, describeEntry, listNames, pathFlow } from '../src/model/describe.js'
import { frontDoorBypasses } from './support/front-door-bypass.js'

export default defineRule({
  id: 'alb-lambda-unauthenticated',
  meta: {
    title: 'Internet-facing ALB forwards to Lambda without authentication',
    category: 'security',
    defaultLevel: 'error',
    securitySeverity: 8.0,
    cwe: [306],
    whatItDoes:
      'Finds listeners and listener rules of an internet-facing Application Load Balancer that forward to a Lambda target group with no authenticate-cognito, authenticate-oidc or jwt-validation action before the forward and no mutual TLS in verify mode on the listener. A path whose only authentication is ordered after the forward is left to alb-auth-misconfigured, which reports it more precisely (AWS rejects such a rule). A listener that reaches a function another front door protects is left to lambda-front-door-bypass, which names both paths. A listener port that the load balancer\'s security groups (and a listener rule\'s source-ip condition) admit only from private ranges or other security groups is not reported; one admitted from a public range is, naming it.',
    whyBad:
      'An ALB invokes a Lambda target directly. Unlike API Gateway it has no authorizers, API keys or throttling of its own, so the only checks are the actions you put on the listener. Without one, anyone on the internet can invoke the function, as often as they like, at your expense.',
    fix:
      'For browser users, serve HTTPS and add an authenticate-oidc or authenticate-cognito action ordered before the forward. For machine clients, add a jwt-validation action. If you also need throttling, quotas or request validation, put the function behind API Gateway with an authorizer instead. Internal load balancers are not reported.',
    references: [
      'https://docs.aws.amazon.com/elasticloadbalancing/latest/application/lambda-functions.html',
      'https://docs.aws.amazon.com/elasticloadbalancing/latest/application/listener-authenticate-users.html',
      'https://docs.aws.amazon.com/elasticloadbalancing/latest/application/listener-verify-jwt.html',
    ],
    frameworks: ['cloudformation', 'terraform'],
  },
  check({ model, report }) {
    const bypasses = frontDoorBypasses(model)
    for (const path of model.paths()) {
      const entry = path.entry
      if (entry.kind !== 'listener' && entry.kind !== 'listener-rule') continue
      if (bypasses.has(entry.id)) continue
      if (path.frontDoor?.kind !== 'load-balancer' || !path.frontDoor.lbType.known) continue
      if (path.frontDoor.lbType.value !== 'application') continue
      if (!path.exposure.known || path.exposure.value !== 'public') continue
      if (path.functions.length === 0 || path.undetermined.length > 0 || isAuthenticated(path)) continue
      // Authentication ordered after the forward is alb-auth-misconfigured's finding: AWS rejects the rule.
      if (path.ineffective.length > 0) continue
      const reach = internetReach(path)
      if (reach.kind === 'none') continue
      const port = path.port?.known ? ` port ${path.port.value}` : ''
      const functions = listNames(path.functions.map((fn) => fn.source.address))
      const one = path.functions.length === 1
      report({
        at: entry,
        property: { at: firstForward(entry.kind === 'listener' ? entry.defaultActions : entry.actions)?.source },
        message:
          `${describeEntry(model, path)} on internet-facing load balancer ${path.frontDoor.source.address}${port} ` +
          `forwards to Lambda ${one ? 'function' : 'functions'} ${functions} with no authentication, ` +
          `so ${describeAudience(reach)} can invoke ${one ? 'it' : 'them'}. ` +
          'Add an authenticate-oidc, authenticate-cognito or jwt-validation action ordered before the forward (HTTPS listener), ' +
          `or put the ${one ? 'function' : 'functions'} behind API Gateway with an authorizer.`,
        related: [
          { at: path.frontDoor, message: 'internet-facing load balancer' },
          ...path.functions.map((fn) => ({ at: fn, message: 'function reached without authentication' })),
        ],
        properties: { functions: path.functions.map((fn) => fn.source.address) },
        flow: pathFlow(model, path, 'authentication (authenticate or jwt-validation action, or mTLS verify)'),
      })
    }
  },
})

/** The forward the load balancer reaches first, as the request path orders the actions: the action to put authentication before. */
function firstForward(actions: ListenerAction[]): ListenerAction | undefined {
  return orderActions(actions, []).find(({ action }) => action.type.known && action.type.value === 'forward')?.action
}
