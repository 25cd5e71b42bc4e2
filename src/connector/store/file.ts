// The embedded store: an append-only log (JSON lines, fsynced before any request is answered) plus a snapshot that
// compaction writes atomically. State = snapshot + log entries after the snapshot's `lastSeq`, applied in log order,
// so a restart rebuilds exactly the state (and version) that readers have seen. One process only.
//
// Files in the data dir:
//   events.log          {"seq":N,"receivedAt":"…","event":{…Flux event…}}\n per stored event,
//                       {"seq":N,"receivedAt":"…","prune":<cutoff ms>}\n per retention pass that dropped objects
//   snapshot.json       {"format":1,"version":V,"lastSeq":S,"objects":[{"object":{…},"time":ms,"heard":ms}]}
//   snapshot.json.tmp   only while compacting
//
// Every change of the files goes through one queue (group commits, retention passes, compaction), so nothing runs
// under a half-written batch. A write or fsync error is fatal: the log's tail is then unknown, the store refuses
// everything and reports it, and the restart's load repairs the tail.
import {mkdir, open, readFile, rename, rm} from 'node:fs/promises'
import type {FileHandle} from 'node:fs/promises'
import {join} from 'node:path'
import {performance} from 'node:perf_hooks'
import {parseFluxEvent} from '../events.js'
import type {ConnectorObject, ParsedEvent} from '../events.js'
import {ObjectTable} from './table.js'
import type {KeptObject} from './table.js'
import {defaultPruneInterval} from './types.js'
import type {AppendResult, ConnectorStore, StoreCommonOptions} from './types.js'

export interface FileStoreOptions extends StoreCommonOptions {
  dataDir: string
  /** Compact once the log is larger than this many bytes. */
  compactBytes: number
}

type Op =
  | {kind: 'event'; raw: unknown; event: ParsedEvent; resolve: (r: AppendResult) => void; reject: (e: unknown) => void}
  | {kind: 'prune'; cutoff: number; resolve: (n: number) => void; reject: (e: unknown) => void}
  | {kind: 'compact'; resolve: () => void; reject: (e: unknown) => void}

interface SnapshotFile {
  format: 1
  version: number
  lastSeq: number
  objects: {object: ConnectorObject; time: number; heard?: number}[]
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

/** Reads one log line; a line that a failed write left glued to the next one still yields the later entry. */
function parseLine(line: string): {seq?: unknown; event?: unknown; prune?: unknown; receivedAt?: unknown} | null {
  try {
    return JSON.parse(line) as {seq?: unknown}
  } catch {
    const at = line.lastIndexOf('{"seq":')
    if (at <= 0) return null
    try {
      return JSON.parse(line.slice(at)) as {seq?: unknown}
    } catch {
      return null
    }
  }
}

export class FileStore implements ConnectorStore {
  readonly kind = 'file'
  private readonly table = new ObjectTable()
  private readonly listeners = new Set<(version: number) => void>()
  private queue: Op[] = []
  private flushing: Promise<void> | null = null
  private closed = false
  private failed: unknown = null
  private lastSeq = 0
  private logBytes = 0
  private fh!: FileHandle
  private pruneTimer: NodeJS.Timeout | null = null

  private constructor(private readonly opts: FileStoreOptions) {}

  static async open(opts: FileStoreOptions): Promise<FileStore> {
    const store = new FileStore(opts)
    await store.load()
    const every = opts.pruneIntervalMs ?? defaultPruneInterval(opts.retentionMs)
    if (every > 0) {
      store.pruneTimer = setInterval(() => {
        store.prune().catch(err => opts.log?.(`retention pass failed: ${String(err)}`))
      }, every)
      store.pruneTimer.unref()
    }
    return store
  }

  get version(): number {
    return this.table.version
  }

  get logSize(): number {
    return this.logBytes
  }

  objects(): ConnectorObject[] {
    return this.table.sorted()
  }

