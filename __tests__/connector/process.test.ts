// Runs the built bundle (dist/connector/index.js) as a real process: crash safety, compaction across restarts,
// graceful shutdown, configuration errors. Build first: `npm run package`.
import {afterEach, beforeAll, describe, expect, it} from '@jest/globals'
import {spawn, spawnSync} from 'node:child_process'
import type {ChildProcess} from 'node:child_process'
import {existsSync} from 'node:fs'
import {readFile, rm, stat} from 'node:fs/promises'
import {join, resolve} from 'node:path'
import {NODE24} from '../../testing/run-action.js'
import {PROCESS_HMAC_KEY as FLUX_TEST_KEY} from './payloads.js'
import {untilListening} from '../../testing/connector-process.js'
import {childEnv} from '../../testing/child-env.js'
import {READ_TOKEN, fluxEvent, http, postEvent, readObjects, tempDir} from './util.js'

const BUNDLE = resolve('dist/connector/index.js')

interface Proc {
  child: ChildProcess
  url: string
  output: () => string
  exited: Promise<number | null>
}

const children: ChildProcess[] = []
const dirs: string[] = []

function baseEnv(dataDir: string, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  return childEnv({
    CONNECTOR_HOST: '127.0.0.1',
    CONNECTOR_PORT: '0',
    CONNECTOR_HMAC_KEYS: FLUX_TEST_KEY,
    CONNECTOR_READ_TOKENS: READ_TOKEN,
    CONNECTOR_DATA_DIR: dataDir,
    ...extra
  })
}

/** `fileSizeLimitKb`: start under `ulimit -f`, so writes past that size fail (EFBIG; Node ignores SIGXFSZ). */
function start(dataDir: string, extra: Record<string, string> = {}, fileSizeLimitKb?: number): Promise<Proc> {
  const [cmd, args] =
    fileSizeLimitKb === undefined
      ? [NODE24, [BUNDLE]]
      : ['bash', ['-c', `ulimit -f ${fileSizeLimitKb} && exec "$0" "$1"`, NODE24, BUNDLE]]
  const child = spawn(cmd, args, {env: baseEnv(dataDir, extra), stdio: ['ignore', 'pipe', 'pipe']})
  children.push(child)
  return untilListening(child, 10_000).then(p => ({child, ...p}))
}

async function newDir(): Promise<string> {
  const d = await tempDir()
  dirs.push(d)
  return d
}

beforeAll(() => {
  if (!existsSync(BUNDLE)) throw new Error(`${BUNDLE} is missing: run 'npm run package' first`)
})

afterEach(async () => {
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL')
  for (const d of dirs.splice(0)) await rm(d, {recursive: true, force: true})
})

