/**
 * AWS WAF (v2) in Terraform: web ACLs with their `rule` blocks and whether a logging configuration
 * names them, and associations with the load balancer, stage or API a web ACL protects. The
 * semantics follow the CloudFormation adapter; `rule_json` holds the rules as CloudFormation-style
 * JSON, which is read when its text is known.
 */
import { WAF_RATE_DEFAULT_AGGREGATE_KEY_TYPE, WAF_RATE_DEFAULT_WINDOW_S } from '../../../model/aws.js'
import { oneOfUpper, wafStatementType } from '../../../model/edge.js'
import { known, unknown, type Fact, type FactOrigin, type WafOverrideAction, type WafRule, type WafRuleAction, type WafStatement } from '../../../model/types.js'
import type { TfResource, TfValue } from '../ir.js'
import { DEPLOYMENT, REST_APIS, REST_STAGE } from './apigateway.js'
import { V2_APIS, V2_STAGE } from './apigatewayv2.js'
import type { AdapterTable, BuildContext } from './context.js'
import { LOAD_BALANCERS } from './elbv2.js'
import { blocks, field, readerOf, whyOf, type Reader } from './read.js'
import { rulesFromJson } from './waf-rule-json.js'

export const WEB_ACL = 'aws_wafv2_web_acl'
const LOGGING = 'aws_wafv2_web_acl_logging_configuration'
const RULE_GROUP = 'aws_wafv2_rule_group'
/** What AWS WAF cannot protect: HTTP and WebSocket APIs and their stages. */
const V2_TYPES: readonly string[] = [...V2_APIS, V2_STAGE]
const RULE_ACTIONS = ['allow', 'block', 'count', 'captcha', 'challenge'] as const
const OVERRIDE_ACTIONS = ['none', 'count'] as const
/** Deeper than any web ACL a person writes; past it a statement is unknown rather than read without end. */
const MAX_STATEMENT_DEPTH = 8

export const WAFV2_ADAPTERS: AdapterTable = {
  aws_wafv2_web_acl_association(context, resource) {
    const read = readerOf(resource)
    const target = protectedBy(context, read.arg('resource_arn'))
    context.addOnce({
      kind: 'waf-association',
      id: resource.address,
      source: context.source(resource),
      resource: target,
      webAcl: webAclNamed(context, read, read.arg('web_acl_arn')),
      unsupported: target !== undefined && V2_TYPES.includes(context.resource(target)?.type ?? ''),
    })
  },

  aws_wafv2_web_acl(context, resource) {
    const read = readerOf(resource)
    const ruleJson = read.arg('rule_json')
    context.addOnce({
      kind: 'web-acl',
      id: resource.address,
      source: context.source(resource),
      name: read.str(read.arg('name')),
      scope: oneOfUpper(read.str(read.arg('scope')), ['REGIONAL', 'CLOUDFRONT'] as const),
      defaultAction: actionOf(read, read.arg('default_action'), ['allow', 'block'] as const),
      rules: ruleJson === undefined ? rulesOf(context, read, resource, read.arg('rule')) : rulesFromJson(read, ruleJson, context.source(resource)),
      logged: loggedOf(context, resource.address, read.defaultAt),
    })
  },
}

/** The web ACL a value names: its address when it refers to one in the module, else the value as written. */
export function webAclNamed(context: BuildContext, read: Reader, value: TfValue | undefined): Fact<string> {
  const acl = context.refsTo(value, [WEB_ACL])[0]
  return acl === undefined || value === undefined ? read.str(value) : known(acl, read.at(value))
}

/** The load balancer, stage or API a `resource_arn` names; a deployment stands for the stage its `stage_name` makes. */
function protectedBy(context: BuildContext, value: TfValue | undefined): string | undefined {
  return (
    context.refsTo(value, LOAD_BALANCERS)[0] ??
    context.refsTo(value, [REST_STAGE, V2_STAGE])[0] ??
    context.refsTo(value, [DEPLOYMENT]).map((deployment) => `${deployment}.Stage`)[0] ??
    context.refsTo(value, [...REST_APIS, ...V2_APIS])[0]
  )
}

/** Whether a logging configuration in the module names this web ACL. */
function loggedOf(context: BuildContext, address: string, defaultAt: FactOrigin): Fact<boolean> {
  let doubt: Fact<boolean> | undefined
  for (const logging of context.managed(LOGGING)) {
    const read = readerOf(logging)
    const arn = read.arg('resource_arn')
    if (arn !== undefined && context.refsTo(arn, [WEB_ACL]).includes(address)) return known(true, read.at(arn))
    const named = webAclNamed(context, read, arn)
    if (!named.known) doubt ??= unknown(`logging configuration ${logging.address} names a web ACL that cannot be resolved (${named.why})`, named.at)
  }
  return doubt ?? known(false, defaultAt)
}

