import { defineRule } from '../src/engine/rule.js'
import { LISTENER_RECOMMENDED_SSL_POLICY, sslPolicyAcceptsBelowTls12, TLS_LISTENER_PROTOCOLS } from '../src/model/aws.js'

export default defineRule({
  id: 'alb-tls-policy-outdated',
  meta: {
    title: 'HTTPS or TLS listener accepts TLS 1.0 or 1.1',
    category: 'security',
    defaultLevel: 'note',
    securitySeverity: 5.3,
    cwe: [327],
    whatItDoes:
      'Finds HTTPS listeners (Application Load Balancer) and TLS listeners (Network Load Balancer) whose security policy is one of the predefined policies that accept TLS 1.0 or 1.1: ELBSecurityPolicy-2016-08 (what AWS uses when the listener names no policy, through CloudFormation, the API and Terraform alike), -2015-05, -TLS-1-0-2015-04, -TLS-1-1-2017-01, -FS-2018-06, -FS-1-1-2019-08 and the TLS 1.3 policies that start at 1.0 or 1.1 (ELBSecurityPolicy-TLS13-1-0-…, -TLS13-1-1-…, FIPS and post-quantum variants included). TLS 1.3 policies from 1.2 (ELBSecurityPolicy-TLS13-1-2-…) and the -TLS-1-2-… and -FS-1-2-… policies count as current. A policy given by a parameter or variable without a value is not reported; internal load balancers are reported too, since the policy protects the connection wherever the client is.',
    whyBad:
      'TLS 1.0 and 1.1 are deprecated (RFC 8996): they rely on SHA-1 and CBC constructions with known attacks, and PCI DSS and most compliance baselines forbid them. A listener that still accepts them lets a client, or an attacker who downgrades the handshake, use them. Because the default policy accepts them, every HTTPS listener that names no policy does.',
    fix:
      `Name a policy that starts at TLS 1.2 as the listener's security policy (SslPolicy, Terraform: ssl_policy), such as ${LISTENER_RECOMMENDED_SSL_POLICY} (TLS 1.2 and 1.3), which AWS recommends. Check first, in the access logs' ssl_protocol field, that no client still connects with TLS 1.0 or 1.1.`,
    references: [
      'https://docs.aws.amazon.com/elasticloadbalancing/latest/application/describe-ssl-policies.html',
      'https://docs.aws.amazon.com/elasticloadbalancing/latest/network/describe-ssl-policies.html',
      'https://www.rfc-editor.org/rfc/rfc8996',
    ],
    frameworks: ['cloudformation', 'terraform'],
  },
  check({ model, report }) {
    for (const listener of model.all('listener')) {
      if (!listener.protocol.known) continue
      const protocol = listener.protocol.value.toUpperCase()
      if (!TLS_LISTENER_PROTOCOLS.includes(protocol)) continue
      const policy = listener.tls?.sslPolicy
      if (!policy?.known) continue
      const lowest = sslPolicyAcceptsBelowTls12(policy.value)
      if (lowest === undefined) continue
      const loadBalancer = model.getKind(listener.loadBalancer, 'load-balancer')
      const on = loadBalancer ? ` on load balancer ${loadBalancer.source.address}` : ''
      const port = listener.port.known ? ` port ${listener.port.value}` : ''
      const which = policy.at?.defaulted ? `names no security policy, so AWS gives it ${policy.value}, which` : `uses security policy ${policy.value}, which`
      report({
        at: listener,
        property: policy,
        message:
          `${protocol} listener ${listener.source.address}${port}${on} ${which} accepts TLS ${lowest === '1.0' ? '1.0 and 1.1' : '1.1'}. ` +
          `Name a policy that starts at TLS 1.2, such as ${LISTENER_RECOMMENDED_SSL_POLICY}.`,
        related: loadBalancer ? [{ at: loadBalancer, message: 'the load balancer' }] : [],
      })
    }
  },
})
