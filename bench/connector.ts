// Bench: the built connector (dist/connector/index.js) on loopback, in a temp data dir.
//  1. ingest: signed events, each answered 202 only after its fsync, from 16 concurrent posters (bounded count+time)
//  2. fan-out: 1 and then 1,000 long-poll waiters; time from one event POST to each waiter's answer (p50/p99),
//     repeated; unfiltered (200 objects per answer) and filtered to one object. Each round is followed by a floor
//     round: the same number of requests parked on a bare Node HTTP server and answered with the same bytes.
//  3. slow clients: 64 connections dribbling event bodies at 1 byte/s (each reconnecting once cut off) while 16
//     posters deliver signed events like Flux (a retry 2 s after a 503): events/s, time from an event's first try
//     to its 202, and how many first tries got 503. Alone: node build/bench/connector.js --slow-clients
// Build and run: npm run package && npx tsc -p tsconfig.scripts.json && node build/bench/connector.js
import {spawn} from 'node:child_process'
import type {ChildProcess} from 'node:child_process'
import {createHmac} from 'node:crypto'
import {existsSync} from 'node:fs'
import {mkdtemp, rm} from 'node:fs/promises'
import {Agent, request} from 'node:http'
import {connect, type Socket} from 'node:net'
import {tmpdir} from 'node:os'
import {dirname, join} from 'node:path'
import {performance} from 'node:perf_hooks'
import {fileURLToPath, pathToFileURL} from 'node:url'

export const KEY = 'bench-hmac-key-0123456789abcdef0123456789'
export const TOKEN = 'bench-read-token-0123456789abcdef01234567'
const POSTERS = 16
const INGEST_MAX_EVENTS = 20_000
const INGEST_MAX_MS = 10_000
const WAITERS = 1_000
const FANOUT_ROUNDS = 5
const DRIBBLERS = 64
const SLOW_MS = 6_000

function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url))
  while (!existsSync(join(dir, 'package.json')) || !existsSync(join(dir, 'dist'))) {
    const up = dirname(dir)
    if (up === dir) throw new Error('cannot find the repository root (package.json + dist/)')
    dir = up
  }
  return dir
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number
}

const round = (n: number, digits = 2): number => Number(n.toFixed(digits))

export function event(name: string, n: number): string {
  return JSON.stringify({
    involvedObject: {
      kind: 'Kustomization',
      namespace: 'flux-system',
      name,
      apiVersion: 'kustomize.toolkit.fluxcd.io/v1'
    },
    severity: 'info',
    timestamp: new Date(Date.UTC(2026, 0, 1) + n * 1000).toISOString().replace('.000', ''),
    message: `Reconciliation finished in ${n}ms, next run in 10m0s`,
    reason: 'ReconciliationSucceeded',
    metadata: {cluster: 'bench', revision: `main@sha1:${n.toString(16).padStart(40, '0')}`},
    reportingController: 'kustomize-controller'
  })
}

export function send(
  agent: Agent,
  port: number,
  method: string,
  path: string,
  headers: Record<string, string>,
  body?: string
): Promise<{status: number; body: string}> {
  return new Promise((resolve, reject) => {
    const req = request({host: '127.0.0.1', port, method, path, headers, agent}, res => {
      let text = ''
      res.setEncoding('utf8')
      res.on('data', (d: string) => (text += d))
      res.on('end', () => resolve({status: res.statusCode ?? 0, body: text}))
    })
    req.on('error', reject)
    req.end(body)
  })
}

export function post(agent: Agent, port: number, body: string): Promise<{status: number; body: string}> {
  const sig = `sha256=${createHmac('sha256', KEY).update(body).digest('hex')}`
  return send(
    agent,
    port,
    'POST',
    '/api/v1/flux/events',
    {'content-type': 'application/json', 'x-signature': sig},
    body
  )
}

export async function startConnector(
  dataDir: string,
  extraEnv: Record<string, string> = {}
): Promise<{child: ChildProcess; port: number}> {
  // Another build (e.g. an older commit's dist/connector/index.js) for a before/after comparison.
  const bundle = process.env.GITOPS_PROMOTE_BENCH_BUNDLE ?? join(repoRoot(), 'dist/connector/index.js')
  const child = spawn(process.execPath, [bundle], {
    env: {
      PATH: process.env.PATH,
      CONNECTOR_HOST: '127.0.0.1',
      CONNECTOR_PORT: '0',
      CONNECTOR_HMAC_KEYS: KEY,
      CONNECTOR_READ_TOKENS: TOKEN,
      CONNECTOR_DATA_DIR: dataDir,
      ...extraEnv
    },
    stdio: ['ignore', 'pipe', 'inherit']
  })
  return new Promise((resolve, reject) => {
    let out = ''
    const timer = setTimeout(() => reject(new Error(`connector did not start: ${out}`)), 10_000)
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString()
      const m = /listening on http:\/\/[^:]+:(\d+)/.exec(out)
      if (m) {
        clearTimeout(timer)
        child.stdout!.removeAllListeners('data')
        child.stdout!.resume()
        resolve({child, port: Number(m[1])})
      }
    })
    child.on('exit', code => reject(new Error(`connector exited (${code}): ${out}`)))
  })
}

