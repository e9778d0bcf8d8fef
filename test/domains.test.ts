/**
 * Custom domains, domain mappings, the execute-api endpoint and VPC links: what the adapters of
 * both frameworks read, with AWS's defaults, and what stays unknown (a domain name from a
 * parameter, a domain of another stack, a mapping to an API not in the template).
 */
import { afterAll, describe, expect, it } from 'vitest'
import type { JsonPathsReport } from '../src/index.js'
import type { Model } from '../src/model/model.js'
import type { Fact } from '../src/model/types.js'
import { cli } from './cli-run.js'
import { cloudFormation, terraform } from './model-support.js'
import { removeFolders } from './terraform-support.js'

afterAll(removeFolders)

/** A fact as `value` or `? why`, without where it was written. */
function plain(fact: Fact<unknown> | undefined): unknown {
  if (fact === undefined) return undefined
  return fact.known ? fact.value : `? ${fact.why}`
}

function domain(model: Model, id: string): Record<string, unknown> {
  const found = model.getKind(id, 'custom-domain')
  if (!found) throw new Error(`no custom domain ${id}`)
  return {
    protocol: found.protocol,
    domainName: plain(found.domainName),
    endpointType: plain(found.endpointType),
    securityPolicy: plain(found.securityPolicy),
    mtls: plain(found.mtls),
  }
}

function mappings(model: Model, api: string): unknown[] {
  return model.domainsOf(api).map((mapping) => ({
    domain: mapping.domain,
    domainName: plain(mapping.domainName),
    stage: plain(mapping.stage),
    basePath: plain(mapping.basePath),
  }))
}

