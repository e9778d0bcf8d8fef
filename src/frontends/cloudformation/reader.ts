/**
 * Reads facts out of template values through the resolver: strings, numbers, booleans and
 * references, each three-valued.
 */
import type { DocMap, DocMapEntry, DocNode } from '../../parse/types.js'
import { known, unknown, type Fact, type Source } from '../../model/types.js'
import type { Resolver, Value } from './resolve.js'

export class Reader {
  constructor(
    readonly resolver: Resolver,
    readonly file: string,
    private readonly resourceTypes: ReadonlyMap<string, string>,
    private readonly aliasOf: ReadonlyMap<string, string>,
  ) {}

  source(range: DocNode['range'], address: string, constructPath?: string): Source {
    return constructPath === undefined ? { file: this.file, range, address } : { file: this.file, range, address, constructPath }
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
    if (!node) return fallback === undefined ? unknown('not set') : known(fallback)
    const value = this.resolver.resolve(node)
    if (value.kind === 'scalar') return known([String(value.value)])
    if (value.kind === 'absent') return fallback === undefined ? unknown('not set') : known(fallback)
    if (value.kind !== 'list') return unknown(whyOf(value))
    const strings: string[] = []
    for (const item of value.items) {
      if (item.kind !== 'scalar') return unknown(whyOf(item))
      strings.push(String(item.value))
    }
    return known(strings)
  }

  private scalar<T>(
    node: DocNode | undefined,
    fallback: T | undefined,
    convert: (value: string | number | boolean | null) => T | undefined,
  ): Fact<T> {
    if (!node) return fallback === undefined ? unknown('not set') : known(fallback)
    const value = this.resolver.resolve(node)
    if (value.kind === 'absent') return fallback === undefined ? unknown('not set') : known(fallback)
    if (value.kind !== 'scalar') return unknown(whyOf(value))
    const converted = convert(value.value)
    return converted === undefined ? unknown(`unexpected value ${JSON.stringify(value.value)}`) : known(converted)
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
