// Shared setup of the end-to-end tests: a fresh fake GitHub with a gitops repo seeded from the vendored podinfo
// fixture, the workflow's own repo (for deployments), and `run()` that spawns dist/index.js against them.
import {readdirSync, readFileSync, statSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join, relative} from 'node:path'
import {startFakeGitHub, type FakeGitHub, type CreateRepoOptions} from './fake-github/index.js'
import {runAction, ROOT, type ActionRun} from './run-action.js'

export const OWNER = 'acme'
export const REPO = 'gitops'
export const PODINFO = 'ghcr.io/stefanprodan/podinfo'

const COMPILE_CACHE = join(tmpdir(), 'gitops-promote-compile-cache')

/** Every file below a fixture folder, keyed by its path relative to `base` and prefixed with `prefix`. */
export function fixtureFiles(dir: string, prefix = ''): Record<string, string> {
  const root = join(ROOT, '__tests__', 'fixtures', 'gitops-repos', dir)
  const out: Record<string, string> = {}
  const walk = (d: string): void => {
    for (const name of readdirSync(d)) {
      const p = join(d, name)
      if (statSync(p).isDirectory()) walk(p)
      else out[prefix + relative(root, p)] = readFileSync(p, 'utf8')
    }
  }
  walk(root)
  return out
}

export interface World {
  fake: FakeGitHub
  /** Head of the workflow repo acme/app: GITHUB_SHA of the runs. */
  appSha: string
  run(inputs: Record<string, string>, opts?: {env?: Record<string, string>; token?: string}): Promise<ActionRun>
  file(path: string, ref?: string): string | undefined
  head(branch?: string): string
  close(): Promise<void>
}

export async function world(
  opts: {files?: Record<string, string>; repo?: CreateRepoOptions; fake?: Parameters<typeof startFakeGitHub>[0]} = {}
): Promise<World> {
  const fake = await startFakeGitHub(opts.fake)
  fake.createRepo(OWNER, REPO, {files: opts.files ?? fixtureFiles('podinfo'), ...opts.repo})
  const appSha = fake.createRepo(OWNER, 'app', {files: {'README.md': '# app\n'}})
  return {
    fake,
    appSha,
    run: (inputs, o = {}) =>
      runAction({
        apiUrl: fake.url,
        token: o.token ?? fake.token,
        inputs: {repository: `${OWNER}/${REPO}`, interval: '50ms', ...inputs},
        // The bundle compiled once, not in every test's run (cold start is measured in bench/, without this cache).
        env: {GITHUB_REPOSITORY: `${OWNER}/app`, GITHUB_SHA: appSha, NODE_COMPILE_CACHE: COMPILE_CACHE, ...o.env}
      }),
    file: (path, ref = 'main') => fake.getFile(OWNER, REPO, ref, path),
    head: (branch = 'main') => fake.headOf(OWNER, REPO, branch) as string,
    close: () => fake.close()
  }
}

/** The one-line difference between two texts, as `-old` / `+new` lines (for byte-minimal assertions). */
export function changedLines(before: string, after: string): string[] {
  const a = before.split('\n')
  const b = after.split('\n')
  const out: string[] = []
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    if (a[i] !== b[i]) out.push(`-${a[i] ?? ''}`, `+${b[i] ?? ''}`)
  }
  return out
}
