/**
 * CloudFormation parameter values given to a scan, as deployments give them: `KEY=VALUE` on the
 * command line and parameter files in the three shapes teams keep them in:
 *
 * - the CloudFormation CLI's list, `[{"ParameterKey": "Env", "ParameterValue": "prod"}]`
 *   (`aws cloudformation deploy --parameter-overrides file://...`, `create-stack --parameters`);
 * - a CodePipeline template configuration file, `{"Parameters": {"Env": "prod"}}`;
 * - SAM's `samconfig.toml`, `parameter_overrides` of the `default` environment's `deploy`
 *   command (or its `global` section), as a string `Env=prod Name="two words"` or a list of them.
 *
 * A value given here replaces the parameter's `Default` before evaluation; a parameter a template
 * does not declare is ignored, since one set of values serves every template of a scan.
 */
import path from 'node:path'
import { readRegularFile, type FileRead } from '../../parse/read.js'
import { decodeText } from '../../parse/text.js'

/** Parameter files are small; a larger one is refused rather than read. */
const MAX_BYTES = 1024 * 1024

export type ParameterValues = Readonly<Record<string, string>>

/** A parameter file or assignment that cannot be read; the message names the file and line. */
export class ParameterError extends Error {}

/** `KEY=VALUE`: the key is a parameter's logical name, the value everything after the first `=`. */
export function parameterAssignment(text: string): [string, string] {
  const equals = text.indexOf('=')
  const key = equals < 0 ? '' : text.slice(0, equals)
  if (!/^[A-Za-z0-9]+$/.test(key)) throw new ParameterError(`--parameter needs KEY=VALUE with an alphanumeric parameter name, not "${text}"`)
  return [key, text.slice(equals + 1)]
}

/** Reads one parameter file; `shown` is how the file is named in messages. */
export function readParameterFile(file: string, shown: string): Record<string, string> {
  let read: FileRead
  try {
    // Never blocks on a FIFO or device put in the file's place.
    read = readRegularFile(file, MAX_BYTES, 0)
  } catch (error) {
    throw new ParameterError(`cannot read parameter file ${shown} (${(error as NodeJS.ErrnoException).code ?? 'unreadable'})`)
  }
  if (read.kind === 'oversized') throw new ParameterError(`parameter file ${shown} is over 1 MB`)
  if (read.kind !== 'bytes') throw new ParameterError(`parameter file ${shown} is not a regular file`)
  const decoded = decodeText(read.bytes)
  if (!decoded.ok) throw new ParameterError(`parameter file ${shown}: ${decoded.message}`)
  const text = decoded.text
  return path.extname(file).toLowerCase() === '.toml' ? fromSamConfig(text, shown) : fromJson(text, shown)
}

function fromJson(text: string, shown: string): Record<string, string> {
  let data: unknown
  try {
    data = JSON.parse(text)
  } catch (error) {
    throw new ParameterError(`parameter file ${shown} is not valid JSON (${(error as Error).message})`)
  }
  const values: Record<string, string> = Object.create(null) as Record<string, string>
  if (Array.isArray(data)) {
    for (const [index, item] of data.entries()) {
      const entry = item as { ParameterKey?: unknown; ParameterValue?: unknown; UsePreviousValue?: unknown } | null
      if (typeof entry?.ParameterKey !== 'string') {
        throw new ParameterError(`parameter file ${shown}: entry ${index + 1} has no ParameterKey string`)
      }
      // UsePreviousValue keeps the deployed stack's value, which a scan cannot know: it stays unknown.
      if (entry.UsePreviousValue === true) continue
      if (!isScalar(entry.ParameterValue)) throw new ParameterError(`parameter file ${shown}: ${entry.ParameterKey} has no ParameterValue string`)
      values[entry.ParameterKey] = String(entry.ParameterValue)
    }
    return values
  }
  const parameters = (data as { Parameters?: unknown } | null)?.Parameters
  if (parameters === null || typeof parameters !== 'object' || Array.isArray(parameters)) {
    throw new ParameterError(
      `parameter file ${shown} is neither a list of {ParameterKey, ParameterValue} nor an object with "Parameters" (a CodePipeline template configuration)`,
    )
  }
  for (const [key, value] of Object.entries(parameters)) {
    if (!isScalar(value)) throw new ParameterError(`parameter file ${shown}: the value of ${key} is not a string`)
    values[key] = String(value)
  }
  return values
}

function isScalar(value: unknown): value is string | number | boolean {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
}

/**
 * `parameter_overrides` from a `samconfig.toml`: the `default` environment, the `deploy` command's
 * table first, then `global`. Only the part of TOML samconfig files use is read: tables, and keys
 * whose values are strings, numbers, booleans or lists of strings.
 */
