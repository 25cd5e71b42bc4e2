// on-failure: revert. After a failed rollout: one commit restoring the previous values, written with the run's own
// strategy, then waited for like any rollout with a fresh timeout.
import {defaultPrBranch, promotionText, revertPlanner, revertText, write, type WriteOutcome} from './write/index.js'
import type {Runtime} from './runtime.js'
import {awaitRollout, type RolloutResult, type RunContext} from './wait/run.js'
import {createBudget, freshBudget} from '../core/budget.js'
import {restoredFiles} from '../core/rollout/holds.js'

export interface RollbackResult {
  result: 'reverted' | 'failed'
  message: string
  revertCommit?: string
  /** The revert's pull request, when one was used. */
  pullRequest?: {number: number; url: string}
  rows?: RolloutResult['rows']
}

export async function rollBack(
  {gh, cfg, branch, rt: runRt}: RunContext,
  written: WriteOutcome,
  failure: string
): Promise<RollbackResult> {
  // A fresh budget: the revert's write and wait get a whole `timeout` of their own, on GitHub's clock as learnt.
  const budget = runRt.budget
    ? freshBudget(runRt.budget, cfg.timeoutMs, runRt.clock)
    : createBudget(cfg.timeoutMs, runRt.clock)
  const rt: Runtime = {...runRt, budget}
  const at = {owner: cfg.owner, repo: cfg.repo}
  const revert = revertPlanner(gh, at, written.plan.edits)
  const first = await revert.plan(branch)
  const leftAlone = (): string => {
    const skipped = revert.skipped()
    return skipped.length > 0
      ? ` Left alone because they changed since ${written.commit.slice(0, 7)}: ${skipped.join(', ')}.`
      : ''
  }
  if (leftAlone()) rt.log.warning(leftAlone().trim())
  if (first.plan.edits.length === 0) {
    return {result: 'failed', message: `${failure}\nNothing was reverted.${leftAlone()}`}
  }
  const text = revertText(promotionText({...cfg, runUrl: cfg.run.url}, branch), written.commit, failure)
  const prBranch = `${cfg.prBranch || defaultPrBranch(branch, cfg.targets)}-revert`
  const done = await write(
    {gh, at, branch, budget, rt},
    {first, plan: revert.plan, text},
    {...cfg, prBranch, leaveOpen: true}
  )
  if (!done.changed) {
    return {
      result: 'failed',
      message: `${failure}\nNothing was reverted: '${branch}' no longer holds the written values.`
    }
  }
  if (cfg.strategy === 'pull-request' && done.pr) {
    return {
      result: 'failed',
      pullRequest: done.pr,
      message: `${failure}\nOpened revert pull request #${done.pr.number}; merge it to roll back: ${done.pr.url}.${leftAlone()}`
    }
  }
  rt.log.info(`Reverted ${written.commit.slice(0, 7)} with ${done.commit}; waiting for it to apply.`)
  // The revert is waited for with its own values: a later commit is checked against what it restored.
  const values = restoredFiles(written.plan.edits, done.plan.edits, cfg.targets)
  const waited = await awaitRollout({gh, cfg, branch, rt}, {...done, values})
  if (waited.result === 'healthy') {
    return {
      result: 'reverted',
      revertCommit: done.commit,
      rows: waited.rows,
      message: `The rollout failed and was reverted: ${failure}\nThe revert ${done.commit} is applied and healthy.${leftAlone()}`
    }
  }
  return {
    result: 'failed',
    revertCommit: done.commit,
    rows: waited.rows,
    message: `The rollout failed: ${failure}\nIts revert ${done.commit} did not become healthy either: ${waited.message}${leftAlone()}`
  }
}