describe('custom domains in CloudFormation', () => {
  it('gives a REST domain without settings the AWS defaults, each defaulted at the domain', () => {
    const model = cloudFormation(`Resources:
  Domain:
    Type: AWS::ApiGateway::DomainName
    Properties:
      DomainName: api.example.com
`)
    expect(domain(model, 'Domain')).toEqual({ protocol: 'REST', domainName: 'api.example.com', endpointType: 'EDGE', securityPolicy: 'TLS_1_0', mtls: false })
    const element = model.getKind('Domain', 'custom-domain')!
    expect(element.securityPolicy.at?.defaulted).toBe(true)
    expect(element.mtls.at?.defaulted).toBe(true)
  })

  it('reads mutual TLS at the truststore, and a truststore from a parameter without default as unknown', () => {
    const model = cloudFormation(`Parameters:
  Truststore:
    Type: String
Resources:
  Known:
    Type: AWS::ApiGateway::DomainName
    Properties:
      DomainName: a.example.com
      MutualTlsAuthentication:
        TruststoreUri: s3://bucket/ca.pem
  FromParameter:
    Type: AWS::ApiGatewayV2::DomainName
    Properties:
      DomainName: b.example.com
      MutualTlsAuthentication:
        TruststoreUri: !Ref Truststore
`)
    const known = model.getKind('Known', 'custom-domain')!
    expect(plain(known.mtls)).toBe(true)
    expect(known.mtls.at?.range.line).toBe(10)
    expect(domain(model, 'FromParameter')).toMatchObject({ protocol: 'HTTP', endpointType: 'REGIONAL', securityPolicy: 'TLS_1_2' })
    expect(plain(model.getKind('FromParameter', 'custom-domain')!.mtls)).toMatch(/^\? the truststore is parameter Truststore has no default/)
  })

  it('takes a truststore URI built around written text as mutual TLS, in both frameworks', async () => {
    const cfn = cloudFormation(`Parameters:
  Bucket:
    Type: String
Resources:
  Domain:
    Type: AWS::ApiGateway::DomainName
    Properties:
      DomainName: a.example.com
      MutualTlsAuthentication:
        TruststoreUri: !Sub s3://\${Bucket}/truststore.pem
  OnlyParameter:
    Type: AWS::ApiGateway::DomainName
    Properties:
      DomainName: b.example.com
      MutualTlsAuthentication:
        TruststoreUri: !Sub \${Bucket}
`)
    expect(plain(cfn.getKind('Domain', 'custom-domain')!.mtls)).toBe(true)
    // Nothing but the parameter: it may be empty.
    expect(plain(cfn.getKind('OnlyParameter', 'custom-domain')!.mtls)).toMatch(/^\? /)
    const tf = await terraform(`
variable "bucket" {}
resource "aws_api_gateway_domain_name" "d" {
  domain_name = "a.example.com"
  mutual_tls_authentication {
    truststore_uri = "s3://\${var.bucket}/truststore.pem"
  }
}
resource "aws_api_gateway_domain_name" "only" {
  domain_name = "b.example.com"
  mutual_tls_authentication {
    truststore_uri = var.bucket
  }
}
`)
    expect(plain(tf.getKind('aws_api_gateway_domain_name.d', 'custom-domain')!.mtls)).toBe(true)
    expect(plain(tf.getKind('aws_api_gateway_domain_name.only', 'custom-domain')!.mtls)).toMatch(/^\? /)
  })

  it('keeps a mapping to a domain of another stack and to an API not in the template, with what it says', () => {
    const model = cloudFormation(`Resources:
  Api:
    Type: AWS::ApiGateway::RestApi
    Properties:
      Name: api
  Mapping:
    Type: AWS::ApiGateway::BasePathMapping
    Properties:
      DomainName: !ImportValue shared-domain
      RestApiId: !Ref Api
      Stage: prod
  Elsewhere:
    Type: AWS::ApiGatewayV2::ApiMapping
    Properties:
      DomainName: items.example.com
      ApiId: !ImportValue items-api
      Stage: $default
      ApiMappingKey: v2
`)
    expect(mappings(model, 'Api')).toEqual([{ domain: undefined, domainName: expect.stringMatching(/^\? /), stage: 'prod', basePath: '' }])
    const elsewhere = model.getKind('Elsewhere', 'domain-mapping')!
    expect([elsewhere.api, plain(elsewhere.domainName), plain(elsewhere.basePath)]).toEqual([undefined, 'items.example.com', 'v2'])
  })

  it('makes the domain and one mapping per base path for SAM Domain, on the API stage', () => {
    const model = cloudFormation(`Transform: AWS::Serverless-2016-10-31
Resources:
  Api:
    Type: AWS::Serverless::Api
    Properties:
      StageName: live
      DisableExecuteApiEndpoint: true
      Domain:
        DomainName: api.example.com
        CertificateArn: arn:aws:acm:eu-west-1:123456789012:certificate/abc
        BasePath: [/, /v2]
        SecurityPolicy: TLS_1_2
        MutualTlsAuthentication:
          TruststoreUri: s3://bucket/ca.pem
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: python3.12
      Handler: index.handler
      CodeUri: .
      Events:
        Get:
          Type: Api
          Properties:
            RestApiId: !Ref Api
            Path: /
            Method: get
`)
    expect(domain(model, 'Api.Domain')).toEqual({ protocol: 'REST', domainName: 'api.example.com', endpointType: 'REGIONAL', securityPolicy: 'TLS_1_2', mtls: true })
    expect(mappings(model, 'Api')).toEqual([
      { domain: 'Api.Domain', domainName: 'api.example.com', stage: 'live', basePath: '' },
      { domain: 'Api.Domain', domainName: 'api.example.com', stage: 'live', basePath: 'v2' },
    ])
    const [path] = model.paths()
    expect(path?.customDomains?.length).toBe(2)
    expect(plain(path?.executeApiEndpointDisabled)).toBe(true)
  })

  it('gives the implicit API the domain of Globals', () => {
    const model = cloudFormation(`Transform: AWS::Serverless-2016-10-31
Globals:
  HttpApi:
    Domain:
      DomainName: items.example.com
      CertificateArn: arn:aws:acm:eu-west-1:123456789012:certificate/abc
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: python3.12
      Handler: index.handler
      CodeUri: .
      Events:
        Get:
          Type: HttpApi
`)
    expect(domain(model, 'ServerlessHttpApi.Domain')).toEqual({ protocol: 'HTTP', domainName: 'items.example.com', endpointType: 'REGIONAL', securityPolicy: 'TLS_1_2', mtls: false })
    expect(model.getKind('ServerlessHttpApi.Domain', 'custom-domain')?.source.range.line).toBe(4)
    expect(mappings(model, 'ServerlessHttpApi')).toEqual([{ domain: 'ServerlessHttpApi.Domain', domainName: 'items.example.com', stage: '$default', basePath: '' }])
  })

  it('shows no domain fields on a path whose API has no domain, and the endpoint only when disabled', () => {
    const model = cloudFormation(`Resources:
  Api:
    Type: AWS::ApiGatewayV2::Api
    Properties:
      ProtocolType: HTTP
      Target: arn:aws:lambda:eu-west-1:123456789012:function:f
`)
    const [path] = model.paths()
    expect(path && 'customDomains' in path).toBe(false)
    expect(path && 'executeApiEndpointDisabled' in path).toBe(false)
    expect(plain(model.getKind('Api', 'api')?.executeApiEndpointDisabled)).toBe(false)
  })
})

