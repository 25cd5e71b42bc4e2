// Who may ask, against a connector in this process and a local OIDC issuer signing like GitHub Actions': OIDC tokens
// (issuer, audience, expiry, signature, repository claim; keys refetched on an unknown kid), static tokens bound to
// repositories, and a watch that acts only for its caller (dispatch and Deployment repositories), bounded per
// repository.
import {afterAll, beforeAll, describe, expect, it} from '@jest/globals'
import {generateKeyPairSync} from 'node:crypto'
import {rm} from 'node:fs/promises'
import {startConnector, type RunningConnector} from '../../src/connector/server.js'
import {startFakeOidc, type FakeOidc} from '../../testing/fake-oidc.js'
import {READ_TOKEN, http, tempDir, testConfig} from './util.js'

/** Both the issuer and the connector run on this clock: expiry never depends on today's date. */
const NOW = Date.parse('2026-11-29T10:00:00Z')
const clock = (): number => NOW
const AUDIENCE = 'https://connector.test'
const WATCH_APP = 'watch-token-acme-app-0123456789abcdef01'
const WATCH_OTHER = 'watch-token-other-0123456789abcdef01234'

let oidc: FakeOidc
let connector: RunningConnector
let dataDir: string

beforeAll(async () => {
  oidc = await startFakeOidc({clock})
  dataDir = await tempDir()
  const {privateKey} = generateKeyPairSync('rsa', {modulusLength: 2048})
  connector = await startConnector(
    testConfig(dataDir, {
      oidc: {issuer: oidc.issuer, audience: AUDIENCE, repositories: ['acme/*']},
      handoff: {
        watchTokens: [
          {repositories: 'acme/app', token: WATCH_APP},
          {repositories: 'other/*', token: WATCH_OTHER}
        ],
        gitopsRepositories: ['acme/gitops'],
        maxWatchesPerRepo: 2,
        watchRetentionMs: 168 * 3_600_000,
        app: {
          appId: '1',
          privateKey: privateKey.export({type: 'pkcs1', format: 'pem'}) as string,
          apiUrl: 'http://127.0.0.1:9'
        }
      }
    }),
    {clock, oidcCooldownMs: 0}
  )
})

afterAll(async () => {
  await connector?.close()
  await oidc?.close()
  await rm(dataDir, {recursive: true, force: true})
})

const token = (repository: string, extra: Partial<Parameters<FakeOidc['sign']>[0]> = {}): Promise<string> =>
  oidc.sign({repository, aud: AUDIENCE, ...extra})
const bearer = (t: string): Record<string, string> => ({authorization: `Bearer ${t}`})
const read = (t: string): ReturnType<typeof http> =>
  http('GET', `${connector.url}/api/v1/objects`, {headers: bearer(t)})

let commits = 0
/** A watch body; each call watches another commit, so each is a new watch. */
function watch(extra: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    repository: 'acme/gitops',
    branch: 'main',
    commit: (++commits).toString(16).padStart(40, '0'),
    contexts: ['prod/Kustomization/flux-system/apps'],
    failure_grace_seconds: 60,
    // The engine judges on the real clock: a deadline it cannot reach during the test.
    deadline: new Date(Date.now() + 3_600_000).toISOString(),
    environment: 'prod',
    deployment: {repository: 'acme/app', id: 17},
    run_url: 'https://github.com/acme/app/actions/runs/1/attempts/1',
    workflow_repository: 'acme/app',
    ...extra
  }
}
const post = (t: string, body: unknown): ReturnType<typeof http> =>
  http('POST', `${connector.url}/api/v1/watches`, {
    headers: {...bearer(t), 'content-type': 'application/json'},
    body: JSON.stringify(body)
  })
const stored = async (): Promise<string[]> => (await connector.watches!.store.open()).map(w => w.spec.commit)

describe('reads with an OIDC token', () => {
  it('accepts a token of an allowed repository, and the static read token', async () => {
    expect((await read(await token('acme/app'))).status).toBe(200)
    expect((await read(await token('ACME/Web'))).status).toBe(200) // GitHub names are case-insensitive
    expect((await read(READ_TOKEN)).status).toBe(200)
  })

  it.each([
    ['another repository', () => token('evil/app'), 403, 'CONNECTOR_OIDC_REPOSITORIES'],
    ['a wrong audience', () => token('acme/app', {aud: 'https://elsewhere.test'}), 401, 'aud'],
    ['an expired token', () => token('acme/app', {iat: NOW / 1000 - 3600, lifetimeS: 300}), 401, 'exp'],
    ['a token not yet valid', () => token('acme/app', {iat: NOW / 1000 + 3600}), 401, 'nbf'],
    ['another issuer', () => token('acme/app', {iss: 'https://token.actions.githubusercontent.com'}), 401, 'iss'],
    ['a bad signature', () => oidc.sign({repository: 'acme/app', aud: AUDIENCE}, {foreignKey: true}), 401, 'signature']
  ])('refuses %s', async (_what, make, status, why) => {
    const res = await read(await make())
    expect(res.status).toBe(status)
    expect(JSON.parse(res.body).error).toContain(why)
  })

  it('refuses a tampered token (repository claim changed after signing)', async () => {
    const [h, p, s] = (await token('acme/app')).split('.') as [string, string, string]
    const claims = JSON.parse(Buffer.from(p, 'base64url').toString()) as Record<string, unknown>
    const forged = Buffer.from(JSON.stringify({...claims, repository: 'acme/other'})).toString('base64url')
    expect((await read(`${h}.${forged}.${s}`)).status).toBe(401)
  })

  it('fetches the keys again for an unknown kid after the issuer rotated them', async () => {
    expect((await read(await token('acme/app'))).status).toBe(200)
    const before = oidc.jwksFetches
    await oidc.rotate()
    expect((await read(await token('acme/app'))).status).toBe(200)
    expect(oidc.jwksFetches).toBe(before + 1)
  })

  it('refuses a watch token for reads, and no token at all', async () => {
    expect((await read(WATCH_APP)).status).toBe(401)
    expect((await http('GET', `${connector.url}/api/v1/objects`)).status).toBe(401)
  })
})

