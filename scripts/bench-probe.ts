/**
 * Part of `npm run bench`: parses the corpus files of each format in one process (after one
 * warm-up pass) and prints the time per format as JSON. Parsing only: no model, no rules.
 */
import { readFileSync } from 'node:fs'
import { parseJson } from '../src/parse/json.js'
import { parseYaml } from '../src/parse/yaml.js'
import { loadHclParser } from '../src/frontends/terraform/parse/hcl.js'
import { fastParseHcl } from '../src/frontends/terraform/parse/hcl-fast.js'
import { lazyHclParser } from '../src/frontends/terraform/parse/hcl-lazy.js'
import { isTerraformPlan, readPlan } from '../src/frontends/terraform/parse/plan.js'
import { filesUnder } from './files-under.js'

interface Format {
  format: string
  pattern: RegExp
  accept: (text: string) => boolean
  parse: (text: string, file: string) => unknown
}

async function parsers(): Promise<Format[]> {
  const hcl = await loadHclParser()
  const lazy = lazyHclParser()
  await lazy.loadFallback()
  return [
    { format: 'YAML', pattern: /\.ya?ml$/, accept: () => true, parse: (text) => parseYaml(text) },
    { format: 'JSON (templates)', pattern: /\.json$/, accept: (text) => !isTerraformPlan(text), parse: (text) => parseJson(text) },
    { format: 'HCL (tree-sitter and conversion)', pattern: /\.tf$/, accept: () => true, parse: (text) => hcl.parse(text) },
    { format: 'HCL (fast parser, the files it reads)', pattern: /\.tf$/, accept: (text) => fastParseHcl(text) !== undefined, parse: (text) => fastParseHcl(text) },
    { format: 'HCL (as a scan reads it: fast parser, tree-sitter fallback)', pattern: /\.tf$/, accept: () => true, parse: (text) => lazy.parse(text) },
    { format: 'Terraform plan JSON', pattern: /\.json$/, accept: isTerraformPlan, parse: (text, file) => readPlan(text, file) },
  ]
}


const corpus = process.argv[2]!
const results = []
for (const { format, pattern, accept, parse } of await parsers()) {
  const texts = filesUnder(corpus, pattern)
    .map((file) => ({ file, text: readFileSync(file, 'utf8') }))
    .filter(({ text }) => accept(text))
  for (const { file, text } of texts) parse(text, file)
  const started = performance.now()
  for (const { file, text } of texts) parse(text, file)
  const ms = performance.now() - started
  results.push({ format, files: texts.length, mb: texts.reduce((sum, { text }) => sum + Buffer.byteLength(text), 0) / 1e6, ms })
}
process.stdout.write(JSON.stringify(results))
