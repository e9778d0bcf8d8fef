import { defineRule } from '../src/engine/rule.js'
import { lowerFirst } from './support/text.js'
import { describeEntry, listNames } from '../src/model/describe.js'
import type { Model } from '../src/model/model.js'
import { coversPort, type RequestPath } from '../src/model/paths.js'
import { known, unknown, type AutoScalingGroup, type EcsService, type Fact, type IngressRule, type Instance, type LoadBalancer, type SecurityGroup, type TargetGroup } from '../src/model/types.js'

/** The checks an ALB makes that a caller who reaches the targets directly walks around. */
const ENFORCED: ReadonlySet<string> = new Set(['authenticate-cognito', 'authenticate-oidc', 'jwt-validation', 'mtls-verify', 'waf'])

const KIND_NAMES: Readonly<Record<Target['kind'], string>> = {
  'ecs-service': 'ECS service',
  'auto-scaling-group': 'Auto scaling group',
  instance: 'Instance',
}

type Target = EcsService | AutoScalingGroup | Instance

/** One target's security group on one port, and the protected paths that lead to it. */
interface Exposure {
  target: Target
  group: SecurityGroup
  port: number
  targetGroup: TargetGroup
  balancer: LoadBalancer
  paths: RequestPath[]
}

export default defineRule({
  id: 'alb-target-bypass',
  meta: {
    title: 'ALB targets reachable around the load balancer\'s authentication or WAF',
    category: 'security',
    defaultLevel: 'warning',
    securitySeverity: 7.5,
    cwe: [288],
    whatItDoes:
      'Finds ECS services, auto scaling groups and instances registered in a target group that an Application Load Balancer reaches after authenticating (authenticate-cognito, authenticate-oidc, jwt-validation, mutual TLS in verify mode) or through an AWS WAF web ACL, whose security groups admit other sources than the load balancer\'s security groups on the target port (the ECS container port, else the target group port). It names the sources: address ranges, prefix lists, members of other security groups. A security group\'s rule that admits its own members (the other targets) does not count. Security groups that are not in the template or module, rules whose ports or sources cannot be resolved, and security groups named as sources while the load balancer\'s own groups are not all known are not judged.',
    whyBad:
      'The load balancer\'s authentication and WAF rules only see requests that pass through it. A target that also accepts connections from elsewhere on its port can be called directly, with no login, no token check and no rate limit; and a target that trusts the x-amzn-oidc-data header or skips its own checks because "the ALB did it" can be handed forged headers.',
    fix:
      'Admit only the load balancer\'s security group on the target port (a rule whose source is that security group), keep the targets in private subnets without public IP addresses, and have the application verify the ALB-signed x-amzn-oidc-data token.',
    references: [
      'https://docs.aws.amazon.com/elasticloadbalancing/latest/application/load-balancer-update-security-groups.html',
      'https://aws.amazon.com/blogs/security/security-best-practices-when-using-alb-authentication/',
      'https://docs.aws.amazon.com/elasticloadbalancing/latest/application/listener-authenticate-users.html#user-claims-encoding',
    ],
    frameworks: ['cloudformation', 'terraform'],
  },
  check({ model, report }) {
    const found = new Map<string, Exposure>()
    for (const path of model.paths()) {
      if (path.entry.kind !== 'listener' && path.entry.kind !== 'listener-rule') continue
      const balancer = path.frontDoor
      if (balancer?.kind !== 'load-balancer' || !balancer.lbType.known || balancer.lbType.value !== 'application') continue
      if (!path.checks.some((check) => ENFORCED.has(check.kind))) continue
      for (const targetGroup of path.targetGroups) {
        for (const { target, port } of targetsOf(model, targetGroup)) {
          if (!port.known) continue
          for (const id of target.securityGroups) {
            const group = model.getKind(id, 'security-group')
            if (!group) continue
            const key = `${target.id}\u0000${group.id}\u0000${port.value}`
            const seen = found.get(key)
            if (seen) seen.paths.push(path)
            else found.set(key, { target, group, port: port.value, targetGroup, balancer, paths: [path] })
          }
        }
      }
    }

    for (const { target, group, port, targetGroup, balancer, paths } of found.values()) {
      const admitted = otherSources(model, group, port, balancer)
      if (admitted.length === 0) continue
      const sources = listNames([...new Set(admitted.flatMap(({ sources: names }) => names))])
      const checks = listNames([...new Set(paths.flatMap((path) => path.checks.filter((check) => ENFORCED.has(check.kind)).map((check) => check.label)))])
      const entries = listNames([...new Set(paths.map((path) => lowerFirst(describeEntry(model, path))))])
      const balancerGroups = balancer.securityGroups.map((id) => model.get(id)?.source.address ?? id)
      const onlyFrom = balancerGroups.length ? `the load balancer's security ${balancerGroups.length === 1 ? 'group' : 'groups'} ${listNames(balancerGroups)}` : "the load balancer's security group"
      const publicIp = target.kind === 'ecs-service' && target.assignPublicIp.known && target.assignPublicIp.value ? ' Its tasks also get public IP addresses.' : ''
      const first = admitted[0]!
      report({
        at: target,
        property: first.rule.peers.at ? first.rule.peers : { at: { file: first.rule.source.file, range: first.rule.source.range } },
        message:
          `${KIND_NAMES[target.kind]} ${target.source.address} gets requests from load balancer ${balancer.source.address} (target group ${targetGroup.source.address}) ` +
          `checked by ${checks} on ${entries}, but its security group ${group.source.address} also admits ${sources} on port ${port}, ` +
          `so those sources can reach the targets without passing these checks.${publicIp} Admit only ${onlyFrom} on port ${port}.`,
        related: [
          { at: group, message: 'security group of the targets' },
          ...admitted.slice(1).map(({ rule }) => ({ at: rule.source, message: 'another rule that admits other sources' })),
          { at: paths[0]!.entry, message: 'where the load balancer checks callers' },
        ],
      })
    }
  },
})

