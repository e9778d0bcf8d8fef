import { createRequire as __iacLintRequire } from 'node:module';
let __iacLintRequired;
const require = (id) => (__iacLintRequired ??= __iacLintRequire(import.meta.url))(id);
import{checkCandidateInWorker,loadFrontends,runSettings}from"./chunk-IBVSFZ6Q.js";import"./chunk-VASGDB5L.js";import"./chunk-O2UIVSMH.js";import"./chunk-23K4SVHZ.js";import"./chunk-V6ABIPHU.js";import"./chunk-RUL6YQE7.js";import{parentPort,workerData}from"node:worker_threads";var job=workerData,run=runSettings(job.config),{rules}=await import(job.rulesModule);await loadFrontends();parentPort.on("message",batch=>{let units=batch.candidates.map(candidate=>checkCandidateInWorker(candidate,job,rules,run)),reply={first:batch.first,units};parentPort.postMessage(reply)});
