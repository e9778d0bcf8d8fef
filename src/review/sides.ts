/**
 * The two sides of a comparison: a file or folder on disk, or `REF:path` read from git into a
 * temporary folder (never into the user's tree), removed again by `dispose`.
 */
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { UsageError } from '../engine/files.js'
import { objectKind, repositoryPrefix, repositoryTop, resolveCommit, writeTree } from './git.js'

export interface Side {
  /** As the user wrote it, for headings. */
  label: string
  /** What to scan: an absolute file or folder. */
  scanPath: string
  folder: boolean
  /** The name a file of this side is shown under: its place in the repository for a side read from git. */
  shown(file: string): string
  /** Where a file of the repository (as `shown` names it) is in this side's tree; the same file on disk for a disk side. */
  inTree(file: string): string
  dispose(): void
}

/** A temporary folder of our own, for a tree read from git; `os.tmpdir()`, never the repository. */
export function temporaryFolder(purpose: string): { folder: string; dispose: () => void } {
  const folder = mkdtempSync(path.join(os.tmpdir(), `iac-lint-${purpose}-`))
  return { folder, dispose: () => rmSync(folder, { recursive: true, force: true }) }
}

/** `REF:path` when the text is not a file or folder on disk and has a `:` after something. */
function gitSpec(text: string): { ref: string; file: string } | undefined {
  const colon = text.indexOf(':')
  if (colon <= 0) return undefined
  return { ref: text.slice(0, colon), file: text.slice(colon + 1) }
}

export function openSide(spec: string, cwd: string): Side {
  const onDisk = path.resolve(cwd, spec)
  if (existsSync(onDisk)) {
    const folder = statSync(onDisk).isDirectory()
    return { label: spec, scanPath: onDisk, folder, shown: (file) => file, inTree: (file) => file, dispose: () => undefined }
  }
  const git = gitSpec(spec)
  if (!git) throw new UsageError(`no such file or directory: ${spec} (a version from git is written REF:path, e.g. main:template.yaml)`)
  const top = repositoryTop(cwd, `reading ${spec}`)
  const commit = resolveCommit(git.ref, cwd)
  // As git reads `REF:./path`: relative to the current folder; `REF:/path` from the top.
  const repoPath = git.file.startsWith('/') ? path.posix.normalize(git.file.slice(1)) : path.posix.normalize(`${repositoryPrefix(cwd)}${git.file || '.'}`)
  if (repoPath.startsWith('..')) throw new UsageError(`${spec}: the path leaves the repository`)
  const inRepository = repoPath === '.' ? '' : repoPath.replace(/\/$/, '')
  const kind = inRepository === '' ? 'folder' : objectKind(commit, inRepository, top)
  if (kind === undefined) throw new UsageError(`${spec}: there is no ${inRepository} at ${git.ref}`)
  const temporary = temporaryFolder('diff')
  const root = path.join(temporary.folder, 'tree')
  try {
    writeTree(commit, inRepository === '' ? [] : [inRepository], top, root)
  } catch (error) {
    temporary.dispose()
    throw error
  }
  const realTop = path.resolve(top)
  return {
    label: spec,
    scanPath: path.join(root, ...inRepository.split('/').filter(Boolean)),
    folder: kind === 'folder',
    shown: (file) => (isInside(file, root) ? path.join(realTop, path.relative(root, file)) : file),
    inTree: (file) => (isInside(file, realTop) ? path.join(root, path.relative(realTop, file)) : file),
    dispose: temporary.dispose,
  }
}

export function isInside(file: string, folder: string): boolean {
  const relative = path.relative(folder, file)
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative))
}
