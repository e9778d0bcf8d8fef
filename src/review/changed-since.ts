/**
 * `scan --changed-since REF`: the findings a change brings. The files under the scanned paths are
 * read as they were at the merge base with REF (`git diff REF...HEAD` compares from there) into a
 * temporary folder and scanned as they are now; what is reported is what the change owns:
 * - a finding whose fingerprint the old version does not have (new, wherever it is);
 * - a finding on a resource the change added or modified (the resource's text, for a template;
 *   its model, for Terraform);
 * - in a Terraform plan, a finding on a resource whose `resource_changes` actions are not `no-op`
 *   (a plan is a change of its own; its other resources are left out).
 */
import { existsSync, readFileSync, realpathSync } from 'node:fs'
import path from 'node:path'
import type { Finding, ScanResult } from '../core/types.js'
import { loadModels, maxBytesOf, type ScanOptions } from '../engine/scan.js'
import { defaultConfig } from '../engine/config.js'
import { isCloudFormationTemplate, parseTemplateText } from '../frontends/cloudformation/template.js'
import { isTerraformPlan } from '../frontends/terraform/parse/plan.js'
import { planActions } from '../frontends/terraform/parse/plan-actions.js'
import { mapGet, toPlain } from '../parse/types.js'
import { findingsDelta } from './findings-delta.js'
import { changedFiles, mergeBase, repositoryTop, writeTree, type FileChange } from './git.js'
import { resourceChanges, touchedAddresses } from './model-delta.js'
import { isInside, temporaryFolder } from './sides.js'

/** The files a scan reads, and the variable files Terraform folders read with them. */
const SCANNED = /\.(ya?ml|json|template|tf|tfvars)$/i
const TERRAFORM = /\.(tf|tf\.json|tfvars|tfvars\.json)$/i

export type Scanner = (paths: string[], options: ScanOptions) => Promise<ScanResult>

export async function changedSince(ref: string, paths: readonly string[], given: ScanOptions, scanWith: Scanner): Promise<ScanResult> {
  // git names real paths; the scan is run from the real folder too, so that the two agree.
  const cwd = realpathSync(path.resolve(given.cwd ?? process.cwd()))
  const options: ScanOptions = { ...given, cwd }
  const top = path.resolve(repositoryTop(cwd, '--changed-since'))
  const base = mergeBase(ref, cwd)
  const named = paths.length > 0 ? [...paths] : ['.']
  const scope = named.map((name) => path.resolve(cwd, name))
  const inScope = (file: string) => scope.some((root) => isInside(file, root))
  const changes = changedFiles(base, top).filter((change) =>
    [change.oldPath, change.newPath].some((file) => file !== undefined && SCANNED.test(file) && inScope(path.join(top, file))),
  )
  const current = await scanWith(named, options)
  const summary = `--changed-since ${ref}: ${changes.length} changed ${changes.length === 1 ? 'file' : 'files'} since ${base.slice(0, 12)}`
  const plans = planFilter(current.findings)
  if (changes.length === 0) return { ...current, findings: current.findings.filter((finding) => plans(finding) === true), notices: [...current.notices, summary] }

  const temporary = temporaryFolder('base')
  try {
    const tree = path.join(temporary.folder, 'tree')
    const inTree = (file: string) => (isInside(file, top) ? path.join(tree, path.relative(top, file)) : file)
    // The scanned folders inside the repository; a folder around the repository takes all of it.
    const inRepository = scope.flatMap((root) => (isInside(root, top) ? [path.relative(top, root).split(path.sep).join('/')] : isInside(top, root) ? [''] : []))
    writeTree(base, inRepository.includes('') ? [] : inRepository, top, tree)
    const renamed = new Map(changes.flatMap((change) => (change.status === 'renamed' ? [[change.oldPath!, change.newPath!] as const] : [])))
    const asNew = (file: string): string => {
      if (!isInside(file, tree)) return file
      const relative = path.relative(tree, file).split(path.sep).join('/')
      return path.join(top, renamed.get(relative) ?? relative)
    }
    const oldPaths = inRepository.map((relative) => path.join(tree, relative)).filter((root) => existsSync(root))
    const config = options.config ?? defaultConfig(cwd)
    const previous =
      oldPaths.length === 0
        ? []
        : (
            await scanWith(oldPaths, {
              ...options,
              cwd: inTree(cwd),
              config: { ...config, baseDir: inTree(config.baseDir) },
              ...(options.terraformVarFiles ? { terraformVarFiles: options.terraformVarFiles.map((file) => inTree(path.resolve(cwd, file))) } : {}),
              ...(options.parameterFiles ? { parameterFiles: options.parameterFiles.map((file) => path.resolve(cwd, file)) } : {}),
            })
          ).findings
    const introduced = new Set(findingsDelta(previous, current.findings, cwd, asNew).introduced)
    const touched = await touchedResources(changes, top, tree, options)
    const kept = current.findings.filter((finding) => {
      const plan = plans(finding)
      if (plan !== undefined) return plan
      return introduced.has(finding) || touched(finding)
    })
    return { ...current, findings: kept, notices: [...current.notices, summary] }
  } finally {
    temporary.dispose()
  }
}

