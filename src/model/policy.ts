/**
 * Resource policies: reading a policy document into statements (the same for every frontend) and
 * asking who a policy lets call an API. A frontend hands over the document as a `PolicyNode`
 * tree, with the parts it could not resolve as unknown nodes, or as JSON text whose unresolved
 * parts are holes; what is known of the rest is kept.
 *
 * The types of a read policy (`ResourcePolicy`, `PolicyStatement`, `PolicyCondition`) live in
 * types.ts beside `Api`, which holds one.
 */
import { known, unknown, type Fact, type FactOrigin, type PolicyCondition, type PolicyStatement, type ResourcePolicy } from './types.js'

/** A policy document as a frontend gives it: JSON-like values, each with where it was written. */
export type PolicyNode =
  | { kind: 'text'; value: string; at?: FactOrigin }
  | { kind: 'list'; items: PolicyNode[]; at?: FactOrigin }
  | { kind: 'map'; entries: Array<[string, PolicyNode]>; at?: FactOrigin }
  /** `pattern`: the text around the unknown parts, each written `UNKNOWN_PART`, when the value is text with holes. */
  | { kind: 'unknown'; why: string; at?: FactOrigin; pattern?: string }

/**
 * How a resource pattern writes a part known only at deploy time
 * (`arn:aws:execute-api:${?}:${?}:*\/*`); no IAM policy variable is spelled so.
 */
export const UNKNOWN_PART = '${?}'

/**
 * How deep a policy tree is read: a policy document needs about six levels (statement, condition,
 * operator, key, values); deeper parts are unknown, so hostile nesting costs no stack.
 */
export const POLICY_MAX_DEPTH = 32

/** The policy a document tree holds. */
export function readPolicy(document: PolicyNode, at: FactOrigin | undefined = document.at): ResourcePolicy {
  if (document.kind === 'unknown') return { statements: unknown(`the policy is ${document.why}`, document.at ?? at), at }
  if (document.kind !== 'map') return { statements: unknown('the policy is not a JSON object', document.at ?? at), at }
  const statement = entry(document, 'Statement')
  if (!statement) return { statements: known([], document.at ?? at), at }
  if (statement.kind === 'unknown') return { statements: unknown(`the statements are ${statement.why}`, statement.at), at }
  const items = statement.kind === 'list' ? statement.items : [statement]
  return { statements: known(items.map(readStatement), statement.at), at }
}

/**
 * A policy written as JSON text. `holes` are the placeholders the frontend put where a value is
 * known only at deploy time (a `${Variable}` of `Fn::Sub`), each with the reason: a string that
 * contains one is unknown. Text that is no JSON once the holes are in is an unknown policy.
 */
export function policyFromText(text: string, at: FactOrigin | undefined, holes: ReadonlyMap<string, string> = new Map()): ResourcePolicy {
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    const why = holes.size > 0 ? `JSON around values known only at deploy time (${[...holes.values()][0]})` : 'not valid JSON'
    return { statements: unknown(`the policy is ${why}`, at), at }
  }
  return readPolicy(fromJson(parsed, at, holes, 0), at)
}

function fromJson(value: unknown, at: FactOrigin | undefined, holes: ReadonlyMap<string, string>, depth: number): PolicyNode {
  if (depth > POLICY_MAX_DEPTH) return { kind: 'unknown', why: 'nested too deeply to be a policy', at }
  if (Array.isArray(value)) return { kind: 'list', items: value.map((item) => fromJson(item, at, holes, depth + 1)), at }
  if (value !== null && typeof value === 'object') {
    return { kind: 'map', entries: Object.entries(value).map(([key, item]) => [key, fromJson(item, at, holes, depth + 1)]), at }
  }
  const text = String(value)
  let pattern = text
  let why: string | undefined
  for (const [hole, reason] of holes) {
    if (!pattern.includes(hole)) continue
    why ??= reason
    pattern = pattern.split(hole).join(UNKNOWN_PART)
  }
  return why === undefined ? { kind: 'text', value: text, at } : { kind: 'unknown', why, at, pattern }
}

