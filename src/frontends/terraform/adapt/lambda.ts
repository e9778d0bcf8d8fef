/**
 * AWS Lambda in Terraform: functions, function URLs and permissions. An alias is no element of
 * its own: references to it count as references to its function.
 */
import { LAMBDA_DEFAULT_TIMEOUT_S } from '../../../model/aws.js'
import type { TfResource } from '../ir.js'
import type { AdapterTable, BuildContext } from './context.js'
import { field, readerOf } from './read.js'
import { UNKNOWN_PART } from '../../../model/policy.js'
import { templateOf } from '../values.js'

export const FUNCTIONS = ['aws_lambda_function']
export const LAMBDA_ALIAS = 'aws_lambda_alias'

/** The function an `aws_lambda_alias` stands for, when its `function_name` refers to one. */
export function functionOfAlias(context: BuildContext, alias: TfResource): string | undefined {
  return context.refsTo(field(alias.body, 'function_name'), FUNCTIONS)[0]
}

export const LAMBDA_ADAPTERS: AdapterTable = {
  aws_lambda_function(context, resource) {
    const { arg, num } = readerOf(resource)
    const timeout = arg('timeout')
    context.addOnce({
      kind: 'function',
      id: resource.address,
      source: context.source(resource),
      timeout: num(timeout, LAMBDA_DEFAULT_TIMEOUT_S),
      timeoutOrigin: timeout ? 'own' : 'default',
      ...(timeout ? { timeoutSource: context.source(resource, timeout.range) } : {}),
    })
  },

  aws_lambda_function_url(context, resource) {
    const { arg, str } = readerOf(resource)
    context.addOnce({
      kind: 'function-url',
      id: resource.address,
      source: context.source(resource),
      function: context.refsTo(arg('function_name'), FUNCTIONS)[0],
      authType: str(arg('authorization_type')),
    })
  },

  aws_lambda_permission(context, resource) {
    const { arg, str } = readerOf(resource)
    const optional = (name: string) => {
      const value = arg(name)
      return value ? str(value) : undefined
    }
    const sourceArnValue = arg('source_arn')
    const sourceArn = optional('source_arn')
    const template = sourceArnValue && sourceArn && !sourceArn.known ? templateOf(sourceArnValue) : undefined
    context.addOnce({
      kind: 'permission',
      id: resource.address,
      source: context.source(resource),
      function: context.refsTo(arg('function_name'), FUNCTIONS)[0],
      action: str(arg('action')),
      principal: str(arg('principal')),
      sourceArn,
      ...(template === undefined ? {} : { sourceArnPattern: template.map((part) => (typeof part === 'string' ? part : UNKNOWN_PART)).join('') }),
      sourceAccount: optional('source_account'),
      principalOrgId: optional('principal_org_id'),
      functionUrlAuthType: optional('function_url_auth_type'),
    })
  },
}
