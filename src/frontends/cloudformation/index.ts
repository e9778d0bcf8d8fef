/**
 * The CloudFormation frontend: claims YAML and JSON text that is a template (SAM and CDK output
 * included), parses it, builds its model and reads its suppressions (Metadata and comments).
 */
import { parseErrorFinding } from '../../core/builtin.js'
import type { Limits } from '../../model/budget.js'
import { commentSuppressions } from '../comments.js'
import type { FileOutcome } from '../types.js'
import type { ExternalFileAccess } from '../external-file.js'
import type { ParameterValues } from './parameters.js'
import { modelFromCloudFormation } from './from-cloudformation.js'
import { documentSpans, metadataSuppressions } from './suppressions.js'
import { isCloudFormationTemplate, looksLikeTemplateText, parseTemplateText } from './template.js'

export { looksLikeTemplateText } from './template.js'

/**
 * One template's text into a model, a `parse-error` finding or a skip. `explicit` is true when
 * the user named the file: text that is not a template is then a noted skip, and a second YAML
 * document is reported even when the first does not look like a template.
 */
export function analyseTemplate(
  text: string,
  file: string,
  explicit: boolean,
  display: string,
  limits: Readonly<Limits>,
  parameters: ParameterValues = {},
  files?: ExternalFileAccess,
): FileOutcome {
  const notTemplate = (): FileOutcome => (explicit ? { kind: 'skipped', notice: `${display} is not a CloudFormation template; skipped` } : { kind: 'skipped' })
  if (!looksLikeTemplateText(text)) return notTemplate()
  const parsed = parseTemplateText(text, file)
  if (!parsed.ok) return { kind: 'failed', finding: parseErrorFinding(file, parsed.message, parsed.range) }
  if (parsed.extraDocument && (isCloudFormationTemplate(parsed.root) || explicit || /AWSTemplateFormatVersion/.test(text))) {
    const message = 'a second YAML document starts here; CloudFormation reads exactly one document per template'
    return { kind: 'failed', finding: parseErrorFinding(file, message, parsed.extraDocument) }
  }
  if (!isCloudFormationTemplate(parsed.root)) return notTemplate()
  const suppressions = [
    ...metadataSuppressions(file, parsed.root),
    ...commentSuppressions(file, parsed.comments, documentSpans(parsed.root)),
  ]
  return { kind: 'model', model: modelFromCloudFormation(file, parsed.root, limits, parameters, files), suppressions }
}
