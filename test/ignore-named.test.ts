/**
 * The configuration's `ignore` globs hold for files named on the command line too (as ESLint's
 * do): a pre-commit hook names the changed files, and a team's exclusions must hold there. Each
 * skipped file gets one note on standard error; `--no-ignore` scans it anyway. `iac-lint paths`
 * (`loadModels`) applies the globs the same way.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { loadConfig } from '../src/engine/config.js'
import { loadModels } from '../src/engine/scan.js'
import { cli, expectCleanExit, jsonReport, repoRoot } from './cli-run.js'

const scratch = mkdtempSync(path.join(os.tmpdir(), 'iac-lint-ignore-named-'))
afterAll(() => rmSync(scratch, { recursive: true, force: true }))

const publicAlb = path.join(repoRoot, 'examples', 'cloudformation', 'public-alb-lambda.yaml')

let folderCount = 0
/** A repository with the same failing template in `legacy/` (ignored) and `live/`. */
function repository(config = 'ignore: ["legacy/**", "**/*.generated.yaml"]\n'): string {
  const dir = path.join(scratch, String(folderCount++))
  mkdirSync(path.join(dir, '.git'), { recursive: true })
  for (const name of ['legacy/api.yaml', 'live/api.yaml', 'live/api.generated.yaml']) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true })
    copyFileSync(publicAlb, path.join(dir, name))
  }
  writeFileSync(path.join(dir, '.iac-lint.yaml'), config)
  return dir
}

const files = (run: ReturnType<typeof cli>): string[] => [...new Set(jsonReport(run).findings.map((finding) => finding.file))].sort()

describe('scan of named files', () => {
  it('skips a named file the ignore globs match, with one note per file', () => {
    const dir = repository()
    const run = cli(['scan', '-f', 'json', 'legacy/api.yaml', 'live/api.yaml', 'live/api.generated.yaml'], { cwd: dir })
    expect(run.code).toBe(1)
    expect(files(run)).toEqual(['live/api.yaml'])
    const notes = run.stderr.trimEnd().split('\n')
    expect(notes).toEqual([
      'note: legacy/api.yaml is ignored by a pattern under ignore in .iac-lint.yaml; not scanned (--no-ignore scans it)',
      'note: live/api.generated.yaml is ignored by a pattern under ignore in .iac-lint.yaml; not scanned (--no-ignore scans it)',
    ])
    expect(jsonReport(run).summary.files).toBe(1)
  })

  it('passes when every named file is ignored', () => {
    const dir = repository()
    const run = cli(['scan', 'legacy/api.yaml'], { cwd: dir })
    expect(run.code).toBe(0)
    expect(run.stderr).toMatch(/^note: legacy\/api\.yaml is ignored/)
  })

  it('scans them with --no-ignore, without notes', () => {
    const dir = repository()
    const run = cli(['scan', '-f', 'json', '--no-ignore', 'legacy/api.yaml', 'live/api.yaml'], { cwd: dir })
    expect(files(run)).toEqual(['legacy/api.yaml', 'live/api.yaml'])
    expect(run.stderr).toBe('')
  })

  it('skips ignored files under a folder silently, as before', () => {
    const dir = repository()
    const run = cli(['scan', '-f', 'json', '.'], { cwd: dir })
    expect(files(run)).toEqual(['live/api.yaml'])
    expect(run.stderr).toBe('')
    expect(files(cli(['scan', '-f', 'json', '--no-ignore', '.'], { cwd: dir }))).toEqual(['legacy/api.yaml', 'live/api.generated.yaml', 'live/api.yaml'])
  })

  it('matches globs relative to the configuration file, from a subfolder too', () => {
    const dir = repository()
    const run = cli(['scan', '-f', 'json', '../legacy/api.yaml', 'api.yaml'], { cwd: path.join(dir, 'live') })
    expect(files(run)).toEqual(['api.yaml'])
    expect(run.stderr).toMatch(/^note: \.\.\/legacy\/api\.yaml is ignored/)
  })

  it('applies to a named Terraform file', () => {
    const dir = repository('ignore: ["modules/old/**"]\n')
    mkdirSync(path.join(dir, 'modules', 'old'), { recursive: true })
    writeFileSync(
      path.join(dir, 'modules', 'old', 'main.tf'),
      'resource "aws_apigatewayv2_api" "api" {\n  name          = "a"\n  protocol_type = "HTTP"\n}\nresource "aws_apigatewayv2_stage" "live" {\n  api_id = aws_apigatewayv2_api.api.id\n  name   = "live"\n}\n',
    )
    const run = cli(['scan', '-f', 'json', 'modules/old/main.tf'], { cwd: dir })
    expect(jsonReport(run).findings).toEqual([])
    expect(run.stderr).toMatch(/^note: modules\/old\/main\.tf is ignored/)
    expect(jsonReport(cli(['scan', '-f', 'json', '--no-ignore', 'modules/old/main.tf'], { cwd: dir })).findings.length).toBeGreaterThan(0)
  })

  it('needs no configuration: without ignore globs nothing is skipped', () => {
    const dir = repository('rules: {}\n')
    const run = cli(['scan', '-f', 'json', 'legacy/api.yaml'], { cwd: dir })
    expect(files(run)).toEqual(['legacy/api.yaml'])
    expect(run.stderr).toBe('')
  })
})

