// The connector's configuration: environment variables only, validated up front so a bad value fails at start
// with the variable's name instead of at the first request.
import {readFileSync} from 'node:fs'
import {parseDuration} from '../core/duration.js'

export interface ConnectorConfig {
  host: string
  port: number
  /** HMAC keys, any of which may sign an event (rotation: add the new key, switch Flux, drop the old one). */
  hmacKeys: Buffer[]
  /**
   * Bearer tokens accepted by the read API. They read every tenant's objects: objects carry clusters, not
   * repositories, so a read cannot be bound to one repository.
   */
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
  /** GitHub Actions OIDC tokens as callers of reads and watches: set when CONNECTOR_OIDC_REPOSITORIES is. */
  oidc?: OidcConfig
  /** Handoff (`wait: handoff`): set when CONNECTOR_WATCH_TOKENS is, or with OIDC and CONNECTOR_GITHUB_APP_ID. */
  handoff?: HandoffConfig
  // Limits against outages and slow clients (readLimits).
  /** PostgreSQL sessions in the pool at most (the one LISTEN session is extra). */
  databasePoolSize: number
  /** Connect and statement timeout of every PostgreSQL session, in ms. */
  databaseTimeoutMs: number
  /** A request body must arrive at least this fast (bytes/s) after its first second, or the connection is closed. */
  minBodyBytesPerSecond: number
}

/** A static watch token and the repositories (one owner/name glob) it may act for. */
export interface BoundToken {
  repositories: string
  token: string
}

export interface OidcConfig {
  /** The `iss` claim and where `/.well-known/openid-configuration` is found. */
  issuer: string
  /** The `aud` claim the action requests (its `connector-audience`). */
  audience: string
  /** owner/name globs: a token's `repository` claim must match one. */
  repositories: string[]
}

