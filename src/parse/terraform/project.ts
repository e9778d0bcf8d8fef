/**
 * The Terraform side of a scan: which folders are root modules, and every module folder they
 * call, read once. A folder that another scanned folder calls (directly or through modules in
 * between) is analysed through that caller, with the caller's arguments, and not again as a
 * root with its defaults; a scanned folder that no other reaches is a root.
 *
 * Module sources are literal strings in Terraform, so the call tree is known before anything is
 * evaluated: local paths (`./x`, `../x`) directly, registry and git sources through the manifest
 * `terraform init` writes (`.terraform/modules/modules.json` of the root module).
 */
import { stat } from 'node:fs/promises'
import path from 'node:path'
import {
  readAutomaticVariableFiles,
  readModuleFolder,
  readModuleManifest,
  readVariableFiles,
  type FileFailure,
  type ModuleFolder,
} from './folder.js'
import type { HclParser } from './hcl.js'
import { attributeOf, blocksOf, type ConfigFile } from './syntax.js'

/** Deepest chain of module calls followed; deeper calls are treated as unavailable. */
export const MAX_MODULE_DEPTH = 32

/** Files of a scan in one folder: the whole folder as the scan found it, or only the files named on the command line. */
export interface ModuleUnit {
  dir: string
  /** Absolute paths. */
  files: string[]
  /** True when the scan walked the folder: then the files are the module, also for callers. */
  whole: boolean
}

export interface RootModule {
  dir: string
  folder: ModuleFolder
  /** The automatic variable files of the folder, then the `--var-file` files: later ones win. */
  variableFiles: ConfigFile[]
}

export interface ModuleCall {
  name: string
  source: string
}

export type ResolvedSource = { kind: 'folder'; folder: ModuleFolder } | { kind: 'unavailable'; why: string }

export class TerraformProject {
  private readonly folders = new Map<string, ModuleFolder>()
  private readonly manifests = new Map<string, Map<string, string> | undefined>()
  private readonly extraFailures: FileFailure[] = []
  private readonly unitFolders: ModuleFolder[] = []
  readonly roots: RootModule[] = []

  private constructor(readonly hcl: HclParser) {}

  static async load(units: ModuleUnit[], hcl: HclParser, varFiles: readonly string[] = []): Promise<TerraformProject> {
    const project = new TerraformProject(hcl)
    const explicitVariables = await readVariableFiles(varFiles, hcl)
    project.extraFailures.push(...explicitVariables.failures)
    const unitFolders = project.unitFolders
    for (const unit of [...units].sort((a, b) => (a.dir < b.dir ? -1 : a.dir > b.dir ? 1 : 0))) {
      const folder = await readModuleFolder(unit.dir, hcl, unit.files)
      if (unit.whole) project.folders.set(unit.dir, folder)
      unitFolders.push(folder)
      project.manifests.set(unit.dir, await readModuleManifest(unit.dir))
    }
    const reach = new Map<ModuleFolder, Set<string>>()
    for (const folder of unitFolders) reach.set(folder, await project.preload(folder, folder.dir))

    const reachedByOthers = (folder: ModuleFolder, among: ModuleFolder[]): boolean =>
      among.some((other) => other !== folder && other.dir !== folder.dir && reach.get(other)!.has(folder.dir))
    const roots = unitFolders.filter((folder) => !reachedByOthers(folder, unitFolders))
    // Folders that only call each other in a cycle: the first of them stands as a root for the rest.
    for (const folder of unitFolders) {
      if (!roots.includes(folder) && !reachedByOthers(folder, roots)) roots.push(folder)
    }
    for (const folder of roots.sort((a, b) => (a.dir < b.dir ? -1 : a.dir > b.dir ? 1 : 0))) {
      const automatic = await readAutomaticVariableFiles(folder.dir, hcl)
      project.extraFailures.push(...automatic.failures)
      project.roots.push({ dir: folder.dir, folder, variableFiles: [...automatic.files, ...explicitVariables.files] })
    }
    return project
  }

