/**
 * SAM's `Domain` on `AWS::Serverless::Api` and `AWS::Serverless::HttpApi`: the transform makes a
 * custom domain (REST `AWS::ApiGateway::DomainName`, or `AWS::ApiGatewayV2::DomainName` for an
 * HTTP API) and one mapping to the API's stage per `BasePath` (`/` when not set). Both are added
 * at the `Domain` key (in `Globals` for an implicit API), the domain as `<Api>.Domain` and the
 * mappings as `<Api>.Domain.Mapping<n>`.
 */
import { mapEntry, mapGet, type DocMap } from '../../../parse/types.js'
import { DOMAIN_MAPPING_DEFAULT_BASE_PATH, SAM_DOMAIN_DEFAULT_ENDPOINT_TYPE } from '../../../model/aws.js'
import { known, type Fact } from '../../../model/types.js'
import type { BuildContext } from './context.js'
import { addDomain } from './domains.js'

export function addSamDomain(
  context: BuildContext,
  apiId: string,
  protocol: 'REST' | 'HTTP',
  props: DocMap | undefined,
  constructPath: string | undefined,
  stage: Fact<string>,
): void {
  const entry = mapEntry(props, 'Domain')
  if (!entry) return
  const { read } = context
  const domain = read.map(entry.value)
  if (!domain) return
  const source = read.source(entry.keyRange, apiId, constructPath)
  const d = (key: string): ReturnType<typeof mapGet> => mapGet(domain, key)
  const element = addDomain(context, `${apiId}.Domain`, source, protocol, {
    domainName: d('DomainName'),
    endpointType: d('EndpointConfiguration'),
    endpointDefault: SAM_DOMAIN_DEFAULT_ENDPOINT_TYPE,
    securityPolicy: d('SecurityPolicy'),
    mtls: d('MutualTlsAuthentication'),
  })
  const within = read.within(source.range)
  const basePaths = d('BasePath') ? within.strList(d('BasePath')) : within.defaulted(['/'])
  const paths: Array<Fact<string>> = basePaths.known ? basePaths.value.map((path) => known(samBasePath(path), basePaths.at)) : [basePaths]
  paths.forEach((basePath, index) => {
    context.model.add({
      kind: 'domain-mapping',
      id: `${apiId}.Domain.Mapping${index === 0 ? '' : index + 1}`,
      source,
      domain: element.id,
      domainName: element.domainName,
      api: apiId,
      stage,
      basePath,
    })
  })
}

/** SAM maps `/` to the domain's root and drops the slashes around any other base path. */
function samBasePath(path: string): string {
  const trimmed = path.replace(/^\/+|\/+$/g, '')
  return trimmed === '' ? DOMAIN_MAPPING_DEFAULT_BASE_PATH : trimmed
}
