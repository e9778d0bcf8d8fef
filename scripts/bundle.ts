/**
 * The bundle users run: `bundle/`, committed, made by `npm run bundle` from the compiled-free
 * sources with esbuild. Installing iac-lint (npm from git, a folder or a tarball; pre-commit; the
 * GitHub Action from a checkout without `node_modules`) needs no compiler and no dependency.
 *
 * Entry points: `index.js` (the public API, the package's `main`), `cli.js` (bin/iac-lint.js), `action.js` (bin/iac-lint-action.js), `worker.js`
 * (scan worker threads), `rules.js` (the built-in rules the workers load), `lsp.js` (the language
 * server, bin/iac-lint-lsp.js) and `lsp-worker.js` (its analysis thread); code they share is
 * in `chunk-*.js`, and the tree-sitter runtime is a chunk of its own that only Terraform scans
 * load. The YAML library is `yaml.cjs` and jsonc-parser `jsonc.cjs`, each required on first use
 * only (src/parse/yaml.ts, src/parse/jsonc.ts), and the tree-sitter runtime's `.wasm` sits beside
 * them. Whatever a scan may not need (the Terraform frontend, the configuration's validator,
 * picomatch, worker threads) is reached through `import()`, so esbuild puts it in chunks of its own
 * that a YAML scan never loads. `iac-lint diff` imports `@aws-cdk/cloudformation-diff` from a chunk
 * of its own, with the part of its resource database it reads in `cfn-resource-spec.json.gz`
 * (scripts/review-bundle.ts). `test/bundle.test.ts` builds the bundle again and
 * fails when the committed one differs.
 */
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { build, type BuildOptions } from 'esbuild'
import { checkLicensed, resourceSpecPlugin, REVIEW_THIRD_PARTY, writeResourceSpec } from './review-bundle.js'

/** The repository: the folder above this script (in `scripts/` or `dist/scripts/`) that holds iac-lint's package.json. */
export const ROOT = repositoryRoot(path.dirname(fileURLToPath(import.meta.url)))

function repositoryRoot(start: string): string {
  for (let directory = start; ; directory = path.dirname(directory)) {
    try {
      if ((JSON.parse(readFileSync(path.join(directory, 'package.json'), 'utf8')) as { name?: string }).name === 'iac-lint') return directory
    } catch {
      // not this folder
    }
    if (path.dirname(directory) === directory) throw new Error('scripts/bundle.ts is not inside the iac-lint repository')
  }
}

/** The packages whose code the bundle carries, with the licence file of each. */
const THIRD_PARTY = [
  'jsonc-parser',
  'picomatch',
  'vscode-jsonrpc',
  'vscode-languageserver',
  'vscode-languageserver-protocol',
  'vscode-languageserver-textdocument',
  'vscode-languageserver-types',
  'web-tree-sitter',
  'yaml',
  ...REVIEW_THIRD_PARTY,
]

/** Lets CommonJS code in the bundle (picomatch) call `require` for Node's own modules; made on first call, not in every chunk at start-up. */
const BANNER =
  "import { createRequire as __iacLintRequire } from 'node:module';\nlet __iacLintRequired;\nconst require = (id) => (__iacLintRequired ??= __iacLintRequire(import.meta.url))(id);"

function common(outdir: string): BuildOptions {
  return {
    absWorkingDir: ROOT,
    bundle: true,
    platform: 'node',
    // jsonc-parser's `main` is a UMD build that esbuild cannot follow; its `module` build it can.
    mainFields: ['module', 'main'],
    target: 'node20.19',
    outdir,
    logLevel: 'warning',
    legalComments: 'none',
    minifySyntax: true,
    minifyWhitespace: true,
    charset: 'utf8',
    define: { IAC_LINT_BUNDLED: 'true' },
  }
}

/** Writes the bundle into `outdir` (emptied first). */
export async function buildBundle(outdir: string): Promise<void> {
  rmSync(outdir, { recursive: true, force: true })
  mkdirSync(outdir, { recursive: true })
  const { metafile } = await build({
    ...common(outdir),
    metafile: true,
    entryPoints: {
      index: 'src/index.ts',
      cli: 'src/cli/main.ts',
      action: 'src/cli/action.ts',
      worker: 'src/engine/worker.ts',
      rules: 'rules/index.ts',
      lsp: 'src/lsp/server.ts',
      'lsp-worker': 'src/lsp/worker.ts',
    },
    format: 'esm',
    splitting: true,
    chunkNames: 'chunk-[hash]',
    outExtension: { '.js': '.js' },
    banner: { js: BANNER },
    plugins: [resourceSpecPlugin(ROOT)],
  })
  await build({
    ...common(outdir),
    entryPoints: { yaml: 'node_modules/yaml/dist/index.js', jsonc: 'node_modules/jsonc-parser/lib/esm/main.js' },
    format: 'cjs',
    outExtension: { '.js': '.cjs' },
  })
  writeFileSync(path.join(outdir, 'web-tree-sitter.wasm'), readFileSync(path.join(ROOT, 'node_modules/web-tree-sitter/web-tree-sitter.wasm')))
  checkLicensed(metafile, THIRD_PARTY)
  writeResourceSpec(ROOT, outdir)
  writeFileSync(path.join(outdir, 'THIRD-PARTY-LICENSES.txt'), thirdPartyLicences())
}

function thirdPartyLicences(): string {
  const parts = THIRD_PARTY.map((name) => {
    const folder = path.join(ROOT, 'node_modules', name)
    const manifest = JSON.parse(readFileSync(path.join(folder, 'package.json'), 'utf8')) as { version: string; license: string }
    const licence = readdirSync(folder).find((file) => /^licen[cs]e/i.test(file))
    const text = licence ? readFileSync(path.join(folder, licence), 'utf8').trim() : `(${manifest.license})`
    return `${name} ${manifest.version} (${manifest.license})\n\n${text}\n`
  })
  return `The iac-lint bundle includes code from these packages, under these licences.\n\n${parts.join('\n---\n\n')}`
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await buildBundle(path.join(ROOT, 'bundle'))
}
