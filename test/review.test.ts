/**
 * `iac-lint diff` and `scan --changed-since` as a user runs them, on real temporary git
 * repositories: the built CLI, its standard output and error and its exit code.
 */
import { execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { cli, repoRoot, type Run } from './cli-run.js'
import type { JsonReport } from '../src/report/index.js'
import { validateSarif } from './sarif-schema.js'

const scratch = mkdtempSync(path.join(os.tmpdir(), 'iac-lint-review-'))
afterAll(() => rmSync(scratch, { recursive: true, force: true }))

const fixture = (name: string) => readFileSync(path.join(repoRoot, 'test', 'fixtures', 'review', name), 'utf8')
const ALB = fixture('alb.yaml')
const PUBLIC_RULE = fixture('public-rule.yaml')
const MAIN_TF = fixture('main.tf')
const PLAN = fixture('internal.plan.json')

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim()
}

let repos = 0
/** A repository with one commit on `main` holding `files`, checked out on a branch `change`. */
function repository(files: Record<string, string>): string {
  const dir = path.join(scratch, `repo-${++repos}`)
  mkdirSync(dir)
  git(dir, 'init', '-q', '-b', 'main')
  git(dir, 'config', 'user.name', 'Review Test')
  git(dir, 'config', 'user.email', 'review@example.com')
  git(dir, 'config', 'commit.gpgsign', 'false')
  write(dir, files)
  commit(dir, 'base')
  git(dir, 'checkout', '-q', '-b', 'change')
  return dir
}

function write(dir: string, files: Record<string, string>): void {
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true })
    writeFileSync(path.join(dir, name), text)
  }
}

function commit(dir: string, message: string): void {
  git(dir, 'add', '-A')
  git(dir, 'commit', '-q', '--allow-empty', '-m', message)
}

function report(run: Run): JsonReport {
  expect(run.stderr).not.toMatch(/internal error|^\s+at /im)
  return JSON.parse(run.stdout) as JsonReport
}

const ruleIds = (run: Run) => report(run).findings.map((finding) => `${finding.ruleId} ${finding.file}:${finding.range.line}`)

interface DiffJson {
  template?: { resources: Array<{ change: string; logicalId: string; impact: string; properties: Array<{ name: string; impact: string }> }> }
  resources: Array<{ change: string; address: string; facts: string[] }>
  paths: Array<{ change: string; entry: string; details: string[]; weakened: boolean }>
  introduced: Array<{ ruleId: string; file: string; address: string | null }>
  resolved: Array<{ ruleId: string; file: string; address: string | null }>
}

function diffJson(run: Run): DiffJson {
  expect(run.stderr).not.toMatch(/internal error|^\s+at /im)
  return JSON.parse(run.stdout) as DiffJson
}

/** The base template with the unauthenticated listener rule appended to its resources. */
const WITH_PUBLIC_RULE = `${ALB.trimEnd()}\n${PUBLIC_RULE}`

