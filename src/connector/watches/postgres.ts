// Watches in PostgreSQL, for connector replicas sharing one database. Any replica accepts a watch (stored on
// COMMIT before it answers); one replica at a time judges and dispatches: the holder of a session-level advisory
// lock, released by PostgreSQL when that replica's session ends, so another takes over.
//
// Table (created on start under a lock, so replicas may start together):
//   connector_watches   one row per watch: id, idempotency key, status, creation time, the whole record (json),
//                       the dispatch repository (lower case; the per-repository bound) and when it finished
//                       (retention).
//                       A partial unique index on the key of open watches makes a repeated registration return
//                       the open watch, whichever replica receives it.
import pg from 'pg'
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

/** Advisory lock keys: schema creation, and the right to judge and dispatch. */
const SCHEMA_LOCK = 0x67707773 // "gpws"
const LEADER_LOCK = 0x6770776c // "gpwl"
/** A replica that is not the leader asks again this often. */
const LEAD_RETRY_MS = 2000

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
  CREATE INDEX IF NOT EXISTS connector_watches_finished ON connector_watches (finished_ms) WHERE status = 'done';`
/** Serialises the count-then-insert of one dispatch repository across replicas (transaction-level lock). */
const CREATE_LOCK = 0x67707763 // "gpwc"

export interface PostgresWatchStoreOptions extends WatchLimits {
  databaseUrl: string
  log?: (msg: string) => void
  /** Paces the tries to take the lead. */
  clock: () => number
}

export class PostgresWatchStore implements WatchStore {
  private leader: pg.Client | undefined
  private nextLeadTry = 0

  private constructor(
    private readonly pool: pg.Pool,
    private readonly opts: PostgresWatchStoreOptions
  ) {}

  static async open(opts: PostgresWatchStoreOptions): Promise<PostgresWatchStore> {
    const pool = new pg.Pool({connectionString: opts.databaseUrl, max: 4})
    pool.on('error', err => opts.log?.(`watch store: idle PostgreSQL connection failed: ${err.message}`))
    const client = await pool.connect()
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
    return new PostgresWatchStore(pool, opts)
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

  /** True while this replica holds the leader lock; tries to take it at most every LEAD_RETRY_MS. */
  async lead(): Promise<boolean> {
    if (this.leader) return true
    const now = this.opts.clock()
    if (now < this.nextLeadTry) return false
    this.nextLeadTry = now + LEAD_RETRY_MS
    const client = new pg.Client({connectionString: this.opts.databaseUrl})
    client.on('error', () => undefined)
    try {
      await client.connect()
      const r = await client.query<{ok: boolean}>('SELECT pg_try_advisory_lock($1) AS ok', [LEADER_LOCK])
      if (!r.rows[0]?.ok) {
        await client.end()
        return false
      }
    } catch (e) {
      this.opts.log?.(`watch store: taking the watch lead failed: ${e instanceof Error ? e.message : String(e)}`)
      await client.end().catch(() => undefined)
      return false
    }
    // Losing the session loses the lock (PostgreSQL releases it): stop judging until it is taken again.
    const lost = (): void => {
      if (this.leader !== client) return
      this.leader = undefined
      this.opts.log?.('watch store: lost the watch lead (PostgreSQL session ended)')
      client.end().catch(() => undefined)
    }
    client.removeAllListeners('error')
    client.on('error', lost)
    client.on('end', lost)
    this.leader = client
    this.opts.log?.('watch store: this replica judges the watches and sends the dispatches')
    return true
  }

  async close(): Promise<void> {
    const leader = this.leader
    this.leader = undefined
    await leader?.end().catch(() => undefined)
    await this.pool.end()
  }
}
