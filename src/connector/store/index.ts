// Picks the store from the configuration: PostgreSQL when a database URL is set (replicas), else the file store.
import type {ConnectorConfig} from '../config.js'
import type {ConnectorMetrics} from '../metrics.js'
import {FileStore} from './file.js'
import {PostgresStore} from './postgres.js'
import type {ConnectorStore} from './types.js'
import type {Database} from './database.js'

export type {AppendOutcome, AppendResult, ConnectorStore} from './types.js'

export function openStore(
  config: Pick<ConnectorConfig, 'dataDir' | 'compactBytes' | 'databaseUrl' | 'retentionMs'>,
  opts: {
    metrics?: ConnectorMetrics
    log?: (msg: string) => void
    onFatal: (err: unknown) => void
    clock: () => number
    /** The connector's PostgreSQL pool, shared with the watches (with `databaseUrl`). */
    database?: Database
  }
): Promise<ConnectorStore> {
  const common = {
    metrics: opts.metrics,
    log: opts.log,
    onFatal: opts.onFatal,
    clock: opts.clock,
    retentionMs: config.retentionMs
  }
  if (config.databaseUrl) {
    return PostgresStore.open({...common, databaseUrl: config.databaseUrl, database: opts.database})
  }
  return FileStore.open({...common, dataDir: config.dataDir, compactBytes: config.compactBytes})
}
