// What follows the wait for the reader: the PR comment (pull request strategies, `pr-comment`), kept up to date
// from each verdict, and the job summary's chart of the rollout, filled in when the wait ends.
import type {RunState, Target} from '../phases/state.js'
import type {FollowRollout, RolloutResult} from '../wait/run.js'
import {defaultPrBranch} from '../write/pr-branch.js'
import type {WriteOutcome} from '../write/types.js'
import {formatImageRef} from '../../core/image-ref.js'
import type {CommentVerdict, PrCommentView} from '../../core/views/pr-comment.js'
import {promotionKey} from '../../core/views/promotion-key.js'
import type {ContextLine} from '../../core/views/rollout.js'
import {prComment, type PrComment} from './pr-comment.js'

export interface RolloutViews {
  follow: FollowRollout
  /** The wait's result: the summary's chart. */
  waited(res: RolloutResult): void
  /** The run's end: the comment's last edit (also when the wait threw). Never throws. */
  finish(error?: unknown): Promise<void>
}

export function rolloutViews(state: RunState, target: Target, written: WriteOutcome): RolloutViews {
  const {config, github, at, branch} = target
  const {outcome, rt, summary} = state
  let contexts: ContextLine[] = []
  const base: Omit<PrCommentView, 'verdict' | 'contexts'> = {
    key: promotionKey({
      repository: `${at.owner}/${at.repo}`,
      branch,
      prBranch: config.prBranch || defaultPrBranch(branch, config.targets),
      names: config.targets.map(t => (t.kind === 'policy' ? `${t.namespace}:${t.policy}` : t.ref.name))
    }),
    images: outcome.images ?? config.targets.map(t => formatImageRef(t.ref)),
    branch,
    commit: written.commit,
    repoUrl: `${summary.serverUrl}/${at.owner}/${at.repo}`,
    runUrl: config.run.url
  }
  const pr = written.pr
  const comment: PrComment | undefined =
    config.prComment && config.strategy !== 'push' && pr
      ? prComment({gh: github, at, number: pr.number, rt})
      : undefined
  comment?.show({...base, verdict: 'waiting', contexts})

  return {
    follow: lines => {
      contexts = lines
      comment?.show({...base, verdict: 'waiting', contexts})
    },
    waited: res => {
      contexts = res.lines
      summary.chart = {
        startedAt: state.startedAt,
        ...(state.prOpenedAt !== undefined ? {openedAt: state.prOpenedAt} : {}),
        landedAt: written.landedAt,
        endedAt: res.endedAt,
        contexts: res.lines
      }
    },
    finish: async error => {
      if (!comment || !pr) return
      const message = error === undefined ? outcome.message : error instanceof Error ? error.message : String(error)
      await comment.finish({
        ...base,
        verdict: error === undefined ? verdictOf(outcome.result) : 'failed',
        contexts,
        ...(outcome.appliedRevision ? {appliedRevision: outcome.appliedRevision} : {}),
        ...(message ? {message} : {})
      })
      const {creates, edits} = comment.stats
      rt.log.debug(`Rollout comment on #${pr.number}: ${creates} created, ${edits} edits.`)
    }
  }
}

function verdictOf(result: RunState['outcome']['result']): CommentVerdict {
  switch (result) {
    case 'healthy':
    case 'failed':
    case 'timed-out':
    case 'superseded':
    case 'reverted':
    case 'written':
    case 'handed-off':
      return result
    default:
      return 'failed'
  }
}
