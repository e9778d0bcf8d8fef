/**
 * API Gateway custom domains and VPC links in Terraform: REST domain names with their base path
 * mappings, v2 domain names with their API mappings, and VPC links V1 (to network load
 * balancers) and V2. Semantics, defaults and ids follow the CloudFormation adapter
 * (`cloudformation/adapt/domains.ts`).
 */
import {
  DOMAIN_MAPPING_DEFAULT_BASE_PATH,
  INTEGRATION_DEFAULT_CONNECTION_TYPE,
  REST_DOMAIN_DEFAULT_ENDPOINT_TYPE,
  REST_DOMAIN_DEFAULT_SECURITY_POLICY,
  V2_DOMAIN_DEFAULT_ENDPOINT_TYPE,
  V2_DOMAIN_DEFAULT_SECURITY_POLICY,
} from '../../../model/aws.js'
import { known, unknown, type Fact, type Integration } from '../../../model/types.js'
import type { TfResource, TfValue } from '../ir.js'
import { templateOf } from '../values.js'
import type { AdapterTable, BuildContext } from './context.js'
import { LOAD_BALANCERS } from './elbv2.js'
import { blocks, field, readerOf, upper, type Reader } from './read.js'

const REST_DOMAIN = 'aws_api_gateway_domain_name'
const V2_DOMAIN = 'aws_apigatewayv2_domain_name'
const STAGES = ['aws_api_gateway_stage', 'aws_apigatewayv2_stage']
const APIS = ['aws_api_gateway_rest_api', 'aws_apigatewayv2_api']
const VPC_LINKS = ['aws_api_gateway_vpc_link', 'aws_apigatewayv2_vpc_link']
const LISTENERS = ['aws_lb_listener', 'aws_alb_listener']

export const DOMAINS_ADAPTERS: AdapterTable = {
  aws_api_gateway_domain_name(context, resource) {
    const read = readerOf(resource)
    const endpoint = blocks(read.arg('endpoint_configuration'))
    const types = endpoint === undefined ? undefined : field(endpoint[0], 'types')
    const first = types?.kind === 'list' ? types.items[0] : types
    context.addOnce({
      kind: 'custom-domain',
      id: resource.address,
      source: context.source(resource),
      protocol: 'REST',
      domainName: read.str(read.arg('domain_name')),
      endpointType:
        endpoint === undefined
          ? unknown('the endpoint configuration is known only after apply', read.at(read.arg('endpoint_configuration')!))
          : upper(read.str(first, REST_DOMAIN_DEFAULT_ENDPOINT_TYPE)),
      securityPolicy: read.str(read.arg('security_policy'), REST_DOMAIN_DEFAULT_SECURITY_POLICY),
      mtls: mutualTls(read, read.arg('mutual_tls_authentication')),
    })
  },

  aws_apigatewayv2_domain_name(context, resource) {
    const read = readerOf(resource)
    const configurationValue = read.arg('domain_name_configuration')
    const configuration = blocks(configurationValue)
    const unreadable = configuration === undefined ? unknown<string>('the domain name configuration is known only after apply', read.at(configurationValue!)) : undefined
    context.addOnce({
      kind: 'custom-domain',
      id: resource.address,
      source: context.source(resource),
      protocol: 'HTTP',
      domainName: read.str(read.arg('domain_name')),
      endpointType: unreadable ?? upper(read.str(field(configuration![0], 'endpoint_type'), V2_DOMAIN_DEFAULT_ENDPOINT_TYPE)),
      securityPolicy: unreadable ?? read.str(field(configuration![0], 'security_policy'), V2_DOMAIN_DEFAULT_SECURITY_POLICY),
      mtls: mutualTls(read, read.arg('mutual_tls_authentication')),
    })
  },

  aws_api_gateway_base_path_mapping(context, resource) {
    const read = readerOf(resource)
    // A private domain is named by `domain_name_id`.
    addMapping(context, resource, REST_DOMAIN, read.arg('domain_name') ?? read.arg('domain_name_id'), read.arg('api_id'), read.arg('stage_name'), read.arg('base_path'))
  },

  aws_apigatewayv2_api_mapping(context, resource) {
    const read = readerOf(resource)
    addMapping(context, resource, V2_DOMAIN, read.arg('domain_name'), read.arg('api_id'), read.arg('stage'), read.arg('api_mapping_key'))
  },

  aws_api_gateway_vpc_link(context, resource) {
    const read = readerOf(resource)
    const targets = read.arg('target_arns')
    const loadBalancers = context.refsTo(targets, LOAD_BALANCERS)
    context.addOnce({
      kind: 'vpc-link',
      id: resource.address,
      source: context.source(resource),
      version: 'V1',
      loadBalancers,
      targetsResolved:
        targets === undefined
          ? read.byDefault(true)
          : targets.kind !== 'list'
            ? unknown(`the target ARNs are ${targets.kind === 'unknown' ? targets.why : 'not a list'}`, read.at(targets))
            : known(targets.items.every((item) => context.refsTo(item, LOAD_BALANCERS).length > 0), read.at(targets)),
      securityGroups: [],
    })
  },

  aws_apigatewayv2_vpc_link(context, resource) {
    const read = readerOf(resource)
    context.addOnce({
      kind: 'vpc-link',
      id: resource.address,
      source: context.source(resource),
      version: 'V2',
      loadBalancers: [],
      targetsResolved: read.byDefault(true),
      securityGroups: context.refsTo(read.arg('security_group_ids'), ['aws_security_group']),
    })
  },
}

