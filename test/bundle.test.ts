/**
 * The committed bundle (`bundle/`, scripts/bundle.ts) is what users run: it must be current with
 * the sources, carry everything the CLI needs, and install from a packed tarball with no compiler,
 * no dependency download and no clone of the repository.
 */
import { execFileSync, spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { buildBundle } from '../scripts/bundle.js'
import { repoRoot } from './cli-run.js'

const scratch = mkdtempSync(path.join(os.tmpdir(), 'iac-lint-bundle-'))
afterAll(() => rmSync(scratch, { recursive: true, force: true }))

const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm'

function filesOf(folder: string): string[] {
  return readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(folder, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'))
    .sort()
}

describe('the committed bundle', () => {
  it('is what the sources build today (run `npm run build` and commit bundle/ when this fails)', async () => {
    const fresh = path.join(scratch, 'fresh')
    await buildBundle(fresh)
    const committed = path.join(repoRoot, 'bundle')
    expect(filesOf(committed)).toEqual(filesOf(fresh))
    const stale = filesOf(fresh).filter((file) => !readFileSync(path.join(fresh, file)).equals(readFileSync(path.join(committed, file))))
    expect(stale, 'bundle files that differ from a fresh build').toEqual([])
  }, 120_000)

  it('has every entry point, the YAML library and the tree-sitter runtime beside them, and no machine path', () => {
    const files = filesOf(path.join(repoRoot, 'bundle'))
    expect(files).toEqual(expect.arrayContaining(['index.js', 'cli.js', 'action.js', 'worker.js', 'rules.js', 'lsp.js', 'lsp-worker.js', 'yaml.cjs', 'web-tree-sitter.wasm', 'THIRD-PARTY-LICENSES.txt', 'cfn-resource-spec.json.gz']))
    expect(readFileSync(path.join(repoRoot, 'bundle', 'THIRD-PARTY-LICENSES.txt'), 'utf8')).toMatch(/^@aws-cdk\/cloudformation-diff \d+\.\d+\.\d+ \(Apache-2\.0\)$/m)
    for (const file of files.filter((name) => /\.c?js$/.test(name))) {
      const text = readFileSync(path.join(repoRoot, 'bundle', file), 'utf8')
      expect(text, file).not.toContain(repoRoot)
      expect(text, file).not.toContain(os.homedir())
    }
  })
})

describe('the package', () => {
  interface PackEntry {
    filename: string
    files: Array<{ path: string }>
  }

  it('ships the bundle, grammar, licence, README, schema and rule docs, and no sources, tests or benchmarks', () => {
    const [pack] = JSON.parse(execFileSync(npm, ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: repoRoot, encoding: 'utf8' })) as PackEntry[]
    const files = pack!.files.map((file) => file.path).sort()
    for (const needed of ['package.json', 'LICENSE', 'README.md', 'bin/iac-lint.js', 'bin/iac-lint-action.js', 'bin/iac-lint-lsp.js', 'bundle/cli.js', 'bundle/lsp.js', 'bundle/yaml.cjs', 'bundle/web-tree-sitter.wasm', 'bundle/cfn-resource-spec.json.gz', 'schema/iac-lint.schema.json', 'docs/rules/alb-http-not-redirected.md']) {
      expect(files, needed).toContain(needed)
    }
    expect(files.some((file) => file.startsWith('vendor/tree-sitter-hcl/') && file.endsWith('.wasm'))).toBe(true)
    const unwanted = files.filter((file) => /^(src|test|scripts|bench|fixtures|examples|dist|node_modules|\.ci)\//.test(file) || file.endsWith('.ts'))
    expect(unwanted).toEqual([])
    const manifest = JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { dependencies?: object; scripts: Record<string, string> }
    // Nothing to download and nothing to compile when a user installs the package.
    expect(manifest.dependencies ?? {}).toEqual({})
    for (const hook of ['prepare', 'preinstall', 'install', 'postinstall', 'prepack']) expect(manifest.scripts[hook], hook).toBeUndefined()
  })

  it('installs globally from the packed tarball into an empty prefix and scans a template', () => {
    const packed = path.join(scratch, 'packed')
    mkdirSync(packed)
    const [pack] = JSON.parse(execFileSync(npm, ['pack', '--json', '--ignore-scripts', '--pack-destination', packed], { cwd: repoRoot, encoding: 'utf8' })) as PackEntry[]
    const prefix = path.join(scratch, 'prefix')
    const user = path.join(scratch, 'user')
    mkdirSync(user)
    const env = { ...process.env, npm_config_prefix: prefix, npm_config_cache: path.join(scratch, 'npm-cache'), npm_config_offline: 'true', NO_COLOR: '1' }
    execFileSync(npm, ['install', '-g', '--no-audit', '--no-fund', path.join(packed, pack!.filename)], { cwd: user, env, encoding: 'utf8' })
    writeFileSync(path.join(user, 'template.yaml'), readFileSync(path.join(repoRoot, 'examples', 'cloudformation', 'public-alb-lambda.yaml')))
    const bin = path.join(prefix, process.platform === 'win32' ? 'iac-lint.cmd' : path.join('bin', 'iac-lint'))
    const run = spawnSync(bin, ['scan', 'template.yaml'], { cwd: user, env, encoding: 'utf8' })
    expect(run.stderr).toBe('')
    expect(run.stdout).toContain('alb-lambda-unauthenticated')
    expect(run.status).toBe(1)
    // Terraform needs the tree-sitter runtime and the grammar from the package.
    writeFileSync(path.join(user, 'main.tf'), 'resource "aws_lb_listener" "http" {\n  protocol = "HTTP"\n  port     = 80\n  default_action {\n    type             = "forward"\n    target_group_arn = "arn:aws:elasticloadbalancing:eu-west-1:123456789012:targetgroup/x/0123456789abcdef"\n  }\n}\n')
    const terraform = spawnSync(bin, ['scan', '-f', 'json', 'main.tf'], { cwd: user, env, encoding: 'utf8' })
    expect(terraform.stderr).toBe('')
    const report = JSON.parse(terraform.stdout) as { summary: { files: number }; findings: Array<{ ruleId: string }> }
    expect(report.summary.files).toBe(1)
    expect(report.findings.map((finding) => finding.ruleId)).not.toContain('internal-error')
    // diff loads cloudformation-diff and its resource database from the package.
    const alb = readFileSync(path.join(repoRoot, 'test', 'fixtures', 'review', 'alb.yaml'), 'utf8')
    writeFileSync(path.join(user, 'internal.yaml'), alb.replace('Scheme: internet-facing', 'Scheme: internal'))
    writeFileSync(path.join(user, 'public.yaml'), alb)
    const diff = spawnSync(bin, ['diff', 'internal.yaml', 'public.yaml'], { cwd: user, env, encoding: 'utf8' })
    expect(diff.stderr).toBe('')
    expect(diff.stdout).toMatch(/^ {6}Scheme: "internal" → "internet-facing" \[replace\]$/m)
  }, 180_000)
})
