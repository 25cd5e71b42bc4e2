// The one GitHub client: @actions/github's octokit with retries (5xx) and throttling (primary and secondary rate
// limits, honouring `retry-after` and the reset time), base URLs from GITHUB_API_URL / GITHUB_GRAPHQL_URL so GitHub Enterprise Server works, and an ETag cache
// for polling (a 304 answer costs no rate limit).
import {getOctokit} from '@actions/github'
import {retry} from '@octokit/plugin-retry'
import {throttling} from '@octokit/plugin-throttling'
import Bottleneck from 'bottleneck/light.js'
import type {Budget} from '../../core/budget.js'
import {formatDuration} from '../../core/duration.js'
import {messageOf, statusOf} from '../../core/http-error.js'

export type Octokit = ReturnType<typeof getOctokit>

/** Retries of a 5xx, as many as the retry plugin makes by default. */
const MAX_RETRIES = 3

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
  stats: RequestStats
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

/** Feeds every answer's `Date` to the budget, and retries a 5xx only while the pause fits the time left. */
function retryWithinBudget(octokit: Octokit, log: GitHubLog, timing: ClientTiming): void {
  const {budget, clock, retryUnitMs = 1000} = timing
  octokit.hook.wrap('request', async (request, options) => {
    // A 5xx is retried after 1 s, 4 s and 9 s, as the retry plugin does, but only while the wait fits the budget.
    // `request: {retries: 0}` (the retry plugin's own option) asks for none: a write that is not idempotent, whose
    // lost answer the caller settles by reading back.
    const retries = (options.request as {retries?: number} | undefined)?.retries ?? MAX_RETRIES
    for (let retry = 1; ; retry++) {
      const sentAt = clock()
      try {
        const res = await request(options)
        budget.observeDate(dateOf(res.headers as Headers), sentAt, clock())
        return res
      } catch (e) {
        budget.observeDate(dateOf((e as {response?: {headers?: Headers}}).response?.headers), sentAt, clock())
        const status = statusOf(e)
        const pause = retry * retry * retryUnitMs
        if (status === undefined || status < 500 || retry > retries || pause >= budget.remaining()) throw e
        log.debug(
          `GitHub answered ${status} for ${options.method} ${options.url}; retrying in ${formatDuration(pause)}.`
        )
        await new Promise(resolve => setTimeout(resolve, pause))
      }
    }
  })
}

export {messageOf, statusOf}