describe('the connector process', () => {
  it('keeps every acknowledged event across a SIGKILL right after a 202', async () => {
    const dir = await newDir()
    const p1 = await start(dir)
    const acknowledged: string[] = []
    let killed = false
    const posts = Array.from({length: 60}, (_, i) => {
      const name = `app-${i}`
      return postEvent(p1.url, fluxEvent({name})).then(
        res => {
          if (res.status === 202 && !killed) {
            acknowledged.push(name)
            if (acknowledged.length === 30) {
              killed = true
              p1.child.kill('SIGKILL') // no chance to flush anything that was not already durable
            }
          }
        },
        () => undefined // in flight when the process died: never acknowledged
      )
    })
    await Promise.all(posts)
    await p1.exited
    expect(acknowledged.length).toBeGreaterThanOrEqual(30)

    const p2 = await start(dir)
    const state = await readObjects(p2.url)
    const names = new Set(state.objects.map(o => o.name))
    for (const name of acknowledged) expect(names.has(name)).toBe(true)
    expect(state.version).toBe(state.objects.length)
  })

  it('ends the process on a log write error; the restart repairs the log and keeps every acknowledged event', async () => {
    const dir = await newDir()
    const p1 = await start(dir, {}, 16)
    const acknowledged: string[] = []
    for (let i = 0; i < 200 && p1.child.exitCode === null; i++) {
      const name = `app-${i}`
      const res = await postEvent(p1.url, fluxEvent({name, message: `run ${i} ${'x'.repeat(400)}`})).catch(() => null)
      if (res?.status === 202) acknowledged.push(name)
      else break
    }
    expect(await p1.exited).toBe(1)
    expect(p1.output()).toMatch(/store failure, exiting/)
    expect(acknowledged.length).toBeGreaterThan(10)

    const p2 = await start(dir)
    const state = await readObjects(p2.url)
    expect(state.objects.map(o => o.name).sort()).toEqual([...acknowledged].sort())
    expect((await postEvent(p2.url, fluxEvent({name: 'after'}))).status).toBe(202)
    expect((await readObjects(p2.url)).objects).toHaveLength(acknowledged.length + 1)
  })

  it('compaction keeps the log small; state and version survive a restart', async () => {
    const dir = await newDir()
    const compactBytes = 8192
    const p1 = await start(dir, {CONNECTOR_COMPACT_BYTES: String(compactBytes)})
    const total = 400
    for (let i = 0; i < total; i += 8) {
      await Promise.all(
        Array.from({length: 8}, (_, j) => {
          const n = i + j
          const timestamp = new Date(Date.UTC(2026, 7, 7, 10) + n * 1000).toISOString()
          return postEvent(p1.url, fluxEvent({name: `app-${n % 10}`, timestamp, message: `run ${n}`}))
        })
      )
    }
    const before = await readObjects(p1.url)
    expect(before.version).toBe(total)
    expect(before.objects).toHaveLength(10)
    // Compaction runs right after a group commit is answered, so give the last one a moment to finish.
    const logSize = async () => (await stat(join(dir, 'events.log'))).size
    for (let i = 0; i < 100 && (await logSize()) > compactBytes; i++) await new Promise(r => setTimeout(r, 20))
    expect(await logSize()).toBeLessThanOrEqual(compactBytes)
    const metrics = (await http('GET', `${p1.url}/metrics`)).body
    expect(metrics).toMatch(/connector_compactions_total [1-9]/)

    p1.child.kill('SIGKILL')
    await p1.exited
    const p2 = await start(dir, {CONNECTOR_COMPACT_BYTES: String(compactBytes)})
    expect(await readObjects(p2.url)).toEqual(before)
  })

  it('on SIGTERM answers waiting reads, finishes, and exits 0', async () => {
    const dir = await newDir()
    const p = await start(dir)
    await postEvent(p.url, fluxEvent())
    const waiting = readObjects(p.url, '?since=1&wait=30s')
    await new Promise(r => setTimeout(r, 200))
    const t0 = Date.now()
    p.child.kill('SIGTERM')
    expect((await waiting).version).toBe(1)
    expect(await p.exited).toBe(0)
    expect(Date.now() - t0).toBeLessThan(5000)
    expect(await readFile(join(dir, 'events.log'), 'utf8')).toContain('"seq":1')
  })

  it('--help prints the configuration; a bad configuration names the variable', () => {
    const help = spawnSync(NODE24, [BUNDLE, '--help'], {encoding: 'utf8'})
    expect(help.status).toBe(0)
    for (const v of ['CONNECTOR_HOST', 'CONNECTOR_PORT', 'CONNECTOR_HMAC_KEYS', 'CONNECTOR_READ_TOKENS']) {
      expect(help.stdout).toContain(v)
    }
    const bad = spawnSync(NODE24, [BUNDLE], {
      encoding: 'utf8',
      env: {PATH: process.env.PATH, CONNECTOR_HMAC_KEYS: 'k', CONNECTOR_READ_TOKENS: 't', CONNECTOR_PORT: 'http'}
    })
    expect(bad.status).toBe(2)
    expect(bad.stderr).toContain('CONNECTOR_PORT')
    const missing = spawnSync(NODE24, [BUNDLE], {encoding: 'utf8', env: {PATH: process.env.PATH}})
    expect(missing.status).toBe(2)
    expect(missing.stderr).toContain('CONNECTOR_HMAC_KEYS')
  })
})
