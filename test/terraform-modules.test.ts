import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { rules, scan } from '../src/index.js'
import { MAX_COUNT } from '../src/frontends/terraform/configuration.js'
import { PAST_A_LIMIT } from '../src/frontends/terraform/meter.js'
import { expand, folderWith, plain, removeFolders, resource } from './terraform-support.js'

afterAll(removeFolders)

function addresses(expansion: { resources: Array<{ address: string }> }): string[] {
  return expansion.resources.map((candidate) => candidate.address)
}

describe('count and for_each', () => {
  it('makes one instance per count index and per for_each key, with Terraform addresses', async () => {
    const dir = folderWith({
      'main.tf': `
resource "aws_lb" "counted" {
  count = 2
  name  = "lb-\${count.index}"
}
resource "aws_lb" "keyed" {
  for_each = { edge = "internet-facing", core = "internal" }
  name     = "\${each.key}-\${each.value}"
}
resource "aws_lb" "set" {
  for_each = toset(["b", "a"])
  name     = each.value
}
resource "aws_lb" "none" {
  count = 0
}
`,
    })
    const expansion = await expand(dir)
    expect(addresses(expansion)).toEqual([
      'aws_lb.counted[0]',
      'aws_lb.counted[1]',
      'aws_lb.keyed["core"]',
      'aws_lb.keyed["edge"]',
      'aws_lb.set["a"]',
      'aws_lb.set["b"]',
    ])
    expect(plain(resource(expansion, 'aws_lb.counted[1]').body.fields.get('name'))).toBe('lb-1')
    expect(plain(resource(expansion, 'aws_lb.keyed["core"]').body.fields.get('name'))).toBe('core-internal')
  })

  it('gives an unknown count or for_each one instance without a key, whose index stays unknown', async () => {
    const dir = folderWith({
      'main.tf': `
variable "n" {}
resource "aws_lb" "maybe" {
  count = var.n
  name  = "lb-\${count.index}"
}
resource "aws_lb" "each" {
  for_each = aws_s3_bucket.logs
  name     = each.key
}
`,
    })
    const expansion = await expand(dir)
    expect(addresses(expansion)).toEqual(['aws_lb.maybe', 'aws_lb.each'])
    expect(plain(resource(expansion, 'aws_lb.maybe').body.fields.get('name'))).toMatchObject({ unknown: expect.stringContaining('variable n has no default') })
    expect(plain(resource(expansion, 'aws_lb.each').body.fields.get('name'))).toMatchObject({ refs: ['aws_s3_bucket.logs'] })
  })
})

describe('limits', () => {
  it('gives a count above the limit one instance without a key instead of expanding it', async () => {
    const dir = folderWith({ 'main.tf': `resource "aws_lb" "many" {\n  count = ${MAX_COUNT + 1}\n  name  = "lb-\${count.index}"\n}\n` })
    const expansion = await expand(dir)
    expect(addresses(expansion)).toEqual(['aws_lb.many'])
    expect(plain(resource(expansion, 'aws_lb.many').body.fields.get('name'))).toMatchObject({ unknown: `count ${MAX_COUNT + 1} is more than iac-lint expands (${MAX_COUNT})` })
  })

  it('turns a chain of locals deeper than the limit into an unknown value, not a stack overflow', async () => {
    const links = Array.from({ length: 20_000 }, (_, i) => `  a${i} = local.a${i + 1}`).join('\n')
    const dir = folderWith({ 'main.tf': `locals {\n${links}\n  a20000 = "end"\n}\nresource "test_thing" "probe" {\n  value = local.a0\n}\n` })
    const value = plain(resource(await expand(dir), 'test_thing.probe').body.fields.get('value'))
    expect(value).toEqual({ unknown: PAST_A_LIMIT, refs: [] })
  })
})

