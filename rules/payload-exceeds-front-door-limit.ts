import { defineRule } from '../src/engine/rule.js'
import { describeApi } from '../src/model/describe.js'
import type { Model } from '../src/model/model.js'
import { known, unknown, type Api, type Element, type Fact, type Integration, type LoadBalancer } from '../src/model/types.js'

const MB = 1_048_576
/** Hard limits as AWS publishes them, in bytes (AWS's MB and KB are binary, so a declaration is compared with the larger reading). */
const ALB_LAMBDA_BYTES = 1 * MB
const API_GATEWAY_BYTES = 10 * MB
const LAMBDA_SYNC_BYTES = 6 * MB
const WEBSOCKET_MESSAGE_BYTES = 128 * 1024

type Direction = 'request' | 'response'

/** One limit on the path a body takes, with the way past it. */
interface Limit {
  bytes: number
  label: string
  wayOut: string
  related: Array<{ at: Element; message: string }>
}

export default defineRule({
  id: 'payload-exceeds-front-door-limit',
  meta: {
    title: 'Declared body size over the front door\'s hard limit',
    category: 'fit',
    defaultLevel: 'error',
    whatItDoes:
      'Compares the largest request and response bodies a front door declares (maxRequestKB, maxResponseKB) with the hard limits on its request paths: 1 MB of request body and of response JSON between an ALB and a Lambda target, 10 MB through API Gateway (a REST integration that streams its response, ResponseTransferMode STREAM, has no response limit), 6 MB for a Lambda function invoked synchronously behind API Gateway, 128 KB for a WebSocket API message. It reports the tightest limit the declaration exceeds, once per front door and direction. AWS gives these limits in binary units; a declaration is in units of 1,000 bytes, so only a size that is over in both readings is reported.',
    whyBad:
      'These limits cannot be raised. A body over them fails at the front door with an error the application never sees, typically only in production when the first large upload or report comes along.',
    fix:
      'Move large bodies out of the request path: S3 presigned URLs for uploads and downloads; REST API response streaming for large responses; or serve the path from containers or instances behind an ALB, which has no body limit for them.',
    references: [
      'https://docs.aws.amazon.com/elasticloadbalancing/latest/application/lambda-functions.html',
      'https://docs.aws.amazon.com/apigateway/latest/developerguide/limits.html',
      'https://docs.aws.amazon.com/apigateway/latest/developerguide/response-transfer-mode.html',
      'https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html',
      'https://docs.aws.amazon.com/AmazonS3/latest/userguide/using-presigned-url.html',
    ],
    frameworks: ['cloudformation', 'terraform'],
    declarations: {
      reads: ['sizes'],
      withoutThem: 'the rule stays quiet: body sizes are never in a template.',
    },
  },
  check({ model, report }) {
    for (const door of [...model.all('load-balancer'), ...model.all('api')]) {
      for (const direction of ['request', 'response'] as const) {
        const declared = direction === 'request' ? door.declared?.maxRequestKB : door.declared?.maxResponseKB
        if (!declared?.known) continue
        const bytes = declared.value * 1000
        const exceeded = limitsOf(model, door, direction).filter((limit) => bytes > limit.bytes)
        if (exceeded.length === 0) continue
        const tightest = exceeded.reduce((a, b) => (a.bytes <= b.bytes ? a : b))
        const what = door.kind === 'api' && door.protocol === 'WEBSOCKET' ? `${direction === 'request' ? 'incoming' : 'outgoing'} messages` : `${direction} bodies`
        report({
          at: door,
          property: { at: declared.at },
          message:
            `${doorName(door)} declares ${what} of up to ${formatKB(declared.value)} KB, over the ${tightest.label}: larger ones fail there, and the limit cannot be raised. ${tightest.wayOut}`,
          related: tightest.related,
          properties: {
            direction,
            declaredKB: declared.value,
            limitKB: tightest.bytes / 1000,
            limit: tightest.label,
          },
        })
      }
    }
  },
})

function doorName(door: Api | LoadBalancer): string {
  return door.kind === 'api' ? describeApi(door) : `Load balancer ${door.source.address}`
}

/** The limits a body meets on the front door's request paths in that direction; empty when none is known. */
function limitsOf(model: Model, door: Api | LoadBalancer, direction: Direction): Limit[] {
  return door.kind === 'load-balancer' ? loadBalancerLimits(model, door, direction) : apiLimits(model, door, direction)
}

