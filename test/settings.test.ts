/**
 * Front-door settings (issue 10): stage logging, tracing and caching, listener TLS and
 * authenticate settings, load balancer and target group attributes, the ECS services, auto
 * scaling groups and instances behind target groups with their security groups, and usage plan
 * keys. What each adapter reads, in both frameworks, with the AWS defaults (defaulted at the
 * element) and with unknowns that stay unknown; and what `iac-lint paths` shows of them.
 */
import { afterAll, describe, expect, it } from 'vitest'
import type { Model } from '../src/model/model.js'
import type { Fact, StageSettings } from '../src/model/types.js'
import { renderPathsJson } from '../src/report/paths-json.js'
import { renderPaths } from '../src/report/paths.js'
import { cli, expectCleanExit } from './cli-run.js'
import { cloudFormation, terraform } from './model-support.js'
import { removeFolders } from './terraform-support.js'

afterAll(removeFolders)

/** A fact as its value, `? why` when unknown, or `default value` when AWS's default applies. */
function plain(fact: Fact<unknown> | undefined): unknown {
  if (fact === undefined) return undefined
  if (!fact.known) return `? ${fact.why}`
  return fact.at?.defaulted ? `default ${String(fact.value)}` : fact.value
}

function settingsOf(model: Model, id: string): StageSettings {
  const settings = model.getKind(id, 'stage')?.settings
  if (!settings) throw new Error(`no stage settings for ${id}`)
  return settings
}

function stageWide(settings: StageSettings): Record<string, unknown> {
  return {
    cacheClusterSize: plain(settings.cacheClusterSize),
    tracingEnabled: plain(settings.tracingEnabled),
    accessLogs: plain(settings.accessLogs),
    dataTrace: plain(settings.dataTrace),
    loggingLevel: plain(settings.loggingLevel),
    metricsEnabled: plain(settings.metricsEnabled),
    cachingEnabled: plain(settings.cachingEnabled),
    cacheTtlSeconds: plain(settings.cacheTtlSeconds),
  }
}

const REST_HEAD = `AWSTemplateFormatVersion: '2010-09-09'
Parameters:
  Path:
    Type: String
  Settings:
    Type: CommaDelimitedList
  Logging:
    Type: String
    AllowedValues: ['yes', 'no']
Conditions:
  LogAccess: !Equals [!Ref Logging, 'yes']
Resources:
  Api:
    Type: AWS::ApiGateway::RestApi
    Properties:
      Name: orders
  Logs:
    Type: AWS::Logs::LogGroup
`

