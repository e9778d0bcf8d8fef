import path from 'node:path'
import { describe, expect, it } from 'vitest'
import type { Finding, FlowStep, Level, RuleMeta, ScanResult } from '../src/core/types.js'
import { FORMATS, renderMarkdown, renderReport } from '../src/report/index.js'
import type { ReportOptions } from '../src/report/index.js'
import { escapeMarkdown, escapeMermaid } from '../src/report/escape.js'

const cwd = path.resolve('/srv/checkout')
const options: ReportOptions = { cwd, color: false, toolVersion: '1.2.3' }
const links: ReportOptions = { ...options, links: { repositoryUrl: 'https://github.com/acme/infra', commit: 'c0ffee' } }

function rule(id: string, title: string, level: Level): RuleMeta {
  return { id, title, category: 'security', defaultLevel: level, whatItDoes: '', whyBad: '', fix: '', references: [], frameworks: ['cloudformation'] }
}

const rules = [rule('route-open', 'Route reachable without authorization', 'error'), rule('stage-slow', 'Stage | slow', 'warning')]

function finding(level: Level, file: string, line: number, extra: Partial<Finding> = {}): Finding {
  return {
    ruleId: level === 'error' ? 'route-open' : 'stage-slow',
    level,
    message: `finding at ${line}`,
    location: { file, range: { line, column: 1, endLine: line + 2, endColumn: 4 } },
    ...extra,
  }
}

function scanOf(findings: Finding[]): ScanResult {
  return { findings, rules, filesScanned: 7, templatesScanned: 3, notices: [], durationMs: 1 }
}

const entry = (label: string): FlowStep => ({ role: 'entry', label })
const check = (label: string, missing = false): FlowStep => (missing ? { role: 'check', label, missing } : { role: 'check', label })
const target = (label: string): FlowStep => ({ role: 'target', label })

function mermaid(markdown: string): string {
  const match = /```mermaid\n([^]*?)\n```/.exec(markdown)
  expect(match, 'a mermaid block').not.toBeNull()
  return match![1]!
}

