/**
 * Fixture tests: every file in `fixtures/<rule-id>/pass/` produces no finding of that rule, every
 * file in `fixtures/<rule-id>/fail/` produces at least one, each on a line the fixture marks, and
 * the exact findings of that rule are pinned in `<fixture>.snap` beside it (`npx vitest run -u`
 * rewrites them). A YAML or HCL line is marked with a trailing `# expect: <rule-id>`; JSON has no
 * comments, so `<fixture>.expect` beside a JSON file holds `<rule-id> <JSON pointer>` lines, the
 * pointer naming the value the finding points at. The marks say where a finding belongs (the
 * property to change, or the resource when the property is missing), which a rewritten snapshot
 * cannot. Every fixture runs, Terraform ones included: a reader that breaks fails them (each must
 * be read as a unit, with no finding of the engine's own rules) instead of skipping them. The
 * meta tests below keep the fixture tree and the rules in step.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { defaultConfig } from '../src/engine/config.js'
import { fixtureFramework } from '../src/engine/docs.js'
import { BUILTIN_RULES, rules, scan, type Finding, type ScanResult } from '../src/index.js'
import { parseJson } from '../src/parse/json.js'
import type { DocNode } from '../src/parse/types.js'
import type { Framework } from '../src/core/types.js'

const repo = fileURLToPath(new URL('..', import.meta.url))
const fixturesRoot = path.join(repo, 'fixtures')
const rulesRoot = path.join(repo, 'rules')

const OUTCOMES = ['pass', 'fail'] as const
type Outcome = (typeof OUTCOMES)[number]

interface Fixture {
  ruleId: string
  outcome: Outcome
  /** Absolute path of the file, or of the folder for a Terraform module. */
  file: string
  /** Path from the repository root, POSIX separators, for test names. */
  name: string
  framework: Framework
}

const ruleIds = new Set(rules.map((rule) => rule.meta.id))
/** Findings of the engine's own rules (`parse-error`) mean the fixture itself is broken. */
const builtinIds = new Set(BUILTIN_RULES.map((meta) => meta.id))

function listFixtures(): Fixture[] {
  const fixtures: Fixture[] = []
  for (const ruleId of fixtureFolders()) {
    for (const outcome of OUTCOMES) {
      const folder = path.join(fixturesRoot, ruleId, outcome)
      if (!existsSync(folder)) continue
      for (const entry of readdirSync(folder).sort()) {
        const file = path.join(folder, entry)
        const framework = fixtureFramework(entry, statSync(file).isDirectory(), () => readFileSync(file, 'utf8'))
        if (framework) fixtures.push({ ruleId, outcome, file, framework, name: posix(path.relative(repo, file)) })
      }
    }
  }
  return fixtures
}

