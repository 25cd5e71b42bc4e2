// Bench: what a promotion from a source stage costs in GitHub requests, through dist/index.js against the fakes.
// The goal is a constant: the reads before the first write must not grow with the repo (files) and stay bounded by
// the commits after I. Build and run: npx tsc -p tsconfig.scripts.json && node build/bench/promote.js
import {pathToFileURL} from 'node:url'
import {startFakeGitHub, type FakeGitHub} from '../testing/fake-github/index.js'
import {runAction} from '../testing/run-action.js'

const STAGING = 'kustomization/apps-staging/0c9c2e41'

function deployment(name: string, image: string): string {
  return `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}\nspec:\n  template:\n    spec:\n      containers:\n        - name: app\n          image: ${image}\n`
}

/** `files` manifests split over staging, production and other teams' folders. */
function repoOf(files: number): Record<string, string> {
  const out: Record<string, string> = {}
  for (let i = 0; i < files; i++) {
    const stage = i % 3 === 0 ? 'staging' : i % 3 === 1 ? 'production' : `team-${i % 40}`
    out[`apps/${stage}/app-${i}.yaml`] = deployment(`app-${i}`, `ghcr.io/acme/app-${i % 30}:1.0.0`)
  }
  out['apps/staging/api.yaml'] = deployment('api', 'ghcr.io/acme/api:1.0.0')
  out['apps/production/api.yaml'] = deployment('api', 'ghcr.io/acme/api:1.0.0')
  return out
}

interface Cost {
  readsBeforeFirstWrite: number
  writes: number
  total: number
}

/** One promotion of ghcr.io/acme/api from apps/staging to apps/production, `after` unrelated commits after I. */
async function promotionCost(files: number, after: number, strategy: string): Promise<Cost> {
  const fake: FakeGitHub = await startFakeGitHub({validate: false})
  fake.createRepo('acme', 'gitops', {files: repoOf(files)})
  const sha = fake.createRepo('acme', 'app', {files: {'README.md': '#\n'}})
  const I = fake.commitFiles('acme', 'gitops', 'main', {
    'apps/staging/api.yaml': deployment('api', 'ghcr.io/acme/api:1.1.0')
  })
  fake.addStatus('acme', 'gitops', I, {context: STAGING, state: 'success', description: 'reconciliation succeeded'})
  for (let i = 0; i < after; i++) {
    const c = fake.commitFiles('acme', 'gitops', 'main', {[`docs/note-${i}.md`]: `${i}\n`})
    fake.addStatus('acme', 'gitops', c, {context: STAGING, state: 'success', description: 'reconciliation succeeded'})
  }
  const run = await runAction({
    apiUrl: fake.url,
    token: fake.token,
    env: {GITHUB_REPOSITORY: 'acme/app', GITHUB_SHA: sha},
    inputs: {
      repository: 'acme/gitops',
      images: 'ghcr.io/acme/api',
      'from-paths': 'apps/staging',
      'from-contexts': 'kustomization/apps-staging/*',
      paths: 'apps/production',
      strategy,
      wait: 'none'
    }
  })
  if (run.code !== 0) throw new Error(`promotion failed: ${run.stdout}`)
  const api = fake.requests.filter(r => r.operation !== 'codeload' && !r.client)
  const firstWrite = api.findIndex(r => r.write)
  await fake.close()
  return {
    readsBeforeFirstWrite: firstWrite < 0 ? api.length : firstWrite,
    writes: api.filter(r => r.write).length,
    total: api.length
  }
}

export async function benchPromote(): Promise<Record<string, number>> {
  const out: Record<string, number> = {}
  for (const [files, after] of [
    [30, 1],
    [10_000, 1],
    [30, 50],
    [10_000, 50]
  ] as const) {
    const push = await promotionCost(files, after, 'push')
    const key = `promote push, ${files} files, ${after} commit(s) after I`
    out[`${key}: reads before the first write`] = push.readsBeforeFirstWrite
    out[`${key}: writes`] = push.writes
  }
  const merge = await promotionCost(10_000, 1, 'merge')
  out['promote merge, 10000 files: reads before the first write'] = merge.readsBeforeFirstWrite
  out['promote merge, 10000 files: total requests (wait: none)'] = merge.total
  return out
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  for (const [k, v] of Object.entries(await benchPromote())) console.log(`${k}: ${v}`)
}
