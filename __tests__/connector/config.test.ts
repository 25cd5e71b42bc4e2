import {describe, expect, it} from '@jest/globals'
import {ConfigError, helpText, readConfig} from '../../src/connector/config.js'

const K1 = 'k1-0123456789abcdef0123456789abcdef'
const T1 = 't1-0123456789abcdef0123456789abcdef'
const W1 = 'w1-0123456789abcdef0123456789abcdef'
const W2 = 'w2-0123456789abcdef0123456789abcdef'
const required = {CONNECTOR_HMAC_KEYS: K1, CONNECTOR_READ_TOKENS: T1}

function errorOf(env: Record<string, string>): ConfigError {
  try {
    readConfig(env)
  } catch (err) {
    if (err instanceof ConfigError) return err
    throw err
  }
  throw new Error('no error')
}

describe('readConfig', () => {
  it('applies the defaults', () => {
    const c = readConfig(required)
    expect(c).toMatchObject({host: '0.0.0.0', port: 8080, dataDir: './data', maxBodyBytes: 1048576})
    expect(c.hmacKeys.map(k => k.toString())).toEqual([K1])
    expect(c.readTokens).toEqual([T1])
  })

  it('reads the HTTP limits: timeouts in seconds, the unverified-body bound', () => {
    expect(readConfig(required)).toMatchObject({
      headersTimeoutMs: 10_000,
      requestTimeoutMs: 30_000,
      maxUnverifiedBodies: 32
    })
    const c = readConfig({
      ...required,
      CONNECTOR_HEADERS_TIMEOUT: '3',
      CONNECTOR_REQUEST_TIMEOUT: '7',
      CONNECTOR_MAX_UNVERIFIED_BODIES: '4'
    })
    expect(c).toMatchObject({headersTimeoutMs: 3000, requestTimeoutMs: 7000, maxUnverifiedBodies: 4})
  })

  it('reads the outage and slow-client limits: pool size, database timeout in seconds, minimum body rate', () => {
    expect(readConfig(required)).toMatchObject({
      databasePoolSize: 10,
      databaseTimeoutMs: 5000,
      minBodyBytesPerSecond: 1024
    })
    const c = readConfig({
      ...required,
      CONNECTOR_DATABASE_POOL: '3',
      CONNECTOR_DATABASE_TIMEOUT: '2',
      CONNECTOR_MIN_BODY_RATE: '4096'
    })
    expect(c).toMatchObject({databasePoolSize: 3, databaseTimeoutMs: 2000, minBodyBytesPerSecond: 4096})
  })

  it('keeps state in files unless a PostgreSQL URL is given; retention defaults to 720h', () => {
    expect(readConfig(required)).toMatchObject({databaseUrl: null, retentionMs: 720 * 3_600_000})
    const url = 'postgres://connector:secret@db.example:5432/connector?sslmode=require'
    expect(readConfig({...required, CONNECTOR_DATABASE_URL: url, CONNECTOR_RETENTION: '168h'})).toMatchObject({
      databaseUrl: url,
      retentionMs: 168 * 3_600_000
    })
  })

  it('splits comma-separated keys and tokens', () => {
    const c = readConfig({
      CONNECTOR_HMAC_KEYS: `${K1}, ${T1},`,
      CONNECTOR_READ_TOKENS: `${W1},${W2}`,
      CONNECTOR_PORT: '0'
    })
    expect(c.hmacKeys.map(k => k.toString())).toEqual([K1, T1])
    expect(c.readTokens).toEqual([W1, W2])
    expect(c.port).toBe(0)
  })

  it.each([
    [{CONNECTOR_READ_TOKENS: T1}, 'CONNECTOR_HMAC_KEYS'],
    [{CONNECTOR_HMAC_KEYS: ' , '}, 'CONNECTOR_HMAC_KEYS'],
    [{CONNECTOR_HMAC_KEYS: K1}, 'CONNECTOR_READ_TOKENS'],
    [{...required, CONNECTOR_PORT: '80a'}, 'CONNECTOR_PORT'],
    [{...required, CONNECTOR_PORT: '70000'}, 'CONNECTOR_PORT'],
    [{...required, CONNECTOR_MAX_BODY_BYTES: '-1'}, 'CONNECTOR_MAX_BODY_BYTES'],
    [{...required, CONNECTOR_COMPACT_BYTES: '1'}, 'CONNECTOR_COMPACT_BYTES'],
    [{...required, CONNECTOR_HEADERS_TIMEOUT: '0'}, 'CONNECTOR_HEADERS_TIMEOUT'],
    [{...required, CONNECTOR_REQUEST_TIMEOUT: '5s'}, 'CONNECTOR_REQUEST_TIMEOUT'],
    [{...required, CONNECTOR_HEADERS_TIMEOUT: '20', CONNECTOR_REQUEST_TIMEOUT: '10'}, 'CONNECTOR_REQUEST_TIMEOUT'],
    [{...required, CONNECTOR_MAX_UNVERIFIED_BODIES: '0'}, 'CONNECTOR_MAX_UNVERIFIED_BODIES'],
    [{...required, CONNECTOR_DATABASE_URL: 'mysql://db/x'}, 'CONNECTOR_DATABASE_URL'],
    [{...required, CONNECTOR_DATABASE_URL: 'postgres://[bad'}, 'CONNECTOR_DATABASE_URL'],
    [{...required, CONNECTOR_RETENTION: '30'}, 'CONNECTOR_RETENTION'],
    [{...required, CONNECTOR_RETENTION: '10ms'}, 'CONNECTOR_RETENTION'],
    [{...required, CONNECTOR_DATABASE_POOL: '0'}, 'CONNECTOR_DATABASE_POOL'],
    [{...required, CONNECTOR_DATABASE_TIMEOUT: '5s'}, 'CONNECTOR_DATABASE_TIMEOUT'],
    [{...required, CONNECTOR_MIN_BODY_RATE: '0'}, 'CONNECTOR_MIN_BODY_RATE']
  ])('names the variable at fault: %j', (env, variable) => {
    const err = errorOf(env as Record<string, string>)
    expect(err.variable).toBe(variable)
    expect(err.message).toContain(variable)
  })

  it('documents every variable in --help', () => {
    const documented = ['CONNECTOR_HOST', 'CONNECTOR_PORT', 'CONNECTOR_HMAC_KEYS', 'CONNECTOR_READ_TOKENS']
    for (const v of [...documented, 'CONNECTOR_DATABASE_URL', 'CONNECTOR_RETENTION']) {
      expect(helpText()).toContain(v)
    }
  })
})

