/**
 * Declared intent: what a front door says about itself that no template property holds (its
 * exposure, what its clients need, the sizes of its bodies, its traffic). Frontends read the raw
 * values from the template (`Metadata.iac-lint`, `iac-lint:*` tags) and hand them to
 * `readDeclaration`, which checks them the same way for both; `applyDeclarations` applies the
 * configuration's `resources` section over what the template says.
 */
import type { Model } from './model.js'
import {
  DECLARED_EXPOSURES,
  DECLARED_NEEDS,
  known,
  type Api,
  type DeclaredExposure,
  type DeclaredNeed,
  type Fact,
  type FactOrigin,
  type FrontDoorDeclaration,
  type LoadBalancer,
} from './types.js'

/** A declaration in the configuration file, keyed by logical id or Terraform address. */
export interface Declaration {
  traffic?: { requestsPerSecond: number; averagePayloadKB?: number }
  exposure?: DeclaredExposure
  needs?: readonly string[]
  /** The configuration's older spelling of the two sizes; the flat keys win. */
  sizes?: { maxRequestKB?: number; maxResponseKB?: number }
  maxRequestKB?: number
  maxResponseKB?: number
}

/** The values a template writes, each under the key it was written as (for messages). */
export interface RawDeclaration {
  exposure?: { key: string; value: Fact<string> }
  /** A list, or one comma-separated string. */
  needs?: { key: string; value: Fact<string[]> }
  /** As written: a number, or a string holding one. */
  maxRequestKB?: { key: string; value: Fact<string> }
  maxResponseKB?: { key: string; value: Fact<string> }
}

/** A declared value iac-lint does not accept, at the place it was written. */
export interface DeclarationProblem {
  at: FactOrigin | undefined
  message: string
}

/** The declaration the raw values make, and what was wrong with them (a wrong value is left out). */
export function readDeclaration(raw: RawDeclaration): { declaration: FrontDoorDeclaration | undefined; problems: DeclarationProblem[] } {
  const problems: DeclarationProblem[] = []
  const declaration: FrontDoorDeclaration = {}
  if (raw.exposure) {
    const { key, value } = raw.exposure
    if (!value.known) declaration.exposure = value
    else {
      const exposure = DECLARED_EXPOSURES.find((candidate) => candidate === value.value.trim().toLowerCase())
      if (exposure) declaration.exposure = known(exposure, value.at)
      else problems.push({ at: value.at, message: `${key} is ${JSON.stringify(value.value)}; it must be one of ${DECLARED_EXPOSURES.join(', ')}` })
    }
  }
  if (raw.needs) {
    const { key, value } = raw.needs
    if (!value.known) declaration.needs = value
    else {
      const needs: DeclaredNeed[] = []
      for (const item of value.value.flatMap((entry) => entry.split(','))) {
        const name = item.trim().toLowerCase()
        if (name === '') continue
        const need = DECLARED_NEEDS.find((candidate) => candidate === name)
        if (need === undefined) problems.push({ at: value.at, message: `${key} names ${JSON.stringify(item.trim())}, which is not a need iac-lint knows (${DECLARED_NEEDS.join(', ')})` })
        else if (!needs.includes(need)) needs.push(need)
      }
      declaration.needs = known(needs, value.at)
    }
  }
  for (const name of ['maxRequestKB', 'maxResponseKB'] as const) {
    const entry = raw[name]
    if (!entry) continue
    const { key, value } = entry
    if (!value.known) {
      declaration[name] = value
      continue
    }
    const size = value.value.trim() === '' ? Number.NaN : Number(value.value)
    if (Number.isFinite(size) && size > 0) declaration[name] = known(size, value.at)
    else problems.push({ at: value.at, message: `${key} is ${JSON.stringify(value.value)}; it must be a number of kilobytes above 0` })
  }
  return { declaration: Object.keys(declaration).length > 0 ? declaration : undefined, problems }
}

/** Sets what a front door declares in its template; a known exposure also decides its request paths' exposure. */
export function setDeclaration(element: Api | LoadBalancer, declaration: FrontDoorDeclaration | undefined): void {
  if (declaration === undefined) return
  element.declared = { ...element.declared, ...declaration }
  if (declaration.exposure?.known) element.declaredExposure = declaration.exposure.value
}

/** The elements of a request path a declared exposure applies to; the one closest to a path's entry decides (paths.ts). */
const EXPOSED_KINDS = ['load-balancer', 'listener', 'listener-rule', 'target-group', 'api'] as const

/** The configuration's `resources` applied to a model: each value it gives replaces the template's. */
export function applyDeclarations(model: Model, declarations: Readonly<Record<string, Declaration>>): void {
  if (Object.keys(declarations).length === 0) return
  const declared = (address: string): Declaration | undefined => (Object.hasOwn(declarations, address) ? declarations[address] : undefined)
  for (const door of [...model.all('api'), ...model.all('load-balancer')]) {
    const declaration = declared(door.source.address)
    if (!declaration) continue
    if (declaration.traffic) {
      door.traffic = {
        requestsPerSecond: known(declaration.traffic.requestsPerSecond),
        averagePayloadKB: declaration.traffic.averagePayloadKB === undefined ? undefined : known(declaration.traffic.averagePayloadKB),
      }
    }
    const fromConfig: FrontDoorDeclaration = {}
    if (declaration.exposure) fromConfig.exposure = known(declaration.exposure)
    if (declaration.needs) fromConfig.needs = known(DECLARED_NEEDS.filter((need) => declaration.needs!.includes(need)))
    const maxRequestKB = declaration.maxRequestKB ?? declaration.sizes?.maxRequestKB
    const maxResponseKB = declaration.maxResponseKB ?? declaration.sizes?.maxResponseKB
    if (maxRequestKB !== undefined) fromConfig.maxRequestKB = known(maxRequestKB)
    if (maxResponseKB !== undefined) fromConfig.maxResponseKB = known(maxResponseKB)
    if (Object.keys(fromConfig).length > 0) door.declared = { ...door.declared, ...fromConfig }
  }
  for (const kind of EXPOSED_KINDS) {
    for (const element of model.all(kind)) {
      const exposure = declared(element.source.address)?.exposure
      if (exposure) element.declaredExposure = exposure
    }
  }
}

/** Whether a front door declares the need (false when it declares needs without it, or none). */
export function declaresNeed(door: Api | LoadBalancer, need: DeclaredNeed): boolean {
  const needs = door.declared?.needs
  return needs?.known === true && needs.value.includes(need)
}

/** The declared exposure when it is known. */
export function declaredExposureOf(door: Api | LoadBalancer): DeclaredExposure | undefined {
  const exposure = door.declared?.exposure
  if (exposure?.known) return exposure.value
  return door.declaredExposure
}
