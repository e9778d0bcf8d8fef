/**
 * Writes the generated files: the rule index (`rules/index.ts`), one docs page per rule
 * (`docs/rules/<id>.md`) and the rules table in the README. `npm run generate` rewrites them;
 * a test fails when any of them is stale.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { renderRuleDoc, renderRulesTable, renderRuleIndex, replaceRulesTable } from '../src/engine/docs.js'
import { BUILTIN_RULES } from '../src/engine/builtin.js'

import type { RuleMeta } from '../src/engine/types.js'

/** The repository root, whether this runs compiled from dist/scripts or as source under vitest. */
function repositoryRoot(): string {
  let folder = path.dirname(fileURLToPath(import.meta.url))
  while (!existsSync(path.join(folder, 'package.json'))) folder = path.dirname(folder)
  return folder
}

const root = repositoryRoot()

export async function generatedFiles(): Promise<Map<string, string>> {
  const ids = readdirSync(path.join(root, 'rules'))
    .filter((name) => name.endsWith('.ts') && name !== 'index.ts')
    .map((name) => name.slice(0, -3))
    .sort()
  const files = new Map<string, string>()
  files.set('rules/index.ts', renderRuleIndex(ids))
  const metas: RuleMeta[] = [...BUILTIN_RULES]
  for (const id of ids) {
    const module = (await import(path.join(root, 'dist', 'rules', `${id}.js`))) as { default: { meta: RuleMeta } }
    metas.push(module.default.meta)
  }
  for (const meta of metas) files.set(`docs/rules/${meta.id}.md`, renderRuleDoc(meta, fixtureExamples(meta.id)))
  const readme = readFileSync(path.join(root, 'README.md'), 'utf8')
  files.set('README.md', replaceRulesTable(readme, renderRulesTable(metas)))
  return files
}

function fixtureExamples(id: string): Array<{ name: string; text: string; kind: 'pass' | 'fail' }> {
  const examples: Array<{ name: string; text: string; kind: 'pass' | 'fail' }> = []
  for (const kind of ['fail', 'pass'] as const) {
    const folder = path.join(root, 'fixtures', id, kind)
    let names: string[] = []
    try {
      names = readdirSync(folder).filter((name) => !name.endsWith('.snap')).sort()
    } catch {
      continue
    }
    const first = names.find((name) => /\.ya?ml$/.test(name)) ?? names[0]
    if (first) examples.push({ name: first, kind, text: readFileSync(path.join(folder, first), 'utf8') })
  }
  return examples
}

if (process.argv[1] && fileURLToPath(import.meta.url) === path.resolve(process.argv[1])) {
  for (const [file, text] of await generatedFiles()) writeFileSync(path.join(root, file), text)
}
