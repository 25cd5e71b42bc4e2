// The connector's verdict on a watch, pure: the action's own wait rules (src/wait) applied to the connector's Flux
// objects, plus the watch's deadline and soak. No I/O and no clock reads.
import {contextMatcher} from '../../wait/glob.js'
import {objectToReport} from '../../wait/connector-source.js'
import {judge, renderFailure, renderHealthy, renderTimeout, type Verdict} from '../../wait/verdict.js'
import type {Report, Snapshot} from '../../wait/types.js'
import type {ConnectorObject} from '../events.js'
import type {WatchResult, WatchSpec} from './spec.js'
import {formatDuration} from '../../duration.js'

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

export type Decision =
  | {status: 'pending'; verdict: Verdict; healthySince?: number}
  | {status: WatchResult; verdict: Verdict; message: string; appliedRevision?: string}

/**
 * `healthySince` is when the rollout was first seen healthy (soak); the returned pending decision carries the value
 * to remember. A failure past the grace ends the watch at any time, also inside the soak; the deadline ends it
 * `timed-out` unless it was decided first.
 */
export function decide(spec: WatchSpec, snapshot: Snapshot, now: number, healthySince?: number): Decision {
  const verdict = judge(snapshot, {
    patterns: spec.contexts,
    healthyDescription: spec.healthyDescription,
    graceMs: spec.failureGraceMs,
    now
  })
  if (verdict.status === 'failed') return {status: 'failed', verdict, message: renderFailure(verdict)}
  if (verdict.status === 'healthy') {
    const since = healthySince ?? now
    if (now - since >= spec.soakMs) {
      const soaked = spec.soakMs > 0 ? ` (soaked ${formatDuration(spec.soakMs)})` : ''
      return {
        status: 'healthy',
        verdict,
        message: `${renderHealthy(verdict)}${soaked}`,
        appliedRevision: verdict.appliedRevision
      }
    }
    if (now >= spec.deadline) {
      return {
        status: 'timed-out',
        verdict,
        message: `Timed out during the soak: healthy since ${new Date(since).toISOString()}, ${formatDuration(spec.soakMs - (now - since))} of the soak left.`
      }
    }
    return {status: 'pending', verdict, healthySince: since}
  }
  if (now >= spec.deadline) {
    // The budget began in the action's run; say when it ended instead of how long it was.
    const message = renderTimeout(verdict, 0).replace(
      /^Timed out after \S+/,
      `Timed out at ${new Date(spec.deadline).toISOString()}`
    )
    return {status: 'timed-out', verdict, message}
  }
  return {status: 'pending', verdict, healthySince}
}
