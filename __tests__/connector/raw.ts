// Raw-socket HTTP for the connector tests: bytes exactly as given (bad request lines, odd headers, truncated
// bodies), and the server's answer as text.
import {connect} from 'node:net'

export interface RawAnswer {
  /** Everything the server sent before closing or before `settleMs` of silence after the first byte. */
  text: string
  /** Status of the first response, 0 when none came. */
  status: number
  /** Whether the server closed the connection. */
  closed: boolean
}

/**
 * Sends `chunks` (a pause of `gapMs` between them), then collects the answer until the server closes the socket,
 * `idleMs` pass without data after something arrived, or `maxMs` pass in all.
 */
export function rawRequest(
  port: number,
  chunks: (string | Buffer)[],
  opts: {gapMs?: number; idleMs?: number; maxMs?: number} = {}
): Promise<RawAnswer> {
  const {gapMs = 0, idleMs = 150, maxMs = 5000} = opts
  return new Promise(resolve => {
    const socket = connect(port, '127.0.0.1')
    let text = ''
    let done = false
    let idle: NodeJS.Timeout | undefined
    const finish = (closed: boolean): void => {
      if (done) return
      done = true
      clearTimeout(idle)
      clearTimeout(overall)
      socket.destroy()
      const m = /^HTTP\/1\.[01] (\d{3})/.exec(text)
      resolve({text, status: m ? Number(m[1]) : 0, closed})
    }
    const overall = setTimeout(() => finish(false), maxMs)
    socket.on('data', d => {
      text += d.toString('latin1')
      clearTimeout(idle)
      idle = setTimeout(() => finish(false), idleMs)
    })
    socket.on('close', () => finish(true))
    socket.on('error', () => finish(true))
    void (async () => {
      for (const [i, chunk] of chunks.entries()) {
        if (done || socket.destroyed) return
        if (i > 0 && gapMs > 0) await new Promise(r => setTimeout(r, gapMs))
        socket.write(chunk)
      }
    })()
  })
}
