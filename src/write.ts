// Write: read the branch, bump, and land the change as one commit (push) or through a pull request.
// Race-safe: every commit is a compare-and-swap on the head we read; when the branch moved, read and bump again.
import type {Config} from './inputs.js'
import {defaultPrBranch} from './inputs.js'
import type {GitHub} from './github/client.js'
import {branchHead, readManifests, type RepoRef} from './github/files.js'
import {commitOnBranch} from './github/commit.js'
import * as pulls from './github/pull-request.js'
import {step} from './github/errors.js'
import {planBump} from './bump/index.js'
import type {BumpPlan} from './bump/types.js'
import {PromoteError} from './errors.js'
import {expandTemplate, type TemplateValues} from './templates.js'
import {formatDuration} from './duration.js'
import type {Budget} from './budget.js'

export interface Runtime {
  clock: () => number
  sleep: (ms: number) => Promise<void>
  random: () => number
  log: {info(m: string): void; debug(m: string): void; warning(m: string): void}
  /** The run's one time budget: merge waits end at its deadline (without it, `timeout` from the merge's start). */
  budget?: Budget
}

export interface Planned {
  head: string
  plan: BumpPlan
}

export interface WriteOutcome {
  changed: boolean
  files: string[]
  /** The commit on `branch` that carries the change, or the head when nothing changed. */
  commit: string
  /** When the change reached `branch` (or was found there): the Flux wait's timeout counts from here. */
  landedAt: number
  plan: BumpPlan
  pr?: {number: number; url: string}
}

const MAX_ATTEMPTS = 5

export async function readAndPlan(gh: GitHub, cfg: Config, at: RepoRef, branch: string): Promise<Planned> {
  const repo = `${at.owner}/${at.repo}`
  const head = await step(`read branch '${branch}'`, repo, 'contents: read', () => branchHead(gh, at, branch))
  const files = await step(`download ${head.slice(0, 7)}`, repo, 'contents: read', () =>
    readManifests(gh, at, head, cfg.paths)
  )
  return {head, plan: planBump(files, cfg.targets)}
}

export function templateValues(cfg: Config, branch: string): TemplateValues {
  return {
    images: cfg.targets.map(t => t.line).join(', '),
    branch,
    paths: cfg.paths.join(', '),
    run_url: cfg.run.url
  }
}

/** What is known while writing, so the outputs carry it even when a later step fails. */
export interface WriteProgress {
  pr?: {number: number; url: string}
}

export async function write(
  gh: GitHub,
  cfg: Config,
  branch: string,
  first: Planned,
  rt: Runtime,
  progress: WriteProgress = {}
): Promise<WriteOutcome> {
  const at = {owner: cfg.owner, repo: cfg.repo}
  if (first.plan.edits.length === 0) {
    rt.log.info(`${branch} already has ${templateValues(cfg, branch).images} at ${first.head}: nothing to commit.`)
    return {changed: false, files: [], commit: first.head, landedAt: rt.clock(), plan: first.plan}
  }
  return cfg.strategy === 'push'
    ? push(gh, cfg, at, branch, first, rt)
    : viaPullRequest(gh, cfg, at, branch, first, rt, progress)
}

/** Commits `plan` onto `branch` at `planned.head`; on a moved head, reads and bumps again (bounded, jittered). */
async function commitWithRetry(
  gh: GitHub,
  cfg: Config,
  at: RepoRef,
  branch: string,
  planned: Planned,
  message: string,
  rt: Runtime
): Promise<{sha?: string; planned: Planned}> {
  const repo = `${at.owner}/${at.repo}`
  for (let attempt = 1; ; attempt++) {
    if (planned.plan.edits.length === 0) return {planned}
    const files = planned.plan.edits.map(e => ({path: e.path, contents: e.after}))
    const result = await step(`commit to '${branch}'`, repo, 'contents: write', () =>
      commitOnBranch(gh, at, branch, planned.head, message, files)
    )
    if (result !== 'stale') return {sha: result.sha, planned}
    if (attempt >= MAX_ATTEMPTS) {
      throw new PromoteError(
        `'${branch}' in ${repo} kept moving: ${MAX_ATTEMPTS} attempts to commit lost the race. Re-run the job.`
      )
    }
    const pause = Math.round(250 * attempt * (0.5 + rt.random()))
    rt.log.info(
      `'${branch}' moved while writing (someone else pushed); reading it again and re-applying in ${pause}ms.`
    )
    await rt.sleep(pause)
    planned = await readAndPlan(gh, cfg, at, branch)
  }
}

async function push(
  gh: GitHub,
  cfg: Config,
  at: RepoRef,
  branch: string,
  first: Planned,
  rt: Runtime
): Promise<WriteOutcome> {
  const message = expandTemplate(cfg.commitMessage, templateValues(cfg, branch))
  const {sha, planned} = await commitWithRetry(gh, cfg, at, branch, first, message, rt)
  if (sha === undefined) {
    rt.log.info(`A concurrent commit already set the images on '${branch}' (${planned.head}): nothing to commit.`)
    return {changed: false, files: [], commit: planned.head, landedAt: rt.clock(), plan: planned.plan}
  }
  rt.log.info(`Committed ${sha} onto '${branch}'.`)
  return {
    changed: true,
    files: planned.plan.edits.map(e => e.path),
    commit: sha,
    landedAt: rt.clock(),
    plan: planned.plan
  }
}

