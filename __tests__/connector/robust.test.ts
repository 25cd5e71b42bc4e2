// What a hostile or broken client can send: malformed targets, odd methods, bad headers, slow requests, floods of
// unsigned bodies. Every one gets an answer and the connector keeps serving.
import {afterEach, describe, expect, it} from '@jest/globals'
import {connect} from 'node:net'
import {sign} from '../../src/connector/signature.js'
import {FLUX_TEST_KEY} from './payloads.js'
import {READ_TOKEN, fluxEvent, http, postEvent, readObjects, startTestConnector} from './util.js'
import type {TestConnector} from './util.js'
import {rawRequest} from './raw.js'

let c: TestConnector | undefined
afterEach(async () => {
  await c?.dispose()
  c = undefined
})

async function start(overrides: Parameters<typeof startTestConnector>[0] = {}): Promise<TestConnector> {
  c = await startTestConnector(overrides)
  return c
}

const auth = `Authorization: Bearer ${READ_TOKEN}\r\n`

describe('malformed requests get 4xx and the connector keeps serving', () => {
  it.each([
    ['GET // HTTP/1.1\r\nHost: x\r\n\r\n', 404],
    ['GET //api/v1/objects HTTP/1.1\r\nHost: x\r\n\r\n', 404],
    ['GET http://evil.example/healthz HTTP/1.1\r\nHost: x\r\n\r\n', 200],
    // Absolute-form without a path is `/`: the connector's page.
    ['GET http://evil.example HTTP/1.1\r\nHost: x\r\n\r\n', 200],
    ['GET * HTTP/1.1\r\nHost: x\r\n\r\n', 400],
    ['GET /%zz%%/../healthz HTTP/1.1\r\nHost: x\r\n\r\n', 404],
    [`GET /api/v1/objects?kind=%zz&name=%E0%A4%A HTTP/1.1\r\nHost: x\r\n${auth}\r\n`, 200],
    [`GET /api/v1/objects?nmespace=x HTTP/1.1\r\nHost: x\r\n${auth}\r\n`, 400],
    ['PUT /healthz HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n', 405],
    ['DELETE /api/v1/flux/events HTTP/1.1\r\nHost: x\r\n\r\n', 405],
    ['BREW /healthz HTTP/1.1\r\nHost: x\r\n\r\n', 400],
    ['GET /healthz HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n', 400],
    ['GET /healthz HTTP/1.1\r\nHost: x\r\nX: a\rb\r\n\r\n', 400],
    [`GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`, 431],
    ['POST /api/v1/flux/events HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n', 400],
    ['GET /healthz HTTP/7.3\r\n\r\n', 400],
    ['\u0000\u0001\u0002 garbage\r\n\r\n', 400]
  ])('%# -> %d', async (request, status) => {
    const server = await start()
    const answer = await rawRequest(server.port, [request])
    expect(answer.status).toBe(status)
    expect((await http('GET', `${server.url}/healthz`)).status).toBe(200)
  })

  it('405 names the allowed methods', async () => {
    const server = await start()
    const res = await http('PATCH', `${server.url}/api/v1/objects`)
    expect(res.status).toBe(405)
    expect(res.headers.allow).toBe('GET')
  })

  it('a failing handler answers 500 for that request only', async () => {
    const server = await start()
    const original = server.store.objects.bind(server.store)
    server.store.objects = () => {
      throw new Error('injected read failure')
    }
    const res = await http('GET', `${server.url}/api/v1/objects`, {headers: {authorization: `Bearer ${READ_TOKEN}`}})
    expect(res.status).toBe(500)
    expect(res.body).not.toContain('injected')
    server.store.objects = original
    expect((await readObjects(server.url)).version).toBe(0)
  })
})

describe('timeouts', () => {
  it('drops a client that sends its headers too slowly (408)', async () => {
    const server = await start({headersTimeoutMs: 1000, requestTimeoutMs: 2000})
    const t0 = Date.now()
    const answer = await rawRequest(server.port, ['GET /healthz HTTP/1.1\r\n', 'Host: x\r\n'], {
      gapMs: 100,
      maxMs: 15_000
    })
    expect(answer.status).toBe(408)
    expect(answer.closed).toBe(true)
    expect(Date.now() - t0).toBeLessThan(10_000)
  })

  it('drops a client that sends its body too slowly (408)', async () => {
    const server = await start({headersTimeoutMs: 1000, requestTimeoutMs: 1500})
    const body = fluxEvent()
    const answer = await rawRequest(
      server.port,
      [
        `POST /api/v1/flux/events HTTP/1.1\r\nHost: x\r\nX-Signature: ${sign(body, FLUX_TEST_KEY)}\r\n` +
          `Content-Length: ${body.length}\r\n\r\n${body.slice(0, 10)}`
      ],
      {idleMs: 10_000, maxMs: 15_000}
    )
    expect(answer.status).toBe(408)
    expect(answer.closed).toBe(true)
    expect((await readObjects(server.url)).version).toBe(0)
  })
})

