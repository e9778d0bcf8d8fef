import { defineRule } from '../src/engine/rule.js'
import type { CloudFrontDistribution, Fact, WafAssociation, WafRule, WebAcl } from '../src/model/types.js'

/** Actions that stop a request (a CAPTCHA or challenge stops one that does not answer it). */
const STOPPING = new Set(['block', 'captcha', 'challenge'])

/** What a rule can do to a request the default action would allow. */
type Effect = 'stops' | 'counts' | 'allows'

export default defineRule({
  id: 'waf-acl-ineffective',
  meta: {
    title: 'AWS WAF web ACL that blocks nothing',
    category: 'security',
    defaultLevel: 'note',
    securitySeverity: 5.0,
    cwe: [693],
    whatItDoes:
      'Finds AWS WAF (v2) web ACLs whose default action is allow and in which no rule can stop a request: the ACL has no rules, or every rule only counts (Count actions, rule groups run with their override action set to count) or allows. A rule that blocks, or asks for a CAPTCHA or a challenge, and a rule group run with its own actions (override action none) count as stopping requests, whatever the group holds. A web ACL whose rules, default action or one rule\'s action cannot be read is not reported. The finding points at the default action; the rules that only count are related locations. Associations with HTTP or WebSocket APIs, which AWS WAF cannot deploy, are left out of the message (apigw-http-api-missing-rest-features reports them).',
    whyBad:
      'A web ACL in this state lets every request through: count rules only add a metric and labels, and an allow rule under a default allow changes nothing. The load balancer, API stage or distribution it protects looks protected in the console and to other checks, while SQL injection, bad bots and floods reach the application as if there were no WAF, and you still pay for the web ACL and every request it inspects. Count mode is meant for trying rules out before they block, not as a permanent state.',
    fix:
      'Once the counted matches look right in the sampled requests and metrics, switch the rules to Block (Action: Block, or OverrideAction: None for rule groups), or add managed rule groups such as AWSManagedRulesCommonRuleSet and a rate-based rule with a block action. Alternatively make the default action block and allow only the traffic you expect.',
    references: [
      'https://docs.aws.amazon.com/waf/latest/developerguide/web-acl-default-action.html',
      'https://docs.aws.amazon.com/waf/latest/developerguide/web-acl-rule-actions.html',
      'https://docs.aws.amazon.com/waf/latest/developerguide/web-acl-rule-group-override-options.html',
      'https://docs.aws.amazon.com/waf/latest/developerguide/web-acl-testing.html',
    ],
    frameworks: ['cloudformation', 'terraform'],
  },
  check({ model, report }) {
    for (const acl of model.all('web-acl')) {
      if (!acl.defaultAction.known || acl.defaultAction.value !== 'allow' || !acl.rules.known) continue
      const effects = acl.rules.value.map((rule) => ({ rule, effect: effectOf(rule) }))
      if (effects.some(({ effect }) => effect === undefined || effect === 'stops')) continue
      const counting = effects.filter(({ effect }) => effect === 'counts').map(({ rule }) => rule)
      const name = acl.name.known ? acl.name.value : acl.source.address
      const rules = acl.rules.value.length
      const what =
        rules === 0
          ? 'has no rules'
          : counting.length === rules
            ? `has ${rules === 1 ? 'one rule, which only counts' : `${rules} rules, all of which only count`}`
            : `has ${rules} rules that only count or allow`
      const users = usersOf(model.all('waf-association'), model.all('cloudfront-distribution'), acl)
      const targets = [
        ...new Set(
          users.flatMap((element) => {
            if (element.kind === 'cloudfront-distribution') return [`distribution ${element.source.address}`]
            const target = model.get(element.resource)
            if (!target) return []
            const kind = target.kind === 'load-balancer' ? 'load balancer' : target.kind === 'api' ? 'API' : target.kind === 'stage' ? 'stage' : ''
            return [`${kind} ${target.source.address}`.trim()]
          }),
        ),
      ]
      const reaching = targets.length === 0 ? '' : ` to ${targets.join(', ')}`
      report({
        at: acl,
        property: acl.defaultAction,
        message: `Web ACL ${name} ${what}, and its default action is allow, so it lets every request through${reaching}. ${counting.length > 0 ? 'Switch the counting rules to block (override action none for rule groups), add a rule that blocks' : 'Add rules that block (managed rule groups, a rate-based rule)'}, or make the default action block.`,
        related: [
          ...counting.map((rule) => ({ at: rule.source, message: 'only counts' })),
          ...users.map((element) => ({ at: element, message: 'uses the web ACL' })),
        ],
      })
    }
  },
})

/** What the rule does to a matching request; undefined when an action cannot be read. */
function effectOf(rule: WafRule): Effect | undefined {
  const statement = rule.statement
  const group = statement.known && (statement.value.kind === 'managed-rule-group' || statement.value.kind === 'rule-group')
  if (rule.overrideAction !== undefined && rule.action === undefined) {
    if (!group || !rule.overrideAction.known) return undefined
    return rule.overrideAction.value === 'count' ? 'counts' : 'stops'
  }
  const action: Fact<string> | undefined = rule.action
  if (!action?.known) return undefined
  if (STOPPING.has(action.value)) return 'stops'
  return action.value === 'count' ? 'counts' : 'allows'
}

/** The associations (that AWS WAF can deploy) and distributions that name the web ACL. */
function usersOf(associations: readonly WafAssociation[], distributions: readonly CloudFrontDistribution[], acl: WebAcl): Array<WafAssociation | CloudFrontDistribution> {
  return [
    // An association AWS WAF cannot deploy (an HTTP or WebSocket API) protects nothing; apigw-http-api-missing-rest-features reports it.
    ...associations.filter((association) => !association.unsupported && association.webAcl.known && association.webAcl.value === acl.id),
    ...distributions.filter((distribution) => distribution.webAcl?.known === true && distribution.webAcl.value === acl.id),
  ]
}
