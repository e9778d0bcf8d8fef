/**
 * What registers targets in load balancer target groups, in Terraform: `aws_ecs_service`
 * (`load_balancer` blocks), `aws_autoscaling_group` (`target_group_arns`, and the
 * `aws_autoscaling_attachment` / `aws_autoscaling_traffic_source_attachment` resources) and
 * `aws_instance` (named by an `aws_lb_target_group_attachment`), each with the security groups of
 * its targets, as the CloudFormation adapter's `targets.ts` reads them.
 */
import { ECS_DEFAULT_ASSIGN_PUBLIC_IP } from '../../../model/aws.js'
import { known, unknown, type Fact } from '../../../model/types.js'
import type { TfResource, TfValue } from '../ir.js'
import type { AdapterTable, BuildContext } from './context.js'
import { ATTACHMENTS, otherSecurityGroups, SECURITY_GROUPS, TARGET_GROUPS } from './elbv2.js'
import { blocks, field, firstBlock, readerOf, type Reader } from './read.js'

const AUTO_SCALING_GROUPS = ['aws_autoscaling_group']
const ASG_ATTACHMENTS = ['aws_autoscaling_attachment', 'aws_autoscaling_traffic_source_attachment']
const LAUNCH_TEMPLATES = ['aws_launch_template']
const LAUNCH_CONFIGURATIONS = ['aws_launch_configuration']
const INSTANCES = ['aws_instance']

export const TARGETS_ADAPTERS: AdapterTable = {
  aws_ecs_service(context, resource) {
    const read = readerOf(resource)
    const { arg, str, num } = read
    const loadBalancers = (blocks(arg('load_balancer')) ?? []).map((block) => ({
      targetGroup: context.refsTo(field(block, 'target_group_arn'), TARGET_GROUPS)[0],
      containerPort: num(field(block, 'container_port')),
    }))
    const networkValue = arg('network_configuration')
    const network = blocks(networkValue)
    const why = network === undefined ? 'the network configuration is known only after apply' : undefined
    const groups = field(network?.[0], 'security_groups')
    const launchType = arg('launch_type')
    context.addOnce({
      kind: 'ecs-service',
      id: resource.address,
      source: context.source(resource),
      targetGroups: [...new Set(loadBalancers.flatMap((entry) => (entry.targetGroup === undefined ? [] : [entry.targetGroup])))],
      securityGroups: context.refsTo(groups, SECURITY_GROUPS),
      otherSecurityGroups: why ? unknown(why, read.at(networkValue!)) : otherSecurityGroups(context, read, groups),
      launchType: launchType
        ? str(launchType)
        : unknown(
            arg('capacity_provider_strategy')
              ? 'set by the capacity provider strategy'
              : "not set: the cluster's default capacity provider strategy decides (EC2 without one)",
            read.defaultAt,
          ),
      assignPublicIp: why ? unknown(why, read.at(networkValue!)) : read.bool(field(network?.[0], 'assign_public_ip'), ECS_DEFAULT_ASSIGN_PUBLIC_IP),
      loadBalancers,
    })
  },

  aws_autoscaling_group(context, resource) {
    const groups = launchSecurityGroups(context, resource)
    context.addOnce({
      kind: 'auto-scaling-group',
      id: resource.address,
      source: context.source(resource),
      targetGroups: targetGroupsOf(context).get(resource.address) ?? [],
      securityGroups: groups.inModel,
      otherSecurityGroups: groups.others,
    })
  },

  aws_instance(context, resource) {
    const read = readerOf(resource)
    const groups = securityGroupsOf(context, read, [read.arg('vpc_security_group_ids'), read.arg('security_groups')])
    context.addOnce({
      kind: 'instance',
      id: resource.address,
      source: context.source(resource),
      targetGroups: targetGroupsOf(context).get(resource.address) ?? [],
      securityGroups: groups.inModel,
      otherSecurityGroups: groups.others,
    })
  },
}

interface Groups {
  inModel: string[]
  others: Fact<string[]>
}

