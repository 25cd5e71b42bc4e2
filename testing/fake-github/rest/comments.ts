// REST: issue comments on pull requests (list, create, edit). GitHub lets a token write them with either the
// `issues` or the `pull_requests` permission, so the route checks both itself.
import {DOCS, httpError, validationFailed, type Answer, type RouteContext} from '../faults.js'
import {base64url} from '../encoding.js'
import type {RepoState, FakeGitHubImpl} from '../model.js'
import {paginate} from '../paging.js'
import type {CommentModel, Json} from '../types.js'
import {repoUrl, htmlRepo} from './repos.js'

/** GitHub's limit on a comment body, in characters. */
const MAX_BODY = 65_536

export function registerCommentRoutes(gh: FakeGitHubImpl): void {
  const R = '/repos/{owner}/{repo}'
  const json = (repo: RepoState, c: CommentModel): Json => ({
    id: c.id,
    node_id: c.nodeId,
    url: `${repoUrl(gh, repo)}/issues/comments/${c.id}`,
    html_url: `${htmlRepo(gh, repo)}/pull/${c.issue}#issuecomment-${c.id}`,
    body: c.body,
    user: gh.userJson(c.user),
    created_at: c.createdAt,
    updated_at: c.updatedAt,
    issue_url: `${repoUrl(gh, repo)}/issues/${c.issue}`,
    author_association: 'CONTRIBUTOR'
  })
  const forbidden = (ctx: RouteContext, write: boolean): Answer | undefined => {
    const {issues, pull_requests: pulls} = ctx.repo.permissions
    const allowed = write ? issues === 'write' || pulls === 'write' : issues !== 'none' || pulls !== 'none'
    if (allowed) return undefined
    return {
      status: 403,
      body: {message: 'Resource not accessible by integration', documentation_url: DOCS, status: '403'}
    }
  }
  const body = (ctx: RouteContext): string => {
    const text = ctx.body.body
    if (typeof text !== 'string' || text === '')
      throw validationFailed([{resource: 'IssueComment', code: 'missing_field', field: 'body'}])
    if (text.length > MAX_BODY)
      throw validationFailed([
        {
          resource: 'IssueComment',
          code: 'custom',
          field: 'body',
          message: 'body is too long (maximum is 65536 characters)'
        }
      ])
    return text
  }

  gh.route('GET', `${R}/issues/{issue_number}/comments`, 'metadata', ctx => {
    const denied = forbidden(ctx, false)
    if (denied) return denied
    const number = Number(ctx.params.issue_number)
    if (!ctx.repo.pulls.some(p => p.number === number)) throw httpError(404, 'Not Found')
    const headers: Record<string, string> = {}
    const list = ctx.repo.comments.filter(c => c.issue === number)
    return {status: 200, body: paginate(gh, ctx, list, headers).map(c => json(ctx.repo, c)), headers}
  })
  gh.route('POST', `${R}/issues/{issue_number}/comments`, 'metadata', ctx => {
    const denied = forbidden(ctx, true)
    if (denied) return denied
    const number = Number(ctx.params.issue_number)
    if (!ctx.repo.pulls.some(p => p.number === number)) throw httpError(404, 'Not Found')
    const id = gh.id()
    const at = gh.nowIso()
    const c: CommentModel = {
      id,
      nodeId: `IC_kwDO${base64url(`${ctx.repo.id}:${id}`)}`,
      issue: number,
      body: body(ctx),
      user: gh.user.login,
      createdAt: at,
      updatedAt: at,
      edits: 0
    }
    ctx.repo.comments.push(c)
    return {status: 201, body: json(ctx.repo, c), headers: {location: `${repoUrl(gh, ctx.repo)}/issues/comments/${id}`}}
  })
  gh.route('PATCH', `${R}/issues/comments/{comment_id}`, 'metadata', ctx => {
    const denied = forbidden(ctx, true)
    if (denied) return denied
    const c = ctx.repo.comments.find(x => x.id === Number(ctx.params.comment_id))
    if (!c) throw httpError(404, 'Not Found')
    c.body = body(ctx)
    c.updatedAt = gh.nowIso()
    c.edits++
    return {status: 200, body: json(ctx.repo, c)}
  })
}
