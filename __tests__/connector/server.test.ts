import {afterEach, beforeEach, describe, expect, it} from '@jest/globals'
import {request} from 'node:http'
import {connect} from 'node:net'
import {parseWait} from '../../src/connector/server.js'
import {sign} from '../../src/connector/signature.js'
import {FLUX_TEST_KEY, PAYLOADS} from './payloads.js'
import {
  READ_TOKEN,
  READ_TOKEN_2,
  SECOND_KEY,
  SHA_A,
  SHA_B,
  fluxEvent,
  http,
  postEvent,
  readObjects,
  startTestConnector
} from './util.js'
import type {TestConnector} from './util.js'

let c: TestConnector
beforeEach(async () => {
  c = await startTestConnector({maxBodyBytes: 4096})
})
afterEach(async () => {
  await c.dispose()
})

function postRaw(body: string | Buffer, headers: Record<string, string>) {
  return http('POST', `${c.url}/api/v1/flux/events`, {headers: {'content-type': 'application/json', ...headers}, body})
}

describe('POST /api/v1/flux/events: signatures', () => {
  it.each(Object.entries(PAYLOADS))('stores %s sent with its documented signature', async (_name, p) => {
    const res = await postRaw(p.body, {'x-signature': p.signature})
    expect(res.status).toBe(202)
    expect(JSON.parse(res.body)).toMatchObject({stored: true, seq: 1, version: 1, result: 'changed'})
  })

  it('answers 401 to a missing, malformed or wrong signature, and to one changed byte', async () => {
    const p = PAYLOADS['kustomization-succeeded']!
    expect((await postRaw(p.body, {})).status).toBe(401)
    expect((await postRaw(p.body, {'x-signature': 'sha256'})).status).toBe(401)
    expect((await postRaw(p.body, {'x-signature': sign(p.body, 'not-a-key')})).status).toBe(401)
    const changed = p.body.replace('"apps"', '"appz"')
    expect((await postRaw(changed, {'x-signature': p.signature})).status).toBe(401)
    expect((await readObjects(c.url)).version).toBe(0)
    const metrics = (await http('GET', `${c.url}/metrics`)).body
    expect(metrics).toContain('connector_events_rejected_total{reason="signature_missing"} 1')
    expect(metrics).toContain('connector_events_rejected_total{reason="signature_mismatch"} 2')
  })

  it('accepts the second (rotated) key', async () => {
    const res = await postEvent(c.url, fluxEvent(), SECOND_KEY)
    expect(res.status).toBe(202)
  })
})

describe('POST /api/v1/flux/events: body checks', () => {
  it('answers 413 to a body over the limit, by Content-Length, without storing it', async () => {
    const body = fluxEvent({message: 'x'.repeat(8192)})
    const res = await postRaw(body, {'x-signature': sign(body, FLUX_TEST_KEY)})
    expect(res.status).toBe(413)
    expect(res.body).toContain('4096')
    expect((await readObjects(c.url)).version).toBe(0)
  })

  it('answers 413 to a chunked body once it passes the limit', async () => {
    const port = new URL(c.url).port
    const answer = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(port), '127.0.0.1')
      let text = ''
      socket.on('data', d => (text += d.toString()))
      socket.on('close', () => resolve(text))
      socket.on('error', err => (text ? resolve(text) : reject(err)))
      const chunk = 'a'.repeat(5000)
      socket.write(
        `POST /api/v1/flux/events HTTP/1.1\r\nHost: x\r\nX-Signature: sha256=${'0'.repeat(64)}\r\n` +
          `Transfer-Encoding: chunked\r\n\r\n${chunk.length.toString(16)}\r\n${chunk}\r\n`
      )
      // No terminating chunk: the server must answer and close without waiting for the rest.
    })
    expect(answer).toMatch(/^HTTP\/1.1 413/)
  })

  it('answers 400 to malformed JSON and to events missing required fields', async () => {
    for (const [body, needle] of [
      ['{"involvedObject":', 'not valid JSON'],
      ['[1,2]', 'JSON object'],
      [fluxEvent().replace('"kind":"Kustomization",', ''), 'involvedObject.kind'],
      [fluxEvent().replace('"name":"apps",', ''), 'involvedObject.name'],
      [fluxEvent().replace('"reason":"ReconciliationSucceeded",', ''), 'reason'],
      [fluxEvent().replace('"timestamp":"2026-08-07T10:15:40Z",', ''), 'timestamp']
    ] as const) {
      const res = await postRaw(body, {'x-signature': sign(body, FLUX_TEST_KEY)})
      expect(res.status).toBe(400)
      expect(JSON.parse(res.body).error).toContain(needle)
    }
  })
})

