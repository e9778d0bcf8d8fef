import { defineRule } from '../src/engine/rule.js'
import { describeAudience, listNames } from '../src/model/describe.js'
import { rateLimiting } from '../src/model/edge.js'
import { behindCloudFrontWaf, cloudFrontOf, internetReach, wafOf, type InternetReach, type RequestPath } from '../src/model/paths.js'
import { unknown, type Fact, type LoadBalancer, type WebAcl } from '../src/model/types.js'

/** What one web ACL in front of the load balancer says about rate limiting. */
interface AclAnswer {
  name: string
  limited: Fact<boolean>
  acl: WebAcl | undefined
}

export default defineRule({
  id: 'alb-public-no-rate-limit',
  meta: {
    title: 'Internet-facing ALB with no WAF rate-based rule',
    category: 'security',
    defaultLevel: 'warning',
    securitySeverity: 5.3,
    cwe: [770],
    whatItDoes:
      'Finds internet-facing Application Load Balancers with no AWS WAF web ACL associated (and no CloudFront distribution with a web ACL in front), or whose web ACLs have no rate-based rule that blocks, challenges or asks for a CAPTCHA. One finding per load balancer. A load balancer whose listener ports its security groups admit only from private ranges or other security groups, or that is declared internal, is not reported; nor is one whose web ACL is not in the template or module, or has a rule or rule group that cannot be read (it may hold a rate-based rule).',
    whyBad:
      'An Application Load Balancer has no throttling of its own: it passes on every request it receives, and scales to do so. Without a rate-based rule one client can flood the targets, run up Lambda and LCU charges, or guess passwords as fast as the network allows. A rate-based rule that only counts limits nothing.',
    fix:
      'Associate a regional AWS WAF web ACL with the load balancer, with a rate-based rule (action block, or a challenge for browsers) keyed on the client IP or a header, next to the AWS managed rule groups. If CloudFront is in front, the rule can live in the distribution\'s web ACL instead; then admit only CloudFront to the load balancer.',
    references: [
      'https://docs.aws.amazon.com/waf/latest/developerguide/waf-rule-statement-type-rate-based.html',
      'https://docs.aws.amazon.com/elasticloadbalancing/latest/application/application-load-balancers.html#load-balancer-waf',
      'https://docs.aws.amazon.com/waf/latest/developerguide/web-acl-associating-aws-resource.html',
    ],
    frameworks: ['cloudformation', 'terraform'],
  },
  check({ model, report }) {
    const byBalancer = new Map<LoadBalancer, RequestPath[]>()
    for (const path of model.paths()) {
      // A listener rule admits at most what its listener admits: the listeners decide the reach.
      if (path.entry.kind !== 'listener') continue
      if (path.frontDoor?.kind !== 'load-balancer') continue
      if (!path.exposure.known || path.exposure.value !== 'public') continue
      if (internetReach(path).kind === 'none') continue
      byBalancer.set(path.frontDoor, [...(byBalancer.get(path.frontDoor) ?? []), path])
    }
    for (const [balancer, paths] of byBalancer) {
      if (!balancer.lbType.known || balancer.lbType.value !== 'application') continue
      const path = paths[0]!
      const answers = aclAnswers(path)
      if (answers === undefined) continue
      if (answers.length === 0 && !behindCloudFrontWaf(model, path).known) continue
      if (answers.some(({ limited }) => !limited.known || limited.value)) continue
      const audience = describeAudience(widest(paths.map(internetReach)))
      const listeners = `${paths.length === 1 ? 'listener' : 'listeners'} ${listNames(paths.map(listenerName))}`
      const waf = wafOf(path)
      if (answers.length === 0) {
        report({
          at: balancer,
          message:
            `Internet-facing load balancer ${balancer.source.address} (${listeners}) has no AWS WAF web ACL, so nothing limits how many requests ${audience} can send: ` +
            'an ALB has no throttling of its own. Associate a regional web ACL with a rate-based rule (block or challenge, keyed on the client IP or a header).',
        })
        continue
      }
      const first = answers[0]!
      const names = listNames(answers.map(({ name }) => name))
      report({
        at: balancer,
        property: first.limited,
        message:
          `Internet-facing load balancer ${balancer.source.address} (${listeners}) is protected by ${answers.length === 1 ? 'web ACL' : 'web ACLs'} ${names}, ${answers.length === 1 ? 'which has no' : 'none of which has a'} rate-based rule that blocks, challenges or asks for a CAPTCHA, ` +
          `so nothing limits how many requests ${audience} can send. Add a rate-based rule with action block or challenge, keyed on the client IP or a header.`,
        related: [
          ...answers.flatMap(({ acl }) => (acl ? [{ at: acl, message: 'web ACL without a limiting rate-based rule' }] : [])),
          ...(waf ? [{ at: waf.association, message: 'web ACL association' }] : []),
        ],
      })
    }
  },
})

/**
 * The web ACLs in front of the path's load balancer, each with whether it limits: the one
 * associated with it and those of CloudFront distributions whose origin it is. Undefined when it
 * cannot be told whether one is in front.
 */
function aclAnswers(path: RequestPath): AclAnswer[] | undefined {
  const answers: AclAnswer[] = []
  const waf = wafOf(path)
  if (waf) {
    answers.push({ name: waf.webAcl ? aclName(waf.webAcl) : waf.association.source.address, limited: waf.rateLimited, acl: waf.webAcl })
  }
  for (const { distribution, webAcl } of cloudFrontOf(path)) {
    if (distribution.webAcl === undefined) continue
    if (!distribution.webAcl.known) return undefined
    answers.push({
      name: webAcl ? `${aclName(webAcl)} (CloudFront distribution ${distribution.source.address})` : distribution.webAcl.value,
      limited: webAcl ? rateLimiting(webAcl).limited : unknown('the web ACL is not in this template'),
      acl: webAcl,
    })
  }
  return answers
}

function aclName(acl: WebAcl): string {
  return acl.name.known ? acl.name.value : acl.source.address
}

function listenerName(path: RequestPath): string {
  return `${path.entry.source.address}${path.port?.known ? ` port ${path.port.value}` : ''}`
}

/** The widest audience among the paths: open before listed ranges before unknown. */
function widest(reaches: InternetReach[]): InternetReach {
  const rank = (reach: InternetReach): number => ['open', 'listed', 'unknown', 'none'].indexOf(reach.kind)
  return [...reaches].sort((a, b) => rank(a) - rank(b))[0]!
}