function entry(node: PolicyNode, key: string): PolicyNode | undefined {
  if (node.kind !== 'map') return undefined
  return node.entries.find(([name]) => name === key)?.[1]
}

function readStatement(node: PolicyNode): PolicyStatement {
  const at = node.at
  if (node.kind !== 'map') {
    const why = node.kind === 'unknown' ? node.why : 'not an object'
    const none = unknown<never>(`the statement is ${why}`, at)
    return { effect: none, principal: none, actions: none, resources: none, conditions: none, at }
  }
  const effect = textOf(entry(node, 'Effect'), 'no Effect')
  return {
    effect: effect.known
      ? effect.value === 'Allow' || effect.value === 'Deny'
        ? known(effect.value, effect.at)
        : unknown(`unrecognised effect ${effect.value}`, effect.at)
      : effect,
    principal: principalOf(node),
    actions: negatable(node, 'Action', 'NotAction'),
    resources: negatable(node, 'Resource', 'NotResource', true),
    conditions: conditionsOf(entry(node, 'Condition'), at),
    at,
  }
}

function textOf(node: PolicyNode | undefined, missing: string): Fact<string> {
  if (!node) return unknown(missing)
  if (node.kind === 'text') return known(node.value, node.at)
  return unknown(node.kind === 'unknown' ? node.why : `a ${node.kind}`, node.at)
}

/** A string or a list of strings; with `patterns`, text with unknown parts is its pattern. */
function textsOf(node: PolicyNode, patterns = false): Fact<string[]> {
  if (node.kind === 'unknown' && !(patterns && node.pattern !== undefined)) return unknown(node.why, node.at)
  const items = node.kind === 'list' ? node.items : [node]
  const values: string[] = []
  for (const item of items) {
    if (patterns && item.kind === 'unknown' && item.pattern !== undefined) {
      values.push(item.pattern)
      continue
    }
    const text = textOf(item, '')
    if (!text.known) return unknown(text.why, node.at)
    values.push(text.value)
  }
  return known(values, node.at)
}

function negatable(statement: PolicyNode, key: string, negatedKey: string, patterns = false): Fact<{ negated: boolean; values: string[] }> {
  const plain = entry(statement, key)
  const negated = entry(statement, negatedKey)
  const node = plain ?? negated
  if (!node) return unknown(`no ${key}`, statement.at)
  const values = textsOf(node, patterns)
  return values.known ? known({ negated: plain === undefined, values: values.value }, values.at) : values
}

function principalOf(statement: PolicyNode): PolicyStatement['principal'] {
  if (entry(statement, 'NotPrincipal')) return unknown('NotPrincipal names who is not meant', entry(statement, 'NotPrincipal')!.at)
  const node = entry(statement, 'Principal')
  if (!node) return unknown('no Principal', statement.at)
  if (node.kind === 'text') return node.value === '*' ? known({ anyone: true }, node.at) : known({ anyone: false, principals: [node.value] }, node.at)
  if (node.kind !== 'map') return unknown(`the principal is ${node.kind === 'unknown' ? node.why : 'a list'}`, node.at)
  const principals: string[] = []
  for (const [type, value] of node.entries) {
    const values = textsOf(value)
    if (!values.known) return unknown(`the ${type} principals are ${values.why}`, values.at ?? node.at)
    if (type === 'AWS' && values.value.includes('*')) return known({ anyone: true }, node.at)
    principals.push(...values.value)
  }
  return known({ anyone: false, principals }, node.at)
}

