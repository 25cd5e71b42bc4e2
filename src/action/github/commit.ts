// One commit with every changed file, through GraphQL createCommitOnBranch: GitHub signs it (Verified) for App
// tokens, and `expectedHeadOid` makes it an atomic compare-and-swap of the branch head, so a commit someone else
// pushed meanwhile is never overwritten: GitHub refuses with STALE_DATA and we start again from the new head.
import {createHash} from 'node:crypto'
import {GraphQLRequestError, type GitHub} from './client.js'
import type {RepoRef} from './files.js'
import {getRefSha} from './pull-request.js'

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

export interface CommitRequest {
  branch: string
  expectedHead: string
  message: string
  files: FileWrite[]
}

/** The new commit's SHA, or `stale` when the branch no longer points at `expectedHead`. */
export async function commitOnBranch(gh: GitHub, at: RepoRef, req: CommitRequest): Promise<{sha: string} | 'stale'> {
  const [headline, ...rest] = req.message.split('\n')
  const send = async (): Promise<{sha: string} | 'stale'> => {
    try {
      const data = await gh.graphql<{createCommitOnBranch: {commit: {oid: string}}}>(CREATE_COMMIT, {
        input: {
          branch: {repositoryNameWithOwner: `${at.owner}/${at.repo}`, branchName: req.branch},
          expectedHeadOid: req.expectedHead,
          message: {headline: headline ?? '', body: rest.join('\n').trim()},
          fileChanges: {
            additions: req.files.map(f => ({path: f.path, contents: Buffer.from(f.contents).toString('base64')}))
          }
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
  return gh.writeOnce(send, () => findOwnCommit(gh, at, req))
}

/**
 * After a lost answer: whether the branch head is the commit we asked for. Still at `expectedHead`: it was not made
 * (undefined: send it again). A head whose only parent is `expectedHead` and whose changes are exactly our files
 * with our contents holds our tree on our parent: it is ours. Any other head: someone else moved the branch.
 */
async function findOwnCommit(
  gh: GitHub,
  at: RepoRef,
  req: CommitRequest
): Promise<{sha: string} | 'stale' | undefined> {
  const head = await getRefSha(gh, at, req.branch)
  if (head === req.expectedHead) return undefined
  if (head === undefined) return 'stale'
  const {data} = await gh.octokit.rest.repos.getCommit({...at, ref: head, per_page: 100})
  const parents = data.parents.map(p => p.sha)
  const changed = new Map((data.files ?? []).map(f => [f.filename, f.sha]))
  const ours =
    parents.length === 1 &&
    parents[0] === req.expectedHead &&
    changed.size === req.files.length &&
    req.files.every(f => changed.get(f.path) === blobSha(f.contents))
  return ours ? {sha: head} : 'stale'
}

/** Git's object id of a file's contents, as GitHub lists it for a commit's files. */
export function blobSha(contents: string): string {
  const bytes = Buffer.from(contents)
  return createHash('sha1').update(`blob ${bytes.length}\0`).update(bytes).digest('hex')
}
