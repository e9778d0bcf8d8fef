/**
 * Files the CLI writes (`-o`, `-f FORMAT=FILE`, `--write-baseline`; the Action's `sarif-file`
 * is one of them). A repository is untrusted input and may commit a symbolic link where a report
 * goes, so an output file is never written through one: the target is checked before the scan,
 * so that a bad path fails at once, and written as a temporary file in the same folder that is
 * then renamed over it, so a reader never sees half a report and a link put there during the
 * scan is replaced, not followed.
 */
import { constants } from 'node:fs'
import { access, chmod, lstat, rename, stat, unlink, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { UsageError } from '../engine/files.js'

/**
 * Throws a UsageError (exit 2; the CLI escapes its message) unless `file` can be written: its
 * folder exists and is writable, and the file is missing or a regular, writable file (not a
 * symbolic link, folder, pipe, socket or device).
 */
export async function checkOutputFile(file: string): Promise<void> {
  const shown = `"${file}"`
  if (/[\\/]$/.test(file)) throw new UsageError(`cannot write ${shown}: it names a folder, not a file`)
  const folder = path.dirname(path.resolve(file))
  const shownFolder = `"${path.dirname(file)}"`
  const folderInfo = await stat(folder).catch((error: NodeJS.ErrnoException) => error.code ?? 'ENOENT')
  if (folderInfo === 'ENOTDIR') throw new UsageError(`cannot write ${shown}: ${shownFolder} is not a folder`)
  if (typeof folderInfo === 'string') throw new UsageError(`cannot write ${shown}: folder ${shownFolder} does not exist`)
  if (!folderInfo.isDirectory()) throw new UsageError(`cannot write ${shown}: ${shownFolder} is not a folder`)
  const info = await lstat(file).catch(() => undefined)
  if (info?.isSymbolicLink()) throw new UsageError(`cannot write ${shown}: it is a symbolic link; remove it or name another file`)
  if (info?.isDirectory()) throw new UsageError(`cannot write ${shown}: it is a folder`)
  if (info && !info.isFile()) throw new UsageError(`cannot write ${shown}: it is not a regular file (a pipe, socket or device)`)
  if (info && !(await writable(file))) throw new UsageError(`cannot write ${shown}: permission denied`)
  if (!(await writable(folder, constants.W_OK | constants.X_OK))) {
    throw new UsageError(`cannot write ${shown}: folder ${shownFolder} is not writable`)
  }
}

/**
 * Writes `text` to `file` atomically and without following a symbolic link: the checks again
 * (the scan took time), a temporary file created exclusively beside the target with the
 * target's permissions, then a rename over the target. The temporary file is removed on failure.
 */
export async function writeOutputFile(file: string, text: string): Promise<void> {
  await checkOutputFile(file)
  const folder = path.dirname(path.resolve(file))
  // A short prefix of the name keeps the temporary name within the file system's limit.
  // Loaded here, not at start-up: most runs write to standard output.
  const { randomBytes } = await import('node:crypto')
  const temporary = path.join(folder, `.${path.basename(file).slice(0, 100)}.${randomBytes(6).toString('hex')}.tmp`)
  try {
    // `wx` is O_CREAT | O_EXCL: it never opens an existing file or follows a link.
    await writeFile(temporary, text, { flag: 'wx' })
    const existing = await lstat(file).catch(() => undefined)
    if (existing?.isFile()) await chmod(temporary, existing.mode & 0o7777)
    await rename(temporary, file)
  } catch (error) {
    await unlink(temporary).catch(() => undefined)
    const reason = error instanceof Error && 'code' in error ? String(error.code) : error instanceof Error ? error.message : String(error)
    throw new UsageError(`cannot write "${file}": ${reason}`)
  }
}

async function writable(file: string, mode: number = constants.W_OK): Promise<boolean> {
  return access(file, mode).then(
    () => true,
    () => false,
  )
}
