/**
 * Terraform resources (from HCL, `.tf.json` or a plan) into the shared model. This file only
 * orchestrates: it indexes the resources by address and type, learns which function each Lambda
 * alias stands for, follows references to the resources they name, hands every managed resource
 * to the adapter of its service (`adapt/<service>.ts`), links REST integrations to their methods
 * once every method is in, and finally adds the API features gathered on the way. The adapters
 * are the only code that knows the AWS provider's argument names; their semantics, defaults and
 * element ids follow the CloudFormation adapters, so a rule reads both the same way.
 *
 * Links between resources come from references (`aws_lb.this.arn`, `"integrations/${aws_apigatewayv2_integration.x.id}"`),
 * which stay on a value even when the value itself is known only after apply.
 */
import { addDeclarations } from './adapt/declarations.js'
import { mergeTables } from '../tables.js'
import { Budget, DEFAULT_LIMITS } from '../../model/budget.js'
import { Model } from '../../model/model.js'
import type { ApiFeature, Element, Source } from '../../model/types.js'
import type { Range } from '../../parse/types.js'
import { APIGATEWAY_ADAPTERS, linkRestIntegrations } from './adapt/apigateway.js'
import { APIGATEWAYV2_ADAPTERS } from './adapt/apigatewayv2.js'
import type { BuildContext, ResourceHandler } from './adapt/context.js'
import { CLOUDFRONT_ADAPTERS } from './adapt/cloudfront.js'
import { DOMAINS_ADAPTERS } from './adapt/domains.js'
import { EC2_ADAPTERS } from './adapt/ec2.js'
import { ELBV2_ADAPTERS } from './adapt/elbv2.js'
import { functionOfAlias, LAMBDA_ADAPTERS, LAMBDA_ALIAS } from './adapt/lambda.js'
import { WAFV2_ADAPTERS } from './adapt/wafv2.js'
import { API_KEY_ADAPTERS } from './adapt/api-keys.js'
import { TARGETS_ADAPTERS } from './adapt/targets.js'
import type { TfRef, TfResource, TfValue } from './ir.js'
import { allRefs } from './values.js'

/** Every service's handlers in one table; a type claimed by two services is a programming error. */
const HANDLERS: ReadonlyMap<string, ResourceHandler> = mergeTables('Terraform', [
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
 * `budget` is the root module's, which the evaluation spent from; without one (a plan) the model
 * gets its own, and the limits it hits.
 */
export function modelFromTerraform(resources: TfResource[], origin: string, budget?: Budget): Model {
  const builder = new Builder(resources, origin, budget ?? new Budget(DEFAULT_LIMITS))
  const model = builder.build()
  if (!budget) model.limits.push(...builder.budget.hits)
  return model
}


/** `[0]`, `["a"]` at the end of an address: the part that names one instance. */
const INSTANCE_KEY = /\[(?:\d+|"(?:[^"\\]|\\.)*")\]$/

/**
 * Every look-up by address, type or reference goes through a map, so that a plan with tens of
 * thousands of `count` instances is read in time linear in its size.
 */
class Builder implements BuildContext {
  readonly model: Model
  private readonly byAddress = new Map<string, TfResource>()
  private readonly byBase = new Map<string, TfResource[]>()
  /** Managed resources, in address order of first appearance, all and by type. */
  private readonly allManaged: TfResource[] = []
  private readonly managedByType = new Map<string, TfResource[]>()
  private readonly aliasOf = new Map<string, string>()
  private readonly apiFeatures = new Map<string, Set<ApiFeature>>()
  /** Targets of a reference among some resource types; many instances name the same resource as a whole. */
  private readonly targetsOf = new Map<string, string[]>()
  private readonly sets = new WeakMap<readonly string[], ReadonlySet<string>>()

  constructor(
    readonly resources: TfResource[],
    origin: string,
    readonly budget: Budget,
  ) {
    this.model = new Model('terraform', origin)
    for (const resource of resources) {
      if (this.byAddress.has(resource.address)) continue
      this.byAddress.set(resource.address, resource)
      const base = resource.address.replace(INSTANCE_KEY, '')
      if (base !== resource.address) {
        const instances = this.byBase.get(base)
        if (instances) instances.push(resource)
        else this.byBase.set(base, [resource])
      }
      if (resource.mode !== 'managed') continue
      this.allManaged.push(resource)
      const ofType = this.managedByType.get(resource.type)
      if (ofType) ofType.push(resource)
      else this.managedByType.set(resource.type, [resource])
    }
    for (const alias of this.managed(LAMBDA_ALIAS)) {
      const fn = functionOfAlias(this, alias)
      if (fn) this.aliasOf.set(alias.address, fn)
    }
  }

  build(): Model {
    for (const resource of this.allManaged) HANDLERS.get(resource.type)?.(this, resource)
    linkRestIntegrations(this)
    addDeclarations(this)
    for (const [apiId, features] of this.apiFeatures) {
      const api = this.model.getKind(apiId, 'api')
      if (api) for (const feature of features) api.features.add(feature)
    }
    return this.model
  }

  managed(type: string): readonly TfResource[] {
    return this.managedByType.get(type) ?? []
  }

  resource(address: string): TfResource | undefined {
    return this.byAddress.get(address)
  }

  resolve(ref: TfRef): TfResource[] {
    const exact = this.byAddress.get(ref.address)
    if (exact) return [exact]
    const instances = this.byBase.get(ref.address)
    if (instances) return instances
    const unkeyed = this.byAddress.get(ref.address.replace(INSTANCE_KEY, ''))
    return unkeyed ? [unkeyed] : []
  }

  refsTo(value: TfValue | undefined, types: readonly string[]): string[] {
    if (!value) return []
    const refs = allRefs([value])
    if (refs.length === 1) return this.targets(refs[0]!, types)
    const key = `${refs.map((ref) => ref.address).join('\u0000')}\u0001${types.join('\u0000')}`
    let found = this.targetsOf.get(key)
    if (!found) {
      const unique = new Set<string>()
      for (const ref of refs) for (const address of this.targets(ref, types)) unique.add(address)
      this.targetsOf.set(key, (found = [...unique]))
    }
    return found
  }

  setOf(list: readonly string[]): ReadonlySet<string> {
    let set = this.sets.get(list)
    if (!set) this.sets.set(list, (set = new Set(list)))
    return set
  }

  targets(ref: TfRef, types: readonly string[]): string[] {
    const key = `${ref.address}\u0000${types.join('\u0000')}`
    let found = this.targetsOf.get(key)
    if (!found) {
      const unique = new Set<string>()
      for (const resource of this.resolve(ref)) {
        const address = this.aliasOf.get(resource.address) ?? resource.address
        if (types.includes(this.byAddress.get(address)?.type ?? '')) unique.add(address)
      }
      found = [...unique]
      this.targetsOf.set(key, found)
    }
    return found
  }

  source(resource: TfResource, range: Range = resource.location.range): Source {
    const source: Source = { file: resource.location.file, range, address: resource.address }
    if (resource.configLocation) source.configLocation = resource.configLocation
    return source
  }

  addOnce(element: Element): void {
    if (!this.model.has(element.id)) this.model.add(element)
  }

  noteFeature(apiId: string | undefined, feature: ApiFeature): void {
    if (apiId === undefined) return
    const features = this.apiFeatures.get(apiId) ?? new Set<ApiFeature>()
    features.add(feature)
    this.apiFeatures.set(apiId, features)
  }
}
