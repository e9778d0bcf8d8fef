/**
 * The pre-commit hook (.pre-commit-hooks.yaml) run by the real `pre-commit`, as a user's
 * repository would run it: pre-commit clones this repository, `npm install`s it (which builds
 * dist/), packs it, installs the package and runs `iac-lint scan` on the files given.
 */
import { execFileSync, spawnSync } from 'node:child_process'
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const available = spawnSync('pre-commit', ['--version']).status === 0
// .ci/run installs pre-commit, so in CI its absence is a failure rather than a skip.
const required = (process.env.CI ?? '') !== ''
const title = available || required ? 'pre-commit hook' : 'pre-commit hook (skipped: pre-commit is not on PATH; install it, e.g. apt-get install pre-commit)'

const gitEnv = {
  ...process.env,
  GIT_AUTHOR_NAME: 'iac-lint test',
  GIT_AUTHOR_EMAIL: 'test@iac-lint.invalid',
  GIT_COMMITTER_NAME: 'iac-lint test',
  GIT_COMMITTER_EMAIL: 'test@iac-lint.invalid',
  GIT_CONFIG_NOSYSTEM: '1',
}

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, env: gitEnv, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 })
}

describe.skipIf(!available && !required)(title, () => {
  let scratch: string
  let hookRepo: string
  let userRepo: string

  beforeAll(() => {
    expect(available, 'pre-commit is not on PATH; .ci/run installs it').toBe(true)
    scratch = mkdtempSync(path.join(os.tmpdir(), 'iac-lint-pre-commit-'))

    // try-repo clones a commit, and a local repository's untracked files are not in any: snapshot
    // the working tree (tracked and untracked files that are not ignored) as a commit of its own.
    hookRepo = path.join(scratch, 'iac-lint')
    const files = git(root, 'ls-files', '-z', '--cached', '--others', '--exclude-standard').split('\0').filter((file) => file !== '')
    for (const file of files) {
      mkdirSync(path.dirname(path.join(hookRepo, file)), { recursive: true })
      try {
        copyFileSync(path.join(root, file), path.join(hookRepo, file))
      } catch (error) {
        // A tracked file deleted in the working tree is not part of the snapshot.
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
      }
    }
    git(hookRepo, 'init', '-q')
    git(hookRepo, 'add', '-A')
    git(hookRepo, 'commit', '-q', '--no-verify', '-m', 'working tree snapshot')

    userRepo = path.join(scratch, 'user')
    mkdirSync(path.join(userRepo, 'templates'), { recursive: true })
    mkdirSync(path.join(userRepo, '.github', 'workflows'), { recursive: true })
    copyFileSync(path.join(root, 'examples', 'cloudformation', 'public-alb-lambda.yaml'), path.join(userRepo, 'templates', 'public-alb.yaml'))
    copyFileSync(path.join(root, 'test', 'fixtures', 'cli', 'clean.yaml'), path.join(userRepo, 'templates', 'bucket.yaml'))
    writeFileSync(path.join(userRepo, '.github', 'workflows', 'ci.yml'), 'on: push\njobs: {}\n')
    git(userRepo, 'init', '-q')
    git(userRepo, 'add', '-A')
    git(userRepo, 'commit', '-q', '--no-verify', '-m', 'templates')
  })

  afterAll(() => {
    if (scratch) rmSync(scratch, { recursive: true, force: true })
  })

  // try-repo installs the hook into a store of its own each time: npm install (which builds
  // dist/), npm pack and a global install of the package, about half a minute.
  function tryRepo(...files: string[]) {
    const result = spawnSync('pre-commit', ['try-repo', hookRepo, 'iac-lint', '--verbose', '--color', 'never', '--files', ...files], {
      cwd: userRepo,
      encoding: 'utf8',
      env: { ...gitEnv, PRE_COMMIT_HOME: path.join(scratch, 'pre-commit-home'), NO_COLOR: '1', FORCE_COLOR: '' },
    })
    return { code: result.status, output: `${result.stdout}${result.stderr}` }
  }

  it('fails on a template with an error and names the rule', () => {
    const { code, output } = tryRepo('templates/public-alb.yaml')
    expect(output).toMatch(/iac-lint\.+Failed/)
    expect(output).toContain('alb-lambda-unauthenticated')
    expect(output).toContain('templates/public-alb.yaml')
    expect(code).toBe(1)
  }, 600_000)

  it('skips a file the configuration ignores, with a note, though the hook names it', () => {
    mkdirSync(path.join(userRepo, 'legacy'), { recursive: true })
    copyFileSync(path.join(root, 'examples', 'cloudformation', 'public-alb-lambda.yaml'), path.join(userRepo, 'legacy', 'old-alb.yaml'))
    writeFileSync(path.join(userRepo, '.iac-lint.yaml'), 'ignore: ["legacy/**"]\n')
    git(userRepo, 'add', '-A')
    git(userRepo, 'commit', '-q', '--no-verify', '-m', 'legacy template, ignored')
    const { code, output } = tryRepo('legacy/old-alb.yaml')
    expect(output).toMatch(/iac-lint\.+Passed/)
    expect(output).toContain('note: legacy/old-alb.yaml is ignored by a pattern under ignore in .iac-lint.yaml')
    expect(output).not.toContain('alb-lambda-unauthenticated')
    expect(code).toBe(0)
  }, 600_000)

  it('passes on a clean template and a workflow file that is not a template', () => {
    const { code, output } = tryRepo('templates/bucket.yaml', '.github/workflows/ci.yml')
    expect(output).toMatch(/iac-lint\.+Passed/)
    expect(code).toBe(0)
  }, 600_000)
})