/** What registers targets in the target group, each with the port its targets receive traffic on. */
function targetsOf(model: Model, targetGroup: TargetGroup): Array<{ target: Target; port: Fact<number> }> {
  const groupPort = targetGroup.port ?? unknown<number>('the target group port is not read')
  return [
    ...model.servicesOf(targetGroup.id).flatMap((service) =>
      service.loadBalancers.filter((entry) => entry.targetGroup === targetGroup.id).map((entry) => ({ target: service, port: entry.containerPort })),
    ),
    ...model.autoScalingGroupsOf(targetGroup.id).map((group) => ({ target: group, port: groupPort })),
    ...model.instancesOf(targetGroup.id).map((instance) => ({ target: instance, port: groupPort })),
  ]
}

/**
 * The rules of the security group that admit, on the port, sources other than the load
 * balancer's security groups and the group's own members, with those sources named. A source
 * security group counts only when the load balancer's groups are all known (else it may be one).
 */
function otherSources(model: Model, group: SecurityGroup, port: number, balancer: LoadBalancer): Array<{ rule: IngressRule; sources: string[] }> {
  if (!group.ingress.known) return []
  const balancerKnown = balancer.otherSecurityGroups.known && balancer.otherSecurityGroups.value.length === 0 && balancer.securityGroups.length > 0
  const out: Array<{ rule: IngressRule; sources: string[] }> = []
  for (const rule of [...group.ingress.value, ...model.ingressOf(group.id).map((resource) => resource.rule)]) {
    const covers = coversPort(rule, known(port), 'tcp')
    if (!covers.known || !covers.value || !rule.peers.known) continue
    const sources = rule.peers.value.flatMap((peer) => {
      if (peer.kind === 'cidr') return [peer.cidr]
      if (peer.kind === 'prefix-list') return [`prefix list ${peer.id}`]
      if (peer.group === group.id || balancer.securityGroups.includes(peer.group) || !balancerKnown) return []
      return [`members of security group ${model.get(peer.group)?.source.address ?? peer.group}`]
    })
    if (sources.length > 0) out.push({ rule, sources })
  }
  return out
}
