// GraphQL objects over the model: repository, ref, commit, pull request (with its merge-queue fields).
import {GraphQLFailure} from './faults.js'
import {base64url} from './encoding.js'
import type {GitCommit} from './git-store.js'
import type {RepoState, FakeGitHubImpl} from './model.js'
import {countPullRead} from './auto-merge.js'
import {pullHeadSha, mergeability, queueOf} from './pull-merge.js'
import {htmlRepo} from './rest/repos.js'
import type {Json, PermissionArea, PullRequestModel} from './types.js'

export function requireWrite(gh: FakeGitHubImpl, repo: RepoState, area: PermissionArea): void {
  if (repo.permissions[area] !== 'write')
    throw new GraphQLFailure('FORBIDDEN', 'Resource not accessible by integration')
}

export function resolveNode(gh: FakeGitHubImpl, id: string): Json {
  const node = gh.nodes.get(id)
  if (!node) return null
  if (node.kind === 'repo') return repositoryNode(gh, node.repo)
  if (node.kind === 'ref') return refNode(gh, node.repo, node.key)
  if (node.kind === 'commit') return commitNode(gh, node.repo, node.key)
  const pr = node.repo.pulls.find(p => String(p.number) === node.key)
  return pr ? pullNode(gh, node.repo, pr) : null
}

export function repositoryNode(gh: FakeGitHubImpl, repo: RepoState): Json {
  return {
    __typename: 'Repository',
    id: repo.nodeId,
    databaseId: repo.id,
    name: repo.name,
    nameWithOwner: `${repo.owner}/${repo.name}`,
    owner: {__typename: 'User', login: repo.owner, id: `U_kgDO${base64url(repo.owner)}`},
    url: htmlRepo(gh, repo),
    isPrivate: repo.private,
    autoMergeAllowed: repo.allowAutoMerge,
    mergeCommitAllowed: repo.allowMergeCommit,
    squashMergeAllowed: repo.allowSquashMerge,
    rebaseMergeAllowed: repo.allowRebaseMerge,
    deleteBranchOnMerge: repo.deleteBranchOnMerge,
    viewerPermission: repo.permissions.contents === 'write' ? 'WRITE' : 'READ',
    defaultBranchRef: () => refNode(gh, repo, `refs/heads/${repo.defaultBranch}`),
    ref: ({qualifiedName}: {qualifiedName: string}) => {
      const full = qualifiedName.startsWith('refs/') ? qualifiedName : `refs/heads/${qualifiedName}`
      return repo.refs.has(full) ? refNode(gh, repo, full) : null
    },
    object: ({oid, expression}: {oid?: string; expression?: string}) => {
      const sha = oid ?? (expression ? gh.resolveIn(repo, expression) : undefined)
      return sha && repo.git.commit(sha) ? commitNode(gh, repo, sha) : null
    },
    pullRequest: ({number}: {number: number}) => {
      const pr = repo.pulls.find(p => p.number === number)
      if (!pr) throw new GraphQLFailure('NOT_FOUND', `Could not resolve to a PullRequest with the number of ${number}.`)
      countPullRead(gh, repo, pr)
      return pullNode(gh, repo, pr)
    }
  }
}

