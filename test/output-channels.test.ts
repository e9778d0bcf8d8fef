/**
 * Every byte that leaves the process is made inert for its channel, and output files are never
 * written through a symbolic link. Each test starts from a reproduction of a hostile-input
 * report: template text and file names that carry workflow commands, terminal escapes and bidi
 * overrides; committed links where a report goes; Action inputs that lead out of the checkout.
 * The built CLI and Action run as a user and a runner run them (see cli-run.ts).
 */
import { spawnSync } from 'node:child_process'
import { chmodSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { parse } from 'yaml'
import { afterAll, describe, expect, it } from 'vitest'
import { checkOutputFile, writeOutputFile } from '../src/cli/output-file.js'
import type { Finding, ScanResult } from '../src/core/types.js'
import type { JsonReport } from '../src/report/index.js'
import { escapeData, escapeJsonText, escapeMarkdown, escapeTerminal, guardTerminalText, terminalLine } from '../src/report/escape.js'
import { fitSummary, renderMarkdown, SUMMARY_MAX_BYTES } from '../src/report/markdown.js'
import { cli, repoRoot, type CliOptions, type Run } from './cli-run.js'
import { githubOutputProblems } from './fuzz-support.js'

const scratch = mkdtempSync(path.join(os.tmpdir(), 'iac-lint-channels-'))
afterAll(() => rmSync(scratch, { recursive: true, force: true }))
const hostile = path.join(repoRoot, 'test', 'fixtures', 'hostile')
/** unthrottled-stage.yaml is about its unthrottled stage: tests that count or place its findings run only that rule. */
const THROTTLING = ['--rule', 'apigw-stage-no-throttling']

function folder(...names: string[]): string {
  const dir = path.join(scratch, ...names)
  mkdirSync(dir, { recursive: true })
  return dir
}

/**
 * Lines a GitHub runner would read as a workflow command: `::` at the start after white space
 * (the runner trims it) or the older `##[` anywhere. The runner splits lines at CR as well as LF.
 */
function commandLines(text: string): string[] {
  return text.split(/\r\n|\r|\n/).filter((line) => /^\s*::/.test(line) || line.includes('##['))
}

/** Characters the terminal channel must never let through: C0 but LF between lines, DEL, C1, bidi controls. */
// eslint-disable-next-line no-control-regex -- finding control characters is the point
const RAW = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/

function expectInert(run: Run, what: string): void {
  expect(commandLines(run.stdout), `${what}: stdout`).toEqual([])
  expect(commandLines(run.stderr), `${what}: stderr`).toEqual([])
  expect(RAW.test(run.stdout), `${what}: raw control character on stdout`).toBe(false)
  expect(RAW.test(run.stderr), `${what}: raw control character on stderr`).toBe(false)
}

/** The notice src/model/terraform/configuration.ts writes for a module folder that does not exist. */
const MISSING_MODULE_NOTE = 'note: module folder "./x\\n::error file=README.md::INJECTED\\n" does not exist or holds no Terraform files'

/** A Terraform root module calling a module whose (missing) source carries a workflow command. */
function injectedModule(dir: string): string {
  writeFileSync(path.join(dir, 'main.tf'), 'module "x" {\n  source = "./x\\n::error file=README.md::INJECTED\\n"\n}\n')
  return dir
}

describe('escaping rules', () => {
  it('shows invisible characters in terminal text as escapes', () => {
    expect(escapeTerminal('a\nb\rc\td\u001b[31me\u007f\u0085\u009bf')).toBe('a\\nb\\rc\\td\\x1b[31me\\x7f\\x85\\x9bf')
    expect(escapeTerminal('x\u202ey\u2066z\u2069\u200e\u200f\u061c\u2028')).toBe('x\\u202ey\\u2066z\\u2069\\u200e\\u200f\\u061c\\u2028')
    expect(escapeTerminal('plain ünïcödé 名前 😀 → 100% a,b:c')).toBe('plain ünïcödé 名前 😀 → 100% a,b:c')
  })

  it('breaks the old ##[command] syntax anywhere in a line', () => {
    expect(escapeTerminal('x ##[add-mask]secret')).toBe('x ##\\x5badd-mask]secret')
    expect(guardTerminalText('a #')).toBe('a #')
    expect(commandLines(guardTerminalText(`${escapeTerminal('ends with ##')}[set-output name=a]b`))).toEqual([])
  })

  it('never lets a line start with ::, even after white space the runner trims', () => {
    expect(terminalLine('::error::x')).toBe('\\x3a:error::x')
    expect(guardTerminalText('ok\n  ::warning::x\n\u00a0::notice::y\nfine ::')).toBe('ok\n  \\x3a:warning::x\n\u00a0\\x3a:notice::y\nfine ::')
    expect(terminalLine('\n::add-mask::x')).toBe('\\n::add-mask::x')
  })

  it('keeps workflow-command data decodable and shows the rest as escapes', () => {
    expect(escapeData('100%\r\n::x\t\u001b\u202e')).toBe('100%25%0D%0A::x\t\\x1b\\u202e')
  })

  it('writes JSON whose value is unchanged but whose text holds no command and no bidi control', () => {
    const value = { message: 'a ##[add-mask]x \u202e \u0085 \u007f \u2028 \\##[ ::x', list: ['##['] }
    const text = escapeJsonText(JSON.stringify(value, null, 2))
    expect(JSON.parse(text)).toEqual(value)
    expect(text).not.toMatch(RAW)
    expect(commandLines(text)).toEqual([])
  })

  it('shows bidi controls in Markdown cells instead of letting them reorder the cell', () => {
    expect(escapeMarkdown('a\u202eb')).toBe('a\\\\u202eb')
  })
})

describe('workflow commands in template text (a Terraform module source, a logical id)', () => {
  const dir = injectedModule(folder('module-source'))

  it.each([['text'], ['json'], ['sarif'], ['markdown']])('writes no command with -f %s', (format) => {
    const run = cli(['scan', '-f', format, '.'], { cwd: dir })
    expect(run.code, run.stderr).toBe(0)
    expect(run.stderr).toContain(MISSING_MODULE_NOTE)
    expectInert(run, format)
  })

  it('writes no ##[command] and no bidi control in JSON or SARIF on standard output', () => {
    const dir = folder('json-stdout')
    writeFileSync(path.join(dir, 'template.yaml'), readFileSync(path.join(hostile, 'unthrottled-stage.yaml'), 'utf8').replace(/(?<=^ {2}|!Ref )Api(?=:?$)/gm, '"Api##[add-mask]x\\u202e"'))
    for (const format of ['json', 'sarif']) {
      const run = cli(['scan', '-f', format, '.', ...THROTTLING], { cwd: dir })
      expect(run.code, run.stderr).toBe(0)
      expect(run.stdout).toContain('Api##\\u005badd-mask]x\\u202e')
      expectInert(run, format)
    }
    const report = JSON.parse(cli(['scan', '-f', 'json', '.', ...THROTTLING], { cwd: dir }).stdout) as JsonReport
    expect(report.findings[0]!.message).toContain('Api##[add-mask]x\u202e has no throttling')
  })

  it('writes only its own annotations with -f github', () => {
    const run = cli(['scan', '-f', 'github', '-f', 'json=report.json', '.'], { cwd: dir })
    expect(run.code, run.stderr).toBe(0)
    const report = JSON.parse(readFileSync(path.join(dir, 'report.json'), 'utf8')) as JsonReport
    expect(githubOutputProblems(run.stdout, report.findings)).toEqual([])
    expect(commandLines(run.stderr)).toEqual([])
    expect(run.stderr).toContain(MISSING_MODULE_NOTE)
  })

  it('writes no command from iac-lint paths', () => {
    const run = cli(['paths', '.'], { cwd: dir })
    expect(run.code, run.stderr).toBe(0)
    expectInert(run, 'paths')
  })
})

describe('workflow commands and terminal escapes in a file name', () => {
  const evil = 'evil\n::add-mask::x\u001b[31m\u001b]0;title\u0007 ##[error]y.yaml'
  const shown = 'evil\\n::add-mask::x\\x1b[31m\\x1b]0;title\\x07 ##\\x5berror]y.yaml'
  const dir = folder('file-name')
  writeFileSync(path.join(dir, evil), readFileSync(path.join(hostile, 'unthrottled-stage.yaml')))
  // A file name that starts its line in the text report.
  writeFileSync(path.join(dir, '::error file=README.md::x.yaml'), readFileSync(path.join(hostile, 'unthrottled-stage.yaml')))

  it('is escaped in the text report', () => {
    const run = cli(['scan', '.', ...THROTTLING], { cwd: dir })
    expect(run.code, run.stderr).toBe(0)
    expect(run.stdout).toContain(`${shown}\n  12:3  warning  Stage live`)
    expect(run.stdout).toContain('\\x3a:error file=README.md::x.yaml\n')
    expectInert(run, 'text')
  })

  it('is escaped in iac-lint paths', () => {
    const run = cli(['paths', '.'], { cwd: dir })
    expect(run.code, run.stderr).toBe(0)
    expect(run.stdout).toContain(`${shown} (0 request paths)`)
    expectInert(run, 'paths')
  })

  it('is escaped on standard error when a message echoes it', () => {
    const missing = cli(['scan', `missing-${evil}`], { cwd: dir })
    expect(missing.code).toBe(2)
    expect(missing.stderr).toBe(`iac-lint: no such file or directory: missing-${shown}\n`)
    expectInert(missing, 'missing path')

    const stdin = cli(['scan', '--stdin', '--stdin-filename', evil], { cwd: dir, input: readFileSync(path.join(hostile, 'unthrottled-stage.yaml')) })
    expect(stdin.code, stdin.stderr).toBe(0)
    expect(stdin.stdout).toContain(shown)
    expectInert(stdin, '--stdin-filename')
  })

  it('is escaped when an option echoes it', () => {
    for (const args of [
      ['scan', '--fail-on', evil, '.'],
      ['scan', '-c', evil, '.'],
      ['scan', '--baseline', evil, '.'],
      ['scan', '--max-warnings', evil, '.'],
      ['scan', '-f', evil],
      ['scan', `--${evil}`],
      [evil],
    ]) {
      const run = cli(args, { cwd: dir })
      expect(run.code, args.join(' ')).toBe(2)
      expect(run.stderr).toMatch(/^iac-lint: [^\n]*\n$/)
      expect(run.stderr).toContain(shown.slice(0, 20))
      expectInert(run, args.join(' '))
    }
  })
})

describe('bidi overrides in resource names', () => {
  const dir = folder('bidi')
  writeFileSync(
    path.join(dir, 'template.yaml'),
    [
      "AWSTemplateFormatVersion: '2010-09-09'",
      'Resources:',
      '  "Api\\u202eevil":',
      '    Type: AWS::ApiGatewayV2::Api',
      '    Properties: { Name: demo, ProtocolType: HTTP }',
      '  "Route\\u2066\\u202e":',
      '    Type: AWS::ApiGatewayV2::Route',
      '    Properties: { ApiId: !Ref "Api\\u202eevil", RouteKey: "GET /x\\u202e" }',
      '',
    ].join('\n'),
  )

  it('are shown as escapes in the text report and iac-lint paths', () => {
    const scanRun = cli(['scan', '.'], { cwd: dir })
    expect(scanRun.code, scanRun.stderr).toBe(0)
    expect(scanRun.stdout).toContain('GET /x\\u202e on HTTP API Api\\u202eevil has no authorization')
    expect(scanRun.stdout).toContain('[Route\\u2066\\u202e]')
    expectInert(scanRun, 'text')

    const pathsRun = cli(['paths', '.'], { cwd: dir })
    expect(pathsRun.stdout).toContain('exposure: public via HTTP API Api\\u202eevil')
    expectInert(pathsRun, 'paths')
  })

  it('are shown as escapes in GitHub annotations and the Markdown summary', () => {
    const github = cli(['scan', '-f', 'github', '.'], { cwd: dir })
    expect(github.stdout).toContain('::GET /x\\u202e on HTTP API Api\\u202eevil')
    expect(github.stdout).not.toMatch(RAW)
    const markdown = cli(['scan', '-f', 'markdown', '.'], { cwd: dir })
    expect(markdown.stdout).toContain('GET /x\\\\u202e on HTTP API Api\\\\u202eevil')
    expect(markdown.stdout).not.toMatch(RAW)
  })
})

describe('output files', () => {
  /** A folder whose scan writes a note: no note on stderr means the scan did not run. */
  function project(name: string): string {
    const dir = injectedModule(folder('outputs', name))
    writeFileSync(path.join(dir, 'stage.yaml'), readFileSync(path.join(hostile, 'unthrottled-stage.yaml')))
    return dir
  }

  function expectRefusedBeforeScan(run: Run, message: RegExp): void {
    expect(run.code, run.stderr).toBe(2)
    expect(run.stderr).toMatch(message)
    expect(run.stderr.trim().split('\n')).toHaveLength(1)
    expect(run.stderr).not.toContain('note:')
    expect(run.stdout).toBe('')
  }

  it('refuses a symbolic link to a file outside, before scanning, and leaves the target alone', () => {
    const dir = project('link')
    const outside = path.join(folder('outputs', 'elsewhere'), 'precious.txt')
    writeFileSync(outside, 'precious\n')
    symlinkSync(outside, path.join(dir, 'link'))
    for (const args of [['-o', 'link'], ['-f', 'json=link'], ['-f', 'text', '-f', 'sarif=link'], ['--write-baseline', 'link']]) {
      const run = cli(['scan', ...args, '.'], { cwd: dir })
      expectRefusedBeforeScan(run, /^iac-lint: cannot write "link": it is a symbolic link/)
      expect(readFileSync(outside, 'utf8')).toBe('precious\n')
      expect(lstatSync(path.join(dir, 'link')).isSymbolicLink()).toBe(true)
    }
    // A dangling link is refused as well: writing would create the file it points to.
    symlinkSync(path.join(path.dirname(outside), 'created.txt'), path.join(dir, 'dangling'))
    expectRefusedBeforeScan(cli(['scan', '-o', 'dangling', '.'], { cwd: dir }), /it is a symbolic link/)
    expect(existsSync(path.join(path.dirname(outside), 'created.txt'))).toBe(false)
  })

  it('refuses a missing folder, a folder, a pipe and a file in place of a folder before scanning', () => {
    const dir = project('bad-paths')
    mkdirSync(path.join(dir, 'reports'))
    writeFileSync(path.join(dir, 'plain.txt'), '')
    expectRefusedBeforeScan(cli(['scan', '-f', 'sarif=missing/out.sarif', '.'], { cwd: dir }), /^iac-lint: cannot write "missing\/out\.sarif": folder "missing" does not exist$/m)
    expectRefusedBeforeScan(cli(['scan', '-f', 'sarif=dir/', '.'], { cwd: dir }), /^iac-lint: cannot write "dir\/": it names a folder, not a file$/m)
    expectRefusedBeforeScan(cli(['scan', '-o', 'reports', '.'], { cwd: dir }), /cannot write "reports": it is a folder/)
    expectRefusedBeforeScan(cli(['scan', '-o', 'plain.txt/out', '.'], { cwd: dir }), /"plain\.txt" is not a folder/)
    expectRefusedBeforeScan(cli(['scan', '-f', 'json=a.json', '-f', 'sarif=./a.json', '.'], { cwd: dir }), /two outputs would write/)
    if (spawnSync('mkfifo', [path.join(dir, 'fifo')]).status === 0) {
      // A FIFO would block the writer until someone reads it.
      expectRefusedBeforeScan(cli(['scan', '-o', 'fifo', '.'], { cwd: dir, timeoutMs: 20_000 }), /it is not a regular file/)
    }
  })

  it.skipIf(process.getuid?.() === 0)('refuses a folder or file it may not write, before scanning', () => {
    const dir = project('read-only')
    const locked = folder('outputs', 'read-only', 'locked')
    writeFileSync(path.join(dir, 'ro.txt'), 'old\n')
    chmodSync(path.join(dir, 'ro.txt'), 0o444)
    chmodSync(locked, 0o555)
    expectRefusedBeforeScan(cli(['scan', '-o', 'locked/out.txt', '.'], { cwd: dir }), /folder "locked" is not writable/)
    expectRefusedBeforeScan(cli(['scan', '-o', 'ro.txt', '.'], { cwd: dir }), /permission denied/)
    chmodSync(locked, 0o755)
  })

  it('writes atomically: the report replaces the file, keeps its permissions and leaves no temporary file', () => {
    const dir = project('atomic')
    writeFileSync(path.join(dir, 'report.json'), 'old')
    chmodSync(path.join(dir, 'report.json'), 0o640)
    const before = statSync(path.join(dir, 'report.json')).ino
    const run = cli(['scan', '-f', 'text=report.txt', '-f', 'json=report.json', '-f', 'sarif=report.sarif', '.', ...THROTTLING], { cwd: dir })
    expect(run.code, run.stderr).toBe(0)
    expect(readdirSync(dir).sort()).toEqual(['main.tf', 'report.json', 'report.sarif', 'report.txt', 'stage.yaml'])
    expect((JSON.parse(readFileSync(path.join(dir, 'report.json'), 'utf8')) as JsonReport).findings).toHaveLength(1)
    expect(statSync(path.join(dir, 'report.json')).mode & 0o777).toBe(0o640)
    // A new file renamed over the old one, not the old one rewritten in place.
    expect(statSync(path.join(dir, 'report.json')).ino).not.toBe(before)

    const baseline = cli(['scan', '--write-baseline', 'baseline.json', '.', ...THROTTLING], { cwd: dir })
    expect(baseline.code, baseline.stderr).toBe(0)
    expect(baseline.stderr).toContain('iac-lint: wrote 1 findings to baseline.json')
    expect(readdirSync(dir).filter((name) => name.endsWith('.tmp'))).toEqual([])
  })

  it('checks again when it writes: a link put in place during the scan is refused', async () => {
    const dir = folder('outputs', 'late-link')
    const outside = path.join(dir, 'outside.txt')
    writeFileSync(outside, 'precious\n')
    await checkOutputFile(path.join(dir, 'report.txt'))
    symlinkSync(outside, path.join(dir, 'report.txt'))
    await expect(writeOutputFile(path.join(dir, 'report.txt'), 'report\n')).rejects.toThrow(/symbolic link/)
    expect(readFileSync(outside, 'utf8')).toBe('precious\n')
    expect(readdirSync(dir).sort()).toEqual(['outside.txt', 'report.txt'])
  })
})

/** The Action's entry point in a simulated runner, with a small checkout. */
function action(name: string, inputs: Record<string, string>, prepare: (workspace: string) => void = () => undefined) {
  const dir = folder('action', name)
  const workspace = folder('action', name, 'workspace')
  writeFileSync(path.join(workspace, 'stage.yaml'), readFileSync(path.join(hostile, 'unthrottled-stage.yaml')))
  prepare(workspace)
  const files = { output: path.join(dir, 'github_output'), summary: path.join(dir, 'step_summary') }
  writeFileSync(files.output, '')
  writeFileSync(files.summary, '')
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith('GITHUB_') && !key.startsWith('INPUT_')))
  const result = spawnSync(process.execPath, [path.join(repoRoot, 'bin', 'iac-lint-action.js')], {
    cwd: dir,
    encoding: 'utf8',
    env: { ...inherited, NO_COLOR: '', FORCE_COLOR: '', GITHUB_ACTIONS: 'true', GITHUB_WORKSPACE: workspace, GITHUB_OUTPUT: files.output, GITHUB_STEP_SUMMARY: files.summary, ...inputs },
  })
  return { code: result.status, stdout: result.stdout, stderr: result.stderr, dir, workspace, output: readFileSync(files.output, 'utf8') }
}

