// The wait loop: read the source, judge, log what changed, until healthy (and soaked), failed past the grace,
// superseded, or the budget is spent. Time only comes from the injected clocks and sleep, so tests run a 15-minute
// rollout in milliseconds. No @actions dependency.

import type {ReportSource} from '../../core/rollout/types.js'
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
} from '../../core/rollout/verdict.js'
import {WaitError} from '../../core/classify.js'
import {formatDuration} from '../../core/duration.js'
import {jittered} from '../../core/retry.js'

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
  /** Called after each judgement with the runner's clock (the PR comment and the summary's chart follow it). */
  onVerdict?: (verdict: Verdict, now: number) => void
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

/** How a wait ends, before the common fields are added. */
interface Ending {
  result: WaitResult['result']
  message: string
}

/** The loop's settings and the state carried from one read to the next. */
interface Loop {
  readonly opts: WaitOptions
  readonly reporterNow: () => number
  readonly soakMs: number
  readonly deadline: number
  verdict: Verdict
  /** Soak: healthy since (reporters' clock) and the window's end; undefined until first healthy. */
  soak: Soak | undefined
  lastProgressAt: number
  /** 0 = the last read succeeded. */
  backoffMs: number
  lastError: string | undefined
  tick: number
  /** context -> last logged state key. */
  readonly seen: Map<string, string>
  readonly warned: Set<string>
  readonly firstHealthyAt: Record<string, number>
}

export async function waitForRollout(opts: WaitOptions): Promise<WaitResult> {
  if (opts.patterns.length === 0) throw new Error('No context patterns to wait for.')
  const {source, clock} = opts
  const reporterNow = opts.reporterClock ?? clock
  const random = opts.random ?? Math.random
  const budgetMs = opts.budgetMs ?? opts.timeoutMs

  const startedAt = clock()
  const deadline = startedAt + opts.timeoutMs
  const loop: Loop = {
    opts,
    reporterNow,
    soakMs: opts.soakMs ?? 0,
    deadline,
    verdict: judge({commits: [], reports: []}, {...judgeOptions(opts), now: reporterNow()}),
    soak: undefined,
    lastProgressAt: startedAt,
    backoffMs: 0,
    lastError: undefined,
    tick: 0,
    seen: new Map(),
    warned: new Set(),
    firstHealthyAt: {}
  }

  const done = ({result, message}: Ending): WaitResult => ({
    result,
    ...(result === 'healthy' && loop.verdict.appliedRevision ? {appliedRevision: loop.verdict.appliedRevision} : {}),
    message,
    verdict: loop.verdict,
    startedAt,
    endedAt: clock(),
    firstHealthyAt: loop.firstHealthyAt
  })

  for (;;) {
    loop.tick++
    const before = clock()
    let pauseMs: number | undefined
    try {
      const ending = await readAndJudge(loop, before)
      if (ending) return done(ending)
    } catch (error) {
      const handled = onReadError(loop, error)
      if ('result' in handled) return done(handled)
      pauseMs = handled.pauseMs
    }

    const now = clock()
    if (now >= deadline) return done({result: 'timed-out', message: timeoutMessage(loop, budgetMs)})
    if (now - loop.lastProgressAt >= PROGRESS_EVERY_MS) {
      loop.lastProgressAt = now
      opts.log.info(progressLine(loop.verdict, loop.soak, deadline - now, reporterNow()))
    }
    const idleMs = source.longPoll ? 0 : opts.intervalMs
    const pause = nextPause(pauseMs, loop.backoffMs, idleMs, loop.soak, reporterNow(), random)
    // Never sleep past the deadline: the next read then happens at the deadline and is the last one.
    if (pause > 0) await opts.sleep(Math.max(0, Math.min(pause, deadline - now)))
  }
}

function judgeOptions(opts: WaitOptions) {
  return {patterns: opts.patterns, healthyDescription: opts.healthyDescription, graceMs: opts.graceMs}
}

/** One read of the source and its judgement; the ending when it decides the wait. Throws what the read throws. */
async function readAndJudge(loop: Loop, before: number): Promise<Ending | undefined> {
  const {source, log, clock} = loop.opts
  const snapshot = await source.read(
    source.longPoll ? Math.max(0, Math.min(loop.deadline - before, LONG_POLL_MAX_MS, nextEventIn(loop))) : 0
  )
  loop.backoffMs = 0
  const now = loop.reporterNow()
  loop.verdict = judge(snapshot, {
    ...judgeOptions(loop.opts),
    now,
    failingSince: loop.verdict.failingSince,
    strict: loop.soak !== undefined
  })
  loop.opts.onVerdict?.(loop.verdict, clock())
  logChanges(loop, loop.verdict.contexts, clock())
  log.debug(
    `wait tick ${loop.tick}: ${snapshot.reports.length} report(s) on ${snapshot.commits.length} commit(s); ` +
      loop.verdict.patterns.map(p => `${p.pattern}=${p.status}`).join(', ')
  )
  return settle(loop, now)
}

