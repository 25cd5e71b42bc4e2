// Bench: the bundled action (dist/index.js) as a subprocess against the local fake GitHub and fake Flux.
// Prints GitHub requests per run, detection latency after Flux reports, the cost of waiting, and cold start.
// Build and run: npx tsc -p tsconfig.scripts.json && node build/bench/action.js
import {spawnSync} from 'node:child_process'
import {existsSync, statSync} from 'node:fs'
import {join} from 'node:path'
import {pathToFileURL} from 'node:url'
import {startFakeGitHub, type FakeGitHub} from '../testing/fake-github/index.js'
import {getGitHubSchema} from '../testing/graphql-schema.js'
import {startFakeFlux} from '../testing/fake-flux.js'
import {runAction, ROOT} from '../testing/run-action.js'
import {spawnConnector} from '../testing/connector-process.js'
import {startFluxWebhook} from '../testing/fake-flux-webhook.js'

const CONTEXT = 'kustomization/apps/0c9c2e41'

function deployment(i: number, image: string): string {
  return `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app-${i}\nspec:\n  template:\n    spec:\n      containers:\n        - name: app\n          image: ${image}\n`
}

function repoOf(count: number): Record<string, string> {
  const files: Record<string, string> = {}
  for (let i = 0; i < count; i++)
    files[`apps/team-${i % 50}/app-${i}.yaml`] = deployment(i, `ghcr.io/acme/app-${i}:1.0.0`)
  return files
}

async function fresh(files: Record<string, string>): Promise<{fake: FakeGitHub; env: Record<string, string>}> {
  const fake = await startFakeGitHub({validate: false})
  fake.createRepo('acme', 'gitops', {files})
  const sha = fake.createRepo('acme', 'app', {files: {'README.md': '#\n'}})
  return {fake, env: {GITHUB_REPOSITORY: 'acme/app', GITHUB_SHA: sha}}
}

/** API requests (not counting the tarball's codeload redirect target, which is not an API request). */
function apiRequests(fake: FakeGitHub): {total: number; reads: number; writes: number; notModified: number} {
  const api = fake.requests.filter(r => r.operation !== 'codeload' && !r.client)
  return {
    total: api.length,
    reads: api.filter(r => !r.write).length,
    writes: api.filter(r => r.write).length,
    notModified: api.filter(r => r.status === 304).length
  }
}

async function requestsPerRun(files: Record<string, string>, inputs: Record<string, string>, script?: string) {
  const {fake, env} = await fresh(files)
  const run = await runAction({
    apiUrl: fake.url,
    token: fake.token,
    env,
    inputs: {repository: 'acme/gitops', ...inputs},
    script
  })
  if (run.code !== 0) throw new Error(`run failed: ${run.stdout}`)
  const counts = apiRequests(fake)
  await fake.close()
  return counts
}

/** One `push` of app-1's new tag through dist/index.js, with extra inputs. */
function runPush(fake: FakeGitHub, env: Record<string, string>, inputs: Record<string, string>) {
  return runAction({
    apiUrl: fake.url,
    token: fake.token,
    env,
    inputs: {repository: 'acme/gitops', images: 'ghcr.io/acme/app-1:2.0.0', strategy: 'push', ...inputs},
    timeoutMs: 120_000
  })
}

/** From the status being posted to the action's exit, `rounds` times. */
async function detectionLatency(interval: string, rounds: number): Promise<number[]> {
  const out: number[] = []
  for (let i = 0; i < rounds; i++) {
    const {fake, env} = await fresh(repoOf(10))
    // Report at a different phase of the poll interval each round.
    const flux = startFakeFlux(fake, {
      owner: 'acme',
      repo: 'gitops',
      branch: 'main',
      reporters: [{context: CONTEXT, delayMs: 1500 + i * 1700}]
    })
    const run = await runPush(fake, env, {interval, timeout: '5m'})
    const ended = Date.now()
    flux.stop()
    await fake.close()
    const posted = flux.reports[0]?.at
    if (run.code !== 0 || posted === undefined) throw new Error(`run failed: ${run.stdout}`)
    out.push(ended - posted)
  }
  return out
}