/** Mutual TLS is on when `mutual_tls_authentication` names a truststore. */
function mutualTls(read: Reader, value: TfValue | undefined): Fact<boolean> {
  if (value === undefined) return read.byDefault(false)
  const settings = blocks(value)
  if (settings === undefined) return unknown(`the mutual TLS settings are ${value.kind === 'unknown' ? value.why : 'unreadable'}`, read.at(value))
  if (settings.length === 0) return read.byDefault(false)
  const uri = field(settings[0], 'truststore_uri')
  if (!uri) return known(false, read.at(value))
  const text = read.str(uri)
  if (!text.known) {
    // A template around written text (`"s3://${aws_s3_bucket.trust.id}/truststore.pem"`) is never empty.
    const shape = templateOf(uri)
    if (shape?.some((part) => typeof part === 'string' && part !== '')) return known(true, text.at)
    return unknown(`the truststore is ${text.why}`, text.at)
  }
  return known(text.value !== '', text.at)
}

/**
 * A mapping of a domain to a stage of an API. The domain is the one of `domainType` the value
 * refers to, else the one of the module with the name it gives.
 */
function addMapping(
  context: BuildContext,
  resource: TfResource,
  domainType: string,
  domainValue: TfValue | undefined,
  apiValue: TfValue | undefined,
  stageValue: TfValue | undefined,
  basePathValue: TfValue | undefined,
): void {
  const read = readerOf(resource)
  const written = read.str(domainValue)
  const nameOf = (domain: TfResource): Fact<string> => readerOf(domain).str(field(domain.body, 'domain_name'))
  const referred = context.refsTo(domainValue, [domainType])[0]
  const domainResource =
    (referred === undefined ? undefined : context.resource(referred)) ??
    (written.known
      ? context.managed(domainType).find((candidate) => {
          const name = nameOf(candidate)
          return name.known && name.value === written.value
        })
      : undefined)
  context.addOnce({
    kind: 'domain-mapping',
    id: resource.address,
    source: context.source(resource),
    domain: domainResource?.address,
    domainName: domainResource ? nameOf(domainResource) : written,
    api: context.refsTo(apiValue, APIS)[0],
    stage: stageName(context, read, stageValue),
    basePath: read.str(basePathValue, DOMAIN_MAPPING_DEFAULT_BASE_PATH),
  })
}

/** A mapping's stage: a name, or a reference to a stage whose `stage_name` (`name` for v2) is taken. */
function stageName(context: BuildContext, read: Reader, value: TfValue | undefined): Fact<string> {
  const name = read.str(value)
  if (name.known || value === undefined) return name
  const stage = context.resource(context.refsTo(value, STAGES)[0] ?? '')
  if (!stage) return name
  const written = readerOf(stage).str(field(stage.body, stage.type === 'aws_api_gateway_stage' ? 'stage_name' : 'name'))
  return written.known ? known(written.value, read.at(value)) : unknown(`the stage name of ${stage.address} is ${written.why}`, read.at(value))
}

/**
 * The private side of an integration: `connection_type` (`INTERNET` when not set), the VPC link
 * `connection_id` names, and the listener or load balancer `target` names.
 */
export function privateIntegration(
  context: BuildContext,
  resource: TfResource,
  connectionType: TfValue | undefined,
  connectionId: TfValue | undefined,
  target: TfValue | undefined,
): Pick<Integration, 'connectionType' | 'vpcLink' | 'privateTarget'> {
  const read = readerOf(resource)
  const vpcLink = context.refsTo(connectionId, VPC_LINKS)[0]
  const privateTarget = context.refsTo(target, LISTENERS)[0] ?? context.refsTo(target, LOAD_BALANCERS)[0]
  return {
    connectionType: upper(read.str(connectionType, INTEGRATION_DEFAULT_CONNECTION_TYPE)),
    ...(vpcLink === undefined ? {} : { vpcLink }),
    ...(privateTarget === undefined ? {} : { privateTarget }),
  }
}
