// The fake GitHub's App endpoints authenticate as GitHub does: the App's RS256 JWT for App endpoints only, installation
// tokens (which expire) for everything else.
import {describe, expect, it, afterEach} from '@jest/globals'
import {generateKeyPairSync} from 'node:crypto'
import {createAppAuth} from '@octokit/auth-app'
import {request} from '@octokit/request'
import {startFakeGitHub, type FakeGitHub} from '../../../testing/fake-github/index.js'
import {createGitHubApp} from '../../../src/connector/github-app.js'

const APP_ID = 99
const pair = generateKeyPairSync('rsa', {modulusLength: 2048})
const other = generateKeyPairSync('rsa', {modulusLength: 2048})
const pem = (k: typeof pair): string => k.privateKey.export({type: 'pkcs1', format: 'pem'}) as string

let clock = Date.now()
let fake: FakeGitHub | undefined
afterEach(async () => {
  if (fake) {
    expect(fake.violations).toEqual([])
    await fake.close()
  }
  fake = undefined
})

async function start(apiPrefix?: string): Promise<FakeGitHub> {
  clock = Date.now()
  fake = await startFakeGitHub({
    token: 'pat',
    ...(apiPrefix ? {apiPrefix} : {}),
    clock: () => clock,
    app: {id: APP_ID, publicKey: pair.publicKey.export({type: 'spki', format: 'pem'}) as string, tokenTtlMs: 60_000}
  })
  fake.createRepo('acme', 'app', {files: {'README.md': '# app\n'}})
  return fake
}

const statusOf = async (p: Promise<unknown>): Promise<number> =>
  p.then(
    () => 200,
    (e: {status?: number}) => e.status ?? 0
  )

describe('fake GitHub App', () => {
  it('issues an installation token for a JWT signed with the App key, and records a dispatch made with it', async () => {
    const f = await start()
    const req = request.defaults({baseUrl: f.url})
    const auth = createAppAuth({appId: APP_ID, privateKey: pem(pair), request: req})
    const {token: jwt} = await auth({type: 'app'})
    const inst = await req('GET /repos/{owner}/{repo}/installation', {
      owner: 'acme',
      repo: 'app',
      headers: {authorization: `bearer ${jwt}`}
    })
    const {token} = await auth({type: 'installation', installationId: inst.data.id})
    expect(token).toMatch(/^ghs_/)
    const res = await req('POST /repos/{owner}/{repo}/dispatches', {
      owner: 'acme',
      repo: 'app',
      event_type: 'gitops-promote.healthy',
      client_payload: {result: 'healthy'},
      headers: {authorization: `token ${token}`}
    })
    expect(res.status).toBe(204)
    expect(f.app.dispatches).toMatchObject([{owner: 'acme', repo: 'app', eventType: 'gitops-promote.healthy'}])
    // The JWT is good for App endpoints only.
    const withJwt = req('GET /repos/{owner}/{repo}', {
      owner: 'acme',
      repo: 'app',
      headers: {authorization: `bearer ${jwt}`}
    })
    expect(await statusOf(withJwt)).toBe(401)
    // Expired: refused.
    clock += 61_000
    const late = req('GET /repos/{owner}/{repo}', {
      owner: 'acme',
      repo: 'app',
      headers: {authorization: `token ${token}`}
    })
    expect(await statusOf(late)).toBe(401)
  })

  it('refuses a JWT signed with another key, and a PAT on App endpoints', async () => {
    const f = await start()
    const req = request.defaults({baseUrl: f.url})
    const {token: forged} = await createAppAuth({appId: APP_ID, privateKey: pem(other), request: req})({type: 'app'})
    const get = (authorization: string): Promise<unknown> =>
      req('GET /repos/{owner}/{repo}/installation', {owner: 'acme', repo: 'app', headers: {authorization}})
    expect(await statusOf(get(`bearer ${forged}`))).toBe(401)
    expect(await statusOf(get('token pat'))).toBe(401)
    const {token: wrongIssuer} = await createAppAuth({appId: 7, privateKey: pem(pair), request: req})({type: 'app'})
    expect(await statusOf(get(`bearer ${wrongIssuer}`))).toBe(401)
  })

  it('refuses a dispatch with more than 10 payload keys, as GitHub does', async () => {
    const f = await start()
    const keys = Object.fromEntries(Array.from({length: 11}, (_, i) => [`k${i}`, i]))
    const res = f.app.dispatch('acme', 'app', {event_type: 'x', client_payload: keys}, 1)
    expect(res.status).toBe(422)
    expect(f.app.dispatches).toEqual([])
  })

  it("the connector's App client works below a GHES prefix, caching the installation and its token", async () => {
    const f = await start('/api/v3')
    f.createRepo('acme', 'gitops', {files: {'a.yaml': 'a: 1\n'}})
    const gh = createGitHubApp({appId: String(APP_ID), privateKey: pem(pair), baseUrl: f.url})
    const repo = await gh.get<{full_name: string}>('acme/gitops', 'GET /repos/{owner}/{repo}')
    expect(repo.full_name).toBe('acme/gitops')
    // Same request again: answered 304 from the ETag cache.
    expect((await gh.get<{full_name: string}>('acme/gitops', 'GET /repos/{owner}/{repo}')).full_name).toBe(
      'acme/gitops'
    )
    expect(gh.stats.notModified).toBe(1)
    const status = await gh.send('acme/app', 'POST /repos/{owner}/{repo}/dispatches', {
      event_type: 'gitops-promote.healthy'
    })
    expect(status).toBe(204)
    // One installation (account acme) and one token for every call; one lookup per repository.
    expect(f.app.issued).toHaveLength(1)
    expect(gh.stats.installationLookups).toBe(2)
    expect(f.requests.every(r => r.path.startsWith('/') && r.status !== 404)).toBe(true)
  })
})
