// The action's client (src/wait/connector-source.ts) against a real in-process connector.
import {afterEach, beforeEach, describe, expect, it} from '@jest/globals'
import {createServer} from 'node:http'
import type {AddressInfo} from 'node:net'
import {createConnectorSource} from '../../../src/action/wait/connector-source.js'
import {PAYLOADS} from '../../connector/payloads.js'
import {READ_TOKEN, SHA_A, SHA_B, fluxEvent, http, postEvent, startTestConnector} from '../../connector/util.js'
import type {TestConnector} from '../../connector/util.js'

let c: TestConnector
beforeEach(async () => {
  c = await startTestConnector()
})
afterEach(async () => {
  await c.dispose()
})

const evidence = {
  ancestry: async () => ({commits: [SHA_A, SHA_B], touched: new Set<string>()}),
  superseded: async () => new Map(),
  inHistory: async () => false
}

async function postPayload(name: string): Promise<void> {
  const p = PAYLOADS[name]!
  const res = await http('POST', `${c.url}/api/v1/flux/events`, {headers: {'x-signature': p.signature}, body: p.body})
  expect(res.status).toBe(202)
}

describe('createConnectorSource', () => {
  it('maps objects to reports and skips objects without a commit', async () => {
    await postPayload('kustomization-succeeded')
    await postPayload('helmrelease-upgrade-succeeded') // chart version: no commit
    await postEvent(
      c.url,
      fluxEvent({
        name: 'infra',
        severity: 'error',
        reason: 'HealthCheckFailed',
        message: 'timeout',
        metadata: {cluster: 'prod', revision: `main@sha1:${SHA_B}`}
      })
    )
    await postEvent(c.url, fluxEvent({name: 'web', reason: 'DependencyNotReady', message: 'deps'}))
    const source = createConnectorSource({url: `${c.url}/`, token: READ_TOKEN, evidence})
    expect(source.longPoll).toBe(true)
    const snap = await source.read(1000)
    expect(snap.commits).toEqual([SHA_A, SHA_B])
    expect(snap.reports).toEqual([
      {
        context: 'prod/Kustomization/flux-system/infra',
        state: 'failure',
        description: 'HealthCheckFailed: timeout',
        commit: SHA_B,
        at: Date.parse('2026-08-07T10:15:40Z'),
        source: 'connector'
      },
      {
        context: 'staging/Kustomization/flux-system/apps',
        state: 'success',
        description: 'ReconciliationSucceeded: Reconciliation finished in 19.316470832s, next run in 10m0s',
        commit: SHA_A,
        at: Date.parse('2026-08-07T10:15:40Z'),
        source: 'connector'
      },
      expect.objectContaining({context: 'staging/Kustomization/flux-system/web', state: 'pending'})
    ])
  })

  it('uses the ExternalArtifact originRevision commit', async () => {
    await postPayload('kustomization-succeeded-externalartifact')
    const snap = await createConnectorSource({url: c.url, token: READ_TOKEN, evidence}).read(0)
    expect(snap.reports).toEqual([expect.objectContaining({commit: SHA_A, state: 'success'})])
  })

  it('counts a HelmRelease for the written charts only at a written chart version', async () => {
    await postEvent(
      c.url,
      fluxEvent({
        kind: 'HelmRelease',
        namespace: 'podinfo',
        name: 'podinfo',
        message: 'Helm upgrade succeeded for release podinfo/podinfo.v3 with chart podinfo@6.9.1',
        metadata: {cluster: 'prod', revision: '6.9.1', originRevision: `main@sha1:${SHA_A}`}
      })
    )
    const state = async (charts: string[]): Promise<string | undefined> =>
      (await createConnectorSource({url: c.url, token: READ_TOKEN, evidence, charts}).read(0)).reports[0]?.state
    expect(await state(['podinfo=6.9.2'])).toBe('pending')
    expect(await state(['podinfo=6.9.1'])).toBe('success')
    expect(await state([])).toBe('success')
  })

  it('filters by patterns when given', async () => {
    await postEvent(c.url, fluxEvent({metadata: {cluster: 'prod-eu', revision: SHA_A}}))
    await postEvent(c.url, fluxEvent({metadata: {cluster: 'dev', revision: SHA_A}}))
    const source = createConnectorSource({url: c.url, token: READ_TOKEN, evidence, patterns: ['prod-*']})
    expect((await source.read(0)).reports.map(r => r.context)).toEqual(['prod-eu/Kustomization/flux-system/apps'])
  })

  it('long-polls: the second read waits for a change and returns it', async () => {
    const source = createConnectorSource({url: c.url, token: READ_TOKEN, evidence})
    expect((await source.read(5000)).reports).toEqual([])
    const t0 = Date.now()
    const next = source.read(20_000)
    await new Promise(r => setTimeout(r, 150))
    expect(c.server.waiterCount).toBe(1)
    await postPayload('kustomization-healthcheck-passed')
    const snap = await next
    expect(Date.now() - t0).toBeLessThan(5000)
    expect(snap.reports).toEqual([expect.objectContaining({state: 'success', commit: SHA_A})])
  })

  it('a held read without a change returns the same state after maxWaitMs', async () => {
    await postPayload('kustomization-progressing')
    const source = createConnectorSource({url: c.url, token: READ_TOKEN, evidence})
    await source.read(0)
    const t0 = Date.now()
    const snap = await source.read(300)
    expect(Date.now() - t0).toBeGreaterThanOrEqual(250)
    expect(snap.reports).toEqual([expect.objectContaining({state: 'pending'})])
  })

  it('throws a retryable "unreachable" error when the connector is down', async () => {
    const url = c.url
    await c.dispose()
    c = await startTestConnector() // for afterEach
    const source = createConnectorSource({url, token: READ_TOKEN, evidence})
    const err = await source.read(100).catch((e: unknown) => e as Error & {fatal?: boolean})
    expect(err).toBeInstanceOf(Error)
    expect((err as Error).message).toContain(`connector at ${url} is unreachable`)
    expect((err as {fatal?: boolean}).fatal).toBeUndefined()
  })

  it('treats a 5xx as unreachable (retryable) and recovers on the next read', async () => {
    let fail = true
    const proxy = createServer((req, res) => {
      if (fail) {
        res.writeHead(502).end('bad gateway')
        return
      }
      res.writeHead(200, {'content-type': 'application/json'}).end('{"version":3,"objects":[]}')
    })
    await new Promise<void>(r => proxy.listen(0, '127.0.0.1', r))
    const url = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`
    const logs: string[] = []
    const source = createConnectorSource({url, token: READ_TOKEN, evidence, log: m => logs.push(m)})
    await expect(source.read(0)).rejects.toThrow('is unreachable: HTTP 502')
    fail = false
    expect((await source.read(0)).reports).toEqual([])
    expect(logs.join('\n')).toContain('reachable again')
    await new Promise(r => proxy.close(r))
  })

  it('fails fatally on a rejected token', async () => {
    const source = createConnectorSource({url: c.url, token: 'wrong', evidence})
    const err = (await source.read(0).catch((e: unknown) => e)) as Error & {fatal?: boolean}
    expect(err.message).toContain('rejected connector-token (HTTP 401)')
    expect(err.fatal).toBe(true)
  })
})
