// The HTTP side: parse, record, check against OpenAPI, inject faults, route and answer.
import {createHash} from 'node:crypto'
import type {IncomingMessage, ServerResponse} from 'node:http'
import {validateRestRequest} from '../openapi.js'
import {
  HttpError,
  DOCS,
  type Answer,
  type Route,
  takeFault,
  faultAnswer,
  violation,
  authenticate,
  injectBefore
} from './faults.js'
import {handleGraphQL} from './graphql.js'
import type {RepoState, FakeGitHubImpl} from './model.js'
import {codeload} from './rest/git.js'
import type {Json, RequestInfo, RecordedRequest} from './types.js'

export async function handle(gh: FakeGitHubImpl, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const method = (req.method ?? 'GET').toUpperCase()
  const url = new URL(req.url ?? '/', gh.origin)
  const chunks: Buffer[] = []
  for await (const chunk of req) chunks.push(chunk as Buffer)
  const raw = Buffer.concat(chunks)
  const headers: Record<string, string> = {}
  for (const [k, v] of Object.entries(req.headers))
    if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(', ') : v
  let decodedPath = url.pathname
  try {
    decodedPath = decodeURIComponent(url.pathname)
  } catch {
    // keep raw
  }
  const record: RecordedRequest = {
    id: gh.requests.length + 1,
    method,
    path: decodedPath,
    query: Object.fromEntries(url.searchParams),
    status: 0,
    write: false,
    client: headers['x-fake-client'],
    userAgent: headers['user-agent'],
    time: Date.now()
  }
  gh.requests.push(record)
  let body: Json
  let answer: Answer
  if (raw.length) {
    try {
      body = JSON.parse(raw.toString('utf8'))
      record.body = body
    } catch {
      record.body = raw.toString('utf8')
      answer = {status: 400, body: {message: 'Problems parsing JSON', documentation_url: DOCS, status: '400'}}
      return send(gh, req, res, record, answer, 'core')
    }
  }
  if (url.pathname.startsWith('/_codeload/')) {
    record.operation = 'codeload'
    return send(gh, req, res, record, await codeload(gh, url), 'none')
  }
  const graphqlPath = gh.prefix ? `${gh.prefix.replace(/\/v3$/, '')}/graphql` : '/graphql'
  if (url.pathname === graphqlPath) {
    record.operation = 'graphql'
    answer = await handleGraphQL(gh, method, body, headers, record)
    return send(gh, req, res, record, answer, 'graphql')
  }
  if (gh.prefix && !url.pathname.startsWith(`${gh.prefix}/`) && url.pathname !== gh.prefix) {
    violation(gh, record, `${method} ${url.pathname} is outside the API prefix ${gh.prefix}`)
    return send(
      gh,
      req,
      res,
      record,
      {status: 404, body: {message: 'Not Found', documentation_url: DOCS, status: '404'}},
      'core'
    )
  }
  const rawPath = url.pathname.slice(gh.prefix.length) || '/'
  record.path = decodedPath.slice(gh.prefix.length) || '/'
  record.write = method !== 'GET' && method !== 'HEAD'
  answer = await handleRest(gh, method, rawPath, url, body, headers, record)
  return send(gh, req, res, record, answer, 'core')
}

