/**
 * What registers targets in load balancer target groups: ECS services (`LoadBalancers`), auto
 * scaling groups (`TargetGroupARNs`) and EC2 instances (named by a target group's `Targets`),
 * each with the security groups of its targets: the service's awsvpc configuration, the launch
 * template or launch configuration of the group, the instance's own.
 */
import { mapGet, type DocNode } from '../../../parse/types.js'
import { ECS_DEFAULT_ASSIGN_PUBLIC_IP } from '../../../model/aws.js'
import { known, unknown, type Fact } from '../../../model/types.js'
import { whyOf, type Reader } from '../reader.js'
import { CFN_TYPES, property, resourceSource, type AdapterTable, type BuildContext, type TemplateResource } from './context.js'
import { otherSecurityGroups, SECURITY_GROUP } from './elbv2.js'

const ECS_SERVICE = 'AWS::ECS::Service'
const AUTO_SCALING_GROUP = 'AWS::AutoScaling::AutoScalingGroup'
const LAUNCH_CONFIGURATION = 'AWS::AutoScaling::LaunchConfiguration'
const LAUNCH_TEMPLATE = 'AWS::EC2::LaunchTemplate'
const INSTANCE = 'AWS::EC2::Instance'

export const TARGETS_ADAPTERS: AdapterTable = {
  [ECS_SERVICE]: (context, resource) => {
    const { read } = context
    const p = (key: string): DocNode | undefined => property(resource, key)
    const loadBalancers = (read.items(p('LoadBalancers')) ?? []).flatMap((item) =>
      item.kind === 'map'
        ? [{ targetGroup: read.refsTo(mapGet(item.node, 'TargetGroupArn'), [CFN_TYPES.targetGroup])[0], containerPort: read.num(mapGet(item.node, 'ContainerPort')) }]
        : [],
    )
    const network = p('NetworkConfiguration')
    const vpcNode = mapGet(read.map(network), 'AwsvpcConfiguration')
    const awsvpc = read.map(vpcNode)
    const unresolved = [network, vpcNode].find((node) => node !== undefined && read.map(node) === undefined && read.resolver.resolve(node).kind !== 'absent')
    const groupsNode = mapGet(awsvpc, 'SecurityGroups')
    const launchType = p('LaunchType')
    const why = unresolved ? `the network configuration is ${whyOf(read.resolver.resolve(unresolved))}` : undefined
    context.model.add({
      kind: 'ecs-service',
      id: resource.id,
      source: resourceSource(context, resource),
      targetGroups: distinct(loadBalancers.flatMap((entry) => (entry.targetGroup === undefined ? [] : [entry.targetGroup]))),
      securityGroups: read.refsTo(groupsNode, [SECURITY_GROUP]),
      otherSecurityGroups: why ? unknown(why, read.origin(unresolved)) : otherSecurityGroups(read, groupsNode),
      launchType: launchType
        ? read.str(launchType)
        : unknown(
            p('CapacityProviderStrategy')
              ? 'set by the capacity provider strategy'
              : "not set: the cluster's default capacity provider strategy decides (EC2 without one)",
            read.defaultOrigin(),
          ),
      assignPublicIp: why ? unknown(why, read.origin(unresolved)) : enabled(read, mapGet(awsvpc, 'AssignPublicIp')),
      loadBalancers,
    })
  },

  [AUTO_SCALING_GROUP]: (context, resource) => {
    const { read } = context
    const groups = launchSecurityGroups(context, resource)
    context.model.add({
      kind: 'auto-scaling-group',
      id: resource.id,
      source: resourceSource(context, resource),
      targetGroups: (read.items(property(resource, 'TargetGroupARNs')) ?? []).flatMap((item) => read.refsTo(item.node, [CFN_TYPES.targetGroup])),
      securityGroups: groups.inModel,
      otherSecurityGroups: groups.others,
    })
  },

  [INSTANCE]: (context, resource) => {
    const { read } = context
    const nodes = [property(resource, 'SecurityGroupIds'), property(resource, 'SecurityGroups')]
    for (const item of read.items(property(resource, 'NetworkInterfaces')) ?? []) if (item.kind === 'map') nodes.push(mapGet(item.node, 'GroupSet'))
    const groups = securityGroupsOf(read, nodes)
    context.model.add({
      kind: 'instance',
      id: resource.id,
      source: resourceSource(context, resource),
      targetGroups: registeredIn(context).get(resource.id) ?? [],
      securityGroups: groups.inModel,
      otherSecurityGroups: groups.others,
    })
  },
}

