import type { Finding, Framework } from '../core/types.js'
import type { LimitHit } from './budget.js'
import { derivePaths, type RequestPath } from './paths.js'
import type {
  AutoScalingGroup,
  EcsService,
  DomainMapping,
  Element,
  ElementIndex,
  ElementKind,
  ElementOf,
  Instance,
  Integration,
  LambdaFunction,
  ListenerRule,
  Operation,
  SecurityGroupIngress,
  Stage,
  UsagePlan,
} from './types.js'

/** Which elements refer to which: each relation names the referring kind and the ids it refers to. */
const RELATIONS = {
  'stages-of-api': { kind: 'stage', targets: (stage: Stage) => [stage.api] },
  'usage-plans-of-api': { kind: 'usage-plan', targets: (plan: UsagePlan) => plan.stages.map((entry) => entry.api) },
  'integrations-of-api': { kind: 'integration', targets: (integration: Integration) => [integration.api] },
  'operations-of-integration': { kind: 'operation', targets: (operation: Operation) => [operation.integration] },
  'operations-of-api': { kind: 'operation', targets: (operation: Operation) => [operation.api] },
  'rules-of-listener': { kind: 'listener-rule', targets: (rule: ListenerRule) => [rule.listener] },
  'ingress-of-group': { kind: 'security-group-ingress', targets: (ingress: SecurityGroupIngress) => [ingress.group] },
  'services-of-target-group': { kind: 'ecs-service', targets: (service: EcsService) => service.targetGroups },
  'auto-scaling-groups-of-target-group': { kind: 'auto-scaling-group', targets: (group: AutoScalingGroup) => group.targetGroups },
  'instances-of-target-group': { kind: 'instance', targets: (instance: Instance) => instance.targetGroups },
  'domains-of-api': { kind: 'domain-mapping', targets: (mapping: DomainMapping) => [mapping.api] },
} as const

type Relation = keyof typeof RELATIONS
type ReferrerOf<R extends Relation> = ElementOf<(typeof RELATIONS)[R]['kind']>

const NONE: readonly never[] = []

/**
 * The words a rule's message needs that depend on the framework: a frontend answers in its own
 * terms (SAM's event and API `Auth`, CloudFormation properties, Terraform arguments), so that a
 * rule never names a framework's properties.
 */
export interface FixWording {
  /** The sentence that tells how to give an operation authorization; `authorizers` names the kinds its API offers. */
  addAuthorization(operation: Operation, authorizers: string): string
  /** Where a function's timeout comes from, as a message names it ("its timeout", "the default timeout"). */
  timeoutOrigin(fn: LambdaFunction): string
}

/** Wording that names no framework. */
export const NEUTRAL_WORDING: FixWording = {
  addAuthorization: (_operation, authorizers) => `Attach ${authorizers}, or use IAM authorization.`,
  timeoutOrigin: (fn) => (fn.timeoutOrigin === 'default' ? 'the default timeout' : 'its timeout'),
}

/**
 * The resources of one CloudFormation template or one Terraform module, in the shared
 * vocabulary, with the request paths through them derived once on first use.
 */
export class Model implements ElementIndex {
  private readonly elements = new Map<string, Element>()
  private readonly byKind = new Map<ElementKind, Element[]>()
  private cachedPaths: RequestPath[] | undefined
  /** Reverse look-ups, built on first use, so rules over thousands of elements do not rescan lists. */
  private readonly relationIndexes = new Map<Relation, Map<string, Element[]>>()
  /** Budgets that ran out while the unit was evaluated; each becomes an `evaluation-limit` finding. */
  readonly limits: LimitHit[] = []
  /**
   * Findings about the unit's input met while its model was built (a file a definition names that
   * cannot be read or parsed, a definition that is not read); reported with the rules' findings.
   */
  readonly inputFindings: Finding[] = []
  /** How fixes are worded for the framework the model came from; its frontend sets it. */
  wording: FixWording = NEUTRAL_WORDING

