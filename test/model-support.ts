/**
 * Models straight from text, for tests of what the adapters build: one CloudFormation template,
 * or one Terraform module folder with a single `main.tf` (removed by `removeFolders` after the
 * suite, from terraform-support.ts).
 */
import { modelFromCloudFormation } from '../src/frontends/cloudformation/from-cloudformation.js'
import { modelFromTerraform } from '../src/frontends/terraform/from-terraform.js'
import type { Model } from '../src/model/model.js'
import { parseTemplateText } from '../src/frontends/cloudformation/template.js'
import { expand, folderWith } from './terraform-support.js'

export function cloudFormation(text: string): Model {
  const parsed = parseTemplateText(text, 'template.yaml')
  if (!parsed.ok) throw new Error(`the test template does not parse: ${parsed.message}`)
  return modelFromCloudFormation('template.yaml', parsed.root)
}

export async function terraform(hcl: string, vars: Record<string, string> = {}): Promise<Model> {
  const dir = folderWith({ 'main.tf': hcl })
  return modelFromTerraform((await expand(dir, vars)).resources, dir)
}
