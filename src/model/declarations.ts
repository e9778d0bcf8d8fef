/** Facts the user declares in configuration about resources, applied to a model before rules run. */
import type { Model } from './model.js'
import { known, type DeclaredExposure } from './types.js'

interface Declaration {
  traffic?: { requestsPerSecond: number; averagePayloadKB?: number }
  exposure?: DeclaredExposure
}

export function applyDeclarations(model: Model, declarations: Readonly<Record<string, Declaration>>): void {
  if (Object.keys(declarations).length === 0) return
  for (const api of model.all('api')) {
    const declared = declarations[api.source.address]
    if (!declared) continue
    if (declared.exposure) api.declaredExposure = declared.exposure
    if (declared.traffic) {
      api.traffic = {
        requestsPerSecond: known(declared.traffic.requestsPerSecond),
        averagePayloadKB: declared.traffic.averagePayloadKB === undefined ? undefined : known(declared.traffic.averagePayloadKB),
      }
    }
  }
  for (const loadBalancer of model.all('load-balancer')) {
    const exposure = declarations[loadBalancer.source.address]?.exposure
    if (exposure) loadBalancer.declaredExposure = exposure
  }
}