  constructor(
    readonly framework: Framework,
    /** The template file, or the module folder for Terraform. */
    readonly origin: string,
  ) {}

  add(element: Element): void {
    if (this.elements.has(element.id)) throw new Error(`duplicate model element id ${element.id}`)
    this.elements.set(element.id, element)
    const list = this.byKind.get(element.kind)
    if (list) list.push(element)
    else this.byKind.set(element.kind, [element])
    this.cachedPaths = undefined
    this.relationIndexes.clear()
  }

  has(id: string): boolean {
    return this.elements.has(id)
  }

  get(id: string | undefined): Element | undefined {
    return id === undefined ? undefined : this.elements.get(id)
  }

  getKind<K extends ElementKind>(id: string | undefined, kind: K): ElementOf<K> | undefined {
    const element = this.get(id)
    return element?.kind === kind ? (element as ElementOf<K>) : undefined
  }

  /** Every element, in the order added. */
  elementList(): readonly Element[] {
    return [...this.elements.values()]
  }

  all<K extends ElementKind>(kind: K): ElementOf<K>[] {
    return (this.byKind.get(kind) ?? []) as ElementOf<K>[]
  }

  stagesOf(api: string): readonly Stage[] {
    return this.referrers('stages-of-api', api)
  }

  usagePlansOf(api: string): readonly UsagePlan[] {
    return this.referrers('usage-plans-of-api', api)
  }

  /** The integrations of the API with this id, in model order. */
  integrationsOf(api: string): readonly Integration[] {
    return this.referrers('integrations-of-api', api)
  }

  /** The operations (methods, routes) that use the integration with this id, in model order. */
  operationsUsing(integration: string): readonly Operation[] {
    return this.referrers('operations-of-integration', integration)
  }

  /** The operations (methods, routes) of the API with this id, in model order. */
  operationsOf(api: string): readonly Operation[] {
    return this.referrers('operations-of-api', api)
  }

  /** The listener rules of the listener with this id, in model order. */
  rulesOf(listener: string): readonly ListenerRule[] {
    return this.referrers('rules-of-listener', listener)
  }

  ingressOf(group: string): readonly SecurityGroupIngress[] {
    return this.referrers('ingress-of-group', group)
  }

  /** The ECS services that register tasks in the target group with this id, in model order. */
  servicesOf(targetGroup: string): readonly EcsService[] {
    return this.referrers('services-of-target-group', targetGroup)
  }

  /** The auto scaling groups that register instances in the target group with this id, in model order. */
  autoScalingGroupsOf(targetGroup: string): readonly AutoScalingGroup[] {
    return this.referrers('auto-scaling-groups-of-target-group', targetGroup)
  }

  /** The instances registered in the target group with this id, in model order. */
  instancesOf(targetGroup: string): readonly Instance[] {
    return this.referrers('instances-of-target-group', targetGroup)
  }

  /** The mappings that route a custom domain (in the model or not) to the API with this id, in model order. */
  domainsOf(api: string): readonly DomainMapping[] {
    return this.referrers('domains-of-api', api)
  }

  private referrers<R extends Relation>(relation: R, id: string): readonly ReferrerOf<R>[] {
    let index = this.relationIndexes.get(relation)
    if (!index) {
      index = new Map()
      const { kind, targets } = RELATIONS[relation] as unknown as { kind: ElementKind; targets: (element: Element) => Array<string | undefined> }
      for (const element of this.all(kind)) {
        for (const target of new Set(targets(element))) {
          if (target === undefined) continue
          const list = index.get(target)
          if (list) list.push(element)
          else index.set(target, [element])
        }
      }
      this.relationIndexes.set(relation, index)
    }
    return (index.get(id) ?? NONE) as readonly ReferrerOf<R>[]
  }

  paths(): RequestPath[] {
    this.cachedPaths ??= derivePaths(this)
    return this.cachedPaths
  }
}
