// Watches in PostgreSQL, for connector replicas sharing one database. Any replica accepts a watch (stored on
// COMMIT before it answers); one replica at a time judges and dispatches: the holder of the lease.
//
// The lease is a row (holder, epoch, expires_at on the database's clock), renewed while the leader runs and taken
// over by another replica once it expired; each takeover adds one to the epoch. Every dispatch and Deployment status
// is fenced: before the GitHub call the leader records its epoch on the watch with an UPDATE that matches only
// while that epoch still holds an unexpired lease, and it also checks its own (conservative) copy of the expiry. A
// replica that lost the lease without knowing it (a half-open session, a pause, a partition) therefore cannot act
// on a watch the new leader owns.
//
// Tables (created on start under a lock, so replicas may start together):
//   connector_watches       one row per watch: id, idempotency key, status, creation time, the whole record (json),
//                           the dispatch repository (lower case; the per-repository bound) and when it finished
//                           (retention). A partial unique index on the key of open watches makes a repeated
//                           registration return the open watch, whichever replica receives it.
//   connector_watch_lease   one row (id = 1): holder, epoch, expires_at.
import pg from 'pg'
import {randomBytes} from 'node:crypto'
import {performance} from 'node:perf_hooks'
import {
  DEFAULT_MAX_OPEN_PER_REPOSITORY,
  DEFAULT_WATCH_RETENTION_MS,
  WatchLimitReached,
  dispatchRepositoryKey,
  finishedAt,
  newWatch
} from './store.js'
import type {WatchLimits, WatchStore} from './store.js'
import type {Watch, WatchSpec} from './spec.js'
import {defaultApplicationName, openDatabase, type Database} from '../store/database.js'

