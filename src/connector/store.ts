// The durable store: an append-only event log (JSON lines, fsynced before any request is answered) plus a snapshot
// that compaction writes atomically. State = snapshot + log entries after the snapshot's `lastSeq`, applied in
// log order, so a restart rebuilds exactly the state (and version) that readers have seen.
//
// Files in the data dir:
//   events.log          {"seq":N,"receivedAt":"…","event":{…Flux event…}}\n per stored event
//   snapshot.json       {"format":1,"version":V,"lastSeq":S,"objects":[{"object":{…},"time":ms}]}
//   snapshot.json.tmp   only while compacting
import {mkdir, open, readFile, rename, rm} from 'node:fs/promises'
import type {FileHandle} from 'node:fs/promises'
import {join} from 'node:path'
import {performance} from 'node:perf_hooks'
import {objectKey, parseFluxEvent, sameObject, supersedes} from './events.js'
import type {ConnectorObject, ParsedEvent, StoredObject} from './events.js'
import type {ConnectorMetrics} from './metrics.js'

export type AppendOutcome = 'changed' | 'unchanged' | 'stale'

export interface AppendResult {
  seq: number
  version: number
  result: AppendOutcome
}

export interface StoreOptions {
  dataDir: string
  /** Compact once the log is larger than this many bytes. */
  compactBytes: number
  metrics?: ConnectorMetrics
  log?: (msg: string) => void
}

interface Pending {
  raw: unknown
  event: ParsedEvent
  resolve: (r: AppendResult) => void
  reject: (e: unknown) => void
}

interface SnapshotFile {
  format: 1
  version: number
  lastSeq: number
  objects: StoredObject[]
}

const LOG = 'events.log'
const SNAPSHOT = 'snapshot.json'
/** Upper bound of one group commit, so one fsync never waits behind an unbounded write. */
const MAX_BATCH = 1024

async function fsyncDir(dir: string): Promise<void> {
  const fh = await open(dir, 'r')
  try {
    await fh.sync()
  } finally {
    await fh.close()
  }
}

async function writeAll(fh: FileHandle, buf: Buffer): Promise<void> {
  let off = 0
  while (off < buf.length) {
    const {bytesWritten} = await fh.write(buf, off, buf.length - off, null)
    off += bytesWritten
  }
}

export class Store {
  private readonly objectsByKey = new Map<string, StoredObject>()
  private readonly listeners = new Set<(version: number) => void>()
  private queue: Pending[] = []
  private flushing: Promise<void> | null = null
  private closed = false
  private sorted: ConnectorObject[] | null = null
  private versionValue = 0
  private lastSeq = 0
  private logBytes = 0
  private fh!: FileHandle

  private constructor(private readonly opts: StoreOptions) {}

  static async open(opts: StoreOptions): Promise<Store> {
    const store = new Store(opts)
    await store.load()
    return store
  }

  get version(): number {
    return this.versionValue
  }

  get logSize(): number {
    return this.logBytes
  }

