// GET /api/v1/watches: the watches in flight (what the connector's page shows), for a read or a watch token.
import {afterEach, describe, expect, it} from '@jest/globals'
import {READ_TOKEN, http, startTestConnector, type TestConnector} from './util.js'
import {WATCH_TOKEN, testHandoff, watchBody} from './handoff.js'

let c: TestConnector | undefined
afterEach(async () => {
  await c?.dispose()
  c = undefined
})

const bearer = (token: string): {headers: Record<string, string>} => ({headers: {authorization: `Bearer ${token}`}})

async function register(url: string, body: object): Promise<string> {
  const res = await http('POST', `${url}/api/v1/watches`, {
    headers: {authorization: `Bearer ${WATCH_TOKEN}`, 'content-type': 'application/json'},
    body: JSON.stringify(body)
  })
  expect(res.status).toBe(201)
  return (JSON.parse(res.body) as {id: string}).id
}

async function list(url: string, token: string): Promise<Record<string, unknown>[]> {
  const res = await http('GET', `${url}/api/v1/watches`, bearer(token))
  expect(res.status).toBe(200)
  return (JSON.parse(res.body) as {watches: Record<string, unknown>[]}).watches
}

describe('GET /api/v1/watches', () => {
  it('lists the open watches, oldest first, for a read token or a watch token', async () => {
    c = await startTestConnector({handoff: testHandoff()})
    const now = Date.now()
    const first = await register(c.url, watchBody(now))
    const second = await register(c.url, watchBody(now, {commit: 'd'.repeat(40), environment: null}))

    const watches = await list(c.url, READ_TOKEN)
    expect(watches.map(w => w.id)).toEqual([first, second])
    expect(watches[0]).toMatchObject({
      status: 'watching',
      repository: 'acme/gitops',
      branch: 'main',
      commit: 'c'.repeat(40),
      environment: 'production',
      deadline: new Date(now + 10 * 60_000).toISOString()
    })
    expect(watches[1]).toMatchObject({commit: 'd'.repeat(40), environment: null})
    expect((await list(c.url, WATCH_TOKEN)).map(w => w.id)).toEqual([first, second])
  })

  it('leaves out the watches that are done', async () => {
    c = await startTestConnector({handoff: testHandoff()})
    const done = await register(c.url, watchBody(Date.now()))
    const open = await register(c.url, watchBody(Date.now(), {commit: 'd'.repeat(40)}))
    const store = c.watches?.store
    const record = await store?.get(done)
    if (!store || !record) throw new Error('the watch was not stored')
    await store.put({...record, status: 'done', result: 'healthy'})

    expect((await list(c.url, READ_TOKEN)).map(w => w.id)).toEqual([open])
    // The finished one is still readable by id.
    expect((await http('GET', `${c.url}/api/v1/watches/${done}`, bearer(READ_TOKEN))).status).toBe(200)
  })

  it('is 401 without a valid token, 405 for other methods, naming GET and POST', async () => {
    c = await startTestConnector({handoff: testHandoff()})
    const tries: Record<string, string>[] = [
      {},
      {authorization: 'Bearer wrong'},
      {authorization: `Basic ${READ_TOKEN}`}
    ]
    for (const headers of tries) {
      const res = await http('GET', `${c.url}/api/v1/watches`, {headers})
      expect([res.status, res.headers['www-authenticate']]).toEqual([401, 'Bearer'])
    }
    const del = await http('DELETE', `${c.url}/api/v1/watches`, bearer(READ_TOKEN))
    expect([del.status, del.headers.allow]).toEqual([405, 'GET, POST'])
  })

  it('is 404 saying so when handoff is not enabled', async () => {
    c = await startTestConnector()
    const res = await http('GET', `${c.url}/api/v1/watches`, bearer(READ_TOKEN))
    expect(res.status).toBe(404)
    expect(res.body).toContain('handoff is not enabled')
  })
})
