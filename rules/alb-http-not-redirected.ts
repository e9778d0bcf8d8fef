import { defineRule } from '../src/engine/rule.js'
import { REDIRECT_DEFAULT_PROTOCOL } from '../src/model/aws.js'
import type { Listener, ListenerAction } from '../src/model/types.js'
import { describeListed } from '../src/model/describe.js'
import { internetReach, orderActions } from '../src/model/paths.js'

/** The action that answers the request: authenticate actions run first, then one of these. */
const TERMINAL_ACTIONS: ReadonlySet<string> = new Set(['forward', 'fixed-response', 'redirect'])

export default defineRule({
  id: 'alb-http-not-redirected',
  meta: {
    title: 'HTTP listener of an internet-facing ALB does not redirect to HTTPS',
    category: 'security',
    defaultLevel: 'warning',
    securitySeverity: 5.3,
    cwe: [319],
    whatItDoes:
      'Finds HTTP listeners of an internet-facing Application Load Balancer whose default action forwards, returns a fixed response or redirects to anything but HTTPS. A listener port that the load balancer\'s security groups admit only from private ranges or other security groups is not reported. A listener without a protocol counts as HTTP where the framework defaults it to HTTP (the Terraform AWS provider does for application load balancers). Listener rules that redirect do not count: the default action serves every request no rule matches.',
    whyBad:
      'Requests and responses on an HTTP listener cross the internet in plain text: cookies, tokens and form data can be read and changed by anyone on the path. Clients that follow an old http:// link or type the bare host name keep using it unless the listener sends them to HTTPS.',
    fix:
      'Make the default action of the HTTP listener a redirect with protocol HTTPS, port 443 and status HTTP_301, and serve the application from an HTTPS listener. Internal load balancers are not reported.',
    references: [
      'https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-listeners.html#redirect-actions',
      'https://docs.aws.amazon.com/elasticloadbalancing/latest/APIReference/API_RedirectActionConfig.html',
      'https://repost.aws/knowledge-center/elb-redirect-http-to-https-using-alb',
    ],
    frameworks: ['cloudformation', 'terraform'],
  },
  check({ model, report }) {
    for (const path of model.paths()) {
      const listener = path.entry
      if (listener.kind !== 'listener') continue
      if (path.frontDoor?.kind !== 'load-balancer' || !path.frontDoor.lbType.known) continue
      if (path.frontDoor.lbType.value !== 'application') continue
      if (!path.exposure.known || path.exposure.value !== 'public') continue
      if (!listener.protocol.known || listener.protocol.value.toUpperCase() !== 'HTTP') continue
      const reach = internetReach(path)
      if (reach.kind === 'none') continue
      const action = terminalAction(listener.defaultActions)
      if (!action?.type.known) continue
      const type = action.type.value.toLowerCase()
      let does: string
      if (type === 'redirect') {
        if (!action.redirectProtocol?.known) continue
        const target = action.redirectProtocol.value.toUpperCase()
        if (target === 'HTTPS') continue
        does =
          target === REDIRECT_DEFAULT_PROTOCOL.toUpperCase()
            ? 'redirects without a protocol, which keeps HTTP, so clients stay on plain text.'
            : `redirects to ${action.redirectProtocol.value}, not HTTPS, so clients stay on plain text.`
      } else {
        does = `${type === 'forward' ? 'forwards requests' : 'answers with a fixed response'} in plain text instead of redirecting to HTTPS.`
      }
      const port = listener.port.known ? ` port ${listener.port.value}` : ''
      const redirectingRules = model.rulesOf(listener.id).filter((rule) => redirectsToHttps(terminalAction(rule.actions)))
      const rules = redirectingRules.length
        ? ` ${redirectingRules.length === 1 ? 'One listener rule redirects' : `${redirectingRules.length} listener rules redirect`} to HTTPS, but the default action still serves every request no rule matches.`
        : ''
      report({
        at: listener,
        property: { at: action.source },
        message:
          `HTTP listener ${listener.source.address}${port} on internet-facing load balancer ${path.frontDoor.source.address} ` +
          `${does}${rules}${reach.kind === 'listed' ? ` It is open to ${describeListed(reach)}.` : ''} ` +
          'Make the default action a redirect with protocol HTTPS, port 443 and status HTTP_301.',
        related: [{ at: path.frontDoor, message: 'internet-facing load balancer' }],
      })
    }
  },
})

/** The last forward, fixed-response or redirect by `Order`; undefined when an order or a type is unknown. */
function terminalAction(actions: Listener['defaultActions']): ListenerAction | undefined {
  const undetermined: string[] = []
  const ordered = orderActions(actions, undetermined)
  if (undetermined.length > 0 || ordered.some(({ action }) => !action.type.known)) return undefined
  return ordered.filter(({ action }) => action.type.known && TERMINAL_ACTIONS.has(action.type.value.toLowerCase())).at(-1)?.action
}

function redirectsToHttps(action: ListenerAction | undefined): boolean {
  return action?.redirectProtocol?.known === true && action.redirectProtocol.value.toUpperCase() === 'HTTPS'
}
