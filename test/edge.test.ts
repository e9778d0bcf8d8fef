/**
 * What sits in front of a front door (src/model/edge.ts): WAFv2 web ACLs with their rules and
 * logging, web ACL associations (with the ones AWS cannot deploy, on HTTP APIs), and CloudFront
 * distributions with their origins, read the same way from CloudFormation and Terraform, and the
 * facts request paths give rules about them (`wafOf`, `cloudFrontOf`, `behindCloudFrontWaf`).
 * Unknowns stay unknown: a web ACL from a parameter, one not in the template, an origin from a
 * variable.
 */
import { afterAll, describe, expect, it } from 'vitest'
import { wafStatementType } from '../src/model/edge.js'
import type { Model } from '../src/model/model.js'
import { behindCloudFrontWaf, cloudFrontOf, wafOf, type RequestPath } from '../src/model/paths.js'
import type { Fact, WafStatement, WebAcl } from '../src/model/types.js'
import { cli, expectCleanExit } from './cli-run.js'
import { cloudFormation, terraform } from './model-support.js'
import { removeFolders } from './terraform-support.js'

afterAll(removeFolders)

/** A fact as its value, or `? why`. */
function plain(fact: Fact<unknown> | undefined): unknown {
  if (fact === undefined) return undefined
  return fact.known ? fact.value : `? ${fact.why}`
}

function onlyPath(model: Model): RequestPath {
  const paths = model.paths()
  expect(paths).toHaveLength(1)
  return paths[0]!
}

function webAcl(model: Model): WebAcl {
  const [acl] = model.all('web-acl')
  if (!acl) throw new Error('no web ACL in the model')
  return acl
}

/** The rules of a web ACL as plain data, statements included. */
function rules(acl: WebAcl): unknown {
  if (!acl.rules.known) return `? ${acl.rules.why}`
  const statement = (value: WafStatement): unknown => {
    switch (value.kind) {
      case 'rate-based':
        return { rate: plain(value.limit), window: plain(value.windowSeconds), key: plain(value.aggregateKeyType), scopedDown: value.scopedDown }
      case 'managed-rule-group':
        return { managed: `${plain(value.vendor)}/${plain(value.name)}`, changed: plain(value.changedRules) }
      case 'rule-group':
        return { ruleGroup: plain(value.ruleGroup), changed: plain(value.changedRules) }
      case 'other':
        return value.type
      default:
        return { [value.kind]: value.statements.known ? value.statements.value.map(statement) : `? ${value.statements.why}` }
    }
  }
  return acl.rules.value.map((rule) => ({
    name: plain(rule.name),
    priority: plain(rule.priority),
    action: plain(rule.action),
    override: plain(rule.overrideAction),
    statement: rule.statement.known ? statement(rule.statement.value) : `? ${rule.statement.why}`,
  }))
}

/** What a rule asks of a path's web ACL. */
function wafFacts(path: RequestPath): unknown {
  const waf = wafOf(path)
  if (!waf) return undefined
  return {
    acl: plain(waf.association.webAcl),
    inModel: waf.webAcl !== undefined,
    rateLimited: plain(waf.rateLimited),
    rateLimit: waf.rateLimit,
    defaultAction: plain(waf.defaultAction),
    unsupported: waf.unsupported,
    checks: path.checks.map((check) => check.label),
  }
}

const ALB_CFN = (acl: string, extra = '', parameters = ''): string => `
Parameters:
  Anything:
    Type: String
${parameters}
Resources:
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      Runtime: python3.12
      Handler: index.handler
      Role: arn:aws:iam::123456789012:role/fn
      Code: { ZipFile: "x" }
  Tg:
    Type: AWS::ElasticLoadBalancingV2::TargetGroup
    Properties:
      TargetType: lambda
      Targets: [{ Id: !GetAtt Fn.Arn }]
  Alb:
    Type: AWS::ElasticLoadBalancingV2::LoadBalancer
    Properties:
      Subnets: [subnet-1, subnet-2]
  Listener:
    Type: AWS::ElasticLoadBalancingV2::Listener
    Properties:
      LoadBalancerArn: !Ref Alb
      Port: 80
      Protocol: HTTP
      DefaultActions: [{ Type: forward, TargetGroupArn: !Ref Tg }]
  Association:
    Type: AWS::WAFv2::WebACLAssociation
    Properties:
      ResourceArn: !Ref Alb
      WebACLArn: ${acl}
${extra}`

