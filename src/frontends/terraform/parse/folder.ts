/**
 * Reading a Terraform module folder: its `.tf` and `.tf.json` files, the variable files Terraform
 * loads for a root module, and the module manifest `terraform init` writes.
 */
import { readdirSync, realpathSync } from 'node:fs'
import path from 'node:path'
import { attempt, linksToFileInside, readRegularFile } from '../../../parse/read.js'
import { isTerraformSource } from '../sources.js'
import { decodeText, LineIndex } from '../../../parse/text.js'
import { pointRange, type Range } from '../../../parse/types.js'
import type { HclParser } from './hcl.js'
import { withTreeSitter } from './hcl-lazy.js'
import type { ConfigFile, SyntaxResult } from './syntax.js'
import { parseTfJson, parseTfvarsJson } from './tf-json.js'

export interface FileFailure {
  file: string
  message: string
  range: Range
  /** Set when the file is over the size limit and was not read: its size and the limit, in bytes. */
  tooLarge?: { size: number; limit: number }
}

export interface ModuleFolder {
  dir: string
  /** Files read, in name order, override files last (as Terraform merges them). */
  files: ConfigFile[]
  failures: FileFailure[]
}

/**
 * Text that stands in for files on disk, by absolute path: the buffers an editor holds open,
 * unsaved ones included. Every module and variable file is read through `readRegular`, which
 * looks here first.
 */
export type SourceOverlay = ReadonlyMap<string, string>

export { isTerraformSource }

/** `override.tf`, `main_override.tf.json`: merged into the blocks of the other files. */
export function isOverrideFile(file: string): boolean {
  return /(^|_)override\.tf(\.json)?$/i.test(path.basename(file))
}

/**
 * The sources of a module folder the scan did not walk (a called module). A symbolic link counts
 * only when it leads to a regular file inside the folder, as links in a scan stay inside its root.
 */
export async function listSources(dir: string): Promise<string[]> {
  const entries = attempt(() => readdirSync(dir, { withFileTypes: true })) ?? []
  const root = attempt(() => realpathSync(dir)) ?? dir
  const sources: string[] = []
  for (const entry of entries) {
    if (!isTerraformSource(entry.name)) continue
    const file = path.join(dir, entry.name)
    if (entry.isFile() || (entry.isSymbolicLink() && linksToFileInside(file, root))) sources.push(file)
  }
  return sources
}

/** The given files of a folder (all of its sources when `files` is omitted), parsed. */
export async function readModuleFolder(
  dir: string,
  hcl: HclParser,
  files?: string[],
  maxBytes = Number.POSITIVE_INFINITY,
  overlay?: SourceOverlay,
): Promise<ModuleFolder> {
  const chosen = sortSources(files ?? (await listSources(dir)))
  const folder: ModuleFolder = { dir, files: [], failures: [] }
  for (const file of chosen) {
    const result = await readConfigFile(file, maxBytes, overlay, (text) => withTreeSitter(hcl, () => (file.toLowerCase().endsWith('.json') ? parseTfJson(text, hcl) : hcl.parse(text))))
    if (result === undefined) continue
    if ('failure' in result) folder.failures.push(result.failure)
    else folder.files.push(result.file)
  }
  return folder
}

function sortSources(files: string[]): string[] {
  const byName = [...files].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
  return [...byName.filter((file) => !isOverrideFile(file)), ...byName.filter(isOverrideFile)]
}

type Read = { kind: 'bytes'; bytes: Buffer } | { kind: 'folder' } | { kind: 'failed'; message: string; tooLarge?: { size: number; limit: number } }

/** The bytes of a regular file of at most `maxBytes` (see `readRegularFile`), or why not; the overlay's text when it holds the file. */
async function readRegular(file: string, maxBytes: number, overlay?: SourceOverlay): Promise<Read> {
  const held = overlay?.get(file)
  if (held !== undefined) {
    const bytes = Buffer.from(held, 'utf8')
    return bytes.length > maxBytes ? { kind: 'failed', message: `${bytes.length} bytes, over the size limit`, tooLarge: { size: bytes.length, limit: maxBytes } } : { kind: 'bytes', bytes }
  }
  try {
    const read = readRegularFile(file, maxBytes, 0)
    switch (read.kind) {
      case 'bytes':
      case 'folder':
        return read
      case 'special':
        return { kind: 'failed', message: 'not a regular file (a pipe, socket or device); not read' }
      case 'oversized':
        return { kind: 'failed', message: `${read.size} bytes, over the size limit`, tooLarge: { size: read.size, limit: maxBytes } }
    }
  } catch (error) {
    return { kind: 'failed', message: `cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})` }
  }
}

