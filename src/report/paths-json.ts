/**
 * `iac-lint paths -f json`: every request path of every model as one JSON document, for programs
 * and for the parity tests that compare a CloudFormation template with the same infrastructure in
 * Terraform. The layout is documented in docs/json-format.md ("Request paths"); fields are only
 * ever added.
 */
import type { Framework } from '../core/types.js'
import { repositoryRelative } from '../findings/paths.js'
import type { Model } from '../model/model.js'
import type { PathCloudFront, PathSources, PathWaf, RequestPath } from '../model/paths.js'
import { allowsOnlyFrom } from '../model/policy.js'
import type { Fact, FunctionUrl, LambdaFunction, Listener, ListenerRule, LoadBalancer, Operation, WafStatement, WebAcl } from '../model/types.js'
import { element, fact, type JsonElement, type JsonFact } from './json-parts.js'
import {
  jsonApiSettings,
  jsonAuthentication,
  jsonComputeTargets,
  jsonListenerTls,
  jsonLoadBalancerAttributes,
  jsonTargetGroupAttributes,
  type JsonAuthentication,
  type JsonComputeTarget,
  type JsonListenerTls,
  type JsonStageSettings,
  type JsonUsagePlan,
} from './paths-settings.js'

/** Version 1 of the request paths document. */
export interface JsonPathsReport {
  version: 1
  tool: { name: 'iac-lint'; version: string }
  models: JsonPathsModel[]
}

interface JsonPathsModel {
  framework: Framework
  /** The template file, or the Terraform root module folder. */
  origin: string
  paths: JsonPath[]
}

export type { JsonFact }

export interface JsonPath {
  entry: JsonEntry
  frontDoor: JsonFrontDoor | null
  exposure: JsonFact<string>
  /**
   * Who the load balancer's security groups and a listener rule's source-ip condition admit to the
   * listener port. Only on load balancer paths whose load balancer is in the model and attaches
   * security groups (or whose rule has a source-ip condition); absent, nothing is known about them.
   */
  sources?: JsonFact<JsonSources>
  /** The declaration in configuration that decided `exposure`, on the element closest to the entry. */
  declared?: { exposure: string; element: JsonElement }
  checks: Array<{ kind: string; label: string }>
  undetermined: string[]
  ineffective: string[]
  targets: JsonTarget[]
  /** The web ACL associated with the front door (or the API's stage); absent when none is. */
  waf?: JsonWaf
  /** CloudFront distributions whose origin is the front door; absent when there are none. */
  cloudFront?: JsonCloudFront[]
  /** API paths: the API's stages whose logging, tracing or caching is not AWS's default. */
  stages?: JsonStageSettings[]
  /** API paths: the API's usage plans that hold keys or per-method limits. */
  usagePlans?: JsonUsagePlan[]
  /** Load balancer paths: the entry's authenticate actions and what each does with unauthenticated requests. */
  authentication?: JsonAuthentication[]
  /** API paths only: the custom domains mapped to the API. Absent when none is. */
  customDomains?: JsonDomainMapping[]
  /** API paths only: whether the `execute-api` endpoint is disabled; present when a custom domain is mapped to the API or it is disabled. */
  executeApiEndpoint?: { disabled: JsonFact<boolean> }
  /** API paths only: the VPC link of a private integration and what it reaches. Absent for integrations over the internet. */
  vpcLink?: JsonVpcLink
  /** API paths only: whom the API's resource policy admits (`allowsOnlyFrom`). Absent when the API has no resource policy. */
  resourcePolicy?: { allowsOnlyFrom: JsonFact<string> }
}

/** A web ACL in the model with its rules, or, when it is not in the model, the ARN or id as written (or why it is unknown). */
type JsonWebAclRef = (JsonElement & JsonWebAcl) | JsonFact<string>

interface JsonWebAcl {
  kind: 'web-acl'
  name: JsonFact<string>
  scope: JsonFact<string>
  defaultAction: JsonFact<string>
  logged: JsonFact<boolean>
  rules: JsonFact<
    Array<{
      name: JsonFact<string>
      priority: JsonFact<number>
      action: JsonFact<string> | null
      overrideAction: JsonFact<string> | null
      statement: JsonFact<JsonWafStatement>
    }>
  >
}

