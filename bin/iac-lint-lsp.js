#!/usr/bin/env node
// The language server for editors (docs/editors.md), the same as `iac-lint lsp --stdio`.
const extra = process.argv.slice(2).filter((arg) => arg !== '--stdio')
if (extra.length > 0) {
  process.stderr.write('iac-lint-lsp: talks over standard input and output and takes no other argument (see docs/editors.md)\n')
  process.exitCode = 2
} else {
  try {
    const { startLanguageServer } = await import('../bundle/lsp.js')
    startLanguageServer()
  } catch (error) {
    const reason = (error instanceof Error ? error.message : String(error)).split('\n')[0]
    const hint = reason.includes('bundle/lsp.js') ? ' (the bundle is missing: run `npm run bundle`)' : ''
    // eslint-disable-next-line no-control-regex -- matching control characters is the point
    const shown = reason.replace(/[\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
    process.stderr.write(`iac-lint-lsp: internal error: ${shown}${hint}\n`)
    process.exitCode = 2
  }
}
