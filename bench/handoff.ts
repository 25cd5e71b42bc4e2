// Bench: what a handoff saves. The same rollout (fake Flux reports healthy ROLLOUT_MS after the push) run blocking
// (wait: connector) and handed off (wait: handoff): runner seconds from start to exit; then, for the handoff, the
// time from Flux's healthy report reaching the connector to GitHub accepting the repository_dispatch.
// Build and run: npx tsc -p tsconfig.scripts.json && node build/bench/handoff.js
import {generateKeyPairSync} from 'node:crypto'
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {pathToFileURL} from 'node:url'
import {startFakeGitHub} from '../testing/fake-github/index.js'
import {runAction} from '../testing/run-action.js'
import {spawnConnector} from '../testing/connector-process.js'
import {startFluxWebhook} from '../testing/fake-flux-webhook.js'

const HMAC_KEY = 'bench-hmac-key-0123456789abcdef0123456789'
const WATCH_TOKEN = 'bench-watch-token-0123456789abcdef0123456'

const ROLLOUT_MS = 10_000
const RUNS = 5
const APP_ID = 4711
const CONTEXT = 'prod/Kustomization/flux-system/apps'

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.floor(s.length / 2)] as number
}

export async function benchHandoff(): Promise<Record<string, number>> {
  const pair = generateKeyPairSync('rsa', {modulusLength: 2048})
  const dir = mkdtempSync(join(tmpdir(), 'bench-handoff-'))
  const keyFile = join(dir, 'app.pem')
  writeFileSync(keyFile, pair.privateKey.export({type: 'pkcs1', format: 'pem'}))
  const fake = await startFakeGitHub({
    validate: false,
    app: {id: APP_ID, publicKey: pair.publicKey.export({type: 'spki', format: 'pem'}) as string}
  })
  fake.createRepo('acme', 'gitops', {
    files: {
      'apps/api.yaml': 'spec:\n  template:\n    spec:\n      containers:\n        - image: ghcr.io/acme/api:1.0.0\n'
    }
  })
  const sha = fake.createRepo('acme', 'app', {files: {'README.md': '#\n'}})
  const connector = await spawnConnector({
    hmacKeys: [HMAC_KEY],
    readTokens: ['bench-read-token-0123456789abcdef01234567'],
    env: {
      CONNECTOR_WATCH_TOKENS: `acme/*=${WATCH_TOKEN}`,
      CONNECTOR_GITHUB_APP_ID: String(APP_ID),
      CONNECTOR_GITHUB_APP_PRIVATE_KEY_FILE: keyFile,
      CONNECTOR_GITHUB_API_URL: fake.url
    }
  })
  // Flux takes ROLLOUT_MS to report healthy after each push, like a Deployment rolling out.
  const flux = startFluxWebhook(fake, {
    owner: 'acme',
    repo: 'gitops',
    branch: 'main',
    connectorUrl: connector.url,
    key: HMAC_KEY,
    objects: [
      {
        cluster: 'prod',
        name: 'apps',
        script: [
          {reason: 'Progressing', message: 'Deployment/apps/api configured'},
          {afterMs: ROLLOUT_MS, reason: 'ReconciliationSucceeded', message: 'Reconciliation finished'}
        ]
      }
    ]
  })

  const held = {blocking: [] as number[], handoff: [] as number[]}
  const toDispatch: number[] = []
  let tag = 0
  const run = async (wait: 'connector' | 'handoff'): Promise<number> => {
    tag++
    const r = await runAction({
      apiUrl: fake.url,
      token: fake.token,
      env: {GITHUB_REPOSITORY: 'acme/app', GITHUB_SHA: sha},
      inputs: {
        repository: 'acme/gitops',
        images: `ghcr.io/acme/api:1.0.${tag}`,
        strategy: 'push',
        wait,
        contexts: CONTEXT,
        'connector-url': connector.url,
        'connector-token': wait === 'handoff' ? WATCH_TOKEN : 'bench-read-token-0123456789abcdef01234567',
        timeout: '2m'
      }
    })
    const expected = wait === 'handoff' ? 'handed-off' : 'healthy'
    if (r.outputs.result !== expected) throw new Error(`${wait} run ended ${r.outputs.result}: ${r.stdout}`)
    return r.durationMs
  }
  const waitFor = async <T>(probe: () => T | undefined): Promise<T> => {
    for (let i = 0; i < 1200; i++) {
      const v = probe()
      if (v !== undefined) return v
      await new Promise(res => setTimeout(res, 25))
    }
    throw new Error('timed out')
  }

  try {
    for (let i = 0; i < RUNS; i++) {
      held.blocking.push(await run('connector'))
      await new Promise(res => setTimeout(res, 200))

      const before = fake.app.dispatches.length
      const sentBefore = flux.sent.length
      held.handoff.push(await run('handoff'))
      const dispatch = await waitFor(() => fake.app.dispatches[before])
      const report = flux.sent.slice(sentBefore).find(s => s.reason === 'ReconciliationSucceeded')
      if (!report) throw new Error('no healthy report')
      toDispatch.push(dispatch.at - report.at)
    }
  } finally {
    flux.stop()
    await connector.stop()
    await fake.close()
    rmSync(dir, {recursive: true, force: true})
  }
  return {
    rollout_seconds: ROLLOUT_MS / 1000,
    runs: RUNS,
    runner_seconds_blocking_median: Math.round(median(held.blocking)) / 1000,
    runner_seconds_handoff_median: Math.round(median(held.handoff)) / 1000,
    runner_seconds_handoff_max: Math.max(...held.handoff) / 1000,
    flux_report_to_dispatch_ms_median: median(toDispatch),
    flux_report_to_dispatch_ms_max: Math.max(...toDispatch)
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  for (const [k, v] of Object.entries(await benchHandoff())) console.log(`${k}: ${v}`)
}