describe('REST stage settings in CloudFormation', () => {
  it('gives a stage without settings the AWS defaults, defaulted at the stage', () => {
    const model = cloudFormation(`${REST_HEAD}  Stage:
    Type: AWS::ApiGateway::Stage
    Properties:
      RestApiId: !Ref Api
      StageName: prod
`)
    const settings = settingsOf(model, 'Stage')
    expect(stageWide(settings)).toEqual({
      cacheClusterSize: 'default 0.5',
      tracingEnabled: 'default false',
      accessLogs: 'default false',
      dataTrace: 'default false',
      loggingLevel: 'default OFF',
      metricsEnabled: 'default false',
      cachingEnabled: 'default false',
      cacheTtlSeconds: 'default 300',
    })
    expect(settings.routes).toEqual([])
    expect(settings.dataTrace.at?.range.line).toBe(model.getKind('Stage', 'stage')!.source.range.line)
  })

  it('reads the stage-wide entry and per-method entries, each at the line that sets it', () => {
    const text = `${REST_HEAD}  Stage:
    Type: AWS::ApiGateway::Stage
    Properties:
      RestApiId: !Ref Api
      StageName: prod
      TracingEnabled: true
      AccessLogSetting:
        DestinationArn: !GetAtt Logs.Arn
      MethodSettings:
        - ResourcePath: /~1orders~1{id}
          HttpMethod: get
          CachingEnabled: true
          CacheTtlInSeconds: 0
        - ResourcePath: /*
          HttpMethod: '*'
          DataTraceEnabled: true
          LoggingLevel: info
`
    const model = cloudFormation(text)
    const lineOf = (written: string): number => text.split('\n').findIndex((line) => line.includes(written)) + 1
    const settings = settingsOf(model, 'Stage')
    expect(stageWide(settings)).toMatchObject({ tracingEnabled: true, accessLogs: true, dataTrace: true, loggingLevel: 'INFO', cachingEnabled: 'default false' })
    expect(settings.dataTrace.at?.range.line).toBe(lineOf('DataTraceEnabled: true'))
    expect(settings.accessLogs.at?.range.line).toBe(lineOf('DestinationArn'))
    expect(settings.routes.map((route) => [plain(route.route), plain(route.cachingEnabled), plain(route.cacheTtlSeconds), route.dataTrace])).toEqual([
      ['GET /orders/{id}', true, 0, undefined],
    ])
  })

  it('leaves a stage-wide setting unknown when an entry that may be the wildcard sets it, and the others decided', () => {
    const model = cloudFormation(`${REST_HEAD}  Stage:
    Type: AWS::ApiGateway::Stage
    Properties:
      RestApiId: !Ref Api
      StageName: prod
      MethodSettings:
        - ResourcePath: !Ref Path
          HttpMethod: '*'
          DataTraceEnabled: true
`)
    const settings = settingsOf(model, 'Stage')
    expect(plain(settings.dataTrace)).toBe('? a MethodSettings entry has an unresolved path or method')
    expect(plain(settings.loggingLevel)).toBe('default OFF')
    expect(plain(settings.routes[0]!.route)).toBe('? parameter Path has no default')
  })

  it('knows nothing of the method settings when the list is a parameter', () => {
    const settings = settingsOf(
      cloudFormation(`${REST_HEAD}  Stage:
    Type: AWS::ApiGateway::Stage
    Properties:
      RestApiId: !Ref Api
      StageName: prod
      MethodSettings: !Ref Settings
`),
      'Stage',
    )
    expect(settings.dataTrace.known).toBe(false)
    expect(settings.cachingEnabled?.known).toBe(false)
    expect(plain(settings.routes[0]!.dataTrace)).toBe('? MethodSettings is known only at deploy time')
  })

  it('reads a deployment stage description, with access logs under a condition unknown', () => {
    const model = cloudFormation(`${REST_HEAD}  Deployment:
    Type: AWS::ApiGateway::Deployment
    Properties:
      RestApiId: !Ref Api
      StageName: prod
      StageDescription:
        DataTraceEnabled: true
        MetricsEnabled: true
        CacheClusterEnabled: true
        CacheClusterSize: 6.1
        AccessLogSetting:
          DestinationArn: !If [LogAccess, !GetAtt Logs.Arn, !Ref AWS::NoValue]
`)
    const settings = settingsOf(model, 'Deployment.Stage')
    expect(stageWide(settings)).toMatchObject({ dataTrace: true, metricsEnabled: true, cacheClusterSize: '6.1' })
    expect(settings.accessLogs.known).toBe(false)
  })

  it('reads SAM Api settings and the HttpApi access logs', () => {
    const model = cloudFormation(`AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
Resources:
  Api:
    Type: AWS::Serverless::Api
    Properties:
      StageName: prod
      TracingEnabled: true
      CacheClusterEnabled: true
      CacheClusterSize: '0.5'
      AccessLogSetting:
        DestinationArn: arn:aws:logs:eu-west-1:123456789012:log-group:api
      MethodSettings:
        - ResourcePath: /*
          HttpMethod: '*'
          DataTraceEnabled: true
  Http:
    Type: AWS::Serverless::HttpApi
    Properties:
      AccessLogSettings:
        DestinationArn: arn:aws:logs:eu-west-1:123456789012:log-group:http
        Format: $context.requestId
`)
    expect(stageWide(settingsOf(model, 'Api.Stage'))).toMatchObject({ tracingEnabled: true, dataTrace: true, accessLogs: true })
    expect(stageWide(settingsOf(model, 'Http.Stage'))).toMatchObject({ accessLogs: true, tracingEnabled: undefined, cachingEnabled: undefined, dataTrace: 'default false' })
  })
})

