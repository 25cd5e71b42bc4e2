// The connector's PostgreSQL sessions, bounded whatever the database does: one pool (CONNECTOR_DATABASE_POOL
// sessions at most) shared by the Flux state and the watches, plus the one LISTEN session the state store keeps.
// Every session connects, and every statement answers, within the timeout (5 s by default): a hung database costs a
// timeout, never a request that waits forever or sessions that pile up.
import pg from 'pg'
import {hostname} from 'node:os'

export const DEFAULT_POOL_SIZE = 10
export const DEFAULT_DATABASE_TIMEOUT_MS = 5000

export interface DatabaseOptions {
  /** `postgres://user:password@host:port/database?...` */
  url: string
  /** Sessions in the pool at most (the LISTEN session is extra). */
  poolSize?: number
  /** Connect timeout, and each statement's timeout (server-side statement_timeout and client-side query_timeout). */
  timeoutMs?: number
  /** `application_name` of every session, so pg_stat_activity tells the replicas apart. */
  applicationName?: string
  log?: (msg: string) => void
}

export interface Database {
  readonly url: string
  readonly pool: pg.Pool
  /** Settings for the LISTEN session: those of the pool, its application_name ending in ` listen`. */
  readonly listenConfig: pg.ClientConfig
  readonly timeoutMs: number
  close(): Promise<void>
}

export function defaultApplicationName(): string {
  // PostgreSQL keeps 63 bytes of it: the pid first, the (pod) host name after.
  return `gitops-promote-connector/${process.pid}/${hostname()}`
}

export function openDatabase(opts: DatabaseOptions): Database {
  const timeoutMs = opts.timeoutMs ?? DEFAULT_DATABASE_TIMEOUT_MS
  const applicationName = (opts.applicationName ?? defaultApplicationName()).slice(0, 56)
  const clientConfig: pg.ClientConfig = {
    connectionString: opts.url,
    connectionTimeoutMillis: timeoutMs,
    statement_timeout: timeoutMs,
    query_timeout: timeoutMs,
    application_name: applicationName,
    // A peer that vanished without a FIN (a partition) is noticed by the kernel too, not only by our timeouts.
    keepAlive: true,
    keepAliveInitialDelayMillis: 10_000
  }
  const pool = new pg.Pool({...clientConfig, max: opts.poolSize ?? DEFAULT_POOL_SIZE, idleTimeoutMillis: 30_000})
  // An idle session that breaks is dropped by the pool; the next query opens a new one.
  pool.on('error', err => opts.log?.(`database session lost: ${err.message}`))
  let closed: Promise<void> | undefined
  return {
    url: opts.url,
    pool,
    listenConfig: {...clientConfig, application_name: `${applicationName} listen`},
    timeoutMs,
    close() {
      closed ??= pool.end().catch(() => undefined)
      return closed
    }
  }
}

/** True for errors after which the session cannot be trusted (timeouts, a broken connection): drop it, no ROLLBACK. */
export function sessionBroken(err: unknown): boolean {
  const e = err as {message?: string; code?: string}
  if (typeof e?.code === 'string' && /^(ECONN|EPIPE|ETIMEDOUT|EHOSTUNREACH|57P01|57014)/.test(e.code)) return true
  return /timeout|terminated|Connection terminated|not queryable|ended/i.test(e?.message ?? '')
}