describe('dynamic blocks', () => {
  it('expands a known for_each in place among the static blocks, with the iterator scoped', async () => {
    const dir = folderWith({
      'main.tf': `
locals {
  auth = [{ type = "authenticate-oidc", order = 1 }]
}
resource "aws_lb_listener" "web" {
  dynamic "default_action" {
    for_each = local.auth
    content {
      type  = default_action.value.type
      order = default_action.value.order
    }
  }
  default_action {
    type  = "forward"
    order = 2
  }
  dynamic "default_action" {
    for_each = { extra = "fixed-response" }
    iterator = action
    content {
      type  = action.value
      order = 3
    }
  }
}
`,
    })
    const listener = resource(await expand(dir), 'aws_lb_listener.web')
    expect(plain(listener.body.fields.get('default_action'))).toEqual([
      { type: 'authenticate-oidc', order: 1 },
      { type: 'forward', order: 2 },
      { type: 'fixed-response', order: 3 },
    ])
  })

  it('expands nested dynamic blocks, each with its own iterator', async () => {
    const dir = folderWith({
      'main.tf': `
resource "aws_lb_listener_rule" "r" {
  dynamic "condition" {
    for_each = [["/a", "/b"]]
    content {
      dynamic "path_pattern" {
        for_each = [condition.value]
        content {
          values = path_pattern.value
        }
      }
    }
  }
}
`,
    })
    const rule = resource(await expand(dir), 'aws_lb_listener_rule.r')
    expect(plain(rule.body.fields.get('condition'))).toEqual([{ path_pattern: [{ values: ['/a', '/b'] }] }])
  })

  it('makes the blocks unknown, keeping what they reference, when for_each is unknown', async () => {
    const dir = folderWith({
      'main.tf': `
variable "actions" {}
resource "aws_lb_listener" "web" {
  dynamic "default_action" {
    for_each = var.actions
    content {
      type             = "forward"
      target_group_arn = aws_lb_target_group.app.arn
    }
  }
}
`,
    })
    const listener = resource(await expand(dir), 'aws_lb_listener.web')
    expect(plain(listener.body.fields.get('default_action'))).toMatchObject({
      unknown: expect.stringContaining('actions'),
      refs: ['aws_lb_target_group.app.arn'],
    })
  })
})

