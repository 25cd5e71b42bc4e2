// Replicas of the bundled connector (dist/connector/index.js) on one PostgreSQL database, as behind a Kubernetes
// Service: events to one read through another, a SIGKILL losing nothing acknowledged, a rolling restart while Flux
// keeps posting with its retry schedule, and long-poll wakes across replicas. Build first: `npm run package`.
import {afterEach, beforeAll, beforeEach, describe, expect, it} from '@jest/globals'
import {spawn} from 'node:child_process'
import type {ChildProcess} from 'node:child_process'
import {existsSync} from 'node:fs'
import {createServer, request} from 'node:http'
import type {Server} from 'node:http'
import type {AddressInfo} from 'node:net'
import {resolve} from 'node:path'
import {performance} from 'node:perf_hooks'
import {postLikeFlux} from '../../testing/fake-flux-webhook.js'
import {childEnv} from '../../testing/child-env.js'
import {ADMIN_URL, createTestDatabase} from '../../testing/postgres.js'
import type {TestDatabase} from '../../testing/postgres.js'
import {PROCESS_HMAC_KEY as FLUX_TEST_KEY} from './payloads.js'
import {untilListening} from '../../testing/connector-process.js'
import {READ_TOKEN, fluxEvent, postEvent, readObjects} from './util.js'
import type {WireState} from './util.js'

const BUNDLE = resolve('dist/connector/index.js')
const describePg = ADMIN_URL ? describe : describe.skip

interface Replica {
  child: ChildProcess
  url: string
  output: () => string
  exited: Promise<number | null>
}

let db: TestDatabase
const children: ChildProcess[] = []

function startReplica(): Promise<Replica> {
  const child = spawn(process.execPath, [BUNDLE], {
    env: childEnv({
      CONNECTOR_HOST: '127.0.0.1',
      CONNECTOR_PORT: '0',
      CONNECTOR_HMAC_KEYS: FLUX_TEST_KEY,
      CONNECTOR_READ_TOKENS: READ_TOKEN,
      CONNECTOR_DATABASE_URL: db.url
    }),
    stdio: ['ignore', 'pipe', 'pipe']
  })
  children.push(child)
  return untilListening(child, 20_000).then(p => ({child, ...p}))
}

/** Reads through `url` until `done` holds (a change reaches another replica in ms; allow a loaded machine). */
async function readUntil(url: string, done: (s: WireState) => boolean, ms = 10_000): Promise<WireState> {
  const deadline = Date.now() + ms
  let state = await readObjects(url)
  while (!done(state) && Date.now() < deadline) {
    state = await readObjects(url, `?since=${state.version}&wait=1s`)
  }
  return state
}

/** A Service in front of the replicas: round-robin over the current endpoints; a failed one answers 502. */
function service(): {url: Promise<string>; endpoints: string[]; server: Server} {
  const endpoints: string[] = []
  let next = 0
  const server = createServer((req, res) => {
    const target = endpoints[next++ % Math.max(1, endpoints.length)]
    if (!target) {
      res.writeHead(503).end()
      return
    }
    const up = request(
      `${target}${req.url ?? '/'}`,
      {method: req.method, headers: req.headers, agent: false},
      upRes => {
        res.writeHead(upRes.statusCode ?? 502, upRes.headers)
        upRes.pipe(res)
      }
    )
    up.on('error', () => {
      if (!res.headersSent) res.writeHead(502)
      res.end()
    })
    req.pipe(up)
  })
  const url = new Promise<string>(r =>
    server.listen(0, '127.0.0.1', () => r(`http://127.0.0.1:${(server.address() as AddressInfo).port}`))
  )
  return {url, endpoints, server}
}

async function stop(r: Replica, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (r.child.exitCode === null && r.child.signalCode === null) r.child.kill(signal)
  await r.exited
}

beforeAll(() => {
  if (!existsSync(BUNDLE)) throw new Error(`${BUNDLE} is missing: run 'npm run package' first`)
})

