/**
 * EC2 security groups in Terraform: `aws_security_group` with its inline `ingress` blocks, and
 * the ingress rules added to a group by `aws_security_group_rule` (`type = "ingress"`) and
 * `aws_vpc_security_group_ingress_rule`. Egress is not read: who may reach a load balancer is
 * decided by ingress. Semantics follow the CloudFormation adapter (`-1` for every protocol).
 */
import { known, unknown, type Fact, type IngressPeer, type IngressRule } from '../../../model/types.js'
import type { TfResource, TfValue } from '../ir.js'
import type { AdapterTable, BuildContext, ResourceHandler } from './context.js'
import { blocks, field, readerOf, whyOf, type Reader } from './read.js'

const SECURITY_GROUPS = ['aws_security_group']
const PREFIX_LISTS = ['aws_ec2_managed_prefix_list']

const securityGroup: ResourceHandler = (context, resource) => {
  const read = readerOf(resource)
  const value = read.arg('ingress')
  const rules = blocks(value)
  context.addOnce({
    kind: 'security-group',
    id: resource.address,
    source: context.source(resource),
    ingress:
      rules === undefined
        ? unknown(`the ingress rules are ${whyOf(value!)}`, read.at(value!))
        : known(
            rules.map((rule) =>
              ingressRule(context, resource, readerOf(resource, rule.range), rule, {
                cidrs: ['cidr_blocks', 'ipv6_cidr_blocks'],
                groups: ['security_groups'],
                prefixLists: ['prefix_list_ids'],
                protocol: 'protocol',
              }),
            ),
            value === undefined ? undefined : read.at(value),
          ),
  })
}

/** `aws_security_group_rule`: an egress rule is not read. */
const securityGroupRule: ResourceHandler = (context, resource) => {
  const read = readerOf(resource)
  const type = read.str(read.arg('type'))
  if (type.known && type.value !== 'ingress') return
  const rule = ingressRule(context, resource, read, resource.body, {
    cidrs: ['cidr_blocks', 'ipv6_cidr_blocks'],
    groups: ['source_security_group_id'],
    prefixLists: ['prefix_list_ids'],
    protocol: 'protocol',
  })
  context.addOnce({
    kind: 'security-group-ingress',
    id: resource.address,
    source: context.source(resource),
    group: context.refsTo(read.arg('security_group_id'), SECURITY_GROUPS)[0],
    rule: type.known ? rule : { ...rule, peers: unknown(`the rule's type is ${type.why}`, type.at) },
  })
}

const vpcIngressRule: ResourceHandler = (context, resource) => {
  const read = readerOf(resource)
  context.addOnce({
    kind: 'security-group-ingress',
    id: resource.address,
    source: context.source(resource),
    group: context.refsTo(read.arg('security_group_id'), SECURITY_GROUPS)[0],
    rule: ingressRule(context, resource, read, resource.body, {
      cidrs: ['cidr_ipv4', 'cidr_ipv6'],
      groups: ['referenced_security_group_id'],
      prefixLists: ['prefix_list_id'],
      protocol: 'ip_protocol',
    }),
  })
}

export const EC2_ADAPTERS: AdapterTable = {
  aws_security_group: securityGroup,
  aws_security_group_rule: securityGroupRule,
  aws_vpc_security_group_ingress_rule: vpcIngressRule,
}

/** The argument names one resource type uses for the parts of a rule. */
interface RuleArguments {
  cidrs: string[]
  groups: string[]
  prefixLists: string[]
  protocol: string
}

function ingressRule(context: BuildContext, resource: TfResource, read: Reader, body: TfValue, names: RuleArguments): IngressRule {
  const protocol = read.str(field(body, names.protocol))
  return {
    protocol: protocol.known ? known(normalProtocol(protocol.value), protocol.at) : protocol,
    fromPort: read.num(field(body, 'from_port')),
    toPort: read.num(field(body, 'to_port')),
    peers: peersOf(context, resource, read, body, names),
    source: context.source(resource, body.range),
  }
}

/** `all` is the provider's other name for `-1`. */
function normalProtocol(protocol: string): string {
  const lower = protocol.toLowerCase()
  return lower === 'all' ? '-1' : lower
}

function peersOf(context: BuildContext, resource: TfResource, read: Reader, body: TfValue, names: RuleArguments): Fact<IngressPeer[]> {
  const peers: IngressPeer[] = []
  for (const name of names.cidrs) {
    const cidrs = read.strList(field(body, name), [])
    if (!cidrs.known) return unknown(`the source range: ${cidrs.why}`, cidrs.at)
    for (const cidr of cidrs.value) peers.push({ kind: 'cidr', cidr })
  }
  for (const name of names.prefixLists) {
    const ids = idsOf(context, read, field(body, name), PREFIX_LISTS)
    if (!ids.known) return unknown(`the source prefix list: ${ids.why}`, ids.at)
    for (const id of ids.value) peers.push({ kind: 'prefix-list', id })
  }
  for (const name of names.groups) {
    const ids = idsOf(context, read, field(body, name), SECURITY_GROUPS)
    if (!ids.known) return unknown(`the source security group: ${ids.why}`, ids.at)
    for (const group of ids.value) peers.push({ kind: 'security-group', group })
  }
  const self = field(body, 'self')
  if (self !== undefined) {
    const flag = read.bool(self, false)
    if (!flag.known) return unknown(`self is ${flag.why}`, flag.at)
    const own = field(body, 'security_group_id')
    const group = own === undefined ? resource.address : context.refsTo(own, SECURITY_GROUPS)[0]
    if (flag.value && group !== undefined) peers.push({ kind: 'security-group', group })
  }
  return known(peers)
}

/** The resources of `types` each item names, else the item as written; a single value counts as a list of one. */
function idsOf(context: BuildContext, read: Reader, value: TfValue | undefined, types: readonly string[]): Fact<string[]> {
  if (value === undefined) return known([])
  const items = value.kind === 'list' ? value.items : [value]
  const ids: string[] = []
  for (const item of items) {
    const refs = context.refsTo(item, types)
    if (refs.length > 0) {
      ids.push(...refs)
      continue
    }
    const text = read.str(item)
    if (!text.known) return text
    ids.push(text.value)
  }
  return known(ids, read.at(value))
}