describe('REST stage settings in Terraform', () => {
  const head = `variable "stage" {
  type = string
}

resource "aws_api_gateway_rest_api" "api" {
  name = "orders"
}

resource "aws_api_gateway_stage" "prod" {
  rest_api_id          = aws_api_gateway_rest_api.api.id
  deployment_id        = "abc123"
  stage_name           = "prod"
  xray_tracing_enabled = true
}
`

  it('reads the method settings for the stage: */* stage-wide, the others by method', async () => {
    const model = await terraform(`${head}
resource "aws_api_gateway_method_settings" "all" {
  rest_api_id = aws_api_gateway_rest_api.api.id
  stage_name  = aws_api_gateway_stage.prod.stage_name
  method_path = "*/*"
  settings {
    data_trace_enabled = true
    logging_level      = "ERROR"
  }
}

resource "aws_api_gateway_method_settings" "orders" {
  rest_api_id = aws_api_gateway_rest_api.api.id
  stage_name  = "prod"
  method_path = "orders~1{id}/GET"
  settings {
    caching_enabled = true
  }
}

resource "aws_api_gateway_method_settings" "other_stage" {
  rest_api_id = aws_api_gateway_rest_api.api.id
  stage_name  = "test"
  method_path = "*/*"
  settings {
    metrics_enabled = true
  }
}
`)
    const settings = settingsOf(model, 'aws_api_gateway_stage.prod')
    expect(stageWide(settings)).toEqual({
      cacheClusterSize: 'default 0.5',
      tracingEnabled: true,
      accessLogs: 'default false',
      dataTrace: true,
      loggingLevel: 'ERROR',
      metricsEnabled: 'default false',
      cachingEnabled: 'default false',
      cacheTtlSeconds: 'default 300',
    })
    expect(settings.routes.map((route) => [plain(route.route), plain(route.cachingEnabled)])).toEqual([['GET /orders/{id}', true]])
  })

  it('leaves what settings for a stage named by an unknown variable set unknown', async () => {
    const model = await terraform(`${head}
resource "aws_api_gateway_method_settings" "maybe" {
  rest_api_id = aws_api_gateway_rest_api.api.id
  stage_name  = var.stage
  method_path = "*/*"
  settings {
    data_trace_enabled = true
  }
}
`)
    const settings = settingsOf(model, 'aws_api_gateway_stage.prod')
    expect(plain(settings.dataTrace)).toBe('? aws_api_gateway_method_settings.maybe may be for this stage')
    expect(plain(settings.loggingLevel)).toBe('default OFF')
    expect(settings.routes).toEqual([])
  })

  it('knows nothing of settings written as a dynamic block', async () => {
    const model = await terraform(`${head}
resource "aws_api_gateway_method_settings" "all" {
  rest_api_id = aws_api_gateway_rest_api.api.id
  stage_name  = aws_api_gateway_stage.prod.stage_name
  method_path = "*/*"
  dynamic "settings" {
    for_each = var.stage == "prod" ? [1] : []
    content {
      data_trace_enabled = true
    }
  }
}
`)
    expect(settingsOf(model, 'aws_api_gateway_stage.prod').dataTrace.known).toBe(false)
  })
})

describe('HTTP and WebSocket stage settings', () => {
  it('reads DefaultRouteSettings and RouteSettings the same in both frameworks', async () => {
    const cfn = cloudFormation(`AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Api:
    Type: AWS::ApiGatewayV2::Api
    Properties:
      ProtocolType: WEBSOCKET
      RouteSelectionExpression: $request.body.action
  Stage:
    Type: AWS::ApiGatewayV2::Stage
    Properties:
      ApiId: !Ref Api
      StageName: prod
      DefaultRouteSettings:
        DataTraceEnabled: true
        LoggingLevel: INFO
      RouteSettings:
        $connect:
          DataTraceEnabled: false
`)
    const tf = await terraform(`resource "aws_apigatewayv2_api" "api" {
  name                       = "chat"
  protocol_type              = "WEBSOCKET"
  route_selection_expression = "$request.body.action"
}

resource "aws_apigatewayv2_stage" "prod" {
  api_id = aws_apigatewayv2_api.api.id
  name   = "prod"
  default_route_settings {
    data_trace_enabled = true
    logging_level      = "INFO"
  }
  route_settings {
    route_key          = "$connect"
    data_trace_enabled = false
  }
}
`)
    const expected = { dataTrace: true, loggingLevel: 'INFO', metricsEnabled: 'default false', accessLogs: 'default false', tracingEnabled: undefined, cacheClusterSize: undefined }
    expect(stageWide(settingsOf(cfn, 'Stage'))).toMatchObject(expected)
    expect(stageWide(settingsOf(tf, 'aws_apigatewayv2_stage.prod'))).toMatchObject(expected)
    for (const settings of [settingsOf(cfn, 'Stage'), settingsOf(tf, 'aws_apigatewayv2_stage.prod')]) {
      expect(settings.routes.map((route) => [plain(route.route), plain(route.dataTrace)])).toEqual([['$connect', false]])
    }
  })

  it('gives a quick-create stage the defaults', async () => {
    const model = await terraform(`resource "aws_lambda_function" "fn" {
  function_name = "fn"
  role          = "arn:aws:iam::123456789012:role/fn"
}

resource "aws_apigatewayv2_api" "api" {
  name          = "quick"
  protocol_type = "HTTP"
  target        = aws_lambda_function.fn.arn
}
`)
    expect(stageWide(settingsOf(model, 'aws_apigatewayv2_api.api.DefaultStage'))).toMatchObject({ accessLogs: 'default false', dataTrace: 'default false' })
  })
})

