import { defineRule } from '../src/engine/rule.js'
import type { LambdaPermission } from '../src/model/types.js'
import { frontDoorBypasses } from './support/front-door-bypass.js'

/** Actions that let the principal invoke the function (in lower case). */
const INVOKE_ACTIONS: ReadonlySet<string> = new Set(['lambda:invokefunction', 'lambda:invokefunctionurl', 'lambda:invokeasync', 'lambda:*', '*'])

const URL_FIX =
  'Set the auth type to AWS_IAM (for a public site, with CloudFront origin access control in front), or put the function behind API Gateway or a load balancer with authentication.'

export default defineRule({
  id: 'lambda-public-invoke',
  meta: {
    title: 'Lambda function anyone can invoke',
    category: 'security',
    defaultLevel: 'error',
    securitySeverity: 8.0,
    cwe: [306],
    whatItDoes:
      'Finds Lambda function URLs whose auth type is NONE, and invoke permissions for principal * with no source account, source ARN or organization condition. A principal * permission limited to function URL requests of auth type NONE is reported with its URL, when the URL is in the template, not on its own (SAM writes such a permission for a FunctionUrlConfig with AuthType NONE). A function URL that another front door protects the function behind is left to lambda-front-door-bypass, which names both paths. Permissions whose principal, action or conditions are not known are not reported.',
    whyBad:
      'A function URL with auth type NONE is a public HTTPS endpoint: Lambda checks no identity and adds no throttling of its own, so anyone who has the URL can invoke the function, as often as they like, at your expense. A permission for principal * with no condition lets every AWS account invoke the function.',
    fix:
      'Use auth type AWS_IAM for function URLs (CloudFront origin access control signs requests for a public site), or serve the function through API Gateway or a load balancer with authentication. Give permissions the principal that needs them (an account or a service) or a SourceAccount, SourceArn or PrincipalOrgID condition (Terraform: source_account, source_arn, principal_org_id).',
    references: [
      'https://docs.aws.amazon.com/lambda/latest/dg/urls-auth.html',
      'https://docs.aws.amazon.com/lambda/latest/dg/permissions-function-cross-account.html',
      'https://docs.aws.amazon.com/AmazonCloudFront/latest/DeveloperGuide/private-content-restricting-access-to-lambda.html',
    ],
    frameworks: ['cloudformation', 'terraform'],
  },
  check({ model, report }) {
    const bypasses = frontDoorBypasses(model)
    const open = model.all('permission').filter(isPublic)
    const noneUrlFunctions = new Set<string>()
    for (const url of model.all('function-url')) {
      if (!url.authType.known || url.authType.value !== 'NONE') continue
      if (url.function) noneUrlFunctions.add(url.function)
      if (bypasses.has(url.id)) continue
      const fn = model.getKind(url.function, 'function')
      const named = fn ? `function ${fn.source.address}` : 'its function'
      const grants = open.filter((permission) => permission.function !== undefined && permission.function === url.function)
      const grant = grants[0]
      const who = grant
        ? ` and permission ${grant.source.address} lets principal * invoke it, so anyone on the internet who has the URL can invoke ${named}.`
        : `: Lambda authenticates no caller, so anyone on the internet who has the URL can invoke ${named} once its resource policy admits principal * (no permission in the template does; the console adds one for such a URL).`
      report({
        at: url,
        property: url.authType,
        message: `Function URL ${url.source.address} has auth type NONE${who} ${URL_FIX}`,
        related: [...(fn ? [{ at: fn, message: 'the function' }] : []), ...grants.map((permission) => ({ at: permission, message: 'permission for principal *' }))],
      })
    }
    for (const permission of open) {
      const urlOnly = permission.functionUrlAuthType?.known ? permission.functionUrlAuthType.value.toUpperCase() : undefined
      // The public permission of a function URL with auth type NONE: the URL's finding says it.
      if (urlOnly === 'NONE' && permission.function !== undefined && noneUrlFunctions.has(permission.function)) continue
      const fn = model.getKind(permission.function, 'function')
      const named = fn ? `function ${fn.source.address}` : 'the function'
      const audience =
        urlOnly === 'NONE'
          ? 'so anyone on the internet can call it through a function URL with auth type NONE'
          : urlOnly === 'AWS_IAM'
            ? 'so any IAM principal of any AWS account can call it through its function URL'
            : 'so any AWS account can invoke it'
      report({
        at: permission,
        property: permission.principal,
        message:
          `Permission ${permission.source.address} lets principal * invoke ${named} with no source account, source ARN or organization condition, ${audience}. ` +
          'Name the account or service that needs access instead of *, or add a source account, source ARN or organization id condition.',
        related: fn ? [{ at: fn, message: 'the function' }] : [],
      })
    }
  },
})

/** Principal `*`, an invoke action, and no condition on the caller's account, resource or organization. */
function isPublic(permission: LambdaPermission): boolean {
  if (!permission.principal.known || permission.principal.value !== '*') return false
  if (!permission.action.known || !INVOKE_ACTIONS.has(permission.action.value.toLowerCase())) return false
  if (permission.functionUrlAuthType !== undefined && !permission.functionUrlAuthType.known) return false
  return permission.sourceArn === undefined && permission.sourceAccount === undefined && permission.principalOrgId === undefined
}
