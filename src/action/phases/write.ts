// Phase 6: write the change as one commit, pushed or carried by a pull request.
import * as core from '../runner.js'
import type {Planned, WriteOutcome, WriteProgress} from '../write/types.js'
import type {RunState, Target} from './state.js'

export async function writeChange(state: RunState, target: Target, first: Planned): Promise<WriteOutcome> {
  const {config, github, at, branch, budget, planner} = target
  const {outcome} = state
  // The phases only some runs reach (writing, waiting, reverting) load when reached: less code at start.
  const {write, promotionText, defaultPrBranch} = await import('../write/index.js')
  const {rolloutViews} = await import('../report/rollout-views.js')
  const prBranch = config.prBranch || defaultPrBranch(branch, config.targets)
  const views = (state.views = rolloutViews({...state, ...target, prBranch}))
  const progress: WriteProgress = {onOpened: pr => views.opened(pr)}
  const written = await core
    .group(config.strategy === 'push' ? 'Write commit' : 'Open pull request', () =>
      write(
        {gh: github, at, branch, budget, rt: state.rt},
        {first, plan: planner, text: promotionText({...config, runUrl: config.run.url}, branch)},
        {...config, prBranch},
        progress
      )
    )
    .catch(async (e: unknown) => {
      // Refused or given up after the pull request was opened: its comment says so.
      await views.finish(e)
      throw e
    })
    .finally(() => {
      if (progress.pr) outcome.pullRequest = progress.pr
    })
  Object.assign(outcome, {
    changed: written.changed,
    files: written.files,
    commit: written.commit,
    pullRequest: written.pr
  })
  state.summary.plan = written.plan
  return written
}
