import type { Category, Framework, Level, RuleMeta } from '../core/types.js'

/** `iac-lint rules -f json`, documented in docs/json-format.md; fields are only ever added. */
export interface JsonRulesReport {
  version: 1
  tool: { name: 'iac-lint'; version: string }
  rules: JsonRuleEntry[]
}

export interface JsonRuleEntry {
  id: string
  title: string
  description: string
  category: Category
  /** The default level; the configuration or `--rule` may change it for a scan. */
  level: Level
  /** False when `extends: recommended` (the default) leaves the rule off. */
  recommended: boolean
  frameworks: Framework[]
  /** The rule's page, relative to the root of the package (and of the repository). */
  docs: string
  references: string[]
  securitySeverity?: number
}

/** Every rule, sorted by id, as one JSON document. */
export function renderRulesJson(metas: readonly RuleMeta[], toolVersion: string): string {
  const rules = [...metas]
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .map((meta): JsonRuleEntry => ({
      id: meta.id,
      title: meta.title,
      description: meta.whatItDoes,
      category: meta.category,
      level: meta.defaultLevel,
      recommended: meta.recommended !== false,
      frameworks: [...meta.frameworks],
      docs: `docs/rules/${meta.id}.md`,
      references: [...meta.references],
      ...(meta.securitySeverity === undefined ? {} : { securitySeverity: meta.securitySeverity }),
    }))
  const report: JsonRulesReport = { version: 1, tool: { name: 'iac-lint', version: toolVersion }, rules }
  return `${JSON.stringify(report, null, 2)}\n`
}
