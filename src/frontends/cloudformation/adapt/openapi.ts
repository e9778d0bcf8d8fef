/**
 * OpenAPI definitions of CloudFormation and SAM APIs into the neutral tree the one reader of
 * OpenAPI reads (`../../openapi/read.ts`): `AWS::ApiGateway::RestApi.Body`,
 * `AWS::ApiGatewayV2::Api.Body`, SAM `DefinitionBody` (inline, or `Fn::Transform: AWS::Include`
 * of a local file) and `DefinitionUri` (a local file). Inline bodies and included files go
 * through the resolver, so intrinsic functions inside them (`Fn::Sub` with `${Fn.Arn}`,
 * `Fn::GetAtt`, `Ref`, `Fn::If`, parameters) count; a `DefinitionUri` file is read as written,
 * since SAM does not process intrinsic functions in it. Definitions in S3 (`BodyS3Location`, a
 * `DefinitionUri` that is an S3 URI or a `Bucket` and `Key`, `AWS::Include` from S3) and local
 * files that cannot be read are not read: the API's routes are unknown and the template gets one
 * finding for the API saying why.
 */
import path from 'node:path'
import { fileTooLargeFinding, openApiNotReadFinding, parseErrorFinding } from '../../../core/builtin.js'
import type { Range } from '../../../core/types.js'
import { describeApi } from '../../../model/describe.js'
import type { Api, FactOrigin } from '../../../model/types.js'
import { mapGet, pointRange, type DocMapEntry, type DocNode } from '../../../parse/types.js'
import { parseExternalDocument, readExternalText } from '../../external-file.js'
import { readOpenApi, type OpenApiInput, type OpenApiRead } from '../../openapi/read.js'
import type { OaEntry, OaNode } from '../../openapi/types.js'
import { whyOf } from '../reader.js'
import type { Resolver, Value } from '../resolve.js'
import { FUNCTION_TYPES, type BuildContext } from './context.js'

/** Where an API's definition is written, as the template's properties give it. */
export interface DefinitionProperties {
  /** `Body` / `DefinitionBody`: an inline definition, or an `AWS::Include`. */
  body?: DocMapEntry
  /** `BodyS3Location`: a definition in S3. */
  s3Location?: DocMapEntry
  /** SAM `DefinitionUri`: a local path, an S3 URI, or a `Bucket` and `Key`. */
  uri?: DocMapEntry
}

/** What the SAM transform adds to the reading of a definition (see `OpenApiInput`). */
export type DefinitionOptions = Pick<OpenApiInput, 'merged' | 'defaultSecurity'> & { scheme?: OpenApiInput['links']['scheme'] }

/**
 * Reads the definition of `api` (already in the model) into its operations, integrations and
 * authorizers; undefined when the template gives the API no definition.
 */
export function readApiDefinition(
  context: BuildContext,
  api: Api,
  properties: DefinitionProperties,
  constructPath: string | undefined,
  options: DefinitionOptions = {},
): OpenApiRead | undefined {
  const written = properties.body ?? properties.uri ?? properties.s3Location
  if (!written) return undefined
  const definition = definitionTree(context, api, properties)
  const at = origin(context.read.file, written.keyRange)
  const links: OpenApiInput['links'] = {
    functions: (node) => context.read.ofTypes(refsIn(node), FUNCTION_TYPES),
    ...(options.scheme ? { scheme: options.scheme } : {}),
  }
  return readOpenApi({
    model: context.model,
    api,
    definition,
    address: api.source.address,
    ...(constructPath === undefined ? {} : { constructPath }),
    links,
    budget: context.read.resolver.budget,
    defaultsAt: at,
    ...(options.merged ? { merged: options.merged } : {}),
    ...(options.defaultSecurity ? { defaultSecurity: options.defaultSecurity } : {}),
  })
}

