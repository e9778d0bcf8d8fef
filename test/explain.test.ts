/** `iac-lint explain` prints a rule's docs page; the page's outputs are what the CLI prints; SARIF carries the same page. */
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { cli, repoRoot } from './cli-run.js'

const pagesRoot = path.join(repoRoot, 'docs', 'rules')
const page = (id: string): string => readFileSync(path.join(pagesRoot, `${id}.md`), 'utf8').replace(/^<!--[^\n]*-->\n/, '')

describe('iac-lint explain', () => {
  it('prints the page of the rule, without the generated-file comment', () => {
    const run = cli(['explain', 'alb-lambda-unauthenticated'])
    expect(run.code).toBe(0)
    expect(run.stdout).toBe(page('alb-lambda-unauthenticated'))
    expect(run.stdout).toContain('## How to suppress')
  })

  it('explains the engine\'s own findings too', () => {
    const run = cli(['explain', 'parse-error'])
    expect(run.code).toBe(0)
    expect(run.stdout.split('\n')[0]).toBe('# parse-error')
  })

  it('exits 2 on an unknown id and suggests close ones, with the input escaped', () => {
    const run = cli(['explain', 'alb-lambda-unauthenticatd'])
    expect(run.code).toBe(2)
    expect(run.stdout).toBe('')
    expect(run.stderr).toBe('iac-lint: alb-lambda-unauthenticatd: no such rule; did you mean alb-lambda-unauthenticated? (`iac-lint rules` lists them)\n')
    const hostile = cli(['explain', 'x\u001b[2J\n::error::y'])
    expect(hostile.code).toBe(2)
    expect(hostile.stderr).not.toContain('\u001b')
    expect(hostile.stderr.split('\n')).toHaveLength(2)
  })

  it('takes exactly one id', () => {
    expect(cli(['explain']).code).toBe(2)
    expect(cli(['explain', 'parse-error', 'file-too-large']).code).toBe(2)
  })
})

describe('rule pages', () => {
  // Every "`iac-lint scan … --rule …` prints:" block of every page, run as written.
  const shown = readdirSync(pagesRoot)
    .filter((name) => name.endsWith('.md'))
    .flatMap((name) => {
      const text = readFileSync(path.join(pagesRoot, name), 'utf8')
      return [...text.matchAll(/^`iac-lint (scan [^`]+)` prints:\n\n```text\n([\s\S]*?)\n```$/gm)].map((match) => [name, match[1]!, match[2]!] as const)
    })

  it('show the output of a failing example in both frameworks on every rule page with examples', () => {
    const pagesWithExamples = new Set(readdirSync(pagesRoot).filter((name) => readFileSync(path.join(pagesRoot, name), 'utf8').includes('\n## Example\n')))
    expect(pagesWithExamples.size).toBeGreaterThan(20)
    for (const name of pagesWithExamples) expect(shown.filter(([page]) => page === name).length, name).toBeGreaterThanOrEqual(1)
  })

  it.each(shown)('%s: `iac-lint %s` prints what the page says', (_page, command, output) => {
    const run = cli(command.split(' '))
    expect(run.stdout.trimEnd()).toBe(output)
    // The default fail level is error: exit 1 exactly when the summary counts an error.
    const errors = Number(/\((\d+) errors?,/.exec(output)?.[1] ?? Number.NaN)
    expect(run.code).toBe(errors > 0 ? 1 : 0)
  })
})

describe('SARIF help', () => {
  it('is the rule\'s docs page', () => {
    const run = cli(['scan', 'fixtures/apigw-data-trace-logging/fail/rest-stage-wide.yaml', '-f', 'sarif'])
    const log = JSON.parse(run.stdout) as { runs: Array<{ tool: { driver: { rules: Array<{ id: string; help: { markdown: string; text: string } }> } } }> }
    const rules = log.runs[0]!.tool.driver.rules
    const rule = rules.find((entry) => entry.id === 'apigw-data-trace-logging')!
    expect(rule.help.markdown).toBe(page('apigw-data-trace-logging'))
    expect(rule.help.text).toContain('Why is this bad?')
    for (const entry of rules) expect(entry.help.markdown, entry.id).toBe(page(entry.id))
  })
})
