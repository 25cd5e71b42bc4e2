// Pull request primitives: find, open, update, label, merge, auto-merge, and the head branch's lifecycle.
// Branch refs are only ever created, fast-forwarded or deleted when nothing unmerged is on them: never forced.
import {GraphQLRequestError, statusOf, messageOf, type GitHub} from './client.js'
import type {RepoRef} from './files.js'
import {PromoteError} from '../../core/errors.js'
import {readQueueState} from './merge-queue.js'

export interface PullRequest {
  number: number
  url: string
  nodeId: string
  headSha: string
  headRef: string
  state: string
  merged: boolean
  mergeCommitSha: string | null
  mergeable: boolean | null
  mergeableState: string
  title: string
  body: string
}

type RawPull = {
  number: number
  html_url: string
  node_id: string
  head: {sha: string; ref: string}
  state: string
  merged?: boolean
  merged_at: string | null
  merge_commit_sha: string | null
  mergeable?: boolean | null
  mergeable_state?: string
  title: string
  body: string | null
}

function toPullRequest(p: RawPull): PullRequest {
  return {
    number: p.number,
    url: p.html_url,
    nodeId: p.node_id,
    headSha: p.head.sha,
    headRef: p.head.ref,
    state: p.state,
    merged: p.merged ?? p.merged_at !== null,
    mergeCommitSha: p.merge_commit_sha,
    mergeable: p.mergeable ?? null,
    mergeableState: p.mergeable_state ?? 'unknown',
    title: p.title,
    body: p.body ?? ''
  }
}

export async function findPullRequest(
  gh: GitHub,
  at: RepoRef,
  {head, base, state}: {head: string; base: string; state: 'open' | 'closed'}
): Promise<PullRequest | undefined> {
  const res = await gh.octokit.rest.pulls.list({...at, head: `${at.owner}:${head}`, base, state, per_page: 10})
  const first = res.data[0] as RawPull | undefined
  return first ? toPullRequest(first) : undefined
}

export async function getPullRequest(gh: GitHub, at: RepoRef, number: number): Promise<PullRequest> {
  const data = await gh.conditionalGet<RawPull>('GET /repos/{owner}/{repo}/pulls/{pull_number}', {
    ...at,
    pull_number: number
  })
  return toPullRequest(data)
}

export async function openPullRequest(
  gh: GitHub,
  at: RepoRef,
  args: {head: string; base: string; title: string; body: string}
): Promise<PullRequest> {
  try {
    // A lost answer: a PR with our head branch is ours, never a reason to open a second one.
    return await gh.writeOnce(
      async () => toPullRequest((await gh.octokit.rest.pulls.create({...at, ...args})).data as RawPull),
      () => findPullRequest(gh, at, {head: args.head, base: args.base, state: 'open'})
    )
  } catch (e) {
    // A parallel run opened it first: use that one.
    if (statusOf(e) === 422 && /already exists/i.test(JSON.stringify((e as {response?: unknown}).response ?? ''))) {
      const existing = await findPullRequest(gh, at, {head: args.head, base: args.base, state: 'open'})
      if (existing) return existing
    }
    throw e
  }
}

export async function updatePullRequest(
  gh: GitHub,
  at: RepoRef,
  pr: PullRequest,
  {title, body}: {title: string; body: string}
): Promise<void> {
  if (pr.title === title && pr.body === body) return
  // Setting the same text twice does no harm: a lost answer is simply sent again.
  await gh.writeOnce(
    async () => void (await gh.octokit.rest.pulls.update({...at, pull_number: pr.number, title, body})),
    async () => undefined
  )
}

export async function addLabels(gh: GitHub, at: RepoRef, number: number, labels: string[]): Promise<void> {
  if (labels.length === 0) return
  await gh.writeOnce(
    async () => void (await gh.octokit.rest.issues.addLabels({...at, issue_number: number, labels})),
    async () => undefined
  )
}

export type MergeMethod = 'merge' | 'squash' | 'rebase'

/** The squash or merge commit's text: the `commit-message` input's first line and the rest. */
export interface CommitText {
  title: string
  body: string
}

/** How to merge a pull request: the method, and the merge commit's text. */
export interface MergeHow {
  mergeMethod: MergeMethod
  commit: CommitText
}

