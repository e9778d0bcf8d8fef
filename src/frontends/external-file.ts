/**
 * Reading a file that scanned code names (SAM `DefinitionUri: ./openapi.yaml`, `AWS::Include`
 * with a local `Location`, Terraform `file()` and `templatefile()`): a stranger's repository
 * chooses the path, so the file is read only when, once symbolic links are resolved, it is a
 * regular file inside one of the scan's roots (as Terraform module sources are), no larger than
 * the scan's file size limit, and UTF-8 or UTF-16 text. Nothing here throws on input: every
 * refusal is a value saying why, for the caller to turn into a finding where it belongs.
 */
import { realpathSync } from 'node:fs'
import path from 'node:path'
import { readRegularFile } from '../parse/read.js'
import { decodeText } from '../parse/text.js'
import { parseJson } from '../parse/json.js'
import { parseYaml } from '../parse/yaml.js'
import type { ParseResult } from '../parse/types.js'

/** What a frontend may read besides the files the scan walks. */
export interface ExternalFileAccess {
  /**
   * The folders being scanned (absolute paths). A named file is read only inside one of them;
   * when empty, only inside the folder of the file that names it.
   */
  scanRoots: readonly string[]
  /** The scan's file size limit in bytes. */
  maxBytes: number
}

/**
 * Why a file was not read. `outside`, `missing` and `not-a-file` are about the name (report them
 * at the property that names the file); `too-large`, `unreadable` and `not-text` are about the
 * file itself (report them at the file).
 */
export type ExternalFileRefusal = 'outside' | 'missing' | 'not-a-file' | 'too-large' | 'unreadable' | 'not-text'

export type ExternalText =
  | { ok: true; file: string; text: string }
  /** `size`: for `too-large`, the file's size in bytes. */
  | { ok: false; file: string; reason: ExternalFileRefusal; message: string; size?: number }

/**
 * The text of the file `name` (relative to `baseDir`, the folder of the file that names it) within
 * `access`. `file` is the absolute path as named (not the link target), for findings.
 */
export function readExternalText(name: string, baseDir: string, access: ExternalFileAccess): ExternalText {
  const file = path.resolve(baseDir, name)
  const shown = JSON.stringify(name)
  let real: string
  try {
    real = realpathSync(file)
  } catch {
    return { ok: false, file, reason: 'missing', message: `the file ${shown} does not exist` }
  }
  const roots = access.scanRoots.length > 0 ? access.scanRoots : [baseDir]
  if (!roots.some((root) => within(real, realOrSelf(root)))) {
    return { ok: false, file, reason: 'outside', message: `the file ${shown} is outside the folders being scanned, so it is not read` }
  }
  let bytes: Buffer
  try {
    const read = readRegularFile(real, access.maxBytes, 0)
    if (read.kind === 'folder' || read.kind === 'special') return { ok: false, file, reason: 'not-a-file', message: `${shown} is not a regular file, so it is not read` }
    if (read.kind === 'oversized') {
      const message = `the file is ${read.size.toLocaleString('en-US')} bytes, over the ${access.maxBytes.toLocaleString('en-US')}-byte limit, so it is not read`
      return { ok: false, file, reason: 'too-large', message, size: read.size }
    }
    bytes = read.bytes
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unreadable'
    return { ok: false, file, reason: 'unreadable', message: `the file cannot be read (${code})` }
  }
  const decoded = decodeText(bytes)
  if (!decoded.ok) return { ok: false, file, reason: 'not-text', message: `${decoded.message}; save the file as UTF-8` }
  return { ok: true, file, text: decoded.text }
}

/** A YAML or JSON document's text into the document tree, ranges in that file: JSON for a `.json` name or text that starts with `{`. */
export function parseExternalDocument(text: string, file: string): ParseResult {
  const json = file.toLowerCase().endsWith('.json') || text.trimStart().startsWith('{')
  return json ? parseJson(text) : parseYaml(text)
}

function realOrSelf(dir: string): string {
  try {
    return realpathSync(dir)
  } catch {
    return path.resolve(dir)
  }
}

/** Whether `file` is inside `root` (both real paths). */
function within(file: string, root: string): boolean {
  const relative = path.relative(root, file)
  return relative !== '' && relative !== '..' && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative)
}