describe('readConfig: handoff', () => {
  const PEM = '-----BEGIN RSA PRIVATE KEY-----\nMIIBOgIBAAJBAK\n-----END RSA PRIVATE KEY-----'
  const handoff = {...required, CONNECTOR_WATCH_TOKENS: `acme/*=${W1}, Acme/App=${W2}`, CONNECTOR_GITHUB_APP_ID: '123'}

  it('is off without watch tokens', () => {
    expect(readConfig(required).handoff).toBeUndefined()
  })

  it('reads the App from the environment; a one-line key with literal \\n is accepted', () => {
    const c = readConfig({...handoff, CONNECTOR_GITHUB_APP_PRIVATE_KEY: PEM.replace(/\n/g, '\\n')})
    expect(c.handoff).toEqual({
      watchTokens: [
        {repositories: 'acme/*', token: W1},
        {repositories: 'acme/app', token: W2}
      ],
      gitopsRepositories: [],
      maxWatchesPerRepo: 100,
      watchRetentionMs: 168 * 3_600_000,
      app: {appId: '123', privateKey: `${PEM}\n`, apiUrl: 'https://api.github.com'}
    })
  })

  it('names the missing or bad App variable', () => {
    expect(errorOf({...required, CONNECTOR_WATCH_TOKENS: `acme/*=${W1}`}).variable).toBe('CONNECTOR_GITHUB_APP_ID')
    expect(errorOf(handoff).variable).toBe('CONNECTOR_GITHUB_APP_PRIVATE_KEY')
    expect(errorOf({...handoff, CONNECTOR_GITHUB_APP_PRIVATE_KEY_FILE: '/nonexistent/key.pem'}).variable).toBe(
      'CONNECTOR_GITHUB_APP_PRIVATE_KEY_FILE'
    )
    expect(
      errorOf({...handoff, CONNECTOR_GITHUB_APP_PRIVATE_KEY: PEM, CONNECTOR_GITHUB_API_URL: 'ftp://ghe'}).variable
    ).toBe('CONNECTOR_GITHUB_API_URL')
  })
})

