// The one place that decides when a rollout ends. A pure step function: (rules, state, observation, time) -> the
// next state, whose `status` is the verdict. The action's wait (both modes), the source stage's evidence and the
// connector's watches all drive it; none of them decides on its own that a rollout is over.
//
// - `judge` (verdict.ts) reads one snapshot: expected sets, the report that counts per context, failure-grace,
//   superseded. The step adds what spans snapshots: the grace clock carried from one judgement to the next, the soak,
//   the budget, and what a failed read means.
// - Ended states (healthy, soaked, failed, superseded, timed-out) absorb every later observation.
// - `memory` is the part worth keeping across a restart (plain JSON): the connector stores it with the watch.
import {formatDuration} from '../duration.js'
import {soakReading, type EvidenceRow} from './source-evidence.js'
import type {Report, Snapshot} from './types.js'
import {
  describeReport,
  describeSupersession,
  judge,
  renderFailure,
  renderHealthy,
  renderSuperseded,
  renderTimeout,
  type Verdict
} from './verdict.js'

export type RolloutStatus = 'pending' | 'soaking' | 'healthy' | 'soaked' | 'failed' | 'superseded' | 'timed-out'

export interface RolloutRules {
  patterns: readonly string[]
  /** Glob a commit status's description must match for `success` to mean healthy. */
  healthyDescription: string
  graceMs: number
  /**
   * `watch` (a rollout: after healthy, keep watching `soakMs` more, strictly) or `evidence` (a source stage: healthy
   * once its own reports show it healthy for `soakMs`; a soak that cannot end within the budget ends the wait).
   */
  mode: 'watch' | 'evidence'
  soakMs: number
  /**
   * When no commit before C carries a report (`Snapshot.unanchored`): how long the expected set must stay the same
   * after it first looks healthy before it counts (one poll interval, at least 10 s). 0: no such wait.
   */
  quietMs: number
  /** How the budget reads in a timeout message: `after 15m`, `at 2026-01-01T00:00:00.000Z`. */
  budgetText: string
}

/** What survives a restart. Times are on the reporters' clock (GitHub's, or Flux's through the connector). */
export interface RolloutMemory {
  /** context -> start of its failing streak (the failure-grace clock). */
  failingSince?: Record<string, number>
  /** watch: when the soak window opened (first healthy); evidence: since when the source has been healthy. */
  healthySince?: number
  /** unanchored: since when the expected set has looked healthy with these contexts. */
  quiet?: {since: number; contexts: string[]}
}

export interface RolloutState {
  readonly status: RolloutStatus
  /** Ended: the message a person reads (Flux's own words for failures). */
  readonly reason: string
  readonly appliedRevision?: string
  readonly verdict: Verdict
  readonly snapshot: Snapshot
  readonly memory: RolloutMemory
  /** The last read error while still pending: the timeout message carries it. */
  readonly lastError?: string
  /** evidence mode: the rows people read (each context of the source and since when it is healthy). */
  readonly evidence?: readonly EvidenceRow[]
}

export type Observation =
  /** A fresh read of the reports. */
  | {kind: 'reports'; snapshot: Snapshot}
  /** Time passed without a read (a grace or the soak may run out). */
  | {kind: 'tick'}
  /**
   * A read failed. `fatal`: waiting cannot help (a permission, C gone from the branch). `retryInMs`: a rate limit
   * that lifts then; past the budget it ends the wait.
   */
  | {kind: 'unreadable'; message: string; fatal?: boolean; retryInMs?: number}

/** `now` on the reporters' clock; `leftMs` what is left of the budget (0 or less: spent). */
export interface StepTime {
  now: number
  leftMs: number
}

/** The quiet interval's floor, and its value for a handed-off watch that names none. */
export const DEFAULT_QUIET_MS = 10_000

const ENDED: ReadonlySet<RolloutStatus> = new Set(['healthy', 'soaked', 'failed', 'superseded', 'timed-out'])

export function isEnded(status: RolloutStatus): boolean {
  return ENDED.has(status)
}

/** The state before any report: pending, with `memory` from an earlier run of the same watch when there is one. */
export function startRollout(rules: RolloutRules, now: number, memory: RolloutMemory = {}): RolloutState {
  const snapshot: Snapshot = {commits: [], reports: []}
  return {status: 'pending', reason: '', verdict: judgeWith(rules, snapshot, now, memory), snapshot, memory}
}

