// Phase 8: what every run ends with, also after a failure: the Deployment's state, the outputs, the summary.
import * as core from '../runner.js'
import {BumpError, InputError, PromoteError} from '../../core/errors.js'
import {setOutputs} from '../report/outputs.js'
import {writeSummary} from '../report/summary.js'
import {finishDeployment} from './deployment.js'
import type {RunState} from './state.js'

/** Turns what was thrown into the run's result and message; points bump errors at the gitops file. */
export function recordFailure(state: RunState, e: unknown): void {
  const {outcome} = state
  outcome.result = e instanceof PromoteError ? e.result : 'failed'
  outcome.message = e instanceof Error ? e.message : String(e)
  if (e instanceof BumpError && e.file) {
    core.error(e.message, {title: 'gitops-promote', file: e.file, startLine: e.line, startColumn: e.column})
  }
  if (!(e instanceof InputError || e instanceof BumpError || e instanceof PromoteError)) {
    core.debug((e as Error)?.stack ?? String(e))
  }
}

export async function reportOutputs(state: RunState): Promise<void> {
  const {outcome, deployment, gh, summary} = state
  await core.group('Outputs', async () => {
    // Handed off: the connector moves the Deployment when it decides.
    if (deployment && gh && outcome.result !== 'handed-off')
      await finishDeployment(gh, deployment, outcome, state.cfg?.run.url ?? '')
    setOutputs(outcome)
    await writeSummary(summary).catch((e: unknown) => core.warning(`Could not write the job summary: ${String(e)}`))
    if (gh) core.info(`GitHub API: ${gh.stats.requests} requests, ${gh.stats.notModified} answered 304 (free).`)
  })
}

/** The one place a run is marked failed. */
export function failUnlessSucceeded(state: RunState): void {
  const {outcome} = state
  const ok = ['healthy', 'written', 'dry-run', 'handed-off'].includes(outcome.result)
  if (!ok) core.setFailed(outcome.message ?? `gitops-promote ended ${outcome.result}`)
}