/** wait: connector. From Flux POSTing the first event that means healthy ("Health check passed") to the exit. */
async function connectorLatency(rounds: number): Promise<number[]> {
  const connector = await spawnConnector({
    hmacKeys: ['bench-hmac-key-0123456789abcdef0123456789'],
    readTokens: ['bench-read-token-0123456789abcdef01234567']
  })
  const out: number[] = []
  try {
    for (let i = 0; i < rounds; i++) {
      const {fake, env} = await fresh(repoOf(10))
      const flux = startFluxWebhook(fake, {
        owner: 'acme',
        repo: 'gitops',
        branch: 'main',
        connectorUrl: connector.url,
        key: 'bench-hmac-key-0123456789abcdef0123456789',
        objects: [{cluster: 'prod', name: 'apps', delayMs: 1500 + i * 700}]
      })
      const run = await runPush(fake, env, {
        wait: 'connector',
        'connector-url': connector.url,
        'connector-token': 'bench-read-token-0123456789abcdef01234567',
        contexts: 'prod/Kustomization/flux-system/apps',
        timeout: '2m'
      })
      const ended = Date.now()
      flux.stop()
      await fake.close()
      const posted = flux.sent.find(s => s.message.startsWith('Health check passed'))?.at
      if (run.code !== 0 || posted === undefined) throw new Error(`run failed: ${run.stdout}`)
      out.push(ended - posted)
    }
  } finally {
    await connector.stop()
  }
  return out
}

/** One minute of waiting with nothing changing, at the default interval: how many answers cost rate limit. */
async function costOfWaiting(): Promise<{ok: number; notModified: number}> {
  const {fake, env} = await fresh(repoOf(10))
  const from = Date.now()
  const run = await runPush(fake, env, {interval: '10s', timeout: '60s'})
  if (run.outputs.result !== 'timed-out') throw new Error(`expected a timeout: ${run.stdout}`)
  const polls = fake.requests.filter(
    r => r.method === 'GET' && r.time >= from && /\/(status|check-runs|compare\/.*)$/.test(r.path)
  )
  await fake.close()
  return {ok: polls.filter(r => r.status === 200).length, notModified: polls.filter(r => r.status === 304).length}
}

/**
 * From spawning the bundle (strategy merge, one image, wait: none) to the merge commit landing on main; with several
 * bundles, alternating between them, so a machine loaded by others weighs on each alike.
 */
export async function startToMerged(rounds: number, scripts: string[] = [DIST]): Promise<number[][]> {
  const out = scripts.map(() => [] as number[])
  // The fake parses GitHub's GraphQL schema on its first GraphQL request: not the action's time.
  getGitHubSchema()
  for (let i = 0; i < rounds; i++) {
    for (const [j, script] of scripts.entries()) {
      const {fake, env} = await fresh(repoOf(10))
      let mergedAt: number | undefined
      fake.onEvent(e => {
        if (e.type === 'pull_request' && e.sha !== undefined) mergedAt ??= Date.now()
      })
      const started = Date.now()
      const run = await runAction({
        apiUrl: fake.url,
        token: fake.token,
        env,
        inputs: {repository: 'acme/gitops', images: 'ghcr.io/acme/app-1:2.0.0', strategy: 'merge', wait: 'none'},
        script
      })
      await fake.close()
      if (run.code !== 0 || mergedAt === undefined) throw new Error(`run failed: ${run.stdout}`)
      out[j]?.push(mergedAt - started)
    }
  }
  return out
}

/**
 * actions/checkout's dist is not published to npm, so its stand-in is a bundle of the same libraries (@actions/core,
 * exec, io, github, tool-cache) built the same way (ncc, not minified), failing on its missing environment as
 * checkout does. Built once into build/.
 */
export function checkoutStandIn(): string {
  const out = join(ROOT, 'build', 'checkout-standin')
  const file = join(out, 'index.js')
  if (!existsSync(file)) {
    const r = spawnSync('npx', ['ncc', 'build', join(ROOT, 'bench', 'checkout-standin.ts'), '-o', out, '-q'], {
      cwd: ROOT,
      encoding: 'utf8'
    })
    if (r.status !== 0) throw new Error(`building the checkout stand-in failed: ${r.stderr}`)
  }
  return file
}

/** Spawn to exit with no inputs (each fails on its missing inputs), alternating the files, `runs` times each. */
export function coldStart(files: string[], runs: number): number[][] {
  const times = files.map(() => [] as number[])
  for (let i = 0; i < runs; i++) {
    files.forEach((file, j) => {
      const t = process.hrtime.bigint()
      spawnSync(process.execPath, [file], {env: {PATH: process.env.PATH ?? ''}, encoding: 'utf8'})
      times[j]?.push(Number(process.hrtime.bigint() - t) / 1e6)
    })
  }
  return times
}

const DIST = join(ROOT, 'dist', 'index.js')

/**
 * `BENCH_BASELINE_DIST`: another build's dist/ folder (e.g. `git archive <commit> dist | tar -x -C /tmp/base`, then
 * /tmp/base/dist). The write-cost figures are then measured for it too, alternating with this build, and printed
 * side by side.
 */