describe('scan --changed-since on a template', () => {
  it('reports exactly the unauthenticated ALB route a commit adds', () => {
    const dir = repository({ 'template.yaml': ALB })
    const before = cli(['scan', '-f', 'json', '.'], { cwd: dir })
    // The repository has findings of its own, which the review must leave out.
    expect(report(before).findings.length).toBeGreaterThan(0)
    write(dir, { 'template.yaml': WITH_PUBLIC_RULE })
    commit(dir, 'public route')
    const run = cli(['scan', '--changed-since', 'main', '-f', 'json'], { cwd: dir })
    expect(ruleIds(run)).toEqual([`alb-lambda-unauthenticated template.yaml:${WITH_PUBLIC_RULE.split('\n').indexOf('      Actions:') + 2}`])
    expect(report(run).findings[0]!.address).toBe('PublicRule')
    expect(run.code).toBe(1)
    expect(run.stderr).toMatch(/^note: --changed-since main: 1 changed file since [0-9a-f]{12}$/m)
  })

  it('reports nothing new for a commit that fixes one, and diff shows it resolved', () => {
    const dir = repository({ 'template.yaml': WITH_PUBLIC_RULE })
    write(dir, { 'template.yaml': ALB })
    commit(dir, 'remove the public route')
    const run = cli(['scan', '--changed-since', 'main', '-f', 'json'], { cwd: dir })
    expect(ruleIds(run)).toEqual([])
    expect(run.code).toBe(0)

    const diff = cli(['diff', 'main:template.yaml', 'template.yaml', '-f', 'json'], { cwd: dir })
    const result = diffJson(diff)
    expect(result.introduced).toEqual([])
    expect(result.resolved.map((finding) => [finding.ruleId, finding.file, finding.address])).toEqual([['alb-lambda-unauthenticated', 'template.yaml', 'PublicRule']])
    expect(result.template?.resources.map((resource) => [resource.change, resource.logicalId])).toEqual([['removed', 'PublicRule']])
    expect(result.paths.map((change) => [change.change, change.entry])).toEqual([['removed', 'Listener rule PublicRule (path-pattern /public/*)']])
    expect(diff.code).toBe(0)
  })

  it('reports nothing for a commit that only moves resources', () => {
    const dir = repository({ 'template.yaml': WITH_PUBLIC_RULE })
    const [head, resources] = WITH_PUBLIC_RULE.split('Resources:\n') as [string, string]
    // Each resource block starts at two spaces of indentation; reversed, every line moves.
    const blocks = resources.split(/\n(?= {2}[A-Za-z])/)
    const moved = `${head}Resources:\n${[...blocks].reverse().map((block) => block.trimEnd()).join('\n')}\n`
    expect(moved).not.toBe(WITH_PUBLIC_RULE)
    write(dir, { 'template.yaml': moved })
    commit(dir, 'reorder')
    const run = cli(['scan', '--changed-since', 'main', '-f', 'json'], { cwd: dir })
    expect(ruleIds(run)).toEqual([])
    expect(run.code).toBe(0)
    const diff = diffJson(cli(['diff', 'main:template.yaml', 'template.yaml', '-f', 'json'], { cwd: dir }))
    expect(diff).toMatchObject({ resources: [], paths: [], introduced: [], resolved: [] })
    expect(diff.template?.resources).toEqual([])
  })

  it('reports nothing and exits 0 in an unchanged repository', () => {
    const dir = repository({ 'template.yaml': WITH_PUBLIC_RULE })
    const run = cli(['scan', '--changed-since', 'main'], { cwd: dir })
    expect(run.stdout).not.toContain('alb-lambda-unauthenticated')
    expect(run.stderr).toContain('note: --changed-since main: 0 changed files since')
    expect(run.code).toBe(0)
    // The same repository scanned whole fails: the review is what made it pass.
    expect(cli(['scan'], { cwd: dir }).code).toBe(1)
  })

  it('follows a renamed template: only the route added with the rename is new', () => {
    const dir = repository({ 'infra/template.yaml': ALB, 'infra/old.yaml': ALB })
    renameSync(path.join(dir, 'infra/template.yaml'), path.join(dir, 'infra/renamed.yaml'))
    rmSync(path.join(dir, 'infra/old.yaml'))
    write(dir, { 'infra/renamed.yaml': WITH_PUBLIC_RULE })
    commit(dir, 'rename, delete, add a route')
    const run = cli(['scan', '--changed-since', 'main', '-f', 'json', 'infra'], { cwd: dir })
    expect(ruleIds(run).map((id) => id.replace(/:\d+$/, ''))).toEqual(['alb-lambda-unauthenticated infra/renamed.yaml'])
  })

  it('counts work-tree changes and untracked templates, as a pre-commit run sees them', () => {
    const dir = repository({ 'template.yaml': ALB })
    write(dir, { 'extra.yaml': WITH_PUBLIC_RULE })
    const run = cli(['scan', '--changed-since', 'HEAD', '-f', 'json'], { cwd: dir })
    const ids = ruleIds(run)
    expect(ids.length).toBeGreaterThan(1)
    expect(ids.every((id) => id.includes(' extra.yaml:'))).toBe(true)
  })

  it('writes nothing into the repository', () => {
    const dir = repository({ 'template.yaml': ALB })
    write(dir, { 'template.yaml': WITH_PUBLIC_RULE })
    commit(dir, 'public route')
    cli(['scan', '--changed-since', 'main'], { cwd: dir })
    expect(git(dir, 'status', '--porcelain', '--ignored')).toBe('')
  })
})

