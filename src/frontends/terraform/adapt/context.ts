/**
 * What the Terraform adapters get from the builder in `from-terraform.ts`: the model being made,
 * the resources by type and address, and references followed to the resources they name. Each
 * adapter (`<service>.ts`) exports a table from resource type to handler.
 */
import type { Budget } from '../../../model/budget.js'
import type { Model } from '../../../model/model.js'
import type { ApiFeature, Element, Source } from '../../../model/types.js'
import type { Range } from '../../../parse/types.js'
import type { TfRef, TfResource, TfValue } from '../ir.js'

export interface BuildContext {
  readonly model: Model
  /** The work budget of the unit (the root module's, or a plan's own): reading an OpenAPI body spends from it. */
  readonly budget: Budget
  /** Every resource given, in order: data sources and repeated addresses included. */
  readonly resources: readonly TfResource[]
  /** Managed resources of one type, in address order of first appearance (the first of an address). */
  managed(type: string): readonly TfResource[]
  /** The resource at an address, the first given. */
  resource(address: string): TfResource | undefined
  /** The resources a reference names: the instance itself, or every instance when it names the resource as a whole. */
  resolve(ref: TfRef): TfResource[]
  /** Addresses of resources of the given types that one reference names (an alias counts as its function). */
  targets(ref: TfRef, types: readonly string[]): string[]
  /**
   * Addresses of resources of the given types that a value mentions (an alias counts as its
   * function). The list may be shared with other callers: it is read, never changed.
   */
  refsTo(value: TfValue | undefined, types: readonly string[]): string[]
  /** A list `refsTo` gave, as a set: made once however many resources share the list. */
  setOf(list: readonly string[]): ReadonlySet<string>
  /** The source of an element made from `resource`, at `range` (the resource block by default). */
  source(resource: TfResource, range?: Range): Source
  /** Adds the element unless the model has one with its id; the first of an id wins. */
  addOnce(element: Element): void
  /** Notes that an API uses a feature; features reach the API once every resource is read. */
  noteFeature(apiId: string | undefined, feature: ApiFeature): void
}

/** Reads one resource into model elements. */
export type ResourceHandler = (context: BuildContext, resource: TfResource) => void

/** One service's handlers, by resource type. */
export type AdapterTable = Readonly<Record<string, ResourceHandler>>
