/**
 * `iac-lint lsp --stdio`: findings while you type, for any editor that speaks the Language Server
 * Protocol. Templates are analysed from the editor's text; a Terraform file brings in its module
 * folder, open buffers read instead of the files on disk. Analyses run one at a time on a thread
 * of their own (worker.ts), so this thread always answers; a result computed from text the
 * editor has since changed is dropped, and a failed analysis is a diagnostic at its file.
 */
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import {
  CodeActionKind,
  createConnection,
  DiagnosticSeverity,
  DidChangeWatchedFilesNotification,
  TextDocuments,
  TextDocumentSyncKind,
  type CodeAction,
  type Connection,
  type Diagnostic,
  type InitializeParams,
  type Position,
  type Range,
} from 'vscode-languageserver/node'
import { TextDocument } from 'vscode-languageserver-textdocument'
import { BUNDLED } from '../core/bundled.js'
import type { Finding, RuleMeta } from '../index.js'
import { AnalysisThread } from './analysis-thread.js'
import { DocsLinks, hoverText, lspRange, toDiagnostic, type DiagnosticData } from './diagnostics.js'
import type { AnalysisJob, AnalysisReply } from './protocol.js'
import { suppressionEdit, suppressionSyntax } from './suppress.js'

/** How long after the last keystroke an analysis starts. */
const DEBOUNCE_MS = 250
/** Longer than any analysis should take; past it the thread is stopped and the file gets a diagnostic. */
const ANALYSIS_TIMEOUT_MS = 60_000
const THREAD_HEAP_MB = 4096

const CONFIG_FILE = /(^|[\\/])\.iac-lint\.(ya?ml|json)$/
const TERRAFORM_FILE = /\.(tf|tfvars)(\.json)?$/i
const TEMPLATE_FILE = /\.(ya?ml|json|template)$/i
/** Findings about the input that no suppression can be written for. */
const NOT_SUPPRESSIBLE = new Set(['parse-error', 'file-too-large', 'internal-error'])

/** What is analysed as one: a template (one document), or a Terraform module folder. */
type Unit = { key: string; cwd: string } & ({ kind: 'template'; uri: string; file: string } | { kind: 'terraform'; dir: string })

/** The editor text a job was made from: its result is stale once any of it changed. */
interface Snapshot {
  generation: number
  versions: Map<string, number>
}

interface Shown {
  diagnostic: Diagnostic
  finding: Finding | undefined
}

function fileOf(uri: string): string | undefined {
  if (!uri.startsWith('file:')) return undefined
  try {
    return fileURLToPath(uri)
  } catch {
    return undefined
  }
}

export class LanguageServer {
  private readonly documents = new TextDocuments(TextDocument)
  private readonly units = new Map<string, Unit>()
  private readonly timers = new Map<string, NodeJS.Timeout>()
  private readonly queue = new Set<string>()
  /** What each unit shows, by document URI; a document shows what all units say about it. */
  private readonly shown = new Map<string, Map<string, Shown[]>>()
  private readonly metas = new Map<string, RuleMeta>()
  private readonly docs = new DocsLinks(import.meta.url)
  private readonly thread = new AnalysisThread<AnalysisJob, AnalysisReply>(
    new URL(BUNDLED ? './lsp-worker.js' : './worker.js', import.meta.url),
    ANALYSIS_TIMEOUT_MS,
    THREAD_HEAP_MB,
  )
  private workspaceFolders: string[] = []
  /** Whether the editor lets the server ask to be told of changes to files on disk. */
  private watching = false
  private generation = 0
  private nextJob = 1

