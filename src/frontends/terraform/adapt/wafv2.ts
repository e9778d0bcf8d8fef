/**
 * AWS WAF in Terraform: a web ACL association and the load balancer, stage or API it protects.
 */
import type { TfValue } from '../ir.js'
import { DEPLOYMENT, REST_APIS, REST_STAGE } from './apigateway.js'
import { V2_APIS, V2_STAGE } from './apigatewayv2.js'
import type { AdapterTable, BuildContext } from './context.js'
import { LOAD_BALANCERS } from './elbv2.js'
import { field } from './read.js'

export const WAFV2_ADAPTERS: AdapterTable = {
  aws_wafv2_web_acl_association(context, resource) {
    context.addOnce({
      kind: 'waf-association',
      id: resource.address,
      source: context.source(resource),
      resource: protectedBy(context, field(resource.body, 'resource_arn')),
    })
  },
}

/** The load balancer, stage or API a `resource_arn` names; a deployment stands for the stage its `stage_name` makes. */
function protectedBy(context: BuildContext, value: TfValue | undefined): string | undefined {
  return (
    context.refsTo(value, LOAD_BALANCERS)[0] ??
    context.refsTo(value, [REST_STAGE, V2_STAGE])[0] ??
    context.refsTo(value, [DEPLOYMENT]).map((deployment) => `${deployment}.Stage`)[0] ??
    context.refsTo(value, [...REST_APIS, ...V2_APIS])[0]
  )
}
