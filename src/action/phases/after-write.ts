// Phase 7: after the write, end there (wait: none), hand the wait to the connector, or wait for Flux and revert a
// failed rollout when asked to.
import * as core from '../runner.js'
import {formatImageRef} from '../../core/image-ref.js'
import {formatChart, splitTargets} from '../../core/charts.js'
import {writtenFiles} from '../../core/rollout/holds.js'
import {safeInfo} from '../runtime.js'
import type {WriteOutcome} from '../write/types.js'
import type {RunState, Target} from './state.js'
import type {RolloutResult} from '../wait/run.js'

export async function afterWrite(state: RunState, target: Target, written: WriteOutcome): Promise<void> {
  const wait = target.config.wait
  const views = state.views
  views?.landed(written, wait === 'commit-status' || wait === 'connector')
  try {
    if (wait === 'none') state.outcome.result = 'written'
    else if (wait === 'handoff') await handOff(state, target, written)
    else await waitForFlux(state, target, written)
  } catch (e) {
    await views?.finish(e)
    throw e
  }
  await views?.finish()
}

async function handOff(state: RunState, target: Target, written: WriteOutcome): Promise<void> {
  const {config, branch} = target
  const {outcome, deployment} = state
  const {registerWatch, watchBody} = await import('../wait/handoff.js')
  const {images, charts} = splitTargets(config.targets)
  const body = watchBody(config, {
    branch,
    commit: written.commit,
    images: outcome.images ?? images.map(t => formatImageRef(t.ref)),
    charts: outcome.charts ?? charts.map(formatChart),
    written: writtenFiles(written.plan.edits, config.targets).map(w => {
      const mine = splitTargets(w.targets)
      const releases = [...new Set(mine.charts.flatMap(t => t.releases ?? []))]
      return {
        path: w.path,
        images: mine.images.map(t => t.line),
        ...(mine.charts.length > 0 ? {charts: mine.charts.map(t => t.line)} : {}),
        ...(releases.length > 0 ? {releases} : {})
      }
    }),
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
  const {rt} = state
  const {awaitRollout} = await import('../wait/run.js')
  const views = state.views
  const waited = await core.group('Wait for Flux', () =>
    awaitRollout({gh: github, cfg: config, branch, rt}, written, views?.follow)
  )
  views?.waited(waited)
  await settle(state, target, written, waited)
}

/** The wait's result as the run's, and the revert of a failed rollout when asked for. */
async function settle(state: RunState, target: Target, written: WriteOutcome, waited: RolloutResult): Promise<void> {
  const {config, github, branch} = target
  const {outcome, summary, rt} = state
  summary.contexts = waited.rows
  if (waited.appliedRevision) outcome.appliedRevision = waited.appliedRevision
  outcome.result = waited.result
  if (waited.result !== 'healthy') outcome.message = waited.message
  else safeInfo(waited.message)
  if (waited.result === 'failed' && config.onFailure === 'revert' && written.changed) {
    core.error(waited.message, {title: 'gitops-promote: rollout failed, reverting'})
    const {rollBack} = await import('../rollback.js')
    const back = await core.group('Revert', () =>
      rollBack({gh: github, cfg: config, branch, rt}, written, waited.message)
    )
    Object.assign(outcome, {result: back.result, message: back.message, revertCommit: back.revertCommit})
    if (back.rows) summary.contexts = back.rows
  }
}
