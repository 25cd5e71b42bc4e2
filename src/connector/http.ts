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
  headers: Record<string, string> = {},
  close = false
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
  keepAlive: Buffer
  close: Buffer
}

export function prepareAnswer(body: Buffer, keepAliveSeconds: number): PreparedAnswer {
  const head =
    'HTTP/1.1 200 OK\r\ncontent-type: application/json\r\n' +
    `content-length: ${body.length}\r\ncache-control: no-store\r\ndate: ${new Date().toUTCString()}\r\n`
  return {
    body,
    keepAlive: Buffer.concat([
      Buffer.from(`${head}connection: keep-alive\r\nkeep-alive: timeout=${keepAliveSeconds}\r\n\r\n`, 'latin1'),
      body
    ]),
    close: Buffer.concat([Buffer.from(`${head}connection: close\r\n\r\n`, 'latin1'), body])
  }
}

/** The fields of Node's ServerResponse that its own writeHead/end set; see writePrepared. */
interface ResponseInternals {
  _header: string | null
  _headerSent: boolean
  _last: boolean
}

function hasInternals(res: ServerResponse): boolean {
  const r = res as unknown as Partial<ResponseInternals>
  return r._header === null && r._headerSent === false && typeof r._last === 'boolean'
}

/**
 * Writes a prepared answer. When the response is fresh and owns its socket (HTTP/1.1, not pipelined behind
 * another), the formatted bytes go to the socket in one write and the response is marked as having sent them, so
 * Node's own bookkeeping (keep-alive timer, next pipelined request, close after `Connection: close`) runs as after
 * writeHead + end. That is a third of the cost of writeHead + end per response, which is what one wake of 1,000
 * readers is made of. Anything else (HTTP/1.0, a queued response, a Node whose internals differ) takes the public
 * path with the same bytes.
 */
export function writePrepared(req: IncomingMessage, res: ServerResponse, answer: PreparedAnswer, close: boolean): void {
  if (res.headersSent || res.writableEnded || res.destroyed) return
  const socket = res.socket
  const last = close || !res.shouldKeepAlive
  if (socket && !socket.destroyed && req.httpVersion === '1.1' && hasInternals(res)) {
    const bytes = last ? answer.close : answer.keepAlive
    const r = res as unknown as ResponseInternals
    r._header = bytes.subarray(0, bytes.length - answer.body.length).toString('latin1')
    r._headerSent = true
    r._last = last
    res.statusCode = 200
    socket.write(bytes)
    res.end()
    return
  }
  if (last) res.setHeader('connection', 'close')
  res.writeHead(200, {
    'content-type': 'application/json',
    'content-length': String(answer.body.length),
    'cache-control': 'no-store'
  })
  res.end(answer.body)
}
