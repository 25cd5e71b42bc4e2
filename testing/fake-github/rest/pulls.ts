// REST: pull requests (create, update, merge, update-branch) and labels.
import {base64url} from '../encoding.js'
import {httpError, validationFailed, type Answer} from '../faults.js'
import {type FileEntry, merge3} from '../git-store.js'
import type {RepoState, FakeGitHubImpl} from '../model.js'
import {paginate} from '../paging.js'
import {pullHeadSha, mergeability, doMerge} from '../pull-merge.js'
import {countPullRead} from '../auto-merge.js'
import type {Json, PullRequestModel, MergeMethod} from '../types.js'
import {fileDiffs} from './git.js'
import {repoUrl, htmlRepo, branchJson} from './repos.js'

export function labelJson(gh: FakeGitHubImpl, repo: RepoState, name: string): Json {
  const l = repo.labels.get(name.toLowerCase())
  return {
    id: l?.id ?? 0,
    node_id: l?.nodeId ?? '',
    url: `${repoUrl(gh, repo)}/labels/${encodeURIComponent(name)}`,
    name: l?.name ?? name,
    description: l?.description ?? null,
    color: l?.color ?? 'ededed',
    default: false
  }
}

export function pullJson(gh: FakeGitHubImpl, repo: RepoState, pr: PullRequestModel, full: boolean): Json {
  const url = `${repoUrl(gh, repo)}/pulls/${pr.number}`
  const html = `${htmlRepo(gh, repo)}/pull/${pr.number}`
  const head = pullHeadSha(gh, repo, pr)
  const baseSha = repo.refs.get(`refs/heads/${pr.baseRef}`) ?? ''
  const out: Json = {
    url,
    id: pr.id,
    node_id: pr.nodeId,
    html_url: html,
    diff_url: `${html}.diff`,
    patch_url: `${html}.patch`,
    issue_url: `${repoUrl(gh, repo)}/issues/${pr.number}`,
    commits_url: `${url}/commits`,
    review_comments_url: `${url}/comments`,
    comments_url: `${repoUrl(gh, repo)}/issues/${pr.number}/comments`,
    statuses_url: `${repoUrl(gh, repo)}/statuses/${head}`,
    number: pr.number,
    state: pr.state,
    locked: false,
    title: pr.title,
    user: gh.userJson(pr.user),
    body: pr.body,
    labels: pr.labels.map(l => labelJson(gh, repo, l)),
    milestone: null,
    active_lock_reason: null,
    created_at: pr.createdAt,
    updated_at: pr.updatedAt,
    closed_at: pr.closedAt,
    merged_at: pr.mergedAt,
    merge_commit_sha: pr.mergeCommitSha,
    assignee: null,
    assignees: [],
    requested_reviewers: [],
    requested_teams: [],
    head: branchJson(gh, repo, pr.headRef, head),
    base: branchJson(gh, repo, pr.baseRef, baseSha),
    _links: {
      self: {href: url},
      html: {href: html},
      issue: {href: `${repoUrl(gh, repo)}/issues/${pr.number}`},
      statuses: {href: `${repoUrl(gh, repo)}/statuses/${head}`}
    },
    author_association: 'CONTRIBUTOR',
    auto_merge: pr.autoMerge
      ? {
          enabled_by: gh.userJson(pr.autoMerge.enabledBy),
          merge_method: pr.autoMerge.mergeMethod,
          commit_title: pr.autoMerge.commitHeadline ?? '',
          commit_message: pr.autoMerge.commitBody ?? ''
        }
      : null,
    draft: pr.draft
  }
  if (!full) return out
  const m = mergeability(gh, repo, pr, true)
  const mb = baseSha ? repo.git.mergeBase(baseSha, head) : undefined
  const commits = mb ? repo.git.topo(head, repo.git.ancestors(mb)).length : 0
  const files = mb ? fileDiffs(gh, repo, repo.git.filesOf(mb), repo.git.filesOf(head), head) : []
  return {
    ...out,
    merged: pr.merged,
    mergeable: m.mergeable,
    rebaseable: m.mergeable,
    mergeable_state: m.state,
    merged_by: pr.mergedBy ? gh.userJson(pr.mergedBy) : null,
    comments: 0,
    review_comments: 0,
    maintainer_can_modify: false,
    commits,
    additions: files.reduce((n, f) => n + f.additions, 0),
    deletions: files.reduce((n, f) => n + f.deletions, 0),
    changed_files: files.length
  }
}

// ------------------------------------------------------------------------------------------------ merging

