// A GitHub Deployment in the workflow's own repository, so its Environments page shows the rollout.
import type {GitHub} from './client.js'

export type DeploymentState = 'in_progress' | 'success' | 'failure'

export interface Deployment {
  id: number
  owner: string
  repo: string
}

export async function createDeployment(
  gh: GitHub,
  args: {repository: string; sha: string; environment: string; description: string}
): Promise<Deployment> {
  const [owner = '', repo = ''] = args.repository.split('/')
  const res = await gh.octokit.rest.repos.createDeployment({
    owner,
    repo,
    ref: args.sha,
    environment: args.environment,
    description: args.description.slice(0, 140),
    auto_merge: false,
    // The commit's own checks were the job's business; the deployment records the rollout, not a gate.
    required_contexts: []
  })
  if (!('id' in res.data)) throw new Error(`GitHub did not create the deployment: ${res.data.message ?? res.status}`)
  return {id: res.data.id, owner, repo}
}

export async function setDeploymentState(
  gh: GitHub,
  d: Deployment,
  state: DeploymentState,
  description: string,
  logUrl: string
): Promise<void> {
  await gh.octokit.rest.repos.createDeploymentStatus({
    owner: d.owner,
    repo: d.repo,
    deployment_id: d.id,
    state,
    description: description.slice(0, 140),
    ...(logUrl ? {log_url: logUrl} : {})
  })
}
