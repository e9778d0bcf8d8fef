/** Declared intent: exposure, needs and sizes read from templates, tags and configuration, the same way for both frameworks. */
import { afterAll, describe, expect, it } from 'vitest'
import { applyDeclarations } from '../src/model/declarations.js'
import { cloudFormation, terraform } from './model-support.js'
import { removeFolders } from './terraform-support.js'

afterAll(removeFolders)

const TEMPLATE = `
Parameters:
  Exposure:
    Type: String
Resources:
  Web:
    Type: AWS::ElasticLoadBalancingV2::LoadBalancer
    Metadata:
      iac-lint:
        exposure: partner
        needs: [api-keys, Caching]
        maxRequestKB: 2048
        maxResponseKB: '512'
        traffic: { requestsPerSecond: 40, averagePayloadKB: 3 }
    Properties:
      Scheme: internet-facing
  Api:
    Type: AWS::ApiGateway::RestApi
    Metadata:
      iac-lint:
        exposure: !Ref Exposure
        needs: websocket, grpc
  Typo:
    Type: AWS::ApiGatewayV2::Api
    Metadata:
      iac-lint:
        exposure: publc
        needs: [api-keys, teleport]
        maxRequestKB: lots
    Properties:
      ProtocolType: HTTP
      Name: typo
`

describe('CloudFormation Metadata.iac-lint', () => {
  const model = cloudFormation(TEMPLATE)

  it('reads exposure, needs, sizes and a load balancer traffic, each at the value it was written', () => {
    const web = model.getKind('Web', 'load-balancer')!
    expect(web.declaredExposure).toBe('partner')
    expect(web.declared?.exposure).toMatchObject({ known: true, value: 'partner', at: { range: { line: 10 } } })
    expect(web.declared?.needs).toMatchObject({ known: true, value: ['api-keys', 'caching'] })
    expect(web.declared?.maxRequestKB).toMatchObject({ known: true, value: 2048, at: { range: { line: 12 } } })
    expect(web.declared?.maxResponseKB).toMatchObject({ known: true, value: 512 })
    expect(web.traffic?.requestsPerSecond).toMatchObject({ known: true, value: 40 })
    expect(web.traffic?.averagePayloadKB).toMatchObject({ known: true, value: 3 })
  })

  it('keeps a value that depends on a parameter without a default unknown, and reads a comma-separated needs string', () => {
    const api = model.getKind('Api', 'api')!
    expect(api.declared?.exposure?.known).toBe(false)
    expect(api.declaredExposure).toBeUndefined()
    expect(api.declared?.needs).toMatchObject({ known: true, value: ['websocket', 'grpc'] })
  })

  it('reports each value it does not accept as declaration-invalid at that value, and leaves it out', () => {
    const typo = model.getKind('Typo', 'api')!
    expect(typo.declared?.exposure).toBeUndefined()
    expect(typo.declared?.needs).toMatchObject({ known: true, value: ['api-keys'] })
    expect(typo.declared?.maxRequestKB).toBeUndefined()
    const findings = model.inputFindings.filter((finding) => finding.ruleId === 'declaration-invalid')
    expect(findings.map((finding) => [finding.location.range.line, finding.message])).toEqual([
      [27, 'Metadata.iac-lint.exposure is "publc"; it must be one of public, partner, internal, private. The value is ignored.'],
      [28, expect.stringContaining('Metadata.iac-lint.needs names "teleport", which is not a need iac-lint knows')],
      [29, 'Metadata.iac-lint.maxRequestKB is "lots"; it must be a number of kilobytes above 0. The value is ignored.'],
    ])
  })
})

describe('Terraform iac-lint:* tags', () => {
  it('reads the same declarations from tags, and unknown from a variable', async () => {
    const model = await terraform(`
variable "exposure" { type = string }
resource "aws_lb" "web" {
  tags = {
    "iac-lint:exposure"            = "partner"
    "iac-lint:needs"               = "api-keys, caching"
    "iac-lint:max-request-kb"      = "2048"
    "iac-lint:requests-per-second" = "40"
  }
}
resource "aws_api_gateway_rest_api" "api" {
  name = "api"
  tags = { "iac-lint:exposure" = var.exposure, "iac-lint:max-response-kb" = "0" }
}
`)
    const web = model.getKind('aws_lb.web', 'load-balancer')!
    expect(web.declaredExposure).toBe('partner')
    expect(web.declared?.needs).toMatchObject({ known: true, value: ['api-keys', 'caching'] })
    expect(web.declared?.maxRequestKB).toMatchObject({ known: true, value: 2048, at: { range: { line: 7 } } })
    expect(web.traffic?.requestsPerSecond).toMatchObject({ known: true, value: 40 })
    const api = model.getKind('aws_api_gateway_rest_api.api', 'api')!
    expect(api.declared?.exposure?.known).toBe(false)
    expect(model.inputFindings.map((finding) => [finding.ruleId, finding.location.range.line, finding.message])).toEqual([
      ['declaration-invalid', 13, 'tag iac-lint:max-response-kb is "0"; it must be a number of kilobytes above 0. The value is ignored.'],
    ])
  })
})

describe('configuration resources', () => {
  it('replace what the template declares, in both spellings of the sizes', () => {
    const model = cloudFormation(TEMPLATE)
    applyDeclarations(model, {
      Web: { exposure: 'internal', needs: ['sticky-sessions'], sizes: { maxRequestKB: 100, maxResponseKB: 200 }, maxResponseKB: 300 },
      Api: { traffic: { requestsPerSecond: 5 } },
    })
    const web = model.getKind('Web', 'load-balancer')!
    expect(web.declaredExposure).toBe('internal')
    expect(web.declared?.exposure).toEqual({ known: true, value: 'internal' })
    expect(web.declared?.needs).toEqual({ known: true, value: ['sticky-sessions'] })
    expect(web.declared?.maxRequestKB).toEqual({ known: true, value: 100 })
    expect(web.declared?.maxResponseKB).toEqual({ known: true, value: 300 })
    expect(model.getKind('Api', 'api')!.traffic?.requestsPerSecond).toEqual({ known: true, value: 5 })
  })
})
