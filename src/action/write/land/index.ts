// How an open pull request reaches the base: merged now, auto-merged by GitHub, or merged by a person.
import type {PullRequest} from '../../github/pull-request.js'
import {formatDuration} from '../../../core/duration.js'
import {autoMerge} from './auto-merge.js'
import {mergeNow, type MergeOptions} from './merge.js'
import {waitForMerge} from './follow.js'
import type {Landed, WriteContext} from '../types.js'

/** `leave-open`: the PR is the result (a revert under strategy: pull-request is left for a person). */
export type Landing = 'merge' | 'auto-merge' | 'pull-request' | 'leave-open'

/** Lands `pr` onto `ctx.branch`, its base. */
export function landPullRequest(
  ctx: WriteContext,
  pr: PullRequest,
  landing: Landing,
  opts: MergeOptions
): Promise<Landed> {
  switch (landing) {
    case 'merge':
      return mergeNow(ctx, pr, opts)
    case 'auto-merge':
      return autoMerge(ctx, pr, opts)
    case 'leave-open':
      return Promise.resolve({commit: pr.headSha, headSha: pr.headSha})
    case 'pull-request':
      ctx.rt.log.info(
        `Waiting up to ${formatDuration(ctx.budget.timeoutMs)} for someone to merge #${pr.number}: ${pr.url}`
      )
      return waitForMerge(ctx, pr, opts.intervalMs)
  }
}

export type {MergeOptions}