const ALB_TF = (acl: string, extra = ''): string => `
variable "anything" { type = string }
resource "aws_lambda_function" "fn" {
  runtime  = "python3.12"
  handler  = "index.handler"
  role     = "arn:aws:iam::123456789012:role/fn"
  filename = "fn.zip"
}
resource "aws_lb_target_group" "tg" { target_type = "lambda" }
resource "aws_lb_target_group_attachment" "tg" {
  target_group_arn = aws_lb_target_group.tg.arn
  target_id        = aws_lambda_function.fn.arn
}
resource "aws_lb" "alb" { subnets = ["subnet-1", "subnet-2"] }
resource "aws_lb_listener" "http" {
  load_balancer_arn = aws_lb.alb.arn
  port              = 80
  protocol          = "HTTP"
  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.tg.arn
  }
}
resource "aws_wafv2_web_acl_association" "this" {
  resource_arn = aws_lb.alb.arn
  web_acl_arn  = ${acl}
}
${extra}`

/** A CloudFormation web ACL named `acl` with the given rules (YAML list items, indented for `Rules:`). */
const CFN_ACL = (rulesYaml: string, defaultAction = 'Allow'): string => `
  Acl:
    Type: AWS::WAFv2::WebACL
    Properties:
      Name: acl
      Scope: REGIONAL
      DefaultAction: { ${defaultAction}: {} }
      VisibilityConfig: { SampledRequestsEnabled: true, CloudWatchMetricsEnabled: true, MetricName: acl }
      Rules:
${rulesYaml}`

const TF_ACL = (rulesHcl: string, defaultAction = 'allow'): string => `
resource "aws_wafv2_web_acl" "acl" {
  name  = "acl"
  scope = "REGIONAL"
  default_action {
    ${defaultAction} {}
  }
  visibility_config {
    sampled_requests_enabled   = true
    cloudwatch_metrics_enabled = true
    metric_name                = "acl"
  }
  ${rulesHcl}
}`

describe('statement type names', () => {
  it('are the same for both frameworks', () => {
    expect(['ByteMatchStatement', 'IPSetReferenceStatement', 'RegexPatternSetReferenceStatement', 'SqliMatchStatement'].map(wafStatementType)).toEqual([
      'byte-match',
      'ip-set-reference',
      'regex-pattern-set-reference',
      'sqli-match',
    ])
    expect(['byte_match_statement', 'ip_set_reference_statement', 'regex_pattern_set_reference_statement', 'sqli_match_statement'].map(wafStatementType)).toEqual([
      'byte-match',
      'ip-set-reference',
      'regex-pattern-set-reference',
      'sqli-match',
    ])
  })
})