describe('modules', () => {
  const edge = {
    'modules/edge/variables.tf': `
variable "internal" {
  type    = bool
  default = true
}
variable "name" {}
`,
    'modules/edge/main.tf': `
resource "aws_lb" "this" {
  name     = var.name
  internal = var.internal
}
resource "aws_lb_listener" "this" {
  load_balancer_arn = aws_lb.this.arn
}
output "lb_arn" {
  value = aws_lb.this.arn
}
output "name" {
  value = aws_lb.this.name
}
`,
  }

  it('follows a local module call with the caller arguments and prefixes addresses with the module path', async () => {
    const dir = folderWith({
      ...edge,
      'main.tf': `
locals {
  env = "prod"
}
module "edge" {
  source   = "./modules/edge"
  name     = "\${local.env}-edge"
  internal = false
}
resource "aws_wafv2_web_acl_association" "waf" {
  resource_arn = module.edge.lb_arn
}
`,
    })
    const expansion = await expand(dir)
    expect(addresses(expansion)).toEqual(['aws_wafv2_web_acl_association.waf', 'module.edge.aws_lb.this', 'module.edge.aws_lb_listener.this'])
    const lb = resource(expansion, 'module.edge.aws_lb.this')
    expect(plain(lb.body.fields.get('name'))).toBe('prod-edge')
    expect(plain(lb.body.fields.get('internal'))).toBe(false)
    expect(lb.location.file).toBe(path.join(dir, 'modules', 'edge', 'main.tf'))
    expect(plain(resource(expansion, 'module.edge.aws_lb_listener.this').body.fields.get('load_balancer_arn'))).toMatchObject({
      refs: ['module.edge.aws_lb.this.arn'],
    })
    expect(plain(resource(expansion, 'aws_wafv2_web_acl_association.waf').body.fields.get('resource_arn'))).toMatchObject({
      refs: ['module.edge.aws_lb.this.arn'],
    })
    expect(expansion.modules).toBe(2)
  })

  it('expands modules with count and for_each into keyed instances', async () => {
    const dir = folderWith({
      ...edge,
      'main.tf': `
module "edge" {
  source   = "./modules/edge"
  for_each = { eu = false, us = true }
  name     = each.key
  internal = each.value
}
module "spare" {
  source = "./modules/edge"
  count  = 1
  name   = "spare"
}
resource "null_resource" "names" {
  triggers = {
    eu    = module.edge["eu"].name
    spare = module.spare[0].lb_arn
  }
}
`,
    })
    const expansion = await expand(dir)
    expect(addresses(expansion).filter((address) => address.endsWith('aws_lb.this'))).toEqual([
      'module.edge["eu"].aws_lb.this',
      'module.edge["us"].aws_lb.this',
      'module.spare[0].aws_lb.this',
    ])
    expect(plain(resource(expansion, 'module.edge["us"].aws_lb.this').body.fields.get('internal'))).toBe(true)
    expect(plain(resource(expansion, 'null_resource.names').body.fields.get('triggers'))).toMatchObject({
      eu: { refs: ['module.edge["eu"].aws_lb.this.name'] },
      spare: { refs: ['module.spare[0].aws_lb.this.arn'] },
    })
  })

  it('analyses a folder that a scanned folder calls only through its caller', async () => {
    const dir = folderWith({
      ...edge,
      'main.tf': 'module "edge" {\n  source = "./modules/edge"\n  name = "edge"\n}\n',
    })
    const result = await scan([dir], { rules, cwd: dir })
    expect(result.templatesScanned).toBe(1)
    expect(result.notices).toEqual([])
  })

  it('reports a module that calls itself once and does not follow it', async () => {
    const dir = folderWith({ 'main.tf': 'module "again" {\n  source = "./"\n}\nresource "aws_lb" "x" {}\n' })
    const expansion = await expand(dir)
    expect(addresses(expansion)).toEqual(['aws_lb.x'])
    expect(expansion.notices).toEqual(['module "again" (source "./") calls a module it is called from; the recursion is not followed'])
  })

  it('resolves registry modules from .terraform/modules/modules.json and notes the ones it cannot find once', async () => {
    const dir = folderWith({
      'main.tf': `
module "alb" {
  source  = "terraform-aws-modules/alb/aws"
  version = "9.0.0"
}
module "vpc" {
  source = "terraform-aws-modules/vpc/aws"
}
module "vpc2" {
  source = "terraform-aws-modules/vpc/aws"
}
resource "aws_lb_listener" "x" {
  load_balancer_arn = module.vpc.arn
}
`,
      '.terraform/modules/modules.json': JSON.stringify({
        Modules: [
          { Key: '', Source: '', Dir: '.' },
          { Key: 'alb', Source: 'registry.terraform.io/terraform-aws-modules/alb/aws', Version: '9.0.0', Dir: '.terraform/modules/alb' },
        ],
      }),
      '.terraform/modules/alb/main.tf': 'resource "aws_lb" "this" {}\n',
    })
    const expansion = await expand(dir)
    expect(addresses(expansion)).toEqual(['aws_lb_listener.x', 'module.alb.aws_lb.this'])
    expect(expansion.notices).toEqual([
      'module source "terraform-aws-modules/vpc/aws" is not available locally (no entry in .terraform/modules/modules.json; run terraform init to fetch it); the resources of that module are not analysed and its outputs are unknown',
    ])
    expect(plain(resource(expansion, 'aws_lb_listener.x').body.fields.get('load_balancer_arn'))).toMatchObject({
      unknown: expect.stringContaining('module.vpc: module source'),
    })
  })

  it('merges override files into the blocks they override', async () => {
    const dir = folderWith({
      'main.tf': 'resource "aws_lb" "x" {\n  internal = true\n  name = "a"\n}\n',
      'override.tf': 'resource "aws_lb" "x" {\n  internal = false\n}\n',
    })
    const lb = resource(await expand(dir), 'aws_lb.x')
    expect(plain(lb.body)).toEqual({ name: 'a', internal: false })
  })

  it('reads .tf and .tf.json files of a folder as one module', async () => {
    const dir = folderWith({
      'variables.tf': 'variable "name" {\n  default = "from-hcl"\n}\n',
      'main.tf.json': JSON.stringify({ resource: { aws_lb: { x: { name: '${var.name}' } } } }),
    })
    expect(plain(resource(await expand(dir), 'aws_lb.x').body.fields.get('name'))).toBe('from-hcl')
  })
})

