/**
 * Worker threads for large scans: one-file units (templates and plans) wait in one queue, and a
 * few workers and this thread take them in batches until it is empty; each worker parses its
 * files, builds models and runs the rules it loads from `rulesModule`. Results are kept by file
 * index, so the output is the same whatever the scheduling.
 */
import type { Config } from './config.js'
import type { Candidate } from './files.js'
import { internalErrorFinding } from '../core/builtin.js'
import type { CheckedUnit } from './unit.js'

export interface WorkerJob {
  cwd: string
  maxBytes: number
  config: Config
  /** CloudFormation parameter values for every template. */
  parameters: Readonly<Record<string, string>>
  /** URL of the module whose `rules` export the worker runs. */
  rulesModule: string
  /** The folders being scanned: files a template names are read only inside them. */
  scanRoots: readonly string[]
  /**
   * Terraform sources are being read on this thread: a worker hands a plan back unchecked
   * (`deferred`), so that this thread checks it with the blocks it links to.
   */
  plansHere: boolean
}

export interface WorkerBatch {
  first: number
  candidates: Candidate[]
}

/** A worker's answer for one file: its unit, or `deferred` for a plan this thread must check. */
export type WorkerResult = CheckedUnit | 'deferred'

export interface WorkerReply {
  first: number
  units: WorkerResult[]
}

/** The most files in one batch: large enough that messages cost little, small enough to share the tail. */
const MAX_BATCH = 25
/** Batches a worker holds at once, so it never waits while this thread is busy with its own batch. */
const IN_FLIGHT = 2

/** A scan's one-file units being checked by worker threads, with this thread joining in `finish`. */
export interface SharedQueue {
  /**
   * This thread takes batches too until the queue is empty, then checks the plans workers
   * handed back; resolves with every unit in candidate order.
   */
  finish(checkHere: (candidate: Candidate) => CheckedUnit): Promise<CheckedUnit[]>
}

/**
 * Starts `count` workers on `candidates` at once: they take batches while this thread reads the
 * Terraform modules, which stay here because a module spans files.
 */
export function startWorkers(candidates: readonly Candidate[], job: WorkerJob, count: number): SharedQueue {
  const results = new Array<CheckedUnit | undefined>(candidates.length)
  const deferred: number[] = []
  let next = 0
  const threads = count + 1
  /** Batches shrink as the queue empties (guided scheduling), so no thread is left with a long last batch. */
  const take = (): WorkerBatch | undefined => {
    if (next >= candidates.length) return undefined
    const size = Math.max(1, Math.min(MAX_BATCH, Math.ceil((candidates.length - next) / (threads * 4))))
    const batch = { first: next, candidates: candidates.slice(next, next + size) }
    next += size
    return batch
  }
  const workers = import('node:worker_threads').then(({ Worker }) => {
    /**
     * A worker that dies (out of memory, a crash in native code) takes only the batches it held:
     * those files get an internal-error finding and a new worker takes the rest.
     */
    const runWorker = (): Promise<void> =>
      new Promise((resolve) => {
        const worker = new Worker(new URL('./worker.js', import.meta.url), { workerData: job })
        const held = new Map<number, WorkerBatch>()
        let done = false
        const send = (): void => {
          const batch = take()
          if (batch) {
            held.set(batch.first, batch)
            worker.postMessage(batch)
          } else if (held.size === 0 && !done) {
            done = true
            void worker.terminate().then(() => resolve())
          }
        }
        const fail = (error: unknown): void => {
          if (done) return
          done = true
          for (const lost of held.values()) {
            lost.candidates.forEach((candidate, offset) => {
              results[lost.first + offset] = { findings: [internalErrorFinding(candidate.file, 'analysing (worker thread stopped)', error)], suppressions: [], analysed: false }
            })
          }
          held.clear()
          void worker.terminate()
          void runWorker().then(resolve)
        }
        worker.on('message', (reply: WorkerReply) => {
          held.delete(reply.first)
          reply.units.forEach((unit, offset) => {
            if (unit === 'deferred') deferred.push(reply.first + offset)
            else results[reply.first + offset] = unit
          })
          send()
        })
        worker.on('error', fail)
        worker.on('exit', (code) => {
          if (held.size > 0) fail(new Error(`worker exited with code ${code}`))
        })
        for (let i = 0; i < IN_FLIGHT; i++) send()
      })
    return Promise.all(Array.from({ length: count }, runWorker))
  })
  return {
    async finish(checkHere) {
      for (let batch = take(); batch; batch = take()) {
        const { first } = batch
        batch.candidates.forEach((candidate, offset) => (results[first + offset] = checkHere(candidate)))
        // Lets the workers' replies in, so they get their next batch while this thread works on its own.
        await new Promise((resolve) => setImmediate(resolve))
      }
      await workers
      for (const index of deferred) results[index] = checkHere(candidates[index]!)
      return results as CheckedUnit[]
    },
  }
}