describe('a web ACL with a count-only rate rule and a rate rule nested in an and statement', () => {
  const cfnRules = `
        - Name: count-only
          Priority: 0
          Action: { Count: {} }
          Statement:
            RateBasedStatement:
              Limit: 100
              AggregateKeyType: IP
              ScopeDownStatement:
                AndStatement:
                  Statements:
                    - GeoMatchStatement: { CountryCodes: [DE] }
                    - NotStatement: { Statement: { LabelMatchStatement: { Scope: LABEL, Key: x } } }
          VisibilityConfig: { SampledRequestsEnabled: true, CloudWatchMetricsEnabled: true, MetricName: a }
        - Name: nested
          Priority: 1
          Action: { Block: {} }
          Statement:
            AndStatement:
              Statements:
                - RateBasedStatement: { Limit: 600, EvaluationWindowSec: 120, AggregateKeyType: FORWARDED_IP }
                - XssMatchStatement: { FieldToMatch: { Body: {} }, TextTransformations: [{ Priority: 0, Type: NONE }] }
          VisibilityConfig: { SampledRequestsEnabled: true, CloudWatchMetricsEnabled: true, MetricName: b }`
  const tfRules = `
  rule {
    name     = "count-only"
    priority = 0
    action {
      count {}
    }
    statement {
      rate_based_statement {
        limit = 100
        scope_down_statement {
          and_statement {
            statement {
              geo_match_statement { country_codes = ["DE"] }
            }
            statement {
              not_statement {
                statement {
                  label_match_statement {
                    scope = "LABEL"
                    key   = "x"
                  }
                }
              }
            }
          }
        }
      }
    }
    visibility_config {
      sampled_requests_enabled   = true
      cloudwatch_metrics_enabled = true
      metric_name                = "a"
    }
  }
  rule {
    name     = "nested"
    priority = 1
    action {
      block {}
    }
    statement {
      and_statement {
        statement {
          rate_based_statement {
            limit                 = 600
            evaluation_window_sec = 120
            aggregate_key_type    = "FORWARDED_IP"
          }
        }
        statement {
          xss_match_statement {
            field_to_match {
              body {}
            }
            text_transformation {
              priority = 0
              type     = "NONE"
            }
          }
        }
      }
    }
    visibility_config {
      sampled_requests_enabled   = true
      cloudwatch_metrics_enabled = true
      metric_name                = "b"
    }
  }`
  const expectedRules = [
    { name: 'count-only', priority: 0, action: 'count', override: undefined, statement: { rate: 100, window: 300, key: 'IP', scopedDown: true } },
    {
      name: 'nested',
      priority: 1,
      action: 'block',
      override: undefined,
      statement: { and: [{ rate: 600, window: 120, key: 'FORWARDED_IP', scopedDown: false }, 'xss-match'] },
    },
  ]
  const expectedWaf = {
    acl: 'Acl',
    inModel: true,
    rateLimited: true,
    rateLimit: { limit: 600, windowSeconds: 120 },
    defaultAction: 'allow',
    unsupported: false,
    checks: ['AWS WAF web ACL acl, rate limit 600/2 min'],
  }

  it('CloudFormation: reads every rule, and only the blocking rate rule limits', () => {
    const model = cloudFormation(ALB_CFN('!GetAtt Acl.Arn', CFN_ACL(cfnRules)))
    expect(rules(webAcl(model))).toEqual(expectedRules)
    expect(wafFacts(onlyPath(model))).toEqual(expectedWaf)
  })

  it('Terraform: the same', async () => {
    const model = await terraform(ALB_TF('aws_wafv2_web_acl.acl.arn', TF_ACL(tfRules)))
    expect(rules(webAcl(model))).toEqual(expectedRules)
    expect(wafFacts(onlyPath(model))).toEqual({ ...expectedWaf, acl: 'aws_wafv2_web_acl.acl' })
  })

  it('a web ACL whose only rate rule counts does not limit the rate', async () => {
    const cfn = cloudFormation(ALB_CFN('!GetAtt Acl.Arn', CFN_ACL(cfnRules.split('        - Name: nested')[0]!)))
    expect(plain(wafOf(onlyPath(cfn))?.rateLimited)).toBe(false)
    expect(onlyPath(cfn).checks.map((check) => check.label)).toEqual(['AWS WAF web ACL acl'])
    const tf = await terraform(ALB_TF('aws_wafv2_web_acl.acl.arn', TF_ACL(tfRules.split('  rule {\n    name     = "nested"')[0]!)))
    expect(plain(wafOf(onlyPath(tf))?.rateLimited)).toBe(false)
  })
})

