// The one GitHub client: @actions/github's octokit with a deadline on every request, one retry policy (a 5xx or a
// lost answer: reads are asked again, writes are read back first), throttling (primary and secondary rate limits,
// honouring `retry-after` and the reset time), base URLs from GITHUB_API_URL / GITHUB_GRAPHQL_URL so GitHub Enterprise
// Server works, and an ETag cache for polling (a 304 answer costs no rate limit).
import {getOctokit} from '@actions/github'
import {retry} from '@octokit/plugin-retry'
import {throttling} from '@octokit/plugin-throttling'
import Bottleneck from 'bottleneck/light.js'
import type {Budget} from '../../core/budget.js'
import {formatDuration} from '../../core/duration.js'
import {messageOf, statusOf} from '../../core/http-error.js'
import {endpointOf, isNoAnswer, isTransientStatus} from '../../core/classify.js'
import {REQUEST_DEADLINE_MS} from '../../core/retry.js'

export type Octokit = ReturnType<typeof getOctokit>

/** Retries of a 5xx, as many as the retry plugin makes by default. */
const MAX_RETRIES = 3

/**
 * The shortest deadline a request gets, also once the run's budget is spent: the final Deployment status and a
 * revert (which has a budget of its own) still need their requests answered.
 */
const MIN_DEADLINE_MS = 5_000

export interface GitHubLog {
  debug(message: string): void
  warning(message: string): void
}

/** What the run cost in API terms: for the log, the summary and the benchmarks. */
export interface RequestStats {
  requests: number
  notModified: number
}

export interface GitHub {
  octokit: Octokit
  /** GraphQL with errors thrown as GraphQLRequestError (GitHub answers 200 with an `errors` array). */
  graphql<T>(query: string, variables: Record<string, unknown>): Promise<T>
  /** GET with If-None-Match; a 304 answer returns the cached body. */
  conditionalGet<T>(route: string, params: Record<string, string | number>): Promise<T>
  /**
   * Sends a write whose answer may be lost (5xx, reset, deadline after it was sent): then `readBack` says whether it
   * was applied (its result) before the write is sent again, within the retry policy. A write is never sent twice
   * blindly.
   */
  writeOnce<T>(send: () => Promise<T>, readBack: () => Promise<T | undefined>): Promise<T>
  stats: RequestStats
}

/** A write got no usable answer: it may or may not have been applied. Only `writeOnce` resolves it. */
export class AnswerLostError extends Error {
  constructor(
    readonly endpoint: string,
    readonly cause: unknown
  ) {
    super(`GitHub's answer to ${endpoint} was lost (${messageOf(cause)})`)
    this.name = 'AnswerLostError'
  }
}

export class GraphQLRequestError extends Error {
  constructor(readonly errors: {type?: string; message: string}[]) {
    super(errors.map(e => e.message).join('; '))
    this.name = 'GraphQLRequestError'
  }
  hasType(type: string): boolean {
    return this.errors.some(e => e.type === type)
  }
}

/** How the client spends time: the run's budget, its clock, and the unit of the 5xx retry pauses. */
export interface ClientTiming {
  /** Learns GitHub's clock from every answer's `Date` header, and bounds the waits done inside the client. */
  budget: Budget
  /** The runner's clock, for the request times the budget learns GitHub's clock from. */
  clock: () => number
  /** The pauses are 1, 4 and 9 of these (default 1 s; the end-to-end tests lower it, see `src/inputs.ts`). */
  retryUnitMs?: number
  /** One request's deadline (default REQUEST_DEADLINE_MS; the end-to-end tests lower it, see `src/inputs.ts`). */
  deadlineMs?: number
}

export function createGitHub(
  token: string,
  log: GitHubLog,
  env: NodeJS.ProcessEnv = process.env,
  timing?: ClientTiming
): GitHub {
  const budget = timing?.budget
  const stats: RequestStats = {requests: 0, notModified: 0}
  const apiUrl = (env.GITHUB_API_URL || 'https://api.github.com').replace(/\/+$/, '')
  const graphqlUrl = env.GITHUB_GRAPHQL_URL || `${apiUrl.replace(/\/api\/v3$/, '/api')}/graphql`
  const octokit = getOctokit(
    token,
    {
      baseUrl: apiUrl,
      userAgent: 'gitops-promote',
      // With a budget, 5xx retries happen below, where they can stop when the time left cannot cover the next one.
      retry: {enabled: !budget, doNotRetry: [400, 401, 403, 404, 405, 409, 410, 422, 451]},
      throttle: throttleOptions(log, budget)
    },
    retry,
    throttling
  )
  octokit.hook.before('request', () => {
    stats.requests++
  })
  if (timing) retryWithinBudget(octokit, log, timing)
  const pauseUnit = timing?.retryUnitMs ?? 1000

  const etags = new Map<string, {etag: string; data: unknown}>()
  return {
    octokit,
    stats,
    async graphql<T>(query: string, variables: Record<string, unknown>): Promise<T> {
      const res = await octokit.request({method: 'POST', url: graphqlUrl, query, variables})
      const body = res.data as {data?: T; errors?: {type?: string; message: string}[]}
      if (body.errors && body.errors.length > 0) throw new GraphQLRequestError(body.errors)
      return body.data as T
    },
    async conditionalGet<T>(route: string, params: Record<string, string | number>): Promise<T> {
      const key = `${route} ${JSON.stringify(params)}`
      const cached = etags.get(key)
      try {
        const res = await octokit.request(route, {
          ...params,
          headers: cached ? {'if-none-match': cached.etag} : {}
        })
        const etag = res.headers.etag
        if (etag) etags.set(key, {etag, data: res.data})
        return res.data as T
      } catch (e) {
        if (cached && (e as {status?: number}).status === 304) {
          stats.notModified++
          return cached.data as T
        }
        throw e
      }
    },
    async writeOnce<T>(send: () => Promise<T>, readBack: () => Promise<T | undefined>): Promise<T> {
      for (let retry = 1; ; retry++) {
        try {
          return await send()
        } catch (e) {
          if (!(e instanceof AnswerLostError)) throw e
          log.debug(`${e.message}; reading back whether it was applied.`)
          const applied = await readBack()
          if (applied !== undefined) {
            log.debug(`It was: ${e.endpoint} is not sent again.`)
            return applied
          }
          const pause = retry * retry * pauseUnit
          if (retry > MAX_RETRIES || (budget && pause >= budget.remaining())) throw e
          log.debug(`It was not: sending ${e.endpoint} again in ${formatDuration(pause)}.`)
          await new Promise(resolve => setTimeout(resolve, pause))
        }
      }
    }
  }
}