export async function ingest(port: number): Promise<Record<string, number>> {
  const agent = new Agent({keepAlive: true, maxSockets: POSTERS})
  const latencies: number[] = []
  let next = 0
  let failures = 0
  const t0 = performance.now()
  const deadline = t0 + INGEST_MAX_MS
  await Promise.all(
    Array.from({length: POSTERS}, async () => {
      while (next < INGEST_MAX_EVENTS && performance.now() < deadline) {
        const n = next++
        const s = performance.now()
        const res = await post(agent, port, event(`app-${n % 200}`, n))
        latencies.push(performance.now() - s)
        if (res.status !== 202) failures++
      }
    })
  )
  const seconds = (performance.now() - t0) / 1000
  agent.destroy()
  latencies.sort((a, b) => a - b)
  return {
    ingest_events: latencies.length,
    ingest_failures: failures,
    ingest_seconds: round(seconds),
    ingest_events_per_second: Math.round(latencies.length / seconds),
    ingest_post_p50_ms: round(percentile(latencies, 50)),
    ingest_post_p99_ms: round(percentile(latencies, 99))
  }
}

async function waiterCount(agent: Agent, port: number): Promise<number> {
  const res = await send(agent, port, 'GET', '/metrics', {})
  const m = /^connector_waiters (\d+)/m.exec(res.body)
  return m ? Number(m[1]) : 0
}

/** Sum, count and the largest bucket reached of connector_wake_seconds, to take the server's share of a phase. */
async function wakeTotals(agent: Agent, port: number): Promise<{sum: number; count: number}> {
  const text = (await send(agent, port, 'GET', '/metrics', {})).body
  return {
    sum: Number(/^connector_wake_seconds_sum (\S+)/m.exec(text)?.[1] ?? NaN),
    count: Number(/^connector_wake_seconds_count (\S+)/m.exec(text)?.[1] ?? NaN)
  }
}

// The floor: a bare Node HTTP server in its own process that parks every GET and, on POST /fire, answers all of
// them with writeHead + end and the bytes it was given (the connector's own answer of the same round).
const FLOOR_SERVER = `
const http = require('node:http')
const {performance} = require('node:perf_hooks')
let parked = []
let lastMs = 0
const server = http.createServer((req, res) => {
  if (req.method === 'GET' && req.url === '/count') return res.end(String(parked.length))
  if (req.method === 'GET' && req.url === '/last') return res.end(String(lastMs))
  if (req.method === 'POST' && req.url === '/fire') {
    const chunks = []
    req.on('data', c => chunks.push(c))
    req.on('end', () => {
      const body = Buffer.concat(chunks)
      const all = parked
      parked = []
      const t0 = performance.now()
      for (const r of all) {
        r.writeHead(200, {'content-type': 'application/json', 'content-length': String(body.length), 'cache-control': 'no-store'})
        r.end(body)
      }
      lastMs = performance.now() - t0
      res.end('ok')
    })
    return
  }
  parked.push(res)
})
server.keepAliveTimeout = 65000
server.listen(0, '127.0.0.1', () => console.log('listening on ' + server.address().port))
`

async function startFloor(): Promise<{child: ChildProcess; port: number}> {
  const child = spawn(process.execPath, ['-e', FLOOR_SERVER], {stdio: ['ignore', 'pipe', 'inherit']})
  return new Promise((resolve, reject) => {
    child.stdout!.once('data', (d: Buffer) => {
      const m = /listening on (\d+)/.exec(d.toString())
      if (m) resolve({child, port: Number(m[1])})
      else reject(new Error(`floor server: ${d.toString()}`))
    })
    child.on('exit', code => reject(new Error(`floor server exited (${code})`)))
  })
}

interface Round {
  /** ms from firing to each waiter's complete answer, sorted. */
  times: number[]
  /** One answer's body, to give the floor the same bytes. */
  sample: Buffer
}