function baseline(): string | undefined {
  const dir = process.env.BENCH_BASELINE_DIST
  return dir ? join(dir, 'index.js') : undefined
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number

/**
 * What a write costs: GitHub requests of a push and of a merge run before the wait (the head branch's clean-up
 * included), start to merged commit, and cold start against the checkout stand-in. With `BENCH_BASELINE_DIST`, the
 * baseline build is measured in the same loops, alternating with this one.
 */
export async function benchWriteCost(): Promise<Record<string, number>> {
  const r: Record<string, number> = {}
  const base = baseline()
  for (const strategy of ['push', 'merge']) {
    const inputs = {images: 'ghcr.io/acme/app-1:2.0.0', strategy, wait: 'none'}
    const c = await requestsPerRun(repoOf(10), inputs)
    r[`${strategy} (1 image, 1 file): reads`] = c.reads
    r[`${strategy} (1 image, 1 file): writes`] = c.writes
    r[`${strategy} (1 image, 1 file): requests before the wait`] = c.total
    if (base) {
      const b = await requestsPerRun(repoOf(10), inputs, base)
      r[`${strategy} (1 image, 1 file): requests before the wait, baseline`] = b.total
    }
  }
  const [merged = [], mergedBase] = await startToMerged(5, base ? [DIST, base] : [DIST])
  r['start to merged commit ms, merge, 1 image (median of 5)'] = Math.round(median(merged))
  r['start to merged commit ms, merge, 1 image (max of 5)'] = Math.round(Math.max(...merged))
  if (mergedBase) {
    r['start to merged commit ms, merge, 1 image (median of 5), baseline'] = Math.round(median(mergedBase))
    r['start to merged commit ms, merge, 1 image (max of 5), baseline'] = Math.round(Math.max(...mergedBase))
  }
  const files = base ? [DIST, checkoutStandIn(), base] : [DIST, checkoutStandIn()]
  const [ours = [], checkout = [], baseTimes] = coldStart(files, 15)
  const ratio = (xs: number[]): number => Math.round((median(xs) / median(checkout)) * 100) / 100
  r['cold start ms of dist/index.js to exit (median of 15)'] = Math.round(median(ours))
  r['cold start ms of the checkout stand-in to exit (median of 15)'] = Math.round(median(checkout))
  r['cold start ratio, dist/index.js / checkout stand-in'] = ratio(ours)
  if (baseTimes) {
    r['cold start ms of the baseline to exit (median of 15)'] = Math.round(median(baseTimes))
    r['cold start ratio, baseline / checkout stand-in'] = ratio(baseTimes)
  }
  r['bundle KiB, dist/index.js'] = Math.round(statSync(DIST).size / 1024)
  if (base) r['bundle KiB, baseline index.js'] = Math.round(statSync(base).size / 1024)
  return r
}

export async function benchAction(): Promise<Record<string, number>> {
  const r: Record<string, number> = {}
  const dry = {images: 'ghcr.io/acme/app-1:2.0.0', 'dry-run': 'true'}
  r['dry-run requests, 10 files'] = (await requestsPerRun(repoOf(10), dry)).total
  r['dry-run requests, 10,000 files'] = (await requestsPerRun(repoOf(10_000), dry)).total
  const fast = await detectionLatency('1s', 5)
  r['detection latency ms, interval 1s (median of 5)'] = Math.round(median(fast))
  r['detection latency ms, interval 1s (max of 5)'] = Math.round(Math.max(...fast))
  const slow = await detectionLatency('10s', 3)
  r['detection latency ms, interval 10s (median of 3)'] = Math.round(median(slow))
  r['detection latency ms, interval 10s (max of 3)'] = Math.round(Math.max(...slow))
  const viaConnector = await connectorLatency(5)
  r['detection latency ms, wait: connector (median of 5)'] = Math.round(median(viaConnector))
  r['detection latency ms, wait: connector (max of 5)'] = Math.round(Math.max(...viaConnector))
  const waiting = await costOfWaiting()
  r['1 min waiting, interval 10s: answers 200 (cost rate limit)'] = waiting.ok
  r['1 min waiting, interval 10s: answers 304 (free)'] = waiting.notModified
  return {...r, ...(await benchWriteCost())}
}

// `node build/bench/action.js` runs every figure; `--write-cost` only those of a write (a few seconds a round).
if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const bench = process.argv.includes('--write-cost') ? benchWriteCost : benchAction
  for (const [k, v] of Object.entries(await bench())) console.log(`${k}: ${v}`)
}
