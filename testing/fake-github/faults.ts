// HTTP errors, fault injection (rate limits, failures, resets and hangs, before or after a write), authentication.
import type {RepoState, FakeGitHubImpl} from './model.js'
import type {FaultOptions, Json, PermissionArea, RequestMatcher, RequestInfo, RecordedRequest} from './types.js'

export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: Json,
    readonly headers: Record<string, string> = {}
  ) {
    super(typeof body?.message === 'string' ? body.message : `HTTP ${status}`)
  }
}

export const DOCS = 'https://docs.github.com/rest'

export function httpError(status: number, message: string, extra: Json = {}): HttpError {
  return new HttpError(status, {message, documentation_url: DOCS, status: String(status), ...extra})
}

export function validationFailed(errors: Json[], message = 'Validation Failed'): HttpError {
  return httpError(422, message, {errors})
}

export class GraphQLFailure extends Error {
  readonly extensions: {type: string}
  constructor(type: string, message: string) {
    super(message)
    this.extensions = {type}
  }
}

export interface Answer {
  status: number
  body?: Json
  raw?: Buffer
  headers?: Record<string, string>
  /** The connection is destroyed instead of answered (`reset`), or held open and never answered (`hang`). */
  drop?: 'reset' | 'hang'
}

export interface RouteContext {
  repo: RepoState
  params: Record<string, string>
  query: URLSearchParams
  body: Json
  url: URL
  headers: Record<string, string>
  record: RecordedRequest
}

export interface Route {
  area: PermissionArea | 'metadata'
  handler: (ctx: RouteContext) => Answer | Promise<Answer>
}

export interface PendingFault {
  matcher: RequestMatcher
  /** `reset`: the socket is destroyed; `hang`: no answer ever comes (until the fake closes). */
  kind: 'secondary' | 'primary' | 'fail' | 'reset' | 'hang'
  status?: number
  body?: Json
  times: number
  afterApply?: boolean
  /** Matching requests still to let through before this fault hits (`nth: 3` hits the third). */
  skip?: number
}

/** The counters of a fault from its options. */
export function fault(o: FaultOptions | undefined): Pick<PendingFault, 'times' | 'afterApply' | 'skip'> {
  return {times: o?.times ?? 1, afterApply: o?.afterApply, skip: Math.max(0, (o?.nth ?? 1) - 1)}
}

export function matches(gh: FakeGitHubImpl, m: RequestMatcher, info: RequestInfo): boolean {
  if (typeof m === 'function') return m(info)
  if (m instanceof RegExp) return m.test(`${info.method} ${info.path}`)
  if (m === '*') return true
  if (m === 'graphql') return Boolean(info.graphqlFields)
  if (m.startsWith('graphql:')) return Boolean(info.graphqlFields?.includes(m.slice('graphql:'.length)))
  return (
    m === `${info.method} ${info.operation}` ||
    m === `${info.method} ${info.path}` ||
    m === info.operation ||
    m === info.path
  )
}

export function takeFault(gh: FakeGitHubImpl, info: RequestInfo, afterApply: boolean): PendingFault | undefined {
  const i = gh.pending.findIndex(f => Boolean(f.afterApply) === afterApply && matches(gh, f.matcher, info))
  if (i < 0) return undefined
  const f = gh.pending[i] as PendingFault
  if (f.skip) {
    f.skip--
    return undefined
  }
  if (--f.times <= 0) gh.pending.splice(i, 1)
  return f
}

export function faultAnswer(gh: FakeGitHubImpl, f: PendingFault): Answer {
  if (f.kind === 'reset' || f.kind === 'hang') return {status: 0, drop: f.kind}
  if (f.kind === 'secondary') {
    return {
      status: 403,
      headers: {'retry-after': '1'},
      body: {
        message:
          'You have exceeded a secondary rate limit. Please wait a few minutes before you try again. If you reach out to GitHub Support for help, please include the request ID FAKE:0001.',
        documentation_url:
          'https://docs.github.com/free-pro-team@latest/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits',
        status: '403'
      }
    }
  }
  if (f.kind === 'primary') {
    return {
      status: 403,
      headers: {'x-ratelimit-remaining': '0'},
      body: {
        message: 'API rate limit exceeded for installation ID 1.',
        documentation_url: 'https://docs.github.com/rest/overview/rate-limits-for-the-rest-api',
        status: '403'
      }
    }
  }
  return {status: f.status ?? 500, body: f.body ?? {message: 'Server Error', status: String(f.status ?? 500)}}
}

export function violation(gh: FakeGitHubImpl, record: RecordedRequest, message: string, list = gh.violations): void {
  list.push({requestId: record.id, method: record.method, path: record.path, message})
}

export function authenticate(gh: FakeGitHubImpl, headers: Record<string, string>, path = ''): Answer | undefined {
  const auth = headers.authorization ?? ''
  const m = /^(?:token|bearer)\s+(\S+)$/i.exec(auth.trim())
  // App endpoints take the App's JWT and nothing else; a JWT is good for nothing else.
  const appPath = /^\/app(\/|$)|^\/repos\/[^/]+\/[^/]+\/installation$/.test(path)
  if (m && (appPath || gh.app.isJwt(m[1] as string))) {
    const why =
      appPath && gh.app.isJwt(m[1] as string)
        ? gh.app.verifyJwt(m[1] as string)
        : 'A JSON web token could not be decoded'
    return why ? {status: 401, body: {message: why, documentation_url: DOCS, status: '401'}} : undefined
  }
  const issued = m && gh.app.issued.some(t => t.token === m[1])
  if (issued && gh.app.acceptsToken(m[1] as string)) return undefined
  if (!m || issued || (gh.tokens && !gh.tokens.has(m[1] as string))) {
    return {status: 401, body: {message: 'Bad credentials', documentation_url: DOCS, status: '401'}}
  }
  return undefined
}

/** Faults never hit requests of helpers (x-fake-client), so that fake-flux's reports are not lost. */
export function injectBefore(
  gh: FakeGitHubImpl,
  info: RequestInfo,
  record: RecordedRequest,
  resource: 'core' | 'graphql'
): Answer | undefined {
  if (gh.rateUsed[resource] >= gh.rateLimit) {
    record.injected = 'rate-limit'
    return faultAnswer(gh, {matcher: '*', kind: 'primary', times: 1})
  }
  if (record.client) return undefined
  const f = takeFault(gh, info, false)
  if (f) {
    record.injected = f.kind
    return faultAnswer(gh, f)
  }
  if (gh.faults.errorRate > 0 && gh.random() < gh.faults.errorRate) {
    record.injected = 'error-rate'
    return {status: 502, body: {message: 'Server Error'}}
  }
  return undefined
}
