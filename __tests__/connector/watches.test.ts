// Handoff watches, pure parts and the file store: body validation, the verdict with deadline and soak, the
// dispatched event's shape, retry delays, and durability across reopen.
import {describe, expect, it} from '@jest/globals'
import {mkdtempSync, readFileSync, rmSync, writeFileSync, appendFileSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {parseWatchSpec, type Watch, type WatchSpec} from '../../src/connector/watches/spec.js'
import {decide, reportsFor} from '../../src/connector/watches/decide.js'
import {deploymentStatusBody, dispatchBody, retryDelayMs} from '../../src/connector/watches/dispatch.js'
import {FileWatchStore, newWatch, watchKey} from '../../src/connector/watches/store.js'
import type {ConnectorObject} from '../../src/connector/events.js'
import type {Report, Snapshot} from '../../src/core/rollout/types.js'

const C = 'c'.repeat(40)
const D = 'd'.repeat(40)
const T0 = Date.parse('2026-11-29T10:00:00Z')
const s = (n: number): number => T0 + n * 1000
const APPS = 'prod/Kustomization/flux-system/apps'

const wire = (extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  repository: 'acme/gitops',
  branch: 'main',
  commit: C,
  contexts: [APPS],
  healthy_description: 'reconciliation succeeded',
  failure_grace_seconds: 60,
  deadline: new Date(s(900)).toISOString(),
  soak_seconds: 0,
  images: ['ghcr.io/acme/api:1.4.2'],
  written: [{path: 'apps/prod/api.yaml', images: ['ghcr.io/acme/api:1.4.2']}],
  environment: 'prod',
  deployment: {repository: 'acme/app', id: 17},
  run_url: 'https://github.com/acme/app/actions/runs/1/attempts/2',
  workflow_repository: 'acme/app',
  payload: {service: 'api'},
  ...extra
})

function spec(extra: Record<string, unknown> = {}): WatchSpec {
  const r = parseWatchSpec(wire(extra))
  if (!r.ok) throw new Error(r.error)
  return r.spec
}

const report = (commit: string, at: number, state: Report['state'] = 'success'): Report => ({
  context: APPS,
  state,
  description:
    state === 'failure' ? 'HealthCheckFailed: timeout waiting for Deployment/apps/api' : 'ReconciliationSucceeded',
  commit,
  at: s(at),
  source: 'connector'
})
const snap = (...reports: Report[]): Snapshot => ({commits: [C, D], reports})

describe('parseWatchSpec', () => {
  it('reads a full body into durations in ms and a deadline', () => {
    // The quiet interval comes with the watch (the action's poll interval); older watches get 10 s.
    expect([spec().quietMs, spec({quiet_ms: 50}).quietMs]).toEqual([10_000, 50])
    const r = spec({soak_seconds: 120})
    expect(r).toMatchObject({
      repository: 'acme/gitops',
      failureGraceMs: 60_000,
      soakMs: 120_000,
      deadline: s(900),
      deployment: {repository: 'acme/app', id: 17},
      payload: {service: 'api'}
    })
  })

  it('names the first bad field', () => {
    const bad: [Record<string, unknown>, string][] = [
      [{branch: ''}, 'branch'],
      [{contexts: ['']}, 'contexts'],
      [{contexts: [APPS, `${'*a'.repeat(128)}*b`]}, 'contexts'], // 257 characters: never truncated
      [{healthy_description: 'x'.repeat(257)}, 'healthy_description'],
      [{soak_seconds: 1.5}, 'soak_seconds'],
      [{quiet_ms: -1}, 'quiet_ms'],
      [{quiet_ms: '10s'}, 'quiet_ms'],
      [{images: [1]}, 'images'],
      [{written: [{path: 'a.yaml'}]}, 'written'],
      [{environment: ''}, 'environment'],
      [{environment: null}, 'deployment'],
      [{run_url: 'javascript:alert(1)'}, 'run_url'],
      [{payload: {big: 'x'.repeat(40_000)}}, 'payload']
    ]
    for (const [extra, field] of bad) {
      const r = parseWatchSpec(wire(extra))
      expect([field, r.ok ? 'ok' : r.field]).toEqual([field, field])
    }
  })
})

