// HTTP surface of the connector: Flux's webhook in, long-poll reads out, health and metrics.
import {createServer} from 'node:http'
import type {IncomingMessage, Server, ServerResponse} from 'node:http'
import type {AddressInfo} from 'node:net'
import {performance} from 'node:perf_hooks'
import type {ConnectorConfig} from './config.js'
import {parseFluxEvent} from './events.js'
import {createMetrics} from './metrics.js'
import type {ConnectorMetrics} from './metrics.js'
import {tokenMatches, verifySignature} from './signature.js'
import {openStore} from './store/index.js'
import type {ConnectorStore} from './store/types.js'
import {createGitHubApp} from './github-app.js'
import {WatchEngine} from './watches/engine.js'
import {createWatchRoutes, type WatchRoutes} from './watches/http.js'
import {openWatchStore} from './watches/open.js'
import type {WatchStore} from './watches/store.js'

export const EVENTS_PATH = '/api/v1/flux/events'
export const OBJECTS_PATH = '/api/v1/objects'
/** Longest a read may be held; longer `wait` values are clamped to it. */
export const MAX_WAIT_MS = 60_000

const REJECT_REASONS = [
  'signature_missing',
  'signature_malformed',
  'signature_mismatch',
  'too_large',
  'invalid_json',
  'invalid_event',
  'store_error'
] as const
type RejectReason = (typeof REJECT_REASONS)[number]

export interface ServerOptions {
  config: Pick<ConnectorConfig, 'hmacKeys' | 'readTokens' | 'maxBodyBytes'>
  store: ConnectorStore
  metrics: ConnectorMetrics
  log?: (msg: string) => void
  maxWaitMs?: number
  /** Further routes (the watches API), asked before answering 404/405. */
  routes?: WatchRoutes
}

export interface ConnectorServer {
  server: Server
  listen(port: number, host: string): Promise<AddressInfo>
  /** Stops accepting, answers every waiting read, lets stored events finish, then closes connections. */
  close(): Promise<void>
  readonly waiterCount: number
}

interface Waiter {
  res: ServerResponse
  timer: NodeJS.Timeout
}

/** `25s`, `500ms`, `1m` or plain seconds (`25`, `0.5`); null when unreadable. */
export function parseWait(value: string): number | null {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m)?$/.exec(value.trim())
  if (!m) return null
  const n = Number(m[1])
  const unit = m[2] ?? 's'
  return Math.round(unit === 'ms' ? n : unit === 'm' ? n * 60_000 : n * 1000)
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const buf = Buffer.from(JSON.stringify(body))
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': String(buf.length),
    'cache-control': 'no-store',
    ...headers
  })
  res.end(buf)
}