function conditionsOf(node: PolicyNode | undefined, at: FactOrigin | undefined): Fact<PolicyCondition[]> {
  if (!node) return known([], at)
  if (node.kind !== 'map') return unknown(`the condition is ${node.kind === 'unknown' ? node.why : 'not an object'}`, node.at)
  const conditions: PolicyCondition[] = []
  for (const [operator, keys] of node.entries) {
    if (keys.kind !== 'map') return unknown(`the ${operator} condition is ${keys.kind === 'unknown' ? keys.why : 'not an object'}`, keys.at)
    for (const [key, values] of keys.entries) conditions.push({ operator, key, values: textsOf(values) })
  }
  return known(conditions, node.at)
}

/** What a condition key limits callers to. */
export type CallerLimitKind = 'vpc' | 'vpce' | 'source-ip' | 'organization' | 'account' | 'principal' | 'condition'

/** One thing a caller may meet: a condition key with its values, or the principals an Allow names (`key` is `Principal`). */
export interface CallerTest {
  kind: CallerLimitKind
  key: string
  values: Fact<string[]>
}

/**
 * A limit on who gets through: a caller meeting any one of `anyOf` passes it. An Allow's own
 * condition is one test; a Deny of everyone who meets none of its conditions (`StringNotEquals`
 * on `aws:SourceVpc` and `aws:SourceVpce` in one block) is one limit with a test per key.
 */
export interface CallerLimit {
  anyOf: CallerTest[]
  /** The statement the limit comes from: the Allow itself, or the Deny. */
  statement: PolicyStatement
}

/**
 * Who the policy lets invoke the API:
 * - `anyone`: an Allow admits every principal and nothing narrows it;
 * - `limited`: every Allow is narrowed, by its own condition or principals or by a Deny of
 *   everyone who does not meet a condition; `allows` gives the limits of each Allow (a caller
 *   must pass all the limits of one Allow);
 * - `nobody`: no statement allows invoking, or a Deny turns everyone away.
 * Unknown when a statement that could change the answer cannot be read.
 */
export type PolicyAudience =
  | { kind: 'anyone'; statement: PolicyStatement }
  | { kind: 'limited'; allows: Array<{ statement: PolicyStatement; limits: CallerLimit[] }> }
  | { kind: 'nobody' }

export function policyAudience(policy: ResourcePolicy): Fact<PolicyAudience> {
  if (!policy.statements.known) return policy.statements
  const statements = policy.statements.value
  const narrowing: CallerLimit[] = []
  let undecidedDeny: string | undefined
  for (const statement of statements) {
    if (!statement.effect.known) {
      undecidedDeny ??= `a statement's effect is unknown (${statement.effect.why})`
      continue
    }
    if (statement.effect.value !== 'Deny') continue
    const limit = denyLimit(statement)
    if (!limit.known) undecidedDeny ??= limit.why
    else if (limit.value === 'everyone') return known({ kind: 'nobody' }, statement.at)
    else if (limit.value) narrowing.push(limit.value)
  }
  const allows: Array<{ statement: PolicyStatement; limits: CallerLimit[] }> = []
  for (const statement of statements) {
    if (!statement.effect.known) return unknown(`a statement's effect is unknown (${statement.effect.why})`, statement.effect.at)
    if (statement.effect.value !== 'Allow') continue
    const invokes = coversInvoke(statement)
    if (!invokes.known) return invokes
    if (!invokes.value) continue
    const own = allowLimits(statement)
    if (!own.known) return own
    const limits = [...own.value, ...narrowing]
    if (limits.length === 0) {
      if (undecidedDeny !== undefined) return unknown(undecidedDeny, statement.at)
      return known({ kind: 'anyone', statement }, statement.at)
    }
    allows.push({ statement, limits })
  }
  if (allows.length === 0) return known({ kind: 'nobody' }, policy.at)
  return known({ kind: 'limited', allows }, policy.at)
}

