/** Facts the user declares in configuration about resources, applied to a model before rules run. */
import type { Model } from './model.js'
import { known, type DeclaredExposure } from './types.js'

interface Declaration {
  traffic?: { requestsPerSecond: number; averagePayloadKB?: number }
  exposure?: DeclaredExposure
}

/** The elements of a request path a declared exposure applies to; the one closest to a path's entry decides (paths.ts). */
const EXPOSED_KINDS = ['load-balancer', 'listener', 'listener-rule', 'target-group', 'api'] as const

export function applyDeclarations(model: Model, declarations: Readonly<Record<string, Declaration>>): void {
  if (Object.keys(declarations).length === 0) return
  for (const api of model.all('api')) {
    const declared = declarations[api.source.address]
    if (!declared?.traffic) continue
    api.traffic = {
      requestsPerSecond: known(declared.traffic.requestsPerSecond),
      averagePayloadKB: declared.traffic.averagePayloadKB === undefined ? undefined : known(declared.traffic.averagePayloadKB),
    }
  }
  for (const kind of EXPOSED_KINDS) {
    for (const element of model.all(kind)) {
      const exposure = Object.hasOwn(declarations, element.source.address) ? declarations[element.source.address]?.exposure : undefined
      if (exposure) element.declaredExposure = exposure
    }
  }
}