  /** Objects sorted by cluster, kind, namespace, name; the same array until the next change. */
  objects(): ConnectorObject[] {
    if (!this.sorted) {
      this.sorted = [...this.objectsByKey.entries()]
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([, s]) => s.object)
    }
    return this.sorted
  }

  /** Called once per group commit that changed the state, after the commit is durable. */
  onChange(listener: (version: number) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  /** Resolves only after the event is in the log and the log is fsynced; then the state includes it. */
  append(raw: unknown, event: ParsedEvent): Promise<AppendResult> {
    return new Promise((resolve, reject) => {
      if (this.closed) {
        reject(new Error('store is closed'))
        return
      }
      this.queue.push({raw, event, resolve, reject})
      this.kick()
    })
  }

  private kick(): void {
    if (this.flushing) return
    // Re-checks the queue after clearing `flushing`: an append that came in while the loop was finishing saw
    // `flushing` set and did not start a loop of its own.
    this.flushing = this.flushLoop().finally(() => {
      this.flushing = null
      if (this.queue.length > 0) this.kick()
    })
  }

  /** Finishes pending writes, then closes the log. */
  async close(): Promise<void> {
    this.closed = true
    while (this.flushing) await this.flushing
    await this.fh.close()
  }

  /** Writes a snapshot of the current state and empties the log. Only between group commits (flushLoop, load). */
  async compact(): Promise<void> {
    const dir = this.opts.dataDir
    const tmp = join(dir, `${SNAPSHOT}.tmp`)
    const snapshot: SnapshotFile = {
      format: 1,
      version: this.versionValue,
      lastSeq: this.lastSeq,
      objects: [...this.objectsByKey.values()]
    }
    const fh = await open(tmp, 'w')
    try {
      await fh.writeFile(JSON.stringify(snapshot))
      await fh.sync()
    } finally {
      await fh.close()
    }
    await rename(tmp, join(dir, SNAPSHOT))
    await fsyncDir(dir)
    // A crash before this truncate is harmless: replay skips log entries with seq <= the snapshot's lastSeq.
    await this.fh.truncate(0)
    await this.fh.datasync()
    this.logBytes = 0
    this.opts.metrics?.compactions.inc()
  }

  private async flushLoop(): Promise<void> {
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, MAX_BATCH)
      const receivedAt = new Date().toISOString()
      const firstSeq = this.lastSeq + 1
      const buf = Buffer.from(
        batch.map((p, i) => JSON.stringify({seq: firstSeq + i, receivedAt, event: p.raw}) + '\n').join('')
      )
      try {
        await writeAll(this.fh, buf)
        const t0 = performance.now()
        await this.fh.datasync()
        this.opts.metrics?.fsyncSeconds.observe((performance.now() - t0) / 1000)
      } catch (err) {
        // Cut a partial write off, so the next batch does not land behind a torn line. The seqs stay used: should
        // the cut fail too, a replay must not mistake a later event for one of these (which got a 503 and will be
        // retried by Flux anyway).
        await this.fh.truncate(this.logBytes).catch(() => undefined)
        this.lastSeq = firstSeq + batch.length - 1
        for (const p of batch) p.reject(err)
        continue
      }
      this.logBytes += buf.length
      let changed = false
      batch.forEach((p, i) => {
        const seq = firstSeq + i
        this.lastSeq = seq
        const result = this.apply(p.event)
        if (result === 'changed') changed = true
        this.opts.metrics?.eventsReceived.inc({result})
        p.resolve({seq, version: this.versionValue, result})
      })
      if (changed) this.notify()
      if (this.logBytes > this.opts.compactBytes) {
        await this.compact().catch(err => this.opts.log?.(`compaction failed (will retry): ${String(err)}`))
      }
    }
  }

  private apply(event: ParsedEvent): AppendOutcome {
    const key = objectKey(event.object)
    const current = this.objectsByKey.get(key)
    if (!supersedes(current, event)) return 'stale'
    if (current && sameObject(current.object, event.object)) return 'unchanged'
    this.objectsByKey.set(key, {object: event.object, time: event.time})
    this.versionValue++
    this.sorted = null
    return 'changed'
  }

  private notify(): void {
    this.opts.metrics?.objects.set(this.objectsByKey.size)
    this.opts.metrics?.version.set(this.versionValue)
    for (const listener of this.listeners) listener(this.versionValue)
  }

  private async load(): Promise<void> {
    const dir = this.opts.dataDir
    const log = this.opts.log ?? (() => undefined)
    await mkdir(dir, {recursive: true})
    await rm(join(dir, `${SNAPSHOT}.tmp`), {force: true})

    const snapText = await readFile(join(dir, SNAPSHOT), 'utf8').catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') return null
      throw err
    })
    if (snapText !== null) {
      let snap: SnapshotFile
      try {
        snap = JSON.parse(snapText) as SnapshotFile
      } catch (err) {
        throw new Error(`snapshot ${join(dir, SNAPSHOT)} is not valid JSON: ${String(err)}`)
      }
      if (snap.format !== 1)
        throw new Error(`snapshot ${join(dir, SNAPSHOT)} has unknown format ${String(snap.format)}`)
      this.versionValue = snap.version
      this.lastSeq = snap.lastSeq
      for (const s of snap.objects) this.objectsByKey.set(objectKey(s.object), s)
    }

    const logPath = join(dir, LOG)
    const buf = await readFile(logPath).catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') return Buffer.alloc(0)
      throw err
    })
    let pos = 0
    let goodEnd = 0
    let replayed = 0
    while (pos < buf.length) {
      const nl = buf.indexOf(10, pos)
      if (nl < 0) break // a torn last line: the crash came before its fsync, so no one was told it was stored
      const line = buf.subarray(pos, nl).toString('utf8')
      pos = nl + 1
      let entry: {seq?: unknown; event?: unknown}
      try {
        entry = JSON.parse(line) as typeof entry
      } catch {
        log(`skipping an unreadable line in ${logPath} at byte ${goodEnd}`)
        continue
      }
      goodEnd = pos
      if (typeof entry.seq !== 'number' || entry.seq <= this.lastSeq) continue // already in the snapshot
      const parsed = parseFluxEvent(entry.event)
      this.lastSeq = entry.seq
      if (!parsed.ok) {
        log(`skipping log entry ${entry.seq}: ${parsed.error}`)
        continue
      }
      this.apply(parsed.event)
      replayed++
    }
    if (goodEnd < buf.length) {
      log(`dropping ${buf.length - goodEnd} torn bytes at the end of ${logPath}`)
      const fh = await open(logPath, 'r+')
      try {
        await fh.truncate(goodEnd)
        await fh.sync()
      } finally {
        await fh.close()
      }
    }
    this.logBytes = goodEnd
    this.fh = await open(logPath, 'a')
    await fsyncDir(dir) // the log's directory entry must survive a crash too
    this.sorted = null
    this.opts.metrics?.objects.set(this.objectsByKey.size)
    this.opts.metrics?.version.set(this.versionValue)
    log(`loaded version ${this.versionValue}, ${this.objectsByKey.size} objects (${replayed} events replayed)`)
    if (this.logBytes > this.opts.compactBytes) await this.compact()
  }
}
