/**
 * What a load balancer forwards to, read from its listeners and their rules: the cost rules ask
 * whether every target is a Lambda function, and a claim about "every target" holds only when
 * every action could be read.
 */
import type { Model } from '../../src/model/model.js'
import type { Listener, ListenerAction, LoadBalancer, TargetGroup } from '../../src/model/types.js'

export interface BalancerTargets {
  listeners: Listener[]
  /** The target groups any listener or listener rule forwards to, each once. */
  targetGroups: TargetGroup[]
  /** Every action's type is known and every forward names target groups in the model. */
  complete: boolean
  /** Every action of every listener and rule, for the checks that look at action types. */
  actions: ListenerAction[]
}

/** The listeners of the load balancer in the model, and what their default actions and rules forward to. */
export function balancerTargets(model: Model, balancer: LoadBalancer): BalancerTargets {
  const listeners = model.all('listener').filter((listener) => listener.loadBalancer === balancer.id)
  const actions = listeners.flatMap((listener) => [...listener.defaultActions, ...model.rulesOf(listener.id).flatMap((rule) => rule.actions)])
  const groups = new Set<TargetGroup>()
  let complete = true
  for (const action of actions) {
    if (!action.type.known) {
      complete = false
      continue
    }
    if (action.type.value !== 'forward') continue
    if (action.unresolvedTargetGroups > 0 || action.targetGroups.length === 0) complete = false
    for (const id of action.targetGroups) {
      const group = model.getKind(id, 'target-group')
      if (group) groups.add(group)
      else complete = false
    }
  }
  return { listeners, targetGroups: [...groups], complete, actions }
}

/** Whether every target the load balancer can reach is a Lambda function: false when it cannot be told. */
export function onlyLambdaTargets(targets: BalancerTargets): boolean {
  return (
    targets.complete &&
    targets.targetGroups.length > 0 &&
    targets.targetGroups.every((group) => group.targetType.known && group.targetType.value === 'lambda')
  )
}