export function stepRollout(rules: RolloutRules, state: RolloutState, obs: Observation, time: StepTime): RolloutState {
  if (isEnded(state.status)) return state
  if (obs.kind === 'unreadable') return unreadable(rules, state, obs, time)
  const snapshot = obs.kind === 'reports' ? obs.snapshot : state.snapshot
  const verdict = judgeWith(rules, snapshot, time.now, state.memory)
  const failingSince = Object.fromEntries(verdict.failingSince)
  const next: RolloutState = {
    ...state,
    snapshot,
    verdict,
    memory: {...state.memory, failingSince},
    ...(obs.kind === 'reports' ? {lastError: undefined} : {})
  }
  const settled = rules.mode === 'watch' ? settleWatch(rules, next, time) : settleEvidence(rules, next, time)
  if (isEnded(settled.status) || time.leftMs > 0) return settled
  return {...settled, status: 'timed-out', reason: timeoutReason(rules, settled, time.now)}
}

/** How long until the state can change without a new report: a grace running out, or the soak window ending. */
export function nextChangeInMs(rules: RolloutRules, state: RolloutState, now: number): number {
  let next = Infinity
  for (const p of state.verdict.patterns) {
    if (p.status === 'failing' && p.failingSince !== undefined)
      next = Math.min(next, p.failingSince + rules.graceMs - now + 1)
  }
  // The soak's end matters only while it is ahead: once the window has passed, a pending rollout (a later commit
  // being applied) changes only with a new report, so a long-poll may hold its whole time.
  const soakEnd = state.status === 'soaking' ? (state.memory.healthySince ?? -Infinity) + rules.soakMs : -Infinity
  if (soakEnd > now) next = Math.min(next, soakEnd - now)
  const quiet = state.snapshot.unanchored ? state.memory.quiet : undefined
  if (quiet && quiet.since + rules.quietMs > now) next = Math.min(next, quiet.since + rules.quietMs - now)
  return Math.max(0, next)
}

/** The outcome a caller reports: `soaked` is a healthy rollout that also stayed healthy through its soak. */
export function resultOf(status: RolloutStatus): 'healthy' | 'failed' | 'superseded' | 'timed-out' | undefined {
  if (status === 'healthy' || status === 'soaked') return 'healthy'
  if (status === 'failed' || status === 'superseded' || status === 'timed-out') return status
  return undefined
}

function judgeWith(rules: RolloutRules, snapshot: Snapshot, now: number, memory: RolloutMemory): Verdict {
  const soaking = rules.mode === 'watch' && rules.soakMs > 0 && memory.healthySince !== undefined
  return judge(snapshot, {
    patterns: [...rules.patterns],
    healthyDescription: rules.healthyDescription,
    graceMs: rules.graceMs,
    now,
    failingSince: new Map(Object.entries(memory.failingSince ?? {})),
    // While soaking, a newest report on a superseding commit ends the rollout even when it was healthy before.
    strict: soaking
  })
}

function settleWatch(rules: RolloutRules, s: RolloutState, time: StepTime): RolloutState {
  const {verdict} = s
  const since = s.memory.healthySince
  if (verdict.status === 'failed') {
    const during =
      since !== undefined ? `During the soak (healthy since ${formatDuration(time.now - since)} ago): ` : ''
    return {...s, status: 'failed', reason: during + renderFailure(verdict)}
  }
  if (verdict.status === 'superseded') return {...s, status: 'superseded', reason: renderSuperseded(verdict)}
  const pendingStatus: RolloutStatus = since !== undefined ? 'soaking' : 'pending'
  if (verdict.status !== 'healthy') return {...s, status: pendingStatus}
  const held = quietHold(rules, s, time.now)
  if (held) return {...held, status: pendingStatus}
  const applied = verdict.appliedRevision ? {appliedRevision: verdict.appliedRevision} : {}
  if (rules.soakMs <= 0) return {...s, ...applied, status: 'healthy', reason: renderHealthy(verdict)}
  if (since === undefined) return {...s, status: 'soaking', memory: {...s.memory, healthySince: time.now}}
  if (time.now - since < rules.soakMs) return {...s, status: 'soaking'}
  return {
    ...s,
    ...applied,
    status: 'soaked',
    reason: `${renderHealthy(verdict)}\nStayed healthy through the soak (${formatDuration(rules.soakMs)}).`
  }
}

