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
import type { Limits } from '../model/budget.js'
import { analyseTemplate } from './cloudformation/index.js'
import { analysePlan, isTerraformJsonOutput, type TerraformSources } from './terraform/index.js'
import type { ParameterValues } from './cloudformation/parameters.js'
import type { FileOutcome } from './types.js'
import type { ExternalFileAccess } from './external-file.js'

export type { FileOutcome } from './types.js'
export type { ExternalFileAccess } from './external-file.js'
export { looksLikeTemplateText } from './cloudformation/index.js'
export { parameterAssignment, ParameterError, readParameterFile, type ParameterValues } from './cloudformation/parameters.js'
export { isTerraformSource } from './terraform/parse/folder.js'
export { analyseTerraform as analyseFolders, TerraformSources as FolderLinks, type TerraformInputs as FolderInputs } from './terraform/index.js'

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
  if (file.toLowerCase().endsWith('.json') && isTerraformJsonOutput(text)) {
    const plan = analysePlan(text, file, links)
    return 'model' in plan ? { kind: 'model', model: plan.model, suppressions: [] } : { kind: 'failed', finding: plan.finding }
  }
  return analyseTemplate(text, file, explicit, display, limits, parameters, files)
}
