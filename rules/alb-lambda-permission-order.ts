import { defineRule } from '../src/engine/rule.js'
import type { LambdaFunction, LambdaPermission, TargetGroup } from '../src/model/types.js'

const ELB_PRINCIPAL = 'elasticloadbalancing.amazonaws.com'

export default defineRule({
  id: 'alb-lambda-permission-order',
  meta: {
    title: 'Lambda target group registers a function before its invoke permission exists',
    category: 'reliability',
    defaultLevel: 'warning',
    whatItDoes:
      'Finds CloudFormation target groups of type lambda that register a function in Targets while not depending, through DependsOn or a reference, directly or through other resources, on an AWS::Lambda::Permission that lets elasticloadbalancing.amazonaws.com invoke that function; and those whose function has no such permission in the template at all. Not reported when a permission of the template has a principal or a function that cannot be resolved (it may be the one), or when a DependsOn cannot be read. Terraform is not checked: it creates resources in the order their references give, and a target group attachment is a resource of its own.',
    whyBad:
      'CloudFormation registers the targets of a target group as it creates the group. Elastic Load Balancing checks at that moment that it may invoke the function; when the permission is created later, or in parallel, registration fails ("elasticloadbalancing principal does not have permission to invoke ... from target group ...") and the stack rolls back. Because nothing orders the two resources, a template that deployed once can fail on the next clean deployment.',
    fix:
      'Add the permission (Principal elasticloadbalancing.amazonaws.com, Action lambda:InvokeFunction, the function) if there is none, and name it in the target group\'s DependsOn. To scope the permission with SourceArn without a dependency cycle, build the target group ARN from the group\'s Name with Fn::Sub instead of referencing the group.',
    references: [
      'https://docs.aws.amazon.com/elasticloadbalancing/latest/application/lambda-functions.html#register-lambda-function',
      'https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-resource-elasticloadbalancingv2-targetgroup.html',
      'https://docs.aws.amazon.com/AWSCloudFormation/latest/TemplateReference/aws-attribute-dependson.html',
    ],
    frameworks: ['cloudformation'],
  },
  check({ model, report }) {
    const permissions = model.all('permission')
    for (const group of model.all('target-group')) {
      const dependsOn = group.dependsOn
      if (!dependsOn?.known) continue
      const waitsFor = new Set(dependsOn.value)
      for (const fn of group.functions.flatMap((id) => model.getKind(id, 'function') ?? [])) {
        const mayGrant = permissions.filter((permission) => permission.function === fn.id || permission.function === undefined)
        // A permission whose principal or function is not known may be the one the target group needs.
        if (mayGrant.some((permission) => !permission.principal.known || (permission.function === undefined && isForElb(permission)))) continue
        const granting = mayGrant.filter((permission) => permission.function === fn.id && isForElb(permission))
        if (granting.some((permission) => waitsFor.has(permission.id))) continue
        report({ at: group, property: dependsOn, ...finding(group, fn, granting) })
      }
    }
  },
})

function isForElb(permission: LambdaPermission): boolean {
  return permission.principal.known && permission.principal.value.toLowerCase() === ELB_PRINCIPAL
}

function finding(group: TargetGroup, fn: LambdaFunction, granting: LambdaPermission[]): { message: string; related: Array<{ at: LambdaFunction | LambdaPermission; message: string }> } {
  const registers = `Target group ${group.source.address} registers function ${fn.source.address}`
  if (granting.length === 0) {
    return {
      message:
        `${registers}, but no permission in the template lets ${ELB_PRINCIPAL} invoke it, so registering the target fails. ` +
        `Add an invoke permission for ${ELB_PRINCIPAL} and name it in the target group's DependsOn.`,
      related: [{ at: fn, message: 'the function registered' }],
    }
  }
  const names = granting.map((permission) => permission.source.address)
  return {
    message:
      `${registers} without depending on ${granting.length === 1 ? 'permission' : 'permissions'} ${names.join(', ')}, ` +
      `so CloudFormation may register the target before ${ELB_PRINCIPAL} may invoke the function, and the deployment fails. ` +
      `Add ${names[0]} to the target group's DependsOn.`,
    related: [
      { at: fn, message: 'the function registered' },
      ...granting.map((permission) => ({ at: permission, message: 'the invoke permission the target group does not wait for' })),
    ],
  }
}
