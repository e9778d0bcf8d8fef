/**
 * Terraform configuration syntax, the same whether it was written in HCL (`.tf`) or in
 * Terraform's JSON syntax (`.tf.json`): blocks, attributes and expressions, each with its source
 * range. Nothing here is evaluated; references, function calls and templates are data.
 */
import type { DocComment, Range } from '../../../parse/types.js'

export interface ConfigFile {
  file: string
  body: Body
  /** Comments, for in-source suppressions; the text is without `#`, `//` or `/* *\/`. */
  comments: DocComment[]
}

export interface Body {
  attributes: Attribute[]
  blocks: Block[]
  range: Range
}

export interface Attribute {
  name: string
  nameRange: Range
  expr: Expr
  /** From the name to the end of the value. */
  range: Range
}

export interface Block {
  type: string
  labels: string[]
  /** The whole block, braces included. */
  range: Range
  /** The type and the labels: `resource "aws_lb" "this"`. */
  headerRange: Range
  body: Body
}

/** A step after the start of a traversal: `.name`, `[key]`, or a splat that applies its own steps to every element. */
export type Step =
  | { kind: 'attr'; name: string; range: Range }
  | { kind: 'index'; key: Expr; range: Range }
  | { kind: 'splat'; steps: Step[]; range: Range }

export type TemplatePart =
  | { kind: 'text'; text: string }
  | { kind: 'interpolation'; expr: Expr }
  | { kind: 'if'; condition: Expr; then: TemplatePart[]; else: TemplatePart[] }
  | { kind: 'for'; keyVar: string | undefined; valueVar: string; collection: Expr; body: TemplatePart[] }

export type BinaryOperator = '||' | '&&' | '==' | '!=' | '<' | '<=' | '>' | '>=' | '+' | '-' | '*' | '/' | '%'

export type Expr =
  | { kind: 'literal'; value: string | number | boolean | null; range: Range }
  | { kind: 'template'; parts: TemplatePart[]; range: Range }
  /** A name at the start of a traversal: `var`, `local`, `aws_lb`, an iterator. */
  | { kind: 'variable'; name: string; range: Range }
  | { kind: 'traversal'; base: Expr; steps: Step[]; range: Range }
  | { kind: 'tuple'; items: Expr[]; range: Range }
  /** `key` is a literal for a bare identifier key (`{ a = 1 }`), an expression otherwise. */
  | { kind: 'object'; items: Array<{ key: Expr; value: Expr }>; range: Range }
  | { kind: 'call'; name: string; args: Expr[]; expandLast: boolean; range: Range }
  | { kind: 'conditional'; condition: Expr; then: Expr; else: Expr; range: Range }
  | { kind: 'unary'; operator: '-' | '!'; operand: Expr; range: Range }
  | { kind: 'binary'; operator: BinaryOperator; left: Expr; right: Expr; range: Range }
  | {
      kind: 'for'
      keyVar: string | undefined
      valueVar: string
      collection: Expr
      /** Present for the object form `{ for k, v in c : key => value }`. */
      key: Expr | undefined
      value: Expr
      condition: Expr | undefined
      /** `...` after the value: values with the same key are grouped into lists. */
      grouping: boolean
      range: Range
    }

/** A file that could not be read as Terraform configuration. */
export interface SyntaxFailure {
  ok: false
  message: string
  range: Range
}

export type SyntaxResult = { ok: true; file: ConfigFile } | SyntaxFailure

/** Attributes of a body by name (the last one wins, as a duplicate is an error in Terraform anyway). */
export function attributeOf(body: Body, name: string): Attribute | undefined {
  for (let i = body.attributes.length - 1; i >= 0; i--) if (body.attributes[i]!.name === name) return body.attributes[i]
  return undefined
}

export function blocksOf(body: Body, type: string): Block[] {
  return body.blocks.filter((block) => block.type === type)
}
