/** Entry point of a scan worker thread (see parallel.ts). */
import { parentPort, workerData } from 'node:worker_threads'
import type { WorkerBatch, WorkerJob, WorkerReply } from './parallel.js'
import type { Rule } from './rule.js'
import { checkCandidateInWorker, loadFrontends, runSettings } from './scan.js'

const job = workerData as WorkerJob
const run = runSettings(job.config)
// Batches posted while the rules load wait in the port's queue until the listener is attached.
const { rules } = (await import(job.rulesModule)) as { rules: readonly Rule[] }
// A worker takes whatever files come; plans among them need the Terraform frontend.
await loadFrontends()

parentPort!.on('message', (batch: WorkerBatch) => {
  // checkCandidateInWorker turns a failure inside one file into that file's finding.
  const units = batch.candidates.map((candidate) => checkCandidateInWorker(candidate, job, rules, run))
  const reply: WorkerReply = { first: batch.first, units }
  parentPort!.postMessage(reply)
})
