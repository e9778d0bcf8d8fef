/**
 * HCL (`.tf`, `.tfvars`) into the configuration syntax, with the tree-sitter HCL grammar running
 * in WebAssembly: no native build on install. The grammar is vendored (see
 * `vendor/tree-sitter-hcl/README.md`) and loaded on the first `.tf` file a scan sees, once per
 * process.
 *
 * tree-sitter recovers from errors and always returns a tree; a file with an ERROR or MISSING
 * node is reported at the first one and not analysed further. The conversion below recurses once
 * per tree level, so the tree's depth is measured first with a cursor, which does not recurse.
 */
import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Node, Parser } from 'web-tree-sitter'
import { LineIndex } from '../text.js'
import type { Range } from '../types.js'
import type { Attribute, BinaryOperator, Block, Body, Expr, Step, SyntaxFailure, SyntaxResult, TemplatePart } from './syntax.js'

/** Deepest tree-sitter tree accepted; a real configuration stays far below it. */
export const MAX_HCL_DEPTH = 400

const GRAMMAR = path.join('vendor', 'tree-sitter-hcl', 'tree-sitter-hcl.wasm')

export interface HclParser {
  parse(text: string): SyntaxResult
  /**
   * A string of Terraform's JSON syntax read as a template (`"${var.name}-api"`). JSON has already
   * undone the escapes, so the text is read as a heredoc would be; every expression in it gets
   * `range`, the string's place in the JSON file.
   */
  parseTemplate(text: string, range: Range): Expr | SyntaxFailure
}

let loading: Promise<HclParser> | undefined

export function loadHclParser(): Promise<HclParser> {
  loading ??= createParser()
  return loading
}

async function createParser(): Promise<HclParser> {
  const { Parser: ParserClass, Language } = await import('web-tree-sitter')
  await ParserClass.init()
  const language = await Language.load(new Uint8Array(await readFile(grammarFile())))
  const parser = new ParserClass()
  parser.setLanguage(language)
  return {
    parse: (text) => parseHcl(parser, text),
    parseTemplate: (text, range) => parseJsonTemplate(parser, text, range),
  }
}

/** The vendored grammar, found from this module in `src/` (tests) and in `dist/src/` (the package) alike. */
function grammarFile(): string {
  let directory = path.dirname(fileURLToPath(import.meta.url))
  for (;;) {
    const candidate = path.join(directory, GRAMMAR)
    if (existsSync(candidate)) return candidate
    const parent = path.dirname(directory)
    if (parent === directory) throw new Error(`the HCL grammar ${GRAMMAR} is missing from the iac-lint package`)
    directory = parent
  }
}

function parseHcl(parser: Parser, text: string): SyntaxResult {
  const lines = new LineIndex(text)
  const tree = parser.parse(text)
  if (!tree) return { ok: false, message: 'HCL could not be parsed', range: lines.range(0, 0) }
  try {
    const problem = firstProblem(tree.rootNode, lines)
    if (problem) return problem
    const converter = new Converter(text, lines)
    return { ok: true, file: { file: '', body: converter.configFile(tree.rootNode) } }
  } finally {
    tree.delete()
  }
}

const DELIMITER = 'IAC_LINT_JSON_TEMPLATE_END'

