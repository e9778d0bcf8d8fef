/**
 * The pre-commit hook (.pre-commit-hooks.yaml) run by the real `pre-commit`, as a user's
 * repository would run it: pre-commit clones this repository, `npm install`s it, packs it,
 * installs the package (the committed bundle: nothing is compiled) and runs `iac-lint scan` on
 * the files given. Twice: with the pre-commit on PATH (Debian's 3.x, which .ci/run installs) and
 * with pre-commit 4 from pip in a virtual environment of its own, where pip can install it.
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

/**
 * pre-commit 4 from pip, in a virtual environment made for the test: its path, or why there is
 * none (no venv module, no pip, no pre-commit 4 in the package index the machine reaches).
 */
function pipPreCommit(): { executable: string } | { missing: string } {
  const venv = mkdtempSync(path.join(os.tmpdir(), 'iac-lint-pre-commit4-'))
  const made = spawnSync('python3', ['-m', 'venv', venv], { encoding: 'utf8' })
  if (made.status !== 0) return { missing: `python3 -m venv failed: ${(made.stderr || String(made.error)).trim().split('\n').pop()}` }
  const bin = path.join(venv, process.platform === 'win32' ? 'Scripts' : 'bin')
  const pip = spawnSync(path.join(bin, 'pip'), ['install', '--quiet', '--disable-pip-version-check', 'pre-commit>=4,<5'], {
    encoding: 'utf8',
    env: { ...process.env, PIP_RETRIES: '0', PIP_TIMEOUT: '10' },
  })
  if (pip.status !== 0) return { missing: `pip install pre-commit failed: ${(pip.stderr || String(pip.error)).trim().split('\n').pop()}` }
  const executable = path.join(bin, 'pre-commit')
  const version = spawnSync(executable, ['--version'], { encoding: 'utf8' })
  return /^pre-commit 4\./.test(version.stdout) ? { executable } : { missing: `pip installed ${version.stdout.trim()}, not pre-commit 4` }
}
const preCommit4 = pipPreCommit()
const title4 =
  'executable' in preCommit4 ? 'pre-commit 4 hook' : `pre-commit 4 hook (skipped: ${preCommit4.missing}; it needs python3 with venv and pip reaching pre-commit 4)`

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

function hookTests(executable: string): void {
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

  // try-repo installs the hook into a store of its own each time: npm install, npm pack and a
  // global install of the package, about half a minute.
  function tryRepo(...files: string[]) {
    const result = spawnSync(executable, ['try-repo', hookRepo, 'iac-lint', '--verbose', '--color', 'never', '--files', ...files], {
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
}

describe.skipIf(!available && !required)(title, () => hookTests('pre-commit'))

describe.skipIf(!('executable' in preCommit4))(title4, () => hookTests('executable' in preCommit4 ? preCommit4.executable : 'pre-commit'))