  onChange(listener: (version: number) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  append(raw: unknown, event: ParsedEvent): Promise<AppendResult> {
    return new Promise((resolve, reject) => this.enqueue({kind: 'event', raw, event, resolve, reject}))
  }

  prune(now: number = this.opts.clock()): Promise<number> {
    const cutoff = now - this.opts.retentionMs
    return new Promise((resolve, reject) => this.enqueue({kind: 'prune', cutoff, resolve, reject}))
  }

  /** Writes a snapshot of the current state and empties the log, between group commits. */
  compact(): Promise<void> {
    return new Promise((resolve, reject) => this.enqueue({kind: 'compact', resolve, reject}))
  }

  /** Finishes pending writes, then closes the log. */
  async close(): Promise<void> {
    this.closed = true
    if (this.pruneTimer) clearInterval(this.pruneTimer)
    while (this.flushing) await this.flushing
    await this.fh.close().catch(() => undefined)
  }

  private enqueue(op: Op): void {
    if (this.failed) {
      op.reject(new Error(`store failed earlier: ${String(this.failed)}`))
      return
    }
    if (this.closed) {
      op.reject(new Error('store is closed'))
      return
    }
    this.queue.push(op)
    this.kick()
  }

  private kick(): void {
    if (this.flushing) return
    // Re-checks the queue after clearing `flushing`: an op that came in while the loop was finishing saw `flushing`
    // set and did not start a loop of its own.
    this.flushing = this.flushLoop().finally(() => {
      this.flushing = null
      if (this.queue.length > 0 && !this.failed) this.kick()
    })
  }

  private async flushLoop(): Promise<void> {
    while (this.queue.length > 0 && !this.failed) {
      const head = this.queue[0] as Op
      if (head.kind === 'compact') {
        this.queue.shift()
        await this.compactNow().then(head.resolve, head.reject)
        continue
      }
      if (head.kind === 'prune') {
        this.queue.shift()
        await this.runPrune(head.cutoff).then(head.resolve, head.reject)
        continue
      }
      let n = 0
      while (n < this.queue.length && n < MAX_BATCH && this.queue[n]?.kind === 'event') n++
      const batch = this.queue.splice(0, n) as Extract<Op, {kind: 'event'}>[]
      const receivedMs = this.opts.clock()
      const receivedAt = new Date(receivedMs).toISOString()
      const firstSeq = this.lastSeq + 1
      const buf = Buffer.from(
        batch.map((p, i) => JSON.stringify({seq: firstSeq + i, receivedAt, event: p.raw}) + '\n').join('')
      )
      if (!(await this.durableWrite(buf))) {
        for (const p of batch) p.reject(this.failed)
        break
      }
      let changed = false
      batch.forEach((p, i) => {
        const seq = firstSeq + i
        this.lastSeq = seq
        const result = this.table.apply(p.event, receivedMs)
        if (result === 'changed') changed = true
        this.opts.metrics?.eventsReceived.inc({result})
        p.resolve({seq, version: this.table.version, result})
      })
      if (changed) this.notify()
      if (this.logBytes > this.opts.compactBytes) {
        await this.compactNow().catch(err => this.opts.log?.(`compaction failed (will retry): ${String(err)}`))
      }
    }
    if (this.failed) {
      for (const op of this.queue.splice(0)) op.reject(this.failed)
    }
  }

  /** Appends and fsyncs; on any error marks the store failed (the tail of the log is unknown) and reports it. */
  private async durableWrite(buf: Buffer): Promise<boolean> {
    try {
      await writeAll(this.fh, buf)
      const t0 = performance.now()
      await this.fh.datasync()
      this.opts.metrics?.fsyncSeconds.observe((performance.now() - t0) / 1000)
      this.logBytes += buf.length
      return true
    } catch (err) {
      this.failed = err
      this.opts.log?.(`writing the event log failed, refusing further writes: ${String(err)}`)
      this.opts.onFatal(err)
      return false
    }
  }

  private async runPrune(cutoff: number): Promise<number> {
    if (this.table.countHeardBefore(cutoff) === 0) return 0
    const seq = this.lastSeq + 1
    const line = JSON.stringify({seq, receivedAt: new Date(this.opts.clock()).toISOString(), prune: cutoff}) + '\n'
    if (!(await this.durableWrite(Buffer.from(line)))) throw this.failed
    this.lastSeq = seq
    const removed = this.table.prune(cutoff)
    this.opts.log?.(`retention: pruned ${removed} objects not heard of since ${new Date(cutoff).toISOString()}`)
    this.notify()
    return removed
  }

  /** Only from the queue (flushLoop) or load: never under a batch. */
  private async compactNow(): Promise<void> {
    const dir = this.opts.dataDir
    const tmp = join(dir, `${SNAPSHOT}.tmp`)
    const snapshot: SnapshotFile = {
      format: 1,
      version: this.table.version,
      lastSeq: this.lastSeq,
      objects: this.table.entries().map(k => ({object: k.object, time: k.time, heard: k.heard}))
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
    try {
      await this.fh.truncate(0)
      await this.fh.datasync()
    } catch (err) {
      this.failed = err
      this.opts.onFatal(err)
      throw err
    }
    this.logBytes = 0
    this.opts.metrics?.compactions.inc()
  }

  private notify(): void {
    this.opts.metrics?.objects.set(this.table.size)
    this.opts.metrics?.version.set(this.table.version)
    for (const listener of this.listeners) listener(this.table.version)
  }

  private async load(): Promise<void> {
    const dir = this.opts.dataDir
    const log = this.opts.log ?? (() => undefined)
    await mkdir(dir, {recursive: true})
    await rm(join(dir, `${SNAPSHOT}.tmp`), {force: true})
    const loadedAt = this.opts.clock()
    await this.loadSnapshot(join(dir, SNAPSHOT), loadedAt)

    const logPath = join(dir, LOG)
    const buf = await readFile(logPath).catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') return Buffer.alloc(0)
      throw err
    })
    const {goodEnd, tail, replayed} = this.replayLog(buf, logPath, loadedAt, log)
    if (goodEnd < buf.length || tail) await repairLogEnd(logPath, {size: buf.length, goodEnd, tail}, log)
    this.logBytes = goodEnd + tail.length
    this.fh = await open(logPath, 'a')
    await fsyncDir(dir) // the log's directory entry must survive a crash too
    this.opts.metrics?.objects.set(this.table.size)
    this.opts.metrics?.version.set(this.table.version)
    log(`loaded version ${this.table.version}, ${this.table.size} objects (${replayed} events replayed)`)
    if (this.logBytes > this.opts.compactBytes) await this.compactNow()
  }

