/**
 * API Gateway custom domains and VPC links in CloudFormation: REST domain names (and private
 * `DomainNameV2`) with their base path mappings, v2 domain names with their API mappings, and
 * VPC links V1 (to network load balancers) and V2. The SAM transform's `Domain` builds the same
 * elements through `addDomain` and `addMapping`.
 */
import { mapGet, type DocNode } from '../../../parse/types.js'
import {
  DOMAIN_MAPPING_DEFAULT_BASE_PATH,
  PRIVATE_DOMAIN_ENDPOINT_TYPE,
  REST_DOMAIN_DEFAULT_ENDPOINT_TYPE,
  REST_DOMAIN_DEFAULT_SECURITY_POLICY,
  V2_DOMAIN_DEFAULT_ENDPOINT_TYPE,
  V2_DOMAIN_DEFAULT_SECURITY_POLICY,
} from '../../../model/aws.js'
import { known, unknown, type CustomDomain, type Fact, type Source } from '../../../model/types.js'
import { upper, whyOf, type Reader } from '../reader.js'
import { subPattern } from './policy.js'
import { UNKNOWN_PART } from '../../../model/policy.js'
import { API_TYPES, CFN_TYPES, property, resourceSource, type AdapterTable, type BuildContext } from './context.js'

const STAGES = [CFN_TYPES.restStage, CFN_TYPES.v2Stage]
const SECURITY_GROUP = 'AWS::EC2::SecurityGroup'

export const DOMAINS_ADAPTERS: AdapterTable = {
  [CFN_TYPES.restDomainName]: (context, resource) => {
    const p = (key: string): DocNode | undefined => property(resource, key)
    addDomain(context, resource.id, resourceSource(context, resource), 'REST', {
      domainName: p('DomainName'),
      endpointType: endpointTypeNode(context.read, p('EndpointConfiguration')),
      endpointDefault: REST_DOMAIN_DEFAULT_ENDPOINT_TYPE,
      securityPolicy: p('SecurityPolicy'),
      mtls: p('MutualTlsAuthentication'),
    })
  },

  [CFN_TYPES.restDomainNameV2]: (context, resource) => {
    const p = (key: string): DocNode | undefined => property(resource, key)
    addDomain(context, resource.id, resourceSource(context, resource), 'REST', {
      domainName: p('DomainName'),
      endpointType: endpointTypeNode(context.read, p('EndpointConfiguration')),
      endpointDefault: PRIVATE_DOMAIN_ENDPOINT_TYPE,
      securityPolicy: p('SecurityPolicy'),
      mtls: undefined,
    })
  },

  [CFN_TYPES.v2DomainName]: (context, resource) => {
    const p = (key: string): DocNode | undefined => property(resource, key)
    const configurations = context.read.items(p('DomainNameConfigurations'))
    const first = configurations?.[0]
    const configuration = first?.kind === 'map' ? first.node : undefined
    const unknownConfiguration = p('DomainNameConfigurations') !== undefined && configuration === undefined
    addDomain(context, resource.id, resourceSource(context, resource), 'HTTP', {
      domainName: p('DomainName'),
      endpointType: mapGet(configuration, 'EndpointType'),
      endpointDefault: V2_DOMAIN_DEFAULT_ENDPOINT_TYPE,
      securityPolicy: mapGet(configuration, 'SecurityPolicy'),
      mtls: p('MutualTlsAuthentication'),
      unknownConfiguration: unknownConfiguration ? p('DomainNameConfigurations') : undefined,
    })
  },

  [CFN_TYPES.basePathMapping]: (context, resource) => {
    const p = (key: string): DocNode | undefined => property(resource, key)
    addMapping(context, resource.id, resourceSource(context, resource), [CFN_TYPES.restDomainName], {
      domain: p('DomainName'),
      api: context.read.refsTo(p('RestApiId'), API_TYPES)[0],
      stage: stageName(context, p('Stage')),
      basePath: p('BasePath'),
    })
  },

  [CFN_TYPES.basePathMappingV2]: (context, resource) => {
    const p = (key: string): DocNode | undefined => property(resource, key)
    addMapping(context, resource.id, resourceSource(context, resource), [CFN_TYPES.restDomainNameV2], {
      domain: p('DomainNameArn'),
      api: context.read.refsTo(p('RestApiId'), API_TYPES)[0],
      stage: stageName(context, p('Stage')),
      basePath: p('BasePath'),
    })
  },

  [CFN_TYPES.v2ApiMapping]: (context, resource) => {
    const p = (key: string): DocNode | undefined => property(resource, key)
    addMapping(context, resource.id, resourceSource(context, resource), [CFN_TYPES.v2DomainName], {
      domain: p('DomainName'),
      api: context.read.refsTo(p('ApiId'), API_TYPES)[0],
      stage: stageName(context, p('Stage')),
      basePath: p('ApiMappingKey'),
    })
  },

  [CFN_TYPES.restVpcLink]: (context, resource) => {
    const { read } = context
    const targets = property(resource, 'TargetArns')
    const items = read.items(targets)
    const loadBalancers = read.refsTo(targets, [CFN_TYPES.loadBalancer])
    context.model.add({
      kind: 'vpc-link',
      id: resource.id,
      source: resourceSource(context, resource),
      version: 'V1',
      loadBalancers,
      targetsResolved:
        items === undefined
          ? unknown(`the target ARNs are ${whyOf(read.resolver.resolve(targets!))}`, read.origin(targets))
          : known(items.every((item) => read.refsTo(item.node, [CFN_TYPES.loadBalancer]).length > 0), read.origin(targets)),
      securityGroups: [],
    })
  },

  [CFN_TYPES.v2VpcLink]: (context, resource) => {
    context.model.add({
      kind: 'vpc-link',
      id: resource.id,
      source: resourceSource(context, resource),
      version: 'V2',
      loadBalancers: [],
      targetsResolved: context.read.defaulted(true),
      securityGroups: context.read.refsTo(property(resource, 'SecurityGroupIds'), [SECURITY_GROUP]),
    })
  },
}

