/**
 * Fixture tests: every file in `fixtures/<rule-id>/pass/` produces no finding of that rule, every
 * file in `fixtures/<rule-id>/fail/` produces at least one, and the exact findings of that rule
 * are pinned in `<fixture>.snap` beside it (`npx vitest run -u` rewrites them). Every fixture
 * runs, Terraform ones included: a reader that breaks fails them (each must be read as a unit,
 * with no finding of the engine's own rules) instead of skipping them. The meta tests below keep
 * the fixture tree and the rules in step.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { isSamTemplate } from '../src/frontends/cloudformation/sam.js'
import { parseTemplateText } from '../src/frontends/cloudformation/template.js'
import { BUILTIN_RULES, rules, scan, type Finding, type ScanResult } from '../src/index.js'

const repo = fileURLToPath(new URL('..', import.meta.url))
const fixturesRoot = path.join(repo, 'fixtures')
const rulesRoot = path.join(repo, 'rules')

const OUTCOMES = ['pass', 'fail'] as const
type Outcome = (typeof OUTCOMES)[number]
/** `terraform` is configuration (a module folder, `.tf`, `.tf.json`); `terraform-plan` is `terraform show -json` output. */
type FixtureKind = 'yaml' | 'json' | 'terraform' | 'terraform-plan'

interface Fixture {
  ruleId: string
  outcome: Outcome
  /** Absolute path of the file, or of the folder for a Terraform module. */
  file: string
  /** Path from the repository root, POSIX separators, for test names. */
  name: string
  kind: FixtureKind
}

const ruleIds = new Set(rules.map((rule) => rule.meta.id))
/** Findings of the engine's own rules (`parse-error`) mean the fixture itself is broken. */
const builtinIds = new Set(BUILTIN_RULES.map((meta) => meta.id))

function kindOf(file: string): FixtureKind | undefined {
  const lower = file.toLowerCase()
  if (statSync(file).isDirectory() || lower.endsWith('.tf') || lower.endsWith('.tf.json')) return 'terraform'
  if (lower.endsWith('.yaml') || lower.endsWith('.yml')) return 'yaml'
  if (lower.endsWith('.json')) return isTerraformPlan(readFileSync(file, 'utf8')) ? 'terraform-plan' : 'json'
  return undefined
}

/** Terraform's plan JSON: an object with `format_version` and `planned_values` or `resource_changes`. */
function isTerraformPlan(text: string): boolean {
  try {
    const root: unknown = JSON.parse(text)
    return typeof root === 'object' && root !== null && 'format_version' in root && ('planned_values' in root || 'resource_changes' in root)
  } catch {
    return false
  }
}

function listFixtures(): Fixture[] {
  const fixtures: Fixture[] = []
  for (const ruleId of fixtureFolders()) {
    for (const outcome of OUTCOMES) {
      const folder = path.join(fixturesRoot, ruleId, outcome)
      if (!existsSync(folder)) continue
      for (const entry of readdirSync(folder).sort()) {
        const file = path.join(folder, entry)
        const kind = kindOf(file)
        if (kind) fixtures.push({ ruleId, outcome, file, kind, name: posix(path.relative(repo, file)) })
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

function isSam(fixture: Fixture): boolean {
  if (fixture.kind !== 'yaml' && fixture.kind !== 'json') return false
  const parsed = parseTemplateText(readFileSync(fixture.file, 'utf8'), fixture.file)
  return parsed.ok && isSamTemplate(parsed.root)
}

/** `LINE:COL  RULE-ID  MESSAGE`; a finding in another file of a Terraform module names that file first. */
function renderFinding(fixture: Fixture, finding: Finding): string {
  const { file, range } = finding.location
  const where = path.resolve(file) === path.resolve(fixture.file) ? '' : `${posix(path.relative(fixture.file, file))}:`
  return `${where}${range.line}:${range.column}  ${finding.ruleId}  ${finding.message}`
}

const fixtures = listFixtures()

async function scanFixture(fixture: Fixture): Promise<ScanResult> {
  return scan([fixture.file], { rules, cwd: repo })
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
    })
  } else {
    it(`has ${fixture.ruleId} findings matching ${path.basename(fixture.file)}.snap`, async () => {
      const result = await scanFixture(fixture)
      expectScannedCleanly(result)
      const own = result.findings.filter((finding) => finding.ruleId === fixture.ruleId)
      expect(own.length, `no ${fixture.ruleId} finding`).toBeGreaterThan(0)
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

  it('keeps no snapshot without its fail fixture', () => {
    const orphans: string[] = []
    for (const ruleId of fixtureFolders()) {
      for (const outcome of OUTCOMES) {
        const folder = path.join(fixturesRoot, ruleId, outcome)
        if (!existsSync(folder)) continue
        for (const entry of readdirSync(folder)) {
          if (!entry.endsWith('.snap')) continue
          const fixture = path.join(folder, entry.slice(0, -'.snap'.length))
          if (outcome !== 'fail' || !existsSync(fixture)) orphans.push(posix(path.relative(repo, path.join(folder, entry))))
        }
      }
    }
    expect(orphans).toEqual([])
  })

  it.each(rules.map((rule) => [rule.meta.id, rule] as const))(
    '%s has pass and fail fixtures for each framework it declares',
    (ruleId, rule) => {
      const missing: string[] = []
      for (const outcome of OUTCOMES) {
        const mine = fixtures.filter((fixture) => fixture.ruleId === ruleId && fixture.outcome === outcome)
        const required: Array<[string, (fixture: Fixture) => boolean]> = []
        if (rule.meta.frameworks.includes('cloudformation')) {
          required.push(
            ['CloudFormation YAML', (fixture) => fixture.kind === 'yaml' && !isSam(fixture)],
            ['CloudFormation JSON', (fixture) => fixture.kind === 'json' && !isSam(fixture)],
            ['SAM', (fixture) => isSam(fixture)],
          )
        }
        if (rule.meta.frameworks.includes('terraform')) {
          required.push(['Terraform configuration', (fixture) => fixture.kind === 'terraform'])
        }
        for (const [label, matches] of required) if (!mine.some(matches)) missing.push(`${outcome}: ${label}`)
      }
      expect(missing).toEqual([])
    },
  )
})
