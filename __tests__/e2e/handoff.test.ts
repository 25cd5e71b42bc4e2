// wait: handoff, end to end: dist/index.js writes, registers a watch with the spawned dist/connector/index.js and
// exits; fake Flux posts signed events; the connector, acting as a GitHub App on the fake GitHub, decides and sends
// repository_dispatch (and moves the Deployment).
import {describe, it, expect, beforeAll, afterAll, afterEach} from '@jest/globals'
import {generateKeyPairSync} from 'node:crypto'
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {fixtureFiles, world, PODINFO, OWNER, REPO, type World} from '../../testing/harness.js'
import {spawnConnector, type ConnectorProcess} from '../../testing/connector-process.js'
import {startFluxWebhook, type FluxWebhook, type WebhookObject} from '../../testing/fake-flux-webhook.js'
import type {DispatchRecord} from '../../testing/fake-github/app.js'
import {ADMIN_URL, createTestDatabase} from '../../testing/postgres.js'

const KEY = 'flux-hmac-key-0123456789abcdef0123456789'
const READ_TOKEN = 'connector-read-token-0123456789abcdef0123'
const WATCH_TOKEN = 'connector-watch-token-0123456789abcdef012'
const APP_ID = 31337
const CONTEXT = 'prod/Kustomization/flux-system/apps'
const RUN_URL = 'https://github.com/acme/app/actions/runs/4242/attempts/1'

let keyDir: string
let privateKeyFile: string
let publicKey: string
let w: World | undefined
let connector: ConnectorProcess | undefined
let flux: FluxWebhook | undefined

beforeAll(() => {
  // GitHub issues App keys as PKCS#1 PEM.
  const pair = generateKeyPairSync('rsa', {modulusLength: 2048})
  keyDir = mkdtempSync(join(tmpdir(), 'gitops-promote-app-'))
  privateKeyFile = join(keyDir, 'app.pem')
  writeFileSync(privateKeyFile, pair.privateKey.export({type: 'pkcs1', format: 'pem'}))
  publicKey = pair.publicKey.export({type: 'spki', format: 'pem'}) as string
})
afterAll(() => rmSync(keyDir, {recursive: true, force: true}))
afterEach(async () => {
  flux?.stop()
  await connector?.stop()
  if (w) {
    expect(w.fake.violations).toEqual([])
    expect(w.fake.unimplemented).toEqual([])
    await w.close()
  }
  w = undefined
  flux = undefined
  connector = undefined
})

function startConnector(
  fakeUrl: string,
  o: {dataDir?: string; port?: number; databaseUrl?: string} = {}
): Promise<ConnectorProcess> {
  return spawnConnector({
    hmacKeys: [KEY],
    readTokens: [READ_TOKEN],
    dataDir: o.dataDir,
    port: o.port,
    env: {
      CONNECTOR_WATCH_TOKENS: `acme/*=${WATCH_TOKEN}`,
      CONNECTOR_GITHUB_APP_ID: String(APP_ID),
      CONNECTOR_GITHUB_APP_PRIVATE_KEY_FILE: privateKeyFile,
      CONNECTOR_GITHUB_API_URL: fakeUrl,
      ...(o.databaseUrl ? {CONNECTOR_DATABASE_URL: o.databaseUrl} : {})
    }
  })
}

/** Flux's notification-controller for `main`, posting signed events about `objects` to `c`. */
function fluxFor(world_: World, c: ConnectorProcess, objects: WebhookObject[], hold?: boolean): FluxWebhook {
  return startFluxWebhook(world_.fake, {
    owner: OWNER,
    repo: REPO,
    branch: 'main',
    connectorUrl: c.url,
    key: KEY,
    objects,
    hold
  })
}

/** A world whose fake GitHub takes only the action's token and the App's own credentials. */
async function setup(
  objects: WebhookObject[],
  o: {hold?: boolean} = {}
): Promise<{w: World; connector: ConnectorProcess; flux: FluxWebhook}> {
  w = await world({fake: {token: 'action-token', app: {id: APP_ID, publicKey}}})
  connector = await startConnector(w.fake.url)
  flux = fluxFor(w, connector, objects, o.hold)
  return {w, connector, flux}
}

