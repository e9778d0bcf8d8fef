import { defineRule } from '../src/engine/rule.js'
import { vpcLinkOnPath } from '../src/model/api-edges.js'
import { declaresNeed } from '../src/model/declarations.js'
import { describeApi, listNames } from '../src/model/describe.js'
import type { Model } from '../src/model/model.js'
import type { RequestPath } from '../src/model/paths.js'
import type { Fact, Listener, LoadBalancer, TargetGroup } from '../src/model/types.js'

export default defineRule({
  id: 'front-door-protocol-mismatch',
  meta: {
    title: 'gRPC or WebSocket traffic on a front door that cannot carry it',
    category: 'fit',
    defaultLevel: 'error',
    whatItDoes:
      'Finds request paths whose protocol the front door cannot carry: a gRPC target group (protocol version GRPC) forwarded from an HTTP listener (gRPC needs an HTTPS listener) or reached by an API Gateway integration through a VPC link (API Gateway does not proxy gRPC); a WebSocket API integration through a VPC link V2 (WebSocket APIs reach private targets only through a VPC link V1 to a network load balancer); and a load balancer that declares the websocket need while it forwards to a Lambda target group (an ALB answers WebSocket upgrades to Lambda targets with an error).',
    whyBad:
      'These combinations deploy, or fail to deploy, but never carry the traffic: gRPC calls fail at an HTTP listener or at API Gateway, the WebSocket API rejects a V2 VPC link, and WebSocket clients of a Lambda target never get a connection. The failure shows only when the first client connects.',
    fix:
      'Serve gRPC from an ALB with an HTTPS listener and a GRPC target group, called directly rather than through API Gateway. Give a WebSocket API a VPC link V1 to a network load balancer, or serve WebSockets from an ALB to containers or instances. Lambda behind a WebSocket front door needs an API Gateway WebSocket API.',
    references: [
      'https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-target-groups.html#target-group-protocol-version',
      'https://docs.aws.amazon.com/elasticloadbalancing/latest/application/lambda-functions.html',
      'https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-websocket-api-private-integration.html',
      'https://docs.aws.amazon.com/apigateway/latest/developerguide/private-integration.html',
    ],
    frameworks: ['cloudformation', 'terraform'],
    declarations: {
      reads: ['needs'],
      withoutThem: 'the rule still reports gRPC target groups behind HTTP listeners or API Gateway and WebSocket APIs with a VPC link V2; a WebSocket need on an ALB to Lambda must be declared.',
    },
  },
  check({ model, report }) {
    const paths = model.paths()
    const seen = new Set<string>()
    for (const path of paths) {
      const listener = listenerOf(model, path)
      if (!listener || !is(listener.protocol, 'HTTP')) continue
      for (const group of path.targetGroups.filter(isGrpc)) {
        const key = `${listener.id} ${group.id}`
        if (seen.has(key)) continue
        seen.add(key)
        const balancer = model.getKind(listener.loadBalancer, 'load-balancer')
        report({
          at: listener,
          property: listener.protocol,
          message:
            `Listener ${listener.source.address} uses protocol HTTP but forwards to gRPC target group ${group.source.address}: an ALB carries gRPC only on an HTTPS listener, so gRPC calls fail. ` +
            'Make the listener HTTPS (with a certificate), or forward it to an HTTP/1.1 or HTTP/2 target group.',
          related: [{ at: group, message: 'target group with protocol version GRPC' }, ...(balancer ? [{ at: balancer, message: 'the load balancer' }] : [])],
          properties: { protocol: 'grpc', listenerProtocol: 'HTTP', targetGroup: group.source.address },
        })
      }
    }
    for (const integration of model.all('integration')) {
      const api = model.getKind(integration.api, 'api')
      const link = vpcLinkOnPath(model, integration)
      if (!api || !link) continue
      if (api.protocol === 'WEBSOCKET' && link.link?.version === 'V2') {
        report({
          at: integration,
          property: integration.connectionId,
          message:
            `The integration of ${describeApi(api)} goes through VPC link ${link.link.source.address}, a VPC link V2: WebSocket APIs support private integrations only through a VPC link V1 to a network load balancer, so requests cannot reach the target this way. ` +
            'Use a VPC link V1 (to a network load balancer), or serve WebSockets from an ALB to containers or instances.',
          related: [{ at: api, message: 'the WebSocket API' }, { at: link.link, message: 'VPC link V2' }],
          properties: { protocol: 'websocket', vpcLink: 'V2', api: api.source.address },
        })
      }
      const balancers = [...(link.loadBalancer ? [link.loadBalancer] : []), ...link.behind]
      const groups = [...new Set(balancers.flatMap((balancer) => grpcGroupsOf(paths, balancer, balancer === link.loadBalancer ? link.listener : undefined)))]
      if (groups.length === 0) continue
      report({
        at: integration,
        property: integration.connectionType,
        message:
          `The integration of ${describeApi(api)} reaches load balancer ${listNames(balancers.map((balancer) => balancer.source.address))} through a VPC link, which forwards to gRPC target ${groups.length === 1 ? 'group' : 'groups'} ${listNames(groups.map((group) => group.source.address))}: ` +
          'API Gateway does not proxy gRPC, so gRPC clients cannot call through it. Let gRPC clients call the ALB directly on an HTTPS listener.',
        related: [{ at: api, message: 'the API' }, ...balancers.map((balancer) => ({ at: balancer, message: 'load balancer behind the VPC link' })), ...groups.map((group) => ({ at: group, message: 'target group with protocol version GRPC' }))],
        properties: { protocol: 'grpc', api: api.source.address, targetGroups: groups.map((group) => group.source.address) },
      })
    }
    for (const balancer of model.all('load-balancer')) {
      if (!declaresNeed(balancer, 'websocket')) continue
      const groups = [...new Set(paths.filter((path) => path.frontDoor === balancer).flatMap((path) => path.targetGroups).filter((group) => is(group.targetType, 'lambda')))]
      if (groups.length === 0) continue
      report({
        at: balancer,
        property: { at: balancer.declared?.needs?.at },
        message:
          `Load balancer ${balancer.source.address} declares the websocket need but forwards to Lambda target ${groups.length === 1 ? 'group' : 'groups'} ${listNames(groups.map((group) => group.source.address))}: an ALB does not carry WebSocket connections to Lambda targets, so the upgrade fails. ` +
          'Serve WebSockets from containers or instances behind the ALB, or from an API Gateway WebSocket API with Lambda integrations.',
        related: groups.map((group) => ({ at: group, message: 'Lambda target group' })),
        properties: { protocol: 'websocket', needs: ['websocket'], targetGroups: groups.map((group) => group.source.address) },
      })
    }
  },
})

function listenerOf(model: Model, path: RequestPath): Listener | undefined {
  const entry = path.entry
  if (entry.kind === 'listener') return entry
  if (entry.kind === 'listener-rule') return model.getKind(entry.listener, 'listener')
  return undefined
}

/** The gRPC target groups the load balancer's listeners (or only the one named) forward to. */
function grpcGroupsOf(paths: readonly RequestPath[], balancer: LoadBalancer, listener: Listener | undefined): TargetGroup[] {
  return paths
    .filter((path) => path.frontDoor === balancer)
    .filter((path) => listener === undefined || path.entry === listener || (path.entry.kind === 'listener-rule' && path.entry.listener === listener.id))
    .flatMap((path) => path.targetGroups)
    .filter(isGrpc)
}

function isGrpc(group: TargetGroup): boolean {
  return is(group.protocolVersion, 'GRPC')
}

function is(fact: Fact<string>, value: string): boolean {
  return fact.known && fact.value.toUpperCase() === value.toUpperCase()
}