type JsonWafStatement =
  | { kind: 'rate-based'; limit: JsonFact<number>; windowSeconds: JsonFact<number>; aggregateKeyType: JsonFact<string>; scopedDown: boolean }
  | { kind: 'managed-rule-group'; vendor: JsonFact<string>; name: JsonFact<string>; changedRules: JsonFact<number> }
  | { kind: 'rule-group'; changedRules: JsonFact<number> }
  | { kind: 'and' | 'or' | 'not'; statements: JsonFact<JsonWafStatement[]> }
  | { kind: 'other'; type: string }

interface JsonWaf {
  association: JsonElement
  webAcl: JsonWebAclRef
  rateLimited: JsonFact<boolean>
  rateLimit: { limit: number; windowSeconds: number } | null
  defaultAction: JsonFact<string>
  unsupported: boolean
}

type JsonCloudFront = JsonElement & {
  kind: 'cloudfront-distribution'
  viewerProtocolPolicy: JsonFact<string>
  webAcl: JsonWebAclRef | null
  origins: Array<{ id: JsonFact<string>; protocolPolicy: JsonFact<string> | null; customHeaders: JsonFact<string[]> }>
}

type JsonDomainMapping = JsonElement & {
  kind: 'domain-mapping'
  domainName: JsonFact<string>
  basePath: JsonFact<string>
  stage: JsonFact<string>
  domain:
    | (JsonElement & { kind: 'custom-domain'; protocol: string; endpointType: JsonFact<string>; securityPolicy: JsonFact<string>; mtls: JsonFact<boolean> })
    | null
}

type JsonLoadBalancer = JsonElement & { kind: 'load-balancer'; type: JsonFact<string>; scheme: JsonFact<string> }

interface JsonVpcLink {
  connectionType: JsonFact<string>
  link: (JsonElement & { kind: 'vpc-link'; version: string }) | null
  listener: JsonListener | null
  loadBalancer: (JsonLoadBalancer & { behind: JsonLoadBalancer[] }) | null
}

interface JsonSources {
  open: boolean
  cidrs: Array<{ cidr: string; securityGroup: JsonElement; narrowed: boolean }>
  others: Array<{ kind: 'prefix-list'; id: string; securityGroup: JsonElement } | { kind: 'security-group'; group: JsonElement | string; securityGroup: JsonElement }>
  sourceIp: string[] | null
}

interface JsonListener extends JsonElement {
  protocol: JsonFact<string>
  port: JsonFact<number>
  /** HTTPS and TLS listeners: the security policy, certificates and mutual TLS details that are not defaults. */
  tls?: JsonListenerTls
}

type JsonEntry =
  | (JsonListener & { kind: 'listener' })
  | (JsonElement & {
      kind: 'listener-rule'
      priority: JsonFact<number>
      conditions: Array<{ field: string; values: string[] }>
      listener: JsonListener | null
    })
  | (JsonElement & {
      kind: 'operation'
      method: JsonFact<string>
      path: JsonFact<string>
      authorization: JsonFact<string>
      authorizer: (JsonElement & { type: JsonFact<string> }) | null
      apiKeyRequired: JsonFact<boolean>
      fromSam: boolean
    })
  | (JsonElement & { kind: 'function-url'; authType: JsonFact<string> })

type JsonFrontDoor =
  | (JsonElement & {
      kind: 'load-balancer'
      type: JsonFact<string>
      scheme: JsonFact<string>
      declaredExposure?: string
      /** The load balancer attributes that are not AWS's defaults. */
      attributes?: Record<string, JsonFact<unknown>>
    })
  | (JsonElement & {
      kind: 'api'
      protocol: string
      endpointTypes: JsonFact<string[]>
      implicit: boolean
      declaredExposure?: string
      /** For an API defined by an OpenAPI definition: how many routes it gives, or why they are unknown. */
      definitionRoutes?: JsonFact<number>
      /** `x-amazon-apigateway-api-key-source`, when the definition sets it. */
      apiKeySource?: JsonFact<string>
    })

