/**
 * The language server as an editor uses it: the built server (bin/iac-lint-lsp.js) driven over
 * standard input and output by a scripted client (test/lsp-client.ts), in a workspace copied to
 * a temporary folder so that applied edits and configuration changes touch nothing else.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CodeActionRequest, FileChangeType, HoverRequest, type CodeAction, type Diagnostic, type MarkupContent } from 'vscode-languageserver-protocol/node'
import { TextDocument } from 'vscode-languageserver-textdocument'
import { AnalysisThread, AnalysisThreadError } from '../src/lsp/analysis-thread.js'
import { suppressionEdit, suppressionSyntax } from '../src/lsp/suppress.js'
import { cli, repoRoot } from './cli-run.js'
import { Editor } from './lsp-client.js'

const fixtures = path.join(repoRoot, 'test', 'fixtures', 'lsp')
const workspace = mkdtempSync(path.join(os.tmpdir(), 'iac-lint-lsp-'))
cpSync(fixtures, workspace, { recursive: true })
const file = (name: string): string => path.join(workspace, name)

let editor: Editor
let capabilities: Awaited<ReturnType<typeof Editor.start>>['initialized']['capabilities']
beforeAll(async () => {
  const started = await Editor.start(workspace)
  editor = started.editor
  capabilities = started.initialized.capabilities
})
afterAll(async () => {
  await editor?.stop()
  rmSync(workspace, { recursive: true, force: true })
})

const ofRule = (id: string) => (diagnostics: Diagnostic[]) => diagnostics.some((diagnostic) => diagnostic.code === id)
const none = (diagnostics: Diagnostic[]): boolean => diagnostics.length === 0

/** The code action's edit applied to `text`, as the editor would apply it. */
function applied(text: string, uri: string, action: CodeAction): string {
  const edits = action.edit?.changes?.[uri]
  expect(edits, `edits of "${action.title}"`).toBeDefined()
  return TextDocument.applyEdits(TextDocument.create(uri, 'text', 1, text), edits!)
}

async function codeActions(uri: string, diagnostic: Diagnostic): Promise<CodeAction[]> {
  const actions = await editor.connection.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range: diagnostic.range, context: { diagnostics: [diagnostic] } })
  return (actions ?? []) as CodeAction[]
}