/** GitHub's merge fields for it; the title ends in ` (#number)` as GitHub's own does. */
function commitText(commit: CommitText, number: number): {commit_title: string; commit_message?: string} {
  return {commit_title: `${commit.title} (#${number})`, ...(commit.body ? {commit_message: commit.body} : {})}
}

/**
 * `merged` with the commit now on the base, or not with GitHub's reason (checks pending, base moved: its 405; the head
 * moved from `pr.headSha`: its 409, `headMoved`).
 */
export async function mergePullRequest(
  gh: GitHub,
  at: RepoRef,
  pr: PullRequest,
  how: MergeHow
): Promise<{merged: true; sha: string} | {merged: false; reason: string; headMoved?: true}> {
  const {mergeMethod: method, commit} = how
  try {
    const merge = async (): Promise<{merged: true; sha: string}> => {
      const res = await gh.octokit.rest.pulls.merge({
        ...at,
        pull_number: pr.number,
        merge_method: method,
        sha: pr.headSha,
        ...(method === 'rebase' ? {} : commitText(commit, pr.number))
      })
      return {merged: true, sha: res.data.sha}
    }
    // A lost answer: a merged PR is merged (at the head we asked for; a later head is not our merge).
    return await gh.writeOnce(merge, async () => {
      const now = await getPullRequest(gh, at, pr.number)
      return now.merged && now.mergeCommitSha ? {merged: true, sha: now.mergeCommitSha} : undefined
    })
  } catch (e) {
    if (statusOf(e) === 405) return {merged: false, reason: messageOf(e)}
    // Its head moved from the one we asked to merge (another run of this promotion updated the shared PR): the
    // caller re-reads the PR and decides.
    if (statusOf(e) === 409) return {merged: false, reason: messageOf(e), headMoved: true}
    throw e
  }
}

/**
 * Merges the base into the PR's head branch (GitHub's "Update branch": a merge commit, never a force-push), for
 * repositories that require branches to be up to date. GitHub does it asynchronously: the caller waits for the head.
 */
export async function updateBranch(gh: GitHub, at: RepoRef, pr: PullRequest, base: string): Promise<void> {
  try {
    // A lost answer: a head that moved from the one we expected means GitHub took it.
    await gh.writeOnce(
      async () => {
        await gh.octokit.rest.pulls.updateBranch({...at, pull_number: pr.number, expected_head_sha: pr.headSha})
        return true
      },
      async () => ((await getPullRequest(gh, at, pr.number)).headSha !== pr.headSha ? true : undefined)
    )
  } catch (e) {
    if (statusOf(e) === 422 && /conflict/i.test(messageOf(e))) {
      throw new PromoteError(
        `Pull request #${pr.number} conflicts with '${base}' and cannot be brought up to date: ${pr.url}. Resolve the conflict or close it and re-run.`
      )
    }
    throw e
  }
}

const ENABLE_AUTO_MERGE = `mutation ($input: EnablePullRequestAutoMergeInput!) {
  enablePullRequestAutoMerge(input: $input) {
    pullRequest {
      number
    }
  }
}`

/** `enabled`, or `clean` when GitHub says there is nothing to wait for (then the caller merges directly). */
export async function enableAutoMerge(
  gh: GitHub,
  at: RepoRef,
  pr: PullRequest,
  how: MergeHow
): Promise<'enabled' | 'clean'> {
  const {mergeMethod: method, commit} = how
  // A rebase makes no commit of its own, so it takes no text.
  const text = method === 'rebase' ? {} : {commitHeadline: `${commit.title} (#${pr.number})`, commitBody: commit.body}
  const input = {pullRequestId: pr.nodeId, mergeMethod: method.toUpperCase(), ...text}
  try {
    // A lost answer: auto-merge enabled on the PR (or the PR already merged) is what we asked for.
    return await gh.writeOnce(
      async () => {
        await gh.graphql(ENABLE_AUTO_MERGE, {input})
        return 'enabled' as const
      },
      async () => {
        const now = await readQueueState(gh, at, pr.number)
        return now.autoMergeEnabled || now.state === 'MERGED' ? 'enabled' : undefined
      }
    )
  } catch (e) {
    if (e instanceof GraphQLRequestError) {
      if (/clean status/i.test(e.message)) return 'clean'
      if (/auto.?merge is not allowed|not allowed.*auto.?merge/i.test(e.message)) {
        throw new PromoteError(
          `Auto-merge is not allowed in ${at.owner}/${at.repo}: enable Settings > General > Pull Requests > "Allow auto-merge", ` +
            `or use strategy: merge. (GitHub: ${e.message})`
        )
      }
    }
    throw e
  }
}

