// strategy: auto-merge. Enable GitHub's auto-merge and follow the PR; GitHub merges it (or queues it) when ready.
import {step} from '../../github/errors.js'
import * as pulls from '../../github/pull-request.js'
import {followQueue, queueState} from './merge-queue.js'
import {mergeNow, type MergeOptions} from './merge.js'
import {repoName, type Landed, type WriteContext} from '../types.js'

export async function autoMerge(ctx: WriteContext, pr: pulls.PullRequest, opts: MergeOptions): Promise<Landed> {
  const {gh, at, rt} = ctx
  const before = await queueState(gh, at, pr.number)
  const state = await step(`enable auto-merge on #${pr.number}`, repoName(at), 'pull-requests: write', () =>
    pulls.enableAutoMerge(gh, at, pr, opts)
  )
  if (state === 'clean') {
    rt.log.info(`#${pr.number} has nothing to wait for: merging it now.`)
    return mergeNow(ctx, pr, opts, before)
  }
  rt.log.info(
    before.queueEnabled
      ? `Auto-merge enabled on #${pr.number}; GitHub adds it to the merge queue once it is ready.`
      : `Auto-merge enabled on #${pr.number}; waiting for GitHub to merge it.`
  )
  return followQueue(ctx, pr, before, {mode: 'auto-merge', intervalMs: opts.intervalMs})
}
