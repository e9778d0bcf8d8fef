/**
 * AWS WAF (v2) into the model: web ACLs with their rules and whether a logging configuration
 * names them, and associations with the load balancer, stage or API a web ACL protects.
 */
import { mapGet, type DocNode } from '../../../parse/types.js'
import { WAF_RATE_DEFAULT_AGGREGATE_KEY_TYPE, WAF_RATE_DEFAULT_WINDOW_S } from '../../../model/aws.js'
import { oneOfUpper, wafStatementType } from '../../../model/edge.js'
import { known, unknown, type Fact, type WafOverrideAction, type WafRule, type WafRuleAction, type WafStatement } from '../../../model/types.js'
import { whyOf, type Reader } from '../reader.js'
import { API_TYPES, CFN_TYPES, property, resourceSource, type AdapterTable, type BuildContext, type TemplateResource } from './context.js'

const STAGE_TYPES = [CFN_TYPES.restStage, CFN_TYPES.v2Stage]
/** What AWS WAF cannot protect: HTTP and WebSocket APIs and their stages. */
const V2_TYPES: readonly string[] = [CFN_TYPES.v2Api, CFN_TYPES.samHttpApi, CFN_TYPES.v2Stage]
const RULE_GROUP = 'AWS::WAFv2::RuleGroup'
const RULE_ACTIONS = ['allow', 'block', 'count', 'captcha', 'challenge'] as const
const OVERRIDE_ACTIONS = ['none', 'count'] as const
/** The statement types whose settings the model reads; any other is `other`, by its type name. */
const READ_STATEMENTS: ReadonlySet<string> = new Set(['rate-based', 'managed-rule-group', 'rule-group-reference', 'and', 'or', 'not'])
/** Deeper than any web ACL a person writes; past it a statement is unknown rather than read without end. */
const MAX_STATEMENT_DEPTH = 8

export const WAFV2_ADAPTERS: AdapterTable = {
  [CFN_TYPES.wafAssociation]: (context, resource) => {
    const target = protectedResource(context, property(resource, 'ResourceArn'))
    context.model.add({
      kind: 'waf-association',
      id: resource.id,
      source: resourceSource(context, resource),
      resource: target,
      webAcl: webAclNamed(context.read, property(resource, 'WebACLArn')),
      unsupported: target !== undefined && V2_TYPES.includes(context.byId.get(target)?.type ?? ''),
    })
  },

  [CFN_TYPES.webAcl]: (context, resource) => {
    const { read } = context
    const p = (key: string): DocNode | undefined => property(resource, key)
    context.model.add({
      kind: 'web-acl',
      id: resource.id,
      source: resourceSource(context, resource),
      name: read.str(p('Name')),
      scope: oneOfUpper(read.str(p('Scope')), ['REGIONAL', 'CLOUDFRONT'] as const),
      defaultAction: actionOf(read, p('DefaultAction'), ['allow', 'block'] as const),
      rules: rulesOf(context, resource, p('Rules')),
      logged: loggedOf(context, resource),
    })
  },
}

/** The web ACL a value names: its id when it refers to one in the template, else the value as written. */
export function webAclNamed(read: Reader, node: DocNode | undefined): Fact<string> {
  const acl = read.refsTo(node, [CFN_TYPES.webAcl])[0]
  return acl === undefined ? read.str(node) : known(acl, read.origin(node))
}

/** The load balancer, stage or API an association's `ResourceArn` names; a deployment stands for the stage it creates. */
function protectedResource(context: BuildContext, node: DocNode | undefined): string | undefined {
  const { read } = context
  return (
    read.refsTo(node, [CFN_TYPES.loadBalancer])[0] ??
    read.refsTo(node, STAGE_TYPES)[0] ??
    read.refsTo(node, [CFN_TYPES.deployment]).map((deployment) => `${deployment}.Stage`)[0] ??
    read.refsTo(node, API_TYPES)[0]
  )
}

/** Whether a logging configuration in the template names this web ACL. */
function loggedOf(context: BuildContext, resource: TemplateResource): Fact<boolean> {
  const { read } = context
  let doubt: Fact<boolean> | undefined
  for (const logging of context.resources) {
    if (logging.type !== CFN_TYPES.wafLogging) continue
    const arn = property(logging, 'ResourceArn')
    if (read.refsTo(arn, [CFN_TYPES.webAcl]).includes(resource.id)) return known(true, read.origin(arn))
    const named = webAclNamed(read, arn)
    if (!named.known) doubt ??= unknown(`logging configuration ${logging.id} names a web ACL that cannot be resolved (${named.why})`, named.at)
  }
  return doubt ?? read.defaulted(false)
}

/** The one key of an action map (`Allow: {}`, `Block: {...}`), in lower case, as one of `allowed`. */
function actionOf<T extends string>(read: Reader, node: DocNode | undefined, allowed: readonly T[]): Fact<T> {
  const at = read.origin(node)
  if (!node) return unknown('not set')
  const map = read.map(node)
  if (!map) return unknown(whyOf(read.resolver.resolve(node)), at)
  const key = map.entries[0]?.key.toLowerCase()
  const match = allowed.find((value) => value === key)
  return match === undefined ? unknown(`unrecognised action ${map.entries[0]?.key ?? '(none)'}`, at) : known(match, at)
}

