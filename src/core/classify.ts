// What an error while waiting means: give up now (a permission, a wrong URL), wait for a rate limit's reset, or retry
// (5xx, network). Pure: reads the status and headers octokit-style errors carry; no @actions dependency.
import {messageOf as detail, rateLimitWait, statusOf as httpStatus} from './http-error.js'

export {httpStatus, rateLimitWait}

export type WaitErrorKind = 'fatal' | 'rate-limit' | 'transient'

export class WaitError extends Error {
  constructor(
    message: string,
    readonly kind: WaitErrorKind,
    /** rate-limit: how long until GitHub lifts it (ms from the answer), when the answer says. */
    readonly retryInMs?: number
  ) {
    super(message)
    this.name = 'WaitError'
  }
  /** The poll loop stops at once on errors that say `fatal`. */
  get fatal(): boolean {
    return this.kind === 'fatal'
  }
}

/** Classifies a failed GitHub read made while waiting, naming what was read, where, and the permission it needs. */
export function classifyGitHubError(e: unknown, what: string, repo: string, permission: string): WaitError {
  if (e instanceof WaitError) return e
  const status = httpStatus(e)
  const wait = rateLimitWait(e)
  if (wait !== undefined) {
    return new WaitError(
      `GitHub's rate limit stopped reading ${what} in ${repo} (${status} ${detail(e)})`,
      'rate-limit',
      wait
    )
  }
  switch (status) {
    case 401:
      return new WaitError(
        `GitHub rejected the token while reading ${what} in ${repo} (401 ${detail(e)}): check the 'token' input; it may be expired or revoked.`,
        'fatal'
      )
    case 403:
      return new WaitError(
        `The token may not read ${what} in ${repo} (403 ${detail(e)}): it needs '${permission}' on ${repo}.`,
        'fatal'
      )
    case 404:
      return new WaitError(
        `GitHub answered 404 reading ${what} in ${repo}: check 'repository' and 'branch', and that the token can see ${repo} ('${permission}').`,
        'fatal'
      )
    case undefined:
      return new WaitError(`Reading ${what} in ${repo} failed: ${detail(e)}`, 'transient')
    default:
      if (status >= 500 || status === 408) {
        return new WaitError(`GitHub answered ${status} reading ${what} in ${repo}: ${detail(e)}`, 'transient')
      }
      return new WaitError(`GitHub answered ${status} reading ${what} in ${repo}: ${detail(e)}`, 'fatal')
  }
}
