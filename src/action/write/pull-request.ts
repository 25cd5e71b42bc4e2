// strategies merge, auto-merge, pull-request: the change goes onto a head branch, a pull request carries it, and it
// lands as the landing mode says. Runs of the same promotion share the branch and its one open pull request: a run
// that finds another's PR updates and lands that one, and one that finds the branch mid-write waits for its PR.
import {step} from '../github/errors.js'
import {branchHead} from '../github/files.js'
import * as pulls from '../github/pull-request.js'
import {PromoteError} from '../../core/errors.js'
import {commitWithRetry} from './commit.js'
import {landPullRequest, type Landing, type MergeOptions} from './land/index.js'
import {
  repoName,
  unchanged,
  type Change,
  type Landed,
  type Planned,
  type Planner,
  type WriteContext,
  type WriteOutcome,
  type WriteProgress
} from './types.js'
import type {Runtime} from '../runtime.js'
import {jittered} from '../../core/retry.js'

export interface PullRequestOptions {
  prBranch: string
  labels: string[]
  landing: Landing
  merge: MergeOptions
}

/** How long a run waits for another run that is writing the same head branch to open its pull request. */
const TAKEN_BRANCH_PATIENCE_MS = 15_000

/** The pull request's commit message, title and body, and the planner that re-applies its change on a moved branch. */
interface PrChange {
  replan: Planner
  message: string
  title: string
  body: string
}

export async function viaPullRequest(
  ctx: WriteContext,
  {first, plan, text}: Change,
  opts: PullRequestOptions,
  progress: WriteProgress
): Promise<WriteOutcome> {
  const {gh, at, branch: base, rt} = ctx
  const repo = repoName(at)
  const prBranch = opts.prBranch
  const change: PrChange = {replan: plan, message: text.message, title: text.title, body: text.body(first.plan)}
  const takenSince = {at: undefined as number | undefined}
  let planned = first

  for (;;) {
    const open = await step('list pull requests', repo, 'pull-requests: read', () =>
      pulls.findPullRequest(gh, at, {head: prBranch, base, state: 'open'})
    )
    let pr: pulls.PullRequest | undefined
    if (open) {
      const updated = await updateOpen(ctx, open, prBranch, change)
      if (updated === 'gone') {
        // Its branch went away: the PR was merged (by another run of this promotion) or closed meanwhile.
        const now = await pulls.getPullRequest(gh, at, open.number)
        if (now.merged && now.mergeCommitSha) {
          rt.log.info(`#${open.number} was merged meanwhile as ${now.mergeCommitSha}.`)
          return landedOutcome(rt, progress, {
            pr: now,
            landed: {commit: now.mergeCommitSha, headSha: now.headSha},
            planned
          })
        }
        continue
      }
      pr = updated
    } else {
      // The base may have moved since it was read, e.g. another run landed this same promotion: plan on it again.
      const head = await step(`read branch '${base}'`, repo, 'contents: read', () => branchHead(gh, at, base))
      if (head !== planned.head) planned = await plan(base)
      if (planned.plan.edits.length === 0) {
        rt.log.info(`'${base}' already has the change at ${planned.head}: nothing to commit.`)
        return unchanged(planned, rt.clock())
      }
      const state = await step(`prepare branch '${prBranch}'`, repo, 'contents: write', () =>
        pulls.prepareHeadBranch(gh, at, {branch: prBranch, base, baseSha: planned.head})
      )
      if (state === 'taken') {
        await waitForTakenBranch(ctx, prBranch, takenSince)
        continue
      }
      if (state === 'moved') continue
      pr = await commitAndOpen(ctx, planned, prBranch, change)
      if (!pr) continue
    }

    return labelAndLand(ctx, {opened: pr, planned}, opts, progress)
  }
}

/** Labels the PR, lands it as the landing mode says, and deletes its merged branch. */
async function labelAndLand(
  ctx: WriteContext,
  {opened, planned}: {opened: pulls.PullRequest; planned: Planned},
  opts: PullRequestOptions,
  progress: WriteProgress
): Promise<WriteOutcome> {
  const {gh, at, rt} = ctx
  progress.pr = {number: opened.number, url: opened.url}
  progress.onOpened?.(progress.pr)
  await step(`label pull request #${opened.number}`, repoName(at), 'pull-requests: write', () =>
    pulls.addLabels(gh, at, opened.number, opts.labels)
  )
  const landed = await landPullRequest(ctx, opened, opts.landing, opts.merge)
  if (opts.landing === 'leave-open') return landedOutcome(rt, progress, {pr: opened, landed, planned})
  if (await pulls.deleteMergedBranch(gh, at, opts.prBranch, {headSha: landed.headSha, justMerged: landed.mergedHere}))
    rt.log.info(`Deleted merged branch '${opts.prBranch}'.`)
  return landedOutcome(rt, progress, {pr: opened, landed, planned})
}

