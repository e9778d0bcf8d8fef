/**
 * EC2 security groups into the model: each group with its inline `SecurityGroupIngress` rules,
 * and `AWS::EC2::SecurityGroupIngress` resources added to a group. Egress rules are not read:
 * who may reach a load balancer is decided by ingress.
 */
import { mapGet, type DocNode } from '../../../parse/types.js'
import { known, unknown, type Fact, type IngressPeer, type IngressRule } from '../../../model/types.js'
import { whyOf, type Reader } from '../reader.js'
import type { Value } from '../resolve.js'
import { property, resourceSource, type AdapterTable } from './context.js'

const SECURITY_GROUP = 'AWS::EC2::SecurityGroup'
const SECURITY_GROUP_INGRESS = 'AWS::EC2::SecurityGroupIngress'
const PREFIX_LIST = 'AWS::EC2::PrefixList'

export const EC2_ADAPTERS: AdapterTable = {
  [SECURITY_GROUP]: (context, resource) => {
    const { read } = context
    const list = property(resource, 'SecurityGroupIngress')
    const items = read.items(list)
    context.model.add({
      kind: 'security-group',
      id: resource.id,
      source: resourceSource(context, resource),
      ingress:
        items === undefined
          ? unknown(`the ingress rules are ${whyOf(read.resolver.resolve(list!))}`, read.origin(list))
          : known(
              items.flatMap((item) => (item.kind === 'map' ? [ingressRule(read, item.node, resource.id)] : [unreadable(read, item, resource.id)])),
              read.origin(list),
            ),
    })
  },

  [SECURITY_GROUP_INGRESS]: (context, resource) => {
    const { read } = context
    const groupNode = property(resource, 'GroupId') ?? property(resource, 'GroupName')
    context.model.add({
      kind: 'security-group-ingress',
      id: resource.id,
      source: resourceSource(context, resource),
      group: read.refsTo(groupNode, [SECURITY_GROUP])[0],
      rule: ingressRule(read, resource.properties, resource.id, resource.entry.keyRange),
    })
  },
}

/** An inline rule that is not a map (an unresolved `Fn::If`, a parameter): nothing about it is known. */
function unreadable(read: Reader, item: Value, owner: string): IngressRule {
  const why = `an ingress rule is ${whyOf(item)}`
  const at = read.origin(item.node)
  return { protocol: unknown(why, at), fromPort: unknown(why, at), toPort: unknown(why, at), peers: unknown(why, at), source: read.source(item.node.range, owner) }
}

/** The rule in `node`: an inline `SecurityGroupIngress` item, or the properties of an ingress resource. */
function ingressRule(read: Reader, node: DocNode | undefined, owner: string, range = node!.range): IngressRule {
  const get = (key: string): DocNode | undefined => mapGet(node, key)
  const protocol = read.str(get('IpProtocol'))
  return {
    protocol: protocol.known ? known(protocol.value.toLowerCase(), protocol.at) : protocol,
    fromPort: read.num(get('FromPort')),
    toPort: read.num(get('ToPort')),
    peers: peersOf(read, get),
    source: read.source(range, owner),
  }
}

function peersOf(read: Reader, get: (key: string) => DocNode | undefined): Fact<IngressPeer[]> {
  const peers: IngressPeer[] = []
  for (const key of ['CidrIp', 'CidrIpv6']) {
    const node = get(key)
    if (!node) continue
    const cidr = read.str(node)
    if (!cidr.known) return unknown(`the source range: ${cidr.why}`, cidr.at)
    peers.push({ kind: 'cidr', cidr: cidr.value })
  }
  const prefixList = get('SourcePrefixListId')
  if (prefixList) {
    const id = idOf(read, prefixList, PREFIX_LIST)
    if (!id.known) return unknown(`the source prefix list: ${id.why}`, id.at)
    peers.push({ kind: 'prefix-list', id: id.value })
  }
  for (const key of ['SourceSecurityGroupId', 'SourceSecurityGroupName']) {
    const node = get(key)
    if (!node) continue
    const group = idOf(read, node, SECURITY_GROUP)
    if (!group.known) return unknown(`the source security group: ${group.why}`, group.at)
    peers.push({ kind: 'security-group', group: group.value })
    break
  }
  return known(peers)
}

/** The id of the resource of `type` the value references, else the value as written. */
function idOf(read: Reader, node: DocNode, type: string): Fact<string> {
  const ref = read.refsTo(node, [type])[0]
  return ref === undefined ? read.str(node) : known(ref, read.origin(node))
}
