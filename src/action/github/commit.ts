// One commit with every changed file, through GraphQL createCommitOnBranch: GitHub signs it (Verified) for App
// tokens, and `expectedHeadOid` makes it an atomic compare-and-swap of the branch head, so a commit someone else
// pushed meanwhile is never overwritten: GitHub refuses with STALE_DATA and we start again from the new head.
import {GraphQLRequestError, type GitHub} from './client.js'
import type {RepoRef} from './files.js'

export interface FileWrite {
  path: string
  contents: string
}

const CREATE_COMMIT = `mutation ($input: CreateCommitOnBranchInput!) {
  createCommitOnBranch(input: $input) {
    commit {
      oid
      url
    }
  }
}`

/** The new commit's SHA, or `stale` when the branch no longer points at `expectedHead`. */
export async function commitOnBranch(
  gh: GitHub,
  at: RepoRef,
  branch: string,
  expectedHead: string,
  message: string,
  files: FileWrite[]
): Promise<{sha: string} | 'stale'> {
  const [headline, ...rest] = message.split('\n')
  try {
    const data = await gh.graphql<{createCommitOnBranch: {commit: {oid: string}}}>(CREATE_COMMIT, {
      input: {
        branch: {repositoryNameWithOwner: `${at.owner}/${at.repo}`, branchName: branch},
        expectedHeadOid: expectedHead,
        message: {headline: headline ?? '', body: rest.join('\n').trim()},
        fileChanges: {additions: files.map(f => ({path: f.path, contents: Buffer.from(f.contents).toString('base64')}))}
      }
    })
    return {sha: data.createCommitOnBranch.commit.oid}
  } catch (e) {
    if (
      e instanceof GraphQLRequestError &&
      (e.hasType('STALE_DATA') || /expected branch to point to/i.test(e.message))
    ) {
      return 'stale'
    }
    throw e
  }
}
