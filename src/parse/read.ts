/**
 * Reading a file given by a path that a stranger's repository chose. The file is opened without
 * blocking and checked on the open descriptor, so a pipe or device put in its place is never read;
 * a file over the limit is not read past its first `headBytes` (enough to tell what it is), and a
 * file that grows while it is read is cut at the limit too. Errors (ENOENT, EACCES) are thrown.
 */
import { closeSync, constants, fstatSync, openSync, readSync, realpathSync, statSync } from 'node:fs'
import path from 'node:path'

export type FileRead =
  | { kind: 'bytes'; bytes: Buffer }
  | { kind: 'oversized'; size: number; head: Buffer }
  | { kind: 'folder' }
  | { kind: 'special' }

export function readRegularFile(file: string, maxBytes: number, headBytes = 64 * 1024): FileRead {
  const fd = openSync(file, constants.O_RDONLY | constants.O_NONBLOCK)
  try {
    const info = fstatSync(fd)
    if (info.isDirectory()) return { kind: 'folder' }
    if (!info.isFile()) return { kind: 'special' }
    if (info.size > maxBytes) {
      const head = Buffer.alloc(Math.min(headBytes, info.size))
      const got = readSync(fd, head, 0, head.length, 0)
      return { kind: 'oversized', size: info.size, head: head.subarray(0, got) }
    }
    // One read of the size fstat gave plus a byte: a short read is the end of the file, a full
    // one means it grew since, and reading goes on to the limit. Unzeroed buffers: only the
    // bytes a read wrote are handed on.
    const chunks: Buffer[] = []
    let total = 0
    for (;;) {
      const want = total < info.size ? info.size - total + 1 : 64 * 1024
      const chunk = Buffer.allocUnsafe(Math.max(1, Math.min(want, maxBytes + 1 - total)))
      const got = readSync(fd, chunk, 0, chunk.length, null)
      if (got > 0) chunks.push(chunk.subarray(0, got))
      total += got
      if (total > maxBytes) return { kind: 'oversized', size: total, head: Buffer.concat(chunks).subarray(0, headBytes) }
      if (got < chunk.length) break
    }
    return { kind: 'bytes', bytes: chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks) }
  } finally {
    closeSync(fd)
  }
}

/** The result of a file-system call, or undefined when it throws (a missing or unreadable path). */
export function attempt<T>(call: () => T): T | undefined {
  try {
    return call()
  } catch {
    return undefined
  }
}

/** Whether a symbolic link leads to a regular file inside `root`: the only links a scan follows. */
export function linksToFileInside(link: string, root: string): boolean {
  const target = attempt(() => realpathSync(link))
  if (target === undefined || attempt(() => statSync(target).isFile()) !== true) return false
  const relative = path.relative(root, target)
  return !relative.startsWith('..') && !path.isAbsolute(relative)
}
