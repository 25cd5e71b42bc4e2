// wait: handoff and wait: connector with no connector-token, end to end: dist/index.js asks the runner's token endpoint (served by the
// local OIDC issuer) for an ID token whose audience is the connector's URL, and the spawned dist/connector/index.js
// verifies it against that issuer's published keys and the repository claim.
import {describe, it, expect, beforeAll, afterAll, afterEach} from '@jest/globals'
import {generateKeyPairSync} from 'node:crypto'
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {createServer} from 'node:net'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {world, PODINFO, OWNER, REPO, type World} from '../../testing/harness.js'
import {spawnConnector, type ConnectorProcess} from '../../testing/connector-process.js'
import {startFluxWebhook, type FluxWebhook} from '../../testing/fake-flux-webhook.js'
import {startFakeOidc, type FakeOidc} from '../../testing/fake-oidc.js'

const KEY = 'flux-hmac-key-0123456789abcdef0123456789'
const READ_TOKEN = 'connector-read-token-0123456789abcdef0123'
const APP_ID = 31337
const CONTEXT = 'prod/Kustomization/flux-system/apps'

let keyDir: string
let privateKeyFile: string
let publicKey: string
let oidc: FakeOidc
let w: World | undefined
let connector: ConnectorProcess | undefined
let flux: FluxWebhook | undefined

beforeAll(async () => {
  const pair = generateKeyPairSync('rsa', {modulusLength: 2048})
  keyDir = mkdtempSync(join(tmpdir(), 'gitops-promote-app-'))
  privateKeyFile = join(keyDir, 'app.pem')
  writeFileSync(privateKeyFile, pair.privateKey.export({type: 'pkcs1', format: 'pem'}))
  publicKey = pair.publicKey.export({type: 'spki', format: 'pem'}) as string
  oidc = await startFakeOidc()
})
afterAll(async () => {
  rmSync(keyDir, {recursive: true, force: true})
  await oidc.close()
})
afterEach(async () => {
  flux?.stop()
  await connector?.stop()
  if (w) {
    expect(w.fake.violations).toEqual([])
    await w.close()
  }
  w = connector = flux = undefined
})

/** A free port, so the connector's URL (the default audience) is known before it starts. */
function freePort(): Promise<number> {
  return new Promise(resolve => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as {port: number}).port
      s.close(() => resolve(port))
    })
  })
}

async function setup(
  o: {gitopsAllowed?: boolean} = {}
): Promise<{w: World; connector: ConnectorProcess; flux: FluxWebhook}> {
  w = await world({fake: {token: 'action-token', app: {id: APP_ID, publicKey}}})
  const port = await freePort()
  connector = await spawnConnector({
    hmacKeys: [KEY],
    readTokens: [READ_TOKEN],
    port,
    env: {
      // No CONNECTOR_WATCH_TOKENS: OIDC and the App turn handoff on.
      CONNECTOR_OIDC_ISSUER: oidc.issuer,
      CONNECTOR_OIDC_AUDIENCE: `http://127.0.0.1:${port}`,
      CONNECTOR_OIDC_REPOSITORIES: `${OWNER}/app`,
      ...(o.gitopsAllowed === false ? {} : {CONNECTOR_GITOPS_REPOSITORIES: `${OWNER}/${REPO}`}),
      CONNECTOR_GITHUB_APP_ID: String(APP_ID),
      CONNECTOR_GITHUB_APP_PRIVATE_KEY_FILE: privateKeyFile,
      CONNECTOR_GITHUB_API_URL: w.fake.url
    }
  })
  flux = startFluxWebhook(w.fake, {
    owner: OWNER,
    repo: REPO,
    branch: 'main',
    connectorUrl: connector.url,
    key: KEY,
    objects: [{cluster: 'prod', name: 'apps'}]
  })
  return {w, connector, flux}
}

const inputs = (c: ConnectorProcess): Record<string, string> => ({
  images: `${PODINFO}:6.15.0`,
  paths: 'kustomize',
  strategy: 'push',
  wait: 'handoff',
  contexts: CONTEXT,
  'connector-url': c.url,
  timeout: '60s'
})

async function until<T>(what: string, probe: () => T | undefined, ms = 30_000): Promise<T> {
  const end = Date.now() + ms
  for (;;) {
    const v = probe()
    if (v !== undefined) return v
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`)
    await new Promise(r => setTimeout(r, 50))
  }
}

describe('wait: handoff with a GitHub Actions OIDC token', () => {
  it('needs no connector-token: the connector verifies the token and dispatches the result', async () => {
    const {w, connector} = await setup()
    const asked = oidc.requestedAudiences.length
    const run = await w.run(inputs(connector), {token: 'action-token', env: oidc.actionsEnv(`${OWNER}/app`)})
    expect(run.stderr).toBe('')
    expect(run.code).toBe(0)
    expect(run.outputs).toMatchObject({result: 'handed-off', changed: 'true'})
    // Asked for the connector's URL as audience (the check before the write, then the registration).
    expect(oidc.requestedAudiences.slice(asked)).toEqual([connector.url, connector.url])
    const d = await until('a repository_dispatch', () => w.fake.app.dispatches[0])
    expect(d).toMatchObject({owner: OWNER, repo: 'app', eventType: 'gitops-promote.healthy'})
    // The tokens reach the log only in the runner's mask command, which hides them.
    for (const token of oidc.issued) {
      const lines = run.stdout.split('\n').filter(l => l.includes(token))
      expect(lines.length).toBeGreaterThan(0)
      expect(lines.every(l => l === `::add-mask::${token}`)).toBe(true)
    }
  })

  it('wait: connector reads with the OIDC token and finds the rollout healthy', async () => {
    const {w, connector} = await setup()
    const asked = oidc.requestedAudiences.length
    const run = await w.run(
      {...inputs(connector), wait: 'connector', timeout: '30s'},
      {token: 'action-token', env: oidc.actionsEnv(`${OWNER}/app`)}
    )
    expect(run.code).toBe(0)
    expect(run.outputs).toMatchObject({result: 'healthy', 'applied-revision': w.head()})
    // One token serves every long-poll of the wait (renewed only near its expiry).
    expect(oidc.requestedAudiences.slice(asked)).toEqual([connector.url])
  })

  it('a token of a repository the connector does not serve is refused before anything is written', async () => {
    const {w, connector} = await setup()
    const before = w.head()
    const run = await w.run(inputs(connector), {token: 'action-token', env: oidc.actionsEnv(`${OWNER}/other`)})
    expect(run.code).not.toBe(0)
    expect(run.errors.join('\n')).toContain('HTTP 403')
    expect(run.errors.join('\n')).toContain('CONNECTOR_OIDC_REPOSITORIES')
    expect(w.head()).toBe(before)
  })

  it('a gitops repository the caller may not watch is refused before anything is written', async () => {
    const {w, connector} = await setup({gitopsAllowed: false})
    const before = w.head()
    const run = await w.run(inputs(connector), {token: 'action-token', env: oidc.actionsEnv(`${OWNER}/app`)})
    expect(run.code).not.toBe(0)
    expect(run.errors.join('\n')).toContain(`repository ${OWNER}/${REPO} is not a repository`)
    expect(w.head()).toBe(before)
  })
})
