/**
 * A CloudFormation template (SAM and CDK output included) into the shared model. This file
 * only orchestrates: it reads the resources, drops those whose `Condition` is false, learns
 * which function each Lambda alias or version stands for, hands every resource to the adapter
 * of its service (`adapt/<service>.ts`), applies the SAM transform and finally the API features
 * gathered on the way. The adapters are the only code that knows resource property names.
 */
import { addDeclarations } from './adapt/declarations.js'
import { mergeTables } from '../tables.js'
import type { ExternalFileAccess } from '../external-file.js'
import { DEFAULT_MAX_FILE_BYTES } from '../../core/builtin.js'
import { CLOUDFORMATION_WORDING } from './wording.js'
import { mapGet, type DocNode } from '../../parse/types.js'
import { Budget, DEFAULT_LIMITS, type Limits } from '../../model/budget.js'
import { Model } from '../../model/model.js'
import { APIGATEWAY_ADAPTERS } from './adapt/apigateway.js'
import { APIGATEWAYV2_ADAPTERS } from './adapt/apigatewayv2.js'
import type { BuildContext, ResourceHandler, TemplateResource } from './adapt/context.js'
import { CLOUDFRONT_ADAPTERS } from './adapt/cloudfront.js'
import { DOMAINS_ADAPTERS } from './adapt/domains.js'
import { EC2_ADAPTERS } from './adapt/ec2.js'
import { ELBV2_ADAPTERS } from './adapt/elbv2.js'
import { addFunctionAliases, LAMBDA_ADAPTERS } from './adapt/lambda.js'
import { addSamResources } from './adapt/sam.js'
import { WAFV2_ADAPTERS } from './adapt/wafv2.js'
import { API_KEY_ADAPTERS } from './adapt/api-keys.js'
import { TARGETS_ADAPTERS } from './adapt/targets.js'
import { entriesOf, Reader } from './reader.js'
import { Resolver } from './resolve.js'
import { isSamTemplate } from './sam.js'

/** Every service's handlers in one table; a type claimed by two services is a programming error. */
const HANDLERS: ReadonlyMap<string, ResourceHandler> = mergeTables('CloudFormation', [
  ELBV2_ADAPTERS,
  LAMBDA_ADAPTERS,
  APIGATEWAY_ADAPTERS,
  APIGATEWAYV2_ADAPTERS,
  WAFV2_ADAPTERS,
  EC2_ADAPTERS,
  CLOUDFRONT_ADAPTERS,
  API_KEY_ADAPTERS,
  TARGETS_ADAPTERS,
  DOMAINS_ADAPTERS,
])

/**
 * `parameters` are values given to the scan for the template's parameters; they replace each
 * `Default`. `files` bounds the files the template may name (OpenAPI definitions): by default
 * only those in the template's own folder.
 */
export function modelFromCloudFormation(
  file: string,
  root: DocNode,
  limits: Readonly<Limits> = DEFAULT_LIMITS,
  parameters: Readonly<Record<string, string>> = {},
  files: ExternalFileAccess = { scanRoots: [], maxBytes: DEFAULT_MAX_FILE_BYTES },
): Model {
  const model = new Model('cloudformation', file)
  model.wording = CLOUDFORMATION_WORDING
  const resources = templateResources(root)
  const budget = new Budget(limits)
  const resolver = Resolver.forTemplate(root, new Set(resources.map((resource) => resource.id)), file, budget, parameters)
  const live = resources.filter((resource) => {
    const condition = mapGet(resource.entry.value, 'Condition')
    return condition?.kind !== 'scalar' || resolver.condition(String(condition.value)) !== false
  })

  const aliasOf = new Map<string, string>()
  const read = new Reader(resolver, file, new Map(live.map((resource) => [resource.id, resource.type])), aliasOf)
  addFunctionAliases(read, live, aliasOf)

  const context: BuildContext = {
    model,
    read,
    resources: live,
    byId: new Map(live.map((resource) => [resource.id, resource])),
    root,
    apiFeatures: new Map(),
    files,
    dependencies: new Map(),
  }
  for (const resource of live) {
    HANDLERS.get(resource.type)?.({ ...context, read: read.within(resource.entry.keyRange) }, resource)
  }
  if (isSamTemplate(root)) addSamResources(context)
  addDeclarations(context)
  for (const [apiId, features] of context.apiFeatures) {
    const api = model.getKind(apiId, 'api')
    if (api) for (const feature of features) api.features.add(feature)
  }
  model.limits.push(...budget.hits)
  return model
}

/** The template's resources that have a type, in template order. */
function templateResources(root: DocNode): TemplateResource[] {
  const resources: TemplateResource[] = []
  for (const entry of entriesOf(mapGet(root, 'Resources'))) {
    const type = mapGet(entry.value, 'Type')
    if (type?.kind !== 'scalar' || typeof type.value !== 'string') continue
    const properties = mapGet(entry.value, 'Properties')
    const metadata = mapGet(entry.value, 'Metadata')
    const cdkPath = mapGet(metadata, 'aws:cdk:path')
    resources.push({
      id: entry.key,
      entry,
      type: type.value,
      properties: properties?.kind === 'map' ? properties : undefined,
      metadata,
      constructPath: cdkPath?.kind === 'scalar' ? String(cdkPath.value) : undefined,
    })
  }
  return resources
}

