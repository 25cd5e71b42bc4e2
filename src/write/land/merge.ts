// strategy: merge. Merge at once; a refusal is classified (see ../refusals.ts): wait, update, enqueue, or fail now.
import type {GitHub} from '../../github/client.js'
import {step} from '../../github/errors.js'
import * as pulls from '../../github/pull-request.js'
import {allowedMergeMethods} from '../../github/rules.js'
import {PromoteError} from '../../errors.js'
import {formatDuration} from '../../duration.js'
import {classifyMergeRefusal} from '../refusals.js'
import {closedUnmerged, waitForNewHead} from './follow.js'
import {enqueueAndFollow, queueState} from './merge-queue.js'
import {repoName, type Budget, type Landed, type RepoRef} from '../types.js'
import type {Runtime} from '../../runtime.js'

export interface MergeOptions {
  mergeMethod: pulls.MergeMethod
  /** The squash / merge commit's title (GitHub appends ` (#number)`). */
  title: string
  intervalMs: number
}

export async function mergeNow(
  gh: GitHub,
  at: RepoRef,
  base: string,
  pr: pulls.PullRequest,
  opts: MergeOptions,
  budget: Budget,
  rt: Runtime
): Promise<Landed> {
  const repo = repoName(at)
  // A base with a merge queue only takes the PR through the queue, even from a token that could merge around it.
  const before = await queueState(gh, at, pr.number)
  if (before.queueEnabled) return enqueueAndFollow(gh, at, pr, before, budget, opts.intervalMs, rt)

  let lastReason = ''
  for (;;) {
    const res = await step(`merge #${pr.number}`, repo, 'contents: write', () =>
      pulls.mergePullRequest(gh, at, pr, opts.mergeMethod, opts.title)
    )
    if (res.merged) {
      rt.log.info(`Merged #${pr.number} (${opts.mergeMethod}) as ${res.sha}.`)
      return {commit: res.sha, headSha: pr.headSha}
    }
    const now = await step(`read pull request #${pr.number}`, repo, 'pull-requests: read', () =>
      pulls.getPullRequest(gh, at, pr.number)
    )
    const refusal = classifyMergeRefusal(res.reason, now)
    switch (refusal.kind) {
      case 'merged':
        if (now.mergeCommitSha) {
          rt.log.info(`#${pr.number} was merged meanwhile as ${now.mergeCommitSha}.`)
          return {commit: now.mergeCommitSha, headSha: now.headSha}
        }
        break
      case 'closed':
        throw closedUnmerged(pr)
      case 'queue-required':
        return enqueueAndFollow(gh, at, pr, await queueState(gh, at, pr.number), budget, opts.intervalMs, rt)
      case 'method-not-allowed': {
        const allowed = await step('read the repository settings', repo, 'metadata: read', () =>
          allowedMergeMethods(gh, at)
        )
        throw new PromoteError(
          `Input 'merge-method' is '${opts.mergeMethod}', which ${repo} does not allow (GitHub: ${refusal.reason}). ` +
            `Set merge-method to one the repository allows: ${allowed.join(', ') || 'none is enabled'}. ${pr.url}`
        )
      }
      case 'blocked':
        throw new PromoteError(
          `Pull request #${pr.number} cannot be merged until a person acts: ${refusal.requirement} ${pr.url} ` +
            `(strategy: pull-request waits for that; strategy: auto-merge merges once it is done).`
        )
      case 'conflict':
        throw new PromoteError(
          `Pull request #${pr.number} conflicts with '${base}': ${pr.url}. Resolve the conflict or close it and re-run.`
        )
      case 'behind':
        if (now.headSha === pr.headSha) {
          // The base requires up-to-date branches and moved (another promotion landed): merge it in, then retry.
          rt.log.info(`#${pr.number} is behind '${base}': updating its branch.`)
          await step(`update the branch of #${pr.number}`, repo, 'contents: write', () =>
            pulls.updateBranch(gh, at, pr, base)
          )
          pr = await waitForNewHead(gh, at, pr, budget, opts.intervalMs, rt)
          continue
        }
        pr = now
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
      }
    }
  }
}