const ALB_HEAD = `AWSTemplateFormatVersion: '2010-09-09'
Parameters:
  Protocol:
    Type: String
  Attributes:
    Type: CommaDelimitedList
  AttributeKey:
    Type: String
  Groups:
    Type: List<AWS::EC2::SecurityGroup::Id>
Resources:
  Group:
    Type: AWS::ElasticLoadBalancingV2::TargetGroup
    Properties:
      TargetType: lambda
`

describe('listener TLS and authenticate settings', () => {
  it('defaults the security policy on HTTPS only, and leaves it unknown when the protocol is', () => {
    const model = cloudFormation(`${ALB_HEAD}  Https:
    Type: AWS::ElasticLoadBalancingV2::Listener
    Properties:
      Protocol: HTTPS
      Port: 443
      DefaultActions:
        - Type: authenticate-cognito
          AuthenticateCognitoConfig:
            UserPoolArn: arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_abc
        - Type: forward
          TargetGroupArn: !Ref Group
  Http:
    Type: AWS::ElasticLoadBalancingV2::Listener
    Properties:
      Protocol: HTTP
      Port: 80
      DefaultActions:
        - Type: forward
          TargetGroupArn: !Ref Group
  Either:
    Type: AWS::ElasticLoadBalancingV2::Listener
    Properties:
      Protocol: !Ref Protocol
      Port: 8443
      MutualAuthentication: !Ref AWS::NoValue
      DefaultActions:
        - Type: authenticate-oidc
          AuthenticateOidcConfig: !Ref Attributes
`)
    const https = model.getKind('Https', 'listener')!
    expect(plain(https.tls?.sslPolicy)).toBe('default ELBSecurityPolicy-2016-08')
    expect(plain(https.tls?.certificates)).toBe('default 0')
    expect(plain(https.defaultActions[0]!.onUnauthenticatedRequest)).toBe('default authenticate')
    expect(plain(https.defaultActions[0]!.sessionTimeout)).toBe('default 604800')
    expect(https.defaultActions[1]!.onUnauthenticatedRequest).toBeUndefined()
    expect(model.getKind('Http', 'listener')!.tls?.sslPolicy).toBeUndefined()
    const either = model.getKind('Either', 'listener')!
    expect(plain(either.tls?.sslPolicy)).toBe('? not set, and the protocol is parameter Protocol has no default')
    expect(plain(either.tls?.trustStore)).toBe('default false')
    expect(either.defaultActions[0]!.onUnauthenticatedRequest?.known).toBe(false)
  })

  it('reads the Terraform listener the same way, and a dynamic mutual_authentication as unknown', async () => {
    const model = await terraform(`variable "modes" {
  type = list(string)
}

resource "aws_lb" "lb" {
  name = "lb"
}

resource "aws_lb_listener" "https" {
  load_balancer_arn = aws_lb.lb.arn
  protocol          = "HTTPS"
  port              = 443
  certificate_arn   = "arn:aws:acm:eu-west-1:123456789012:certificate/abc"
  dynamic "mutual_authentication" {
    for_each = var.modes
    content {
      mode = mutual_authentication.value
    }
  }
  default_action {
    type = "authenticate-cognito"
    authenticate_cognito {
      user_pool_arn              = "arn:aws:cognito-idp:eu-west-1:123456789012:userpool/eu-west-1_abc"
      on_unauthenticated_request = "ALLOW"
    }
  }
}

resource "aws_lb_listener" "http" {
  load_balancer_arn = aws_lb.lb.arn
  port              = 80
  default_action {
    type = "fixed-response"
  }
}
`)
    const https = model.getKind('aws_lb_listener.https', 'listener')!
    expect(plain(https.tls?.sslPolicy)).toBe('default ELBSecurityPolicy-2016-08')
    expect(plain(https.tls?.certificates)).toBe(1)
    expect(https.tls?.trustStore.known).toBe(false)
    expect(plain(https.defaultActions[0]!.onUnauthenticatedRequest)).toBe('allow')
    expect(model.getKind('aws_lb_listener.http', 'listener')!.tls?.sslPolicy).toBeUndefined()
  })
})

