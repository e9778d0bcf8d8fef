/**
 * What the bundle needs for `iac-lint diff`: `@aws-cdk/cloudformation-diff` is bundled as it is,
 * in a chunk of its own that only a template diff imports; its resource database is replaced by
 * the part of it the differ reads (src/review/resource-spec.ts), written beside the chunks.
 */
import { writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { gzipSync } from 'node:zlib'
import type { Metafile, Plugin } from 'esbuild'
import { RESOURCE_SPEC_FILE, slimResource, type SpecResource } from '../src/review/resource-spec.js'

/** Packages whose code the diff chunk carries, for the licence file. */
export const REVIEW_THIRD_PARTY = [
  '@aws-cdk/cloudformation-diff',
  '@aws-cdk/aws-service-spec',
  '@aws-cdk/service-spec-types',
  '@cdklabs/tskb',
  'chalk',
  'ansi-styles',
  'color-convert',
  'color-name',
  'supports-color',
  'has-flag',
  'fast-deep-equal',
]

/** Resolves `@aws-cdk/aws-service-spec` to src/review/resource-spec.ts, so the 15 MB database stays out. */
export function resourceSpecPlugin(root: string): Plugin {
  return {
    name: 'iac-lint-resource-spec',
    setup(build) {
      build.onResolve({ filter: /^@aws-cdk\/aws-service-spec$/ }, () => ({ path: path.join(root, 'src/review/resource-spec.ts') }))
    },
  }
}

/** The resource types of the full database, each as the differ reads it, in type order. */
export function slimDatabase(root: string): SpecResource[] {
  const require = createRequire(path.join(root, 'package.json'))
  const spec = require('@aws-cdk/aws-service-spec') as { loadAwsServiceSpecSync(): { all(entity: 'resource'): Array<Parameters<typeof slimResource>[0]> } }
  return spec
    .loadAwsServiceSpecSync()
    .all('resource')
    .map(slimResource)
    .sort((a, b) => (a.cloudFormationType < b.cloudFormationType ? -1 : 1))
}

export function writeResourceSpec(root: string, outdir: string): void {
  // mtime 0 and no file name in the gzip header, so the file is the same on every build.
  writeFileSync(path.join(outdir, RESOURCE_SPEC_FILE), gzipSync(JSON.stringify(slimDatabase(root)), { level: 9 }))
}

/**
 * Every package whose code the build took must have its licence in the bundle: a new transitive
 * dependency fails the build instead of shipping unlisted.
 */
export function checkLicensed(metafile: Metafile, listed: readonly string[]): void {
  const bundled = new Set<string>()
  for (const input of Object.keys(metafile.inputs)) {
    const match = /(?:^|\/)node_modules\/((?:@[^/]+\/)?[^/]+)\/(?!.*node_modules\/)/.exec(input)
    if (match) bundled.add(match[1]!)
  }
  const missing = [...bundled].filter((name) => !listed.includes(name)).sort()
  if (missing.length) throw new Error(`the bundle carries code of ${missing.join(', ')}: add them to the licence list in scripts/bundle.ts or scripts/review-bundle.ts`)
}
