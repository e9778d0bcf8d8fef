import { defineRule } from '../src/engine/rule.js'
import { describeApi, listNames } from '../src/model/describe.js'
import type { Model } from '../src/model/model.js'
import type { Api, Stage, WafAssociation } from '../src/model/types.js'
import { describeNeeds, restOnlyNeeds } from './support/rest-features.js'

export default defineRule({
  id: 'apigw-http-api-missing-rest-features',
  meta: {
    title: 'HTTP or WebSocket API asked for what only a REST API has',
    category: 'fit',
    defaultLevel: 'error',
    whatItDoes:
      'Reports an error for each AWS WAF (v2) web ACL association whose resource is an HTTP or WebSocket API or one of its stages: AWS WAF cannot protect those, so the deployment fails. Reports a warning for an HTTP API that declares needs only a REST API serves (api-keys, per-client-quota, request-validation, caching, transformation), naming the REST feature for each.',
    whyBad:
      'HTTP APIs are cheaper and simpler because they leave out REST API features: AWS WAF, usage plans with API keys, per-client throttling and quotas, request validation, the stage cache and mapping templates. A web ACL association with an HTTP API stage fails when the stack or plan is applied; a declared need the API cannot serve is left to the integrations, or not met.',
    fix:
      'Use a REST API where these features are needed. To keep the HTTP API behind AWS WAF, put a CloudFront distribution with a web ACL in front of it, make the API reachable only through CloudFront (a secret origin header checked by an authorizer, the execute-api endpoint disabled), and remove the association.',
    references: [
      'https://docs.aws.amazon.com/waf/latest/developerguide/how-aws-waf-works-resources.html',
      'https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-vs-rest.html',
      'https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-api-usage-plans.html',
    ],
    frameworks: ['cloudformation', 'terraform'],
    declarations: {
      reads: ['needs'],
      withoutThem: 'the rule still reports web ACL associations with HTTP and WebSocket APIs; the warning about needs is not given.',
    },
  },
  check({ model, report }) {
    for (const association of model.all('waf-association')) {
      if (!association.unsupported) continue
      const target = protectedApi(model, association)
      if (!target) continue
      const { api, stage } = target
      const what = stage ? `${stageName(stage)} of ${describeApi(api)}` : describeApi(api)
      report({
        at: association,
        message:
          `Web ACL association ${association.source.address} targets ${what}, but AWS WAF cannot protect HTTP or WebSocket APIs: the deployment fails. ` +
          `Use a REST API for a web ACL of its own, or put a CloudFront distribution with a web ACL in front of the API and remove the association.`,
        related: [...(stage ? [{ at: stage, message: 'the stage the association names' }] : []), { at: api, message: 'the API' }],
        properties: { api: api.source.address, protocol: api.protocol, waf: 'unsupported' },
      })
    }
    for (const api of model.all('api')) {
      if (api.protocol !== 'HTTP') continue
      const needs = restOnlyNeeds(api)
      if (needs.length === 0) continue
      report({
        at: api,
        property: { at: api.declared?.needs?.at },
        atMost: 'warning',
        message:
          `${describeApi(api)} declares ${needs.length === 1 ? 'the need' : 'the needs'} ${listNames([...needs])}, which HTTP APIs do not serve; a REST API does: ${describeNeeds(needs)}. ` +
          'Use a REST API for these clients, or remove the needs the integrations meet themselves.',
        properties: { needs, protocol: api.protocol },
      })
    }
  },
})

/** The HTTP or WebSocket API the association names, and the stage when it names one. */
function protectedApi(model: Model, association: WafAssociation): { api: Api; stage: Stage | undefined } | undefined {
  const stage = model.getKind(association.resource, 'stage')
  const api = model.getKind(stage ? stage.api : association.resource, 'api')
  return api ? { api, stage } : undefined
}

function stageName(stage: Stage): string {
  return stage.name.known ? `stage ${stage.name.value}` : 'a stage (name unresolved)'
}
