import { defineRule } from '../src/engine/rule.js'
import { lowerFirst } from './support/text.js'
import { describeEntry, listNames } from '../src/model/describe.js'
import { orderActions, type RequestPath } from '../src/model/paths.js'
import { ALB_AUTH_ACTIONS, type Listener, type ListenerAction, type ListenerRule } from '../src/model/types.js'

export default defineRule({
  id: 'alb-auth-misconfigured',
  meta: {
    title: 'ALB authenticate action that does not protect the route',
    category: 'security',
    defaultLevel: 'error',
    securitySeverity: 8.1,
    cwe: [287],
    whatItDoes:
      'Finds authenticate-cognito, authenticate-oidc and jwt-validation actions that do not protect the route they are on: on an HTTP listener (AWS accepts them only on HTTPS listeners; one finding per listener, at its protocol, naming the listener rules that authenticate), with unauthenticated requests allowed through (`allow`, at that setting), or ordered after the forward (at the action\'s order). Actions whose type or order is unknown are not judged. A Lambda path whose only authentication is ordered after the forward is reported here, not by alb-lambda-unauthenticated; nor does that rule report a Lambda path whose action allows unauthenticated requests (it counts the action as authentication), which this rule reports.',
    whyBad:
      'An authenticate action is the only identity check an ALB has. On plain HTTP the session cookie and tokens would cross the network unencrypted, so AWS refuses the configuration and the deployment fails. With unauthenticated requests allowed, anonymous callers reach the targets without any user claims, and the target must tell them apart itself. Ordered after the forward, the action would never run: AWS requires the routing action to be performed last and rejects the rule.',
    fix:
      'Serve authenticated routes from an HTTPS listener (and redirect HTTP to it). Set the action to deny unauthenticated requests (machine clients) or to authenticate them (browsers); keep allow only for routes that are meant to be public and whose targets check the x-amzn-oidc-data header. Give the authenticate action a lower order than the forward.',
    references: [
      'https://docs.aws.amazon.com/elasticloadbalancing/latest/application/listener-authenticate-users.html',
      'https://docs.aws.amazon.com/elasticloadbalancing/latest/application/rule-action-types.html',
      'https://docs.aws.amazon.com/elasticloadbalancing/latest/application/listener-verify-jwt.html',
      'https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_AuthenticateOidcActionConfig.html',
    ],
    frameworks: ['cloudformation', 'terraform'],
  },
  check({ model, report }) {
    const paths = model.paths().filter((path): path is RequestPath & { entry: Listener | ListenerRule } => path.entry.kind === 'listener' || path.entry.kind === 'listener-rule')

    for (const listener of model.all('listener')) {
      if (!listener.protocol.known || listener.protocol.value.toUpperCase() !== 'HTTP') continue
      const authenticating = [
        ...authActions(listener.defaultActions).map((action) => ({ action, owner: 'its default action' })),
        ...model.rulesOf(listener.id).flatMap((rule) => authActions(rule.actions).map((action) => ({ action, owner: `listener rule ${rule.source.address}` }))),
      ]
      if (authenticating.length === 0) continue
      const where = listNames([...new Set(authenticating.map(({ owner }) => owner))])
      const types = listNames([...new Set(authenticating.map(({ action }) => typeOf(action)))])
      const port = listener.port.known ? ` port ${listener.port.value}` : ''
      report({
        at: listener,
        property: listener.protocol,
        message:
          `HTTP listener ${listener.source.address}${port} has ${types} ${authenticating.length === 1 ? 'action' : 'actions'} (${where}), ` +
          'which AWS accepts only on HTTPS listeners: the deployment fails, and on plain HTTP the session cookie and tokens would cross the network unencrypted. ' +
          'Serve these routes from an HTTPS listener and make the HTTP listener redirect to it.',
        related: authenticating.map(({ action, owner }) => ({ at: action.source, message: `${typeOf(action)} action (${owner})` })),
      })
    }

    for (const path of paths) {
      const entry = path.entry
      const actions = entry.kind === 'listener' ? entry.defaultActions : entry.actions
      const targets = listNames(path.targetGroups.map((group) => group.source.address))
      const reaching = targets ? ` reach target ${path.targetGroups.length === 1 ? 'group' : 'groups'} ${targets}` : ' pass'
      for (const action of authActions(actions)) {
        const on = action.onUnauthenticatedRequest
        if (!on?.known || on.value !== 'allow') continue
        report({
          at: entry,
          property: on,
          message:
            `The ${typeOf(action)} action of ${lowerFirst(describeEntry(model, path))} allows unauthenticated requests: callers without a session${reaching} with no user claims, so the action authenticates no one. ` +
            'Set it to deny (machine clients) or authenticate (browsers); keep allow only for a public route whose targets check the x-amzn-oidc-data header.',
        })
      }

      const undetermined: string[] = []
      const ordered = orderActions(actions, undetermined)
      if (undetermined.length > 0 || ordered.some(({ action }) => !action.type.known)) continue
      const forward = ordered.find(({ action }) => typeOf(action) === 'forward')
      if (!forward) continue
      for (const late of ordered.slice(ordered.indexOf(forward) + 1)) {
        if (!ALB_AUTH_ACTIONS.has(typeOf(late.action))) continue
        report({
          at: entry,
          property: { at: late.action.order?.at ?? late.action.source },
          message:
            `The ${typeOf(late.action)} action of ${lowerFirst(describeEntry(model, path))} is ordered after the forward (order ${late.rank}, the forward's ${forward.rank}): ` +
            'AWS requires the forward to be performed last and rejects the rule, and an action after it would never authenticate anyone. ' +
            'Give the authentication a lower order than the forward.',
          related: [{ at: forward.action.source, message: 'the forward' }],
        })
      }
    }
  },
})

function typeOf(action: ListenerAction): string {
  return action.type.known ? action.type.value.toLowerCase() : ''
}

function authActions(actions: ListenerAction[]): ListenerAction[] {
  return actions.filter((action) => ALB_AUTH_ACTIONS.has(typeOf(action)))
}
