/** What the language server sends its analysis thread, and what comes back (see worker.ts). */
import type { Finding, RuleMeta } from '../index.js'

export type AnalysisJob = {
  id: number
  /** The workspace folder: the configuration is found from here, and paths are shown relative to it. */
  cwd: string
} & (
  | {
      /** One template, from the editor's text. */
      kind: 'template'
      file: string
      text: string
    }
  | {
      /** The Terraform module of the folder `dir`, open buffers (absolute path to text) read instead of the disk. */
      kind: 'terraform'
      dir: string
      overlay: Array<[string, string]>
    }
)

export interface AnalysisReply {
  id: number
  /** Findings that no suppression covers, in every file the unit read. */
  findings: Finding[]
  /** The metadata of the rules those findings are from. */
  rules: RuleMeta[]
  /** The configuration could not be read: the built-in defaults applied instead. */
  configError?: { message: string; file: string | undefined }
}
