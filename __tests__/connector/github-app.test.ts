// The connector's GitHub calls have a deadline: a GitHub that accepts the connection and never answers costs one
// deadline, never a watch engine stuck forever.
import {afterEach, describe, expect, it} from '@jest/globals'
import {generateKeyPairSync} from 'node:crypto'
import {createServer, type Server} from 'node:http'
import type {AddressInfo} from 'node:net'
import {createGitHubApp} from '../../src/connector/github-app.js'

const pem = generateKeyPairSync('rsa', {modulusLength: 2048}).privateKey.export({
  type: 'pkcs1',
  format: 'pem'
}) as string

let server: Server | undefined
afterEach(async () => {
  server?.closeAllConnections()
  await new Promise(r => server?.close(r))
  server = undefined
})

/** Accepts every request and never answers it. */
async function hungGitHub(): Promise<{url: string; requests: () => number}> {
  let requests = 0
  server = createServer(() => {
    requests++
  })
  await new Promise<void>(r => (server as Server).listen(0, '127.0.0.1', r))
  return {url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests: () => requests}
}

describe('GitHub App client deadlines', () => {
  it('a request GitHub never answers fails after the deadline', async () => {
    const hung = await hungGitHub()
    const github = createGitHubApp({appId: '1', privateKey: pem, baseUrl: hung.url, timeoutMs: 300})
    const outcome = await Promise.race([
      github.send('acme/app', 'POST /repos/{owner}/{repo}/dispatches', {event_type: 'x'}).then(
        () => 'answered',
        (e: Error) => `failed: ${e.message}`
      ),
      new Promise(r => setTimeout(() => r('still waiting after 10 s'), 10_000).unref())
    ])
    expect(outcome).toMatch(/^failed: .*(abort|timeout|time)/i)
    expect(hung.requests()).toBe(1)
  }, 20_000)
})
