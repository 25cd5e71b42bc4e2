// Phase 1: read the inputs, start the run's budget and client, and settle the branch to write to.
import * as core from '@actions/core'
import {readInputs} from '../inputs.js'
import {createBudget} from '../../core/budget.js'
import type {RunState, Target} from './state.js'

export async function resolveTarget(state: RunState): Promise<Target> {
  maskSecrets()
  const config = await core.group('Resolve inputs', async () => readInputs(name => core.getInput(name)))
  state.cfg = config
  state.summary.repository = `${config.owner}/${config.repo}`
  state.summary.targets = config.targets.map(t => t.line)
  // One budget from the run's start for the merge wait, the Flux wait and the soak; it learns GitHub's clock.
  const budget = createBudget(config.timeoutMs, state.rt.clock, state.startedAt)
  state.rt = {...state.rt, budget}
  // Only now the GitHub client, the bump engine and YAML: a run with a bad input fails before loading them.
  const [{createGitHub}, {step}, {readAndPlan}] = await Promise.all([
    import('../github/client.js'),
    import('../github/errors.js'),
    import('../write/plan.js')
  ])
  const github = (state.gh = createGitHub(config.token, state.rt.log, process.env, {
    budget,
    clock: state.rt.clock,
    retryUnitMs: config.retryUnitMs,
    deadlineMs: config.requestDeadlineMs
  }))
  const at = {owner: config.owner, repo: config.repo}
  const branch =
    config.branch ||
    (await step('read the repository', state.summary.repository, 'metadata: read', async () => {
      const res = await github.octokit.rest.repos.get(at)
      return res.data.default_branch
    }))
  state.summary.branch = branch
  const target: Target = {config, github, at, branch, budget, planner: b => readAndPlan(github, at, b, target.config)}
  return target
}

/** Masks the secrets before anything could print them. */
function maskSecrets(): void {
  for (const secret of ['token', 'connector-token']) {
    const v = core.getInput(secret)
    if (v) core.setSecret(v)
  }
}
