// The source stage through GitHub: what it runs (resolving), the commit I that last changed it, and the evidence that
// it is healthy at those references, for long enough. Reads only: nothing here writes.
import type {Config, FromStage} from '../inputs.js'
import type {GitHub} from '../github/client.js'
import {branchHead, downloadManifests, selectManifests, type RepoRef} from '../github/files.js'
import {step} from '../github/errors.js'
import {InputError, PromoteError} from '../../core/errors.js'
import {formatDuration} from '../../core/duration.js'
import {createEvidence} from '../../core/rollout/evidence.js'
import type {WrittenFile} from '../../core/rollout/holds.js'
import {createBudget, type Budget} from '../../core/budget.js'
import type {BumpTarget} from '../../core/bump/types.js'
import {createCommitStatusSource} from '../wait/commit-status.js'
import {createConnectorSource} from '../wait/connector-source.js'
import {connectorBearer, credentialName} from '../wait/connector-auth.js'
import {waitForRollout, PROGRESS_EVERY_MS, type WaitLog, type WaitOptions} from '../wait/poll.js'
import {shortSha} from '../../core/rollout/verdict.js'
import type {ReportSource} from '../../core/rollout/types.js'
import type {RolloutState} from '../../core/rollout/decision.js'
import type {Runtime} from '../runtime.js'
import {resolvePromotion, type Resolution} from '../../core/promote/resolve.js'
import {literalPrefixes, type EvidenceRow} from '../../core/rollout/source-evidence.js'

export interface SourceStage {
  branch: string
  /** The source branch's head when it was read. */
  head: string
  /** I: the newest commit on the source branch that changed a file under from-paths. */
  revision: string
  /** I's first parent (B), when the commits API named it: contexts that reported there are expected too. */
  base?: string
  files: Map<string, string>
  resolution: Resolution
}

export interface TargetRead {
  head: string
  files: Map<string, string>
}

/** The commits API's answer, the fields read here. */
interface CommitListItem {
  sha: string
  parents?: {sha: string}[]
}

/**
 * Reads both stages (one tarball when they share a branch head), resolves the images, and finds I.
 * Requests: one ref per branch, one tarball per distinct head, one commits request per literal path prefix.
 */
export async function readStages(
  gh: GitHub,
  cfg: Config,
  from: FromStage,
  branch: string
): Promise<{source: SourceStage; target: TargetRead}> {
  const at = {owner: cfg.owner, repo: cfg.repo}
  const repo = `${at.owner}/${at.repo}`
  const fromBranch = from.branch || branch
  const targetHead = await step(`read branch '${branch}'`, repo, 'contents: read', () => branchHead(gh, at, branch))
  const sourceHead =
    fromBranch === branch
      ? targetHead
      : await step(`read branch '${fromBranch}' (from-branch)`, repo, 'contents: read', () =>
          branchHead(gh, at, fromBranch)
        )
  const targetAll = await step(`download ${targetHead.slice(0, 7)}`, repo, 'contents: read', () =>
    downloadManifests(gh, at, targetHead)
  )
  const sourceAll =
    sourceHead === targetHead
      ? targetAll
      : await step(`download ${sourceHead.slice(0, 7)}`, repo, 'contents: read', () =>
          downloadManifests(gh, at, sourceHead)
        )
  const sourceFiles = selectManifests(sourceAll, from.paths)
  if (sourceFiles.size === 0) {
    throw new InputError(
      'from-paths',
      `Input 'from-paths' (${from.paths.join(', ')}) matches no manifest file on '${fromBranch}' at ${shortSha(sourceHead)}: ` +
        `give the source stage's folder or files (only .yaml, .yml and Kustomization files are read).`
    )
  }
  const target = {head: targetHead, files: selectManifests(targetAll, cfg.paths)}
  const resolution = resolvePromotion(from.requests, sourceFiles, target.files)
  const I = await newestChange(gh, at, sourceHead, from.paths)
  return {
    source: {
      branch: fromBranch,
      head: sourceHead,
      revision: I.sha,
      ...(I.parent ? {base: I.parent} : {}),
      files: sourceFiles,
      resolution
    },
    target
  }
}

/**
 * I: the newest commit at or below `head` that changed a file under `paths` (one request per literal prefix). With
 * several prefixes, the newest in history wins, not the latest committer date (a rebase or a skewed clock dates a
 * later commit earlier): one compare per other candidate. Candidates on diverged lines (merged later) have no
 * newest: the head itself, which holds every reference read, is I.
 */