  /** Loads the snapshot into the table, when there is one. */
  private async loadSnapshot(path: string, loadedAt: number): Promise<void> {
    const snapText = await readFile(path, 'utf8').catch((err: NodeJS.ErrnoException) => {
      if (err.code === 'ENOENT') return null
      throw err
    })
    if (snapText === null) return
    let snap: SnapshotFile
    try {
      snap = JSON.parse(snapText) as SnapshotFile
    } catch (err) {
      throw new Error(`snapshot ${path} is not valid JSON: ${String(err)}`)
    }
    if (snap.format !== 1) throw new Error(`snapshot ${path} has unknown format ${String(snap.format)}`)
    this.lastSeq = snap.lastSeq
    // Snapshots from before retention carry no `heard`: count them as heard now.
    const kept: KeptObject[] = snap.objects.map(s => ({object: s.object, time: s.time, heard: s.heard ?? loadedAt}))
    this.table.load(snap.version, kept)
  }

  /**
   * Applies the log entries newer than the snapshot. Returns where the last readable entry ends, the newline to
   * append when the last entry lost only its newline, and how many events were replayed.
   */
  private replayLog(
    buf: Buffer,
    logPath: string,
    loadedAt: number,
    log: (msg: string) => void
  ): {goodEnd: number; tail: string; replayed: number} {
    let pos = 0
    let goodEnd = 0
    let replayed = 0
    let tail = ''
    while (pos < buf.length) {
      let nl = buf.indexOf(10, pos)
      if (nl < 0) {
        // A last line without its newline: the write stopped short, so it was never acknowledged. Keep it only when
        // it is a whole entry (the newline alone was lost); otherwise cut it off below.
        const rest = buf.subarray(pos).toString('utf8')
        if (parseLine(rest) === null) break
        tail = '\n'
        nl = buf.length
      }
      const line = buf.subarray(pos, nl).toString('utf8')
      pos = nl + 1
      const entry = parseLine(line)
      if (entry === null) {
        log(`skipping an unreadable line in ${logPath} at byte ${goodEnd}`)
        continue
      }
      goodEnd = Math.min(pos, buf.length)
      if (typeof entry.seq !== 'number' || entry.seq <= this.lastSeq) continue // already in the snapshot
      this.lastSeq = entry.seq
      const heard = typeof entry.receivedAt === 'string' ? Date.parse(entry.receivedAt) : loadedAt
      if (typeof entry.prune === 'number') {
        this.table.prune(entry.prune)
        continue
      }
      const parsed = parseFluxEvent(entry.event)
      if (!parsed.ok) {
        log(`skipping log entry ${entry.seq}: ${parsed.error}`)
        continue
      }
      this.table.apply(parsed.event, Number.isFinite(heard) ? heard : loadedAt)
      replayed++
    }
    return {goodEnd, tail, replayed}
  }
}

/** Cuts a torn end off the log and restores a lost final newline, durably. */
async function repairLogEnd(
  logPath: string,
  {size, goodEnd, tail}: {size: number; goodEnd: number; tail: string},
  log: (msg: string) => void
): Promise<void> {
  const fh = await open(logPath, 'r+')
  try {
    if (goodEnd < size) {
      log(`dropping ${size - goodEnd} torn bytes at the end of ${logPath}`)
      await fh.truncate(goodEnd)
    }
    if (tail) await fh.write(tail, goodEnd)
    await fh.sync()
  } finally {
    await fh.close()
  }
}
