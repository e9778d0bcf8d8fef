import path from 'node:path'
import { describe, expect, it } from 'vitest'
import type { Finding, Level, ScanResult } from '../src/core/types.js'
import { FORMATS, githubReportOptions, renderGithub, renderReport } from '../src/report/index.js'
import type { ReportOptions } from '../src/report/index.js'

const cwd = path.resolve('/srv/checkout')
const options: ReportOptions = { cwd, color: false, toolVersion: '1.2.3' }

function finding(level: Level, file: string, line: number, message = `finding at ${line}`, ruleId = 'some-rule'): Finding {
  return { ruleId, level, message, location: { file, range: { line, column: 3, endLine: line, endColumn: 9 } } }
}

function scanOf(findings: Finding[]): ScanResult {
  return { findings, rules: [], filesScanned: 4, templatesScanned: 2, notices: [], durationMs: 1 }
}

interface Command {
  command: string
  properties: Record<string, string>
  message: string
}

/** Reads a line the way the Actions runner does: leading blanks trimmed, properties up to the first `::`. */
function parseCommand(line: string): Command | undefined {
  const match = /^::([A-Za-z-]+)(?: ([^]*?))?::([^]*)$/.exec(line.trimStart())
  if (!match) return undefined
  const properties: Record<string, string> = {}
  for (const pair of (match[2] ?? '').split(',')) {
    if (pair === '') continue
    const at = pair.indexOf('=')
    properties[pair.slice(0, at)] = unescapeProperty(pair.slice(at + 1))
  }
  return { command: match[1]!, properties, message: unescapeData(match[3]!) }
}

function unescapeData(text: string): string {
  return text.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%')
}

function unescapeProperty(text: string): string {
  return text.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%3A/g, ':').replace(/%2C/g, ',').replace(/%25/g, '%')
}

/** Every line the runner would take as a workflow command. */
function commands(output: string): Command[] {
  return output
    .split(/\r\n|\r|\n/)
    .filter((line) => line.trimStart().startsWith('::'))
    .map((line) => {
      const command = parseCommand(line)
      expect(command, line).toBeDefined()
      return command!
    })
}

