/**
 * Reads facts out of template values through the resolver: strings, numbers, booleans and
 * references, each three-valued, and each saying where it was written. A fact read from a
 * property is `at` the property's value as the template writes it (the `!If` or `!Ref` itself,
 * not what it resolved to); a fact that falls back to an AWS default is `at` the element the
 * default applies to, marked `defaulted`.
 */
import type { Range } from '../../core/types.js'
import type { DocMap, DocMapEntry, DocNode } from '../../parse/types.js'
import { known, unknown, type Fact, type FactOrigin, type Source } from '../../model/types.js'
import type { Resolver, Value } from './resolve.js'

export class Reader {
  constructor(
    readonly resolver: Resolver,
    readonly file: string,
    private readonly resourceTypes: ReadonlyMap<string, string>,
    private readonly aliasOf: ReadonlyMap<string, string>,
    /** The range of the element being built, where defaults are attributed; none for template-wide reads. */
    private readonly element?: Range,
  ) {}

  /** This reader for building the element at `range`: defaults it reads are attributed there. */
  within(range: Range): Reader {
    return new Reader(this.resolver, this.file, this.resourceTypes, this.aliasOf, range)
  }

  source(range: DocNode['range'], address: string, constructPath?: string): Source {
    return constructPath === undefined ? { file: this.file, range, address } : { file: this.file, range, address, constructPath }
  }

  /** Where a value node is written. */
  origin(node: DocNode | undefined): FactOrigin | undefined {
    return node ? { file: this.file, range: node.range } : undefined
  }

  /** Where a default of the element being built is attributed. */
  defaultOrigin(): FactOrigin | undefined {
    return this.element ? { file: this.file, range: this.element, defaulted: true } : undefined
  }

  /** A value AWS gives the element being built when the template does not choose one. */
  defaulted<T>(value: T): Fact<T> {
    return known(value, this.defaultOrigin())
  }

  /** The node a property resolves to when it is a plain map (after `Fn::If` and friends). */
  map(node: DocNode | undefined): DocMap | undefined {
    if (!node) return undefined
    const value = this.resolver.resolve(node)
    return value.kind === 'map' ? value.node : undefined
  }

  /** Items of a list property; undefined when the list itself is unknown. */
  items(node: DocNode | undefined): Value[] | undefined {
    if (!node) return []
    const value = this.resolver.resolve(node)
    if (value.kind === 'list') return value.items
    if (value.kind === 'absent') return []
    return undefined
  }

  str(node: DocNode | undefined, fallback?: string): Fact<string> {
    return this.scalar(node, fallback, (value) => (value === null ? undefined : String(value)))
  }

  num(node: DocNode | undefined, fallback?: number): Fact<number> {
    return this.scalar(node, fallback, (value) => {
      const parsed = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : NaN
      return Number.isFinite(parsed) ? parsed : undefined
    })
  }

  bool(node: DocNode | undefined, fallback?: boolean): Fact<boolean> {
    return this.scalar(node, fallback, (value) => {
      if (typeof value === 'boolean') return value
      if (value === 'true' || value === 'True') return true
      if (value === 'false' || value === 'False') return false
      return undefined
    })
  }

  strList(node: DocNode | undefined, fallback?: string[]): Fact<string[]> {
    if (!node) return this.fallback(fallback)
    const at = this.origin(node)
    const value = this.resolver.resolve(node)
    if (value.kind === 'scalar') return known([String(value.value)], at)
    if (value.kind === 'absent') return this.fallback(fallback)
    if (value.kind !== 'list') return unknown(whyOf(value), at)
    const strings: string[] = []
    for (const item of value.items) {
      if (item.kind !== 'scalar') return unknown(whyOf(item), at)
      strings.push(String(item.value))
    }
    return known(strings, at)
  }

  private scalar<T>(
    node: DocNode | undefined,
    fallback: T | undefined,
    convert: (value: string | number | boolean | null) => T | undefined,
  ): Fact<T> {
    if (!node) return this.fallback(fallback)
    const at = this.origin(node)
    const value = this.resolver.resolve(node)
    if (value.kind === 'absent') return this.fallback(fallback)
    if (value.kind !== 'scalar') return unknown(whyOf(value), at)
    const converted = convert(value.value)
    return converted === undefined ? unknown(`unexpected value ${JSON.stringify(value.value)}`, at) : known(converted, at)
  }

  /** A property that is not set (or resolves to `AWS::NoValue`): the default when AWS has one. */
  private fallback<T>(value: T | undefined): Fact<T> {
    return value === undefined ? unknown('not set') : this.defaulted(value)
  }

  /** Of these resource ids, those of the given types (aliases and versions count as their function), without repeats. */
  ofTypes(ids: readonly string[], types: readonly string[]): string[] {
    const found: string[] = []
    for (const ref of ids) {
      const id = this.aliasOf.get(ref) ?? ref
      const type = this.resourceTypes.get(id)
      if (type !== undefined && types.includes(type) && !found.includes(id)) found.push(id)
    }
    return found
  }

  /** Resources of the given types that a value references (aliases and versions count as their function). */
  refsTo(node: DocNode | undefined, types: readonly string[]): string[] {
    const found: string[] = []
    for (const ref of this.resolver.references(node)) {
      const id = this.aliasOf.get(ref.resource) ?? ref.resource
      const type = this.resourceTypes.get(id)
      if (type !== undefined && types.includes(type) && !found.includes(id)) found.push(id)
    }
    return found
  }
}

export { narrow, upper } from '../../model/facts.js'

export function whyOf(value: Value): string {
  switch (value.kind) {
    case 'unknown':
      return value.why
    case 'ref':
      return `a reference to ${value.ref.resource}${value.ref.attribute ? '.' + value.ref.attribute : ''}`
    case 'list':
      return 'a list'
    case 'map':
      return 'a map'
    default:
      return 'not set'
  }
}

/** Entries of a map node, empty for anything else. */
export function entriesOf(node: DocNode | undefined): DocMapEntry[] {
  return node?.kind === 'map' ? node.entries : []
}