async function newestChange(
  gh: GitHub,
  at: RepoRef,
  head: string,
  paths: string[]
): Promise<{sha: string; parent?: string}> {
  const repo = `${at.owner}/${at.repo}`
  let best: {sha: string; parent?: string} | undefined
  for (const prefix of literalPrefixes(paths)) {
    if (prefix === '') return {sha: head} // the whole repo: every commit changes it
    const params = {...at, sha: head, path: prefix, per_page: 1}
    const list = await step(
      `list the commits that changed '${prefix}'`,
      repo,
      'contents: read',
      async () => (await gh.octokit.request('GET /repos/{owner}/{repo}/commits', params)).data as CommitListItem[]
    )
    const first = list[0]
    if (!first) continue
    const candidate = {sha: first.sha, parent: first.parents?.[0]?.sha}
    if (!best || best.sha === candidate.sha) {
      best = candidate
      continue
    }
    const basehead = `${best.sha}...${candidate.sha}`
    const order = await step(
      `compare ${shortSha(best.sha)} with ${shortSha(candidate.sha)}`,
      repo,
      'contents: read',
      async () =>
        (await gh.octokit.request('GET /repos/{owner}/{repo}/compare/{basehead}', {...at, basehead, per_page: 1})).data
    )
    if (order.status === 'ahead') best = candidate
    else if (order.status === 'diverged') return {sha: head}
  }
  if (!best) {
    throw new InputError(
      'from-paths',
      `No commit on the source branch ever changed 'from-paths' (${paths.join(', ')}): is it the source stage's folder?`
    )
  }
  return best.parent ? {sha: best.sha, parent: best.parent} : {sha: best.sha}
}

export interface Evidence {
  /** I. */
  revision: string
  /** The newest commit among the reports that made the source healthy (output `source-revision`). */
  sourceRevision: string
  healthySince?: number
  rows: EvidenceRow[]
}

/**
 * Waits until the source stage is healthy at I (or a descendant still holding the references) and has been for
 * `from-soak`, within what is left of `timeout` (counted from `runStartedAt`). Throws PromoteError('blocked') when
 * the source fails past the grace, cannot soak within the budget, is still pending at the deadline, or changed its
 * references meanwhile. `once`: read the evidence a single time (dry run): never waits.
 */
export async function proveSource(
  gh: GitHub,
  cfg: Config,
  from: FromStage,
  source: SourceStage,
  rt: Runtime,
  opts: {once: boolean; onRows?: (rows: EvidenceRow[]) => void}
): Promise<Evidence> {
  const I = source.revision
  const where = `${from.paths.join(', ')}@${shortSha(I)}`
  const budget = rt.budget ?? createBudget(cfg.timeoutMs, rt.clock)
  const watched = sourceReports(gh, cfg, from, source, rt)
  const clock = budget.githubNow
  rt.log.info(waitingLine(where, from, source.branch, cfg.wait))
  const log = sayingEachOnce(rt.log)
  let lastSoakLog = 0
  const onState = (state: RolloutState, now: number): void => {
    const since = state.memory.healthySince
    if (state.status !== 'soaking' || since === undefined) return
    if (lastSoakLog !== 0 && now - lastSoakLog < PROGRESS_EVERY_MS) return
    lastSoakLog = now
    const left = formatDuration(from.soakMs - (clock() - since))
    rt.log.info(`The source stage is healthy since ${new Date(since).toISOString()}; soaking ${left} more.`)
  }
  // The decision (mode `evidence`) ends it: healthy long enough, failed, superseded, pending at the deadline, or a
  // soak that cannot end within the budget.
  const res = await waitForRollout({
    ...waitOptions(watched, from, cfg, opts.once ? 0 : budget.remaining(), budget, rt, log),
    onState
  })
  opts.onRows?.([...(res.state.evidence ?? [])])
  const since = res.state.memory.healthySince
  if (res.result === 'timed-out' && res.verdict.status === 'healthy' && since !== undefined) {
    const soakLeft = from.soakMs - (clock() - since)
    throw soakPastBudget({
      where,
      healthyForMs: clock() - since,
      since,
      soakMs: from.soakMs,
      soakLeft,
      leftMs: opts.once ? undefined : budget.remaining()
    })
  }
  if (res.result !== 'healthy') throw notHealthy(res, I, where, opts.once, cfg.timeoutMs)
  const healthySince = since ?? clock()
  const evidence: Evidence = {
    revision: I,
    sourceRevision: res.appliedRevision ?? I,
    healthySince,
    rows: [...(res.state.evidence ?? [])]
  }
  rt.log.info(
    `The source stage has been healthy for ${formatDuration(clock() - healthySince)} at ${shortSha(evidence.sourceRevision)}` +
      (from.soakMs > 0 ? ` (from-soak ${formatDuration(from.soakMs)})` : '') +
      '.'
  )
  return evidence
}

/** One wait for the source stage to be healthy, within `timeoutMs`. */
function waitOptions(
  source: ReportSource,
  from: FromStage,
  cfg: Config,
  timeoutMs: number,
  budget: Budget,
  rt: Runtime,
  log: WaitLog
): WaitOptions {
  return {
    source,
    patterns: from.contexts,
    healthyDescription: cfg.healthyDescription,
    graceMs: cfg.graceMs,
    mode: 'evidence',
    soakMs: from.soakMs,
    timeoutMs,
    budgetMs: budget.timeoutMs,
    intervalMs: cfg.intervalMs,
    // A single read (dry run, no time left) cannot wait out a quiet interval: it reports what it sees.
    quietMs: timeoutMs > 0 ? cfg.quietMs : 0,
    clock: rt.clock,
    reporterClock: budget.githubNow,
    sleep: rt.sleep,
    random: rt.random,
    log
  }
}

