// Auto-merge: GitHub merges (or enqueues) a PR as soon as nothing blocks it any more.
import {enqueue} from './merge-queue.js'
import type {RepoState, FakeGitHubImpl} from './model.js'
import {mergeability, queueOf} from './pull-merge.js'
import type {PullRequestModel} from './types.js'

export function countPullRead(gh: FakeGitHubImpl, repo: RepoState, pr: PullRequestModel): void {
  if (!pr.autoMerge || pr.state !== 'open' || repo.autoMergeAfterReads === undefined) return
  pr.readsSinceAutoMerge++
  if (pr.readsSinceAutoMerge >= repo.autoMergeAfterReads) {
    try {
      gh.completeAutoMerge(repo.owner, repo.name, pr.number)
    } catch {
      // conflict: GitHub disables auto-merge (done by completeAutoMerge)
    }
  }
}

/** GitHub merges a PR with auto-merge as soon as nothing blocks it any more. */
export function autoMergeReady(gh: FakeGitHubImpl, repo: RepoState): void {
  for (const pr of repo.pulls) {
    if (pr.state !== 'open' || !pr.autoMerge) continue
    const m = mergeability(gh, repo, pr, false, true)
    if (m.state === 'dirty') {
      pr.autoMerge = null
      continue
    }
    if (m.state === 'clean' || m.state === 'unstable' || m.state === 'has_hooks') {
      if (queueOf(gh, repo, pr)) {
        enqueue(gh, repo, pr)
        continue
      }
      try {
        gh.completeAutoMerge(repo.owner, repo.name, pr.number)
      } catch {
        // disabled by completeAutoMerge
      }
    }
  }
}