  constructor(private readonly connection: Connection) {
    connection.onInitialize((params) => this.initialize(params))
    connection.onInitialized(() => void this.watchFiles(connection))
    connection.onShutdown(() => this.thread.stop())
    connection.onDidChangeWatchedFiles(({ changes }) => {
      const files = changes.map((change) => fileOf(change.uri) ?? '')
      // Other changes (clients may report more than was asked for) leave the open files as they are.
      if (files.some((file) => CONFIG_FILE.test(file))) this.rerunAll()
      else if (files.some((file) => TERRAFORM_FILE.test(file))) this.rerunTerraform(DEBOUNCE_MS)
    })
    connection.onHover(({ textDocument, position }) => {
      const found = this.shownAt(textDocument.uri, position)
      if (found.length === 0) return null
      const value = found.map(({ finding }) => hoverText(finding!, this.metas.get(finding!.ruleId), this.docs)).join('\n\n---\n\n')
      return { contents: { kind: 'markdown', value }, range: found[0]!.diagnostic.range }
    })
    connection.onCodeAction(({ textDocument, context }) => this.codeActions(textDocument.uri, context.diagnostics))
    this.documents.onDidChangeContent(({ document }) => this.changed(document))
    this.documents.onDidClose(({ document }) => this.closed(document))
    this.documents.onDidSave(({ document }) => {
      if (CONFIG_FILE.test(fileOf(document.uri) ?? '')) this.rerunAll()
    })
    this.documents.listen(connection)
  }

