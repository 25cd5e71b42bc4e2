import {afterEach, beforeEach, describe, expect, it} from '@jest/globals'
import {closeSync} from 'node:fs'
import {appendFile, readFile, rm, stat, writeFile} from 'node:fs/promises'
import {join} from 'node:path'
import {FileStore} from '../../src/connector/store/file.js'
import {add, fixedClock, second, storeContract} from './store-contract.js'
import {tempDir} from './util.js'

let dir: string
let fatal: unknown[] = []

function open(
  compactBytes = 1024 * 1024,
  extra: {clock?: () => number; retentionMs?: number} = {}
): Promise<FileStore> {
  return FileStore.open({
    dataDir: dir,
    compactBytes,
    retentionMs: extra.retentionMs ?? 720 * 3_600_000,
    clock: extra.clock ?? fixedClock,
    onFatal: err => fatal.push(err)
  })
}

storeContract('file store', {
  async setUp() {
    dir = await tempDir()
    fatal = []
  },
  async tearDown() {
    await rm(dir, {recursive: true, force: true})
  },
  open: opts => open(1024 * 1024, opts)
})

describe('file store', () => {
  beforeEach(async () => {
    dir = await tempDir()
    fatal = []
  })
  afterEach(async () => {
    await rm(dir, {recursive: true, force: true})
  })

  it('writes concurrent appends as one group commit, one log line each', async () => {
    const s = await open()
    await Promise.all(Array.from({length: 50}, (_, i) => add(s, {name: `o${i}`, timestamp: second(i)})))
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

  it('keeps an entry glued behind a torn fragment (a failed write the process survived)', async () => {
    const s1 = await open()
    await add(s1, {name: 'a', timestamp: second(1)})
    await s1.close()
    const log = join(dir, 'events.log')
    // A fragment without its newline, then a whole acknowledged entry written right behind it.
    const whole = (await readFile(log, 'utf8')).trim().replace('"seq":1', '"seq":3').replace('"name":"a"', '"name":"b"')
    await appendFile(log, `{"seq":2,"receivedAt":"2026-11-23T00:00:00Z","event":{"invol${whole}\n`)
    const s2 = await open()
    expect(s2.objects().map(o => o.name)).toEqual(['a', 'b'])
    expect((await add(s2, {name: 'c', timestamp: second(3)})).seq).toBe(4)
    await s2.close()
  })

  it('keeps a whole last entry that lost only its newline, and repairs the line end', async () => {
    const s1 = await open()
    await add(s1, {name: 'a', timestamp: second(1)})
    await add(s1, {name: 'b', timestamp: second(2)})
    await s1.close()
    const log = join(dir, 'events.log')
    const text = await readFile(log, 'utf8')
    await writeFile(log, text.slice(0, -1))
    const s2 = await open()
    expect(s2.objects().map(o => o.name)).toEqual(['a', 'b'])
    await add(s2, {name: 'c', timestamp: second(3)})
    await s2.close()
    const s3 = await open()
    expect(s3.objects().map(o => o.name)).toEqual(['a', 'b', 'c'])
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

  it('a write error is fatal: the batch and every later append are refused, and the owner is told', async () => {
    const s = await open()
    await add(s, {name: 'a', timestamp: second(1)})
    // Pull the log's descriptor from under the store: the next write fails (EBADF).
    closeSync((s as unknown as {fh: {fd: number}}).fh.fd)
    await expect(add(s, {name: 'b', timestamp: second(2)})).rejects.toThrow()
    expect(fatal).toHaveLength(1)
    await expect(add(s, {name: 'c', timestamp: second(3)})).rejects.toThrow('failed earlier')
    expect(s.objects().map(o => o.name)).toEqual(['a'])
    await s.close()
    const s2 = await open()
    expect(s2.objects().map(o => o.name)).toEqual(['a'])
    await s2.close()
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

  it('runs a requested compaction between group commits, never under one', async () => {
    const s = await open()
    const appends = Array.from({length: 40}, (_, i) => add(s, {name: `o${i}`, timestamp: second(i)}))
    const compaction = s.compact()
    const more = Array.from({length: 40}, (_, i) => add(s, {name: `p${i}`, timestamp: second(i)}))
    await Promise.all([...appends, compaction, ...more])
    await s.close()
    // Whatever the log holds after the snapshot replays on top of it to exactly the same state.
    const s2 = await open()
    expect(s2.version).toBe(80)
    expect(s2.objects()).toHaveLength(80)
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
})
