// The connector on PostgreSQL through a TCP proxy that can cut or hang the database: one LISTEN session and a bounded
// pool whatever the outage, 503 with Retry-After (never a hang, never 202) while the database is down or hung,
// /readyz following it (/healthz does not), and catching up once it is back. Needs GITOPS_PROMOTE_TEST_DATABASE_URL.
import {afterEach, beforeEach, describe, expect, it} from '@jest/globals'
import pg from 'pg'
import {ADMIN_URL, createTestDatabase, type TestDatabase} from '../../testing/postgres.js'
import {startTcpProxy, type TcpProxy} from '../../testing/tcp-proxy.js'
import {fluxEvent, http, postEvent, readObjects, startTestConnector, type TestConnector} from './util.js'

const describePg = ADMIN_URL ? describe : describe.skip
const sleep = (ms: number): Promise<void> => new Promise(r => setTimeout(r, ms))

let db: TestDatabase
let proxy: TcpProxy
let connector: TestConnector | undefined

async function sessions(): Promise<{all: number; listen: number}> {
  const admin = new pg.Client({connectionString: ADMIN_URL})
  await admin.connect()
  try {
    const name = new URL(db.url).pathname.slice(1)
    const r = await admin.query<{all: string; listen: string}>(
      `SELECT count(*) AS all, count(*) FILTER (WHERE application_name LIKE '% listen' OR query LIKE 'LISTEN %') AS listen
         FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()`,
      [name]
    )
    return {all: Number(r.rows[0]?.all), listen: Number(r.rows[0]?.listen)}
  } finally {
    await admin.end()
  }
}

/** Posts until the answer is 202 (Flux's retries), at most `ms`. */
async function postUntilStored(url: string, body: string, ms = 20_000): Promise<number> {
  const deadline = Date.now() + ms
  for (;;) {
    const res = await postEvent(url, body)
    if (res.status === 202 || Date.now() > deadline) return res.status
    await sleep(200)
  }
}

/** An HTTP answer, or 'no answer' when none came within `ms`. */
function within<T>(p: Promise<T>, ms: number): Promise<T | 'no answer'> {
  return Promise.race([p, new Promise<'no answer'>(r => setTimeout(() => r('no answer'), ms).unref())])
}

describePg('connector on PostgreSQL through outages', () => {
  beforeEach(async () => {
    db = await createTestDatabase()
    const u = new URL(db.url)
    proxy = await startTcpProxy(u.hostname, Number(u.port))
  })
  afterEach(async () => {
    proxy.heal()
    await connector?.dispose()
    connector = undefined
    await proxy.close()
    await db.drop()
  })

  it('a 3 s outage costs one LISTEN session and a bounded pool, during and after', async () => {
    connector = await startTestConnector({databaseUrl: proxy.url(db.url), databasePoolSize: 4})
    expect((await postEvent(connector.url, fluxEvent({name: 'before'}))).status).toBe(202)
    expect(await sessions()).toMatchObject({listen: 1})
    const attemptsBefore = proxy.attempts
    proxy.cut()
    await sleep(3000)
    // Reconnects back off: a handful of attempts in 3 s, not a doubling every 500 ms.
    expect(proxy.attempts - attemptsBefore).toBeLessThan(40)
    proxy.heal()
    expect(await postUntilStored(connector.url, fluxEvent({name: 'after'}))).toBe(202)
    // LISTEN resumes once the database answers again (not at the end of its backoff)...
    let resumed = await sessions()
    for (let i = 0; i < 30 && resumed.listen !== 1; i++) {
      await sleep(100)
      resumed = await sessions()
    }
    expect(resumed.listen).toBe(1)
    // ...and no late reconnect adds another: one LISTEN session, the pool within its size.
    await sleep(2000)
    const after = await sessions()
    expect(after.listen).toBe(1)
    expect(after.all).toBeLessThanOrEqual(4 + 1)
    expect(proxy.open).toBeLessThanOrEqual(4 + 1)
  }, 60_000)

  it('a hung database: events get 503 with Retry-After within 10 s, /readyz 503, /healthz 200; then it catches up', async () => {
    connector = await startTestConnector({databaseUrl: proxy.url(db.url)})
    const first = await postEvent(connector.url, fluxEvent({name: 'acknowledged'}))
    expect(first.status).toBe(202)
    const {version} = JSON.parse(first.body) as {version: number}
    const ready = await http('GET', `${connector.url}/readyz`)
    expect(ready.status).toBe(200)

    proxy.hang()
    const during = await within(postEvent(connector.url, fluxEvent({name: 'during'})), 10_000)
    expect(during === 'no answer' ? during : during.status).toBe(503)
    if (during !== 'no answer') expect(during.headers['retry-after']).toBeDefined()
    // Once the store noticed, the next one is refused at once.
    const next = await within(postEvent(connector.url, fluxEvent({name: 'during'})), 10_000)
    expect(next === 'no answer' ? next : next.status).toBe(503)
    expect((await http('GET', `${connector.url}/readyz`)).status).toBe(503)
    expect((await http('GET', `${connector.url}/healthz`)).status).toBe(200)

    proxy.heal()
    // A reader from before the outage catches up from its version: the acknowledged event and the retried one.
    expect(await postUntilStored(connector.url, fluxEvent({name: 'during'}))).toBe(202)
    const state = await readObjects(connector.url, `?since=${version - 1}&wait=1s`)
    expect(state.objects.map(o => o.name).sort()).toEqual(['acknowledged', 'during'])
    expect((await http('GET', `${connector.url}/readyz`)).status).toBe(200)
  }, 60_000)
})
