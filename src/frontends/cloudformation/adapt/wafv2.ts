/** WAFv2 web ACL associations into the model: which load balancer, stage or API a web ACL protects. */
import type { DocNode } from '../../../parse/types.js'
import { API_TYPES, CFN_TYPES, property, resourceSource, type AdapterTable, type BuildContext } from './context.js'

const STAGE_TYPES = [CFN_TYPES.restStage, CFN_TYPES.v2Stage]

export const WAFV2_ADAPTERS: AdapterTable = {
  [CFN_TYPES.wafAssociation]: (context, resource) => {
    context.model.add({
      kind: 'waf-association',
      id: resource.id,
      source: resourceSource(context, resource),
      resource: protectedResource(context, property(resource, 'ResourceArn')),
    })
  },
}

/** The load balancer, stage or API an association's `ResourceArn` names; a deployment stands for the stage it creates. */
function protectedResource(context: BuildContext, node: DocNode | undefined): string | undefined {
  const { read } = context
  return (
    read.refsTo(node, [CFN_TYPES.loadBalancer])[0] ??
    read.refsTo(node, STAGE_TYPES)[0] ??
    read.refsTo(node, [CFN_TYPES.deployment]).map((deployment) => `${deployment}.Stage`)[0] ??
    read.refsTo(node, API_TYPES)[0]
  )
}
