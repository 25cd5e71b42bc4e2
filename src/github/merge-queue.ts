// Merge queues through GraphQL: whether the base has one, adding a pull request to it, and where the PR stands.
import type {GitHub} from './client.js'
import type {RepoRef} from './files.js'

export interface QueueState {
  state: 'OPEN' | 'CLOSED' | 'MERGED'
  headSha: string
  mergeCommit: string | null
  queueEnabled: boolean
  /** The queue entry's state (QUEUED, AWAITING_CHECKS, MERGEABLE, UNMERGEABLE, LOCKED), or null when not queued. */
  entry: {state: string; position: number} | null
  autoMergeEnabled: boolean
  /** The newest removal from the queue, if any. */
  removed: {reason: string | null; at: string} | null
}

const PULL_STATE = `query ($owner: String!, $repo: String!, $number: Int!) {
  repository(owner: $owner, name: $repo) {
    pullRequest(number: $number) {
      state
      headRefOid
      isMergeQueueEnabled
      mergeCommit {
        oid
      }
      mergeQueueEntry {
        state
        position
      }
      autoMergeRequest {
        enabledAt
      }
      timelineItems(last: 1, itemTypes: [REMOVED_FROM_MERGE_QUEUE_EVENT]) {
        nodes {
          ... on RemovedFromMergeQueueEvent {
            reason
            createdAt
          }
        }
      }
    }
  }
}`

interface RawState {
  repository: {
    pullRequest: {
      state: QueueState['state']
      headRefOid: string
      isMergeQueueEnabled: boolean
      mergeCommit: {oid: string} | null
      mergeQueueEntry: {state: string; position: number} | null
      autoMergeRequest: {enabledAt: string} | null
      timelineItems: {nodes: ({reason?: string | null; createdAt?: string} | null)[]}
    }
  }
}

export async function readQueueState(gh: GitHub, at: RepoRef, number: number): Promise<QueueState> {
  const data = await gh.graphql<RawState>(PULL_STATE, {owner: at.owner, repo: at.repo, number})
  const p = data.repository.pullRequest
  const removed = p.timelineItems.nodes.find(n => n?.createdAt !== undefined)
  return {
    state: p.state,
    headSha: p.headRefOid,
    mergeCommit: p.mergeCommit?.oid ?? null,
    queueEnabled: p.isMergeQueueEnabled,
    entry: p.mergeQueueEntry,
    autoMergeEnabled: p.autoMergeRequest !== null,
    removed: removed ? {reason: removed.reason ?? null, at: removed.createdAt as string} : null
  }
}

const ENQUEUE = `mutation ($input: EnqueuePullRequestInput!) {
  enqueuePullRequest(input: $input) {
    mergeQueueEntry {
      state
      position
    }
  }
}`

/** Adds the PR to its base's merge queue, only while its head is still `expectedHeadOid`. */
export async function enqueuePullRequest(
  gh: GitHub,
  nodeId: string,
  expectedHeadOid: string
): Promise<{state: string; position: number} | null> {
  const data = await gh.graphql<{enqueuePullRequest: {mergeQueueEntry: {state: string; position: number} | null}}>(
    ENQUEUE,
    {input: {pullRequestId: nodeId, expectedHeadOid}}
  )
  return data.enqueuePullRequest.mergeQueueEntry
}
