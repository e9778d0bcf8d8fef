#!/usr/bin/env node
// Entry point of the GitHub Action (action.yml). Like bin/iac-lint.js, the only place that catches a crash.
try {
  const { runAction } = await import('../dist/src/cli/action.js')
  await runAction(process.env)
} catch (error) {
  const reason = error instanceof Error ? error.message : String(error)
  const hint = reason.includes('dist/src/cli') ? ' (run `npm ci` or `npm run build` first)' : ''
  process.stdout.write(`::error title=iac-lint::internal error: ${reason.split('\n')[0].replace(/%/g, '%25').replace(/\r/g, '%0D')}${hint}\n`)
  process.exitCode = 2
}
