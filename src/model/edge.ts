/**
 * What sits at the edge of a request path, in front of its front door: the AWS WAF web ACL
 * associated with the load balancer or the API stage, and the CloudFront distributions whose
 * origin is the front door. `paths.ts` asks this file for both when it derives a path; rules read
 * the result through `wafOf(path)` and `cloudFrontOf(path)` there.
 */
import {
  known,
  unknown,
  type CloudFrontDistribution,
  type CloudFrontOrigin,
  type ElementIndex,
  type Fact,
  type WafAssociation,
  type WafRule,
  type WafRuleAction,
  type WafStatement,
  type WebAcl,
} from './types.js'

/** The web ACL that protects a path's front door, with what a rule asks of it. */
export interface PathWaf {
  association: WafAssociation
  /** The web ACL when it is in the model; `association.webAcl` says what was written otherwise. */
  webAcl: WebAcl | undefined
  /**
   * A rate-based rule of the web ACL blocks, or answers with a CAPTCHA or challenge, the requests
   * over its limit. A rate-based rule whose action is `count` limits nothing. Unknown when the web
   * ACL is not in the model, when a rule or its action cannot be read, or when a rule runs a rule
   * group of its own (which may hold rate-based rules).
   */
  rateLimited: Fact<boolean>
  /** The smallest limit of the rate-based rules that limit, when it is known. */
  rateLimit: { limit: number; windowSeconds: number } | undefined
  defaultAction: Fact<'allow' | 'block'>
  /** The association targets an HTTP or WebSocket API or its stage: AWS WAF cannot protect it, so the path has no WAF. */
  unsupported: boolean
}

/** A CloudFront distribution with an origin that is the path's front door. */
export interface PathCloudFront {
  distribution: CloudFrontDistribution
  /** The distribution's origins that point at the front door. */
  origins: CloudFrontOrigin[]
  /** The distribution's web ACL when it is in the model; `distribution.webAcl` says what was written otherwise. */
  webAcl: WebAcl | undefined
}

/** Actions that stop a request over a rate limit from reaching the front door as it is. */
const LIMITING_ACTIONS: ReadonlySet<WafRuleAction> = new Set<WafRuleAction>(['block', 'captcha', 'challenge'])

/** The type name of a statement, the same for both frameworks: `ByteMatchStatement` and `byte_match_statement` are `byte-match`. */
export function wafStatementType(key: string): string {
  return key
    .replace(/_?statement$/i, '')
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1-$2')
    .replace(/_/g, '-')
    .toLowerCase()
}

/** The fact in upper case when it is one of `allowed`; unknown for any other value. */
export function oneOfUpper<T extends string>(fact: Fact<string>, allowed: readonly T[]): Fact<T> {
  if (!fact.known) return fact
  const match = allowed.find((value) => value === fact.value.toUpperCase())
  return match === undefined ? unknown(`unrecognised value ${fact.value}`, fact.at) : known(match, fact.at)
}

/** How a model's web ACL associations and distributions are found from the front door they protect; made once per model. */
export class EdgeIndex {
  private readonly associations = new Map<string, WafAssociation>()
  private readonly distributions = new Map<string, Array<{ distribution: CloudFrontDistribution; origins: CloudFrontOrigin[] }>>()

  constructor(private readonly model: ElementIndex) {
    for (const association of model.all('waf-association')) {
      // AWS keeps one web ACL per resource: the first association written stands for it.
      if (association.resource !== undefined && !this.associations.has(association.resource)) {
        this.associations.set(association.resource, association)
      }
    }
    const mappedApis = new Map<string, string[]>()
    for (const mapping of model.all('domain-mapping')) {
      if (mapping.domain === undefined || mapping.api === undefined) continue
      mappedApis.set(mapping.domain, [...(mappedApis.get(mapping.domain) ?? []), mapping.api])
    }
    for (const distribution of model.all('cloudfront-distribution')) {
      if (!distribution.origins.known) continue
      const byTarget = new Map<string, CloudFrontOrigin[]>()
      const add = (target: string, origin: CloudFrontOrigin): void => {
        const list = byTarget.get(target) ?? []
        if (!list.includes(origin)) byTarget.set(target, [...list, origin])
      }
      for (const origin of distribution.origins.value) {
        if (origin.target === undefined) continue
        add(origin.target.id, origin)
        // An origin on an API's custom domain is in front of every API the domain maps.
        if (origin.target.kind === 'api-domain-name') {
          for (const api of mappedApis.get(origin.target.id) ?? []) add(api, origin)
        }
      }
      for (const [target, origins] of byTarget) {
        this.distributions.set(target, [...(this.distributions.get(target) ?? []), { distribution, origins }])
      }
    }
  }

  /** The web ACL associated with the first of `resources` (a load balancer; a stage, then its API) that has one. */
  waf(resources: Array<string | undefined>): PathWaf | undefined {
    for (const id of resources) {
      const association = id === undefined ? undefined : this.associations.get(id)
      if (association) return pathWaf(this.model, association)
    }
    return undefined
  }

  /**
   * The distributions in front of an API: those whose origins point at the API's `execute-api`
   * host or at one of its custom domains, each once with all of those origins.
   */
  cloudFrontOfApi(api: string | undefined, domains: Array<string | undefined>): PathCloudFront[] {
    const found = new Map<CloudFrontDistribution, PathCloudFront>()
    for (const entry of [api, ...domains].flatMap((id) => this.cloudFront(id))) {
      const seen = found.get(entry.distribution)
      if (seen) seen.origins.push(...entry.origins.filter((origin) => !seen.origins.includes(origin)))
      else found.set(entry.distribution, { ...entry, origins: [...entry.origins] })
    }
    return [...found.values()]
  }

