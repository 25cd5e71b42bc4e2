// run(): inputs -> bump -> write -> wait -> outputs and summary, one phase (src/phases/) per step. The only
// place that calls core.setFailed is the last of them.
import {defaultRuntime, type Runtime} from './runtime.js'
import type {RunState} from './phases/state.js'
import type {Outcome} from './report/outputs.js'
import {resolveTarget} from './phases/target.js'
import {reportDryRun} from './phases/dry-run.js'
import {prepareWrite} from './phases/deployment.js'
import {writeChange} from './phases/write.js'
import {afterWrite} from './phases/after-write.js'
import {failUnlessSucceeded, recordFailure, reportOutputs} from './phases/finish.js'

export {defaultRuntime}

export async function run(runtime: Runtime = defaultRuntime()): Promise<void> {
  const outcome: Outcome = {result: 'failed'}
  const serverUrl = process.env.GITHUB_SERVER_URL || 'https://github.com'
  const state: RunState = {startedAt: runtime.clock(), rt: runtime, outcome, summary: {outcome, serverUrl, targets: []}}
  try {
    const target = await resolveTarget(state)
    const {checkSourceStage, planChange} = await import('./phases/plan.js')
    const change = await planChange(state, target)
    await checkSourceStage(state, target, change)
    if (target.config.dryRun) return await reportDryRun(state, change.first)
    await prepareWrite(state, target)
    const written = await writeChange(state, target, change.first)
    await afterWrite(state, target, written)
  } catch (e) {
    recordFailure(state, e)
  } finally {
    await reportOutputs(state)
    failUnlessSucceeded(state)
  }
}
