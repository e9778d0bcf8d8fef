/**
 * The data every layer shares: where something is in a file, and what a scan finds. Types only,
 * and imports nothing, so that any layer (a parser, a rule, a reporter) can use it without
 * depending on another layer.
 */

/** 1-based, inclusive start; `endColumn` is the column just after the last character (as in SARIF). */
export interface Range {
  line: number
  column: number
  endLine: number
  endColumn: number
}

export type Level = 'error' | 'warning' | 'note'
export type Category = 'fit' | 'security' | 'cost' | 'reliability' | 'input'
export type Framework = 'cloudformation' | 'terraform'

export interface RuleMeta {
  id: string
  title: string
  category: Category
  defaultLevel: Level
  /** SARIF `security-severity` (0.0 to 10.0); security rules only. */
  securitySeverity?: number
  /** CWE ids the finding is an instance of (306 for missing authentication), tagged `external/cwe/cwe-306` in SARIF as code scanning reads them. */
  cwe?: number[]
  whatItDoes: string
  whyBad: string
  fix: string
  references: string[]
  frameworks: Framework[]
  /** True when the rule may report a value it could not resolve; its message then names the assumption. */
  reportsOnUnknown?: boolean
  /**
   * False for a rule that `extends: recommended` (the default) leaves off and `extends: all` turns
   * on at its default level; absent means true. A level under `rules` in configuration wins either way.
   */
  recommended?: boolean
  /** What the rule reads from `rules.<id>.options` in configuration, by option name. */
  options?: Record<string, RuleOption>
  /**
   * The declarations the rule depends on (traffic, exposure, needs, sizes: `Metadata.iac-lint`,
   * `iac-lint:*` tags, the configuration's `resources`) and what it does on a front door that
   * declares none of them (`withoutThem`, one sentence: stays quiet, reports a note, ...). Its
   * docs page shows both; `traffic-profile-missing` lists the rules that read traffic.
   */
  declarations?: { reads: DeclarationKind[]; withoutThem: string }
}

/** What a front door can declare about itself that no template property holds. */
export type DeclarationKind = 'traffic' | 'exposure' | 'needs' | 'sizes'

/** One option of a rule: documented here, validated by the configuration schema. */
export interface RuleOption {
  description: string
  default: number
}

/** Where a finding points: a file, a range in it and the resource it concerns. */
export interface Location {
  file: string
  range: Range
  /** Logical id (CloudFormation) or address (Terraform) of the resource. */
  address?: string
  /** CDK construct path (`Metadata.aws:cdk:path`), when the template came from CDK. */
  constructPath?: string
}

/**
 * One step of the request path a finding is about, in plain words, for diagrams and code flows:
 * entry point, the checks on the way (a missing one marked), and the target.
 */
export interface FlowStep {
  role: 'entry' | 'check' | 'target'
  label: string
  /** The step that should be there and is not (the failing step). */
  missing?: boolean
}

export interface Finding {
  ruleId: string
  level: Level
  message: string
  location: Location
  /** Extra locations that explain the finding (the target group, the function reached, ...). */
  related?: Array<Location & { message: string }>
  /** Machine-readable facts the rule used (numbers, assumptions), for JSON and SARIF properties. */
  properties?: Record<string, unknown>
  /** The request path behind the finding, when it is about one. */
  flow?: FlowStep[]
  /** Set when a suppression in the source (`inSource`) or the baseline (`external`) covers the finding. */
  suppressed?: { kind: 'inSource' | 'external'; justification: string }
}

export interface ScanResult {
  /** Sorted by file, line, column, rule id: the same whatever order files were read in. */
  findings: Finding[]
  /** Every rule that ran, built-in ones included, in id order. */
  rules: RuleMeta[]
  /** Files read (templates and other candidates). */
  filesScanned: number
  /** Files recognised as templates and analysed. */
  templatesScanned: number
  /** One-line notes for the user (a named file that is not a template, ...). */
  notices: string[]
  durationMs: number
  /** Set when a baseline was applied. */
  baseline?: { absorbed: number; stale: number }
}

/** An in-source suppression as a frontend read it; src/findings/suppressions.ts applies it. */
export interface Suppression {
  file: string
  /** Rule ids, or `*` for every rule. */
  rules: string[]
  reason: string | undefined
  /** Last day the suppression works, `YYYY-MM-DD`. */
  until: string | undefined
  /** Where it is written, for the notes about it. */
  range: Range
  scope: { kind: 'file' } | { kind: 'lines'; startLine: number; endLine: number } | { kind: 'resource'; address: string }
}

/** A block, attribute or map entry a comment above it (or on its first line) applies to. */
export interface Span {
  startLine: number
  endLine: number
}

/** A file a scan looks at. */
export interface Candidate {
  /** Absolute path. */
  file: string
  /** True when the user named this file on the command line. */
  explicit: boolean
  /** Set for a folder that could not be listed: it is reported, not read. */
  unreadable?: string
}
