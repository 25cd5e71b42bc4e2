import {afterEach, describe, expect, it} from '@jest/globals'
import {createServer, type Server} from 'node:http'
import type {AddressInfo} from 'node:net'
import {createGitHub, retriesWithin} from '../../src/github/client.js'
import {createBudget} from '../../src/budget.js'

const quiet = {debug: () => {}, warning: () => {}}

describe('retriesWithin', () => {
  it.each([
    [500, 0],
    [1000, 0],
    [1001, 1],
    [5001, 2],
    [14_001, 3],
    [3_600_000, 3]
  ])('with %i ms left allows %i retries (waits of 1 s, 4 s, 9 s)', (left, retries) => {
    expect(retriesWithin(left)).toBe(retries)
  })
})

describe('createGitHub retries of a 5xx', () => {
  let server: Server | undefined
  afterEach(async () => {
    await new Promise(r => server?.close(r))
  })

  it('retries only as often as the time left allows', async () => {
    let requests = 0
    server = createServer((_req, res) => {
      requests++
      res.writeHead(502, {'content-type': 'application/json'})
      res.end(JSON.stringify({message: 'Server Error'}))
    })
    await new Promise<void>(r => server!.listen(0, '127.0.0.1', r))
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    // 3 s left: the first retry (after 1 s) fits, the second (after 4 s more) does not.
    const gh = createGitHub('t', quiet, {GITHUB_API_URL: url}, createBudget(3000, Date.now))
    await expect(gh.octokit.request('GET /repos/{owner}/{repo}', {owner: 'o', repo: 'r'})).rejects.toMatchObject({
      status: 502
    })
    expect(requests).toBe(2)
  })
})
