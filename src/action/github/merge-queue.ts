// Merge queues through GraphQL: whether the base has one, adding a pull request to it, and where the PR stands.
import {GraphQLRequestError, type GitHub} from './client.js'
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

// The queue's fields (isMergeQueueEnabled, mergeQueueEntry, the removal event) are newer than some GitHub
// Enterprise Server versions; such a server has no merge queue, so the query is asked again without them.
const QUEUE_FIELDS = `
      isMergeQueueEnabled
      mergeQueueEntry {
        state
        position
      }
      timelineItems(last: 1, itemTypes: [REMOVED_FROM_MERGE_QUEUE_EVENT]) {
        nodes {
          ... on RemovedFromMergeQueueEvent {
            reason
            createdAt
          }
        }
      }`

const pullState = (queue: boolean) => `query ($owner: String!, $repo: String!, $number: Int!) {
  repository(owner: $owner, name: $repo) {
    pullRequest(number: $number) {
      state
      headRefOid
      mergeCommit {
        oid
      }
      autoMergeRequest {
        enabledAt
      }${queue ? QUEUE_FIELDS : ''}
    }
  }
}`

interface RawState {
  repository: {
    pullRequest: {
      state: QueueState['state']
      headRefOid: string
      isMergeQueueEnabled?: boolean
      mergeCommit: {oid: string} | null
      mergeQueueEntry?: {state: string; position: number} | null
      autoMergeRequest: {enabledAt: string} | null
      timelineItems?: {nodes: ({reason?: string | null; createdAt?: string} | null)[]}
    }
  }
}

/** Servers found to lack the queue's GraphQL fields, so they are asked without them from then on. */
const withoutQueueFields = new WeakSet<GitHub>()

/** GraphQL's answer when the schema lacks a field the query names (older GitHub Enterprise Server). */
function isMissingField(e: unknown): boolean {
  return e instanceof GraphQLRequestError && (e.hasType('undefinedField') || /doesn't exist on type/.test(e.message))
}

async function queryState(gh: GitHub, at: RepoRef, number: number): Promise<RawState> {
  const variables = {owner: at.owner, repo: at.repo, number}
  if (!withoutQueueFields.has(gh)) {
    try {
      return await gh.graphql<RawState>(pullState(true), variables)
    } catch (e) {
      if (!isMissingField(e)) throw e
      withoutQueueFields.add(gh)
    }
  }
  return gh.graphql<RawState>(pullState(false), variables)
}

export async function readQueueState(gh: GitHub, at: RepoRef, number: number): Promise<QueueState> {
  const p = (await queryState(gh, at, number)).repository.pullRequest
  const removed = p.timelineItems?.nodes.find(n => n?.createdAt !== undefined)
  return {
    state: p.state,
    headSha: p.headRefOid,
    mergeCommit: p.mergeCommit?.oid ?? null,
    queueEnabled: p.isMergeQueueEnabled ?? false,
    entry: p.mergeQueueEntry ?? null,
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

/**
 * Adds the PR to its base's merge queue, only while its head is still `expectedHeadOid`. The queue takes no commit
 * text: it writes its own merge commits.
 */
export async function enqueuePullRequest(
  gh: GitHub,
  at: RepoRef,
  pr: {number: number; nodeId: string},
  expectedHeadOid: string
): Promise<{state: string; position: number} | null> {
  const send = async (): Promise<{state: string; position: number} | null> => {
    const data = await gh.graphql<{enqueuePullRequest: {mergeQueueEntry: {state: string; position: number} | null}}>(
      ENQUEUE,
      {input: {pullRequestId: pr.nodeId, expectedHeadOid}}
    )
    return data.enqueuePullRequest.mergeQueueEntry
  }
  // A lost answer: the PR in the queue (or merged by it already) is what we asked for.
  return gh.writeOnce(send, async () => {
    const now = await readQueueState(gh, at, pr.number)
    return now.entry ?? (now.state === 'MERGED' ? null : undefined)
  })
}
