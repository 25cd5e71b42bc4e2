// strategy: auto-merge. Enable GitHub's auto-merge and follow the PR; GitHub merges it (or queues it) when ready.
import type {GitHub} from '../../github/client.js'
import {step} from '../../github/errors.js'
import * as pulls from '../../github/pull-request.js'
import {followQueue, queueState} from './merge-queue.js'
import {mergeNow, type MergeOptions} from './merge.js'
import {repoName, type Budget, type Landed, type RepoRef} from '../types.js'
import type {Runtime} from '../../runtime.js'

export async function autoMerge(
  gh: GitHub,
  at: RepoRef,
  base: string,
  pr: pulls.PullRequest,
  opts: MergeOptions,
  budget: Budget,
  rt: Runtime
): Promise<Landed> {
  const before = await queueState(gh, at, pr.number)
  const state = await step(`enable auto-merge on #${pr.number}`, repoName(at), 'pull-requests: write', () =>
    pulls.enableAutoMerge(gh, at, pr, opts.mergeMethod, opts.commit)
  )
  if (state === 'clean') {
    rt.log.info(`#${pr.number} has nothing to wait for: merging it now.`)
    return mergeNow(gh, at, base, pr, opts, budget, rt, before)
  }
  rt.log.info(
    before.queueEnabled
      ? `Auto-merge enabled on #${pr.number}; GitHub adds it to the merge queue once it is ready.`
      : `Auto-merge enabled on #${pr.number}; waiting for GitHub to merge it.`
  )
  return followQueue(gh, at, pr, before, 'auto-merge', budget, opts.intervalMs, rt)
}