export function refNode(gh: FakeGitHubImpl, repo: RepoState, ref: string): Json {
  const sha = repo.refs.get(ref)
  if (!sha) return null
  return {
    __typename: 'Ref',
    id: gh.nodeId('REF', 'ref', repo, ref),
    name: ref.replace(/^refs\/(heads|tags)\//, ''),
    prefix: ref.startsWith('refs/tags/') ? 'refs/tags/' : 'refs/heads/',
    target: commitNode(gh, repo, sha),
    repository: () => repositoryNode(gh, repo)
  }
}

export function commitNode(gh: FakeGitHubImpl, repo: RepoState, sha: string): Json {
  const c = repo.git.commit(sha) as GitCommit
  const [headline, ...rest] = c.message.split('\n')
  return {
    __typename: 'Commit',
    id: gh.nodeId('C', 'commit', repo, sha),
    oid: sha,
    abbreviatedOid: sha.slice(0, 7),
    url: `${htmlRepo(gh, repo)}/commit/${sha}`,
    commitUrl: `${htmlRepo(gh, repo)}/commit/${sha}`,
    message: c.message,
    messageHeadline: headline,
    messageBody: rest.join('\n').replace(/^\n+/, ''),
    committedDate: c.committer.date,
    authoredDate: c.author.date,
    pushedDate: null,
    parents: () => ({
      totalCount: c.parents.length,
      nodes: c.parents.map(p => commitNode(gh, repo, p)),
      edges: c.parents.map(p => ({cursor: p, node: commitNode(gh, repo, p)}))
    }),
    tree: {__typename: 'Tree', oid: c.tree, id: `T_kwDO${base64url(c.tree)}`},
    repository: () => repositoryNode(gh, repo)
  }
}

export function pullNode(gh: FakeGitHubImpl, repo: RepoState, pr: PullRequestModel): Json {
  let memo: {mergeable: boolean | null; state: string} | undefined
  const m = (): {mergeable: boolean | null; state: string} => (memo ??= mergeability(gh, repo, pr, true))
  return {
    __typename: 'PullRequest',
    id: pr.nodeId,
    databaseId: pr.id,
    number: pr.number,
    title: pr.title,
    body: pr.body ?? '',
    url: `${htmlRepo(gh, repo)}/pull/${pr.number}`,
    state: pr.merged ? 'MERGED' : pr.state === 'open' ? 'OPEN' : 'CLOSED',
    closed: pr.state === 'closed',
    merged: pr.merged,
    mergedAt: pr.mergedAt,
    isDraft: pr.draft,
    createdAt: pr.createdAt,
    updatedAt: pr.updatedAt,
    headRefName: pr.headRef,
    headRefOid: pullHeadSha(gh, repo, pr),
    baseRefName: pr.baseRef,
    baseRefOid: repo.refs.get(`refs/heads/${pr.baseRef}`) ?? '',
    mergeCommit: () => (pr.mergeCommitSha ? commitNode(gh, repo, pr.mergeCommitSha) : null),
    mergeable: () => {
      const v = m().mergeable
      return v === null ? 'UNKNOWN' : v ? 'MERGEABLE' : 'CONFLICTING'
    },
    mergeStateStatus: () => m().state.toUpperCase(),
    autoMergeRequest: pr.autoMerge
      ? {
          __typename: 'AutoMergeRequest',
          enabledAt: pr.autoMerge.enabledAt,
          mergeMethod: pr.autoMerge.mergeMethod.toUpperCase(),
          commitHeadline: pr.autoMerge.commitHeadline ?? null,
          commitBody: pr.autoMerge.commitBody ?? null,
          authorEmail: null,
          enabledBy: {__typename: 'User', login: pr.autoMerge.enabledBy}
        }
      : null,
    repository: () => repositoryNode(gh, repo),
    ...queueFields(gh, repo, pr)
  }
}

export function queueEntryNode(gh: FakeGitHubImpl, repo: RepoState, pr: PullRequestModel): Json {
  const entry = gh.queueEntries.get(pr.nodeId)
  if (!entry) return null
  const queued = [...gh.queueEntries.values()].sort((a, b) => a.enqueuedAt.localeCompare(b.enqueuedAt))
  return {
    __typename: 'MergeQueueEntry',
    id: entry.id,
    state: entry.state,
    position: queued.indexOf(entry) + 1,
    enqueuedAt: entry.enqueuedAt,
    jump: false,
    solo: false,
    estimatedTimeToMerge: null,
    enqueuer: {__typename: 'User', login: gh.user.login},
    pullRequest: () => pullNode(gh, repo, pr)
  }
}

export function queueFields(gh: FakeGitHubImpl, repo: RepoState, pr: PullRequestModel): Json {
  return {
    isMergeQueueEnabled: Boolean(queueOf(gh, repo, pr)),
    isInMergeQueue: gh.queueEntries.has(pr.nodeId),
    mergeQueueEntry: () => queueEntryNode(gh, repo, pr),
    timelineItems: ({first, last, itemTypes}: {first?: number; last?: number; itemTypes?: string[]}) => {
      const wanted = !itemTypes || itemTypes.includes('REMOVED_FROM_MERGE_QUEUE_EVENT')
      const all = wanted
        ? (gh.queueRemovals.get(pr.nodeId) ?? []).map(r => ({
            __typename: 'RemovedFromMergeQueueEvent',
            id: r.id,
            reason: r.reason,
            createdAt: r.at,
            actor: {__typename: 'Bot', login: 'github-merge-queue'}
          }))
        : []
      const nodes = last !== undefined ? all.slice(-last) : first !== undefined ? all.slice(0, first) : all
      return {
        totalCount: all.length,
        filteredCount: all.length,
        nodes,
        edges: nodes.map(n => ({cursor: n.id, node: n})),
        pageInfo: {hasNextPage: false, hasPreviousPage: false, startCursor: null, endCursor: null}
      }
    }
  }
}
