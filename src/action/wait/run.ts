// Glue between the write and the wait: picks the report source for `wait`, hands it the run's budget and GitHub's
// clock, follows the verdicts for the views (PR comment, the summary's chart), shapes the result rows.
import type {Config} from '../inputs.js'
import type {GitHub} from '../github/client.js'
import type {WriteOutcome} from '../write/index.js'
import type {Runtime} from '../runtime.js'
import type {ContextRow} from '../report/summary.js'
import {createBudget} from '../../core/budget.js'
import {createEvidence} from '../../core/rollout/evidence.js'
import {writtenFiles} from '../../core/rollout/holds.js'
import {formatChart, splitTargets} from '../../core/charts.js'
import {createCommitStatusSource} from './commit-status.js'
import {connectorBearer, credentialName} from './connector-auth.js'
import {waitForRollout, type WaitResult} from './poll.js'
import type {ReportSource} from '../../core/rollout/types.js'
import type {Verdict} from '../../core/rollout/verdict.js'
import {contextLines, type ContextLine} from '../../core/views/rollout.js'

export interface RolloutResult {
  result: WaitResult['result']
  appliedRevision?: string
  message: string
  rows: ContextRow[]
  /** Each context from its first report to healthy or failed (runner clock), for the views. */
  lines: ContextLine[]
  startedAt: number
  endedAt: number
}

/** Told each time the wait judges: the contexts as the views show them, and the verdict. */
export type FollowRollout = (lines: ContextLine[], verdict: Verdict) => void

/** Where a run writes and waits: its GitHub client, its inputs, the gitops branch, and its runtime. */
export interface RunContext {
  gh: GitHub
  cfg: Config
  branch: string
  rt: Runtime
}

export async function awaitRollout(
  {gh, cfg, branch, rt}: RunContext,
  written: WriteOutcome,
  follow?: FollowRollout
): Promise<RolloutResult> {
  const at = {owner: cfg.owner, repo: cfg.repo}
  const get = <T>(route: string, params: Record<string, string | number>): Promise<T> =>
    gh.conditionalGet<T>(route, params)
  const evidence = createEvidence({
    get,
    ...at,
    c: written.commit,
    branch,
    written: written.values ?? writtenFiles(written.plan.edits, cfg.targets),
    // A pull request's merge commit holds the PR branch as it was at the merge, which a later run may have updated.
    checkC: written.pr !== undefined
  })
  const source: ReportSource =
    cfg.wait === 'connector'
      ? (await import('./connector-source.js')).createConnectorSource({
          url: cfg.connectorUrl,
          token: connectorBearer(cfg),
          credential: credentialName(cfg),
          patterns: cfg.contexts,
          evidence,
          charts: splitTargets(cfg.targets).charts.map(formatChart),
          log: rt.log.debug
        })
      : createCommitStatusSource({get, ...at, evidence, warn: rt.log.warning})

  // One budget from the run's start: whatever the merge wait used is gone.
  const budget = rt.budget ?? createBudget(cfg.timeoutMs, rt.clock, written.landedAt)
  const soak = cfg.soakMs > 0 ? `, then stay healthy for ${cfg.soakMs / 1000}s` : ''
  rt.log.info(
    `Waiting for ${cfg.contexts.join(', ')} to report ${written.commit.slice(0, 7)} (or a later commit containing it) healthy` +
      ` via ${cfg.wait}${soak}.`
  )
  let lines: ContextLine[] = []
  const res = await waitForRollout({
    source,
    patterns: cfg.contexts,
    healthyDescription: cfg.healthyDescription,
    graceMs: cfg.graceMs,
    timeoutMs: budget.remaining(),
    budgetMs: budget.timeoutMs,
    soakMs: cfg.soakMs,
    intervalMs: cfg.intervalMs,
    quietMs: cfg.quietMs,
    clock: rt.clock,
    reporterClock: budget.githubNow,
    sleep: rt.sleep,
    random: rt.random,
    log: rt.log,
    onState: ({verdict}, now) => {
      lines = contextLines(verdict, now, lines)
      follow?.(lines, verdict)
    }
  })
  const rows: ContextRow[] = res.verdict.patterns.map(p => ({
    pattern: p.pattern,
    context: p.report?.context ?? '',
    state: p.status,
    commit: p.report?.commit ?? '',
    description: p.report?.description ?? 'no report yet',
    timeToHealthyMs:
      p.report && res.firstHealthyAt[p.report.context] !== undefined
        ? (res.firstHealthyAt[p.report.context] as number) - written.landedAt
        : undefined
  }))
  const {startedAt, endedAt} = res
  return {
    result: res.result,
    appliedRevision: res.appliedRevision,
    message: res.message,
    rows,
    lines,
    startedAt,
    endedAt
  }
}