describe('decide', () => {
  it('is healthy on a healthy report on C or a descendant, naming the applied revision', () => {
    const d = decide(spec(), snap(report(D, 10)), s(11))
    expect(d).toMatchObject({status: 'healthy', appliedRevision: D})
  })

  it('fails only once a failure has stood past the grace, remembering when the streak began', () => {
    const first = decide(spec(), snap(report(C, 10, 'failure')), s(20))
    expect(first.status).toBe('pending')
    const memory = first.status === 'pending' ? first.memory : {}
    expect(memory.failingSince).toEqual({[APPS]: s(10)})
    // Flux re-posts the failure on every retry: the grace still counts from the first one.
    const later = decide(spec(), snap(report(C, 65, 'failure')), s(71), memory)
    expect(later.status).toBe('failed')
    if (later.status !== 'pending') expect(later.message).toContain('timeout waiting for Deployment/apps/api')
  })

  it('times out at the deadline naming what is still missing', () => {
    const d = decide(spec(), snap(), s(900))
    expect(d.status).toBe('timed-out')
    if (d.status !== 'pending') expect(d.message).toMatch(/^Timed out at 2026-11-29T10:15:00.000Z/)
  })

  it('soaks: healthy only after the window, failed when a failure outlasts the grace inside it', () => {
    const soak = spec({soak_seconds: 300})
    const start = decide(soak, snap(report(C, 10)), s(10))
    expect(start).toMatchObject({status: 'pending', memory: {healthySince: s(10)}})
    const memory = start.status === 'pending' ? start.memory : {}
    expect(decide(soak, snap(report(C, 10)), s(200), memory).status).toBe('pending')
    expect(decide(soak, snap(report(C, 10)), s(310), memory).status).toBe('healthy')
    expect(decide(soak, snap(report(C, 250, 'failure')), s(311), memory).status).toBe('failed')
  })

  it('is superseded when the newest report is on a commit that changed the written values', () => {
    const snapshot: Snapshot = {
      ...snap(report(D, 10)),
      superseded: new Map([[D, {commit: D, file: 'apps/prod/api.yaml', line: 9, value: '1.4.3', wrote: '1.4.2'}]])
    }
    const d = decide(spec(), snapshot, s(11))
    expect(d.status).toBe('superseded')
    if (d.status !== 'pending') expect(d.message).toContain('apps/prod/api.yaml:9 has 1.4.3 (this run wrote 1.4.2)')
  })

  it('reads connector objects matching the patterns as reports', () => {
    const o = (cluster: string, commit: string | null): ConnectorObject => ({
      cluster,
      kind: 'Kustomization',
      namespace: 'flux-system',
      name: 'apps',
      revision: commit ? `main@sha1:${commit}` : 'sha256:abc',
      commit,
      state: 'healthy',
      reason: 'ReconciliationSucceeded',
      message: '',
      updatedAt: new Date(s(5)).toISOString()
    })
    const reports = reportsFor([o('prod', C), o('staging', C), o('prod-eu', null)], ['prod/*', 'prod-eu/*'])
    expect(reports.map(r => r.context)).toEqual([APPS])
  })
})

describe('the dispatched event', () => {
  const decided = (result: Watch['result'], message = 'm'): Watch => ({
    ...newWatch(spec(), s(0)),
    status: 'dispatching',
    result,
    message,
    ...(result === 'healthy' ? {appliedRevision: D} : {})
  })

  it('has event type gitops-promote.<result> and at most 10 payload keys', () => {
    const body = dispatchBody(decided('healthy'))
    expect(body.event_type).toBe('gitops-promote.healthy')
    expect(Object.keys(body.client_payload).sort()).toEqual(
      [
        'applied_revision',
        'commit',
        'environment',
        'images',
        'message',
        'payload',
        'result',
        'run_url',
        'watch_id'
      ].sort()
    )
    expect(body.client_payload).toMatchObject({
      applied_revision: D,
      images: 'ghcr.io/acme/api:1.4.2',
      payload: {service: 'api'}
    })
    expect(dispatchBody(decided('timed-out')).event_type).toBe('gitops-promote.timed-out')
  })

  it('bounds long messages and deployment descriptions', () => {
    const w = decided('failed', 'x'.repeat(10_000))
    expect(dispatchBody(w).client_payload.message.length).toBe(2000)
    expect(deploymentStatusBody(w)).toMatchObject({state: 'failure', environment: 'prod'})
    expect(deploymentStatusBody(w).description.length).toBe(140)
    expect(deploymentStatusBody(decided('healthy')).state).toBe('success')
  })

  it('backs off exponentially up to a minute', () => {
    const mid = (): number => 0.5
    expect([1, 2, 3, 8, 20].map(n => retryDelayMs(n, mid))).toEqual([500, 1000, 2000, 60_000, 60_000])
  })
})