describe('github reporter', () => {
  it('is a registered format', () => {
    expect(FORMATS).toContain('github')
    const result = scanOf([finding('error', 'a.yaml', 1)])
    expect(renderReport('github', result, options)).toBe(renderGithub(result, options))
  })

  it('writes one workflow command per finding with its exact region and a title', () => {
    const output = renderGithub(
      scanOf([
        { ...finding('warning', path.join(cwd, 'infra', 'main.tf'), 3), message: 'Function has 10,240 MB' },
        finding('note', 'templates/api.yaml', 12),
        {
          ruleId: 'route-open',
          level: 'error',
          message: 'Route is open',
          location: { file: 'templates/api.yaml', range: { line: 7, column: 5, endLine: 9, endColumn: 2 } },
        },
      ]),
      options,
    )
    expect(output).toBe(
      [
        '::error file=templates/api.yaml,line=7,endLine=9,title=iac-lint%3A route-open::Route is open',
        '::warning file=infra/main.tf,line=3,endLine=3,col=3,endColumn=8,title=iac-lint%3A some-rule::Function has 10,240 MB',
        '::notice file=templates/api.yaml,line=12,endLine=12,col=3,endColumn=8,title=iac-lint%3A some-rule::finding at 12',
        'iac-lint: 1 error, 1 warning, 1 note',
        '',
      ].join('\n'),
    )
  })

  it('never lets a file name or message start a workflow command of its own', () => {
    const hostileFiles = [
      'evil::error file=x::pwned.yaml',
      'a,line=1,title=x:y.yaml',
      'line\nbreak::warning::injected.yaml',
      'carriage\r::add-mask::secret.yaml',
      'percent%0A::error::encoded%0D%25.yaml',
    ]
    const hostileMessages = [
      'first line\n::error::x',
      '::set-output name=result::pwned',
      '%0A::warning::not a newline',
      'windows\r\n::stop-commands::token\r\nthen more',
      'lone\r::notice::cr',
      '100% sure: a, b:: c',
    ]
    const findings = hostileMessages.map((message, index) =>
      finding('warning', path.join('dir', hostileFiles[index % hostileFiles.length]!), index + 1, message, 'rule,id:x'),
    )
    const output = renderGithub(scanOf(findings), options)

    const parsed = commands(output)
    expect(parsed).toHaveLength(findings.length)
    parsed.forEach((command, index) => {
      expect(command.command).toBe('warning')
      expect(Object.keys(command.properties)).toEqual(['file', 'line', 'endLine', 'col', 'endColumn', 'title'])
      expect(command.properties.file).toBe(`dir/${hostileFiles[index % hostileFiles.length]}`)
      expect(command.properties.title).toBe('iac-lint: rule,id:x')
      expect(command.message).toBe(findings[index]!.message)
    })
    for (const line of output.split(/\r\n|\r|\n/)) {
      if (!line.startsWith('::warning file=dir/')) expect(line.trimStart()).not.toMatch(/^::/)
    }
    expect(output).not.toMatch(/\r/)
  })

  it('annotates at most ten findings of each level, most severe first, and counts the rest', () => {
    const findings: Finding[] = [
      ...Array.from({ length: 25 }, (_, i) => finding('warning', 'b.yaml', i + 1)),
      ...Array.from({ length: 3 }, (_, i) => finding('note', 'a.yaml', i + 1)),
      ...Array.from({ length: 12 }, (_, i) => finding('error', 'c.yaml', i + 1)),
      finding('warning', 'a.yaml', 99),
    ].sort((x, y) => (x.location.file < y.location.file ? -1 : x.location.file > y.location.file ? 1 : x.location.range.line - y.location.range.line))
    const output = renderGithub(scanOf(findings), options)
    const parsed = commands(output)

    expect(parsed.map((command) => command.command)).toEqual([
      ...Array<string>(10).fill('error'),
      ...Array<string>(10).fill('warning'),
      ...Array<string>(3).fill('notice'),
    ])
    expect(parsed.slice(0, 10).map((command) => command.properties.line)).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9', '10'])
    expect(parsed.slice(10, 12).map((command) => [command.properties.file, command.properties.line])).toEqual([
      ['a.yaml', '99'],
      ['b.yaml', '1'],
    ])
    const plain = output.trimEnd().split('\n').slice(parsed.length)
    expect(plain).toEqual([
      'iac-lint: 2 more errors not shown as annotations; see the job summary or the SARIF results',
      'iac-lint: 16 more warnings not shown as annotations; see the job summary or the SARIF results',
      'iac-lint: 12 errors, 26 warnings, 3 notes',
    ])
  })

  it('says one more in the singular', () => {
    const output = renderGithub(scanOf(Array.from({ length: 11 }, (_, i) => finding('note', 'a.yaml', i + 1))), options)
    expect(output).toContain('iac-lint: 1 more note not shown as annotations;')
  })

  it('leaves suppressed findings out and says there were some', () => {
    const suppressed: Finding = { ...finding('error', 'a.yaml', 2), suppressed: { kind: 'inSource', justification: 'accepted' } }
    const output = renderGithub(scanOf([finding('warning', 'a.yaml', 1), suppressed]), options)
    expect(commands(output).map((command) => command.command)).toEqual(['warning'])
    expect(output.trimEnd().split('\n').at(-1)).toBe('iac-lint: 0 errors, 1 warning, 0 notes (1 suppressed)')
    expect(renderGithub(scanOf([suppressed]), options)).toBe('iac-lint: no problems found in 4 files (1 suppressed)\n')
  })

  it('prints only a plain summary line for a clean scan', () => {
    expect(renderGithub(scanOf([]), options)).toBe('iac-lint: no problems found in 4 files\n')
  })

  it('keeps regions GitHub accepts: 1-based, never inverted, an end column within the range', () => {
    const odd: Finding = {
      ruleId: 'r',
      level: 'error',
      message: 'm',
      location: { file: 'a.yaml', range: { line: 0, column: 0, endLine: 0, endColumn: 0 } },
    }
    expect(commands(renderGithub(scanOf([odd]), options))[0]!.properties).toMatchObject({ line: '1', endLine: '1', col: '1', endColumn: '1' })
  })

  it('makes paths relative to the repository root when it is not the working directory', () => {
    const output = renderGithub(scanOf([finding('error', 'main.yaml', 1)]), {
      ...options,
      cwd: path.join(cwd, 'infra', 'prod'),
      repositoryRoot: cwd,
    })
    expect(commands(output)[0]!.properties.file).toBe('infra/prod/main.yaml')
  })
})

describe('githubReportOptions', () => {
  it('reads the repository, commit and checkout from the runner environment', () => {
    expect(
      githubReportOptions({
        GITHUB_SERVER_URL: 'https://github.example.com/',
        GITHUB_REPOSITORY: 'acme/infra',
        GITHUB_SHA: '0123abc',
        GITHUB_WORKSPACE: '/github/workspace',
      }),
    ).toEqual({
      links: { repositoryUrl: 'https://github.example.com/acme/infra', commit: '0123abc' },
      repositoryRoot: '/github/workspace',
    })
  })

  it('is empty outside GitHub Actions', () => {
    expect(githubReportOptions({})).toEqual({})
    expect(githubReportOptions({ GITHUB_REPOSITORY: 'acme/infra' })).toEqual({})
  })
})
