/**
 * Who the network lets reach a load balancer path (src/model/paths.ts `sources`, `internetReach`):
 * security groups and their ingress rules in both frameworks, listener rules' source-ip
 * conditions, and exposure declared on any element of a path. Every case states an exact verdict.
 */
import { afterAll, describe, expect, it } from 'vitest'
import { modelFromCloudFormation } from '../src/frontends/cloudformation/from-cloudformation.js'
import { parseTemplateText } from '../src/frontends/cloudformation/template.js'
import { modelFromTerraform } from '../src/frontends/terraform/from-terraform.js'
import { applyDeclarations } from '../src/model/declarations.js'
import type { Model } from '../src/model/model.js'
import { intersect, isPrivateCidr } from '../src/model/cidr.js'
import { internetReach, type InternetReach, type RequestPath } from '../src/model/paths.js'
import { expand, folderWith, removeFolders } from './terraform-support.js'

afterAll(removeFolders)

function cfnModel(text: string): Model {
  const parsed = parseTemplateText(text, 'template.yaml')
  if (!parsed.ok) throw new Error(`the test template does not parse: ${parsed.message}`)
  return modelFromCloudFormation('template.yaml', parsed.root)
}

function pathOf(model: Model, kind: 'listener' | 'listener-rule' = 'listener'): RequestPath {
  const found = model.paths().find((path) => path.entry.kind === kind)
  if (!found) throw new Error(`no ${kind} path`)
  return found
}

/** An internet-facing ALB with a listener on `port`, attaching `groups`, with `extra` resources. */
function alb(options: { ingress?: string; extra?: string; groups?: string; port?: string; parameters?: string } = {}): string {
  const groups = options.groups ?? '      SecurityGroups:\n        - !Ref WebSg\n'
  return `
Parameters:
  Anything:
    Type: String
${options.parameters ?? ''}
Resources:
  WebSg:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: web
${options.ingress === undefined ? '' : `      SecurityGroupIngress:\n${options.ingress}`}
${options.extra ?? ''}
  LoadBalancer:
    Type: AWS::ElasticLoadBalancingV2::LoadBalancer
    Properties:
      Scheme: internet-facing
${groups}
  Listener:
    Type: AWS::ElasticLoadBalancingV2::Listener
    Properties:
      LoadBalancerArn: !Ref LoadBalancer
      Port: ${options.port ?? '443'}
      Protocol: HTTPS
      DefaultActions:
        - Type: fixed-response
`
}

function rule(cidr: string, protocol = 'tcp', from: string | number = 443, to: string | number = 443): string {
  return `        - IpProtocol: '${protocol}'\n          FromPort: ${from}\n          ToPort: ${to}\n          CidrIp: ${cidr}\n`
}

function reachOf(text: string, kind: 'listener' | 'listener-rule' = 'listener'): InternetReach {
  return internetReach(pathOf(cfnModel(text), kind))
}

