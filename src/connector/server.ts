// HTTP surface of the connector: a table of routes (Flux's webhook in, long-poll reads out, health and metrics), the
// server's limits, and start/stop. No request can stop the process: targets are parsed without throwing, every
// handler's failure becomes a 500 for that request, and Node answers unparsable requests with 400/408/431.
import {createServer} from 'node:http'
import type {IncomingMessage, Server, ServerResponse} from 'node:http'
import type {AddressInfo} from 'node:net'
import type {ConnectorConfig} from './config.js'
import {createAuthenticator, type Authenticator} from './auth.js'
import {createOidcVerifier} from './auth-oidc.js'
import {parseTarget, sendJson} from './http.js'
import type {Target} from './http.js'
import {createIngest} from './ingest.js'
import {createMetrics} from './metrics.js'
import type {ConnectorMetrics} from './metrics.js'
import {MAX_WAIT_MS, createReads} from './reads.js'
import {openStore} from './store/index.js'
import {pageRoutes} from './page/routes.js'
import {openDatabase, type Database} from './store/database.js'
import type {ConnectorStore} from './store/types.js'
import {createGitHubApp} from './github-app.js'
import {WatchEngine} from './watches/engine.js'
import {createWatchRoutes, type WatchRoutes} from './watches/http.js'
import {openWatchStore} from './watches/open.js'
import type {WatchStore} from './watches/store.js'

export {MAX_WAIT_MS, parseWait} from './reads.js'

export const EVENTS_PATH = '/api/v1/flux/events'
export const OBJECTS_PATH = '/api/v1/objects'
/** Idle keep-alive sockets may outlive a long-poll by a little, never the default 5 s race with a client's reuse. */
const KEEP_ALIVE_SECONDS = 65

type Handler = (req: IncomingMessage, res: ServerResponse, target: Target) => void | Promise<void>
/** path -> method -> handler. A known path with another method is 405, anything else 404. */
type Routes = Record<string, Record<string, Handler>>