/** What the new verdict means for the wait: an ending, or undefined to keep watching (starting the soak if due). */
function settle(loop: Loop, now: number): Ending | undefined {
  const {verdict, soak, soakMs} = loop
  if (verdict.status === 'failed') {
    const during = soak ? `During the soak (healthy since ${formatDuration(now - soak.since)} ago): ` : ''
    return {result: 'failed', message: during + renderFailure(verdict)}
  }
  if (verdict.status === 'superseded') return {result: 'superseded', message: renderSuperseded(verdict)}
  if (verdict.status !== 'healthy') return undefined
  if (soakMs <= 0) return {result: 'healthy', message: renderHealthy(verdict)}
  if (soak === undefined) {
    loop.soak = {since: now, until: now + soakMs}
    loop.lastProgressAt = loop.opts.clock()
    loop.opts.log.info(
      `Healthy; soaking for ${formatDuration(soakMs)}: watching the same contexts until the window ends.`
    )
  } else if (now >= soak.until) {
    return {
      result: 'healthy',
      message: `${renderHealthy(verdict)}\nStayed healthy through the soak (${formatDuration(soakMs)}).`
    }
  }
  return undefined
}

/**
 * A failed read: fatal errors end the wait; a rate limit pauses for as long as it asks (or ends the wait when that
 * is past the deadline); anything else is warned about once and backs off.
 */
function onReadError(loop: Loop, error: unknown): Ending | {pauseMs?: number} {
  const {log, clock, intervalMs} = loop.opts
  const message = error instanceof Error ? error.message : String(error)
  loop.lastError = message
  if (isFatal(error)) return {result: 'failed', message}
  let pauseMs: number | undefined
  if (error instanceof WaitError && error.kind === 'rate-limit') {
    const waitMs = error.retryInMs ?? MAX_BACKOFF_MS
    const left = loop.deadline - clock()
    if (waitMs > left) {
      return {
        result: 'timed-out',
        message: `${message}. It lifts in ${formatDuration(waitMs)}, after the timeout (${formatDuration(left)} left).`
      }
    }
    log.warning(`${message}. Waiting ${formatDuration(waitMs)} for it to lift.`)
    pauseMs = waitMs
  } else {
    if (!loop.warned.has(message)) {
      loop.warned.add(message)
      log.warning(`Reading the rollout's reports failed (retrying until the timeout): ${message}`)
    }
    loop.backoffMs = Math.min(Math.max(loop.backoffMs, intervalMs) * 2, Math.max(MAX_BACKOFF_MS, intervalMs))
  }
  log.debug(`wait tick ${loop.tick}: read failed: ${message}`)
  return {pauseMs}
}

/** The timeout message, with the last read error when there was one. */
function timeoutMessage(loop: Loop, budgetMs: number): string {
  const {soak} = loop
  const message = soak
    ? `Timed out after ${formatDuration(budgetMs)} during the soak: healthy for ` +
      `${formatDuration(loop.reporterNow() - soak.since)} of the ${formatDuration(loop.soakMs)} asked.`
    : renderTimeout(loop.verdict, budgetMs)
  return loop.lastError ? `${message}\nLast error while reading the reports: ${loop.lastError}` : message
}

/** How long until the verdict can change without a new report: a grace running out, or the soak window ending. */
function nextEventIn(loop: Loop): number {
  const now = loop.reporterNow()
  let next = Infinity
  for (const p of loop.verdict.patterns) {
    if (p.status === 'failing' && p.failingSince !== undefined)
      next = Math.min(next, p.failingSince + loop.opts.graceMs - now + 1)
  }
  if (loop.soak) next = Math.min(next, loop.soak.until - now)
  return Math.max(0, next)
}

/** Logs each context whose report changed since the last read, and notes when each first turned healthy. */
function logChanges(loop: Loop, rows: ContextRow[], now: number): void {
  for (const row of rows) {
    if (!row.report) continue
    const key = `${row.health}|${row.report.state}|${row.report.commit}|${row.report.description}`
    if (loop.seen.get(row.context) === key) continue
    loop.seen.set(row.context, key)
    const label = row.health === 'pending' && row.report.state === 'success' ? ' (not healthy yet)' : ''
    loop.opts.log.info(`${describeReport(row.report)}${label}`)
    if (row.health === 'healthy' && loop.firstHealthyAt[row.context] === undefined)
      loop.firstHealthyAt[row.context] = now
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
