// The watch stores' shared contract (file and PostgreSQL): a watch survives a reopen with every change, a repeated
// registration of the same run gets the open watch (also when two race), a finished one does not block a new one.
// PostgreSQL runs against GITOPS_PROMOTE_TEST_DATABASE_URL (.ci/run starts one) and adds the replicas' leadership.
import {afterEach, beforeEach, describe, expect, it} from '@jest/globals'
import {mkdtempSync, rmSync, statSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {parseWatchSpec, type WatchSpec} from '../../src/connector/watches/spec.js'
import {
  FileWatchStore,
  WatchLimitReached,
  type WatchLimits,
  type WatchStore
} from '../../src/connector/watches/store.js'
import {PostgresWatchStore} from '../../src/connector/watches/postgres.js'
import {ADMIN_URL, createTestDatabase, type TestDatabase} from '../../testing/postgres.js'

const T0 = Date.parse('2026-11-29T10:00:00Z')
/** The stores' clock: the watches' day (a finished watch is kept for days after it, whatever the date today). */
const clock = (): number => T0 + 60_000

function spec(commit = 'c'.repeat(40), workflowRepository = 'acme/app'): WatchSpec {
  const r = parseWatchSpec({
    repository: 'acme/gitops',
    branch: 'main',
    commit,
    contexts: ['prod/*'],
    failure_grace_seconds: 60,
    deadline: new Date(T0 + 900_000).toISOString(),
    images: ['ghcr.io/acme/api:1.4.2'],
    run_url: 'https://github.com/acme/app/actions/runs/7/attempts/1',
    workflow_repository: workflowRepository
  })
  if (!r.ok) throw new Error(r.error)
  return r.spec
}

interface Backend {
  setUp(): Promise<void>
  tearDown(): Promise<void>
  /** Every backend takes the same limits and a clock (the file store prunes on it; PostgreSQL on `create`'s time). */
  open(limits?: WatchLimits & {clock?: () => number}): Promise<WatchStore>
}

const HOUR = 3_600_000

function contract(name: string, backend: Backend, describeIt: typeof describe | typeof describe.skip = describe): void {
  describeIt(`${name}: watch store contract`, () => {
    const opened: WatchStore[] = []
    const open = async (limits?: WatchLimits & {clock?: () => number}): Promise<WatchStore> => {
      const s = await backend.open(limits)
      opened.push(s)
      return s
    }
    beforeEach(() => backend.setUp())
    afterEach(async () => {
      for (const s of opened.splice(0)) await s.close()
      await backend.tearDown()
    })

    it('keeps every change across a reopen', async () => {
      const a = await open()
      const {watch} = await a.create(spec(), T0)
      await a.put({...watch, status: 'dispatching', result: 'failed', message: 'boom', decidedAt: T0 + 5})
      await a.close()
      opened.splice(0)
      const b = await open()
      expect(await b.get(watch.id)).toMatchObject({status: 'dispatching', result: 'failed', message: 'boom'})
      expect((await b.open()).map(w => w.id)).toEqual([watch.id])
      expect(await b.get('w-unknown')).toBeUndefined()
    })

    it('answers a repeated registration with the open watch, also when two race', async () => {
      const s = await open()
      const [x, y] = await Promise.all([s.create(spec(), T0), s.create(spec(), T0)])
      expect(x.watch.id).toBe(y.watch.id)
      expect([x.created, y.created].sort()).toEqual([false, true])
      await s.put({...x.watch, status: 'done', result: 'healthy', dispatch: {attempts: 1, sentAt: T0 + 9}})
      const again = await s.create(spec(), T0 + 10)
      expect(again.created).toBe(true)
      expect(again.watch.id).not.toBe(x.watch.id)
      expect((await s.open()).map(w => w.id)).toEqual([again.watch.id])
    })

    it('bounds open watches per dispatch repository (case-insensitively); finished ones do not count', async () => {
      const s = await open({maxOpenPerRepository: 2})
      const a = await s.create(spec('1'.repeat(40)), T0)
      await s.create(spec('2'.repeat(40), 'ACME/App'), T0)
      await expect(s.create(spec('3'.repeat(40)), T0)).rejects.toThrow(WatchLimitReached)
      await expect(s.create(spec('3'.repeat(40)), T0)).rejects.toThrow('CONNECTOR_MAX_WATCHES_PER_REPO')
      expect((await s.create(spec('3'.repeat(40), 'acme/web'), T0)).created).toBe(true)
      await s.put({...a.watch, status: 'done', result: 'healthy', dispatch: {attempts: 1, sentAt: T0 + 1}})
      expect((await s.create(spec('3'.repeat(40)), T0 + 2)).created).toBe(true)
    })

    it('deletes finished watches once the retention has passed since they finished, keeps the others', async () => {
      let now = T0
      const s = await open({retentionMs: 24 * HOUR, clock: () => now})
      const old = await s.create(spec('1'.repeat(40)), T0)
      const recent = await s.create(spec('2'.repeat(40)), T0)
      const watching = await s.create(spec('3'.repeat(40)), T0)
      await s.put({...old.watch, status: 'done', result: 'healthy', dispatch: {attempts: 1, sentAt: T0 + HOUR}})
      await s.put({...recent.watch, status: 'done', result: 'failed', dispatch: {attempts: 1, sentAt: T0 + 10 * HOUR}})
      now = T0 + 26 * HOUR
      await s.create(spec('4'.repeat(40)), now)
      expect(await s.get(old.watch.id)).toBeUndefined()
      expect(await s.get(recent.watch.id)).toMatchObject({status: 'done', result: 'failed'})
      // Open watches are never deleted, however old.
      expect(await s.get(watching.watch.id)).toMatchObject({status: 'watching'})
    })
  })
}

let dir = ''
contract('file', {
  async setUp() {
    dir = mkdtempSync(join(tmpdir(), 'watch-store-'))
  },
  async tearDown() {
    rmSync(dir, {recursive: true, force: true})
  },
  open: limits => FileWatchStore.open(dir, {clock, ...limits})
})

describe('file watch store: the log past its compaction size', () => {
  let logDir = ''
  beforeEach(() => {
    logDir = mkdtempSync(join(tmpdir(), 'watch-log-'))
  })
  afterEach(() => rmSync(logDir, {recursive: true, force: true}))

  it('appends one record a put once the live watches alone exceed 4 MiB (no rewrite of the whole log)', async () => {
    const s = await FileWatchStore.open(logDir, {clock: () => T0})
    // 48 open watches of ~100 KB each: more live data than the 4 MiB compaction size.
    const big = {blob: 'x'.repeat(100 * 1024)}
    const watches = []
    for (let i = 0; i < 48; i++) {
      const {watch} = await s.create({...spec(String(i).padStart(40, '0')), payload: big}, T0)
      watches.push(watch)
    }
    const log = join(logDir, 'watches.log')
    for (let i = 0; i < 4; i++) {
      const before = statSync(log)
      const w = watches[i] as (typeof watches)[number]
      await s.put({...w, memory: {round: i} as never})
      const after = statSync(log)
      // Same file, grown by about one record: not renamed over, not rewritten with all 48.
      expect(after.ino).toBe(before.ino)
      expect(after.size - before.size).toBeLessThan(200 * 1024)
      expect(after.size - before.size).toBeGreaterThan(100 * 1024)
    }
    await s.close()
    const again = await FileWatchStore.open(logDir, {clock: () => T0})
    expect((await again.open()).length).toBe(48)
    expect((await again.get((watches[3] as (typeof watches)[number]).id))?.memory).toEqual({round: 3})
    await again.close()
  })
})

const describePg = ADMIN_URL ? describe : describe.skip
let db: TestDatabase | null = null
const openPg = (limits: WatchLimits & {clock?: () => number} = {}): Promise<PostgresWatchStore> =>
  PostgresWatchStore.open({databaseUrl: (db as TestDatabase).url, clock, ...limits})
contract(
  'PostgreSQL',
  {
    async setUp() {
      db = await createTestDatabase()
    },
    async tearDown() {
      await db?.drop()
      db = null
    },
    open: limits => openPg(limits)
  },
  describePg
)

describePg('PostgreSQL watch store: replicas', () => {
  const stores: PostgresWatchStore[] = []
  beforeEach(async () => {
    db = await createTestDatabase()
  })
  afterEach(async () => {
    for (const s of stores.splice(0)) await s.close()
    await db?.drop()
    db = null
  })

  it('a watch registered on one replica is the same watch on another; one replica leads, the next takes over', async () => {
    let now = T0
    const [a, b] = await Promise.all([openPg(), openPg({clock: () => now})])
    stores.push(a, b)
    const first = await a.create(spec(), T0)
    const second = await b.create(spec(), T0)
    expect([first.created, second.created, second.watch.id]).toEqual([true, false, first.watch.id])
    expect((await b.open()).map(w => w.id)).toEqual([first.watch.id])

    const leads = [await a.lead(), await b.lead()]
    expect(leads).toEqual([true, false])
    await a.close()
    stores.splice(stores.indexOf(a), 1)
    // b asks again after its retry pause (2 s on its clock) and gets the lead once a's session is gone.
    let took = false
    for (let i = 0; i < 40 && !took; i++) {
      await new Promise(r => setTimeout(r, 100))
      now += 2000
      took = await b.lead()
    }
    expect(took).toBe(true)
  })

  it('two replicas racing cannot pass the per-repository bound', async () => {
    const [a, b] = await Promise.all([openPg({maxOpenPerRepository: 3}), openPg({maxOpenPerRepository: 3})])
    stores.push(a, b)
    const commits = Array.from({length: 8}, (_, i) => String(i + 1).repeat(40))
    const results = await Promise.allSettled(commits.map((c, i) => (i % 2 ? a : b).create(spec(c), T0)))
    expect(results.filter(r => r.status === 'fulfilled')).toHaveLength(3)
    expect(results.filter(r => r.status === 'rejected').map(r => (r as PromiseRejectedResult).reason)).toEqual(
      Array.from({length: 5}, () => expect.any(WatchLimitReached))
    )
    expect(await a.open()).toHaveLength(3)
  })

  it('an expired lease goes to the next replica with a new epoch; only the current epoch may act on a watch', async () => {
    const open = (): Promise<PostgresWatchStore> =>
      PostgresWatchStore.open({databaseUrl: (db as TestDatabase).url, leaseMs: 600, clock})
    const [a, b] = await Promise.all([open(), open()])
    stores.push(a, b)
    const {watch} = await a.create(spec(), T0)
    expect(await a.lead()).toBe(true)
    const first = a.epoch as number
    expect(await a.fence({...watch, status: 'dispatching'})).toBe(true)
    // a stops renewing (paused); once its lease expired b takes it.
    await new Promise(r => setTimeout(r, 700))
    let took = false
    for (let i = 0; i < 40 && !took; i++) {
      took = await b.lead()
      if (!took) await new Promise(r => setTimeout(r, 100))
    }
    expect(took).toBe(true)
    expect(b.epoch).toBe(first + 1)
    expect(await a.fence({...watch, status: 'dispatching'})).toBe(false)
    expect(await b.fence({...watch, status: 'dispatching'})).toBe(true)
    expect((await a.get(watch.id))?.epoch).toBe(first + 1)
  })
})
