/**
 * The layer check of `npm test` (`npm run lint:layers`, rules in .dependency-cruiser.mjs): the real
 * tree passes it, and a small tree that breaks every rule once fails it with exactly those
 * violations, so a rule whose pattern has gone stale, or an import the check cannot see, shows here.
 */
import { spawnSync } from 'node:child_process'
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { repoRoot } from './cli-run.js'

const config = path.join(repoRoot, '.dependency-cruiser.mjs')
const depcruise = path.join(repoRoot, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruise.mjs')
const ruleSet = (await import(pathToFileURL(config).href)) as { default: { forbidden: Array<{ name: string }> } }
const ruleNames = ruleSet.default.forbidden.map((rule) => rule.name)
const scripts = (JSON.parse(readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts
const [command, ...layerArguments] = (scripts['lint:layers'] ?? '').split(' ')

const scratch = mkdtempSync(path.join(os.tmpdir(), 'iac-lint-layers-'))
afterAll(() => rmSync(scratch, { recursive: true, force: true }))

interface Cruise {
  /** Exit code of `npm run lint:layers` as npm test runs it. */
  code: number | null
  /** `rule from → to`, or `rule a → b → … → a` for a cycle from its first module by name; sorted. */
  violations: string[]
  /** Each module cruised, with the modules it imports. */
  modules: Map<string, string[]>
}

/** `npm run lint:layers` in `cwd`, then again with JSON output (whose exit code is always 0) for the details. */
function cruise(cwd: string): Cruise {
  const run = (extra: string[]) => {
    const result = spawnSync(process.execPath, [depcruise, ...layerArguments, ...extra], {
      cwd,
      encoding: 'utf8',
      timeout: 60_000,
      maxBuffer: 64 * 1024 * 1024,
    })
    expect(result.stderr).toBe('')
    return result
  }
  const code = run([]).status
  const report = JSON.parse(run(['--output-type', 'json']).stdout) as {
    modules: Array<{ source: string; dependencies: Array<{ resolved: string }> }>
    summary: { violations: Violation[] }
  }
  return {
    code,
    violations: report.summary.violations.map(describeViolation).sort(),
    modules: new Map(report.modules.map((module) => [module.source, module.dependencies.map((dependency) => dependency.resolved)])),
  }
}

interface Violation {
  from: string
  to: string
  rule: { name: string }
  /** The modules after `from` around a cycle, back to `from`. */
  cycle?: Array<{ name: string }>
}

let realRun: Cruise | undefined
const realTree = (): Cruise => (realRun ??= cruise(repoRoot))

/** A cycle is reported once, from whichever of its modules; written from its first module by name, it reads the same each time. */
function describeViolation(violation: Violation): string {
  if (!violation.cycle) return `${violation.rule.name} ${violation.from} → ${violation.to}`
  const members = [violation.from, ...violation.cycle.slice(0, -1).map((step) => step.name)]
  const first = members.indexOf([...members].sort()[0]!)
  const rotated = [...members.slice(first), ...members.slice(0, first)]
  return `${violation.rule.name} ${[...rotated, rotated[0]].join(' → ')}`
}

/** A module importing others: `type` imports only the types, which count all the same. */
type Imports = Array<string | { type: string }>

/** A tree of modules beside a copy of the real configuration. */
function writeTree(root: string, tree: Record<string, Imports>): void {
  mkdirSync(root, { recursive: true })
  copyFileSync(config, path.join(root, path.basename(config)))
  for (const [file, imports] of Object.entries(tree)) {
    const lines = imports.map((spec, index) =>
      typeof spec === 'string' ? `import '${spec}'` : `import type { T as T${index} } from '${spec.type}'`,
    )
    mkdirSync(path.dirname(path.join(root, file)), { recursive: true })
    writeFileSync(path.join(root, file), [...lines, 'export type T = number', ''].join('\n'))
  }
}

describe('the layer check', () => {
  it('is part of npm test, with this configuration', () => {
    expect(scripts.test).toContain('npm run lint:layers')
    expect(command).toBe('depcruise')
    expect(layerArguments).toEqual(['src', 'rules', '--config', path.basename(config)])
  })

  it('passes on the real tree and sees every module of src and rules', () => {
    const run = realTree()
    expect(run.violations).toEqual([])
    expect(run.code).toBe(0)
    const sources = ['src', 'rules'].flatMap((folder) =>
      readdirSync(path.join(repoRoot, folder), { recursive: true, encoding: 'utf8' })
        .filter((file) => file.endsWith('.ts'))
        .map((file) => `${folder}/${file.split(path.sep).join('/')}`),
    )
    expect(sources.length).toBeGreaterThan(50)
    expect(sources.filter((source) => !run.modules.has(source))).toEqual([])
  })

  it('fails on a tree that breaks each rule once, and nowhere else', () => {
    const root = path.join(scratch, 'broken')
    writeTree(root, {
      'src/core/types.ts': ['../parse/types.js'],
      'src/parse/types.ts': [],
      'src/parse/yaml.ts': ['../model/model.js'],
      'src/model/model.ts': ['../engine/run.js'],
      'src/model/paths.ts': ['../frontends/index.js'],
      'src/frontends/index.ts': [],
      'src/frontends/cloudformation/from-cloudformation.ts': ['../terraform/ir.js'],
      'src/frontends/cloudformation/template.ts': ['../../parse/yaml.js', '../comments.js'],
      'src/frontends/comments.ts': [],
      'src/frontends/terraform/ir.ts': [],
      'src/frontends/terraform/index.ts': ['../../engine/run.js'],
      'src/engine/run.ts': ['../review/diff.js'],
      'src/review/diff.ts': ['../engine/scan.js', '../report/text.js'],
      'src/engine/a.ts': [{ type: './b.js' }],
      'src/engine/b.ts': [{ type: './a.js' }],
      'src/engine/scan.ts': [],
      'src/engine/worker.ts': ['../../rules/index.js', './nowhere.js'],
      'src/findings/filter.ts': ['../model/model.js'],
      'src/advisor/front-doors.ts': ['../engine/run.js'],
      'src/report/paths.ts': ['../frontends/cloudformation/from-cloudformation.js', '../engine/scan.js'],
      'src/report/text.ts': ['../cli/main.js'],
      'src/cli/main.ts': [],
      'src/lsp/server.ts': ['../engine/scan.js'],
      'src/index.ts': ['./lsp/server.js'],
      'rules/index.ts': ['./some-rule.js'],
      'rules/some-rule.ts': ['../src/parse/types.js'],
    })
    const run = cruise(root)
    expect(run.code).not.toBe(0)
    expect(run.violations).toEqual(
      [
        'advisor-reads-results src/advisor/front-doors.ts → src/engine/run.ts',
        'cli-is-an-entry src/report/text.ts → src/cli/main.ts',
        'core-imports-nothing src/core/types.ts → src/parse/types.ts',
        'engine-takes-rules src/engine/worker.ts → rules/index.ts',
        'findings-know-no-frameworks src/findings/filter.ts → src/model/model.ts',
        'lsp-is-an-entry src/index.ts → src/lsp/server.ts',
        'lsp-uses-the-api src/lsp/server.ts → src/engine/scan.ts',
        'model-against-flow src/model/model.ts → src/engine/run.ts',
        'no-cycle src/engine/a.ts → src/engine/b.ts → src/engine/a.ts',
        'frontend-against-flow src/frontends/terraform/index.ts → src/engine/run.ts',
        'frontends-apart src/frontends/cloudformation/from-cloudformation.ts → src/frontends/terraform/ir.ts',
        'model-against-flow src/model/paths.ts → src/frontends/index.ts',
        'parse-against-flow src/parse/yaml.ts → src/model/model.ts',
        'report-knows-no-frameworks src/report/paths.ts → src/engine/scan.ts',
        'report-knows-no-frameworks src/report/paths.ts → src/frontends/cloudformation/from-cloudformation.ts',
        'review-on-top src/engine/run.ts → src/review/diff.ts',
        'rules-know-no-syntax rules/some-rule.ts → src/parse/types.ts',
        'unresolvable src/engine/worker.ts → ./nowhere.js',
      ].sort(),
    )
    expect(ruleNames.filter((name) => !run.violations.some((violation) => violation.startsWith(`${name} `)))).toEqual([])
  })
})
