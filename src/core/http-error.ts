// What a failed GitHub request says: its status, GitHub's message, and whether it is a spent rate limit. Pure and
// free of @actions imports, so the connector's bundle can use it too.

type Headers = Record<string, string | number | undefined>
interface HttpErrorLike {
  status?: unknown
  response?: {headers?: Headers; data?: {message?: unknown}}
}

/** HTTP status of an octokit error, if it has one. */
export function statusOf(e: unknown): number | undefined {
  const status = (e as HttpErrorLike | undefined)?.status
  return typeof status === 'number' ? status : undefined
}

/** The message GitHub put in the error body, e.g. "Pull Request is not mergeable". */
export function messageOf(e: unknown): string {
  const m = (e as HttpErrorLike | undefined)?.response?.data?.message
  if (typeof m === 'string') return m
  return e instanceof Error ? e.message : String(e)
}

/**
 * How long a rate-limited answer asks to wait (ms), or undefined when it is not a rate limit. Primary limits say
 * `x-ratelimit-remaining: 0` and a reset time in epoch seconds, compared with the answer's own `Date` (GitHub's
 * clock, so a skewed runner does not matter); secondary limits say `retry-after` or nothing (then one minute). An answer without a `Date` (GitHub always
 * sends one) waits the minute too: the runner's clock is never compared with GitHub's reset.
 */
export function rateLimitWait(e: unknown): number | undefined {
  const status = statusOf(e)
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
    return 60_000
  }
  if (status === 429 || /rate limit/i.test(messageOf(e))) return 60_000
  return undefined
}
