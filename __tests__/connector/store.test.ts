import {afterEach, beforeEach, describe, expect, it} from '@jest/globals'
import {appendFile, readFile, rm, stat, writeFile} from 'node:fs/promises'
import {join} from 'node:path'
import {parseFluxEvent} from '../../src/connector/events.js'
import {Store} from '../../src/connector/store.js'
import {fluxEvent, tempDir} from './util.js'
import type {EventSpec} from './util.js'

let dir: string
beforeEach(async () => {
  dir = await tempDir()
})
afterEach(async () => {
  await rm(dir, {recursive: true, force: true})
})

function open(compactBytes = 1024 * 1024): Promise<Store> {
  return Store.open({dataDir: dir, compactBytes})
}

function add(store: Store, spec: EventSpec) {
  const raw = JSON.parse(fluxEvent(spec)) as unknown
  const parsed = parseFluxEvent(raw)
  if (!parsed.ok) throw new Error(parsed.error)
  return store.append(raw, parsed.event)
}

const second = (n: number) => new Date(Date.UTC(2026, 7, 7, 10, 0, 0) + n * 1000).toISOString()

describe('Store', () => {
  it('replays the log on open: same version, same objects', async () => {
    const s1 = await open()
    await add(s1, {name: 'a', timestamp: second(1)})
    await add(s1, {name: 'b', timestamp: second(2)})
    await add(s1, {name: 'a', timestamp: second(3), severity: 'error', reason: 'BuildFailed', message: 'boom'})
    await add(s1, {name: 'a', timestamp: second(0)}) // stale
    expect(s1.version).toBe(3)
    const before = JSON.stringify(s1.objects())
    await s1.close()

    const s2 = await open()
    expect(s2.version).toBe(3)
    expect(JSON.stringify(s2.objects())).toBe(before)
    // seq keeps counting after a restart
    expect((await add(s2, {name: 'c', timestamp: second(4)})).seq).toBe(5)
    await s2.close()
  })

  it('commits concurrent appends together and answers each after the fsync', async () => {
    const s = await open()
    const results = await Promise.all(Array.from({length: 50}, (_, i) => add(s, {name: `o${i}`, timestamp: second(i)})))
    expect(results.map(r => r.seq).sort((a, b) => a - b)).toEqual(Array.from({length: 50}, (_, i) => i + 1))
    expect(s.version).toBe(50)
    const lines = (await readFile(join(dir, 'events.log'), 'utf8')).trim().split('\n')
    expect(lines).toHaveLength(50)
    await s.close()
  })

  it('tolerates a torn last line and keeps appending cleanly after it', async () => {
    const s1 = await open()
    await add(s1, {timestamp: second(1)})
    await s1.close()
    await appendFile(join(dir, 'events.log'), '{"seq":2,"receivedAt":"2026-11-23T00:00:00Z","event":{"involvedOb')

    const s2 = await open()
    expect(s2.version).toBe(1)
    await add(s2, {timestamp: second(2), reason: 'HealthCheckFailed', severity: 'error'})
    await s2.close()

    const s3 = await open()
    expect(s3.version).toBe(2)
    expect(s3.objects()[0]!.state).toBe('failed')
    await s3.close()
  })

  it('skips an unreadable line in the middle', async () => {
    const s1 = await open()
    await add(s1, {name: 'a', timestamp: second(1)})
    await s1.close()
    await appendFile(join(dir, 'events.log'), '\u0000\u0000garbage\n')
    const s2 = await open()
    await add(s2, {name: 'b', timestamp: second(2)})
    await s2.close()
    const s3 = await open()
    expect(s3.objects().map(o => o.name)).toEqual(['a', 'b'])
    await s3.close()
  })

  it('compacts: the log stays small, the state and version survive a restart', async () => {
    const s1 = await open(8192)
    for (let i = 0; i < 300; i++) await add(s1, {name: `o${i % 7}`, timestamp: second(i), message: `run ${i}`})
    expect(s1.version).toBe(300)
    const before = JSON.stringify(s1.objects())
    await s1.close()
    expect((await stat(join(dir, 'events.log'))).size).toBeLessThanOrEqual(8192)
    expect((await stat(join(dir, 'snapshot.json'))).size).toBeGreaterThan(0)

    const s2 = await open(8192)
    expect(s2.version).toBe(300)
    expect(JSON.stringify(s2.objects())).toBe(before)
    expect((await add(s2, {name: 'o1', timestamp: second(1000)})).version).toBe(301)
    await s2.close()
  })

  it('does not apply log entries twice after a crash between snapshot and truncation', async () => {
    const s1 = await open()
    await add(s1, {name: 'a', timestamp: second(1)})
    await add(s1, {name: 'a', timestamp: second(2), message: 'again'})
    const log = await readFile(join(dir, 'events.log'))
    await s1.compact()
    await s1.close()
    // The crash: the snapshot is in place but the old log is still there.
    await writeFile(join(dir, 'events.log'), log)
    const s2 = await open()
    expect(s2.version).toBe(2)
    expect(s2.objects()[0]!.message).toBe('again')
    await s2.close()
  })

  it('rejects appends after close', async () => {
    const s = await open()
    await s.close()
    await expect(add(s, {})).rejects.toThrow('closed')
  })
})