function rulesOf(context: BuildContext, resource: TemplateResource, node: DocNode | undefined): Fact<WafRule[]> {
  const { read } = context
  const items = read.items(node)
  if (items === undefined) return unknown(node ? whyOf(read.resolver.resolve(node)) : 'not set', read.origin(node))
  const rules: WafRule[] = []
  for (const item of items) {
    if (item.kind !== 'map') return unknown(`a rule is ${whyOf(item)}`, read.origin(item.node))
    const rule = item.node
    const override = mapGet(rule, 'OverrideAction')
    const action = mapGet(rule, 'Action')
    rules.push({
      name: read.str(mapGet(rule, 'Name')),
      priority: read.num(mapGet(rule, 'Priority')),
      action: override !== undefined && action === undefined ? undefined : actionOf<WafRuleAction>(read, action, RULE_ACTIONS),
      overrideAction: override === undefined ? undefined : actionOf<WafOverrideAction>(read, override, OVERRIDE_ACTIONS),
      statement: statementOf(read, mapGet(rule, 'Statement'), 0),
      source: read.source(rule.range, resource.id, resource.constructPath),
    })
  }
  return known(rules, read.origin(node))
}

function statementOf(read: Reader, node: DocNode | undefined, depth: number): Fact<WafStatement> {
  const at = read.origin(node)
  if (!node) return unknown('not set')
  if (depth > MAX_STATEMENT_DEPTH) return unknown('the statement is nested too deep', at)
  const map = read.map(node)
  if (!map) return unknown(whyOf(read.resolver.resolve(node)), at)
  const entry = map.entries[0]
  if (!entry) return unknown('the statement is empty', at)
  const type = wafStatementType(entry.key)
  if (!READ_STATEMENTS.has(type)) return known({ kind: 'other', type }, at)
  const body = read.map(entry.value)
  if (!body) return unknown(`the ${entry.key} is ${whyOf(read.resolver.resolve(entry.value))}`, read.origin(entry.value))
  const get = (key: string): DocNode | undefined => mapGet(body, key)
  switch (type) {
    case 'rate-based': {
      const scopeDown = get('ScopeDownStatement')
      return known(
        {
          kind: 'rate-based',
          limit: read.num(get('Limit')),
          windowSeconds: read.num(get('EvaluationWindowSec'), WAF_RATE_DEFAULT_WINDOW_S),
          aggregateKeyType: read.str(get('AggregateKeyType'), WAF_RATE_DEFAULT_AGGREGATE_KEY_TYPE),
          scopedDown: scopeDown !== undefined && read.resolver.resolve(scopeDown).kind !== 'absent',
        },
        at,
      )
    }
    case 'managed-rule-group':
      return known({ kind: 'managed-rule-group', vendor: read.str(get('VendorName')), name: read.str(get('Name')), changedRules: changedRules(read, body) }, at)
    case 'rule-group-reference': {
      const arn = get('ARN') ?? get('Arn')
      const group = read.refsTo(arn, [RULE_GROUP])[0]
      return known({ kind: 'rule-group', ruleGroup: group === undefined ? read.str(arn) : known(group, read.origin(arn)), changedRules: changedRules(read, body) }, at)
    }
    case 'and':
    case 'or': {
      const list = get('Statements')
      const items = read.items(list)
      if (items === undefined) return known({ kind: type, statements: unknown(list ? whyOf(read.resolver.resolve(list)) : 'not set', read.origin(list)) }, at)
      return known({ kind: type, statements: allKnown(items.map((item) => statementOf(read, item.node, depth + 1)), read.origin(list)) }, at)
    }
    case 'not':
      return known({ kind: 'not', statements: allKnown([statementOf(read, get('Statement'), depth + 1)], read.origin(get('Statement'))) }, at)
    default:
      return known({ kind: 'other', type }, at)
  }
}

/** The statements when each is known; else the first unknown one. */
function allKnown(statements: Fact<WafStatement>[], at: ReturnType<Reader['origin']>): Fact<WafStatement[]> {
  const values: WafStatement[] = []
  for (const statement of statements) {
    if (!statement.known) return unknown(statement.why, statement.at)
    values.push(statement.value)
  }
  return known(values, at)
}

/** How many rules of a rule group are excluded (`ExcludedRules`) or have their action overridden (`RuleActionOverrides`). */
function changedRules(read: Reader, body: DocNode): Fact<number> {
  let count = 0
  for (const key of ['ExcludedRules', 'RuleActionOverrides']) {
    const node = mapGet(body, key)
    const items = read.items(node)
    if (items === undefined) return unknown(`${key} is ${node ? whyOf(read.resolver.resolve(node)) : 'not set'}`, read.origin(node))
    count += items.length
  }
  return known(count)
}
