// POST /api/v1/flux/events: signature, size and in-flight bounds, validation, then 202 only once the store has the
// event durably.
import type {IncomingMessage, ServerResponse} from 'node:http'
import type {ConnectorConfig} from './config.js'
import {Gate, readBody} from './body.js'
import {parseFluxEvent} from './events.js'
import {sendJson} from './http.js'
import type {ConnectorMetrics} from './metrics.js'
import {verifySignature} from './signature.js'
import {StoreUnavailable, type ConnectorStore} from './store/types.js'

export const REJECT_REASONS = [
  'signature_missing',
  'signature_malformed',
  'signature_mismatch',
  'too_large',
  'too_slow',
  'busy',
  'invalid_json',
  'invalid_event',
  'store_error'
] as const
export type RejectReason = (typeof REJECT_REASONS)[number]

export interface IngestOptions {
  config: Pick<ConnectorConfig, 'hmacKeys' | 'maxBodyBytes' | 'maxUnverifiedBodies' | 'minBodyBytesPerSecond'>
  store: Pick<ConnectorStore, 'append'>
  metrics: ConnectorMetrics
  log: (msg: string) => void
  /** True once shutdown began: answers then ask the client to close the connection. */
  closing: () => boolean
}

export function createIngest(opts: IngestOptions): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  const {config, metrics} = opts
  const unverified = new Gate(config.maxUnverifiedBodies)
  for (const reason of REJECT_REASONS) metrics.eventsRejected.inc({reason}, 0)
  for (const result of ['changed', 'unchanged', 'stale']) metrics.eventsReceived.inc({result}, 0)

  return async function handleEvent(req, res) {
    const sigHeader = req.headers['x-signature']
    if (sigHeader === undefined || sigHeader === '') {
      reject(opts, res, {status: 401, reason: 'signature_missing', error: 'X-Signature header is missing'})
      return
    }
    if (Array.isArray(sigHeader)) {
      reject(opts, res, {status: 401, reason: 'signature_malformed', error: 'X-Signature header must be given once'})
      return
    }
    // A body that came with its headers (a Flux event usually does) is complete before the next turn of the event
    // loop and never takes a place: the places bound the bodies still being received, which slow clients hold.
    const reading = readBody(req, config.maxBodyBytes, config.minBodyBytesPerSecond)
    let read = await Promise.race([reading, new Promise<null>(r => setImmediate(() => r(null)))])
    if (read === null) {
      if (!unverified.tryEnter()) {
        refuseBody(opts, req, res, {
          status: 503,
          reason: 'busy',
          error: `more than ${unverified.limit} event bodies are being received; retry`
        })
        return
      }
      try {
        read = await reading
      } finally {
        unverified.leave()
      }
    }
    if (!read.ok) {
      if (read.reason === 'too_slow') {
        const rate = config.minBodyBytesPerSecond
        refuseBody(opts, req, res, {
          status: 408,
          reason: 'too_slow',
          error: `body arrived slower than ${rate} bytes/s; connection closed`
        })
      }
      if (read.reason === 'too_large') {
        refuseBody(opts, req, res, {
          status: 413,
          reason: 'too_large',
          error: `body is larger than ${config.maxBodyBytes} bytes`
        })
      }
      return
    }
    await storeEvent(opts, res, read.body, sigHeader)
  }
}

/** Why an event is refused: the HTTP status, the metric's reason, and the error the sender reads. */
interface Refusal {
  status: number
  reason: RejectReason
  error: string
}

function reject(opts: IngestOptions, res: ServerResponse, {status, reason, error}: Refusal, close = false): void {
  opts.metrics.eventsRejected.inc({reason})
  const headers: Record<string, string> =
    status === 401 ? {'www-authenticate': 'HMAC realm="flux"'} : status === 503 ? {'retry-after': '1'} : {}
  sendJson(res, status, {error}, {headers, close: close || opts.closing()})
}

/** Answers without reading the body, then closes the connection instead of draining what the client still sends. */
function refuseBody(opts: IngestOptions, req: IncomingMessage, res: ServerResponse, refusal: Refusal) {
  req.pause()
  res.on('finish', () => req.socket.destroySoon())
  reject(opts, res, refusal, true)
}

/** Verifies the signature, validates the event, and answers 202 once the store has it durably. */
async function storeEvent(opts: IngestOptions, res: ServerResponse, body: Buffer, sigHeader: string): Promise<void> {
  const check = verifySignature(sigHeader, body, opts.config.hmacKeys)
  if (!check.ok) {
    const msg =
      check.reason === 'malformed'
        ? 'X-Signature must be <sha224|sha256|sha384|sha512>=<hex digest>'
        : 'X-Signature does not match the body for any configured key'
    reject(opts, res, {
      status: 401,
      reason: check.reason === 'malformed' ? 'signature_malformed' : 'signature_mismatch',
      error: msg
    })
    return
  }
  let json: unknown
  try {
    json = JSON.parse(body.toString('utf8'))
  } catch (err) {
    reject(opts, res, {status: 400, reason: 'invalid_json', error: `body is not valid JSON: ${(err as Error).message}`})
    return
  }
  const parsed = parseFluxEvent(json)
  if (!parsed.ok) {
    reject(opts, res, {status: 400, reason: 'invalid_event', error: parsed.error})
    return
  }
  try {
    const r = await opts.store.append(json, parsed.event)
    sendJson(res, 202, {stored: true, seq: r.seq, version: r.version, result: r.result}, {close: opts.closing()})
  } catch (err) {
    // 5xx makes Flux retry the delivery, which is what we want when the store failed us. A database outage is
    // logged once by the store, not once an event.
    if (!(err instanceof StoreUnavailable)) opts.log(`storing an event failed: ${String(err)}`)
    reject(opts, res, {
      status: 503,
      reason: 'store_error',
      error: opts.closing() ? 'shutting down' : 'event could not be stored'
    })
  }
}
