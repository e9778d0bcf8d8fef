/** Human names for model elements, shared by rule messages and the `paths` command. */
import type { Model } from './model.js'
import type { RequestPath } from './paths.js'
import type { Api, Operation } from './types.js'

export function listNames(names: string[]): string {
  if (names.length <= 1) return names.join('')
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`
}

export function describeApi(api: Api): string {
  const kind = api.protocol === 'REST' ? 'REST API' : api.protocol === 'HTTP' ? 'HTTP API' : 'WebSocket API'
  return api.implicit ? `implicit SAM ${kind} ${api.source.address}` : `${kind} ${api.source.address}`
}

export function describeOperation(model: Model, operation: Operation): string {
  const method = operation.method.known ? operation.method.value : '?'
  const path = operation.path.known ? operation.path.value : '(unresolved path)'
  const route = path.startsWith('$') && method === 'ANY' ? path : `${method} ${path}`
  const api = model.getKind(operation.api, 'api')
  const on = api ? ` on ${describeApi(api)}` : ''
  const origin = operation.fromSam ? ` (SAM event ${operation.source.address})` : ''
  return `${route}${on}${origin}`
}

export function describeEntry(model: Model, path: RequestPath): string {
  const entry = path.entry
  switch (entry.kind) {
    case 'listener':
      return `Listener ${entry.source.address}`
    case 'listener-rule': {
      const conditions = entry.conditions
        .filter((condition) => condition.values.length > 0)
        .map((condition) => `${condition.field} ${condition.values.join(', ')}`)
      return `Listener rule ${entry.source.address}${conditions.length ? ` (${conditions.join('; ')})` : ''}`
    }
    case 'operation':
      return describeOperation(model, entry)
    case 'function-url':
      return `Function URL ${entry.source.address}`
  }
}
