// The wait's contract. Sources (GitHub statuses/check runs, the connector) produce Snapshots; verdict.ts judges them.

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
  /** When the report was made (ms since epoch): `updated_at`/`created_at`, `completed_at`, or the event timestamp. */
  at: number
  source: 'status' | 'check-run' | 'connector'
  url?: string
}

export interface Snapshot {
  /** C first, then every commit of the branch that contains C, oldest to newest (the head last). */
  commits: string[]
  /** Reports on any commit; those on commits not in `commits` are ignored by the verdict. */
  reports: Report[]
}

export interface ReportSource {
  /** Reads the current reports. A long-polling source may hold the call up to `maxWaitMs` waiting for a change. */
  read(maxWaitMs: number): Promise<Snapshot>
  /** True when `read` itself waits for changes (then the poll loop does not sleep between reads). */
  readonly longPoll: boolean
}
