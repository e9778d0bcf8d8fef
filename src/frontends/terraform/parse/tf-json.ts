/**
 * Terraform's JSON syntax (`.tf.json`, `.tfvars.json`) into the configuration syntax. Block
 * labels are levels of nesting (`"resource": { "aws_lb": { "this": { ... } } }`), strings are
 * templates (`"${var.name}"`), and a variable's `default` is a plain JSON value.
 *
 * Without the providers' schemas a nested block cannot be told from an object-valued argument,
 * so both become attributes: a block written as an object or as a list of objects, which the
 * model adapter reads the same way. An object that holds a `dynamic` block is read as a block.
 */
import { parseJson } from '../../../parse/json.js'
import type { DocMapEntry, DocNode, Range } from '../../../parse/types.js'
import type { HclParser } from './hcl.js'
import type { Attribute, Block, Body, Expr, SyntaxFailure, SyntaxResult } from './syntax.js'

/** How many labels each block type has; other top-level keys are not read. */
const LABELS: Readonly<Record<string, number>> = {
  resource: 2,
  data: 2,
  module: 1,
  variable: 1,
  output: 1,
  provider: 1,
  locals: 0,
  terraform: 0,
}

/** Blocks of a resource that are not arguments; `dynamic` has one label, the block type it makes. */
const META_BLOCKS: Readonly<Record<string, number>> = { dynamic: 1, lifecycle: 0, provisioner: 1, connection: 0 }

class Invalid {
  constructor(readonly failure: SyntaxFailure) {}
}

export function parseTfJson(text: string, hcl: HclParser): SyntaxResult {
  const parsed = parseJson(text)
  if (!parsed.ok) return parsed
  if (parsed.root.kind !== 'map') return { ok: false, message: 'a Terraform JSON file must hold an object', range: parsed.root.range }
  try {
    return { ok: true, file: { file: '', body: new JsonReader(hcl).topLevel(parsed.root), comments: [] } }
  } catch (error) {
    if (error instanceof Invalid) return error.failure
    throw error
  }
}

/** A `.tfvars.json` file: every property is a variable's value, as plain JSON. */
export function parseTfvarsJson(text: string): SyntaxResult {
  const parsed = parseJson(text)
  if (!parsed.ok) return parsed
  if (parsed.root.kind !== 'map') return { ok: false, message: 'a variables file must hold an object', range: parsed.root.range }
  const attributes = parsed.root.entries.map((entry) => attributeFrom(entry, plainExpr(entry.value)))
  return { ok: true, file: { file: '', body: { attributes, blocks: [], range: parsed.root.range }, comments: [] } }
}

function attributeFrom(entry: DocMapEntry, expr: Expr): Attribute {
  const range = { ...entry.keyRange, endLine: entry.value.range.endLine, endColumn: entry.value.range.endColumn }
  return { name: entry.key, nameRange: entry.keyRange, expr, range }
}

/** A JSON value taken literally, with no template in its strings. */
function plainExpr(node: DocNode): Expr {
  switch (node.kind) {
    case 'scalar':
      return { kind: 'literal', value: node.value, range: node.range }
    case 'seq':
      return { kind: 'tuple', items: node.items.map(plainExpr), range: node.range }
    case 'map':
      return {
        kind: 'object',
        items: node.entries.map((entry) => ({ key: { kind: 'literal', value: entry.key, range: entry.keyRange }, value: plainExpr(entry.value) })),
        range: node.range,
      }
  }
}

class JsonReader {
  constructor(private readonly hcl: HclParser) {}

  topLevel(root: Extract<DocNode, { kind: 'map' }>): Body {
    const body: Body = { attributes: [], blocks: [], range: root.range }
    for (const entry of root.entries) {
      if (Object.hasOwn(LABELS, entry.key)) body.blocks.push(...this.blocks(entry.key, entry, LABELS[entry.key]!))
    }
    return body
  }

  /** Blocks of `type` under `entry`, one level of objects per label; an array stands for repeated blocks. */
  private blocks(type: string, entry: DocMapEntry, labelCount: number): Block[] {
    const found: Block[] = []
    const visit = (node: DocNode, labels: string[], header: Range): void => {
      if (node.kind === 'seq') {
        for (const item of node.items) visit(item, labels, header)
        return
      }
      if (node.kind !== 'map') throw this.invalid(`a ${type} block must be an object`, node.range)
      if (labels.length < labelCount) {
        for (const child of node.entries) visit(child.value, [...labels, child.key], child.keyRange)
        return
      }
      found.push({ type, labels, range: node.range, headerRange: header, body: this.body(node, type) })
    }
    visit(entry.value, [], entry.keyRange)
    return found
  }

  /** The body of a block of `type`: a variable's `default` and `type` and a dynamic block's `content` are read apart. */
  private body(node: Extract<DocNode, { kind: 'map' }>, type: string): Body {
    const body: Body = { attributes: [], blocks: [], range: node.range }
    for (const entry of node.entries) {
      if (entry.key === '//') continue
      if (Object.hasOwn(META_BLOCKS, entry.key)) {
        body.blocks.push(...this.blocks(entry.key, entry, META_BLOCKS[entry.key]!))
      } else if (holdsDynamicBlock(entry.value) || (type === 'dynamic' && entry.key === 'content')) {
        body.blocks.push(...this.blocks(entry.key, entry, 0))
      } else if (type === 'variable' && entry.key === 'default') {
        body.attributes.push(attributeFrom(entry, plainExpr(entry.value)))
      } else if (type === 'variable' && entry.key === 'type') {
        body.attributes.push(attributeFrom(entry, this.typeExpression(entry.value)))
      } else {
        body.attributes.push(attributeFrom(entry, this.expression(entry.value)))
      }
    }
    return body
  }

  private expression(node: DocNode): Expr {
    switch (node.kind) {
      case 'scalar':
        return typeof node.value === 'string' ? this.template(node.value, node.range) : { kind: 'literal', value: node.value, range: node.range }
      case 'seq':
        return { kind: 'tuple', items: node.items.map((item) => this.expression(item)), range: node.range }
      case 'map':
        return {
          kind: 'object',
          items: node.entries.map((entry) => ({ key: this.template(entry.key, entry.keyRange), value: this.expression(entry.value) })),
          range: node.range,
        }
    }
  }

  private template(text: string, range: Range): Expr {
    const parsed = this.hcl.parseTemplate(text, range)
    if ('ok' in parsed) throw new Invalid(parsed)
    return parsed
  }

  /** In JSON syntax a type constraint is the text of the HCL expression (`"list(string)"`). */
  private typeExpression(node: DocNode): Expr {
    if (node.kind !== 'scalar' || typeof node.value !== 'string') throw this.invalid('a variable type must be a string', node.range)
    const parsed = this.hcl.parseExpression(node.value, node.range)
    if ('ok' in parsed) throw new Invalid(parsed)
    return parsed
  }

  private invalid(message: string, range: Range): Invalid {
    return new Invalid({ ok: false, message, range })
  }
}

function holdsDynamicBlock(node: DocNode): boolean {
  if (node.kind === 'seq') return node.items.some(holdsDynamicBlock)
  return node.kind === 'map' && node.entries.some((entry) => entry.key === 'dynamic')
}