function fixtureFolders(): string[] {
  return readdirSync(fixturesRoot, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort()
}

function posix(file: string): string {
  return file.split(path.sep).join('/')
}

/** `LINE:COL  RULE-ID  MESSAGE`; a finding in another file of a Terraform module names that file first. */
function renderFinding(fixture: Fixture, finding: Finding): string {
  const { file, range } = finding.location
  const where = path.resolve(file) === path.resolve(fixture.file) ? '' : `${posix(path.relative(fixture.file, file))}:`
  return `${where}${range.line}:${range.column}  ${finding.ruleId}  ${finding.message}`
}

/** A trailing `# expect: <rule-id>` comment on a YAML or HCL line. */
const MARK = /#\s*expect:\s*([a-z0-9]+(?:-[a-z0-9]+)*)\s*$/

/**
 * The files a scan of the fixture reads: every file of a module folder; the Terraform files of
 * the folder a single `.tf` or `.tf.json` file is in (Terraform reads a module, not a file);
 * else the file.
 */
function scannedFiles(fixture: Fixture): string[] {
  if (statSync(fixture.file).isDirectory()) {
    return readdirSync(fixture.file, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => path.join(entry.parentPath, entry.name))
  }
  if (/\.tf(\.json)?$/.test(fixture.file)) {
    const folder = path.dirname(fixture.file)
    return readdirSync(folder)
      .filter((name) => /\.tf(\.json)?$/.test(name))
      .map((name) => path.join(folder, name))
  }
  return [fixture.file]
}

/** `[file:]LINE RULE-ID` for every line the fixture's files mark, in the form `findingLine` gives. */
function markedLines(fixture: Fixture): string[] {
  const marks: string[] = []
  for (const file of scannedFiles(fixture)) {
    if (/\.(snap|expect)$/.test(file)) continue
    const text = readFileSync(file, 'utf8')
    if (file.endsWith('.json')) {
      const sidecar = `${file}.expect`
      if (!existsSync(sidecar)) continue
      for (const line of readFileSync(sidecar, 'utf8').split('\n').filter((entry) => entry.trim() !== '')) {
        const [, ruleId = '', pointer = ''] = /^(\S+)\s+(.*)$/.exec(line.trim()) ?? []
        marks.push(lineKey(fixture, file, lineOfPointer(text, pointer, sidecar), ruleId))
      }
      continue
    }
    text.split('\n').forEach((line, index) => {
      const ruleId = MARK.exec(line)?.[1]
      if (ruleId) marks.push(lineKey(fixture, file, index + 1, ruleId))
    })
  }
  return [...new Set(marks)].sort()
}

/** The line of the value a JSON pointer (`/Resources/Method/Properties/AuthorizationType`) names. */
function lineOfPointer(text: string, pointer: string, sidecar: string): number {
  const parsed = parseJson(text)
  if (!parsed.ok) throw new Error(`${sidecar}: its JSON file does not parse`)
  let node: DocNode | undefined = parsed.root
  for (const raw of pointer.split('/').slice(1)) {
    const part = raw.replace(/~1/g, '/').replace(/~0/g, '~')
    node =
      node?.kind === 'map' ? node.entries.find((entry) => entry.key === part)?.value : node?.kind === 'seq' ? node.items[Number(part)] : undefined
  }
  if (!node || !pointer.startsWith('/')) throw new Error(`${sidecar}: ${pointer} names no value`)
  return node.range.line
}

function lineKey(fixture: Fixture, file: string, line: number, ruleId: string): string {
  const where = path.resolve(file) === path.resolve(fixture.file) ? '' : `${posix(path.relative(fixture.file, file))}:`
  return `${where}${line} ${ruleId}`
}

function findingLine(fixture: Fixture, finding: Finding): string {
  return lineKey(fixture, finding.location.file, finding.location.range.line, finding.ruleId)
}

const fixtures = listFixtures()

/** Rules outside `recommended` run on their own fixtures as `extends: all` runs them. */
const notRecommended = new Set(rules.filter((rule) => rule.meta.recommended === false).map((rule) => rule.meta.id))

async function scanFixture(fixture: Fixture): Promise<ScanResult> {
  const config = notRecommended.has(fixture.ruleId) ? { ...defaultConfig(repo), extends: 'all' as const } : undefined
  return scan([fixture.file], { rules, cwd: repo, ...(config ? { config } : {}) })
}

function expectScannedCleanly(result: ScanResult): void {
  const inputErrors = result.findings.filter((finding) => builtinIds.has(finding.ruleId))
  expect(inputErrors, 'the fixture cannot be read').toEqual([])
  expect(result.templatesScanned, 'the fixture was not read as a template (see the notices)').toBeGreaterThan(0)
  expect(result.notices).toEqual([])
  // Findings about what SAM generates must point at its source, never at the top of the file.
  const atLineOne = result.findings.filter((finding) => finding.location.range.line === 1)
  expect(atLineOne, 'a finding points at line 1').toEqual([])
}

describe.each(fixtures.map((fixture) => [fixture.name, fixture] as const))('%s', (_name, fixture) => {
  if (fixture.outcome === 'pass') {
    it(`has no ${fixture.ruleId} finding`, async () => {
      const result = await scanFixture(fixture)
      expectScannedCleanly(result)
      const own = result.findings.filter((finding) => finding.ruleId === fixture.ruleId)
      expect(own.map((finding) => renderFinding(fixture, finding))).toEqual([])
      expect(markedLines(fixture), 'a pass fixture marks no line').toEqual([])
    })
  } else {
    it(`has ${fixture.ruleId} findings matching ${path.basename(fixture.file)}.snap`, async () => {
      const result = await scanFixture(fixture)
      expectScannedCleanly(result)
      const own = result.findings.filter((finding) => finding.ruleId === fixture.ruleId)
      expect(own.length, `no ${fixture.ruleId} finding`).toBeGreaterThan(0)
      const marked = markedLines(fixture).filter((mark) => mark.endsWith(` ${fixture.ruleId}`))
      expect([...new Set(own.map((finding) => findingLine(fixture, finding)))].sort(), 'findings on the lines the fixture marks').toEqual(marked)
      const text = own.map((finding) => `${renderFinding(fixture, finding)}\n`).join('')
      await expect(text).toMatchFileSnapshot(`${fixture.file}.snap`)
    })
  }
})

describe('fixture tree', () => {
  it('has a rule for every fixture folder', () => {
    expect(fixtureFolders().filter((folder) => !ruleIds.has(folder))).toEqual([])
  })

  it('names every rule file after the rule it exports, and exports every rule file', () => {
    const files = readdirSync(rulesRoot)
      .filter((file) => file.endsWith('.ts') && file !== 'index.ts')
      .map((file) => file.slice(0, -'.ts'.length))
      .sort()
    expect([...ruleIds].sort()).toEqual(files)
  })

  it('keeps no snapshot or expectation without its fail fixture', () => {
    const orphans: string[] = []
    for (const ruleId of fixtureFolders()) {
      for (const outcome of OUTCOMES) {
        const folder = path.join(fixturesRoot, ruleId, outcome)
        if (!existsSync(folder)) continue
        for (const entry of readdirSync(folder)) {
          const beside = /^(.*)\.(snap|expect)$/.exec(entry)?.[1]
          if (beside === undefined) continue
          const fixture = path.join(folder, beside)
          const kept = outcome === 'fail' && existsSync(fixture) && (entry.endsWith('.snap') || beside.endsWith('.json'))
          if (!kept) orphans.push(posix(path.relative(repo, path.join(folder, entry))))
        }
      }
    }
    expect(orphans).toEqual([])
  })

  it.each(rules.map((rule) => [rule.meta.id, rule.meta.frameworks] as const))(
    '%s has a pass and a fail fixture for each framework it declares, and none for another',
    (ruleId, frameworks) => {
      const mine = fixtures.filter((fixture) => fixture.ruleId === ruleId)
      const missing = frameworks.flatMap((framework) =>
        OUTCOMES.filter((outcome) => !mine.some((fixture) => fixture.framework === framework && fixture.outcome === outcome)).map(
          (outcome) => `${outcome}: ${framework}`,
        ),
      )
      expect(missing).toEqual([])
      // The engine does not run a rule on a framework it does not declare, so such a fixture would pass unread.
      expect(mine.filter((fixture) => !frameworks.includes(fixture.framework)).map((fixture) => fixture.name)).toEqual([])
    },
  )
})
