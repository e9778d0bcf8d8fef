/**
 * What every CloudFormation adapter shares: the resource types the model reads, one template
 * resource as the adapters see it, the context of the model being filled, and the shape of an
 * adapter table (resource type to the handler that reads one resource of that type).
 */
import { mapGet, type DocMap, type DocMapEntry, type DocNode } from '../../../parse/types.js'
import type { Model } from '../../../model/model.js'
import type { ApiFeature, Fact, Source, TrafficDeclaration } from '../../../model/types.js'
import type { Reader } from '../reader.js'
import type { ExternalFileAccess } from '../../external-file.js'

/** The CloudFormation (and SAM) resource types the model reads, by the name this code uses for each. */
export const CFN_TYPES = {
  loadBalancer: 'AWS::ElasticLoadBalancingV2::LoadBalancer',
  listener: 'AWS::ElasticLoadBalancingV2::Listener',
  listenerRule: 'AWS::ElasticLoadBalancingV2::ListenerRule',
  targetGroup: 'AWS::ElasticLoadBalancingV2::TargetGroup',
  function: 'AWS::Lambda::Function',
  alias: 'AWS::Lambda::Alias',
  version: 'AWS::Lambda::Version',
  url: 'AWS::Lambda::Url',
  permission: 'AWS::Lambda::Permission',
  restApi: 'AWS::ApiGateway::RestApi',
  resource: 'AWS::ApiGateway::Resource',
  method: 'AWS::ApiGateway::Method',
  deployment: 'AWS::ApiGateway::Deployment',
  restStage: 'AWS::ApiGateway::Stage',
  restAuthorizer: 'AWS::ApiGateway::Authorizer',
  usagePlan: 'AWS::ApiGateway::UsagePlan',
  requestValidator: 'AWS::ApiGateway::RequestValidator',
  v2Api: 'AWS::ApiGatewayV2::Api',
  v2Route: 'AWS::ApiGatewayV2::Route',
  v2Integration: 'AWS::ApiGatewayV2::Integration',
  v2Stage: 'AWS::ApiGatewayV2::Stage',
  v2Authorizer: 'AWS::ApiGatewayV2::Authorizer',
  wafAssociation: 'AWS::WAFv2::WebACLAssociation',
  webAcl: 'AWS::WAFv2::WebACL',
  wafLogging: 'AWS::WAFv2::LoggingConfiguration',
  distribution: 'AWS::CloudFront::Distribution',
  samFunction: 'AWS::Serverless::Function',
  samApi: 'AWS::Serverless::Api',
  samHttpApi: 'AWS::Serverless::HttpApi',
  restDomainName: 'AWS::ApiGateway::DomainName',
  restDomainNameV2: 'AWS::ApiGateway::DomainNameV2',
  basePathMapping: 'AWS::ApiGateway::BasePathMapping',
  basePathMappingV2: 'AWS::ApiGateway::BasePathMappingV2',
  v2DomainName: 'AWS::ApiGatewayV2::DomainName',
  v2ApiMapping: 'AWS::ApiGatewayV2::ApiMapping',
  restVpcLink: 'AWS::ApiGateway::VpcLink',
  v2VpcLink: 'AWS::ApiGatewayV2::VpcLink',
} as const

export const API_TYPES = [CFN_TYPES.restApi, CFN_TYPES.v2Api, CFN_TYPES.samApi, CFN_TYPES.samHttpApi]
export const FUNCTION_TYPES = [CFN_TYPES.function, CFN_TYPES.samFunction]

export interface TemplateResource {
  id: string
  entry: DocMapEntry
  type: string
  properties: DocMap | undefined
  metadata: DocNode | undefined
  constructPath: string | undefined
}

/** What the adapters share while they fill one model. */
export interface BuildContext {
  model: Model
  /** Reads values; inside a handler, defaults are attributed to the resource being read. */
  read: Reader
  resources: TemplateResource[]
  byId: Map<string, TemplateResource>
  root: DocNode
  /** Features of REST APIs gathered from resources around them, applied when the model is done. */
  apiFeatures: Map<string, Set<ApiFeature>>
  /** What the template may read besides itself: OpenAPI definitions it names (`DefinitionUri`, `AWS::Include`). */
  files: ExternalFileAccess
  /** The resources each resource depends on directly (`dependencies.ts`), read on first use. */
  dependencies: Map<string, Fact<string[]>>
}

/** Reads one resource of a type into model elements. */
export type ResourceHandler = (context: BuildContext, resource: TemplateResource) => void

/** One service's handlers, by CloudFormation resource type. */
export type AdapterTable = Readonly<Partial<Record<string, ResourceHandler>>>

export function resourceSource(context: BuildContext, resource: TemplateResource): Source {
  return context.read.source(resource.entry.keyRange, resource.id, resource.constructPath)
}

/** A property of a resource, or undefined. */
export function property(resource: TemplateResource, key: string): DocNode | undefined {
  return mapGet(resource.properties, key)
}

export function noteFeature(context: BuildContext, apiId: string | undefined, feature: ApiFeature): void {
  if (apiId === undefined) return
  const features = context.apiFeatures.get(apiId) ?? new Set<ApiFeature>()
  features.add(feature)
  context.apiFeatures.set(apiId, features)
}

/** The traffic an API's `Metadata.iac-lint.traffic` declares, for the cost rules. */
export function trafficDeclaration(context: BuildContext, resource: TemplateResource): TrafficDeclaration | undefined {
  const traffic = mapGet(mapGet(resource.metadata, 'iac-lint'), 'traffic')
  if (!traffic) return undefined
  const { read } = context
  const payload = mapGet(traffic, 'averagePayloadKB')
  return {
    requestsPerSecond: read.num(mapGet(traffic, 'requestsPerSecond')),
    averagePayloadKB: payload ? read.num(payload) : undefined,
    source: read.source(traffic.range, resource.id, resource.constructPath),
  }
}