function fromSamConfig(text: string, shown: string): Record<string, string> {
  const tables = new Map<string, Map<string, string | string[]>>()
  let current = new Map<string, string | string[]>()
  tables.set('', current)
  const lines = text.split(/\r?\n/)
  for (let index = 0; index < lines.length; index++) {
    const where = `${shown}:${index + 1}`
    let line = lines[index]!.trim()
    if (line === '' || line.startsWith('#')) continue
    const table = /^\[\s*([A-Za-z0-9_." -]+?)\s*\]$/.exec(line)
    if (table) {
      const name = table[1]!.split('.').map((part) => part.trim().replace(/^"(.*)"$/, '$1')).join('.')
      current = tables.get(name) ?? new Map<string, string | string[]>()
      tables.set(name, current)
      continue
    }
    const assignment = /^([A-Za-z0-9_-]+)\s*=\s*(.*)$/.exec(line)
    if (!assignment) throw new ParameterError(`${where}: expected [table] or key = value`)
    line = assignment[2]!
    // A list may run over several lines.
    while (line.startsWith('[') && !isClosedList(line) && index + 1 < lines.length) line += ` ${lines[++index]!.trim()}`
    current.set(assignment[1]!, tomlValue(line, where))
  }
  const overrides = tables.get('default.deploy.parameters')?.get('parameter_overrides') ?? tables.get('default.global.parameters')?.get('parameter_overrides')
  const values: Record<string, string> = Object.create(null) as Record<string, string>
  if (overrides === undefined) return values
  for (const word of Array.isArray(overrides) ? overrides.flatMap((item) => shellWords(item, shown)) : shellWords(overrides, shown)) {
    const equals = word.indexOf('=')
    if (equals <= 0) throw new ParameterError(`${shown}: parameter_overrides entry "${word}" is not KEY=VALUE`)
    values[word.slice(0, equals)] = word.slice(equals + 1)
  }
  return values
}

function isClosedList(text: string): boolean {
  let depth = 0
  let quote: string | undefined
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!
    if (quote) {
      if (char === '\\' && quote === '"') i++
      else if (char === quote) quote = undefined
    } else if (char === '"' || char === "'") quote = char
    else if (char === '#') break
    else if (char === '[') depth++
    else if (char === ']' && --depth === 0) return true
  }
  return false
}

function tomlValue(text: string, where: string): string | string[] {
  const reader = { text, at: 0 }
  const value = reader.text.startsWith('[') ? tomlList(reader, where) : tomlScalar(reader, where)
  const rest = reader.text.slice(reader.at).trim()
  if (rest !== '' && !rest.startsWith('#')) throw new ParameterError(`${where}: unexpected text after the value`)
  return value
}

function tomlList(reader: { text: string; at: number }, where: string): string[] {
  const items: string[] = []
  reader.at++
  for (;;) {
    skipSpace(reader)
    if (reader.text[reader.at] === ']') {
      reader.at++
      return items
    }
    if (reader.at >= reader.text.length) throw new ParameterError(`${where}: a list is not closed`)
    items.push(tomlScalar(reader, where))
    skipSpace(reader)
    if (reader.text[reader.at] === ',') reader.at++
  }
}

function skipSpace(reader: { text: string; at: number }): void {
  while (reader.at < reader.text.length && /\s/.test(reader.text[reader.at]!)) reader.at++
}

function tomlScalar(reader: { text: string; at: number }, where: string): string {
  const { text } = reader
  const quote = text[reader.at]
  if (quote === '"' || quote === "'") {
    let value = ''
    for (let i = reader.at + 1; i < text.length; i++) {
      const char = text[i]!
      if (char === quote) {
        reader.at = i + 1
        return value
      }
      if (char === '\\' && quote === '"') {
        const next = text[++i]
        value += next === 'n' ? '\n' : next === 't' ? '\t' : next === undefined ? '' : next
      } else value += char
    }
    throw new ParameterError(`${where}: a string is not closed`)
  }
  const bare = /^[A-Za-z0-9_.+:-]+/.exec(text.slice(reader.at))
  if (!bare) throw new ParameterError(`${where}: expected a string, number or boolean`)
  reader.at += bare[0].length
  return bare[0]
}

/** SAM splits `parameter_overrides` as a shell does: spaces separate, quotes group. */
function shellWords(text: string, shown: string): string[] {
  const words: string[] = []
  let word = ''
  let started = false
  let quote: string | undefined
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!
    if (quote) {
      if (char === quote) quote = undefined
      else if (char === '\\' && quote === '"' && i + 1 < text.length) word += text[++i]
      else word += char
    } else if (char === '"' || char === "'") {
      quote = char
      started = true
    } else if (/\s/.test(char)) {
      if (started) words.push(word)
      word = ''
      started = false
    } else {
      word += char
      started = true
    }
  }
  if (quote) throw new ParameterError(`${shown}: a quote in parameter_overrides is not closed`)
  if (started) words.push(word)
  return words
}
