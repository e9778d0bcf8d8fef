/**
 * The OpenAPI `body` of `aws_api_gateway_rest_api` and `aws_apigatewayv2_api`, handed to the one
 * reader of OpenAPI (`../../openapi/read.ts`) as its neutral tree (`OaNode`). The tree is built
 * from what the body's value notes of its text (`TfText`):
 *
 * - `jsonencode({...})`: the evaluated value it encodes, each part at its place in the `.tf` file
 *   (a map key at its value, as evaluated values keep no key ranges); a part known only after
 *   apply (an `invoke_arn`) is an unknown node naming the resources it refers to.
 * - `file("${path.module}/openapi.yaml")`: the file parsed as YAML or JSON, at its own lines.
 * - `templatefile(path, vars)`: the file parsed before rendering, each `${name}` in a string
 *   filled from `vars`: a known value is put in, one known only after apply makes that string
 *   unknown with the references. A directive (`%{ for }`, `%{ if }`) or a file that does not
 *   parse before rendering makes the whole definition unknown with the reason, and the API gets
 *   an `openapi-not-read` note.
 * - `jsondecode`/`yamldecode` of one of these, encoded again: read as the text decoded.
 * - the `rendered` template of a `template_file` data source (the template provider's older
 *   form of `templatefile`) whose `template` is a `file()`: read as `templatefile`.
 * - any other string (a plan's body, a heredoc): parsed as it is, every node at the `body` value,
 *   as a place inside a string cannot be told exactly.
 *
 * A string read from a text names the functions whose ARN it holds, when their ARNs are known (a
 * plan of functions that exist already): the text keeps no references.
 */
import path from 'node:path'
import { fileTooLargeFinding, openApiNotReadFinding, parseErrorFinding } from '../../../core/builtin.js'
import type { Finding } from '../../../core/types.js'
import { describeApi } from '../../../model/describe.js'
import type { Api, FactOrigin } from '../../../model/types.js'
import { pointRange, type DocNode, type Range } from '../../../parse/types.js'
import { parseExternalDocument } from '../../external-file.js'
import { readOpenApi } from '../../openapi/read.js'
import type { OaEntry, OaNode } from '../../openapi/types.js'
import type { TfRef, TfResource, TfText, TfValue } from '../ir.js'
import { scanTemplate } from '../template-text.js'
import { allRefs, primitiveText } from '../values.js'
import type { BuildContext } from './context.js'
import { FUNCTIONS } from './lambda.js'
import { field } from './read.js'

/** Reads the `body` of an API resource, when it has one, into the API's operations, integrations, authorizers and features. */
export function readBody(context: BuildContext, resource: TfResource, api: Api): void {
  const body = field(resource.body, 'body')
  if (!body) return
  const file = resource.location.file
  readOpenApi({
    model: context.model,
    api,
    definition: definitionOf(body, file, {
      arns: knownArns(context),
      rendered: (ref) => templateFileText(context, ref),
      report: (finding) => context.model.inputFindings.push(finding),
      notRead: (why) => context.model.inputFindings.push(openApiNotReadFinding({ file, range: body.range, address: resource.address }, describeApi(api), why)),
    }),
    address: resource.address,
    links: { functions: (node) => functionsOf(context, node) },
    budget: context.budget,
    defaultsAt: { file, range: body.range, defaulted: true },
  })
}

/** The functions a node names (an alias counts as its function). */
function functionsOf(context: BuildContext, node: OaNode): string[] {
  if (node.kind !== 'scalar' && node.kind !== 'unknown') return []
  return [...new Set(node.refs.flatMap((address) => context.targets({ address }, FUNCTIONS)))]
}

/** The functions whose ARN or invoke ARN a string holds, by the known ARNs of the functions in the model's resources. */
export type ArnLookup = (text: string) => string[]

function knownArns(context: BuildContext): ArnLookup {
  const byArn = new Map<string, string>()
  for (const type of FUNCTIONS) {
    for (const resource of context.managed(type)) {
      for (const name of ['arn', 'invoke_arn', 'qualified_arn', 'qualified_invoke_arn']) {
        const value = field(resource.body, name)
        if (value?.kind === 'scalar' && typeof value.value === 'string' && value.value.startsWith('arn:')) byArn.set(value.value, resource.address)
      }
    }
  }
  if (byArn.size === 0) return () => []
  return (text) => {
    if (!text.startsWith('arn:')) return []
    const found = new Set<string>()
    for (const [arn, address] of byArn) if (text.includes(arn)) found.add(address)
    return [...found]
  }
}

