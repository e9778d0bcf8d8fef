/** Human names for model elements, shared by rule messages and the `paths` command. */
import type { Model } from './model.js'
import type { InternetReach, RequestPath } from './paths.js'
import type { FlowStep } from '../core/types.js'
import { allowsOnlyFrom, type AllowedFrom } from './policy.js'
import type { Api, Fact, Operation } from './types.js'

export function listNames(names: string[]): string {
  if (names.length <= 1) return names.join('')
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`
}

export function describeApi(api: Api): string {
  const kind = api.protocol === 'REST' ? 'REST API' : api.protocol === 'HTTP' ? 'HTTP API' : 'WebSocket API'
  return api.implicit ? `implicit SAM ${kind} ${api.source.address}` : `${kind} ${api.source.address}`
}

export function describeOperation(model: Model, operation: Operation): string {
  const method = operation.method.known ? operation.method.value : '?'
  const path = operation.path.known ? operation.path.value : '(unresolved path)'
  const api = model.getKind(operation.api, 'api')
  const route = api?.protocol === 'WEBSOCKET' ? `route ${path}` : path.startsWith('$') && method === 'ANY' ? path : `${method} ${path}`
  const on = api ? ` on ${describeApi(api)}` : ''
  const origin = operation.fromSam ? ` (SAM event ${operation.source.address})` : ''
  return `${route}${on}${origin}`
}

export function describeEntry(model: Model, path: RequestPath): string {
  const entry = path.entry
  switch (entry.kind) {
    case 'listener':
      return `Listener ${entry.source.address}`
    case 'listener-rule': {
      const conditions = entry.conditions
        .filter((condition) => condition.values.length > 0)
        .map((condition) => `${condition.field} ${condition.values.join(', ')}`)
      return `Listener rule ${entry.source.address}${conditions.length ? ` (${conditions.join('; ')})` : ''}`
    }
    case 'operation':
      return describeOperation(model, entry)
    case 'function-url':
      return `Function URL ${entry.source.address}`
  }
}

/** The path as plain steps for diagrams: entry, exposure, checks (or the missing one), targets. */
export function pathFlow(model: Model, path: RequestPath, missing?: string): FlowStep[] {
  const exposure = path.exposure.known ? path.exposure.value : 'unknown exposure'
  const door =
    path.frontDoor?.kind === 'load-balancer'
      ? `${exposure} load balancer ${path.frontDoor.source.address}`
      : path.frontDoor?.kind === 'api'
        ? `${exposure} ${describeApi(path.frontDoor)}`
        : exposure
  const steps: FlowStep[] = [{ role: 'entry', label: `${describeEntry(model, path)} (${door})` }]
  for (const check of path.checks) steps.push({ role: 'check', label: check.label })
  if (missing) steps.push({ role: 'check', label: missing, missing: true })
  for (const fn of path.functions) steps.push({ role: 'target', label: `function ${fn.source.address}` })
  return steps
}

/** The sources a load balancer path admits, for the `paths` view: undefined for other paths. */
export function describeSources(model: Model, path: RequestPath): string | undefined {
  const sources = path.sources
  if (sources === undefined) return undefined
  if (!sources.known) return `unknown (${sources.why})`
  const { open, cidrs, others, sourceIp } = sources.value
  const parts = cidrs.map(
    (range) => `${range.cidr} (security group ${range.securityGroup.source.address}${range.narrowed ? ', narrowed by the source-ip condition' : ''})`,
  )
  for (const other of others) {
    const via = `security group ${other.securityGroup.source.address}`
    parts.push(
      other.kind === 'prefix-list'
        ? `prefix list ${other.id} (${via}; its ranges are not in the template)`
        : `members of security group ${model.get(other.id)?.source.address ?? other.id} (${via}; their addresses are not in the template)`,
    )
  }
  const condition = sourceIp === undefined ? '' : `; source-ip condition ${sourceIp.join(', ')}`
  if (parts.length === 0) return `none (no security group rule admits the listener port${sourceIp === undefined ? '' : ' from the source-ip ranges'})${condition}`
  return `${open ? 'open to ' : ''}${parts.join(', ')}${condition}`
}

/** Who can send requests, as a rule message says it: "anyone on the internet" only when the path is open. */
export function describeAudience(reach: InternetReach): string {
  switch (reach.kind) {
    case 'open':
      return 'anyone on the internet'
    case 'listed':
      return `anyone from ${describeListed(reach)}`
    case 'none':
      return 'no one on the internet'
    case 'unknown':
      return `anyone the load balancer admits (which sources it admits is unknown: ${reach.why})`
  }
}

/** The public ranges and prefix lists a path is open to. */
export function describeListed(reach: Extract<InternetReach, { kind: 'listed' }>): string {
  return listNames([...reach.cidrs, ...reach.prefixLists.map((id) => `prefix list ${id} (whose ranges the template does not show)`)])
}

const ADMITTED: Readonly<Record<AllowedFrom, string>> = {
  anyone: 'anyone',
  nobody: 'nobody',
  vpc: 'only callers in listed VPCs',
  vpce: 'only callers through listed VPC endpoints',
  'vpc-or-vpce': 'only callers in listed VPCs or through listed VPC endpoints',
  'source-ip': 'only listed source addresses',
  organization: 'only principals of listed organizations',
  account: 'only listed accounts',
  principal: 'only listed principals',
  mixed: 'only callers that meet its conditions',
}

function factText<T>(fact: Fact<T>, show: (value: T) => string = String): string {
  return fact.known ? show(fact.value) : `unknown (${fact.why})`
}

/** The `paths` view's lines for an API path's custom domains, `execute-api` endpoint and VPC link; none for other paths. */
export function describeApiEdges(path: RequestPath): string[] {
  const lines: string[] = []
  for (const { mapping, domain } of path.customDomains ?? []) {
    const name = factText(mapping.domainName)
    const base = mapping.basePath.known ? (mapping.basePath.value === '' ? '' : `/${mapping.basePath.value}`) : '/(unknown base path)'
    const settings = domain
      ? `${factText(domain.securityPolicy)}, ${domain.mtls.known ? (domain.mtls.value ? 'mutual TLS' : 'no mutual TLS') : `mutual TLS unknown (${domain.mtls.why})`}`
      : 'the domain is not in this template'
    lines.push(`domain:   ${name}${base} (${settings}) → stage ${factText(mapping.stage)}`)
  }
  const disabled = path.executeApiEndpointDisabled
  if (disabled) lines.push(`execute-api endpoint: ${factText(disabled, (value) => (value ? 'disabled' : 'open'))}`)
  const link = path.vpcLink
  if (link) {
    const via = link.link ? `VPC link ${link.link.source.address} (${link.link.version})` : `connection ${factText(link.connectionType)}, VPC link not in this template`
    const reached = link.loadBalancer
      ? ` → load balancer ${link.loadBalancer.source.address} (${factText(link.loadBalancer.lbType)}, ${factText(link.loadBalancer.scheme)})`
      : ''
    const behind = link.behind.length ? ` → ${link.behind.map((alb) => `load balancer ${alb.source.address}`).join(', ')}` : ''
    lines.push(`private:  ${via}${reached}${behind}`)
  }
  const policy = path.frontDoor?.kind === 'api' ? path.frontDoor.resourcePolicy : undefined
  if (policy) lines.push(`policy:   admits ${factText(allowsOnlyFrom(policy), (from) => ADMITTED[from])}`)
  return lines
}