describe('CloudFormation security groups', () => {
  it('is open when 0.0.0.0/0 reaches the listener port', () => {
    const path = pathOf(cfnModel(alb({ ingress: rule('0.0.0.0/0') })))
    expect(internetReach(path)).toEqual({ kind: 'open', declared: false })
    expect(path.sources).toMatchObject({ known: true, value: { open: true, cidrs: [{ cidr: '0.0.0.0/0', narrowed: false }], others: [] } })
  })

  it('is open from ::/0 too', () => {
    const text = alb({ ingress: `        - IpProtocol: tcp\n          FromPort: 443\n          ToPort: 443\n          CidrIpv6: ::/0\n` })
    expect(reachOf(text)).toEqual({ kind: 'open', declared: false })
  })

  it('reaches no one on the internet when only 10.0.0.0/8 is admitted', () => {
    const path = pathOf(cfnModel(alb({ ingress: rule('10.0.0.0/8') })))
    expect(internetReach(path)).toEqual({ kind: 'none' })
    expect(path.sources).toMatchObject({ known: true, value: { open: false, cidrs: [{ cidr: '10.0.0.0/8' }] } })
  })

  it('names a public range it admits, and leaves private ones out', () => {
    expect(reachOf(alb({ ingress: rule('203.0.113.0/24') + rule('10.0.0.0/8') }))).toEqual({
      kind: 'listed',
      cidrs: ['203.0.113.0/24'],
      prefixLists: [],
    })
    expect(reachOf(alb({ ingress: rule('198.51.100.7/32') }))).toEqual({ kind: 'listed', cidrs: ['198.51.100.7/32'], prefixLists: [] })
  })

  it('is unknown when a range comes from a parameter without a default, not open', () => {
    const text = alb({ ingress: `        - IpProtocol: tcp\n          FromPort: 443\n          ToPort: 443\n          CidrIp: !Ref Allowed\n`, parameters: '  Allowed:\n    Type: String\n' })
    const reach = reachOf(text)
    expect(reach.kind).toBe('unknown')
    expect(reach).toMatchObject({ why: expect.stringContaining('parameter Allowed has no default') })
  })

  it('reads a parameter default', () => {
    const text = alb({
      ingress: `        - IpProtocol: tcp\n          FromPort: 443\n          ToPort: 443\n          CidrIp: !Ref Allowed\n`,
      parameters: '  Allowed:\n    Type: String\n    Default: 10.1.0.0/16\n',
    })
    expect(reachOf(text)).toEqual({ kind: 'none' })
  })

  it('lists a prefix list, whose ranges are not known', () => {
    const text = alb({ ingress: `        - IpProtocol: tcp\n          FromPort: 443\n          ToPort: 443\n          SourcePrefixListId: pl-0123\n` })
    const path = pathOf(cfnModel(text))
    expect(internetReach(path)).toEqual({ kind: 'listed', cidrs: [], prefixLists: ['pl-0123'] })
    expect(path.sources).toMatchObject({ known: true, value: { open: false, cidrs: [], others: [{ kind: 'prefix-list', id: 'pl-0123' }] } })
  })

  it('does not count members of another security group as internet clients', () => {
    const text = alb({
      ingress: `        - IpProtocol: tcp\n          FromPort: 443\n          ToPort: 443\n          SourceSecurityGroupId: !GetAtt Other.GroupId\n`,
      extra: '  Other:\n    Type: AWS::EC2::SecurityGroup\n    Properties:\n      GroupDescription: other\n',
    })
    const path = pathOf(cfnModel(text))
    expect(internetReach(path)).toEqual({ kind: 'none' })
    expect(path.sources).toMatchObject({ known: true, value: { others: [{ kind: 'security-group', id: 'Other' }] } })
  })

  it('ignores port ranges that do not cover the listener port', () => {
    expect(reachOf(alb({ ingress: rule('0.0.0.0/0', 'tcp', 80, 80) + rule('0.0.0.0/0', 'tcp', 444, 8443) }))).toEqual({ kind: 'none' })
    expect(reachOf(alb({ ingress: rule('0.0.0.0/0', 'tcp', 400, 500) }))).toEqual({ kind: 'open', declared: false })
    expect(reachOf(alb({ ingress: rule('0.0.0.0/0', 'udp', 0, 65535) }))).toEqual({ kind: 'none' })
    expect(reachOf(alb({ ingress: rule('0.0.0.0/0', '6', 443, 443) }))).toEqual({ kind: 'open', declared: false })
  })

  it('reads protocol -1 as every port', () => {
    expect(reachOf(alb({ ingress: rule('0.0.0.0/0', '-1', -1, -1) }))).toEqual({ kind: 'open', declared: false })
    expect(reachOf(alb({ ingress: rule('0.0.0.0/0', '-1', 22, 22) }))).toEqual({ kind: 'open', declared: false })
  })

  it('is unknown when the listener port is, unless the rule covers every port', () => {
    const parameters = '  Port:\n    Type: Number\n'
    expect(reachOf(alb({ ingress: rule('0.0.0.0/0'), port: '!Ref Port', parameters })).kind).toBe('unknown')
    expect(reachOf(alb({ ingress: rule('0.0.0.0/0', '-1', -1, -1), port: '!Ref Port', parameters }))).toEqual({ kind: 'open', declared: false })
  })

  it('reads a separate AWS::EC2::SecurityGroupIngress', () => {
    const extra = `  Ingress:
    Type: AWS::EC2::SecurityGroupIngress
    Properties:
      GroupId: !GetAtt WebSg.GroupId
      IpProtocol: tcp
      FromPort: 443
      ToPort: 443
      CidrIp: 0.0.0.0/0
`
    expect(reachOf(alb({ extra }))).toEqual({ kind: 'open', declared: false })
    expect(reachOf(alb({ extra: extra.replace('0.0.0.0/0', '172.16.0.0/12') }))).toEqual({ kind: 'none' })
  })

  it('admits the union of every attached group', () => {
    const extra = `  Second:
    Type: AWS::EC2::SecurityGroup
    Properties:
      GroupDescription: second
      SecurityGroupIngress:
${rule('0.0.0.0/0')}`
    const groups = '      SecurityGroups:\n        - !Ref WebSg\n        - !Ref Second\n'
    expect(reachOf(alb({ ingress: rule('10.0.0.0/8'), extra, groups }))).toEqual({ kind: 'open', declared: false })
  })

  it('does not claim a restriction for a load balancer without security groups, or with one not in the template', () => {
    const none = reachOf(alb({ ingress: rule('10.0.0.0/8'), groups: '' }))
    expect(none).toEqual({ kind: 'unknown', why: expect.stringContaining("VPC's default security group") })
    const outside = reachOf(alb({ ingress: rule('10.0.0.0/8'), groups: '      SecurityGroups:\n        - sg-0abc\n' }))
    expect(outside).toEqual({ kind: 'unknown', why: 'security group sg-0abc is not in this template' })
    const parameter = reachOf(alb({ groups: '      SecurityGroups: !Ref Anything\n' }))
    expect(parameter.kind).toBe('unknown')
  })
})