function landedOutcome(
  rt: Runtime,
  progress: WriteProgress,
  {pr, landed, planned}: {pr: {number: number; url: string}; landed: Landed; planned: Planned}
): WriteOutcome {
  const info = {number: pr.number, url: pr.url}
  progress.pr = info
  const files = planned.plan.edits.map(e => e.path)
  return {changed: true, files, commit: landed.commit, landedAt: rt.clock(), plan: planned.plan, pr: info}
}

/** Brings an open PR's branch and text up to date; `gone` when its branch no longer exists. */
async function updateOpen(
  {gh, at, rt}: WriteContext,
  pr: pulls.PullRequest,
  branch: string,
  {replan: plan, message, title, body}: PrChange
): Promise<pulls.PullRequest | 'gone'> {
  const repo = repoName(at)
  if ((await pulls.getRefSha(gh, at, branch)) === undefined) return 'gone'
  rt.log.info(`Updating open pull request #${pr.number} (${pr.url}).`)
  const onPr = await plan(branch)
  const {sha, gone} = await commitWithRetry({gh, at, rt}, branch, {
    planned: onPr,
    message,
    replan: plan,
    headBranch: true
  })
  if (gone) return 'gone'
  if (sha) rt.log.info(`Committed ${sha} onto '${branch}'.`)
  await step(`update pull request #${pr.number}`, repo, 'pull-requests: write', () =>
    pulls.updatePullRequest(gh, at, pr, {title, body})
  )
  return {...pr, headSha: sha ?? pr.headSha}
}

/** Commits onto the prepared head branch and opens the PR (or takes the one a parallel run just opened). */
async function commitAndOpen(
  {gh, at, branch: base, rt}: WriteContext,
  planned: Planned,
  prBranch: string,
  {replan: plan, message, title, body}: PrChange
): Promise<pulls.PullRequest | undefined> {
  const repo = repoName(at)
  const {sha} = await commitWithRetry({gh, at, rt}, prBranch, {planned, message, replan: plan, headBranch: true})
  // Another run committed the same change onto the branch first (its PR is about to appear), or landed its PR and
  // deleted the branch: look again.
  if (!sha) return undefined
  rt.log.info(`Committed ${sha} onto '${prBranch}'.`)
  try {
    const pr = await step('open a pull request', repo, 'pull-requests: write', () =>
      pulls.openPullRequest(gh, at, {head: prBranch, base, title, body})
    )
    rt.log.info(`Opened pull request #${pr.number}: ${pr.url}`)
    return pr
  } catch (e) {
    // Leave nothing misleading behind: remove the branch this run made, or say where it is.
    const removed = await pulls.deleteMergedBranch(gh, at, prBranch, {headSha: sha})
    if (e instanceof Error) {
      e.message += removed
        ? ` The branch '${prBranch}' made for it was deleted again.`
        : ` The branch '${prBranch}' with commit ${sha} was left in ${repo}.`
    }
    throw e
  }
}

/**
 * The head branch has commits that are not on the base and no PR: another run may be between its commit and its
 * pull request. Wait a little for that PR; a branch that stays that way is someone else's work and is left alone.
 */
async function waitForTakenBranch(
  {at, branch: base, budget, rt}: WriteContext,
  prBranch: string,
  since: {at: number | undefined}
): Promise<void> {
  since.at ??= rt.clock()
  const pause = jittered(300, 0.5, rt.random)
  if (rt.clock() - since.at + pause > TAKEN_BRANCH_PATIENCE_MS || rt.clock() + pause > budget.deadline) {
    throw new PromoteError(
      `Branch '${prBranch}' in ${repoName(at)} has commits that are not on '${base}' and no open pull request. ` +
        `Delete the branch or set 'pr-branch' to another name; gitops-promote never overwrites commits.`
    )
  }
  if (since.at === rt.clock())
    rt.log.info(`'${prBranch}' is being written by another run; waiting for its pull request.`)
  await rt.sleep(pause)
}
