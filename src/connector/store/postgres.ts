// The PostgreSQL store: any number of connector replicas share one database. Each replica keeps the state in memory
// as a cache, answers reads from it, and follows the database through LISTEN/NOTIFY (plus a slow poll, in case a
// notification is lost with its connection).
//
// Versions. `version` counts state changes across all replicas. A transaction that changes the state takes one
// transaction-level advisory lock before it reads the counter, and holds it until COMMIT. PostgreSQL makes a
// transaction visible before it releases its locks, so the next writer gets the lock only after the previous one
// is visible: versions become visible in the order they were assigned. A reader that sees version V therefore sees
// every change <= V, and a reader that asks for `version > V` can never miss a change that commits later with a
// lower number: there is none. The lock is taken last (after the events are inserted) so it is held for a few
// statements and the commit; each replica also groups concurrent events into one transaction, like the file store's
// group commit.
//
// Tables (created and migrated on start, under a lock, so replicas may start together):
//   connector_schema    the schema version (one row)
//   connector_state     id = 1: `version` (state changes so far), `reset_version` (the last change that removed
//                       objects: a replica behind it reloads everything instead of reading changed rows)
//   connector_objects   one row per Flux object: its state, event time, last heard time, and the version that set it
//   connector_events    every stored event as received (pruned by retention like the objects)
// New record kinds (durable watches, pending dispatches) are a new entry in MIGRATIONS and their own table.
//
// Outages. Sessions come from the one bounded pool (database.ts) plus one LISTEN session, reconnected by one loop
// with capped, jittered backoff: never a second LISTEN session, whatever the outage. Every statement has a timeout.
// While the database fails or hangs the store is not ready (`ready()`, GET /readyz) and appends are refused at once
// (the event POST answers 503, Flux retries); when it is back the cache catches up from its version.
import pg from 'pg'
import {performance} from 'node:perf_hooks'
import {backoff, jittered} from '../../core/retry.js'
import {openDatabase, sessionBroken, type Database} from './database.js'
import {objectKey} from '../events.js'
import type {ConnectorObject, ParsedEvent} from '../events.js'
import {ObjectTable, decide} from './table.js'
import type {KeptObject} from './table.js'
import {defaultPruneInterval} from './types.js'
import type {AppendOutcome, AppendResult, ConnectorStore, StoreCommonOptions} from './types.js'
import {StoreUnavailable} from './types.js'

export interface PostgresStoreOptions extends StoreCommonOptions {
  /** `postgres://user:password@host:port/database?...` (used when no `database` is given) */
  databaseUrl: string
  /** The connector's shared pool; without it the store opens its own from `databaseUrl`. */
  database?: Database
  /** For a pool of its own: its size and timeouts, and the sessions' application_name. */
  poolSize?: number
  timeoutMs?: number
  applicationName?: string
  /** Safety net for a lost notification; default 1 s. */
  pollIntervalMs?: number
  /** Test hook: runs inside each state transaction just before COMMIT (the advisory lock is held). */
  beforeCommit?: () => Promise<void>
}

export const NOTIFY_CHANNEL = 'gitops_promote_connector'
/** Advisory lock keys: one for state changes (versions), one for schema migrations. */
const VERSION_LOCK = 0x67707276 // "gprv"
const MIGRATION_LOCK = 0x6770726d // "gprm"
const MAX_BATCH = 1024
/** Events waiting for the database at most; more are refused at once (memory stays bounded in an outage). */
const MAX_QUEUED = 8192
/** An append not stored by then is answered as failed (503); Flux retries, and a duplicate is harmless. */
const APPEND_DEADLINE_MS = 8000
/** A database round trip pending this long makes the store not ready (a hung database, before the timeouts). */
const HUNG_MS = 2000
/** LISTEN reconnects back off from this, doubling, up to the cap (jittered ±20 %). */
const LISTEN_RETRY_FIRST_MS = 250
const LISTEN_RETRY_MAX_MS = 5000
/** The LISTEN session is asked a trivial query this often, so a hung one is noticed and replaced. */
const LISTEN_HEARTBEAT_MS = 5000