  /** Every file that could not be read, each once, in path order. */
  get failures(): FileFailure[] {
    const seen = new Map<string, FileFailure>()
    for (const folder of this.folders.values()) for (const failure of folder.failures) seen.set(failure.file, failure)
    for (const folder of this.unitFolders) for (const failure of folder.failures) seen.set(failure.file, failure)
    for (const failure of this.extraFailures) seen.set(failure.file, failure)
    return [...seen.values()].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0))
  }

  /** Configuration files read, each once. */
  get files(): ConfigFile[] {
    const files = new Map<string, ConfigFile>()
    for (const folder of [...this.folders.values(), ...this.unitFolders]) for (const file of folder.files) files.set(file.file, file)
    return [...files.values()].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0))
  }

  /** Configuration files read or found unreadable, each once. */
  get filesRead(): number {
    return new Set([...this.files.map((file) => file.file), ...this.failures.map((failure) => failure.file)]).size
  }

  /** Where the module a call names lives, for a call at `callPath` (`['edge', 'vpc']`) under `root`. */
  resolve(rootDir: string, caller: ModuleFolder, callPath: string[], source: string): ResolvedSource {
    if (callPath.length > MAX_MODULE_DEPTH) return { kind: 'unavailable', why: `module calls nest deeper than ${MAX_MODULE_DEPTH} levels` }
    const dir = this.sourceDir(rootDir, caller, callPath, source)
    if (dir === undefined) {
      return {
        kind: 'unavailable',
        why: `module source "${source}" is not available locally (no entry in .terraform/modules/modules.json; run terraform init to fetch it)`,
      }
    }
    const folder = this.folders.get(dir)
    if (!folder || (folder.files.length === 0 && folder.failures.length === 0)) {
      return { kind: 'unavailable', why: `module folder "${source}" does not exist or holds no Terraform files` }
    }
    return { kind: 'folder', folder }
  }

  private sourceDir(rootDir: string, caller: ModuleFolder, callPath: string[], source: string): string | undefined {
    if (isLocalSource(source)) return path.resolve(caller.dir, source)
    return this.manifests.get(rootDir)?.get(callPath.join('.'))
  }

  private async folder(dir: string): Promise<ModuleFolder> {
    let folder = this.folders.get(dir)
    if (!folder) {
      folder = await readModuleFolder(dir, this.hcl)
      this.folders.set(dir, folder)
    }
    return folder
  }

  /** Reads every folder the calls under `start` reach; returns their paths. */
  private async preload(start: ModuleFolder, rootDir: string): Promise<Set<string>> {
    const reached = new Set<string>()
    const pending: Array<{ folder: ModuleFolder; callPath: string[]; chain: string[] }> = [
      { folder: start, callPath: [], chain: [start.dir] },
    ]
    while (pending.length > 0) {
      const { folder, callPath, chain } = pending.pop()!
      if (callPath.length >= MAX_MODULE_DEPTH) continue
      for (const call of moduleCalls(folder.files)) {
        const childPath = [...callPath, call.name]
        const dir = this.sourceDir(rootDir, folder, childPath, call.source)
        if (dir === undefined || chain.includes(dir)) continue
        if (!(await isDirectory(dir))) continue
        reached.add(dir)
        pending.push({ folder: await this.folder(dir), callPath: childPath, chain: [...chain, dir] })
      }
    }
    return reached
  }
}

/** `./x`, `../x` (and Windows spellings): a folder on disk, not something to download. */
export function isLocalSource(source: string): boolean {
  return /^\.\.?([/\\]|$)/.test(source)
}

/** The module blocks of some files with a literal `source`. */
export function moduleCalls(files: ConfigFile[]): ModuleCall[] {
  const calls: ModuleCall[] = []
  for (const file of files) {
    for (const block of blocksOf(file.body, 'module')) {
      const source = attributeOf(block.body, 'source')?.expr
      if (block.labels[0] !== undefined && source?.kind === 'literal' && typeof source.value === 'string') {
        calls.push({ name: block.labels[0], source: source.value })
      }
    }
  }
  return calls
}

async function isDirectory(dir: string): Promise<boolean> {
  return (await stat(dir).catch(() => undefined))?.isDirectory() === true
}
