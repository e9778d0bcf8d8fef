#!/usr/bin/env node
// The only place that catches a crash: everything below reports through process.exitCode.
import module from 'node:module'

// Node 22 and later keep compiled code between runs (a pre-commit hook starts many); Node 20 has no such cache.
module.enableCompileCache?.()
try {
  const { main } = await import('../bundle/cli.js')
  await main(process.argv.slice(2))
} catch (error) {
  const reason = (error instanceof Error ? error.message : String(error)).split('\n')[0]
  const hint = reason.includes('bundle/cli.js') ? ' (the bundle is missing: run `npm run bundle`)' : ''
  // The message may quote input: no control or bidi character, no workflow command (see src/report/escape.ts).
  const shown = reason
    // eslint-disable-next-line no-control-regex -- matching control characters is the point
    .replace(/[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
    .replace(/##\[/g, '##\\x5b')
  process.stderr.write(`iac-lint: internal error: ${shown}${hint}\n`)
  process.exitCode = 2
}
