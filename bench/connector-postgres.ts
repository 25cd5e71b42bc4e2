// Bench: the built connector on the PostgreSQL store, two replicas on one fresh database.
//  1. ingest: signed events to replica A, each answered 202 only after COMMIT, 16 concurrent posters
//  2. cross-replica wake: a long-poll parked on B, one event posted to A; time from A's 202 (and from the POST's
//     start) to B's answer, over 30 rounds
//  3. outage: one replica reaching the database through a TCP proxy that is cut for 3 s, then hung for 6 s: the
//     answers to events posted meanwhile (status, slowest answer), the time from the database's return to the first
//     202, sessions held (pg_stat_activity) during and after, and the replica's peak RSS. Alone: --outage
// Needs a server: GITOPS_PROMOTE_BENCH_DATABASE_URL or GITOPS_PROMOTE_TEST_DATABASE_URL (superuser URL; a database is
// created and dropped). `source .ci/postgres.sh` starts a throwaway one.
// Build and run: npm run package && npx tsc -p tsconfig.scripts.json && node build/bench/connector-postgres.js
import {createHmac, randomBytes} from 'node:crypto'
import {mkdtemp, rm} from 'node:fs/promises'
import {Agent, request} from 'node:http'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {performance} from 'node:perf_hooks'
import {pathToFileURL} from 'node:url'
import pg from 'pg'
import {readFileSync} from 'node:fs'
import {startTcpProxy, type TcpProxy} from '../testing/tcp-proxy.js'
import {KEY, TOKEN, event, ingest, post, send, startConnector} from './connector.js'

const WAKE_ROUNDS = 30

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN
}

async function admin(url: string, sql: string): Promise<void> {
  const c = new pg.Client({connectionString: url})
  await c.connect()
  try {
    await c.query(sql)
  } finally {
    await c.end()
  }
}

async function crossReplicaWake(portA: number, portB: number): Promise<Record<string, number>> {
  const control = new Agent({keepAlive: false})
  const afterAck: number[] = []
  const fromPost: number[] = []
  const auth = {authorization: `Bearer ${TOKEN}`}
  let version = (JSON.parse((await send(control, portB, 'GET', '/api/v1/objects', auth)).body) as {version: number})
    .version
  for (let r = 0; r < WAKE_ROUNDS; r++) {
    let answered = 0
    const waiting = new Promise<number>((resolve, reject) => {
      const req = request(
        {host: '127.0.0.1', port: portB, path: `/api/v1/objects?since=${version}&wait=30s`, headers: auth},
        res => {
          let text = ''
          res.setEncoding('utf8')
          res.on('data', (d: string) => (text += d))
          res.on('end', () => {
            answered = performance.now()
            resolve((JSON.parse(text) as {version: number}).version)
          })
        }
      )
      req.on('error', reject)
      req.end()
    })
    await new Promise(res => setTimeout(res, 50)) // parked on B
    const sent = performance.now()
    const res = await post(control, portA, event('wake', 3_000_000 + r))
    const acked = performance.now()
    if (res.status !== 202) throw new Error(`POST failed: ${res.status} ${res.body}`)
    version = await waiting
    afterAck.push(Math.max(0, answered - acked))
    fromPost.push(answered - sent)
  }
  control.destroy()
  afterAck.sort((a, b) => a - b)
  fromPost.sort((a, b) => a - b)
  const round = (n: number) => Number(n.toFixed(2))
  return {
    replica_wake_rounds: WAKE_ROUNDS,
    replica_wake_after_202_p50_ms: round(percentile(afterAck, 50)),
    replica_wake_after_202_p99_ms: round(percentile(afterAck, 99)),
    replica_wake_from_post_p50_ms: round(percentile(fromPost, 50)),
    replica_wake_from_post_p99_ms: round(percentile(fromPost, 99))
  }
}

