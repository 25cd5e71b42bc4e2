// Reads what reporters posted on C and its descendants: commit statuses (Flux's github provider) and check runs
// (other reporters). Every request goes through the caller's conditional GET, so an unchanged commit costs a 304.

import type {Report, ReportSource, ReportState, Snapshot} from '../../core/rollout/types.js'
import type {ConditionalGet, Evidence} from '../../core/rollout/evidence.js'
import {classifyGitHubError, rateLimitWait, httpStatus} from '../../core/classify.js'

export type {ConditionalGet} from '../../core/rollout/evidence.js'

export const STATUS_ROUTE = 'GET /repos/{owner}/{repo}/commits/{ref}/status'
export const CHECK_RUNS_ROUTE = 'GET /repos/{owner}/{repo}/commits/{ref}/check-runs'

/** The fields read from the combined status response. */
export interface CombinedStatusResponse {
  statuses: {
    context: string
    state: string
    description?: string | null
    target_url?: string | null
    created_at?: string | null
    updated_at?: string | null
  }[]
}

/** The fields read from the check-runs response. */
export interface CheckRunsResponse {
  check_runs: {
    name: string
    status?: string | null
    conclusion?: string | null
    started_at?: string | null
    completed_at?: string | null
    html_url?: string | null
    details_url?: string | null
    output?: {title?: string | null; summary?: string | null} | null
  }[]
}

export interface CommitStatusSourceOptions {
  get: ConditionalGet
  owner: string
  repo: string
  /** C's ancestry and the superseded check (evidence.ts). */
  evidence: Pick<Evidence, 'ancestry' | 'superseded'>
  /** How many of the newest commits are read, besides B and C. Default 20. */
  maxCommits?: number
  /** Said once, when check runs cannot be read and only commit statuses are. */
  warn?: (message: string) => void
}

export function createCommitStatusSource(opts: CommitStatusSourceOptions): ReportSource {
  const maxCommits = opts.maxCommits ?? 20
  const base = {owner: opts.owner, repo: opts.repo}
  const repo = `${opts.owner}/${opts.repo}`
  let checksDenied = false

  const statuses = async (ref: string): Promise<Report[]> => {
    let body: CombinedStatusResponse
    try {
      body = await opts.get<CombinedStatusResponse>(STATUS_ROUTE, {...base, ref, per_page: 100})
    } catch (e) {
      throw classifyGitHubError(e, `the commit statuses of ${ref.slice(0, 7)}`, repo, 'statuses: read')
    }
    return statusReports(body, ref)
  }

  const checkRuns = async (ref: string): Promise<Report[]> => {
    if (checksDenied) return []
    let body: CheckRunsResponse
    try {
      body = await opts.get<CheckRunsResponse>(CHECK_RUNS_ROUTE, {...base, ref, per_page: 100})
    } catch (e) {
      if (httpStatus(e) === 403 && rateLimitWait(e) === undefined) {
        // A token without `checks: read` can still see commit statuses, which is what Flux posts.
        checksDenied = true
        opts.warn?.(
          `The token cannot read check runs in ${repo} (403): waiting on commit statuses only. ` +
            `Give it 'checks: read' to count check runs too.`
        )
        return []
      }
      throw classifyGitHubError(e, `the check runs of ${ref.slice(0, 7)}`, repo, 'checks: read')
    }
    return checkRunReports(body, ref)
  }

  const reportsOn = async (ref: string): Promise<Report[]> =>
    (await Promise.all([statuses(ref), checkRuns(ref)])).flat()

  // When B carries no report (a commit Flux never saw: a push just before ours, a queue group, a rebase), the
  // nearest first-parent ancestor that does tells who follows this branch. Looked for once; null: none in 100.
  let anchor: {contexts: string[]} | null | undefined
  const walkBack = async (b: string): Promise<{contexts: string[]} | null> => {
    let list: CommitListItem[]
    try {
      list = await opts.get<CommitListItem[]>(COMMITS_ROUTE, {...base, sha: b, per_page: WALK_BACK_COMMITS})
    } catch (e) {
      throw classifyGitHubError(e, `the commits before ${b.slice(0, 7)}`, repo, 'contents: read')
    }
    const parentOf = new Map(list.map(c => [c.sha, c.parents?.[0]?.sha]))
    for (let sha = parentOf.get(b), n = 0; sha && n < WALK_BACK_COMMITS; sha = parentOf.get(sha), n++) {
      const found = await reportsOn(sha)
      if (found.length > 0) return {contexts: [...new Set(found.map(r => r.context))]}
    }
    return null
  }

  return {
    longPoll: false,
    async read(): Promise<Snapshot> {
      const ancestry = await opts.evidence.ancestry()
      const {commits} = ancestry
      const refs = refsToRead(ancestry.base, commits, maxCommits)
      const reports = (await Promise.all(refs.map(reportsOn))).flat()
      const b = ancestry.base
      let walked: Pick<Snapshot, 'baseline' | 'unanchored'> = {}
      if (b !== undefined && !reports.some(r => r.commit === b)) {
        if (anchor === undefined) anchor = await walkBack(b)
        walked = anchor ? {baseline: anchor.contexts} : {unanchored: true}
      }
      const superseded = await opts.evidence.superseded(
        ancestry,
        reports.map(r => r.commit)
      )
      return {commits, reports, superseded, ...walked, ...(b ? {base: b} : {})}
    }
  }
}