/** `ENABLED` / `DISABLED`, false when not set. */
function enabled(read: Reader, node: DocNode | undefined): Fact<boolean> {
  const value = read.str(node, ECS_DEFAULT_ASSIGN_PUBLIC_IP ? 'ENABLED' : 'DISABLED')
  if (!value.known) return value
  const flag = value.value.toUpperCase()
  if (flag !== 'ENABLED' && flag !== 'DISABLED') return unknown(`unrecognised value ${value.value}`, value.at)
  return known(flag === 'ENABLED', value.at)
}

interface Groups {
  inModel: string[]
  others: Fact<string[]>
}

/** The security groups several lists name together: those in the model, and the others as written (unknown when one list is). */
function securityGroupsOf(read: Reader, nodes: Array<DocNode | undefined>): Groups {
  const inModel: string[] = []
  const others: string[] = []
  let unresolved: Fact<string[]> | undefined
  for (const node of nodes) {
    if (!node) continue
    for (const id of read.refsTo(node, [SECURITY_GROUP])) if (!inModel.includes(id)) inModel.push(id)
    const other = otherSecurityGroups(read, node)
    if (!other.known) unresolved ??= other
    else others.push(...other.value)
  }
  const written = nodes.find((node) => node !== undefined)
  return { inModel, others: unresolved ?? known(others, read.origin(written)) }
}

/** An auto scaling group's instances get the security groups of its launch template or launch configuration. */
function launchSecurityGroups(context: BuildContext, group: TemplateResource): Groups {
  const { read } = context
  const mixed = mapGet(read.map(mapGet(read.map(property(group, 'MixedInstancesPolicy')), 'LaunchTemplate')), 'LaunchTemplateSpecification')
  const specification = property(group, 'LaunchTemplate') ?? mixed
  const configuration = property(group, 'LaunchConfigurationName')
  const named = specification ?? configuration
  if (!named) return { inModel: [], others: unknown('the group names no launch template or launch configuration', read.defaultOrigin()) }
  const spec = read.map(specification)
  const reference = specification ? mapGet(spec, 'LaunchTemplateId') ?? mapGet(spec, 'LaunchTemplateName') : configuration
  const [id] = read.refsTo(reference, [specification ? LAUNCH_TEMPLATE : LAUNCH_CONFIGURATION])
  const launch = id === undefined ? undefined : context.byId.get(id)
  if (!launch) return { inModel: [], others: unknown(`the ${specification ? 'launch template' : 'launch configuration'} is not in this template`, read.origin(named)) }
  const launchRead = read.within(launch.entry.keyRange)
  if (launch.type === LAUNCH_CONFIGURATION) return securityGroupsOf(launchRead, [property(launch, 'SecurityGroups')])
  const data = launchRead.map(property(launch, 'LaunchTemplateData'))
  const nodes = [mapGet(data, 'SecurityGroupIds'), mapGet(data, 'SecurityGroups')]
  for (const item of launchRead.items(mapGet(data, 'NetworkInterfaces')) ?? []) if (item.kind === 'map') nodes.push(mapGet(item.node, 'Groups'))
  if (nodes.every((node) => node === undefined)) return { inModel: [], others: known([], launchRead.defaultOrigin()) }
  return securityGroupsOf(launchRead, nodes)
}

const registrations = new WeakMap<readonly TemplateResource[], Map<string, string[]>>()

/** The target groups each instance is registered in by a target group's `Targets`, read once per template. */
function registeredIn(context: BuildContext): Map<string, string[]> {
  let found = registrations.get(context.resources)
  if (found) return found
  found = new Map()
  for (const group of context.resources) {
    if (group.type !== CFN_TYPES.targetGroup) continue
    for (const target of context.read.items(property(group, 'Targets')) ?? []) {
      if (target.kind !== 'map') continue
      for (const instance of context.read.refsTo(mapGet(target.node, 'Id'), [INSTANCE])) {
        const groups = found.get(instance) ?? []
        if (!groups.includes(group.id)) groups.push(group.id)
        found.set(instance, groups)
      }
    }
  }
  registrations.set(context.resources, found)
  return found
}

function distinct(ids: string[]): string[] {
  return [...new Set(ids)]
}
