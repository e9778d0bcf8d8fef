/**
 * HCL (`.tf`, `.tfvars`) into the configuration syntax, with the tree-sitter HCL grammar running
 * in WebAssembly: no native build on install. The grammar is vendored (see
 * `vendor/tree-sitter-hcl/README.md`) and loaded on the first `.tf` file a scan sees, once per
 * process.
 *
 * tree-sitter recovers from errors and always returns a tree; a file with an ERROR or MISSING
 * node is reported at the first one and not analysed further. tree-sitter itself does not
 * recurse; the conversion below does, once per level of nesting, and stops at a limit.
 */
import { existsSync } from 'node:fs'
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Node, Parser, Tree } from 'web-tree-sitter'
import { LineIndex } from '../../../parse/text.js'
import { pointRange, type DocComment, type Range } from '../../../parse/types.js'
import { minimumIndent, removeIndent, TemplatePartsBuilder, unescapeQuoted } from './hcl-text.js'
import type { Attribute, BinaryOperator, Block, Body, Expr, Step, SyntaxFailure, SyntaxResult, TemplatePart } from './syntax.js'

/** Deepest nesting of blocks and expressions accepted; a real configuration stays far below it. */
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
  /** An expression given as text (a type constraint in JSON syntax, a `--var` value); every part gets `range`. */
  parseExpression(text: string, range: Range): Expr | SyntaxFailure
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
    parseTemplate: (text, range) => jsonTemplate(text, range, (code) => parseDetached(parser, code, range))!,
    parseExpression: (text, range) => parseDetached(parser, expressionCode(text), range),
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
  const tree = parseTree(parser, text)
  if (!tree) return { ok: false, message: 'HCL could not be parsed', range: lines.range(0, 0) }
  try {
    const problem = firstProblem(tree.rootNode, text, lines)
    if (problem) return problem
    const body = new Converter(text, lines).configFile(tree.rootNode)
    return { ok: true, file: { file: '', body, comments: comments(tree.rootNode, text, lines) } }
  } catch (error) {
    if (error instanceof UnsupportedSyntax) return { ok: false, message: error.message, range: pointAt(text, lines, error.node.startIndex) }
    if (isWasmTrap(error)) return parserFailure(error, lines.range(0, 0))
    throw error
  } finally {
    tree.delete()
  }
}