  /** The distributions whose origins point at the front door, in model order. */
  cloudFront(frontDoor: string | undefined): PathCloudFront[] {
    if (frontDoor === undefined) return []
    return (this.distributions.get(frontDoor) ?? []).map(({ distribution, origins }) => ({
      distribution,
      origins,
      webAcl: distribution.webAcl?.known ? this.model.getKind(distribution.webAcl.value, 'web-acl') : undefined,
    }))
  }
}

/**
 * Unknown when a distribution with a web ACL has an origin whose domain name cannot be resolved
 * and names nothing in the model (a parameter, a variable), or origins that cannot be read: it may
 * be in front of any front door. Undefined when every origin is told.
 */
export function undeterminedOrigin(model: ElementIndex): Fact<boolean> | undefined {
  for (const distribution of model.all('cloudfront-distribution')) {
    if (distribution.webAcl === undefined) continue
    const name = distribution.source.address
    if (!distribution.origins.known) return unknown(`the origins of distribution ${name} are unknown (${distribution.origins.why})`, distribution.origins.at)
    for (const origin of distribution.origins.value) {
      if (origin.target === undefined && !origin.domainName.known) {
        return unknown(`an origin of distribution ${name} cannot be resolved (${origin.domainName.why})`, origin.domainName.at)
      }
    }
  }
  return undefined
}

function pathWaf(model: ElementIndex, association: WafAssociation): PathWaf {
  const webAcl = association.webAcl.known ? model.getKind(association.webAcl.value, 'web-acl') : undefined
  const limiting = webAcl ? rateLimiting(webAcl) : undefined
  return {
    association,
    webAcl,
    rateLimited: limiting?.limited ?? unknown(association.webAcl.known ? 'the web ACL is not in this template' : `the web ACL is unknown (${association.webAcl.why})`),
    rateLimit: limiting?.smallest,
    defaultAction: webAcl?.defaultAction ?? unknown('the web ACL is not in this template'),
    unsupported: association.unsupported,
  }
}

/** Whether the web ACL limits the rate of requests, and its smallest known limit. */
export function rateLimiting(acl: WebAcl): { limited: Fact<boolean>; smallest: PathWaf['rateLimit'] } {
  if (!acl.rules.known) return { limited: unknown(`the web ACL's rules are unknown (${acl.rules.why})`, acl.rules.at), smallest: undefined }
  let limited: Fact<boolean> | undefined
  let doubt: Fact<boolean> | undefined
  let smallest: PathWaf['rateLimit']
  for (const rule of acl.rules.value) {
    const found = rateStatementsOf(rule.statement)
    if (found.doubt !== undefined) doubt ??= unknown(found.doubt, rule.statement.at)
    if (found.ruleGroups && !(rule.overrideAction?.known && rule.overrideAction.value === 'count')) {
      doubt ??= unknown(`rule ${describeRule(rule)} runs a rule group, which may hold rate-based rules`, rule.statement.at)
    }
    for (const statement of found.rates) {
      const action = rule.action ?? unknown<WafRuleAction>('a rate-based rule has no action')
      if (!action.known) {
        doubt ??= unknown(`the action of rule ${describeRule(rule)} is unknown (${action.why})`, action.at)
        continue
      }
      if (!LIMITING_ACTIONS.has(action.value)) continue
      limited ??= known(true, statement.limit.at ?? action.at)
      if (statement.limit.known && statement.windowSeconds.known) {
        const perSecond = statement.limit.value / statement.windowSeconds.value
        if (smallest === undefined || perSecond < smallest.limit / smallest.windowSeconds) {
          smallest = { limit: statement.limit.value, windowSeconds: statement.windowSeconds.value }
        }
      }
    }
  }
  return { limited: limited ?? doubt ?? known(false, acl.rules.at), smallest }
}

type RateStatement = Extract<WafStatement, { kind: 'rate-based' }>

/** The rate-based statements of a rule's statement, wherever they are written, and what could not be read. */
function rateStatementsOf(statement: Fact<WafStatement>): { rates: RateStatement[]; ruleGroups: boolean; doubt: string | undefined } {
  const out = { rates: [] as RateStatement[], ruleGroups: false, doubt: undefined as string | undefined }
  const visit = (fact: Fact<WafStatement>): void => {
    if (!fact.known) {
      out.doubt ??= `a statement is unknown (${fact.why})`
      return
    }
    const value = fact.value
    if (value.kind === 'rate-based') out.rates.push(value)
    else if (value.kind === 'rule-group') out.ruleGroups = true
    else if (value.kind === 'and' || value.kind === 'or' || value.kind === 'not') {
      if (!value.statements.known) out.doubt ??= `a ${value.kind} statement's statements are unknown (${value.statements.why})`
      else for (const inner of value.statements.value) visit(known(inner))
    }
  }
  visit(statement)
  return out
}

function describeRule(rule: WafRule): string {
  return rule.name.known ? rule.name.value : rule.priority.known ? `at priority ${rule.priority.value}` : '(unnamed)'
}

/** The `waf` check's label: the web ACL's name and its rate limit when the model has them. */
export function wafLabel(waf: PathWaf): string {
  const acl = waf.webAcl
  if (!acl) return 'AWS WAF web ACL'
  const name = acl.name.known ? acl.name.value : acl.source.address
  const limit = waf.rateLimit ? `, rate limit ${waf.rateLimit.limit}/${windowText(waf.rateLimit.windowSeconds)}` : ''
  return `AWS WAF web ACL ${name}${limit}`
}

function windowText(seconds: number): string {
  return seconds % 60 === 0 ? `${seconds / 60} min` : `${seconds} s`
}
