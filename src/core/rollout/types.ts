// The wait's contract. Sources (GitHub statuses/check runs, the connector) produce Snapshots; verdict.ts judges them.
// Nothing here depends on @actions/*: the connector reuses these types and rules for handed-off waits.

export type ReportState = 'success' | 'failure' | 'pending'

/** One report about one context on one commit: a commit status, a check run, or a connector object. */
export interface Report {
  /** Status context, check-run name, or `cluster/Kind/namespace/name` for the connector. */
  context: string
  state: ReportState
  /** Status description, check-run title/summary, or the connector's reason + message. */
  description: string
  /** The 40-hex gitops commit the report is about. */
  commit: string
  /** When the report was made (ms since epoch, the reporter's clock): `updated_at`/`created_at`, `completed_at`, or the event timestamp. */
  at: number
  source: 'status' | 'check-run' | 'connector'
  url?: string
}

/** A descendant of C that no longer holds the written values: what it holds instead. */
export interface Supersession {
  /** The descendant (40 hex) whose files were read. */
  commit: string
  file: string
  /** 1-based line of the value at `commit`, when the reference is still there. */
  line?: number
  /** The value `commit` holds where this run wrote `wrote` (e.g. `6.16.0`), or a sentence when it is gone. */
  value: string
  /** The value this run wrote there. */
  wrote?: string
}

export interface Snapshot {
  /** C first, then every commit of the branch that contains C, oldest to newest (the head last). */
  commits: string[]
  /** B: C's first parent (the head the change was made on). Contexts that reported on it are expected. */
  base?: string
  /** Reports on any commit; only those on `base` (for the expected set) and on `commits` are read. */
  reports: Report[]
  /** Descendants of C that no longer hold the written values. A descendant not listed holds them. */
  superseded?: ReadonlyMap<string, Supersession>
  /**
   * Contexts known to follow this branch although they have not reported on `base` (connector mode: objects whose
   * newest state named a commit of the branch's history when the wait started). They are expected too.
   */
  baseline?: readonly string[]
  /**
   * No commit before C (B, or its nearest first-parent ancestors) carries a report: the expected set is only who
   * reports from now on, so one quiet interval must pass before healthy (a fast context never ends the wait alone).
   */
  unanchored?: boolean
}

export interface ReportSource {
  /** Reads the current reports. A long-polling source may hold the call up to `maxWaitMs` waiting for a change. */
  read(maxWaitMs: number): Promise<Snapshot>
  /** True when `read` itself waits for changes (then the poll loop does not sleep between reads). */
  readonly longPoll: boolean
}