describe('the pre-commit hook', () => {
  // pre-commit runs the hook's entry from the repository root with the changed files appended.
  const hook = (parse(readFileSync(path.join(repoRoot, '.pre-commit-hooks.yaml'), 'utf8')) as Array<{ id: string; entry: string }>).find((entry) => entry.id === 'iac-lint')!
  const entryArgs = hook.entry.split(/\s+/).slice(1)

  it('skips an ignored file the hook names, and still fails on the others', () => {
    expect(entryArgs[0]).toBe('scan')
    const dir = repository()
    const ignoredOnly = cli([...entryArgs, 'legacy/api.yaml'], { cwd: dir })
    expect(ignoredOnly.code).toBe(0)
    expect(ignoredOnly.stderr).toContain('note: legacy/api.yaml is ignored by a pattern under ignore in .iac-lint.yaml')
    expect(ignoredOnly.stdout).not.toContain('alb-lambda-unauthenticated')

    const both = cli([...entryArgs, 'legacy/api.yaml', 'live/api.yaml'], { cwd: dir })
    expect(both.code).toBe(1)
    expect(both.stdout).toContain('live/api.yaml')
    expect(both.stdout).not.toContain('legacy/api.yaml')
  })
})

describe('paths', () => {
  it('applies the ignore globs to named files with a note, and --no-ignore reads them', () => {
    const dir = repository()
    const run = cli(['paths', '-f', 'json', 'legacy/api.yaml', 'live/api.yaml'], { cwd: dir })
    expect(run.code).toBe(0)
    const models = (JSON.parse(run.stdout) as { models: Array<{ origin: string }> }).models.map((model) => model.origin)
    expect(models).toEqual(['live/api.yaml'])
    expect(run.stderr).toBe('note: legacy/api.yaml is ignored by a pattern under ignore in .iac-lint.yaml; not scanned (--no-ignore scans it)\n')

    const all = cli(['paths', '-f', 'json', '--no-ignore', 'legacy/api.yaml', 'live/api.yaml'], { cwd: dir })
    expectCleanExit(all)
    expect((JSON.parse(all.stdout) as { models: Array<{ origin: string }> }).models.map((model) => model.origin)).toEqual(['legacy/api.yaml', 'live/api.yaml'])
  })

  it('leaves ignored files under a folder out', () => {
    const dir = repository()
    const run = cli(['paths', '-f', 'json', '.'], { cwd: dir })
    expect((JSON.parse(run.stdout) as { models: Array<{ origin: string }> }).models.map((model) => model.origin)).toEqual(['live/api.yaml'])
    expect(run.stderr).toBe('')
  })

  it('loadModels applies the globs it is given, and only those', async () => {
    const dir = repository()
    const config = await loadConfig(dir)
    const withGlobs = await loadModels(['.'], dir, { ignore: config })
    expect(withGlobs.models.map((model) => path.relative(dir, model.origin)).sort()).toEqual([path.join('live', 'api.yaml')])
    const without = await loadModels(['.'], dir)
    expect(without.models).toHaveLength(3)
    const named = await loadModels(['legacy/api.yaml'], dir, { ignore: config })
    expect(named.models).toEqual([])
    expect(named.notices).toEqual(['legacy/api.yaml is ignored by a pattern under ignore in .iac-lint.yaml; not scanned (--no-ignore scans it)'])
    expect((await loadModels(['legacy/api.yaml'], dir, { ignore: config, noIgnore: true })).models).toHaveLength(1)
  })
})
