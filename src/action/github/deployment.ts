// A GitHub Deployment in the workflow's own repository, so its Environments page shows the rollout.
import {randomUUID} from 'node:crypto'
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
  const description = args.description.slice(0, 140)
  // Marks this request's Deployment, so a read-back after a lost answer never takes an earlier run's for ours.
  const payload = {gitops_promote_request: randomUUID()}
  const send = async (): Promise<Deployment> => {
    const res = await gh.octokit.rest.repos.createDeployment({
      owner,
      repo,
      ref: args.sha,
      environment: args.environment,
      description,
      payload,
      auto_merge: false,
      // The commit's own checks were the job's business; the deployment records the rollout, not a gate.
      required_contexts: []
    })
    if (!('id' in res.data)) throw new Error(`GitHub did not create the deployment: ${res.data.message ?? res.status}`)
    return {id: res.data.id, owner, repo}
  }
  // A lost answer: the newest deployment of this commit to this environment carrying our mark is ours.
  return gh.writeOnce(send, async () => {
    const list = await gh.octokit.rest.repos.listDeployments({
      owner,
      repo,
      sha: args.sha,
      environment: args.environment,
      per_page: 1
    })
    const newest = list.data[0]
    const mark = (newest?.payload as {gitops_promote_request?: unknown} | undefined)?.gitops_promote_request
    return newest && mark === payload.gitops_promote_request ? {id: newest.id, owner, repo} : undefined
  })
}

export async function setDeploymentState(
  gh: GitHub,
  d: Deployment,
  {state, description, logUrl}: {state: DeploymentState; description: string; logUrl: string}
): Promise<void> {
  const text = description.slice(0, 140)
  const send = async (): Promise<true> => {
    await gh.octokit.rest.repos.createDeploymentStatus({
      owner: d.owner,
      repo: d.repo,
      deployment_id: d.id,
      state,
      description: text,
      ...(logUrl ? {log_url: logUrl} : {})
    })
    return true
  }
  // A lost answer: the deployment's newest status saying what we sent is ours; a second one would repeat it.
  await gh.writeOnce(send, async () => {
    const list = await gh.octokit.rest.repos.listDeploymentStatuses({
      owner: d.owner,
      repo: d.repo,
      deployment_id: d.id,
      per_page: 1
    })
    const newest = list.data[0]
    return newest && newest.state === state && newest.description === text ? true : undefined
  })
}
