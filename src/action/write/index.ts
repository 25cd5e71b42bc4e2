// Write: land a planned change on the branch as one commit, pushed (push.ts) or carried by a pull request
// (pull-request.ts, landed as land/ says). Every commit is a compare-and-swap on the head that was read.
import type {CommitText, MergeMethod} from '../github/pull-request.js'
import {push} from './push.js'
import {viaPullRequest} from './pull-request.js'
import {unchanged, type Change, type WriteContext, type WriteOutcome, type WriteProgress} from './types.js'

export interface WriteOptions {
  strategy: 'push' | 'pull-request' | 'merge' | 'auto-merge'
  mergeMethod: MergeMethod
  prBranch: string
  prLabels: string[]
  intervalMs: number
  /** strategy: pull-request only: open (or update) the PR and return at once instead of waiting for its merge. */
  leaveOpen?: boolean
}

export async function write(
  ctx: WriteContext,
  change: Change,
  opts: WriteOptions,
  progress: WriteProgress = {}
): Promise<WriteOutcome> {
  const {branch, rt} = ctx
  const {first, plan, text} = change
  if (first.plan.edits.length === 0) {
    rt.log.info(`'${branch}' already has the change at ${first.head}: nothing to commit.`)
    return unchanged(first, rt.clock())
  }
  if (opts.strategy === 'push') return push(ctx, first, text.message, plan)
  return viaPullRequest(
    ctx,
    change,
    {
      prBranch: opts.prBranch,
      labels: opts.prLabels,
      landing: opts.strategy === 'pull-request' && opts.leaveOpen ? 'leave-open' : opts.strategy,
      merge: {mergeMethod: opts.mergeMethod, commit: commitText(text.message), intervalMs: opts.intervalMs}
    },
    progress
  )
}

/** A commit message as a title (its first line) and a body (the rest). */
export function commitText(message: string): CommitText {
  const [title = '', ...rest] = message.split('\n')
  return {title: title.trim(), body: rest.join('\n').trim()}
}

export {readAndPlan, type BumpInputs} from './plan.js'
export {promotionText} from './pr-text.js'
export {defaultPrBranch} from './pr-branch.js'
export {revertPlanner, revertText} from './revert.js'
export type {Budget, Change, ChangeText, Planned, Planner, WriteContext, WriteOutcome, WriteProgress} from './types.js'