function parseJsonTemplate(parser: Parser, text: string, range: Range): Expr | SyntaxFailure {
  if (!text.includes('${') && !text.includes('%{')) return { kind: 'literal', value: text.replace(/\$\$\{/g, '${').replace(/%%\{/g, '%{'), range }
  if (text.includes(DELIMITER)) return { ok: false, message: 'a string cannot be read as a template', range }
  const source = `t = <<${DELIMITER}\n${text}\n${DELIMITER}\n`
  const tree = parser.parse(source)
  if (!tree) return { ok: false, message: 'a template could not be parsed', range }
  try {
    const lines = new LineIndex(source)
    const problem = firstProblem(tree.rootNode, lines)
    if (problem) return { ok: false, message: `${problem.message} in a template string`, range }
    const converter = new Converter(source, lines, range)
    const body = converter.configFile(tree.rootNode)
    const value = body.attributes[0]?.expr
    if (!value) return { ok: false, message: 'a template could not be parsed', range }
    return stripFinalNewline(value)
  } finally {
    tree.delete()
  }
}

/** A heredoc ends with a line break that the JSON string did not have. */
function stripFinalNewline(expr: Expr): Expr {
  if (expr.kind === 'literal' && typeof expr.value === 'string') return { ...expr, value: expr.value.replace(/\n$/, '') }
  if (expr.kind !== 'template') return expr
  const parts = [...expr.parts]
  const last = parts[parts.length - 1]
  if (last?.kind === 'text') {
    const text = last.text.replace(/\n$/, '')
    if (text === '') parts.pop()
    else parts[parts.length - 1] = { kind: 'text', text }
  }
  return { ...expr, parts }
}

/** The first ERROR or MISSING node in document order, or a tree too deep to convert. */
function firstProblem(root: Node, lines: LineIndex): SyntaxFailure | undefined {
  if (!root.hasError && root.descendantCount < MAX_HCL_DEPTH) return undefined
  const cursor = root.walk()
  try {
    let depth = 0
    for (;;) {
      const node = cursor.currentNode
      if (node.isMissing) {
        return { ok: false, message: `HCL syntax error: missing ${describeToken(node.type)}`, range: pointAt(lines, node.startIndex) }
      }
      if (node.isError) {
        return { ok: false, message: `HCL syntax error: unexpected ${snippet(node.text)}`, range: errorRange(lines, node) }
      }
      if (depth > MAX_HCL_DEPTH) {
        return { ok: false, message: `HCL nesting deeper than ${MAX_HCL_DEPTH} levels`, range: pointAt(lines, node.startIndex) }
      }
      if ((node.hasError || depth < MAX_HCL_DEPTH + 1) && cursor.gotoFirstChild()) {
        depth++
        continue
      }
      while (!cursor.gotoNextSibling()) {
        if (!cursor.gotoParent()) return undefined
        depth--
      }
    }
  } finally {
    cursor.delete()
  }
}

function describeToken(type: string): string {
  return /^[a-z_]+$/.test(type) ? type.replace(/_/g, ' ') : `'${type}'`
}

function snippet(text: string): string {
  const line = text.split('\n', 1)[0]!.trim()
  if (line === '') return 'end of line'
  return `'${line.length > 30 ? `${line.slice(0, 30)}…` : line}'`
}

function pointAt(lines: LineIndex, offset: number): Range {
  return lines.range(offset, offset + 1)
}

/** An error node's first line: a finding about a broken block should not span the rest of the file. */
function errorRange(lines: LineIndex, node: Node): Range {
  const range = lines.range(node.startIndex, node.endIndex)
  if (range.endLine === range.line) return range
  const lineEnd = node.text.indexOf('\n')
  return lines.range(node.startIndex, node.startIndex + (lineEnd > 0 ? lineEnd : 1))
}

const BINARY_OPERATORS: ReadonlySet<string> = new Set(['||', '&&', '==', '!=', '<', '<=', '>', '>=', '+', '-', '*', '/', '%'])

/** Children that carry syntax: comments are extras and may sit between any two tokens. */
function children(node: Node): Node[] {
  const out: Node[] = []
  for (let i = 0; i < node.childCount; i++) {
    const child = node.child(i)!
    if (child.type !== 'comment') out.push(child)
  }
  return out
}

class Converter {
  constructor(
    private readonly text: string,
    private readonly lines: LineIndex,
    /** Set for JSON-syntax templates: every expression takes the JSON string's range. */
    private readonly fixedRange?: Range,
  ) {}

  private range(node: Node): Range {
    return this.fixedRange ?? this.lines.range(node.startIndex, node.endIndex)
  }

  private spanRange(first: Node, last: Node): Range {
    return this.fixedRange ?? this.lines.range(first.startIndex, last.endIndex)
  }

  configFile(root: Node): Body {
    const content = children(root)[0]
    if (!content) return { attributes: [], blocks: [], range: this.range(root) }
    if (content.type !== 'body') throw new Error(`unexpected ${content.type} at the top of an HCL file`)
    return this.body(content)
  }

  private body(node: Node): Body {
    const body: Body = { attributes: [], blocks: [], range: this.range(node) }
    for (const child of children(node)) {
      if (child.type === 'attribute') body.attributes.push(this.attribute(child))
      else if (child.type === 'block') body.blocks.push(this.block(child))
    }
    return body
  }

  private attribute(node: Node): Attribute {
    const [name, , value] = children(node)
    return { name: name!.text, nameRange: this.range(name!), expr: this.expression(value!), range: this.range(node) }
  }

  private block(node: Node): Block {
    const parts = children(node)
    const labels: string[] = []
    let last = parts[0]!
    let body: Body | undefined
    for (const part of parts.slice(1)) {
      if (part.type === 'string_lit') labels.push(this.stringLiteral(part))
      else if (part.type === 'identifier') labels.push(part.text)
      else if (part.type === 'body') body = this.body(part)
      if (part.type === 'string_lit' || part.type === 'identifier') last = part
    }
    return {
      type: parts[0]!.text,
      labels,
      range: this.range(node),
      headerRange: this.spanRange(parts[0]!, last),
      body: body ?? { attributes: [], blocks: [], range: this.range(node) },
    }
  }

  private expression(node: Node): Expr {
    const parts = children(node)
    if (parts.length === 1 && parts[0]!.type === 'conditional') {
      const [condition, , then, , otherwise] = children(parts[0]!)
      return {
        kind: 'conditional',
        condition: this.expression(condition!),
        then: this.expression(then!),
        else: this.expression(otherwise!),
        range: this.range(node),
      }
    }
    return this.term(parts, node)
  }

  /** A primary expression and the attribute, index and splat steps after it, as siblings. */
  private term(parts: Node[], whole: Node | undefined): Expr {
    let base: Expr
    let next: number
    if (parts[0]!.type === '(') {
      base = this.expression(parts[1]!)
      next = 3
    } else {
      base = this.primary(parts[0]!)
      next = 1
    }
    const steps = this.steps(parts.slice(next))
    if (steps.length === 0) return base
    const range = whole ? this.range(whole) : this.spanRange(parts[0]!, parts[parts.length - 1]!)
    return { kind: 'traversal', base, steps, range }
  }

  private steps(nodes: Node[]): Step[] {
    const steps: Step[] = []
    for (const node of nodes) {
      const range = this.range(node)
      switch (node.type) {
        case 'get_attr':
          steps.push({ kind: 'attr', name: children(node)[1]!.text, range })
          break
        case 'index': {
          const index = children(node)[0]!
          if (index.type === 'legacy_index') {
            steps.push({ kind: 'index', key: { kind: 'literal', value: Number(index.text.slice(1)), range }, range })
          } else {
            steps.push({ kind: 'index', key: this.expression(children(index)[1]!), range })
          }
          break
        }
        case 'splat': {
          const splat = children(node)[0]!
          steps.push({ kind: 'splat', steps: this.steps(children(splat).slice(1)), range })
          break
        }
        default:
          throw new Error(`unexpected ${node.type} in a traversal`)
      }
    }
    return steps
  }

  private primary(node: Node): Expr {
    const range = this.range(node)
    switch (node.type) {
      case 'variable_expr':
        return { kind: 'variable', name: node.text, range }
      case 'literal_value':
        return this.literal(children(node)[0]!)
      case 'template_expr':
        return this.template(children(node)[0]!)
      case 'collection_value':
        return this.collection(children(node)[0]!)
      case 'for_expr':
        return this.forExpression(children(node)[0]!)
      case 'function_call':
        return this.call(node)
      case 'operation':
        return this.operation(children(node)[0]!)
      case 'expression':
        return this.expression(node)
      default:
        throw new Error(`unexpected ${node.type} in an expression`)
    }
  }

  private literal(node: Node): Expr {
    const range = this.range(node)
    switch (node.type) {
      case 'numeric_lit':
        return { kind: 'literal', value: Number(node.text), range }
      case 'bool_lit':
        return { kind: 'literal', value: node.text === 'true', range }
      case 'null_lit':
        return { kind: 'literal', value: null, range }
      default:
        return { kind: 'literal', value: this.stringLiteral(node), range }
    }
  }

  private stringLiteral(node: Node): string {
    const parts = children(node)
    return unescapeQuoted(this.text.slice(parts[0]!.endIndex, parts[parts.length - 1]!.startIndex))
  }

  private template(node: Node): Expr {
    const range = this.range(node)
    const parts = children(node)
    let template: TemplatePart[]
    if (node.type === 'quoted_template') {
      template = this.templateParts(parts.slice(1, -1), parts[0]!.endIndex, parts[parts.length - 1]!.startIndex, unescapeQuoted)
    } else {
      template = this.heredoc(node, parts)
    }
    if (template.length === 0) return { kind: 'literal', value: '', range }
    if (template.length === 1 && template[0]!.kind === 'text') return { kind: 'literal', value: template[0].text, range }
    return { kind: 'template', parts: template, range }
  }

  private heredoc(node: Node, parts: Node[]): TemplatePart[] {
    const opener = parts[1]!
    const closer = parts[parts.length - 1]!
    const afterOpener = this.text.indexOf('\n', opener.endIndex)
    const start = afterOpener < 0 ? opener.endIndex : afterOpener + 1
    const end = this.text.lastIndexOf('\n', closer.startIndex - 1) + 1
    const indented = parts[0]!.text === '<<-'
    const indent = indented ? minimumIndent(this.text.slice(start, end)) : 0
    const unescape = (raw: string, from: number): string => {
      const text = indent > 0 ? removeIndent(this.text, from, raw.length, indent, start) : raw
      return text.replace(/\$\$\{/g, '${').replace(/%%\{/g, '%{')
    }
    if (end <= start) return []
    return this.templateParts(parts.slice(2, -1), start, end, unescape)
  }

  /**
   * Template parts between `start` and `end`: interpolations and directives are nodes, and
   * everything between them is literal text (the grammar leaves spaces and line breaks out of
   * its literal nodes, so the text is taken from the source).
   */
  private templateParts(
    nodes: Node[],
    start: number,
    end: number,
    unescape: (raw: string, from: number) => string,
  ): TemplatePart[] {
    const parts: TemplatePart[] = []
    let position = start
    let stripNext = false
    const pushText = (from: number, to: number): void => {
      if (to <= from) return
      let text = unescape(this.text.slice(from, to), from)
      if (stripNext) text = text.replace(/^\s+/, '')
      stripNext = false
      if (text !== '') parts.push({ kind: 'text', text })
    }
    const stripPrevious = (): void => {
      const last = parts[parts.length - 1]
      if (last?.kind !== 'text') return
      const text = last.text.replace(/\s+$/, '')
      if (text === '') parts.pop()
      else parts[parts.length - 1] = { kind: 'text', text }
    }
    for (const node of nodes) {
      if (node.type !== 'template_interpolation' && node.type !== 'template_directive') continue
      pushText(position, node.startIndex)
      position = node.endIndex
      const inner = children(node)
      const opening = node.type === 'template_interpolation' ? inner : children(children(inner[0]!)[0]!)
      if (opening[1]?.type === 'strip_marker') stripPrevious()
      if (node.type === 'template_interpolation') {
        const expression = inner.find((child) => child.type === 'expression')
        if (expression) parts.push({ kind: 'interpolation', expr: this.expression(expression) })
        stripNext = inner[inner.length - 2]?.type === 'strip_marker'
      } else {
        parts.push(this.directive(inner[0]!, unescape))
        const closing = children(children(inner[0]!).at(-1)!)
        stripNext = closing[closing.length - 2]?.type === 'strip_marker'
      }
    }
    pushText(position, end)
    return parts
  }

  private directive(node: Node, unescape: (raw: string, from: number) => string): TemplatePart {
    const parts = children(node)
    const sections = parts.filter((part) => /^template_(if_intro|else_intro|if_end|for_start|for_end)$/.test(part.type))
    const between = (from: Node, to: Node): TemplatePart[] =>
      this.templateParts(
        parts.filter((part) => part.startIndex >= from.endIndex && part.endIndex <= to.startIndex),
        from.endIndex,
        to.startIndex,
        unescape,
      )
    const opening = children(sections[0]!)
    if (node.type === 'template_if') {
      const condition = this.expression(opening.find((child) => child.type === 'expression')!)
      const elseIntro = sections.find((section) => section.type === 'template_else_intro')
      const endNode = sections[sections.length - 1]!
      return {
        kind: 'if',
        condition,
        then: between(sections[0]!, elseIntro ?? endNode),
        else: elseIntro ? between(elseIntro, endNode) : [],
      }
    }
    const names = opening.filter((child) => child.type === 'identifier').map((child) => child.text)
    return {
      kind: 'for',
      keyVar: names.length > 1 ? names[0] : undefined,
      valueVar: names[names.length - 1]!,
      collection: this.expression(opening.find((child) => child.type === 'expression')!),
      body: between(sections[0]!, sections[sections.length - 1]!),
    }
  }

  private collection(node: Node): Expr {
    const range = this.range(node)
    const parts = children(node)
    if (node.type === 'tuple') {
      return { kind: 'tuple', items: parts.filter((part) => part.type === 'expression').map((part) => this.expression(part)), range }
    }
    const items = parts
      .filter((part) => part.type === 'object_elem')
      .map((element) => {
        const key = element.childForFieldName('key')!
        const value = element.childForFieldName('val')!
        return { key: this.objectKey(key), value: this.expression(value) }
      })
    return { kind: 'object', items, range }
  }

  /** A bare identifier as a key is the key's name, not a variable. */
  private objectKey(node: Node): Expr {
    const parts = children(node)
    if (parts.length === 1 && parts[0]!.type === 'variable_expr') return { kind: 'literal', value: parts[0].text, range: this.range(node) }
    return this.expression(node)
  }

  private forExpression(node: Node): Expr {
    const parts = children(node)
    const intro = children(parts.find((part) => part.type === 'for_intro')!)
    const names = intro.filter((part) => part.type === 'identifier').map((part) => part.text)
    const expressions = parts.filter((part) => part.type === 'expression')
    const condition = parts.find((part) => part.type === 'for_cond')
    const objectForm = node.type === 'for_object_expr'
    return {
      kind: 'for',
      keyVar: names.length > 1 ? names[0] : undefined,
      valueVar: names[names.length - 1]!,
      collection: this.expression(intro.find((part) => part.type === 'expression')!),
      key: objectForm ? this.expression(expressions[0]!) : undefined,
      value: this.expression(expressions[objectForm ? 1 : 0]!),
      condition: condition ? this.expression(children(condition)[1]!) : undefined,
      grouping: parts.some((part) => part.type === 'ellipsis'),
      range: this.range(node),
    }
  }

  private call(node: Node): Expr {
    const parts = children(node)
    const args = parts.find((part) => part.type === 'function_arguments')
    const argParts = args ? children(args) : []
    return {
      kind: 'call',
      name: parts[0]!.text,
      args: argParts.filter((part) => part.type === 'expression').map((part) => this.expression(part)),
      expandLast: argParts.some((part) => part.type === 'ellipsis'),
      range: this.range(node),
    }
  }

  private operation(node: Node): Expr {
    const range = this.range(node)
    const parts = children(node)
    if (node.type === 'unary_operation') {
      return { kind: 'unary', operator: parts[0]!.type as '-' | '!', operand: this.term(parts.slice(1), undefined), range }
    }
    const at = parts.findIndex((part, index) => index > 0 && !part.isNamed && BINARY_OPERATORS.has(part.type))
    return {
      kind: 'binary',
      operator: parts[at]!.type as BinaryOperator,
      left: this.term(parts.slice(0, at), undefined),
      right: this.term(parts.slice(at + 1), undefined),
      range,
    }
  }
}

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = { n: '\n', r: '\r', t: '\t', '"': '"', '\\': '\\' }

/** Escapes of a quoted string or template: `\n`, `\"`, `\uNNNN`, and `$${` / `%%{` for a literal `${` / `%{`. */
function unescapeQuoted(raw: string): string {
  return raw.replace(/\\(u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|.)|\$\$\{|%%\{/g, (match, escape: string | undefined) => {
    if (escape === undefined) return match.slice(1)
    if (escape.length > 1) return String.fromCodePoint(Number.parseInt(escape.slice(1), 16))
    return SIMPLE_ESCAPES[escape] ?? match
  })
}

/** `<<-` removes the smallest indentation of the non-blank lines from every line. */
function minimumIndent(content: string): number {
  let smallest = Number.POSITIVE_INFINITY
  for (const line of content.split('\n')) {
    if (line.trim() === '') continue
    smallest = Math.min(smallest, line.length - line.trimStart().length)
  }
  return Number.isFinite(smallest) ? smallest : 0
}

/** `raw` (which starts at `from` in `text`) without the first `indent` spaces of each line of the heredoc. */
function removeIndent(text: string, from: number, length: number, indent: number, contentStart: number): string {
  let out = ''
  for (let i = from; i < from + length; i++) {
    const lineStart = i === contentStart ? i : text.lastIndexOf('\n', i - 1) + 1
    if (i - lineStart < indent && (text[i] === ' ' || text[i] === '\t') && lineStart >= contentStart) continue
    out += text[i]
  }
  return out
}
