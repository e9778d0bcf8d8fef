/**
 * `.iac-lint.yaml` (also `.yml`, `.json`), found from the current folder upward to the
 * repository root, or named with `-c`. Validated against `schema/iac-lint.schema.json` by a
 * validator compiled ahead of time; every error names the key path and its line.
 */
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import type { Level, Range } from '../core/types.js'
import { parseJson } from '../parse/json.js'
import { parseYaml } from '../parse/yaml.js'
import { DEFAULT_LIMITS, limitsFrom, type Limits } from '../model/budget.js'
import type { PriceOverrides } from '../model/cost.js'
import type { DeclaredExposure } from '../model/types.js'
import { toPlain, type DocNode } from '../parse/types.js'
import type { LevelSetting, RuleSet } from './run.js'

export const CONFIG_FILE_NAMES = ['.iac-lint.yaml', '.iac-lint.yml', '.iac-lint.json']

interface ResourceDeclaration {
  traffic?: { requestsPerSecond: number; averagePayloadKB?: number }
  exposure?: DeclaredExposure
  needs?: string[]
  sizes?: { maxRequestKB?: number; maxResponseKB?: number }
  maxRequestKB?: number
  maxResponseKB?: number
}

export interface Config {
  /** The file it came from; undefined for the built-in defaults. */
  file: string | undefined
  /** `recommended`: every rule at its default level except those marked `recommended: false`; `all`: those too. */
  extends: RuleSet
  levels: Record<string, LevelSetting>
  /** Each rule's `options`, checked against the schema (which names every option a rule reads). */
  options: Record<string, Record<string, unknown>>
  /** Globs relative to `baseDir`. */
  ignore: string[]
  baseDir: string
  failOn: Level | 'none' | undefined
  resources: Record<string, ResourceDeclaration>
  pricing: PriceOverrides | undefined
  /** Files larger than this are not analysed (a `file-too-large` finding instead). */
  maxFileSizeMB: number | undefined
  /** Work budgets for evaluation (defaults unless the file's `limits` section sets them). */
  limits: Limits
}

export class ConfigError extends Error {
  /** The configuration file the error is in, when there is one. */
  constructor(
    message: string,
    readonly file?: string,
  ) {
    super(message)
  }
}

export function defaultConfig(cwd: string): Config {
  return {
    file: undefined,
    extends: 'recommended',
    levels: {},
    options: {},
    ignore: [],
    baseDir: cwd,
    failOn: undefined,
    resources: {},
    pricing: undefined,
    maxFileSizeMB: undefined,
    limits: { ...DEFAULT_LIMITS },
  }
}

/** The configuration file that applies to `cwd`: the nearest one up to the repository root. */
function findConfigFile(cwd: string): string | undefined {
  let folder = path.resolve(cwd)
  for (;;) {
    for (const name of CONFIG_FILE_NAMES) {
      const candidate = path.join(folder, name)
      if (existsSync(candidate)) return candidate
    }
    const parent = path.dirname(folder)
    if (existsSync(path.join(folder, '.git')) || parent === folder) return undefined
    folder = parent
  }
}

export async function loadConfig(cwd: string, explicit?: string, knownRules: readonly string[] = []): Promise<Config> {
  const file = explicit === undefined ? findConfigFile(cwd) : path.resolve(cwd, explicit)
  if (file === undefined) return defaultConfig(cwd)
  let text: string
  try {
    text = readFileSync(file, 'utf8')
  } catch {
    throw new ConfigError(`cannot read configuration file ${explicit ?? file}`, file)
  }
  await loadConfigValidator()
  return parseConfig(text, file, knownRules)
}

/**
 * The precompiled schema validator, loaded by `loadConfig` when there is a configuration file:
 * a scan without one never loads it. `parseConfig` needs it loaded.
 */
let validateConfig: Validator | undefined
export async function loadConfigValidator(): Promise<void> {
  validateConfig ??= (await import('./generated/config-validator.js')).default as unknown as Validator
}

