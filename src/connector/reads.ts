// GET /api/v1/objects: bearer auth, filters, and long-poll reads held until the state changes. On a change every
// held read is answered from one serialisation per distinct filter, formatted once and written to each socket.
import type {IncomingMessage, ServerResponse} from 'node:http'
import {performance} from 'node:perf_hooks'
import type {Authenticator} from './auth.js'
import {applyFilter, parseFilter} from './filter.js'
import type {ObjectFilter} from './filter.js'
import {finishPrepared, prepareAnswer, sendJson, writePrepared, writePreparedBytes} from './http.js'
import type {PreparedAnswer, Target, WrittenAnswer} from './http.js'
import type {ConnectorMetrics} from './metrics.js'
import type {ConnectorStore} from './store/types.js'

/** Longest a read may be held; longer `wait` values are clamped to it. */
export const MAX_WAIT_MS = 60_000
/** Distinct filters whose answers are kept for the current version; beyond, the cache starts over. */
const MAX_CACHED_FILTERS = 256

/** `25s`, `500ms`, `1m` or plain seconds (`25`, `0.5`); null when unreadable. */
export function parseWait(value: string): number | null {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m)?$/.exec(value.trim())
  if (!m) return null
  const n = Number(m[1])
  const unit = m[2] ?? 's'
  return Math.round(unit === 'ms' ? n : unit === 'm' ? n * 60_000 : n * 1000)
}

interface Waiter {
  req: IncomingMessage
  res: ServerResponse
  filter: ObjectFilter
  key: string
  timer: NodeJS.Timeout
}

export interface ReadsOptions {
  /** Read tokens and OIDC tokens may read (every tenant's objects: they carry clusters, not repositories). */
  auth: Authenticator
  store: Pick<ConnectorStore, 'version' | 'objects' | 'onChange'>
  metrics: ConnectorMetrics
  maxWaitMs: number
  keepAliveSeconds: number
  closing: () => boolean
}

export interface Reads {
  handle(req: IncomingMessage, res: ServerResponse, target: Target): Promise<void>
  /** Answers every held read now (a change, or shutdown). */
  wakeAll(): void
  readonly waiterCount: number
}

export function createReads(opts: ReadsOptions): Reads {
  const {auth, store, metrics, closing} = opts
  const waiters = new Set<Waiter>()
  const answerFor = answerCache(store, opts.keepAliveSeconds)

  function answer(req: IncomingMessage, res: ServerResponse, filter: ObjectFilter, key: string): void {
    writePrepared(req, res, answerFor(filter, key), closing())
  }

  function release(w: Waiter): void {
    if (!waiters.delete(w)) return
    metrics.waiters.dec()
    answer(w.req, w.res, w.filter, w.key)
  }

  function wakeAll(): void {
    if (waiters.size === 0) return
    answerAll(waiters, answerFor, closing, metrics)
  }

  store.onChange(wakeAll)

  async function handle(req: IncomingMessage, res: ServerResponse, target: Target): Promise<void> {
    const who = await auth.authenticate(req, {readTokens: true})
    if (!who.ok) {
      const headers: Record<string, string> = who.status === 401 ? {'www-authenticate': 'Bearer'} : {}
      sendJson(res, who.status, {error: who.error}, {headers})
      return
    }
    const read = parseRead(target, opts.maxWaitMs)
    if (!read.ok) {
      sendJson(res, read.status, {error: read.error}, {headers: read.headers})
      return
    }
    const {since, waitMs, filter, key} = read
    // Hold only when the reader is exactly up to date. A `since` ahead of us (a reader of a connector whose data
    // was lost) gets the state at once, so it can resynchronise.
    if (since === undefined || since !== store.version || waitMs <= 0 || closing()) {
      answer(req, res, filter, key)
      return
    }
    const waiter: Waiter = {req, res, filter, key, timer: setTimeout(() => release(waiter), waitMs)}
    waiters.add(waiter)
    metrics.waiters.inc()
    res.on('close', () => {
      if (waiters.delete(waiter)) {
        clearTimeout(waiter.timer)
        metrics.waiters.dec()
      }
    })
  }

  return {
    handle,
    wakeAll,
    get waiterCount() {
      return waiters.size
    }
  }
}

/**
 * Answers and forgets every waiter: every answer's bytes first, then Node's per-response bookkeeping and the
 * timers, all in this tick.
 */
function answerAll(
  waiters: Set<Waiter>,
  answerFor: (filter: ObjectFilter, key: string) => PreparedAnswer,
  closing: () => boolean,
  metrics: ConnectorMetrics
): void {
  const t0 = performance.now()
  const all = [...waiters]
  waiters.clear()
  const close = closing()
  const written: WrittenAnswer[] = []
  for (const w of all) {
    const done = writePreparedBytes(w.req, w.res, answerFor(w.filter, w.key), close)
    if (done) written.push(done)
  }
  metrics.wakeSeconds.observe((performance.now() - t0) / 1000)
  for (const w of written) finishPrepared(w)
  for (const w of all) clearTimeout(w.timer)
  metrics.waiters.set(0)
}

/** One serialisation per (version, filter), shared by every reader of it. */
function answerCache(
  store: ReadsOptions['store'],
  keepAliveSeconds: number
): (filter: ObjectFilter, key: string) => PreparedAnswer {
  let cache = new Map<string, PreparedAnswer>()
  let cacheVersion = -1
  return (filter, key) => {
    const version = store.version
    if (version !== cacheVersion || cache.size >= MAX_CACHED_FILTERS) {
      cache = new Map()
      cacheVersion = version
    }
    let answer = cache.get(key)
    if (!answer) {
      const body = Buffer.from(JSON.stringify({version, objects: applyFilter(store.objects(), filter)}))
      answer = prepareAnswer(body, keepAliveSeconds)
      cache.set(key, answer)
    }
    return answer
  }
}

type ParsedRead =
  | {ok: true; since: number | undefined; waitMs: number; filter: ObjectFilter; key: string}
  | {ok: false; status: number; error: string; headers?: Record<string, string>}

/** `since`, `wait` and the filter of a read; the error answer when one is wrong. */
function parseRead(target: Target, maxWaitMs: number): ParsedRead {
  const q = target.query
  const sinceRaw = q.get('since')
  const waitRaw = q.get('wait')
  let since: number | undefined
  if (sinceRaw !== null) {
    if (!/^\d{1,15}$/.test(sinceRaw)) {
      return {ok: false, status: 400, error: `since must be a non-negative integer, got '${sinceRaw.slice(0, 32)}'`}
    }
    since = Number(sinceRaw)
  }
  let waitMs = 0
  if (waitRaw !== null) {
    const parsed = parseWait(waitRaw)
    if (parsed === null) {
      return {
        ok: false,
        status: 400,
        error: `wait must be a duration like 25s, 500ms or 25, got '${waitRaw.slice(0, 32)}'`
      }
    }
    waitMs = Math.min(parsed, maxWaitMs)
  }
  const filter = parseFilter(q, ['since', 'wait'])
  if (!filter.ok) return {ok: false, status: 400, error: filter.error}
  return {ok: true, since, waitMs, filter: filter.filter, key: filter.key}
}