function comments(root: Node, input: string, lines: LineIndex): DocComment[] {
  return root.descendantsOfType('comment').flatMap((node) => {
    if (!node) return []
    const text = source(node, input).replace(/^(#|\/\/|\/\*)/, '').replace(/\*\/$/, '')
    return [{ text, range: lines.range(node.startIndex, node.endIndex) }]
  })
}

/** A trap in the grammar's WebAssembly (its stack is small) fails the file, not the scan. */
function isWasmTrap(error: unknown): error is Error {
  return error instanceof Error && error.name === 'RuntimeError'
}

function parserFailure(error: Error, range: Range): SyntaxFailure {
  return { ok: false, message: `the HCL parser could not read this file (${error.message})`, range }
}

/** A node the conversion does not expect where it stands; the file is reported rather than half read. */
class UnsupportedSyntax extends Error {
  constructor(
    message: string,
    readonly node: Node,
  ) {
    super(message)
  }
}

const DELIMITER = 'IAC_LINT_JSON_TEMPLATE_END'

/**
 * A string of Terraform's JSON syntax read as a template: a literal when it has no template
 * sequence, else the attribute of a heredoc that `detached` reads (undefined when `detached` is
 * not sure: the fast parser's answer, see `hcl-lazy.ts`).
 */
export function jsonTemplate(text: string, range: Range, detached: (code: string) => Expr | SyntaxFailure | undefined): Expr | SyntaxFailure | undefined {
  if (!text.includes('${') && !text.includes('%{')) return { kind: 'literal', value: text.replace(/\$\$\{/g, '${').replace(/%%\{/g, '%{'), range }
  if (text.includes(DELIMITER)) return { ok: false, message: 'a string cannot be read as a template', range }
  const parsed = detached(`t = <<${DELIMITER}\n${text}\n${DELIMITER}\n`)
  return parsed === undefined || 'ok' in parsed ? parsed : stripFinalNewline(parsed)
}

/** The file in which an expression given as text is the value of its single attribute. */
export function expressionCode(text: string): string {
  return `t = ${text}\n`
}

/** The value of the single attribute in `code`, with `range` for every part of it. */
function parseDetached(parser: Parser, code: string, range: Range): Expr | SyntaxFailure {
  const tree = parseTree(parser, code)
  if (!tree) return { ok: false, message: 'an expression could not be parsed', range }
  try {
    const lines = new LineIndex(code)
    const problem = firstProblem(tree.rootNode, code, lines)
    if (problem) return { ok: false, message: problem.message, range }
    const body = new Converter(code, lines, range).configFile(tree.rootNode)
    const only = body.attributes.length === 1 && body.blocks.length === 0 ? body.attributes[0]!.expr : undefined
    return only ?? { ok: false, message: 'not a single expression', range }
  } catch (error) {
    if (error instanceof UnsupportedSyntax) return { ok: false, message: error.message, range }
    if (isWasmTrap(error)) return parserFailure(error, range)
    throw error
  } finally {
    tree.delete()
  }
}

/**
 * The tree of `text`. The grammar reads an exponent only after a fraction (`1.5e3`, not `1e3` or
 * `1E+3`), so a text that does not parse is parsed again with every such number written as
 * digits of the same length: ranges stay where they were, and the conversion reads each number
 * from `text`. Inside a string or a comment the digits make no difference to the tree either.
 */
function parseTree(parser: Parser, text: string): Tree | null {
  const tree = parser.parse(text)
  if (!tree?.rootNode.hasError) return tree
  const masked = text.replace(BARE_EXPONENT, (number: string) => '1'.padEnd(number.length, '0'))
  if (masked === text) return tree
  tree.delete()
  return parser.parse(masked)
}

/** A number with an exponent and no fraction, not part of a name (`a-1e3` is one) or of a longer number. */
const BARE_EXPONENT = /(?<![\w.])(?<!\w-)\d+[eE][-+]?\d+(?![\w.])/g

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

/**
 * The first ERROR or MISSING node in document order. The walk keeps its own stack of node types:
 * `Node.parent` recurses inside the WebAssembly module and overflows its small stack on a deep tree.
 */
function firstProblem(root: Node, text: string, lines: LineIndex): SyntaxFailure | undefined {
  if (!root.hasError) return undefined
  const cursor = root.walk()
  const types: string[] = []
  try {
    for (;;) {
      const node = cursor.currentNode
      if (node.isMissing) return missing(node, types[types.length - 1], text, lines)
      if (node.isError) {
        return { ok: false, message: `HCL syntax error: unexpected ${snippet(source(node, text))}`, range: errorRange(text, lines, node) }
      }
      if (node.hasError && cursor.gotoFirstChild()) {
        types.push(node.type)
        continue
      }
      while (!cursor.gotoNextSibling()) {
        if (!cursor.gotoParent()) return undefined
        types.pop()
      }
    }
  } finally {
    cursor.delete()
  }
}

/** Tokens that close something; tree-sitter puts a missing one where the next token starts. */
const CLOSERS: Readonly<Record<string, string>> = {
  '}': "'}'",
  ']': "']'",
  ')': "')'",
  block_end: "'}'",
  object_end: "'}'",
  tuple_end: "']'",
  quoted_template_end: "'\"'",
  template_interpolation_end: "'}'",
  heredoc_identifier: 'the heredoc end marker',
}

/**
 * A token the parser had to assume. A missing closer is reported where it was due; anything
 * else (a name, a value) is reported just after the token it should have followed.
 */
function missing(node: Node, parentType: string | undefined, text: string, lines: LineIndex): SyntaxFailure {
  const closer = CLOSERS[node.type] ?? (parentType === undefined ? undefined : CLOSERS[parentType])
  if (closer) {
    const next = text.slice(node.startIndex).split('\n', 1)[0]!.trim()
    const where = node.startIndex >= text.trimEnd().length ? ' at the end of the file' : next ? ` before ${snippet(next)}` : ''
    return { ok: false, message: `HCL syntax error: missing ${closer}${where}`, range: pointAt(text, lines, node.startIndex) }
  }
  let end = node.startIndex
  while (end > 0 && /\s/.test(text[end - 1]!)) end--
  let start = end
  while (start > 0 && !/\s/.test(text[start - 1]!) && end - start < 20) start--
  const previous = text.slice(start, end)
  const message = previous ? `HCL syntax error: expected a name or value after '${previous}'` : 'HCL syntax error: expected a name or value'
  return { ok: false, message, range: pointAt(text, lines, end) }
}

function describeToken(type: string): string {
  return /^[a-z_]+$/.test(type) ? type.replace(/_/g, ' ') : `'${type}'`
}

function snippet(text: string): string {
  const line = text.split('\n', 1)[0]!.trim()
  if (line === '') return 'end of line'
  return `'${line.length > 30 ? `${line.slice(0, 30)}…` : line}'`
}

/** The character at `offset`; at the end of a line or of the file, the empty range there. */
function pointAt(text: string, lines: LineIndex, offset: number): Range {
  const { line, column } = lines.position(offset)
  const atEnd = offset >= text.length || text[offset] === '\n' || text[offset] === '\r'
  return atEnd ? { line, column, endLine: line, endColumn: column } : pointRange(line, column)
}

/** An error node's first line: a finding about a broken block should not span the rest of the file. */
function errorRange(text: string, lines: LineIndex, node: Node): Range {
  const firstLine = source(node, text).split('\n', 1)[0]!.replace(/\r$/, '')
  if (firstLine.trim() === '') return pointAt(text, lines, node.startIndex)
  return lines.range(node.startIndex, node.startIndex + firstLine.length)
}

function source(node: Node, text: string): string {
  return text.slice(node.startIndex, node.endIndex)
}

const BINARY_OPERATORS: ReadonlySet<string> = new Set(['||', '&&', '==', '!=', '<', '<=', '>', '>=', '+', '-', '*', '/', '%'])

/** Children that carry syntax: comments are extras and may sit between any two tokens. */
function children(node: Node): Node[] {
  return node.children.filter((child): child is Node => child !== null && child.type !== 'comment')
}

class Converter {
  private depth = 0

  constructor(
    private readonly text: string,
    private readonly lines: LineIndex,
    /** Set for JSON-syntax templates: every expression takes the JSON string's range. */
    private readonly fixedRange?: Range,
  ) {}

  /** A node's text, from the source: `Node.text` copies the rest of the file on every call. */
  private source(node: Node): string {
    return source(node, this.text)
  }

  private range(node: Node): Range {
    return this.fixedRange ?? this.lines.range(node.startIndex, node.endIndex)
  }

  private spanRange(first: Node, last: Node): Range {
    return this.fixedRange ?? this.lines.range(first.startIndex, last.endIndex)
  }

  configFile(root: Node): Body {
    const content = children(root)[0]
    if (!content) return { attributes: [], blocks: [], range: this.range(root) }
    if (content.type !== 'body') throw new UnsupportedSyntax('expected arguments and blocks, found an object', content)
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
    return { name: this.source(name!), nameRange: this.range(name!), expr: this.expression(value!), range: this.range(node) }
  }

  /** Counts a level of nesting; past the limit the file is reported instead of overflowing the stack. */
  private nested<T>(node: Node, convert: () => T): T {
    if (++this.depth > MAX_HCL_DEPTH) throw new UnsupportedSyntax(`HCL nesting deeper than ${MAX_HCL_DEPTH} levels`, node)
    try {
      return convert()
    } finally {
      this.depth--
    }
  }

  private block(node: Node): Block {
    return this.nested(node, () => this.blockAt(node))
  }

  private blockAt(node: Node): Block {
    const parts = children(node)
    const labels: string[] = []
    let last = parts[0]!
    let body: Body | undefined
    for (const part of parts.slice(1)) {
      if (part.type === 'string_lit') labels.push(this.stringLiteral(part))
      else if (part.type === 'identifier') labels.push(this.source(part))
      else if (part.type === 'body') body = this.body(part)
      if (part.type === 'string_lit' || part.type === 'identifier') last = part
    }
    return {
      type: this.source(parts[0]!),
      labels,
      range: this.range(node),
      headerRange: this.spanRange(parts[0]!, last),
      body: body ?? { attributes: [], blocks: [], range: this.range(node) },
    }
  }

  private expression(node: Node): Expr {
    return this.nested(node, () => this.expressionAt(node))
  }

  private expressionAt(node: Node): Expr {
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
    return this.nested(parts[0]!, () => this.termAt(parts, whole))
  }

  private termAt(parts: Node[], whole: Node | undefined): Expr {
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
          steps.push({ kind: 'attr', name: this.source(children(node)[1]!), range })
          break
        case 'index': {
          const index = children(node)[0]!
          if (index.type === 'legacy_index') {
            steps.push({ kind: 'index', key: { kind: 'literal', value: Number(this.source(index).slice(1)), range }, range })
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
          throw new UnsupportedSyntax(`unexpected ${describeToken(node.type)} in a reference`, node)
      }
    }
    return steps
  }

  private primary(node: Node): Expr {
    const range = this.range(node)
    switch (node.type) {
      case 'variable_expr':
        return { kind: 'variable', name: this.source(node), range }
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
        throw new UnsupportedSyntax(`unexpected ${describeToken(node.type)} in an expression`, node)
    }
  }

  private literal(node: Node): Expr {
    const range = this.range(node)
    switch (node.type) {
      case 'numeric_lit':
        return { kind: 'literal', value: Number(this.source(node)), range }
      case 'bool_lit':
        return { kind: 'literal', value: this.source(node) === 'true', range }
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
      template = this.heredoc(parts)
    }
    if (template.length === 0) return { kind: 'literal', value: '', range }
    if (template.length === 1 && template[0]!.kind === 'text') return { kind: 'literal', value: template[0].text, range }
    return { kind: 'template', parts: template, range }
  }

  private heredoc(parts: Node[]): TemplatePart[] {
    const opener = parts[1]!
    const closer = parts[parts.length - 1]!
    const afterOpener = this.text.indexOf('\n', opener.endIndex)
    const start = afterOpener < 0 ? opener.endIndex : afterOpener + 1
    const end = this.text.lastIndexOf('\n', closer.startIndex - 1) + 1
    const indented = this.source(parts[0]!) === '<<-'
    const indent = indented ? minimumIndent(this.text.slice(start, end)) : 0
    const unescape = (raw: string, from: number): string => {
      const text = indent > 0 ? removeIndent(this.text, from, from + raw.length, indent) : raw
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
    const builder = new TemplatePartsBuilder(this.text, unescape)
    let position = start
    for (const node of nodes) {
      if (node.type !== 'template_interpolation' && node.type !== 'template_directive') continue
      builder.text(position, node.startIndex)
      position = node.endIndex
      const inner = children(node)
      const opening = node.type === 'template_interpolation' ? inner : children(children(inner[0]!)[0]!)
      if (opening[1]?.type === 'strip_marker') builder.stripPrevious()
      if (node.type === 'template_interpolation') {
        const expression = inner.find((child) => child.type === 'expression')
        builder.push(expression ? { kind: 'interpolation', expr: this.expression(expression) } : undefined, inner[inner.length - 2]?.type === 'strip_marker')
      } else {
        const closing = children(children(inner[0]!).at(-1)!)
        builder.push(this.directive(inner[0]!, unescape), closing[closing.length - 2]?.type === 'strip_marker')
      }
    }
    builder.text(position, end)
    return builder.parts
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
    const names = opening.filter((child) => child.type === 'identifier').map((child) => this.source(child))
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
    if (parts.length === 1 && parts[0]!.type === 'variable_expr') return { kind: 'literal', value: this.source(parts[0]), range: this.range(node) }
    return this.expression(node)
  }

  private forExpression(node: Node): Expr {
    const parts = children(node)
    const intro = children(parts.find((part) => part.type === 'for_intro')!)
    const names = intro.filter((part) => part.type === 'identifier').map((part) => this.source(part))
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
      name: this.source(parts[0]!),
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