describe('scan --changed-since on Terraform', () => {
  it('reports the finding a module change brings, and not the module findings it already had', () => {
    const dir = repository({ 'infra/main.tf': MAIN_TF })
    const whole = cli(['scan', '-f', 'json', 'infra'], { cwd: dir })
    expect(report(whole).findings.length).toBeGreaterThan(0)
    write(dir, { 'infra/main.tf': MAIN_TF.replace('  default = true', '  default = false') })
    commit(dir, 'make the load balancer internet-facing')
    const run = cli(['scan', '--changed-since', 'main', '-f', 'json'], { cwd: dir })
    const ids = ruleIds(run).map((id) => id.replace(/:\d+$/, ''))
    expect(ids).toContain('alb-lambda-unauthenticated infra/main.tf')
    expect(ids.length).toBeLessThan(report(cli(['scan', '-f', 'json', 'infra'], { cwd: dir })).findings.length)
    expect(run.code).toBe(1)

    const diff = diffJson(cli(['diff', 'main:infra', 'infra', '-f', 'json'], { cwd: dir }))
    expect(diff.template).toBeUndefined()
    expect(diff.resources.map((resource) => [resource.change, resource.address])).toEqual([['modified', 'aws_lb.public']])
    expect(diff.resources[0]!.facts).toContain('load-balancer.scheme')
    expect(diff.paths.map((change) => [change.change, change.entry, change.weakened])).toEqual([['modified', 'Listener aws_lb_listener.https', true]])
    expect(diff.paths[0]!.details).toContain('exposure: internal → public')
    expect(diff.introduced.map((finding) => finding.ruleId)).toContain('alb-lambda-unauthenticated')
    expect(diff.resolved).toEqual([])
  })

  it('keeps, in a plan, only the findings on resources whose actions are not no-op', () => {
    const planned = (actions: Record<string, string>) => {
      const plan = JSON.parse(PLAN.replace(/"internal": true/g, '"internal": false')) as { resource_changes: Array<{ address: string; change: { actions: string[] } }> }
      for (const change of plan.resource_changes) change.change.actions = [actions[change.address] ?? 'no-op']
      return `${JSON.stringify(plan, null, 2)}\n`
    }
    const dir = repository({ 'plan.json': planned({}) })
    const full = ruleIds(cli(['scan', '-f', 'json', 'plan.json'], { cwd: dir }))
    expect(full.length).toBeGreaterThan(1)
    expect(ruleIds(cli(['scan', '--changed-since', 'main', '-f', 'json'], { cwd: dir }))).toEqual([])

    write(dir, { 'plan.json': planned({ 'aws_lb_listener.http': 'update' }) })
    commit(dir, 'a plan that updates the listener')
    const run = report(cli(['scan', '--changed-since', 'main', '-f', 'json'], { cwd: dir }))
    expect(run.findings.length).toBeGreaterThan(0)
    expect(new Set(run.findings.map((finding) => finding.address))).toEqual(new Set(['aws_lb_listener.http']))
  })
})