/** Throttling that waits out a rate limit only when the wait is short and fits the budget. */
function throttleOptions(log: GitHubLog, budget: Budget | undefined) {
  return {
    // The plugin spaces writes 1 s apart (3 s for those that notify) for bulk writers; a run makes a handful of
    // writes, one after another, so it only serialises them and still waits when GitHub says so.
    write: new Bottleneck.Group({maxConcurrent: 1}),
    notifications: new Bottleneck.Group({maxConcurrent: 1}),
    onRateLimit: (retryAfter: number, options: {method: string; url: string}, _o: unknown, retryCount: number) => {
      const fits = retryCount < 2 && retryAfter <= 120 && (!budget || retryAfter * 1000 < budget.remaining())
      if (fits) log.warning(`GitHub rate limit hit for ${options.method} ${options.url}; retrying in ${retryAfter}s.`)
      return fits
    },
    onSecondaryRateLimit: (
      retryAfter: number,
      options: {method: string; url: string},
      _o: unknown,
      retryCount: number
    ) => {
      log.warning(`GitHub secondary rate limit for ${options.method} ${options.url}; retrying in ${retryAfter}s.`)
      return retryCount < 3
    }
  }
}

type Headers = Record<string, string | number | undefined>

function dateOf(h: Headers | undefined): string | undefined {
  return typeof h?.date === 'string' ? h.date : undefined
}

/** A REST call that is not a GET or HEAD, or a GraphQL mutation: sending it twice may do it twice. */
function isWrite(options: {method?: string; query?: unknown}): boolean {
  const method = (options.method ?? 'GET').toUpperCase()
  if (method === 'GET' || method === 'HEAD') return false
  return typeof options.query !== 'string' || /^\s*mutation\b/.test(options.query)
}

/**
 * Gives every request a deadline (30 s, less when the run's budget ends sooner), feeds every answer's `Date` to the
 * budget, and retries within the time left: a read after a 5xx or a lost answer; a write never (it may have been
 * applied: its caller reads back through `writeOnce`). A 501 is not retried: the server lacks the endpoint.
 */
function retryWithinBudget(octokit: Octokit, log: GitHubLog, timing: ClientTiming): void {
  const {budget, clock, retryUnitMs = 1000, deadlineMs = REQUEST_DEADLINE_MS} = timing
  octokit.hook.wrap('request', async (request, options) => {
    const write = isWrite(options as {method?: string; query?: unknown})
    // Retried after 1 s, 4 s and 9 s, as the retry plugin does, but only while the wait fits the budget.
    for (let retry = 1; ; retry++) {
      const sentAt = clock()
      const deadline = Math.min(deadlineMs, Math.max(budget.remaining(), MIN_DEADLINE_MS))
      try {
        // In place: every hook of the chain is bound to this one options object, whatever is passed to `request`.
        options.request = {...options.request, signal: AbortSignal.timeout(deadline)}
        const res = await request(options)
        budget.observeDate(dateOf(res.headers as Headers), sentAt, clock())
        return res
      } catch (e) {
        budget.observeDate(dateOf((e as {response?: {headers?: Headers}}).response?.headers), sentAt, clock())
        const status = statusOf(e)
        const lost = isNoAnswer(e)
        const transient = lost || (status !== undefined && isTransientStatus(status))
        if (write && transient) throw new AnswerLostError(endpointOf(e) || `${options.method} ${options.url}`, e)
        const pause = retry * retry * retryUnitMs
        if (!transient || retry > MAX_RETRIES || pause >= budget.remaining()) throw e
        const what = lost ? `no answer (${messageOf(e)})` : `${status}`
        log.debug(`GitHub gave ${what} for ${options.method} ${options.url}; retrying in ${formatDuration(pause)}.`)
        await new Promise(resolve => setTimeout(resolve, pause))
      }
    }
  })
}

export {messageOf, statusOf}
