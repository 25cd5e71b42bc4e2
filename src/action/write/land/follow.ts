// Following a pull request after asking GitHub to do something with it: read it until it has happened.
import type {GitHub} from '../../github/client.js'
import {step} from '../../github/errors.js'
import * as pulls from '../../github/pull-request.js'
import {PromoteError} from '../../../core/errors.js'
import {formatDuration} from '../../../core/duration.js'
import {repoName, type Landed, type RepoRef, type WriteContext} from '../types.js'
import {pollUntil as poll} from '../../../core/retry.js'

/** Polls within the write's budget; past it, a `timed-out` PromoteError saying what did not happen. */
export function pollUntil<S, T>(
  {budget, rt}: Pick<WriteContext, 'budget' | 'rt'>,
  read: () => Promise<S>,
  decide: (now: S) => T | undefined,
  how: {pauseMs: number; notHappened: string}
): Promise<T> {
  const timedOut = (): Error => new PromoteError(how.notHappened, 'timed-out')
  return poll(read, decide, {deadline: budget.deadline, pauseMs: how.pauseMs, timedOut}, rt)
}

function readPull(gh: GitHub, at: RepoRef, number: number): () => Promise<pulls.PullRequest> {
  return () =>
    step(`read pull request #${number}`, repoName(at), 'pull-requests: read', () =>
      pulls.getPullRequest(gh, at, number)
    )
}

/** Waits until GitHub has moved the PR's head (after an update-branch); returns the PR with its new head. */
export function waitForNewHead(
  ctx: WriteContext,
  pr: pulls.PullRequest,
  intervalMs: number
): Promise<pulls.PullRequest> {
  const notHappened = `GitHub did not update the branch of #${pr.number} within ${formatDuration(ctx.budget.timeoutMs)}: ${pr.url}`
  return pollUntil(ctx, readPull(ctx.gh, ctx.at, pr.number), now => (now.headSha !== pr.headSha ? now : undefined), {
    pauseMs: Math.min(intervalMs, 2000),
    notHappened
  })
}

/** Waits until someone merges the PR; fails when it is closed unmerged. */
export function waitForMerge(ctx: WriteContext, pr: pulls.PullRequest, intervalMs: number): Promise<Landed> {
  const {rt} = ctx
  const notHappened = `Pull request #${pr.number} was not merged within ${formatDuration(ctx.budget.timeoutMs)}: ${pr.url}`
  return pollUntil(
    ctx,
    readPull(ctx.gh, ctx.at, pr.number),
    now => {
      if (now.merged && now.mergeCommitSha) {
        rt.log.info(`#${pr.number} was merged as ${now.mergeCommitSha}.`)
        return {commit: now.mergeCommitSha, headSha: now.headSha}
      }
      if (now.state === 'closed') throw closedUnmerged(pr)
      return undefined
    },
    {pauseMs: intervalMs, notHappened}
  )
}

export function closedUnmerged(pr: {number: number; url: string}): PromoteError {
  return new PromoteError(`Pull request #${pr.number} was closed without being merged: ${pr.url}`)
}
