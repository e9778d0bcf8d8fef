/**
 * `iac-lint paths -f json`: every request path of every model as one JSON document, for programs
 * and for the parity tests that compare a CloudFormation template with the same infrastructure in
 * Terraform. The layout is documented in docs/json-format.md ("Request paths"); fields are only
 * ever added.
 */
import type { Framework, Range } from '../core/types.js'
import { repositoryRelative } from '../findings/paths.js'
import type { Model } from '../model/model.js'
import type { PathSources, RequestPath } from '../model/paths.js'
import { allowsOnlyFrom } from '../model/policy.js'
import type { Fact, FunctionUrl, LambdaFunction, Listener, ListenerRule, LoadBalancer, Operation, Source } from '../model/types.js'

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

/** A fact as its value, or why it is not known. A known value is never an object, so the two cannot be confused. */
export type JsonFact<T> = T | { unknown: string }

/** Where an element was written: what a comparison across frameworks leaves out. */
interface JsonElement {
  kind: string
  address: string
  file: string
  range: Range
  constructPath?: string
}

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
  /** API paths only: the custom domains mapped to the API. Absent when none is. */
  customDomains?: JsonDomainMapping[]
  /** API paths only: whether the `execute-api` endpoint is disabled; present when a custom domain is mapped to the API or it is disabled. */
  executeApiEndpoint?: { disabled: JsonFact<boolean> }
  /** API paths only: the VPC link of a private integration and what it reaches. Absent for integrations over the internet. */
  vpcLink?: JsonVpcLink
  /** API paths only: whom the API's resource policy admits (`allowsOnlyFrom`). Absent when the API has no resource policy. */
  resourcePolicy?: { allowsOnlyFrom: JsonFact<string> }
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
    })
  | (JsonElement & {
      kind: 'api'
      protocol: string
      endpointTypes: JsonFact<string[]>
      implicit: boolean
      declaredExposure?: string
    })

type JsonTarget = JsonElement & { targets: JsonTarget[] } & (
    | { kind: 'target-group'; targetType: JsonFact<string> }
    | { kind: 'integration'; integrationType: JsonFact<string>; timeoutMs: JsonFact<number> }
    | { kind: 'function'; timeout: JsonFact<number> }
  )

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

function fact<T>(value: Fact<T>): JsonFact<T> {
  return value.known ? value.value : { unknown: value.why }
}

function element(kind: string, source: Source, cwd: string): JsonElement {
  const { line, column, endLine, endColumn } = source.range
  const out: JsonElement = {
    kind,
    address: source.address,
    file: repositoryRelative(source.file, cwd),
    range: { line, column, endLine, endColumn },
  }
  if (source.constructPath !== undefined) out.constructPath = source.constructPath
  return out
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
  return { ...element('listener', listener.source, cwd), protocol: fact(listener.protocol), port: fact(listener.port) }
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
    return { ...element('load-balancer', door.source, cwd), kind: 'load-balancer', type: fact(door.lbType), scheme: fact(door.scheme), ...declared }
  }
  return {
    ...element('api', door.source, cwd),
    kind: 'api',
    protocol: door.protocol,
    endpointTypes: fact(door.endpointTypes),
    implicit: door.implicit,
    ...declared,
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
      targets: group.functions.flatMap((id) => {
        const fn = model.getKind(id, 'function')
        return fn ? [jsonFunction(fn, cwd)] : []
      }),
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
        targets: functions,
      },
    ]
  }
  return functions
}
