/**
 * Part of `npm run bench`: parses the corpus files of each format in one process (after one
 * warm-up pass) and prints the time per format as JSON. Parsing only: no model, no rules.
 */
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { parseJson } from '../src/parse/cloudformation/json.js'
import { parseYaml } from '../src/parse/cloudformation/yaml.js'

type Parser = (text: string, file: string) => unknown

async function parsers(): Promise<Array<{ format: string; pattern: RegExp; accept: (text: string) => boolean; parse: Parser }>> {
  const list: Array<{ format: string; pattern: RegExp; accept: (text: string) => boolean; parse: Parser }> = [
    { format: 'YAML', pattern: /\.ya?ml$/, accept: () => true, parse: (text) => parseYaml(text) },
    { format: 'JSON (templates)', pattern: /\.json$/, accept: (text) => !text.includes('"format_version"'), parse: (text) => parseJson(text) },
  ]
  for (const extra of await import('./bench-formats.js').then((module) => module.extraFormats()).catch(() => [])) list.push(extra)
  return list
}

function filesUnder(folder: string, pattern: RegExp): string[] {
  const found: string[] = []
  const pending = [folder]
  while (pending.length) {
    const current = pending.pop()!
    for (const entry of readdirSync(current, { withFileTypes: true })) {
      const full = path.join(current, entry.name)
      if (entry.isDirectory()) pending.push(full)
      else if (pattern.test(entry.name)) found.push(full)
    }
  }
  return found
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
