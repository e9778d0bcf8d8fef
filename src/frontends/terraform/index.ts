import { readdirSync } from 'node:fs'
import type { SourceOverlay } from './parse/folder.js'
/**
 * Terraform in a scan: the `.tf` and `.tf.json` files found are grouped into module folders, each
 * root module becomes one model, and plans get the location of their resources' blocks when the
 * configuration they were made from is scanned too.
 */
import path from 'node:path'
import { expandConfiguration } from './configuration.js'
import { modelFromTerraform } from './from-terraform.js'
import type { TfLocation, TfResource } from './ir.js'
import { DEFAULT_LIMITS, type Limits } from '../../model/budget.js'
import type { Model } from '../../model/model.js'
import { lazyHclParser } from './parse/hcl-lazy.js'
import { isTerraformPlan, readPlan } from './parse/plan.js'
import { TerraformProject, type ModuleUnit } from './parse/project.js'
import type { Body } from './parse/syntax.js'
import { DEFAULT_MAX_FILE_BYTES, fileTooLargeFinding, internalErrorFinding, parseErrorFinding } from '../../core/builtin.js'
import type { Candidate, Finding, Span, Suppression } from '../../core/types.js'
import { commentSuppressions } from '../comments.js'
import { isTerraformSource, TerraformSources } from './sources.js'

export { isTerraformSource, TerraformSources } from './sources.js'

export interface TerraformInputs {
  /** `--var NAME=VALUE`: strongest. */
  vars: Readonly<Record<string, string>>
  /** `--var-file`, absolute paths, in order: later files win. */
  varFiles: readonly string[]
  /** Work budgets per root module; the defaults when absent. */
  limits?: Readonly<Limits>
  /** `maxFileSizeMB` in bytes: larger `.tf`, `.tf.json` and variable files are `file-too-large` findings. 10 MB when absent. */
  maxBytes?: number
  /**
   * The folders named on the command line (absolute), and the folders of the files named there:
   * module sources lead nowhere else. When absent, the folders of the Terraform files scanned.
   */
  scanRoots?: readonly string[]
  /** Editor buffers by absolute path, read instead of those files on disk (module and variable files). */
  overlay?: SourceOverlay
}

export interface TerraformAnalysis {
  /** One model per root module, in folder order. */
  models: Model[]
  /** `parse-error` findings for files that could not be read, `file-too-large` for those over the size limit. */
  findings: Finding[]
  notices: string[]
  /** `iac-lint-ignore` comments in the files read. */
  suppressions: Suppression[]
  /** Where the resources of the root modules are declared, for plans made from them. */
  sources: TerraformSources
  /** Counts for the record: files, module instances and resources read. */
  stats: { files: number; modules: number; resources: number }
}


/**
 * Groups files into module folders. A Terraform module is a folder, so a `.tf` file named on the
 * command line (as a pre-commit hook names changed files) brings in the rest of its folder.
 */
function moduleUnits(candidates: readonly Candidate[]): ModuleUnit[] {
  const byDir = new Map<string, Set<string>>()
  for (const candidate of candidates) {
    const dir = path.dirname(candidate.file)
    const files = byDir.get(dir) ?? new Set<string>()
    files.add(candidate.file)
    if (candidate.explicit) {
      for (const name of readdirSync(dir)) if (isTerraformSource(name)) files.add(path.join(dir, name))
    }
    byDir.set(dir, files)
  }
  return [...byDir].map(([dir, files]) => ({ dir, files: [...files].sort(), whole: true }))
}

export async function analyseTerraform(candidates: readonly Candidate[], inputs: TerraformInputs): Promise<TerraformAnalysis> {
  const sources = new TerraformSources()
  const analysis: TerraformAnalysis = { models: [], findings: [], notices: [], suppressions: [], sources, stats: { files: 0, modules: 0, resources: 0 } }
  if (candidates.length === 0) return analysis
  const maxBytes = inputs.maxBytes ?? DEFAULT_MAX_FILE_BYTES
  const hcl = lazyHclParser()
  // A `--var` value is parsed while the configuration is evaluated, where tree-sitter cannot be loaded.
  if (Object.keys(inputs.vars).length > 0) await hcl.loadFallback()
  const project = await TerraformProject.load(moduleUnits(candidates), hcl, inputs.varFiles, {
    maxBytes,
    ...(inputs.scanRoots ? { scanRoots: inputs.scanRoots } : {}),
    ...(inputs.overlay ? { overlay: inputs.overlay } : {}),
  })
  for (const root of project.roots) {
    try {
      const expansion = expandConfiguration(project, root, inputs.vars, inputs.limits ?? DEFAULT_LIMITS)
      const model = modelFromTerraform(expansion.resources, root.dir, expansion.budget)
      model.limits.push(...expansion.limits)
      sources.add(root.dir, expansion.resources)
      analysis.models.push(model)
      analysis.stats.modules += expansion.modules
      analysis.stats.resources += expansion.resources.length
      for (const notice of expansion.notices) if (!analysis.notices.includes(notice)) analysis.notices.push(notice)
    } catch (error) {
      // One root module failing loses only that module: its first file gets the finding.
      const file = root.folder.files[0]?.file ?? root.dir
      analysis.findings.push(internalErrorFinding(file, 'analysing the Terraform module of', error))
    }
  }
  for (const failure of project.failures) {
    analysis.findings.push(
      failure.tooLarge
        ? fileTooLargeFinding(failure.file, path.basename(failure.file), failure.tooLarge.size, failure.tooLarge.limit)
        : parseErrorFinding(failure.file, failure.message, failure.range),
    )
  }
  for (const file of project.files) analysis.suppressions.push(...commentSuppressions(file.file, file.comments, spansOf(file.body)))
  analysis.stats.files = project.filesRead
  return analysis
}

/** Lines of every block and argument: a suppression comment above one covers it. */
function spansOf(body: Body): Span[] {
  const spans: Span[] = []
  const pending = [body]
  while (pending.length > 0) {
    const current = pending.pop()!
    for (const attribute of current.attributes) spans.push({ startLine: attribute.range.line, endLine: attribute.range.endLine })
    for (const block of current.blocks) {
      spans.push({ startLine: block.range.line, endLine: block.range.endLine })
      pending.push(block.body)
    }
  }
  return spans
}

/**
 * JSON that `terraform show -json` wrote: a plan, or something else (a state) that a scan must
 * not take for a CloudFormation template and that `readPlan` explains is not a plan.
 */
export function isTerraformJsonOutput(text: string): boolean {
  return isTerraformPlan(text) || (/"format_version"\s*:/.test(text) && /"terraform_version"\s*:/.test(text))
}

/** A plan file into a model, or the `parse-error` finding that says why it cannot be read. */
export function analysePlan(text: string, file: string, sources?: TerraformSources): { model: Model } | { finding: Finding } {
  const plan = readPlan(text, file)
  if (!plan.ok) return { finding: parseErrorFinding(file, plan.message, plan.range) }
  const locate = sources?.forPlan(file)
  const resources = locate ? plan.resources.map((resource) => withConfigLocation(resource, locate)) : plan.resources
  return { model: modelFromTerraform(resources, file) }
}

function withConfigLocation(resource: TfResource, locate: (address: string) => TfLocation | undefined): TfResource {
  const location = locate(resource.address)
  return location ? { ...resource, configLocation: location } : resource
}