describe('source-ip conditions', () => {
  function withRule(ingress: string, values: string[]): string {
    return `${alb({ ingress })}
  Rule:
    Type: AWS::ElasticLoadBalancingV2::ListenerRule
    Properties:
      ListenerArn: !Ref Listener
      Priority: 1
      Conditions:
        - Field: source-ip
          SourceIpConfig:
            Values: [${values.join(', ')}]
      Actions:
        - Type: fixed-response
`
  }

  it('admits a rule path only from its ranges', () => {
    const model = cfnModel(withRule(rule('0.0.0.0/0'), ['203.0.113.0/24', '10.0.0.0/8']))
    expect(internetReach(pathOf(model))).toEqual({ kind: 'open', declared: false })
    const rulePath = pathOf(model, 'listener-rule')
    expect(internetReach(rulePath)).toEqual({ kind: 'listed', cidrs: ['203.0.113.0/24'], prefixLists: [] })
    expect(rulePath.sources).toMatchObject({ known: true, value: { open: false, sourceIp: ['203.0.113.0/24', '10.0.0.0/8'] } })
  })

  it('is open through a rule whose condition includes 0.0.0.0/0', () => {
    expect(reachOf(withRule(rule('0.0.0.0/0'), ['0.0.0.0/0']), 'listener-rule')).toEqual({ kind: 'open', declared: false })
  })

  it('keeps the narrower of the group and the condition', () => {
    const path = pathOf(cfnModel(withRule(rule('10.0.0.0/8'), ['0.0.0.0/0'])), 'listener-rule')
    expect(internetReach(path)).toEqual({ kind: 'none' })
    expect(path.sources).toMatchObject({ known: true, value: { cidrs: [{ cidr: '10.0.0.0/8', narrowed: false }] } })
    const narrowed = pathOf(cfnModel(withRule(rule('0.0.0.0/0'), ['192.168.1.0/24'])), 'listener-rule')
    expect(narrowed.sources).toMatchObject({ known: true, value: { cidrs: [{ cidr: '192.168.1.0/24', narrowed: true }] } })
  })

  it('keeps a prefix list private when the condition does', () => {
    const ingress = `        - IpProtocol: tcp\n          FromPort: 443\n          ToPort: 443\n          SourcePrefixListId: pl-0123\n`
    expect(reachOf(withRule(ingress, ['10.0.0.0/8']), 'listener-rule')).toEqual({ kind: 'none' })
    expect(reachOf(withRule(ingress, ['0.0.0.0/0']), 'listener-rule')).toEqual({ kind: 'listed', cidrs: [], prefixLists: ['pl-0123'] })
  })
})

