// The one interface the HTTP server uses to keep Flux object state, whatever holds it (a file log here, PostgreSQL
// for replicas). Every implementation keeps the same rules: events ordered by (timestamp, arrival), older ones
// recorded but without effect, duplicates harmless, `version` counting state changes and never going back, and an
// append resolves only once the event is durable.
import type {ConnectorObject, ParsedEvent} from '../events.js'
import type {ConnectorMetrics} from '../metrics.js'

/** The store cannot take the event now (its database fails or hangs): answer 503, the client retries. */
export class StoreUnavailable extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'StoreUnavailable'
  }
}

export type AppendOutcome = 'changed' | 'unchanged' | 'stale'

export interface AppendResult {
  /** Identifies the stored event (unique per store, not a version). */
  seq: number
  /** The state version once this event was applied (the current one if it changed nothing). */
  version: number
  result: AppendOutcome
}

export interface ConnectorStore {
  /** Which implementation: `file` or `postgres` (logs and metrics). */
  readonly kind: string
  /** The version of the state `objects()` returns; a reader that saw version V has seen every change <= V. */
  readonly version: number
  /** Objects sorted by cluster, kind, namespace, name; the same array until the next change. */
  objects(): ConnectorObject[]
  /** Called after each durable change of the state (from this process or, for a shared store, another replica). */
  onChange(listener: (version: number) => void): () => void
  /** Resolves once the event is durable and `objects()` includes its effect; rejects when it could not be stored. */
  append(raw: unknown, event: ParsedEvent): Promise<AppendResult>
  /** Drops objects last heard of before `now - retention`; resolves to how many went. Also runs on a timer. */
  prune(now?: number): Promise<number>
  /** Finishes pending writes, stops timers and listeners. */
  close(): Promise<void>
  /** Whether the store can take events now (a shared store: the database answers). Absent: always. */
  ready?(): boolean
}

export interface StoreCommonOptions {
  metrics?: ConnectorMetrics
  log?: (msg: string) => void
  /** Objects not heard of (no event at all, even a stale one) for this long are pruned. */
  retentionMs: number
  /** How often the retention timer runs; default an hour (or the retention, when shorter). 0 turns it off. */
  pruneIntervalMs?: number
  /** The clock for `heard` times and pruning: required, so no test runs on the real one unawares. */
  clock: () => number
  /**
   * A failure after which the store must not go on serving (a write or fsync error on the file log: the log may be
   * torn, and only a restart's repair makes it sound again). The process should end; appends are refused meanwhile.
   */
  onFatal: (err: unknown) => void
}

export function defaultPruneInterval(retentionMs: number): number {
  return Math.max(1000, Math.min(3_600_000, retentionMs))
}