describe('iac-lint diff', () => {
  it('compares two plans by our model: the load balancer that became internet-facing and the finding it brings', () => {
    const dir = path.join(scratch, 'plans')
    write(dir, { 'old.plan.json': PLAN, 'new.plan.json': PLAN.replace(/"internal": true/g, '"internal": false') })
    const run = cli(['diff', 'old.plan.json', 'new.plan.json', '-f', 'json'], { cwd: dir })
    const result = diffJson(run)
    expect(result.resources.map((resource) => [resource.change, resource.address])).toEqual([['modified', 'aws_lb.internal']])
    expect(result.paths.map((change) => change.details)).toEqual([['exposure: internal → public']])
    expect(result.introduced.map((finding) => [finding.ruleId, finding.file])).toContainEqual(['alb-lambda-unauthenticated', 'new.plan.json'])
    expect(run.code).toBe(1)
    // Reversed, the same change resolves the finding and introduces none: exit 0.
    const back = cli(['diff', 'new.plan.json', 'old.plan.json', '-f', 'json'], { cwd: dir })
    expect(diffJson(back).introduced).toEqual([])
    expect(diffJson(back).resolved.map((finding) => finding.file)).toContain('new.plan.json')
    expect(back.code).toBe(0)
  })

  it('shows replacement impact, IAM and security group changes of two templates, in each format', () => {
    const dir = path.join(scratch, 'templates')
    const broadened = ALB.replace('      Scheme: internet-facing', '      Scheme: internal')
    write(dir, {
      'old.yaml': broadened,
      'new.yaml': `${ALB.trimEnd()}\n  Role:\n    Type: AWS::IAM::Role\n    Properties:\n      AssumeRolePolicyDocument:\n        Statement:\n          - Effect: Allow\n            Principal: { Service: lambda.amazonaws.com }\n            Action: sts:AssumeRole\n      Policies:\n        - PolicyName: all\n          PolicyDocument:\n            Statement:\n              - Effect: Allow\n                Action: 's3:*'\n                Resource: '*'\n  Open:\n    Type: AWS::EC2::SecurityGroup\n    Properties:\n      GroupDescription: open\n      SecurityGroupIngress:\n        - { IpProtocol: tcp, FromPort: 443, ToPort: 443, CidrIp: 0.0.0.0/0 }\n`,
    })
    const text = cli(['diff', 'old.yaml', 'new.yaml'], { cwd: dir })
    expect(text.stderr).toBe('')
    const lines = text.stdout.split('\n')
    expect(lines[0]).toBe('iac-lint diff old.yaml → new.yaml')
    expect(lines).toContain('  ~ LoadBalancer (AWS::ElasticLoadBalancingV2::LoadBalancer) [replace]')
    expect(lines).toContain('      Scheme: "internal" → "internet-facing" [replace]')
    expect(lines).toContain('  + Role (AWS::IAM::Role)')
    expect(lines).toContain('    + Allow s3:* on * for AWS:${Role}')
    expect(lines).toContain('    + ingress ${Open.GroupId}: TCP 443 from Everyone (IPv4)')
    // Resources, then paths, then findings.
    const order = ['Resources (', 'Request paths (', 'Findings ('].map((heading) => lines.findIndex((line) => line.startsWith(heading)))
    expect(order).toEqual([...order].sort((a, b) => a - b))
    expect(order[0]).toBeGreaterThan(0)
    expect(lines).toContain('      exposure: internal → public')

    const markdown = cli(['diff', 'old.yaml', 'new.yaml', '-f', 'markdown'], { cwd: dir })
    expect(markdown.stdout).toMatch(/^## iac-lint diff\n/)
    expect(markdown.stdout).toContain('```mermaid\nflowchart LR\n')
    expect(markdown.stdout).toContain('| modified | LoadBalancer | AWS::ElasticLoadBalancingV2::LoadBalancer | replace | Scheme (replace) |')
    // Template text is escaped: `${Role}` would be read as LaTeX math by GitHub.
    expect(markdown.stdout).toContain('AWS:\\${Role}')

    const sarif = cli(['diff', 'old.yaml', 'new.yaml', '-f', 'sarif'], { cwd: dir })
    const log = JSON.parse(sarif.stdout) as { runs: Array<{ results: Array<{ ruleId: string }> }> }
    expect(validateSarif(log)).toEqual([])
    const introduced = diffJson(cli(['diff', 'old.yaml', 'new.yaml', '-f', 'json'], { cwd: dir })).introduced
    expect(log.runs[0]!.results.map((result) => result.ruleId).sort()).toEqual(introduced.map((finding) => finding.ruleId).sort())
    expect(introduced.length).toBeGreaterThan(0)
  })

  it('escapes what a template holds before it reaches the terminal', () => {
    const dir = path.join(scratch, 'hostile')
    const hostile = ALB.replace('  PortalFunction:', '  PortalFunction:\n    Metadata:\n      Note: "\\u001b]0;owned\\u0007\\n::error::injected"')
    write(dir, { 'old.yaml': ALB, 'new.yaml': hostile })
    const run = cli(['diff', 'old.yaml', 'new.yaml'], { cwd: dir })
    expect(run.stdout).not.toContain('\u001b')
    expect(run.stdout).not.toMatch(/^::/m)
    expect(run.stdout).toContain('also changed: Metadata')
  })

  it('refuses what it cannot compare with exit 2 and a message', () => {
    const dir = repository({ 'template.yaml': ALB, 'infra/main.tf': MAIN_TF })
    const cases: Array<[string[], RegExp]> = [
      [['diff', 'template.yaml'], /diff needs two arguments/],
      [['diff', 'template.yaml', 'infra'], /two files or two folders/],
      [['diff', 'nowhere:template.yaml', 'template.yaml'], /the revision "nowhere" does not exist/],
      [['diff', 'main:missing.yaml', 'template.yaml'], /there is no missing\.yaml at main/],
      [['diff', 'missing.yaml', 'template.yaml'], /no such file or directory: missing\.yaml/],
      [['diff', 'template.yaml', 'template.yaml', '-f', 'github'], /unknown format "github" for diff/],
      [['scan', '--changed-since', 'no-such-branch'], /the revision "no-such-branch" does not exist in this repository/],
    ]
    for (const [args, message] of cases) {
      const run = cli(args, { cwd: dir })
      expect(run.stderr, args.join(' ')).toMatch(message)
      expect(run.stderr).not.toMatch(/^\s+at /m)
      expect(run.code, args.join(' ')).toBe(2)
    }
  })
})

describe('--changed-since in CI checkouts', () => {
  it('says how to fetch the base in a shallow clone that lacks it', () => {
    const origin = repository({ 'template.yaml': ALB })
    write(origin, { 'template.yaml': WITH_PUBLIC_RULE })
    commit(origin, 'change')
    const clone = path.join(scratch, 'shallow')
    git(scratch, 'clone', '-q', '--depth', '1', '--branch', 'change', '--single-branch', `file://${origin}`, clone)
    const run = cli(['scan', '--changed-since', 'origin/main'], { cwd: clone })
    expect(run.code).toBe(2)
    expect(run.stderr).toMatch(/the revision "origin\/main" does not exist in this repository; this is a shallow clone: fetch the base and the history to it, e\.g\. `git fetch --no-tags --unshallow origin main:refs\/remotes\/origin\/main`/)

    // Fetched as the message says, the review runs.
    git(clone, 'fetch', '-q', '--no-tags', '--unshallow', 'origin', 'main:refs/remotes/origin/main')
    const fetched = cli(['scan', '--changed-since', 'origin/main', '-f', 'json'], { cwd: clone })
    expect(ruleIds(fetched).map((id) => id.replace(/:\d+$/, ''))).toEqual(['alb-lambda-unauthenticated template.yaml'])
  })

  it('says how to fetch more history when the base is there but the merge base is not', () => {
    const origin = repository({ 'template.yaml': ALB })
    for (let index = 0; index < 3; index++) {
      write(origin, { [`file-${index}.txt`]: String(index) })
      commit(origin, `change ${index}`)
    }
    git(origin, 'checkout', '-q', 'main')
    write(origin, { 'main.txt': 'main moved on' })
    commit(origin, 'main moves on')
    git(origin, 'checkout', '-q', 'change')
    const clone = path.join(scratch, 'shallow-both')
    git(scratch, 'clone', '-q', '--depth', '1', '--no-single-branch', '--branch', 'change', `file://${origin}`, clone)
    const run = cli(['scan', '--changed-since', 'origin/main'], { cwd: clone })
    expect(run.code).toBe(2)
    expect(run.stderr).toMatch(/no merge base of "origin\/main" and HEAD in this clone; this is a shallow clone: fetch the base and the history to it, e\.g\. `git fetch --no-tags --unshallow origin main:refs\/remotes\/origin\/main`/)
  })

  it('works on a detached HEAD', () => {
    const dir = repository({ 'template.yaml': ALB })
    write(dir, { 'template.yaml': WITH_PUBLIC_RULE })
    commit(dir, 'public route')
    git(dir, 'checkout', '-q', '--detach', 'HEAD')
    const run = cli(['scan', '--changed-since', 'main', '-f', 'json'], { cwd: dir })
    expect(ruleIds(run).map((id) => id.replace(/:\d+$/, ''))).toEqual(['alb-lambda-unauthenticated template.yaml'])
  })

  it('needs a git repository', () => {
    const dir = path.join(scratch, 'not-a-repository')
    write(dir, { 'template.yaml': ALB })
    const run = cli(['scan', '--changed-since', 'main'], { cwd: dir, env: { GIT_CEILING_DIRECTORIES: scratch } })
    expect(run.stderr).toMatch(/--changed-since needs a git repository/)
    expect(run.code).toBe(2)
  })
})