async function viaPullRequest(
  gh: GitHub,
  cfg: Config,
  at: RepoRef,
  branch: string,
  first: Planned,
  rt: Runtime,
  progress: WriteProgress
): Promise<WriteOutcome> {
  const repo = `${at.owner}/${at.repo}`
  const values = templateValues(cfg, branch)
  const prBranch = cfg.prBranch || defaultPrBranch(branch, cfg.targets)
  const message = expandTemplate(cfg.commitMessage, values)
  const title = expandTemplate(cfg.prTitle, values)
  const body = cfg.prBody ? expandTemplate(cfg.prBody, values) : defaultBody(cfg, branch, first.plan)
  const need = 'pull-requests: write'

  let pr = await step('list pull requests', repo, 'pull-requests: read', () =>
    pulls.findPullRequest(gh, at, prBranch, branch, 'open')
  )
  if (pr) {
    rt.log.info(`Updating open pull request #${pr.number} (${pr.url}).`)
    const onPr = await readAndPlan(gh, cfg, at, prBranch)
    const {sha} = await commitWithRetry(gh, cfg, at, prBranch, onPr, message, rt)
    if (sha) rt.log.info(`Committed ${sha} onto '${prBranch}'.`)
    const current = pr
    await step(`update pull request #${pr.number}`, repo, need, () =>
      pulls.updatePullRequest(gh, at, current, title, body)
    )
    pr = {...pr, headSha: sha ?? pr.headSha}
  } else {
    await step(`prepare branch '${prBranch}'`, repo, 'contents: write', () =>
      pulls.resetHeadBranch(gh, at, prBranch, branch, first.head)
    )
    const {sha} = await commitWithRetry(gh, cfg, at, prBranch, first, message, rt)
    if (!sha)
      throw new PromoteError(`'${prBranch}' already had the change, yet no pull request was open: re-run the job.`)
    rt.log.info(`Committed ${sha} onto '${prBranch}'.`)
    try {
      pr = await step('open a pull request', repo, need, () =>
        pulls.openPullRequest(gh, at, {head: prBranch, base: branch, title, body})
      )
    } catch (e) {
      // Leave nothing misleading behind: remove the branch this run made, or say where it is.
      const removed = await pulls.deleteMergedBranch(gh, at, prBranch, sha)
      if (e instanceof Error) {
        e.message += removed
          ? ` The branch '${prBranch}' made for it was deleted again.`
          : ` The branch '${prBranch}' with commit ${sha} was left in ${repo}.`
      }
      throw e
    }
    rt.log.info(`Opened pull request #${pr.number}: ${pr.url}`)
  }
  const opened = pr
  const prInfo = {number: opened.number, url: opened.url}
  progress.pr = prInfo
  await step(`label pull request #${opened.number}`, repo, need, () =>
    pulls.addLabels(gh, at, opened.number, cfg.prLabels)
  )

  const merged = await landPullRequest(gh, cfg, at, branch, opened, title, rt)
  if (await pulls.deleteMergedBranch(gh, at, prBranch, merged.headSha))
    rt.log.info(`Deleted merged branch '${prBranch}'.`)
  const files = first.plan.edits.map(e => e.path)
  return {changed: true, files, commit: merged.commit, landedAt: rt.clock(), plan: first.plan, pr: prInfo}
}

/** A merged pull request: the commit on the base that carries it, and the head it was merged at. */
interface Landed {
  commit: string
  headSha: string
}