/** The definition as a tree, or an unknown node saying why it is not read (after adding the finding that says so). */
function definitionTree(context: BuildContext, api: Api, properties: DefinitionProperties): OaNode {
  const file = context.read.file
  if (properties.body) {
    const include = includeLocation(properties.body.value)
    if (include) return includedDefinition(context, api, properties.body, include)
    const converted = fromTemplate(context.read.resolver, properties.body.value, file)
    return converted ?? unknownNode('the definition is not set', origin(file, properties.body.value.range))
  }
  if (properties.uri) return uriDefinition(context, api, properties.uri)
  const s3 = properties.s3Location!
  return notRead(context, api, s3, 'it is in S3 (BodyS3Location)')
}

/** `Fn::Transform: {Name: AWS::Include, Parameters: {Location}}`: the `Location` node, or undefined for any other body. */
function includeLocation(body: DocNode): DocNode | undefined {
  if (body.kind !== 'map' || body.entries.length !== 1 || body.entries[0]!.key !== 'Fn::Transform') return undefined
  const transform = body.entries[0]!.value
  const name = mapGet(transform, 'Name')
  if (name?.kind !== 'scalar' || name.value !== 'AWS::Include') return undefined
  return mapGet(mapGet(transform, 'Parameters'), 'Location') ?? transform
}

