// Helpers shared by the connector tests: a connector on 127.0.0.1:0 in a temp dir, plain HTTP without keep-alive,
// and Flux events built and signed like notification-controller does.
import {request} from 'node:http'
import {mkdtemp, rm} from 'node:fs/promises'
import {tmpdir} from 'node:os'
import {join} from 'node:path'
import type {ConnectorConfig} from '../../src/connector/config.js'
import {startConnector} from '../../src/connector/server.js'
import type {RunningConnector} from '../../src/connector/server.js'
import {sign} from '../../src/connector/signature.js'
import {FLUX_TEST_KEY, PROCESS_HMAC_KEY} from './payloads.js'

export const SECOND_KEY = 'rotated-hmac-key-2-0123456789abcdef0123'
export const READ_TOKEN = 'read-token-1-0123456789abcdef0123456789'
export const READ_TOKEN_2 = 'read-token-2-0123456789abcdef0123456789'
export const SHA_A = '731f7eaddfb6af01cb2173e18f0f75b0ba780ef1'
export const SHA_B = 'b0b1b2b3b4b5b6b7b8b9c0c1c2c3c4c5c6c7c8c9'

export interface HttpAnswer {
  status: number
  headers: Record<string, string | string[] | undefined>
  body: string
}

export function http(
  method: string,
  url: string,
  opts: {headers?: Record<string, string>; body?: string | Buffer} = {}
): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const req = request(url, {method, headers: opts.headers, agent: false}, res => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () =>
        resolve({status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8')})
      )
      res.on('error', reject)
    })
    req.on('error', reject)
    req.end(opts.body)
  })
}

export async function tempDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'connector-test-'))
}

export function testConfig(dataDir: string, overrides: Partial<ConnectorConfig> = {}): ConnectorConfig {
  return {
    host: '127.0.0.1',
    port: 0,
    hmacKeys: [Buffer.from(FLUX_TEST_KEY), Buffer.from(SECOND_KEY), Buffer.from(PROCESS_HMAC_KEY)],
    readTokens: [READ_TOKEN, READ_TOKEN_2],
    dataDir,
    maxBodyBytes: 64 * 1024,
    compactBytes: 1024 * 1024,
    headersTimeoutMs: 10_000,
    requestTimeoutMs: 30_000,
    maxUnverifiedBodies: 32,
    databaseUrl: null,
    retentionMs: 720 * 3_600_000,
    databasePoolSize: 10,
    databaseTimeoutMs: 5000,
    minBodyBytesPerSecond: 1024,
    ...overrides
  }
}

/** The in-process connectors' clock: fixed, on the day of the events' default timestamp, not the day tests run. */
export const testClock = (): number => Date.parse('2026-08-07T10:16:00Z')

export interface TestConnector extends RunningConnector {
  dataDir: string
  /** Closes the server and removes the data dir. */
  dispose(): Promise<void>
}

export async function startTestConnector(
  overrides: Partial<ConnectorConfig> = {},
  dataDir?: string
): Promise<TestConnector> {
  const dir = dataDir ?? (await tempDir())
  const running = await startConnector(testConfig(dir, overrides), {
    clock: testClock,
    ...(process.env.CONNECTOR_TEST_LOG ? {log: (m: string) => console.log(m)} : {})
  })
  return {
    ...running,
    dataDir: dir,
    async dispose() {
      await running.close()
      if (!dataDir) await rm(dir, {recursive: true, force: true})
    }
  }
}

export interface EventSpec {
  kind?: string
  namespace?: string
  name?: string
  severity?: 'info' | 'error'
  reason?: string
  message?: string
  timestamp?: string
  metadata?: Record<string, string>
}

/** A Flux event as NC forwards it (un-prefixed metadata), compact JSON. */
export function fluxEvent(spec: EventSpec = {}): string {
  return JSON.stringify({
    involvedObject: {
      kind: spec.kind ?? 'Kustomization',
      namespace: spec.namespace ?? 'flux-system',
      name: spec.name ?? 'apps',
      uid: '7d0cdc51-ddcf-4743-b223-83ca5c699632',
      apiVersion: 'kustomize.toolkit.fluxcd.io/v1'
    },
    severity: spec.severity ?? 'info',
    timestamp: spec.timestamp ?? '2026-08-07T10:15:40Z',
    message: spec.message ?? 'Reconciliation finished in 1s, next run in 10m0s',
    reason: spec.reason ?? 'ReconciliationSucceeded',
    metadata: spec.metadata ?? {cluster: 'staging', revision: `main@sha1:${SHA_A}`},
    reportingController: 'kustomize-controller'
  })
}

/** Signed with a key connector processes accept (32+ characters); in-process connectors accept it too. */
export function postEvent(baseUrl: string, body: string, key: string = PROCESS_HMAC_KEY): Promise<HttpAnswer> {
  return http('POST', `${baseUrl}/api/v1/flux/events`, {
    headers: {'content-type': 'application/json', 'x-signature': sign(body, key)},
    body
  })
}

export interface WireState {
  version: number
  objects: {
    cluster: string
    kind: string
    namespace: string
    name: string
    revision: string | null
    commit: string | null
    state: string
    reason: string
    message: string
    updatedAt: string
  }[]
}

export async function readObjects(baseUrl: string, query = '', token = READ_TOKEN): Promise<WireState> {
  const res = await http('GET', `${baseUrl}/api/v1/objects${query}`, {headers: {authorization: `Bearer ${token}`}})
  if (res.status !== 200) throw new Error(`GET objects: ${res.status} ${res.body}`)
  return JSON.parse(res.body) as WireState
}
