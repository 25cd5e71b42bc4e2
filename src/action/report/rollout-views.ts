// What follows the rollout for the reader, from the write on: the PR comment (pull request strategies,
// `pr-comment`), started when the pull request is open and kept up to date from each verdict of the wait, and the
// job summary's chart of the rollout, filled in when the wait ends.
import type {Config} from '../inputs.js'
import type {GitHub} from '../github/client.js'
import type {RepoRef} from '../github/files.js'
import type {Outcome} from './outputs.js'
import type {SummaryInput} from './summary.js'
import type {Runtime} from '../runtime.js'
import type {FollowRollout, RolloutResult} from '../wait/run.js'
import type {WriteOutcome} from '../write/types.js'
import {PromoteError} from '../../core/errors.js'
import {formatImageRef} from '../../core/image-ref.js'
import type {CommentVerdict, PrCommentView} from '../../core/views/pr-comment.js'
import {promotionKey} from '../../core/views/promotion-key.js'
import type {ContextLine} from '../../core/views/rollout.js'
import {prComment, type PrComment} from './pr-comment.js'

export interface RolloutViewsOptions {
  config: Config
  github: GitHub
  at: RepoRef
  branch: string
  /** The pull request branch, as the write uses it. */
  prBranch: string
  /** Runner clock: when the run started. */
  startedAt: number
  outcome: Outcome
  summary: SummaryInput
  rt: Runtime
}

export interface RolloutViews {
  /** The pull request is open: the comment starts, saying it waits for the merge. */
  opened(pr: {number: number; url: string}): void
  /** The change is on the branch (`waiting`: the run now waits for Flux). */
  landed(written: WriteOutcome, waiting: boolean): void
  follow: FollowRollout
  /** The wait's result: the summary's chart. */
  waited(res: RolloutResult): void
  /** The run's end: the comment's last edit, with the verdict (or the error that ended the run). Once; never throws. */
  finish(error?: unknown): Promise<void>
}

export function rolloutViews(o: RolloutViewsOptions): RolloutViews {
  const {config, github, at, branch, outcome, summary, rt} = o
  let contexts: ContextLine[] = []
  let openedAt: number | undefined
  let landedAt: number | undefined
  let verdict: CommentVerdict = 'merging'
  let comment: PrComment | undefined
  let number: number | undefined
  let finished = false
  const base: Omit<PrCommentView, 'verdict' | 'contexts'> = {
    key: promotionKey({
      repository: `${at.owner}/${at.repo}`,
      branch,
      prBranch: o.prBranch,
      names: config.targets.map(t =>
        t.kind === 'policy' ? `${t.namespace}:${t.policy}` : t.kind === 'chart' ? `chart:${t.chart}` : t.ref.name
      )
    }),
    images:
      outcome.images ??
      config.targets.map(t => (t.kind === 'chart' ? `${t.chart}=${t.version}` : formatImageRef(t.ref))),
    branch,
    repoUrl: `${summary.serverUrl}/${at.owner}/${at.repo}`,
    runUrl: config.run.url
  }
  const show = (): void => comment?.show({...base, verdict, contexts})
  const start = (pr: {number: number}): void => {
    if (comment || !config.prComment || config.strategy === 'push') return
    number = pr.number
    comment = prComment({gh: github, at, number: pr.number, rt})
  }

  return {
    opened: pr => {
      openedAt ??= rt.clock()
      start(pr)
      show()
    },
    landed: (written, waiting) => {
      landedAt = written.landedAt
      base.commit = written.commit
      base.images = outcome.images ?? base.images
      if (written.pr) start(written.pr)
      verdict = 'waiting'
      if (waiting) show()
    },
    follow: lines => {
      contexts = lines
      show()
    },
    waited: res => {
      contexts = res.lines
      summary.chart = {
        startedAt: o.startedAt,
        ...(openedAt !== undefined ? {openedAt} : {}),
        landedAt: landedAt ?? res.startedAt,
        endedAt: res.endedAt,
        contexts: res.lines
      }
    },
    finish: async error => {
      if (finished || !comment) return
      finished = true
      const message = error === undefined ? outcome.message : error instanceof Error ? error.message : String(error)
      await comment.finish({
        ...base,
        verdict: verdictOf(
          error === undefined ? outcome.result : error instanceof PromoteError ? error.result : 'failed'
        ),
        contexts,
        ...(outcome.appliedRevision ? {appliedRevision: outcome.appliedRevision} : {}),
        ...(message ? {message} : {})
      })
      const {creates, edits} = comment.stats
      rt.log.debug(`Rollout comment on #${number}: ${creates} created, ${edits} edits.`)
    }
  }
}

function verdictOf(result: Outcome['result']): CommentVerdict {
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
