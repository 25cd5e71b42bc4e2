// The wait loop: read the source, judge, log what changed, until healthy (and soaked), failed past the grace,
// superseded, or the budget is spent. Time only comes from the injected clocks and sleep, so tests run a 15-minute
// rollout in milliseconds. No @actions dependency.

import type {ReportSource} from './types.js'
import {
  describePending,
  describeReport,
  judge,
  renderFailure,
  renderHealthy,
  renderSuperseded,
  renderTimeout,
  type ContextRow,
  type Verdict
} from './verdict.js'
import {WaitError} from './errors.js'
import {formatDuration} from '../duration.js'
import {jittered} from '../retry.js'

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
  /** Time left for this wait: what the run's budget has left when the wait starts. */
  timeoutMs: number
  /** The whole budget (`timeout`), for the timeout message. Default `timeoutMs`. */
  budgetMs?: number
  /** After healthy, keep watching this long (on the reporters' clock). Default 0. */
  soakMs?: number
  intervalMs: number
  /** The runner's clock (ms since epoch): the deadline and sleeps. */
  clock: () => number
  /** The reporters' clock (GitHub's), compared with report timestamps for the grace and the soak. Default `clock`. */
  reporterClock?: () => number
  sleep: (ms: number) => Promise<void>
  /** [0, 1); jitters the poll interval. Default Math.random. */
  random?: () => number
  log: WaitLog
}

export interface WaitResult {
  result: 'healthy' | 'failed' | 'timed-out' | 'superseded'
  appliedRevision?: string
  message: string
  verdict: Verdict
  startedAt: number
  endedAt: number
  /** context -> when this loop first saw it healthy (runner clock), for the summary's "time to healthy". */
  firstHealthyAt: Record<string, number>
}