describe('load balancer and target group attributes', () => {
  it('reads known keys, defaults the others, and leaves all unknown when the list is', () => {
    const model = cloudFormation(`${ALB_HEAD}  Known:
    Type: AWS::ElasticLoadBalancingV2::LoadBalancer
    Properties:
      LoadBalancerAttributes:
        - Key: routing.http.drop_invalid_header_fields.enabled
          Value: 'true'
        - Key: !Ref AttributeKey
          Value: 'false'
  Unknown:
    Type: AWS::ElasticLoadBalancingV2::LoadBalancer
    Properties:
      LoadBalancerAttributes: !Ref Attributes
  Sticky:
    Type: AWS::ElasticLoadBalancingV2::TargetGroup
    Properties:
      Protocol: TCP
      Port: 443
      TargetGroupAttributes:
        - Key: stickiness.enabled
          Value: 'true'
`)
    const known = model.getKind('Known', 'load-balancer')!.attributes!
    expect(plain(known.dropInvalidHeaderFields)).toBe(true)
    // The entry whose key is a parameter may be any attribute: the ones not written are unknown, not false.
    expect(plain(known.desyncMitigationMode)).toBe('? an attribute is parameter AttributeKey has no default')
    expect(model.getKind('Unknown', 'load-balancer')!.attributes!.http2.known).toBe(false)
    const sticky = model.getKind('Sticky', 'target-group')!.attributes!
    expect([plain(sticky.stickiness), plain(sticky.stickinessType), plain(sticky.deregistrationDelaySeconds)]).toEqual([true, 'default source_ip', 'default 300'])
    expect(plain(model.getKind('Group', 'target-group')!.attributes!.lambdaMultiValueHeaders)).toBe('default false')
  })

  it('reads the Terraform arguments with the same defaults; a stickiness block is on unless it says otherwise', async () => {
    const model = await terraform(`variable "timeout" {
  type = number
}

resource "aws_lb" "lb" {
  drop_invalid_header_fields = true
  idle_timeout               = var.timeout
  access_logs {
    bucket = "logs"
  }
}

resource "aws_lb_target_group" "tg" {
  port     = 80
  protocol = "HTTP"
  stickiness {
    type = "app_cookie"
  }
}
`)
    const attributes = model.getKind('aws_lb.lb', 'load-balancer')!.attributes!
    expect([plain(attributes.dropInvalidHeaderFields), attributes.idleTimeoutSeconds.known, plain(attributes.accessLogs), plain(attributes.http2)]).toEqual([
      true,
      false,
      'default false',
      'default true',
    ])
    const group = model.getKind('aws_lb_target_group.tg', 'target-group')!
    expect([plain(group.attributes!.stickiness), plain(group.attributes!.stickinessType), plain(group.port)]).toEqual(['default true', 'app_cookie', 80])
  })
})

