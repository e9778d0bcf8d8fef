/**
 * The frontends the engine scans with, and the one entry it calls for each kind of unit.
 *
 * - Folder units: Terraform groups `.tf` and `.tf.json` files into root modules
 *   (`analyseFolders`); it runs first, so that plans can point back at the configuration.
 * - Text units, one file each: a Terraform plan (`terraform show -json` output) or a
 *   CloudFormation template, claimed in that order (`analyseText`).
 *
 * A new framework is a folder beside `cloudformation/` and `terraform/` and one line here; the
 * engine does not change.
 */
import type { Candidate } from '../core/types.js'
import type { Limits } from '../model/budget.js'
import { analyseTemplate } from './cloudformation/index.js'
import type { ParameterValues } from './cloudformation/parameters.js'
import { isTerraformSource, mayBeTerraformJsonOutput, TerraformSources } from './terraform/sources.js'
import type { FileOutcome } from './types.js'
import type { ExternalFileAccess } from './external-file.js'
import type * as TerraformFrontend from './terraform/index.js'

export type { FileOutcome } from './types.js'
export type { ExternalFileAccess } from './external-file.js'
export { looksLikeTemplateText } from './cloudformation/index.js'
export { parameterAssignment, ParameterError, readParameterFile, type ParameterValues } from './cloudformation/parameters.js'
export { isTerraformSource, TerraformSources as FolderLinks } from './terraform/sources.js'
export type { TerraformInputs as FolderInputs, TerraformAnalysis as FolderAnalysis } from './terraform/index.js'

/**
 * The Terraform frontend is most of the code of a scan, and a scan of templates alone never runs
 * it: it is loaded when a scan meets Terraform sources or JSON (which may be a plan), so that a
 * pre-commit run over a YAML template starts without it.
 */
let terraform: typeof TerraformFrontend | undefined

/** Loads the frontends the given files may need (all of them when no files are given); the engine calls it before analysing. */
export async function loadFrontends(files?: readonly string[]): Promise<void> {
  if (terraform) return
  if (files === undefined || files.some((file) => isTerraformSource(file) || file.toLowerCase().endsWith('.json'))) terraform = await import('./terraform/index.js')
}

/** Folder units: Terraform root modules of the given `.tf` and `.tf.json` files. */
export async function analyseFolders(candidates: readonly Candidate[], inputs: TerraformFrontend.TerraformInputs): Promise<TerraformFrontend.TerraformAnalysis> {
  if (candidates.length === 0) {
    return { models: [], findings: [], notices: [], suppressions: [], sources: new TerraformSources(), stats: { files: 0, modules: 0, resources: 0 } }
  }
  await loadFrontends(candidates.map((candidate) => candidate.file))
  return terraform!.analyseTerraform(candidates, inputs)
}

/**
 * One file's text into a unit outcome; `links` lets a plan point at the configuration it came
 * from; `files` is what a template may read besides itself (a SAM `DefinitionUri`, an
 * `AWS::Include`), only inside its own folder when absent.
 */
export function analyseText(
  text: string,
  file: string,
  explicit: boolean,
  display: string,
  links: TerraformSources | undefined,
  limits: Readonly<Limits>,
  parameters: ParameterValues = {},
  files?: ExternalFileAccess,
): FileOutcome {
  if (file.toLowerCase().endsWith('.json') && mayBeTerraformJsonOutput(text)) {
    // The engine loads the frontend for every `.json` file it reads (loadFrontends); a program
    // that calls this directly without loading it is told so, rather than given a wrong answer.
    if (!terraform) throw new Error('the Terraform frontend is not loaded: call loadFrontends() (scan() does) before analysing JSON text')
    if (terraform.isTerraformJsonOutput(text)) {
      const plan = terraform.analysePlan(text, file, links)
      return 'model' in plan ? { kind: 'model', model: plan.model, suppressions: [] } : { kind: 'failed', finding: plan.finding }
    }
  }
  return analyseTemplate(text, file, explicit, display, limits, parameters, files)
}
