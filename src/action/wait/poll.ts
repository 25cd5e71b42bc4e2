// The wait loop: read the source, hand each read to the rollout decision (src/core/rollout/decision.ts), log what
// changed, sleep, until the decision says the rollout ended. Time only comes from the injected clocks and sleep, so
// tests run a 15-minute rollout in milliseconds. The loop decides nothing itself. No @actions dependency.

import type {ReportSource} from '../../core/rollout/types.js'
import {describePending, describeReport, type ContextRow, type Verdict} from '../../core/rollout/verdict.js'
import {
  nextChangeInMs,
  resultOf,
  startRollout,
  stepRollout,
  type Observation,
  type RolloutRules,
  type RolloutState
} from '../../core/rollout/decision.js'
import {WaitError} from '../../core/classify.js'
import {formatDuration} from '../../core/duration.js'
import {jittered} from '../../core/retry.js'

/** Longest hold asked of a long-polling source (keeps proxies and the connector's own cap happy). */
export const LONG_POLL_MAX_MS = 25_000
/** Progress lines ("still pending, time left") at most this often. */
export const PROGRESS_EVERY_MS = 30_000
/** Key of the one-time log line for a snapshot that nothing anchors. */
const UNANCHORED = 'unanchored'
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
  /** `evidence`: a source stage, healthy once its reports show it healthy for `soakMs` (see decision.ts). */
  mode?: RolloutRules['mode']
  intervalMs: number
  /** No commit before C carries a report: how long the expected set must stay the same once healthy. Default `intervalMs`. */
  quietMs?: number
  /** The runner's clock (ms since epoch): the deadline and sleeps. */
  clock: () => number
  /** The reporters' clock (GitHub's), compared with report timestamps for the grace and the soak. Default `clock`. */
  reporterClock?: () => number
  sleep: (ms: number) => Promise<void>
  /** [0, 1); jitters the poll interval. Default Math.random. */
  random?: () => number
  log: WaitLog
  /** Called after each step with the runner's clock (the source's soak lines; the PR comment and the summary's chart). */
  onState?: (state: RolloutState, now: number) => void
}

export interface WaitResult {
  result: 'healthy' | 'failed' | 'timed-out' | 'superseded'
  appliedRevision?: string
  message: string
  verdict: Verdict
  /** The decision's final state (evidence rows, soak start). */
  state: RolloutState
  startedAt: number
  endedAt: number
  /** context -> when this loop first saw it healthy (runner clock), for the summary's "time to healthy". */
  firstHealthyAt: Record<string, number>
}

/** The loop's settings and what it carries from one read to the next besides the decision's state. */
interface Loop {
  readonly opts: WaitOptions
  readonly rules: RolloutRules
  readonly reporterNow: () => number
  readonly deadline: number
  state: RolloutState
  lastProgressAt: number
  /** 0 = the last read succeeded. */
  backoffMs: number
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
  const startedAt = clock()
  const rules: RolloutRules = {
    patterns: opts.patterns,
    healthyDescription: opts.healthyDescription,
    graceMs: opts.graceMs,
    mode: opts.mode ?? 'watch',
    soakMs: opts.soakMs ?? 0,
    quietMs: opts.quietMs ?? opts.intervalMs,
    budgetText: `after ${formatDuration(opts.budgetMs ?? opts.timeoutMs)}`
  }
  const loop: Loop = {
    opts,
    rules,
    reporterNow,
    deadline: startedAt + opts.timeoutMs,
    state: startRollout(rules, reporterNow()),
    lastProgressAt: startedAt,
    backoffMs: 0,
    tick: 0,
    seen: new Map(),
    warned: new Set(),
    firstHealthyAt: {}
  }

  for (;;) {
    loop.tick++
    const pauseMs = await readAndStep(loop)
    const {state} = loop
    const result = resultOf(state.status)
    if (result) {
      return {
        result,
        ...(result === 'healthy' && state.appliedRevision ? {appliedRevision: state.appliedRevision} : {}),
        message: state.reason,
        verdict: state.verdict,
        state,
        startedAt,
        endedAt: clock(),
        firstHealthyAt: loop.firstHealthyAt
      }
    }
    const now = clock()
    if (now - loop.lastProgressAt >= PROGRESS_EVERY_MS) {
      loop.lastProgressAt = now
      opts.log.info(progressLine(loop, loop.deadline - now))
    }
    const idleMs = source.longPoll ? 0 : opts.intervalMs
    const pause = nextPause(pauseMs, {backoffMs: loop.backoffMs, idleMs, soakEndsIn: soakEndsInMs(loop)}, random)
    // Never sleep past the deadline: the next read then happens at the deadline and is the last one.
    if (pause > 0) await opts.sleep(Math.max(0, Math.min(pause, loop.deadline - now)))
  }
}

