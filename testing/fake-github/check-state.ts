// What a commit's statuses and check runs say now: the newest per context or name.
import type {RepoState, FakeGitHubImpl} from './model.js'
import type {CommitStatusModel, CheckRunModel} from './types.js'

/** Newest status per context on a commit, newest first. */
export function latestStatuses(gh: FakeGitHubImpl, repo: RepoState, sha: string): CommitStatusModel[] {
  const byContext = new Map<string, CommitStatusModel>()
  for (const s of repo.statuses) if (s.sha === sha) byContext.set(s.context, s)
  return [...byContext.values()].sort((a, b) => b.id - a.id)
}

export function latestCheckRuns(gh: FakeGitHubImpl, repo: RepoState, sha: string): CheckRunModel[] {
  const byName = new Map<string, CheckRunModel>()
  for (const c of repo.checkRuns) if (c.headSha === sha) byName.set(c.name, c)
  return [...byName.values()].sort((a, b) => b.id - a.id)
}
