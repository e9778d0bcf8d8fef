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
}

/** A file links as `${repositoryUrl}/blob/${commit}/${path}#L${line}-L${endLine}`. */
export interface ReportLinks {
  /** For example `https://github.com/owner/repo`. */
  repositoryUrl: string
  commit: string
}
