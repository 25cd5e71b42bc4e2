// Fuzz: thousands of generated request heads and bodies, sent over raw sockets to the built connector process
// (dist/connector/index.js). Whatever arrives, the process stays up, /healthz answers, and a good event is still
// stored. Seeded (FUZZ_SEED to replay a run) and bounded in count and time. Build first: `npm run package`.
import {afterAll, beforeAll, describe, expect, it} from '@jest/globals'
import {spawn} from 'node:child_process'
import type {ChildProcess} from 'node:child_process'
import {existsSync} from 'node:fs'
import {rm} from 'node:fs/promises'
import {resolve} from 'node:path'
import {sign} from '../../src/connector/signature.js'
import {PROCESS_HMAC_KEY as FLUX_TEST_KEY} from './payloads.js'
import {rawRequest} from './raw.js'
import {READ_TOKEN, fluxEvent, http, postEvent, readObjects, tempDir} from './util.js'
import {mulberry32} from '../../testing/random.js'
import {childEnv} from '../../testing/child-env.js'

const BUNDLE = resolve('dist/connector/index.js')
const SEED = Number(process.env.FUZZ_SEED ?? 20261129)
const MAX_CASES = 3000
const MAX_MS = 60_000
const CONCURRENCY = 32

function generator(random: () => number) {
  const int = (n: number): number => Math.floor(random() * n)
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)] as T
  const bytes = (n: number): string => Array.from({length: n}, () => String.fromCharCode(int(256))).join('')
  const printable = (n: number): string => Array.from({length: n}, () => String.fromCharCode(32 + int(95))).join('')

  const methods = ['GET', 'POST', 'PUT', 'DELETE', 'HEAD', 'OPTIONS', 'PATCH', 'CONNECT', 'TRACE', 'BREW', 'get', '']
  const paths = [
    '/',
    '//',
    '///',
    '/healthz',
    '/metrics',
    '/api/v1/objects',
    '/api/v1/flux/events',
    '//api/v1/objects',
    '/api/v1/objects/',
    '/api/v1/objects?since=abc&wait=x',
    '/api/v1/objects?since=99999999999999999999&wait=1ms',
    '/api/v1/objects?since=0&wait=10ms&kind=%',
    '/api/v1/objects?kind=%E0%A4%A&name=%%%&cluster=%00',
    '/api/v1/objects?bogus=1',
    '/%2e%2e/%2e%2e/etc/passwd',
    '/healthz%00',
    '/healthz#frag',
    '/healthz?%',
    'http://evil.example/healthz',
    'http://[::1',
    'https://x:99999/api/v1/objects',
    'ftp://x/',
    '*',
    'example.com:443',
    '?',
    '#',
    `/${'a'.repeat(9000)}`,
    `/api/v1/objects?${'name=x&'.repeat(200)}`
  ]
  const versions = ['HTTP/1.1', 'HTTP/1.1', 'HTTP/1.1', 'HTTP/1.0', 'HTTP/2.0', 'HTTP/0.9', 'http/1.1', 'HTTP/1.1x', '']
  const headerLines = [
    'Host: x',
    'Connection: close',
    'Connection: keep-alive',
    `Authorization: Bearer ${READ_TOKEN}`,
    'Authorization: Bearer wrong',
    'Authorization: Basic Zm9vOmJhcg==',
    'Authorization:',
    'X-Signature: sha256=00',
    `X-Signature: sha256=${'0'.repeat(64)}`,
    'X-Signature: md5=abc',
    'X-Signature:',
    'Content-Type: application/json',
    'Content-Length: 0',
    'Content-Length: -1',
    'Content-Length: 99999999999',
    'Content-Length: 12abc',
    'Transfer-Encoding: chunked',
    'Transfer-Encoding: gzip, chunked',
    'Transfer-Encoding: bogus',
    'Expect: 100-continue',
    'Bad Header Line',
    ': no-name',
    'X-Null: a\u0000b',
    'X-Cr: a\rb',
    `X-Long: ${'v'.repeat(int(2) === 0 ? 100 : 20_000)}`,
    ' folded continuation'
  ]

  function head(): {text: string; signedBody?: string} {
    const method = pick(methods)
    const path = pick(paths)
    const version = pick(versions)
    const lines = Array.from({length: int(6)}, () => (random() < 0.1 ? printable(int(40)) : pick(headerLines)))
    if (random() < 0.7) lines.unshift('Host: x')
    const requestLine = random() < 0.05 ? bytes(int(60)) : [method, path, version].filter(s => s !== '').join(' ')
    return {text: `${requestLine}\r\n${lines.join('\r\n')}${lines.length ? '\r\n' : ''}\r\n`}
  }

  /** A POST to the events endpoint with a body that is broken in one of many ways. */
  function event(): string {
    const good = fluxEvent({
      name: `fuzz-${int(20)}`,
      timestamp: new Date(Date.UTC(2026, 7, 7, 10, 0, int(59))).toISOString()
    })
    const kind = int(8)
    let body = good
    let sig = sign(good, FLUX_TEST_KEY)
    let length = Buffer.byteLength(body)
    if (kind === 0) sig = sign(good, 'wrong-key')
    if (kind === 1) body = good.slice(0, int(good.length)) // truncated: the declared length is not reached
    if (kind === 2) {
      body = bytes(int(400))
      length = Buffer.byteLength(body, 'latin1')
      sig = sign(Buffer.from(body, 'latin1').toString('utf8'), FLUX_TEST_KEY)
    }
    if (kind === 3) {
      body = JSON.stringify({involvedObject: 'x'})
      length = body.length
      sig = sign(body, FLUX_TEST_KEY)
    }
    if (kind === 4) length = body.length + 1 + int(100)
    if (kind === 5) {
      // chunked, sometimes without the final chunk
      const chunks = `${body.length.toString(16)}\r\n${body}\r\n${random() < 0.5 ? '0\r\n\r\n' : ''}`
      return `POST /api/v1/flux/events HTTP/1.1\r\nHost: x\r\nX-Signature: ${sig}\r\nTransfer-Encoding: chunked\r\n\r\n${chunks}`
    }
    // kind 6, 7: the good, signed event
    return `POST /api/v1/flux/events HTTP/1.1\r\nHost: x\r\nX-Signature: ${sig}\r\nContent-Length: ${length}\r\n\r\n${body}`
  }

  /** One case: the bytes, sometimes split at random points, sometimes two requests pipelined. */
  return function nextCase(): string[] {
    const r = random()
    let text = r < 0.35 ? event() : head().text
    if (random() < 0.1) text += head().text
    if (random() < 0.1) text = text.slice(0, int(text.length)) // cut anywhere
    if (random() < 0.3) {
      const at = int(text.length)
      return [text.slice(0, at), text.slice(at)]
    }
    return [text]
  }
}

