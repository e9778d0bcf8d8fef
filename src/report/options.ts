/** What every reporter is given besides the scan result. */
export interface ReportOptions {
  /** Directory that file paths and SARIF URIs are made relative to. */
  cwd: string
  /** Emit ANSI colours (text format only). */
  color: boolean
  toolVersion: string
  /** Home page of the tool, for SARIF `tool.driver.informationUri`. */
  informationUri?: string
  /** Where the scanned files are hosted, for links to the lines of findings (markdown format). */
  links?: ReportLinks
  /**
   * The repository checkout, which GitHub resolves annotation paths and line links against
   * (github and markdown formats); defaults to `cwd`.
   */
  repositoryRoot?: string
  /** What the SARIF format writes besides the findings (docs/github.md). */
  sarif?: SarifOptions
}

export interface SarifOptions {
  /** `automationDetails.id` is `${category}/`; `iac-lint` when absent. */
  category?: string
  /** Keep suppressed and baselined findings as results with `suppressions`; left out when false or absent. */
  includeSuppressed?: boolean
  /** `primaryLocationLineHash` by file (as in `Location.file`) and 1-based line (`lineHashes` of src/findings/line-hash.ts). */
  lineHashes?: ReadonlyMap<string, ReadonlyMap<number, string>>
  /** Each rule's docs page (docs/rules/<id>.md) by id, for `help.markdown`; a rule without one gets its metadata's sections. */
  helpPages?: ReadonlyMap<string, string>
}

/** A file links as `${repositoryUrl}/blob/${commit}/${path}#L${line}-L${endLine}`. */
export interface ReportLinks {
  /** For example `https://github.com/owner/repo`. */
  repositoryUrl: string
  commit: string
}
