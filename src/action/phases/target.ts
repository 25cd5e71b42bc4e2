// Phase 1: read the inputs, start the run's budget and client, and settle the branch to write to.
import * as core from '../runner.js'
import {readInputs} from '../inputs.js'
import {createBudget} from '../../core/budget.js'
import type {RunState, Target} from './state.js'
import type {GitHub} from '../github/client.js'
import {PromoteError} from '../../core/errors.js'

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
  // Without a `branch` input, one GraphQL read gives the default branch and its head, which the first plan uses.
  const resolved = config.branch
    ? {name: config.branch, head: undefined}
    : await step('read the repository', state.summary.repository, 'metadata: read', () => defaultBranch(github, at))
  const branch = resolved.name
  state.summary.branch = branch
  const target: Target = {
    config,
    github,
    at,
    branch,
    budget,
    planner: b => readAndPlan({gh: github, at}, b, target.config),
    headAtStart: resolved.head
  }
  return target
}

const DEFAULT_BRANCH = `query ($owner: String!, $repo: String!) {
  repository(owner: $owner, name: $repo) {
    defaultBranchRef {
      name
      target {
        oid
      }
    }
  }
}`

async function defaultBranch(gh: GitHub, at: {owner: string; repo: string}): Promise<{name: string; head?: string}> {
  const data = await gh.graphql<{repository: {defaultBranchRef: {name: string; target: {oid: string}} | null}}>(
    DEFAULT_BRANCH,
    at
  )
  const ref = data.repository.defaultBranchRef
  if (!ref) throw new PromoteError(`${at.owner}/${at.repo} has no default branch (an empty repository?): set 'branch'.`)
  return {name: ref.name, head: ref.target.oid}
}

/** Masks the secrets before anything could print them. */
function maskSecrets(): void {
  for (const secret of ['token', 'connector-token']) {
    const v = core.getInput(secret)
    if (v) core.setSecret(v)
  }
}