export interface HandoffConfig {
  /** Bearer tokens accepted by POST /api/v1/watches (separate from the read tokens), each bound to repositories. */
  watchTokens: BoundToken[]
  /** Gitops repositories any caller may watch, besides those within its own binding (owner/name globs). */
  gitopsRepositories: string[]
  /** Watches not done per dispatch repository; one more is 429. */
  maxWatchesPerRepo: number
  /** Finished watches are deleted this long after they finished. */
  watchRetentionMs: number
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

export const OIDC_ISSUER = 'https://token.actions.githubusercontent.com'

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
    default: '(required unless OIDC is on)',
    meaning: 'Comma-separated bearer tokens (32+ characters) accepted by GET /api/v1/objects; each reads every tenant.'
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
    default: '(none)',
    meaning:
      'Comma-separated owner/repo-glob=token entries accepted by POST /api/v1/watches (wait: handoff), each acting ' +
      'only for the repositories its glob matches; setting it turns handoff on.'
  },
  {
    name: 'CONNECTOR_OIDC_REPOSITORIES',
    default: '(none: OIDC off)',
    meaning:
      'Comma-separated owner/name globs (acme/*): GitHub Actions OIDC tokens whose repository claim matches one ' +
      'are accepted for reads and watches.'
  },
  {
    name: 'CONNECTOR_OIDC_AUDIENCE',
    default: '(required with OIDC)',
    meaning: "The tokens' aud claim: the action's connector-audience (default: the connector's URL)."
  },
  {
    name: 'CONNECTOR_OIDC_ISSUER',
    default: OIDC_ISSUER,
    meaning: 'The OIDC issuer; its keys come from <issuer>/.well-known/openid-configuration (jwks_uri).'
  },
  {
    name: 'CONNECTOR_GITOPS_REPOSITORIES',
    default: '(none)',
    meaning:
      "Comma-separated owner/name globs of gitops repositories any caller may watch; else a watch's repository " +
      "must be within the caller's own."
  },
  {
    name: 'CONNECTOR_MAX_WATCHES_PER_REPO',
    default: '100',
    meaning: 'Watches not yet done per dispatch repository; one more is refused with 429.'
  },
  {
    name: 'CONNECTOR_WATCH_RETENTION',
    default: '168h',
    meaning: 'Finished watches are deleted this long after they finished.'
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

/** `range`: the smallest and the largest value allowed, both included. */
function integer(env: Env, name: string, fallback: number, [min, max]: [number, number]): number {
  const raw = env[name]
  if (raw === undefined || raw.trim() === '') return fallback
  const value = raw.trim()
  if (!/^\d+$/.test(value)) throw new ConfigError(name, `must be a whole number, got '${value}'`)
  const n = Number(value)
  if (n < min || n > max) throw new ConfigError(name, `must be between ${min} and ${max}, got ${n}`)
  return n
}

function databaseUrl(env: Env): string | null {
  if (env.CONNECTOR_DATABASE_URL === undefined) return null
  const raw = env.CONNECTOR_DATABASE_URL.trim()
  // Set but empty is a broken Secret reference far more often than a wish for the file store.
  if (raw === '') {
    throw new ConfigError(
      'CONNECTOR_DATABASE_URL',
      'is set but empty; unset it for the file store, or give a postgres:// URL'
    )
  }
  const placeholder = placeholderIn(raw)
  if (placeholder) throw new ConfigError('CONNECTOR_DATABASE_URL', `holds the placeholder '${placeholder}'`)
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

function retention(env: Env, name = 'CONNECTOR_RETENTION', fallbackHours = 720): number {
  const raw = (env[name] ?? '').trim()
  if (raw === '') return fallbackHours * 3_600_000
  const ms = parseDuration(raw)
  if (ms === undefined) throw new ConfigError(name, `must be a duration like 720h or 90m, got '${raw}'`)
  if (ms < 1000) throw new ConfigError(name, `must be at least 1s, got '${raw}'`)
  return ms
}

export function readConfig(env: Env = process.env): ConnectorConfig {
  const host = (env.CONNECTOR_HOST ?? '').trim() || '0.0.0.0'
  const port = integer(env, 'CONNECTOR_PORT', 8080, [0, 65535])
  const hmacKeys = secrets(env, 'CONNECTOR_HMAC_KEYS').map(k => Buffer.from(k, 'utf8'))
  const oidc = readOidc(env)
  const readTokens =
    oidc && (env.CONNECTOR_READ_TOKENS ?? '').trim() === '' ? [] : secrets(env, 'CONNECTOR_READ_TOKENS')
  const dataDir = (env.CONNECTOR_DATA_DIR ?? '').trim() || './data'
  const maxBodyBytes = integer(env, 'CONNECTOR_MAX_BODY_BYTES', 1024 * 1024, [1024, 64 * 1024 * 1024])
  const compactBytes = integer(env, 'CONNECTOR_COMPACT_BYTES', 8 * 1024 * 1024, [4096, 1024 * 1024 * 1024])
  const handoff = readHandoff(env, oidc !== undefined)
  const headersTimeoutMs = integer(env, 'CONNECTOR_HEADERS_TIMEOUT', 10, [1, 600]) * 1000
  const requestTimeoutMs = integer(env, 'CONNECTOR_REQUEST_TIMEOUT', 30, [1, 3600]) * 1000
  if (requestTimeoutMs < headersTimeoutMs) {
    throw new ConfigError(
      'CONNECTOR_REQUEST_TIMEOUT',
      `must be at least CONNECTOR_HEADERS_TIMEOUT (${headersTimeoutMs / 1000}), got ${requestTimeoutMs / 1000}`
    )
  }
  const maxUnverifiedBodies = integer(env, 'CONNECTOR_MAX_UNVERIFIED_BODIES', 32, [1, 10_000])
  return {
    ...(handoff ? {handoff} : {}),
    ...(oidc ? {oidc} : {}),
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
    databasePoolSize: integer(env, 'CONNECTOR_DATABASE_POOL', 10, [1, 1000]),
    databaseTimeoutMs: integer(env, 'CONNECTOR_DATABASE_TIMEOUT', 5, [1, 600]) * 1000,
    minBodyBytesPerSecond: integer(env, 'CONNECTOR_MIN_BODY_RATE', 1024, [1, 1024 * 1024 * 1024])
  }
}

function readHandoff(env: Env, oidc: boolean): HandoffConfig | undefined {
  const tokensSet = (env.CONNECTOR_WATCH_TOKENS ?? '').trim() !== ''
  const appId = (env.CONNECTOR_GITHUB_APP_ID ?? '').trim()
  if (!tokensSet && !(oidc && appId !== '')) return undefined
  const watchTokens = tokensSet ? boundTokens(env, 'CONNECTOR_WATCH_TOKENS') : []
  if (!/^\d+$/.test(appId)) {
    throw new ConfigError('CONNECTOR_GITHUB_APP_ID', `is required for handoff: the App's numeric id`)
  }
  const gitopsRepositories = globs(env, 'CONNECTOR_GITOPS_REPOSITORIES', false)
  const maxWatchesPerRepo = integer(env, 'CONNECTOR_MAX_WATCHES_PER_REPO', 100, [1, 100_000])
  const watchRetentionMs = retention(env, 'CONNECTOR_WATCH_RETENTION', 168)
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
  return {
    watchTokens,
    gitopsRepositories,
    maxWatchesPerRepo,
    watchRetentionMs,
    app: {appId, privateKey: `${privateKey}\n`, apiUrl}
  }
}

// --- Who may ask: secrets, bound watch tokens, OIDC. ---

const MIN_SECRET_LENGTH = 32
/** The example values deploy/ and the docs carried; anything containing them is a copy-paste, not a secret. */
const PLACEHOLDERS = ['change-me', 'changeme', 'change_me', 'replace-me', 'replaceme']

/** The placeholder a value contains (case-insensitively), if any. */
function placeholderIn(value: string): string | undefined {
  const lower = value.toLowerCase()
  return PLACEHOLDERS.find(p => lower.includes(p))
}

function checkSecret(name: string, value: string, what: string): void {
  const placeholder = placeholderIn(value)
  if (placeholder) {
    throw new ConfigError(name, `${what} holds the placeholder '${placeholder}': generate one (openssl rand -hex 32)`)
  }
  if (value.length < MIN_SECRET_LENGTH) {
    throw new ConfigError(
      name,
      `${what} is ${value.length} characters long; use at least ${MIN_SECRET_LENGTH} (openssl rand -hex 32)`
    )
  }
}

/** A required list of secrets: each long enough and no placeholder. */
function secrets(env: Env, name: string): string[] {
  const items = list(env, name)
  items.forEach((item, i) => checkSecret(name, item, `entry ${i + 1}`))
  return items
}

const REPO_GLOB = /^[A-Za-z0-9*?][A-Za-z0-9*?-]*\/[A-Za-z0-9*?._-]+$/

/** owner/name globs, lower-cased (GitHub names are case-insensitive); empty when unset and not required. */
function globs(env: Env, name: string, required: boolean): string[] {
  if (!required && (env[name] ?? '').trim() === '') return []
  const items = list(env, name)
  for (const g of items) {
    if (!REPO_GLOB.test(g) || g.length > 256) {
      throw new ConfigError(name, `'${g.slice(0, 64)}' is not an owner/name glob (e.g. acme/* or acme/app)`)
    }
  }
  return items.map(g => g.toLowerCase())
}

/** `owner/repo-glob=token` entries; a bare token (no binding) is refused. */
function boundTokens(env: Env, name: string): BoundToken[] {
  return list(env, name).map((entry, i) => {
    const eq = entry.indexOf('=')
    const glob = eq > 0 ? entry.slice(0, eq).trim() : ''
    if (eq <= 0 || !REPO_GLOB.test(glob)) {
      throw new ConfigError(
        name,
        `entry ${i + 1} is not owner/repo-glob=token (e.g. acme/*=<token>): a watch token must be bound to the ` +
          'repositories it may act for'
      )
    }
    const token = entry.slice(eq + 1).trim()
    checkSecret(name, token, `the token of entry ${i + 1} (${glob})`)
    return {repositories: glob.toLowerCase(), token}
  })
}

function readOidc(env: Env): OidcConfig | undefined {
  const repositories = globs(env, 'CONNECTOR_OIDC_REPOSITORIES', false)
  if (repositories.length === 0) return undefined
  const issuer = ((env.CONNECTOR_OIDC_ISSUER ?? '').trim() || OIDC_ISSUER).replace(/\/+$/, '')
  try {
    const u = new URL(issuer)
    if (u.protocol !== 'https:' && u.protocol !== 'http:') throw new Error('not http(s)')
  } catch {
    throw new ConfigError('CONNECTOR_OIDC_ISSUER', `must be an http(s) URL, got '${issuer.slice(0, 100)}'`)
  }
  const audience = (env.CONNECTOR_OIDC_AUDIENCE ?? '').trim()
  if (audience === '') {
    throw new ConfigError(
      'CONNECTOR_OIDC_AUDIENCE',
      "is required with CONNECTOR_OIDC_REPOSITORIES: the action's connector-audience (default: the connector's URL)"
    )
  }
  return {issuer, audience, repositories}
}