function loadBalancerLimits(model: Model, balancer: LoadBalancer, direction: Direction): Limit[] {
  if (!balancer.lbType.known || balancer.lbType.value !== 'application') return []
  const groups = new Set(
    model
      .paths()
      .filter((path) => path.frontDoor === balancer)
      .flatMap((path) => path.targetGroups)
      .filter((group) => isLambda(group.targetType)),
  )
  if (groups.size === 0) return []
  const what = direction === 'request' ? 'request body' : 'response JSON'
  return [
    {
      bytes: ALB_LAMBDA_BYTES,
      label: `1 MB ${what} an ALB passes ${direction === 'request' ? 'to' : 'from'} a Lambda target`,
      wayOut: `${direction === 'request' ? 'Let clients upload large bodies to S3 with presigned URLs' : 'Return large results as S3 presigned URLs'}, serve this path from containers or instances behind the ALB (no body limit), or put API Gateway in front (10 MB).`,
      related: [...groups].map((group) => ({ at: group, message: 'Lambda target group' })),
    },
  ]
}

function apiLimits(model: Model, api: Api, direction: Direction): Limit[] {
  if (api.protocol === 'WEBSOCKET') {
    return [
      {
        bytes: WEBSOCKET_MESSAGE_BYTES,
        label: '128 KB a WebSocket API message may hold',
        wayOut: 'Split the data into smaller messages, or send a reference to an S3 object (a presigned URL) instead of the data.',
        related: [],
      },
    ]
  }
  const limits: Limit[] = []
  const integrations = model.integrationsOf(api.id)
  const streams = (integration: Integration): Fact<boolean> => {
    if (api.protocol !== 'REST') return known(false)
    const mode = integration.transferMode
    return mode.known ? known(mode.value.toUpperCase() === 'STREAM') : unknown(mode.why)
  }
  const buffers = (integration: Integration): boolean => {
    const streamed = streams(integration)
    return streamed.known && !streamed.value
  }
  // The 10 MB limit is the API's; a REST response past it needs every integration to stream, which each one says.
  const buffered = direction === 'request' ? [] : integrations.filter(buffers)
  if (direction === 'request' || api.protocol === 'HTTP' || buffered.length > 0) {
    limits.push({
      bytes: API_GATEWAY_BYTES,
      label: `10 MB ${direction} payload of API Gateway`,
      wayOut:
        direction === 'request'
          ? 'Let clients upload large bodies to S3 with presigned URLs, or serve this path from containers behind an ALB (no body limit).'
          : api.protocol === 'REST'
            ? 'Stream the response (ResponseTransferMode STREAM on the proxy integration), or return S3 presigned URLs for large results.'
            : 'Return S3 presigned URLs for large results, or use a REST API with response streaming (HTTP APIs cannot stream).',
      related: buffered.map((integration) => ({ at: integration, message: 'integration that buffers its response' })),
    })
  }
  const lambda = integrations.filter((integration) => {
    if (integration.functions.length === 0) return false
    return direction === 'request' || buffers(integration)
  })
  if (lambda.length > 0) {
    const functions = [...new Set(lambda.flatMap((integration) => integration.functions))].flatMap((id) => {
      const fn = model.getKind(id, 'function')
      return fn ? [fn] : []
    })
    limits.push({
      bytes: LAMBDA_SYNC_BYTES,
      label: `6 MB ${direction} payload of a Lambda function invoked synchronously`,
      wayOut:
        direction === 'request'
          ? 'Let clients upload large bodies to S3 with presigned URLs and pass the object key to the function.'
          : api.protocol === 'REST'
            ? 'Stream the response from the function (ResponseTransferMode STREAM on the REST proxy integration), or return S3 presigned URLs for large results.'
            : 'Return S3 presigned URLs for large results, or stream the response through a REST API integration (HTTP APIs cannot stream).',
      related: [
        ...lambda.map((integration) => ({ at: integration as Element, message: 'Lambda integration' })),
        ...functions.map((fn) => ({ at: fn as Element, message: 'function invoked synchronously' })),
      ],
    })
  }
  return limits
}

function isLambda(targetType: Fact<string>): boolean {
  return targetType.known && targetType.value.toLowerCase() === 'lambda'
}

function formatKB(kb: number): string {
  return kb.toLocaleString('en-US')
}
