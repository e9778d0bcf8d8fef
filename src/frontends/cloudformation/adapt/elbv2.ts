/**
 * Elastic Load Balancing v2 resources into the model: load balancers, listeners with their
 * default actions, listener rules with their conditions and actions, and target groups.
 */
import { mapGet, type DocNode } from '../../../parse/types.js'
import { LISTENER_DEFAULT_MTLS_MODE, LOAD_BALANCER_DEFAULT_SCHEME, LOAD_BALANCER_DEFAULT_TYPE, REDIRECT_DEFAULT_PROTOCOL, TARGET_GROUP_DEFAULT_PROTOCOL_VERSION, TARGET_GROUP_DEFAULT_TARGET_TYPE } from '../../../model/aws.js'
import { known, unknown, type Fact, type ListenerAction } from '../../../model/types.js'
import { narrow, whyOf, type Reader } from '../reader.js'
import { CFN_TYPES, FUNCTION_TYPES, property, resourceSource, type AdapterTable, type BuildContext } from './context.js'
import { createdAfter } from './dependencies.js'
import { authenticateSettings, listenerTls, loadBalancerAttributes, targetGroupAttributes } from './settings.js'

export const ELBV2_ADAPTERS: AdapterTable = {
  [CFN_TYPES.loadBalancer]: (context, resource) => {
    const { read } = context
    const p = (key: string): DocNode | undefined => property(resource, key)
    context.model.add({
      kind: 'load-balancer',
      id: resource.id,
      source: resourceSource(context, resource),
      lbType: narrow(read.str(p('Type'), LOAD_BALANCER_DEFAULT_TYPE), ['application', 'network', 'gateway'] as const),
      scheme: narrow(read.str(p('Scheme'), LOAD_BALANCER_DEFAULT_SCHEME), ['internet-facing', 'internal'] as const),
      securityGroups: read.refsTo(p('SecurityGroups'), [SECURITY_GROUP]),
      otherSecurityGroups: otherSecurityGroups(read, p('SecurityGroups')),
      attributes: loadBalancerAttributes(read, p('LoadBalancerAttributes')),
    })
  },

  [CFN_TYPES.listener]: (context, resource) => {
    const { read } = context
    const p = (key: string): DocNode | undefined => property(resource, key)
    const protocol = read.str(p('Protocol'))
    context.model.add({
      kind: 'listener',
      id: resource.id,
      source: resourceSource(context, resource),
      loadBalancer: read.refsTo(p('LoadBalancerArn'), [CFN_TYPES.loadBalancer])[0],
      protocol,
      port: read.num(p('Port')),
      defaultActions: listenerActions(context, p('DefaultActions'), resource.id),
      mtlsMode: narrow(read.str(mapGet(p('MutualAuthentication'), 'Mode'), LISTENER_DEFAULT_MTLS_MODE), ['off', 'passthrough', 'verify'] as const),
      tls: listenerTls(read, resource.properties, protocol),
    })
  },

  [CFN_TYPES.listenerRule]: (context, resource) => {
    const { read } = context
    const p = (key: string): DocNode | undefined => property(resource, key)
    const conditions = (read.items(p('Conditions')) ?? []).flatMap((condition) => {
      if (condition.kind !== 'map') return []
      const field = read.str(mapGet(condition.node, 'Field'))
      const configKey = field.known ? CONDITION_CONFIGS[field.value] : undefined
      const config = configKey === undefined ? undefined : mapGet(condition.node, configKey)
      const values = read.strList(mapGet(condition.node, 'Values') ?? mapGet(config, 'Values'), [])
      return [{ field: field.known ? field.value : '?', values: values.known ? values.value : [] }]
    })
    context.model.add({
      kind: 'listener-rule',
      id: resource.id,
      source: resourceSource(context, resource),
      listener: read.refsTo(p('ListenerArn'), [CFN_TYPES.listener])[0],
      priority: read.num(p('Priority')),
      conditions,
      actions: listenerActions(context, p('Actions'), resource.id),
    })
  },

  [CFN_TYPES.targetGroup]: (context, resource) => {
    const { read } = context
    const p = (key: string): DocNode | undefined => property(resource, key)
    const protocol = read.str(p('Protocol'))
    const loadBalancers = (read.items(p('Targets')) ?? []).flatMap((target) =>
      target.kind === 'map' ? read.refsTo(mapGet(target.node, 'Id'), [CFN_TYPES.loadBalancer]) : [],
    )
    const targetType = read.str(p('TargetType'), TARGET_GROUP_DEFAULT_TARGET_TYPE)
    const functions = (read.items(p('Targets')) ?? []).flatMap((target) =>
      target.kind === 'map' ? read.refsTo(mapGet(target.node, 'Id'), FUNCTION_TYPES) : [],
    )
    // CloudFormation registers the targets as it creates the group: a Lambda target needs its invoke permission first.
    const registersFunctions = functions.length > 0 && targetType.known && targetType.value.toLowerCase() === 'lambda'
    context.model.add({
      kind: 'target-group',
      id: resource.id,
      source: resourceSource(context, resource),
      targetType,
      protocolVersion: read.str(p('ProtocolVersion'), TARGET_GROUP_DEFAULT_PROTOCOL_VERSION),
      functions,
      port: read.num(p('Port')),
      attributes: targetGroupAttributes(read, p('TargetGroupAttributes'), protocol),
      ...(loadBalancers.length > 0 ? { loadBalancers } : {}),
      ...(registersFunctions ? { dependsOn: createdAfter(context, resource) } : {}),
    })
  },
}