/** The one kind of caller a policy admits, as the rules about private and internal APIs ask it. */
export type AllowedFrom =
  | 'anyone'
  | 'nobody'
  | 'vpc'
  | 'vpce'
  /** Every Allow is limited to VPCs or VPC endpoints, not all to the same one of the two. */
  | 'vpc-or-vpce'
  | 'source-ip'
  | 'organization'
  | 'account'
  | 'principal'
  /** Limited, but not all Allows the same way, or by a condition key not listed here. */
  | 'mixed'

type LimitClass = CallerLimitKind | 'vpc-or-vpce'

/** Strongest first: a VPC endpoint, a VPC, either, addresses, an organization, accounts, principals, anything else. */
const CLASS_ORDER: readonly LimitClass[] = ['vpce', 'vpc', 'vpc-or-vpce', 'source-ip', 'organization', 'account', 'principal', 'condition']

function limitClass(limit: CallerLimit): LimitClass {
  const kinds = new Set(limit.anyOf.map((test) => test.kind))
  if (kinds.size === 1) return [...kinds][0]!
  return [...kinds].every((kind) => kind === 'vpc' || kind === 'vpce') ? 'vpc-or-vpce' : 'condition'
}

/**
 * Whom the policy admits: `vpce` when every Allow (after the Denies) requires a VPC endpoint,
 * `vpc` a VPC, `vpc-or-vpce` one or the other, and so on; `anyone` when an Allow admits every
 * principal with nothing narrowing it.
 */
export function allowsOnlyFrom(policy: ResourcePolicy): Fact<AllowedFrom> {
  const audience = policyAudience(policy)
  if (!audience.known) return audience
  const value = audience.value
  if (value.kind !== 'limited') return known(value.kind, audience.at)
  const strongest = new Set(
    value.allows.map(({ limits }) => {
      const classes = new Set(limits.map(limitClass))
      return CLASS_ORDER.find((kind) => classes.has(kind)) ?? 'condition'
    }),
  )
  if (strongest.size === 1) {
    const only = [...strongest][0]!
    return known(only === 'condition' ? 'mixed' : only, audience.at)
  }
  if ([...strongest].every((kind) => kind === 'vpc' || kind === 'vpce' || kind === 'vpc-or-vpce')) return known('vpc-or-vpce', audience.at)
  return known('mixed', audience.at)
}

const LIMIT_KEYS: Readonly<Record<string, CallerLimitKind>> = {
  'aws:sourcevpc': 'vpc',
  'aws:sourcevpce': 'vpce',
  'aws:sourceip': 'source-ip',
  'aws:vpcsourceip': 'source-ip',
  'aws:principalorgid': 'organization',
  'aws:principalorgpaths': 'organization',
  'aws:principalaccount': 'account',
  'aws:sourceaccount': 'account',
  'aws:principalarn': 'principal',
}

/** Operators that admit only matching callers (on an Allow) or turn away the others (on a Deny). */
const MATCHING = /^(ForAnyValue:)?(StringEquals|StringEqualsIgnoreCase|StringLike|ArnEquals|ArnLike|IpAddress)$/
const NOT_MATCHING = /^(ForAllValues:)?(StringNotEquals|StringNotEqualsIgnoreCase|StringNotLike|ArnNotEquals|ArnNotLike|NotIpAddress)$/

function testOf(condition: PolicyCondition): CallerTest {
  return { kind: LIMIT_KEYS[condition.key.toLowerCase()] ?? 'condition', key: condition.key, values: condition.values }
}

function allowLimits(statement: PolicyStatement): Fact<CallerLimit[]> {
  if (!statement.principal.known) return unknown(`an Allow's principal is unknown (${statement.principal.why})`, statement.principal.at)
  if (!statement.conditions.known) return unknown(`an Allow's condition is unknown (${statement.conditions.why})`, statement.conditions.at)
  const limits: CallerLimit[] = []
  const principal = statement.principal.value
  if (!principal.anyone) {
    limits.push({ anyOf: [{ kind: 'principal', key: 'Principal', values: known(principal.principals, statement.principal.at) }], statement })
  }
  for (const condition of statement.conditions.value) {
    // `...IfExists` admits callers without the key, and other operators (Bool, Null, ...) do not say who calls.
    if (MATCHING.test(condition.operator)) limits.push({ anyOf: [testOf(condition)], statement })
  }
  return known(limits)
}

