// `POST /api/v1/watches` (register a handoff), `GET /api/v1/watches` (the open ones) and `GET /api/v1/watches/{id}`. A watch acts only for its caller: its
// dispatch repository and its Deployment's repository must be within the caller's binding (the OIDC `repository`
// claim, or the static token's glob), its gitops repository too unless the operator allows it for everyone.
import type {IncomingMessage, ServerResponse} from 'node:http'
import {actsFor, withinGlobs, type Authenticator, type Caller} from '../auth.js'
import {sendJson as send} from '../http.js'
import type {WatchEngine} from './engine.js'
import {MAX_PAYLOAD_BYTES, parseWatchSpec, watchView, type WatchSpec} from './spec.js'
import {WatchLimitReached, WatchStoreFailure, type WatchStore} from './store.js'

export const WATCHES_PATH = '/api/v1/watches'
/** The payload plus every other field with room to spare. */
const MAX_WATCH_BODY = MAX_PAYLOAD_BYTES + 64 * 1024

export interface WatchRoutes {
  /** Answers the request when its path is the watches API's; false otherwise. */
  handle(req: IncomingMessage, res: ServerResponse, path: string): boolean
}

export interface WatchRoutesOptions {
  /** Undefined: handoff is not configured on this connector. */
  handoff?: Handoff
  auth: Authenticator
  log?: (msg: string) => void
  onFatal?: (e: unknown) => void
}

interface Handoff {
  engine: WatchEngine
  store: WatchStore
  /** Gitops repositories any caller may watch (lower-cased owner/name globs). */
  gitopsRepositories: readonly string[]
}

/**
 * The refusal of the repository fields a body carries, before the rest is validated: the action's check before it
 * writes (a body with only `repository` and `workflow_repository`) learns of a 403 while nothing is written yet.
 */
export function earlyRefusal(caller: Caller, body: unknown, gitopsRepositories: readonly string[]): string | undefined {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return undefined
  const b = body as Record<string, unknown>
  const text = (v: unknown): string | undefined =>
    typeof v === 'string' && /^[^/\s]+\/[^/\s]+$/.test(v) ? v : undefined
  const deployment = b.deployment as Record<string, unknown> | null | undefined
  const dispatchRepo = text(b.workflow_repository)
  const deploymentRepo = typeof deployment === 'object' && deployment !== null ? text(deployment.repository) : undefined
  const gitopsRepo = text(b.repository)
  return refusal(
    caller,
    {
      workflowRepository: dispatchRepo ?? '',
      deployment: deploymentRepo ? {repository: deploymentRepo, id: 1} : null,
      repository: gitopsRepo ?? ''
    },
    gitopsRepositories,
    {skipEmpty: true}
  )
}

/** Why this caller may not register this watch (403), or undefined. */
export function refusal(
  caller: Caller,
  spec: Pick<WatchSpec, 'workflowRepository' | 'deployment' | 'repository'>,
  gitopsRepositories: readonly string[],
  opts: {skipEmpty?: boolean} = {}
): string | undefined {
  const own = (field: string, repository: string): string | undefined =>
    (opts.skipEmpty && repository === '') || actsFor(caller, repository)
      ? undefined
      : `${field} ${repository} is not a repository ${caller.label} acts for`
  return (
    own('workflow_repository', spec.workflowRepository) ??
    (spec.deployment ? own('deployment.repository', spec.deployment.repository) : undefined) ??
    ((opts.skipEmpty && spec.repository === '') || withinGlobs(gitopsRepositories, spec.repository)
      ? undefined
      : own('repository', spec.repository)?.concat(' (nor one of CONNECTOR_GITOPS_REPOSITORIES)'))
  )
}

function unauthorised(res: ServerResponse, status: number, error: string): void {
  send(res, status, {error}, {headers: status === 401 ? {'www-authenticate': 'Bearer'} : {}})
}

export function createWatchRoutes(opts: WatchRoutesOptions): WatchRoutes {
  const log = opts.log ?? (() => undefined)
  return {
    handle(req, res, path) {
      if (path !== WATCHES_PATH && !path.startsWith(`${WATCHES_PATH}/`)) return false
      const h = opts.handoff
      if (!h) {
        req.resume()
        send(res, 404, {
          error:
            'handoff is not enabled on this connector: set CONNECTOR_WATCH_TOKENS (or OIDC) and the GitHub App variables'
        })
        return true
      }
      const id = path.slice(WATCHES_PATH.length + 1)
      if (path === WATCHES_PATH) {
        if (req.method === 'POST') void register(req, res, h, {...opts, log})
        else if (req.method === 'GET') void list(req, res, h, opts.auth)
        else send(res, 405, {error: `method ${req.method ?? ''} not allowed`}, {headers: {allow: 'GET, POST'}})
      } else if (/^[A-Za-z0-9-]{1,64}$/.test(id)) {
        if (req.method === 'GET') void show(req, res, h, {id, auth: opts.auth})
        else send(res, 405, {error: `method ${req.method ?? ''} not allowed`}, {headers: {allow: 'GET'}})
      } else {
        send(res, 404, {error: 'not found'})
      }
      return true
    }
  }
}

