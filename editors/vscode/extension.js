// The VS Code side of iac-lint: starts the language server (`iac-lint-lsp`, the bundle copied
// into server/ when the extension is packaged, or the one `iacLint.serverPath` names) and hands
// it CloudFormation, SAM and Terraform files.
const path = require('node:path')
const vscode = require('vscode')
const { LanguageClient, TransportKind } = require('vscode-languageclient/node')

/** @type {LanguageClient | undefined} */
let client

async function activate(context) {
  const configured = vscode.workspace.getConfiguration('iacLint').get('serverPath')
  const server = configured || context.asAbsolutePath(path.join('server', 'bin', 'iac-lint-lsp.js'))
  const run = { module: server, transport: TransportKind.stdio }
  client = new LanguageClient('iacLint', 'iac-lint', { run, debug: run }, {
    documentSelector: [
      { scheme: 'file', language: 'yaml' },
      { scheme: 'file', language: 'json' },
      { scheme: 'file', language: 'terraform' },
      { scheme: 'file', pattern: '**/*.{tf,tfvars,template}' },
    ],
  })
  context.subscriptions.push(client)
  await client.start()
}

function deactivate() {
  return client?.stop()
}

module.exports = { activate, deactivate }