describe('the Action keeps to the workspace', () => {
  const refusal = (input: string) => new RegExp(`^::error title=iac-lint::input "${input}" must be inside the workspace \\([^\\n]*\\); "[^\\n]*" is not\\n$`)

  it('refuses a sarif-file outside the workspace', () => {
    const run = action('sarif-outside', { INPUT_SARIF_FILE: '../outside.sarif' })
    expect(run.code).toBe(2)
    expect(run.stdout).toMatch(refusal('sarif-file'))
    expect(existsSync(path.join(run.dir, 'outside.sarif'))).toBe(false)
    expect(run.output).toBe('')
  })

  it('refuses a sarif-file through a committed link to a folder outside, and through link/..', () => {
    const outside = folder('action', 'outside-folder')
    for (const sarif of ['out/results.sarif', 'out/../results.sarif']) {
      const run = action(`sarif-link-${sarif.length}`, { INPUT_SARIF_FILE: sarif }, (workspace) => symlinkSync(outside, path.join(workspace, 'out')))
      expect(run.code, sarif).toBe(2)
      expect(run.stdout).toMatch(refusal('sarif-file'))
      expect(readdirSync(outside)).toEqual([])
      expect(existsSync(path.join(path.dirname(outside), 'results.sarif'))).toBe(false)
    }
  })

  it('refuses a path outside the workspace', () => {
    for (const entry of ['/etc', '..', 'ok\n../..', 'escape']) {
      const run = action(`path-${entry.length}`, { INPUT_PATH: entry }, (workspace) => symlinkSync('/etc', path.join(workspace, 'escape')))
      expect(run.code, entry).toBe(2)
      expect(run.stdout).toMatch(refusal('path'))
    }
  })

  it('accepts paths and a sarif-file inside, also through a link that stays inside', () => {
    const run = action('inside', { INPUT_PATH: 'stage.yaml\nreports/..\ninner', INPUT_SARIF_FILE: 'reports/../r.sarif' }, (workspace) => {
      mkdirSync(path.join(workspace, 'reports'))
      symlinkSync(path.join(workspace, 'reports'), path.join(workspace, 'inner'))
    })
    expect(run.stderr).toBe('')
    expect(run.code).toBe(0)
    expect(existsSync(path.join(run.workspace, 'r.sarif'))).toBe(true)
  })

  it('escapes inputs it echoes', () => {
    const failOn = action('echo-fail-on', { INPUT_FAIL_ON: 'x\n::add-mask::y\u001b[2J' })
    expect(failOn.code).toBe(2)
    expect(failOn.stderr).toBe('iac-lint: --fail-on must be one of error, warning, note, none, not "x\\n::add-mask::y\\x1b[2J"\n')
    const config = action('echo-config', { INPUT_CONFIG: 'c\n::error::z.yaml' })
    expect(config.code).toBe(2)
    expect(config.stderr).toBe('iac-lint: cannot read configuration file c\\n::error::z.yaml\n')
    const baseline = action('echo-baseline', { INPUT_BASELINE: 'b\n::error::z.json' })
    expect(baseline.code).toBe(2)
    expect(commandLines(baseline.stderr)).toEqual([])
    expect(baseline.stderr).toContain('b\\n::error::z.json')
    const bad = action('echo-annotation', { INPUT_ANNOTATIONS: 'yes\n::add-mask::y\u001b' })
    expect(bad.stdout).toBe('::error title=iac-lint::input "annotations" must be true or false, not "yes%0A::add-mask::y\\x1b"\n')
  })
})

