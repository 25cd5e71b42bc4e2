// What an error while waiting means: give up now (a permission, a wrong URL), wait for a rate limit's reset, or retry
// (5xx, network). Pure: reads the status and headers octokit-style errors carry; no @actions dependency.

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

type Headers = Record<string, string | number | undefined>
interface HttpErrorLike {
  status?: unknown
  message?: unknown
  response?: {headers?: Headers; data?: {message?: unknown}}
}

export function httpStatus(e: unknown): number | undefined {
  const status = (e as HttpErrorLike | undefined)?.status
  return typeof status === 'number' ? status : undefined
}

function detail(e: unknown): string {
  const m = (e as HttpErrorLike | undefined)?.response?.data?.message
  if (typeof m === 'string') return m
  return e instanceof Error ? e.message : String(e)
}

/**
 * How long a rate-limited answer asks to wait (ms), or undefined when it is not a rate limit. Primary limits say
 * `x-ratelimit-remaining: 0` and a reset time in epoch seconds, compared with the answer's own `Date` (GitHub's
 * clock, so a skewed runner does not matter); secondary limits say `retry-after` or nothing (then one minute).
 */
export function rateLimitWait(e: unknown): number | undefined {
  const status = httpStatus(e)
  if (status !== 403 && status !== 429) return undefined
  const headers = (e as HttpErrorLike).response?.headers ?? {}
  const header = (name: string): string | undefined => {
    const v = headers[name]
    return v === undefined ? undefined : String(v)
  }
  const retryAfter = Number(header('retry-after'))
  if (header('retry-after') !== undefined && Number.isFinite(retryAfter)) return Math.max(0, retryAfter * 1000)
  if (header('x-ratelimit-remaining') === '0') {
    const reset = Number(header('x-ratelimit-reset')) * 1000
    const date = Date.parse(header('date') ?? '')
    if (Number.isFinite(reset) && Number.isFinite(date)) return Math.max(0, reset - date) + 1000
    if (Number.isFinite(reset)) return Math.max(0, reset - Date.now()) + 1000
    return 60_000
  }
  if (status === 429 || /rate limit/i.test(detail(e))) return 60_000
  return undefined
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