describe('a web ACL that cannot be read', () => {
  it('from a parameter or a variable: unknown, and the check keeps its plain label', async () => {
    const cfn = cloudFormation(ALB_CFN('!Ref AclArn', '', '  AclArn:\n    Type: String\n'))
    expect(wafFacts(onlyPath(cfn))).toMatchObject({ inModel: false, unsupported: false, checks: ['AWS WAF web ACL'] })
    expect(wafOf(onlyPath(cfn))?.association.webAcl.known).toBe(false)
    expect(wafOf(onlyPath(cfn))?.rateLimited.known).toBe(false)
    const tf = await terraform(ALB_TF('var.acl_arn', 'variable "acl_arn" { type = string }'))
    expect(wafFacts(onlyPath(tf))).toMatchObject({ inModel: false, checks: ['AWS WAF web ACL'] })
    expect(wafOf(onlyPath(tf))?.association.webAcl.known).toBe(false)
    expect(plain(wafOf(onlyPath(tf))?.rateLimited)).toMatch(/^\? the web ACL is unknown/)
  })

  it('not in the template: the ARN as written, rate limiting unknown', async () => {
    const arn = 'arn:aws:wafv2:eu-west-1:123456789012:regional/webacl/shared/0f1e2d3c'
    const expected = {
      acl: arn,
      inModel: false,
      rateLimited: '? the web ACL is not in this template',
      rateLimit: undefined,
      defaultAction: '? the web ACL is not in this template',
      unsupported: false,
      checks: ['AWS WAF web ACL'],
    }
    expect(wafFacts(onlyPath(cloudFormation(ALB_CFN(arn))))).toEqual(expected)
    expect(wafFacts(onlyPath(await terraform(ALB_TF(`"${arn}"`))))).toEqual(expected)
  })

  it('rules from a parameter, or a rule group of its own: rate limiting unknown, not false', async () => {
    const cfn = cloudFormation(
      ALB_CFN('!GetAtt Acl.Arn', CFN_ACL('        !Ref AclRules').replace('      Rules:\n', '      Rules:'), '  AclRules:\n    Type: String\n'),
    )
    expect(plain(webAcl(cfn).rules)).toMatch(/^\? /)
    expect(wafOf(onlyPath(cfn))?.rateLimited.known).toBe(false)
    const group = cloudFormation(
      ALB_CFN(
        '!GetAtt Acl.Arn',
        CFN_ACL(`
        - Name: group
          Priority: 0
          OverrideAction: { None: {} }
          Statement: { RuleGroupReferenceStatement: { Arn: !GetAtt Group.Arn } }
          VisibilityConfig: { SampledRequestsEnabled: true, CloudWatchMetricsEnabled: true, MetricName: g }
  Group:
    Type: AWS::WAFv2::RuleGroup
    Properties: { Capacity: 10, Scope: REGIONAL, VisibilityConfig: { SampledRequestsEnabled: true, CloudWatchMetricsEnabled: true, MetricName: g } }`),
      ),
    )
    expect(rules(webAcl(group))).toEqual([{ name: 'group', priority: 0, action: undefined, override: 'none', statement: { ruleGroup: 'Group', changed: 0 } }])
    expect(plain(wafOf(onlyPath(group))?.rateLimited)).toBe('? rule group runs a rule group, which may hold rate-based rules')
    const tf = await terraform(
      ALB_TF(
        'aws_wafv2_web_acl.acl.arn',
        TF_ACL(`
  rule {
    name     = "group"
    priority = 0
    override_action {
      none {}
    }
    statement {
      rule_group_reference_statement { arn = aws_wafv2_rule_group.group.arn }
    }
    visibility_config {
      sampled_requests_enabled   = true
      cloudwatch_metrics_enabled = true
      metric_name                = "g"
    }
  }`) + '\nresource "aws_wafv2_rule_group" "group" {\n  capacity = 10\n  scope    = "REGIONAL"\n}',
      ),
    )
    expect(rules(webAcl(tf))).toEqual([
      { name: 'group', priority: 0, action: undefined, override: 'none', statement: { ruleGroup: 'aws_wafv2_rule_group.group', changed: 0 } },
    ])
    expect(wafOf(onlyPath(tf))?.rateLimited.known).toBe(false)
  })
})

describe('a blocking rate rule whose limit is a parameter or a variable', () => {
  it('limits the rate, and the label gives no number', async () => {
    const cfn = cloudFormation(
      ALB_CFN(
        '!GetAtt Acl.Arn',
        CFN_ACL(`
        - Name: flood
          Priority: 0
          Action: { Block: {} }
          Statement: { RateBasedStatement: { Limit: !Ref FloodLimit, AggregateKeyType: IP } }
          VisibilityConfig: { SampledRequestsEnabled: true, CloudWatchMetricsEnabled: true, MetricName: f }`),
        '  FloodLimit:\n    Type: Number\n',
      ),
    )
    expect(wafFacts(onlyPath(cfn))).toMatchObject({ rateLimited: true, rateLimit: undefined, checks: ['AWS WAF web ACL acl'] })
    const tf = await terraform(
      ALB_TF(
        'aws_wafv2_web_acl.acl.arn',
        TF_ACL(`
  rule {
    name     = "flood"
    priority = 0
    action {
      block {}
    }
    statement {
      rate_based_statement { limit = var.flood_limit }
    }
    visibility_config {
      sampled_requests_enabled   = true
      cloudwatch_metrics_enabled = true
      metric_name                = "f"
    }
  }`) + '\nvariable "flood_limit" { type = number }',
      ),
    )
    expect(wafFacts(onlyPath(tf))).toMatchObject({ rateLimited: true, rateLimit: undefined, checks: ['AWS WAF web ACL acl'] })
  })
})