/**
 * What a Deny does to every caller of the whole API: turn away everyone (no condition), or
 * everyone who meets none of its negated conditions (a limit); undefined when it names some
 * principals, actions or resources only, or matches on a condition (it then turns away some).
 */
function denyLimit(statement: PolicyStatement): Fact<CallerLimit | 'everyone' | undefined> {
  const invokes = coversInvoke(statement)
  if (!invokes.known) return invokes
  if (!invokes.value) return known(undefined)
  if (!statement.principal.known) return unknown(`a Deny's principal is unknown (${statement.principal.why})`, statement.principal.at)
  if (!statement.principal.value.anyone) return known(undefined)
  if (!statement.resources.known) return unknown(`a Deny's resources are unknown (${statement.resources.why})`, statement.resources.at)
  const { negated, values } = statement.resources.value
  if (negated) return known(undefined)
  const covers = values.map(coversWholeApi)
  if (!covers.includes(true)) {
    if (covers.includes(undefined)) return unknown("whether a Deny's resources cover the whole API is known only at deploy time", statement.resources.at)
    return known(undefined)
  }
  if (!statement.conditions.known) return unknown(`a Deny's condition is unknown (${statement.conditions.why})`, statement.conditions.at)
  const conditions = statement.conditions.value
  if (conditions.length === 0) return known('everyone')
  if (!conditions.every((condition) => NOT_MATCHING.test(condition.operator))) return known(undefined)
  return known({ anyOf: conditions.map(testOf), statement })
}

/** Whether the statement's actions include invoking the API. */
function coversInvoke(statement: PolicyStatement): Fact<boolean> {
  if (!statement.actions.known) return unknown(`a statement's actions are unknown (${statement.actions.why})`, statement.actions.at)
  const { negated, values } = statement.actions.value
  const invoke = values.some((action) => /^(\*|execute-api:\*|execute-api:invoke)$/i.test(action))
  return known(negated ? !invoke : invoke)
}

const API_ARN = /^arn:[^:]*:execute-api:[^:]*:[^:]*:([^/]*)(.*)$/

/**
 * Whether a resource pattern names every method of every stage: `*`, `execute-api:/*`,
 * `arn:aws:execute-api:region:account:api-id/*`, `…:api-id*`. Undefined when parts known only at
 * deploy time decide it. A pattern that starts with such a part and goes on
 * (`${aws_api_gateway_rest_api.x.execution_arn}/*`) is read as the API's own ARN, and so are
 * unknown region, account and API id parts: a resource policy names the methods of its API.
 */
function coversWholeApi(resource: string): boolean | undefined {
  if (resource === '*') return true
  if (resource === UNKNOWN_PART) return undefined
  const written = resource.startsWith(UNKNOWN_PART) ? `arn:aws:execute-api:region:account:api${resource.slice(UNKNOWN_PART.length)}` : resource
  let path: string
  if (written.startsWith('execute-api:')) path = written.slice('execute-api:'.length)
  else {
    const arn = API_ARN.exec(written)
    if (!arn) return written.includes(UNKNOWN_PART) ? undefined : false
    // `…:api-id*` (no path) matches every method; `…:*/GET/x` only the paths after it.
    if (arn[1]!.endsWith('*') && arn[2] === '') return true
    path = arn[2]!
  }
  // An unknown part of the path may be a wildcard or a name: when the two readings differ, nobody can tell.
  const widest = WHOLE_PATH.test(path.split(UNKNOWN_PART).join('*'))
  return widest === WHOLE_PATH.test(path.split(UNKNOWN_PART).join('name')) ? widest : undefined
}

const WHOLE_PATH = /^(\/\*)+$/
