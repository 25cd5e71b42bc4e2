// The connector's configuration: environment variables only, validated up front so a bad value fails at start
// with the variable's name instead of at the first request.
import {readFileSync} from 'node:fs'
import {parseDuration} from '../core/duration.js'

export interface ConnectorConfig {
  host: string
  port: number
  /** HMAC keys, any of which may sign an event (rotation: add the new key, switch Flux, drop the old one). */
  hmacKeys: Buffer[]
  /** Bearer tokens accepted by the read API. */
  readTokens: string[]
  dataDir: string
  maxBodyBytes: number
  /** The event log is compacted into a snapshot once it grows past this many bytes. */
  compactBytes: number
  /** Longest time a client may take to send a request's headers, in ms. */
  headersTimeoutMs: number
  /** Longest time a client may take to send a whole request (headers and body), in ms. */
  requestTimeoutMs: number
  /** Event bodies being received before their signature can be checked; more get 503 at once. */
  maxUnverifiedBodies: number
  /** PostgreSQL URL: replicas share this database. Null: the file store in `dataDir`, one replica. */
  databaseUrl: string | null
  /** Objects not heard of for this long are pruned. */
  retentionMs: number
  /** Handoff (`wait: handoff`): set when CONNECTOR_WATCH_TOKENS is. */
  handoff?: HandoffConfig
  // Limits against outages and slow clients (readLimits).
  /** PostgreSQL sessions in the pool at most (the one LISTEN session is extra). */
  databasePoolSize: number
  /** Connect and statement timeout of every PostgreSQL session, in ms. */
  databaseTimeoutMs: number
  /** A request body must arrive at least this fast (bytes/s) after its first second, or the connection is closed. */
  minBodyBytesPerSecond: number
}

export interface HandoffConfig {
  /** Bearer tokens accepted by POST /api/v1/watches (separate from the read tokens). */
  watchTokens: string[]
  app: {appId: string; privateKey: string; apiUrl: string}
}

export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    message: string
  ) {
    super(`${variable}: ${message}`)
    this.name = 'ConfigError'
  }
}

interface VariableDoc {
  name: string
  default: string
  meaning: string
}

export const VARIABLES: readonly VariableDoc[] = [
  {name: 'CONNECTOR_HOST', default: '0.0.0.0', meaning: 'Address to listen on.'},
  {name: 'CONNECTOR_PORT', default: '8080', meaning: 'TCP port to listen on (0 picks a free port).'},
  {
    name: 'CONNECTOR_HMAC_KEYS',
    default: '(required)',
    meaning: "Comma-separated HMAC keys; an event signed with any one is accepted (the Flux Provider secret's `token`)."
  },
  {
    name: 'CONNECTOR_READ_TOKENS',
    default: '(required)',
    meaning: 'Comma-separated bearer tokens accepted by GET /api/v1/objects.'
  },
  {name: 'CONNECTOR_DATA_DIR', default: './data', meaning: 'Directory for the event log and the state snapshot.'},
  {name: 'CONNECTOR_MAX_BODY_BYTES', default: '1048576', meaning: 'Largest accepted event body; larger ones get 413.'},
  {
    name: 'CONNECTOR_COMPACT_BYTES',
    default: '8388608',
    meaning: 'Compact the event log into a snapshot once it is larger than this.'
  },
  {
    name: 'CONNECTOR_HEADERS_TIMEOUT',
    default: '10',
    meaning: 'Seconds a client may take to send the request headers; slower ones get 408 and are disconnected.'
  },
  {
    name: 'CONNECTOR_REQUEST_TIMEOUT',
    default: '30',
    meaning: 'Seconds a client may take to send a whole request, body included (not the long-poll hold).'
  },
  {
    name: 'CONNECTOR_MAX_UNVERIFIED_BODIES',
    default: '32',
    meaning: 'Event bodies received at once before their signature is checked; beyond it 503 (Flux retries).'
  },
  {
    name: 'CONNECTOR_DATABASE_URL',
    default: '(none: the file store)',
    meaning: 'postgres://user:password@host:port/database: keep state in PostgreSQL, so several replicas can serve.'
  },
  {
    name: 'CONNECTOR_DATABASE_POOL',
    default: '10',
    meaning: 'PostgreSQL sessions in the pool per replica at most, plus one LISTEN session.'
  },
  {
    name: 'CONNECTOR_DATABASE_TIMEOUT',
    default: '5',
    meaning: 'Seconds to connect to PostgreSQL, and for each statement; past it the request gets 503.'
  },
  {
    name: 'CONNECTOR_MIN_BODY_RATE',
    default: '1024',
    meaning: 'Bytes per second a request body must arrive at after its first second, or the connection is closed.'
  },
  {
    name: 'CONNECTOR_RETENTION',
    default: '720h',
    meaning: 'Forget objects no event has mentioned for this long (e.g. 720h, 168h, 90m).'
  },
  {
    name: 'CONNECTOR_WATCH_TOKENS',
    default: '(none: handoff off)',
    meaning:
      'Comma-separated bearer tokens accepted by POST /api/v1/watches (wait: handoff); setting it turns handoff on.'
  },
  {name: 'CONNECTOR_GITHUB_APP_ID', default: '(required with handoff)', meaning: "The GitHub App's id."},
  {
    name: 'CONNECTOR_GITHUB_APP_PRIVATE_KEY',
    default: '(required with handoff)',
    meaning: "The App's private key (PEM); or CONNECTOR_GITHUB_APP_PRIVATE_KEY_FILE, a file holding it."
  },
  {
    name: 'CONNECTOR_GITHUB_API_URL',
    default: 'https://api.github.com',
    meaning: 'GitHub REST API base (GitHub Enterprise Server: https://HOST/api/v3).'
  }
]

