// Phase 5: the GitHub Deployment of the `environment` input, opened before writing and closed with the outcome.
import * as core from '../runner.js'
import type {GitHub} from '../github/client.js'
import type {Deployment} from '../github/deployment.js'
import type {Outcome} from '../report/outputs.js'
import type {RunState, Target} from './state.js'

/** Checks what must hold before anything is written, and opens the Deployment when asked for one. */
export async function prepareWrite(state: RunState, target: Target): Promise<void> {
  const {config} = target
  if (config.wait === 'handoff') {
    // A handoff that cannot be registered must fail before anything is written.
    const {checkConnector} = await import('../wait/handoff.js')
    await core.group('Check the connector', () => checkConnector(config, state.rt))
  }
  if (config.environment) state.deployment = await startDeployment(state, target, config.environment)
}

async function startDeployment(state: RunState, target: Target, environment: string): Promise<Deployment> {
  const {config, github, branch} = target
  // Loaded when used, as the client is: a run that fails on its inputs never loads the GitHub libraries.
  const {step} = await import('../github/errors.js')
  return step(`create a deployment for '${environment}'`, config.run.repository, 'deployments: write', async () => {
    const {createDeployment, setDeploymentState} = await import('../github/deployment.js')
    const d = await createDeployment(github, {
      repository: config.run.repository,
      sha: config.run.sha,
      environment,
      description: `gitops-promote ${state.summary.targets.join(', ')}`
    })
    await setDeploymentState(github, d, {
      state: 'in_progress',
      description: `Promoting to ${config.owner}/${config.repo}@${branch}`,
      logUrl: config.run.url
    })
    return d
  })
}

export async function finishDeployment(gh: GitHub, d: Deployment, o: Outcome, logUrl: string): Promise<void> {
  const state = o.result === 'healthy' || o.result === 'written' ? 'success' : 'failure'
  const text =
    o.result === 'healthy'
      ? `Flux reports ${o.appliedRevision?.slice(0, 7) ?? ''} applied and healthy`
      : o.result === 'written'
        ? 'Written to the gitops repo; health not awaited (wait: none)'
        : (o.message ?? o.result)
  try {
    const {setDeploymentState} = await import('../github/deployment.js')
    await setDeploymentState(gh, d, {state, description: text, logUrl})
  } catch (e) {
    core.warning(`Could not update deployment ${d.id}: ${e instanceof Error ? e.message : String(e)}`)
  }
}
