/**
 * A scripted editor for the language server: starts the built server (bin/iac-lint-lsp.js, which
 * runs the bundle) and talks to it over standard input and output with the protocol library's
 * client side. Waiting for diagnostics has a generous limit so that a server that never answers
 * fails the test instead of hanging it; it is a guard, not a speed target.
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import {
  createProtocolConnection,
  DidChangeTextDocumentNotification,
  DidChangeWatchedFilesNotification,
  DidCloseTextDocumentNotification,
  DidOpenTextDocumentNotification,
  ExitNotification,
  InitializedNotification,
  InitializeRequest,
  LogMessageNotification,
  PublishDiagnosticsNotification,
  RegistrationRequest,
  ShutdownRequest,
  StreamMessageReader,
  StreamMessageWriter,
  type Diagnostic,
  type FileChangeType,
  type InitializeResult,
  type ProtocolConnection,
  type TextDocumentContentChangeEvent,
} from 'vscode-languageserver-protocol/node'
import { repoRoot } from './cli-run.js'

export const WAIT_MS = 30_000

export class Editor {
  readonly logs: string[] = []
  readonly stderr: string[] = []
  private readonly diagnostics = new Map<string, Diagnostic[]>()
  private readonly waiters = new Set<() => void>()
  private readonly versions = new Map<string, number>()

  private constructor(
    private readonly child: ChildProcessWithoutNullStreams,
    readonly connection: ProtocolConnection,
  ) {
    connection.onNotification(PublishDiagnosticsNotification.type, ({ uri, diagnostics }) => {
      this.diagnostics.set(uri, diagnostics)
      for (const waiter of [...this.waiters]) waiter()
    })
    connection.onNotification(LogMessageNotification.type, ({ message }) => {
      this.logs.push(message)
    })
    connection.onRequest(RegistrationRequest.type, () => {})
    child.stderr.on('data', (chunk: Buffer) => this.stderr.push(chunk.toString('utf8')))
  }

  /** Starts the server and initializes it with `workspace` as the only workspace folder. */
  static async start(workspace: string): Promise<{ editor: Editor; initialized: InitializeResult }> {
    const child = spawn(process.execPath, [path.join(repoRoot, 'bin', 'iac-lint-lsp.js'), '--stdio'], { cwd: workspace })
    const connection = createProtocolConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin))
    const editor = new Editor(child, connection)
    connection.listen()
    const uri = pathToFileURL(workspace).href
    const initialized = await connection.sendRequest(InitializeRequest.type, {
      processId: process.pid,
      rootUri: uri,
      workspaceFolders: [{ uri, name: 'workspace' }],
      capabilities: { workspace: { didChangeWatchedFiles: { dynamicRegistration: true } } },
    })
    await connection.sendNotification(InitializedNotification.type, {})
    return { editor, initialized }
  }

  get exitCode(): number | null {
    return this.child.exitCode
  }

  async open(file: string, text: string, languageId: string): Promise<string> {
    const uri = pathToFileURL(file).href
    this.versions.set(uri, 1)
    await this.connection.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId, version: 1, text } })
    return uri
  }

  async change(uri: string, changes: TextDocumentContentChangeEvent[]): Promise<void> {
    const version = (this.versions.get(uri) ?? 0) + 1
    this.versions.set(uri, version)
    await this.connection.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version }, contentChanges: changes })
  }

  async close(uri: string): Promise<void> {
    await this.connection.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri } })
  }

  async filesChanged(files: Array<{ file: string; type: FileChangeType }>): Promise<void> {
    await this.connection.sendNotification(DidChangeWatchedFilesNotification.type, { changes: files.map(({ file, type }) => ({ uri: pathToFileURL(file).href, type })) })
  }

  /** The diagnostics last published for `uri` once they satisfy `accept`; fails after WAIT_MS with what was last seen. */
  waitFor(uri: string, accept: (diagnostics: Diagnostic[]) => boolean, what: string): Promise<Diagnostic[]> {
    return new Promise((resolve, reject) => {
      const check = (): void => {
        const current = this.diagnostics.get(uri)
        if (current && accept(current)) {
          this.waiters.delete(check)
          clearTimeout(timer)
          resolve(current)
        }
      }
      const timer = setTimeout(() => {
        this.waiters.delete(check)
        reject(new Error(`no diagnostics for ${path.basename(uri)} that are ${what} within ${WAIT_MS} ms; last: ${JSON.stringify(this.diagnostics.get(uri))}; stderr: ${this.stderr.join('')}`))
      }, WAIT_MS)
      this.waiters.add(check)
      check()
    })
  }

  async stop(): Promise<void> {
    if (this.child.exitCode === null) {
      const exited = new Promise((resolve) => this.child.once('exit', resolve))
      await this.connection.sendRequest(ShutdownRequest.type)
      await this.connection.sendNotification(ExitNotification.type)
      await exited
    }
    this.connection.dispose()
  }
}