/** How long each outage lasts: a cut of 3 s (or GITOPS_PROMOTE_BENCH_OUTAGE_CUT_MS); a hang longer than the 5 s
 * statement timeout. */
const OUTAGE_MS = {cut: Number(process.env.GITOPS_PROMOTE_BENCH_OUTAGE_CUT_MS ?? 3000), hang: 6000}
/** A post's answer, or status 0 when none came within this long (a hung connector). */
const ANSWER_WITHIN_MS = 12_000

/** One signed event POST on a fresh connection: the status (0: no answer in time) and how long the answer took. */
function postTimed(port: number, body: string): Promise<{status: number; ms: number}> {
  const t0 = performance.now()
  const sig = `sha256=${createHmac('sha256', KEY).update(body).digest('hex')}`
  return new Promise(resolve => {
    const done = (status: number): void => resolve({status, ms: performance.now() - t0})
    const req = request(
      {
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: '/api/v1/flux/events',
        agent: false,
        headers: {'content-type': 'application/json', 'x-signature': sig}
      },
      res => {
        res.resume()
        res.on('end', () => done(res.statusCode ?? 0))
      }
    )
    req.setTimeout(ANSWER_WITHIN_MS, () => {
      req.destroy()
      done(0)
    })
    req.on('error', () => done(0))
    req.end(body)
  })
}

async function sessionCount(adminUrl: string, database: string): Promise<number> {
  const c = new pg.Client({connectionString: adminUrl})
  await c.connect()
  try {
    const r = await c.query<{n: string}>(
      'SELECT count(*) AS n FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()',
      [database]
    )
    return Number(r.rows[0]?.n)
  } finally {
    await c.end()
  }
}

function rssMiB(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
  return m ? Number(m[1]) / 1024 : NaN
}

/** One outage (`cut` or `hang`) with events posted every 250 ms; then the recovery. */
async function outagePhase(
  how: 'cut' | 'hang',
  ctx: {proxy: TcpProxy; port: number; pid: number; adminUrl: string; database: string; n: number}
): Promise<Record<string, number>> {
  const {proxy, port, pid} = ctx
  const answers: Promise<{status: number; ms: number}>[] = []
  let sessionsDuring = 0
  let rss = rssMiB(pid)
  if (how === 'cut') proxy.cut()
  else proxy.hang()
  const t0 = performance.now()
  let i = 0
  while (performance.now() - t0 < OUTAGE_MS[how]) {
    answers.push(postTimed(port, event(`outage-${how}`, ctx.n + i++)))
    sessionsDuring = Math.max(sessionsDuring, proxy.open)
    rss = Math.max(rss, rssMiB(pid))
    await new Promise(r => setTimeout(r, 250))
  }
  proxy.heal()
  const back = performance.now()
  let recovered = NaN
  for (let k = 0; performance.now() - back < 20_000; k++) {
    const r = await postTimed(port, event(`after-${how}`, ctx.n + 1000 + k))
    if (r.status === 202) {
      recovered = performance.now() - back
      break
    }
    await new Promise(res => setTimeout(res, 50))
  }
  const during = await Promise.all(answers)
  rss = Math.max(rss, rssMiB(pid))
  await new Promise(r => setTimeout(r, 3000))
  const after = await sessionCount(ctx.adminUrl, ctx.database)
  return {
    [`outage_${how}_posts`]: during.length,
    [`outage_${how}_answered_202`]: during.filter(a => a.status === 202).length,
    [`outage_${how}_answered_503`]: during.filter(a => a.status === 503).length,
    [`outage_${how}_no_answer_in_12s`]: during.filter(a => a.status === 0).length,
    [`outage_${how}_slowest_answer_ms`]: Math.round(Math.max(...during.map(a => a.ms))),
    [`outage_${how}_first_202_after_return_ms`]: Math.round(recovered),
    [`outage_${how}_proxy_connections_max_during`]: sessionsDuring,
    [`outage_${how}_sessions_3s_after`]: after,
    [`outage_${how}_rss_peak_mib`]: Number(rss.toFixed(1))
  }
}