/** One read and its step; a failed read is an observation too. Returns the pause a rate limit asked for. */
async function readAndStep(loop: Loop): Promise<number | undefined> {
  const {source, log, clock} = loop.opts
  const before = clock()
  let obs: Observation
  let pauseMs: number | undefined
  try {
    const hold = Math.min(
      loop.deadline - before,
      LONG_POLL_MAX_MS,
      nextChangeInMs(loop.rules, loop.state, loop.reporterNow())
    )
    const snapshot = await source.read(source.longPoll ? Math.max(0, hold) : 0)
    loop.backoffMs = 0
    obs = {kind: 'reports', snapshot}
  } catch (error) {
    ;({obs, pauseMs} = onReadError(loop, error))
  }
  const wasSoaking = loop.state.status === 'soaking'
  loop.state = stepRollout(loop.rules, loop.state, obs, {now: loop.reporterNow(), leftMs: loop.deadline - clock()})
  if (obs.kind === 'reports') {
    logChanges(loop, loop.state.verdict.contexts, clock())
    if (obs.snapshot.unanchored && !loop.warned.has(UNANCHORED)) {
      loop.warned.add(UNANCHORED)
      log.info(
        `No commit before this change carries a report (the 100 before it were looked at), so nobody is known to ` +
          `follow this branch: once healthy, waiting ${formatDuration(loop.rules.quietMs)} more for other contexts to appear.`
      )
    }
  }
  if (!wasSoaking && loop.state.status === 'soaking' && loop.rules.mode === 'watch') {
    loop.lastProgressAt = clock()
    log.info(
      `Healthy; soaking for ${formatDuration(loop.rules.soakMs)}: watching the same contexts until the window ends.`
    )
  }
  if (obs.kind === 'reports') {
    log.debug(
      `wait tick ${loop.tick}: ${obs.snapshot.reports.length} report(s) on ${obs.snapshot.commits.length} commit(s); ` +
        loop.state.verdict.patterns.map(p => `${p.pattern}=${p.status}`).join(', ')
    )
  }
  loop.opts.onState?.(loop.state, clock())
  return pauseMs
}

/** A failed read as an observation: warned about once and backed off, or (rate limit) paused for as asked. */
function onReadError(loop: Loop, error: unknown): {obs: Observation; pauseMs?: number} {
  const {log, intervalMs, clock} = loop.opts
  const message = error instanceof Error ? error.message : String(error)
  log.debug(`wait tick ${loop.tick}: read failed: ${message}`)
  if (isFatal(error)) return {obs: {kind: 'unreadable', message, fatal: true}}
  if (error instanceof WaitError && error.kind === 'rate-limit') {
    const waitMs = error.retryInMs ?? MAX_BACKOFF_MS
    if (waitMs <= loop.deadline - clock()) log.warning(`${message}. Waiting ${formatDuration(waitMs)} for it to lift.`)
    return {obs: {kind: 'unreadable', message, retryInMs: waitMs}, pauseMs: waitMs}
  }
  if (!loop.warned.has(message)) {
    loop.warned.add(message)
    log.warning(`Reading the rollout's reports failed (retrying until the timeout): ${message}`)
  }
  loop.backoffMs = Math.min(Math.max(loop.backoffMs, intervalMs) * 2, Math.max(MAX_BACKOFF_MS, intervalMs))
  return {obs: {kind: 'unreadable', message}}
}

/** While soaking (watch mode): how long until the window ends, on the reporters' clock. */
function soakEndsInMs(loop: Loop): number | undefined {
  const since = loop.state.memory.healthySince
  if (loop.state.status !== 'soaking' || since === undefined) return undefined
  return since + loop.rules.soakMs - loop.reporterNow()
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
function progressLine(loop: Loop, leftMs: number): string {
  const {verdict} = loop.state
  const reporterNow = loop.reporterNow()
  const soakLeft = soakEndsInMs(loop)
  if (soakLeft !== undefined && verdict.status === 'healthy') {
    return `Soaking: healthy, ${formatDuration(Math.max(0, soakLeft))} of the soak left (${formatDuration(leftMs)} of the timeout).`
  }
  const pending = verdict.patterns.filter(p => p.status !== 'healthy').map(p => describePending(p, reporterNow))
  const soaking = soakLeft !== undefined ? ` during the soak, ${formatDuration(Math.max(0, soakLeft))} of it left` : ''
  return `Waiting for ${pending.join('; ')} (${formatDuration(leftMs)} left${soaking})`
}

/**
 * The pause before the next read: what a rate limit asked for (exact), else the error backoff or the interval
 * (jittered). A long-polling source waits inside read(), so `idleMs` is 0 for it and only errors pause it: a down
 * connector is not hammered. While soaking, wake when the window ends rather than an interval later.
 */
function nextPause(
  askedMs: number | undefined,
  {backoffMs, idleMs, soakEndsIn}: {backoffMs: number; idleMs: number; soakEndsIn: number | undefined},
  random: () => number
): number {
  if (askedMs !== undefined) return askedMs
  let pause = backoffMs > 0 ? backoffMs : idleMs
  if (soakEndsIn !== undefined && soakEndsIn > 0 && soakEndsIn < pause) pause = soakEndsIn
  return pause > 0 ? jittered(pause, 0.1, random) : 0
}

/** An error that means waiting longer cannot help: a permission, a wrong URL, C no longer on the branch. */
function isFatal(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as {fatal?: unknown}).fatal === true
}
