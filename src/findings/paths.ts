import path from 'node:path'

/**
 * The path every report, baseline and fingerprint uses for a file: relative to `cwd` with `/`
 * separators, so it is the same on every machine, checkout and operating system. A file outside
 * `cwd` gets a `../` path; `cwd` itself is the empty string.
 */
export function repositoryRelative(file: string, cwd: string): string {
  return path.relative(cwd, path.resolve(cwd, file)).split(path.sep).join('/')
}