describe('Terraform rule_json', () => {
  const ruleJson = `jsonencode([{
    Name     = "rate"
    Priority = 0
    Action   = { Challenge = {} }
    Statement = { RateBasedStatement = { Limit = 300, AggregateKeyType = "IP" } }
    VisibilityConfig = { SampledRequestsEnabled = true, CloudWatchMetricsEnabled = true, MetricName = "rate" }
  }])`

  it('is read like rule blocks when its text is known', async () => {
    const model = await terraform(ALB_TF('aws_wafv2_web_acl.acl.arn', TF_ACL(`rule_json = ${ruleJson}`)))
    expect(rules(webAcl(model))).toEqual([
      { name: 'rate', priority: 0, action: 'challenge', override: undefined, statement: { rate: 300, window: 300, key: 'IP', scopedDown: false } },
    ])
    expect(onlyPath(model).checks.map((check) => check.label)).toEqual(['AWS WAF web ACL acl, rate limit 300/5 min'])
  })

  it('is unknown when its text is, or when it is not JSON', async () => {
    const fromVariable = await terraform(ALB_TF('aws_wafv2_web_acl.acl.arn', TF_ACL('rule_json = var.rules') + '\nvariable "rules" { type = string }'))
    expect(webAcl(fromVariable).rules.known).toBe(false)
    expect(wafOf(onlyPath(fromVariable))?.rateLimited.known).toBe(false)
    const broken = await terraform(ALB_TF('aws_wafv2_web_acl.acl.arn', TF_ACL('rule_json = "[{"')))
    expect(plain(webAcl(broken).rules)).toBe('? rule_json is not valid JSON')
  })
})

describe('logging configuration', () => {
  it('marks the web ACL it names as logged, in both frameworks', async () => {
    const logging = `
  Logs:
    Type: AWS::WAFv2::LoggingConfiguration
    Properties:
      ResourceArn: !GetAtt Acl.Arn
      LogDestinationConfigs: [arn:aws:logs:eu-west-1:123456789012:log-group:aws-waf-logs-x]`
    expect(plain(webAcl(cloudFormation(ALB_CFN('!GetAtt Acl.Arn', CFN_ACL('        []') + logging))).logged)).toBe(true)
    expect(plain(webAcl(cloudFormation(ALB_CFN('!GetAtt Acl.Arn', CFN_ACL('        []')))).logged)).toBe(false)
    const tfLogging = `
resource "aws_wafv2_web_acl_logging_configuration" "logs" {
  resource_arn            = aws_wafv2_web_acl.acl.arn
  log_destination_configs = ["arn:aws:logs:eu-west-1:123456789012:log-group:aws-waf-logs-x"]
}`
    expect(plain(webAcl(await terraform(ALB_TF('aws_wafv2_web_acl.acl.arn', TF_ACL('') + tfLogging))).logged)).toBe(true)
    expect(plain(webAcl(await terraform(ALB_TF('aws_wafv2_web_acl.acl.arn', TF_ACL('')))).logged)).toBe(false)
  })

  it('is unknown when a logging configuration names a web ACL that cannot be resolved', async () => {
    const cfn = cloudFormation(
      ALB_CFN(
        '!GetAtt Acl.Arn',
        CFN_ACL('        []') +
          `
  Logs:
    Type: AWS::WAFv2::LoggingConfiguration
    Properties:
      ResourceArn: !Ref LoggedAcl
      LogDestinationConfigs: [arn:aws:logs:eu-west-1:123456789012:log-group:aws-waf-logs-x]`,
        '  LoggedAcl:\n    Type: String\n',
      ),
    )
    expect(plain(webAcl(cfn).logged)).toMatch(/^\? logging configuration Logs names a web ACL that cannot be resolved/)
    const tf = await terraform(
      ALB_TF(
        'aws_wafv2_web_acl.acl.arn',
        TF_ACL('') +
          `
variable "logged_acl" { type = string }
resource "aws_wafv2_web_acl_logging_configuration" "logs" {
  resource_arn            = var.logged_acl
  log_destination_configs = ["arn:aws:logs:eu-west-1:123456789012:log-group:aws-waf-logs-x"]
}`,
      ),
    )
    expect(webAcl(tf).logged.known).toBe(false)
  })
})

