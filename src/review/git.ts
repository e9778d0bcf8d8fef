/**
 * The git commands review needs, run with `git` from the PATH in the user's repository: they
 * only read (rev-parse, merge-base, diff, ls-tree, cat-file); nothing here writes into the
 * repository or its work tree. A failure the user can fix is a `UsageError` (exit 2) that says how.
 */
import { execFileSync } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { UsageError } from '../engine/files.js'

/** Large enough for any listing or file a scan would read (the scan's own limits still apply). */
const MAX_OUTPUT = 1024 * 1024 * 1024

class GitFailure extends Error {
  constructor(
    readonly args: readonly string[],
    readonly stderr: string,
    readonly status: number | null,
  ) {
    super(`git ${args.join(' ')} failed: ${stderr.trim() || `exit ${status}`}`)
  }
}

function git(args: readonly string[], cwd: string, input?: string): Buffer {
  try {
    return execFileSync('git', args, {
      cwd,
      input,
      maxBuffer: MAX_OUTPUT,
      stdio: ['pipe', 'pipe', 'pipe'],
      // A user's pager, editor or credential prompt would hang a CI job.
      env: { ...process.env, GIT_TERMINAL_PROMPT: '0', GIT_PAGER: 'cat', LC_ALL: 'C' },
    })
  } catch (error) {
    const failed = error as NodeJS.ErrnoException & { stderr?: Buffer; status?: number | null }
    if (failed.code === 'ENOENT') throw new UsageError('git is not installed or not on the PATH; review needs it')
    throw new GitFailure(args, failed.stderr?.toString('utf8') ?? '', failed.status ?? null)
  }
}

function gitText(args: readonly string[], cwd: string): string {
  return git(args, cwd).toString('utf8').trim()
}

/** The repository's top folder, or a usage error saying that `cwd` is not in one. */
export function repositoryTop(cwd: string, purpose: string): string {
  try {
    return gitText(['rev-parse', '--show-toplevel'], cwd)
  } catch (error) {
    if (error instanceof GitFailure) throw new UsageError(`${purpose} needs a git repository, and the current folder is not inside one`)
    throw error
  }
}

function isShallow(cwd: string): boolean {
  try {
    return gitText(['rev-parse', '--is-shallow-repository'], cwd) === 'true'
  } catch {
    return false
  }
}

/**
 * How to bring a missing commit into this clone, for the message of a shallow checkout: the base
 * and the history that joins it to HEAD (fetching the base alone leaves HEAD's history cut).
 */
function fetchHint(ref: string): string {
  const branch = ref.replace(/^(refs\/heads\/|refs\/remotes\/)?(origin\/)?/, '')
  return (
    `this is a shallow clone: fetch the base and the history to it, e.g. \`git fetch --no-tags --unshallow origin ${branch}:refs/remotes/origin/${branch}\` ` +
    '(with actions/checkout, `fetch-depth: 0`)'
  )
}

/** The commit `ref` names, or a usage error: no such ref, or (in a shallow clone) not fetched. */
export function resolveCommit(ref: string, cwd: string): string {
  if (ref === '' || ref.startsWith('-')) throw new UsageError(`"${ref}" is not a git revision`)
  try {
    return gitText(['rev-parse', '--verify', '--quiet', '--end-of-options', `${ref}^{commit}`], cwd)
  } catch (error) {
    if (!(error instanceof GitFailure)) throw error
    const why = isShallow(cwd) ? fetchHint(ref) : 'check the branch, tag or commit name (a remote branch is origin/NAME)'
    throw new UsageError(`the revision "${ref}" does not exist in this repository; ${why}`)
  }
}

/**
 * The merge base of `ref` and HEAD, as `git diff REF...HEAD` compares from. In a shallow clone
 * the history that joins them may be missing: the message says how to fetch it.
 */
export function mergeBase(ref: string, cwd: string): string {
  const base = resolveCommit(ref, cwd)
  try {
    return gitText(['merge-base', base, 'HEAD'], cwd)
  } catch (error) {
    if (!(error instanceof GitFailure)) throw error
    if (isShallow(cwd)) throw new UsageError(`no merge base of "${ref}" and HEAD in this clone; ${fetchHint(ref)}`)
    throw new UsageError(`"${ref}" and HEAD have no common history, so there is no merge base to compare with`)
  }
}