describe('custom domains in Terraform', () => {
  it('reads the same defaults and settings as CloudFormation', async () => {
    const model = await terraform(`
resource "aws_api_gateway_domain_name" "plain" {
  domain_name = "api.example.com"
}
resource "aws_apigatewayv2_domain_name" "v2" {
  domain_name = "items.example.com"
  domain_name_configuration {
    certificate_arn = "arn:aws:acm:eu-west-1:123456789012:certificate/def"
    endpoint_type   = "REGIONAL"
    security_policy = "TLS_1_2"
  }
  mutual_tls_authentication {
    truststore_uri = "s3://bucket/ca.pem"
  }
}
`)
    expect(domain(model, 'aws_api_gateway_domain_name.plain')).toEqual({ protocol: 'REST', domainName: 'api.example.com', endpointType: 'EDGE', securityPolicy: 'TLS_1_0', mtls: false })
    expect(domain(model, 'aws_apigatewayv2_domain_name.v2')).toEqual({ protocol: 'HTTP', domainName: 'items.example.com', endpointType: 'REGIONAL', securityPolicy: 'TLS_1_2', mtls: true })
  })

  it('leaves a variable without default unknown, and keeps a mapping to an API not in the module', async () => {
    const model = await terraform(`
variable "policy" {}
variable "api" {}
resource "aws_api_gateway_domain_name" "d" {
  domain_name     = "api.example.com"
  security_policy = var.policy
}
resource "aws_api_gateway_base_path_mapping" "m" {
  domain_name = aws_api_gateway_domain_name.d.domain_name
  api_id      = var.api
  stage_name  = "prod"
}
`)
    expect(plain(model.getKind('aws_api_gateway_domain_name.d', 'custom-domain')!.securityPolicy)).toMatch(/^\? /)
    const mapping = model.getKind('aws_api_gateway_base_path_mapping.m', 'domain-mapping')!
    expect([mapping.domain, mapping.api, plain(mapping.domainName), plain(mapping.stage), plain(mapping.basePath)]).toEqual([
      'aws_api_gateway_domain_name.d',
      undefined,
      'api.example.com',
      'prod',
      '',
    ])
  })
})