describe('associations', () => {
  it('with an HTTP API stage are kept, marked unsupported, and give no waf check', async () => {
    const cfn = cloudFormation(`
Resources:
  Api:
    Type: AWS::ApiGatewayV2::Api
    Properties: { Name: api, ProtocolType: HTTP }
  Route:
    Type: AWS::ApiGatewayV2::Route
    Properties: { ApiId: !Ref Api, RouteKey: GET /items }
  Stage:
    Type: AWS::ApiGatewayV2::Stage
    Properties: { ApiId: !Ref Api, StageName: $default, AutoDeploy: true }
  Association:
    Type: AWS::WAFv2::WebACLAssociation
    Properties:
      ResourceArn: !Sub arn:aws:apigateway:\${AWS::Region}::/apis/\${Api}/stages/\${Stage}
      WebACLArn: arn:aws:wafv2:eu-west-1:123456789012:regional/webacl/shared/0f1e2d3c
`)
    const [association] = cfn.all('waf-association')
    expect(association).toMatchObject({ resource: 'Stage', unsupported: true })
    expect(wafFacts(onlyPath(cfn))).toMatchObject({ unsupported: true, checks: [] })
    const tf = await terraform(`
resource "aws_apigatewayv2_api" "api" {
  name          = "api"
  protocol_type = "HTTP"
}
resource "aws_apigatewayv2_route" "items" {
  api_id    = aws_apigatewayv2_api.api.id
  route_key = "GET /items"
}
resource "aws_wafv2_web_acl_association" "api" {
  resource_arn = aws_apigatewayv2_api.api.arn
  web_acl_arn  = "arn:aws:wafv2:eu-west-1:123456789012:regional/webacl/shared/0f1e2d3c"
}`)
    expect(tf.all('waf-association')[0]).toMatchObject({ resource: 'aws_apigatewayv2_api.api', unsupported: true })
    expect(wafFacts(onlyPath(tf))).toMatchObject({ unsupported: true, checks: [] })
  })

  it('with a REST deployment\'s stage protect the API\'s methods (Terraform stage_name)', async () => {
    const tf = await terraform(`
resource "aws_api_gateway_rest_api" "api" { name = "api" }
resource "aws_api_gateway_method" "get" {
  rest_api_id   = aws_api_gateway_rest_api.api.id
  resource_id   = aws_api_gateway_rest_api.api.root_resource_id
  http_method   = "GET"
  authorization = "NONE"
}
resource "aws_api_gateway_deployment" "api" {
  rest_api_id = aws_api_gateway_rest_api.api.id
  stage_name  = "prod"
}
resource "aws_wafv2_web_acl_association" "api" {
  resource_arn = "arn:aws:apigateway:eu-west-1::/restapis/\${aws_api_gateway_rest_api.api.id}/stages/\${aws_api_gateway_deployment.api.stage_name}"
  web_acl_arn  = "arn:aws:wafv2:eu-west-1:123456789012:regional/webacl/shared/0f1e2d3c"
}`)
    expect(tf.all('waf-association')[0]?.resource).toBe('aws_api_gateway_deployment.api.Stage')
    expect(wafFacts(onlyPath(tf))).toMatchObject({ unsupported: false, checks: ['AWS WAF web ACL'] })
  })
})

