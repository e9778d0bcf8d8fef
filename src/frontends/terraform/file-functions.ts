/**
 * The Terraform functions that read files (`file`, `templatefile`, `fileexists`) and those that
 * read data out of a string (`jsondecode`, `yamldecode`). Files are read through `FileAccess`,
 * which the module loader gives: paths are taken from the root module's folder, as Terraform
 * takes them from where it runs, and no file outside the scan roots, no pipe or device and no
 * file over the size limit is read. Each value keeps a note of the text it came from (`TfText`),
 * so that a reader of a definition inside it (an OpenAPI `body`) can point into the file.
 *
 * A file that does not exist is an error, as in Terraform (`try(file(...), "")` moves on); a file
 * that is not read is unknown with the reason.
 */
import { parseJson } from '../../parse/json.js'
import { parseYaml } from '../../parse/yaml.js'
import type { DocNode, Range } from '../../parse/types.js'
import type { ExternalText } from '../external-file.js'
import type { TfText, TfValue } from './ir.js'
import type { Meter } from './meter.js'
import { scanTemplate } from './template-text.js'
import { allRefs, errorValue, isError, list, object, primitiveText, scalar, unknownFrom, unknownValue } from './values.js'

/** Files as the functions of one root module may read them. */
export interface FileAccess {
  /** The text of the file at `given` (relative to the root module's folder, or absolute). */
  read(given: string): ExternalText
  /** The size limit files are read within, in bytes. */
  readonly maxBytes: number
  /** Whether a regular file is at `given`; a string says why that cannot be told. */
  exists(given: string): boolean | string
}

export const FILE_FUNCTIONS = new Set(['file', 'templatefile', 'fileexists', 'jsondecode', 'yamldecode'])

/** One of `FILE_FUNCTIONS`, with its arguments evaluated; `files` is undefined where no file can be read (variable files). */
export function callFileFunction(name: string, args: TfValue[], range: Range, meter: Meter, files: FileAccess | undefined): TfValue {
  switch (name) {
    case 'file':
      return readFile(args, range, meter, files)
    case 'templatefile':
      return templateFile(args, range, meter, files)
    case 'fileexists':
      return fileExists(args, range, files)
    default:
      return decode(name === 'jsondecode' ? 'json' : 'yaml', args, range, meter)
  }
}

function pathArgument(name: string, args: TfValue[], range: Range, files: FileAccess | undefined): { path: string; files: FileAccess } | TfValue {
  const [given] = args
  if (!given) return errorValue(`${name} needs a path`, range)
  if (given.kind === 'unknown') return unknownFrom(args, `the path given to ${name} is known only after apply`, range)
  const path = given.kind === 'scalar' ? primitiveText(given.value) : undefined
  if (path === undefined) return errorValue(`${name} needs a path`, range)
  if (!files) return unknownValue(`${name} cannot read files here`, range)
  return { path, files }
}

function readFile(args: TfValue[], range: Range, meter: Meter, files: FileAccess | undefined): TfValue {
  const target = pathArgument('file', args, range, files)
  if ('kind' in target) return target
  const read = target.files.read(target.path)
  if (!read.ok) return unread(read, target.files, range, [])
  if (!meter.text(read.text.length, range)) return meter.limited(range)
  return { ...scalar(read.text, range), text: { kind: 'file', file: read.file, text: read.text } }
}

/**
 * The value of a file that was not read: an error when it does not exist, as Terraform fails
 * then, else unknown; either notes the file and why, for a reader of a definition in it.
 */
function unread(read: Extract<ExternalText, { ok: false }>, files: FileAccess, range: Range, inputs: readonly TfValue[]): TfValue {
  const value = read.reason === 'missing' ? errorValue(read.message, range) : unknownValue(read.message, range, allRefs(inputs))
  const size = read.size === undefined ? {} : { size: read.size }
  value.text = { kind: 'unread', file: read.file, reason: read.reason, message: read.message, limit: files.maxBytes, ...size }
  return value
}

function fileExists(args: TfValue[], range: Range, files: FileAccess | undefined): TfValue {
  const target = pathArgument('fileexists', args, range, files)
  if ('kind' in target) return target
  const exists = target.files.exists(target.path)
  return typeof exists === 'string' ? unknownValue(exists, range) : scalar(exists, range)
}

/**
 * The rendered template when every interpolation names a variable with a known primitive value;
 * otherwise unknown. Either way the value notes the file and the variables, so that the
 * structure of a definition in the file can be read with the known parts filled in.
 */