export function registerPullRoutes(gh: FakeGitHubImpl): void {
  const R = '/repos/{owner}/{repo}'
  const ok = (body: Json, status = 200, headers?: Record<string, string>): Answer => ({status, body, headers})
  // --- pulls
  const findPull = (repo: RepoState, n: string | undefined): PullRequestModel => {
    const pr = repo.pulls.find(p => p.number === Number(n))
    if (!pr) throw httpError(404, 'Not Found')
    return pr
  }
  gh.route('GET', `${R}/pulls`, 'pull_requests', ctx => {
    const {repo, query} = ctx
    const state = query.get('state') ?? 'open'
    let list = repo.pulls.filter(p => state === 'all' || p.state === state)
    const head = query.get('head')
    if (head) {
      const [owner, branch] = head.includes(':')
        ? [head.slice(0, head.indexOf(':')), head.slice(head.indexOf(':') + 1)]
        : ['', head]
      if (owner) list = list.filter(p => owner.toLowerCase() === repo.owner.toLowerCase() && p.headRef === branch)
    }
    const base = query.get('base')
    if (base) list = list.filter(p => p.baseRef === base)
    const sort = query.get('sort') ?? 'created'
    const dir = query.get('direction') ?? (sort === 'created' ? 'desc' : 'asc')
    list = [...list].sort((a, b) => {
      const k = sort === 'updated' ? a.updatedAt.localeCompare(b.updatedAt) || a.number - b.number : a.number - b.number
      return dir === 'desc' ? -k : k
    })
    const headers: Record<string, string> = {}
    return ok(
      paginate(gh, ctx, list, headers).map(p => pullJson(gh, repo, p, false)),
      200,
      headers
    )
  })
  gh.route('POST', `${R}/pulls`, 'pull_requests', ({repo, body}) => {
    const headSpec = String(body.head ?? '')
    const headBranch = headSpec.includes(':') ? headSpec.slice(headSpec.indexOf(':') + 1) : headSpec
    const headOwner = headSpec.includes(':') ? headSpec.slice(0, headSpec.indexOf(':')) : repo.owner
    const baseBranch = String(body.base ?? '')
    if (!body.title && !body.issue)
      throw validationFailed([{resource: 'PullRequest', code: 'missing_field', field: 'title'}])
    const headSha = repo.refs.get(`refs/heads/${headBranch}`)
    if (!headSha || headOwner.toLowerCase() !== repo.owner.toLowerCase()) {
      throw validationFailed([{resource: 'PullRequest', field: 'head', code: 'invalid'}])
    }
    const baseSha = repo.refs.get(`refs/heads/${baseBranch}`)
    if (!baseSha) throw validationFailed([{resource: 'PullRequest', field: 'base', code: 'invalid'}])
    if (repo.pulls.some(p => p.state === 'open' && p.headRef === headBranch && p.baseRef === baseBranch)) {
      throw validationFailed([
        {
          resource: 'PullRequest',
          code: 'custom',
          message: `A pull request already exists for ${repo.owner}:${headBranch}.`
        }
      ])
    }
    if (repo.git.isAncestor(headSha, baseSha)) {
      throw validationFailed([
        {resource: 'PullRequest', code: 'custom', message: `No commits between ${baseBranch} and ${headBranch}`}
      ])
    }
    const number = repo.pulls.length + 1
    const id = gh.id()
    const at = gh.nowIso()
    const pr: PullRequestModel = {
      number,
      id,
      nodeId: '',
      title: String(body.title),
      body: body.body ?? null,
      state: 'open',
      draft: Boolean(body.draft),
      headRef: headBranch,
      baseRef: baseBranch,
      headSha,
      merged: false,
      mergedAt: null,
      mergeCommitSha: null,
      mergedBy: null,
      closedAt: null,
      createdAt: at,
      updatedAt: at,
      labels: [],
      user: gh.user.login,
      autoMerge: null,
      approvals: 0,
      blocked: false,
      conflict: false,
      unknownReadsLeft: repo.mergeableUnknownReads,
      readsSinceAutoMerge: 0
    }
    pr.nodeId = gh.nodeId('PR', 'pr', repo, String(number))
    repo.pulls.push(pr)
    gh.emit({type: 'pull_request', owner: repo.owner, repo: repo.name, number})
    const json = pullJson(gh, repo, pr, true)
    return ok(json, 201, {location: json.url})
  })
  gh.route('GET', `${R}/pulls/{pull_number}`, 'pull_requests', ({repo, params}) => {
    const pr = findPull(repo, params.pull_number)
    const json = pullJson(gh, repo, pr, true)
    countPullRead(gh, repo, pr)
    return ok(json)
  })
  gh.route('PATCH', `${R}/pulls/{pull_number}`, 'pull_requests', ({repo, params, body}) => {
    const pr = findPull(repo, params.pull_number)
    if (body.title !== undefined) pr.title = String(body.title)
    if (body.body !== undefined) pr.body = body.body
    if (body.base !== undefined) {
      if (!repo.refs.has(`refs/heads/${body.base}`))
        throw validationFailed([{resource: 'PullRequest', field: 'base', code: 'invalid'}])
      pr.baseRef = String(body.base)
    }
    if (body.state === 'closed' && pr.state === 'open') {
      pr.state = 'closed'
      pr.closedAt = gh.nowIso()
      pr.headSha = pullHeadSha(gh, repo, pr)
      pr.autoMerge = null
    } else if (body.state === 'open' && pr.state === 'closed') {
      if (pr.merged)
        throw validationFailed([
          {
            resource: 'PullRequest',
            code: 'custom',
            field: 'state',
            message: 'state cannot be changed. The pull request has been merged.'
          }
        ])
      if (
        repo.pulls.some(p => p !== pr && p.state === 'open' && p.headRef === pr.headRef && p.baseRef === pr.baseRef)
      ) {
        throw validationFailed([
          {
            resource: 'PullRequest',
            code: 'custom',
            message: `A pull request already exists for ${repo.owner}:${pr.headRef}.`
          }
        ])
      }
      if (!repo.refs.has(`refs/heads/${pr.headRef}`))
        throw validationFailed([
          {
            resource: 'PullRequest',
            code: 'custom',
            field: 'state',
            message: 'state cannot be changed. The head branch was deleted.'
          }
        ])
      pr.state = 'open'
      pr.closedAt = null
    }
    pr.updatedAt = gh.nowIso()
    gh.emit({type: 'pull_request', owner: repo.owner, repo: repo.name, number: pr.number})
    return ok(pullJson(gh, repo, pr, true))
  })
  gh.route('PUT', `${R}/pulls/{pull_number}/merge`, 'contents', ({repo, params, body}) => {
    const pr = findPull(repo, params.pull_number)
    const method: MergeMethod = body.merge_method ?? 'merge'
    const result = doMerge(gh, repo, pr, method, {
      title: body.commit_title,
      message: body.commit_message,
      sha: body.sha,
      merger: gh.user.login
    })
    if ('error' in result) throw result.error
    return ok({sha: result.sha, merged: true, message: 'Pull Request successfully merged'})
  })
  // GitHub merges the base into the head asynchronously and answers 202; the fake does it before answering.
  gh.route('PUT', `${R}/pulls/{pull_number}/update-branch`, 'contents', ({repo, params, body}) => {
    const pr = findPull(repo, params.pull_number)
    if (pr.state !== 'open') throw httpError(422, 'Pull request is closed.')
    const head = pullHeadSha(gh, repo, pr)
    if (body.expected_head_sha !== undefined && body.expected_head_sha !== head) {
      throw httpError(422, "expected head sha didn't match current head ref.")
    }
    const baseHead = repo.refs.get(`refs/heads/${pr.baseRef}`)
    if (!baseHead) throw httpError(422, 'Base branch was deleted.')
    if (repo.git.isAncestor(baseHead, head)) throw httpError(422, 'There are no new commits on the base branch.')
    const mb = repo.git.mergeBase(baseHead, head)
    const merged = merge3(
      mb ? repo.git.filesOf(mb) : new Map<string, FileEntry>(),
      repo.git.filesOf(head),
      repo.git.filesOf(baseHead)
    )
    if (merged.conflicts.length) throw httpError(422, 'merge conflict between base and head')
    const sha = gh.makeCommit(
      repo,
      merged.files,
      [head, baseHead],
      `Merge branch '${pr.baseRef}' into ${pr.headRef}`,
      {name: gh.user.login, email: `${gh.user.id}+${gh.user.login}@users.noreply.github.com`},
      {name: 'GitHub', email: 'noreply@github.com'},
      true
    )
    gh.setRef(repo, `refs/heads/${pr.headRef}`, sha)
    return ok(
      {
        message: 'Updating pull request branch.',
        url: `${gh.htmlBase}/${repo.owner}/${repo.name}/pull/${pr.number}`
      },
      202
    )
  })

  // --- labels
  gh.route('POST', `${R}/issues/{issue_number}/labels`, 'issues', ({repo, params, body}) => {
    const pr = repo.pulls.find(p => p.number === Number(params.issue_number))
    if (!pr) throw httpError(404, 'Not Found')
    const raw: Json[] = Array.isArray(body) ? body : Array.isArray(body.labels) ? body.labels : []
    const names = raw.map(l => (typeof l === 'string' ? l : String(l?.name ?? '')))
    if (!names.length || names.some(n => !n)) {
      throw validationFailed(
        [{resource: 'Label', code: 'invalid', field: 'labels'}],
        'Invalid request.\n\nNo subschema in "anyOf" matched.'
      )
    }
    for (const name of names) {
      if (!repo.labels.has(name.toLowerCase())) {
        const id = gh.id()
        repo.labels.set(name.toLowerCase(), {
          id,
          nodeId: `LA_kwDO${base64url(`${repo.id}:${id}`)}`,
          name,
          color: 'ededed',
          description: null
        })
      }
      const canonical = (repo.labels.get(name.toLowerCase()) as {name: string}).name
      if (!pr.labels.includes(canonical)) pr.labels.push(canonical)
    }
    pr.updatedAt = gh.nowIso()
    return ok(pr.labels.map(l => labelJson(gh, repo, l)))
  })
}
