// What an error while waiting means: give up now (a permission, a wrong URL), wait for a rate limit's reset, or retry
// (5xx, network). Pure: reads the status and headers octokit-style errors carry; no @actions dependency.
import {messageOf as detail, rateLimitWait, statusOf as httpStatus} from './http-error.js'

export {httpStatus, rateLimitWait}

/**
 * Whether the same request may succeed when asked again: a 5xx or 408. Not a 501: the server lacks the endpoint (an
 * older GitHub Enterprise Server), and asking again meets the same answer.
 */
export function isTransientStatus(status: number): boolean {
  return status === 408 || (status >= 500 && status !== NOT_IMPLEMENTED)
}

export const NOT_IMPLEMENTED = 501

/**
 * No HTTP answer arrived: the connection was reset or refused, or the request's deadline passed. Octokit reports
 * these as a 500 without a response (a timeout as an AbortError or TimeoutError). A write sent this way may have been
 * applied.
 */
export function isNoAnswer(e: unknown): boolean {
  const err = e as {name?: unknown; response?: unknown} | undefined
  if (err?.name === 'TimeoutError' || err?.name === 'AbortError') return true
  return httpStatus(e) === 500 && err?.response === undefined
}

/** `METHOD /path` of the request an octokit error belongs to (no host, no query), for messages; '' when unknown. */
export function endpointOf(e: unknown): string {
  const req = (e as {request?: {method?: unknown; url?: unknown}} | undefined)?.request
  if (typeof req?.method !== 'string' || typeof req.url !== 'string') return ''
  const path = req.url.replace(/^[a-z]+:\/\/[^/]+/i, '').replace(/\?.*$/, '')
  return `${req.method} ${path}`
}

/** The message for a 501: which endpoint this GitHub lacks. */
export function notImplemented(e: unknown, doing: string): string {
  const endpoint = endpointOf(e) || 'the endpoint'
  return (
    `GitHub answered 501 (not implemented) for ${endpoint} while ${doing}: this GitHub (an older GitHub Enterprise ` +
    `Server?) lacks that endpoint (${detail(e)}).`
  )
}

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
    case NOT_IMPLEMENTED:
      return new WaitError(notImplemented(e, `reading ${what} in ${repo}`), 'fatal')
    default:
      if (isTransientStatus(status)) {
        return new WaitError(`GitHub answered ${status} reading ${what} in ${repo}: ${detail(e)}`, 'transient')
      }
      return new WaitError(`GitHub answered ${status} reading ${what} in ${repo}: ${detail(e)}`, 'fatal')
  }
}