describe('variable values', () => {
  const files = {
    'variables.tf': ['a', 'b', 'c', 'd', 'e', 'f', 'g'].map((name) => `variable "${name}" {\n  default = "default"\n}\n`).join(''),
    'main.tf': 'resource "test_thing" "probe" {\n  values = [var.a, var.b, var.c, var.d, var.e, var.f, var.g]\n}\n',
    'terraform.tfvars': 'b = "tfvars"\nc = "tfvars"\nd = "tfvars"\ne = "tfvars"\nf = "tfvars"\ng = "tfvars"\n',
    'terraform.tfvars.json': '{ "c": "tfvars.json", "d": "tfvars.json", "e": "tfvars.json", "f": "tfvars.json", "g": "tfvars.json" }',
    'a.auto.tfvars': 'd = "a.auto"\ne = "a.auto"\nf = "a.auto"\ng = "a.auto"\n',
    'b.auto.tfvars.json': '{ "e": "b.auto.json", "f": "b.auto.json", "g": "b.auto.json" }',
    'extra.tfvars': 'f = "var-file"\ng = "var-file"\n',
  }

  it('ranks defaults, terraform.tfvars, its JSON form, *.auto.tfvars in name order, --var-file and --var as Terraform does', async () => {
    const dir = folderWith(files)
    const expansion = await expand(dir, { g: 'var' }, [path.join(dir, 'extra.tfvars')])
    expect(plain(resource(expansion, 'test_thing.probe').body.fields.get('values'))).toEqual([
      'default',
      'tfvars',
      'tfvars.json',
      'a.auto',
      'b.auto.json',
      'var-file',
      'var',
    ])
  })

  it('passes --var and --var-file through scan options', async () => {
    const dir = folderWith({
      'main.tf': 'variable "internal" {}\nvariable "timeout" {}\n' + LAMBDA_BEHIND_ALB,
      'prod.tfvars': 'timeout = 60\n',
    })
    // Only the rule that depends on var.internal: others (the listener's TLS policy) report either way.
    const unauthenticated = rules.filter((rule) => rule.meta.id === 'alb-lambda-unauthenticated')
    const open = await scan([dir], { rules: unauthenticated, cwd: dir, terraformVars: { internal: 'false' }, terraformVarFiles: ['prod.tfvars'] })
    expect(open.findings.map((finding) => finding.ruleId)).toEqual(['alb-lambda-unauthenticated'])
    const closed = await scan([dir], { rules: unauthenticated, cwd: dir, terraformVars: { internal: 'true' } })
    expect(closed.findings).toEqual([])
    await expect(scan([dir], { rules, cwd: dir, terraformVarFiles: ['missing.tfvars'] })).rejects.toThrow('no such variable file: missing.tfvars')
  })
})

const LAMBDA_BEHIND_ALB = `
resource "aws_lb" "edge" {
  internal = var.internal
}
resource "aws_lambda_function" "api" {
  timeout = var.timeout
}
resource "aws_lb_target_group" "api" {
  target_type = "lambda"
}
resource "aws_lb_target_group_attachment" "api" {
  target_group_arn = aws_lb_target_group.api.arn
  target_id        = aws_lambda_function.api.arn
}
resource "aws_lb_listener" "web" {
  load_balancer_arn = aws_lb.edge.arn
  port              = 443
  protocol          = "HTTPS"
  default_action {
    type             = "forward"
    target_group_arn = aws_lb_target_group.api.arn
  }
}
`

describe('broken files', () => {
  it('reports broken HCL with its line and column and still analyses the other files of the module', async () => {
    const dir = folderWith({
      'broken.tf': 'resource "aws_s3_bucket" "b" {\n  bucket = "x"\n',
      'main.tf': 'variable "internal" {\n  default = false\n}\nvariable "timeout" {\n  default = 3\n}\n' + LAMBDA_BEHIND_ALB,
    })
    // One rule is enough to show main.tf was analysed; parse-error findings come with any rule selection.
    const result = await scan([dir], { rules: rules.filter((rule) => rule.meta.id === 'alb-lambda-unauthenticated'), cwd: dir })
    expect(result.findings.map((finding) => [path.basename(finding.location.file), finding.location.range.line, finding.ruleId, finding.message])).toEqual([
      ['broken.tf', 3, 'parse-error', "HCL syntax error: missing '}' at the end of the file"],
      ['main.tf', 25, 'alb-lambda-unauthenticated', expect.stringContaining('Listener aws_lb_listener.web on internet-facing load balancer aws_lb.edge')],
    ])
  })
})
