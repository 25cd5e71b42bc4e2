// `npm run screenshot`: the pictures of the connector's page in docs/images/, taken by hand (not in tests). Starts a
// connector on 127.0.0.1 in a temp dir, feeds it signed Flux events for three clusters and two handoff watches, and
// photographs the page in headless Chromium at a laptop width (light) and a phone width (dark).
import {generateKeyPairSync} from 'node:crypto'
import {mkdtempSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import type {ConnectorConfig} from '../src/connector/config.js'
import {startConnector} from '../src/connector/server.js'
import {sign} from '../src/connector/signature.js'
import {CHROMIUM, HAVE_CHROMIUM, launchChromium} from '../testing/browser.js'
import {ROOT} from '../testing/run-action.js'

const KEY = 'screenshot-hmac-key'
const READ_TOKEN = 'screenshot-read-token'
const WATCH_TOKEN = 'screenshot-watch-token-for-the-picture-01'
const HEAD = '4e1c0b9a7d2f3e5c6b8a9d0e1f2a3b4c5d6e7f80'
const PREVIOUS = '731f7eaddfb6af01cb2173e18f0f75b0ba780ef1'

interface Event {
  cluster: string
  kind?: 'Kustomization' | 'HelmRelease'
  namespace?: string
  name: string
  minutesAgo: number
  severity?: 'info' | 'error'
  reason: string
  message: string
  revision: string
}

const EVENTS: Event[] = [
  {
    cluster: 'staging',
    name: 'flux-system',
    minutesAgo: 42,
    reason: 'ReconciliationSucceeded',
    message: 'Reconciliation finished in 1.2s, next run in 10m0s',
    revision: `main@sha1:${HEAD}`
  },
  {
    cluster: 'staging',
    name: 'apps',
    minutesAgo: 41,
    reason: 'ReconciliationSucceeded',
    message: 'Reconciliation finished in 19.3s, next run in 10m0s',
    revision: `main@sha1:${HEAD}`
  },
  {
    cluster: 'staging',
    name: 'infra',
    minutesAgo: 40,
    reason: 'ReconciliationSucceeded',
    message: 'Reconciliation finished in 3.8s, next run in 1h0m0s',
    revision: `main@sha1:${HEAD}`
  },
  {
    cluster: 'prod-eu',
    name: 'apps',
    minutesAgo: 3,
    severity: 'error',
    reason: 'HealthCheckFailed',
    message:
      "health check failed after 5m0.011872401s: timeout waiting for: [Deployment/podinfo/podinfo status: 'InProgress']",
    revision: `main@sha1:${HEAD}`
  },
  {
    cluster: 'prod-eu',
    name: 'infra',
    minutesAgo: 9,
    reason: 'ReconciliationSucceeded',
    message: 'Reconciliation finished in 4.1s, next run in 1h0m0s',
    revision: `main@sha1:${PREVIOUS}`
  },
  {
    cluster: 'prod-eu',
    kind: 'HelmRelease',
    namespace: 'podinfo',
    name: 'podinfo',
    minutesAgo: 1,
    reason: 'Progressing',
    message: 'Helm upgrade in progress for release podinfo/podinfo with chart podinfo@6.9.2',
    revision: '6.9.2'
  },
  {
    cluster: 'prod-us',
    name: 'apps',
    minutesAgo: 0.5,
    reason: 'DependencyNotReady',
    message: 'Dependencies do not meet ready condition, retrying in 30s',
    revision: `main@sha1:${HEAD}`
  }
]

function fluxEvent(e: Event, now: number): string {
  return JSON.stringify({
    involvedObject: {kind: e.kind ?? 'Kustomization', namespace: e.namespace ?? 'flux-system', name: e.name},
    severity: e.severity ?? 'info',
    timestamp: new Date(now - e.minutesAgo * 60_000).toISOString().replace(/\.\d+Z$/, 'Z'),
    message: e.message,
    reason: e.reason,
    metadata: {cluster: e.cluster, revision: e.revision},
    reportingController: e.kind === 'HelmRelease' ? 'helm-controller' : 'kustomize-controller'
  })
}

function watch(now: number, environment: string, contexts: string[], minutesLeft: number): object {
  return {
    repository: 'acme/gitops',
    branch: 'main',
    commit: HEAD,
    contexts,
    healthy_description: 'reconciliation succeeded',
    failure_grace_seconds: 300,
    deadline: new Date(now + minutesLeft * 60_000).toISOString(),
    soak_seconds: 0,
    images: ['ghcr.io/stefanprodan/podinfo:6.9.2'],
    written: [],
    environment,
    deployment: null,
    run_url: 'https://github.com/acme/podinfo/actions/runs/4242/attempts/1',
    workflow_repository: 'acme/podinfo',
    payload: {}
  }
}

async function post(url: string, body: string, headers: Record<string, string>): Promise<void> {
  const res = await fetch(url, {method: 'POST', headers: {'content-type': 'application/json', ...headers}, body})
  if (!res.ok) throw new Error(`POST ${url}: ${res.status} ${await res.text()}`)
}

async function main(): Promise<void> {
  if (!HAVE_CHROMIUM) throw new Error(`${CHROMIUM} is missing: apt-get install chromium`)
  const dataDir = mkdtempSync(join(tmpdir(), 'connector-screenshot-'))
  const privateKey = generateKeyPairSync('rsa', {modulusLength: 2048}).privateKey.export({
    type: 'pkcs1',
    format: 'pem'
  }) as string
  const config: ConnectorConfig = {
    host: '127.0.0.1',
    port: 0,
    hmacKeys: [Buffer.from(KEY)],
    readTokens: [READ_TOKEN],
    dataDir,
    maxBodyBytes: 1024 * 1024,
    compactBytes: 8 * 1024 * 1024,
    headersTimeoutMs: 10_000,
    requestTimeoutMs: 30_000,
    maxUnverifiedBodies: 32,
    databaseUrl: null,
    retentionMs: 720 * 3_600_000,
    databasePoolSize: 10,
    databaseTimeoutMs: 5000,
    minBodyBytesPerSecond: 1024,
    // Nothing listens on port 9: the watches stay in flight for the picture.
    handoff: {
      watchTokens: [{repositories: 'acme/*', token: WATCH_TOKEN}],
      gitopsRepositories: [],
      maxWatchesPerRepo: 100,
      watchRetentionMs: 168 * 3_600_000,
      app: {appId: '1', privateKey, apiUrl: 'http://127.0.0.1:9'}
    }
  }
  const connector = await startConnector(config, {clock: Date.now})
  const browser = await launchChromium()
  try {
    const now = Date.now()
    for (const e of EVENTS) {
      const body = fluxEvent(e, now)
      await post(`${connector.url}/api/v1/flux/events`, body, {'x-signature': sign(body, KEY)})
    }
    const auth = {authorization: `Bearer ${WATCH_TOKEN}`}
    await post(`${connector.url}/api/v1/watches`, JSON.stringify(watch(now, 'staging', ['staging/*'], 4)), auth)
    const prod = watch(now, 'production', ['prod-*/Kustomization/flux-system/apps'], 27)
    await post(`${connector.url}/api/v1/watches`, JSON.stringify(prod), auth)

    const shots = [
      {file: 'connector-page.png', width: 1280, height: 800, dark: false},
      {file: 'connector-page-phone-dark.png', width: 390, height: 844, dark: true}
    ]
    for (const shot of shots) {
      const context = await browser.newContext({
        viewport: {width: shot.width, height: shot.height},
        deviceScaleFactor: shot.dark ? 2 : 1,
        colorScheme: shot.dark ? 'dark' : 'light'
      })
      const page = await context.newPage()
      await page.goto(`${connector.url}/`)
      await page.locator('#token').fill(READ_TOKEN)
      await page.locator('#login button[type=submit]').click()
      await page.locator('tr[data-watch]').first().waitFor()
      await page.locator('section[data-cluster="staging"]').waitFor()
      const path = join(ROOT, 'docs', 'images', shot.file)
      await page.screenshot({path, fullPage: !shot.dark})
      console.log(`wrote ${path}`)
      await context.close()
    }
  } finally {
    await browser.close()
    await connector.close()
    rmSync(dataDir, {recursive: true, force: true})
  }
}

main().catch(err => {
  console.error(err)
  process.exit(1)
})
