/**
 * Lambda resources into the model: functions, function URLs and permissions. Aliases and
 * versions make no element of their own: a reference to one counts as a reference to its
 * function, so they are read before any other resource (`addFunctionAliases`).
 */
import { LAMBDA_DEFAULT_TIMEOUT_S } from '../../../model/aws.js'
import type { Reader } from '../reader.js'
import { subPattern } from './policy.js'
import { CFN_TYPES, FUNCTION_TYPES, property, resourceSource, type AdapterTable, type TemplateResource } from './context.js'

export const LAMBDA_ADAPTERS: AdapterTable = {
  [CFN_TYPES.function]: (context, resource) => {
    const { read } = context
    const timeout = property(resource, 'Timeout')
    context.model.add({
      kind: 'function',
      id: resource.id,
      source: resourceSource(context, resource),
      timeout: read.num(timeout, LAMBDA_DEFAULT_TIMEOUT_S),
      timeoutOrigin: timeout ? 'own' : 'default',
      ...(timeout ? { timeoutSource: read.source(timeout.range, resource.id, resource.constructPath) } : {}),
    })
  },

  [CFN_TYPES.url]: (context, resource) => {
    const { read } = context
    context.model.add({
      kind: 'function-url',
      id: resource.id,
      source: resourceSource(context, resource),
      function: read.refsTo(property(resource, 'TargetFunctionArn'), FUNCTION_TYPES)[0],
      authType: read.str(property(resource, 'AuthType')),
    })
  },

  [CFN_TYPES.permission]: (context, resource) => {
    const { read } = context
    const optional = (name: string) => {
      const node = property(resource, name)
      return node ? read.str(node) : undefined
    }
    const sourceArnNode = property(resource, 'SourceArn')
    const sourceArn = optional('SourceArn')
    const pattern = sourceArnNode && sourceArn && !sourceArn.known ? subPattern(read, sourceArnNode) : undefined
    context.model.add({
      kind: 'permission',
      id: resource.id,
      source: resourceSource(context, resource),
      function: read.refsTo(property(resource, 'FunctionName'), FUNCTION_TYPES)[0],
      action: read.str(property(resource, 'Action')),
      principal: read.str(property(resource, 'Principal')),
      sourceArn,
      ...(pattern === undefined ? {} : { sourceArnPattern: pattern }),
      sourceAccount: optional('SourceAccount'),
      principalOrgId: optional('PrincipalOrgID'),
      functionUrlAuthType: optional('FunctionUrlAuthType'),
    })
  },
}

/**
 * Records, in `aliasOf`, the function each alias and version stands for. `read` must resolve
 * references through that same map, so an alias of a version declared before it reaches the
 * function.
 */
export function addFunctionAliases(read: Reader, resources: readonly TemplateResource[], aliasOf: Map<string, string>): void {
  for (const resource of resources) {
    if (resource.type !== CFN_TYPES.alias && resource.type !== CFN_TYPES.version) continue
    const [fn] = read.refsTo(property(resource, 'FunctionName'), FUNCTION_TYPES)
    if (fn) aliasOf.set(resource.id, fn)
  }
}