/** `EndpointConfiguration.Types[0]` of a REST domain. */
function endpointTypeNode(read: Reader, node: DocNode | undefined): DocNode | undefined {
  const types = mapGet(read.map(node), 'Types')
  if (!types) return node && !read.map(node) ? node : undefined
  const items = read.items(types)
  return items?.[0]?.node ?? types
}

/** A custom domain from the nodes that set it; unset ones take AWS's defaults at the domain. */
export function addDomain(
  context: BuildContext,
  id: string,
  source: Source,
  protocol: 'REST' | 'HTTP',
  nodes: {
    domainName: DocNode | undefined
    endpointType: DocNode | undefined
    endpointDefault: string
    securityPolicy: DocNode | undefined
    mtls: DocNode | undefined
    /** A configuration list that cannot be read: endpoint type and security policy are unknown. */
    unknownConfiguration?: DocNode
  },
): CustomDomain {
  const read = context.read.within(source.range)
  const unreadable = nodes.unknownConfiguration
  const domain: CustomDomain = {
    kind: 'custom-domain',
    id,
    source,
    protocol,
    domainName: read.str(nodes.domainName),
    endpointType: unreadable ? unknown('the domain name configurations are known only at deploy time', read.origin(unreadable)) : upper(read.str(nodes.endpointType, nodes.endpointDefault)),
    securityPolicy: unreadable
      ? unknown('the domain name configurations are known only at deploy time', read.origin(unreadable))
      : read.str(nodes.securityPolicy, protocol === 'REST' ? REST_DOMAIN_DEFAULT_SECURITY_POLICY : V2_DOMAIN_DEFAULT_SECURITY_POLICY),
    mtls: mutualTls(read, nodes.mtls),
  }
  context.model.add(domain)
  return domain
}

/** Mutual TLS is on when `MutualTlsAuthentication` names a truststore. */
function mutualTls(read: Reader, node: DocNode | undefined): Fact<boolean> {
  if (!node) return read.defaulted(false)
  const map = read.map(node)
  if (!map) {
    const value = read.resolver.resolve(node)
    return value.kind === 'absent' ? read.defaulted(false) : unknown(`the mutual TLS settings are ${whyOf(value)}`, read.origin(node))
  }
  const uri = mapGet(map, 'TruststoreUri')
  if (!uri) return known(false, read.origin(node))
  const text = read.str(uri)
  if (!text.known) {
    if (text.why === 'not set') return known(false, read.origin(node))
    // A URI built with Fn::Sub around written text (`s3://${Bucket}/truststore.pem`) is never empty.
    const pattern = subPattern(read, uri)
    if (pattern !== undefined && pattern.split(UNKNOWN_PART).join('') !== '') return known(true, text.at)
    return unknown(`the truststore is ${text.why}`, text.at)
  }
  return known(text.value !== '', text.at)
}

/**
 * A mapping of a domain to a stage of an API. The domain is the one of `domainTypes` the value
 * refers to, else the one of the template with the name it gives.
 */
function addMapping(
  context: BuildContext,
  id: string,
  source: Source,
  domainTypes: readonly string[],
  nodes: { domain: DocNode | undefined; api: string | undefined; stage: Fact<string>; basePath: DocNode | undefined },
): void {
  const read = context.read.within(source.range)
  const written = read.str(nodes.domain)
  const domainResource =
    context.byId.get(read.refsTo(nodes.domain, domainTypes)[0] ?? '') ??
    (written.known
      ? context.resources.find((candidate) => {
          if (!domainTypes.includes(candidate.type)) return false
          const name = read.str(property(candidate, 'DomainName'))
          return name.known && name.value === written.value
        })
      : undefined)
  context.model.add({
    kind: 'domain-mapping',
    id,
    source,
    domain: domainResource?.id,
    domainName: domainResource ? read.str(property(domainResource, 'DomainName')) : written,
    api: nodes.api,
    stage: nodes.stage,
    basePath: read.str(nodes.basePath, DOMAIN_MAPPING_DEFAULT_BASE_PATH),
  })
}

/** A mapping's `Stage`: a name, or a reference to a stage resource whose `StageName` is taken. */
function stageName(context: BuildContext, node: DocNode | undefined): Fact<string> {
  const { read } = context
  const stage = context.byId.get(read.refsTo(node, STAGES)[0] ?? '')
  if (!stage) return read.str(node)
  const name = read.str(property(stage, 'StageName'))
  return name.known ? known(name.value, read.origin(node)) : unknown(`the stage name of ${stage.id} is ${name.why}`, read.origin(node))
}