describe('Terraform security groups', () => {
  async function reach(body: string, attach = '[aws_security_group.web.id]'): Promise<{ path: RequestPath; reach: InternetReach }> {
    const dir = folderWith({
      'main.tf': `
variable "cidr" {
  type = string
}

resource "aws_security_group" "web" {
  name = "web"
${body}
}

resource "aws_lb" "web" {
  internal        = false
  security_groups = ${attach}
}

resource "aws_lb_listener" "https" {
  load_balancer_arn = aws_lb.web.arn
  port              = 443
  protocol          = "HTTPS"
  default_action {
    type = "fixed-response"
  }
}
`,
    })
    const model = modelFromTerraform((await expand(dir)).resources, dir)
    const path = pathOf(model)
    return { path, reach: internetReach(path) }
  }
  const ingress = (cidrs: string, protocol = 'tcp', from = 443, to = 443): string =>
    `  ingress {\n    protocol    = "${protocol}"\n    from_port   = ${from}\n    to_port     = ${to}\n    cidr_blocks = ${cidrs}\n  }\n`

  it('reads inline ingress blocks', async () => {
    expect((await reach(ingress('["0.0.0.0/0"]'))).reach).toEqual({ kind: 'open', declared: false })
    expect((await reach(ingress('["10.0.0.0/8"]'))).reach).toEqual({ kind: 'none' })
    expect((await reach(ingress('["0.0.0.0/0"]', 'tcp', 80, 80))).reach).toEqual({ kind: 'none' })
    expect((await reach(ingress('["0.0.0.0/0"]', '-1', 0, 0))).reach).toEqual({ kind: 'open', declared: false })
    expect((await reach(ingress('["0.0.0.0/0"]', 'all', 0, 0))).reach).toEqual({ kind: 'open', declared: false })
  })

  it('is unknown when a range is a variable without a value', async () => {
    const { reach: verdict } = await reach(ingress('[var.cidr]'))
    expect(verdict.kind).toBe('unknown')
  })

  it('reads aws_security_group_rule and aws_vpc_security_group_ingress_rule', async () => {
    const rule = `}

resource "aws_security_group_rule" "https" {
  type              = "ingress"
  security_group_id = aws_security_group.web.id
  protocol          = "tcp"
  from_port         = 443
  to_port           = 443
  cidr_blocks       = ["203.0.113.0/24"]
`
    expect((await reach(rule)).reach).toEqual({ kind: 'listed', cidrs: ['203.0.113.0/24'], prefixLists: [] })
    expect((await reach(rule.replace('"ingress"', '"egress"'))).reach).toEqual({ kind: 'none' })
    const vpc = `}

resource "aws_vpc_security_group_ingress_rule" "https" {
  security_group_id = aws_security_group.web.id
  ip_protocol       = "-1"
  prefix_list_id    = "pl-0123"
`
    expect((await reach(vpc)).reach).toEqual({ kind: 'listed', cidrs: [], prefixLists: ['pl-0123'] })
  })

  it('does not claim a restriction without security groups, or with one not in the module', async () => {
    expect((await reach(ingress('["10.0.0.0/8"]'), '[]')).reach).toMatchObject({ kind: 'unknown', why: expect.stringContaining('default security group') })
    expect((await reach(ingress('["10.0.0.0/8"]'), '["sg-0abc"]')).reach).toEqual({ kind: 'unknown', why: 'security group sg-0abc is not in this template' })
  })
})

