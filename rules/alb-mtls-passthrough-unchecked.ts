import { defineRule } from '../src/engine/rule.js'
import { listNames } from '../src/model/describe.js'

export default defineRule({
  id: 'alb-mtls-passthrough-unchecked',
  meta: {
    title: 'Mutual TLS listener leaves client certificates unchecked by the load balancer',
    category: 'security',
    defaultLevel: 'note',
    securitySeverity: 5.3,
    cwe: [295],
    whatItDoes:
      'Finds listeners with mutual TLS in passthrough mode, where the load balancer hands the client certificate chain to the targets without verifying it, and listeners in verify mode that accept expired client certificates (IgnoreClientCertificateExpiry, Terraform: ignore_client_certificate_expiry). A mode given by a parameter or variable without a value is not reported. Whether the targets verify the chain cannot be seen in a template: when they do, suppress the finding on the listener with the reason. A passthrough listener that forwards to Lambda on an internet-facing load balancer with no authenticate action is also reported by alb-lambda-unauthenticated, which says that nothing in front checks the caller; this rule says what to do about the certificate.',
    whyBad:
      'In passthrough mode the load balancer accepts any client certificate and only passes it on, in the X-Amzn-Mtls-Clientcert header: authentication then rests on every target parsing and verifying the chain itself, and a target that does not (or a new target added later) serves clients that never proved who they are. In verify mode, accepting expired certificates keeps clients whose certificates were meant to stop working, such as those of partners or devices whose access ended.',
    fix:
      'Use mutual TLS in verify mode with a trust store, so the load balancer rejects clients whose chain does not verify, and leave IgnoreClientCertificateExpiry (Terraform: ignore_client_certificate_expiry) unset or false. Keep passthrough only where every target verifies the chain, and say so in a suppression.',
    references: [
      'https://docs.aws.amazon.com/elasticloadbalancing/latest/application/mutual-authentication.html',
      'https://docs.aws.amazon.com/elasticloadbalancing/latest/application/configuring-mtls-with-elb.html',
    ],
    frameworks: ['cloudformation', 'terraform'],
  },
  check({ model, report }) {
    for (const path of model.paths()) {
      const listener = path.entry
      if (listener.kind !== 'listener' || !listener.mtlsMode.known) continue
      const loadBalancer = path.frontDoor?.kind === 'load-balancer' ? path.frontDoor : undefined
      const on = loadBalancer ? ` on load balancer ${loadBalancer.source.address}` : ''
      const port = listener.port.known ? ` port ${listener.port.value}` : ''
      const targets = listNames(path.targetGroups.map((group) => group.source.address))
      const related = [
        ...(loadBalancer ? [{ at: loadBalancer, message: 'the load balancer' }] : []),
        ...path.targetGroups.map((group) => ({ at: group, message: 'targets that receive the unverified certificate' })),
      ]
      if (listener.mtlsMode.value === 'passthrough') {
        report({
          at: listener,
          property: listener.mtlsMode,
          message:
            `Listener ${listener.source.address}${port}${on} uses mutual TLS in passthrough mode: the load balancer does not verify client certificates ` +
            `and passes them on to ${targets ? `target ${path.targetGroups.length === 1 ? 'group' : 'groups'} ${targets}` : 'its targets'}, which must verify them themselves. ` +
            'Use verify mode with a trust store, or suppress this finding where every target verifies the chain.',
          related,
        })
        continue
      }
      const ignore = listener.tls?.ignoreClientCertificateExpiry
      if (listener.mtlsMode.value !== 'verify' || !ignore?.known || !ignore.value) continue
      report({
        at: listener,
        property: ignore,
        message:
          `Listener ${listener.source.address}${port}${on} verifies client certificates but ignores their expiry, so clients with expired certificates still connect. ` +
          'Stop ignoring client certificate expiry.',
        related: loadBalancer ? [{ at: loadBalancer, message: 'the load balancer' }] : [],
      })
    }
  },
})