describe('markdown reporter', () => {
  it('is a registered format', () => {
    expect(FORMATS).toContain('markdown')
    const result = scanOf([finding('error', 'a.yaml', 1)])
    expect(renderReport('markdown', result, options)).toBe(renderMarkdown(result, options))
  })

  it('says so when there is nothing to report', () => {
    expect(renderMarkdown(scanOf([]), options)).toBe('## iac-lint\n\n✅ No problems found in 7 files (3 templates).\n')
  })

  it('summarises by level and by rule, and lists findings most severe first', () => {
    const markdown = renderMarkdown(
      scanOf([finding('warning', 'a.yaml', 4), finding('error', 'b.yaml', 2), finding('warning', 'b.yaml', 9), finding('note', 'c.yaml', 1, { ruleId: 'stage-slow' })]),
      options,
    )
    expect(markdown).toBe(
      [
        '## iac-lint',
        '',
        '**1 error, 2 warnings, 1 note** in 7 files (3 templates).',
        '',
        '| Rule | Title | Errors | Warnings | Notes |',
        '| --- | --- | ---: | ---: | ---: |',
        '| route-open | Route reachable without authorization | 1 | 0 | 0 |',
        '| stage-slow | Stage \\| slow | 0 | 2 | 1 |',
        '',
        '### Findings',
        '',
        '| Level | Where | Rule | Message |',
        '| --- | --- | --- | --- |',
        '| 🔴 error | b.yaml:2 | route-open | finding at 2 |',
        '| 🟠 warning | a.yaml:4 | stage-slow | finding at 4 |',
        '| 🟠 warning | b.yaml:9 | stage-slow | finding at 9 |',
        '| 🔵 note | c.yaml:1 | stage-slow | finding at 1 |',
        '',
      ].join('\n'),
    )
  })

  it('links each finding to its lines at the commit, with the path encoded', () => {
    const odd = path.join(cwd, 'infra', 'api (v2) #1 %.yaml')
    const markdown = renderMarkdown(scanOf([finding('error', odd, 7), finding('note', path.resolve('/elsewhere/x.yaml'), 3)]), links)
    expect(markdown).toContain(
      '| 🔴 error | [infra/api (v2) #1 %.yaml:7](https://github.com/acme/infra/blob/c0ffee/infra/api%20%28v2%29%20%231%20%25.yaml#L7-L9) |',
    )
    expect(markdown).toMatch(/\| 🔵 note \| (\.\.\/)+elsewhere\/x\.yaml:3 \|/)
  })

  it('links relative to the repository root when the scan ran in a subfolder', () => {
    const markdown = renderMarkdown(scanOf([finding('error', 'main.yaml', 1)]), { ...links, cwd: path.join(cwd, 'infra'), repositoryRoot: cwd })
    expect(markdown).toContain('[infra/main.yaml:1](https://github.com/acme/infra/blob/c0ffee/infra/main.yaml#L1-L3)')
  })

  it('lists the twenty most severe findings and counts the rest', () => {
    const findings = [
      ...Array.from({ length: 25 }, (_, i) => finding('warning', 'a.yaml', i + 1)),
      ...Array.from({ length: 3 }, (_, i) => finding('error', 'b.yaml', i + 1)),
    ]
    const markdown = renderMarkdown(scanOf(findings), options)
    const rows = markdown.split('\n').filter((line) => /^\| (🔴|🟠|🔵)/.test(line))
    expect(rows).toHaveLength(20)
    expect(rows.slice(0, 4).map((row) => row.split(' | ')[1])).toEqual(['b.yaml:1', 'b.yaml:2', 'b.yaml:3', 'a.yaml:1'])
    expect(markdown).toContain('### Top 20 findings')
    expect(markdown).toContain('…and 8 more, listed in the SARIF results and by `iac-lint scan`.')
    expect(markdown).toContain('| stage-slow | Stage \\| slow | 0 | 25 | 0 |')
  })

  it('keeps table cells one line of plain text', () => {
    const message = 'line one\nline two | cell <img src=x onerror=alert(1)> [link](http://x) *bold* `code` $5 and $6 @octocat ~~gone~~ _i_ \\'
    const markdown = renderMarkdown(scanOf([finding('error', 'a.yaml', 1, { message })]), options)
    const row = markdown.split('\n').find((line) => line.startsWith('| 🔴'))!
    expect(row).toBe(
      '| 🔴 error | a.yaml:1 | route-open | line one line two \\| cell &lt;img src=x onerror=alert(1)&gt; \\[link\\](http://x) \\*bold\\* \\`code\\` \\$5 and \\$6 @\u200boctocat \\~\\~gone\\~\\~ \\_i\\_ \\\\ |',
    )
    expect(row.replace(/\\\|/g, '').split('|')).toHaveLength(6)
  })

  it('leaves suppressed findings out and says how many there were', () => {
    const suppressed = finding('error', 'a.yaml', 1, { suppressed: { kind: 'external', justification: 'baseline' } })
    expect(renderMarkdown(scanOf([suppressed]), options)).toBe(
      '## iac-lint\n\n✅ No problems found in 7 files (3 templates). 1 suppressed finding is not listed.\n',
    )
    const markdown = renderMarkdown(scanOf([suppressed, finding('warning', 'b.yaml', 2)]), options)
    expect(markdown).toContain('**0 errors, 1 warning, 0 notes** in 7 files (3 templates). 1 suppressed finding is not listed.')
    expect(markdown).not.toContain('a.yaml')
  })

  it('has no diagram when no finding has a request path', () => {
    expect(renderMarkdown(scanOf([finding('error', 'a.yaml', 1)]), options)).not.toContain('mermaid')
  })
})