describe('VPC links', () => {
  it('follows a REST integration through a VPC link V1 to its NLB and the ALB behind it (CloudFormation)', () => {
    const model = cloudFormation(`Resources:
  Nlb:
    Type: AWS::ElasticLoadBalancingV2::LoadBalancer
    Properties: { Type: network, Scheme: internal }
  Alb:
    Type: AWS::ElasticLoadBalancingV2::LoadBalancer
    Properties: { Scheme: internal }
  Group:
    Type: AWS::ElasticLoadBalancingV2::TargetGroup
    Properties:
      TargetType: alb
      Targets: [{ Id: !Ref Alb }]
  Listener:
    Type: AWS::ElasticLoadBalancingV2::Listener
    Properties:
      LoadBalancerArn: !Ref Nlb
      Protocol: TCP
      Port: 80
      DefaultActions: [{ Type: forward, TargetGroupArn: !Ref Group }]
  Link:
    Type: AWS::ApiGateway::VpcLink
    Properties:
      TargetArns: [!Ref Nlb, !ImportValue other-nlb]
  Api:
    Type: AWS::ApiGateway::RestApi
  Method:
    Type: AWS::ApiGateway::Method
    Properties:
      RestApiId: !Ref Api
      ResourceId: !GetAtt Api.RootResourceId
      HttpMethod: GET
      AuthorizationType: NONE
      Integration:
        Type: HTTP_PROXY
        ConnectionType: VPC_LINK
        ConnectionId: !Ref Link
        Uri: http://example.internal/
`)
    expect(model.getKind('Group', 'target-group')?.loadBalancers).toEqual(['Alb'])
    const link = model.getKind('Link', 'vpc-link')!
    expect([link.loadBalancers, plain(link.targetsResolved)]).toEqual([['Nlb'], false])
    const path = model.paths().find((candidate) => candidate.entry.kind === 'operation')!
    expect(path.vpcLink?.link?.id).toBe('Link')
    expect(path.vpcLink?.loadBalancer?.id).toBe('Nlb')
    expect(path.vpcLink?.behind.map((alb) => alb.id)).toEqual(['Alb'])
  })

  it('reads a connection type from a variable as unknown and still shows the link (Terraform)', async () => {
    const model = await terraform(`
variable "connection" {}
resource "aws_apigatewayv2_api" "api" {
  name          = "api"
  protocol_type = "HTTP"
}
resource "aws_apigatewayv2_vpc_link" "link" {
  name       = "link"
  subnet_ids = ["subnet-1"]
}
resource "aws_apigatewayv2_integration" "i" {
  api_id           = aws_apigatewayv2_api.api.id
  integration_type = "HTTP_PROXY"
  connection_type  = var.connection
  connection_id    = aws_apigatewayv2_vpc_link.link.id
  integration_uri  = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:listener/app/other/1/2"
}
resource "aws_apigatewayv2_route" "r" {
  api_id    = aws_apigatewayv2_api.api.id
  route_key = "GET /x"
  target    = "integrations/\${aws_apigatewayv2_integration.i.id}"
}
`)
    const integration = model.getKind('aws_apigatewayv2_integration.i', 'integration')!
    expect(plain(integration.connectionType)).toMatch(/^\? /)
    const [path] = model.paths()
    expect(path?.vpcLink?.link?.version).toBe('V2')
    expect(path?.vpcLink?.loadBalancer).toBeUndefined()
  })

  it('gives an integration over the internet no VPC link on its path', async () => {
    const model = await terraform(`
resource "aws_apigatewayv2_api" "api" {
  name          = "api"
  protocol_type = "HTTP"
}
resource "aws_apigatewayv2_integration" "i" {
  api_id           = aws_apigatewayv2_api.api.id
  integration_type = "HTTP_PROXY"
  integration_uri  = "https://example.com"
}
resource "aws_apigatewayv2_route" "r" {
  api_id    = aws_apigatewayv2_api.api.id
  route_key = "GET /x"
  target    = "integrations/\${aws_apigatewayv2_integration.i.id}"
}
`)
    expect(plain(model.getKind('aws_apigatewayv2_integration.i', 'integration')!.connectionType)).toBe('INTERNET')
    expect(model.paths()[0] && 'vpcLink' in model.paths()[0]!).toBe(false)
  })
})

