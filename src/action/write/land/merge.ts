// strategy: merge. Merge at once; a refusal is classified (see ../refusals.ts): wait, update, enqueue, or fail now.
import {step} from '../../github/errors.js'
import * as pulls from '../../github/pull-request.js'
import {allowedMergeMethods} from '../../github/rules.js'
import {PromoteError} from '../../../core/errors.js'
import {formatDuration} from '../../../core/duration.js'
import {classifyMergeRefusal, type MergeRefusal} from '../../../core/refusals.js'
import {closedUnmerged, waitForNewHead} from './follow.js'
import {enqueueAndFollow, queueState} from './merge-queue.js'
import {repoName, type Landed, type WriteContext} from '../types.js'
import type {QueueState} from '../../github/merge-queue.js'

/** `commit`: the commit message as the squash / merge commit's title and body (GitHub's ` (#number)` ends the title). */
export interface MergeOptions extends pulls.MergeHow {
  intervalMs: number
}

export async function mergeNow(
  ctx: WriteContext,
  pr: pulls.PullRequest,
  opts: MergeOptions,
  /** The queue state when the caller has just read it (auto-merge), so it is not read twice. */
  known?: QueueState
): Promise<Landed> {
  const {gh, at, budget, rt} = ctx
  const repo = repoName(at)
  // A base with a merge queue only takes the PR through the queue, even from a token that could merge around it.
  const before = known ?? (await queueState(gh, at, pr.number))
  if (before.queueEnabled) return enqueueAndFollow(ctx, pr, before, opts.intervalMs)

  let lastReason = ''
  for (;;) {
    const res = await step(`merge #${pr.number}`, repo, 'contents: write', () =>
      pulls.mergePullRequest(gh, at, pr, opts)
    )
    if (res.merged) {
      rt.log.info(`Merged #${pr.number} (${opts.mergeMethod}) as ${res.sha}.`)
      return {commit: res.sha, headSha: pr.headSha, mergedHere: true}
    }
    const now = await step(`read pull request #${pr.number}`, repo, 'pull-requests: read', () =>
      pulls.getPullRequest(gh, at, pr.number)
    )
    if ('headMoved' in res && !now.merged && now.state === 'open' && now.headSha !== pr.headSha) {
      // The shared PR of this promotion, updated by a later run: it is merged as it is now, and the wait checks that
      // the merge commit still holds this run's values.
      rt.log.info(
        `#${pr.number} moved to ${now.headSha.slice(0, 7)} while merging (another run updated it); merging it as it is.`
      )
      pr = now
      continue
    }
    const refusal = classifyMergeRefusal(res.reason, now)
    switch (refusal.kind) {
      case 'merged':
        if (now.mergeCommitSha) {
          rt.log.info(`#${pr.number} was merged meanwhile as ${now.mergeCommitSha}.`)
          return {commit: now.mergeCommitSha, headSha: now.headSha}
        }
        break
      case 'queue-required':
        return enqueueAndFollow(ctx, pr, await queueState(gh, at, pr.number), opts.intervalMs)
      case 'behind':
        pr = await catchUp(ctx, pr, now, opts.intervalMs)
        continue
      case 'not-ready': {
        if (refusal.reason !== lastReason)
          rt.log.info(`#${pr.number} is not mergeable yet: ${refusal.reason}. Retrying.`)
        lastReason = refusal.reason
        if (rt.clock() + opts.intervalMs > budget.deadline) {
          throw new PromoteError(
            `Pull request #${pr.number} could not be merged within ${formatDuration(budget.timeoutMs)}: ${refusal.reason}. ${pr.url}`,
            'timed-out'
          )
        }
        await rt.sleep(opts.intervalMs)
        break
      }
      default:
        throw await refusedForGood(ctx, pr, opts, refusal)
    }
  }
}

/**
 * The base moved and requires up-to-date branches (another promotion landed): merge it into the PR's branch and
 * return the PR at its new head. When the head already moved, the PR as it is now.
 */
async function catchUp(
  ctx: WriteContext,
  pr: pulls.PullRequest,
  now: pulls.PullRequest,
  intervalMs: number
): Promise<pulls.PullRequest> {
  const {gh, at, branch: base, rt} = ctx
  if (now.headSha !== pr.headSha) return now
  rt.log.info(`#${pr.number} is behind '${base}': updating its branch.`)
  await step(`update the branch of #${pr.number}`, repoName(at), 'contents: write', () =>
    pulls.updateBranch(gh, at, pr, base)
  )
  return waitForNewHead(ctx, pr, intervalMs)
}

/** The error for a refusal that retrying cannot get past: closed, a method not allowed, a person needed, a conflict. */
async function refusedForGood(
  {gh, at, branch: base}: WriteContext,
  pr: pulls.PullRequest,
  opts: MergeOptions,
  refusal: Extract<MergeRefusal, {kind: 'closed' | 'method-not-allowed' | 'blocked' | 'conflict'}>
): Promise<Error> {
  switch (refusal.kind) {
    case 'closed':
      return closedUnmerged(pr)
    case 'method-not-allowed': {
      const allowed = await step('read the repository settings', repoName(at), 'metadata: read', () =>
        allowedMergeMethods(gh, at)
      )
      return new PromoteError(
        `Input 'merge-method' is '${opts.mergeMethod}', which ${repoName(at)} does not allow (GitHub: ${refusal.reason}). ` +
          `Set merge-method to one the repository allows: ${allowed.join(', ') || 'none is enabled'}. ${pr.url}`
      )
    }
    case 'blocked':
      return new PromoteError(
        `Pull request #${pr.number} cannot be merged until a person acts: ${refusal.requirement} ${pr.url} ` +
          `(strategy: pull-request waits for that; strategy: auto-merge merges once it is done).`
      )
    case 'conflict':
      return new PromoteError(
        `Pull request #${pr.number} conflicts with '${base}': ${pr.url}. Resolve the conflict or close it and re-run.`
      )
  }
}
