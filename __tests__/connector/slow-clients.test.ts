// Slow clients cannot crowd out Flux: 64 connections dribbling event bodies at a byte a second (each one reconnecting
// as soon as it is closed) are cut off once they fall below the minimum body rate, and a body that arrives whole
// with its headers needs no place among the bodies still being received; so a signed event is acknowledged on its
// first try or on the retry Flux makes after a 503, and a long-poll held meanwhile still wakes.
import {afterEach, describe, expect, it} from '@jest/globals'
import {connect, type Socket} from 'node:net'
import {postLikeFlux} from '../../testing/fake-flux-webhook.js'
import {sign} from '../../src/connector/signature.js'
import {FLUX_TEST_KEY} from './payloads.js'
import {fluxEvent, http, READ_TOKEN, startTestConnector, type TestConnector} from './util.js'

let connector: TestConnector | undefined
let dribbling = false
const sockets = new Set<Socket>()
afterEach(async () => {
  dribbling = false
  for (const s of sockets) s.destroy()
  sockets.clear()
  await connector?.dispose()
  connector = undefined
})

/** Sends the headers of a 1000-byte event, then one byte a second; reconnects when closed, while `dribbling`. */
function dribble(port: number): void {
  const body = fluxEvent({name: 'slow'}).padEnd(1000, ' ')
  const s = connect(port, '127.0.0.1')
  sockets.add(s)
  s.on('error', () => undefined)
  s.write(
    `POST /api/v1/flux/events HTTP/1.1\r\nHost: x\r\nX-Signature: ${sign(body, FLUX_TEST_KEY)}\r\n` +
      `Content-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`
  )
  let at = 0
  const t = setInterval(() => {
    if (!s.destroyed) s.write(body.slice(at, ++at))
  }, 1000)
  s.on('close', () => {
    clearInterval(t)
    sockets.delete(s)
    if (dribbling) dribble(port)
  })
}

describe('slow clients', () => {
  it('a signed event is acknowledged on the first try or the retry while 64 connections dribble', async () => {
    connector = await startTestConnector({maxUnverifiedBodies: 32, minBodyBytesPerSecond: 1024})
    dribbling = true
    for (let i = 0; i < 64; i++) dribble(connector.port)
    // Long enough for the first dribblers to be cut off and replaced.
    await new Promise(r => setTimeout(r, 1500))
    const poll = http('GET', `${connector.url}/api/v1/objects?since=0&wait=20s`, {
      headers: {authorization: `Bearer ${READ_TOKEN}`}
    })
    // Flux's schedule, cut to its first retry (2 s after a 503).
    const delivered = await postLikeFlux(
      `${connector.url}/api/v1/flux/events`,
      fluxEvent({name: 'apps'}),
      FLUX_TEST_KEY,
      {
        backoffMs: [2000]
      }
    )
    expect(delivered).toMatchObject({status: 202})
    expect(delivered.attempts).toBeLessThanOrEqual(2)
    const woken = await poll
    expect(woken.status).toBe(200)
    expect((JSON.parse(woken.body) as {objects: {name: string}[]}).objects.map(o => o.name)).toEqual(['apps'])
    // The dribblers were cut off for their rate, long before the 30 s request timeout.
    const metrics = (await http('GET', `${connector.url}/metrics`)).body
    expect(Number(/connector_events_rejected_total\{reason="too_slow"\} (\d+)/.exec(metrics)?.[1])).toBeGreaterThan(0)
  }, 30_000)
})