export function createConnectorServer(opts: ServerOptions): ConnectorServer {
  const {config, store, metrics} = opts
  const log = opts.log ?? (() => undefined)
  const maxWaitMs = opts.maxWaitMs ?? MAX_WAIT_MS
  const waiters = new Set<Waiter>()
  let cached: {version: number; body: Buffer} | null = null
  let closing = false

  for (const reason of REJECT_REASONS) metrics.eventsRejected.inc({reason}, 0)
  for (const result of ['changed', 'unchanged', 'stale']) metrics.eventsReceived.inc({result}, 0)

  // One serialisation per version, shared by every reader of that version.
  function stateBody(): Buffer {
    if (!cached || cached.version !== store.version) {
      cached = {
        version: store.version,
        body: Buffer.from(JSON.stringify({version: store.version, objects: store.objects()}))
      }
    }
    return cached.body
  }

  function sendState(res: ServerResponse): void {
    if (res.writableEnded || res.destroyed) return
    const body = stateBody()
    if (closing) res.setHeader('connection', 'close')
    res.writeHead(200, {
      'content-type': 'application/json',
      'content-length': String(body.length),
      'cache-control': 'no-store'
    })
    res.end(body)
  }

  function release(w: Waiter): void {
    if (!waiters.delete(w)) return
    clearTimeout(w.timer)
    metrics.waiters.dec()
    sendState(w.res)
  }

  function wakeAll(): void {
    if (waiters.size === 0) return
    const t0 = performance.now()
    const all = [...waiters]
    waiters.clear()
    metrics.waiters.set(0)
    for (const w of all) {
      clearTimeout(w.timer)
      sendState(w.res)
    }
    metrics.wakeSeconds.observe((performance.now() - t0) / 1000)
  }

  store.onChange(wakeAll)

  function reject(res: ServerResponse, status: number, reason: RejectReason, error: string): void {
    metrics.eventsRejected.inc({reason})
    if (closing) res.setHeader('connection', 'close')
    const headers: Record<string, string> = status === 401 ? {'www-authenticate': 'HMAC realm="flux"'} : {}
    sendJson(res, status, {error}, headers)
  }

  function tooLarge(req: IncomingMessage, res: ServerResponse): void {
    // Stop reading: answer, then close the connection instead of draining the rest of the body.
    req.removeAllListeners('data')
    req.pause()
    reject(res, 413, 'too_large', `body is larger than ${config.maxBodyBytes} bytes`)
    res.on('finish', () => req.socket.destroySoon())
  }

  function handleEvent(req: IncomingMessage, res: ServerResponse): void {
    const sigHeader = req.headers['x-signature']
    if (sigHeader === undefined || sigHeader === '') {
      reject(res, 401, 'signature_missing', 'X-Signature header is missing')
      return
    }
    if (Array.isArray(sigHeader)) {
      reject(res, 401, 'signature_malformed', 'X-Signature header must be given once')
      return
    }
    const declared = Number(req.headers['content-length'] ?? '0')
    if (declared > config.maxBodyBytes) {
      res.setHeader('connection', 'close')
      tooLarge(req, res)
      return
    }
    const chunks: Buffer[] = []
    let size = 0
    let aborted = false
    req.on('data', (chunk: Buffer) => {
      size += chunk.length
      if (size > config.maxBodyBytes) {
        aborted = true
        res.setHeader('connection', 'close')
        tooLarge(req, res)
        return
      }
      chunks.push(chunk)
    })
    req.on('error', () => undefined)
    req.on('end', () => {
      if (aborted) return
      void storeEvent(res, Buffer.concat(chunks), sigHeader)
    })
  }

  async function storeEvent(res: ServerResponse, body: Buffer, sigHeader: string): Promise<void> {
    const check = verifySignature(sigHeader, body, config.hmacKeys)
    if (!check.ok) {
      const msg =
        check.reason === 'malformed'
          ? 'X-Signature must be <sha224|sha256|sha384|sha512>=<hex digest>'
          : 'X-Signature does not match the body for any configured key'
      reject(res, 401, check.reason === 'malformed' ? 'signature_malformed' : 'signature_mismatch', msg)
      return
    }
    let json: unknown
    try {
      json = JSON.parse(body.toString('utf8'))
    } catch (err) {
      reject(res, 400, 'invalid_json', `body is not valid JSON: ${(err as Error).message}`)
      return
    }
    const parsed = parseFluxEvent(json)
    if (!parsed.ok) {
      reject(res, 400, 'invalid_event', parsed.error)
      return
    }
    try {
      const r = await store.append(json, parsed.event)
      if (closing) res.setHeader('connection', 'close')
      sendJson(res, 202, {stored: true, seq: r.seq, version: r.version, result: r.result})
    } catch (err) {
      // 5xx makes Flux retry the delivery, which is what we want when the disk failed us.
      log(`storing an event failed: ${String(err)}`)
      reject(res, 503, 'store_error', closing ? 'shutting down' : 'event could not be stored')
    }
  }

  function handleObjects(req: IncomingMessage, res: ServerResponse, url: URL): void {
    const auth = req.headers.authorization ?? ''
    const m = /^Bearer\s+(\S+)\s*$/i.exec(auth)
    if (!m || !tokenMatches(m[1] as string, config.readTokens)) {
      sendJson(res, 401, {error: 'a valid bearer token is required'}, {'www-authenticate': 'Bearer'})
      return
    }
    const sinceRaw = url.searchParams.get('since')
    const waitRaw = url.searchParams.get('wait')
    let since: number | undefined
    if (sinceRaw !== null) {
      if (!/^\d+$/.test(sinceRaw)) {
        sendJson(res, 400, {error: `since must be a non-negative integer, got '${sinceRaw.slice(0, 32)}'`})
        return
      }
      since = Number(sinceRaw)
    }
    let waitMs = 0
    if (waitRaw !== null) {
      const parsed = parseWait(waitRaw)
      if (parsed === null) {
        sendJson(res, 400, {error: `wait must be a duration like 25s, 500ms or 25, got '${waitRaw.slice(0, 32)}'`})
        return
      }
      waitMs = Math.min(parsed, maxWaitMs)
    }
    // Hold only when the reader is exactly up to date. A `since` ahead of us (a reader of a connector whose data
    // was lost) gets the state at once, so it can resynchronise.
    if (since === undefined || since !== store.version || waitMs <= 0 || closing) {
      sendState(res)
      return
    }
    const waiter: Waiter = {res, timer: setTimeout(() => release(waiter), waitMs)}
    waiters.add(waiter)
    metrics.waiters.inc()
    res.on('close', () => {
      if (waiters.delete(waiter)) {
        clearTimeout(waiter.timer)
        metrics.waiters.dec()
      }
    })
  }

  async function handleMetrics(res: ServerResponse): Promise<void> {
    const text = await metrics.registry.metrics()
    res.writeHead(200, {'content-type': metrics.registry.contentType})
    res.end(text)
  }

  function handle(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://connector')
    const route = `${req.method ?? ''} ${url.pathname}`
    switch (route) {
      case `POST ${EVENTS_PATH}`:
        handleEvent(req, res)
        return
      case `GET ${OBJECTS_PATH}`:
        handleObjects(req, res, url)
        return
      case 'GET /healthz':
        res.writeHead(200, {'content-type': 'text/plain'})
        res.end('ok\n')
        return
      case 'GET /metrics':
        handleMetrics(res).catch(err => sendJson(res, 500, {error: String(err)}))
        return
    }
    if (opts.routes?.handle(req, res, url)) return
    const known = [EVENTS_PATH, OBJECTS_PATH, '/healthz', '/metrics'].includes(url.pathname)
    sendJson(res, known ? 405 : 404, {error: known ? `method ${req.method ?? ''} not allowed` : 'not found'})
  }

  const server = createServer(handle)
  // Idle keep-alive sockets may outlive a long-poll by a little, never the default 5 s race with a client's reuse.
  server.keepAliveTimeout = 65_000

  return {
    server,
    get waiterCount() {
      return waiters.size
    },
    listen(port, host) {
      return new Promise((resolve, reject) => {
        server.once('error', reject)
        server.listen(port, host, () => {
          server.off('error', reject)
          resolve(server.address() as AddressInfo)
        })
      })
    },
    async close() {
      closing = true
      const closed = new Promise<void>(resolve => server.close(() => resolve()))
      wakeAll()
      await store.close()
      server.closeIdleConnections()
      const force = setTimeout(() => server.closeAllConnections(), 5_000)
      await closed
      clearTimeout(force)
    }
  }
}