/** Each entry moves the schema one version on; never edit an entry that has shipped, append a new one. */
const MIGRATIONS: string[] = [
  `CREATE TABLE connector_state (
     id integer PRIMARY KEY CHECK (id = 1),
     version bigint NOT NULL,
     reset_version bigint NOT NULL
   );
   INSERT INTO connector_state (id, version, reset_version) VALUES (1, 0, 0);
   CREATE TABLE connector_objects (
     key text PRIMARY KEY,
     object json NOT NULL,
     event_ms bigint NOT NULL,
     heard_ms bigint NOT NULL,
     version bigint NOT NULL
   );
   CREATE INDEX connector_objects_version ON connector_objects (version);
   CREATE INDEX connector_objects_heard ON connector_objects (heard_ms);
   CREATE TABLE connector_events (
     seq bigserial PRIMARY KEY,
     received_ms bigint NOT NULL,
     event json NOT NULL
   );
   CREATE INDEX connector_events_received ON connector_events (received_ms);`
]

interface PendingEvent {
  raw: unknown
  event: ParsedEvent
  resolve: (r: AppendResult) => void
  reject: (e: unknown) => void
}

interface ObjectRow {
  version: string
  reset_version: string
  object: ConnectorObject | null
  event_ms: string | null
  heard_ms: string | null
}

/** The URL without its password, for logs. */
export function describeDatabase(url: string): string {
  try {
    const u = new URL(url)
    return `${u.hostname}${u.port ? `:${u.port}` : ''}${u.pathname}`
  } catch {
    return '(unparsable URL)'
  }
}

async function migrate(client: pg.PoolClient): Promise<void> {
  await client.query('BEGIN')
  try {
    await client.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK])
    await client.query('CREATE TABLE IF NOT EXISTS connector_schema (version integer NOT NULL)')
    const r = await client.query<{version: number}>('SELECT version FROM connector_schema')
    let at = r.rows[0]?.version ?? 0
    if (r.rows.length === 0) await client.query('INSERT INTO connector_schema (version) VALUES (0)')
    if (at > MIGRATIONS.length) {
      throw new Error(`the database schema is version ${at}, newer than this connector knows (${MIGRATIONS.length})`)
    }
    for (; at < MIGRATIONS.length; at++) await client.query(MIGRATIONS[at] as string)
    await client.query('UPDATE connector_schema SET version = $1', [at])
    await client.query('COMMIT')
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined)
    throw err
  }
}

export class PostgresStore implements ConnectorStore {
  readonly kind = 'postgres'
  private readonly table = new ObjectTable()
  private readonly listeners = new Set<(version: number) => void>()
  private readonly db: Database
  private readonly ownsDb: boolean
  private readonly pool: pg.Pool
  private listener: pg.Client | null = null
  private listenTimer: NodeJS.Timeout | undefined
  private listenConnecting = false
  private listenFailures = 0
  /** Since when (performance.now) database round trips fail; null while they succeed. */
  private failingSince: number | null = null
  private readonly inFlight = new Map<symbol, number>()
  private queue: PendingEvent[] = []
  private flushing: Promise<void> | null = null
  private closed = false
  private timers: NodeJS.Timeout[] = []
  private refreshRunning: Promise<void> = Promise.resolve()
  private refreshQueued: Promise<void> | null = null
  private reloadNeeded = true

  private constructor(private readonly opts: PostgresStoreOptions) {
    this.ownsDb = !opts.database
    this.db =
      opts.database ??
      openDatabase({
        url: opts.databaseUrl,
        poolSize: opts.poolSize,
        timeoutMs: opts.timeoutMs,
        applicationName: opts.applicationName,
        log: opts.log
      })
    this.pool = this.db.pool
  }

  static async open(opts: PostgresStoreOptions): Promise<PostgresStore> {
    const store = new PostgresStore(opts)
    try {
      const client = await store.pool.connect()
      try {
        await migrate(client)
      } finally {
        client.release()
      }
      await store.connectListener()
      await store.refresh()
    } catch (err) {
      await store.close()
      throw err
    }
    const poll = setInterval(() => {
      store.refresh().catch(err => opts.log?.(`reading the database failed: ${String(err)}`))
    }, opts.pollIntervalMs ?? 1000)
    poll.unref()
    store.timers.push(poll)
    const every = opts.pruneIntervalMs ?? defaultPruneInterval(opts.retentionMs)
    if (every > 0) {
      const t = setInterval(() => {
        store.prune().catch(err => opts.log?.(`retention pass failed: ${String(err)}`))
      }, every)
      t.unref()
      store.timers.push(t)
    }
    opts.log?.(
      `PostgreSQL store ${describeDatabase(opts.databaseUrl)}: version ${store.version}, ${store.table.size} objects`
    )
    return store
  }

