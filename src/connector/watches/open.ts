// Picks the watch store to match the Flux state's: PostgreSQL when a database URL is set (replicas), else a file
// in the data dir.
import type {ConnectorConfig} from '../config.js'
import {FileWatchStore, type WatchStore} from './store.js'
import {PostgresWatchStore} from './postgres.js'
import type {Database} from '../store/database.js'

export function openWatchStore(
  config: Pick<ConnectorConfig, 'dataDir' | 'databaseUrl' | 'handoff'>,
  opts: {log?: (msg: string) => void; clock: () => number; database?: Database}
): Promise<WatchStore> {
  const limits = {
    maxOpenPerRepository: config.handoff?.maxWatchesPerRepo,
    retentionMs: config.handoff?.watchRetentionMs,
    clock: opts.clock
  }
  if (config.databaseUrl) {
    return PostgresWatchStore.open({databaseUrl: config.databaseUrl, database: opts.database, log: opts.log, ...limits})
  }
  return FileWatchStore.open(config.dataDir, limits)
}