describePg('connector replicas on one PostgreSQL database', () => {
  beforeEach(async () => {
    db = await createTestDatabase()
  })
  afterEach(async () => {
    for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL')
    await db.drop()
  })

  it('an event posted to A is read through B, with the same version', async () => {
    const [a, b] = await Promise.all([startReplica(), startReplica()])
    const res = await postEvent(a.url, fluxEvent({name: 'podinfo'}))
    expect(res.status).toBe(202)
    const {version} = JSON.parse(res.body) as {version: number}
    const state = await readUntil(b.url, s => s.version >= version)
    expect(state.version).toBe(version)
    expect(state.objects.map(o => [o.name, o.state])).toEqual([['podinfo', 'healthy']])
    expect(await readObjects(a.url)).toEqual(state)
  })

  it('SIGKILL of A after N acknowledged events: all N are visible through B', async () => {
    const [a, b] = await Promise.all([startReplica(), startReplica()])
    const acknowledged: string[] = []
    let killed = false
    await Promise.all(
      Array.from({length: 80}, (_, i) =>
        postEvent(a.url, fluxEvent({name: `app-${i}`})).then(
          res => {
            if (res.status === 202 && !killed) {
              acknowledged.push(`app-${i}`)
              if (acknowledged.length === 40) {
                killed = true
                a.child.kill('SIGKILL')
              }
            }
          },
          () => undefined // in flight when A died: never acknowledged
        )
      )
    )
    await a.exited
    expect(acknowledged.length).toBeGreaterThanOrEqual(40)
    const state = await readUntil(b.url, s => acknowledged.every(n => s.objects.some(o => o.name === n)))
    const names = new Set(state.objects.map(o => o.name))
    for (const name of acknowledged) expect(names.has(name)).toBe(true)
    expect(state.version).toBe(state.objects.length)
  })

  it('a rolling restart of both replicas while Flux posts (with its retries) loses nothing', async () => {
    const svc = service()
    const svcUrl = await svc.url
    try {
      let a = await startReplica()
      let b = await startReplica()
      svc.endpoints.push(a.url, b.url)
      // Flux posts every 50 ms from before the roll until after it (at least 40 events).
      let rolled = false
      const posts: Promise<{status: number; attempts: number}>[] = []
      const posting = (async () => {
        while (!rolled || posts.length < 40) {
          const i = posts.length
          // Flux's retry schedule (2, 4, 8 s) shortened tenfold: the same shape, less waiting.
          const url = `${svcUrl}/api/v1/flux/events`
          posts.push(postLikeFlux(url, fluxEvent({name: `app-${i}`}), FLUX_TEST_KEY, {backoffMs: [200, 400, 800]}))
          await new Promise(r => setTimeout(r, 50))
        }
      })()
      // Roll A, then B: the old pod gets SIGTERM while still an endpoint (the usual race), the new one joins.
      await new Promise(r => setTimeout(r, 500))
      for (const which of ['a', 'b'] as const) {
        const old = which === 'a' ? a : b
        const fresh = await startReplica()
        svc.endpoints.push(fresh.url)
        await stop(old)
        svc.endpoints.splice(svc.endpoints.indexOf(old.url), 1)
        if (which === 'a') a = fresh
        else b = fresh
        await new Promise(r => setTimeout(r, 300))
      }
      rolled = true
      await posting
      const total = posts.length
      const answers = await Promise.all(posts)
      expect(answers.filter(x => x.status !== 202)).toEqual([])
      const want = Array.from({length: total}, (_, i) => `app-${i}`).sort()
      for (const url of [a.url, b.url]) {
        const state = await readUntil(url, s => s.objects.length === total)
        expect(state.objects.map(o => o.name).sort()).toEqual(want)
      }
    } finally {
      svc.server.closeAllConnections()
      svc.server.close()
    }
  }, 90_000)

  it('a long-poll on B wakes within 100 ms of an event committed on A', async () => {
    const [a, b] = await Promise.all([startReplica(), startReplica()])
    await postEvent(a.url, fluxEvent({name: 'warm-up'}))
    let state = await readUntil(b.url, s => s.version >= 1)
    const latencies: number[] = []
    for (let i = 0; i < 7; i++) {
      let answered = 0
      const waiting = readObjects(b.url, `?since=${state.version}&wait=30s`).then(s => {
        answered = performance.now()
        return s
      })
      await new Promise(r => setTimeout(r, 100)) // parked on B
      const res = await postEvent(a.url, fluxEvent({name: 'app', message: `run ${i}`}))
      const committed = performance.now()
      expect(res.status).toBe(202)
      state = await waiting
      expect(state.objects.find(o => o.name === 'app')?.message).toBe(`run ${i}`)
      latencies.push(Math.max(0, answered - committed))
    }
    latencies.sort((x, y) => x - y)
    // The median from A's 202 to B's answer (a few ms on an idle machine).
    expect(latencies[3]).toBeLessThan(100)
  })
})
