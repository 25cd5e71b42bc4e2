// The wait loop: read the source, judge, log what changed, until healthy, failed past the grace, or the timeout.
// Time only comes from the injected clock and sleep, so tests run a 15-minute rollout in milliseconds.

import type {ReportSource} from './types.js'
import {
  describePending,
  describeReport,
  judge,
  renderFailure,
  renderHealthy,
  renderTimeout,
  type ContextRow,
  type Verdict
} from './verdict.js'
import {formatDuration} from '../duration.js'

/** Longest hold asked of a long-polling source (keeps proxies and the connector's own cap happy). */
export const LONG_POLL_MAX_MS = 25_000
/** Progress lines ("still pending, time left") at most this often. */
export const PROGRESS_EVERY_MS = 30_000
/** Ceiling of the error backoff. */
export const MAX_BACKOFF_MS = 60_000

export interface WaitLog {
  info(msg: string): void
  debug(msg: string): void
  warning(msg: string): void
}

export interface WaitOptions {
  source: ReportSource
  patterns: string[]
  healthyDescription: string
  graceMs: number
  timeoutMs: number
  intervalMs: number
  /** ms since epoch; compared with the reports' own timestamps for the grace. */
  clock: () => number
  sleep: (ms: number) => Promise<void>
  /** [0, 1); jitters the poll interval. Default Math.random. */
  random?: () => number
  log: WaitLog
}

export interface WaitResult {
  result: 'healthy' | 'failed' | 'timed-out'
  appliedRevision?: string
  message: string
  verdict: Verdict
  startedAt: number
  endedAt: number
  /** context -> when this loop first saw it healthy (ms since epoch), for the summary's "time to healthy". */
  firstHealthyAt: Record<string, number>
}

export async function waitForRollout(opts: WaitOptions): Promise<WaitResult> {
  if (opts.patterns.length === 0) throw new Error('No context patterns to wait for.')
  const {source, log, clock} = opts
  const random = opts.random ?? Math.random
  const judgeAt = (snapshot: Parameters<typeof judge>[0], now: number) =>
    judge(snapshot, {patterns: opts.patterns, healthyDescription: opts.healthyDescription, graceMs: opts.graceMs, now})

  const startedAt = clock()
  const deadline = startedAt + opts.timeoutMs
  const firstHealthyAt: Record<string, number> = {}
  const seen = new Map<string, string>() // context -> last logged state key
  const warned = new Set<string>()
  let verdict = judgeAt({commits: [], reports: []}, startedAt)
  let lastProgressAt = startedAt
  let backoffMs = 0 // 0 = the last read succeeded
  let tick = 0

  const done = (result: WaitResult['result'], message: string): WaitResult => ({
    result,
    ...(result === 'healthy' && verdict.appliedRevision ? {appliedRevision: verdict.appliedRevision} : {}),
    message,
    verdict,
    startedAt,
    endedAt: clock(),
    firstHealthyAt
  })

  for (;;) {
    tick++
    const before = clock()
    try {
      const snapshot = await source.read(
        source.longPoll ? Math.max(0, Math.min(holdUntil() - before, LONG_POLL_MAX_MS)) : 0
      )
      backoffMs = 0
      const now = clock()
      verdict = judgeAt(snapshot, now)
      logChanges(verdict.contexts, now)
      log.debug(
        `wait tick ${tick}: ${snapshot.reports.length} report(s) on ${snapshot.commits.length} commit(s); ` +
          verdict.patterns.map(p => `${p.pattern}=${p.status}`).join(', ')
      )
      if (verdict.status === 'healthy') return done('healthy', renderHealthy(verdict))
      if (verdict.status === 'failed') return done('failed', renderFailure(verdict))
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error)
      if (isFatal(error)) return done('failed', message)
      if (!warned.has(message)) {
        warned.add(message)
        log.warning(`Reading the rollout's reports failed (retrying until the timeout): ${message}`)
      }
      log.debug(`wait tick ${tick}: read failed: ${message}`)
      backoffMs = Math.min(Math.max(backoffMs, opts.intervalMs) * 2, Math.max(MAX_BACKOFF_MS, opts.intervalMs))
    }

    const now = clock()
    if (now >= deadline) return done('timed-out', renderTimeout(verdict, opts.timeoutMs))
    if (now - lastProgressAt >= PROGRESS_EVERY_MS) {
      lastProgressAt = now
      const pending = verdict.patterns.filter(p => p.status !== 'healthy').map(p => describePending(p, now))
      log.info(`Waiting for ${pending.join('; ')} (${formatDuration(deadline - now)} left)`)
    }

    // A long-polling source waits inside read(); sleep only after an error, so a down connector is not hammered.
    const pause = backoffMs > 0 ? backoffMs : source.longPoll ? 0 : opts.intervalMs
    if (pause > 0) {
      const jittered = Math.round(pause * (0.9 + 0.2 * random()))
      // Never sleep past the deadline: the next read then happens at the deadline and is the last one.
      await opts.sleep(Math.max(0, Math.min(jittered, deadline - now)))
    }
  }

  /**
   * When a long poll must be answered even if nothing changes: the deadline, or the moment a failing pattern passes
   * its grace (the verdict turns failed then without any new report, and must not wait for the hold to run out).
   */
  function holdUntil(): number {
    let until = deadline
    for (const p of verdict.patterns) {
      if (p.status === 'failing' && p.failingSince !== undefined)
        until = Math.min(until, p.failingSince + opts.graceMs + 1)
    }
    return until
  }

  function logChanges(rows: ContextRow[], now: number): void {
    for (const row of rows) {
      if (!row.report) continue
      const key = `${row.health}|${row.report.state}|${row.report.commit}|${row.report.description}`
      if (seen.get(row.context) === key) continue
      seen.set(row.context, key)
      const label = row.health === 'pending' && row.report.state === 'success' ? ' (not healthy yet)' : ''
      log.info(`${describeReport(row.report)}${label}`)
      if (row.health === 'healthy' && firstHealthyAt[row.context] === undefined) firstHealthyAt[row.context] = now
    }
  }
}

/** An error that means waiting longer cannot help, e.g. C is no longer on the branch (revision.ts). */
function isFatal(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as {fatal?: unknown}).fatal === true
}
