// Reading a request body under two bounds: its size, and how many bodies are being received at once before anyone
// could check who sent them (an event's signature covers the whole body, so it is checked only after the last byte).
import type {IncomingMessage} from 'node:http'

export type BodyResult = {ok: true; body: Buffer} | {ok: false; reason: 'too_large' | 'aborted'}

/**
 * Resolves with the body, or `too_large` as soon as it passes `limit` (by Content-Length before any byte is read,
 * else when the bytes pass it), or `aborted` when the client goes away. Never rejects. On `too_large` reading has
 * stopped; the caller answers and closes the connection.
 */
export function readBody(req: IncomingMessage, limit: number): Promise<BodyResult> {
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
    const settle = (r: BodyResult): void => {
      if (settled) return
      settled = true
      resolve(r)
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