export interface RunningConnector {
  url: string
  port: number
  store: ConnectorStore
  metrics: ConnectorMetrics
  server: ConnectorServer
  /** With handoff configured. */
  watches?: {engine: WatchEngine; store: WatchStore}
  close(): Promise<void>
}

/** Opens the store, then listens: nothing is accepted before the state is loaded. */
export async function startConnector(
  config: ConnectorConfig,
  opts: {
    log?: (msg: string) => void
    processMetrics?: boolean
    maxWaitMs?: number
    /** A store failure that needs a restart (default: log it and exit 1, so the restart repairs the log). */
    onFatal?: (err: unknown) => void
  } = {}
): Promise<RunningConnector> {
  const metrics = createMetrics({processMetrics: opts.processMetrics})
  const onFatal =
    opts.onFatal ??
    ((err: unknown) => {
      opts.log?.(`store failure, exiting so a restart repairs it: ${String(err)}`)
      process.exit(1)
    })
  const store = await openStore(config, {metrics, log: opts.log, onFatal})
  let watches: RunningConnector['watches']
  if (config.handoff) {
    const watchStore = await openWatchStore(config, {log: opts.log})
    const github = createGitHubApp({...config.handoff.app, baseUrl: config.handoff.app.apiUrl, log: opts.log})
    const engine = new WatchEngine({store: watchStore, objects: () => store.objects(), github, log: opts.log, onFatal})
    store.onChange(() => engine.kick())
    watches = {engine, store: watchStore}
  }
  const routes = createWatchRoutes({
    handoff: watches && config.handoff ? {...watches, watchTokens: config.handoff.watchTokens} : undefined,
    readTokens: config.readTokens,
    log: opts.log,
    onFatal
  })
  const server = createConnectorServer({config, store, metrics, log: opts.log, maxWaitMs: opts.maxWaitMs, routes})
  const address = await server.listen(config.port, config.host)
  // Open watches resume once the Flux state is loaded and events can arrive.
  watches?.engine.start()
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address
  return {
    url: `http://${host}:${address.port}`,
    port: address.port,
    store,
    metrics,
    server,
    watches,
    close: async () => {
      await watches?.engine.stop()
      await server.close()
      await watches?.store.close()
    }
  }
}