describe('ECS services, auto scaling groups and instances behind target groups', () => {
  it('links each to its target groups, with the security groups of its targets', () => {
    const model = cloudFormation(`${ALB_HEAD}  Sg:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: targets
  Tg:
    Type: AWS::ElasticLoadBalancingV2::TargetGroup
    Properties:
      Port: 8080
      Protocol: HTTP
      Targets:
        - Id: !Ref Box
  Service:
    Type: AWS::ECS::Service
    Properties:
      CapacityProviderStrategy:
        - CapacityProvider: FARGATE_SPOT
      NetworkConfiguration:
        AwsvpcConfiguration:
          SecurityGroups: !Ref Groups
      LoadBalancers:
        - TargetGroupArn: !Ref Tg
          ContainerPort: 8080
        - TargetGroupArn: arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/other/abc
          ContainerPort: 9090
  Fleet:
    Type: AWS::AutoScaling::AutoScalingGroup
    Properties:
      MinSize: '1'
      MaxSize: '2'
      LaunchTemplate:
        LaunchTemplateId: lt-0123456789abcdef0
        Version: '1'
      TargetGroupARNs: [!Ref Tg]
  Legacy:
    Type: AWS::AutoScaling::AutoScalingGroup
    Properties:
      MinSize: '1'
      MaxSize: '2'
      LaunchConfigurationName: !Ref LaunchConfig
      TargetGroupARNs: [!Ref Tg]
  LaunchConfig:
    Type: AWS::AutoScaling::LaunchConfiguration
    Properties:
      ImageId: ami-0a1b2c3d4e5f60718
      InstanceType: t3.micro
      SecurityGroups: [!Ref Sg, sg-0123456789abcdef0]
  Box:
    Type: AWS::EC2::Instance
    Properties:
      ImageId: ami-0a1b2c3d4e5f60718
      NetworkInterfaces:
        - DeviceIndex: '0'
          GroupSet: [!Ref Sg]
`)
    const service = model.servicesOf('Tg')[0]!
    expect(service.id).toBe('Service')
    expect(plain(service.launchType)).toBe('? set by the capacity provider strategy')
    expect(service.otherSecurityGroups.known).toBe(false)
    expect(plain(service.assignPublicIp)).toBe('default false')
    expect(service.loadBalancers.map((entry) => [entry.targetGroup, plain(entry.containerPort)])).toEqual([
      ['Tg', 8080],
      [undefined, 9090],
    ])
    const [fleet, legacy] = model.autoScalingGroupsOf('Tg')
    expect(plain(fleet!.otherSecurityGroups)).toBe('? the launch template is not in this template')
    expect([legacy!.securityGroups, plain(legacy!.otherSecurityGroups)]).toEqual([['Sg'], ['sg-0123456789abcdef0']])
    expect(model.instancesOf('Tg').map((instance) => [instance.id, instance.securityGroups])).toEqual([['Box', ['Sg']]])
    expect(model.servicesOf('Group')).toEqual([])
  })

  it('reads Terraform attachments and launch configurations the same way', async () => {
    const model = await terraform(`resource "aws_security_group" "sg" {
  name = "targets"
}

resource "aws_lb_target_group" "tg" {
  port     = 8080
  protocol = "HTTP"
}

resource "aws_ecs_service" "svc" {
  name = "svc"
  capacity_provider_strategy {
    capacity_provider = "FARGATE_SPOT"
  }
  load_balancer {
    target_group_arn = aws_lb_target_group.tg.arn
    container_port   = 8080
  }
}

resource "aws_launch_configuration" "legacy" {
  image_id        = "ami-0a1b2c3d4e5f60718"
  instance_type   = "t3.micro"
  security_groups = [aws_security_group.sg.id, "sg-0123456789abcdef0"]
}

resource "aws_autoscaling_group" "legacy" {
  min_size             = 1
  max_size             = 2
  launch_configuration = aws_launch_configuration.legacy.name
}

resource "aws_autoscaling_attachment" "legacy" {
  autoscaling_group_name = aws_autoscaling_group.legacy.id
  lb_target_group_arn    = aws_lb_target_group.tg.arn
}

resource "aws_instance" "box" {
  ami             = "ami-0a1b2c3d4e5f60718"
  security_groups = ["default"]
}

resource "aws_lb_target_group_attachment" "box" {
  target_group_arn = aws_lb_target_group.tg.arn
  target_id        = aws_instance.box.id
}
`)
    const service = model.servicesOf('aws_lb_target_group.tg')[0]!
    expect([plain(service.launchType), plain(service.otherSecurityGroups)]).toEqual(['? set by the capacity provider strategy', []])
    const [legacy] = model.autoScalingGroupsOf('aws_lb_target_group.tg')
    expect([legacy!.securityGroups, plain(legacy!.otherSecurityGroups)]).toEqual([['aws_security_group.sg'], ['sg-0123456789abcdef0']])
    expect(model.instancesOf('aws_lb_target_group.tg').map((instance) => plain(instance.otherSecurityGroups))).toEqual([['default']])
  })
})

