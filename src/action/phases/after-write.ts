// Phase 7: after the write, end there (wait: none), hand the wait to the connector, or wait for Flux and revert a
// failed rollout when asked to.
import * as core from '../runner.js'
import {formatImageRef} from '../../core/image-ref.js'
import {safeInfo} from '../runtime.js'
import type {WriteOutcome} from '../write/types.js'
import type {RunState, Target} from './state.js'

export async function afterWrite(state: RunState, target: Target, written: WriteOutcome): Promise<void> {
  const wait = target.config.wait
  if (wait === 'none') state.outcome.result = 'written'
  else if (wait === 'handoff') await handOff(state, target, written)
  else await waitForFlux(state, target, written)
}

async function handOff(state: RunState, target: Target, written: WriteOutcome): Promise<void> {
  const {config, branch} = target
  const {outcome, deployment} = state
  const {registerWatch, watchBody} = await import('../wait/handoff.js')
  const body = watchBody(config, {
    branch,
    commit: written.commit,
    images: outcome.images ?? config.targets.map(t => formatImageRef(t.ref)),
    written: written.plan.edits.map(e => ({path: e.path, images: [...new Set(e.changes.map(c => c.target))]})),
    startedAt: state.startedAt,
    deployment: deployment && {repository: `${deployment.owner}/${deployment.repo}`, id: deployment.id}
  })
  const watch = await core.group('Hand off to the connector', async () => {
    const r = await registerWatch(config, body, state.rt)
    core.info(
      `Watch ${r.id}${r.created ? '' : ' (already registered by this run)'}: the connector waits for ` +
        `${body.contexts.join(', ')} to report ${written.commit.slice(0, 7)} healthy until ${body.deadline}, then ` +
        `sends repository_dispatch 'gitops-promote.<result>' to ${body.workflow_repository}.`
    )
    return r
  })
  outcome.watchId = watch.id
  outcome.result = 'handed-off'
}

async function waitForFlux(state: RunState, target: Target, written: WriteOutcome): Promise<void> {
  const {config, github, branch} = target
  const {outcome, summary, rt} = state
  const {awaitRollout} = await import('../wait/run.js')
  const waited = await core.group('Wait for Flux', () => awaitRollout(github, config, branch, written, rt))
  summary.contexts = waited.rows
  if (waited.appliedRevision) outcome.appliedRevision = waited.appliedRevision
  outcome.result = waited.result
  if (waited.result !== 'healthy') outcome.message = waited.message
  else safeInfo(waited.message)
  if (waited.result === 'failed' && config.onFailure === 'revert' && written.changed) {
    core.error(waited.message, {title: 'gitops-promote: rollout failed, reverting'})
    const {rollBack} = await import('../rollback.js')
    const back = await core.group('Revert', () => rollBack(github, config, branch, written, waited.message, rt))
    Object.assign(outcome, {result: back.result, message: back.message, revertCommit: back.revertCommit})
    if (back.rows) summary.contexts = back.rows
  }
}
