// Bench: the built connector on the PostgreSQL store, two replicas on one fresh database.
//  1. ingest: signed events to replica A, each answered 202 only after COMMIT, 16 concurrent posters
//  2. cross-replica wake: a long-poll parked on B, one event posted to A; time from A's 202 (and from the POST's
//     start) to B's answer, over 30 rounds
// Needs a server: GITOPS_PROMOTE_BENCH_DATABASE_URL or GITOPS_PROMOTE_TEST_DATABASE_URL (superuser URL; a database is
// created and dropped). `source .ci/postgres.sh` starts a throwaway one.
// Build and run: npm run package && npx tsc -p tsconfig.scripts.json && node build/bench/connector-postgres.js
import {randomBytes} from 'node:crypto'
import {mkdtemp, rm} from 'node:fs/promises'
import {Agent, request} from 'node:http'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import {performance} from 'node:perf_hooks'
import {pathToFileURL} from 'node:url'
import pg from 'pg'
import {TOKEN, event, ingest, post, send, startConnector} from './connector.js'

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
    return {...renamed, ...wake}
  } finally {
    for (const r of replicas) {
      r.child.kill('SIGTERM')
      await new Promise(res => r.child.once('exit', res))
    }
    await rm(dataDir, {recursive: true, force: true})
    await admin(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const results = await benchConnectorPostgres()
  for (const [k, v] of Object.entries(results)) console.log(`${k.padEnd(32)} ${v}`)
}
