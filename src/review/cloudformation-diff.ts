/**
 * The resource changes between two CloudFormation templates, as `@aws-cdk/cloudformation-diff`
 * (the differ the CDK CLI uses) computes them: added, removed and modified resources with
 * CloudFormation's replacement impact per property, IAM statements and security group rules
 * added or removed. The package and its resource database are loaded here only, on first use:
 * a scan never loads them (test/review-lazy.test.ts).
 */
import type * as Differ from '@aws-cdk/cloudformation-diff/lib/diff-template.js'
import type { TemplateDiff } from '@aws-cdk/cloudformation-diff/lib/diff-template.js'

type DifferModule = typeof Differ

export type Impact = 'create' | 'destroy' | 'orphan' | 'replace' | 'may-replace' | 'update' | 'import' | 'none'

export interface TemplatePropertyChange {
  name: string
  impact: Impact
  /** JSON of the value before and after; absent when the property was not set on that side. */
  before?: string
  after?: string
}

export interface TemplateResourceChange {
  change: 'added' | 'removed' | 'modified'
  logicalId: string
  type: string
  impact: Impact
  properties: TemplatePropertyChange[]
  /** Other attributes that changed (`DependsOn`, `Condition`, `Metadata`, `DeletionPolicy`, ...). */
  attributes: string[]
}

export interface IamStatementChange {
  change: 'added' | 'removed'
  effect: string
  actions: string[]
  resources: string[]
  principals: string[]
  condition?: string
}

export interface SecurityGroupRuleChange {
  change: 'added' | 'removed'
  direction: 'ingress' | 'egress'
  group: string
  protocol: string
  peer: string
}

export interface TemplateChanges {
  resources: TemplateResourceChange[]
  iam: IamStatementChange[]
  securityGroups: SecurityGroupRuleChange[]
  /** What cloudformation-diff calls broadened permissions: IAM or security group changes that grant more. */
  permissionsBroadened: boolean
  /** Template sections other than resources that changed (`Parameters`, `Outputs`, ...). */
  sections: string[]
}

const IMPACTS: Record<string, Impact> = {
  WILL_CREATE: 'create',
  WILL_DESTROY: 'destroy',
  WILL_ORPHAN: 'orphan',
  WILL_REPLACE: 'replace',
  MAY_REPLACE: 'may-replace',
  WILL_UPDATE: 'update',
  WILL_IMPORT: 'import',
  NO_CHANGE: 'none',
}

function impactOf(value: string | undefined): Impact {
  return (value !== undefined && IMPACTS[value]) || 'none'
}

function json(value: unknown): string | undefined {
  return value === undefined ? undefined : JSON.stringify(value)
}

/** Compares two templates given as plain values (the parsed YAML or JSON, intrinsics in long form). */
export async function diffTemplates(before: Record<string, unknown>, after: Record<string, unknown>): Promise<TemplateChanges> {
  // The differ alone: the package's index also loads its terminal formatting (tables, colours).
  // Node gives a CommonJS module's exports by name; the bundle's chunk gives them as `default`.
  const loaded = (await import('@aws-cdk/cloudformation-diff/lib/diff-template.js')) as DifferModule & { default?: DifferModule }
  const fullDiff = loaded.fullDiff ?? loaded.default!.fullDiff
  return convert(fullDiff(before, after))
}

function convert(diff: TemplateDiff): TemplateChanges {
  const resources: TemplateResourceChange[] = []
  for (const [logicalId, change] of Object.entries(diff.resources.changes)) {
    if (!change?.isDifferent) continue
    const properties = Object.entries(change.propertyUpdates).map(([name, property]): TemplatePropertyChange => {
      const entry: TemplatePropertyChange = { name, impact: impactOf(property.changeImpact) }
      const before = json(property.oldValue)
      const after = json(property.newValue)
      if (before !== undefined) entry.before = before
      if (after !== undefined) entry.after = after
      return entry
    })
    resources.push({
      change: change.isAddition ? 'added' : change.isRemoval ? 'removed' : 'modified',
      logicalId,
      type: change.newResourceType ?? change.oldResourceType ?? '',
      impact: impactOf(change.changeImpact),
      properties,
      attributes: Object.keys(change.otherChanges),
    })
  }
  resources.sort((a, b) => (a.logicalId < b.logicalId ? -1 : a.logicalId > b.logicalId ? 1 : 0))
  const iam: IamStatementChange[] = []
  for (const [change, statements] of [
    ['added', diff.iamChanges.statements.additions],
    ['removed', diff.iamChanges.statements.removals],
  ] as const) {
    for (const statement of statements) {
      const entry: IamStatementChange = {
        change,
        effect: statement.effect,
        actions: targets(statement.actions),
        resources: targets(statement.resources),
        principals: targets(statement.principals),
      }
      if (statement.condition !== undefined) entry.condition = JSON.stringify(statement.condition)
      iam.push(entry)
    }
  }
  const securityGroups: SecurityGroupRuleChange[] = []
  for (const direction of ['ingress', 'egress'] as const) {
    for (const [change, rules] of [
      ['added', diff.securityGroupChanges[direction].additions],
      ['removed', diff.securityGroupChanges[direction].removals],
    ] as const) {
      for (const rule of rules) securityGroups.push({ change, direction, group: rule.groupId, protocol: rule.describeProtocol(), peer: rule.describePeer() })
    }
  }
  const sections = [
    ...(['awsTemplateFormatVersion', 'description', 'transform'] as const).filter((section) => diff[section]?.isDifferent === true),
    ...(['conditions', 'mappings', 'metadata', 'outputs', 'parameters'] as const).filter((section) => diff[section].differenceCount > 0),
  ].map((section) => SECTION_NAMES[section])
  return { resources, iam, securityGroups, permissionsBroadened: diff.permissionsBroadened, sections }
}

const SECTION_NAMES = {
  awsTemplateFormatVersion: 'AWSTemplateFormatVersion',
  description: 'Description',
  transform: 'Transform',
  conditions: 'Conditions',
  mappings: 'Mappings',
  metadata: 'Metadata',
  outputs: 'Outputs',
  parameters: 'Parameters',
} as const

/** A statement's actions, resources or principals as written, `NOT` marked. */
function targets(list: { values: string[]; not: boolean }): string[] {
  return list.not ? list.values.map((value) => `NOT ${value}`) : [...list.values]
}
