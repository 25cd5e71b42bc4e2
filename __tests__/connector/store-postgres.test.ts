// The PostgreSQL store against a real server (GITOPS_PROMOTE_TEST_DATABASE_URL; .ci/run starts one): the shared
// store contract, then what only a shared database has: several replicas, wakes across them, and versions that
// readers can follow without ever skipping a change.
import {afterEach, beforeEach, describe, expect, it} from '@jest/globals'
import {performance} from 'node:perf_hooks'
import pg from 'pg'
import {PostgresStore} from '../../src/connector/store/postgres.js'
import type {PostgresStoreOptions} from '../../src/connector/store/postgres.js'
import {ADMIN_URL, createTestDatabase} from '../../testing/postgres.js'
import type {TestDatabase} from '../../testing/postgres.js'
import {add, fixedClock, second, storeContract} from './store-contract.js'

const describePg = ADMIN_URL ? describe : describe.skip
let db: TestDatabase | null = null

function open(extra: Partial<PostgresStoreOptions> = {}): Promise<PostgresStore> {
  if (!db) throw new Error('no test database')
  return PostgresStore.open({
    databaseUrl: db.url,
    retentionMs: 720 * 3_600_000,
    clock: fixedClock,
    onFatal: err => {
      throw err
    },
    ...extra
  })
}

storeContract(
  'PostgreSQL store',
  {
    async setUp() {
      db = await createTestDatabase()
    },
    async tearDown() {
      await db?.drop()
      db = null
    },
    open: opts => open(opts ?? {})
  },
  describePg
)

describePg('PostgreSQL store: replicas on one database', () => {
  const stores: PostgresStore[] = []
  const replica = async (extra: Partial<PostgresStoreOptions> = {}) => {
    const s = await open(extra)
    stores.push(s)
    return s
  }
  beforeEach(async () => {
    db = await createTestDatabase()
  })
  afterEach(async () => {
    for (const s of stores.splice(0)) await s.close()
    await db?.drop()
    db = null
  })

  it('two replicas start together on an empty database (one sets the schema up)', async () => {
    const [a, b] = await Promise.all([replica(), replica()])
    await add(a, {name: 'x', timestamp: second(1)})
    await add(b, {name: 'y', timestamp: second(1)})
    expect(b.version).toBe(2)
  })

  it('a change committed on one replica reaches the other through NOTIFY, well within 100 ms', async () => {
    // The slow poll is off, so only the notification can bring the change.
    const a = await replica({pollIntervalMs: 3_600_000})
    const b = await replica({pollIntervalMs: 3_600_000})
    const latencies: number[] = []
    for (let i = 0; i < 10; i++) {
      const woke = new Promise<number>(resolve => {
        const off = b.onChange(() => {
          off()
          resolve(performance.now())
        })
      })
      const r = await add(a, {name: 'app', timestamp: second(i), message: `run ${i}`})
      const committed = performance.now()
      latencies.push((await woke) - committed)
      expect(b.version).toBe(r.version)
      expect(b.objects()[0]!.message).toBe(`run ${i}`)
    }
    latencies.sort((x, y) => x - y)
    // After A's append resolved (its commit, and its own re-read): the median wake on B, which on an idle
    // machine is a few ms.
    expect(latencies[5]).toBeLessThan(100)
  })

  it('versions become visible in order: a transaction holding a lower version delays the next one', async () => {
    let release!: () => void
    let held!: () => void
    const holding = new Promise<void>(r => (held = r))
    const gate = new Promise<void>(r => (release = r))
    let first = true
    const a = await replica({
      beforeCommit: async () => {
        if (!first) return
        first = false
        held()
        await gate
      }
    })
    const b = await replica()
    const reader = await replica()
    const seen: number[] = []
    reader.onChange(v => seen.push(v))

    const slow = add(a, {name: 'slow', timestamp: second(1)})
    await holding // A has its version and holds the lock, not yet committed
    const fast = add(b, {name: 'fast', timestamp: second(1)})
    await new Promise(r => setTimeout(r, 300))
    // B could not commit past A: nothing is visible yet, to anyone.
    expect(b.version).toBe(0)
    expect(reader.version).toBe(0)
    release()
    const [rs, rf] = await Promise.all([slow, fast])
    expect(rs.version).toBe(1)
    expect(rf.version).toBe(2)
    await reader.refresh()
    expect(reader.objects().map(o => o.name)).toEqual(['fast', 'slow'])
    expect(seen.every((v, i) => i === 0 || v > (seen[i - 1] as number))).toBe(true)
  })

  it('a reader following `version > V` never skips a change, with commits racing across replicas', async () => {
    // Random delays before COMMIT make transactions overlap in every order they can.
    const delay = () => new Promise<void>(r => setTimeout(r, Math.random() * 15))
    const writers = await Promise.all([replica({beforeCommit: delay}), replica({beforeCommit: delay})])
    // The reader reads the database directly, as a replica's refresh does: rows above the last version it saw.
    const client = new pg.Client({connectionString: db!.url})
    await client.connect()
    const mirror = new Map<string, {message: string; version: number}>()
    let seenVersion = 0
    let passes = 0
    const pass = async () => {
      const r = await client.query<{version: string; key: string | null; object: {message: string} | null; v: string}>(
        `SELECT s.version, o.key, o.object, o.version AS v FROM connector_state s
           LEFT JOIN connector_objects o ON o.version > $1 WHERE s.id = 1`,
        [seenVersion]
      )
      for (const row of r.rows)
        if (row.key && row.object) mirror.set(row.key, {message: row.object.message, version: Number(row.v)})
      seenVersion = Number(r.rows[0]!.version)
      passes++
    }
    let stop = false
    const following = (async () => {
      while (!stop) await pass()
    })()
    const total = 300
    await Promise.all(
      Array.from({length: total}, (_, i) =>
        add(writers[i % 2]!, {name: `o${i % 25}`, timestamp: second(i), message: `m${i}`})
      )
    )
    stop = true
    await following
    await pass() // the commits after the loop's last pass
    const final = await client.query<{key: string; object: {message: string}; version: string}>(
      'SELECT key, object, version FROM connector_objects'
    )
    const stateVersion = Number((await client.query('SELECT version FROM connector_state')).rows[0].version)
    await client.end()
    expect(passes).toBeGreaterThan(3)
    expect(seenVersion).toBe(stateVersion)
    expect(final.rows).toHaveLength(25)
    // A skipped change would leave the mirror with an older message (and version) for that object.
    for (const row of final.rows) {
      expect(mirror.get(row.key)).toEqual({message: row.object.message, version: Number(row.version)})
    }
    expect(Math.max(...final.rows.map(r => Number(r.version)))).toBe(stateVersion)
  })

  it('a replica that was behind a prune reloads everything, and the pruned objects go on every replica', async () => {
    let now = Date.UTC(2026, 7, 7)
    const clock = () => now
    const a = await replica({clock, retentionMs: 3_600_000})
    const b = await replica({clock, retentionMs: 3_600_000})
    await add(a, {name: 'old', timestamp: second(1)})
    now += 2 * 3_600_000
    await add(a, {name: 'new', timestamp: second(2)})
    expect(await a.prune(now)).toBe(1)
    await b.refresh()
    expect(b.objects().map(o => o.name)).toEqual(['new'])
    expect(b.version).toBe(a.version)
  })
})
