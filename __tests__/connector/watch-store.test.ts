// The watch stores' shared contract (file and PostgreSQL): a watch survives a reopen with every change, a repeated
// registration of the same run gets the open watch (also when two race), a finished one does not block a new one.
// PostgreSQL runs against GITOPS_PROMOTE_TEST_DATABASE_URL (.ci/run starts one) and adds the replicas' leadership.
import {afterEach, beforeEach, describe, expect, it} from '@jest/globals'
import {mkdtempSync, rmSync, statSync} from 'node:fs'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {parseWatchSpec, type WatchSpec} from '../../src/connector/watches/spec.js'
import {FileWatchStore, type WatchStore} from '../../src/connector/watches/store.js'
import {PostgresWatchStore} from '../../src/connector/watches/postgres.js'
import {ADMIN_URL, createTestDatabase, type TestDatabase} from '../../testing/postgres.js'

const T0 = Date.parse('2026-11-29T10:00:00Z')

function spec(commit = 'c'.repeat(40)): WatchSpec {
  const r = parseWatchSpec({
    repository: 'acme/gitops',
    branch: 'main',
    commit,
    contexts: ['prod/*'],
    failure_grace_seconds: 60,
    deadline: new Date(T0 + 900_000).toISOString(),
    images: ['ghcr.io/acme/api:1.4.2'],
    run_url: 'https://github.com/acme/app/actions/runs/7/attempts/1',
    workflow_repository: 'acme/app'
  })
  if (!r.ok) throw new Error(r.error)
  return r.spec
}

interface Backend {
  setUp(): Promise<void>
  tearDown(): Promise<void>
  open(): Promise<WatchStore>
}

function contract(name: string, backend: Backend, describeIt: typeof describe | typeof describe.skip = describe): void {
  describeIt(`${name}: watch store contract`, () => {
    const opened: WatchStore[] = []
    const open = async (): Promise<WatchStore> => {
      const s = await backend.open()
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
  open: () => FileWatchStore.open(dir)
})

describe('file watch store: the log past its compaction size', () => {
  let logDir = ''
  beforeEach(() => {
    logDir = mkdtempSync(join(tmpdir(), 'watch-log-'))
  })
  afterEach(() => rmSync(logDir, {recursive: true, force: true}))

  it('appends one record a put once the live watches alone exceed 4 MiB (no rewrite of the whole log)', async () => {
    const s = await FileWatchStore.open(logDir, () => T0)
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
    const again = await FileWatchStore.open(logDir, () => T0)
    expect((await again.open()).length).toBe(48)
    expect((await again.get((watches[3] as (typeof watches)[number]).id))?.memory).toEqual({round: 3})
    await again.close()
  })
})

const describePg = ADMIN_URL ? describe : describe.skip
let db: TestDatabase | null = null
const openPg = (): Promise<PostgresWatchStore> => PostgresWatchStore.open({databaseUrl: (db as TestDatabase).url})
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
    open: openPg
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
    const [a, b] = await Promise.all([openPg(), openPg()])
    stores.push(a, b)
    const first = await a.create(spec(), T0)
    const second = await b.create(spec(), T0)
    expect([first.created, second.created, second.watch.id]).toEqual([true, false, first.watch.id])
    expect((await b.open()).map(w => w.id)).toEqual([first.watch.id])

    const leads = [await a.lead(), await b.lead()]
    expect(leads).toEqual([true, false])
    await a.close()
    stores.splice(stores.indexOf(a), 1)
    // b asks again after its retry pause and gets the lead once a's session is gone.
    let took = false
    for (let i = 0; i < 40 && !took; i++) {
      await new Promise(r => setTimeout(r, 100))
      took = await b.lead()
    }
    expect(took).toBe(true)
  })

  it('an expired lease goes to the next replica with a new epoch; only the current epoch may act on a watch', async () => {
    const open = (): Promise<PostgresWatchStore> =>
      PostgresWatchStore.open({databaseUrl: (db as TestDatabase).url, leaseMs: 600})
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