describe('declared exposure on any element of a path', () => {
  const ruleInOtherStack = `
Parameters:
  ListenerArn:
    Type: String
Resources:
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      Runtime: python3.12
      Handler: index.handler
      Code: { ZipFile: x }
  Group:
    Type: AWS::ElasticLoadBalancingV2::TargetGroup
    Properties:
      TargetType: lambda
      Targets:
        - Id: !GetAtt Fn.Arn
  Rule:
    Type: AWS::ElasticLoadBalancingV2::ListenerRule
    Properties:
      ListenerArn: !Ref ListenerArn
      Priority: 1
      Conditions:
        - Field: path-pattern
          Values: ['/api/*']
      Actions:
        - Type: forward
          TargetGroupArn: !Ref Group
`

  it('judges a listener rule whose load balancer lives in another stack', () => {
    const model = cfnModel(ruleInOtherStack)
    expect(pathOf(model, 'listener-rule').exposure).toEqual({ known: false, why: 'the listener is not in this template' })
    applyDeclarations(cfnModel(ruleInOtherStack), {})
    const declared = cfnModel(ruleInOtherStack)
    applyDeclarations(declared, { Rule: { exposure: 'public' } })
    const path = pathOf(declared, 'listener-rule')
    expect(path.exposure).toEqual({ known: true, value: 'public' })
    expect(path.declared).toMatchObject({ exposure: 'public', element: { id: 'Rule' } })
    expect(internetReach(path)).toEqual({ kind: 'open', declared: true })
  })

  it('applies a declaration on a target group', () => {
    const model = cfnModel(ruleInOtherStack)
    applyDeclarations(model, { Group: { exposure: 'internal' } })
    expect(pathOf(model, 'listener-rule').exposure).toEqual({ known: true, value: 'internal' })
    // Declared internal: nobody on the internet, whatever the security groups say.
    expect(internetReach(pathOf(model, 'listener-rule'))).toEqual({ kind: 'none' })
  })

  it('lets the element closest to the entry win', () => {
    const text = `${alb({ ingress: rule('0.0.0.0/0') })}
  Rule:
    Type: AWS::ElasticLoadBalancingV2::ListenerRule
    Properties:
      ListenerArn: !Ref Listener
      Priority: 1
      Conditions:
        - Field: path-pattern
          Values: ['/api/*']
      Actions:
        - Type: fixed-response
`
    const model = cfnModel(text)
    applyDeclarations(model, { LoadBalancer: { exposure: 'internal' }, Listener: { exposure: 'public' }, Rule: { exposure: 'private' } })
    expect(pathOf(model, 'listener-rule').exposure).toEqual({ known: true, value: 'private' })
    expect(pathOf(model, 'listener').exposure).toEqual({ known: true, value: 'public' })
    const lbOnly = cfnModel(text)
    applyDeclarations(lbOnly, { LoadBalancer: { exposure: 'internal' } })
    expect(pathOf(lbOnly, 'listener-rule').exposure).toEqual({ known: true, value: 'internal' })
  })
})

describe('address ranges', () => {
  it('intersects ranges', () => {
    expect(intersect('0.0.0.0/0', '203.0.113.0/24')).toBe('203.0.113.0/24')
    expect(intersect('10.0.0.0/8', '10.1.2.0/24')).toBe('10.1.2.0/24')
    expect(intersect('10.0.0.0/8', '192.168.0.0/16')).toBeUndefined()
    expect(intersect('::/0', '2001:db8::/32')).toBe('2001:db8::/32')
    expect(intersect('0.0.0.0/0', '2001:db8::/32')).toBeUndefined()
    expect(intersect('10.0.0.5', '10.0.0.0/24')).toBe('10.0.0.5')
  })

  it('tells private ranges from public ones', () => {
    for (const cidr of ['10.0.0.0/8', '172.20.0.0/16', '192.168.1.0/24', '100.64.0.0/10', 'fd00::/8']) expect(isPrivateCidr(cidr), cidr).toBe(true)
    for (const cidr of ['0.0.0.0/0', '203.0.113.0/24', '172.32.0.0/16', '198.51.100.7/32', '2001:db8::/32', '::/0', 'not a range']) {
      expect(isPrivateCidr(cidr), cidr).toBe(false)
    }
  })
})