type JsonTarget = JsonElement & { targets: JsonTarget[] } & (
    | { kind: 'target-group'; targetType: JsonFact<string>; attributes?: Record<string, JsonFact<unknown>> }
    | {
        kind: 'integration'
        integrationType: JsonFact<string>
        timeoutMs: JsonFact<number>
        /** Only for integrations whose adapter reads them (OpenAPI definitions). */
        connectionType?: JsonFact<string>
        payloadFormatVersion?: JsonFact<string>
      }
    | { kind: 'function'; timeout: JsonFact<number> }
  )
  | JsonComputeTarget

export function renderPathsJson(models: readonly Model[], options: { cwd: string; toolVersion: string }): string {
  const report: JsonPathsReport = {
    version: 1,
    tool: { name: 'iac-lint', version: options.toolVersion },
    models: models.map((model) => ({
      framework: model.framework,
      origin: repositoryRelative(model.origin, options.cwd),
      paths: model.paths().map((path) => jsonPath(model, path, options.cwd)),
    })),
  }
  return `${JSON.stringify(report, null, 2)}\n`
}

function jsonSources(model: Model, sources: PathSources, cwd: string): JsonSources {
  return {
    open: sources.open,
    cidrs: sources.cidrs.map((range) => ({
      cidr: range.cidr,
      securityGroup: element('security-group', range.securityGroup.source, cwd),
      narrowed: range.narrowed,
    })),
    others: sources.others.map((other) => {
      const securityGroup = element('security-group', other.securityGroup.source, cwd)
      if (other.kind === 'prefix-list') return { kind: 'prefix-list', id: other.id, securityGroup }
      const group = model.get(other.id)
      return { kind: 'security-group', group: group ? element(group.kind, group.source, cwd) : other.id, securityGroup }
    }),
    sourceIp: sources.sourceIp === undefined ? null : [...sources.sourceIp],
  }
}

function jsonPath(model: Model, path: RequestPath, cwd: string): JsonPath {
  const sources = path.sources
  return {
    entry: jsonEntry(model, path.entry, cwd),
    frontDoor: jsonFrontDoor(path, cwd),
    exposure: fact(path.exposure),
    // Load balancer paths only: who the network admits to the listener port.
    ...(sources === undefined ? {} : { sources: sources.known ? jsonSources(model, sources.value, cwd) : { unknown: sources.why } }),
    ...(path.declared === undefined
      ? {}
      : { declared: { exposure: path.declared.exposure, element: element(path.declared.element.kind, path.declared.element.source, cwd) } }),
    checks: path.checks.map((check) => ({ kind: check.kind, label: check.label })),
    undetermined: [...path.undetermined],
    ineffective: [...path.ineffective],
    targets: jsonTargets(model, path, cwd),
    ...(path.waf === undefined ? {} : { waf: jsonWaf(path.waf, cwd) }),
    ...(path.cloudFront === undefined ? {} : { cloudFront: path.cloudFront.map((entry) => jsonCloudFront(entry, cwd)) }),
    ...jsonApiSettings(model, path, cwd),
    ...jsonAuthentication(path),
    ...jsonApiEdges(path, cwd),
  }
}