/** A configuration file's text into the configuration; call `loadConfigValidator` (or `loadConfig`) first. */
export function parseConfig(text: string, file: string, knownRules: readonly string[] = []): Config {
  const display = path.basename(file)
  const parsed = file.endsWith('.json') ? parseJson(text) : parseYaml(text)
  if (!parsed.ok) throw new ConfigError(`${display}:${parsed.range.line}:${parsed.range.column}: ${parsed.message}`, file)
  const data = toPlain(parsed.root)
  if (!validateConfig) throw new Error('parseConfig: the configuration validator is not loaded (await loadConfigValidator() first)')
  if (!validateConfig(data)) {
    const error = validateConfig.errors?.[0]
    const pointer = error?.instancePath ?? ''
    const extra = error?.keyword === 'additionalProperties' ? `/${String(error.params.additionalProperty)}` : ''
    const at = rangeAt(parsed.root, pointer + extra, extra !== '')
    const key = keyPath(pointer + extra)
    throw new ConfigError(`${display}:${at.line}:${at.column}: ${key} ${describeError(error)}`, file)
  }
  const config = data as RawConfig
  const unknownRule = Object.keys(config.rules ?? {}).find((id) => knownRules.length > 0 && !knownRules.includes(id))
  if (unknownRule !== undefined) {
    const at = rangeAt(parsed.root, `/rules/${unknownRule}`, true)
    throw new ConfigError(`${display}:${at.line}:${at.column}: rules.${unknownRule} is not a rule (see \`iac-lint rules\`)`, file)
  }
  const levels: Record<string, LevelSetting> = {}
  const options: Record<string, Record<string, unknown>> = {}
  for (const [id, setting] of Object.entries(config.rules ?? {})) {
    if (typeof setting === 'string') levels[id] = setting
    else {
      if (setting.level) levels[id] = setting.level
      if (setting.options) options[id] = setting.options
    }
  }
  return {
    file,
    extends: config.extends ?? 'recommended',
    levels,
    options,
    ignore: config.ignore ?? [],
    baseDir: path.dirname(file),
    failOn: config.failOn,
    resources: config.resources ?? {},
    pricing: config.pricing,
    maxFileSizeMB: config.maxFileSizeMB,
    limits: limitsFrom(config.limits),
  }
}

interface RawConfig {
  extends?: RuleSet
  rules?: Record<string, LevelSetting | { level?: LevelSetting; options?: Record<string, unknown> }>
  ignore?: string[]
  failOn?: Level | 'none'
  resources?: Record<string, ResourceDeclaration>
  pricing?: PriceOverrides
  maxFileSizeMB?: number
  limits?: Partial<Limits>
}

interface Validator {
  (data: unknown): boolean
  errors?: SchemaError[] | null
}


interface SchemaError {
  instancePath: string
  keyword: string
  message?: string
  params: Record<string, unknown>
}

function describeError(error: SchemaError | undefined): string {
  if (!error) return 'is not valid'
  switch (error.keyword) {
    case 'additionalProperties':
      return 'is not a known key'
    case 'enum':
      return `must be one of ${(error.params.allowedValues as unknown[]).map((value) => JSON.stringify(value)).join(', ')}`
    case 'type':
      // A rule's setting is a level or a map; "must be object" would hide the first.
      return /^\/rules\/[^/]+$/.test(error.instancePath)
        ? 'must be off, note, warning or error, or a map with level (and options, for the rules that read them)'
        : (error.message ?? 'is not valid')
    default:
      return error.message ?? 'is not valid'
  }
}

function keyPath(pointer: string): string {
  const parts = pointer.split('/').slice(1).map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~'))
  return parts.length ? parts.join('.') : '(top level)'
}

/** The range of the value (or, with `key`, of the key) at a JSON pointer, as near as the document allows. */
function rangeAt(root: DocNode, pointer: string, key = false): Range {
  let node = root
  let range = root.range
  for (const raw of pointer.split('/').slice(1)) {
    const part = raw.replace(/~1/g, '/').replace(/~0/g, '~')
    if (node.kind === 'map') {
      const entry = node.entries.find((candidate) => candidate.key === part)
      if (!entry) break
      range = key ? entry.keyRange : entry.value.range
      node = entry.value
    } else if (node.kind === 'seq') {
      const item = node.items[Number(part)]
      if (!item) break
      range = item.range
      node = item
    } else break
  }
  return range
}
