import { defineRule } from '../src/engine/rule.js'
import { describeApi } from '../src/model/describe.js'
import { behindCloudFrontWaf } from '../src/model/paths.js'
import type { Api } from '../src/model/types.js'
import { stageWafAssociation } from './support/stage-waf.js'

export default defineRule({
  id: 'apigw-public-no-waf',
  meta: {
    title: 'Public REST API stage without AWS WAF',
    category: 'security',
    defaultLevel: 'warning',
    securitySeverity: 5.3,
    cwe: [693],
    whatItDoes:
      'Finds stages of public REST APIs (endpoint type REGIONAL or EDGE, not PRIVATE, and not declared internal or private in configuration) that no WAFv2 web ACL association names, when no CloudFront distribution with a web ACL has the API or one of its custom domains as its origin. One finding per stage, including the stages SAM and deployments make (a SAM stage points at the API). A distribution with a web ACL in front of the API counts for every stage. Nothing is reported when an association or a distribution origin cannot be resolved (it may protect this API), for APIs with no stage or no method in the template, or for HTTP and WebSocket APIs, which AWS WAF cannot protect directly.',
    whyBad:
      'API Gateway throttles, but it does not inspect requests: without a web ACL every SQL injection, scanner, credential-stuffing run and request flood from a single address reaches the integration, and each request is billed and may invoke a function. A web ACL with managed rule groups and a rate-based rule stops these before they reach the API.',
    fix:
      'Associate a regional WAFv2 web ACL with the stage (AWS::WAFv2::WebACLAssociation or aws_wafv2_web_acl_association with the stage ARN), with AWS managed rule groups and a rate-based rule, or put a CloudFront distribution with a web ACL in front and disable the execute-api endpoint so it cannot be bypassed.',
    references: [
      'https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-control-access-aws-waf.html',
      'https://docs.aws.amazon.com/waf/latest/developerguide/waf-rule-statement-type-rate-based.html',
      'https://docs.aws.amazon.com/waf/latest/developerguide/cloudfront-features.html',
    ],
    frameworks: ['cloudformation', 'terraform'],
  },
  check({ model, report }) {
    for (const api of model.all('api')) {
      if (!isPublicRest(api)) continue
      const path = model.paths().find((candidate) => candidate.frontDoor === api)
      if (!path) continue
      const cloudFront = behindCloudFrontWaf(model, path)
      if (!cloudFront.known || cloudFront.value) continue
      const types = api.endpointTypes.known ? api.endpointTypes.value.join(', ') : ''
      for (const stage of model.stagesOf(api.id)) {
        const association = stageWafAssociation(model, stage)
        if (!association.known || association.value) continue
        const name = stage.name.known ? `Stage ${stage.name.value}` : 'A stage (name unresolved)'
        report({
          at: stage,
          message:
            `${name} of public ${describeApi(api)} (${types}) has no AWS WAF web ACL, and no CloudFront distribution with one is in front of the API, ` +
            'so every request reaches the integration uninspected and unlimited by address. ' +
            'Associate a regional web ACL with the stage (managed rule groups and a rate-based rule), or serve the API through CloudFront with a web ACL.',
          related: stage.source.address === api.source.address && stage.source.range.line === api.source.range.line ? [] : [{ at: api, message: 'the API' }],
        })
      }
    }
  },
})

/** A REST API reachable from the internet: known endpoint types without PRIVATE, and not declared internal or private. */
function isPublicRest(api: Api): boolean {
  if (api.protocol !== 'REST' || !api.endpointTypes.known || api.endpointTypes.value.includes('PRIVATE')) return false
  return api.declaredExposure !== 'internal' && api.declaredExposure !== 'private'
}