/** The optional API fields of a path: its custom domains, the `execute-api` endpoint and the VPC link. */
function jsonApiEdges(path: RequestPath, cwd: string): Pick<JsonPath, 'customDomains' | 'executeApiEndpoint' | 'vpcLink' | 'resourcePolicy'> {
  const out: Pick<JsonPath, 'customDomains' | 'executeApiEndpoint' | 'vpcLink' | 'resourcePolicy'> = {}
  if (path.customDomains) {
    out.customDomains = path.customDomains.map(({ mapping, domain }) => ({
      ...element('domain-mapping', mapping.source, cwd),
      kind: 'domain-mapping',
      domainName: fact(mapping.domainName),
      basePath: fact(mapping.basePath),
      stage: fact(mapping.stage),
      domain: domain
        ? {
            ...element('custom-domain', domain.source, cwd),
            kind: 'custom-domain',
            protocol: domain.protocol,
            endpointType: fact(domain.endpointType),
            securityPolicy: fact(domain.securityPolicy),
            mtls: fact(domain.mtls),
          }
        : null,
    }))
  }
  if (path.executeApiEndpointDisabled) out.executeApiEndpoint = { disabled: fact(path.executeApiEndpointDisabled) }
  const link = path.vpcLink
  if (link) {
    const balancer = (lb: LoadBalancer): JsonLoadBalancer => ({ ...element('load-balancer', lb.source, cwd), kind: 'load-balancer', type: fact(lb.lbType), scheme: fact(lb.scheme) })
    out.vpcLink = {
      connectionType: fact(link.connectionType),
      link: link.link ? { ...element('vpc-link', link.link.source, cwd), kind: 'vpc-link', version: link.link.version } : null,
      listener: link.listener ? jsonListener(link.listener, cwd) : null,
      loadBalancer: link.loadBalancer ? { ...balancer(link.loadBalancer), behind: link.behind.map(balancer) } : null,
    }
  }
  const policy = path.frontDoor?.kind === 'api' ? path.frontDoor.resourcePolicy : undefined
  if (policy) out.resourcePolicy = { allowsOnlyFrom: fact(allowsOnlyFrom(policy)) }
  return out
}

function jsonListener(listener: Listener, cwd: string): JsonListener {
  return { ...element('listener', listener.source, cwd), protocol: fact(listener.protocol), port: fact(listener.port), ...jsonListenerTls(listener) }
}

function jsonEntry(model: Model, entry: Listener | ListenerRule | Operation | FunctionUrl, cwd: string): JsonEntry {
  switch (entry.kind) {
    case 'listener':
      return { ...jsonListener(entry, cwd), kind: 'listener' }
    case 'listener-rule': {
      const listener = model.getKind(entry.listener, 'listener')
      return {
        ...element('listener-rule', entry.source, cwd),
        kind: 'listener-rule',
        priority: fact(entry.priority),
        conditions: entry.conditions.map((condition) => ({ field: condition.field, values: [...condition.values] })),
        listener: listener ? jsonListener(listener, cwd) : null,
      }
    }
    case 'operation': {
      const authorizer = model.getKind(entry.authorizer, 'authorizer')
      return {
        ...element('operation', entry.source, cwd),
        kind: 'operation',
        method: fact(entry.method),
        path: fact(entry.path),
        authorization: fact(entry.authorization),
        authorizer: authorizer ? { ...element('authorizer', authorizer.source, cwd), type: fact(authorizer.authorizerType) } : null,
        apiKeyRequired: fact(entry.apiKeyRequired),
        fromSam: entry.fromSam,
      }
    }
    case 'function-url':
      return { ...element('function-url', entry.source, cwd), kind: 'function-url', authType: fact(entry.authType) }
  }
}

function jsonFrontDoor(path: RequestPath, cwd: string): JsonFrontDoor | null {
  const door = path.frontDoor
  if (door === undefined) return null
  const declared = door.declaredExposure === undefined ? {} : { declaredExposure: door.declaredExposure }
  if (door.kind === 'load-balancer') {
    return {
      ...element('load-balancer', door.source, cwd),
      kind: 'load-balancer',
      type: fact(door.lbType),
      scheme: fact(door.scheme),
      ...declared,
      ...jsonLoadBalancerAttributes(door),
    }
  }
  return {
    ...element('api', door.source, cwd),
    kind: 'api',
    protocol: door.protocol,
    endpointTypes: fact(door.endpointTypes),
    implicit: door.implicit,
    ...declared,
    ...(door.definitionRoutes === undefined ? {} : { definitionRoutes: fact(door.definitionRoutes) }),
    ...(door.apiKeySource === undefined ? {} : { apiKeySource: fact(door.apiKeySource) }),
  }
}

function jsonFunction(fn: LambdaFunction, cwd: string): JsonTarget {
  return { ...element('function', fn.source, cwd), kind: 'function', timeout: fact(fn.timeout), targets: [] }
}

