/**
 * The Terraform side of a scan: which folders are root modules, and every module folder they
 * call, read once. A folder that another scanned folder calls (directly or through modules in
 * between) is analysed through that caller, with the caller's arguments, and not again as a
 * root with its defaults; a scanned folder that no other reaches is a root.
 *
 * Module sources are literal strings in Terraform, so the call tree is known before anything is
 * evaluated: local paths (`./x`, `../x`) directly, registry and git sources through the manifest
 * `terraform init` writes (`.terraform/modules/modules.json` of the root module).
 *
 * No source leads out of the folders being scanned: a `../..` too many, a manifest entry or a
 * symbolic link to a folder elsewhere is a module that is not available. Folders are compared by
 * their real paths, links resolved.
 */
import { realpathSync, statSync } from 'node:fs'
import path from 'node:path'
import {
  readAutomaticVariableFiles,
  readModuleFolder,
  readModuleManifest,
  readVariableFiles,
  type FileFailure,
  type ModuleFolder,
  type SourceOverlay,
} from './folder.js'
import { attempt } from '../../../parse/read.js'
import type { HclParser } from './hcl.js'
import { attributeOf, blocksOf, type ConfigFile } from './syntax.js'
import type { ExternalFileAccess } from '../../external-file.js'

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

export interface LoadOptions {
  /** Files larger than this many bytes are not read; each is a failure with `tooLarge`. */
  maxBytes?: number
  /** The folders being scanned (absolute paths): module sources lead nowhere else. The folders of the units when absent. */
  scanRoots?: readonly string[]
  /** Editor buffers read instead of the files on disk. */
  overlay?: SourceOverlay
}

export class TerraformProject {
  private readonly folders = new Map<string, ModuleFolder>()
  private readonly manifests = new Map<string, Map<string, string> | undefined>()
  private readonly extraFailures: FileFailure[] = []
  private readonly unitFolders: ModuleFolder[] = []
  /** Real paths of the scan roots. */
  private readonly scanRoots: string[] = []
  /** Folders a source names, by whether a module may be read from them. */
  private readonly access = new Map<string, 'readable' | 'missing' | 'outside'>()
  readonly roots: RootModule[] = []

  private constructor(
    readonly hcl: HclParser,
    private readonly maxBytes: number,
    private readonly overlay: SourceOverlay | undefined,
  ) {}

  static async load(units: ModuleUnit[], hcl: HclParser, varFiles: readonly string[] = [], options: LoadOptions = {}): Promise<TerraformProject> {
    const maxBytes = options.maxBytes ?? Number.POSITIVE_INFINITY
    const project = new TerraformProject(hcl, maxBytes, options.overlay)
    for (const dir of options.scanRoots ?? units.map((unit) => unit.dir)) project.scanRoots.push(attempt(() => realpathSync(dir)) ?? path.resolve(dir))
    const explicitVariables = await readVariableFiles(varFiles, hcl, maxBytes, options.overlay)
    project.extraFailures.push(...explicitVariables.failures)
    const unitFolders = project.unitFolders
    for (const unit of [...units].sort((a, b) => (a.dir < b.dir ? -1 : a.dir > b.dir ? 1 : 0))) {
      const folder = await readModuleFolder(unit.dir, hcl, unit.files, maxBytes, options.overlay)
      if (unit.whole) project.folders.set(unit.dir, folder)
      unitFolders.push(folder)
      project.manifests.set(unit.dir, await readModuleManifest(unit.dir, maxBytes))
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
      const automatic = await readAutomaticVariableFiles(folder.dir, hcl, maxBytes, options.overlay)
      project.extraFailures.push(...automatic.failures)
      project.roots.push({ dir: folder.dir, folder, variableFiles: [...automatic.files, ...explicitVariables.files] })
    }
    return project
  }

  /** What `file()` and `templatefile()` may read: files inside the scan roots, within the size limit. */
  get externalFiles(): ExternalFileAccess {
    return { scanRoots: this.scanRoots, maxBytes: this.maxBytes }
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
    if (this.access.get(dir) === 'outside') return { kind: 'unavailable', why: `module source "${source}" leads out of the folders being scanned` }
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
      folder = await readModuleFolder(dir, this.hcl, undefined, this.maxBytes, this.overlay)
      this.folders.set(dir, folder)
    }
    return folder
  }

  /** Whether a module may be read from `dir`: a folder inside a scan root, once links are resolved. */
  private readable(dir: string): boolean {
    let access = this.access.get(dir)
    if (access === undefined) {
      const real = attempt(() => realpathSync(dir))
      if (real === undefined || attempt(() => statSync(real).isDirectory()) !== true) access = 'missing'
      else access = this.scanRoots.some((root) => within(real, root)) ? 'readable' : 'outside'
      this.access.set(dir, access)
    }
    return access === 'readable'
  }

  /**
   * Reads every folder the calls under `start` reach; returns their paths. A folder is visited
   * once, not once per path to it (a module called twice by a module called twice ... would be
   * visited 2^n times), unless the manifest places modules by the path of calls that leads there.
   */
  private async preload(start: ModuleFolder, rootDir: string): Promise<Set<string>> {
    const reached = new Set<string>()
    const placed = manifestPrefixes(this.manifests.get(rootDir))
    const visit = (dir: string, callPath: string[]): string => (placed.has(callPath.join('.')) ? `${dir}\u0000${callPath.join('.')}` : dir)
    const visited = new Set([visit(start.dir, [])])
    const pending: Array<{ folder: ModuleFolder; callPath: string[] }> = [{ folder: start, callPath: [] }]
    while (pending.length > 0) {
      const { folder, callPath } = pending.pop()!
      if (callPath.length >= MAX_MODULE_DEPTH) continue
      for (const call of moduleCalls(folder.files)) {
        const childPath = [...callPath, call.name]
        const dir = this.sourceDir(rootDir, folder, childPath, call.source)
        if (dir === undefined || visited.has(visit(dir, childPath))) continue
        visited.add(visit(dir, childPath))
        if (!this.readable(dir)) continue
        reached.add(dir)
        pending.push({ folder: await this.folder(dir), callPath: childPath })
      }
    }
    return reached
  }
}

/** Every call path (`edge`, `edge.vpc`) that has modules placed below it in a manifest, the root's (``) included. */
function manifestPrefixes(manifest: Map<string, string> | undefined): Set<string> {
  const prefixes = new Set<string>()
  for (const key of manifest?.keys() ?? []) {
    const parts = key.split('.')
    for (let i = 0; i < parts.length; i++) prefixes.add(parts.slice(0, i).join('.'))
  }
  return prefixes
}

/** Whether `dir` is `root` or inside it; both real paths. */
function within(dir: string, root: string): boolean {
  const relative = path.relative(root, dir)
  return relative === '' || (relative !== '..' && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative))
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
