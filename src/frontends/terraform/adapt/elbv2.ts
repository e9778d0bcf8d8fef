/**
 * Elastic Load Balancing v2 in Terraform: load balancers, listeners, listener rules and target
 * groups, with the functions that attachments register in a target group. `aws_alb*` are the
 * provider's older names for the same resources.
 */
import { ALB_DEFAULT_LISTENER_PROTOCOL, LISTENER_DEFAULT_MTLS_MODE, LOAD_BALANCER_DEFAULT_SCHEME, LOAD_BALANCER_DEFAULT_TYPE, REDIRECT_DEFAULT_PROTOCOL, TARGET_GROUP_DEFAULT_PROTOCOL_VERSION, TARGET_GROUP_DEFAULT_TARGET_TYPE } from '../../../model/aws.js'
import { known, unknown, type Fact, type ListenerAction } from '../../../model/types.js'
import type { TfResource, TfValue } from '../ir.js'
import type { AdapterTable, BuildContext, ResourceHandler } from './context.js'
import { FUNCTIONS } from './lambda.js'
import { blocks, field, oneOf, readerOf, whyOf, type Reader } from './read.js'
import { authenticateSettings, listenerTls, loadBalancerAttributes, targetGroupAttributes } from './settings.js'

export const LOAD_BALANCERS = ['aws_lb', 'aws_alb']
const LISTENERS = ['aws_lb_listener', 'aws_alb_listener']
export const TARGET_GROUPS = ['aws_lb_target_group', 'aws_alb_target_group']
export const ATTACHMENTS = ['aws_lb_target_group_attachment', 'aws_alb_target_group_attachment']

export const SECURITY_GROUPS = ['aws_security_group']

/** The attached security groups that are not in the module, as written; unknown when one cannot be resolved. */
export function otherSecurityGroups(context: BuildContext, read: Reader, value: TfValue | undefined): Fact<string[]> {
  if (value === undefined) return known([])
  if (value.kind !== 'list') return unknown(`the security groups are ${whyOf(value)}`, read.at(value))
  const others: string[] = []
  for (const item of value.items) {
    if (context.refsTo(item, SECURITY_GROUPS).length > 0) continue
    const id = read.str(item)
    if (!id.known) return unknown(`a security group is ${id.why}`, id.at)
    others.push(id.value)
  }
  return known(others, read.at(value))
}

const CONDITION_FIELDS: Readonly<Record<string, string>> = {
  host_header: 'host-header',
  path_pattern: 'path-pattern',
  http_header: 'http-header',
  http_request_method: 'http-request-method',
  source_ip: 'source-ip',
  query_string: 'query-string',
}

const loadBalancer: ResourceHandler = (context, resource) => {
  const { arg, str, bool, byDefault } = readerOf(resource)
  const internal = arg('internal')
  const flag = bool(internal, false)
  context.addOnce({
    kind: 'load-balancer',
    id: resource.address,
    source: context.source(resource),
    lbType: oneOf(str(arg('load_balancer_type'), LOAD_BALANCER_DEFAULT_TYPE), ['application', 'network', 'gateway'] as const),
    scheme:
      internal === undefined
        ? byDefault(LOAD_BALANCER_DEFAULT_SCHEME)
        : flag.known
          ? known(flag.value ? 'internal' : 'internet-facing', flag.at)
          : flag,
    securityGroups: context.refsTo(arg('security_groups'), SECURITY_GROUPS),
    otherSecurityGroups: otherSecurityGroups(context, readerOf(resource), arg('security_groups')),
    attributes: loadBalancerAttributes(readerOf(resource)),
  })
}

const listener: ResourceHandler = (context, resource) => {
  const read = readerOf(resource)
  const mtlsValue = read.arg('mutual_authentication')
  const mtls = blocks(mtlsValue)
  const balancer = context.refsTo(read.arg('load_balancer_arn'), LOAD_BALANCERS)[0]
  const protocol = listenerProtocol(context, read, balancer)
  context.addOnce({
    kind: 'listener',
    id: resource.address,
    source: context.source(resource),
    loadBalancer: balancer,
    protocol,
    port: read.num(read.arg('port')),
    defaultActions: listenerActions(context, resource, read.arg('default_action')),
    mtlsMode:
      mtls === undefined
        ? unknown('the mutual_authentication block is known only after apply', read.at(mtlsValue!))
        : oneOf(read.str(field(mtls[0], 'mode'), LISTENER_DEFAULT_MTLS_MODE), ['off', 'passthrough', 'verify'] as const),
    tls: listenerTls(read, protocol),
  })
}

