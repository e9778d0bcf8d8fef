import { defineRule } from '../src/engine/rule.js'
import { describeApi } from '../src/model/describe.js'
import { policyAudience } from '../src/model/policy.js'

const SCOPE = 'allows execute-api:Invoke only with an aws:SourceVpce condition naming your VPC endpoints (or aws:SourceVpc naming your VPCs), or denies every caller that does not meet one'

export default defineRule({
  id: 'apigw-private-open-policy',
  meta: {
    title: 'Private REST API with no resource policy, or one open to any VPC endpoint',
    category: 'security',
    defaultLevel: 'error',
    securitySeverity: 7.5,
    cwe: [284],
    whatItDoes:
      'Finds private REST APIs (endpoint type PRIVATE, SAM included) that have no resource policy, or whose resource policy lets every principal invoke them with no condition that limits callers (aws:SourceVpce, aws:SourceVpc, or another key) and no Deny that turns away the callers without one. A policy that cannot be read, or whose statements are known only at deploy time, is not reported. An API limited by account, organization or source address is not reported either. Where this rule reports an open policy, apigw-route-unauthenticated stays silent about the API\'s methods (it exempts private APIs with a resource policy); an API with no policy is reported here once and its methods there.',
    whyBad:
      'A private API is private because only traffic through an interface VPC endpoint for execute-api reaches it, but that is any such endpoint, in any VPC of any AWS account in the Region. The resource policy is what limits callers to your endpoints or VPCs: a policy that allows Principal "*" without one of those conditions lets anyone who creates an endpoint in their own account call the API. Without any resource policy API Gateway refuses every call to a private API, and the policy pasted in to make it work is often the open one.',
    fix:
      'Give the API a resource policy that allows execute-api:Invoke only when aws:SourceVpce names your VPC endpoints (or aws:SourceVpc your VPCs), or one that allows it and denies every caller whose aws:SourceVpce is not one of yours (StringNotEquals). For SAM, set Auth.ResourcePolicy with IntrinsicVpceWhitelist or SourceVpcWhitelist. Redeploy the API after changing the policy.',
    references: [
      'https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-private-apis.html',
      'https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-resource-policies-examples.html',
      'https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-resource-policies.html',
    ],
    frameworks: ['cloudformation', 'terraform'],
  },
  check({ model, report }) {
    for (const api of model.all('api')) {
      if (api.protocol !== 'REST' || !api.endpointTypes.known || !api.endpointTypes.value.includes('PRIVATE')) continue
      const name = `Private ${describeApi(api)}`
      if (api.hasResourcePolicy.known && !api.hasResourcePolicy.value) {
        report({
          at: api,
          property: api.hasResourcePolicy,
          message: `${name} has no resource policy, so API Gateway refuses every call to it. Add one that ${SCOPE}: a policy that allows Principal "*" without such a condition lets any VPC endpoint of any account in the Region call it.`,
        })
        continue
      }
      if (!api.resourcePolicy) continue
      const audience = policyAudience(api.resourcePolicy)
      if (!audience.known || audience.value.kind !== 'anyone') continue
      const statement = audience.value.statement
      report({
        at: api,
        property: statement,
        message: `${name} has a resource policy that lets any principal invoke it with no aws:SourceVpce or aws:SourceVpc condition, so any VPC endpoint for execute-api in any AWS account in the Region can call it. Change the policy so that it ${SCOPE}.`,
      })
    }
  },
})
