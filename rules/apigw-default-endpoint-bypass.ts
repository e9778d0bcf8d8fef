import { defineRule } from '../src/engine/rule.js'
import { domainsOnPath, type PathDomain } from '../src/model/api-edges.js'
import { describeApi, listNames } from '../src/model/describe.js'
import { cloudFrontOf } from '../src/model/paths.js'
import type { Api, Element, ElementIndex } from '../src/model/types.js'
import { stageWafAssociation } from './support/stage-waf.js'

export default defineRule({
  id: 'apigw-default-endpoint-bypass',
  meta: {
    title: 'Default execute-api endpoint left open beside a protected custom domain or CloudFront',
    category: 'security',
    defaultLevel: 'error',
    securitySeverity: 7.5,
    cwe: [288],
    whatItDoes:
      'Finds REST and HTTP APIs served through a custom domain with mutual TLS, or through a custom domain behind a CloudFront distribution with a web ACL, whose DisableExecuteApiEndpoint is not true (it is false when not set). A distribution whose origin is the execute-api host itself is not counted: it needs that endpoint, and a secret origin header checked by the API is the way to close it. For CloudFront, a REST API whose every stage has a web ACL association of its own is not reported: that web ACL also covers the execute-api endpoint. Private APIs, and values or domains the template does not show, are not reported. One finding per API, pointing at DisableExecuteApiEndpoint (or the API when it is not set).',
    whyBad:
      'API Gateway keeps the default https://{api-id}.execute-api.{region}.amazonaws.com endpoint open for every API unless it is disabled. Mutual TLS is enforced only on the custom domain, and a CloudFront web ACL only on requests that pass through CloudFront: a client that calls the default endpoint skips the client certificate check or the WAF rules and reaches the same stages and integrations.',
    fix:
      'Set DisableExecuteApiEndpoint: true on the API (Terraform: disable_execute_api_endpoint = true) so that clients can reach it only through its custom domain, then redeploy the stage for the change to take effect.',
    references: [
      'https://docs.aws.amazon.com/apigateway/latest/developerguide/rest-api-disable-default-endpoint.html',
      'https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-disable-default-endpoint.html',
      'https://docs.aws.amazon.com/apigateway/latest/developerguide/rest-api-mutual-tls.html',
    ],
    frameworks: ['cloudformation', 'terraform'],
  },
  check({ model, report }) {
    for (const api of model.all('api')) {
      if (api.protocol !== 'REST' && api.protocol !== 'HTTP') continue
      if (!api.endpointTypes.known || api.endpointTypes.value.includes('PRIVATE')) continue
      const disabled = api.executeApiEndpointDisabled
      if (!disabled?.known || disabled.value) continue
      const mtls = domainsOnPath(model, api).filter(({ domain }) => domain?.mtls.known === true && domain.mtls.value)
      const controls: string[] = []
      const related: Array<{ at: Element; message: string }> = []
      if (mtls.length > 0) {
        controls.push(`mutual TLS on custom domain ${listNames(uniqueNames(mtls))}`)
        for (const { domain, mapping } of mtls) {
          if (domain) related.push({ at: domain, message: 'custom domain with mutual TLS' })
          related.push({ at: mapping, message: 'the mapping to the API' })
        }
      }
      const path = model.paths().find((candidate) => candidate.frontDoor === api)
      // CloudFront that reaches the API on its execute-api host needs that endpoint: only a distribution whose origin is a custom domain is bypassed by it.
      const distributions = path
        ? cloudFrontOf(path).filter(({ distribution, origins }) => distribution.webAcl?.known === true && origins.some((origin) => origin.target?.kind === 'api-domain-name'))
        : []
      if (distributions.length > 0 && !everyStageHasWaf(model, api)) {
        controls.push(`the web ACL of CloudFront distribution ${listNames(distributions.map(({ distribution }) => distribution.source.address))}`)
        for (const { distribution } of distributions) related.push({ at: distribution, message: 'CloudFront distribution with a web ACL, in front of a custom domain of the API' })
      }
      if (controls.length === 0) continue
      report({
        at: api,
        property: disabled,
        message:
          `${describeApi(api)} keeps its default execute-api endpoint open, so clients can call it directly and skip ${listNames(controls)}. ` +
          'Disable the default execute-api endpoint of the API and redeploy the stage.',
        related,
      })
    }
  },
})

function uniqueNames(domains: readonly PathDomain[]): string[] {
  return [...new Set(domains.map(({ domain, mapping }) => (domain?.domainName.known ? domain.domainName.value : mapping.domainName.known ? mapping.domainName.value : mapping.source.address)))]
}

/** Whether every stage of a REST API has (or may have) a web ACL of its own, which filters the execute-api endpoint too; an HTTP API cannot have one. */
function everyStageHasWaf(model: ElementIndex, api: Api): boolean {
  if (api.protocol !== 'REST') return false
  const stages = model.stagesOf(api.id)
  return stages.length > 0 && stages.every((stage) => {
    const association = stageWafAssociation(model, stage)
    return !association.known || association.value !== undefined
  })
}