/** The text a `template_file` data source renders, when its template is a file: as `templatefile` of that file. */
function templateFileText(context: BuildContext, ref: TfRef): TfText | undefined {
  if (ref.attribute !== 'rendered') return undefined
  const source = context.resolve(ref).find((resource) => resource.mode === 'data' && resource.type === 'template_file')
  const template = source ? field(source.body, 'template') : undefined
  if (!source || !template?.text) return undefined
  // A template file that was not read is the same note as a `templatefile` of it.
  if (template.text.kind === 'unread') return template.text
  if (template.text.kind !== 'file') return undefined
  const vars = field(source.body, 'vars') ?? { kind: 'object', fields: new Map(), range: template.range, refs: [] }
  return { kind: 'template', file: template.text.file, text: template.text.text, vars, varsFile: source.location.file }
}

/** What reading a body needs from the model being built. */
export interface Reading {
  /** The functions a string read from a text refers to. */
  arns: ArnLookup
  /** The text a reference to a rendered template stands for. */
  rendered(ref: TfRef): TfText | undefined
  /** A finding about a file the definition is read from (a `parse-error`, `file-too-large`). */
  report(finding: Finding): void
  /** The API's one `openapi-not-read` note, at the body: its routes are not checked. */
  notRead(why: string): void
}

const NOTHING: Reading = { arns: () => [], rendered: () => undefined, report: () => undefined, notRead: () => undefined }

/** The definition a `body` value holds, as the neutral tree; `file` is the file the value is written in. */
export function definitionOf(body: TfValue, file: string, reading: Reading = NOTHING): OaNode {
  const at: FactOrigin = { file, range: body.range }
  if (body.text) return fromText(body.text, at, reading)
  if (body.kind === 'unknown') {
    const refs = allRefs([body])
    const text = refs.length === 1 ? reading.rendered(refs[0]!) : undefined
    return text ? fromText(text, at, reading) : { kind: 'unknown', why: body.why, at, refs: addresses(body) }
  }
  if (body.kind !== 'scalar' || typeof body.value !== 'string') return { kind: 'unknown', why: 'the body is not a string', at, refs: addresses(body) }
  const parsed = parseExternalDocument(body.value, '')
  if (!parsed.ok) return { kind: 'unknown', why: `the body does not parse as JSON or YAML: ${parsed.message}`, at, refs: [] }
  return fromDocument(parsed.root, () => at, undefined, reading)
}

/**
 * The definition in a text. A file that is not read or does not parse is a finding, as
 * CloudFormation's `DefinitionUri` is: one outside the scan, missing or not a regular file is the
 * API's `openapi-not-read` note; one over the size limit or not text is the file's finding, as is a
 * definition file that does not parse. A template iac-lint cannot render is the API's note.
 */
function fromText(text: TfText, at: FactOrigin, reading: Reading): OaNode {
  switch (text.kind) {
    case 'encoded':
      return fromValue(text.value, text.file, reading)
    case 'decoded':
      return fromText(text.from, at, reading)
    case 'unread': {
      const name = path.basename(text.file)
      if (text.reason === 'outside' || text.reason === 'missing' || text.reason === 'not-a-file') return notRead(reading, text.message, at, [])
      reading.report(text.reason === 'too-large' ? fileTooLargeFinding(text.file, name, text.size ?? 0, text.limit) : parseErrorFinding(text.file, text.message, FIRST_LINE))
      return { kind: 'unknown', why: `the definition file ${name} cannot be read`, at, refs: [] }
    }
    case 'file': {
      const parsed = parseExternalDocument(text.text, text.file)
      if (!parsed.ok) {
        reading.report(parseErrorFinding(text.file, parsed.message, parsed.range))
        return { kind: 'unknown', why: `the definition file ${path.basename(text.file)} cannot be parsed`, at, refs: [] }
      }
      return fromDocument(parsed.root, (range) => ({ file: text.file, range }), undefined, reading)
    }
    case 'template': {
      const { directive } = scanTemplate(text.text)
      const refs = addresses(text.vars)
      if (directive !== undefined) return notRead(reading, `the template ${path.basename(text.file)} uses the directive ${directive}, which iac-lint does not render`, at, refs)
      const parsed = parseExternalDocument(text.text, text.file)
      if (!parsed.ok) return notRead(reading, `the template ${path.basename(text.file)} does not parse before it is rendered (${parsed.message})`, at, refs)
      return fromDocument(parsed.root, (range) => ({ file: text.file, range }), text.vars, reading)
    }
  }
}

const FIRST_LINE: Range = pointRange(1, 1)