/** A file read and parsed, or why not; undefined for a folder with a source's name, which Terraform skips too. */
async function readConfigFile(
  file: string,
  maxBytes: number,
  overlay: SourceOverlay | undefined,
  parse: (text: string) => Promise<SyntaxResult>,
): Promise<{ file: ConfigFile } | { failure: FileFailure } | undefined> {
  const read = await readRegular(file, maxBytes, overlay)
  if (read.kind === 'folder') return undefined
  if (read.kind === 'failed') return { failure: { file, message: read.message, range: pointRange(1, 1), ...(read.tooLarge ? { tooLarge: read.tooLarge } : {}) } }
  const decoded = decodeText(read.bytes)
  if (!decoded.ok) return { failure: { file, message: decoded.message, range: undecodableAt(read.bytes, decoded.reason) } }
  const parsed = await parse(decoded.text)
  return parsed.ok ? { file: { ...parsed.file, file } } : { failure: { file, message: parsed.message, range: parsed.range } }
}

/**
 * The variable files Terraform loads by itself for a root module, lowest precedence first:
 * `terraform.tfvars`, `terraform.tfvars.json`, then `*.auto.tfvars` and `*.auto.tfvars.json` in
 * lexical order of their names.
 */
export async function readAutomaticVariableFiles(
  dir: string,
  hcl: HclParser,
  maxBytes = Number.POSITIVE_INFINITY,
  overlay?: SourceOverlay,
): Promise<{ files: ConfigFile[]; failures: FileFailure[] }> {
  const entries = attempt(() => readdirSync(dir)) ?? []
  const automatic = entries.filter((name) => /\.auto\.tfvars(\.json)?$/.test(name)).sort()
  const names = ['terraform.tfvars', 'terraform.tfvars.json', ...automatic].filter((name) => entries.includes(name))
  return readVariableFiles(names.map((name) => path.join(dir, name)), hcl, maxBytes, overlay)
}

/** Variable files (`.tfvars` in HCL, `.tfvars.json` in JSON), in the order given. */
export async function readVariableFiles(
  files: readonly string[],
  hcl: HclParser,
  maxBytes = Number.POSITIVE_INFINITY,
  overlay?: SourceOverlay,
): Promise<{ files: ConfigFile[]; failures: FileFailure[] }> {
  const out: { files: ConfigFile[]; failures: FileFailure[] } = { files: [], failures: [] }
  for (const file of files) {
    const result = await readConfigFile(file, maxBytes, overlay, (text) => withTreeSitter(hcl, () => (file.toLowerCase().endsWith('.json') ? parseTfvarsJson(text) : hcl.parse(text))))
    if (result === undefined) continue
    if ('failure' in result) out.failures.push(result.failure)
    else out.files.push(result.file)
  }
  return out
}

/**
 * `.terraform/modules/modules.json` of a root module: module call path (`edge`, `edge.vpc`) to
 * the folder `terraform init` put the module in. Undefined when there is none (or it is unreadable).
 */
export async function readModuleManifest(rootDir: string, maxBytes = Number.POSITIVE_INFINITY): Promise<Map<string, string> | undefined> {
  const read = await readRegular(path.join(rootDir, '.terraform', 'modules', 'modules.json'), maxBytes)
  if (read.kind !== 'bytes') return undefined
  try {
    const manifest = JSON.parse(read.bytes.toString('utf8')) as { Modules?: Array<{ Key?: unknown; Dir?: unknown }> }
    const modules = new Map<string, string>()
    for (const entry of manifest.Modules ?? []) {
      if (typeof entry.Key === 'string' && typeof entry.Dir === 'string') modules.set(entry.Key, path.resolve(rootDir, entry.Dir))
    }
    return modules
  } catch {
    return undefined
  }
}

/**
 * Where a file that is not text goes wrong: the first byte that is not UTF-8, read leniently so
 * the line and column are those an editor shows; the start of the file for binary content.
 */
function undecodableAt(bytes: Uint8Array, reason: string): Range {
  if (reason === 'binary') return pointRange(1, 1)
  const lossy = new TextDecoder('utf-8').decode(bytes)
  const bad = lossy.indexOf('\ufffd')
  return bad < 0 ? pointRange(1, 1) : new LineIndex(lossy).range(bad, bad + 1)
}
