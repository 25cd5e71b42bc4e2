// Setting a commit status: recorded, announced, and auto-merge looks again.
import {autoMergeReady} from './auto-merge.js'
import {base64url} from './encoding.js'
import type {RepoState, FakeGitHubImpl} from './model.js'
import type {CommitStatusModel} from './types.js'

export function insertStatus(
  gh: FakeGitHubImpl,
  repo: RepoState,
  sha: string,
  state: CommitStatusModel['state'],
  context: string,
  description: string | null,
  targetUrl: string | null,
  creator = gh.user.login
): CommitStatusModel {
  const id = gh.id()
  const at = gh.nowIso()
  const s: CommitStatusModel = {
    id,
    nodeId: `SC_kwDO${base64url(`${repo.id}:${id}`)}`,
    sha,
    state,
    context,
    description,
    targetUrl,
    createdAt: at,
    updatedAt: at,
    creator
  }
  repo.statuses.push(s)
  gh.emit({type: 'status', owner: repo.owner, repo: repo.name, sha})
  autoMergeReady(gh, repo)
  return s
}
