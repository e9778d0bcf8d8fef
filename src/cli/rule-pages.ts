/**
 * The docs page of a rule (`docs/rules/<id>.md`, shipped in the package), for `iac-lint explain`
 * and SARIF `help.markdown`. Found from this module's place in the package: under `bundle/` for
 * an installed copy, under `src/cli/` in a clone.
 */
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const GENERATED_MARK = /^<!--[^\n]*-->\n/

function packageRoot(): string | undefined {
  let folder = path.dirname(fileURLToPath(import.meta.url))
  for (;;) {
    if (existsSync(path.join(folder, 'package.json')) && existsSync(path.join(folder, 'docs', 'rules'))) return folder
    const parent = path.dirname(folder)
    if (parent === folder) return undefined
    folder = parent
  }
}

let root: string | undefined | null = null

/** The page as Markdown, without the generated-file comment; undefined when the package has none for `id`. */
export function rulePage(id: string): string | undefined {
  if (!/^[a-z0-9-]+$/.test(id)) return undefined
  if (root === null) root = packageRoot()
  if (root === undefined) return undefined
  const file = path.join(root, 'docs', 'rules', `${id}.md`)
  if (!existsSync(file)) return undefined
  return readFileSync(file, 'utf8').replace(GENERATED_MARK, '')
}

/** The pages of these rules, for the SARIF reporter; rules without one are left out. */
export function rulePages(ids: readonly string[]): Map<string, string> {
  const pages = new Map<string, string>()
  for (const id of ids) {
    const page = rulePage(id)
    if (page !== undefined) pages.set(id, page)
  }
  return pages
}