  get version(): number {
    return this.table.version
  }

  objects(): ConnectorObject[] {
    return this.table.sorted()
  }

  onChange(listener: (version: number) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  /** False while the database fails or hangs (GET /readyz answers 503 then). */
  ready(): boolean {
    if (this.closed || this.failingSince !== null) return false
    const now = performance.now()
    for (const since of this.inFlight.values()) if (now - since > HUNG_MS) return false
    return true
  }

  append(raw: unknown, event: ParsedEvent): Promise<AppendResult> {
    return new Promise((resolve, reject) => {
      if (this.closed) {
        reject(new Error('store is closed'))
        return
      }
      // Refused at once while the database is known to be down, rather than queued behind its timeouts.
      if (!this.ready()) {
        reject(new StoreUnavailable('the database is unreachable or not answering'))
        return
      }
      if (this.queue.length >= MAX_QUEUED) {
        reject(new StoreUnavailable(`${MAX_QUEUED} events are already waiting for the database`))
        return
      }
      let settled = false
      const deadline = setTimeout(() => {
        settled = true
        reject(new StoreUnavailable(`the database did not store the event within ${APPEND_DEADLINE_MS / 1000} s`))
      }, APPEND_DEADLINE_MS)
      deadline.unref()
      const done =
        <T>(f: (v: T) => void) =>
        (v: T): void => {
          clearTimeout(deadline)
          if (!settled) f(v)
          settled = true
        }
      this.queue.push({raw, event, resolve: done(resolve), reject: done(reject)})
      this.kick()
    })
  }

  async prune(now: number = this.opts.clock()): Promise<number> {
    const cutoff = now - this.opts.retentionMs
    const removed = await this.transaction(async client => {
      await client.query('SELECT pg_advisory_xact_lock($1)', [VERSION_LOCK])
      const d = await client.query('DELETE FROM connector_objects WHERE heard_ms < $1', [cutoff])
      await client.query('DELETE FROM connector_events WHERE received_ms < $1', [cutoff])
      const n = d.rowCount ?? 0
      if (n > 0) {
        await client.query(
          `WITH u AS (UPDATE connector_state SET version = version + 1, reset_version = version + 1 WHERE id = 1
                      RETURNING version)
           SELECT pg_notify($1, u.version::text) FROM u`,
          [NOTIFY_CHANNEL]
        )
      }
      return n
    })
    if (removed > 0) {
      this.opts.log?.(`retention: pruned ${removed} objects not heard of since ${new Date(cutoff).toISOString()}`)
      await this.refresh()
    }
    return removed
  }

  async close(): Promise<void> {
    if (this.closed) return
    this.closed = true
    for (const t of this.timers) clearInterval(t)
    clearTimeout(this.listenTimer)
    while (this.flushing) await this.flushing
    await this.refreshRunning.catch(() => undefined)
    const listener = this.listener
    this.listener = null
    await listener?.end().catch(() => undefined)
    if (this.ownsDb) await this.db.close()
  }

  /** Runs one database round trip, tracking whether the database answers (ready()). */
  private async tracked<T>(work: () => Promise<T>): Promise<T> {
    const id = Symbol('db')
    this.inFlight.set(id, performance.now())
    try {
      const value = await work()
      if (this.failingSince !== null) {
        this.opts.log?.('the database answers again')
        this.listenNow()
      }
      this.failingSince = null
      return value
    } catch (err) {
      if (this.failingSince === null) {
        this.failingSince = performance.now()
        this.opts.log?.(`the database is failing: ${String(err)}`)
      }
      throw err
    } finally {
      this.inFlight.delete(id)
    }
  }

  /**
   * Brings the cache up to the database: the objects whose version is above ours, or everything after a prune (or
   * on the first read). Calls that overlap share one read that starts after the latest call.
   */
  refresh(): Promise<void> {
    if (this.refreshQueued) return this.refreshQueued
    const next = this.refreshRunning
      .catch(() => undefined)
      .then(() => {
        this.refreshQueued = null
        return this.refreshOnce()
      })
    this.refreshQueued = next
    this.refreshRunning = next
    return next
  }

  private async refreshOnce(): Promise<void> {
    if (this.closed) return
    const before = this.table.version
    let full = this.reloadNeeded
    let rows = await this.readChanged(full ? -1 : before)
    const head = rows[0]
    if (!head) throw new Error('connector_state is empty: the database was not set up by this connector')
    const version = Number(head.version)
    if (!full && (Number(head.reset_version) > before || version < before)) {
      full = true
      rows = await this.readChanged(-1)
    }
    const objects: KeptObject[] = []
    for (const r of rows) {
      if (r.object) objects.push({object: r.object, time: Number(r.event_ms), heard: Number(r.heard_ms)})
    }
    const latest = Number((rows[0] as ObjectRow).version)
    if (full) this.table.load(latest, objects)
    else if (latest > before) this.table.merge(latest, objects)
    this.reloadNeeded = false
    if (this.table.version !== before || full) {
      this.opts.metrics?.objects.set(this.table.size)
      this.opts.metrics?.version.set(this.table.version)
    }
    if (this.table.version !== before) for (const l of this.listeners) l(this.table.version)
  }

  /** One statement, so one snapshot: the counter and the rows changed above `since` agree. */
  private async readChanged(since: number): Promise<ObjectRow[]> {
    const r = await this.tracked(() =>
      this.pool.query<ObjectRow>(
        `SELECT s.version, s.reset_version, o.object, o.event_ms, o.heard_ms
         FROM connector_state s LEFT JOIN connector_objects o ON o.version > $1
        WHERE s.id = 1`,
        [since]
      )
    )
    return r.rows
  }

  /**
   * Opens the one LISTEN session. Only the current session's loss schedules a reconnect, and only one is ever
   * scheduled or connecting, so an outage of any length costs one session and one timer.
   */
  private async connectListener(): Promise<void> {
    if (this.closed) return
    const client = new pg.Client(this.db.listenConfig)
    const lost = (why: string): void => {
      if (this.listener !== client) return
      this.listener = null
      this.opts.log?.(`LISTEN session lost (${why}); reconnecting`)
      client.end().catch(() => undefined)
      this.scheduleListen()
    }
    client.on('error', err => lost(err.message))
    client.on('end', () => lost('closed'))
    client.on('notification', () => {
      this.refresh().catch(err => this.opts.log?.(`reading the database failed: ${String(err)}`))
    })
    try {
      await client.connect()
      await client.query(`LISTEN ${NOTIFY_CHANNEL}`)
    } catch (err) {
      client.end().catch(() => undefined)
      throw err
    }
    if (this.closed) {
      await client.end().catch(() => undefined)
      return
    }
    this.listener = client
    this.listenFailures = 0
    const beat = setInterval(() => {
      if (this.listener !== client) {
        clearInterval(beat)
        return
      }
      client.query('SELECT 1').catch((err: Error) => lost(`heartbeat: ${err.message}`))
    }, LISTEN_HEARTBEAT_MS)
    beat.unref()
  }

  /** The database answers again: the pending LISTEN reconnect goes now instead of at the end of its backoff. */
  private listenNow(): void {
    if (!this.listenTimer) return
    clearTimeout(this.listenTimer)
    this.listenTimer = undefined
    this.scheduleListen(0)
  }

  private scheduleListen(delayMs?: number): void {
    if (this.closed || this.listener || this.listenTimer || this.listenConnecting) return
    this.listenFailures++
    const delay =
      delayMs ?? jittered(backoff(this.listenFailures, LISTEN_RETRY_FIRST_MS, LISTEN_RETRY_MAX_MS), 0.2, Math.random)
    this.listenTimer = setTimeout(() => {
      this.listenTimer = undefined
      this.listenConnecting = true
      this.connectListener()
        .then(
          () => {
            this.listenConnecting = false
            // Whatever was committed while the session was down: caught up from our version.
            this.refresh().catch(err => this.opts.log?.(`reading the database failed: ${String(err)}`))
          },
          (err: unknown) => {
            this.listenConnecting = false
            this.opts.log?.(`LISTEN reconnect failed: ${String(err)}`)
            this.scheduleListen()
          }
        )
        .catch(() => undefined)
    }, delay)
    this.listenTimer.unref()
  }

  private kick(): void {
    if (this.flushing) return
    this.flushing = this.flushLoop().finally(() => {
      this.flushing = null
      if (this.queue.length > 0) this.kick()
    })
  }

  private async flushLoop(): Promise<void> {
    while (this.queue.length > 0) {
      const batch = this.queue.splice(0, MAX_BATCH)
      let results: {seq: number; version: number; result: AppendOutcome}[]
      try {
        // The database failed meanwhile: refuse what waited, rather than spend a timeout on each batch.
        if (this.failingSince !== null) throw new StoreUnavailable('the database is unreachable or not answering')
        results = await this.tracked(() => this.commitBatch(batch))
        // Our own change is in the cache before anyone is told it is stored.
        await this.refresh()
      } catch (err) {
        this.opts.log?.(`storing ${batch.length} events failed: ${String(err)}`)
        for (const p of batch) p.reject(err)
        continue
      }
      batch.forEach((p, i) => {
        const r = results[i] as AppendResult
        this.opts.metrics?.eventsReceived.inc({result: r.result})
        p.resolve(r)
      })
    }
  }

  /**
   * One transaction for a batch, in two round trips (each a multi-statement simple query; every statement still
   * takes its own snapshot): insert the events, take the lock, read the objects; then write them, move the counter,
   * notify, COMMIT. Values are inlined as escaped literals, since a simple query takes no parameters.
   */
  private async commitBatch(batch: PendingEvent[]): Promise<AppendResult[]> {
    const heard = this.opts.clock()
    const client = await this.pool.connect()
    let broken: Error | undefined
    try {
      const sql = sqlValues(client)
      const keys = [...new Set(batch.map(p => objectKey(p.event.object)))]
      const first = (await client.query(insertAndReadSql(sql, batch, keys, heard))) as unknown as pg.QueryResult[]
      // From the lock on until COMMIT no other replica can change the state: versions are handed out in commit order.
      const seqs = (first[1] as pg.QueryResult<{seq: string}>).rows.map(r => Number(r.seq)).sort((a, b) => a - b)
      const cur = (first[3] as pg.QueryResult<LockedRow>).rows
      const {results, rows, version, changed} = decideBatch(batch, cur, seqs, heard)
      const hook = this.opts.beforeCommit
      const t0 = performance.now()
      await client.query(writeObjectsSql(sql, rows, {version, changed, commit: !hook}))
      if (hook) {
        await hook()
        await client.query('COMMIT')
      }
      this.opts.metrics?.fsyncSeconds.observe((performance.now() - t0) / 1000)
      return results
    } catch (err) {
      // A timed-out or broken session is dropped at once: a ROLLBACK on it would wait for another timeout.
      if (sessionBroken(err)) broken = err as Error
      else await client.query('ROLLBACK').catch((e: Error) => (broken = e))
      throw err
    } finally {
      client.release(broken)
    }
  }

  /** BEGIN … COMMIT on one pooled connection; a broken connection is dropped rather than reused. */
  private async transaction<T>(body: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    return this.tracked(() => this.transactionOnce(body))
  }

  private async transactionOnce<T>(body: (client: pg.PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect()
    let broken: Error | undefined
    try {
      await client.query('BEGIN')
      const value = await body(client)
      const t0 = performance.now()
      await client.query('COMMIT')
      this.opts.metrics?.fsyncSeconds.observe((performance.now() - t0) / 1000)
      return value
    } catch (err) {
      if (sessionBroken(err)) broken = err as Error
      else await client.query('ROLLBACK').catch((e: Error) => (broken = e))
      throw err
    } finally {
      client.release(broken)
    }
  }
}

/** The state's version and the batch's stored objects, as read under the lock. */
type LockedRow = ObjectRow & {key: string | null; row_version: string | null}

/** An object's row as the batch leaves it. */
type TouchedRow = {kept: KeptObject; version: number}

/** Escaped SQL literals, since a simple query takes no parameters. */
interface SqlValues {
  lit(v: string): string
  textArray(xs: string[]): string
  intArray(xs: (number | null)[]): string
}

function sqlValues(client: pg.PoolClient): SqlValues {
  const lit = (v: string) => client.escapeLiteral(v)
  return {
    lit,
    textArray: xs => `ARRAY[${xs.map(lit).join(',')}]::text[]`,
    intArray: xs => `ARRAY[${xs.map(x => (x === null ? 'NULL' : String(x))).join(',')}]::bigint[]`
  }
}

/** First round trip: insert the events, take the version lock, read the state and the batch's objects. */
function insertAndReadSql(sql: SqlValues, batch: PendingEvent[], keys: string[], heard: number): string {
  const {textArray} = sql
  return `BEGIN;
         INSERT INTO connector_events (seq, received_ms, event)
         SELECT nextval('connector_events_seq_seq'), ${heard}, e::json
           FROM unnest(${textArray(batch.map(p => JSON.stringify(p.raw)))}) WITH ORDINALITY AS t(e, i) ORDER BY i
         RETURNING seq;
         SELECT pg_advisory_xact_lock(${VERSION_LOCK});
         SELECT s.version, o.key, o.object, o.event_ms, o.heard_ms, o.version AS row_version
           FROM connector_state s LEFT JOIN connector_objects o ON o.key = ANY(${textArray(keys)})
          WHERE s.id = 1;`
}

/**
 * Each event against its object as stored (or as an earlier event of the batch left it): the results, the rows to
 * write, the new version and whether anything changed.
 */
function decideBatch(
  batch: PendingEvent[],
  cur: LockedRow[],
  seqs: number[],
  heard: number
): {results: AppendResult[]; rows: [string, TouchedRow][]; version: number; changed: boolean} {
  let version = Number(cur[0]?.version ?? NaN)
  if (!Number.isFinite(version)) throw new Error('connector_state is empty')
  const touched = new Map<string, TouchedRow>()
  for (const r of cur) {
    if (r.key && r.object) {
      const kept = {object: r.object, time: Number(r.event_ms), heard: Number(r.heard_ms)}
      touched.set(r.key, {kept, version: Number(r.row_version)})
    }
  }
  let changed = false
  const results = batch.map((p, i): AppendResult => {
    const key = objectKey(p.event.object)
    const before = touched.get(key)
    const {result, next} = decide(before?.kept, p.event, heard)
    if (result === 'changed') {
      version++
      changed = true
    }
    touched.set(key, {kept: next, version: result === 'changed' ? version : (before?.version ?? version)})
    return {seq: seqs[i] as number, version, result}
  })
  return {results, rows: [...touched.entries()], version, changed}
}

/** Second round trip: upsert the rows, move the counter and notify when the version moved, and COMMIT unless held. */
function writeObjectsSql(
  sql: SqlValues,
  rows: [string, TouchedRow][],
  {version, changed, commit}: {version: number; changed: boolean; commit: boolean}
): string {
  const {lit, textArray, intArray} = sql
  return `INSERT INTO connector_objects AS o (key, object, event_ms, heard_ms, version)
         SELECT k, obj::json, t, h, v
           FROM unnest(${textArray(rows.map(([k]) => k))}, ${textArray(rows.map(([, r]) => JSON.stringify(r.kept.object)))},
                       ${intArray(rows.map(([, r]) => r.kept.time))}, ${intArray(rows.map(([, r]) => r.kept.heard))},
                       ${intArray(rows.map(([, r]) => r.version))}) AS u(k, obj, t, h, v)
         ON CONFLICT (key) DO UPDATE SET object = EXCLUDED.object, event_ms = EXCLUDED.event_ms,
           heard_ms = EXCLUDED.heard_ms, version = EXCLUDED.version;
         ${
           changed
             ? `WITH u AS (UPDATE connector_state SET version = ${version} WHERE id = 1 RETURNING version)
                SELECT pg_notify(${lit(NOTIFY_CHANNEL)}, u.version::text) FROM u;`
             : ''
         }
         ${commit ? 'COMMIT;' : ''}`
}
