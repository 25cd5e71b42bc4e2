// `POST /api/v1/watches` (register a handoff), `GET /api/v1/watches` (the open ones) and `GET /api/v1/watches/{id}`.
import type {IncomingMessage, ServerResponse} from 'node:http'
import {tokenMatches} from '../signature.js'
import {sendJson as send} from '../http.js'
import type {WatchEngine} from './engine.js'
import {MAX_PAYLOAD_BYTES, parseWatchSpec, watchView} from './spec.js'
import {WatchStoreFailure, type WatchStore} from './store.js'

export const WATCHES_PATH = '/api/v1/watches'
/** The payload plus every other field with room to spare. */
const MAX_WATCH_BODY = MAX_PAYLOAD_BYTES + 64 * 1024

export interface WatchRoutes {
  /** Answers the request when its path is the watches API's; false otherwise. */
  handle(req: IncomingMessage, res: ServerResponse, path: string): boolean
}

function bearer(req: IncomingMessage): string | undefined {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '')
  return m?.[1]
}

export interface WatchRoutesOptions {
  /** Undefined: handoff is not configured on this connector. */
  handoff?: Handoff
  readTokens: string[]
  log?: (msg: string) => void
  onFatal?: (e: unknown) => void
}

interface Handoff {
  engine: WatchEngine
  store: WatchStore
  watchTokens: string[]
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
          error: 'handoff is not enabled on this connector: set CONNECTOR_WATCH_TOKENS and the GitHub App variables'
        })
        return true
      }
      const id = path.slice(WATCHES_PATH.length + 1)
      if (path === WATCHES_PATH) {
        if (req.method === 'POST') register(req, res, h, log, opts)
        else if (req.method === 'GET') list(req, res, h, opts.readTokens)
        else send(res, 405, {error: `method ${req.method ?? ''} not allowed`}, {allow: 'GET, POST'})
      } else if (/^[A-Za-z0-9-]{1,64}$/.test(id)) {
        if (req.method === 'GET') show(req, res, id, h, opts.readTokens)
        else send(res, 405, {error: `method ${req.method ?? ''} not allowed`}, {allow: 'GET'})
      } else {
        send(res, 404, {error: 'not found'})
      }
      return true
    }
  }
}

function register(
  req: IncomingMessage,
  res: ServerResponse,
  h: Handoff,
  log: (msg: string) => void,
  opts: Pick<WatchRoutesOptions, 'onFatal'>
): void {
  const token = bearer(req)
  if (!token || !tokenMatches(token, h.watchTokens)) {
    send(res, 401, {error: 'a valid watch token (CONNECTOR_WATCH_TOKENS) is required'}, {'www-authenticate': 'Bearer'})
    req.resume()
    return
  }
  readJsonBody(req, res, json => {
    const parsed = parseWatchSpec(json)
    if (!parsed.ok) {
      send(res, 400, {error: parsed.error, field: parsed.field})
      return
    }
    h.engine.register(parsed.spec).then(
      ({watch, created}) =>
        send(res, created ? 201 : 200, {...watchView(watch), created}, {location: `${WATCHES_PATH}/${watch.id}`}),
      e => {
        log(`storing a watch failed: ${String(e)}`)
        send(res, 503, {error: 'the watch could not be stored'})
        if (e instanceof WatchStoreFailure) opts.onFatal?.(e)
      }
    )
  })
}

/** Reads the body up to MAX_WATCH_BODY (413 beyond) and passes on its JSON (400 when it is not JSON). */
function readJsonBody(req: IncomingMessage, res: ServerResponse, then: (json: unknown) => void): void {
  const chunks: Buffer[] = []
  let size = 0
  let tooLarge = false
  req.on('data', (c: Buffer) => {
    size += c.length
    if (size > MAX_WATCH_BODY) {
      if (!tooLarge)
        send(res, 413, {error: `body is larger than ${MAX_WATCH_BODY} bytes`, field: 'body'}, {connection: 'close'})
      tooLarge = true
      return
    }
    chunks.push(c)
  })
  req.on('error', () => undefined)
  req.on('end', () => {
    if (tooLarge) return
    let json: unknown
    try {
      json = JSON.parse(Buffer.concat(chunks).toString('utf8'))
    } catch (e) {
      send(res, 400, {error: `body is not valid JSON: ${(e as Error).message}`, field: 'body'})
      return
    }
    then(json)
  })
}

/** Reads take a read token or a watch token; false (and a 401 sent) otherwise. */
function readAllowed(req: IncomingMessage, res: ServerResponse, h: Handoff, readTokens: string[]): boolean {
  const token = bearer(req)
  if (token && (tokenMatches(token, h.watchTokens) || tokenMatches(token, readTokens))) return true
  send(res, 401, {error: 'a valid bearer token is required'}, {'www-authenticate': 'Bearer'})
  return false
}

/** The watches not yet done (watching, or dispatching their result), oldest first. */
function list(req: IncomingMessage, res: ServerResponse, h: Handoff, readTokens: string[]): void {
  if (!readAllowed(req, res, h, readTokens)) return
  h.store.open().then(
    ws => send(res, 200, {watches: ws.map(watchView)}),
    e => send(res, 500, {error: String(e)})
  )
}

function show(req: IncomingMessage, res: ServerResponse, id: string, h: Handoff, readTokens: string[]): void {
  if (!readAllowed(req, res, h, readTokens)) return
  h.store.get(id).then(
    w => (w ? send(res, 200, watchView(w)) : send(res, 404, {error: `no watch '${id.slice(0, 64)}'`})),
    e => send(res, 500, {error: String(e)})
  )
}
