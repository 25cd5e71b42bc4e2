// How an open pull request reaches the base: merged now, auto-merged by GitHub, or merged by a person.
import type {GitHub} from '../../github/client.js'
import type {PullRequest} from '../../github/pull-request.js'
import {formatDuration} from '../../../core/duration.js'
import {autoMerge} from './auto-merge.js'
import {mergeNow, type MergeOptions} from './merge.js'
import {waitForMerge} from './follow.js'
import type {Budget, Landed, RepoRef} from '../types.js'
import type {Runtime} from '../../runtime.js'

/** `leave-open`: the PR is the result (a revert under strategy: pull-request is left for a person). */
export type Landing = 'merge' | 'auto-merge' | 'pull-request' | 'leave-open'

export function landPullRequest(
  gh: GitHub,
  at: RepoRef,
  base: string,
  pr: PullRequest,
  landing: Landing,
  opts: MergeOptions,
  budget: Budget,
  rt: Runtime
): Promise<Landed> {
  switch (landing) {
    case 'merge':
      return mergeNow(gh, at, base, pr, opts, budget, rt)
    case 'auto-merge':
      return autoMerge(gh, at, base, pr, opts, budget, rt)
    case 'leave-open':
      return Promise.resolve({commit: pr.headSha, headSha: pr.headSha})
    case 'pull-request':
      rt.log.info(`Waiting up to ${formatDuration(budget.timeoutMs)} for someone to merge #${pr.number}: ${pr.url}`)
      return waitForMerge(gh, at, pr, budget, opts.intervalMs, rt)
  }
}

export type {MergeOptions}