async function register(
  req: IncomingMessage,
  res: ServerResponse,
  h: Handoff,
  opts: Pick<WatchRoutesOptions, 'onFatal' | 'auth'> & {log: (msg: string) => void}
): Promise<void> {
  const {log} = opts
  // The body is read (up to its bound) while the token is checked, so an OIDC key fetch does not stall the socket.
  const body = readJsonBody(req)
  const who = await opts.auth.authenticate(req, {watchTokens: true})
  if (!who.ok) {
    unauthorised(res, who.status, `${who.error} (a watch needs an OIDC token or one of CONNECTOR_WATCH_TOKENS)`)
    return
  }
  const json = await body
  if (!json.ok) {
    send(
      res,
      json.status,
      {error: json.error, field: 'body'},
      {headers: json.status === 413 ? {connection: 'close'} : {}}
    )
    return
  }
  const early = earlyRefusal(who.caller, json.value, h.gitopsRepositories)
  if (early) {
    send(res, 403, {error: early})
    return
  }
  const parsed = parseWatchSpec(json.value)
  if (!parsed.ok) {
    send(res, 400, {error: parsed.error, field: parsed.field})
    return
  }
  const refused = refusal(who.caller, parsed.spec, h.gitopsRepositories)
  if (refused) {
    send(res, 403, {error: refused})
    return
  }
  h.engine.register(parsed.spec).then(
    ({watch, created}) =>
      send(
        res,
        created ? 201 : 200,
        {...watchView(watch), created},
        {headers: {location: `${WATCHES_PATH}/${watch.id}`}}
      ),
    e => {
      if (e instanceof WatchLimitReached) {
        send(res, 429, {error: e.message}, {headers: {'retry-after': '60'}})
        return
      }
      log(`storing a watch failed: ${String(e)}`)
      send(res, 503, {error: 'the watch could not be stored'})
      if (e instanceof WatchStoreFailure) opts.onFatal?.(e)
    }
  )
}

type JsonBody = {ok: true; value: unknown} | {ok: false; status: 400 | 413; error: string}

/** Reads the body up to MAX_WATCH_BODY (413 beyond, the rest discarded) and parses it as JSON (400 when it is not). */
function readJsonBody(req: IncomingMessage): Promise<JsonBody> {
  return new Promise(resolve => {
    const chunks: Buffer[] = []
    let size = 0
    req.on('data', (c: Buffer) => {
      size += c.length
      if (size <= MAX_WATCH_BODY) chunks.push(c)
      // Answered at once; the rest is discarded as it arrives (the answer closes the connection).
      else resolve({ok: false, status: 413, error: `body is larger than ${MAX_WATCH_BODY} bytes`})
    })
    req.on('error', () => resolve({ok: false, status: 400, error: 'the body could not be read'}))
    req.on('end', () => {
      if (size > MAX_WATCH_BODY) return
      try {
        resolve({ok: true, value: JSON.parse(Buffer.concat(chunks).toString('utf8'))})
      } catch (e) {
        resolve({ok: false, status: 400, error: `body is not valid JSON: ${(e as Error).message}`})
      }
    })
  })
}

/** The watches not yet done (watching, or dispatching their result), oldest first; a watch caller sees its own. */
async function list(req: IncomingMessage, res: ServerResponse, h: Handoff, auth: Authenticator): Promise<void> {
  const who = await auth.authenticate(req, {readTokens: true, watchTokens: true})
  if (!who.ok) {
    unauthorised(res, who.status, who.error)
    return
  }
  const caller = who.caller
  h.store.open().then(
    ws =>
      send(res, 200, {
        watches: ws
          .filter(w => caller.repositories === null || actsFor(caller, w.spec.workflowRepository))
          .map(watchView)
      }),
    e => send(res, 500, {error: String(e)})
  )
}

/** Read tokens see every watch; a watch caller only those dispatching to a repository it acts for (else 404). */
async function show(
  req: IncomingMessage,
  res: ServerResponse,
  h: Handoff,
  {id, auth}: {id: string; auth: Authenticator}
): Promise<void> {
  const who = await auth.authenticate(req, {readTokens: true, watchTokens: true})
  if (!who.ok) {
    unauthorised(res, who.status, who.error)
    return
  }
  const caller = who.caller
  h.store.get(id).then(
    w =>
      w && (caller.repositories === null || actsFor(caller, w.spec.workflowRepository))
        ? send(res, 200, watchView(w))
        : send(res, 404, {error: `no watch '${id.slice(0, 64)}'`}),
    e => send(res, 500, {error: String(e)})
  )
}