/** The API's note that its definition is not read, and the unknown definition it leaves. */
function notRead(reading: Reading, why: string, at: FactOrigin, refs: readonly string[]): OaNode {
  reading.notRead(why)
  return { kind: 'unknown', why: `the definition is not read (${why})`, at, refs }
}

/** An evaluated value as the tree, every part at its range in `file`. */
function fromValue(value: TfValue, file: string, reading: Reading): OaNode {
  if (value.text?.kind === 'decoded') return fromText(value.text.from, { file, range: value.range }, reading)
  const at: FactOrigin = { file, range: value.range }
  switch (value.kind) {
    case 'scalar':
      return { kind: 'scalar', value: value.value, at, refs: addresses(value) }
    case 'unknown':
      return { kind: 'unknown', why: value.why, at, refs: addresses(value) }
    case 'list':
      return { kind: 'list', items: value.items.map((item) => fromValue(item, file, reading)), at }
    case 'object': {
      // Keys in the order written is what a reader expects; evaluated objects keep insertion order.
      const entries: OaEntry[] = [...value.fields].map(([key, part]) => ({ key, keyAt: { file, range: part.range }, value: fromValue(part, file, reading) }))
      return { kind: 'map', entries, at }
    }
  }
}

/**
 * A parsed document as the tree. With `vars` (a template's variables), each `${name}` in a key or
 * string is filled in; `place` says where a range of the document is.
 */
function fromDocument(root: DocNode, place: (range: Range) => FactOrigin, vars: TfValue | undefined, reading: Reading): OaNode {
  const convert = (node: DocNode): OaNode => {
    const at = place(node.range)
    switch (node.kind) {
      case 'scalar': {
        const value: OaNode = typeof node.value === 'string' && vars ? rendered(node.value, at, vars) : { kind: 'scalar', value: node.value, at, refs: [] }
        if (value.kind !== 'scalar' || typeof value.value !== 'string') return value
        const named = reading.arns(value.value)
        return named.length === 0 ? value : { ...value, refs: [...new Set([...value.refs, ...named])] }
      }
      case 'seq':
        return { kind: 'list', items: node.items.map(convert), at }
      case 'map': {
        const entries: OaEntry[] = []
        for (const entry of node.entries) {
          const key = vars ? rendered(entry.key, place(entry.keyRange), vars) : undefined
          if (key?.kind === 'unknown') return { ...key, why: `a key is ${key.why}`, at }
          entries.push({ key: key?.kind === 'scalar' ? String(key.value) : entry.key, keyAt: place(entry.keyRange), value: convert(entry.value) })
        }
        return { kind: 'map', entries, at }
      }
    }
  }
  return convert(root)
}

/** A string of a template with the variables filled in: known, or unknown with the references of what is not known. */
function rendered(text: string, at: FactOrigin, vars: TfValue): OaNode {
  const { pieces, unclosed } = scanTemplate(text)
  if (unclosed) return { kind: 'unknown', why: 'an interpolation in the template is not closed', at, refs: [] }
  if (pieces.length === 1 && pieces[0]!.kind === 'text') return { kind: 'scalar', value: pieces[0].text, at, refs: [] }
  const parts: string[] = []
  const refs = new Set<string>()
  let why: string | undefined
  let only: TfValue | undefined
  for (const piece of pieces) {
    if (piece.kind === 'text') {
      parts.push(piece.text)
      continue
    }
    const value = piece.name === undefined ? undefined : vars.kind === 'object' ? vars.fields.get(piece.name) : vars
    for (const address of value ? addresses(value) : []) refs.add(address)
    if (piece.name === undefined) why ??= `the template expression \${${piece.source}} is not evaluated by iac-lint`
    else if (!value) why ??= `the template variables have no "${piece.name}"`
    else if (value.kind === 'unknown') why ??= value.why
    else if (value.kind !== 'scalar' || value.value === null) why ??= `the template variable "${piece.name}" is not a string, number or bool`
    else {
      parts.push(primitiveText(value.value)!)
      only = value
    }
  }
  if (why !== undefined) return { kind: 'unknown', why, at, refs: [...refs] }
  // A whole scalar that is one number or bool reads as that after rendering (`timeoutInMillis: ${timeout}`).
  const typed = pieces.length === 1 && only?.kind === 'scalar' && typeof only.value !== 'string' ? only.value : undefined
  return { kind: 'scalar', value: typed ?? parts.join(''), at, refs: [...refs] }
}

/** The addresses of the resources a value mentions, each once. */
function addresses(value: TfValue): string[] {
  return [...new Set(allRefs([value]).map((ref) => ref.address))]
}
