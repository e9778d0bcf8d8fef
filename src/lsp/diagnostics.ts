/** Findings as the editor shows them: diagnostics with their rule's docs page, and hover text. */
import { existsSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { DiagnosticSeverity, type Diagnostic, type Range as LspRange } from 'vscode-languageserver/node'
import type { Finding, Level, RuleMeta } from '../index.js'
import { escapeMarkdown } from '../report/escape.js'

const SEVERITY: Record<Level, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  note: DiagnosticSeverity.Information,
}

/** What a diagnostic carries back to the server in a code action request. */
export interface DiagnosticData {
  ruleId: string
  /** Logical id or Terraform address of the resource. */
  address?: string
}

/** A finding's 1-based range (end column just after the last character) in the editor's 0-based positions. */
export function lspRange(range: Finding['location']['range']): LspRange {
  const at = (line: number, column: number): { line: number; character: number } => ({ line: Math.max(0, line - 1), character: Math.max(0, column - 1) })
  return { start: at(range.line, range.column), end: at(range.endLine, range.endColumn) }
}

/** `uriOf` gives the URI the editor knows a file by (an open document's own), else a `file:` URL. */
export function toDiagnostic(finding: Finding, docs: DocsLinks, uriOf: (file: string) => string): Diagnostic {
  const data: DiagnosticData = { ruleId: finding.ruleId, ...(finding.location.address ? { address: finding.location.address } : {}) }
  const diagnostic: Diagnostic = {
    range: lspRange(finding.location.range),
    severity: SEVERITY[finding.level],
    source: 'iac-lint',
    code: finding.ruleId,
    message: finding.message,
    data,
  }
  const href = docs.pageOf(finding.ruleId)
  if (href) diagnostic.codeDescription = { href }
  if (finding.related?.length) {
    diagnostic.relatedInformation = finding.related.map((related) => ({
      location: { uri: uriOf(related.file), range: lspRange(related.range) },
      message: related.message,
    }))
  }
  return diagnostic
}

/**
 * The docs page of each rule: `docs/rules/<id>.md` in the repository `package.json` names, else
 * the page shipped in the package, as a `file:` URL; none when neither is there.
 */
export class DocsLinks {
  private readonly base: { kind: 'repository'; url: string } | { kind: 'folder'; dir: string } | undefined

  constructor(moduleUrl: string) {
    const root = packageRoot(path.dirname(fileURLToPath(moduleUrl)))
    const repository = root && repositoryUrl(root.manifest)
    this.base = repository ? { kind: 'repository', url: repository } : root ? { kind: 'folder', dir: path.join(root.dir, 'docs', 'rules') } : undefined
  }

  pageOf(ruleId: string): string | undefined {
    if (!/^[a-z0-9-]+$/.test(ruleId) || !this.base) return undefined
    if (this.base.kind === 'repository') return `${this.base.url}/blob/HEAD/docs/rules/${ruleId}.md`
    const page = path.join(this.base.dir, `${ruleId}.md`)
    return existsSync(page) ? pathToFileURL(page).href : undefined
  }
}

function packageRoot(start: string): { dir: string; manifest: Record<string, unknown> } | undefined {
  for (let dir = start; ; dir = path.dirname(dir)) {
    try {
      const manifest = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as Record<string, unknown>
      if (manifest.name === 'iac-lint') return { dir, manifest }
    } catch {
      // not this folder
    }
    if (path.dirname(dir) === dir) return undefined
  }
}

/** `repository` of package.json as a browsable https URL, for GitHub-like hosts; undefined otherwise. */
function repositoryUrl(manifest: Record<string, unknown>): string | undefined {
  const field = manifest.repository
  const given = typeof field === 'string' ? field : typeof field === 'object' && field !== null ? (field as { url?: unknown }).url : undefined
  if (typeof given !== 'string') return undefined
  const shorthand = /^(?:github:)?([\w.-]+\/[\w.-]+)$/.exec(given)
  if (shorthand) return `https://github.com/${shorthand[1]!.replace(/\.git$/, '')}`
  const url = /^(?:git\+)?(https:\/\/[^\s#]+?)(?:\.git)?(?:#.*)?$/.exec(given)
  return url?.[1]
}

/** The hover of a flagged element: the finding, then what the rule is about, as Markdown. */
export function hoverText(finding: Finding, meta: RuleMeta | undefined, docs: DocsLinks): string {
  const page = docs.pageOf(finding.ruleId)
  const heading = `**iac-lint** \`${finding.ruleId}\` (${finding.level})`
  const parts = [heading, escapeMarkdown(finding.message)]
  if (meta) parts.push(`**${escapeMarkdown(meta.title)}.** ${escapeMarkdown(meta.whatItDoes)}`)
  if (page) parts.push(`[Rule documentation](${page})`)
  return parts.join('\n\n')
}
