// What the phases of a run share: the runtime, what the outputs and the job summary will say, and what was opened.
import type {Config} from '../inputs.js'
import type {GitHub} from '../github/client.js'
import type {Deployment} from '../github/deployment.js'
import type {Outcome} from '../report/outputs.js'
import type {SummaryInput} from '../report/summary.js'
import type {Runtime} from '../runtime.js'
import type {Budget} from '../../core/budget.js'
import type {Planner} from '../write/types.js'
import type {RolloutViews} from '../report/rollout-views.js'

export interface RunState {
  startedAt: number
  rt: Runtime
  outcome: Outcome
  summary: SummaryInput
  /** Set once known, so the outputs step can finish what was started even after a failure. */
  cfg?: Config
  gh?: GitHub
  deployment?: Deployment
  /** The PR comment and the summary's chart, from the write on (set when the write starts). */
  views?: RolloutViews
}

/** The repository, branch and client every phase after the inputs works with. */
export interface Target {
  config: Config
  github: GitHub
  at: {owner: string; repo: string}
  branch: string
  budget: Budget
  /** Re-reads and re-plans the branch when a commit loses a race; sees the resolved targets of a promotion. */
  planner: Planner
  /** The branch's head when it was read with the default branch's name: the first plan starts from it. */
  headAtStart?: string
}

/** Replaces the run's configuration (a promotion resolves its targets and message); the planner sees the new one. */
export function updateConfig(state: RunState, target: Target, config: Config): void {
  target.config = state.cfg = config
}