describe('iac-lint lsp', () => {
  it('offers incremental sync, hover and quick fixes', () => {
    expect(capabilities.hoverProvider).toBe(true)
    expect(capabilities.codeActionProvider).toBeTruthy()
    expect(capabilities.textDocumentSync).toMatchObject({ openClose: true, change: 2 })
  })

  it('publishes a template finding at its range, with the rule, its docs page and the related elements, and clears it once fixed', async () => {
    const text = readFileSync(file('template.yaml'), 'utf8')
    const uri = await editor.open(file('template.yaml'), text, 'yaml')
    const [diagnostic, ...others] = await editor.waitFor(uri, ofRule('lambda-public-invoke'), 'a lambda-public-invoke finding')
    expect(others).toEqual([])
    // `AuthType: NONE` on line 18: the value NONE, columns 17 to 21 (1-based) in the CLI's terms.
    expect(diagnostic!.range).toEqual({ start: { line: 17, character: 16 }, end: { line: 17, character: 20 } })
    expect(diagnostic!.severity).toBe(1)
    expect(diagnostic!.source).toBe('iac-lint')
    expect(diagnostic!.message).toMatch(/^Function URL WebhookUrl has auth type NONE/)
    const href = diagnostic!.codeDescription?.href ?? ''
    expect(href).toMatch(/docs\/rules\/lambda-public-invoke\.md$/)
    if (href.startsWith('file:')) expect(readFileSync(fileURLToPath(href), 'utf8')).toContain('# lambda-public-invoke')
    expect(diagnostic!.relatedInformation?.map((related) => [related.message, related.location.range.start.line])).toEqual([
      ['the resource WebhookUrl', 13],
      ['the function', 3],
    ])

    const hover = await editor.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 17, character: 18 } })
    const markdown = (hover?.contents as MarkupContent).value
    expect(markdown).toContain('`lambda-public-invoke` (error)')
    expect(markdown).toContain('Function URL WebhookUrl has auth type NONE')
    expect(markdown).toMatch(/\*\*Lambda function[^*]+\.\*\* /)
    expect(markdown).toMatch(/\[Rule documentation\]\(\S+lambda-public-invoke\.md\)/)
    const elsewhere = await editor.connection.sendRequest(HoverRequest.type, { textDocument: { uri }, position: { line: 1, character: 2 } })
    expect(elsewhere).toBeNull()

    await editor.change(uri, [{ range: { start: { line: 17, character: 16 }, end: { line: 17, character: 20 } }, text: 'AWS_IAM' }])
    await editor.waitFor(uri, none, 'empty')
    expect(readFileSync(file('template.yaml'), 'utf8')).toBe(text)
    await editor.close(uri)
  })

  it('drops the result of an analysis of text the editor has changed since', async () => {
    // The change is sent once the analysis of the opened text has started: a template of 400
    // functions with open URLs takes far longer to analyse than the change takes to arrive, so
    // that result (400 findings) is stale when it comes back and must never be published.
    const units = Array.from({ length: 400 }, (_, index) =>
      [`  Fn${index}:`, '    Type: AWS::Lambda::Function', '    Properties: { Runtime: python3.12, Handler: index.handler, Role: arn:aws:iam::123456789012:role/x, Code: { ZipFile: x } }',
        `  Url${index}:`, '    Type: AWS::Lambda::Url', `    Properties: { TargetFunctionArn: !Ref Fn${index}, AuthType: NONE }`].join('\n'))
    const text = `AWSTemplateFormatVersion: '2010-09-09'\nResources:\n${units.join('\n')}\n`
    writeFileSync(file('many.yaml'), text)
    const logged = editor.logs.length
    const uri = await editor.open(file('many.yaml'), text, 'yaml')
    await editor.waitForLog(/^analysing many\.yaml$/, logged)
    await editor.change(uri, [{ text: text.replaceAll('AuthType: NONE', 'AuthType: AWS_IAM') }])
    const sent = editor.published.length
    await editor.waitFor(uri, none, 'empty for the changed text')
    const after = editor.published.slice(sent).filter((publication) => publication.uri === uri)
    expect(after.map((publication) => publication.diagnostics.map((diagnostic) => diagnostic.code))).toEqual([[]])
    await editor.close(uri)
  })

  it('reports a template that cannot be parsed as a parse-error, and keeps serving', async () => {
    const uri = await editor.open(file('broken.yaml'), readFileSync(file('broken.yaml'), 'utf8'), 'yaml')
    const [diagnostic] = await editor.waitFor(uri, ofRule('parse-error'), 'a parse-error')
    expect(diagnostic!.range.start.line).toBe(4)
    const fixed = await editor.open(file('template.yaml'), readFileSync(file('template.yaml'), 'utf8'), 'yaml')
    await editor.waitFor(fixed, ofRule('lambda-public-invoke'), 'a finding after the parse error')
    const actions = await codeActions(uri, diagnostic!)
    expect(actions).toEqual([])
    await editor.close(uri)
    await editor.close(fixed)
    expect(editor.exitCode).toBeNull()
  })

  it('analyses the module of an open .tf file and publishes the findings of a sibling file', async () => {
    const main = await editor.open(file('module/main.tf'), readFileSync(file('module/main.tf'), 'utf8'), 'terraform')
    const sibling = `${main.slice(0, main.lastIndexOf('/'))}/url.tf`
    const [diagnostic] = await editor.waitFor(sibling, ofRule('lambda-public-invoke'), 'a finding in url.tf')
    expect(diagnostic!.range).toEqual({ start: { line: 2, character: 23 }, end: { line: 2, character: 29 } })
    expect(diagnostic!.relatedInformation?.find((related) => related.message === 'the function')?.location.uri).toBe(main)

    // An unsaved buffer of url.tf stands in for the file on disk, which stays as it was.
    const onDisk = readFileSync(file('module/url.tf'), 'utf8')
    const url = await editor.open(file('module/url.tf'), onDisk, 'terraform')
    expect(url).toBe(sibling)
    await editor.change(url, [{ text: onDisk.replace('"NONE"', '"AWS_IAM"') }])
    await editor.waitFor(url, none, 'empty after the fix in the buffer')
    expect(readFileSync(file('module/url.tf'), 'utf8')).toBe(onDisk)
    await editor.change(url, [{ text: onDisk }])
    await editor.waitFor(url, ofRule('lambda-public-invoke'), 'the finding again')
    await editor.close(url)
    await editor.close(main)
  })

  it('suppresses a finding with a comment in HCL and YAML, and in Metadata in JSON, and the finding is gone', async () => {
    const cases = [
      { name: 'module/url.tf', languageId: 'terraform', id: 'lambda-public-invoke', expected: /\n {2}# iac-lint-ignore lambda-public-invoke -- reason\n {2}authorization_type = "NONE"\n/ },
      { name: 'template.yaml', languageId: 'yaml', id: 'lambda-public-invoke', expected: /\n {6}# iac-lint-ignore lambda-public-invoke -- reason\n {6}AuthType: NONE\n/ },
      { name: 'template.json', languageId: 'json', id: 'lambda-public-invoke', expected: /"Metadata": \{\s+"iac-lint": \{\s+"ignore": \[\s+\{\s+"rule": "lambda-public-invoke",\s+"reason": "reason"\s+\}\s+\]/ },
    ]
    for (const { name, languageId, id, expected } of cases) {
      const text = readFileSync(file(name), 'utf8')
      const uri = await editor.open(file(name), text, languageId)
      const [diagnostic] = await editor.waitFor(uri, ofRule(id), `a ${id} finding in ${name}`)
      const [action, ...more] = await codeActions(uri, diagnostic!)
      expect(more, name).toEqual([])
      expect(action!.kind).toBe('quickfix')
      const edited = applied(text, uri, action!)
      expect(edited, name).toMatch(expected)
      await editor.change(uri, [{ text: edited }])
      await editor.waitFor(uri, none, `empty after the suppression in ${name}`)
      if (languageId === 'json') expect(() => JSON.parse(edited) as unknown).not.toThrow()
      await editor.close(uri)
    }
  })

  it('applies the workspace configuration, and re-runs when it changes', async () => {
    const uri = await editor.open(file('template.yaml'), readFileSync(file('template.yaml'), 'utf8'), 'yaml')
    await editor.waitFor(uri, ofRule('lambda-public-invoke'), 'a finding before the configuration')
    writeFileSync(file('.iac-lint.yaml'), 'rules:\n  lambda-public-invoke: off\n')
    await editor.filesChanged([{ file: file('.iac-lint.yaml'), type: FileChangeType.Created }])
    await editor.waitFor(uri, none, 'empty with the rule turned off')
    writeFileSync(file('.iac-lint.yaml'), 'rules:\n  no-such-rule: error\n')
    await editor.filesChanged([{ file: file('.iac-lint.yaml'), type: FileChangeType.Changed }])
    const config = `${uri.slice(0, uri.lastIndexOf('/'))}/.iac-lint.yaml`
    const [error] = await editor.waitFor(config, (diagnostics) => diagnostics.length === 1, 'the configuration error')
    expect(error!.message).toMatch(/^rules\.no-such-rule is not a rule/)
    expect(error!.range.start).toEqual({ line: 1, character: 2 })
    // The defaults apply meanwhile.
    await editor.waitFor(uri, ofRule('lambda-public-invoke'), 'the finding under the defaults')
    rmSync(file('.iac-lint.yaml'))
    await editor.filesChanged([{ file: file('.iac-lint.yaml'), type: FileChangeType.Deleted }])
    await editor.waitFor(config, none, 'the configuration error cleared')
    await editor.close(uri)
  })
})

describe('the analysis thread', () => {
  const url = new URL('./fixtures/lsp/crashing-worker.mjs', import.meta.url)

  it('fails only the job whose thread exits, throws or hangs, and runs the next one on a new thread', async () => {
    const thread = new AnalysisThread<{ id: number; action?: string }, { id: number; answer: number }>(url, 2_000, 64)
    try {
      await expect(thread.run({ id: 1 })).resolves.toEqual({ id: 1, answer: 2 })
      await expect(thread.run({ id: 2, action: 'exit' })).rejects.toThrow(/exited \(code 3\)/)
      await expect(thread.run({ id: 3 })).resolves.toEqual({ id: 3, answer: 6 })
      await expect(thread.run({ id: 4, action: 'throw' })).rejects.toThrow(/analysis blew up/)
      await expect(thread.run({ id: 5, action: 'hang' })).rejects.toBeInstanceOf(AnalysisThreadError)
      await expect(thread.run({ id: 6 })).resolves.toEqual({ id: 6, answer: 12 })
    } finally {
      await thread.stop()
    }
  })
})

describe('iac-lint lsp on the command line', () => {
  it('needs --stdio', () => {
    const run = cli(['lsp'])
    expect(run.code).toBe(2)
    expect(run.stderr).toMatch(/^iac-lint: lsp talks to the editor over standard input and output: run `iac-lint lsp --stdio`$/m)
  })
})

describe('the suppression quick fix', () => {
  const edited = (name: string, text: string, line: number, address?: string): string => {
    const document = TextDocument.create(`file:///workspace/${name}`, 'text', 1, text)
    const syntax = suppressionSyntax(name)
    expect(syntax, name).toBeDefined()
    const edit = suppressionEdit(document, syntax!, 'some-rule', line, address)
    expect(edit, `an edit for line ${line} of ${name}`).toBeDefined()
    return TextDocument.applyEdits(document, edit!.edits)
  }

  it('writes the YAML comment above the key whose block scalar holds the flagged line', () => {
    const text = 'Resources:\n  Fn:\n    Properties:\n      Policy: !Sub |\n        {\n          "Principal": "*"\n        }\n'
    expect(edited('t.yaml', text, 5)).toBe('Resources:\n  Fn:\n    Properties:\n      # iac-lint-ignore some-rule -- reason\n      Policy: !Sub |\n        {\n          "Principal": "*"\n        }\n')
    expect(edited('t.yaml', text, 2)).toBe('Resources:\n  Fn:\n    # iac-lint-ignore some-rule -- reason\n    Properties:\n      Policy: !Sub |\n        {\n          "Principal": "*"\n        }\n')
  })

  it('writes the HCL comment above the attribute whose heredoc holds the flagged line, and keeps CRLF', () => {
    const text = 'resource "x" "y" {\r\n  policy = <<-EOT\r\n    {"Principal": "*"}\r\n  EOT\r\n  name = "z"\r\n}\r\n'
    expect(edited('main.tf', text, 2)).toBe('resource "x" "y" {\r\n  # iac-lint-ignore some-rule -- reason\r\n  policy = <<-EOT\r\n    {"Principal": "*"}\r\n  EOT\r\n  name = "z"\r\n}\r\n')
    expect(edited('main.tf', text, 4)).toBe('resource "x" "y" {\r\n  policy = <<-EOT\r\n    {"Principal": "*"}\r\n  EOT\r\n  # iac-lint-ignore some-rule -- reason\r\n  name = "z"\r\n}\r\n')
  })

  it('adds to an ignore list the JSON resource has, and uses the template Metadata for a resource the template does not declare', () => {
    const text = '{\n  "Resources": {\n    "Fn": {\n      "Type": "AWS::Lambda::Function",\n      "Metadata": { "iac-lint": { "ignore": ["other-rule"] } }\n    }\n  }\n}\n'
    const resource = JSON.parse(edited('t.json', text, 3, 'Fn')) as { Resources: { Fn: { Metadata: { 'iac-lint': { ignore: unknown[] } } } } }
    expect(resource.Resources.Fn.Metadata['iac-lint'].ignore).toEqual(['other-rule', { rule: 'some-rule', reason: 'reason' }])
    const template = JSON.parse(edited('t.json', text, 3, 'ServerlessRestApi')) as { Metadata: unknown }
    expect(template.Metadata).toEqual({ 'iac-lint': { ignore: [{ rule: 'some-rule', reason: 'reason' }] } })
  })

  it('offers nothing for a .tf.json file, which has no comments', () => {
    expect(suppressionSyntax('main.tf.json')).toBeUndefined()
  })
})