describe('request path diagram', () => {
  const open = [entry('GET /users (public API)'), check('throttling'), check('authorization', true), target('function Users')]

  it('draws entry, checks and target, the missing check dashed and red', () => {
    const diagram = mermaid(renderMarkdown(scanOf([finding('error', 'a.yaml', 1, { flow: open })]), options))
    expect(diagram).toBe(
      [
        'flowchart LR',
        '  n1(["GET /users #40;public API#41;"])',
        '  n2{{"throttling"}}',
        '  n3{{"authorization"}}',
        '  n4["function Users"]',
        '  n1 --> n2',
        '  n2 -.-> n3',
        '  n3 -.-> n4',
        '  classDef missing fill:#ffebe9,stroke:#d1242f,stroke-width:2px,stroke-dasharray:5 5,color:#82071e',
        '  class n3 missing',
      ].join('\n'),
    )
  })

  it('draws a path once however many findings are about it, and shares entries and targets', () => {
    const other = [entry('GET /users (public API)'), check('authorization', true), target('function Users')]
    const twoTargets = [entry('POST /jobs'), check('api key'), target('function A'), target('function B')]
    const diagram = mermaid(
      renderMarkdown(
        scanOf([
          finding('error', 'a.yaml', 1, { flow: open }),
          finding('warning', 'a.yaml', 5, { flow: open }),
          finding('warning', 'a.yaml', 8, { flow: other }),
          finding('note', 'a.yaml', 9, { flow: twoTargets }),
        ]),
        options,
      ),
    )
    const nodes = diagram.split('\n').filter((line) => /^ {2}n\d+[([{]/.test(line))
    expect(nodes.filter((line) => line.includes('GET /users'))).toHaveLength(1)
    expect(nodes.filter((line) => line.includes('function Users'))).toHaveLength(1)
    // The same missing check on another path is its own node: no route from one entry's checks to another's target.
    expect(nodes.filter((line) => line.includes('"authorization"'))).toHaveLength(2)
    expect(diagram).toContain('  n1 -.-> n5')
    expect(diagram).toContain('  n5 -.-> n4')
    expect(diagram).toMatch(/n7\{\{"api key"\}\}\n/)
    expect(diagram).toContain('  n7 --> n8')
    expect(diagram).toContain('  n7 --> n9')
    expect(diagram).toContain('  class n3,n5 missing')
    expect(new Set(diagram.split('\n')).size).toBe(diagram.split('\n').length)
  })

  it('escapes labels so they can end neither themselves nor the diagram', () => {
    const hostile = 'x"]; click n1 "javascript:alert(1)" %%{init}%% <b>#1;</b> `code` ```\nend[ {a} |b| \\'
    const diagram = mermaid(renderMarkdown(scanOf([finding('error', 'a.yaml', 1, { flow: [entry(hostile), target('t')] })]), options))
    const label = /^ {2}n1\(\["([^"]*)"\]\)$/m.exec(diagram)
    expect(label, diagram).not.toBeNull()
    expect(label![1]).toBe(escapeMermaid(hostile))
    expect(label![1]!.replace(/#(?:[0-9]+|quot);/g, '')).not.toMatch(/["<>`[\]{}()|;%#\\]/)
    expect(diagram.split('\n')).toHaveLength(4)
  })

  it('draws at most thirty paths and says how many more there are', () => {
    const findings = Array.from({ length: 33 }, (_, i) => finding('warning', 'a.yaml', i + 1, { flow: [entry(`route ${i}`), check('auth', true)] }))
    const markdown = renderMarkdown(scanOf(findings), options)
    expect(mermaid(markdown).split('\n').filter((line) => line.includes('(["route'))).toHaveLength(30)
    expect(markdown).toContain('3 more request paths are not drawn.')
  })
})

describe('escaping', () => {
  it('turns Mermaid specials into entity codes, each character once', () => {
    expect(escapeMermaid('a "b" #1; <c>')).toBe('a #quot;b#quot; #35;1#59; #60;c#62;')
  })

  it('escapes Markdown without touching plain words', () => {
    expect(escapeMarkdown('plain words, 1.5 s')).toBe('plain words, 1.5 s')
    expect(escapeMarkdown('a & b')).toBe('a &amp; b')
  })
})
