/**
 * Resource policies in CloudFormation: a REST API's `Policy` (a JSON object, a JSON string, or a
 * string built with `Fn::Sub`) into the shared `ResourcePolicy`, and the statements the SAM
 * transform writes for `Auth.ResourcePolicy`. Values that resolve only at deploy time stay
 * unknown where they are; the rest of the policy is kept.
 */
import { mapGet, type DocNode } from '../../../parse/types.js'
import { POLICY_MAX_DEPTH, UNKNOWN_PART, policyFromText, readPolicy, type PolicyNode } from '../../../model/policy.js'
import { known, type Fact, type PolicyCondition, type PolicyStatement, type ResourcePolicy } from '../../../model/types.js'
import { whyOf, type Reader } from '../reader.js'
import type { Value } from '../resolve.js'

/** A REST API `Policy` property. */
export function cloudFormationPolicy(read: Reader, node: DocNode): ResourcePolicy {
  const at = read.origin(node)
  const value = read.resolver.resolve(node)
  if (value.kind === 'scalar') return policyFromText(String(value.value), at)
  if (value.kind === 'unknown') {
    const sub = subText(read, node)
    if (sub) return policyFromText(sub.text, at, sub.holes)
  }
  return readPolicy(policyNode(read, value), at)
}

/** A resolved template value as a policy tree. */
function policyNode(read: Reader, value: Value, depth = 0): PolicyNode {
  const at = read.origin(value.node)
  if (depth > POLICY_MAX_DEPTH) return { kind: 'unknown', why: 'nested too deeply to be a policy', at }
  switch (value.kind) {
    case 'scalar':
      return { kind: 'text', value: String(value.value), at }
    case 'list':
      return { kind: 'list', items: value.items.map((item) => policyNode(read, item, depth + 1)), at }
    case 'map':
      return {
        kind: 'map',
        entries: value.node.entries.map((entry) => [entry.key, policyNode(read, read.resolver.resolve(entry.value), depth + 1)]),
        at,
      }
    case 'unknown': {
      // A resource ARN written with Fn::Sub keeps its known text: whether it covers the whole API may not depend on the rest.
      const pattern = subPattern(read, value.node)
      return pattern === undefined ? { kind: 'unknown', why: whyOf(value), at } : { kind: 'unknown', why: whyOf(value), at, pattern }
    }
    default:
      return { kind: 'unknown', why: whyOf(value), at }
  }
}

/** The text of an `Fn::Sub` with each part known only at deploy time written `UNKNOWN_PART`; undefined for a node that is no `Fn::Sub` of text. */
export function subPattern(read: Reader, node: DocNode): string | undefined {
  const sub = subText(read, node)
  if (!sub) return undefined
  let pattern = sub.text
  for (const hole of sub.holes.keys()) pattern = pattern.split(hole).join(UNKNOWN_PART)
  return pattern
}

/**
 * The text of an `Fn::Sub`: each `${Name}` the resolver can give is put in, the others become
 * holes (each with why it is unknown), so only the strings around them are unknown. Undefined
 * for a node that is no `Fn::Sub` of text.
 */
function subText(read: Reader, node: DocNode): { text: string; holes: Map<string, string> } | undefined {
  const sub = mapGet(node, 'Fn::Sub')
  if (!sub || node.kind !== 'map' || node.entries.length !== 1) return undefined
  const templateNode = sub.kind === 'seq' ? sub.items[0] : sub
  const variables = sub.kind === 'seq' ? sub.items[1] : undefined
  if (templateNode?.kind !== 'scalar' || typeof templateNode.value !== 'string') return undefined
  const holes = new Map<string, string>()
  const text = templateNode.value.replace(/\$\{([^}]*)\}/g, (_whole, name: string) => {
    if (name.startsWith('!')) return `\${${name.slice(1)}}`
    const given = mapGet(variables, name)
    const target: DocNode = given ?? {
      kind: 'map',
      range: templateNode.range,
      entries: [
        name.includes('.')
          ? { key: 'Fn::GetAtt', keyRange: templateNode.range, value: { kind: 'scalar', value: name, range: templateNode.range } }
          : { key: 'Ref', keyRange: templateNode.range, value: { kind: 'scalar', value: name, range: templateNode.range } },
      ],
    }
    const resolved = read.resolver.resolve(target)
    if (resolved.kind === 'scalar') return String(resolved.value)
    const hole = `@@iac-lint-hole-${holes.size}@@`
    holes.set(hole, `\${${name}}, which is ${whyOf(resolved)}`)
    return hole
  })
  return { text, holes }
}

const INVOKE = ['execute-api:Invoke']
/** SAM writes its statements for each method of the API; the model keeps them for the whole API. */
const WHOLE_API = ['execute-api:/*']