/** Parks `waiters` requests for `path` on `port`, waits until `parked()` sees them all, fires, times the answers. */
async function parkAndFire(
  agent: Agent,
  port: number,
  path: string,
  headers: Record<string, string>,
  waiters: number,
  parked: () => Promise<number>,
  fire: () => Promise<void>
): Promise<Round> {
  let fired = 0
  let sample = Buffer.alloc(0)
  const done: Promise<number>[] = Array.from(
    {length: waiters},
    (_, i) =>
      new Promise<number>((resolve, reject) => {
        const req = request({host: '127.0.0.1', port, path, headers, agent}, res => {
          if (i === 0) {
            const chunks: Buffer[] = []
            res.on('data', (c: Buffer) => chunks.push(c))
            res.on('end', () => {
              sample = Buffer.concat(chunks)
              resolve(performance.now() - fired)
            })
            return
          }
          res.resume()
          res.on('end', () => resolve(performance.now() - fired))
        })
        req.on('error', reject)
        req.end()
      })
  )
  const waitStart = performance.now()
  while ((await parked()) < waiters) {
    if (performance.now() - waitStart > 20_000) throw new Error('waiters did not all arrive')
    await new Promise(res => setTimeout(res, 20))
  }
  fired = performance.now()
  await fire()
  const times = (await Promise.all(done)).sort((a, b) => a - b)
  return {times, sample}
}

const median = (xs: number[]): number =>
  percentile(
    [...xs].sort((a, b) => a - b),
    50
  )

/**
 * Rounds of `waiters` long-polls on the connector woken by one event, each followed by the same number of parked
 * requests on the floor server answered with the same bytes. `filter` is added to the connector's query.
 */
async function fanout(
  port: number,
  floorPort: number,
  startN: number,
  prefix: string,
  waiters: number,
  filter = ''
): Promise<Record<string, number>> {
  const agent = new Agent({keepAlive: true, maxSockets: Infinity})
  const floorAgent = new Agent({keepAlive: true, maxSockets: Infinity})
  const control = new Agent({keepAlive: false})
  const auth = {authorization: `Bearer ${TOKEN}`}
  const p50s: number[] = []
  const p99s: number[] = []
  const maxes: number[] = []
  const wakes: number[] = []
  const floorP99s: number[] = []
  const floorP50s: number[] = []
  const floorServer: number[] = []
  let bytes = 0
  for (let r = 0; r < FANOUT_ROUNDS; r++) {
    const state = JSON.parse((await send(control, port, 'GET', '/api/v1/objects', auth)).body)
    const before = await wakeTotals(control, port)
    const round = await parkAndFire(
      agent,
      port,
      `/api/v1/objects?since=${state.version as number}&wait=60s${filter}`,
      auth,
      waiters,
      () => waiterCount(control, port),
      async () => {
        const res = await post(control, port, event('fanout', startN + r))
        if (res.status !== 202) throw new Error(`POST failed: ${res.status} ${res.body}`)
      }
    )
    const after = await wakeTotals(control, port)
    p50s.push(percentile(round.times, 50))
    p99s.push(percentile(round.times, 99))
    maxes.push(round.times[round.times.length - 1] as number)
    wakes.push(((after.sum - before.sum) / (after.count - before.count)) * 1000)
    bytes = round.sample.length
    const floor = await parkAndFire(
      floorAgent,
      floorPort,
      '/park',
      auth,
      waiters,
      async () => Number((await send(control, floorPort, 'GET', '/count', {})).body),
      async () => {
        await send(control, floorPort, 'POST', '/fire', {}, round.sample.toString('utf8'))
      }
    )
    floorP50s.push(percentile(floor.times, 50))
    floorP99s.push(percentile(floor.times, 99))
    floorServer.push(Number((await send(control, floorPort, 'GET', '/last', {})).body))
  }
  agent.destroy()
  floorAgent.destroy()
  control.destroy()
  return {
    [`${prefix}_waiters`]: waiters,
    [`${prefix}_rounds`]: FANOUT_ROUNDS,
    [`${prefix}_answer_bytes`]: bytes,
    [`${prefix}_p50_ms`]: round(median(p50s)),
    [`${prefix}_p99_ms`]: round(median(p99s)),
    [`${prefix}_max_ms`]: round(Math.max(...maxes)),
    [`${prefix}_worst_round_p99_ms`]: round(Math.max(...p99s)),
    // Server side only: from the commit of the event to the last answer written (connector_wake_seconds).
    [`${prefix}_server_wake_median_ms`]: round(median(wakes)),
    [`${prefix}_server_wake_worst_ms`]: round(Math.max(...wakes)),
    // The same parked requests on a bare Node server answering the same bytes, in the same run.
    [`${prefix}_floor_p50_ms`]: round(median(floorP50s)),
    [`${prefix}_floor_p99_ms`]: round(median(floorP99s)),
    [`${prefix}_floor_server_ms`]: round(median(floorServer)),
    [`${prefix}_p99_over_floor`]: round(median(p99s) / median(floorP99s))
  }
}