export function helpText(): string {
  const width = Math.max(...VARIABLES.map(v => v.name.length))
  const lines = VARIABLES.map(v => `  ${v.name.padEnd(width)}  ${v.meaning} Default: ${v.default}.`)
  return [
    'gitops-promote connector: receives Flux generic-hmac webhook events and serves object state.',
    '',
    'Usage: node dist/connector/index.js [--help]',
    '',
    'Configuration (environment variables):',
    ...lines,
    '',
    'Endpoints: POST /api/v1/flux/events, GET /api/v1/objects?since=N&wait=25s[&cluster=&kind=&namespace=&name=&commit=],',
    '           POST /api/v1/watches, GET /api/v1/watches/{id}, GET /healthz, GET /readyz, GET /metrics',
    ''
  ].join('\n')
}

type Env = Record<string, string | undefined>

/** Splits a comma-separated list; surrounding whitespace of each item is dropped, empty items are ignored. */
function list(env: Env, name: string): string[] {
  const raw = env[name]
  if (raw === undefined || raw.trim() === '') throw new ConfigError(name, 'is required (comma-separated list)')
  const items = raw
    .split(',')
    .map(s => s.trim())
    .filter(s => s !== '')
  if (items.length === 0) throw new ConfigError(name, 'is required: no non-empty value in the comma-separated list')
  return items
}

function integer(env: Env, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name]
  if (raw === undefined || raw.trim() === '') return fallback
  const value = raw.trim()
  if (!/^\d+$/.test(value)) throw new ConfigError(name, `must be a whole number, got '${value}'`)
  const n = Number(value)
  if (n < min || n > max) throw new ConfigError(name, `must be between ${min} and ${max}, got ${n}`)
  return n
}

function databaseUrl(env: Env): string | null {
  const raw = (env.CONNECTOR_DATABASE_URL ?? '').trim()
  if (raw === '') return null
  if (!/^postgres(ql)?:\/\//.test(raw)) {
    throw new ConfigError('CONNECTOR_DATABASE_URL', 'must be a postgres:// or postgresql:// URL')
  }
  try {
    new URL(raw)
  } catch {
    throw new ConfigError('CONNECTOR_DATABASE_URL', 'is not a valid URL')
  }
  return raw
}

function retention(env: Env): number {
  const raw = (env.CONNECTOR_RETENTION ?? '').trim()
  if (raw === '') return 720 * 3_600_000
  const ms = parseDuration(raw)
  if (ms === undefined)
    throw new ConfigError('CONNECTOR_RETENTION', `must be a duration like 720h or 90m, got '${raw}'`)
  if (ms < 1000) throw new ConfigError('CONNECTOR_RETENTION', `must be at least 1s, got '${raw}'`)
  return ms
}