/** The security groups several lists name together: those in the module, and the others as written (unknown when one list is). */
function securityGroupsOf(context: BuildContext, read: Reader, values: Array<TfValue | undefined>): Groups {
  const inModel = new Set<string>()
  const others: string[] = []
  let unresolved: Fact<string[]> | undefined
  for (const value of values) {
    if (value === undefined) continue
    for (const id of context.refsTo(value, SECURITY_GROUPS)) inModel.add(id)
    const other = otherSecurityGroups(context, read, value)
    if (!other.known) unresolved ??= other
    else others.push(...other.value)
  }
  const written = values.find((value) => value !== undefined)
  return { inModel: [...inModel], others: unresolved ?? known(others, written ? read.at(written) : undefined) }
}

/** An auto scaling group's instances get the security groups of its launch template or launch configuration. */
function launchSecurityGroups(context: BuildContext, group: TfResource): Groups {
  const read = readerOf(group)
  for (const name of ['launch_template', 'mixed_instances_policy']) {
    const value = read.arg(name)
    if (value !== undefined && blocks(value) === undefined) return { inModel: [], others: unknown(`the ${name} block is known only after apply`, read.at(value)) }
  }
  const mixed = firstBlock(field(firstBlock(field(firstBlock(read.arg('mixed_instances_policy')), 'launch_template')), 'launch_template_specification'))
  const template = firstBlock(read.arg('launch_template'))
  const specification = template ?? mixed
  const configuration = read.arg('launch_configuration')
  if (!specification && !configuration) return { inModel: [], others: unknown('the group names no launch template or launch configuration', read.defaultAt) }
  const reference = specification
    ? field(specification, 'id') ?? field(specification, 'name') ?? field(specification, 'launch_template_id') ?? field(specification, 'launch_template_name')
    : configuration
  const [address] = context.refsTo(reference, specification ? LAUNCH_TEMPLATES : LAUNCH_CONFIGURATIONS)
  const launch = address === undefined ? undefined : context.resource(address)
  const what = specification ? 'launch template' : 'launch configuration'
  if (!launch) return { inModel: [], others: unknown(`the ${what} is not in this module`, reference ? read.at(reference) : read.defaultAt) }
  const launchRead = readerOf(launch)
  if (!specification) return securityGroupsOf(context, launchRead, [launchRead.arg('security_groups')])
  const values = [launchRead.arg('vpc_security_group_ids'), launchRead.arg('security_group_names')]
  for (const item of blocks(launchRead.arg('network_interfaces')) ?? []) values.push(field(item, 'security_groups'))
  if (values.every((value) => value === undefined)) return { inModel: [], others: known([], launchRead.defaultAt) }
  return securityGroupsOf(context, launchRead, values)
}

const registrations = new WeakMap<BuildContext, Map<string, string[]>>()

/**
 * The target groups each auto scaling group and instance registers in: the group's own
 * `target_group_arns`, the auto scaling attachments, and the target group attachments whose
 * `target_id` names an instance. Read once per module.
 */
function targetGroupsOf(context: BuildContext): Map<string, string[]> {
  let found = registrations.get(context)
  if (found) return found
  const links = new Map<string, Set<string>>()
  const link = (targets: readonly string[], groups: readonly string[]): void => {
    for (const target of targets) {
      const set = links.get(target) ?? new Set<string>()
      for (const group of groups) set.add(group)
      links.set(target, set)
    }
  }
  for (const group of context.managed('aws_autoscaling_group')) {
    link([group.address], context.refsTo(field(group.body, 'target_group_arns'), TARGET_GROUPS))
  }
  for (const resource of context.resources) {
    if (resource.mode !== 'managed') continue
    if (ASG_ATTACHMENTS.includes(resource.type)) {
      const named = field(resource.body, 'lb_target_group_arn') ?? field(resource.body, 'alb_target_group_arn') ?? field(firstBlock(field(resource.body, 'traffic_source')), 'identifier')
      link(context.refsTo(field(resource.body, 'autoscaling_group_name'), AUTO_SCALING_GROUPS), context.refsTo(named, TARGET_GROUPS))
    } else if (ATTACHMENTS.includes(resource.type)) {
      link(context.refsTo(field(resource.body, 'target_id'), INSTANCES), context.refsTo(field(resource.body, 'target_group_arn'), TARGET_GROUPS))
    }
  }
  found = new Map([...links].map(([target, groups]) => [target, [...groups]]))
  registrations.set(context, found)
  return found
}
