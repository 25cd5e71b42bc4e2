// The watch engine's scheduling: watches are judged a bounded few at a time, so one slow repository does not hold
// up every other watch. GitHub is a recording stand-in; the engine, the decision and the store are the real ones.
import {afterEach, beforeEach, describe, expect, it} from '@jest/globals'
import {mkdtempSync, rmSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {WATCH_CONCURRENCY, WatchEngine, type WatchEvidence} from '../../src/connector/watches/engine.js'
import {parseWatchSpec, type WatchSpec} from '../../src/connector/watches/spec.js'
import {FileWatchStore} from '../../src/connector/watches/store.js'
import type {GitHubApi} from '../../src/connector/github-app.js'

const T0 = Date.parse('2026-11-29T10:00:00Z')

function spec(n: number): WatchSpec {
  const r = parseWatchSpec({
    repository: 'acme/gitops',
    branch: 'main',
    commit: n.toString(16).padStart(40, '0'),
    contexts: ['prod/*'],
    failure_grace_seconds: 60,
    deadline: new Date(T0 + 900_000).toISOString(),
    images: ['ghcr.io/acme/api:1.4.2'],
    run_url: `https://github.com/acme/app/actions/runs/${n}/attempts/1`,
    workflow_repository: 'acme/app'
  })
  if (!r.ok) throw new Error(r.error)
  return r.spec
}

const noGitHub: GitHubApi = {
  get: () => Promise.reject(new Error('no GitHub in this test')),
  send: () => Promise.reject(new Error('no GitHub in this test'))
}

let dir = ''
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'watch-engine-'))
})
afterEach(() => rmSync(dir, {recursive: true, force: true}))

describe('watch engine scheduling', () => {
  it('judges watches concurrently, at most WATCH_CONCURRENCY at once', async () => {
    const store = await FileWatchStore.open(dir, {clock: () => T0})
    for (let i = 1; i <= 20; i++) await store.create(spec(i), T0)
    let inside = 0
    let most = 0
    let calls = 0
    // A slow GitHub: every ancestry read takes 100 ms.
    const evidence = (s: WatchSpec): WatchEvidence => ({
      async ancestry() {
        calls++
        inside++
        most = Math.max(most, inside)
        await new Promise(r => setTimeout(r, 100))
        inside--
        return {commits: [s.commit], touched: new Set<string>()}
      },
      superseded: async () => new Map(),
      inHistory: async () => false
    })
    const engine = new WatchEngine({
      store,
      objects: () => [],
      github: noGitHub,
      evidence,
      clock: () => T0,
      tickMs: 60_000
    })
    engine.start()
    for (let i = 0; i < 200 && calls < 20; i++) await new Promise(r => setTimeout(r, 25))
    await engine.stop()
    await store.close()
    expect(calls).toBe(20)
    expect(most).toBeGreaterThan(1)
    expect(most).toBeLessThanOrEqual(WATCH_CONCURRENCY)
  })
})
