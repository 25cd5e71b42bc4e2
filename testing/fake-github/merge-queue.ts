// Merge queues: enqueue, merge in order after checks, removal; GraphQL fields and mutations.
import {type HttpError, httpError, GraphQLFailure} from './faults.js'
import {requireWrite, pullNode} from './graphql.js'
import {type RepoState, base64url, type FakeGitHubImpl} from './model.js'
import {pullHeadSha, mergeability, doMerge} from './rest/pulls.js'
import type {Json, MergeQueueOptions, PullRequestModel} from './types.js'

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

export function enqueue(
  gh: FakeGitHubImpl,
  repo: RepoState,
  pr: PullRequestModel
): {id: string; enqueuedAt: string; state: string} {
  const existing = gh.queueEntries.get(pr.nodeId)
  if (existing) return existing
  const queue = queueOf(gh, repo, pr) as MergeQueueOptions
  const entry = {
    id: `MQE_kwDO${base64url(`${repo.id}:${pr.number}:${gh.id()}`)}`,
    enqueuedAt: gh.nowIso(),
    state: 'QUEUED'
  }
  gh.queueEntries.set(pr.nodeId, entry)
  gh.queueLog.push({number: pr.number, action: 'enqueued'})
  const timer = setTimeout(() => {
    gh.queueTimers.delete(timer)
    if (gh.queueEntries.get(pr.nodeId) !== entry) return
    gh.queueEntries.delete(pr.nodeId)
    const result = queue.removeWith
      ? {error: httpError(405, queue.removeWith)}
      : doMerge(gh, repo, pr, queue.mergeMethod ?? 'squash', {
          merger: 'github-merge-queue[bot]',
          viaQueue: true,
          ignoreRequirements: true
        })
    if ('error' in result) {
      const reason = String(result.error.body.message)
      const list = gh.queueRemovals.get(pr.nodeId) ?? []
      list.push({id: `RFMQE_kwDO${base64url(`${pr.number}:${gh.id()}`)}`, reason, at: gh.nowIso()})
      gh.queueRemovals.set(pr.nodeId, list)
      pr.autoMerge = null
      gh.queueLog.push({number: pr.number, action: 'removed', reason})
    } else gh.queueLog.push({number: pr.number, action: 'merged', sha: result.sha})
  }, queue.mergeAfterMs ?? 1000)
  entry.state = 'AWAITING_CHECKS'
  gh.queueTimers.add(timer)
  return entry
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

export function queueMutations(gh: FakeGitHubImpl): Json {
  return {
    enqueuePullRequest: ({input}: {input: Json}) => {
      const node = gh.nodes.get(String(input.pullRequestId))
      const pr = node?.kind === 'pr' ? node.repo.pulls.find(p => String(p.number) === node.key) : undefined
      if (!node || !pr) {
        throw new GraphQLFailure(
          'NOT_FOUND',
          `Could not resolve to a node with the global id of '${input.pullRequestId}'`
        )
      }
      const repo = node.repo
      requireWrite(gh, repo, 'contents')
      if (!queueOf(gh, repo, pr))
        throw new GraphQLFailure('UNPROCESSABLE', 'Merge queue is not enabled for this branch.')
      if (pr.state !== 'open') throw new GraphQLFailure('UNPROCESSABLE', 'Pull request is closed')
      if (input.expectedHeadOid && input.expectedHeadOid !== pullHeadSha(gh, repo, pr)) {
        throw new GraphQLFailure('UNPROCESSABLE', 'Pull request head sha did not match expected head sha')
      }
      const m = mergeability(gh, repo, pr, false, true)
      if (m.state === 'dirty') throw new GraphQLFailure('UNPROCESSABLE', 'Pull request is in dirty status')
      enqueue(gh, repo, pr)
      return {clientMutationId: input.clientMutationId ?? null, mergeQueueEntry: queueEntryNode(gh, repo, pr)}
    }
  }
}
