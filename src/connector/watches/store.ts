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

/** The dispatch repository already has as many open watches as allowed: the caller gets 429. */
export class WatchLimitReached extends Error {
  constructor(
    readonly repository: string,
    readonly limit: number
  ) {
    super(`${repository} already has ${limit} open watches (CONNECTOR_MAX_WATCHES_PER_REPO); wait for some to finish`)
    this.name = 'WatchLimitReached'
  }
}

/** How many watches a store keeps, for every backend alike. */
export interface WatchLimits {
  /** Open (not done) watches per dispatch repository; default 100. */
  maxOpenPerRepository?: number
  /** Done watches are deleted this long after they finished, in ms; default 168h. */
  retentionMs?: number
}

export const DEFAULT_MAX_OPEN_PER_REPOSITORY = 100
export const DEFAULT_WATCH_RETENTION_MS = 168 * 3600 * 1000

/** When a done watch finished: its dispatch was accepted, or (older records) it was decided or created. */
export function finishedAt(w: Watch): number {
  return w.dispatch.sentAt ?? w.decidedAt ?? w.createdAt
}

/** The count key of a watch's dispatch repository (GitHub names are case-insensitive). */
export function dispatchRepositoryKey(spec: WatchSpec): string {
  return spec.workflowRepository.toLowerCase()
}

export interface WatchStore {
  /**
   * Stores a new watch, or returns the open watch with the same key (`created: false`). Throws WatchLimitReached
   * when the dispatch repository has its limit of open watches.
   */
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

  private readonly maxOpen: number
  private readonly retentionMs: number

  private constructor(
    private readonly dir: string,
    private readonly clock: () => number,
    limits: WatchLimits
  ) {
    this.maxOpen = limits.maxOpenPerRepository ?? DEFAULT_MAX_OPEN_PER_REPOSITORY
    this.retentionMs = limits.retentionMs ?? DEFAULT_WATCH_RETENTION_MS
  }

  /** Finished watches older than the retention are dropped at open, at each compaction and at each create. */
  static async open(dir: string, opts: WatchLimits & {clock: () => number}): Promise<FileWatchStore> {
    const store = new FileWatchStore(dir, opts.clock, opts)
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
    this.forgetFinished(now)
    const repo = dispatchRepositoryKey(spec)
    let open = 0
    for (const w of this.watches.values()) if (w.status !== 'done' && dispatchRepositoryKey(w.spec) === repo) open++
    if (open >= this.maxOpen) throw new WatchLimitReached(spec.workflowRepository, this.maxOpen)
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

  /** Drops finished watches past the retention from memory; the next compaction drops them from the file. */
  private forgetFinished(now: number): void {
    for (const [id, w] of this.watches) {
      if (w.status === 'done' && now - finishedAt(w) > this.retentionMs) this.watches.delete(id)
    }
  }

  /** Writes the live records as the snapshot (atomic rename), then empties the log. */
  private async compact(): Promise<void> {
    this.forgetFinished(this.clock())
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