export const SECURITY_GROUP = 'AWS::EC2::SecurityGroup'

/** The attached security groups that are not in the template, as written; unknown when one cannot be resolved. */
export function otherSecurityGroups(read: Reader, node: DocNode | undefined): Fact<string[]> {
  const items = read.items(node)
  if (items === undefined) return unknown(`the security groups are ${whyOf(read.resolver.resolve(node!))}`, read.origin(node))
  const others: string[] = []
  for (const item of items) {
    if (read.refsTo(item.node, [SECURITY_GROUP]).length > 0) continue
    if (item.kind !== 'scalar') return unknown(`a security group is ${whyOf(item)}`, read.origin(item.node))
    others.push(String(item.value))
  }
  return known(others, read.origin(node))
}

/** Where a listener rule condition keeps its values when it does not use the legacy `Values` list. */
const CONDITION_CONFIGS: Readonly<Record<string, string>> = {
  'host-header': 'HostHeaderConfig',
  'path-pattern': 'PathPatternConfig',
  'http-header': 'HttpHeaderConfig',
  'http-request-method': 'HttpRequestMethodConfig',
  'source-ip': 'SourceIpConfig',
}

function listenerActions(context: BuildContext, node: DocNode | undefined, owner: string): ListenerAction[] {
  const { read } = context
  const items = read.items(node)
  if (items === undefined) {
    const why = node ? whyOf(read.resolver.resolve(node)) : 'not set'
    return [
      {
        type: unknown(`the action list ${why}`, read.origin(node)),
        order: undefined,
        targetGroups: read.refsTo(node, [CFN_TYPES.targetGroup]),
        unresolvedTargetGroups: 0,
        redirectProtocol: undefined,
        source: read.source(node?.range ?? context.byId.get(owner)!.entry.keyRange, owner),
      },
    ]
  }
  return items.map((item) => {
    const action = item.kind === 'map' ? item.node : undefined
    const get = (key: string): DocNode | undefined => mapGet(action, key)
    const targetNodes: Array<DocNode | undefined> = [get('TargetGroupArn')]
    for (const group of read.items(mapGet(get('ForwardConfig'), 'TargetGroups')) ?? []) {
      if (group.kind === 'map') targetNodes.push(mapGet(group.node, 'TargetGroupArn'))
    }
    const targetGroups: string[] = []
    let unresolved = 0
    for (const targetNode of targetNodes) {
      if (!targetNode) continue
      const groups = read.refsTo(targetNode, [CFN_TYPES.targetGroup])
      if (groups.length === 0) unresolved++
      for (const group of groups) if (!targetGroups.includes(group)) targetGroups.push(group)
    }
    const order = get('Order')
    const type = action ? read.str(get('Type')) : unknown<string>(`an action ${whyOf(item)}`, read.origin(item.node))
    return {
      type,
      order: order ? read.num(order) : undefined,
      targetGroups,
      unresolvedTargetGroups: unresolved,
      redirectProtocol:
        type.known && type.value.toLowerCase() === 'redirect'
          ? redirectProtocol(read.within(item.node.range), get('RedirectConfig'))
          : undefined,
      ...authenticateSettings(read.within(item.node.range), action, type),
      source: read.source(item.node.range, owner),
    }
  })
}

/** The protocol a redirect action sends to; without one the request keeps its own (defaulted at the action). */
function redirectProtocol(read: Reader, config: DocNode | undefined): Fact<string> {
  const map = read.map(config)
  if (config && !map) {
    const value = read.resolver.resolve(config)
    if (value.kind !== 'absent') return unknown(`the redirect configuration ${whyOf(value)}`, read.origin(config))
  }
  return read.str(mapGet(map, 'Protocol'), REDIRECT_DEFAULT_PROTOCOL)
}