/** A re-reconciliation after the watch ended: Flux reports the head again; the connector has acknowledged it. */
async function reportAgain(f: FluxWebhook, world: World): Promise<void> {
  await f.reportNow(world.head())
  expect(f.answers.at(-1)).toBe(202)
}

const inputs = (c: ConnectorProcess, extra: Record<string, string> = {}): Record<string, string> => ({
  images: `${PODINFO}:6.15.0`,
  paths: 'kustomize',
  strategy: 'push',
  wait: 'handoff',
  contexts: CONTEXT,
  'connector-url': c.url,
  'connector-token': WATCH_TOKEN,
  timeout: '60s',
  ...extra
})

async function until<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, ms = 30_000): Promise<T> {
  const end = Date.now() + ms
  for (;;) {
    const v = await probe()
    if (v !== undefined) return v
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`)
    await new Promise(r => setTimeout(r, 100))
  }
}

const dispatched = (world: World): Promise<DispatchRecord> =>
  until('a repository_dispatch', () => world.fake.app.dispatches[0])

async function getWatch(c: ConnectorProcess, id: string, token = READ_TOKEN): Promise<Record<string, unknown>> {
  const res = await fetch(`${c.url}/api/v1/watches/${id}`, {headers: {authorization: `Bearer ${token}`}})
  expect(res.status).toBe(200)
  return (await res.json()) as Record<string, unknown>
}

describe('wait: handoff', () => {
  it('exits right after the write; the connector dispatches gitops-promote.healthy once, with the payload', async () => {
    // Flux holds its reports until the action has exited, so the handoff is shown to free the runner before Flux.
    const {w, connector, flux} = await setup([{cluster: 'prod', name: 'apps'}], {hold: true})
    const run = await w.run(
      inputs(connector, {environment: 'staging', 'dispatch-payload': '{"service": "podinfo", "chain": ["prod"]}'}),
      {token: 'action-token'}
    )
    expect(run.code).toBe(0)
    expect(run.outputs).toMatchObject({result: 'handed-off', commit: w.head(), changed: 'true'})
    const watchId = run.outputs['watch-id'] as string
    expect(watchId).toMatch(/^w-[0-9a-f]+$/)
    expect(w.fake.app.dispatches).toEqual([])
    const deployment = w.fake.deployments(OWNER, 'app')[0]
    expect(deployment?.statuses.map(s => s.state)).toEqual(['in_progress'])
    flux.release()

    const d = await dispatched(w)
    expect(d).toMatchObject({owner: OWNER, repo: 'app', eventType: 'gitops-promote.healthy'})
    expect(d.clientPayload).toEqual({
      result: 'healthy',
      commit: w.head(),
      applied_revision: w.head(),
      images: `${PODINFO}:6.15.0`,
      environment: 'staging',
      watch_id: watchId,
      run_url: RUN_URL,
      message: expect.stringContaining(CONTEXT),
      payload: {service: 'podinfo', chain: ['prod']}
    })
    // Not before Flux's first healthy report ("Health check passed").
    const healthyAt = flux.sent.find(s => s.message.startsWith('Health check passed'))?.at ?? Infinity
    expect(d.at).toBeGreaterThanOrEqual(healthyAt)

    const watch = await until('the watch to finish', async () => {
      const v = await getWatch(connector, watchId)
      return v.status === 'done' ? v : undefined
    })
    expect(watch).toMatchObject({result: 'healthy', applied_revision: w.head(), dispatch_attempts: 1})
    expect(w.fake.deployments(OWNER, 'app')[0]?.statuses.map(s => s.state)).toEqual(['in_progress', 'success'])
    // Later Flux events (re-reconciliations) never dispatch again.
    await reportAgain(flux, w)
    await new Promise(r => setTimeout(r, 300))
    expect(w.fake.app.dispatches).toHaveLength(1)
    // One installation token for both repositories' calls, cached.
    expect(w.fake.app.issued).toHaveLength(1)
  })

  it("dispatches gitops-promote.failed with Flux's message when the health check fails past the grace", async () => {
    const {w, connector} = await setup([
      {
        cluster: 'prod',
        name: 'apps',
        delayMs: 300,
        script: [
          {
            severity: 'error',
            reason: 'HealthCheckFailed',
            message:
              "health check failed after 5m0s: timeout waiting for: [Deployment/apps/podinfo status: 'InProgress']"
          }
        ]
      }
    ])
    const run = await w.run(inputs(connector, {'failure-grace': '1s'}), {token: 'action-token'})
    expect(run.outputs.result).toBe('handed-off')
    const d = await dispatched(w)
    expect(d.eventType).toBe('gitops-promote.failed')
    expect(d.clientPayload).toMatchObject({result: 'failed', applied_revision: null, environment: null, payload: {}})
    expect(d.clientPayload.message).toContain("Deployment/apps/podinfo status: 'InProgress'")
    expect(d.clientPayload.message).toContain(CONTEXT)
  })

  it('dispatches gitops-promote.superseded when Flux only ever applied a later commit that changed the values', async () => {
    w = await world({fake: {token: 'action-token', app: {id: APP_ID, publicKey}}})
    connector = await startConnector(w.fake.url)
    const run = await w.run(inputs(connector), {token: 'action-token'})
    expect(run.outputs.result).toBe('handed-off')
    // Another pipeline pushes 6.16.0 before Flux fetched; Flux applies that commit only.
    flux = fluxFor(w, connector, [{cluster: 'prod', name: 'apps', delayMs: 100}])
    const path = 'kustomize/deployment.yaml'
    const text = w.file(path) as string
    expect(text).toContain(`${PODINFO}:6.15.0`)
    w.fake.commitFiles(OWNER, REPO, 'main', {[path]: text.replace(`${PODINFO}:6.15.0`, `${PODINFO}:6.16.0`)})
    const d = await dispatched(w)
    expect(d.eventType).toBe('gitops-promote.superseded')
    expect(d.clientPayload.message).toContain(`${path}:26 has ${PODINFO}:6.16.0 (this run wrote ${PODINFO}:6.15.0)`)
  })

  it('dispatches gitops-promote.timed-out when nothing reports before the deadline', async () => {
    const {w, connector} = await setup([])
    const run = await w.run(inputs(connector, {timeout: '2s'}), {token: 'action-token'})
    expect(run.outputs.result).toBe('handed-off')
    const d = await dispatched(w)
    expect(d.eventType).toBe('gitops-promote.timed-out')
    expect(d.clientPayload.message).toContain(`${CONTEXT}: no report yet`)
  })

  it('survives a SIGKILL after the watch is registered: the restarted connector still dispatches', async () => {
    const {w, connector: first, flux} = await setup([{cluster: 'prod', name: 'apps'}], {hold: true})
    const run = await w.run(inputs(first), {token: 'action-token'})
    expect(run.outputs.result).toBe('handed-off')
    await first.kill()
    connector = await startConnector(w.fake.url, {dataDir: first.dataDir, port: Number(new URL(first.url).port)})
    expect(connector.url).toBe(first.url)
    flux.release()
    const d = await dispatched(w)
    expect(d.eventType).toBe('gitops-promote.healthy')
    expect(d.clientPayload.watch_id).toBe(run.outputs['watch-id'])
    await reportAgain(flux, w)
    await new Promise(r => setTimeout(r, 300))
    expect(w.fake.app.dispatches).toHaveLength(1)
  })

  const itPg = ADMIN_URL ? it : it.skip
  itPg('on PostgreSQL: a replica SIGKILLed after the watch is registered, another one dispatches', async () => {
    const db = await createTestDatabase()
    try {
      w = await world({fake: {token: 'action-token', app: {id: APP_ID, publicKey}}})
      const first = await startConnector(w.fake.url, {databaseUrl: db.url})
      const run = await w.run(inputs(first), {token: 'action-token'})
      expect(run.outputs.result).toBe('handed-off')
      await first.kill()
      connector = await startConnector(w.fake.url, {databaseUrl: db.url})
      // Flux reports to the surviving replica.
      flux = fluxFor(w, connector, [{cluster: 'prod', name: 'apps', delayMs: 100}])
      w.fake.commitFiles(OWNER, REPO, 'main', {'README.md': 'later commit that Flux applies\n'})
      const d = await dispatched(w)
      expect(d.eventType).toBe('gitops-promote.healthy')
      expect(d.clientPayload.watch_id).toBe(run.outputs['watch-id'])
      expect(d.clientPayload.applied_revision).toBe(w.head())
      await connector.stop()
      connector = undefined
    } finally {
      await db.drop()
    }
  })

  it('keeps a decided dispatch across a SIGKILL while GitHub refuses it, and sends it after the restart', async () => {
    const {w, connector: first} = await setup([{cluster: 'prod', name: 'apps', delayMs: 300}])
    w.fake.faults.failNext('POST /repos/{owner}/{repo}/dispatches', 503, undefined, {times: 1000})
    const run = await w.run(inputs(first), {token: 'action-token'})
    const id = run.outputs['watch-id'] as string
    await until('a refused dispatch attempt', async () => {
      const v = await getWatch(first, id)
      return v.status === 'dispatching' && (v.dispatch_attempts as number) >= 1 ? v : undefined
    })
    await first.kill()
    w.fake.faults.clear()
    connector = await startConnector(w.fake.url, {dataDir: first.dataDir})
    const d = await dispatched(w)
    expect(d.eventType).toBe('gitops-promote.healthy')
    expect(d.clientPayload.watch_id).toBe(id)
  })

  it('retries a dispatch GitHub answers with 5xx until it is accepted', async () => {
    const {w, connector} = await setup([{cluster: 'prod', name: 'apps', delayMs: 300}])
    w.fake.faults.failNext('POST /repos/{owner}/{repo}/dispatches', 502, undefined, {times: 2})
    const run = await w.run(inputs(connector), {token: 'action-token'})
    const d = await dispatched(w)
    expect(d.eventType).toBe('gitops-promote.healthy')
    const attempts = w.fake.requests.filter(r => r.operation === 'POST /repos/{owner}/{repo}/dispatches')
    expect(attempts.map(r => r.status)).toEqual([502, 502, 204])
    const watch = await until('the watch to finish', async () => {
      const v = await getWatch(connector, run.outputs['watch-id'] as string, WATCH_TOKEN)
      return v.status === 'done' ? v : undefined
    })
    expect(watch.dispatch_attempts).toBe(3)
  })
})

describe('the watches API', () => {
  const valid = (): Record<string, unknown> => ({
    repository: 'acme/gitops',
    branch: 'main',
    commit: 'a'.repeat(40),
    contexts: [CONTEXT],
    healthy_description: 'reconciliation succeeded',
    failure_grace_seconds: 180,
    deadline: new Date(Date.now() + 600_000).toISOString(),
    soak_seconds: 0,
    images: [`${PODINFO}:6.15.0`],
    environment: null,
    deployment: null,
    run_url: RUN_URL,
    workflow_repository: 'acme/app',
    payload: {}
  })
  const post = (c: ConnectorProcess, body: unknown, token = WATCH_TOKEN): Promise<Response> =>
    fetch(`${c.url}/api/v1/watches`, {
      method: 'POST',
      headers: {authorization: `Bearer ${token}`, 'content-type': 'application/json'},
      body: typeof body === 'string' ? body : JSON.stringify(body)
    })

  it('refuses bad watch bodies with 400 naming the field', async () => {
    w = await world({fake: {app: {id: APP_ID, publicKey}}})
    connector = await startConnector(w.fake.url)
    const cases: [unknown, string][] = [
      ['{not json', 'body'],
      [[1, 2], 'body'],
      [{...valid(), commit: 'abc'}, 'commit'],
      [{...valid(), repository: 'no-slash'}, 'repository'],
      [{...valid(), contexts: []}, 'contexts'],
      [{...valid(), contexts: 'prod/*'}, 'contexts'],
      [{...valid(), failure_grace_seconds: -1}, 'failure_grace_seconds'],
      [{...valid(), deadline: 'tomorrow'}, 'deadline'],
      [{...valid(), payload: [1]}, 'payload'],
      [{...valid(), deployment: {repository: 'acme/app', id: 7}}, 'deployment'],
      [{...valid(), workflow_repository: undefined}, 'workflow_repository'],
      [{...valid(), surprise: true}, 'surprise']
    ]
    for (const [body, field] of cases) {
      const res = await post(connector, body)
      const answer = (await res.json()) as {error: string; field: string}
      expect([field, res.status, answer.field]).toEqual([field, 400, field])
      expect(answer.error).toContain(field)
    }
    // A valid body is stored; the same run posting it again gets the same watch.
    const first = await post(connector, valid())
    const again = await post(connector, valid())
    expect([first.status, again.status]).toEqual([201, 200])
    expect(((await again.json()) as {id: string}).id).toBe(((await first.json()) as {id: string}).id)
  })

  it('answers 401 to a wrong token, and a read token cannot register a watch', async () => {
    w = await world({fake: {app: {id: APP_ID, publicKey}}})
    connector = await startConnector(w.fake.url)
    expect((await post(connector, valid(), 'wrong')).status).toBe(401)
    expect((await post(connector, valid(), READ_TOKEN)).status).toBe(401)
    const res = await fetch(`${connector.url}/api/v1/watches/w-00`, {headers: {authorization: 'Bearer wrong'}})
    expect(res.status).toBe(401)
  })

  it('the action fails before writing anything when the connector refuses its token', async () => {
    w = await world({fake: {app: {id: APP_ID, publicKey}}})
    connector = await startConnector(w.fake.url)
    const run = await w.run(inputs(connector, {'connector-token': 'wrong', environment: 'staging'}))
    expect(run.code).toBe(1)
    expect(run.outputs.result).toBe('failed')
    expect(run.errors.join('\n')).toContain('connector-token')
    expect(w.fake.writes()).toEqual([])
  })

  it('the action refuses a dispatch-payload that is not a JSON object, writing nothing', async () => {
    w = await world()
    const run = await w.run({
      images: `${PODINFO}:6.15.0`,
      paths: 'kustomize',
      wait: 'handoff',
      'connector-url': 'http://127.0.0.1:9',
      'connector-token': WATCH_TOKEN,
      'dispatch-payload': '["not", "an object"]'
    })
    expect(run.code).toBe(1)
    expect(run.errors.join('\n')).toContain("Input 'dispatch-payload' must be a JSON object")
    expect(w.fake.writes()).toEqual([])
  })
})

describe('wait: handoff with charts', () => {
  it('hands the charts to the connector, which takes the watch (files written by charts only) and dispatches healthy', async () => {
    w = await world({
      files: fixtureFiles('flux2-kustomize-helm-example'),
      fake: {token: 'action-token', app: {id: APP_ID, publicKey}}
    })
    connector = await startConnector(w.fake.url)
    flux = fluxFor(w, connector, [{cluster: 'prod', name: 'apps'}])
    const run = await w.run(
      inputs(connector, {images: '', charts: 'podinfo=6.5.0', paths: 'apps/production\napps/base'}),
      {token: 'action-token'}
    )
    expect(run.code).toBe(0)
    expect(run.outputs).toMatchObject({result: 'handed-off', charts: 'podinfo=6.5.0'})
    const d = await dispatched(w)
    expect(d.eventType).toBe('gitops-promote.healthy')
    const watch = await getWatch(connector, run.outputs['watch-id'] as string)
    expect(watch).toMatchObject({charts: ['podinfo=6.5.0'], images: []})
  })
})