export async function benchOutage(adminUrl: string, url: URL, dataDir: string): Promise<Record<string, number>> {
  const proxy = await startTcpProxy(url.hostname, Number(url.port))
  const database = url.pathname.slice(1)
  const r = await startConnector(dataDir, {CONNECTOR_DATABASE_URL: proxy.url(url.toString())})
  try {
    const pid = r.child.pid as number
    for (let k = 0; k < 20; k++) await postTimed(r.port, event('warm', 8_000_000 + k))
    const before = await sessionCount(adminUrl, database)
    const ctx = {proxy, port: r.port, pid, adminUrl, database}
    const cut = await outagePhase('cut', {...ctx, n: 8_100_000})
    const hang = await outagePhase('hang', {...ctx, n: 8_200_000})
    return {outage_sessions_before: before, ...cut, ...hang}
  } finally {
    r.child.kill('SIGKILL')
    await new Promise(res => r.child.once('exit', res))
    await proxy.close()
  }
}

export async function benchConnectorPostgres(): Promise<Record<string, number>> {
  const adminUrl = process.env.GITOPS_PROMOTE_BENCH_DATABASE_URL ?? process.env.GITOPS_PROMOTE_TEST_DATABASE_URL
  if (!adminUrl) {
    console.error('PostgreSQL bench skipped: set GITOPS_PROMOTE_BENCH_DATABASE_URL (or `source .ci/postgres.sh`)')
    return {postgres_skipped: 1}
  }
  const name = `gp_bench_${randomBytes(4).toString('hex')}`
  await admin(adminUrl, `CREATE DATABASE ${name}`)
  const url = new URL(adminUrl)
  url.pathname = `/${name}`
  const dataDir = await mkdtemp(join(tmpdir(), 'connector-bench-pg-'))
  const env = {CONNECTOR_DATABASE_URL: url.toString()}
  const replicas: Awaited<ReturnType<typeof startConnector>>[] = []
  try {
    const a = await startConnector(dataDir, env)
    replicas.push(a)
    const ingested = await ingest(a.port)
    const b = await startConnector(dataDir, env)
    replicas.push(b)
    const wake = await crossReplicaWake(a.port, b.port)
    const renamed = Object.fromEntries(Object.entries(ingested).map(([k, v]) => [`postgres_${k}`, v]))
    const outage = await benchOutage(adminUrl, url, dataDir)
    return {...renamed, ...wake, ...outage}
  } finally {
    for (const r of replicas) {
      r.child.kill('SIGTERM')
      await new Promise(res => r.child.once('exit', res))
    }
    await rm(dataDir, {recursive: true, force: true})
    await admin(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
  }
}

/** Only the outage, on a database of its own. */
async function benchOutageAlone(): Promise<Record<string, number>> {
  const adminUrl = process.env.GITOPS_PROMOTE_BENCH_DATABASE_URL ?? process.env.GITOPS_PROMOTE_TEST_DATABASE_URL
  if (!adminUrl) throw new Error('set GITOPS_PROMOTE_BENCH_DATABASE_URL (or `source .ci/postgres.sh`)')
  const name = `gp_bench_${randomBytes(4).toString('hex')}`
  await admin(adminUrl, `CREATE DATABASE ${name}`)
  const url = new URL(adminUrl)
  url.pathname = `/${name}`
  const dataDir = await mkdtemp(join(tmpdir(), 'connector-bench-pg-'))
  try {
    return await benchOutage(adminUrl, url, dataDir)
  } finally {
    await rm(dataDir, {recursive: true, force: true})
    await admin(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const results = process.argv.includes('--outage') ? await benchOutageAlone() : await benchConnectorPostgres()
  for (const [k, v] of Object.entries(results)) console.log(`${k.padEnd(32)} ${v}`)
}
