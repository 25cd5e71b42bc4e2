// Reading a request body under three bounds: its size, its rate (a client dribbling a byte a second must not hold a
// place for the whole request timeout), and how many bodies are being received at once before anyone could check
// who sent them (an event's signature covers the whole body, so it is checked only after the last byte).
import type {IncomingMessage} from 'node:http'
import {performance} from 'node:perf_hooks'

export type BodyResult = {ok: true; body: Buffer} | {ok: false; reason: 'too_large' | 'too_slow' | 'aborted'}

/** A body gets this long before its rate is checked (a client's first packets, a slow start). */
export const BODY_GRACE_MS = 1000
/** How often a body's rate is checked. */
const RATE_CHECK_MS = 200

/**
 * Resolves with the body, or `too_large` as soon as it passes `limit` (by Content-Length before any byte is read,
 * else when the bytes pass it), or `too_slow` when, after its first second, fewer than `minBytesPerSecond` bytes a
 * second arrived since then, or `aborted` when the client goes away. Never rejects. On `too_large` and `too_slow`
 * reading has stopped; the caller answers and closes the connection.
 */
export function readBody(req: IncomingMessage, limit: number, minBytesPerSecond = 0): Promise<BodyResult> {
  return new Promise(resolve => {
    const declared = Number(req.headers['content-length'] ?? '0')
    if (declared > limit) {
      req.pause()
      resolve({ok: false, reason: 'too_large'})
      return
    }
    const chunks: Buffer[] = []
    let size = 0
    let settled = false
    let rateCheck: NodeJS.Timeout | undefined
    const settle = (r: BodyResult): void => {
      if (settled) return
      settled = true
      clearInterval(rateCheck)
      resolve(r)
    }
    if (minBytesPerSecond > 0) {
      const started = performance.now()
      rateCheck = setInterval(() => {
        const late = performance.now() - started - BODY_GRACE_MS
        if (late <= 0 || size >= (minBytesPerSecond * late) / 1000) return
        req.removeAllListeners('data')
        req.pause()
        settle({ok: false, reason: 'too_slow'})
      }, RATE_CHECK_MS)
      rateCheck.unref()
    }
    req.on('data', (chunk: Buffer) => {
      if (settled) return
      size += chunk.length
      if (size > limit) {
        req.removeAllListeners('data')
        req.pause()
        settle({ok: false, reason: 'too_large'})
        return
      }
      chunks.push(chunk)
    })
    req.on('error', () => settle({ok: false, reason: 'aborted'}))
    req.on('aborted', () => settle({ok: false, reason: 'aborted'}))
    req.on('close', () => {
      if (!req.complete) settle({ok: false, reason: 'aborted'})
    })
    req.on('end', () => settle({ok: true, body: Buffer.concat(chunks)}))
  })
}

/** A counting bound: `tryEnter` fails once `limit` holders are inside. */
export class Gate {
  private inside = 0
  constructor(readonly limit: number) {}

  get count(): number {
    return this.inside
  }

  tryEnter(): boolean {
    if (this.inside >= this.limit) return false
    this.inside++
    return true
  }

  leave(): void {
    if (this.inside > 0) this.inside--
  }
}