/** For a finding in a plan: whether its resource has actions other than `no-op`; undefined for other findings. */
function planFilter(findings: readonly Finding[]): (finding: Finding) => boolean | undefined {
  const cache = new Map<string, Map<string, string[]> | undefined>()
  const actionsOf = (file: string) => {
    if (!cache.has(file)) {
      let actions: Map<string, string[]> | undefined
      if (/\.json$/i.test(file)) {
        try {
          const text = readFileSync(file, 'utf8')
          actions = isTerraformPlan(text) ? planActions(text) : undefined
        } catch {
          actions = undefined
        }
      }
      cache.set(file, actions)
    }
    return cache.get(file)
  }
  for (const finding of findings) actionsOf(finding.location.file)
  return (finding) => {
    const actions = actionsOf(finding.location.file)
    if (actions === undefined) return undefined
    const address = finding.location.address
    if (address === undefined) return true
    const list = actions.get(address)
    // A resource the plan shows without a change entry (planned values only) is not a change.
    return list !== undefined && list.some((action) => action !== 'no-op' && action !== 'read')
  }
}

/** Whether a finding sits on a resource the change added or modified, in a file or module the change touched. */
async function touchedResources(changes: readonly FileChange[], top: string, tree: string, options: ScanOptions): Promise<(finding: Finding) => boolean> {
  const templates = new Map<string, { changed: Set<string>; known: Set<string> }>()
  const folders = new Set<string>()
  for (const change of changes) {
    if (change.newPath === undefined) continue
    const now = path.join(top, change.newPath)
    if (TERRAFORM.test(change.newPath)) {
      folders.add(path.dirname(now))
      continue
    }
    const before = change.oldPath === undefined ? undefined : path.join(tree, change.oldPath)
    const resources = templateResources(now)
    if (resources === undefined) continue
    const old = before === undefined ? new Map<string, string>() : (templateResources(before) ?? new Map<string, string>())
    const changed = new Set([...resources].filter(([id, text]) => old.get(id) !== text).map(([id]) => id))
    templates.set(now, { changed, known: new Set(resources.keys()) })
  }
  const modules = new Map<string, Set<string>>()
  for (const folder of folders) {
    const config = options.config ?? defaultConfig(options.cwd ?? process.cwd())
    const load = async (root: string) => (existsSync(root) ? (await loadModels([root], options.cwd, { limits: config.limits, maxBytes: maxBytesOf(config) })).models : [])
    const named = (models: Awaited<ReturnType<typeof load>>) => models.map((model) => ({ origin: folder, model }))
    const changes = resourceChanges(named(await load(path.join(tree, path.relative(top, folder)))), named(await load(folder)))
    modules.set(folder, touchedAddresses(changes).get(folder) ?? new Set())
  }
  return (finding) => {
    const file = finding.location.file
    const address = finding.location.address
    const template = templates.get(file)
    if (template) {
      if (address === undefined) return false
      const logicalId = address.split('.')[0]!
      // A resource SAM makes (ServerlessRestApi) is not written in the file: it changes with the file.
      return template.known.has(logicalId) ? template.changed.has(logicalId) : template.changed.size > 0
    }
    const addresses = modules.get(path.dirname(file))
    if (!addresses || address === undefined) return false
    return addresses.has(address) || addresses.has(withoutModulePath(address))
  }
}

/** `module.api.aws_lb.edge[0]` as the module's own folder names it: `aws_lb.edge[0]`. */
function withoutModulePath(address: string): string {
  return address.replace(/^(module\.[^.[]+(\[[^\]]*\])?\.)+/, '')
}

/** Each resource of a template as JSON text by logical id; undefined when the file is not a template. */
function templateResources(file: string): Map<string, string> | undefined {
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch {
    return undefined
  }
  const parsed = parseTemplateText(text.replace(/^\uFEFF/, ''), file)
  if (!parsed.ok || !isCloudFormationTemplate(parsed.root)) return undefined
  const resources = mapGet(parsed.root, 'Resources')
  const out = new Map<string, string>()
  if (resources?.kind !== 'map') return out
  for (const entry of resources.entries) out.set(entry.key, JSON.stringify(toPlain(entry.value)))
  return out
}