function includedDefinition(context: BuildContext, api: Api, body: DocMapEntry, location: DocNode): OaNode {
  const value = context.read.resolver.resolve(location)
  if (value.kind !== 'scalar' || typeof value.value !== 'string') {
    return notRead(context, api, body, `the AWS::Include location is ${value.kind === 'scalar' ? 'not a string' : whyOf(value)}`)
  }
  if (/^s3:\/\//i.test(value.value) || /^https?:\/\//i.test(value.value)) return notRead(context, api, body, `it is included from S3 (${value.value})`)
  const document = localDocument(context, api, body, value.value)
  if (document.kind === 'unknown') return document
  return fromTemplate(context.read.resolver.inFile(document.file), document.root, document.file) ?? unknownNode('the included file is empty', origin(document.file, document.root.range))
}

function uriDefinition(context: BuildContext, api: Api, uri: DocMapEntry): OaNode {
  const value = context.read.resolver.resolve(uri.value)
  if (value.kind === 'map') return notRead(context, api, uri, 'it is in S3 (DefinitionUri with a Bucket and Key)')
  if (value.kind !== 'scalar' || typeof value.value !== 'string') return notRead(context, api, uri, `the DefinitionUri is ${whyOf(value)}`)
  if (/^s3:\/\//i.test(value.value)) return notRead(context, api, uri, `it is in S3 (${value.value})`)
  const document = localDocument(context, api, uri, value.value)
  if (document.kind === 'unknown') return document
  return literal(context, document.root, document.file, 0)
}

/**
 * The parsed document of a local file the template names, relative to the template's folder.
 * A file that cannot be read or parsed is that file's finding; one outside the scan or missing
 * is a finding at the property that names it.
 */
function localDocument(
  context: BuildContext,
  api: Api,
  property: DocMapEntry,
  name: string,
): { kind: 'document'; file: string; root: DocNode } | (OaNode & { kind: 'unknown' }) {
  const template = context.read.file
  const read = readExternalText(name, path.dirname(template), context.files)
  if (!read.ok) {
    if (read.reason === 'outside' || read.reason === 'missing' || read.reason === 'not-a-file') return notRead(context, api, property, read.message)
    const finding =
      read.reason === 'too-large' ? fileTooLargeFinding(read.file, name, read.size ?? 0, context.files.maxBytes) : parseErrorFinding(read.file, read.message, FIRST_LINE)
    context.model.inputFindings.push(finding)
    return unknownNode(`the definition file ${name} cannot be read`, origin(template, property.value.range))
  }
  const parsed = parseExternalDocument(read.text, read.file)
  if (!parsed.ok) {
    context.model.inputFindings.push(parseErrorFinding(read.file, parsed.message, parsed.range))
    return unknownNode(`the definition file ${name} cannot be parsed`, origin(template, property.value.range))
  }
  return { kind: 'document', file: read.file, root: parsed.root }
}

const FIRST_LINE: Range = pointRange(1, 1)

/** The API's one `openapi-not-read` note, at the property that places the definition; the unknown definition it leaves. */
function notRead(context: BuildContext, api: Api, property: DocMapEntry, why: string): OaNode & { kind: 'unknown' } {
  const file = context.read.file
  context.model.inputFindings.push(openApiNotReadFinding({ file, range: property.keyRange, address: api.source.address }, describeApi(api), why))
  return unknownNode(`the definition is not read (${why})`, origin(file, property.keyRange))
}

/** A template value (or an included file's) through the resolver; undefined when it is absent (`AWS::NoValue`). */
function fromTemplate(resolver: Resolver, node: DocNode, file: string): OaNode | undefined {
  return fromValue(resolver, resolver.resolve(node), origin(file, node.range), file, 0)
}

function fromValue(resolver: Resolver, value: Value, at: FactOrigin, file: string, depth: number): OaNode | undefined {
  if (!resolver.budget.fitsDepth(depth, file, value.node.range)) return unknownNode('the definition is nested too deep', at)
  switch (value.kind) {
    case 'absent':
      return undefined
    case 'scalar':
      return { kind: 'scalar', value: value.value, at, refs: [] }
    case 'ref':
      return { kind: 'unknown', why: whyOf(value), at, refs: [value.ref.resource] }
    case 'unknown':
      return { kind: 'unknown', why: value.why, at, refs: value.refs.map((ref) => ref.resource) }
    case 'list': {
      const items: OaNode[] = []
      for (const item of value.items) {
        const converted = fromValue(resolver, item, origin(file, item.node.range), file, depth + 1)
        if (converted) items.push(converted)
      }
      return { kind: 'list', items, at }
    }
    case 'map': {
      const entries: OaEntry[] = []
      for (const entry of value.node.entries) {
        const converted = fromValue(resolver, resolver.resolve(entry.value), origin(file, entry.value.range), file, depth + 1)
        if (converted) entries.push({ key: entry.key, keyAt: origin(file, entry.keyRange), value: converted })
      }
      return { kind: 'map', entries, at }
    }
  }
}

/** A document as written, without intrinsic functions (a `DefinitionUri` file). */
function literal(context: BuildContext, node: DocNode, file: string, depth: number): OaNode {
  const at = origin(file, node.range)
  const { budget } = context.read.resolver
  if (!budget.step(file, node.range)) return unknownNode('evaluation stopped at a work budget', at)
  if (!budget.fitsDepth(depth, file, node.range)) return unknownNode('the definition is nested too deep', at)
  switch (node.kind) {
    case 'scalar':
      return { kind: 'scalar', value: node.value, at, refs: [] }
    case 'seq':
      return { kind: 'list', items: node.items.map((item) => literal(context, item, file, depth + 1)), at }
    case 'map':
      return {
        kind: 'map',
        entries: node.entries.map((entry) => ({ key: entry.key, keyAt: origin(file, entry.keyRange), value: literal(context, entry.value, file, depth + 1) })),
        at,
      }
  }
}

/** The resources a converted value was built from, at any depth. */
function refsIn(node: OaNode): string[] {
  switch (node.kind) {
    case 'scalar':
    case 'unknown':
      return [...node.refs]
    case 'list':
      return node.items.flatMap(refsIn)
    case 'map':
      return node.entries.flatMap((entry) => refsIn(entry.value))
  }
}

function unknownNode(why: string, at: FactOrigin): OaNode & { kind: 'unknown' } {
  return { kind: 'unknown', why, at, refs: [] }
}

function origin(file: string, range: Range): FactOrigin {
  return { file, range }
}