describe('API keys and usage plan keys', () => {
  it('links keys to plans; a key that is not in the template is there, unnamed', () => {
    const model = cloudFormation(`AWSTemplateFormatVersion: '2010-09-09'
Parameters:
  Throttle:
    Type: String
Resources:
  Api:
    Type: AWS::ApiGateway::RestApi
    Properties:
      Name: orders
  Plan:
    Type: AWS::ApiGateway::UsagePlan
    Properties:
      ApiStages:
        - ApiId: !Ref Api
          Stage: prod
          Throttle:
            /orders/{id}/get:
              BurstLimit: 5
            /*/*:
              Description: none
  Other:
    Type: AWS::ApiGateway::UsagePlan
    Properties:
      ApiStages:
        - ApiId: !Ref Api
          Stage: prod
          Throttle: !Ref Throttle
  Key:
    Type: AWS::ApiGateway::ApiKey
    Properties:
      Enabled: !Ref Throttle
  PlanKey:
    Type: AWS::ApiGateway::UsagePlanKey
    Properties:
      KeyId: !Ref Key
      KeyType: API_KEY
      UsagePlanId: !Ref Plan
  ImportedKey:
    Type: AWS::ApiGateway::UsagePlanKey
    Properties:
      KeyId: !ImportValue shared-key
      KeyType: API_KEY
      UsagePlanId: !Ref Plan
`)
    const plan = model.getKind('Plan', 'usage-plan')!
    expect(plan.keys!.map((entry) => [entry.key, entry.source.address])).toEqual([
      ['Key', 'PlanKey'],
      [undefined, 'ImportedKey'],
    ])
    expect(plan.stages[0]!.throttles!.map((entry) => [plain(entry.route), plain(entry.throttled)])).toEqual([
      ['GET /orders/{id}', true],
      ['* /*', false],
    ])
    expect(model.getKind('Other', 'usage-plan')!.stages[0]!.throttles![0]!.throttled.known).toBe(false)
    expect(model.getKind('Other', 'usage-plan')!.keys).toEqual([])
    expect(model.getKind('Key', 'api-key')!.enabled.known).toBe(false)
  })

  it('gives a SAM usage plan the key SAM generates: one per API, or one shared', () => {
    const model = cloudFormation(`AWSTemplateFormatVersion: '2010-09-09'
Transform: AWS::Serverless-2016-10-31
Resources:
  Own:
    Type: AWS::Serverless::Api
    Properties:
      StageName: prod
      Auth:
        ApiKeyRequired: true
        UsagePlan:
          CreateUsagePlan: PER_API
  SharedA:
    Type: AWS::Serverless::Api
    Properties:
      StageName: prod
      Auth:
        UsagePlan:
          CreateUsagePlan: SHARED
  SharedB:
    Type: AWS::Serverless::Api
    Properties:
      StageName: prod
      Auth:
        UsagePlan:
          CreateUsagePlan: SHARED
`)
    expect(model.getKind('Own.UsagePlan', 'usage-plan')!.keys!.map((entry) => entry.key)).toEqual(['Own.ApiKey'])
    expect(model.getKind('SharedA.UsagePlan', 'usage-plan')!.keys!.map((entry) => entry.key)).toEqual(['ServerlessApiKey'])
    expect(model.getKind('SharedB.UsagePlan', 'usage-plan')!.keys!.map((entry) => entry.key)).toEqual(['ServerlessApiKey'])
    expect(model.all('api-key').map((key) => [key.id, plain(key.enabled)])).toEqual([
      ['Own.ApiKey', 'default true'],
      ['ServerlessApiKey', 'default true'],
    ])
  })

  it('reads Terraform usage plan keys and throttle blocks; a dynamic throttle is unknown', async () => {
    const model = await terraform(`variable "paths" {
  type = list(string)
}

resource "aws_api_gateway_rest_api" "api" {
  name = "orders"
}

resource "aws_api_gateway_usage_plan" "plan" {
  name = "plan"
  api_stages {
    api_id = aws_api_gateway_rest_api.api.id
    stage  = "prod"
    dynamic "throttle" {
      for_each = var.paths
      content {
        path       = throttle.value
        rate_limit = 5
      }
    }
  }
}

resource "aws_api_gateway_usage_plan_key" "outside" {
  key_id        = "a1b2c3d4e5"
  key_type      = "API_KEY"
  usage_plan_id = aws_api_gateway_usage_plan.plan.id
}
`)
    const plan = model.getKind('aws_api_gateway_usage_plan.plan', 'usage-plan')!
    expect(plan.keys!.map((entry) => entry.key)).toEqual([undefined])
    expect(plan.stages[0]!.throttles![0]!.route.known).toBe(false)
  })
})