/** The first line: what the source stage is, and what it waits for. */
function waitingLine(where: string, from: FromStage, branch: string, wait: Config['wait']): string {
  return (
    `Source stage: ${where} on '${branch}'; waiting for ${from.contexts.join(', ')} to report it healthy` +
    (from.soakMs > 0 ? ` for at least ${formatDuration(from.soakMs)}` : '') +
    ` via ${wait === 'connector' ? 'connector' : 'commit statuses'}.`
  )
}

/** The soak cannot end within the time left (`leftMs`; undefined: a single read, which never waits). */
function soakPastBudget(o: {
  where: string
  healthyForMs: number
  since: number
  soakMs: number
  soakLeft: number
  leftMs: number | undefined
}): PromoteError {
  const {where, healthyForMs, since, soakMs, soakLeft, leftMs} = o
  return new PromoteError(
    `The source stage (${where}) has been healthy for ${formatDuration(healthyForMs)} ` +
      `(since ${new Date(since).toISOString()}); from-soak asks for ${formatDuration(soakMs)}: ` +
      `${formatDuration(soakLeft)} left, ` +
      (leftMs === undefined
        ? 'so a promotion now would wait that long first.'
        : `more than the ${formatDuration(leftMs)} left of the timeout. Nothing was written; run again later.`),
    'blocked'
  )
}

/**
 * The source stage's reports, read as the wait reads the target's: the files that hold its references are what it
 * "wrote", so a later commit changing them supersedes it.
 */
function sourceReports(gh: GitHub, cfg: Config, from: FromStage, source: SourceStage, rt: Runtime): ReportSource {
  const at = {owner: cfg.owner, repo: cfg.repo}
  const byFile = new Map<string, BumpTarget[]>()
  source.resolution.images.forEach((image, i) => {
    const target = source.resolution.targets[i]
    if (!target) return
    for (const w of image.where) byFile.set(w.file, [...(byFile.get(w.file) ?? []), target])
  })
  const written: WrittenFile[] = [...byFile].map(([path, targets]) => ({path, targets}))
  const get = <T>(route: string, params: Record<string, string | number>): Promise<T> =>
    gh.conditionalGet<T>(route, params)
  const read = createEvidence({get, ...at, c: source.revision, branch: source.branch, written})
  // The branch head is always checked, reported or not: a source whose head changed the references no longer runs
  // them, even before Flux applies it (the decision ends it superseded).
  const evidence: typeof read = {
    ...read,
    superseded: (ancestry, commits) => {
      const head = ancestry.commits.at(-1)
      return read.superseded(ancestry, head === undefined ? commits : [...commits, head])
    }
  }
  const inner: ReportSource =
    cfg.wait === 'connector'
      ? createConnectorSource({
          url: cfg.connectorUrl,
          token: connectorBearer(cfg),
          credential: credentialName(cfg),
          patterns: from.contexts,
          evidence,
          log: rt.log.debug
        })
      : createCommitStatusSource({get, ...at, evidence, warn: rt.log.warning})
  const watched: ReportSource = {
    longPoll: inner.longPoll,
    async read(maxWaitMs) {
      const read = await inner.read(maxWaitMs)
      // The expected set of each from-contexts pattern includes the contexts that reported on I's parent.
      const snapshot = read.base === undefined && source.base ? {...read, base: source.base} : read
      return snapshot
    }
  }
  return watched
}

function sayingEachOnce(log: Runtime['log']): Runtime['log'] {
  const said = new Set<string>()
  return {
    ...log,
    info: (m: string) => {
      if (!said.has(m)) log.info(m)
      said.add(m)
    }
  }
}

/** Why a source stage that did not end healthy blocks the promotion. */
function notHealthy(
  res: {result: string; message: string},
  I: string,
  where: string,
  once: boolean,
  timeoutMs: number
): PromoteError {
  if (res.result === 'superseded') {
    return new PromoteError(
      `The source stage changed after ${shortSha(I)}, so it no longer runs what would be promoted; nothing was written. ${res.message}`,
      'blocked'
    )
  }
  if (res.result === 'failed') {
    return new PromoteError(
      `The source stage (${where}) is not healthy, so nothing was promoted. ${res.message}`,
      'blocked'
    )
  }
  const why = res.message.replace(/^Timed out after [^;]*; /, '')
  return new PromoteError(
    once
      ? `The source stage (${where}) is not healthy yet: ${why}`
      : `The source stage (${where}) did not become healthy within the timeout (${formatDuration(timeoutMs)}), so nothing was promoted: ${why}`,
    'blocked'
  )
}
