// Durable watches: every change of a watch is stored before it is acted on or acknowledged, so a restart resumes
// each open watch and each pending dispatch. The interface is small so other backends (PostgreSQL) can implement it.
import {createHash, randomBytes} from 'node:crypto'
import {mkdir, open, readFile, rename, rm} from 'node:fs/promises'
import type {FileHandle} from 'node:fs/promises'
import {join} from 'node:path'
import type {Watch, WatchSpec} from './spec.js'

/** The store could not make a change durable: the process must end (a restart re-reads what was stored). */
export class WatchStoreFailure extends Error {
  constructor(cause: unknown) {
    super(`the watch store failed: ${cause instanceof Error ? cause.message : String(cause)}`)
    this.name = 'WatchStoreFailure'
  }
}

export interface WatchStore {
  /** Stores a new watch, or returns the open watch with the same key (`created: false`). */
  create(spec: WatchSpec, now: number): Promise<{watch: Watch; created: boolean}>
  get(id: string): Promise<Watch | undefined>
  /** Watches not `done`, oldest first. */
  open(): Promise<Watch[]>
  /** Replaces the stored record (same id); durable when it resolves. */
  put(watch: Watch): Promise<void>
  /**
   * Whether this process is the one that judges watches and dispatches (a store shared by replicas elects one).
   * Absent: always.
   */
  lead?(): Promise<boolean>
  /**
   * Called before each dispatch and Deployment status: stores the watch and answers whether this process may make
   * the GitHub call now (a shared store: only while its lease epoch is current). Absent: always.
   */
  fence?(watch: Watch): Promise<boolean>
  close(): Promise<void>
}

/**
 * The same run handing off the same commit again (a retried POST, a re-run attempt while the first is still
 * watched) gets the same watch: the key leaves out the run attempt.
 */
export function watchKey(spec: WatchSpec): string {
  const run = spec.runUrl.replace(/\/attempts\/\d+$/, '')
  return createHash('sha256')
    .update(JSON.stringify([spec.workflowRepository, run, spec.repository, spec.branch, spec.commit, spec.contexts]))
    .digest('hex')
}

export function newWatch(spec: WatchSpec, now: number): Watch {
  return {
    id: `w-${randomBytes(10).toString('hex')}`,
    key: watchKey(spec),
    createdAt: now,
    spec,
    status: 'watching',
    dispatch: {attempts: 0},
    ...(spec.deployment ? {deploymentUpdate: {attempts: 0}} : {})
  }
}

const LOG = 'watches.log'
const SNAPSHOT = 'watches.snapshot.json'
/** Finished watches stay readable (GET) this long, then compaction drops them. */
const KEEP_DONE_MS = 7 * 24 * 3600 * 1000
/** Compact once this many bytes were appended since the last compaction (not: once the live records are this big). */
const COMPACT_BYTES = 4 * 1024 * 1024

/**
 * File backend, laid out like the event log: `watches.log` holds one JSON record per change (the whole watch),
 * appended and fsynced; `watches.snapshot.json` holds the live watches at the last compaction. Load = snapshot,
 * then the log (the newest record of an id wins). Compaction writes the snapshot atomically, then truncates the
 * log, so a put costs one appended record however many watches are live.
 */
export class FileWatchStore implements WatchStore {
  private readonly watches = new Map<string, Watch>()
  private fh!: FileHandle
  /** Bytes appended to the log since the last compaction. */
  private bytes = 0
  private chain: Promise<void> = Promise.resolve()
  private creating: Promise<unknown> = Promise.resolve()
  private failed: unknown

  private constructor(
    private readonly dir: string,
    private readonly clock: () => number
  ) {}

  static async open(dir: string, clock: () => number = Date.now): Promise<FileWatchStore> {
    const store = new FileWatchStore(dir, clock)
    await mkdir(dir, {recursive: true})
    await rm(join(dir, `${SNAPSHOT}.tmp`), {force: true})
    const snapshot = await readText(join(dir, SNAPSHOT))
    if (snapshot !== '') for (const w of JSON.parse(snapshot) as Watch[]) store.watches.set(w.id, w)
    // A crash between a compaction's rename and its truncate leaves records the snapshot already has: the same
    // newest record per id, so replaying them again changes nothing.
    const lines = (await readText(join(dir, LOG))).split('\n')
    lines.forEach((line, i) => {
      if (line === '') return
      try {
        const w = JSON.parse(line) as Watch
        store.watches.set(w.id, w)
      } catch (e) {
        // Only the last line can be torn (a crash mid-append, never acknowledged); anything else is corruption.
        if (i < lines.length - 1 && lines.slice(i + 1).some(l => l !== '')) throw e
      }
    })
    store.fh = await open(join(dir, LOG), 'a')
    await store.compact()
    return store
  }

  create(spec: WatchSpec, now: number): Promise<{watch: Watch; created: boolean}> {
    // One at a time, so two identical POSTs racing each other still make one watch.
    const next = this.creating.then(() => this.createOne(spec, now))
    this.creating = next.catch(() => undefined)
    return next
  }

  private async createOne(spec: WatchSpec, now: number): Promise<{watch: Watch; created: boolean}> {
    const key = newWatch(spec, now).key
    const same = [...this.watches.values()].find(w => w.key === key && w.status !== 'done')
    if (same) return {watch: structuredClone(same), created: false}
    const watch = newWatch(spec, now)
    await this.put(watch)
    return {watch: structuredClone(watch), created: true}
  }

  async get(id: string): Promise<Watch | undefined> {
    const w = this.watches.get(id)
    return w && structuredClone(w)
  }

  async open(): Promise<Watch[]> {
    return [...this.watches.values()]
      .filter(w => w.status !== 'done')
      .sort((a, b) => a.createdAt - b.createdAt)
      .map(w => structuredClone(w))
  }

  put(watch: Watch): Promise<void> {
    const record = structuredClone(watch)
    const line = Buffer.from(`${JSON.stringify(record)}\n`)
    const next = this.chain.then(async () => {
      if (this.failed) throw this.failed
      try {
        await this.fh.write(line, 0, line.length, null)
        await this.fh.sync()
        this.bytes += line.length
        this.watches.set(record.id, record)
        if (this.bytes > COMPACT_BYTES) await this.compact()
      } catch (e) {
        // A torn log must not be served: the caller ends the process; the next start repairs by re-reading.
        this.failed = new WatchStoreFailure(e)
        throw this.failed
      }
    })
    this.chain = next.catch(() => undefined)
    return next
  }

  async close(): Promise<void> {
    await this.chain
    await this.fh?.close()
  }

  /** Writes the live records as the snapshot (atomic rename), then empties the log. */
  private async compact(): Promise<void> {
    const now = this.clock()
    for (const [id, w] of this.watches) {
      if (w.status === 'done' && now - (w.dispatch.sentAt ?? w.createdAt) > KEEP_DONE_MS) this.watches.delete(id)
    }
    const tmp = join(this.dir, `${SNAPSHOT}.tmp`)
    const fh = await open(tmp, 'w')
    try {
      await fh.writeFile(JSON.stringify([...this.watches.values()]))
      await fh.sync()
    } finally {
      await fh.close()
    }
    await rename(tmp, join(this.dir, SNAPSHOT))
    const dir = await open(this.dir, 'r')
    try {
      await dir.sync()
    } finally {
      await dir.close()
    }
    await this.fh.truncate(0)
    await this.fh.sync()
    this.bytes = 0
  }
}

async function readText(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8')
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return ''
    throw e
  }
}