export async function waitForRollout(opts: WaitOptions): Promise<WaitResult> {
  if (opts.patterns.length === 0) throw new Error('No context patterns to wait for.')
  const {source, log, clock} = opts
  const reporterNow = opts.reporterClock ?? clock
  const random = opts.random ?? Math.random
  const soakMs = opts.soakMs ?? 0
  const budgetMs = opts.budgetMs ?? opts.timeoutMs

  const startedAt = clock()
  const deadline = startedAt + opts.timeoutMs
  const firstHealthyAt: Record<string, number> = {}
  const seen = new Map<string, string>() // context -> last logged state key
  const warned = new Set<string>()
  let verdict = judge({commits: [], reports: []}, {...judgeOptions(), now: reporterNow()})
  let lastProgressAt = startedAt
  let backoffMs = 0 // 0 = the last read succeeded
  let lastError: string | undefined
  /** Soak: healthy since (reporters' clock) and the window's end; undefined until first healthy. */
  let soak: Soak | undefined
  let tick = 0

  function judgeOptions() {
    return {patterns: opts.patterns, healthyDescription: opts.healthyDescription, graceMs: opts.graceMs}
  }

  const done = (result: WaitResult['result'], message: string): WaitResult => ({
    result,
    ...(result === 'healthy' && verdict.appliedRevision ? {appliedRevision: verdict.appliedRevision} : {}),
    message,
    verdict,
    startedAt,
    endedAt: clock(),
    firstHealthyAt
  })
  const withLastError = (message: string): string =>
    lastError ? `${message}\nLast error while reading the reports: ${lastError}` : message

  for (;;) {
    tick++
    const before = clock()
    let pauseMs: number | undefined
    try {
      const snapshot = await source.read(
        source.longPoll ? Math.max(0, Math.min(deadline - before, LONG_POLL_MAX_MS, nextEventIn())) : 0
      )
      backoffMs = 0
      const now = reporterNow()
      verdict = judge(snapshot, {
        ...judgeOptions(),
        now,
        failingSince: verdict.failingSince,
        strict: soak !== undefined
      })
      logChanges(verdict.contexts, clock())
      log.debug(
        `wait tick ${tick}: ${snapshot.reports.length} report(s) on ${snapshot.commits.length} commit(s); ` +
          verdict.patterns.map(p => `${p.pattern}=${p.status}`).join(', ')
      )
      if (verdict.status === 'failed') {
        const during = soak ? `During the soak (healthy since ${formatDuration(now - soak.since)} ago): ` : ''
        return done('failed', during + renderFailure(verdict))
      }
      if (verdict.status === 'superseded') return done('superseded', renderSuperseded(verdict))
      if (verdict.status === 'healthy') {
        if (soakMs <= 0) return done('healthy', renderHealthy(verdict))
        if (soak === undefined) {
          soak = {since: now, until: now + soakMs}
          lastProgressAt = clock()
          log.info(`Healthy; soaking for ${formatDuration(soakMs)}: watching the same contexts until the window ends.`)
        } else if (now >= soak.until) {
          return done(
            'healthy',
            `${renderHealthy(verdict)}\nStayed healthy through the soak (${formatDuration(soakMs)}).`
          )
        }
      }
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error)
      lastError = message
      if (isFatal(error)) return done('failed', message)
      if (error instanceof WaitError && error.kind === 'rate-limit') {
        const waitMs = error.retryInMs ?? MAX_BACKOFF_MS
        const left = deadline - clock()
        if (waitMs > left) {
          return done(
            'timed-out',
            `${message}. It lifts in ${formatDuration(waitMs)}, after the timeout (${formatDuration(left)} left).`
          )
        }
        log.warning(`${message}. Waiting ${formatDuration(waitMs)} for it to lift.`)
        pauseMs = waitMs
      } else {
        if (!warned.has(message)) {
          warned.add(message)
          log.warning(`Reading the rollout's reports failed (retrying until the timeout): ${message}`)
        }
        backoffMs = Math.min(Math.max(backoffMs, opts.intervalMs) * 2, Math.max(MAX_BACKOFF_MS, opts.intervalMs))
      }
      log.debug(`wait tick ${tick}: read failed: ${message}`)
    }

    const now = clock()
    if (now >= deadline) {
      const message = soak
        ? `Timed out after ${formatDuration(budgetMs)} during the soak: healthy for ` +
          `${formatDuration(reporterNow() - soak.since)} of the ${formatDuration(soakMs)} asked.`
        : renderTimeout(verdict, budgetMs)
      return done('timed-out', withLastError(message))
    }
    if (now - lastProgressAt >= PROGRESS_EVERY_MS) {
      lastProgressAt = now
      log.info(progressLine(verdict, soak, deadline - now, reporterNow()))
    }
    const pause = nextPause(pauseMs, backoffMs, source.longPoll ? 0 : opts.intervalMs, soak, reporterNow(), random)
    // Never sleep past the deadline: the next read then happens at the deadline and is the last one.
    if (pause > 0) await opts.sleep(Math.max(0, Math.min(pause, deadline - now)))
  }

  /** How long until the verdict can change without a new report: a grace running out, or the soak window ending. */
  function nextEventIn(): number {
    const now = reporterNow()
    let next = Infinity
    for (const p of verdict.patterns) {
      if (p.status === 'failing' && p.failingSince !== undefined)
        next = Math.min(next, p.failingSince + opts.graceMs - now + 1)
    }
    if (soak) next = Math.min(next, soak.until - now)
    return Math.max(0, next)
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

/** The periodic "still waiting" line: what is pending (or how much of the soak is left) and the time left. */
function progressLine(verdict: Verdict, soak: Soak | undefined, leftMs: number, reporterNow: number): string {
  if (soak && verdict.status === 'healthy') {
    const left = Math.max(0, soak.until - reporterNow)
    return `Soaking: healthy, ${formatDuration(left)} of the soak left (${formatDuration(leftMs)} of the timeout).`
  }
  const pending = verdict.patterns.filter(p => p.status !== 'healthy').map(p => describePending(p, reporterNow))
  const soaking = soak ? ` during the soak, ${formatDuration(Math.max(0, soak.until - reporterNow))} of it left` : ''
  return `Waiting for ${pending.join('; ')} (${formatDuration(leftMs)} left${soaking})`
}

/**
 * The pause before the next read: what a rate limit asked for (exact), else the error backoff or the interval
 * (jittered). A long-polling source waits inside read(), so `idleMs` is 0 for it and only errors pause it: a down
 * connector is not hammered. While soaking, wake when the window ends rather than an interval later.
 */
function nextPause(
  askedMs: number | undefined,
  backoffMs: number,
  idleMs: number,
  soak: Soak | undefined,
  reporterNow: number,
  random: () => number
): number {
  if (askedMs !== undefined) return askedMs
  let pause = backoffMs > 0 ? backoffMs : idleMs
  if (soak) {
    const toEnd = soak.until - reporterNow
    if (toEnd > 0 && toEnd < pause) pause = toEnd
  }
  return pause > 0 ? jittered(pause, 0.1, random) : 0
}

/** Soak: healthy since (reporters' clock) and the window's end. */
interface Soak {
  since: number
  until: number
}

/** An error that means waiting longer cannot help: a permission, a wrong URL, C no longer on the branch. */
function isFatal(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as {fatal?: unknown}).fatal === true
}
