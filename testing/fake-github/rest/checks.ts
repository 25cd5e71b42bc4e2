// REST: commit statuses (and the combined status) and check runs.
import {httpError, validationFailed, type Answer} from '../faults.js'
import {FULL_SHA} from '../git-store.js'
import {autoMergeReady} from '../auto-merge.js'
import {latestStatuses, latestCheckRuns} from '../check-state.js'
import {insertStatus} from '../commit-status.js'
import {base64url} from '../encoding.js'
import type {RepoState, FakeGitHubImpl} from '../model.js'
import {paginate} from '../paging.js'
import type {Json, CommitStatusModel, CheckRunModel} from '../types.js'
import {repoUrl, repoJson} from './repos.js'

// ------------------------------------------------------------------------------------------------ statuses

export function statusJson(gh: FakeGitHubImpl, repo: RepoState, s: CommitStatusModel): Json {
  const creator = gh.userJson(s.creator)
  return {
    url: `${gh.url}/repos/${repo.owner}/${repo.name}/statuses/${s.sha}`,
    avatar_url: creator.avatar_url,
    id: s.id,
    node_id: s.nodeId,
    state: s.state,
    description: s.description,
    target_url: s.targetUrl,
    context: s.context,
    created_at: s.createdAt,
    updated_at: s.updatedAt,
    creator
  }
}

export function combinedState(gh: FakeGitHubImpl, statuses: CommitStatusModel[]): string {
  if (statuses.some(s => s.state === 'error' || s.state === 'failure')) return 'failure'
  if (!statuses.length || statuses.some(s => s.state === 'pending')) return 'pending'
  return 'success'
}

export function checkRunJson(gh: FakeGitHubImpl, repo: RepoState, c: CheckRunModel): Json {
  const base = `${gh.url}/repos/${repo.owner}/${repo.name}`
  return {
    id: c.id,
    head_sha: c.headSha,
    node_id: c.nodeId,
    external_id: c.externalId ?? '',
    url: `${base}/check-runs/${c.id}`,
    html_url: `${gh.htmlBase}/${repo.owner}/${repo.name}/runs/${c.id}`,
    details_url: c.detailsUrl,
    status: c.status,
    conclusion: c.conclusion,
    started_at: c.startedAt,
    completed_at: c.completedAt,
    output: {
      title: c.output.title,
      summary: c.output.summary,
      text: c.output.text,
      annotations_count: 0,
      annotations_url: `${base}/check-runs/${c.id}/annotations`
    },
    name: c.name,
    check_suite: {id: 7000 + c.id},
    app: {id: 1, slug: 'fake-app', node_id: 'A_kwDOfake', name: 'Fake App', owner: gh.userJson('fake-app')},
    pull_requests: []
  }
}

