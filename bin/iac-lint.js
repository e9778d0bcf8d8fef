#!/usr/bin/env node
// The only place that catches a crash: everything below reports through process.exitCode.
try {
  const { main } = await import('../dist/src/cli/main.js')
  await main(process.argv.slice(2))
} catch (error) {
  const reason = error instanceof Error ? error.message : String(error)
  const hint = reason.includes('dist/src/cli') ? ' (run `npm ci` or `npm run build` first)' : ''
  process.stderr.write(`iac-lint: internal error: ${reason.split('\n')[0]}${hint}\n`)
  process.exitCode = 2
}
