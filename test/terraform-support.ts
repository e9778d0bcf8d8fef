/** Helpers for the Terraform suites: throwaway module folders and values as plain data. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { expandConfiguration, type Expansion } from '../src/frontends/terraform/configuration.js'
import type { TfResource, TfValue } from '../src/frontends/terraform/ir.js'
import { isError } from '../src/frontends/terraform/values.js'
import { listSources } from '../src/frontends/terraform/parse/folder.js'
import { loadHclParser } from '../src/frontends/terraform/parse/hcl.js'
import { TerraformProject } from '../src/frontends/terraform/parse/project.js'

const created: string[] = []

/** A new temporary folder holding `files` (relative path to content). */
export function folderWith(files: Record<string, string>): string {
  const root = mkdtempSync(path.join(os.tmpdir(), 'iac-lint-tf-'))
  created.push(root)
  for (const [name, content] of Object.entries(files)) {
    const file = path.join(root, name)
    mkdirSync(path.dirname(file), { recursive: true })
    writeFileSync(file, content)
  }
  return root
}

export function removeFolders(): void {
  for (const folder of created.splice(0)) rmSync(folder, { recursive: true, force: true })
}

/** The root module in `dir` expanded, with `--var` values and `--var-file` files. */
export async function expand(dir: string, vars: Record<string, string> = {}, varFiles: string[] = []): Promise<Expansion> {
  const project = await TerraformProject.load([{ dir, files: await listSources(dir), whole: true }], await loadHclParser(), varFiles)
  const [root] = project.roots
  if (!root) throw new Error(`no root module in ${dir}`)
  return expandConfiguration(project, root, vars)
}

export function resource(expansion: Expansion, address: string): TfResource {
  const found = expansion.resources.find((candidate) => candidate.address === address)
  if (!found) throw new Error(`no ${address} among ${expansion.resources.map((candidate) => candidate.address).join(', ')}`)
  return found
}

/**
 * A value as plain data: unknown parts become `{ unknown: why, refs: [...] }` (`{ error: why }`
 * for the unknowns Terraform would reject), so a test states exactly what is known.
 */
export function plain(value: TfValue | undefined): unknown {
  if (value === undefined) return undefined
  switch (value.kind) {
    case 'scalar':
      return value.value
    case 'list':
      return value.items.map(plain)
    case 'object':
      return Object.fromEntries([...value.fields].map(([key, field]) => [key, plain(field)]))
    case 'unknown':
      if (isError(value)) return { error: value.why }
      return {
        unknown: value.why,
        refs: value.refs.map((ref) => (ref.attribute === undefined ? ref.address : `${ref.address}.${ref.attribute}`)),
      }
  }
}

/** The value of `expr` as an argument of a resource in a module that also holds `context`. */
export async function evaluate(expr: string, context = '', vars: Record<string, string> = {}): Promise<unknown> {
  const dir = folderWith({ 'main.tf': `${context}\nresource "test_thing" "probe" {\n  value = ${expr}\n}\n` })
  return plain(resource(await expand(dir, vars), 'test_thing.probe').body.fields.get('value'))
}