let child: ChildProcess
let url = ''
let port = 0
let dataDir = ''
let output = ''

beforeAll(async () => {
  if (!existsSync(BUNDLE)) throw new Error(`${BUNDLE} is missing: run 'npm run package' first`)
  dataDir = await tempDir()
  child = spawn(process.execPath, [BUNDLE], {
    env: childEnv({
      CONNECTOR_HOST: '127.0.0.1',
      CONNECTOR_PORT: '0',
      CONNECTOR_HMAC_KEYS: FLUX_TEST_KEY,
      CONNECTOR_READ_TOKENS: READ_TOKEN,
      CONNECTOR_DATA_DIR: dataDir,
      CONNECTOR_MAX_BODY_BYTES: '4096',
      CONNECTOR_HEADERS_TIMEOUT: '2',
      CONNECTOR_REQUEST_TIMEOUT: '3',
      CONNECTOR_MAX_UNVERIFIED_BODIES: '8'
    }),
    stdio: ['ignore', 'pipe', 'pipe']
  })
  await new Promise<void>((res, rej) => {
    const timer = setTimeout(() => rej(new Error(`connector did not start:\n${output}`)), 10_000)
    const onData = (d: Buffer): void => {
      output += d.toString()
      const m = /listening on (http:\/\/\S+)/.exec(output)
      if (m && !url) {
        url = m[1] as string
        port = Number(new URL(url).port)
        clearTimeout(timer)
        res()
      }
    }
    child.stdout!.on('data', onData)
    child.stderr!.on('data', onData)
    child.on('exit', code => rej(new Error(`connector exited with ${code}:\n${output}`)))
  })
})

afterAll(async () => {
  if (child && child.exitCode === null) {
    child.kill('SIGTERM')
    await new Promise(r => child.once('exit', r))
  }
  if (dataDir) await rm(dataDir, {recursive: true, force: true})
})

describe('fuzzing the connector process', () => {
  it(`survives generated requests (seed ${SEED})`, async () => {
    const nextCase = generator(mulberry32(SEED))
    const t0 = Date.now()
    let sent = 0
    const statuses = new Map<number, number>()
    const worker = async (): Promise<void> => {
      while (sent < MAX_CASES && Date.now() - t0 < MAX_MS) {
        sent++
        const answer = await rawRequest(port, nextCase(), {idleMs: 30, maxMs: 400})
        statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1)
        if (sent % 500 === 0) {
          const health = await http('GET', `${url}/healthz`)
          if (health.status !== 200) throw new Error(`healthz answered ${health.status} after ${sent} cases`)
        }
      }
    }
    await Promise.all(Array.from({length: CONCURRENCY}, worker))
    // Useful when a run fails: what the connector answered.
    const summary = [...statuses].sort(([a], [b]) => a - b).map(([s, n]) => `${s}: ${n}`)
    expect(sent).toBeGreaterThanOrEqual(Math.min(MAX_CASES, 500))
    expect(child.exitCode).toBeNull()
    expect((await http('GET', `${url}/healthz`)).status).toBe(200)
    // Errors the server itself caused are 5xx other than the 503 of the unverified-body bound.
    expect({summary, serverErrors: statuses.get(500) ?? 0}).toMatchObject({serverErrors: 0})
    expect(statuses.get(202) ?? 0).toBeGreaterThan(0)
    expect([...statuses.keys()].some(s => s === 400)).toBe(true)
    // Still doing its job: a good event is stored and served.
    const body = fluxEvent({name: 'after-fuzz'})
    expect((await postEvent(url, body)).status).toBe(202)
    const state = await readObjects(url, '?name=after-fuzz')
    expect(state.objects.map(o => o.name)).toEqual(['after-fuzz'])
    expect(output).not.toMatch(/request failed|uncaught|TypeError|RangeError/i)
  }, 120_000)
})
