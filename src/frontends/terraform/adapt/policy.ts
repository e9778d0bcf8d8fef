/**
 * Resource policies in Terraform: a REST API's `policy` (or an `aws_api_gateway_rest_api_policy`)
 * into the shared `ResourcePolicy`. The argument is JSON text: a heredoc or string, a
 * `jsonencode(...)` (read from the value it encodes, so the parts known only after apply stay
 * unknown and the rest is kept), or the `json` of an `aws_iam_policy_document` data source of the
 * module, read from its `statement` blocks.
 */
import { POLICY_DOCUMENT_DEFAULT_EFFECT } from '../../../model/aws.js'
import { POLICY_MAX_DEPTH, UNKNOWN_PART, policyFromText, readPolicy, type PolicyNode } from '../../../model/policy.js'
import { known, unknown, type Fact, type FactOrigin, type PolicyStatement, type ResourcePolicy } from '../../../model/types.js'
import type { TfResource, TfValue } from '../ir.js'
import { encodedFrom, formatNumber, templateOf } from '../values.js'
import type { BuildContext } from './context.js'
import { blocks, field, readerOf } from './read.js'

const POLICY_DOCUMENT = 'aws_iam_policy_document'

/** The policy `value` of `resource` holds. */
export function terraformPolicy(context: BuildContext, resource: TfResource, value: TfValue): ResourcePolicy {
  const { at } = readerOf(resource)
  const origin = at(value)
  if (value.kind === 'scalar') return policyFromText(String(value.value), origin)
  if (value.kind !== 'unknown') return readPolicy(policyNode(resource, value), origin)
  const source = encodedFrom(value)
  if (source) return readPolicy(policyNode(resource, source), origin)
  const template = templateOf(value)
  if (template) {
    const holes = new Map<string, string>()
    const text = template.map((part) => {
      if (typeof part === 'string') return part
      const hole = `@@iac-lint-hole-${holes.size}@@`
      holes.set(hole, part.why)
      return hole
    })
    return policyFromText(text.join(''), origin, holes)
  }
  const document = value.refs
    .flatMap((ref) => (ref.attribute === undefined || ref.attribute === 'json' ? context.resolve(ref) : []))
    .find((candidate) => candidate.mode === 'data' && candidate.type === POLICY_DOCUMENT)
  if (document) return policyDocument(document, origin)
  return { statements: unknown(`the policy is ${value.why}`, origin), at: origin }
}

/** An evaluated value as a policy tree. */
function policyNode(resource: TfResource, value: TfValue, depth = 0): PolicyNode {
  const at = readerOf(resource).at(value)
  if (depth > POLICY_MAX_DEPTH) return { kind: 'unknown', why: 'nested too deeply to be a policy', at }
  switch (value.kind) {
    case 'scalar':
      return { kind: 'text', value: typeof value.value === 'number' ? formatNumber(value.value) : String(value.value), at }
    case 'list':
      return { kind: 'list', items: value.items.map((item) => policyNode(resource, item, depth + 1)), at }
    case 'object':
      return { kind: 'map', entries: [...value.fields].map(([key, item]) => [key, policyNode(resource, item, depth + 1)]), at }
    case 'unknown': {
      // A resource ARN built in a string template keeps its known text.
      const template = templateOf(value)
      const pattern = template?.map((part) => (typeof part === 'string' ? part : UNKNOWN_PART)).join('')
      return pattern === undefined ? { kind: 'unknown', why: value.why, at } : { kind: 'unknown', why: value.why, at, pattern }
    }
  }
}

/**
 * An `aws_iam_policy_document`'s statements: `effect` (Allow when not set), `actions` or
 * `not_actions`, `resources` or `not_resources`, `principals` blocks (`type` and `identifiers`;
 * type `*` or AWS `*` is anyone) and `condition` blocks (`test`, `variable`, `values`). A document
 * that merges others (`source_policy_documents`, `override_policy_documents`) is unknown.
 */
