import { defineRule } from '../src/engine/rule.js'
import { LOAD_BALANCER_ATTRIBUTES } from '../src/model/aws.js'
import { internetReach } from '../src/model/paths.js'

const ATTRIBUTE = LOAD_BALANCER_ATTRIBUTES.dropInvalidHeaderFields.key

export default defineRule({
  id: 'alb-invalid-headers-kept',
  meta: {
    title: 'Internet-facing ALB passes invalid header fields to its targets',
    category: 'security',
    defaultLevel: 'note',
    securitySeverity: 4.3,
    cwe: [444],
    whatItDoes:
      `Finds internet-facing Application Load Balancers (or ones declared public or partner in configuration) whose ${ATTRIBUTE} attribute (Terraform: drop_invalid_header_fields) is false, which it is when not set. AWS Config and Security Hub (ELB.4) ask this of every ALB; this rule reports only those that the internet can reach, as the catalogue of front door rules asks of these baseline checks: invalid header names come from clients you do not control, and on an internal load balancer the clients are your own. A load balancer whose every listener port its security groups admit only from private ranges or other security groups is not reported, nor one whose scheme or attribute is a parameter or variable without a value.`,
    whyBad:
      'Header names that are not letters, digits and hyphens (an underscore, a space, a control character) are read differently by the load balancer and by the servers and frameworks behind it. Attackers use the difference to smuggle requests or to pass a header (X_Forwarded_For for X-Forwarded-For, a spoofed identity header) that the application trusts and the load balancer never checked. The load balancer keeps such headers unless told to drop them.',
    fix:
      `Set the load balancer attribute ${ATTRIBUTE} to true (Terraform: drop_invalid_header_fields = true). The load balancer then removes header fields whose names do not match [-A-Za-z0-9]+ before it routes the request.`,
    references: [
      'https://docs.aws.amazon.com/elasticloadbalancing/latest/application/application-load-balancers.html#load-balancer-attributes',
      'https://docs.aws.amazon.com/config/latest/developerguide/alb-http-drop-invalid-header-enabled.html',
      'https://docs.aws.amazon.com/securityhub/latest/userguide/elb-controls.html#elb-4',
    ],
    frameworks: ['cloudformation', 'terraform'],
  },
  check({ model, report }) {
    for (const loadBalancer of model.all('load-balancer')) {
      if (!loadBalancer.lbType.known || loadBalancer.lbType.value !== 'application') continue
      const drop = loadBalancer.attributes?.dropInvalidHeaderFields
      if (!drop?.known || drop.value) continue
      const declared = loadBalancer.declaredExposure
      if (declared === 'internal' || declared === 'private') continue
      if (declared === undefined && (!loadBalancer.scheme.known || loadBalancer.scheme.value !== 'internet-facing')) continue
      const paths = model.paths().filter((path) => path.frontDoor === loadBalancer && path.entry.kind === 'listener')
      if (paths.length > 0 && paths.every((path) => internetReach(path).kind === 'none')) continue
      const exposure = declared === undefined ? 'Internet-facing' : `${declared === 'public' ? 'Public' : 'Partner'} (declared)`
      report({
        at: loadBalancer,
        property: drop,
        message:
          `${exposure} Application Load Balancer ${loadBalancer.source.address} ${drop.at?.defaulted ? `does not set ${ATTRIBUTE}, so it` : `sets ${ATTRIBUTE} to false and`} ` +
          'passes header fields with invalid names (an underscore, a space) on to its targets. ' +
          `Set ${ATTRIBUTE} to true.`,
      })
    }
  },
})