describe('state rules', () => {
  const key = {cluster: 'staging', kind: 'Kustomization', namespace: 'flux-system', name: 'apps'}

  it('keeps the newer state when an older event arrives later, and records the old one', async () => {
    const newer = fluxEvent({
      timestamp: '2026-08-07T10:20:00Z',
      metadata: {cluster: 'staging', revision: `main@sha1:${SHA_B}`}
    })
    const older = fluxEvent({
      timestamp: '2026-08-07T10:15:00Z',
      severity: 'error',
      reason: 'HealthCheckFailed',
      message: 'health check failed'
    })
    expect((await postEvent(c.url, newer)).status).toBe(202)
    const stale = await postEvent(c.url, older)
    expect(stale.status).toBe(202)
    expect(JSON.parse(stale.body)).toMatchObject({result: 'stale', version: 1, seq: 2})
    const state = await readObjects(c.url)
    expect(state.version).toBe(1)
    expect(state.objects).toEqual([
      {
        ...key,
        revision: `main@sha1:${SHA_B}`,
        commit: SHA_B,
        state: 'healthy',
        reason: 'ReconciliationSucceeded',
        message: 'Reconciliation finished in 1s, next run in 10m0s',
        updatedAt: '2026-08-07T10:20:00.000Z'
      }
    ])
  })

  it('treats duplicates (retries) as harmless: one version, one object', async () => {
    const body = PAYLOADS['kustomization-succeeded']!
    for (let i = 0; i < 3; i++) expect((await postRaw(body.body, {'x-signature': body.signature})).status).toBe(202)
    const state = await readObjects(c.url)
    expect(state.version).toBe(1)
    expect(state.objects).toHaveLength(1)
  })

  it('does not let a same-second Progressing demote healthy for the same revision (README 5.7)', async () => {
    const passed = PAYLOADS['kustomization-healthcheck-passed']!
    const succeeded = PAYLOADS['kustomization-succeeded']!
    await postRaw(succeeded.body, {'x-signature': succeeded.signature})
    const progressing = fluxEvent({reason: 'Progressing', message: 'Deployment/podinfo/podinfo configured'})
    expect(JSON.parse((await postEvent(c.url, progressing)).body).result).toBe('stale')
    // Health check passed (same second) is healthy too: arrival order applies and it stays healthy.
    await postRaw(passed.body, {'x-signature': passed.signature})
    const state = await readObjects(c.url)
    expect(state.objects[0]).toMatchObject({state: 'healthy', reason: 'Progressing'})
  })

  it('a later failure replaces healthy; a later success heals it', async () => {
    const failed = PAYLOADS['kustomization-healthcheck-failed']!
    const succeeded = PAYLOADS['kustomization-succeeded']!
    await postRaw(succeeded.body, {'x-signature': succeeded.signature})
    await postRaw(failed.body, {'x-signature': failed.signature})
    expect((await readObjects(c.url)).objects[0]!.state).toBe('failed')
    await postEvent(c.url, fluxEvent({timestamp: '2026-08-07T10:30:00Z'}))
    expect((await readObjects(c.url)).objects[0]!.state).toBe('healthy')
  })

  it('keeps objects apart by cluster, kind, namespace and name', async () => {
    await postEvent(c.url, fluxEvent({metadata: {cluster: 'prod-eu', revision: `main@sha1:${SHA_A}`}}))
    await postEvent(c.url, fluxEvent({metadata: {cluster: 'prod-us', revision: `main@sha1:${SHA_A}`}}))
    await postEvent(c.url, fluxEvent({name: 'infra'}))
    await postEvent(c.url, fluxEvent({namespace: 'team-a'}))
    const state = await readObjects(c.url)
    expect(state.objects.map(o => `${o.cluster}/${o.kind}/${o.namespace}/${o.name}`)).toEqual([
      'prod-eu/Kustomization/flux-system/apps',
      'prod-us/Kustomization/flux-system/apps',
      'staging/Kustomization/flux-system/infra',
      'staging/Kustomization/team-a/apps'
    ])
    expect(state.version).toBe(4)
  })
})

