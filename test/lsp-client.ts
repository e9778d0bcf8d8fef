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
  /** Every publication, in the order received. */
  readonly published: Array<{ uri: string; diagnostics: Diagnostic[] }> = []
  private readonly diagnostics = new Map<string, Diagnostic[]>()
  private readonly waiters = new Set<() => void>()
  private readonly versions = new Map<string, number>()

  private constructor(
    private readonly child: ChildProcessWithoutNullStreams,
    readonly connection: ProtocolConnection,
  ) {
    connection.onNotification(PublishDiagnosticsNotification.type, ({ uri, diagnostics }) => {
      this.diagnostics.set(uri, diagnostics)
      this.published.push({ uri, diagnostics })
      for (const waiter of [...this.waiters]) waiter()
    })
    connection.onNotification(LogMessageNotification.type, ({ message }) => {
      this.logs.push(message)
      for (const waiter of [...this.waiters]) waiter()
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
    // What was published before (the empty list of a close) says nothing about this opening.
    this.diagnostics.delete(uri)
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
    return this.until(() => {
      const current = this.diagnostics.get(uri)
      return current && accept(current) ? current : undefined
    }, () => `no diagnostics for ${path.basename(uri)} that are ${what}; last: ${JSON.stringify(this.diagnostics.get(uri))}`)
  }

  /** The first log line of the server, from the `from`th on, that matches `pattern`. */
  waitForLog(pattern: RegExp, from = 0): Promise<string> {
    return this.until(() => this.logs.slice(from).find((line) => pattern.test(line)), () => `no log line matching ${pattern}; logs: ${JSON.stringify(this.logs.slice(from))}`)
  }

  private until<T>(found: () => T | undefined, failure: () => string): Promise<T> {
    return new Promise((resolve, reject) => {
      const check = (): void => {
        const value = found()
        if (value === undefined) return
        this.waiters.delete(check)
        clearTimeout(timer)
        resolve(value)
      }
      const timer = setTimeout(() => {
        this.waiters.delete(check)
        reject(new Error(`${failure()} within ${WAIT_MS} ms; stderr: ${this.stderr.join('')}`))
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
