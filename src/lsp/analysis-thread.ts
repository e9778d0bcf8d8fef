/**
 * The thread analyses run in, one job at a time. A thread that dies (an exception no scan
 * isolation caught, out of memory, a crash in native code) or that takes longer than the time
 * limit fails only its job: `run` rejects with the reason, and the next job starts a new thread.
 */
import { Worker } from 'node:worker_threads'

export class AnalysisThreadError extends Error {}

export class AnalysisThread<Job, Reply> {
  private worker: Worker | undefined
  private pending: { resolve: (reply: Reply) => void; reject: (error: Error) => void; timer: NodeJS.Timeout } | undefined

  /**
   * `url`: the thread's module; `timeoutMs`: how long one job may take; `heapMB`: the thread's
   * heap limit, so that a runaway analysis ends the thread and not the server.
   */
  constructor(
    private readonly url: URL,
    private readonly timeoutMs: number,
    private readonly heapMB: number,
  ) {}

  get busy(): boolean {
    return this.pending !== undefined
  }

  run(job: Job): Promise<Reply> {
    if (this.pending) return Promise.reject(new Error('the analysis thread is busy'))
    const worker = this.start()
    return new Promise<Reply>((resolve, reject) => {
      const timer = setTimeout(() => this.fail(new AnalysisThreadError(`the analysis took longer than ${Math.round(this.timeoutMs / 1000)} s and was stopped`)), this.timeoutMs)
      this.pending = { resolve, reject, timer }
      worker.postMessage(job)
    })
  }

  async stop(): Promise<void> {
    const worker = this.worker
    this.worker = undefined
    if (worker) await worker.terminate()
  }

  private start(): Worker {
    if (this.worker) return this.worker
    // The thread's standard output would mix with the protocol on ours: it goes to standard error.
    const worker = new Worker(this.url, { stdout: true, stderr: true, resourceLimits: { maxOldGenerationSizeMb: this.heapMB } })
    worker.stdout.pipe(process.stderr)
    worker.stderr.pipe(process.stderr)
    worker.on('message', (reply: Reply) => this.settle((pending) => pending.resolve(reply)))
    worker.on('error', (error) => {
      if (this.worker === worker) this.fail(new AnalysisThreadError(`the analysis stopped: ${error.message}`))
    })
    worker.on('exit', (code) => {
      if (this.worker === worker) this.fail(new AnalysisThreadError(`the analysis thread exited (code ${code})`))
    })
    this.worker = worker
    return worker
  }

  private settle(act: (pending: NonNullable<AnalysisThread<Job, Reply>['pending']>) => void): void {
    const pending = this.pending
    if (!pending) return
    this.pending = undefined
    clearTimeout(pending.timer)
    act(pending)
  }

  /** The job fails and the thread is dropped: the next job gets a new one. */
  private fail(error: Error): void {
    const worker = this.worker
    this.worker = undefined
    if (worker) void worker.terminate()
    this.settle((pending) => pending.reject(error))
  }
}
