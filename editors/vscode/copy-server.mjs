// Copies the built server (the repository's bundle, the HCL grammar and the rule pages) into
// server/, so that the packaged extension carries it; run by `vscode:prepublish`.
import { cpSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const here = path.dirname(fileURLToPath(import.meta.url))
const repository = path.resolve(here, '..', '..')
const server = path.join(here, 'server')
rmSync(server, { recursive: true, force: true })
mkdirSync(server)
for (const part of ['bundle', 'vendor', path.join('docs', 'rules'), path.join('bin', 'iac-lint-lsp.js'), 'LICENSE']) {
  cpSync(path.join(repository, part), path.join(server, part), { recursive: true })
}
const manifest = JSON.parse(readFileSync(path.join(repository, 'package.json'), 'utf8'))
// The server finds its rule pages and grammar beside the package.json named iac-lint.
writeFileSync(path.join(server, 'package.json'), `${JSON.stringify({ name: manifest.name, version: manifest.version, type: manifest.type, license: manifest.license }, null, 2)}\n`)
cpSync(path.join(repository, 'LICENSE'), path.join(here, 'LICENSE'))