function templateFile(args: TfValue[], range: Range, meter: Meter, files: FileAccess | undefined): TfValue {
  const target = pathArgument('templatefile', args, range, files)
  if ('kind' in target) return target
  const vars = args[1]
  if (!vars) return errorValue('templatefile needs a path and a map of variables', range)
  if (vars.kind !== 'object' && vars.kind !== 'unknown') return errorValue('templatefile needs a map of variables', range)
  const read = target.files.read(target.path)
  if (!read.ok) return unread(read, target.files, range, [vars])
  const text: TfText = { kind: 'template', file: read.file, text: read.text, vars, varsFile: meter.file }
  const rendered = renderTemplate(read.text, vars, range)
  if (typeof rendered !== 'string') {
    // Set on the fresh value itself: a copy of an error would not be one.
    if (!isError(rendered)) rendered.text = text
    return rendered
  }
  if (!meter.text(rendered.length, range)) return meter.limited(range, [vars])
  const value: TfValue = { ...scalar(rendered, range), text }
  value.refs.push(...allRefs([vars]))
  return value
}

function renderTemplate(template: string, vars: TfValue, range: Range): string | TfValue {
  const scanned = scanTemplate(template)
  if (scanned.unclosed) return errorValue('templatefile: an interpolation or directive is not closed', range)
  if (scanned.directive !== undefined) return unknownValue(`templatefile: the directive ${scanned.directive} is not evaluated by iac-lint`, range, allRefs([vars]))
  const pieces: string[] = []
  const unknowns: TfValue[] = []
  for (const piece of scanned.pieces) {
    if (piece.kind === 'text') {
      pieces.push(piece.text)
      continue
    }
    if (piece.name === undefined) return unknownValue(`templatefile: the expression \${${piece.source}} is not evaluated by iac-lint`, range, allRefs([vars]))
    if (vars.kind === 'unknown') return unknownFrom([vars], 'templatefile with variables known only after apply', range)
    const value = vars.kind === 'object' ? vars.fields.get(piece.name) : undefined
    if (!value) return errorValue(`templatefile: the variables have no "${piece.name}"`, range)
    if (value.kind === 'unknown') unknowns.push(value)
    else if (value.kind !== 'scalar' || value.value === null) return errorValue(`templatefile: "${piece.name}" is not a string, number or bool`, range)
    else pieces.push(primitiveText(value.value)!)
  }
  if (unknowns.length > 0) return unknownFrom([...unknowns, vars], 'a template filled with values known only after apply', range)
  return pieces.join('')
}

/** `jsondecode` and `yamldecode`: the data of a known string, each part at the call. */
function decode(format: 'json' | 'yaml', args: TfValue[], range: Range, meter: Meter): TfValue {
  const name = `${format}decode`
  const [arg] = args
  if (!arg) return errorValue(`${name} needs a string`, range)
  const note = (value: TfValue): TfValue => {
    if (arg.text && !isError(value)) value.text = { kind: 'decoded', format, from: arg.text }
    return value
  }
  if (arg.kind === 'unknown') return note(unknownFrom([arg], `${name} of a string known only after apply`, range))
  const source = arg.kind === 'scalar' ? primitiveText(arg.value) : undefined
  if (source === undefined) return errorValue(`${name} needs a string`, range)
  const parsed = format === 'json' ? parseJson(source) : parseYaml(source)
  if (!parsed.ok) return errorValue(`${name}: ${parsed.message}`, range)
  const value = fromDocument(parsed.root, range, meter)
  return value.kind === 'unknown' ? value : note(value)
}

/** A parsed document as a Terraform value, every part at `range`; unknown past the budget. */
function fromDocument(root: DocNode, range: Range, meter: Meter): TfValue {
  let nodes = 0
  const pending: DocNode[] = [root]
  while (pending.length > 0) {
    const node = pending.pop()!
    nodes++
    if (node.kind === 'map') for (const entry of node.entries) pending.push(entry.value)
    else if (node.kind === 'seq') pending.push(...node.items)
    if (node.kind !== 'scalar' && !meter.collection(node.kind === 'map' ? node.entries.length : node.items.length, range)) return meter.limited(range)
  }
  if (!meter.step(range, nodes)) return meter.limited(range)
  const convert = (node: DocNode): TfValue => {
    switch (node.kind) {
      case 'scalar':
        return scalar(node.value, range)
      case 'seq':
        return list(node.items.map(convert), range)
      case 'map':
        return object(new Map(node.entries.map((entry) => [entry.key, convert(entry.value)])), range)
    }
  }
  return convert(root)
}
