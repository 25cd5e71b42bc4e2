// The connector's verdict on a watch, pure: the action's own wait rules (src/wait) applied to the connector's Flux
// objects, plus the watch's deadline and soak. No I/O and no clock reads.
import {contextMatcher} from '../../core/glob.js'
import {objectToReport} from '../../core/connector-api.js'
import {
  judge,
  renderFailure,
  renderHealthy,
  renderSuperseded,
  renderTimeout,
  type Verdict
} from '../../core/rollout/verdict.js'
import type {Report, Snapshot} from '../../core/rollout/types.js'
import type {ConnectorObject} from '../events.js'
import type {WatchResult, WatchSpec} from './spec.js'
import {formatDuration} from '../../core/duration.js'

/** The connector's objects that a watch's patterns match, as the wait's Reports. */
export function reportsFor(objects: readonly ConnectorObject[], patterns: readonly string[]): Report[] {
  const matchers = patterns.map(p => contextMatcher(p))
  const out: Report[] = []
  for (const o of objects) {
    const r = objectToReport(o)
    if (r && matchers.some(m => m(r.context))) out.push(r)
  }
  return out
}

/** What a watch remembers between judgements (stored with it, so a restart judges the same way). */
export interface JudgeMemory {
  /** When the rollout was first seen healthy (soak). */
  healthySince?: number
  /** context -> start of its failing streak (the failure-grace clock). */
  failingSince?: Record<string, number>
}

export type Decision =
  | {status: 'pending'; verdict: Verdict; memory: JudgeMemory}
  | {status: WatchResult; verdict: Verdict; message: string; appliedRevision?: string}

/**
 * A failure past the grace or a superseding commit ends the watch at any time, also inside the soak (which judges
 * strictly: a context whose newest report is on a superseding commit ends it even when it was healthy before). The
 * deadline ends it `timed-out` unless it was decided first.
 */
export function decide(spec: WatchSpec, snapshot: Snapshot, now: number, memory: JudgeMemory = {}): Decision {
  const soaking = memory.healthySince !== undefined
  const verdict = judge(snapshot, {
    patterns: spec.contexts,
    healthyDescription: spec.healthyDescription,
    graceMs: spec.failureGraceMs,
    now,
    failingSince: new Map(Object.entries(memory.failingSince ?? {})),
    strict: soaking && spec.soakMs > 0
  })
  const failingSince = Object.fromEntries(verdict.failingSince)
  if (verdict.status === 'failed') return {status: 'failed', verdict, message: renderFailure(verdict)}
  if (verdict.status === 'superseded') return {status: 'superseded', verdict, message: renderSuperseded(verdict)}
  if (verdict.status === 'healthy') {
    const since = memory.healthySince ?? now
    if (now - since >= spec.soakMs) {
      const soaked = spec.soakMs > 0 ? ` (healthy throughout the ${formatDuration(spec.soakMs)} soak)` : ''
      return {
        status: 'healthy',
        verdict,
        message: `${renderHealthy(verdict)}${soaked}`,
        ...(verdict.appliedRevision ? {appliedRevision: verdict.appliedRevision} : {})
      }
    }
    if (now >= spec.deadline) {
      return {
        status: 'timed-out',
        verdict,
        message:
          `Timed out at ${new Date(spec.deadline).toISOString()} during the soak: healthy since ` +
          `${new Date(since).toISOString()}, ${formatDuration(spec.soakMs - (now - since))} of it left.`
      }
    }
    return {status: 'pending', verdict, memory: {healthySince: since, failingSince}}
  }
  if (now >= spec.deadline) {
    // The budget began in the action's run; say when it ended rather than how long it was.
    const message = renderTimeout(verdict, 0).replace(
      /^Timed out after \S+/,
      `Timed out at ${new Date(spec.deadline).toISOString()}`
    )
    return {status: 'timed-out', verdict, message}
  }
  // Soak keeps its start while the rollout stays healthy or merely pending (a later commit being applied).
  return {
    status: 'pending',
    verdict,
    memory: {...(memory.healthySince !== undefined ? {healthySince: memory.healthySince} : {}), failingSince}
  }
}
