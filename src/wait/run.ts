// Glue between the write and the wait: picks the report source for `wait`, sets the budget, shapes the result rows.
import type {Config} from '../inputs.js'
import type {GitHub} from '../github/client.js'
import type {Runtime, WriteOutcome} from '../write.js'
import type {ContextRow} from '../report/summary.js'
import {createAncestry} from './revision.js'
import {createCommitStatusSource} from './commit-status.js'
import {createConnectorSource} from './connector-source.js'
import {waitForRollout} from './poll.js'
import type {ReportSource} from './types.js'

export interface RolloutResult {
  result: 'healthy' | 'failed' | 'timed-out'
  appliedRevision?: string
  message: string
  rows: ContextRow[]
}

export async function awaitRollout(
  gh: GitHub,
  cfg: Config,
  branch: string,
  written: WriteOutcome,
  rt: Runtime
): Promise<RolloutResult> {
  const at = {owner: cfg.owner, repo: cfg.repo}
  const ancestry = createAncestry({
    c: written.commit,
    branch,
    compare: (base, head) =>
      gh.conditionalGet('GET /repos/{owner}/{repo}/compare/{basehead}', {
        ...at,
        basehead: `${base}...${head}`,
        per_page: 100
      })
  })
  const source: ReportSource =
    cfg.wait === 'connector'
      ? createConnectorSource({
          url: cfg.connectorUrl,
          token: cfg.connectorToken,
          patterns: cfg.contexts,
          ancestry,
          log: rt.log.debug
        })
      : createCommitStatusSource({get: (route, params) => gh.conditionalGet(route, params), ...at, ancestry})

  // The budget counts from the moment the change reached the branch (docs/architecture.md, "One budget").
  const timeoutMs = Math.max(0, cfg.timeoutMs - (rt.clock() - written.landedAt))
  rt.log.info(
    `Waiting for ${cfg.contexts.join(', ')} to report ${written.commit.slice(0, 7)} (or a later commit containing it) healthy` +
      ` via ${cfg.wait}.`
  )
  const res = await waitForRollout({
    source,
    patterns: cfg.contexts,
    healthyDescription: cfg.healthyDescription,
    graceMs: cfg.graceMs,
    timeoutMs,
    intervalMs: cfg.intervalMs,
    clock: rt.clock,
    sleep: rt.sleep,
    random: rt.random,
    log: rt.log
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
  return {result: res.result, appliedRevision: res.appliedRevision, message: res.message, rows}
}
