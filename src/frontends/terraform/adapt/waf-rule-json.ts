/**
 * The rules of an `aws_wafv2_web_acl` given as `rule_json`: the WAF API's JSON (`Name`,
 * `Priority`, `Action`, `Statement`, ...), usually written with `jsonencode(...)`. Read with the
 * same meaning as `rule` blocks; every fact is at the `rule_json` value, the only place the
 * module writes it.
 */
import { WAF_RATE_DEFAULT_AGGREGATE_KEY_TYPE, WAF_RATE_DEFAULT_WINDOW_S } from '../../../model/aws.js'
import { wafStatementType } from '../../../model/edge.js'
import { known, unknown, type Fact, type FactOrigin, type Source, type WafRule, type WafRuleAction, type WafStatement } from '../../../model/types.js'
import type { TfValue } from '../ir.js'
import { whyOf, type Reader } from './read.js'

type Json = null | boolean | number | string | Json[] | { [key: string]: Json }
type JsonObject = { [key: string]: Json }

const RULE_ACTIONS = ['allow', 'block', 'count', 'captcha', 'challenge'] as const
const OVERRIDE_ACTIONS = ['none', 'count'] as const
const MAX_STATEMENT_DEPTH = 8

export function rulesFromJson(read: Reader, value: TfValue, source: Source): Fact<WafRule[]> {
  const at = read.at(value)
  if (value.kind !== 'scalar' || typeof value.value !== 'string') return unknown(`rule_json is ${whyOf(value)}`, at)
  let parsed: Json
  try {
    parsed = JSON.parse(value.value) as Json
  } catch {
    return unknown('rule_json is not valid JSON', at)
  }
  if (!Array.isArray(parsed)) return unknown('rule_json is not a list of rules', at)
  const rules: WafRule[] = []
  for (const rule of parsed) {
    if (!isObject(rule)) return unknown('a rule in rule_json is not an object', at)
    const override = rule['OverrideAction']
    const action = rule['Action']
    rules.push({
      name: text(rule['Name'], at),
      priority: typeof rule['Priority'] === 'number' ? known(rule['Priority'], at) : unknown('not set', at),
      action: override !== undefined && action === undefined ? undefined : actionOf<WafRuleAction>(action, RULE_ACTIONS, at),
      overrideAction: override === undefined ? undefined : actionOf(override, OVERRIDE_ACTIONS, at),
      statement: statementOf(rule['Statement'], at, 0),
      source,
    })
  }
  return known(rules, at)
}

function isObject(value: Json | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

function text(value: Json | undefined, at: FactOrigin, fallback?: string): Fact<string> {
  if (typeof value === 'string') return known(value, at)
  if (value === undefined && fallback !== undefined) return known(fallback, at)
  return unknown(value === undefined ? 'not set' : `unexpected value ${JSON.stringify(value)}`, at)
}

function num(value: Json | undefined, at: FactOrigin, fallback?: number): Fact<number> {
  if (typeof value === 'number') return known(value, at)
  if (value === undefined && fallback !== undefined) return known(fallback, at)
  return unknown(value === undefined ? 'not set' : `unexpected value ${JSON.stringify(value)}`, at)
}

function actionOf<T extends string>(value: Json | undefined, allowed: readonly T[], at: FactOrigin): Fact<T> {
  if (!isObject(value)) return unknown(value === undefined ? 'not set' : 'the action is not an object', at)
  const key = Object.keys(value)[0]?.toLowerCase()
  const match = allowed.find((name) => name === key)
  return match === undefined ? unknown(`unrecognised action ${Object.keys(value)[0] ?? '(none)'}`, at) : known(match, at)
}

function statementOf(value: Json | undefined, at: FactOrigin, depth: number): Fact<WafStatement> {
  if (!isObject(value)) return unknown(value === undefined ? 'not set' : 'the statement is not an object', at)
  if (depth > MAX_STATEMENT_DEPTH) return unknown('the statement is nested too deep', at)
  const key = Object.keys(value)[0]
  if (key === undefined) return unknown('the statement is empty', at)
  const body = value[key]
  const get = (name: string): Json | undefined => (isObject(body) ? body[name] : undefined)
  const type = wafStatementType(key)
  const changed = (): Fact<number> => {
    const lists = [get('ExcludedRules'), get('RuleActionOverrides')]
    return lists.every((list) => list === undefined || Array.isArray(list))
      ? known(lists.reduce<number>((sum, list) => sum + (Array.isArray(list) ? list.length : 0), 0), at)
      : unknown('the excluded or overridden rules are not lists', at)
  }
  switch (type) {
    case 'rate-based':
      return known(
        {
          kind: 'rate-based',
          limit: num(get('Limit'), at),
          windowSeconds: num(get('EvaluationWindowSec'), at, WAF_RATE_DEFAULT_WINDOW_S),
          aggregateKeyType: text(get('AggregateKeyType'), at, WAF_RATE_DEFAULT_AGGREGATE_KEY_TYPE),
          scopedDown: get('ScopeDownStatement') !== undefined,
        },
        at,
      )
    case 'managed-rule-group':
      return known({ kind: 'managed-rule-group', vendor: text(get('VendorName'), at), name: text(get('Name'), at), changedRules: changed() }, at)
    case 'rule-group-reference':
      return known({ kind: 'rule-group', ruleGroup: text(get('ARN') ?? get('Arn'), at), changedRules: changed() }, at)
    case 'and':
    case 'or':
    case 'not': {
      const inner = type === 'not' ? [get('Statement')] : get('Statements')
      if (!Array.isArray(inner)) return known({ kind: type, statements: unknown('the statements are not a list', at) }, at)
      const statements: WafStatement[] = []
      for (const item of inner) {
        const one = statementOf(item, at, depth + 1)
        if (!one.known) return known({ kind: type, statements: one }, at)
        statements.push(one.value)
      }
      return known({ kind: type, statements: known(statements, at) }, at)
    }
    default:
      return known({ kind: 'other', type }, at)
  }
}
