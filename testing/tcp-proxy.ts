// A TCP proxy on 127.0.0.1 between a client and a server (the connector and PostgreSQL), for outage tests: `cut()`
// resets every connection and refuses new ones, `hang()` keeps connections open and accepts new ones but forwards
// nothing (a partition, a hung server), `heal()` forwards again. No jest imports: bench/ uses it too.
import {createServer, connect, type Server, type Socket} from 'node:net'
import type {AddressInfo} from 'node:net'

export type ProxyMode = 'pass' | 'cut' | 'hang' | 'half-open'

export interface TcpProxy {
  /** host:port clients connect to. */
  readonly port: number
  readonly mode: ProxyMode
  /** Connections currently open through the proxy. */
  readonly open: number
  /** Connections accepted (or refused while cut) so far. */
  readonly attempts: number
  cut(): void
  hang(): void
  /**
   * The server side of every connection ends (the server sees its sessions go and releases their locks) while the
   * client side stays open and silent, as behind a NAT that forgot the connection; new connections hang.
   */
  halfOpen(): void
  heal(): void
  /** Replaces `host:port` of a URL by the proxy's. */
  url(target: string): string
  close(): Promise<void>
}

interface Pair {
  client: Socket
  upstream: Socket | null
}

export async function startTcpProxy(targetHost: string, targetPort: number): Promise<TcpProxy> {
  let mode: ProxyMode = 'pass'
  const pairs = new Set<Pair>()

  const drop = (p: Pair): void => {
    pairs.delete(p)
    p.client.destroy()
    p.upstream?.destroy()
  }
  const wire = (p: Pair): void => {
    const up = connect(targetPort, targetHost)
    p.upstream = up
    up.on('error', () => {
      if (mode !== 'half-open') drop(p)
    })
    up.on('close', () => {
      if (mode !== 'half-open') drop(p)
    })
    // While hung both sides are paused: the bytes wait in the kernel, as on a link that stopped delivering.
    p.client.pipe(up)
    up.pipe(p.client)
    p.client.resume()
  }

  let attempts = 0
  const server: Server = createServer(client => {
    attempts++
    if (mode === 'cut') {
      client.resetAndDestroy()
      return
    }
    const p: Pair = {client, upstream: null}
    pairs.add(p)
    client.on('error', () => drop(p))
    client.on('close', () => drop(p))
    if (mode === 'pass') wire(p)
    else {
      client.pause()
      // Hung: accepted, nothing forwarded; connect upstream once it heals.
      const waitHeal = setInterval(() => {
        if (client.destroyed) clearInterval(waitHeal)
        else if (mode === 'pass') {
          clearInterval(waitHeal)
          wire(p)
        }
      }, 20)
      waitHeal.unref()
    }
  })
  await new Promise<void>(r => server.listen(0, '127.0.0.1', r))
  const port = (server.address() as AddressInfo).port

  return {
    port,
    get mode() {
      return mode
    },
    get open() {
      return pairs.size
    },
    get attempts() {
      return attempts
    },
    cut() {
      mode = 'cut'
      for (const p of [...pairs]) {
        p.client.resetAndDestroy()
        drop(p)
      }
    },
    hang() {
      mode = 'hang'
      for (const p of pairs) {
        p.client.pause()
        p.upstream?.pause()
      }
    },
    halfOpen() {
      mode = 'half-open'
      for (const p of pairs) {
        p.client.pause()
        p.client.unpipe()
        p.upstream?.unpipe()
        p.upstream?.destroy()
      }
    },
    heal() {
      mode = 'pass'
      for (const p of [...pairs]) {
        if (!p.upstream) continue
        // A connection the server forgot answers the client's next bytes with a reset.
        if (p.upstream.destroyed) {
          p.client.resetAndDestroy()
          drop(p)
          continue
        }
        p.client.resume()
        p.upstream.resume()
      }
    },
    url(target) {
      const u = new URL(target)
      u.hostname = '127.0.0.1'
      u.port = String(port)
      return u.toString()
    },
    async close() {
      for (const p of [...pairs]) drop(p)
      await new Promise<void>(r => server.close(() => r()))
    }
  }
}