/** Merges (merge), or enables auto-merge and waits (auto-merge), or waits for a person (pull-request). */
async function landPullRequest(
  gh: GitHub,
  cfg: Config,
  at: RepoRef,
  base: string,
  pr: pulls.PullRequest,
  title: string,
  rt: Runtime
): Promise<Landed> {
  const repo = `${at.owner}/${at.repo}`
  const deadline = rt.budget?.deadline ?? rt.clock() + cfg.timeoutMs
  if (cfg.strategy === 'auto-merge') {
    const state = await step(`enable auto-merge on #${pr.number}`, repo, 'pull-requests: write', () =>
      pulls.enableAutoMerge(gh, at, pr, cfg.mergeMethod)
    )
    if (state === 'clean') rt.log.info(`#${pr.number} has nothing to wait for: merging it now.`)
    else rt.log.info(`Auto-merge enabled on #${pr.number}; waiting for GitHub to merge it.`)
    if (state === 'enabled') return waitForMerge(gh, at, pr, deadline, cfg, rt)
  }
  if (cfg.strategy === 'pull-request') {
    rt.log.info(`Waiting up to ${formatDuration(cfg.timeoutMs)} for someone to merge #${pr.number}: ${pr.url}`)
    return waitForMerge(gh, at, pr, deadline, cfg, rt)
  }
  let lastReason = ''
  for (;;) {
    const res = await step(`merge #${pr.number}`, repo, 'contents: write', () =>
      pulls.mergePullRequest(gh, at, pr, cfg.mergeMethod, title)
    )
    if (res.merged) {
      rt.log.info(`Merged #${pr.number} (${cfg.mergeMethod}) as ${res.sha}.`)
      return {commit: res.sha, headSha: pr.headSha}
    }
    const now = await pulls.getPullRequest(gh, at, pr.number)
    if (now.merged && now.mergeCommitSha) return {commit: now.mergeCommitSha, headSha: now.headSha}
    if (now.mergeableState === 'behind' && now.headSha === pr.headSha) {
      // The base requires up-to-date branches and moved (another promotion landed): merge it in, then retry.
      rt.log.info(`#${pr.number} is behind '${base}': updating its branch.`)
      await step(`update the branch of #${pr.number}`, repo, 'contents: write', () =>
        pulls.updateBranch(gh, at, pr, base)
      )
      pr = await waitForNewHead(gh, at, pr, deadline, cfg, rt)
      continue
    }
    if (now.mergeable === false && now.mergeableState === 'dirty') {
      throw new PromoteError(
        `Pull request #${pr.number} conflicts with '${base}': ${pr.url}. Resolve the conflict or close it and re-run.`
      )
    }
    if (res.reason !== lastReason) rt.log.info(`#${pr.number} is not mergeable yet: ${res.reason}. Retrying.`)
    lastReason = res.reason
    if (rt.clock() + cfg.intervalMs > deadline) {
      throw new PromoteError(
        `Pull request #${pr.number} could not be merged within ${formatDuration(cfg.timeoutMs)}: ${res.reason}. ${pr.url}`,
        'timed-out'
      )
    }
    await rt.sleep(cfg.intervalMs)
  }
}

/**
 * Reads the PR every `pauseMs` until `decide` returns a value (or throws), within the deadline; past it, a
 * `timed-out` PromoteError saying what did not happen.
 */
async function pollPullRequest<T>(
  gh: GitHub,
  at: RepoRef,
  pr: pulls.PullRequest,
  deadline: number,
  rt: Runtime,
  pauseMs: number,
  notHappened: string,
  decide: (now: pulls.PullRequest) => T | undefined
): Promise<T> {
  for (;;) {
    const now = await step(`read pull request #${pr.number}`, `${at.owner}/${at.repo}`, 'pull-requests: read', () =>
      pulls.getPullRequest(gh, at, pr.number)
    )
    const done = decide(now)
    if (done !== undefined) return done
    if (rt.clock() + pauseMs > deadline) throw new PromoteError(`${notHappened}: ${pr.url}`, 'timed-out')
    await rt.sleep(pauseMs)
  }
}

/** Waits until GitHub has moved the PR's head (after an update-branch); returns the PR with its new head. */
function waitForNewHead(
  gh: GitHub,
  at: RepoRef,
  pr: pulls.PullRequest,
  deadline: number,
  cfg: Config,
  rt: Runtime
): Promise<pulls.PullRequest> {
  const notHappened = `GitHub did not update the branch of #${pr.number} within ${formatDuration(cfg.timeoutMs)}`
  return pollPullRequest(gh, at, pr, deadline, rt, Math.min(cfg.intervalMs, 2000), notHappened, now =>
    now.headSha !== pr.headSha ? now : undefined
  )
}

function waitForMerge(
  gh: GitHub,
  at: RepoRef,
  pr: pulls.PullRequest,
  deadline: number,
  cfg: Config,
  rt: Runtime
): Promise<Landed> {
  const notHappened = `Pull request #${pr.number} was not merged within ${formatDuration(cfg.timeoutMs)}`
  return pollPullRequest(gh, at, pr, deadline, rt, cfg.intervalMs, notHappened, now => {
    if (now.merged && now.mergeCommitSha) {
      rt.log.info(`#${pr.number} was merged as ${now.mergeCommitSha}.`)
      return {commit: now.mergeCommitSha, headSha: now.headSha}
    }
    if (now.state === 'closed') {
      throw new PromoteError(`Pull request #${pr.number} was closed without being merged: ${pr.url}`)
    }
    return undefined
  })
}

function defaultBody(cfg: Config, branch: string, plan: BumpPlan): string {
  const rows = cfg.targets.map(t => {
    const before = plan.previous[t.line] ?? []
    return `| \`${before.join('`, `') || '(none)'}\` | \`${t.line}\` |`
  })
  const files = plan.edits.map(e => `- \`${e.path}\` (${e.changes.length} value${e.changes.length === 1 ? '' : 's'})`)
  return [
    `Promotes images on \`${branch}\`.`,
    '',
    '| from | to |',
    '| --- | --- |',
    ...rows,
    '',
    'Changed files:',
    ...files,
    '',
    cfg.run.url ? `Opened by [gitops-promote](${cfg.run.url}).` : 'Opened by gitops-promote.'
  ].join('\n')
}
