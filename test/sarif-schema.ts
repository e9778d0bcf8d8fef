import { readFileSync } from 'node:fs'
import { Ajv } from 'ajv'
import addFormatsPlugin from 'ajv-formats'

// ajv-formats is CommonJS: under NodeNext its default import is the module object.
const addFormats = addFormatsPlugin.default

const schema = JSON.parse(readFileSync(new URL('./schemas/sarif-schema-2.1.0.json', import.meta.url), 'utf8')) as object

const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false })
addFormats(ajv)
const validate = ajv.compile(schema)

/** Errors found by the official SARIF 2.1.0 schema, one line each; empty when `log` is valid. */
export function validateSarif(log: unknown): string[] {
  if (validate(log)) return []
  return (validate.errors ?? []).map((error) => `${error.instancePath || '/'} ${error.message ?? 'is invalid'}`)
}