describe('domains linked by name, private domains and REST private integrations', () => {
  it('links a mapping that names its domain to the domain of the template with that name, in both frameworks', async () => {
    const cfn = cloudFormation(`Resources:
  Api:
    Type: AWS::ApiGateway::RestApi
  Domain:
    Type: AWS::ApiGateway::DomainName
    Properties:
      DomainName: api.example.com
  Mapping:
    Type: AWS::ApiGateway::BasePathMapping
    Properties:
      DomainName: api.example.com
      RestApiId: !Ref Api
  Other:
    Type: AWS::ApiGatewayV2::ApiMapping
    Properties:
      DomainName: api.example.com
      ApiId: !ImportValue http-api
      Stage: $default
`)
    expect(cfn.getKind('Mapping', 'domain-mapping')?.domain).toBe('Domain')
    // A v2 mapping is never to a REST domain, whatever its name.
    expect(cfn.getKind('Other', 'domain-mapping')?.domain).toBeUndefined()
    expect(plain(cfn.getKind('Mapping', 'domain-mapping')?.stage)).toBe('? not set')
    const tf = await terraform(`
resource "aws_api_gateway_rest_api" "api" {
  name = "api"
}
resource "aws_api_gateway_domain_name" "d" {
  domain_name = "api.example.com"
}
resource "aws_api_gateway_base_path_mapping" "m" {
  domain_name = "api.example.com"
  api_id      = aws_api_gateway_rest_api.api.id
}
`)
    expect(tf.getKind('aws_api_gateway_base_path_mapping.m', 'domain-mapping')?.domain).toBe('aws_api_gateway_domain_name.d')
  })

  it('reads a private REST domain (DomainNameV2) and its BasePathMappingV2', () => {
    const model = cloudFormation(`Resources:
  Api:
    Type: AWS::ApiGateway::RestApi
    Properties:
      EndpointConfiguration: { Types: [PRIVATE] }
  Private:
    Type: AWS::ApiGateway::DomainNameV2
    Properties:
      DomainName: internal.example.com
      EndpointConfiguration: { Types: [PRIVATE] }
      SecurityPolicy: TLS_1_2
  Mapping:
    Type: AWS::ApiGateway::BasePathMappingV2
    Properties:
      DomainNameArn: !Ref Private
      RestApiId: !Ref Api
      Stage: prod
      BasePath: orders
`)
    expect(domain(model, 'Private')).toEqual({ protocol: 'REST', domainName: 'internal.example.com', endpointType: 'PRIVATE', securityPolicy: 'TLS_1_2', mtls: false })
    expect(mappings(model, 'Api')).toEqual([{ domain: 'Private', domainName: 'internal.example.com', stage: 'prod', basePath: 'orders' }])
  })

  it('takes the load balancer of a REST integration through a VPC link V2 from IntegrationTarget', () => {
    const model = cloudFormation(`Resources:
  Alb:
    Type: AWS::ElasticLoadBalancingV2::LoadBalancer
    Properties: { Scheme: internal }
  Link:
    Type: AWS::ApiGatewayV2::VpcLink
    Properties:
      SubnetIds: [subnet-1]
  Api:
    Type: AWS::ApiGateway::RestApi
  Method:
    Type: AWS::ApiGateway::Method
    Properties:
      RestApiId: !Ref Api
      ResourceId: !GetAtt Api.RootResourceId
      HttpMethod: GET
      AuthorizationType: NONE
      Integration:
        Type: HTTP_PROXY
        ConnectionType: VPC_LINK
        ConnectionId: !Ref Link
        IntegrationTarget: !Ref Alb
        Uri: https://example.internal/
`)
    const integration = model.getKind('Method.Integration', 'integration')!
    expect([plain(integration.connectionType), integration.vpcLink, integration.privateTarget]).toEqual(['VPC_LINK', 'Link', 'Alb'])
    expect(model.paths()[0]?.vpcLink?.loadBalancer?.id).toBe('Alb')
  })
})

describe('paths JSON', () => {
  it('gives the new fields only to the paths that have them', () => {
    const withDomain = JSON.parse(cli(['paths', '-f', 'json', 'test/fixtures/parity/domain-rest-mtls/template.yaml']).stdout) as JsonPathsReport
    const [path] = withDomain.models[0]!.paths
    expect(path?.customDomains?.[0]).toMatchObject({ kind: 'domain-mapping', domainName: 'api.example.com', basePath: 'v1', stage: 'prod', domain: { securityPolicy: 'TLS_1_2', mtls: true } })
    expect(path?.executeApiEndpoint).toEqual({ disabled: false })
    const without = JSON.parse(cli(['paths', '-f', 'json', 'test/fixtures/parity/http-api-quick-create/template.yaml']).stdout) as JsonPathsReport
    for (const other of without.models[0]!.paths) {
      expect(Object.keys(other)).not.toEqual(expect.arrayContaining(['customDomains']))
      expect(['executeApiEndpoint', 'vpcLink', 'resourcePolicy'].filter((key) => key in other)).toEqual([])
    }
  })
})
