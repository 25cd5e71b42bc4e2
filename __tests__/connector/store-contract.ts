// The behaviour every store must have, run against each implementation (store.test.ts: the file store;
// store-postgres.test.ts: PostgreSQL). A harness gives fresh backing storage per test and opens stores on it.
import {afterEach, beforeEach, describe, expect, it} from '@jest/globals'
import {parseFluxEvent} from '../../src/connector/events.js'
import type {ConnectorStore} from '../../src/connector/store/types.js'
import {fluxEvent} from './util.js'
import type {EventSpec} from './util.js'

export interface StoreHarness {
  setUp(): Promise<void>
  tearDown(): Promise<void>
  /**
   * A store on this test's storage; opening again reaches the same data (a restart, or another replica). Its clock
   * is `fixedClock` unless given.
   */
  open(opts?: {clock?: () => number; retentionMs?: number}): Promise<ConnectorStore>
}

export function add(store: ConnectorStore, spec: EventSpec) {
  const raw = JSON.parse(fluxEvent(spec)) as unknown
  const parsed = parseFluxEvent(raw)
  if (!parsed.ok) throw new Error(parsed.error)
  return store.append(raw, parsed.event)
}

const T0 = Date.UTC(2026, 7, 7, 10, 0, 0)
export const second = (n: number) => new Date(T0 + n * 1000).toISOString()
/** The stores' clock where a test does not move it: the events' day, never the day the tests run on. */
export const fixedClock = (): number => T0

const HOUR = 3_600_000

export function storeContract(
  name: string,
  h: StoreHarness,
  describeFn: (title: string, fn: () => void) => void = describe
): void {
  describeFn(`${name}: the store contract`, () => {
    const open: ConnectorStore[] = []
    const openStore = async (opts?: Parameters<StoreHarness['open']>[0]) => {
      const s = await h.open(opts)
      open.push(s)
      return s
    }
    beforeEach(() => h.setUp())
    afterEach(async () => {
      for (const s of open.splice(0)) await s.close()
      await h.tearDown()
    })

    it('keeps state and version across a reopen, and counts on from there', async () => {
      const s1 = await openStore()
      await add(s1, {name: 'a', timestamp: second(1)})
      await add(s1, {name: 'b', timestamp: second(2)})
      await add(s1, {name: 'a', timestamp: second(3), severity: 'error', reason: 'BuildFailed', message: 'boom'})
      expect((await add(s1, {name: 'a', timestamp: second(0)})).result).toBe('stale')
      expect(s1.version).toBe(3)
      const before = JSON.stringify(s1.objects())
      await s1.close()

      const s2 = await openStore()
      expect(s2.version).toBe(3)
      expect(JSON.stringify(s2.objects())).toBe(before)
      expect(s2.objects().map(o => [o.name, o.state])).toEqual([
        ['a', 'failed'],
        ['b', 'healthy']
      ])
      expect((await add(s2, {name: 'c', timestamp: second(4)})).version).toBe(4)
    })

    it('answers concurrent appends each with its own version, all durable', async () => {
      const s = await openStore()
      const results = await Promise.all(
        Array.from({length: 50}, (_, i) => add(s, {name: `o${i}`, timestamp: second(i)}))
      )
      expect(results.every(r => r.result === 'changed')).toBe(true)
      expect(results.map(r => r.version).sort((a, b) => a - b)).toEqual(Array.from({length: 50}, (_, i) => i + 1))
      expect(new Set(results.map(r => r.seq)).size).toBe(50)
      expect(s.version).toBe(50)
      expect(s.objects()).toHaveLength(50)
    })

    it('orders by timestamp, then arrival: older recorded without effect, duplicates harmless', async () => {
      const s = await openStore()
      expect((await add(s, {timestamp: second(10), reason: 'Progressing', message: 'applied'})).result).toBe('changed')
      expect((await add(s, {timestamp: second(10), reason: 'Progressing', message: 'applied'})).result).toBe(
        'unchanged'
      )
      expect((await add(s, {timestamp: second(5), severity: 'error', reason: 'Failed'})).result).toBe('stale')
      expect(s.objects()[0]!.state).toBe('progressing')
      // Equal timestamps go by arrival.
      expect((await add(s, {timestamp: second(10), severity: 'error', reason: 'HealthCheckFailed'})).result).toBe(
        'changed'
      )
      expect(s.objects()[0]!.state).toBe('failed')
      await add(s, {timestamp: second(11)})
      expect(s.objects()[0]!.state).toBe('healthy')
      // A same-second Progressing line does not demote healthy for the same revision.
      expect((await add(s, {timestamp: second(11), reason: 'Progressing', message: 'x configured'})).result).toBe(
        'stale'
      )
      expect(s.objects()[0]!.state).toBe('healthy')
      expect(s.version).toBe(3)
    })

    it('tells listeners after a change is durable, not for events that change nothing', async () => {
      const s = await openStore()
      const seen: number[] = []
      s.onChange(v => seen.push(v))
      const r = await add(s, {timestamp: second(1)})
      expect(seen).toContain(r.version)
      await add(s, {timestamp: second(1)})
      await add(s, {timestamp: second(0)})
      await new Promise(res => setTimeout(res, 50))
      expect(seen).toEqual([1])
    })

    it('prunes objects not heard of for the retention; any event, even a stale one, counts as heard', async () => {
      let now = Date.UTC(2026, 7, 7)
      const clock = () => now
      const s1 = await openStore({clock, retentionMs: 10 * HOUR})
      await add(s1, {name: 'old', timestamp: second(1)})
      await add(s1, {name: 'kept', timestamp: second(1)})
      await add(s1, {name: 'stale-heard', timestamp: second(5)})
      now += 8 * HOUR
      await add(s1, {name: 'kept', timestamp: second(2), message: 'again'})
      await add(s1, {name: 'stale-heard', timestamp: second(1)}) // stale, but heard
      expect(await s1.prune(now)).toBe(0)
      const v = s1.version
      now += 4 * HOUR
      expect(await s1.prune(now)).toBe(1)
      expect(s1.objects().map(o => o.name)).toEqual(['kept', 'stale-heard'])
      expect(s1.version).toBe(v + 1)
      await s1.close()

      const s2 = await openStore({clock, retentionMs: 10 * HOUR})
      expect(s2.objects().map(o => o.name)).toEqual(['kept', 'stale-heard'])
      expect(s2.version).toBe(v + 1)
      // A pruned object that is heard of again comes back.
      await add(s2, {name: 'old', timestamp: second(100)})
      expect(s2.objects().map(o => o.name)).toEqual(['kept', 'old', 'stale-heard'])
    })

    it('keeps any text intact: quotes, backslashes, newlines, non-ASCII, NUL', async () => {
      const message = `it's "quoted" \\ back\\slash\nline two ünïcödé 🚀 \u0000 end $1 ${'$'}{x}`
      const s1 = await openStore()
      await add(s1, {name: "o'brien", message, timestamp: second(1)})
      expect(s1.objects()[0]!.message).toBe(message)
      await s1.close()
      const s2 = await openStore()
      expect(s2.objects()[0]).toMatchObject({name: "o'brien", message})
    })

    it('rejects appends after close', async () => {
      const s = await h.open()
      await s.close()
      await expect(add(s, {})).rejects.toThrow('closed')
    })
  })
}
