/**
 * The `iac-lint paths` view: every request path of a model, readable by a person. Each line is
 * template text for a terminal, escaped as a whole (see escape.ts).
 */
import { repositoryRelative } from '../findings/paths.js'
import { describeApi, describeApiEdges, describeEntry, describeSources } from '../model/describe.js'
import type { Model } from '../model/model.js'
import type { PathCloudFront, RequestPath } from '../model/paths.js'
import { terminalLine } from './escape.js'
import { describeSettings } from './paths-settings.js'

export function renderPaths(models: readonly Model[], cwd: string): string {
  const out: string[] = []
  for (const model of models) {
    const paths = model.paths()
    out.push(`${repositoryRelative(model.origin, cwd)} (${paths.length} request ${paths.length === 1 ? 'path' : 'paths'})`)
    for (const path of paths) out.push(...renderPath(model, path, cwd), '')
    if (paths.length === 0) out.push('')
  }
  return out.map(terminalLine).join('\n')
}

function renderPath(model: Model, path: RequestPath, cwd: string): string[] {
  const lines = [`  ${describeEntry(model, path)}  (${whereWritten(path, cwd)})`]
  lines.push(`    exposure: ${exposureText(path)}`)
  const checks = path.checks.map((check) => check.label)
  lines.push(`    checks:   ${checks.length ? checks.join(' → ') : 'none'}`)
  for (const why of path.undetermined) lines.push(`    unknown:  ${why}`)
  lines.push(`    target:   ${targetText(path)}`)
  // After the lines the view always had, so that readers of those lines find them where they were.
  const sources = describeSources(model, path)
  if (sources !== undefined) lines.push(`    sources:  ${sources}`)
  if (path.declared) lines.push(`    declared: ${path.declared.exposure} on ${path.declared.element.source.address}`)
  if (path.waf?.unsupported) {
    lines.push(`    waf:      ${path.waf.association.source.address} cannot protect an HTTP or WebSocket API (AWS WAF does not support them)`)
  }
  for (const front of path.cloudFront ?? []) lines.push(`    in front: ${cloudFrontText(front)}`)
  for (const line of describeSettings(model, path)) lines.push(`    ${line}`)
  lines.push(...describeApiEdges(path).map((line) => `    ${line}`))
  return lines
}

function cloudFrontText(front: PathCloudFront): string {
  const acl = front.distribution.webAcl
  const waf =
    acl === undefined
      ? 'no web ACL'
      : front.webAcl
        ? `web ACL ${front.webAcl.name.known ? front.webAcl.name.value : front.webAcl.source.address}`
        : acl.known
          ? `web ACL ${acl.value}`
          : `web ACL unknown (${acl.why})`
  return `CloudFront distribution ${front.distribution.source.address}, ${waf}`
}

/**
 * The line of the entry; with its file when an API's definition places the route in a file of
 * its own (a `DefinitionUri`, `file()` or `templatefile()`), so the line is not taken for one of
 * the API's file.
 */
function whereWritten(path: RequestPath, cwd: string): string {
  const { source } = path.entry
  const api = path.frontDoor?.kind === 'api' ? path.frontDoor.source : undefined
  const elsewhere = api !== undefined && api.address === source.address && api.file !== source.file
  return elsewhere ? `${repositoryRelative(source.file, cwd)}:${source.range.line}` : `line ${source.range.line}`
}

function exposureText(path: RequestPath): string {
  const exposure = path.exposure.known ? path.exposure.value : `unknown (${path.exposure.why})`
  const door = path.frontDoor
  if (door?.kind === 'load-balancer') {
    const port = path.port?.known ? `, port ${path.port.value}` : ''
    return `${exposure} via load balancer ${door.source.address}${port}`
  }
  if (door?.kind === 'api') return `${exposure} via ${describeApi(door)}`
  return exposure
}

function targetText(path: RequestPath): string {
  const functions = path.functions.map((fn) => `function ${fn.source.address}`)
  if (path.targetGroups.length) {
    return path.targetGroups
      .map((group) => {
        const type = group.targetType.known ? group.targetType.value : 'unknown type'
        const reached = group.functions.length ? ` → ${group.functions.map((id) => `function ${id}`).join(', ')}` : ''
        return `target group ${group.source.address} (${type})${reached}`
      })
      .join('; ')
  }
  if (path.integration) {
    const type = path.integration.integrationType.known ? path.integration.integrationType.value : 'unknown type'
    return `integration ${path.integration.source.address} (${type})${functions.length ? ` → ${functions.join(', ')}` : ''}`
  }
  return functions.length ? functions.join(', ') : 'none resolved'
}
