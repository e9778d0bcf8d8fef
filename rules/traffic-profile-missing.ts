import { defineRule } from '../src/engine/rule.js'
import type { FrontDoorKind, RuleMeta } from '../src/core/types.js'
import { declaredExposureOf } from '../src/model/declarations.js'
import { describeApi, listNames } from '../src/model/describe.js'
import type { Model } from '../src/model/model.js'
import type { Api, LoadBalancer } from '../src/model/types.js'

const ID = 'traffic-profile-missing'

export default defineRule({
  id: ID,
  meta: {
    title: 'Public front door that declares no traffic',
    category: 'cost',
    defaultLevel: 'note',
    recommended: false,
    whatItDoes:
      'Reports, once per front door, an internet-facing Application Load Balancer, a REGIONAL or EDGE REST API, or an HTTP or WebSocket API that declares no traffic and is not declared internal or private, and lists the rules running beside it that read declared traffic on that kind of front door (their metadata says so: `declarations.reads` and `declarations.frontDoors`) and therefore could not estimate its cost. The message gives a declaration to paste in the framework the front door is written in. Only `extends: all` runs it; it says nothing about a front door when no rule that reads its traffic runs.',
    whyBad:
      'The cost and fit rules that compare front doors need to know how many requests come; no template says it, so without a declaration they stay quiet and a front door on the wrong pricing model goes unnoticed.',
    fix:
      'Declare the expected average traffic on the front door: in CloudFormation `Metadata: { iac-lint: { traffic: { requestsPerSecond: N, averagePayloadKB: N } } }`, in Terraform the tags `iac-lint:requests-per-second` and `iac-lint:average-payload-kb`, or for either in `.iac-lint.yaml` under `resources`. An average is enough; the estimates say that LCUs are billed on the hourly peak.',
    references: [
      'https://aws.amazon.com/api-gateway/pricing/',
      'https://aws.amazon.com/elasticloadbalancing/pricing/',
      'https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-attribute-metadata.html',
    ],
    frameworks: ['cloudformation', 'terraform'],
    declarations: {
      reads: ['traffic', 'exposure'],
      withoutThem: 'the rule reports each public front door that declares no traffic; a declared internal or private exposure keeps it quiet.',
    },
  },
  check({ model, report, settings }) {
    const readers = (settings.enabledRules ?? []).filter((meta) => meta.id !== ID && meta.declarations?.reads.includes('traffic'))
    for (const door of publicDoorsWithoutTraffic(model)) {
      const kind = frontDoorKind(door)
      const undecided = readers.filter((meta) => meta.declarations?.frontDoors?.includes(kind) ?? true)
      if (undecided.length === 0) continue
      const ids = undecided.map((meta) => meta.id).sort()
      const name = door.kind === 'api' ? describeApi(door) : `Internet-facing load balancer ${door.source.address}`
      const snippet = declarationSnippet(model, door)
      report({
        at: door,
        message:
          `${capitalize(name)} declares no traffic, which ${ids.length === 1 ? 'the rule' : `the ${ids.length} rules`} that estimate${ids.length === 1 ? 's' : ''} its cost ${ids.length === 1 ? 'reads' : 'read'}: ${listNames(ids)}. ` +
          `Declare its expected average traffic${snippet.where}: ${snippet.text}, N the average requests a second and kilobytes of request plus response.`,
        properties: { undecidedRules: ids, snippet: snippet.text, withoutDeclaration: describeUndecided(undecided) },
      })
    }
  },
})

/** Internet-facing ALBs and public-endpoint APIs without a traffic declaration, in model order. */
function publicDoorsWithoutTraffic(model: Model): Array<Api | LoadBalancer> {
  const doors: Array<Api | LoadBalancer> = []
  for (const balancer of model.all('load-balancer')) {
    if (balancer.traffic || declaredClosed(balancer)) continue
    if (!balancer.lbType.known || balancer.lbType.value !== 'application') continue
    if (!balancer.scheme.known || balancer.scheme.value !== 'internet-facing') continue
    doors.push(balancer)
  }
  for (const api of model.all('api')) {
    if (api.traffic || declaredClosed(api)) continue
    if (api.protocol === 'REST') {
      const types = api.endpointTypes
      if (!types.known || types.value.includes('PRIVATE') || !types.value.some((type) => type === 'REGIONAL' || type === 'EDGE')) continue
    }
    doors.push(api)
  }
  return doors
}

function frontDoorKind(door: Api | LoadBalancer): FrontDoorKind {
  if (door.kind === 'load-balancer') return 'load-balancer'
  return door.protocol === 'REST' ? 'rest-api' : door.protocol === 'HTTP' ? 'http-api' : 'websocket-api'
}

function declaredClosed(door: Api | LoadBalancer): boolean {
  const exposure = declaredExposureOf(door)
  return exposure === 'internal' || exposure === 'private'
}

/** The declaration to paste, in the framework the front door is written in, and where it goes. */
function declarationSnippet(model: Model, door: Api | LoadBalancer): { where: string; text: string } {
  const address = door.source.address
  // SAM's implicit APIs have no resource to hold metadata: only the configuration can name them.
  if (door.kind === 'api' && door.implicit) {
    return { where: ' in .iac-lint.yaml', text: `resources: { ${address}: { traffic: { requestsPerSecond: N, averagePayloadKB: N } } }` }
  }
  if (model.framework === 'terraform') {
    return {
      where: ` in the tags of ${address}`,
      text: 'tags = { "iac-lint:requests-per-second" = "N", "iac-lint:average-payload-kb" = "N" } (merged with the tags it has)',
    }
  }
  if (door.declared !== undefined) {
    return { where: ` beside the keys ${address} declares under Metadata.iac-lint`, text: 'traffic: { requestsPerSecond: N, averagePayloadKB: N }' }
  }
  return {
    where: ` on ${address}`,
    text: 'Metadata: { iac-lint: { traffic: { requestsPerSecond: N, averagePayloadKB: N } } }',
  }
}

/** What each undecided rule does without the declaration, as its metadata says. */
function describeUndecided(metas: readonly RuleMeta[]): Record<string, string> {
  return Object.fromEntries(metas.map((meta) => [meta.id, meta.declarations?.withoutThem ?? '']))
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1)
}
