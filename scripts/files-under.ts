import { readdirSync } from 'node:fs'
import path from 'node:path'

/** Every file below `folder` whose name matches, in path order; for the benchmark scripts. */
export function filesUnder(folder: string, pattern: RegExp): string[] {
  const found: string[] = []
  const pending = [folder]
  while (pending.length) {
    const current = pending.pop()!
    for (const entry of readdirSync(current, { withFileTypes: true })) {
      const full = path.join(current, entry.name)
      if (entry.isDirectory()) pending.push(full)
      else if (pattern.test(entry.name)) found.push(full)
    }
  }
  return found.sort()
}
