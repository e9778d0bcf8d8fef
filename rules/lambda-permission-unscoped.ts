import { defineRule } from '../src/engine/rule.js'
import { UNKNOWN_PART } from '../src/model/policy.js'
import type { LambdaPermission } from '../src/model/types.js'

/** The service principals that invoke a function on behalf of one of their resources, and what that resource is. */
const SERVICES: Readonly<Record<string, { resource: string; arn: string }>> = {
  'elasticloadbalancing.amazonaws.com': { resource: 'target group', arn: 'the target group ARN' },
  'apigateway.amazonaws.com': { resource: 'API', arn: 'the API execution ARN (arn:aws:execute-api:region:account:api-id/*)' },
}

/**
 * What of a source ARN is a wildcard where one resource should be named: the account, or the
 * resource itself (`arn:aws:execute-api:*:*:*`, `...:123456789012:*`, `...:*\/*`, `...:targetgroup/*`).
 * Undefined when the ARN names one account and one resource (stages, methods and paths after
 * the API id may be wildcards: they stay inside that API), and when the part that names the
 * resource is known only at deploy time (`UNKNOWN_PART`, a `${MyApi}` of Fn::Sub): it may be one.
 * A wildcard account is no wildcard when the permission also names the source account.
 */
function wildcard(arn: string, accountNamed: boolean): string | undefined {
  const parts = arn.split(':')
  if (parts.length < 6 || parts[0] !== 'arn') return undefined
  const account = parts[4]!
  const resource = parts.slice(5).join(':')
  if ((account === '*' || account === '') && !accountNamed) return 'any account'
  const apiGateway = parts[2] === 'execute-api'
  const id = apiGateway ? resource.split('/')[0]! : resource.replace(/^targetgroup\//, '').split('/')[0]!
  if (id.includes(UNKNOWN_PART)) return undefined
  if (id === '' || id.includes('*')) return apiGateway ? 'any API of the account' : 'any target group of the account'
  return undefined
}

/** A source ARN pattern as a message shows it: each part known only at deploy time as `…`. */
function shown(pattern: string): string {
  return pattern.split(UNKNOWN_PART).join('…')
}

export default defineRule({
  id: 'lambda-permission-unscoped',
  meta: {
    title: 'Lambda invoke permission for a load balancer or API Gateway without a source',
    category: 'security',
    defaultLevel: 'warning',
    securitySeverity: 7.0,
    cwe: [441],
    whatItDoes:
      'Finds Lambda permissions that let Elastic Load Balancing or API Gateway invoke a function without a source ARN, or with one whose account or API (target group) part is a wildcard, such as arn:aws:execute-api:*:*:* or arn:aws:execute-api:region:account:*/*. An ARN built with Fn::Sub or a Terraform template around values known only at deploy time is read from the text it is built of, so ${AWS::AccountId}:*/* is reported. A wildcard account is accepted when the permission names the source account. A source ARN whose API or target group part is a reference, or that cannot be resolved, is not reported.',
    whyBad:
      'A service principal acts for every resource of that service, not only yours. A permission without a source ARN naming your target group or API does not limit which of them may invoke the function (the confused deputy problem AWS describes), so it can run for requests that never passed your load balancer\'s or API\'s authentication and throttling. AWS recommends restricting these permissions with the source ARN.',
    fix:
      'Set SourceArn (Terraform: source_arn) to the target group ARN or to the API\'s execution ARN with a path (arn:aws:execute-api:region:account:api-id/*). In CloudFormation, when the target group must depend on the permission, build the ARN from the target group\'s Name with Fn::Sub instead of a Ref, to avoid a dependency cycle.',
    references: [
      'https://docs.aws.amazon.com/elasticloadbalancing/latest/application/lambda-functions.html#register-lambda-function',
      'https://docs.aws.amazon.com/lambda/latest/dg/services-apigateway.html#apigateway-permissions',
      'https://docs.aws.amazon.com/IAM/latest/UserGuide/confused-deputy.html',
    ],
    frameworks: ['cloudformation', 'terraform'],
  },
  check({ model, report }) {
    for (const permission of model.all('permission')) {
      if (!permission.principal.known) continue
      const service = SERVICES[permission.principal.value.toLowerCase()]
      if (!service) continue
      const fn = model.getKind(permission.function, 'function')
      const named = fn ? `function ${fn.source.address}` : 'the function'
      const related = fn ? [{ at: fn, message: 'the function' }] : []
      const sourceArn = permission.sourceArn
      if (sourceArn === undefined) {
        report({
          at: permission,
          message: `${describe(permission)} lets ${permission.principal.value} invoke ${named} with no source ARN, so it does not limit which ${service.resource} may invoke the function. Set the source ARN to ${service.arn}.`,
          related,
        })
        continue
      }
      const text = sourceArn.known ? sourceArn.value : permission.sourceArnPattern
      if (text === undefined) continue
      const wide = wildcard(text, permission.sourceAccount !== undefined)
      if (wide === undefined) continue
      const written = sourceArn.known ? sourceArn.value : `${shown(text)} (… is known only at deploy time)`
      report({
        at: permission,
        property: sourceArn,
        message: `${describe(permission)} lets ${permission.principal.value} invoke ${named} from ${written}, which stands for ${wide}. Set the source ARN to ${service.arn}.`,
        related,
      })
    }
  },
})

function describe(permission: LambdaPermission): string {
  return `Permission ${permission.source.address}`
}
