/**
 * CloudFront distributions in Terraform: each `origin` with the load balancer, API or API custom
 * domain name its `domain_name` points at, the default cache behaviour's viewer protocol policy
 * and `web_acl_id`, read as the CloudFormation adapter reads them.
 */
import { known, unknown, type CloudFrontOrigin, type Fact, type OriginTarget } from '../../../model/types.js'
import type { TfValue } from '../ir.js'
import { REST_APIS } from './apigateway.js'
import { V2_APIS } from './apigatewayv2.js'
import type { AdapterTable, BuildContext } from './context.js'
import { LOAD_BALANCERS } from './elbv2.js'
import { blocks, field, firstBlock, readerOf, whyOf, type Reader } from './read.js'
import { webAclNamed } from './wafv2.js'

/** API Gateway custom domain names: a distribution reaches an API through one by its regional domain name. */
const DOMAIN_NAMES = ['aws_api_gateway_domain_name', 'aws_apigatewayv2_domain_name']

export const CLOUDFRONT_ADAPTERS: AdapterTable = {
  aws_cloudfront_distribution(context, resource) {
    const read = readerOf(resource)
    const webAcl = read.arg('web_acl_id')
    context.addOnce({
      kind: 'cloudfront-distribution',
      id: resource.address,
      source: context.source(resource),
      origins: originsOf(context, read, read.arg('origin')),
      viewerProtocolPolicy: read.str(field(firstBlock(read.arg('default_cache_behavior')), 'viewer_protocol_policy')),
      webAcl: webAcl === undefined || (webAcl.kind === 'scalar' && webAcl.value === '') ? undefined : webAclNamed(context, read, webAcl),
    })
  },
}

function originsOf(context: BuildContext, read: Reader, value: TfValue | undefined): Fact<CloudFrontOrigin[]> {
  const list = blocks(value)
  if (list === undefined) return unknown(`the origins are ${whyOf(value!)}`, read.at(value!))
  const origins: CloudFrontOrigin[] = []
  for (const origin of list) {
    if (origin.kind !== 'object') return unknown(`an origin is ${whyOf(origin)}`, read.at(origin))
    const domain = field(origin, 'domain_name')
    const custom = blocks(field(origin, 'custom_origin_config'))
    origins.push({
      id: read.str(field(origin, 'origin_id')),
      domainName: read.str(domain),
      target: originTarget(context, domain),
      protocolPolicy:
        custom === undefined
          ? unknown('the custom_origin_config block is unknown', read.at(field(origin, 'custom_origin_config')!))
          : custom.length === 0
            ? undefined
            : read.str(field(custom[0], 'origin_protocol_policy')),
      customHeaders: headerNames(read, field(origin, 'custom_header')),
    })
  }
  return known(origins, value === undefined ? read.defaultAt : read.at(value))
}

function originTarget(context: BuildContext, domain: TfValue | undefined): OriginTarget | undefined {
  const balancer = context.refsTo(domain, LOAD_BALANCERS)[0]
  if (balancer !== undefined) return { kind: 'load-balancer', id: balancer }
  const name = context.refsTo(domain, DOMAIN_NAMES)[0]
  if (name !== undefined) return { kind: 'api-domain-name', id: name }
  const api = context.refsTo(domain, [...REST_APIS, ...V2_APIS])[0]
  return api === undefined ? undefined : { kind: 'api', id: api }
}

/** The names of an origin's `custom_header` blocks; their values are secrets more often than not and are never read. */
function headerNames(read: Reader, value: TfValue | undefined): Fact<string[]> {
  const list = blocks(value)
  if (list === undefined) return unknown(`the custom headers are ${whyOf(value!)}`, read.at(value!))
  const names: string[] = []
  for (const header of list) {
    const name = read.str(field(header, 'name'))
    if (!name.known) return unknown(`a custom header's name is ${name.why}`, name.at)
    names.push(name.value)
  }
  return known(names, value === undefined ? read.defaultAt : read.at(value))
}
