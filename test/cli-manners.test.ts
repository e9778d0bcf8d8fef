/**
 * The command line as a user meets it: per-command help that never runs anything, `--rule` and
 * `--disable-rule`, `rules -f json`, and a configuration file that names its schema.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { BUILTIN_RULES } from '../src/core/builtin.js'
import { closeIds } from '../src/cli/rule-selection.js'
import type { JsonRulesReport } from '../src/report/rules-json.js'
import { rules } from '../rules/index.js'
import { cli, expectCleanExit, jsonReport, repoRoot } from './cli-run.js'

const scratch = mkdtempSync(path.join(os.tmpdir(), 'iac-lint-cli-manners-'))
afterAll(() => rmSync(scratch, { recursive: true, force: true }))

let folderCount = 0
function folder(files: Record<string, string> = {}): string {
  const dir = path.join(scratch, String(folderCount++))
  mkdirSync(path.join(dir, '.git'), { recursive: true })
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true })
    writeFileSync(path.join(dir, name), text)
  }
  return dir
}

const example = path.join('examples', 'cloudformation', 'public-alb-lambda.yaml')

function expectUsageError(args: string[], pattern: RegExp, cwd = repoRoot): string {
  const run = cli(args, { cwd })
  expect(run.code, run.stderr).toBe(2)
  expect(run.stdout).toBe('')
  expect(run.stderr.trimEnd().split('\n')).toHaveLength(1)
  expect(run.stderr.trimEnd()).toMatch(pattern)
  return run.stderr
}

describe('help', () => {
  it('prints each command its own options, with `help <command>` and `<command> --help` alike', () => {
    const scan = cli(['help', 'scan'])
    expect(scan.code).toBe(0)
    expect(scan.stdout).toMatch(/^Usage: iac-lint scan /)
    for (const option of ['--rule <id[=level]>', '--disable-rule <id>', '--no-ignore', '--sarif-category', '--sarif-include-suppressed', '--baseline']) {
      expect(scan.stdout).toContain(option)
    }
    expect(cli(['scan', '--help']).stdout).toBe(scan.stdout)
    expect(cli(['scan', '-h']).stdout).toBe(scan.stdout)

    const paths = cli(['paths', '--help'])
    expect(paths.stdout).toMatch(/^Usage: iac-lint paths /)
    expect(paths.stdout).toContain('--no-ignore')
    expect(paths.stdout).not.toContain('--baseline')
    expect(cli(['help', 'paths']).stdout).toBe(paths.stdout)

    const rulesHelp = cli(['rules', '--help']).stdout
    expect(rulesHelp).toMatch(/^Usage: iac-lint rules /)
    expect(rulesHelp).toContain('-f, --format <fmt>')
    expect(rulesHelp).not.toContain('--var')
    expect(cli(['init', '--help']).stdout).toMatch(/^Usage: iac-lint init/)

    const frontDoorsHelp = cli(['front-doors', '--help', '-f', 'json']).stdout
    expect(frontDoorsHelp).toMatch(/^Usage: iac-lint front-doors \[options\] \[paths\.\.\.\]/)
    expect(frontDoorsHelp).toContain('text (default), json (docs/json-format.md) or markdown')
    expect(frontDoorsHelp).toContain('--var <name=value>')
    expect(cli(['help', 'front-doors']).stdout).toBe(frontDoorsHelp)
  })

  it('prints the overview for --help, help, and an option-only line', () => {
    const overview = cli(['--help'])
    expect(overview.code).toBe(0)
    expect(overview.stdout).toMatch(/^Usage: iac-lint <command>/)
    expect(overview.stdout).toContain('help [command]')
    expect(cli(['help']).stdout).toBe(overview.stdout)
    expect(cli(['-f', 'json', '--help']).stdout).toBe(overview.stdout)
  })

  it('never runs a scan, even with options that would not parse or fail', () => {
    const dir = folder()
    for (const args of [
      ['scan', '--help', '--write-baseline', 'written.json', '.'],
      ['scan', '--bogus', '--help'],
      ['scan', '.', '--fail-on', 'nonsense', '-h'],
      ['init', '--help'],
      ['front-doors', '--help', '-o', 'written.json', '.'],
    ]) {
      const run = cli(args, { cwd: dir })
      expect(run.code, args.join(' ')).toBe(0)
      expect(run.stderr).toBe('')
      expect(run.stdout).toMatch(/^Usage: iac-lint /)
    }
    expect(existsSync(path.join(dir, 'written.json'))).toBe(false)
    expect(existsSync(path.join(dir, '.iac-lint.yaml'))).toBe(false)
  })

  it('takes --help after -- as a file name', () => {
    const run = cli(['scan', '--', '--help'])
    expect(run.code).toBe(2)
    expect(run.stderr).toMatch(/no such file or directory: --help/)
  })

  it('lists every option of scan in the README, and the README none that scan lacks', () => {
    const options = (text: string): string[] => [...new Set(text.match(/--[a-z][a-z-]+/g) ?? [])].sort()
    const readme = readFileSync(path.join(repoRoot, 'README.md'), 'utf8')
    const table = readme.slice(readme.indexOf('| Option | Meaning |'), readme.indexOf('`iac-lint init` writes'))
    expect(options(table)).toEqual(options(cli(['help', 'scan']).stdout))
  })

  it('rejects help for a command that does not exist', () => {
    expectUsageError(['help', 'scna'], /^iac-lint: no help for "scna": the commands are scan, diff, paths, rules, explain, front-doors, init, lsp, help$/m)
  })
})

describe('--rule and --disable-rule', () => {
  const ruleIds = (args: string[]): string[] => [...new Set(jsonReport(cli(['scan', 'examples', '-f', 'json', ...args])).findings.map((finding) => finding.ruleId))].sort()

  it('runs only the rules named, at their default level or the one given', () => {
    const all = ruleIds([])
    expect(all.length).toBeGreaterThan(2)
    expect(ruleIds(['--rule', 'alb-lambda-unauthenticated'])).toEqual(['alb-lambda-unauthenticated'])
    expect(ruleIds(['--rule', 'alb-lambda-unauthenticated', '--rule', 'alb-http-not-redirected'])).toEqual(['alb-http-not-redirected', 'alb-lambda-unauthenticated'])

    const lowered = cli(['scan', example, '-f', 'json', '--rule', 'alb-lambda-unauthenticated=note'])
    expect(lowered.code).toBe(0)
    const report = jsonReport(lowered)
    expect(report.findings.length).toBeGreaterThan(0)
    expect(report.findings.every((finding) => finding.level === 'note')).toBe(true)
    expect(report.rules.map((rule) => rule.id)).not.toContain('alb-http-not-redirected')
    // The separator some linters use works too.
    expect(jsonReport(cli(['scan', example, '-f', 'json', '--rule', 'alb-lambda-unauthenticated:warning'])).findings.every((finding) => finding.level === 'warning')).toBe(true)
  })

  it('turns rules off with --disable-rule', () => {
    const all = ruleIds([])
    const without = ruleIds(['--disable-rule', 'alb-lambda-unauthenticated'])
    expect(without).toEqual(all.filter((id) => id !== 'alb-lambda-unauthenticated'))
    const run = cli(['scan', example, '--disable-rule', 'alb-lambda-unauthenticated', '--fail-on', 'error'])
    expectCleanExit(run)
  })

  it('wins over the configuration file, and runs a rule that extends: recommended leaves off', () => {
    const offByDefault = rules.find((rule) => rule.meta.recommended === false)
    const dir = folder({
      'template.yaml': readFileSync(path.join(repoRoot, example), 'utf8'),
      '.iac-lint.yaml': 'rules:\n  alb-lambda-unauthenticated: off\n',
    })
    const ids = (args: string[]): string[] => jsonReport(cli(['scan', 'template.yaml', '-f', 'json', ...args], { cwd: dir })).rules.map((rule) => rule.id)
    expect(ids([])).not.toContain('alb-lambda-unauthenticated')
    expect(ids(['--rule', 'alb-lambda-unauthenticated'])).toContain('alb-lambda-unauthenticated')
    if (offByDefault) expect(ids(['--rule', offByDefault.meta.id])).toContain(offByDefault.meta.id)
  })

  it('keeps the findings about the input itself: a broken template still fails', () => {
    const run = cli(['scan', 'test/fixtures/cli/broken.yaml', '-f', 'json', '--rule', 'alb-lambda-unauthenticated'])
    expect(run.code).toBe(1)
    expect(jsonReport(run).findings.map((finding) => finding.ruleId)).toEqual(['parse-error'])
  })

  it('rejects an unknown id with exit 2, naming close ids', () => {
    expectUsageError(['scan', example, '--rule', 'alb-lambda-unauthenticatd'], /^iac-lint: --rule alb-lambda-unauthenticatd: no such rule; did you mean alb-lambda-unauthenticated\?/)
    expectUsageError(['scan', example, '--disable-rule', 'throttling'], /^iac-lint: --disable-rule throttling: no such rule; did you mean apigw-stage-no-throttling\?/)
    expectUsageError(['scan', example, '--rule', 'zzz'], /^iac-lint: --rule zzz: no such rule \(`iac-lint rules` lists them\)$/)
  })

  it('rejects an unknown level and a rule both run and disabled', () => {
    expectUsageError(['scan', example, '--rule', 'alb-lambda-unauthenticated=fatal'], /^iac-lint: --rule alb-lambda-unauthenticated=fatal: the level must be one of error, warning, note/)
    expectUsageError(['scan', example, '--rule', 'alb-lambda-unauthenticated=off'], /the level must be one of error, warning, note/)
    expectUsageError(
      ['scan', example, '--rule', 'alb-lambda-unauthenticated', '--disable-rule', 'alb-lambda-unauthenticated'],
      /^iac-lint: alb-lambda-unauthenticated is given to both --rule and --disable-rule/,
    )
  })

  it('suggests ids by edit distance and by part of a name', () => {
    const ids = ['alb-lambda-unauthenticated', 'apigw-route-unauthenticated', 'apigw-stage-no-throttling']
    expect(closeIds('apigw-route-unauthenticate', ids)).toEqual(['apigw-route-unauthenticated'])
    expect(closeIds('unauthenticated', ids)).toEqual(['alb-lambda-unauthenticated', 'apigw-route-unauthenticated'])
    expect(closeIds('qqqq', ids)).toEqual([])
  })
})

describe('rules -f json', () => {
  it('lists every rule with level, description, frameworks and its docs page', () => {
    const run = cli(['rules', '-f', 'json'])
    expect(run.code).toBe(0)
    const report = JSON.parse(run.stdout) as JsonRulesReport
    expect(report.version).toBe(1)
    expect(report.tool.name).toBe('iac-lint')
    expect(report.rules).toHaveLength(BUILTIN_RULES.length + rules.length)
    expect(report.rules.map((rule) => rule.id)).toEqual([...report.rules.map((rule) => rule.id)].sort())
    const alb = report.rules.find((rule) => rule.id === 'alb-lambda-unauthenticated')
    expect(alb).toMatchObject({ level: 'error', category: 'security', recommended: true, frameworks: ['cloudformation', 'terraform'], docs: 'docs/rules/alb-lambda-unauthenticated.md' })
    expect(alb?.description.length).toBeGreaterThan(20)
    expect(alb?.securitySeverity).toBeGreaterThan(0)
    for (const rule of report.rules) expect(existsSync(path.join(repoRoot, rule.docs)), rule.docs).toBe(true)
  })

  it('writes to a file and rejects other formats', () => {
    const dir = folder()
    const run = cli(['rules', '-f', 'json=rules.json'], { cwd: dir })
    expect(run.code).toBe(0)
    expect(run.stdout).toBe('')
    expect((JSON.parse(readFileSync(path.join(dir, 'rules.json'), 'utf8')) as JsonRulesReport).rules.length).toBeGreaterThan(0)
    expectUsageError(['rules', '-f', 'sarif'], /^iac-lint: unknown format "sarif" for rules \(expected text, json\)$/)
  })

  it('still prints text by default', () => {
    expect(cli(['rules']).stdout).toMatch(/^alb-lambda-unauthenticated\s+error\s+security\s+Internet-facing ALB/m)
  })
})

describe('configuration schema', () => {
  const schemaPath = path.join(repoRoot, 'schema', 'iac-lint.schema.json')

  it('allows a $schema key, which changes nothing', () => {
    const template = readFileSync(path.join(repoRoot, example), 'utf8')
    const plain = folder({ 'template.yaml': template, '.iac-lint.yaml': 'rules:\n  alb-lambda-unauthenticated: warning\n' })
    const named = folder({
      'template.yaml': template,
      '.iac-lint.yaml': '# yaml-language-server: $schema=./node_modules/iac-lint/schema/iac-lint.schema.json\n$schema: ./node_modules/iac-lint/schema/iac-lint.schema.json\nrules:\n  alb-lambda-unauthenticated: warning\n',
    })
    const json = folder({ 'template.yaml': template, '.iac-lint.json': JSON.stringify({ $schema: 'https://example.invalid/iac-lint.schema.json', rules: { 'alb-lambda-unauthenticated': 'warning' } }) })
    const scanOf = (cwd: string) => jsonReport(cli(['scan', 'template.yaml', '-f', 'json'], { cwd })).findings
    const expected = scanOf(plain)
    expect(expected.some((finding) => finding.ruleId === 'alb-lambda-unauthenticated' && finding.level === 'warning')).toBe(true)
    expect(scanOf(named)).toEqual(expected)
    expect(scanOf(json)).toEqual(expected)
  })

  it('still rejects a $schema that is not a string, and unknown keys', () => {
    const dir = folder({ '.iac-lint.yaml': '$schema: 3\n' })
    expectUsageError(['scan', '.'], /^iac-lint: \.iac-lint\.yaml:1:\d+: \$schema must be string$/, dir)
    const other = folder({ '.iac-lint.yaml': 'schema: x\n' })
    expectUsageError(['scan', '.'], /schema is not a known key/, other)
  })

  it('is a JSON schema file at the path the docs give, describing $schema', () => {
    const schema = JSON.parse(readFileSync(schemaPath, 'utf8')) as { properties: Record<string, unknown> }
    expect(schema.properties).toHaveProperty('$schema')
    expect(readFileSync(path.join(repoRoot, 'README.md'), 'utf8')).toContain('schema/iac-lint.schema.json')
  })
})
