import type { Framework } from '../core/types.js'
import type { LimitHit } from './budget.js'
import { derivePaths, type RequestPath } from './paths.js'
import type { Element, ElementIndex, ElementKind, ElementOf } from './types.js'

/**
 * The resources of one CloudFormation template or one Terraform module, in the shared
 * vocabulary, with the request paths through them derived once on first use.
 */
export class Model implements ElementIndex {
  private readonly elements = new Map<string, Element>()
  private readonly byKind = new Map<ElementKind, Element[]>()
  private cachedPaths: RequestPath[] | undefined
  /** Budgets that ran out while the unit was evaluated; each becomes an `evaluation-limit` finding. */
  readonly limits: LimitHit[] = []

  constructor(
    readonly framework: Framework,
    /** The template file, or the module folder for Terraform. */
    readonly origin: string,
  ) {}

  add(element: Element): void {
    if (this.elements.has(element.id)) throw new Error(`duplicate model element id ${element.id}`)
    this.elements.set(element.id, element)
    const list = this.byKind.get(element.kind)
    if (list) list.push(element)
    else this.byKind.set(element.kind, [element])
    this.cachedPaths = undefined
  }

  has(id: string): boolean {
    return this.elements.has(id)
  }

  get(id: string | undefined): Element | undefined {
    return id === undefined ? undefined : this.elements.get(id)
  }

  getKind<K extends ElementKind>(id: string | undefined, kind: K): ElementOf<K> | undefined {
    const element = this.get(id)
    return element?.kind === kind ? (element as ElementOf<K>) : undefined
  }

  all<K extends ElementKind>(kind: K): ElementOf<K>[] {
    return (this.byKind.get(kind) ?? []) as ElementOf<K>[]
  }

  paths(): RequestPath[] {
    this.cachedPaths ??= derivePaths(this)
    return this.cachedPaths
  }
}
