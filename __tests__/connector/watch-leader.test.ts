// One leader, fenced: two watch engines on one PostgreSQL database. The leader pauses right after reading a decided
// watch and its sessions go half-open (the server dropped them, the leader does not know); the other replica takes
// over and dispatches. When the old leader resumes, its dispatch is refused: the fake GitHub gets one
// repository_dispatch, not two. Needs GITOPS_PROMOTE_TEST_DATABASE_URL.
import {afterEach, beforeEach, describe, expect, it} from '@jest/globals'
import {generateKeyPairSync} from 'node:crypto'
import {ADMIN_URL, createTestDatabase, type TestDatabase} from '../../testing/postgres.js'
import {startTcpProxy, type TcpProxy} from '../../testing/tcp-proxy.js'
import {startFakeGitHub, type FakeGitHub} from '../../testing/fake-github/index.js'
import {createGitHubApp} from '../../src/connector/github-app.js'
import {WatchEngine} from '../../src/connector/watches/engine.js'
import {PostgresWatchStore} from '../../src/connector/watches/postgres.js'
import {parseWatchSpec} from '../../src/connector/watches/spec.js'
import type {WatchStore} from '../../src/connector/watches/store.js'

const describePg = ADMIN_URL ? describe : describe.skip
const sleep = (ms: number): Promise<void> => new Promise(r => setTimeout(r, ms))
const APP_ID = 42
const pair = generateKeyPairSync('rsa', {modulusLength: 2048})
const T0 = Date.parse('2026-11-29T10:00:00Z')

let db: TestDatabase
let proxy: TcpProxy
let github: FakeGitHub
const cleanups: (() => Promise<void>)[] = []

async function until(done: () => boolean, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms
  while (!done() && Date.now() < deadline) await sleep(50)
  return done()
}

describePg('watch leader on PostgreSQL', () => {
  beforeEach(async () => {
    db = await createTestDatabase()
    const u = new URL(db.url)
    proxy = await startTcpProxy(u.hostname, Number(u.port))
    github = await startFakeGitHub({
      token: 'pat',
      app: {id: APP_ID, publicKey: pair.publicKey.export({type: 'spki', format: 'pem'}) as string}
    })
    github.createRepo('acme', 'app', {files: {'README.md': '# app\n'}})
  })
  afterEach(async () => {
    proxy.heal()
    for (const c of cleanups.splice(0).reverse()) await c().catch(() => undefined)
    await github.close()
    await proxy.close()
    await db.drop()
  })

  it('a leader that lost its lease while paused cannot dispatch a watch the new leader owns', async () => {
    const app = (): ReturnType<typeof createGitHubApp> =>
      createGitHubApp({
        appId: String(APP_ID),
        privateKey: pair.privateKey.export({type: 'pkcs1', format: 'pem'}) as string,
        baseUrl: github.url
      })
    const logs: string[] = []
    const storeA = await PostgresWatchStore.open({
      databaseUrl: proxy.url(db.url),
      leaseMs: 1500,
      timeoutMs: 1000,
      clock: Date.now
    })
    const storeB = await PostgresWatchStore.open({databaseUrl: db.url, leaseMs: 1500, timeoutMs: 1000, clock: Date.now})
    cleanups.push(
      () => storeB.close(),
      () => storeA.close()
    )
    expect(await storeA.lead()).toBe(true)
    expect(await storeB.lead()).toBe(false)

    // A decided watch, its dispatch not sent yet.
    const parsed = parseWatchSpec({
      repository: 'acme/gitops',
      branch: 'main',
      commit: 'c'.repeat(40),
      contexts: ['prod/*'],
      failure_grace_seconds: 60,
      deadline: new Date(T0 + 900_000).toISOString(),
      images: ['ghcr.io/acme/api:1.4.2'],
      run_url: 'https://github.com/acme/app/actions/runs/7/attempts/1',
      workflow_repository: 'acme/app'
    })
    if (!parsed.ok) throw new Error(parsed.error)
    const {watch} = await storeA.create(parsed.spec, T0)
    await storeA.put({...watch, status: 'dispatching', result: 'healthy', message: 'healthy', decidedAt: T0})

    // A reads the open watches, then stops (a pause, a partition) before it acts on them.
    let resume: () => void = () => undefined
    const paused = new Promise<void>(r => (resume = r))
    let readWhilePaused = false
    const pausedStoreA: WatchStore = {
      create: (s, now) => storeA.create(s, now),
      get: id => storeA.get(id),
      put: w => storeA.put(w),
      lead: () => storeA.lead(),
      close: () => storeA.close(),
      async open() {
        const open = await storeA.open()
        if (!readWhilePaused) {
          readWhilePaused = true
          await paused
        }
        return open
      }
    }
    const fence = (storeA as WatchStore).fence
    if (fence) pausedStoreA.fence = w => fence.call(storeA, w)
    const engineA = new WatchEngine({
      store: pausedStoreA,
      clock: Date.now,
      objects: () => [],
      github: app(),
      tickMs: 200,
      log: m => logs.push(`A: ${m}`)
    })
    engineA.start()
    cleanups.push(() => engineA.stop())
    expect(await until(() => readWhilePaused, 5000)).toBe(true)

    // A's sessions end on the server's side only; B takes over and dispatches.
    proxy.halfOpen()
    const engineB = new WatchEngine({
      store: storeB,
      clock: Date.now,
      objects: () => [],
      github: app(),
      tickMs: 200,
      log: m => logs.push(`B: ${m}`)
    })
    engineB.start()
    cleanups.push(() => engineB.stop())
    expect(await until(() => github.app.dispatches.length === 1, 15_000)).toBe(true)

    // A comes back and goes on with what it read before the pause.
    proxy.heal()
    resume()
    await sleep(3000)
    expect(github.app.dispatches.length).toBe(1)
    expect((await storeB.get(watch.id))?.status).toBe('done')
    expect(logs.join('\n')).toMatch(/A: watch .*: not sending the dispatch/)
  }, 60_000)
})
