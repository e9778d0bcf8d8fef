/**
 * The language server's analysis thread: a template or a Terraform module per job, through the
 * public API as the CLI runs it, so the server's own thread only answers the editor. The
 * configuration is read again for every job: an edit of `.iac-lint.yaml` applies to the next one.
 */
import { readdirSync, type Dirent } from 'node:fs'
import path from 'node:path'
import { parentPort } from 'node:worker_threads'
import { BUILTIN_RULES, ConfigError, ignoredNotice, loadConfig, loadFrontends, rules, scan, scanText, type Config, type ScanResult } from '../index.js'
import type { AnalysisJob, AnalysisReply } from './protocol.js'

const RULE_IDS = [...BUILTIN_RULES, ...rules.map((rule) => rule.meta)].map((meta) => meta.id)
const TERRAFORM_SOURCE = /\.tf(\.json)?$/i

async function analyse(job: AnalysisJob): Promise<AnalysisReply> {
  let config: Config | undefined
  let configError: AnalysisReply['configError']
  try {
    config = await loadConfig(job.cwd, undefined, RULE_IDS)
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error
    configError = { message: error.message, file: error.file }
  }
  const options = { rules, cwd: job.cwd, ...(config ? { config } : {}) }
  let result: ScanResult | undefined
  if (job.kind === 'template') {
    if (config === undefined || (await ignoredNotice(job.file, config, job.cwd)) === undefined) {
      await loadFrontends([job.file])
      result = scanText(job.text, job.file, options)
    }
  } else {
    // Terraform reads a module folder; the scan is given its sources on disk, each named, and
    // reads open buffers instead of those files.
    const sources = listFolder(job.dir)
      .filter((entry) => entry.isFile() && TERRAFORM_SOURCE.test(entry.name))
      .map((entry) => path.join(job.dir, entry.name))
    // The scan leaves out what the configuration's ignore globs match.
    if (sources.length > 0) result = await scan(sources, { ...options, overlay: new Map(job.overlay) })
  }
  const findings = (result?.findings ?? []).filter((finding) => !finding.suppressed)
  const used = new Set(findings.map((finding) => finding.ruleId))
  return { id: job.id, findings, rules: (result?.rules ?? []).filter((meta) => used.has(meta.id)), ...(configError ? { configError } : {}) }
}

/** A folder deleted or unreadable since its file was opened holds no module. */
function listFolder(dir: string): Dirent[] {
  try {
    return readdirSync(dir, { withFileTypes: true })
  } catch {
    return []
  }
}

parentPort!.on('message', (job: AnalysisJob) => {
  // One job at a time: the server sends the next only when this one has answered. A failure
  // outside the scan's own isolation (which turns a file's error into its internal-error
  // finding) is thrown here and ends the thread, which the server reports at the file.
  void analyse(job).then((reply) => parentPort!.postMessage(reply))
})