/** What the path reaches, as a chain: target groups or the integration, then the functions behind them. */
function jsonTargets(model: Model, path: RequestPath, cwd: string): JsonTarget[] {
  if (path.targetGroups.length) {
    return path.targetGroups.map((group) => ({
      ...element('target-group', group.source, cwd),
      kind: 'target-group',
      targetType: fact(group.targetType),
      targets: [
        ...group.functions.flatMap((id) => {
          const fn = model.getKind(id, 'function')
          return fn ? [jsonFunction(fn, cwd)] : []
        }),
        ...jsonComputeTargets(model, group, cwd),
      ],
      ...jsonTargetGroupAttributes(group),
    }))
  }
  const functions = path.functions.map((fn) => jsonFunction(fn, cwd))
  if (path.integration) {
    return [
      {
        ...element('integration', path.integration.source, cwd),
        kind: 'integration',
        integrationType: fact(path.integration.integrationType),
        timeoutMs: fact(path.integration.timeoutMs),
        ...(path.integration.connectionType === undefined ? {} : { connectionType: fact(path.integration.connectionType) }),
        ...(path.integration.payloadFormatVersion === undefined ? {} : { payloadFormatVersion: fact(path.integration.payloadFormatVersion) }),
        targets: functions,
      },
    ]
  }
  return functions
}

function jsonWebAcl(acl: WebAcl | undefined, written: Fact<string>, cwd: string): JsonWebAclRef {
  if (!acl) return fact(written)
  return {
    ...element('web-acl', acl.source, cwd),
    kind: 'web-acl',
    name: fact(acl.name),
    scope: fact(acl.scope),
    defaultAction: fact(acl.defaultAction),
    logged: fact(acl.logged),
    rules: acl.rules.known
      ? acl.rules.value.map((rule) => ({
          name: fact(rule.name),
          priority: fact(rule.priority),
          action: rule.action === undefined ? null : fact(rule.action),
          overrideAction: rule.overrideAction === undefined ? null : fact(rule.overrideAction),
          statement: rule.statement.known ? jsonStatement(rule.statement.value) : { unknown: rule.statement.why },
        }))
      : { unknown: acl.rules.why },
  }
}

function jsonStatement(statement: WafStatement): JsonWafStatement {
  switch (statement.kind) {
    case 'rate-based':
      return {
        kind: 'rate-based',
        limit: fact(statement.limit),
        windowSeconds: fact(statement.windowSeconds),
        aggregateKeyType: fact(statement.aggregateKeyType),
        scopedDown: statement.scopedDown,
      }
    case 'managed-rule-group':
      return { kind: 'managed-rule-group', vendor: fact(statement.vendor), name: fact(statement.name), changedRules: fact(statement.changedRules) }
    case 'rule-group':
      // The rule group's id differs between frameworks and says nothing a comparison needs.
      return { kind: 'rule-group', changedRules: fact(statement.changedRules) }
    case 'and':
    case 'or':
    case 'not':
      return {
        kind: statement.kind,
        statements: statement.statements.known ? statement.statements.value.map(jsonStatement) : { unknown: statement.statements.why },
      }
    case 'other':
      return { kind: 'other', type: statement.type }
  }
}

function jsonWaf(waf: PathWaf, cwd: string): JsonWaf {
  return {
    association: element('waf-association', waf.association.source, cwd),
    webAcl: jsonWebAcl(waf.webAcl, waf.association.webAcl, cwd),
    rateLimited: fact(waf.rateLimited),
    rateLimit: waf.rateLimit === undefined ? null : { ...waf.rateLimit },
    defaultAction: fact(waf.defaultAction),
    unsupported: waf.unsupported,
  }
}

function jsonCloudFront(entry: PathCloudFront, cwd: string): JsonCloudFront {
  const { distribution } = entry
  return {
    ...element('cloudfront-distribution', distribution.source, cwd),
    kind: 'cloudfront-distribution',
    viewerProtocolPolicy: fact(distribution.viewerProtocolPolicy),
    webAcl: distribution.webAcl === undefined ? null : jsonWebAcl(entry.webAcl, distribution.webAcl, cwd),
    origins: entry.origins.map((origin) => ({
      id: fact(origin.id),
      protocolPolicy: origin.protocolPolicy === undefined ? null : fact(origin.protocolPolicy),
      customHeaders: fact(origin.customHeaders),
    })),
  }
}