const listenerRule: ResourceHandler = (context, resource) => {
  const read = readerOf(resource)
  const { arg, num } = read
  context.addOnce({
    kind: 'listener-rule',
    id: resource.address,
    source: context.source(resource),
    listener: context.refsTo(arg('listener_arn'), LISTENERS)[0],
    priority: num(arg('priority')),
    conditions: (blocks(arg('condition')) ?? []).flatMap((condition) => conditionsOf(read, condition)),
    actions: listenerActions(context, resource, arg('action')),
  })
}

const targetGroup: ResourceHandler = (context, resource) => {
  const { arg, str, num } = readerOf(resource)
  context.addOnce({
    kind: 'target-group',
    id: resource.address,
    source: context.source(resource),
    targetType: str(arg('target_type'), TARGET_GROUP_DEFAULT_TARGET_TYPE),
    protocolVersion: str(arg('protocol_version'), TARGET_GROUP_DEFAULT_PROTOCOL_VERSION),
    functions: registeredFunctions(context).get(resource.address) ?? [],
    port: num(arg('port')),
    attributes: targetGroupAttributes(resource, str(arg('protocol'))),
    ...registeredLoadBalancers(context, resource),
  })
}

const registeredAlbs = new WeakMap<BuildContext, Map<string, string[]>>()

/** The load balancers attachments register in a target group (of type `alb`), read once per model. */
function registeredLoadBalancers(context: BuildContext, group: TfResource): { loadBalancers?: string[] } {
  let found = registeredAlbs.get(context)
  if (!found) {
    found = new Map()
    for (const attachment of context.resources) {
      if (!ATTACHMENTS.includes(attachment.type)) continue
      const balancers = context.refsTo(field(attachment.body, 'target_id'), LOAD_BALANCERS)
      if (balancers.length === 0) continue
      for (const target of context.refsTo(field(attachment.body, 'target_group_arn'), TARGET_GROUPS)) {
        found.set(target, [...new Set([...(found.get(target) ?? []), ...balancers])])
      }
    }
    registeredAlbs.set(context, found)
  }
  const loadBalancers = found.get(group.address)
  return loadBalancers ? { loadBalancers } : {}
}

export const ELBV2_ADAPTERS: AdapterTable = {
  aws_lb: loadBalancer,
  aws_alb: loadBalancer,
  aws_lb_listener: listener,
  aws_alb_listener: listener,
  aws_lb_listener_rule: listenerRule,
  aws_alb_listener_rule: listenerRule,
  aws_lb_target_group: targetGroup,
  aws_alb_target_group: targetGroup,
}

/**
 * The provider sends HTTP for a listener without `protocol` on an application load balancer
 * (whatever the port); for other load balancer types it sends none and AWS decides.
 */
function listenerProtocol(context: BuildContext, read: Reader, balancer: string | undefined): Fact<string> {
  const value = read.arg('protocol')
  if (value !== undefined) return read.str(value)
  const lb = balancer === undefined ? undefined : context.resource(balancer)
  if (lb === undefined) return unknown('not set, and the load balancer is not in this module', read.defaultAt)
  const type = readerOf(lb).str(field(lb.body, 'load_balancer_type'), LOAD_BALANCER_DEFAULT_TYPE)
  if (!type.known) return unknown(`not set, and the load balancer type is ${type.why}`, read.defaultAt)
  return type.value === 'application' ? known(ALB_DEFAULT_LISTENER_PROTOCOL, read.defaultAt) : unknown('not set', read.defaultAt)
}

