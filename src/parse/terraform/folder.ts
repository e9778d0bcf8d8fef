/**
 * Reading a Terraform module folder: its `.tf` and `.tf.json` files, the variable files Terraform
 * loads for a root module, and the module manifest `terraform init` writes.
 */
import { readdir, readFile, realpath, stat } from 'node:fs/promises'
import path from 'node:path'
import { decodeText } from '../text.js'
import { pointRange, type Range } from '../types.js'
import type { HclParser } from './hcl.js'
import type { ConfigFile, SyntaxResult } from './syntax.js'
import { parseTfJson, parseTfvarsJson } from './tf-json.js'

export interface FileFailure {
  file: string
  message: string
  range: Range
}

export interface ModuleFolder {
  dir: string
  /** Files read, in name order, override files last (as Terraform merges them). */
  files: ConfigFile[]
  failures: FileFailure[]
}

export function isTerraformSource(file: string): boolean {
  const name = path.basename(file).toLowerCase()
  return name.endsWith('.tf') || name.endsWith('.tf.json')
}

/** `override.tf`, `main_override.tf.json`: merged into the blocks of the other files. */
export function isOverrideFile(file: string): boolean {
  return /(^|_)override\.tf(\.json)?$/i.test(path.basename(file))
}

/**
 * The sources of a module folder the scan did not walk (a called module). A symbolic link counts
 * only when it leads to a regular file inside the folder, as links in a scan stay inside its root.
 */
export async function listSources(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => [])
  const root = await realpath(dir).catch(() => dir)
  const sources: string[] = []
  for (const entry of entries) {
    if (!isTerraformSource(entry.name)) continue
    const file = path.join(dir, entry.name)
    if (entry.isFile() || (entry.isSymbolicLink() && (await linksInside(file, root)))) sources.push(file)
  }
  return sources
}

async function linksInside(link: string, root: string): Promise<boolean> {
  const target = await realpath(link).catch(() => undefined)
  if (!target || !(await stat(target).catch(() => undefined))?.isFile()) return false
  const relative = path.relative(root, target)
  return !relative.startsWith('..') && !path.isAbsolute(relative)
}

/** The given files of a folder (all of its sources when `files` is omitted), parsed. */
export async function readModuleFolder(dir: string, hcl: HclParser, files?: string[]): Promise<ModuleFolder> {
  const chosen = sortSources(files ?? (await listSources(dir)))
  const folder: ModuleFolder = { dir, files: [], failures: [] }
  for (const file of chosen) {
    const result = await readConfigFile(file, (text) => (file.toLowerCase().endsWith('.json') ? parseTfJson(text, hcl) : hcl.parse(text)))
    if (result.ok) folder.files.push(result.file)
    else folder.failures.push({ file, message: result.message, range: result.range })
  }
  return folder
}

function sortSources(files: string[]): string[] {
  const byName = [...files].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
  return [...byName.filter((file) => !isOverrideFile(file)), ...byName.filter(isOverrideFile)]
}

async function readConfigFile(file: string, parse: (text: string) => SyntaxResult): Promise<SyntaxResult> {
  let bytes: Buffer
  try {
    bytes = await readFile(file)
  } catch (error) {
    return { ok: false, message: `cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`, range: pointRange(1, 1) }
  }
  const decoded = decodeText(bytes)
  if (!decoded.ok) return { ok: false, message: decoded.message, range: pointRange(1, 1) }
  const parsed = parse(decoded.text)
  return parsed.ok ? { ok: true, file: { ...parsed.file, file } } : parsed
}

/**
 * The variable files Terraform loads by itself for a root module, lowest precedence first:
 * `terraform.tfvars`, `terraform.tfvars.json`, then `*.auto.tfvars` and `*.auto.tfvars.json` in
 * lexical order of their names.
 */
export async function readAutomaticVariableFiles(dir: string, hcl: HclParser): Promise<{ files: ConfigFile[]; failures: FileFailure[] }> {
  const entries = await readdir(dir).catch(() => [] as string[])
  const automatic = entries.filter((name) => /\.auto\.tfvars(\.json)?$/.test(name)).sort()
  const names = ['terraform.tfvars', 'terraform.tfvars.json', ...automatic].filter((name) => entries.includes(name))
  return readVariableFiles(names.map((name) => path.join(dir, name)), hcl)
}

/** Variable files (`.tfvars` in HCL, `.tfvars.json` in JSON), in the order given. */
export async function readVariableFiles(files: readonly string[], hcl: HclParser): Promise<{ files: ConfigFile[]; failures: FileFailure[] }> {
  const out: { files: ConfigFile[]; failures: FileFailure[] } = { files: [], failures: [] }
  for (const file of files) {
    const result = await readConfigFile(file, (text) => (file.toLowerCase().endsWith('.json') ? parseTfvarsJson(text) : hcl.parse(text)))
    if (result.ok) out.files.push(result.file)
    else out.failures.push({ file, message: result.message, range: result.range })
  }
  return out
}

/**
 * `.terraform/modules/modules.json` of a root module: module call path (`edge`, `edge.vpc`) to
 * the folder `terraform init` put the module in. Undefined when there is none (or it is unreadable).
 */
export async function readModuleManifest(rootDir: string): Promise<Map<string, string> | undefined> {
  const text = await readFile(path.join(rootDir, '.terraform', 'modules', 'modules.json'), 'utf8').catch(() => undefined)
  if (text === undefined) return undefined
  try {
    const manifest = JSON.parse(text) as { Modules?: Array<{ Key?: unknown; Dir?: unknown }> }
    const modules = new Map<string, string>()
    for (const entry of manifest.Modules ?? []) {
      if (typeof entry.Key === 'string' && typeof entry.Dir === 'string') modules.set(entry.Key, path.resolve(rootDir, entry.Dir))
    }
    return modules
  } catch {
    return undefined
  }
}