/** The one nested block of an action block (`allow {}`, `block { ... }`), as one of `allowed`. */
function actionOf<T extends string>(read: Reader, value: TfValue | undefined, allowed: readonly T[]): Fact<T> {
  const list = blocks(value)
  if (value === undefined || list?.length === 0) return unknown('not set')
  const action = list?.[0]
  if (action?.kind !== 'object') return unknown(whyOf(action ?? value), read.at(value))
  const key = allowed.find((name) => (blocks(field(action, name))?.length ?? 0) > 0)
  return key === undefined ? unknown(`unrecognised action ${[...action.fields.keys()].join(', ') || '(none)'}`, read.at(action)) : known(key, read.at(action))
}

function rulesOf(context: BuildContext, read: Reader, resource: TfResource, value: TfValue | undefined): Fact<WafRule[]> {
  const list = blocks(value)
  if (list === undefined) return unknown(`the rules are ${whyOf(value!)}`, read.at(value!))
  const rules: WafRule[] = []
  for (const rule of list) {
    if (rule.kind !== 'object') return unknown(`a rule is ${whyOf(rule)}`, read.at(rule))
    const override = field(rule, 'override_action')
    const action = field(rule, 'action')
    const hasOverride = (blocks(override)?.length ?? 1) > 0
    rules.push({
      name: read.str(field(rule, 'name')),
      priority: read.num(field(rule, 'priority')),
      action: hasOverride && (blocks(action)?.length ?? 0) === 0 ? undefined : actionOf<WafRuleAction>(read, action, RULE_ACTIONS),
      overrideAction: hasOverride ? actionOf<WafOverrideAction>(read, override, OVERRIDE_ACTIONS) : undefined,
      statement: statementOf(context, read, field(rule, 'statement'), 0),
      source: context.source(resource, rule.range),
    })
  }
  return known(rules, value === undefined ? read.defaultAt : read.at(value))
}

function statementOf(context: BuildContext, read: Reader, value: TfValue | undefined, depth: number): Fact<WafStatement> {
  const list = blocks(value)
  if (value === undefined || list?.length === 0) return unknown('not set')
  if (depth > MAX_STATEMENT_DEPTH) return unknown('the statement is nested too deep', read.at(value))
  const statement = list?.[0]
  if (statement?.kind !== 'object') return unknown(whyOf(statement ?? value), read.at(value))
  const at = read.at(statement)
  const entry = [...statement.fields].find(([, body]) => blocks(body) === undefined || (blocks(body)?.length ?? 0) > 0)
  if (!entry) return unknown('the statement is empty', at)
  const [key, bodies] = entry
  const body = blocks(bodies)?.[0]
  if (body?.kind !== 'object') return unknown(`the ${key} block is ${whyOf(body ?? bodies)}`, read.at(bodies))
  const get = (name: string): TfValue | undefined => field(body, name)
  const type = wafStatementType(key)
  switch (type) {
    case 'rate-based':
      return known(
        {
          kind: 'rate-based',
          limit: read.num(get('limit')),
          windowSeconds: read.num(get('evaluation_window_sec'), WAF_RATE_DEFAULT_WINDOW_S),
          aggregateKeyType: read.str(get('aggregate_key_type'), WAF_RATE_DEFAULT_AGGREGATE_KEY_TYPE),
          scopedDown: (blocks(get('scope_down_statement'))?.length ?? 1) > 0,
        },
        at,
      )
    case 'managed-rule-group':
      return known({ kind: 'managed-rule-group', vendor: read.str(get('vendor_name')), name: read.str(get('name')), changedRules: changedRules(read, body) }, at)
    case 'rule-group-reference': {
      const arn = get('arn')
      const group = context.refsTo(arn, [RULE_GROUP])[0]
      return known(
        { kind: 'rule-group', ruleGroup: group === undefined || arn === undefined ? read.str(arn) : known(group, read.at(arn)), changedRules: changedRules(read, body) },
        at,
      )
    }
    case 'and':
    case 'or':
    case 'not': {
      const inner = get('statement')
      const items = blocks(inner)
      if (items === undefined) return known({ kind: type, statements: unknown(`the statements are ${whyOf(inner!)}`, read.at(inner!)) }, at)
      const statements: WafStatement[] = []
      for (const item of items) {
        const one = statementOf(context, read, item, depth + 1)
        if (!one.known) return known({ kind: type, statements: unknown(one.why, one.at) }, at)
        statements.push(one.value)
      }
      return known({ kind: type, statements: known(statements, inner === undefined ? at : read.at(inner)) }, at)
    }
    default:
      return known({ kind: 'other', type }, at)
  }
}

/** How many rules of a rule group are excluded (`excluded_rule`, older providers) or have their action overridden (`rule_action_override`). */
function changedRules(read: Reader, body: TfValue): Fact<number> {
  let count = 0
  for (const name of ['excluded_rule', 'rule_action_override']) {
    const value = field(body, name)
    const list = blocks(value)
    if (list === undefined) return unknown(`${name} is ${whyOf(value!)}`, read.at(value!))
    count += list.length
  }
  return known(count)
}
