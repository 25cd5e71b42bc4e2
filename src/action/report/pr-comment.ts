// The PR comment that follows the rollout (rendered by core/views/pr-comment.ts): found by its hidden marker, on
// re-runs too, created once, then edited in place. A state change is written at once; any other change at most
// every 10 s (GitHub's secondary rate limits count content writes). A create whose answer is lost (applied, then a
// 502 or a reset) is never sent again blindly: the comments are read back for the marker first. The comment is a
// view: without the permission it warns once and the run goes on.
import type {GitHub} from '../github/client.js'
import {messageOf, statusOf} from '../github/client.js'
import type {RepoRef} from '../github/files.js'
import type {Runtime} from '../runtime.js'
import {commentMarker} from '../../core/views/promotion-key.js'
import {prCommentMarkdown, type PrCommentView} from '../../core/views/pr-comment.js'
import {stateKey} from '../../core/views/rollout.js'

/** At most one edit this often, besides state changes. */
export const MIN_EDIT_INTERVAL_MS = 10_000
/** Pages of 100 comments read when looking for the marker: a PR with more has bigger problems. */
const MAX_PAGES = 10
/** Tries of the last write when it meets a 5xx or a network error. */
const FINAL_TRIES = 3

export interface PrCommentOptions {
  gh: GitHub
  at: RepoRef
  /** The pull request's number. */
  number: number
  rt: Pick<Runtime, 'clock' | 'sleep' | 'log'>
  /** Default MIN_EDIT_INTERVAL_MS. */
  minEditIntervalMs?: number
}

export interface PrComment {
  /** Shows `view`: a state change is written at once (after any write in flight), other changes throttled. */
  show(view: PrCommentView): void
  /** Writes `view` now, whatever the throttle says, and waits until every write is done. Never throws. */
  finish(view: PrCommentView): Promise<void>
  /** Writes sent that GitHub applied, as far as this run knows: for the log and the tests. */
  readonly stats: {creates: number; edits: number}
}

type CommentJson = {id: number; body?: string | null}

export function prComment(opts: PrCommentOptions): PrComment {
  const {gh, at, number, rt} = opts
  const minInterval = opts.minEditIntervalMs ?? MIN_EDIT_INTERVAL_MS
  const stats = {creates: 0, edits: 0}
  let id: number | undefined
  let written: {body: string; key: string; at: number} | undefined
  let pending: PrCommentView | undefined
  let chain: Promise<void> = Promise.resolve()
  let busy = false
  let off = false
  const warned = new Set<string>()

  const warnOnce = (kind: string, message: string): void => {
    if (warned.has(kind)) return rt.log.debug(message)
    warned.add(kind)
    rt.log.warning(message)
  }

  /** The comment with our marker, oldest first (a re-run, or a create whose answer was lost). */
  async function find(marker: string): Promise<number | undefined> {
    for (let page = 1; page <= MAX_PAGES; page++) {
      const res = await gh.octokit.request('GET /repos/{owner}/{repo}/issues/{issue_number}/comments', {
        ...at,
        issue_number: number,
        per_page: 100,
        page
      })
      const list = res.data as CommentJson[]
      const mine = list.find(c => (c.body ?? '').startsWith(marker))
      if (mine) return mine.id
      if (list.length < 100) return undefined
    }
    return undefined
  }

  /** One write: edit the comment we know, else find it by its marker, else create it. False: not written. */
  async function send(view: PrCommentView, body: string): Promise<boolean> {
    try {
      id ??= await find(commentMarker(view.key))
      if (id !== undefined) {
        await gh.octokit.request('PATCH /repos/{owner}/{repo}/issues/comments/{comment_id}', {
          ...at,
          comment_id: id,
          body
        })
        stats.edits++
      } else {
        // No automatic retry: a 5xx may come after GitHub created it; the next write reads back first.
        const res = await gh.octokit.request('POST /repos/{owner}/{repo}/issues/{issue_number}/comments', {
          ...at,
          issue_number: number,
          body,
          request: {retries: 0}
        })
        id = (res.data as CommentJson).id
        stats.creates++
      }
      return true
    } catch (e) {
      const status = statusOf(e)
      if (status === 404 && id !== undefined) {
        // Deleted by someone: the next write looks again and creates a new one.
        id = undefined
        warnOnce('gone', `The rollout's comment on #${number} is gone; writing a new one.`)
        return false
      }
      if (status === 401 || status === 403 || status === 404) {
        off = true
        warnOnce(
          'permission',
          `Cannot write the rollout's comment on pull request #${number} (${status}: ${messageOf(e)}); the token ` +
            `needs 'pull-requests: write' (or 'issues: write') on ${at.owner}/${at.repo}. ` +
            `Going on without it (set 'pr-comment: false' to skip it).`
        )
        return false
      }
      warnOnce('error', `Writing the rollout's comment on #${number} failed (will try again): ${messageOf(e)}`)
      return false
    }
  }

  /** Writes what is pending while the throttle allows; leaves a throttled change pending for a later call. */
  async function pump(force: boolean): Promise<void> {
    for (let tries = 0; pending && !off;) {
      const view = pending
      const body = prCommentMarkdown(view)
      const key = stateKey(view.verdict, view.contexts)
      if (written?.body === body) {
        pending = undefined
        return
      }
      const now = rt.clock()
      if (!force && written && written.key === key && now - written.at < minInterval) return
      pending = undefined
      if (await send(view, body)) {
        written = {body, key, at: now}
        tries = 0
        continue
      }
      // Not written: keep it for the next call (unless a newer view came meanwhile); the last one is retried here.
      pending ??= view
      if (!force || ++tries >= FINAL_TRIES || off) return
      await rt.sleep(1000 * tries)
    }
  }

  /** Runs one pump after the ones before it: writes never overlap and keep their order. */
  function run(force: boolean): Promise<void> {
    chain = chain.then(async () => {
      busy = true
      try {
        await pump(force)
      } finally {
        busy = false
      }
    })
    return chain
  }

  return {
    stats,
    show(view) {
      pending = view
      if (!busy) void run(false)
    },
    async finish(view) {
      pending = view
      await run(true)
    }
  }
}