function policyDocument(document: TfResource, origin: FactOrigin): ResourcePolicy {
  const read = readerOf(document)
  const merged = read.arg('source_policy_documents') ?? read.arg('override_policy_documents') ?? read.arg('source_json') ?? read.arg('override_json')
  if (merged) return { statements: unknown(`${document.address} merges other policy documents`, read.at(merged)), at: origin }
  const statementBlocks = blocks(read.arg('statement'))
  if (statementBlocks === undefined) return { statements: unknown(`the statements of ${document.address} are known only after apply`, origin), at: origin }
  const statements = statementBlocks.map((block): PolicyStatement => {
    const at = read.at(block)
    const effect = read.str(field(block, 'effect'), POLICY_DOCUMENT_DEFAULT_EFFECT)
    return {
      effect: effect.known ? (effect.value === 'Allow' || effect.value === 'Deny' ? known(effect.value, effect.at) : unknown(`unrecognised effect ${effect.value}`, effect.at)) : effect,
      principal: principals(document, block, at),
      actions: negatable(document, block, 'actions', 'not_actions', at),
      resources: negatable(document, block, 'resources', 'not_resources', at),
      conditions: conditions(document, block, at),
      at,
    }
  })
  return { statements: known(statements, origin), at: origin }
}

function negatable(document: TfResource, block: TfValue, name: string, negatedName: string, at: FactOrigin): Fact<{ negated: boolean; values: string[] }> {
  const read = readerOf(document)
  const plain = field(block, name)
  const value = plain ?? field(block, negatedName)
  if (!value) return unknown(`no ${name}`, at)
  const values = read.strList(value, [])
  return values.known ? known({ negated: plain === undefined, values: values.value }, values.at) : values
}

function principals(document: TfResource, block: TfValue, at: FactOrigin): PolicyStatement['principal'] {
  const read = readerOf(document)
  if (field(block, 'not_principals')) return unknown('not_principals names who is not meant', at)
  const list = blocks(field(block, 'principals'))
  if (list === undefined) return unknown('the principals are known only after apply', at)
  // A statement without principals is no resource policy statement; IAM rejects it.
  if (list.length === 0) return unknown('no principals', at)
  const found: string[] = []
  for (const principal of list) {
    const type = read.str(field(principal, 'type'))
    const identifiers = read.strList(field(principal, 'identifiers'), [])
    if (!type.known) return type
    if (!identifiers.known) return identifiers
    if ((type.value === '*' || type.value === 'AWS') && identifiers.value.includes('*')) return known({ anyone: true }, read.at(principal))
    found.push(...identifiers.value)
  }
  return known({ anyone: false, principals: found }, at)
}

function conditions(document: TfResource, block: TfValue, at: FactOrigin): PolicyStatement['conditions'] {
  const read = readerOf(document)
  const list = blocks(field(block, 'condition'))
  if (list === undefined) return unknown('the conditions are known only after apply', at)
  const found: Array<{ operator: string; key: string; values: Fact<string[]> }> = []
  for (const condition of list) {
    const test = read.str(field(condition, 'test'))
    const variable = read.str(field(condition, 'variable'))
    if (!test.known) return test
    if (!variable.known) return variable
    found.push({ operator: test.value, key: variable.value, values: read.strList(field(condition, 'values'), []) })
  }
  return known(found, at)
}

const REST_API_POLICY = 'aws_api_gateway_rest_api_policy'
const separatePolicies = new WeakMap<BuildContext, Map<string, TfResource>>()

/**
 * The resource policy of a REST API: its `policy` argument, else the first
 * `aws_api_gateway_rest_api_policy` for it; undefined when it has neither.
 */
export function restApiPolicy(context: BuildContext, api: TfResource): ResourcePolicy | undefined {
  const own = field(api.body, 'policy')
  if (own && !(own.kind === 'scalar' && own.value === '')) return terraformPolicy(context, api, own)
  let byApi = separatePolicies.get(context)
  if (!byApi) {
    byApi = new Map()
    for (const candidate of context.managed(REST_API_POLICY)) {
      for (const address of context.refsTo(field(candidate.body, 'rest_api_id'), ['aws_api_gateway_rest_api'])) {
        if (!byApi.has(address)) byApi.set(address, candidate)
      }
    }
    separatePolicies.set(context, byApi)
  }
  const separate = byApi.get(api.address)
  const value = separate ? field(separate.body, 'policy') : undefined
  return separate && value ? terraformPolicy(context, separate, value) : undefined
}