export interface ServerOptions {
  config: Pick<
    ConnectorConfig,
    | 'hmacKeys'
    | 'readTokens'
    | 'maxBodyBytes'
    | 'maxUnverifiedBodies'
    | 'headersTimeoutMs'
    | 'requestTimeoutMs'
    | 'minBodyBytesPerSecond'
  >
  /** Who may read; default: the read tokens of `config`. */
  auth?: Authenticator
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

/** Liveness: the process serves HTTP. Whether the store works is /readyz. */
function healthz(_req: IncomingMessage, res: ServerResponse): void {
  res.writeHead(200, {'content-type': 'text/plain'})
  res.end('ok\n')
}

/** Readiness: 503 while the store cannot take events (the database is down or hung), so traffic goes elsewhere. */
function readyz(store: ConnectorStore): Handler {
  return (_req, res) => {
    const ready = store.ready?.() ?? true
    res.writeHead(ready ? 200 : 503, {
      'content-type': 'text/plain',
      'cache-control': 'no-store',
      ...(ready ? {} : {'retry-after': '1'})
    })
    res.end(ready ? 'ready\n' : 'not ready: the store is not answering\n')
  }
}

function metricsHandler(metrics: ConnectorMetrics): Handler {
  return async (_req, res) => {
    const text = await metrics.registry.metrics()
    res.writeHead(200, {'content-type': metrics.registry.contentType})
    res.end(text)
  }
}

/**
 * Finds the handler, runs it, and turns anything it throws into a 500 for that request alone. Paths the table does
 * not name go to `more` (routes with parameters, e.g. `/api/v1/watches/{id}`) before a 404.
 */
function dispatch(
  routes: Routes,
  log: (msg: string) => void,
  more?: WatchRoutes
): (req: IncomingMessage, res: ServerResponse) => void {
  const fail = (res: ServerResponse, err: unknown): void => {
    log(`request failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`)
    if (!res.headersSent) sendJson(res, 500, {error: 'internal error'}, {close: true})
    else res.destroy()
  }
  return (req, res) => {
    const target = parseTarget(req.url)
    if (!target) {
      sendJson(res, 400, {error: 'the request target must be a path (or an absolute http URL)'}, {close: true})
      return
    }
    // Own properties only: a path or method must never reach Object.prototype.
    const methods = Object.hasOwn(routes, target.path) ? routes[target.path] : undefined
    const method = req.method ?? ''
    const handler = methods && Object.hasOwn(methods, method) ? methods[method] : undefined
    if (!methods && more) {
      try {
        if (more.handle(req, res, target.path)) return
      } catch (err) {
        fail(res, err)
        return
      }
    }
    if (!handler) {
      if (methods)
        sendJson(
          res,
          405,
          {error: `method ${req.method ?? ''} not allowed`},
          {headers: {allow: Object.keys(methods).join(', ')}}
        )
      else sendJson(res, 404, {error: 'not found'})
      return
    }
    try {
      const pending = handler(req, res, target)
      if (pending) pending.catch(err => fail(res, err))
    } catch (err) {
      fail(res, err)
    }
  }
}

export function createConnectorServer(opts: ServerOptions): ConnectorServer {
  const {config, store, metrics} = opts
  const log = opts.log ?? (() => undefined)
  let closing = false
  const isClosing = (): boolean => closing

  metrics.watchObjects(() => store.objects())
  const ingest = createIngest({config, store, metrics, log, closing: isClosing})
  const reads = createReads({
    auth: opts.auth ?? createAuthenticator({readTokens: config.readTokens, watchTokens: []}),
    store,
    metrics,
    maxWaitMs: opts.maxWaitMs ?? MAX_WAIT_MS,
    keepAliveSeconds: KEEP_ALIVE_SECONDS,
    closing: isClosing
  })
  const routes: Routes = {
    [EVENTS_PATH]: {POST: ingest},
    [OBJECTS_PATH]: {GET: reads.handle},
    '/healthz': {GET: healthz},
    '/readyz': {GET: readyz(store)},
    '/metrics': {GET: metricsHandler(metrics)},
    ...pageRoutes()
  }

  const server = createServer(
    {
      headersTimeout: config.headersTimeoutMs,
      requestTimeout: config.requestTimeoutMs,
      // Node checks both timeouts on this interval (default 30 s, which would stretch a 10 s limit to 40 s).
      connectionsCheckingInterval: Math.min(1000, config.headersTimeoutMs)
    },
    dispatch(routes, log, opts.routes)
  )
  server.keepAliveTimeout = KEEP_ALIVE_SECONDS * 1000

  return {
    server,
    get waiterCount() {
      return reads.waiterCount
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
      reads.wakeAll()
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
    /** Every time the connector reads: the stores' retention, the watches' deadlines (index.ts: the real clock). */
    clock: () => number
    log?: (msg: string) => void
    processMetrics?: boolean
    maxWaitMs?: number
    /** A store failure that needs a restart (default: log it and exit 1, so the restart repairs the log). */
    onFatal?: (err: unknown) => void
    /** Tests: the issuer key-refetch cooldown. */
    oidcCooldownMs?: number
  }
): Promise<RunningConnector> {
  const metrics = createMetrics({processMetrics: opts.processMetrics})
  const onFatal =
    opts.onFatal ??
    ((err: unknown) => {
      opts.log?.(`store failure, exiting so a restart repairs it: ${String(err)}`)
      process.exit(1)
    })
  const {clock} = opts
  // One pool for the Flux state and the watches: its size bounds this replica's sessions (plus one LISTEN).
  const database: Database | undefined = config.databaseUrl
    ? openDatabase({
        url: config.databaseUrl,
        poolSize: config.databasePoolSize,
        timeoutMs: config.databaseTimeoutMs,
        log: opts.log
      })
    : undefined
  const store = await openStore(config, {metrics, log: opts.log, onFatal, clock, database}).catch(
    async (err: unknown) => {
      await database?.close()
      throw err
    }
  )
  let watches: RunningConnector['watches']
  if (config.handoff) {
    const watchStore = await openWatchStore(config, {log: opts.log, clock, database})
    const github = createGitHubApp({...config.handoff.app, baseUrl: config.handoff.app.apiUrl, log: opts.log})
    const engine = new WatchEngine({
      store: watchStore,
      objects: () => store.objects(),
      github,
      clock,
      log: opts.log,
      onFatal
    })
    store.onChange(() => engine.kick())
    watches = {engine, store: watchStore}
  }
  const auth = createAuthenticator({
    readTokens: config.readTokens,
    watchTokens: config.handoff?.watchTokens ?? [],
    oidc: config.oidc && createOidcVerifier(config.oidc, {clock: opts.clock, cooldownMs: opts.oidcCooldownMs})
  })
  const routes = createWatchRoutes({
    handoff:
      watches && config.handoff ? {...watches, gitopsRepositories: config.handoff.gitopsRepositories} : undefined,
    auth,
    log: opts.log,
    onFatal
  })
  const server = createConnectorServer({
    config,
    auth,
    store,
    metrics,
    log: opts.log,
    maxWaitMs: opts.maxWaitMs,
    routes
  })
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
      await database?.close()
    }
  }
}