/** Advisory lock key for schema creation. */
const SCHEMA_LOCK = 0x67707773 // "gpws"
/** A replica that is not the leader asks again this often. */
const LEAD_RETRY_MS = 2000
/** How long a lease lasts unless renewed; the leader renews it after a third of that. */
export const DEFAULT_LEASE_MS = 10_000
/** The leader's own copy of the expiry ends this much earlier than the database's (clock drift, slow answers). */
const LEASE_MARGIN = 0.2

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS connector_watches (
    id text PRIMARY KEY,
    key text NOT NULL,
    status text NOT NULL,
    created_ms bigint NOT NULL,
    record json NOT NULL
  );
  CREATE UNIQUE INDEX IF NOT EXISTS connector_watches_open_key ON connector_watches (key) WHERE status <> 'done';
  CREATE INDEX IF NOT EXISTS connector_watches_status ON connector_watches (status);
  ALTER TABLE connector_watches ADD COLUMN IF NOT EXISTS dispatch_repo text;
  ALTER TABLE connector_watches ADD COLUMN IF NOT EXISTS finished_ms bigint;
  UPDATE connector_watches SET dispatch_repo = lower(record->'spec'->>'workflowRepository') WHERE dispatch_repo IS NULL;
  CREATE INDEX IF NOT EXISTS connector_watches_open_repo ON connector_watches (dispatch_repo) WHERE status <> 'done';
  CREATE INDEX IF NOT EXISTS connector_watches_finished ON connector_watches (finished_ms) WHERE status = 'done';
  CREATE TABLE IF NOT EXISTS connector_watch_lease (
    id integer PRIMARY KEY CHECK (id = 1),
    holder text NOT NULL,
    epoch bigint NOT NULL,
    expires_at timestamptz NOT NULL
  );`

/** Serialises the count-then-insert of one dispatch repository across replicas (transaction-level lock). */
const CREATE_LOCK = 0x67707763 // "gpwc"

/** Takes the lease when it is free or expired (a new epoch), or renews our own (the same epoch). */
const TAKE_LEASE = `
  INSERT INTO connector_watch_lease AS l (id, holder, epoch, expires_at)
  VALUES (1, $1, 1, now() + $2 * interval '1 millisecond')
  ON CONFLICT (id) DO UPDATE SET
    holder = EXCLUDED.holder,
    epoch = CASE WHEN l.holder = EXCLUDED.holder AND l.expires_at > now() THEN l.epoch ELSE l.epoch + 1 END,
    expires_at = EXCLUDED.expires_at
  WHERE l.holder = EXCLUDED.holder OR l.expires_at <= now()
  RETURNING epoch`

/** Writes the watch only while (holder, epoch) holds an unexpired lease. */
const FENCED_PUT = `
  UPDATE connector_watches SET status = $2, record = $3, finished_ms = $6
   WHERE id = $1
     AND EXISTS (SELECT 1 FROM connector_watch_lease
                  WHERE id = 1 AND holder = $4 AND epoch = $5 AND expires_at > now())`

export interface PostgresWatchStoreOptions extends WatchLimits {
  databaseUrl: string
  /** The connector's shared pool; without it the store opens its own from `databaseUrl`. */
  database?: Database
  /** For a pool of its own: the connect and statement timeout. */
  timeoutMs?: number
  /** How long the lease lasts unless renewed (default 10 s). */
  leaseMs?: number
  log?: (msg: string) => void
  /** Paces the tries to take the lead. */
  clock: () => number
}

interface Lease {
  epoch: number
  /** performance.now() until which we may act: the lease's expiry as seen from before the request, less a margin. */
  actUntil: number
  renewAfter: number
}

export class PostgresWatchStore implements WatchStore {
  private readonly pool: pg.Pool
  private readonly leaseMs: number
  private readonly holder: string
  private lease: Lease | undefined
  private nextLeadTry = 0

  private constructor(
    private readonly db: Database,
    private readonly ownsDb: boolean,
    private readonly opts: PostgresWatchStoreOptions
  ) {
    this.pool = db.pool
    this.leaseMs = opts.leaseMs ?? DEFAULT_LEASE_MS
    this.holder = `${defaultApplicationName()}/${randomBytes(6).toString('hex')}`
  }

  static async open(opts: PostgresWatchStoreOptions): Promise<PostgresWatchStore> {
    const db =
      opts.database ?? openDatabase({url: opts.databaseUrl, timeoutMs: opts.timeoutMs, poolSize: 4, log: opts.log})
    try {
      const client = await db.pool.connect()
      try {
        await client.query('SELECT pg_advisory_lock($1)', [SCHEMA_LOCK])
        try {
          await client.query(SCHEMA)
        } finally {
          await client.query('SELECT pg_advisory_unlock($1)', [SCHEMA_LOCK])
        }
      } finally {
        client.release()
      }
    } catch (err) {
      if (!opts.database) await db.close()
      throw err
    }
    return new PostgresWatchStore(db, !opts.database, opts)
  }

  /** The epoch of the lease this replica holds, if it holds one now. */
  get epoch(): number | undefined {
    return this.lease && performance.now() < this.lease.actUntil ? this.lease.epoch : undefined
  }

  async create(spec: WatchSpec, now: number): Promise<{watch: Watch; created: boolean}> {
    await this.deleteFinished(now)
    const max = this.opts.maxOpenPerRepository ?? DEFAULT_MAX_OPEN_PER_REPOSITORY
    const repo = dispatchRepositoryKey(spec)
    // Two tries: the open watch with this key may finish between the insert and the read.
    for (let attempt = 0; attempt < 2; attempt++) {
      const watch = newWatch(spec, now)
      const open = await this.pool.query<{record: Watch}>(
        `SELECT record FROM connector_watches WHERE key = $1 AND status <> 'done'`,
        [watch.key]
      )
      if (open.rows[0]) return {watch: open.rows[0].record, created: false}
      const client = await this.pool.connect()
      let inserted: boolean
      try {
        await client.query('BEGIN')
        // One creator per repository at a time, on every replica, so the count cannot be raced past the bound.
        await client.query('SELECT pg_advisory_xact_lock($1, hashtext($2))', [CREATE_LOCK, repo])
        const count = await client.query<{n: string}>(
          `SELECT count(*) AS n FROM connector_watches WHERE dispatch_repo = $1 AND status <> 'done'`,
          [repo]
        )
        if (Number(count.rows[0]?.n ?? 0) >= max) {
          await client.query('ROLLBACK')
          throw new WatchLimitReached(spec.workflowRepository, max)
        }
        const r = await client.query(
          `INSERT INTO connector_watches (id, key, status, created_ms, record, dispatch_repo) VALUES ($1, $2, $3, $4, $5, $6)
           ON CONFLICT (key) WHERE status <> 'done' DO NOTHING`,
          [watch.id, watch.key, watch.status, watch.createdAt, JSON.stringify(watch), repo]
        )
        await client.query('COMMIT')
        inserted = r.rowCount === 1
      } catch (e) {
        await client.query('ROLLBACK').catch(() => undefined)
        throw e
      } finally {
        client.release()
      }
      if (inserted) return {watch, created: true}
    }
    throw new Error('a watch with the same key kept changing; try again')
  }

  /** Deletes watches that finished longer than the retention ago. */
  async deleteFinished(now: number): Promise<number> {
    const cutoff = now - (this.opts.retentionMs ?? DEFAULT_WATCH_RETENTION_MS)
    const r = await this.pool.query(
      `DELETE FROM connector_watches WHERE status = 'done'
         AND COALESCE(finished_ms, (record->'dispatch'->>'sentAt')::bigint, (record->>'decidedAt')::bigint, created_ms) < $1`,
      [cutoff]
    )
    return r.rowCount ?? 0
  }

  async get(id: string): Promise<Watch | undefined> {
    const r = await this.pool.query<{record: Watch}>('SELECT record FROM connector_watches WHERE id = $1', [id])
    return r.rows[0]?.record
  }

  async open(): Promise<Watch[]> {
    const r = await this.pool.query<{record: Watch}>(
      `SELECT record FROM connector_watches WHERE status <> 'done' ORDER BY created_ms, id`
    )
    return r.rows.map(row => row.record)
  }

  async put(watch: Watch): Promise<void> {
    const finished = watch.status === 'done' ? finishedAt(watch) : null
    await this.pool.query(
      `INSERT INTO connector_watches (id, key, status, created_ms, record, dispatch_repo, finished_ms)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (id) DO UPDATE SET status = EXCLUDED.status, record = EXCLUDED.record,
         dispatch_repo = EXCLUDED.dispatch_repo, finished_ms = EXCLUDED.finished_ms`,
      [
        watch.id,
        watch.key,
        watch.status,
        watch.createdAt,
        JSON.stringify(watch),
        dispatchRepositoryKey(watch.spec),
        finished
      ]
    )
  }

  /** True while this replica holds the lease; renews it, or tries to take it at most every LEAD_RETRY_MS. */
  async lead(): Promise<boolean> {
    const t0 = performance.now()
    if (this.lease && t0 < this.lease.renewAfter) return true
    if (!this.lease && t0 < this.nextLeadTry) return false
    try {
      const r = await this.pool.query<{epoch: string}>(TAKE_LEASE, [this.holder, this.leaseMs])
      const row = r.rows[0]
      if (!row) {
        if (this.lease) this.opts.log?.(`watch store: lost the watch lead (epoch ${this.lease.epoch})`)
        this.lease = undefined
        this.nextLeadTry = t0 + LEAD_RETRY_MS
        return false
      }
      const epoch = Number(row.epoch)
      if (this.lease?.epoch !== epoch) {
        this.opts.log?.(`watch store: this replica judges the watches and sends the dispatches (epoch ${epoch})`)
      }
      this.lease = {epoch, actUntil: t0 + this.leaseMs * (1 - LEASE_MARGIN), renewAfter: t0 + this.leaseMs / 3}
      return true
    } catch (e) {
      this.opts.log?.(`watch store: renewing the watch lead failed: ${e instanceof Error ? e.message : String(e)}`)
      this.nextLeadTry = t0 + LEAD_RETRY_MS
      // Without an answer we lead only as long as the lease we know of lasts.
      if (this.lease && performance.now() < this.lease.actUntil) return true
      this.lease = undefined
      return false
    }
  }

  /**
   * Stores the watch and allows the GitHub call only while our epoch is current: false when the lease is lost
   * (another replica may own the watch now), and nothing is written then.
   */
  async fence(watch: Watch): Promise<boolean> {
    // Renewed here too when due: a long pass (slow GitHub, many watches) must not outlive the lease.
    if (!(await this.lead())) return false
    const epoch = this.epoch
    if (epoch === undefined) return false
    watch.epoch = epoch
    const finished = watch.status === 'done' ? finishedAt(watch) : null
    const r = await this.pool.query(FENCED_PUT, [
      watch.id,
      watch.status,
      JSON.stringify(watch),
      this.holder,
      epoch,
      finished
    ])
    // The answer may come late: act only if our copy of the lease still holds now.
    return r.rowCount === 1 && this.epoch === epoch
  }

  async close(): Promise<void> {
    // Hand the lease back, so another replica takes over at once (a rolling restart) instead of after its expiry.
    if (this.lease) {
      this.lease = undefined
      await this.pool
        .query('UPDATE connector_watch_lease SET expires_at = now() WHERE id = 1 AND holder = $1', [this.holder])
        .catch(() => undefined)
    }
    if (this.ownsDb) await this.db.close()
  }
}