describe('a watch acts only for its caller', () => {
  it('registers a watch of the OIDC caller: dispatch and Deployment in its repository', async () => {
    const body = watch()
    const res = await post(await token('acme/app'), body)
    expect(res.status).toBe(201)
    expect(await stored()).toContain(body.commit)
  })

  it.each([
    ['dispatches to another repository', {workflow_repository: 'acme/web'}, 'workflow_repository acme/web'],
    [
      'moves a Deployment of another repository',
      {deployment: {repository: 'evil/app', id: 1}},
      'deployment.repository'
    ],
    [
      'watches a gitops repository neither its own nor allowed',
      {repository: 'acme/secrets'},
      'CONNECTOR_GITOPS_REPOSITORIES'
    ]
  ])('refuses (403, nothing stored) an OIDC caller that %s', async (_what, extra, why) => {
    const body = watch(extra)
    const res = await post(await token('acme/app'), body)
    expect(res.status).toBe(403)
    expect(JSON.parse(res.body).error).toContain(why)
    expect(await stored()).not.toContain(body.commit)
  })

  it('binds static watch tokens to their glob: another repository is 403 and nothing is stored', async () => {
    const foreign = watch({workflow_repository: 'acme/app'})
    const res = await post(WATCH_OTHER, foreign)
    expect(res.status).toBe(403)
    expect(JSON.parse(res.body).error).toContain('the watch token for other/*')
    expect(await stored()).not.toContain(foreign.commit)
    const own = watch({
      workflow_repository: 'other/app',
      deployment: {repository: 'other/app', id: 3},
      repository: 'other/gitops'
    })
    expect((await post(WATCH_OTHER, own)).status).toBe(201)
  })

  it("checks a partial body's repositories first, so the action learns of a 403 before it writes", async () => {
    const t = await token('acme/app')
    const probe = (repository: string): Promise<number> =>
      post(t, {repository, workflow_repository: 'acme/app'}).then(r => r.status)
    expect(await probe('acme/secrets')).toBe(403)
    expect(await probe('acme/gitops')).toBe(400) // allowed; then refused for its first missing field
    expect((await post(t, {workflow_repository: 'evil/app'})).status).toBe(403)
  })

  it('refuses a read token for watches (401)', async () => {
    expect((await post(READ_TOKEN, watch())).status).toBe(401)
  })

  it('shows a watch only to read tokens and callers of its repository', async () => {
    const res = await post(WATCH_APP, watch())
    expect(res.status).toBe(201)
    const id = JSON.parse(res.body).id as string
    const show = (t: string): Promise<number> =>
      http('GET', `${connector.url}/api/v1/watches/${id}`, {headers: bearer(t)}).then(r => r.status)
    expect(await show(READ_TOKEN)).toBe(200)
    expect(await show(await token('acme/app'))).toBe(200)
    expect(await show(WATCH_OTHER)).toBe(404)
    expect(await show(await token('acme/web'))).toBe(404)
  })

  it('bounds open watches per dispatch repository: one more is 429 naming the variable', async () => {
    const t = await token('acme/limited')
    const own = {workflow_repository: 'acme/limited', deployment: {repository: 'acme/limited', id: 1}}
    expect((await post(t, watch(own))).status).toBe(201)
    expect((await post(t, watch(own))).status).toBe(201)
    const third = watch(own)
    const res = await post(t, third)
    expect(res.status).toBe(429)
    expect(JSON.parse(res.body).error).toContain('CONNECTOR_MAX_WATCHES_PER_REPO')
    expect(await stored()).not.toContain(third.commit)
  })

  it('refuses a context pattern over 256 characters (400, never truncated)', async () => {
    const res = await post(await token('acme/app'), watch({contexts: [`${'*a'.repeat(128)}*b`]}))
    expect(res.status).toBe(400)
    expect(JSON.parse(res.body).field).toBe('contexts')
  })
})