describe('GET /api/v1/objects', () => {
  it('requires a valid bearer token', async () => {
    const url = `${c.url}/api/v1/objects`
    expect((await http('GET', url)).status).toBe(401)
    expect((await http('GET', url, {headers: {authorization: 'Bearer nope'}})).status).toBe(401)
    expect((await http('GET', url, {headers: {authorization: `Basic ${READ_TOKEN}`}})).status).toBe(401)
    const ok = await http('GET', url, {headers: {authorization: `Bearer ${READ_TOKEN}`}})
    expect(ok.status).toBe(200)
    expect(JSON.parse(ok.body)).toEqual({version: 0, objects: []})
    expect((await http('GET', url, {headers: {authorization: `Bearer ${READ_TOKEN_2}`}})).status).toBe(200)
  })

  it('rejects unreadable since/wait', async () => {
    const h = {headers: {authorization: `Bearer ${READ_TOKEN}`}}
    expect((await http('GET', `${c.url}/api/v1/objects?since=-1`, h)).status).toBe(400)
    expect((await http('GET', `${c.url}/api/v1/objects?since=0&wait=soon`, h)).status).toBe(400)
  })

  it('answers at once when the version is past since', async () => {
    await postEvent(c.url, fluxEvent())
    const t0 = Date.now()
    const state = await readObjects(c.url, '?since=0&wait=30s')
    expect(state.version).toBe(1)
    expect(Date.now() - t0).toBeLessThan(1000)
  })

  it('holds a read until a change arrives, then answers every waiter', async () => {
    const waiters = Array.from({length: 20}, () => readObjects(c.url, '?since=0&wait=30s'))
    await waitFor(() => c.server.waiterCount === 20)
    expect((await http('GET', `${c.url}/metrics`)).body).toContain('connector_waiters 20')
    const t0 = Date.now()
    await postEvent(c.url, fluxEvent())
    const answers = await Promise.all(waiters)
    expect(Date.now() - t0).toBeLessThan(2000)
    for (const a of answers) expect(a.version).toBe(1)
    expect(c.server.waiterCount).toBe(0)
  })

  it('answers the unchanged state after wait', async () => {
    await postEvent(c.url, fluxEvent())
    const t0 = Date.now()
    const state = await readObjects(c.url, '?since=1&wait=300ms')
    const took = Date.now() - t0
    expect(state.version).toBe(1)
    expect(took).toBeGreaterThanOrEqual(250)
    expect(took).toBeLessThan(3000)
  })

  it('does not wake waiters for a duplicate', async () => {
    const body = fluxEvent()
    await postEvent(c.url, body)
    const pending = readObjects(c.url, '?since=1&wait=400ms')
    await waitFor(() => c.server.waiterCount === 1)
    await postEvent(c.url, body)
    expect(c.server.waiterCount).toBe(1)
    expect((await pending).version).toBe(1)
  })

  it('forgets a waiter whose client went away', async () => {
    const req = request(`${c.url}/api/v1/objects?since=0&wait=30s`, {
      headers: {authorization: `Bearer ${READ_TOKEN}`},
      agent: false
    })
    req.on('error', () => undefined)
    req.end()
    await waitFor(() => c.server.waiterCount === 1)
    req.destroy()
    await waitFor(() => c.server.waiterCount === 0)
    expect((await http('GET', `${c.url}/metrics`)).body).toContain('connector_waiters 0')
  })

  it('answers a since from the future at once (a reader of a connector that lost its data)', async () => {
    const t0 = Date.now()
    expect((await readObjects(c.url, '?since=99&wait=30s')).version).toBe(0)
    expect(Date.now() - t0).toBeLessThan(1000)
  })
})

describe('other endpoints', () => {
  it('serves /healthz, /metrics, 404 and 405', async () => {
    const health = await http('GET', `${c.url}/healthz`)
    expect(health.status).toBe(200)
    expect(health.body).toBe('ok\n')
    await postEvent(c.url, fluxEvent())
    const metrics = await http('GET', `${c.url}/metrics`)
    expect(metrics.status).toBe(200)
    expect(metrics.headers['content-type']).toContain('text/plain')
    for (const name of [
      'connector_events_received_total{result="changed"} 1',
      'connector_events_rejected_total',
      'connector_store_fsync_seconds_bucket',
      'connector_waiters 0',
      'connector_wake_seconds_bucket',
      'connector_objects 1',
      'connector_state_version 1'
    ]) {
      expect(metrics.body).toContain(name)
    }
    expect((await http('GET', `${c.url}/nope`)).status).toBe(404)
    expect((await http('GET', `${c.url}/api/v1/flux/events`)).status).toBe(405)
  })
})

describe('parseWait', () => {
  it.each([
    ['25s', 25000],
    ['500ms', 500],
    ['25', 25000],
    ['0.5', 500],
    ['1m', 60000],
    ['0', 0],
    ['x', null],
    ['-1s', null],
    ['5h', null]
  ])('%s -> %s', (text, ms) => {
    expect(parseWait(text)).toBe(ms)
  })
})

async function waitFor(cond: () => boolean, timeoutMs = 5000): Promise<void> {
  const t0 = Date.now()
  while (!cond()) {
    if (Date.now() - t0 > timeoutMs) throw new Error('condition not met in time')
    await new Promise(r => setTimeout(r, 5))
  }
}
