// The connector's verdict on a watch: the rollout decision of src/core (the same one the action's wait drives) fed
// with the connector's Flux objects, the watch's deadline and its soak. No I/O and no clock reads.
import {contextMatcher} from '../../core/glob.js'
import {objectToReport} from '../../core/connector-api.js'
import {
  DEFAULT_QUIET_MS,
  resultOf,
  startRollout,
  stepRollout,
  type RolloutMemory,
  type RolloutRules
} from '../../core/rollout/decision.js'
import type {Verdict} from '../../core/rollout/verdict.js'
import type {Report, Snapshot} from '../../core/rollout/types.js'
import type {ConnectorObject} from '../events.js'
import type {WatchResult, WatchSpec} from './spec.js'

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
export type JudgeMemory = RolloutMemory

export type Decision =
  | {status: 'pending'; verdict: Verdict; memory: JudgeMemory}
  | {status: WatchResult; verdict: Verdict; message: string; appliedRevision?: string}

export function watchRules(spec: WatchSpec): RolloutRules {
  return {
    patterns: spec.contexts,
    healthyDescription: spec.healthyDescription,
    graceMs: spec.failureGraceMs,
    mode: 'watch',
    soakMs: spec.soakMs,
    quietMs: spec.quietMs ?? DEFAULT_QUIET_MS,
    // The budget began in the action's run; say when it ended rather than how long it was.
    budgetText: `at ${new Date(spec.deadline).toISOString()}`
  }
}

/** One judgement of a watch: the decision's step on a fresh snapshot, from the memory stored with the watch. */
export function decide(spec: WatchSpec, snapshot: Snapshot, now: number, memory: JudgeMemory = {}): Decision {
  const rules = watchRules(spec)
  const state = stepRollout(
    rules,
    startRollout(rules, now, memory),
    {kind: 'reports', snapshot},
    {
      now,
      leftMs: spec.deadline - now
    }
  )
  const result = resultOf(state.status)
  if (!result) return {status: 'pending', verdict: state.verdict, memory: state.memory}
  return {
    status: result,
    verdict: state.verdict,
    message: state.reason,
    ...(result === 'healthy' && state.appliedRevision ? {appliedRevision: state.appliedRevision} : {})
  }
}