describe('FileWatchStore', () => {
  // The store's clock: a minute after the watches below were made.
  const clock = (): number => s(60)

  it('keeps watches across a reopen, answers a repeated registration with the same open watch', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'watches-'))
    try {
      const store = await FileWatchStore.open(dir, {clock})
      const a = await store.create(spec(), s(0))
      const again = await store.create(spec({run_url: 'https://github.com/acme/app/actions/runs/1/attempts/3'}), s(1))
      expect([a.created, again.created, again.watch.id]).toEqual([true, false, a.watch.id])
      const other = await store.create(spec({commit: D}), s(2))
      expect(other.created).toBe(true)
      await store.put({...a.watch, status: 'done', result: 'healthy', dispatch: {attempts: 1, sentAt: s(3)}})
      await store.close()
      // A crash mid-append leaves a torn last line: it was never acknowledged, so it is dropped.
      appendFileSync(join(dir, 'watches.log'), '{"id":"w-torn","st')

      const reopened = await FileWatchStore.open(dir, {clock})
      expect((await reopened.open()).map(w => w.id)).toEqual([other.watch.id])
      expect(await reopened.get(a.watch.id)).toMatchObject({status: 'done', result: 'healthy'})
      // Finished: the same run registering again starts a new watch.
      expect((await reopened.create(spec(), s(4))).created).toBe(true)
      await reopened.close()
      expect(readFileSync(join(dir, 'watches.log'), 'utf8')).not.toContain('w-torn')
    } finally {
      rmSync(dir, {recursive: true, force: true})
    }
  })

  it('drops a finished watch on a reopen 7 days after its dispatch, never an open one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'watches-'))
    const DAYS_7 = 7 * 24 * 3600_000
    try {
      const store = await FileWatchStore.open(dir, {clock})
      const done = (await store.create(spec(), s(0))).watch
      const open = (await store.create(spec({commit: D}), s(0))).watch
      await store.put({...done, status: 'done', result: 'healthy', dispatch: {attempts: 1, sentAt: s(3)}})
      await store.close()

      const week = await FileWatchStore.open(dir, {clock: () => s(3) + DAYS_7})
      expect(await week.get(done.id)).toMatchObject({status: 'done'})
      await week.close()
      const later = await FileWatchStore.open(dir, {clock: () => s(3) + DAYS_7 + 1})
      expect(await later.get(done.id)).toBeUndefined()
      expect((await later.open()).map(w => w.id)).toEqual([open.id])
      await later.close()
    } finally {
      rmSync(dir, {recursive: true, force: true})
    }
  })

  it('refuses a log corrupted before its last line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'watches-'))
    try {
      const w = newWatch(spec(), s(0))
      writeFileSync(join(dir, 'watches.log'), `garbage\n${JSON.stringify(w)}\n`)
      await expect(FileWatchStore.open(dir, {clock})).rejects.toThrow()
    } finally {
      rmSync(dir, {recursive: true, force: true})
    }
  })

  it('keys a watch by run (not attempt), repository, branch, commit and contexts', () => {
    expect(watchKey(spec())).toBe(watchKey(spec({run_url: 'https://github.com/acme/app/actions/runs/1/attempts/9'})))
    expect(watchKey(spec())).not.toBe(watchKey(spec({contexts: ['prod/*']})))
  })
})