/** DRIBBLERS connections sending an event body at 1 byte/s, each replaced when the server closes it. */
function dribblers(port: number): {stop: () => void; connections: () => number} {
  let on = true
  let connections = 0
  const sockets = new Set<Socket>()
  const body = event('slow', 1).padEnd(1000, ' ')
  const sig = `sha256=${createHmac('sha256', KEY).update(body).digest('hex')}`
  const one = (): void => {
    connections++
    const s = connect(port, '127.0.0.1')
    sockets.add(s)
    s.on('error', () => undefined)
    s.write(
      `POST /api/v1/flux/events HTTP/1.1\r\nHost: x\r\nX-Signature: ${sig}\r\n` +
        `Content-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`
    )
    let at = 0
    const t = setInterval(() => s.destroyed || s.write(body.slice(at, ++at)), 1000)
    s.on('close', () => {
      clearInterval(t)
      sockets.delete(s)
      if (on) one()
    })
  }
  for (let i = 0; i < DRIBBLERS; i++) one()
  return {
    connections: () => connections,
    stop() {
      on = false
      for (const s of sockets) s.destroy()
    }
  }
}

export async function slowClients(port: number): Promise<Record<string, number>> {
  const slow = dribblers(port)
  await new Promise(r => setTimeout(r, 1500)) // the first dribblers are cut off and replaced
  const agent = new Agent({keepAlive: true, maxSockets: POSTERS})
  const acks: number[] = []
  let firstTry503 = 0
  let lost = 0
  let next = 0
  const t0 = performance.now()
  await Promise.all(
    Array.from({length: POSTERS}, async () => {
      while (performance.now() - t0 < SLOW_MS) {
        const n = next++
        const body = event(`app-${n % 200}`, 5_000_000 + n)
        const start = performance.now()
        let status = 0
        for (let attempt = 0; attempt < 3; attempt++) {
          status = (await post(agent, port, body).catch(() => ({status: 0}))).status
          if (status === 202) break
          if (attempt === 0) firstTry503++
          await new Promise(r => setTimeout(r, 2000))
        }
        if (status === 202) acks.push(performance.now() - start)
        else lost++
      }
    })
  )
  const seconds = (performance.now() - t0) / 1000
  slow.stop()
  agent.destroy()
  acks.sort((a, b) => a - b)
  return {
    slow_clients_dribbling: DRIBBLERS,
    slow_clients_connections_made: slow.connections(),
    slow_clients_events_per_second: Math.round(acks.length / seconds),
    slow_clients_first_try_503: firstTry503,
    slow_clients_not_acknowledged: lost,
    slow_clients_ack_p50_ms: round(percentile(acks, 50)),
    slow_clients_ack_p99_ms: round(percentile(acks, 99)),
    slow_clients_ack_max_ms: round(acks[acks.length - 1] ?? NaN)
  }
}

export async function benchConnector(): Promise<Record<string, number>> {
  const dataDir = await mkdtemp(join(tmpdir(), 'connector-bench-'))
  const {child, port} = await startConnector(dataDir)
  const floor = await startFloor()
  try {
    const a = await ingest(port)
    const single = await fanout(port, floor.port, 1_000_000, 'single_waiter', 1)
    // Every waiter reads all 200 objects; then the same with a filter that leaves the one object that changes.
    const b = await fanout(port, floor.port, 2_000_000, 'fanout', WAITERS)
    const c = await fanout(port, floor.port, 3_000_000, 'fanout_filtered', WAITERS, '&name=fanout')
    const d = await slowClients(port)
    return {...a, ...single, ...b, ...c, ...d}
  } finally {
    floor.child.kill('SIGTERM')
    child.kill('SIGTERM')
    await new Promise(res => child.once('exit', res))
    await rm(dataDir, {recursive: true, force: true})
  }
}

async function benchSlowClientsAlone(): Promise<Record<string, number>> {
  const dataDir = await mkdtemp(join(tmpdir(), 'connector-bench-'))
  const {child, port} = await startConnector(dataDir)
  try {
    return await slowClients(port)
  } finally {
    child.kill('SIGTERM')
    await new Promise(res => child.once('exit', res))
    await rm(dataDir, {recursive: true, force: true})
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const results = process.argv.includes('--slow-clients') ? await benchSlowClientsAlone() : await benchConnector()
  for (const [k, v] of Object.entries(results)) console.log(`${k.padEnd(36)} ${v}`)
}