export interface FileChange {
  status: 'added' | 'deleted' | 'modified' | 'renamed'
  /** Repository-relative, `/`-separated; absent for an added file. */
  oldPath?: string
  /** Repository-relative, `/`-separated; absent for a deleted file. */
  newPath?: string
}

/**
 * The files that differ between `base` and the work tree (what a scan reads): tracked changes
 * with renames found as `git diff -M` finds them, and files git does not track yet (not ignored)
 * as added. In a CI checkout the work tree is HEAD, so this is what `git diff REF...HEAD` lists.
 */
export function changedFiles(base: string, top: string): FileChange[] {
  const fields = git(['diff', '--name-status', '-z', '-M', '--no-ext-diff', '--no-textconv', base, '--'], top).toString('utf8').split('\0')
  const changes: FileChange[] = []
  for (let index = 0; index < fields.length - 1; ) {
    const status = fields[index++]!
    const first = fields[index++]!
    if (status.startsWith('R') || status.startsWith('C')) {
      const second = fields[index++]!
      changes.push(status.startsWith('R') ? { status: 'renamed', oldPath: first, newPath: second } : { status: 'added', newPath: second })
    } else if (status === 'A') changes.push({ status: 'added', newPath: first })
    else if (status === 'D') changes.push({ status: 'deleted', oldPath: first })
    else changes.push({ status: 'modified', oldPath: first, newPath: first })
  }
  const untracked = git(['ls-files', '-z', '--others', '--exclude-standard'], top).toString('utf8').split('\0').filter(Boolean)
  for (const file of untracked) changes.push({ status: 'added', newPath: file })
  return changes
}

/** The path of `cwd` inside the repository, `/`-separated with a trailing `/` (empty at the top). */
export function repositoryPrefix(cwd: string): string {
  return gitText(['rev-parse', '--show-prefix'], cwd)
}

interface TreeEntry {
  mode: string
  type: string
  object: string
  path: string
}

function listTree(commit: string, paths: readonly string[], top: string): TreeEntry[] {
  const out = git(['ls-tree', '-r', '-z', '--full-tree', commit, '--', ...paths], top).toString('utf8')
  return out
    .split('\0')
    .filter(Boolean)
    .map((line) => {
      const tab = line.indexOf('\t')
      const [mode = '', type = '', object = ''] = line.slice(0, tab).split(' ')
      return { mode, type, object, path: line.slice(tab + 1) }
    })
}

/** Whether `repoPath` is a file (blob), a folder (tree) or absent at `commit`. */
export function objectKind(commit: string, repoPath: string, top: string): 'file' | 'folder' | undefined {
  try {
    const type = gitText(['cat-file', '-t', `${commit}:${repoPath}`], top)
    return type === 'blob' ? 'file' : type === 'tree' ? 'folder' : undefined
  } catch (error) {
    if (error instanceof GitFailure) return undefined
    throw error
  }
}

/**
 * Writes the regular files under `paths` (repository-relative; all when empty) as they are at
 * `commit` into `folder`, at their repository-relative places. Symbolic links and submodules are
 * left out: nothing written can point outside `folder`. Returns the number of files written.
 */
export function writeTree(commit: string, paths: readonly string[], top: string, folder: string): number {
  const entries = listTree(commit, paths, top).filter((entry) => entry.type === 'blob' && (entry.mode === '100644' || entry.mode === '100755'))
  if (entries.length === 0) return 0
  const contents = git(['cat-file', '--batch'], top, entries.map((entry) => `${entry.object}\n`).join(''))
  let offset = 0
  for (const entry of entries) {
    const header = contents.indexOf(0x0a, offset)
    const size = Number(contents.subarray(offset, header).toString('utf8').split(' ')[2])
    const body = contents.subarray(header + 1, header + 1 + size)
    offset = header + 1 + size + 1
    const target = path.join(folder, ...entry.path.split('/'))
    // git never stores `..` segments; checked all the same, so a path cannot leave the folder.
    if (path.relative(folder, target).startsWith('..')) continue
    mkdirSync(path.dirname(target), { recursive: true })
    writeFileSync(target, body)
  }
  return entries.length
}
