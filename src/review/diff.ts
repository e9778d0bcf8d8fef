/**
 * `iac-lint diff OLD NEW`: what a change does to the architecture and which findings it brings
 * and removes. Two CloudFormation templates are compared by `@aws-cdk/cloudformation-diff`
 * (resources, replacement, IAM, security groups); everything else (plans, Terraform folders,
 * folders of templates) by the resources of our own model. Both get the request paths and the
 * findings delta.
 */
import { readFileSync } from 'node:fs'
import path from 'node:path'
import type { Finding, RuleMeta } from '../core/types.js'
import type { Config } from '../engine/config.js'
import { UsageError } from '../engine/files.js'
import type { Rule } from '../engine/rule.js'
import { loadModels, maxBytesOf, parameterValues, scan, type ScanOptions } from '../engine/scan.js'
import { isCloudFormationTemplate, parseTemplateText } from '../frontends/cloudformation/template.js'
import { isTerraformPlan } from '../frontends/terraform/parse/plan.js'
import { repositoryRelative } from '../findings/paths.js'
import { applyDeclarations } from '../model/declarations.js'
import { toPlain } from '../parse/types.js'
import { diffTemplates, type TemplateChanges } from './cloudformation-diff.js'
import { findingsDelta, relocated } from './findings-delta.js'
import { pathChanges, resourceChanges, type ModelResourceChange, type NamedModel, type PathChange } from './model-delta.js'
import { openSide, type Side } from './sides.js'

export interface DiffOptions extends Pick<ScanOptions, 'terraformVars' | 'terraformVarFiles' | 'cloudformationParameters' | 'parameterFiles' | 'noIgnore'> {
  cwd: string
  rules: readonly Rule[]
  config: Config
}

export interface DiffResult {
  before: string
  after: string
  /** Two CloudFormation templates: the resource changes cloudformation-diff found. */
  template?: TemplateChanges
  /** The resources of our model that were added, removed or changed (plans, Terraform and template folders). */
  resources: ModelResourceChange[]
  paths: PathChange[]
  introduced: Finding[]
  resolved: Finding[]
  rules: RuleMeta[]
  notices: string[]
}

export async function diff(before: string, after: string, options: DiffOptions): Promise<DiffResult> {
  const old = openSide(before, options.cwd)
  try {
    const now = openSide(after, options.cwd)
    try {
      return await compare(old, now, options)
    } finally {
      now.dispose()
    }
  } finally {
    old.dispose()
  }
}

async function compare(old: Side, now: Side, options: DiffOptions): Promise<DiffResult> {
  if (old.folder !== now.folder) throw new UsageError(`diff compares two files or two folders: ${old.label} is a ${kind(old)}, ${now.label} a ${kind(now)}`)
  const { cwd } = options
  // A file of the old side under the name its counterpart has on the new side.
  const asNew = (file: string): string => {
    if (!old.folder) return file === old.scanPath ? now.scanPath : file
    const relative = path.relative(old.scanPath, file)
    return relative.startsWith('..') || path.isAbsolute(relative) ? file : path.join(now.scanPath, relative)
  }
  const originName = (side: Side, origin: string): string =>
    repositoryRelative(now.shown(side.folder ? path.join(now.scanPath, path.relative(side.scanPath, origin)) : now.scanPath), cwd)

  const template = old.folder ? undefined : await templateChanges(old, now)
  const [oldModels, newModels] = await Promise.all([models(old, options, originName), models(now, options, originName)])
  const [oldScan, newScan] = [await findings(old, options), await findings(now, options)]
  const delta = findingsDelta(oldScan.findings, newScan.findings, cwd, asNew)
  return {
    before: old.label,
    after: now.label,
    ...(template ? { template } : {}),
    resources: template ? [] : resourceChanges(oldModels.models, newModels.models),
    paths: pathChanges(oldModels.models, newModels.models),
    introduced: delta.introduced.map((finding) => relocated(finding, now.shown)),
    resolved: delta.resolved.map((finding) => relocated(finding, old.shown)),
    rules: newScan.rules,
    notices: [...new Set([...oldModels.notices, ...newModels.notices, ...oldScan.notices, ...newScan.notices])],
  }
}

function kind(side: Side): string {
  return side.folder ? 'folder' : 'file'
}

/** The template changes when both files are CloudFormation templates; undefined for two plans; else a usage error. */
async function templateChanges(old: Side, now: Side): Promise<TemplateChanges | undefined> {
  const [a, b] = [readSide(old), readSide(now)]
  if (isTerraformPlan(a) && isTerraformPlan(b)) return undefined
  const plainOf = (side: Side, text: string): Record<string, unknown> => {
    const parsed = parseTemplateText(text, side.scanPath)
    if (!parsed.ok) throw new UsageError(`${side.label}:${parsed.range.line}:${parsed.range.column}: ${parsed.message}`)
    if (!isCloudFormationTemplate(parsed.root)) throw new UsageError(`${side.label} is neither a CloudFormation template nor a Terraform plan`)
    // toPlain gives objects without a prototype; cloudformation-diff calls their methods. JSON
    // makes ordinary objects, and keeps a `__proto__` key as data.
    return JSON.parse(JSON.stringify(toPlain(parsed.root))) as Record<string, unknown>
  }
  return diffTemplates(plainOf(old, a), plainOf(now, b))
}

function readSide(side: Side): string {
  try {
    return readFileSync(side.scanPath, 'utf8').replace(/^\uFEFF/, '')
  } catch (error) {
    throw new UsageError(`cannot read ${side.label} (${(error as NodeJS.ErrnoException).code ?? 'unreadable'})`)
  }
}

async function models(side: Side, options: DiffOptions, originName: (side: Side, origin: string) => string): Promise<{ models: NamedModel[]; notices: string[] }> {
  const { config } = options
  const loaded = await loadModels([side.scanPath], options.cwd, {
    ...(options.terraformVars ? { terraformVars: options.terraformVars } : {}),
    ...(options.terraformVarFiles ? { terraformVarFiles: options.terraformVarFiles } : {}),
    limits: config.limits,
    maxBytes: maxBytesOf(config),
    parameters: parameterValues(options, options.cwd),
    ignore: { ...config, baseDir: side.inTree(config.baseDir) },
    noIgnore: options.noIgnore === true,
  })
  for (const model of loaded.models) applyDeclarations(model, config.resources)
  return { models: loaded.models.map((model) => ({ origin: originName(side, model.origin), model })), notices: loaded.notices }
}

async function findings(side: Side, options: DiffOptions): Promise<{ findings: Finding[]; rules: RuleMeta[]; notices: string[] }> {
  const { config } = options
  const result = await scan([side.scanPath], {
    rules: options.rules,
    cwd: options.cwd,
    config: { ...config, baseDir: side.inTree(config.baseDir) },
    concurrency: 'off',
    ...(options.terraformVars ? { terraformVars: options.terraformVars } : {}),
    ...(options.terraformVarFiles ? { terraformVarFiles: options.terraformVarFiles } : {}),
    ...(options.cloudformationParameters ? { cloudformationParameters: options.cloudformationParameters } : {}),
    ...(options.parameterFiles ? { parameterFiles: options.parameterFiles } : {}),
    ...(options.noIgnore ? { noIgnore: true } : {}),
  })
  return { findings: result.findings, rules: result.rules, notices: result.notices }
}
