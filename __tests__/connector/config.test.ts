import {describe, expect, it} from '@jest/globals'
import {ConfigError, helpText, readConfig} from '../../src/connector/config.js'

const required = {CONNECTOR_HMAC_KEYS: 'k1', CONNECTOR_READ_TOKENS: 't1'}

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
    expect(c.hmacKeys.map(k => k.toString())).toEqual(['k1'])
    expect(c.readTokens).toEqual(['t1'])
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
    const c = readConfig({CONNECTOR_HMAC_KEYS: 'old, new,', CONNECTOR_READ_TOKENS: 'a,b', CONNECTOR_PORT: '0'})
    expect(c.hmacKeys.map(k => k.toString())).toEqual(['old', 'new'])
    expect(c.readTokens).toEqual(['a', 'b'])
    expect(c.port).toBe(0)
  })

  it.each([
    [{CONNECTOR_READ_TOKENS: 't'}, 'CONNECTOR_HMAC_KEYS'],
    [{CONNECTOR_HMAC_KEYS: ' , '}, 'CONNECTOR_HMAC_KEYS'],
    [{CONNECTOR_HMAC_KEYS: 'k'}, 'CONNECTOR_READ_TOKENS'],
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
  const handoff = {...required, CONNECTOR_WATCH_TOKENS: 'w1,w2', CONNECTOR_GITHUB_APP_ID: '123'}

  it('is off without watch tokens', () => {
    expect(readConfig(required).handoff).toBeUndefined()
  })

  it('reads the App from the environment; a one-line key with literal \\n is accepted', () => {
    const c = readConfig({...handoff, CONNECTOR_GITHUB_APP_PRIVATE_KEY: PEM.replace(/\n/g, '\\n')})
    expect(c.handoff).toEqual({
      watchTokens: ['w1', 'w2'],
      app: {appId: '123', privateKey: `${PEM}\n`, apiUrl: 'https://api.github.com'}
    })
  })

  it('names the missing or bad App variable', () => {
    expect(errorOf({...required, CONNECTOR_WATCH_TOKENS: 'w'}).variable).toBe('CONNECTOR_GITHUB_APP_ID')
    expect(errorOf(handoff).variable).toBe('CONNECTOR_GITHUB_APP_PRIVATE_KEY')
    expect(errorOf({...handoff, CONNECTOR_GITHUB_APP_PRIVATE_KEY_FILE: '/nonexistent/key.pem'}).variable).toBe(
      'CONNECTOR_GITHUB_APP_PRIVATE_KEY_FILE'
    )
    expect(
      errorOf({...handoff, CONNECTOR_GITHUB_APP_PRIVATE_KEY: PEM, CONNECTOR_GITHUB_API_URL: 'ftp://ghe'}).variable
    ).toBe('CONNECTOR_GITHUB_API_URL')
  })
})
