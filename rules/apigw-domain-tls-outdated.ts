import { defineRule } from '../src/engine/rule.js'
import { REST_DOMAIN_DEFAULT_SECURITY_POLICY } from '../src/model/aws.js'
import type { Fact } from '../src/model/types.js'

/** The one security policy of API Gateway that accepts TLS 1.0 and 1.1 (the legacy `TLS_1_0`, REST domains' default). */
const TLS_1_0 = 'TLS_1_0'

export default defineRule({
  id: 'apigw-domain-tls-outdated',
  meta: {
    title: 'API Gateway custom domain accepts TLS 1.0',
    category: 'security',
    defaultLevel: 'note',
    securitySeverity: 4.0,
    cwe: [327],
    whatItDoes:
      'Finds API Gateway custom domain names whose security policy is TLS_1_0, which accepts TLS 1.0 and 1.1 as well as 1.2 and 1.3. A REST custom domain (AWS::ApiGateway::DomainName, aws_api_gateway_domain_name, SAM\'s Domain) that names no security policy gets TLS_1_0 from AWS when it is edge-optimized or regional, and is reported at the domain; a private domain, or one whose endpoint type cannot be resolved, that names no policy is not reported (AWS documents TLS 1.2 for private APIs). A policy that cannot be resolved is not reported.',
    whyBad:
      'TLS 1.0 and 1.1 are deprecated (RFC 8996): they rely on SHA-1 and CBC cipher suites with known attacks, and PCI DSS and most compliance baselines forbid them. Every client that can negotiate TLS 1.2 does so anyway; the old versions stay open only for an attacker who forces a downgrade or for clients nobody should still be serving.',
    fix:
      'Set SecurityPolicy (Terraform: security_policy) to TLS_1_2, or to one of the enhanced SecurityPolicy_TLS13_* policies for REST domains (they also need an endpoint access mode). Clients of the domain keep working if they support TLS 1.2, as every maintained TLS library has for years.',
    references: [
      'https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-custom-domain-tls-version.html',
      'https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-apigateway-domainname.html',
      'https://www.rfc-editor.org/rfc/rfc8996',
    ],
    frameworks: ['cloudformation', 'terraform'],
  },
  check({ model, report }) {
    for (const domain of model.all('custom-domain')) {
      const policy = domain.securityPolicy
      if (!policy.known || policy.value.toUpperCase().replace(/-/g, '_') !== TLS_1_0) continue
      if (policy.at?.defaulted && !defaultsToTls10(domain.endpointType)) continue
      const name = domain.domainName.known ? domain.domainName.value : domain.id
      const why = policy.at?.defaulted ? `names no security policy, so AWS gives it ${REST_DOMAIN_DEFAULT_SECURITY_POLICY}` : `uses security policy ${policy.value}`
      const mappings = model.all('domain-mapping').filter((mapping) => mapping.domain === domain.id)
      report({
        at: domain,
        property: policy,
        message: `Custom domain ${name} ${why}, which accepts TLS 1.0 and 1.1 connections. Set the security policy to TLS_1_2 (or an enhanced SecurityPolicy_TLS13_* policy).`,
        related: mappings.map((mapping) => ({ at: mapping, message: 'maps the domain to an API' })),
      })
    }
  },
})

/** AWS gives edge-optimized and regional REST domains TLS_1_0 when they name no policy; private APIs get TLS 1.2. */
function defaultsToTls10(endpointType: Fact<string>): boolean {
  return endpointType.known && ['EDGE', 'REGIONAL'].includes(endpointType.value.toUpperCase())
}
