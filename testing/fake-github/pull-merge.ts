// Merging a pull request: its head, GitHub's mergeability, the queue's refusal and the merge itself.
import {type HttpError, httpError} from './faults.js'
import {type FileEntry, type GitCommit, merge3} from './git-store.js'
import {latestStatuses, latestCheckRuns} from './check-state.js'
import type {RepoState, FakeGitHubImpl} from './model.js'
import type {MergeMethod, MergeQueueOptions, Person, PullRequestModel} from './types.js'

export function pullHeadSha(gh: FakeGitHubImpl, repo: RepoState, pr: PullRequestModel): string {
  if (pr.state === 'open') return repo.refs.get(`refs/heads/${pr.headRef}`) ?? pr.headSha
  return pr.headSha
}

/** GitHub's `mergeable` / `mergeable_state` for an open PR. */
export function mergeability(
  gh: FakeGitHubImpl,
  repo: RepoState,
  pr: PullRequestModel,
  countRead: boolean,
  computeNow = false
): {mergeable: boolean | null; state: string; reason?: string} {
  if (pr.state !== 'open') return {mergeable: null, state: 'unknown'}
  if (pr.unknownReadsLeft > 0 && !computeNow) {
    if (countRead) pr.unknownReadsLeft--
    return {mergeable: null, state: 'unknown'}
  }
  const head = pullHeadSha(gh, repo, pr)
  const baseHead = repo.refs.get(`refs/heads/${pr.baseRef}`)
  if (!baseHead) return {mergeable: false, state: 'dirty', reason: 'Base branch was deleted'}
  const mb = repo.git.mergeBase(baseHead, head)
  const conflicts = mb
    ? merge3(repo.git.filesOf(mb), repo.git.filesOf(baseHead), repo.git.filesOf(head)).conflicts
    : ['<unrelated histories>']
  if (pr.conflict || conflicts.length)
    return {mergeable: false, state: 'dirty', reason: 'Pull Request is not mergeable'}
  if (pr.draft) return {mergeable: true, state: 'draft', reason: 'Pull Request is still a draft'}
  if (pr.blocked) return {mergeable: true, state: 'blocked', reason: 'Pull Request is not mergeable'}
  const p = repo.protection
  const statuses = latestStatuses(gh, repo, head)
  const runs = latestCheckRuns(gh, repo, head)
  for (const context of p.requiredStatusChecks ?? []) {
    const ok =
      statuses.some(s => s.context === context && s.state === 'success') ||
      runs.some(
        r =>
          r.name === context &&
          r.status === 'completed' &&
          ['success', 'neutral', 'skipped'].includes(r.conclusion ?? '')
      )
    if (!ok) return {mergeable: true, state: 'blocked', reason: `Required status check "${context}" is expected.`}
  }
  if ((p.requiredApprovals ?? 0) > pr.approvals) {
    const n = p.requiredApprovals as number
    return {
      mergeable: true,
      state: 'blocked',
      reason: `At least ${n} approving review${n > 1 ? 's are' : ' is'} required by reviewers with write access.`
    }
  }
  if (p.strict && !repo.git.isAncestor(baseHead, head)) {
    return {mergeable: true, state: 'behind', reason: 'Head branch is not up to date with the base branch.'}
  }
  const failing =
    statuses.some(s => s.state !== 'success') ||
    runs.some(r => r.status !== 'completed' || !['success', 'neutral', 'skipped'].includes(r.conclusion ?? ''))
  return {mergeable: true, state: failing ? 'unstable' : 'clean'}
}

/** The merge queue a PR's base branch requires, if any (only the default branch has one). */
export function queueOf(gh: FakeGitHubImpl, repo: RepoState, pr: PullRequestModel): MergeQueueOptions | undefined {
  return pr.baseRef === repo.defaultBranch ? repo.mergeQueue : undefined
}

/** A merge of a PR whose base requires the queue, not made by the queue: 405, unless the token may bypass. */
export function queueRefusal(
  gh: FakeGitHubImpl,
  repo: RepoState,
  pr: PullRequestModel,
  o: {viaQueue?: boolean; ignoreRequirements?: boolean}
): HttpError | undefined {
  const queue = queueOf(gh, repo, pr)
  if (!queue || o.viaQueue) return undefined
  if (queue.bypassAllowed || o.ignoreRequirements) {
    if (!o.ignoreRequirements) gh.queueBypasses.push({number: pr.number})
    return undefined
  }
  return httpError(405, 'Changes must be made through the merge queue')
}