export const COMMITS_ROUTE = 'GET /repos/{owner}/{repo}/commits'
/** How far back the expected set is looked for: one page of the commits list. */
const WALK_BACK_COMMITS = 100

interface CommitListItem {
  sha: string
  parents?: {sha: string}[]
}

/** B (who follows this branch), C, and the newest commits: Flux reports on what it applied, at or near the head. */
function refsToRead(base: string | undefined, commits: string[], maxCommits: number): string[] {
  return [...new Set([...(base ? [base] : []), ...commits.slice(0, 1), ...commits.slice(1).slice(-maxCommits)])]
}

/** A combined status's statuses on `ref` as reports. */
function statusReports(body: CombinedStatusResponse, ref: string): Report[] {
  return (body.statuses ?? []).map(s => ({
    context: s.context,
    state: statusState(s.state),
    description: s.description ?? '',
    commit: ref,
    at: timestamp(s.updated_at ?? s.created_at),
    source: 'status' as const,
    ...(s.target_url ? {url: s.target_url} : {})
  }))
}

/** The check runs on `ref` as reports. */
function checkRunReports(body: CheckRunsResponse, ref: string): Report[] {
  return (body.check_runs ?? []).map(run => {
    const url = run.html_url ?? run.details_url
    return {
      context: run.name,
      state: checkRunState(run.status, run.conclusion),
      description: run.output?.title || run.output?.summary || run.conclusion || run.status || '',
      commit: ref,
      at: timestamp(run.completed_at ?? run.started_at),
      source: 'check-run' as const,
      ...(url ? {url} : {})
    }
  })
}

/** Commit status states; `error` is GitHub's other failing state. */
function statusState(state: string): ReportState {
  if (state === 'success') return 'success'
  if (state === 'failure' || state === 'error') return 'failure'
  return 'pending'
}

/** Check runs (docs/architecture.md, "What healthy means"), including action_required (the run cannot finish without a person). */
function checkRunState(status: string | null | undefined, conclusion: string | null | undefined): ReportState {
  if (status && status !== 'completed') return 'pending'
  switch (conclusion) {
    case 'success':
      return 'success'
    case 'failure':
    case 'timed_out':
    case 'cancelled':
    case 'action_required':
      return 'failure'
    default:
      return 'pending' // neutral, skipped, stale, or not finished
  }
}

function timestamp(iso: string | null | undefined): number {
  const t = iso ? Date.parse(iso) : NaN
  return Number.isNaN(t) ? 0 : t
}
