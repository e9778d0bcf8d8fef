/**
 * `@aws-cdk/cloudformation-diff` in the bundle: a chunk of its own that only `diff` loads, and the
 * part of the AWS resource database it reads (src/review/resource-spec.ts), checked against the
 * full database for every resource type.
 */
import { spawnSync } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import os from 'node:os'
import path from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { readSpec, RESOURCE_SPEC_FILE, type SpecResource } from '../src/review/resource-spec.js'
import { repoRoot } from './cli-run.js'

const scratch = mkdtempSync(path.join(os.tmpdir(), 'iac-lint-review-bundle-'))
afterAll(() => rmSync(scratch, { recursive: true, force: true }))

const bundle = path.join(repoRoot, 'bundle')
const hooks = path.join(repoRoot, 'test', 'fixtures', 'review', 'record-imports.mjs')
const template = path.join(repoRoot, 'test', 'fixtures', 'review', 'alb.yaml')

/** The bundle files a CLI run imported, by name. */
function importedBundleFiles(args: string[], name: string): { files: string[]; code: number | null; stderr: string } {
  const log = path.join(scratch, `${name}.log`)
  writeFileSync(log, '')
  const run = spawnSync(process.execPath, ['--import', hooks, path.join(repoRoot, 'bin', 'iac-lint.js'), ...args], {
    cwd: scratch,
    encoding: 'utf8',
    env: { ...process.env, IAC_LINT_IMPORT_LOG: log, NO_COLOR: '1' },
    timeout: 60_000,
  })
  const prefix = `${new URL(`file://${bundle}/`).href}`
  const files = readFileSync(log, 'utf8')
    .split('\n')
    .filter((url) => url.startsWith(prefix))
    .map((url) => url.slice(prefix.length))
  return { files: [...new Set(files)], code: run.status, stderr: run.stderr }
}

/** The chunk that holds cloudformation-diff's code: the only one defining its `fullDiff`. */
function differChunk(): string {
  const chunks = readdirSync(bundle).filter((file) => file.endsWith('.js') && readFileSync(path.join(bundle, file), 'utf8').includes('function fullDiff('))
  expect(chunks).toHaveLength(1)
  return chunks[0]!
}

describe('the template differ in the bundle', () => {
  it('is loaded by diff and never by a plain scan', () => {
    const chunk = differChunk()
    const changed = path.join(scratch, 'changed.yaml')
    writeFileSync(changed, readFileSync(template, 'utf8').replace('Scheme: internet-facing', 'Scheme: internal'))

    const scan = importedBundleFiles(['scan', template], 'scan')
    expect(scan.stderr).toBe('')
    expect(scan.files).toContain('cli.js')
    expect(scan.files).not.toContain(chunk)

    const diff = importedBundleFiles(['diff', template, changed], 'diff')
    expect(diff.stderr).toBe('')
    expect(diff.code).toBe(0)
    // The same hooks see the chunk when it is loaded: the check above cannot pass by seeing nothing.
    expect(diff.files).toContain(chunk)
  })

  it('keeps its database beside the chunks, small, and answers as the full database does for every resource type', () => {
    const compressed = readFileSync(path.join(bundle, RESOURCE_SPEC_FILE))
    expect(compressed.length).toBeLessThan(256 * 1024)
    const slim = readSpec(compressed)
    const require = createRequire(path.join(repoRoot, 'package.json'))
    const full = (require('@aws-cdk/aws-service-spec') as { loadAwsServiceSpecSync(): { all(entity: 'resource'): SpecResource[] } }).loadAwsServiceSpecSync()
    const resources = full.all('resource')
    expect(resources.length).toBeGreaterThan(1000)
    let properties = 0
    for (const resource of resources) {
      const [found, ...more] = slim.lookup('resource', 'cloudFormationType', 'equals', resource.cloudFormationType)
      expect(more).toEqual([])
      expect(found?.scrutinizable, resource.cloudFormationType).toBe(resource.scrutinizable)
      expect(Object.keys(found!.properties).sort(), resource.cloudFormationType).toEqual(Object.keys(resource.properties).sort())
      for (const [name, property] of Object.entries(resource.properties)) {
        properties++
        expect(found!.properties[name], `${resource.cloudFormationType}.${name}`).toEqual({
          ...(property.causesReplacement === undefined ? {} : { causesReplacement: property.causesReplacement }),
          ...(property.scrutinizable === undefined ? {} : { scrutinizable: property.scrutinizable }),
        })
      }
    }
    expect(properties).toBeGreaterThan(10_000)
    expect(slim.lookup('resource', 'cloudFormationType', 'equals', 'AWS::Nothing::Here')).toEqual([])
  })
})