export async function handleRest(
  gh: FakeGitHubImpl,
  method: string,
  rawPath: string,
  url: URL,
  body: Json,
  headers: Record<string, string>,
  record: RecordedRequest
): Promise<Answer> {
  const unauthorized = authenticate(gh, headers, rawPath)
  if (unauthorized) return unauthorized
  let template: string | undefined
  let params: Record<string, string> = {}
  let reject: Answer | undefined
  if (gh.validate) {
    const v = validateRestRequest(method, rawPath, url.searchParams, body)
    for (const msg of v.violations) violation(gh, record, msg)
    template = v.template
    params = v.params
    if (v.reject) {
      reject = {
        status: v.reject.status,
        body: {message: v.reject.message, documentation_url: DOCS, status: String(v.reject.status)}
      }
    }
  }
  let route: Route | undefined
  if (template) {
    route = gh.routeTable.get(template)?.get(method === 'HEAD' ? 'GET' : method)
  } else if (!gh.validate) {
    const m = gh.routes.match(rawPath)
    if (m?.value.has(method === 'HEAD' ? 'GET' : method)) {
      template = m.template
      params = m.params
      route = m.value.get(method === 'HEAD' ? 'GET' : method)
    }
  }
  record.operation = template ? `${method} ${template}` : undefined
  const info: RequestInfo = {method, path: record.path, operation: template, body, query: record.query}
  const injected = injectBefore(gh, info, record, 'core')
  if (injected) return injected
  if (reject) return reject
  if (!route) {
    if (template) {
      violation(gh, record, `fake-github does not implement ${method} ${template}`, gh.unimplemented)
      return {status: 501, body: {message: `fake-github does not implement ${method} ${template}`}}
    }
    if (!gh.validate) violation(gh, record, `${method} ${record.path}: no such route in fake-github`, gh.unimplemented)
    return {status: 404, body: {message: 'Not Found', documentation_url: DOCS, status: '404'}}
  }
  const repo = params.owner && params.repo ? gh.repos.get(gh.key(params.owner, params.repo)) : undefined
  const needsRepo = template?.includes('{owner}/{repo}') ?? true
  if (!repo && needsRepo) return {status: 404, body: {message: 'Not Found', documentation_url: DOCS, status: '404'}}
  if (repo && route.area !== 'metadata') {
    const perm = repo.permissions[route.area]
    if (perm === 'none' || (record.write && perm !== 'write')) {
      return {
        status: 403,
        body: {message: 'Resource not accessible by integration', documentation_url: DOCS, status: '403'}
      }
    }
  }
  if (!record.client) for (const hook of [...(record.write ? gh.hooks : gh.readHooks)]) await hook(info)
  let answer: Answer
  try {
    answer = await route.handler({
      repo: repo as RepoState,
      params,
      query: url.searchParams,
      body: body ?? {},
      url,
      headers,
      record
    })
  } catch (e) {
    if (e instanceof HttpError) answer = {status: e.status, body: e.body, headers: e.headers}
    else throw e
  }
  const after = record.client ? undefined : takeFault(gh, info, true)
  if (after) {
    record.injected = `${after.kind}-after-apply`
    return faultAnswer(gh, after)
  }
  return answer
}

export function send(
  gh: FakeGitHubImpl,
  req: IncomingMessage,
  res: ServerResponse,
  record: RecordedRequest,
  answer: Answer,
  resource: 'core' | 'graphql' | 'none'
): void {
  const headers: Record<string, string> = {
    // GitHub's clock (the fake's `clock`), which clients use to judge report timestamps.
    date: new Date(gh.now()).toUTCString(),
    'x-github-request-id': `FAKE:${record.id.toString(16).toUpperCase().padStart(4, '0')}`,
    'x-github-media-type': 'github.v3; format=json',
    'x-github-api-version-selected': '2022-11-28',
    ...answer.headers
  }
  let payload: Buffer | undefined = answer.raw
  if (payload === undefined && answer.body !== undefined) {
    payload = Buffer.from(JSON.stringify(answer.body))
    headers['content-type'] = 'application/json; charset=utf-8'
    record.response = answer.body
  }
  let status = answer.status
  if ((record.method === 'GET' || record.method === 'HEAD') && status === 200 && payload && resource === 'core') {
    const etag = `"${createHash('sha256').update(payload).digest('hex')}"`
    headers.etag = etag
    headers['cache-control'] = 'private, max-age=60, s-maxage=60'
    headers.vary = 'Accept, Authorization, Cookie, X-GitHub-OTP'
    const inm = req.headers['if-none-match']
    if (inm && inm.split(',').some(t => t.trim().replace(/^W\//, '') === etag)) {
      status = 304
      payload = undefined
      delete headers['content-type']
      delete record.response
    }
  }
  if (resource !== 'none') {
    if (status !== 304 && status !== 401 && record.injected !== 'rate-limit') gh.rateUsed[resource]++
    const used = gh.rateUsed[resource]
    headers['x-ratelimit-limit'] ??= String(gh.rateLimit)
    headers['x-ratelimit-remaining'] ??= String(Math.max(0, gh.rateLimit - used))
    headers['x-ratelimit-reset'] ??= String(gh.rateReset)
    headers['x-ratelimit-used'] ??= String(used)
    headers['x-ratelimit-resource'] ??= resource
  }
  if (answer.drop) {
    // Applied or not, the client gets no answer: a reset connection, or one held open until the fake closes.
    record.status = 0
    if (answer.drop === 'reset') req.socket.destroy()
    return
  }
  record.status = status
  if (payload && record.method !== 'HEAD') headers['content-length'] = String(payload.length)
  res.writeHead(status, headers)
  res.end(record.method === 'HEAD' || status === 304 ? undefined : payload)
}

// ------------------------------------------------------------------------------------------------ paging
