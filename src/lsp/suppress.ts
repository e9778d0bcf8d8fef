/**
 * The quick fix that suppresses a finding where it happens (README, "Suppressions"): a
 * `# iac-lint-ignore ID -- reason` comment above the flagged line in YAML and HCL, which applies
 * to the block or entry that starts on the next line; `Metadata.iac-lint.ignore` on the resource
 * (or the template) in JSON, which has no comments. `reason` is a placeholder for the user's own.
 */
import { findNodeAtLocation, modify, parseTree, type JSONPath } from 'jsonc-parser'
import type { TextEdit } from 'vscode-languageserver/node'
import type { TextDocument } from 'vscode-languageserver-textdocument'

export const PLACEHOLDER_REASON = 'reason'

export type SuppressionSyntax = 'yaml' | 'hcl' | 'json'

/** How findings in a file can be suppressed; undefined when they cannot (a `.tf.json` file has no comments and no Metadata). */
export function suppressionSyntax(file: string): SuppressionSyntax | undefined {
  const lower = file.toLowerCase()
  if (lower.endsWith('.tf')) return 'hcl'
  if (lower.endsWith('.tf.json') || lower.endsWith('.tfvars') || lower.endsWith('.tfvars.json')) return undefined
  if (lower.endsWith('.json')) return 'json'
  return 'yaml'
}

export interface SuppressionEdit {
  title: string
  edits: TextEdit[]
}

/** The edit that suppresses `ruleId` at `line` (0-based) of the document; undefined when none fits. */
export function suppressionEdit(document: TextDocument, syntax: SuppressionSyntax, ruleId: string, line: number, address: string | undefined): SuppressionEdit | undefined {
  if (syntax === 'json') return metadataEdit(document, ruleId, address)
  const lines = document.getText().split(/\r?\n/)
  if (line >= lines.length) return undefined
  const at = syntax === 'yaml' ? outsideBlockScalars(lines, line) : outsideHeredocs(lines, line)
  const indent = /^[ \t]*/.exec(lines[at]!)![0]
  const newline = document.getText().includes('\r\n') ? '\r\n' : '\n'
  const comment = `${indent}# iac-lint-ignore ${ruleId} -- ${PLACEHOLDER_REASON}${newline}`
  return { title: `Suppress ${ruleId} here (comment)`, edits: [{ range: { start: { line: at, character: 0 }, end: { line: at, character: 0 } }, newText: comment }] }
}

/** A comment is text inside a YAML block scalar (`|`, `>`): the line that opens the scalar instead. */
function outsideBlockScalars(lines: readonly string[], line: number): number {
  const indentOf = (text: string): number => /^ */.exec(text)![0].length
  const meaningful = (text: string): boolean => text.trim() !== '' && !text.trimStart().startsWith('#')
  let current = line
  let indent = indentOf(lines[line]!)
  for (let above = line - 1; above >= 0 && indent > 0; above--) {
    const text = lines[above]!
    if (!meaningful(text) || indentOf(text) >= indent) continue
    // Every line from here to `line` is indented deeper than this one: its value, if it opens a block scalar.
    if (opensBlockScalar(text)) current = above
    indent = indentOf(text)
  }
  return current
}

function opensBlockScalar(text: string): boolean {
  const code = text.replace(/\s+#.*$/, '').trimEnd()
  return /(?:^|\s)[|>](?:[1-9][+-]?|[+-][1-9]?)?$/.test(code)
}

/** A comment is text inside an HCL heredoc: the line that opens the heredoc instead. */
function outsideHeredocs(lines: readonly string[], line: number): number {
  let open: { marker: string; line: number } | undefined
  for (let index = 0; index < line; index++) {
    const text = lines[index]!
    if (open) {
      if (text.trim() === open.marker) open = undefined
      continue
    }
    const opener = /<<-?([A-Za-z_][\w-]*)\s*$/.exec(text)
    if (opener) open = { marker: opener[1]!, line: index }
  }
  // The closing marker's line is the heredoc's too.
  return open ? open.line : line
}

/** `{ "rule": ID, "reason": "reason" }` appended to `Metadata.iac-lint.ignore` of the resource, or of the template for a finding without one. */
function metadataEdit(document: TextDocument, ruleId: string, address: string | undefined): SuppressionEdit | undefined {
  const text = document.getText()
  const root = parseTree(text)
  if (root?.type !== 'object') return undefined
  const resource = address === undefined ? undefined : findNodeAtLocation(root, ['Resources', address])
  const owner: JSONPath = resource?.type === 'object' ? ['Resources', address!] : []
  const list: JSONPath = [...owner, 'Metadata', 'iac-lint', 'ignore']
  const existing = findNodeAtLocation(root, list)
  if (existing !== undefined && existing.type !== 'array') return undefined
  const entry = { rule: ruleId, reason: PLACEHOLDER_REASON }
  const formattingOptions = { insertSpaces: !/^\t/m.test(text), tabSize: indentWidth(text), eol: text.includes('\r\n') ? '\r\n' : '\n' }
  const edits = existing ? modify(text, [...list, -1], entry, { isArrayInsertion: true, formattingOptions }) : modify(text, list, [entry], { formattingOptions })
  if (edits.length === 0) return undefined
  const where = owner.length ? `${address}'s Metadata` : "the template's Metadata"
  return {
    title: `Suppress ${ruleId} in ${where}`,
    edits: edits.map((edit) => ({ range: { start: document.positionAt(edit.offset), end: document.positionAt(edit.offset + edit.length) }, newText: edit.content })),
  }
}

/** The indentation step of a JSON text: the smallest indentation of a line, 2 when it has none. */
function indentWidth(text: string): number {
  const widths = [...text.matchAll(/^( +)\S/gm)].map((match) => match[1]!.length)
  return widths.length ? Math.min(...widths) : 2
}
