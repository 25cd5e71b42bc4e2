// The connector's GitHub access, as a GitHub App: a JWT (signed with the App's private key) finds the installation
// on a repository, and @octokit/auth-app exchanges it for an installation token that it caches until it expires.
import {createAppAuth} from '@octokit/auth-app'
import {request as octokitRequest} from '@octokit/request'

export interface GitHubAppOptions {
  appId: string
  /** PEM (PKCS#1 as GitHub issues it, or PKCS#8). */
  privateKey: string
  /** REST base URL: https://api.github.com, or https://HOST/api/v3 for GitHub Enterprise Server. */
  baseUrl: string
  log?: (msg: string) => void
  /** Deadline of each request, token exchanges included (default 30 s): a hung connection costs one deadline. */
  timeoutMs?: number
}

export const GITHUB_TIMEOUT_MS = 30_000

/** fetch with a deadline on every request (and the caller's own signal, when it gives one). */
function fetchWithDeadline(ms: number): typeof fetch {
  return (input, init = {}) => {
    const deadline = AbortSignal.timeout(ms)
    const signal = init.signal ? AbortSignal.any([init.signal, deadline]) : deadline
    return fetch(input, {...init, signal}).catch((e: unknown) => {
      if (deadline.aborted) throw new Error(`GitHub did not answer within ${ms / 1000} s (timeout)`)
      throw e
    })
  }
}

/** The part of GitHub the connector uses, per repository (`owner/name`). */
export interface GitHubApi {
  /** A GET answered from an ETag cache on 304 (a 304 costs no rate limit). */
  get<T>(repository: string, route: string, params?: Record<string, unknown>): Promise<T>
  /** A write; resolves with the HTTP status once GitHub accepted it, rejects otherwise. */
  send(repository: string, route: string, params?: Record<string, unknown>): Promise<number>
}

export interface GitHubStats {
  requests: number
  notModified: number
  installationLookups: number
}

const ETAG_CACHE_MAX = 1000

export function createGitHubApp(opts: GitHubAppOptions): GitHubApi & {stats: GitHubStats} {
  const request = octokitRequest.defaults({
    baseUrl: opts.baseUrl.replace(/\/+$/, ''),
    headers: {'user-agent': 'gitops-promote-connector', 'x-github-api-version': '2022-11-28'},
    request: {fetch: fetchWithDeadline(opts.timeoutMs ?? GITHUB_TIMEOUT_MS)}
  })
  const app: App = {
    appId: opts.appId,
    request,
    auth: createAppAuth({appId: opts.appId, privateKey: opts.privateKey, request}),
    installations: new Map<string, number>(),
    stats: {requests: 0, notModified: 0, installationLookups: 0}
  }
  const etags = new Map<string, {etag: string; data: unknown}>()
  const {stats} = app

  return {
    stats,
    async get<T>(repository: string, route: string, params: Record<string, unknown> = {}): Promise<T> {
      const key = `${repository} ${route} ${JSON.stringify(params)}`
      const cached = etags.get(key)
      try {
        const res = await call(app, repository, {route, params, headers: cached ? {'if-none-match': cached.etag} : {}})
        const etag = res.headers.etag
        if (etag) {
          etags.delete(key)
          etags.set(key, {etag, data: res.data})
          if (etags.size > ETAG_CACHE_MAX) etags.delete(etags.keys().next().value as string)
        }
        return res.data as T
      } catch (e) {
        if (status(e) === 304 && cached) {
          stats.notModified++
          return cached.data as T
        }
        throw e
      }
    },
    async send(repository: string, route: string, params: Record<string, unknown> = {}): Promise<number> {
      const res = await call(app, repository, {route, params})
      return res.status
    }
  }
}

/** The App's credentials, the installation ids found so far (per repository), and the counters. */
interface App {
  appId: string
  request: typeof octokitRequest
  auth: ReturnType<typeof createAppAuth>
  installations: Map<string, number>
  stats: GitHubStats
}

function split(repository: string): {owner: string; repo: string} {
  const [owner, repo] = repository.split('/')
  return {owner: owner as string, repo: repo as string}
}

async function installationId(app: App, repository: string): Promise<number> {
  const known = app.installations.get(repository)
  if (known !== undefined) return known
  const {token} = await app.auth({type: 'app'})
  app.stats.installationLookups++
  app.stats.requests++
  try {
    const res = await app.request('GET /repos/{owner}/{repo}/installation', {
      ...split(repository),
      headers: {authorization: `bearer ${token}`}
    })
    app.installations.set(repository, res.data.id)
    return res.data.id
  } catch (e) {
    if (status(e) === 404) {
      // Carries the status so the wait's error rules treat it as final, not as a network hiccup.
      throw Object.assign(
        new Error(`the GitHub App ${app.appId} is not installed on ${repository}: install it there`),
        {status: 404}
      )
    }
    throw e
  }
}

/** One request with the repository's installation token. */
async function call(
  app: App,
  repository: string,
  {route, params, headers = {}}: {route: string; params: Record<string, unknown>; headers?: Record<string, string>}
) {
  const id = await installationId(app, repository)
  const {token} = await app.auth({type: 'installation', installationId: id})
  app.stats.requests++
  try {
    return await app.request(route, {
      ...split(repository),
      ...params,
      headers: {authorization: `token ${token}`, ...headers}
    })
  } catch (e) {
    // The App may have been uninstalled and reinstalled (new installation id): look it up again next time.
    if (status(e) === 401 || status(e) === 404) app.installations.delete(repository)
    throw e
  }
}

export function status(e: unknown): number | undefined {
  const s = (e as {status?: unknown})?.status
  return typeof s === 'number' ? s : undefined
}

/** A GitHub error in one line, for logs and the watch's `dispatch_error`. */
export function describeError(e: unknown): string {
  const s = status(e)
  const message = e instanceof Error ? e.message : String(e)
  return s ? `HTTP ${s}: ${message}` : message
}