describe('CloudFront distributions', () => {
  const CFN_DISTRIBUTION = (domain: string, webAclId: string, parameters = ''): string => `
Parameters:
  OriginHost:
    Type: String
  Secret:
    Type: String
    NoEcho: true
${parameters}
Resources:
  Api:
    Type: AWS::ApiGateway::RestApi
    Properties: { Name: api, EndpointConfiguration: { Types: [REGIONAL] } }
  Get:
    Type: AWS::ApiGateway::Method
    Properties:
      RestApiId: !Ref Api
      ResourceId: !GetAtt Api.RootResourceId
      HttpMethod: GET
      AuthorizationType: NONE
  Domain:
    Type: AWS::ApiGateway::DomainName
    Properties: { DomainName: api.example.com, RegionalCertificateArn: arn:aws:acm:eu-west-1:123456789012:certificate/x }
  Cdn:
    Type: AWS::CloudFront::Distribution
    Properties:
      DistributionConfig:
        Enabled: true
${webAclId}
        Origins:
          - Id: api
            DomainName: ${domain}
            CustomOriginConfig: { OriginProtocolPolicy: https-only }
            OriginCustomHeaders: [{ HeaderName: X-Origin-Verify, HeaderValue: topsecret-value }]
        DefaultCacheBehavior: { TargetOriginId: api, ViewerProtocolPolicy: allow-all }
`
  const TF_DISTRIBUTION = (domain: string, webAclId: string): string => `
variable "origin_host" { type = string }
variable "acl" { type = string }
resource "aws_api_gateway_rest_api" "api" {
  name = "api"
  endpoint_configuration { types = ["REGIONAL"] }
}
resource "aws_api_gateway_method" "get" {
  rest_api_id   = aws_api_gateway_rest_api.api.id
  resource_id   = aws_api_gateway_rest_api.api.root_resource_id
  http_method   = "GET"
  authorization = "NONE"
}
resource "aws_api_gateway_domain_name" "domain" {
  domain_name              = "api.example.com"
  regional_certificate_arn = "arn:aws:acm:eu-west-1:123456789012:certificate/x"
}
resource "aws_cloudfront_distribution" "cdn" {
  enabled = true
  ${webAclId}
  origin {
    origin_id   = "api"
    domain_name = ${domain}
    custom_origin_config {
      origin_protocol_policy = "https-only"
      http_port              = 80
      https_port             = 443
      origin_ssl_protocols   = ["TLSv1.2"]
    }
    custom_header {
      name  = "X-Origin-Verify"
      value = "topsecret-value"
    }
  }
  default_cache_behavior {
    target_origin_id       = "api"
    viewer_protocol_policy = "allow-all"
    allowed_methods        = ["GET", "HEAD"]
    cached_methods         = ["GET", "HEAD"]
  }
  restrictions {
    geo_restriction { restriction_type = "none" }
  }
  viewer_certificate { cloudfront_default_certificate = true }
}`

  function origin(model: Model): unknown {
    const [distribution] = model.all('cloudfront-distribution')
    if (!distribution?.origins.known) throw new Error('no distribution with known origins')
    return distribution.origins.value.map((entry) => ({
      target: entry.target,
      domainKnown: entry.domainName.known,
      protocol: plain(entry.protocolPolicy),
      headers: plain(entry.customHeaders),
    }))
  }

  it('link an origin on the API\'s execute-api host to the API, with a classic WAF id as written', async () => {
    const cfn = cloudFormation(CFN_DISTRIBUTION('!Sub ${Api}.execute-api.${AWS::Region}.amazonaws.com', '        WebACLId: 0f1e2d3c-classic'))
    expect(origin(cfn)).toEqual([{ target: { kind: 'api', id: 'Api' }, domainKnown: false, protocol: 'https-only', headers: ['X-Origin-Verify'] }])
    const path = onlyPath(cfn)
    expect(cloudFrontOf(path).map((front) => [front.distribution.id, plain(front.distribution.webAcl), front.webAcl])).toEqual([['Cdn', '0f1e2d3c-classic', undefined]])
    expect(plain(behindCloudFrontWaf(cfn, path))).toBe(true)
    expect(plain(cfn.all('cloudfront-distribution')[0]?.viewerProtocolPolicy)).toBe('allow-all')

    const tf = await terraform(TF_DISTRIBUTION('"${aws_api_gateway_rest_api.api.id}.execute-api.eu-west-1.amazonaws.com"', 'web_acl_id = "0f1e2d3c-classic"'))
    expect(origin(tf)).toEqual([{ target: { kind: 'api', id: 'aws_api_gateway_rest_api.api' }, domainKnown: false, protocol: 'https-only', headers: ['X-Origin-Verify'] }])
    expect(plain(behindCloudFrontWaf(tf, onlyPath(tf)))).toBe(true)
  })

  it('never read a custom header\'s value', () => {
    const cfn = cloudFormation(CFN_DISTRIBUTION('!Sub ${Api}.execute-api.${AWS::Region}.amazonaws.com', ''))
    expect(JSON.stringify(cfn.all('cloudfront-distribution'))).not.toContain('topsecret')
  })

  it('link an origin on a custom domain name to the domain name resource', async () => {
    const cfn = cloudFormation(CFN_DISTRIBUTION('!GetAtt Domain.RegionalDomainName', ''))
    expect(origin(cfn)).toMatchObject([{ target: { kind: 'api-domain-name', id: 'Domain' } }])
    // Without a mapping the domain serves no API of the template: no path has the distribution in front.
    expect(cloudFrontOf(onlyPath(cfn))).toEqual([])
    const tf = await terraform(TF_DISTRIBUTION('aws_api_gateway_domain_name.domain.regional_domain_name', ''))
    expect(origin(tf)).toMatchObject([{ target: { kind: 'api-domain-name', id: 'aws_api_gateway_domain_name.domain' } }])
  })

  it('put a distribution on a custom domain in front of every API the domain maps', async () => {
    const mapping = `  Mapping:
    Type: AWS::ApiGateway::BasePathMapping
    Properties: { DomainName: !Ref Domain, RestApiId: !Ref Api, Stage: prod }
`
    const cfn = cloudFormation(CFN_DISTRIBUTION('!GetAtt Domain.RegionalDomainName', '') + mapping)
    expect(cloudFrontOf(onlyPath(cfn)).map((front) => [front.distribution.id, front.origins.map((entry) => plain(entry.id))])).toEqual([['Cdn', ['api']]])

    const tfMapping = `
resource "aws_api_gateway_base_path_mapping" "mapping" {
  api_id      = aws_api_gateway_rest_api.api.id
  stage_name  = "prod"
  domain_name = aws_api_gateway_domain_name.domain.domain_name
}
`
    const tf = await terraform(TF_DISTRIBUTION('aws_api_gateway_domain_name.domain.regional_domain_name', '') + tfMapping)
    expect(cloudFrontOf(onlyPath(tf)).map((front) => front.distribution.id)).toEqual(['aws_cloudfront_distribution.cdn'])
  })

  it('with an origin from a parameter or variable link to nothing, and the domain name is unknown', async () => {
    const cfn = cloudFormation(CFN_DISTRIBUTION('!Ref OriginHost', ''))
    expect(origin(cfn)).toEqual([{ target: undefined, domainKnown: false, protocol: 'https-only', headers: ['X-Origin-Verify'] }])
    expect(cloudFrontOf(onlyPath(cfn))).toEqual([])
    expect(plain(behindCloudFrontWaf(cfn, onlyPath(cfn)))).toBe(false)
    // With a web ACL, a distribution whose origin cannot be told may be the one in front of this API.
    const guarded = cloudFormation(CFN_DISTRIBUTION('!Ref OriginHost', '        WebACLId: 0f1e2d3c-classic'))
    expect(plain(behindCloudFrontWaf(guarded, onlyPath(guarded)))).toMatch(/^\? an origin of distribution Cdn cannot be resolved/)
    const tf = await terraform(TF_DISTRIBUTION('var.origin_host', ''))
    expect(origin(tf)).toEqual([{ target: undefined, domainKnown: false, protocol: 'https-only', headers: ['X-Origin-Verify'] }])
  })

  it('with a web ACL from a parameter or variable: CloudFront with WAF in front is unknown', async () => {
    const domain = '!Sub ${Api}.execute-api.${AWS::Region}.amazonaws.com'
    const cfn = cloudFormation(CFN_DISTRIBUTION(domain, '        WebACLId: !Ref EdgeAcl', '  EdgeAcl:\n    Type: String\n'))
    expect(behindCloudFrontWaf(cfn, onlyPath(cfn)).known).toBe(false)
    const tf = await terraform(TF_DISTRIBUTION('"${aws_api_gateway_rest_api.api.id}.execute-api.eu-west-1.amazonaws.com"', 'web_acl_id = var.acl'))
    expect(behindCloudFrontWaf(tf, onlyPath(tf)).known).toBe(false)
  })
})

describe('iac-lint paths', () => {
  it('shows the distribution in front and an association AWS cannot deploy', () => {
    const run = cli(['paths', 'test/fixtures/parity/edge-http-api-waf-unsupported/template.yaml'])
    expectCleanExit(run)
    expect(run.stdout).toContain('    waf:      ItemsWebAclAssociation cannot protect an HTTP or WebSocket API (AWS WAF does not support them)\n')
    expect(run.stdout).toContain('    in front: CloudFront distribution ItemsDistribution, no web ACL\n')
  })

  it('names the web ACL and its rate limit in the check', () => {
    const run = cli(['paths', 'test/fixtures/parity/edge-alb-waf-rate-limit/main.tf'])
    expectCleanExit(run)
    expect(run.stdout).toContain('    checks:   AWS WAF web ACL shop, rate limit 2000/5 min\n')
  })

  it('leaves the new JSON fields out of paths that have neither', () => {
    const run = cli(['paths', '-f', 'json', 'test/fixtures/parity/alb-lambda-no-auth/template.yaml'])
    expectCleanExit(run)
    expect(run.stdout).not.toContain('"waf"')
    expect(run.stdout).not.toContain('"cloudFront"')
  })
})
