/** Entry point of a scan worker thread (see parallel.ts). */
import { parentPort, workerData } from 'node:worker_threads'
import { rules } from '../../rules/index.js'
import type { WorkerBatch, WorkerJob, WorkerReply } from './parallel.js'
import { analyzeFile, checkOutcome, runSettings } from './scan.js'

const job = workerData as WorkerJob
const run = runSettings(job.config)

parentPort!.on('message', (batch: WorkerBatch) => {
  void (async () => {
    let reply: WorkerReply
    try {
      const units = []
      for (const candidate of batch.candidates) {
        units.push(checkOutcome(await analyzeFile(candidate, job.cwd, job.maxBytes), rules, run, job.config))
      }
      reply = { first: batch.first, units }
    } catch (error) {
      reply = { error: error instanceof Error ? error.message : String(error) }
    }
    parentPort!.postMessage(reply)
  })()
})
