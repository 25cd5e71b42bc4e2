// REST: deployments and deployment statuses.
import {HttpError, DOCS, httpError, validationFailed, type Answer} from '../faults.js'
import {base64url} from '../encoding.js'
import type {RepoState, FakeGitHubImpl} from '../model.js'
import {paginate} from '../paging.js'
import {latestStatuses} from '../check-state.js'
import type {Json, DeploymentModel, DeploymentStatusModel} from '../types.js'
import {repoUrl} from './repos.js'

export function registerDeploymentRoutes(gh: FakeGitHubImpl): void {
  const R = '/repos/{owner}/{repo}'
  const ok = (body: Json, status = 200, headers?: Record<string, string>): Answer => ({status, body, headers})
  // --- deployments
  const deploymentJson = (repo: RepoState, d: DeploymentModel): Json => ({
    url: `${repoUrl(gh, repo)}/deployments/${d.id}`,
    id: d.id,
    node_id: d.nodeId,
    sha: d.sha,
    ref: d.ref,
    task: d.task,
    payload: d.payload,
    original_environment: d.originalEnvironment,
    environment: d.environment,
    description: d.description,
    creator: gh.userJson(d.creator),
    created_at: d.createdAt,
    updated_at: d.updatedAt,
    statuses_url: `${repoUrl(gh, repo)}/deployments/${d.id}/statuses`,
    repository_url: repoUrl(gh, repo),
    transient_environment: d.transientEnvironment,
    production_environment: d.productionEnvironment
  })
  const deploymentStatusJson = (repo: RepoState, d: DeploymentModel, s: DeploymentStatusModel): Json => ({
    url: `${repoUrl(gh, repo)}/deployments/${d.id}/statuses/${s.id}`,
    id: s.id,
    node_id: s.nodeId,
    state: s.state,
    creator: gh.userJson(s.creator),
    description: s.description,
    environment: s.environment,
    target_url: s.targetUrl,
    created_at: s.createdAt,
    updated_at: s.updatedAt,
    deployment_url: `${repoUrl(gh, repo)}/deployments/${d.id}`,
    repository_url: repoUrl(gh, repo),
    environment_url: s.environmentUrl,
    log_url: s.logUrl
  })
  gh.route('GET', `${R}/deployments`, 'deployments', ctx => {
    const {repo, query} = ctx
    const matching = repo.deployments.filter(
      d =>
        (!query.get('sha') || d.sha === query.get('sha')) &&
        (!query.get('ref') || d.ref === query.get('ref')) &&
        (!query.get('environment') || d.environment === query.get('environment')) &&
        (!query.get('task') || d.task === query.get('task'))
    )
    const headers: Record<string, string> = {}
    const newestFirst = [...matching].sort((a, b) => b.id - a.id)
    return ok(
      paginate(gh, ctx, newestFirst, headers).map(d => deploymentJson(repo, d)),
      200,
      headers
    )
  })
  gh.route('POST', `${R}/deployments`, 'deployments', ({repo, body}) => {
    const ref = String(body.ref ?? '')
    const sha = gh.resolveIn(repo, ref)
    if (!sha) throw httpError(422, `No ref found for: ${ref}`)
    const required: string[] | undefined = Array.isArray(body.required_contexts) ? body.required_contexts : undefined
    const latest = latestStatuses(gh, repo, sha)
    const failing = latest.filter(s => (required ? required.includes(s.context) : true) && s.state !== 'success')
    const missing = (required ?? []).filter(c => !latest.some(s => s.context === c))
    if (failing.length || missing.length) {
      throw new HttpError(409, {
        message: `Conflict: Commit status checks failed for ${ref}.`,
        errors: [
          {
            contexts: [
              ...failing.map(s => ({context: s.context, state: s.state})),
              ...missing.map(c => ({context: c, state: 'missing'}))
            ],
            resource: 'Deployment',
            field: 'required_contexts',
            code: 'invalid'
          }
        ],
        documentation_url: DOCS,
        status: '409'
      })
    }
    const id = gh.id()
    const at = gh.nowIso()
    const environment = String(body.environment ?? 'production')
    const d: DeploymentModel = {
      id,
      nodeId: `DE_kwDO${base64url(`${repo.id}:${id}`)}`,
      sha,
      ref,
      task: String(body.task ?? 'deploy'),
      payload: body.payload ?? {},
      environment,
      originalEnvironment: environment,
      description: body.description ?? null,
      transientEnvironment: Boolean(body.transient_environment),
      productionEnvironment: body.production_environment ?? environment === 'production',
      createdAt: at,
      updatedAt: at,
      creator: gh.user.login,
      statuses: []
    }
    repo.deployments.push(d)
    gh.emit({type: 'deployment', owner: repo.owner, repo: repo.name, sha})
    return ok(deploymentJson(repo, d), 201)
  })
  gh.route('POST', `${R}/deployments/{deployment_id}/statuses`, 'deployments', ({repo, params, body}) => {
    const d = repo.deployments.find(x => x.id === Number(params.deployment_id))
    if (!d) throw httpError(404, 'Not Found')
    const states = ['error', 'failure', 'inactive', 'in_progress', 'queued', 'pending', 'success']
    if (!states.includes(body.state))
      throw validationFailed([
        {resource: 'DeploymentStatus', code: 'custom', field: 'state', message: 'state is not included in the list'}
      ])
    const id = gh.id()
    const at = gh.nowIso()
    const s: DeploymentStatusModel = {
      id,
      nodeId: `DES_kwDO${base64url(`${repo.id}:${id}`)}`,
      state: body.state,
      description: String(body.description ?? ''),
      environment: String(body.environment ?? d.environment),
      targetUrl: String(body.target_url ?? body.log_url ?? ''),
      logUrl: String(body.log_url ?? body.target_url ?? ''),
      environmentUrl: String(body.environment_url ?? ''),
      createdAt: at,
      updatedAt: at,
      creator: gh.user.login
    }
    if (body.environment) d.environment = String(body.environment)
    if (body.auto_inactive !== false && body.state === 'success') {
      for (const other of repo.deployments) {
        if (other !== d && other.environment === d.environment && !other.transientEnvironment) {
          const last = other.statuses[other.statuses.length - 1]
          if (last && last.state === 'success') {
            other.statuses.push({
              ...last,
              id: gh.id(),
              state: 'inactive',
              description: '',
              createdAt: at,
              updatedAt: at
            })
          }
        }
      }
    }
    d.statuses.push(s)
    d.updatedAt = at
    gh.emit({type: 'deployment', owner: repo.owner, repo: repo.name, sha: d.sha})
    return ok(deploymentStatusJson(repo, d, s), 201)
  })
  gh.route('GET', `${R}/deployments/{deployment_id}/statuses`, 'deployments', ctx => {
    const {repo, params} = ctx
    const d = repo.deployments.find(x => x.id === Number(params.deployment_id))
    if (!d) throw httpError(404, 'Not Found')
    const headers: Record<string, string> = {}
    const list = [...d.statuses].sort((a, b) => b.id - a.id)
    return ok(
      paginate(gh, ctx, list, headers).map(s => deploymentStatusJson(repo, d, s)),
      200,
      headers
    )
  })
}