describe('readConfig: refused configurations', () => {
  const PEM = '-----BEGIN RSA PRIVATE KEY-----\nMIIBOgIBAAJBAK\n-----END RSA PRIVATE KEY-----'
  const app = {CONNECTOR_GITHUB_APP_ID: '123', CONNECTOR_GITHUB_APP_PRIVATE_KEY: PEM}

  it.each([
    // The placeholders deploy/ carried, and their spellings.
    [{...required, CONNECTOR_HMAC_KEYS: 'CHANGE-ME-hmac-key'}, 'CONNECTOR_HMAC_KEYS', 'placeholder'],
    [
      {...required, CONNECTOR_HMAC_KEYS: `${K1},changeme-0123456789abcdef0123456789`},
      'CONNECTOR_HMAC_KEYS',
      'placeholder'
    ],
    [{...required, CONNECTOR_READ_TOKENS: 'CHANGE-ME-read-token'}, 'CONNECTOR_READ_TOKENS', 'placeholder'],
    [
      {...required, CONNECTOR_READ_TOKENS: 'ChangeMe-0123456789abcdef0123456789abcdef'},
      'CONNECTOR_READ_TOKENS',
      'placeholder'
    ],
    [
      {...required, ...app, CONNECTOR_WATCH_TOKENS: 'acme/*=change-me-0123456789abcdef0123456789'},
      'CONNECTOR_WATCH_TOKENS',
      'placeholder'
    ],
    [
      {...required, CONNECTOR_DATABASE_URL: 'postgres://connector:CHANGE-ME@postgres:5432/gitops_promote'},
      'CONNECTOR_DATABASE_URL',
      'placeholder'
    ],
    // Too short to be a secret.
    [{...required, CONNECTOR_HMAC_KEYS: 'k'.repeat(31)}, 'CONNECTOR_HMAC_KEYS', 'at least 32'],
    [{...required, CONNECTOR_READ_TOKENS: `${T1},short`}, 'CONNECTOR_READ_TOKENS', 'at least 32'],
    [{...required, ...app, CONNECTOR_WATCH_TOKENS: 'acme/*=short'}, 'CONNECTOR_WATCH_TOKENS', 'at least 32'],
    // A watch token with no binding.
    [{...required, ...app, CONNECTOR_WATCH_TOKENS: W1}, 'CONNECTOR_WATCH_TOKENS', 'owner/repo-glob=token'],
    [{...required, ...app, CONNECTOR_WATCH_TOKENS: `=${W1}`}, 'CONNECTOR_WATCH_TOKENS', 'owner/repo-glob=token'],
    [{...required, ...app, CONNECTOR_WATCH_TOKENS: `acme=${W1}`}, 'CONNECTOR_WATCH_TOKENS', 'owner/repo-glob=token'],
    // Set but empty: a broken Secret reference, not a wish for the file store.
    [{...required, CONNECTOR_DATABASE_URL: ''}, 'CONNECTOR_DATABASE_URL', 'set but empty'],
    [{...required, CONNECTOR_DATABASE_URL: '  '}, 'CONNECTOR_DATABASE_URL', 'set but empty'],
    // OIDC needs its audience; repositories are owner/name globs.
    [{...required, CONNECTOR_OIDC_REPOSITORIES: 'acme/*'}, 'CONNECTOR_OIDC_AUDIENCE', 'required'],
    [
      {...required, CONNECTOR_OIDC_REPOSITORIES: 'acme', CONNECTOR_OIDC_AUDIENCE: 'x'},
      'CONNECTOR_OIDC_REPOSITORIES',
      'glob'
    ],
    [
      {
        ...required,
        CONNECTOR_OIDC_REPOSITORIES: 'acme/*',
        CONNECTOR_OIDC_AUDIENCE: 'x',
        CONNECTOR_OIDC_ISSUER: 'ftp://x'
      },
      'CONNECTOR_OIDC_ISSUER',
      'http(s)'
    ]
  ])('refuses %j naming the variable', (env, variable, why) => {
    const err = errorOf(env as Record<string, string>)
    expect(err.variable).toBe(variable)
    expect(err.message).toContain(variable)
    expect(err.message).toContain(why)
  })

  it('never echoes the refused secret', () => {
    const short = 'sh0rt-secret-value'
    expect(errorOf({...required, CONNECTOR_HMAC_KEYS: short}).message).not.toContain(short)
  })

  it('turns OIDC on with repositories and an audience; read tokens become optional', () => {
    const c = readConfig({
      CONNECTOR_HMAC_KEYS: K1,
      CONNECTOR_OIDC_REPOSITORIES: 'acme/*, Other/App',
      CONNECTOR_OIDC_AUDIENCE: 'https://connector.example'
    })
    expect(c.oidc).toEqual({
      issuer: 'https://token.actions.githubusercontent.com',
      audience: 'https://connector.example',
      repositories: ['acme/*', 'other/app']
    })
    expect(c.readTokens).toEqual([])
    expect(c.handoff).toBeUndefined()
    const withApp = readConfig({
      ...required,
      ...app,
      CONNECTOR_OIDC_REPOSITORIES: 'acme/*',
      CONNECTOR_OIDC_AUDIENCE: 'aud',
      CONNECTOR_OIDC_ISSUER: 'http://127.0.0.1:9999/',
      CONNECTOR_MAX_WATCHES_PER_REPO: '5',
      CONNECTOR_WATCH_RETENTION: '24h',
      CONNECTOR_GITOPS_REPOSITORIES: 'acme/gitops'
    })
    expect(withApp.oidc?.issuer).toBe('http://127.0.0.1:9999')
    expect(withApp.handoff).toMatchObject({
      watchTokens: [],
      gitopsRepositories: ['acme/gitops'],
      maxWatchesPerRepo: 5,
      watchRetentionMs: 24 * 3_600_000
    })
  })
})
