// Merge queues: enqueue, merge in order after checks, removal. (Their GraphQL side is in graphql-nodes.ts and
// graphql-queue.ts.)
import {base64url} from './encoding.js'
import {httpError} from './faults.js'
import type {RepoState, FakeGitHubImpl} from './model.js'
import {doMerge, queueOf} from './pull-merge.js'
import type {MergeQueueOptions, PullRequestModel} from './types.js'

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
