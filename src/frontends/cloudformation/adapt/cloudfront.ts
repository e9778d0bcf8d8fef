/**
 * CloudFront distributions into the model: each origin with the load balancer, API or API custom
 * domain name its domain name points at, the default cache behaviour's viewer protocol policy and
 * the web ACL (`WebACLId`).
 */
import { mapGet, type DocNode } from '../../../parse/types.js'
import { known, unknown, type CloudFrontOrigin, type Fact, type OriginTarget } from '../../../model/types.js'
import { whyOf, type Reader } from '../reader.js'
import { API_TYPES, CFN_TYPES, property, resourceSource, type AdapterTable } from './context.js'
import { webAclNamed } from './wafv2.js'

/** API Gateway custom domain names: a distribution reaches an API through one by its regional domain name. */
const DOMAIN_NAME_TYPES = ['AWS::ApiGateway::DomainName', 'AWS::ApiGateway::DomainNameV2', 'AWS::ApiGatewayV2::DomainName']

export const CLOUDFRONT_ADAPTERS: AdapterTable = {
  [CFN_TYPES.distribution]: (context, resource) => {
    const { read } = context
    const config = property(resource, 'DistributionConfig')
    const get = (key: string): DocNode | undefined => mapGet(config, key)
    const webAcl = get('WebACLId')
    context.model.add({
      kind: 'cloudfront-distribution',
      id: resource.id,
      source: resourceSource(context, resource),
      origins: originsOf(read, get('Origins')),
      viewerProtocolPolicy: read.str(mapGet(get('DefaultCacheBehavior'), 'ViewerProtocolPolicy')),
      webAcl: webAcl === undefined || read.resolver.resolve(webAcl).kind === 'absent' ? undefined : webAclNamed(read, webAcl),
    })
  },
}

function originsOf(read: Reader, node: DocNode | undefined): Fact<CloudFrontOrigin[]> {
  const items = read.items(node)
  if (items === undefined) return unknown(node ? whyOf(read.resolver.resolve(node)) : 'not set', read.origin(node))
  const origins: CloudFrontOrigin[] = []
  for (const item of items) {
    if (item.kind !== 'map') return unknown(`an origin is ${whyOf(item)}`, read.origin(item.node))
    const origin = item.node
    const domain = mapGet(origin, 'DomainName')
    const custom = mapGet(origin, 'CustomOriginConfig')
    origins.push({
      id: read.str(mapGet(origin, 'Id')),
      domainName: read.str(domain),
      target: originTarget(read, domain),
      protocolPolicy: custom === undefined ? undefined : read.str(mapGet(custom, 'OriginProtocolPolicy')),
      customHeaders: headerNames(read, mapGet(origin, 'OriginCustomHeaders')),
    })
  }
  return known(origins, read.origin(node))
}

function originTarget(read: Reader, domain: DocNode | undefined): OriginTarget | undefined {
  const balancer = read.refsTo(domain, [CFN_TYPES.loadBalancer])[0]
  if (balancer !== undefined) return { kind: 'load-balancer', id: balancer }
  const name = read.refsTo(domain, DOMAIN_NAME_TYPES)[0]
  if (name !== undefined) return { kind: 'api-domain-name', id: name }
  const api = read.refsTo(domain, API_TYPES)[0]
  return api === undefined ? undefined : { kind: 'api', id: api }
}

/** The names of an origin's custom headers; their values are secrets more often than not and are never read. */
function headerNames(read: Reader, node: DocNode | undefined): Fact<string[]> {
  const items = read.items(node)
  if (items === undefined) return unknown(`the custom headers are ${node ? whyOf(read.resolver.resolve(node)) : 'not set'}`, read.origin(node))
  const names: string[] = []
  for (const item of items) {
    if (item.kind !== 'map') return unknown(`a custom header is ${whyOf(item)}`, read.origin(item.node))
    const name = read.str(mapGet(item.node, 'HeaderName'))
    if (!name.known) return unknown(`a custom header's name is ${name.why}`, name.at)
    names.push(name.value)
  }
  return known(names, read.origin(node) ?? read.defaultOrigin())
}
