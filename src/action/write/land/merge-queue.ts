// Landing through a merge queue: add the PR (or let auto-merge add it) and follow it until the queue merged it or
// dropped it. The queue is never bypassed, whatever the token may do.
import type {GitHub} from '../../github/client.js'
import {GraphQLRequestError} from '../../github/client.js'
import {step} from '../../github/errors.js'
import {enqueuePullRequest, readQueueState, type QueueState} from '../../github/merge-queue.js'
import type {PullRequest} from '../../github/pull-request.js'
import {PromoteError} from '../../../core/errors.js'
import {formatDuration} from '../../../core/duration.js'
import {closedUnmerged, pollUntil} from './follow.js'
import {repoName, type Landed, type RepoRef, type WriteContext} from '../types.js'

export function queueState(gh: GitHub, at: RepoRef, number: number): Promise<QueueState> {
  return step(`read pull request #${number}`, repoName(at), 'pull-requests: read', () => readQueueState(gh, at, number))
}

/** Adds the PR to the queue at the head we wrote (unless it is queued already), then follows it. */
export async function enqueueAndFollow(
  ctx: WriteContext,
  pr: PullRequest,
  before: QueueState,
  intervalMs: number
): Promise<Landed> {
  const {gh, at, rt} = ctx
  if (before.entry) {
    rt.log.info(`#${pr.number} is already in the merge queue (position ${before.entry.position}).`)
  } else {
    try {
      const entry = await step(`add #${pr.number} to the merge queue`, repoName(at), 'contents: write', () =>
        enqueuePullRequest(gh, at, pr, before.headSha)
      )
      rt.log.info(`Added #${pr.number} to the merge queue${entry ? ` (position ${entry.position})` : ''}.`)
    } catch (e) {
      if (e instanceof GraphQLRequestError) {
        throw new PromoteError(`GitHub did not add #${pr.number} to the merge queue: ${e.message}. ${pr.url}`)
      }
      throw e
    }
  }
  return followQueue(ctx, pr, before, {mode: 'enqueued', intervalMs})
}

/**
 * Reads the PR until it is merged (its merge commit is what the queue put on the base), closed, or dropped from the
 * queue (a removal newer than `before`'s). `auto-merge`: GitHub queues the PR once it is ready; auto-merge turned
 * off without a merge means it will not happen.
 */
export function followQueue(
  ctx: WriteContext,
  pr: PullRequest,
  before: QueueState,
  {mode, intervalMs}: {mode: 'enqueued' | 'auto-merge'; intervalMs: number}
): Promise<Landed> {
  const {gh, at, rt} = ctx
  let lastEntry = before.entry?.state ?? ''
  const notHappened = `Pull request #${pr.number} was not merged within ${formatDuration(ctx.budget.timeoutMs)}: ${pr.url}`
  return pollUntil(
    ctx,
    () => queueState(gh, at, pr.number),
    now => {
      if (now.state === 'MERGED' && now.mergeCommit) {
        rt.log.info(`#${pr.number} was merged as ${now.mergeCommit}.`)
        return {commit: now.mergeCommit, headSha: now.headSha}
      }
      if (now.state === 'CLOSED') throw closedUnmerged(pr)
      if (now.entry) {
        if (now.entry.state !== lastEntry)
          rt.log.info(
            `#${pr.number} in the merge queue: ${now.entry.state.toLowerCase()}, position ${now.entry.position}.`
          )
        lastEntry = now.entry.state
        return undefined
      }
      const removedNow = now.removed && now.removed.at !== before.removed?.at
      if (removedNow) {
        throw new PromoteError(
          `Pull request #${pr.number} was removed from the merge queue: ${now.removed?.reason ?? 'no reason given'}. ${pr.url}`
        )
      }
      if (mode === 'auto-merge' && !now.autoMergeEnabled) {
        throw new PromoteError(
          `Auto-merge was turned off on #${pr.number} before it merged (by a person, or by GitHub after a conflict or a push): ${pr.url}`
        )
      }
      return undefined
    },
    {pauseMs: intervalMs, notHappened}
  )
}