  private initialize(params: InitializeParams): ReturnType<Parameters<Connection['onInitialize']>[0]> {
    const folders = params.workspaceFolders?.map((folder) => folder.uri) ?? (params.rootUri ? [params.rootUri] : [])
    this.workspaceFolders = folders.flatMap((uri) => fileOf(uri) ?? [])
    this.watching = params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration === true
    return {
      capabilities: {
        textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental, save: { includeText: false } },
        hoverProvider: true,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
      },
      serverInfo: { name: 'iac-lint' },
    }
  }

  /** The configuration and Terraform files on disk: a change re-runs what depends on them. */
  private async watchFiles(connection: Connection): Promise<void> {
    if (!this.watching) return
    await connection.client.register(DidChangeWatchedFilesNotification.type, {
      watchers: [{ globPattern: '**/.iac-lint.{yaml,yml,json}' }, { globPattern: '**/*.{tf,tfvars}' }, { globPattern: '**/*.{tf,tfvars}.json' }],
    })
  }

  /** The workspace folder holding `file` (the configuration is found from there), else its own folder. */
  private cwdOf(file: string): string {
    const holding = this.workspaceFolders.filter((folder) => {
      const relative = path.relative(folder, file)
      return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative)
    })
    return holding.sort((a, b) => b.length - a.length)[0] ?? path.dirname(file)
  }

  private unitOf(document: TextDocument): Unit | undefined {
    const file = fileOf(document.uri)
    if (file === undefined) return undefined
    const cwd = this.cwdOf(file)
    if (TERRAFORM_FILE.test(file)) return { key: `terraform:${path.dirname(file)}`, kind: 'terraform', dir: path.dirname(file), cwd }
    if (TEMPLATE_FILE.test(file)) return { key: `template:${document.uri}`, kind: 'template', uri: document.uri, file, cwd }
    return undefined
  }

  private changed(document: TextDocument): void {
    const unit = this.unitOf(document)
    if (!unit) return
    const known = this.units.has(unit.key)
    if (!known) this.units.set(unit.key, unit)
    // A Terraform buffer is read by its own module and by any open module that calls it.
    if (unit.kind === 'terraform') this.rerunTerraform(known ? DEBOUNCE_MS : 0)
    else this.schedule(unit.key, known ? DEBOUNCE_MS : 0)
  }

  private closed(document: TextDocument): void {
    const unit = this.unitOf(document)
    if (!unit) return
    const stillOpen = unit.kind === 'terraform' && this.documents.all().some((other) => other.uri !== document.uri && this.unitOf(other)?.key === unit.key)
    if (!stillOpen) this.forget(unit.key)
    if (unit.kind === 'terraform') this.rerunTerraform(0)
  }

  private forget(key: string): void {
    this.units.delete(key)
    clearTimeout(this.timers.get(key))
    this.timers.delete(key)
    this.queue.delete(key)
    this.show(key, new Map())
  }

  private rerunAll(): void {
    this.generation++
    for (const key of this.units.keys()) this.schedule(key, DEBOUNCE_MS)
  }

  private rerunTerraform(delay: number): void {
    for (const unit of this.units.values()) if (unit.kind === 'terraform') this.schedule(unit.key, delay)
  }

  private schedule(key: string, delay: number): void {
    clearTimeout(this.timers.get(key))
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key)
        this.queue.add(key)
        this.pump()
      }, delay),
    )
  }

  /** Starts the next queued analysis when the thread is free; each job is made from the text as it is now. */
  private pump(): void {
    if (this.thread.busy) return
    const key = this.queue.values().next().value
    if (key === undefined) return
    this.queue.delete(key)
    const unit = this.units.get(key)
    if (!unit) return this.pump()
    const { job, snapshot } = this.jobFor(unit)
    this.connection.console.log(`analysing ${nameOf(unit)}`)
    const started = performance.now()
    void this.thread
      .run(job)
      .then(
        (reply) => this.finished(unit, snapshot, reply, performance.now() - started),
        (error: Error) => this.failed(unit, snapshot, error),
      )
      .catch((error: Error) => this.failed(unit, snapshot, error))
      .finally(() => this.pump())
  }

  private jobFor(unit: Unit): { job: AnalysisJob; snapshot: Snapshot } {
    const versions = new Map<string, number>()
    const id = this.nextJob++
    if (unit.kind === 'template') {
      const document = this.documents.get(unit.uri)!
      versions.set(unit.uri, document.version)
      return { job: { id, cwd: unit.cwd, kind: 'template', file: unit.file, text: document.getText() }, snapshot: { generation: this.generation, versions } }
    }
    const overlay: Array<[string, string]> = []
    for (const document of this.documents.all()) {
      const file = fileOf(document.uri)
      if (file === undefined || !TERRAFORM_FILE.test(file)) continue
      overlay.push([file, document.getText()])
      versions.set(document.uri, document.version)
    }
    return { job: { id, cwd: unit.cwd, kind: 'terraform', dir: unit.dir, overlay }, snapshot: { generation: this.generation, versions } }
  }

  private isStale(unit: Unit, snapshot: Snapshot): boolean {
    if (this.units.get(unit.key) !== unit || snapshot.generation !== this.generation) return true
    return [...snapshot.versions].some(([uri, version]) => this.documents.get(uri)?.version !== version)
  }

  private finished(unit: Unit, snapshot: Snapshot, reply: AnalysisReply, ms: number): void {
    if (this.isStale(unit, snapshot)) return
    for (const meta of reply.rules) this.metas.set(meta.id, meta)
    const byUri = new Map<string, Shown[]>()
    // Every open file of the unit hears of its analysis, an empty list when it has no findings.
    if (unit.kind === 'template') byUri.set(unit.uri, [])
    else for (const uri of snapshot.versions.keys()) if (path.dirname(fileOf(uri) ?? '') === unit.dir) byUri.set(uri, [])
    for (const finding of reply.findings) {
      const uri = this.uriOf(finding.location.file)
      byUri.set(uri, [...(byUri.get(uri) ?? []), { diagnostic: toDiagnostic(finding, this.docs, (file) => this.uriOf(file)), finding }])
    }
    this.connection.console.log(`analysed ${nameOf(unit)} in ${Math.round(ms)} ms: ${reply.findings.length} findings`)
    this.show(unit.key, byUri)
    const config = new Map<string, Shown[]>()
    if (reply.configError?.file) config.set(this.uriOf(reply.configError.file), [{ diagnostic: configDiagnostic(reply.configError.message), finding: undefined }])
    this.show(`config:${unit.cwd}`, config)
  }

  /** A failed analysis is a diagnostic at the file (the first open file of a module); the server goes on. */
  private failed(unit: Unit, snapshot: Snapshot, error: Error): void {
    if (this.isStale(unit, snapshot)) return
    const uri = unit.kind === 'template' ? unit.uri : [...snapshot.versions.keys()].filter((candidate) => path.dirname(fileOf(candidate) ?? '') === unit.dir).sort()[0]
    if (uri === undefined) return
    const diagnostic: Diagnostic = {
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } },
      severity: DiagnosticSeverity.Error,
      source: 'iac-lint',
      code: 'internal-error',
      message: `iac-lint could not analyse this ${unit.kind === 'template' ? 'file' : 'module'}: ${error.message}. Other files are still analysed; please report this with the file.`,
    }
    const href = this.docs.pageOf('internal-error')
    if (href) diagnostic.codeDescription = { href }
    this.show(unit.key, new Map([[uri, [{ diagnostic, finding: undefined }]]]))
  }

  /** The URI the editor knows a file by: an open document's own, else a `file:` URL. */
  private uriOf(file: string): string {
    for (const document of this.documents.all()) if (fileOf(document.uri) === file) return document.uri
    return pathToFileURL(file).href
  }

  /** Replaces what `key` shows and publishes every document whose diagnostics changed. */
  private show(key: string, byUri: Map<string, Shown[]>): void {
    const before = this.shown.get(key)
    if (byUri.size === 0) this.shown.delete(key)
    else this.shown.set(key, byUri)
    for (const uri of new Set([...(before?.keys() ?? []), ...byUri.keys()])) this.publish(uri)
  }

  private publish(uri: string): void {
    this.connection.sendDiagnostics({ uri, diagnostics: this.shownIn(uri).map((entry) => entry.diagnostic) })
  }

  /** Everything shown in a document, each diagnostic once (two root modules calling one module report its findings twice). */
  private shownIn(uri: string): Shown[] {
    const seen = new Set<string>()
    const all: Shown[] = []
    for (const byUri of this.shown.values()) {
      for (const entry of byUri.get(uri) ?? []) {
        const key = JSON.stringify([entry.diagnostic.code, entry.diagnostic.range, entry.diagnostic.message])
        if (!seen.has(key)) all.push(entry)
        seen.add(key)
      }
    }
    return all
  }

  private shownAt(uri: string, position: Position): Shown[] {
    return this.shownIn(uri).filter((entry) => entry.finding !== undefined && contains(entry.diagnostic.range, position))
  }

  private codeActions(uri: string, diagnostics: Diagnostic[]): CodeAction[] {
    const document = this.documents.get(uri)
    const syntax = suppressionSyntax(fileOf(uri) ?? '')
    if (!document || !syntax) return []
    const actions = new Map<string, CodeAction>()
    for (const diagnostic of diagnostics) {
      const data = diagnostic.data as Partial<DiagnosticData> | undefined
      if (diagnostic.source !== 'iac-lint' || typeof data?.ruleId !== 'string' || NOT_SUPPRESSIBLE.has(data.ruleId) || data.ruleId.startsWith('suppression-')) continue
      const edit = suppressionEdit(document, syntax, data.ruleId, diagnostic.range.start.line, data.address)
      if (!edit) continue
      const key = JSON.stringify([edit.title, edit.edits])
      if (!actions.has(key)) actions.set(key, { title: edit.title, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], edit: { changes: { [uri]: edit.edits } } })
    }
    return [...actions.values()]
  }
}

/** How the log names a unit: the template's file name, the module's folder name with a slash. */
function nameOf(unit: Unit): string {
  return unit.kind === 'template' ? path.basename(unit.file) : `${path.basename(unit.dir)}/`
}

function contains(range: Range, position: Position): boolean {
  const after = (a: Position, b: Position): boolean => a.line > b.line || (a.line === b.line && a.character >= b.character)
  return after(position, range.start) && after(range.end, position)
}

/** `.iac-lint.yaml:3:5: message` as a diagnostic at that place. */
function configDiagnostic(message: string): Diagnostic {
  const at = /^[^:]*:(\d+):(\d+): /.exec(message)
  const line = at ? Number(at[1]) : 1
  const column = at ? Number(at[2]) : 1
  return {
    range: lspRange({ line, column, endLine: line, endColumn: column + 1 }),
    severity: DiagnosticSeverity.Error,
    source: 'iac-lint',
    message: `${at ? message.slice(at[0].length) : message} (the built-in defaults apply until this is fixed)`,
  }
}

/** Serves the protocol on standard input and output until the editor ends the session. */
export function startLanguageServer(): void {
  const connection = createConnection(process.stdin, process.stdout)
  new LanguageServer(connection)
  connection.listen()
}
