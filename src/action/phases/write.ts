// Phase 6: write the change as one commit, pushed or carried by a pull request.
import * as core from '../runner.js'
import type {Planned, WriteOutcome, WriteProgress} from '../write/types.js'
import type {RunState, Target} from './state.js'

export async function writeChange(state: RunState, target: Target, first: Planned): Promise<WriteOutcome> {
  const {config, github, at, branch, budget, planner} = target
  const {outcome} = state
  // The phases only some runs reach (writing, waiting, reverting) load when reached: less code at start.
  const {write, promotionText, defaultPrBranch} = await import('../write/index.js')
  const progress: WriteProgress = {}
  const written = await core
    .group(config.strategy === 'push' ? 'Write commit' : 'Open pull request', () =>
      write(
        github,
        at,
        branch,
        first,
        planner,
        promotionText({...config, runUrl: config.run.url}, branch),
        {...config, prBranch: config.prBranch || defaultPrBranch(branch, config.targets)},
        budget,
        state.rt,
        progress
      )
    )
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