describe('unauthenticated bodies in flight', () => {
  it('answers 503 beyond the bound, without reading the body, and recovers when the others finish', async () => {
    const server = await start({maxUnverifiedBodies: 2})
    const body = fluxEvent()
    const head =
      `POST /api/v1/flux/events HTTP/1.1\r\nHost: x\r\nX-Signature: ${sign(body, FLUX_TEST_KEY)}\r\n` +
      `Content-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`
    // Two slow senders hold both places: headers and half the body sent, the rest pending.
    const slow = [connect(server.port, '127.0.0.1'), connect(server.port, '127.0.0.1')]
    for (const s of slow) s.write(head + body.slice(0, 20))
    await new Promise(r => setTimeout(r, 300))
    // A third body still being received has no place; one sent whole with its headers needs none.
    const refused = await rawRequest(server.port, [head + body.slice(0, 20)], {idleMs: 2000, maxMs: 5000})
    expect(refused.status).toBe(503)
    expect(refused.text).toMatch(/\r\nretry-after: 1\r\n/i)
    expect((await postEvent(server.url, body)).status).toBe(202)
    const metrics = (await http('GET', `${server.url}/metrics`)).body
    expect(metrics).toContain('connector_events_rejected_total{reason="busy"} 1')
    // One finishes its body (and is stored), the other disconnects: both places are free again.
    const finished = new Promise<string>(resolve => {
      let text = ''
      slow[0]!.on('data', d => (text += d.toString()))
      slow[0]!.on('data', () => resolve(text))
    })
    slow[0]!.write(body.slice(20))
    expect(await finished).toMatch(/^HTTP\/1\.1 202/)
    slow[1]!.destroy()
    slow[0]!.destroy()
    await new Promise(r => setTimeout(r, 100))
    expect((await postEvent(server.url, fluxEvent({timestamp: '2026-08-07T10:16:00Z'}))).status).toBe(202)
    expect((await readObjects(server.url)).version).toBe(2)
  })
})

describe('answers written once for many readers', () => {
  it('keeps a keep-alive connection usable after a woken long-poll', async () => {
    const server = await start()
    const socket = connect(server.port, '127.0.0.1')
    let text = ''
    socket.on('data', d => (text += d.toString('latin1')))
    socket.write(`GET /api/v1/objects?since=0&wait=30s HTTP/1.1\r\nHost: x\r\n${auth}\r\n`)
    await waitFor(() => server.server.waiterCount === 1)
    expect((await postEvent(server.url, fluxEvent())).status).toBe(202)
    await waitFor(() => text.includes('"version":1'))
    expect(text).toMatch(/^HTTP\/1\.1 200 OK\r\n/)
    expect(text.toLowerCase()).toContain('connection: keep-alive')
    const bodyStart = text.indexOf('\r\n\r\n') + 4
    const length = Number(/content-length: (\d+)/i.exec(text)?.[1])
    expect(text.length - bodyStart).toBe(length)
    expect(JSON.parse(text.slice(bodyStart)).objects).toHaveLength(1)
    text = ''
    socket.write('GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n')
    await waitFor(() => text.includes('ok\n'))
    expect(text).toMatch(/^HTTP\/1\.1 200/)
    socket.destroy()
  })

  it('closes the connection after the answer when the reader asked for Connection: close', async () => {
    const server = await start()
    const pending = rawRequest(
      server.port,
      [`GET /api/v1/objects?since=0&wait=30s HTTP/1.1\r\nHost: x\r\nConnection: close\r\n${auth}\r\n`],
      {idleMs: 5_000, maxMs: 10_000}
    )
    await waitFor(() => server.server.waiterCount === 1)
    await postEvent(server.url, fluxEvent())
    const answer = await pending
    expect(answer.status).toBe(200)
    expect(answer.closed).toBe(true)
    expect(answer.text.toLowerCase()).toContain('connection: close')
  })

  it('answers HTTP/1.0 readers through the ordinary path', async () => {
    const server = await start()
    const answer = await rawRequest(server.port, [`GET /api/v1/objects HTTP/1.0\r\n${auth}\r\n`])
    expect(answer.status).toBe(200)
    expect(answer.text).toContain('{"version":0,"objects":[]}')
  })
})

async function waitFor(cond: () => boolean, timeoutMs = 5000): Promise<void> {
  const t0 = Date.now()
  while (!cond()) {
    if (Date.now() - t0 > timeoutMs) throw new Error('condition not met in time')
    await new Promise(r => setTimeout(r, 5))
  }
}