/**
 * The policy SAM writes for `Auth.ResourcePolicy`, statement by statement, as the SAM transform
 * generates them:
 * - `CustomStatements`: as written;
 * - `AwsAccountWhitelist` / `AwsAccountBlacklist`: Allow / Deny for the listed accounts;
 * - `IpRangeWhitelist`: Allow everyone, Deny `NotIpAddress aws:SourceIp` the ranges;
 *   `IpRangeBlacklist`: Allow everyone, Deny `IpAddress aws:SourceIp` the ranges;
 * - `SourceVpcWhitelist` (and `IntrinsicVpcWhitelist`, `IntrinsicVpceWhitelist`): Allow everyone,
 *   Deny `StringNotEquals` on `aws:SourceVpc` (ids `vpc-…`) and `aws:SourceVpce` (ids `vpce-…`);
 *   `SourceVpcBlacklist` and the intrinsic blacklists: Deny `StringEquals` on them.
 * Every statement is for `execute-api:Invoke` on the whole API.
 */
export function samResourcePolicy(read: Reader, node: DocNode): ResourcePolicy {
  const at = read.origin(node)
  const map = read.map(node)
  if (!map) return readPolicy({ kind: 'unknown', why: whyOf(read.resolver.resolve(node)), at }, at)
  const statements: PolicyStatement[] = []
  const p = (key: string): DocNode | undefined => mapGet(map, key)
  const custom = p('CustomStatements')
  if (custom) {
    const written = readPolicy({ kind: 'map', entries: [['Statement', policyNode(read, read.resolver.resolve(custom))]], at: read.origin(custom) })
    if (!written.statements.known) return { statements: written.statements, at }
    statements.push(...written.statements.value)
  }
  const accounts = (key: string, effect: 'Allow' | 'Deny'): void => {
    const list = p(key)
    if (!list) return
    const values = read.strList(list)
    const origin = read.origin(list)
    statements.push({
      effect: known(effect, origin),
      principal: values.known ? known({ anyone: false, principals: values.value }, origin) : values,
      actions: known({ negated: false, values: INVOKE }, origin),
      resources: known({ negated: false, values: WHOLE_API }, origin),
      conditions: known([], origin),
      at: origin,
    })
  }
  accounts('AwsAccountWhitelist', 'Allow')
  accounts('AwsAccountBlacklist', 'Deny')
  const guarded = (key: string, operator: string, conditionKey: (values: Fact<string[]>) => PolicyCondition[]): void => {
    const list = p(key)
    if (!list) return
    const origin = read.origin(list)
    const base = {
      principal: known({ anyone: true } as const, origin),
      actions: known({ negated: false, values: INVOKE }, origin),
      resources: known({ negated: false, values: WHOLE_API }, origin),
      at: origin,
    }
    statements.push({ ...base, effect: known('Allow', origin), conditions: known([], origin) })
    statements.push({ ...base, effect: known('Deny', origin), conditions: known(conditionKey(read.strList(list)).map((condition) => ({ ...condition, operator })), origin) })
  }
  const ip = (values: Fact<string[]>): PolicyCondition[] => [{ operator: '', key: 'aws:SourceIp', values }]
  guarded('IpRangeWhitelist', 'NotIpAddress', ip)
  guarded('IpRangeBlacklist', 'IpAddress', ip)
  guarded('SourceVpcWhitelist', 'StringNotEquals', vpcConditions)
  guarded('SourceVpcBlacklist', 'StringEquals', vpcConditions)
  guarded('IntrinsicVpcWhitelist', 'StringNotEquals', (values) => [{ operator: '', key: 'aws:SourceVpc', values }])
  guarded('IntrinsicVpceWhitelist', 'StringNotEquals', (values) => [{ operator: '', key: 'aws:SourceVpce', values }])
  guarded('IntrinsicVpcBlacklist', 'StringEquals', (values) => [{ operator: '', key: 'aws:SourceVpc', values }])
  guarded('IntrinsicVpceBlacklist', 'StringEquals', (values) => [{ operator: '', key: 'aws:SourceVpce', values }])
  return { statements: known(statements, at), at }
}

/** SAM sorts `SourceVpc…list` ids into VPC endpoints (`vpce-…`) and VPCs; unknown ids leave both unknown. */
function vpcConditions(values: Fact<string[]>): PolicyCondition[] {
  if (!values.known) return [{ operator: '', key: 'aws:SourceVpc', values }, { operator: '', key: 'aws:SourceVpce', values }]
  const endpoints = values.value.filter((id) => id.startsWith('vpce-'))
  const vpcs = values.value.filter((id) => !id.startsWith('vpce-'))
  const conditions: PolicyCondition[] = []
  if (vpcs.length > 0) conditions.push({ operator: '', key: 'aws:SourceVpc', values: known(vpcs, values.at) })
  if (endpoints.length > 0) conditions.push({ operator: '', key: 'aws:SourceVpce', values: known(endpoints, values.at) })
  return conditions
}
