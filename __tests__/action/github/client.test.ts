import {afterEach, describe, expect, it} from '@jest/globals'
import {createServer, type Server} from 'node:http'
import type {AddressInfo} from 'node:net'
import {AnswerLostError, createGitHub} from '../../../src/action/github/client.js'
import {createBudget} from '../../../src/core/budget.js'

const quiet = {debug: () => {}, warning: () => {}}

describe('createGitHub retries of a 5xx', () => {
  let server: Server | undefined
  afterEach(async () => {
    await new Promise(r => server?.close(r))
  })

  /** A local API that answers every request with `status` and GitHub's error body; counts the requests. */
  async function answerAlways(status: number, message: string): Promise<{url: string; requests: () => number}> {
    let count = 0
    server = createServer((_req, res) => {
      count++
      res.writeHead(status, {'content-type': 'application/json'})
      res.end(JSON.stringify({message}))
    })
    await new Promise<void>(r => server!.listen(0, '127.0.0.1', r))
    return {url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests: () => count}
  }

  it('retries only as often as the time left allows', async () => {
    const {url, requests} = await answerAlways(502, 'Server Error')
    // 3 s left: the first retry (after 1 s) fits, the second (after 4 s more) does not.
    const gh = createGitHub('t', quiet, {GITHUB_API_URL: url}, {budget: createBudget(3000, Date.now), clock: Date.now})
    await expect(gh.octokit.request('GET /repos/{owner}/{repo}', {owner: 'o', repo: 'r'})).rejects.toMatchObject({
      status: 502
    })
    expect(requests()).toBe(2)
  })

  it('pauses 1, 4 and 9 retry units, then gives up', async () => {
    const {url, requests} = await answerAlways(503, 'Service Unavailable')
    const debug: string[] = []
    const log = {debug: (m: string) => void debug.push(m), warning: () => {}}
    const gh = createGitHub(
      't',
      log,
      {GITHUB_API_URL: url},
      {budget: createBudget(60_000, Date.now), clock: Date.now, retryUnitMs: 5}
    )
    await expect(gh.octokit.request('GET /repos/{owner}/{repo}', {owner: 'o', repo: 'r'})).rejects.toMatchObject({
      status: 503
    })
    expect(requests()).toBe(4)
    expect(debug.map(m => /retrying in (\S+)\.$/.exec(m)?.[1])).toEqual(['5ms', '20ms', '45ms'])
  })

  it('does not retry a 4xx', async () => {
    const {url, requests} = await answerAlways(405, 'Squash merges are not allowed on this repository.')
    const gh = createGitHub(
      't',
      quiet,
      {GITHUB_API_URL: url},
      {budget: createBudget(60_000, Date.now), clock: Date.now}
    )
    await expect(
      gh.octokit.request('PUT /repos/{owner}/{repo}/pulls/{pull_number}/merge', {owner: 'o', repo: 'r', pull_number: 1})
    ).rejects.toMatchObject({status: 405})
    expect(requests()).toBe(1)
  })
})

describe('createGitHub: deadlines, 501 and lost answers', () => {
  let server: Server | undefined
  afterEach(async () => {
    server?.closeAllConnections()
    await new Promise(r => server?.close(r))
  })

  /** A local API whose n-th request (1-based) is answered as `answer` says: a status, or never (`hang`). */
  async function api(answer: (n: number) => number | 'hang'): Promise<{url: string; requests: () => number}> {
    let count = 0
    server = createServer((_req, res) => {
      const a = answer(++count)
      if (a === 'hang') return
      res.writeHead(a, {'content-type': 'application/json'})
      res.end(JSON.stringify(a < 300 ? {ok: true, n: count} : {message: `answer ${a}`}))
    })
    await new Promise<void>(r => server!.listen(0, '127.0.0.1', r))
    return {url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, requests: () => count}
  }

  const timing = (extra: {deadlineMs?: number} = {}) => ({
    budget: createBudget(60_000, Date.now),
    clock: Date.now,
    retryUnitMs: 5,
    ...extra
  })

  it('does not retry a 501: the server lacks the endpoint, asking again cannot help', async () => {
    const {url, requests} = await api(() => 501)
    const gh = createGitHub('t', quiet, {GITHUB_API_URL: url}, timing())
    await expect(
      gh.octokit.request('GET /repos/{owner}/{repo}/rules/branches/{branch}', {owner: 'o', repo: 'r', branch: 'main'})
    ).rejects.toMatchObject({status: 501})
    expect(requests()).toBe(1)
  })

  it('gives a hung read one deadline, then asks again', async () => {
    const {url, requests} = await api(n => (n === 1 ? 'hang' : 200))
    const gh = createGitHub('t', quiet, {GITHUB_API_URL: url}, timing({deadlineMs: 300}))
    const res = await gh.octokit.request('GET /repos/{owner}/{repo}', {owner: 'o', repo: 'r'})
    expect(res.data).toMatchObject({n: 2})
    expect(requests()).toBe(2)
  })

  it('never retries a write by itself: a 5xx on it is a lost answer, for writeOnce to read back', async () => {
    const {url, requests} = await api(() => 502)
    const gh = createGitHub('t', quiet, {GITHUB_API_URL: url}, timing())
    const merge = gh.octokit.request('PUT /repos/{owner}/{repo}/pulls/{pull_number}/merge', {
      owner: 'o',
      repo: 'r',
      pull_number: 1
    })
    await expect(merge).rejects.toBeInstanceOf(AnswerLostError)
    expect(requests()).toBe(1)
  })

  it('sends a write again only when the read-back says it was not applied', async () => {
    const {url, requests} = await api(n => (n === 1 ? 'hang' : 200))
    const gh = createGitHub('t', quiet, {GITHUB_API_URL: url}, timing({deadlineMs: 300}))
    let readBacks = 0
    const sent = await gh.writeOnce(
      async () =>
        (
          await gh.octokit.request('POST /repos/{owner}/{repo}/git/refs', {
            owner: 'o',
            repo: 'r',
            ref: 'refs/heads/x',
            sha: 'a'
          })
        ).status,
      async () => {
        readBacks++
        return undefined
      }
    )
    expect(sent).toBe(200)
    expect(readBacks).toBe(1)
    expect(requests()).toBe(2)
  })

  it('takes a read-back that found the write as its result', async () => {
    const {url, requests} = await api(() => 502)
    const gh = createGitHub('t', quiet, {GITHUB_API_URL: url}, timing())
    const got = await gh.writeOnce(
      async () =>
        (await gh.octokit.request('POST /repos/{owner}/{repo}/pulls', {owner: 'o', repo: 'r', head: 'x', base: 'main'}))
          .status,
      async () => 42
    )
    expect(got).toBe(42)
    expect(requests()).toBe(1)
  })
})