export function readConfig(env: Env = process.env): ConnectorConfig {
  const host = (env.CONNECTOR_HOST ?? '').trim() || '0.0.0.0'
  const port = integer(env, 'CONNECTOR_PORT', 8080, 0, 65535)
  const hmacKeys = list(env, 'CONNECTOR_HMAC_KEYS').map(k => Buffer.from(k, 'utf8'))
  const readTokens = list(env, 'CONNECTOR_READ_TOKENS')
  const dataDir = (env.CONNECTOR_DATA_DIR ?? '').trim() || './data'
  const maxBodyBytes = integer(env, 'CONNECTOR_MAX_BODY_BYTES', 1024 * 1024, 1024, 64 * 1024 * 1024)
  const compactBytes = integer(env, 'CONNECTOR_COMPACT_BYTES', 8 * 1024 * 1024, 4096, 1024 * 1024 * 1024)
  const handoff = readHandoff(env)
  const headersTimeoutMs = integer(env, 'CONNECTOR_HEADERS_TIMEOUT', 10, 1, 600) * 1000
  const requestTimeoutMs = integer(env, 'CONNECTOR_REQUEST_TIMEOUT', 30, 1, 3600) * 1000
  if (requestTimeoutMs < headersTimeoutMs) {
    throw new ConfigError(
      'CONNECTOR_REQUEST_TIMEOUT',
      `must be at least CONNECTOR_HEADERS_TIMEOUT (${headersTimeoutMs / 1000}), got ${requestTimeoutMs / 1000}`
    )
  }
  const maxUnverifiedBodies = integer(env, 'CONNECTOR_MAX_UNVERIFIED_BODIES', 32, 1, 10_000)
  return {
    ...(handoff ? {handoff} : {}),
    host,
    port,
    hmacKeys,
    readTokens,
    dataDir,
    maxBodyBytes,
    compactBytes,
    headersTimeoutMs,
    requestTimeoutMs,
    maxUnverifiedBodies,
    databaseUrl: databaseUrl(env),
    retentionMs: retention(env),
    ...readLimits(env)
  }
}

/** The outage and slow-client limits, one block (docs/connector.md "Limits"). */
function readLimits(
  env: Env
): Pick<ConnectorConfig, 'databasePoolSize' | 'databaseTimeoutMs' | 'minBodyBytesPerSecond'> {
  return {
    databasePoolSize: integer(env, 'CONNECTOR_DATABASE_POOL', 10, 1, 1000),
    databaseTimeoutMs: integer(env, 'CONNECTOR_DATABASE_TIMEOUT', 5, 1, 600) * 1000,
    minBodyBytesPerSecond: integer(env, 'CONNECTOR_MIN_BODY_RATE', 1024, 1, 1024 * 1024 * 1024)
  }
}

function readHandoff(env: Env): HandoffConfig | undefined {
  if ((env.CONNECTOR_WATCH_TOKENS ?? '').trim() === '') return undefined
  const watchTokens = list(env, 'CONNECTOR_WATCH_TOKENS')
  const appId = (env.CONNECTOR_GITHUB_APP_ID ?? '').trim()
  if (!/^\d+$/.test(appId)) {
    throw new ConfigError('CONNECTOR_GITHUB_APP_ID', `is required with CONNECTOR_WATCH_TOKENS: the App's numeric id`)
  }
  let privateKey = env.CONNECTOR_GITHUB_APP_PRIVATE_KEY ?? ''
  const file = (env.CONNECTOR_GITHUB_APP_PRIVATE_KEY_FILE ?? '').trim()
  if (privateKey.trim() !== '' && file !== '') {
    throw new ConfigError(
      'CONNECTOR_GITHUB_APP_PRIVATE_KEY',
      'and CONNECTOR_GITHUB_APP_PRIVATE_KEY_FILE are both set; set one'
    )
  }
  if (file !== '') {
    try {
      privateKey = readFileSync(file, 'utf8')
    } catch (e) {
      throw new ConfigError('CONNECTOR_GITHUB_APP_PRIVATE_KEY_FILE', `cannot be read: ${(e as Error).message}`)
    }
  }
  // A key pasted into a one-line variable often carries literal \n.
  privateKey = privateKey.replace(/\\n/g, '\n').trim()
  if (!/^-----BEGIN (RSA )?PRIVATE KEY-----[\s\S]+-----END (RSA )?PRIVATE KEY-----$/.test(privateKey)) {
    throw new ConfigError(
      file ? 'CONNECTOR_GITHUB_APP_PRIVATE_KEY_FILE' : 'CONNECTOR_GITHUB_APP_PRIVATE_KEY',
      "is required with CONNECTOR_WATCH_TOKENS: the App's private key in PEM (-----BEGIN RSA PRIVATE KEY-----)"
    )
  }
  const apiUrl = ((env.CONNECTOR_GITHUB_API_URL ?? '').trim() || 'https://api.github.com').replace(/\/+$/, '')
  try {
    const u = new URL(apiUrl)
    if (u.protocol !== 'https:' && u.protocol !== 'http:') throw new Error('not http(s)')
  } catch {
    throw new ConfigError('CONNECTOR_GITHUB_API_URL', `must be an http(s) URL, got '${apiUrl}'`)
  }
  return {watchTokens, app: {appId, privateKey: `${privateKey}\n`, apiUrl}}
}