export async function getRefSha(gh: GitHub, at: RepoRef, branch: string): Promise<string | undefined> {
  try {
    const res = await gh.octokit.rest.git.getRef({...at, ref: `heads/${branch}`})
    return res.data.object.sha
  } catch (e) {
    if (statusOf(e) === 404) return undefined
    throw e
  }
}

/**
 * Makes `branch` point at `baseSha` without losing anything: create it, fast-forward it, or replace it only when its
 * commits already reached the base through a merged pull request. `taken` when the branch holds commits that are not
 * on the base and no merged pull request explains them (another run may be writing it right now): it is left alone.
 */
export async function prepareHeadBranch(
  gh: GitHub,
  at: RepoRef,
  {branch, base, baseSha}: {branch: string; base: string; baseSha: string}
): Promise<'ready' | 'taken' | 'moved'> {
  // Most runs find no branch (the last one was deleted after its merge): create it, and read it only when it exists.
  if ((await createBranch(gh, at, branch, baseSha)) === 'created') return 'ready'
  const current = await getRefSha(gh, at, branch)
  // Deleted between our create and our read: start over.
  if (current === undefined) return 'moved'
  if (current === baseSha) return 'ready'
  const cmp = await gh.octokit.rest.repos.compareCommitsWithBasehead({
    ...at,
    basehead: `${baseSha}...${current}`,
    per_page: 1
  })
  if (cmp.data.ahead_by === 0) {
    await gh.writeOnce(
      async () => {
        await gh.octokit.rest.git.updateRef({...at, ref: `heads/${branch}`, sha: baseSha, force: false})
        return true
      },
      async () => ((await getRefSha(gh, at, branch)) === baseSha ? true : undefined)
    )
    return 'ready'
  }
  const last = await findPullRequest(gh, at, {head: branch, base, state: 'closed'})
  if (last && last.merged && last.headSha === current) {
    // A parallel run of this promotion may have merged it after `baseSha` was read: then the change is on the base
    // now, and the caller must plan again rather than commit it a second time.
    if ((await getRefSha(gh, at, base)) !== baseSha) return 'moved'
    // Squash or rebase merges leave the head branch "ahead" though its change is on the base: safe to replace.
    await deleteBranch(gh, at, branch)
    return (await createBranch(gh, at, branch, baseSha)) === 'created' ? 'ready' : 'taken'
  }
  return 'taken'
}

/** Creates `branch` at `sha`: `created`, or `exists` when a branch of that name is there already (at any commit). */
async function createBranch(gh: GitHub, at: RepoRef, branch: string, sha: string): Promise<'created' | 'exists'> {
  try {
    // A lost answer: the branch at our commit is the one we created.
    return await gh.writeOnce(
      async () => {
        await gh.octokit.rest.git.createRef({...at, ref: `refs/heads/${branch}`, sha})
        return 'created' as const
      },
      async () => ((await getRefSha(gh, at, branch)) === sha ? 'created' : undefined)
    )
  } catch (e) {
    if (statusOf(e) === 422 && /already exists/i.test(messageOf(e))) return 'exists'
    throw e
  }
}

async function deleteBranch(gh: GitHub, at: RepoRef, branch: string): Promise<void> {
  // A lost answer: a branch that is gone was deleted.
  await gh.writeOnce(
    async () => {
      await gh.octokit.rest.git.deleteRef({...at, ref: `heads/${branch}`})
      return true
    },
    async () => ((await getRefSha(gh, at, branch)) === undefined ? true : undefined)
  )
}

/**
 * Deletes a head branch that still points at `headSha` (after its merge, or a failed PR), never a moved one.
 * `justMerged`: the caller's own merge at that head just succeeded, which is the same proof as reading the branch.
 * Best effort.
 */
export async function deleteMergedBranch(
  gh: GitHub,
  at: RepoRef,
  branch: string,
  {headSha: mergedHeadSha, justMerged = false}: {headSha: string; justMerged?: boolean}
): Promise<boolean> {
  try {
    if (!justMerged && (await getRefSha(gh, at, branch)) !== mergedHeadSha) return false
    await deleteBranch(gh, at, branch)
    return true
  } catch {
    return false
  }
}
