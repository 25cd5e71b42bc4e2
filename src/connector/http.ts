// HTTP plumbing that never throws on client input: request-target parsing, JSON answers, and answers formatted once
// and written to many long-poll readers.
import type {IncomingMessage, ServerResponse} from 'node:http'

export interface Target {
  /** The path exactly as sent (no decoding, no dot-segment or slash folding: `//` is not `/`). */
  path: string
  query: URLSearchParams
}

/**
 * Origin-form (`/path?query`) or absolute-form (`http://host/path?query`, which HTTP/1.1 servers must accept);
 * null for anything else (`*`, authority-form, garbage). URLSearchParams leaves bad `%` escapes as they are.
 */
export function parseTarget(raw: string | undefined): Target | null {
  if (raw === undefined) return null
  let rest = raw
  if (!rest.startsWith('/')) {
    const m = /^https?:\/\/[^/?#]*/i.exec(rest)
    if (!m) return null
    rest = rest.slice(m[0].length) || '/'
    if (!rest.startsWith('/')) rest = `/${rest}`
  }
  const hash = rest.indexOf('#')
  if (hash >= 0) rest = rest.slice(0, hash)
  const q = rest.indexOf('?')
  return q < 0
    ? {path: rest, query: new URLSearchParams()}
    : {path: rest.slice(0, q), query: new URLSearchParams(rest.slice(q + 1))}
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  {headers = {}, close = false}: {headers?: Record<string, string>; close?: boolean} = {}
): void {
  if (res.headersSent || res.destroyed) return
  const buf = Buffer.from(JSON.stringify(body))
  if (close) res.setHeader('connection', 'close')
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': String(buf.length),
    'cache-control': 'no-store',
    ...headers
  })
  res.end(buf)
}

/** A 200 JSON answer with its status line and headers formatted once, to be written to any number of responses. */
export interface PreparedAnswer {
  body: Buffer
  /** Head and body, for a connection that stays open, and that head alone. */
  keepAlive: Buffer
  keepAliveHead: string
  /** The same with `connection: close`. */
  close: Buffer
  closeHead: string
}

export function prepareAnswer(body: Buffer, keepAliveSeconds: number): PreparedAnswer {
  const head =
    'HTTP/1.1 200 OK\r\ncontent-type: application/json\r\n' +
    `content-length: ${body.length}\r\ncache-control: no-store\r\ndate: ${new Date().toUTCString()}\r\n`
  const keepAliveHead = `${head}connection: keep-alive\r\nkeep-alive: timeout=${keepAliveSeconds}\r\n\r\n`
  const closeHead = `${head}connection: close\r\n\r\n`
  return {
    body,
    keepAlive: Buffer.concat([Buffer.from(keepAliveHead, 'latin1'), body]),
    keepAliveHead,
    close: Buffer.concat([Buffer.from(closeHead, 'latin1'), body]),
    closeHead
  }
}

/** The fields of Node's ServerResponse that its own writeHead/end set; see writePreparedBytes. */
interface ResponseInternals {
  _header: string | null
  _headerSent: boolean
  _last: boolean
}

function hasInternals(res: ServerResponse): boolean {
  const r = res as unknown as Partial<ResponseInternals>
  return r._header === null && r._headerSent === false && typeof r._last === 'boolean'
}

/** A response whose bytes are on the socket and whose bookkeeping is still to do (finishPrepared). */
export interface WrittenAnswer {
  res: ServerResponse
  head: string
  last: boolean
}

/**
 * Writes a prepared answer. When the response is fresh and owns its socket (HTTP/1.1, not pipelined behind
 * another), the formatted bytes go to the socket in one write, and the result must be passed to finishPrepared in
 * the same tick: it marks the response as having sent them, so Node's own bookkeeping (keep-alive timer, the next
 * pipelined request, closing after `Connection: close`) runs as after writeHead + end. Writing every answer first and
 * doing the bookkeeping after is what makes waking 1,000 readers cheap: a third of writeHead + end each. Anything
 * else (HTTP/1.0, a queued response, a Node whose internals differ) is answered at once through the public API
 * with the same bytes, and null is returned.
 */
export function writePreparedBytes(
  req: IncomingMessage,
  res: ServerResponse,
  answer: PreparedAnswer,
  close: boolean
): WrittenAnswer | null {
  if (res.headersSent || res.writableEnded || res.destroyed) return null
  const socket = res.socket
  const last = close || !res.shouldKeepAlive
  if (socket && !socket.destroyed && req.httpVersion === '1.1' && hasInternals(res)) {
    socket.write(last ? answer.close : answer.keepAlive)
    return {res, head: last ? answer.closeHead : answer.keepAliveHead, last}
  }
  if (last) res.setHeader('connection', 'close')
  res.writeHead(200, {
    'content-type': 'application/json',
    'content-length': String(answer.body.length),
    'cache-control': 'no-store'
  })
  res.end(answer.body)
  return null
}

export function finishPrepared(w: WrittenAnswer): void {
  const r = w.res as unknown as ResponseInternals
  r._header = w.head
  r._headerSent = true
  r._last = w.last
  w.res.statusCode = 200
  w.res.end()
}

export function writePrepared(req: IncomingMessage, res: ServerResponse, answer: PreparedAnswer, close: boolean): void {
  const written = writePreparedBytes(req, res, answer, close)
  if (written) finishPrepared(written)
}