describe('the job summary', () => {
  const result = (findings: Finding[]): ScanResult => ({
    findings,
    rules: [{ id: 'r', title: 'R', category: 'security', defaultLevel: 'error', whatItDoes: '', whyBad: '', fix: '', references: [], frameworks: ['cloudformation'] }],
    filesScanned: findings.length,
    templatesScanned: findings.length,
    notices: [],
    durationMs: 1,
  })
  const big = (index: number): Finding => ({
    ruleId: 'r',
    level: 'error',
    message: `finding ${index} ${'x'.repeat(100_000)}`,
    location: { file: `f${index}.yaml`, range: { line: 1, column: 1, endLine: 1, endColumn: 2 } },
    flow: [
      { role: 'entry', label: `entry ${index} ${'e'.repeat(20_000)}` },
      { role: 'target', label: `target ${index}` },
    ],
  })

  it('is left alone under the limit', () => {
    const markdown = renderMarkdown(result([big(1)]), { cwd: '/', color: false, toolVersion: '1' })
    expect(fitSummary(markdown, SUMMARY_MAX_BYTES)).toBe(markdown)
  })

  it('is cut under 1 MiB with a last line that says what was left out', () => {
    const markdown = renderMarkdown(result(Array.from({ length: 20 }, (_, i) => big(i))), { cwd: '/', color: false, toolVersion: '1' })
    expect(Buffer.byteLength(markdown)).toBeGreaterThan(SUMMARY_MAX_BYTES)
    const fitted = fitSummary(markdown, SUMMARY_MAX_BYTES)
    expect(Buffer.byteLength(fitted)).toBeLessThanOrEqual(SUMMARY_MAX_BYTES)
    const rows = fitted.split('\n').filter((line) => line.startsWith('| 🔴'))
    expect(rows.length).toBeGreaterThan(5)
    const kept = fitted.slice(0, fitted.lastIndexOf('\n**This summary'))
    expect(fitted).toMatch(new RegExp(`\\n\\*\\*This summary was cut to fit GitHub's 1 MiB limit:\\*\\* ${20 - rows.length} listed findings and \\d+ bytes left out; every finding is in the SARIF results and in the output of \`iac-lint scan\`\\.\\n$`))
    expect(Number(/and (\d+) bytes/.exec(fitted)![1])).toBe(Buffer.byteLength(markdown) - Buffer.byteLength(kept))
    expect(markdown.startsWith(kept)).toBe(true)
    expect(fitted.split('\n').filter((line) => line.startsWith('```')).length % 2).toBe(0)
  })

  it('closes a diagram the cut leaves open', () => {
    const markdown = renderMarkdown(result([big(1), big(2)]), { cwd: '/', color: false, toolVersion: '1' })
    const fence = markdown.indexOf('```mermaid')
    const fitted = fitSummary(markdown, Buffer.byteLength(markdown.slice(0, fence)) + 25_000)
    expect(fitted).toContain('```mermaid\nflowchart LR\n')
    expect(fitted).toMatch(/\n```\n\n\*\*This summary was cut/)
  })

  it('is cut by the CLI, counting what the step already wrote', () => {
    const dir = folder('summary')
    // Twenty files, each an unthrottled stage of an API with a 60 kB logical id the message quotes.
    for (let i = 0; i < 20; i++) {
      const id = `Api${i}${'A'.repeat(60_000)}`
      const template = {
        AWSTemplateFormatVersion: '2010-09-09',
        Resources: {
          [id]: { Type: 'AWS::ApiGatewayV2::Api', Properties: { Name: 'demo', ProtocolType: 'HTTP' } },
          Stage: { Type: 'AWS::ApiGatewayV2::Stage', Properties: { ApiId: { Ref: id }, StageName: 'live' } },
        },
      }
      writeFileSync(path.join(dir, `t${i}.json`), JSON.stringify(template))
    }
    const summary = path.join(folder('summary-out'), 'step_summary')
    writeFileSync(summary, 'earlier step output\n'.repeat(1000))
    const options: CliOptions = { cwd: dir, env: { GITHUB_STEP_SUMMARY: summary } }
    const run = cli(['scan', '-f', 'json', '.', ...THROTTLING], options)
    expect((JSON.parse(run.stdout) as JsonReport).findings).toHaveLength(20)
    const written = readFileSync(summary)
    expect(written.length).toBeLessThanOrEqual(SUMMARY_MAX_BYTES)
    expect(written.toString('utf8')).toMatch(/\*\*This summary was cut to fit GitHub's 1 MiB limit:\*\* \d+ listed findings and \d+ bytes left out;[^\n]*\n$/)
  })
})

describe('the pre-commit hook', () => {
  const hook = (parse(readFileSync(path.join(repoRoot, '.pre-commit-hooks.yaml'), 'utf8')) as Array<{ entry: string }>)[0]!

  it('ends the options before the file names pre-commit appends', () => {
    expect(hook.entry).toBe('iac-lint scan --')
  })

  it('scans a file named like an option instead of obeying it', () => {
    const dir = folder('pre-commit')
    const name = '--write-baseline=x.yaml'
    writeFileSync(path.join(dir, name), readFileSync(path.join(hostile, 'unthrottled-stage.yaml')))
    // pre-commit runs the entry's words with the file names appended.
    const [command, ...args] = hook.entry.split(' ')
    expect(command).toBe('iac-lint')
    const run = cli([...args, name, '-o', 'y.txt'], { cwd: dir })
    expect(run.code, run.stderr).toBe(2)
    expect(run.stderr).toBe('iac-lint: no such file or directory: -o\n')
    const scanned = cli([...args, name], { cwd: dir })
    expect(scanned.code, scanned.stderr).toBe(0)
    // The hook's words cannot select rules (they would follow --), so other findings of the file may come first.
    expect(scanned.stdout).toMatch(/^--write-baseline=x\.yaml\n(?: {2}12:3 .*\n)* {2}12:3 {2}warning {2}Stage live of HTTP API Api has no throttling/m)
    expect(readdirSync(dir)).toEqual([name])
  })
})