/** A source stage: healthy since when its own reports say, for at least `soakMs` (from-soak). */
function settleEvidence(rules: RolloutRules, s: RolloutState, time: StepTime): RolloutState {
  const {verdict} = s
  const reading = soakReading(s.snapshot, verdict, rules.healthyDescription)
  const withRows = {...s, evidence: reading.rows}
  // The source no longer runs these references, whatever its reports say (Flux may not have applied the head yet).
  const head = s.snapshot.commits.at(-1)
  const moved = head !== undefined ? s.snapshot.superseded?.get(head) : undefined
  if (moved) {
    const reason = `The source branch's head has moved on: ${describeSupersession(moved)}.`
    return {...withRows, status: 'superseded', reason}
  }
  if (verdict.status === 'failed') return {...withRows, status: 'failed', reason: renderFailure(verdict)}
  if (verdict.status === 'superseded') return {...withRows, status: 'superseded', reason: renderSuperseded(verdict)}
  if (verdict.status !== 'healthy') return {...withRows, status: 'pending'}
  if (reading.stale) return staleEvidence(rules, withRows, reading.stale, time.now)
  const held = quietHold(rules, withRows, time.now)
  if (held) return {...held, status: 'pending'}
  const since = reading.since ?? time.now
  const healthyFor = time.now - since
  const memory = {...s.memory, healthySince: since}
  const applied = verdict.appliedRevision ? {appliedRevision: verdict.appliedRevision} : {}
  if (healthyFor >= rules.soakMs) {
    const reason = `healthy for ${formatDuration(healthyFor)}${rules.soakMs > 0 ? ` (from-soak ${formatDuration(rules.soakMs)})` : ''}`
    return {...withRows, ...applied, memory, status: rules.soakMs > 0 ? 'soaked' : 'healthy', reason}
  }
  const soakLeft = rules.soakMs - healthyFor
  if (soakLeft > time.leftMs) {
    return {
      ...withRows,
      ...applied,
      memory,
      status: 'timed-out',
      reason: `healthy for ${formatDuration(healthyFor)}; the soak needs ${formatDuration(soakLeft)} more than the ${formatDuration(Math.max(0, time.leftMs))} left`
    }
  }
  return {...withRows, ...applied, memory, status: 'soaking'}
}

/**
 * The verdict's reports (on the newest commits) are healthy, but a context's newest report in time is not: a failure
 * on a commit that still holds the references counts like any failure (failed past the grace from its own
 * timestamp); anything else waits for a newer report.
 */
function staleEvidence(rules: RolloutRules, s: RolloutState, stale: readonly Report[], now: number): RolloutState {
  const failures = stale.filter(r => r.state === 'failure')
  const first = failures.reduce<Report | undefined>((a, b) => (a === undefined || b.at < a.at ? b : a), undefined)
  if (first === undefined || now - first.at <= rules.graceMs) return {...s, status: 'pending'}
  const failed = new Set(failures.map(r => r.context))
  const evidence = s.evidence?.map(row => (failed.has(row.context) ? {...row, state: 'failed' as const} : row))
  const lines = failures.map(
    r => `${describeReport(r)}, failing for ${formatDuration(now - r.at)}, past the failure-grace`
  )
  const reason =
    'Flux reported a failure after a healthy report on a newer commit: ' +
    (lines.length === 1 ? lines[0] : ['', ...lines].join('\n- '))
  return {...s, ...(evidence ? {evidence} : {}), status: 'failed', reason}
}

/**
 * Nothing before C says who follows this branch, so a healthy verdict may only mean the fastest context answered:
 * hold it until the expected set has stayed the same for `quietMs`. Undefined: nothing to hold.
 */
function quietHold(rules: RolloutRules, s: RolloutState, now: number): RolloutState | undefined {
  if (!s.snapshot.unanchored || rules.quietMs <= 0) return undefined
  const contexts = s.verdict.contexts.map(c => c.context)
  const quiet = s.memory.quiet
  const same = quiet !== undefined && quiet.contexts.join('\n') === contexts.join('\n')
  if (same && now - quiet.since >= rules.quietMs) return undefined
  return same ? s : {...s, memory: {...s.memory, quiet: {since: now, contexts}}}
}

function unreadable(
  rules: RolloutRules,
  s: RolloutState,
  obs: Extract<Observation, {kind: 'unreadable'}>,
  time: StepTime
): RolloutState {
  if (obs.fatal) return {...s, status: 'failed', reason: obs.message}
  if (obs.retryInMs !== undefined && obs.retryInMs > time.leftMs) {
    const left = formatDuration(Math.max(0, time.leftMs))
    return {
      ...s,
      status: 'timed-out',
      reason: `${obs.message}. It lifts in ${formatDuration(obs.retryInMs)}, after the timeout (${left} left).`
    }
  }
  const next = {...s, lastError: obs.message}
  if (time.leftMs > 0) return next
  return {...next, status: 'timed-out', reason: timeoutReason(rules, next, time.now)}
}

function timeoutReason(rules: RolloutRules, s: RolloutState, now: number): string {
  const since = s.memory.healthySince
  const message =
    s.status === 'soaking' && since !== undefined
      ? `Timed out ${rules.budgetText} during the soak: healthy for ${formatDuration(now - since)} of the ` +
        `${formatDuration(rules.soakMs)} asked.`
      : s.verdict.status === 'healthy' && s.snapshot.unanchored
        ? `Timed out ${rules.budgetText} in the quiet interval: ${s.verdict.contexts.map(c => c.context).join(', ')} ` +
          `reported healthy, but no commit before this change carries a report, so other contexts may still appear.`
        : renderTimeout(s.verdict, rules.budgetText)
  return s.lastError ? `${message}\nLast error while reading the reports: ${s.lastError}` : message
}