function listenerActions(context: BuildContext, resource: TfResource, value: TfValue | undefined): ListenerAction[] {
  const read = readerOf(resource)
  if (value?.kind === 'unknown') {
    return [
      {
        type: unknown(`the action blocks are ${value.why}`, read.at(value)),
        order: undefined,
        targetGroups: context.refsTo(value, TARGET_GROUPS),
        unresolvedTargetGroups: 0,
        redirectProtocol: undefined,
        source: context.source(resource, value.range),
      },
    ]
  }
  return (blocks(value) ?? []).map((action) => {
    const targetValues = [field(action, 'target_group_arn')]
    for (const forward of blocks(field(action, 'forward')) ?? []) {
      for (const group of blocks(field(forward, 'target_group')) ?? []) targetValues.push(field(group, 'arn'))
    }
    const found = targetValues.flatMap((target) => (target ? [context.refsTo(target, TARGET_GROUPS)] : []))
    const unresolved = found.filter((groups) => groups.length === 0).length
    // One list is taken as it is: instances of a listener that name a target group as a whole share it.
    const targetGroups = found.length === 1 ? found[0]! : [...new Set(found.flat())]
    const order = field(action, 'order')
    const type = action.kind === 'object' ? read.str(field(action, 'type')) : unknown<string>(`an action is ${whyOf(action)}`, read.at(action))
    return {
      type,
      order: order ? read.num(order) : undefined,
      targetGroups,
      unresolvedTargetGroups: unresolved,
      redirectProtocol: !type.known || type.value.toLowerCase() !== 'redirect' ? undefined : redirectProtocol(resource, action),
      ...authenticateSettings(resource, action, type),
      source: context.source(resource, action.range),
    }
  })
}

/** A redirect without `protocol` keeps the request's; the default applies to the action. */
function redirectProtocol(resource: TfResource, action: TfValue): Fact<string> {
  const read = readerOf(resource, action.range)
  const value = field(action, 'redirect')
  const redirect = blocks(value)
  if (redirect === undefined) return unknown('the redirect block is known only after apply', read.at(value!))
  return read.str(field(redirect[0], 'protocol'), REDIRECT_DEFAULT_PROTOCOL)
}

/** A listener rule's `condition` block: one condition per field it sets. */
function conditionsOf({ str, strList }: Reader, condition: TfValue): Array<{ field: string; values: string[] }> {
  if (condition.kind !== 'object') return [{ field: '?', values: [] }]
  const found: Array<{ field: string; values: string[] }> = []
  for (const [name, label] of Object.entries(CONDITION_FIELDS)) {
    for (const config of blocks(field(condition, name)) ?? []) {
      if (name === 'query_string') {
        const key = str(field(config, 'key'))
        const value = str(field(config, 'value'))
        found.push({ field: label, values: value.known ? [key.known ? `${key.value}=${value.value}` : value.value] : [] })
        continue
      }
      const values = strList(field(config, 'values'), [])
      const header = name === 'http_header' ? str(field(config, 'http_header_name')) : undefined
      found.push({ field: header?.known ? `${label} ${header.value}` : label, values: values.known ? values.value : [] })
    }
  }
  return found
}

const registered = new WeakMap<BuildContext, Map<string, string[]>>()

/** Functions registered in each target group by attachment resources, read once per model. */
function registeredFunctions(context: BuildContext): Map<string, string[]> {
  let found = registered.get(context)
  if (!found) registered.set(context, (found = readAttachments(context)))
  return found
}

function readAttachments(context: BuildContext): Map<string, string[]> {
  const targets = new Map<string, Set<string>>()
  // Instances of one attachment that name a function resource as a whole share one list: it is added once.
  const added = new Map<string, Set<string[]>>()
  for (const resource of context.resources) {
    if (!ATTACHMENTS.includes(resource.type)) continue
    const functions = context.refsTo(field(resource.body, 'target_id'), FUNCTIONS)
    for (const group of context.refsTo(field(resource.body, 'target_group_arn'), TARGET_GROUPS)) {
      const lists = added.get(group) ?? new Set<string[]>()
      added.set(group, lists)
      if (lists.has(functions)) continue
      lists.add(functions)
      const functionsOfGroup = targets.get(group) ?? new Set<string>()
      for (const fn of functions) functionsOfGroup.add(fn)
      targets.set(group, functionsOfGroup)
    }
  }
  return new Map([...targets].map(([group, functions]) => [group, [...functions]]))
}
