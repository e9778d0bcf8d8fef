/**
 * Worker threads for large scans: files go out in batches to a few workers, which parse them,
 * build models and run the rules they load from `rulesModule`; results come back by file index,
 * so the output is the same whatever the scheduling.
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
}

export interface WorkerBatch {
  first: number
  candidates: Candidate[]
}

export interface WorkerReply {
  first: number
  units: CheckedUnit[]
}

const BATCH_SIZE = 25

export async function checkInWorkers(candidates: Candidate[], job: WorkerJob, count: number): Promise<CheckedUnit[]> {
  // Loaded only by a scan that starts threads.
  const { Worker } = await import('node:worker_threads')
  const results: CheckedUnit[] = new Array<CheckedUnit>(candidates.length)
  let next = 0
  const nextBatch = (): WorkerBatch | undefined => {
    if (next >= candidates.length) return undefined
    const batch = { first: next, candidates: candidates.slice(next, next + BATCH_SIZE) }
    next += BATCH_SIZE
    return batch
  }
  /**
   * A worker that dies (out of memory, a crash in native code) takes only its current batch
   * with it: those files get an internal-error finding and a new worker takes the rest.
   */
  const runWorker = (): Promise<void> =>
    new Promise((resolve) => {
      const worker = new Worker(new URL('./worker.js', import.meta.url), { workerData: job })
      let current: WorkerBatch | undefined
      let done = false
      const finish = (): void => {
        if (done) return
        done = true
        resolve()
      }
      const send = (): void => {
        current = nextBatch()
        if (current) worker.postMessage(current)
        else void worker.terminate().then(finish)
      }
      const fail = (error: unknown): void => {
        if (done) return
        done = true
        const lost = current
        current = undefined
        if (lost) {
          lost.candidates.forEach((candidate, offset) => {
            results[lost.first + offset] = { findings: [internalErrorFinding(candidate.file, 'analysing (worker thread stopped)', error)], suppressions: [], analysed: false }
          })
        }
        void worker.terminate()
        void runWorker().then(resolve)
      }
      worker.on('message', (reply: WorkerReply) => {
        reply.units.forEach((unit, offset) => (results[reply.first + offset] = unit))
        send()
      })
      worker.on('error', fail)
      worker.on('exit', (code) => {
        if (current) fail(new Error(`worker exited with code ${code}`))
      })
      send()
    })
  await Promise.all(Array.from({ length: Math.min(count, Math.ceil(candidates.length / BATCH_SIZE)) }, runWorker))
  return results
}