export function doMerge(
  gh: FakeGitHubImpl,
  repo: RepoState,
  pr: PullRequestModel,
  method: MergeMethod,
  o: {
    title?: string
    message?: string
    sha?: string
    merger: string
    ignoreRequirements?: boolean
    viaQueue?: boolean
  }
): {sha: string} | {error: HttpError} {
  if (pr.state !== 'open') return {error: httpError(405, 'Pull Request is not mergeable')}
  const refusal = queueRefusal(gh, repo, pr, o)
  if (refusal) return {error: refusal}
  const allowed = {merge: repo.allowMergeCommit, squash: repo.allowSquashMerge, rebase: repo.allowRebaseMerge}[method]
  if (!allowed) {
    const what = {merge: 'Merge commits', squash: 'Squash merges', rebase: 'Rebase merges'}[method]
    return {error: httpError(405, `${what} are not allowed on this repository.`)}
  }
  const head = pullHeadSha(gh, repo, pr)
  if (o.sha !== undefined && o.sha !== head) {
    return {error: httpError(409, 'Head branch was modified. Review and try the merge again.')}
  }
  const m = mergeability(gh, repo, pr, false, true)
  if (m.state === 'dirty') return {error: httpError(405, 'Pull Request is not mergeable')}
  if (!o.ignoreRequirements && ['blocked', 'behind', 'draft'].includes(m.state)) {
    return {error: httpError(405, m.reason ?? 'Pull Request is not mergeable')}
  }
  const baseRef = `refs/heads/${pr.baseRef}`
  const baseHead = repo.refs.get(baseRef) as string
  const mb = repo.git.mergeBase(baseHead, head) as string
  const merger: Person = {
    name: o.merger,
    email: `${o.merger === gh.user.login ? gh.user.id : 1}+${o.merger}@users.noreply.github.com`
  }
  const github: Person = {name: 'GitHub', email: 'noreply@github.com'}
  let result: string
  if (method === 'rebase') {
    let current = baseHead
    const own = repo.git
      .topo(head, repo.git.ancestors(mb))
      .filter(s => ((repo.git.commit(s) as GitCommit).parents.length ?? 0) <= 1)
    for (const sha of own) {
      const c = repo.git.commit(sha) as GitCommit
      const parentFiles = c.parents[0] ? repo.git.filesOf(c.parents[0]) : new Map<string, FileEntry>()
      const merged = merge3(parentFiles, repo.git.filesOf(current), repo.git.flatten(c.tree))
      if (merged.conflicts.length) return {error: httpError(405, 'Pull Request is not mergeable')}
      current = gh.makeCommit(repo, merged.files, [current], c.message, c.author, github, true)
    }
    result = current
  } else {
    const merged = merge3(repo.git.filesOf(mb), repo.git.filesOf(baseHead), repo.git.filesOf(head))
    if (merged.conflicts.length) return {error: httpError(405, 'Pull Request is not mergeable')}
    if (method === 'merge') {
      const title = o.title ?? `Merge pull request #${pr.number} from ${repo.owner}/${pr.headRef}`
      const body = o.message ?? pr.title
      result = gh.makeCommit(
        repo,
        merged.files,
        [baseHead, head],
        body ? `${title}\n\n${body}` : title,
        merger,
        github,
        true
      )
    } else {
      const own = repo.git.topo(head, repo.git.ancestors(mb))
      const title = o.title ?? `${pr.title} (#${pr.number})`
      const body =
        o.message ?? (own.length > 1 ? own.map(s => `* ${(repo.git.commit(s) as GitCommit).message}`).join('\n\n') : '')
      result = gh.makeCommit(repo, merged.files, [baseHead], body ? `${title}\n\n${body}` : title, merger, github, true)
    }
  }
  const at = gh.nowIso()
  pr.headSha = head
  pr.state = 'closed'
  pr.merged = true
  pr.mergedAt = at
  pr.closedAt = at
  pr.updatedAt = at
  pr.mergeCommitSha = result
  pr.mergedBy = o.merger
  pr.autoMerge = null
  gh.setRef(repo, baseRef, result)
  if (repo.deleteBranchOnMerge) gh.setRef(repo, `refs/heads/${pr.headRef}`, undefined)
  gh.emit({type: 'pull_request', owner: repo.owner, repo: repo.name, number: pr.number, sha: result})
  return {sha: result}
}
