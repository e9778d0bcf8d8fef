#!/usr/bin/env node
// Entry point of the GitHub Action (action.yml). Like bin/iac-lint.js, the only place that catches a crash.
try {
  const { runAction } = await import('../bundle/action.js')
  await runAction(process.env)
} catch (error) {
  const reason = error instanceof Error ? error.message : String(error)
  const hint = reason.includes('bundle/action.js') ? ' (the bundle is missing: run `npm run bundle`)' : ''
  process.stdout.write(`::error title=iac-lint::internal error: ${reason.split('\n')[0].replace(/%/g, '%25').replace(/\r/g, '%0D')}${hint}\n`)
  process.exitCode = 2
}
