/**
 * The files a root module's `file()`, `templatefile()` and `fileexists()` may read, through the
 * shared reader of files that scanned code names (`../external-file.ts`): paths relative to the
 * root module's folder, as Terraform reads them relative to where it runs (`path.module` is
 * relative to it too), inside the scan roots, within the size limit. Each file is read once per
 * root module. A file iac-lint refuses to read (outside the scan roots, not a regular file, over
 * the size limit, not text) is noted once with the reason; a missing one is not, as Terraform
 * itself reports it (and a scan of sources whose build outputs are not there would be noisy):
 * the value is an error that says so, and an OpenAPI body read from it is unknown with that reason.
 */
import path from 'node:path'
import { readExternalText, type ExternalFileAccess, type ExternalText } from '../external-file.js'
import type { FileAccess } from './file-functions.js'

export function moduleFiles(rootDir: string, access: ExternalFileAccess, notice: (text: string) => void): FileAccess {
  const read = new Map<string, ExternalText>()
  const readOnce = (given: string): ExternalText => {
    const key = path.resolve(rootDir, given)
    let result = read.get(key)
    if (!result) {
      result = readExternalText(given, rootDir, access)
      read.set(key, result)
      if (!result.ok && result.reason !== 'missing') notice(`${result.message}; what file() or templatefile() would read from it is unknown`)
    }
    return result
  }
  return {
    read: readOnce,
    maxBytes: access.maxBytes,
    exists(given: string): boolean | string {
      const result = readOnce(given)
      if (result.ok) return true
      switch (result.reason) {
        case 'missing':
          return false
        case 'outside':
        case 'not-a-file':
          return result.message
        default:
          return true
      }
    },
  }
}
