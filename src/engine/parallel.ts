/**
 * Worker threads for large scans: files go out in batches to a few workers, which parse them,
 * build models and run the built-in rules; results come back by file index, so the output is
 * the same whatever the scheduling.
 */
import { Worker } from 'node:worker_threads'
import type { Config } from './config.js'
import type { Candidate } from './files.js'
import type { CheckedUnit } from './scan.js'

export interface WorkerJob {
  cwd: string
  maxBytes: number
  config: Config
}

export interface WorkerBatch {
  first: number
  candidates: Candidate[]
}

export type WorkerReply = { first: number; units: CheckedUnit[] } | { error: string }

const BATCH_SIZE = 25

export async function checkInWorkers(candidates: Candidate[], job: WorkerJob, count: number): Promise<CheckedUnit[]> {
  const results: CheckedUnit[] = new Array<CheckedUnit>(candidates.length)
  let next = 0
  const nextBatch = (): WorkerBatch | undefined => {
    if (next >= candidates.length) return undefined
    const batch = { first: next, candidates: candidates.slice(next, next + BATCH_SIZE) }
    next += BATCH_SIZE
    return batch
  }
  const runWorker = (): Promise<void> =>
    new Promise((resolve, reject) => {
      const worker = new Worker(new URL('./worker.js', import.meta.url), { workerData: job })
      const send = (): void => {
        const batch = nextBatch()
        if (batch) worker.postMessage(batch)
        else void worker.terminate().then(() => resolve())
      }
      worker.on('message', (reply: WorkerReply) => {
        if ('error' in reply) {
          void worker.terminate()
          reject(new Error(reply.error))
          return
        }
        reply.units.forEach((unit, offset) => (results[reply.first + offset] = unit))
        send()
      })
      worker.on('error', reject)
      send()
    })
  await Promise.all(Array.from({ length: Math.min(count, Math.ceil(candidates.length / BATCH_SIZE)) }, runWorker))
  return results
}