export function registerStatusAndCheckRoutes(gh: FakeGitHubImpl): void {
  const R = '/repos/{owner}/{repo}'
  const ok = (body: Json, status = 200, headers?: Record<string, string>): Answer => ({status, body, headers})
  // --- statuses
  gh.route('POST', `${R}/statuses/{sha}`, 'statuses', ({repo, params, body}) => {
    const sha = params.sha as string
    if (!FULL_SHA.test(sha) || !repo.git.commit(sha)) throw httpError(422, `No commit found for SHA: ${sha}`)
    const state = body.state
    if (!['error', 'failure', 'pending', 'success'].includes(state)) {
      throw validationFailed([
        {resource: 'Status', code: 'custom', field: 'state', message: 'state is not included in the list'}
      ])
    }
    const s = insertStatus(
      gh,
      repo,
      sha,
      state,
      body.context ?? 'default',
      body.description ?? null,
      body.target_url ?? null
    )
    return ok(statusJson(gh, repo, s), 201, {location: `${repoUrl(gh, repo)}/statuses/${sha}`})
  })
  gh.route('GET', `${R}/commits/{ref}/status`, 'statuses', ctx => {
    const {repo, params} = ctx
    const sha = gh.commitOrThrow(repo, params.ref as string, 404)
    const latest = latestStatuses(gh, repo, sha)
    const headers: Record<string, string> = {}
    const page = paginate(gh, ctx, latest, headers, 100, 100)
    return ok(
      {
        state: combinedState(gh, latest),
        statuses: page.map(s => statusJson(gh, repo, s)),
        sha,
        total_count: latest.length,
        repository: repoJson(gh, repo, false),
        commit_url: `${repoUrl(gh, repo)}/commits/${sha}`,
        url: `${repoUrl(gh, repo)}/commits/${sha}/status`
      },
      200,
      headers
    )
  })
  gh.route('GET', `${R}/commits/{ref}/statuses`, 'statuses', ctx => {
    const {repo, params} = ctx
    const sha = gh.commitOrThrow(repo, params.ref as string, 404)
    const all = repo.statuses.filter(s => s.sha === sha).sort((a, b) => b.id - a.id)
    const headers: Record<string, string> = {}
    return ok(
      paginate(gh, ctx, all, headers).map(s => statusJson(gh, repo, s)),
      200,
      headers
    )
  })

  // --- check runs
  gh.route('GET', `${R}/commits/{ref}/check-runs`, 'checks', ctx => {
    const {repo, params, query} = ctx
    const sha = gh.commitOrThrow(repo, params.ref as string, 404)
    let runs =
      query.get('filter') === 'all'
        ? repo.checkRuns.filter(c => c.headSha === sha).sort((a, b) => b.id - a.id)
        : latestCheckRuns(gh, repo, sha)
    const name = query.get('check_name')
    if (name) runs = runs.filter(c => c.name === name)
    const status = query.get('status')
    if (status) runs = runs.filter(c => c.status === status)
    const headers: Record<string, string> = {}
    const page = paginate(gh, ctx, runs, headers)
    return ok({total_count: runs.length, check_runs: page.map(c => checkRunJson(gh, repo, c))}, 200, headers)
  })
  const applyCheckRun = (c: CheckRunModel, body: Json): void => {
    if (body.name !== undefined) c.name = String(body.name)
    if (body.details_url !== undefined) c.detailsUrl = body.details_url
    if (body.external_id !== undefined) c.externalId = body.external_id
    if (body.status !== undefined) c.status = body.status
    if (body.started_at !== undefined) c.startedAt = body.started_at
    if (body.conclusion !== undefined) {
      c.conclusion = body.conclusion
      c.status = 'completed'
    }
    if (c.status === 'completed') c.completedAt = body.completed_at ?? c.completedAt ?? gh.nowIso()
    if (body.completed_at !== undefined) c.completedAt = body.completed_at
    if (body.output) {
      c.output = {
        title: body.output.title ?? c.output.title,
        summary: body.output.summary ?? c.output.summary,
        text: body.output.text ?? c.output.text
      }
    }
    if (c.status === 'completed' && !c.conclusion) {
      throw validationFailed([{resource: 'CheckRun', code: 'missing_field', field: 'conclusion'}])
    }
  }
  gh.route('POST', `${R}/check-runs`, 'checks', ({repo, body}) => {
    const headSha = String(body.head_sha ?? '')
    if (!repo.git.commit(headSha)) throw validationFailed([{resource: 'CheckRun', code: 'invalid', field: 'head_sha'}])
    const id = gh.id()
    const c: CheckRunModel = {
      id,
      nodeId: `CR_kwDO${base64url(`${repo.id}:${id}`)}`,
      headSha,
      name: String(body.name),
      status: 'queued',
      conclusion: null,
      startedAt: gh.nowIso(),
      completedAt: null,
      detailsUrl: null,
      externalId: null,
      output: {title: null, summary: null, text: null}
    }
    applyCheckRun(c, body)
    repo.checkRuns.push(c)
    gh.emit({type: 'check_run', owner: repo.owner, repo: repo.name, sha: headSha})
    autoMergeReady(gh, repo)
    return ok(checkRunJson(gh, repo, c), 201)
  })
}