describe('what iac-lint paths shows of the settings', () => {
  it('adds nothing to the paths of a template that sets none of them', () => {
    const model = cloudFormation(`AWSTemplateFormatVersion: '2010-09-09'
Resources:
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      Runtime: python3.12
      Handler: index.handler
      Role: arn:aws:iam::123456789012:role/fn
      Code:
        ZipFile: 'def handler(event, context): return {}'
  Group:
    Type: AWS::ElasticLoadBalancingV2::TargetGroup
    Properties:
      TargetType: lambda
      Targets:
        - Id: !GetAtt Fn.Arn
  LoadBalancer:
    Type: AWS::ElasticLoadBalancingV2::LoadBalancer
    Properties:
      Subnets: [subnet-0a1b2c3d, subnet-4e5f6a7b]
  Listener:
    Type: AWS::ElasticLoadBalancingV2::Listener
    Properties:
      LoadBalancerArn: !Ref LoadBalancer
      Port: 80
      Protocol: HTTP
      DefaultActions:
        - Type: forward
          TargetGroupArn: !Ref Group
  Api:
    Type: AWS::ApiGatewayV2::Api
    Properties:
      ProtocolType: HTTP
      Target: !GetAtt Fn.Arn
`)
    const json = renderPathsJson([model], { cwd: process.cwd(), toolVersion: '0.0.0' })
    for (const field of ['"tls"', '"attributes"', '"stages"', '"usagePlans"', '"authentication"', 'ecs-service']) expect(json).not.toContain(field)
    expect(renderPaths([model], process.cwd())).not.toMatch(/tls:|settings:|stage:|plan:|behind:/)
  })

  it('shows the settings that differ from the defaults, in JSON and as text', () => {
    const json = cli(['paths', '-f', 'json', 'test/fixtures/parity/settings-alb-attributes-tls/template.yaml'])
    expectCleanExit(json)
    const [secured, plainHttps] = (JSON.parse(json.stdout) as { models: Array<{ paths: Array<Record<string, unknown>> }> }).models[0]!.paths
    expect(secured).toMatchObject({
      entry: { tls: { sslPolicy: 'ELBSecurityPolicy-TLS13-1-2-2021-06', certificates: 1, trustStore: true, ignoreClientCertificateExpiry: true } },
      frontDoor: { attributes: { dropInvalidHeaderFields: true, desyncMitigationMode: 'strictest', idleTimeoutSeconds: 120, accessLogs: true, http2: false } },
      authentication: [{ type: 'authenticate-oidc', onUnauthenticatedRequest: 'deny', sessionTimeout: 3600 }],
      targets: [{ kind: 'target-group', attributes: { lambdaMultiValueHeaders: true } }],
    })
    expect(plainHttps).toMatchObject({ entry: { tls: { sslPolicy: 'ELBSecurityPolicy-2016-08', certificates: 1 } } })
    expect(plainHttps!.authentication).toBeUndefined()
    const text = cli(['paths', 'test/fixtures/parity/settings-usage-plan-keys/main.tf'])
    expectCleanExit(text)
    expect(text.stdout).toContain('plan:     aws_api_gateway_usage_plan.partners, 2 keys, per-method limits on GET /reports')
  })

  it('shows the targets behind a target group with their security groups', () => {
    const run = cli(['paths', '-f', 'json', 'test/fixtures/parity/settings-alb-ecs-service/main.tf'])
    expectCleanExit(run)
    const paths = (JSON.parse(run.stdout) as { models: Array<{ paths: Array<{ targets: Array<{ targets: Array<Record<string, unknown>> }> }> }> }).models[0]!.paths
    expect(paths[0]!.targets[0]!.targets).toMatchObject([
      {
        kind: 'ecs-service',
        address: 'aws_ecs_service.orders',
        launchType: 'FARGATE',
        assignPublicIp: true,
        containerPorts: [8080],
        securityGroups: [{ kind: 'security-group', address: 'aws_security_group.targets' }, 'sg-0fedcba9876543210'],
      },
    ])
  })
})
