import { readdirSync, realpathSync, statSync, type Dirent } from 'node:fs'
import path from 'node:path'
import type { Candidate } from '../core/types.js'
import { attempt, linksToFileInside } from '../parse/read.js'

/** Folders that never hold sources worth scanning: dependencies, VCS data, tool caches and build copies. */
const SKIPPED_DIRECTORIES = new Set(['node_modules', '.git', '.terraform', '.aws-sam'])

const CANDIDATE = /\.(ya?ml|json|template|tf)$/i

export type { Candidate }

export class UsageError extends Error {}

/**
 * Files to look at under the given paths, in a stable order, each once. The file system calls are
 * synchronous: a scan has nothing else to do meanwhile, and one awaited call per entry left the
 * process idle most of the time.
 */
export async function collectFiles(paths: string[], cwd: string): Promise<Candidate[]> {
  const found = new Map<string, Candidate>()
  for (const given of paths) {
    const absolute = path.resolve(cwd, given)
    const info = attempt(() => statSync(absolute))
    if (!info) throw new UsageError(`no such file or directory: ${given}`)
    if (info.isDirectory()) {
      const root = realpathSync(absolute)
      for (const candidate of walk(absolute, root)) if (!found.has(candidate.file)) found.set(candidate.file, candidate)
    } else if (info.isFile()) {
      found.set(absolute, { file: absolute, explicit: true })
    } else {
      // A FIFO would block the scan forever, a device could be endless: neither is ever opened.
      throw new UsageError(`${given} is not a regular file or folder (a pipe, socket or device); not read`)
    }
  }
  return [...found.values()].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0))
}

/** Files under a folder; a folder that cannot be listed becomes a candidate marked unreadable. */
function walk(directory: string, root: string): Candidate[] {
  const files: Candidate[] = []
  const pending = [directory]
  while (pending.length > 0) {
    const current = pending.pop()!
    let entries: Dirent[]
    try {
      entries = readdirSync(current, { withFileTypes: true })
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code
      // Gone since its parent was listed: nothing to report.
      if (code !== 'ENOENT') files.push({ file: current, explicit: false, unreadable: `folder cannot be read (${code ?? 'unreadable'})` })
      continue
    }
    for (const entry of entries) {
      const full = path.join(current, entry.name)
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRECTORIES.has(entry.name)) pending.push(full)
      } else if (entry.isFile()) {
        if (CANDIDATE.test(entry.name)) files.push({ file: full, explicit: false })
      } else if (entry.isSymbolicLink() && CANDIDATE.test(entry.name) && linksToFileInside(full, root)) {
        files.push({ file: full, explicit: false })
      }
    }
  }
  return files
}
