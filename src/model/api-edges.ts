/**
 * What stands in front of an API and behind an integration, as a request path shows it: the
 * custom domains mapped to the API (with their TLS policy and mutual TLS) and whether the
 * `execute-api` endpoint stays open beside them; the VPC link a private integration goes through
 * and the load balancer it reaches (with the ALBs behind a network load balancer).
 */
import type {
  Api,
  CustomDomain,
  DomainMapping,
  ElementIndex,
  Fact,
  Integration,
  Listener,
  LoadBalancer,
  VpcLink,
} from './types.js'

/** One mapping of a custom domain to the path's API. */
export interface PathDomain {
  mapping: DomainMapping
  /** The domain, when it is in the model (else only `mapping.domainName` is known). */
  domain: CustomDomain | undefined
}

/** The private integration of a path: connection type, VPC link and what it reaches. */
export interface PathVpcLink {
  connectionType: Fact<string>
  link: VpcLink | undefined
  /** The listener the integration names (HTTP APIs, and REST through a VPC link V2). */
  listener: Listener | undefined
  /** The load balancer reached: the listener's, the one `IntegrationTarget` names, or the VPC link V1's target. */
  loadBalancer: LoadBalancer | undefined
  /** Application load balancers registered in `alb` target groups of that (network) load balancer. */
  behind: LoadBalancer[]
}

/** The custom domains mapped to the API, in model order; empty without any. */
export function domainsOnPath(model: ElementIndex, api: Api): PathDomain[] {
  return model.domainsOf(api.id).map((mapping) => ({ mapping, domain: model.getKind(mapping.domain, 'custom-domain') }))
}

/**
 * Whether the path shows the `execute-api` endpoint: when a custom domain is mapped to the API
 * (the endpoint is then a second way in) or the API disables it.
 */
export function executeApiEndpointShown(api: Api, domains: readonly PathDomain[]): Fact<boolean> | undefined {
  const disabled = api.executeApiEndpointDisabled
  if (disabled === undefined) return undefined
  if (domains.length > 0 || (disabled.known && disabled.value)) return disabled
  return undefined
}

/** The private side of an integration; undefined for an integration over the internet. */
export function vpcLinkOnPath(model: ElementIndex, integration: Integration | undefined): PathVpcLink | undefined {
  if (!integration?.connectionType) return undefined
  const connectionType = integration.connectionType
  const isLink = connectionType.known ? connectionType.value.toUpperCase() === 'VPC_LINK' : true
  if (!isLink && integration.vpcLink === undefined) return undefined
  const link = model.getKind(integration.vpcLink, 'vpc-link')
  const listener = model.getKind(integration.privateTarget, 'listener')
  const loadBalancer =
    model.getKind(listener?.loadBalancer, 'load-balancer') ??
    model.getKind(integration.privateTarget, 'load-balancer') ??
    (link?.version === 'V1' ? model.getKind(link.loadBalancers[0], 'load-balancer') : undefined)
  return { connectionType, link, listener, loadBalancer, behind: loadBalancer ? albsBehind(model, loadBalancer) : [] }
}

/** The ALBs a network load balancer forwards to through target groups of type `alb`. */
function albsBehind(model: ElementIndex, loadBalancer: LoadBalancer): LoadBalancer[] {
  const found = new Set<LoadBalancer>()
  for (const listener of model.all('listener')) {
    if (listener.loadBalancer !== loadBalancer.id) continue
    for (const action of listener.defaultActions) {
      for (const id of action.targetGroups) {
        for (const alb of model.getKind(id, 'target-group')?.loadBalancers ?? []) {
          const element = model.getKind(alb, 'load-balancer')
          if (element) found.add(element)
        }
      }
    }
  }
  return [...found]
}
