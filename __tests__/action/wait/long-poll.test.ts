// A long-polling source (the connector) is asked to hold each read; the hold must end when the verdict can change
// without a new report: at the deadline, and when a failing pattern's grace runs out.
import {describe, expect, it} from '@jest/globals'
import {waitForRollout, LONG_POLL_MAX_MS} from '../../../src/action/wait/poll.js'
import type {Report, ReportSource, Snapshot} from '../../../src/core/rollout/types.js'

const C = 'c'.repeat(40)
const T0 = Date.parse('2026-08-07T10:00:00Z')
const APPS = 'prod/Kustomization/flux-system/apps'

/**
 * A long-polling source on a fake clock. `reports(t)` is the state at elapsed time t; it changes only at `changesAt`.
 * A read answers as the connector does: at the next change, or when its hold runs out.
 */
function longPollSource(reports: (elapsedMs: number) => Report[], changesAt: number[] = []) {
  let now = T0
  const holds: number[] = []
  const source: ReportSource = {
    longPoll: true,
    async read(maxWaitMs: number): Promise<Snapshot> {
      holds.push(maxWaitMs)
      const t = now - T0
      const next = changesAt.find(c => c > t)
      now = T0 + (next !== undefined && next < t + maxWaitMs ? next : t + maxWaitMs)
      return {commits: [C], reports: reports(now - T0)}
    }
  }
  return {source, holds, clock: () => now}
}

const failing = (atMs: number): Report => ({
  context: APPS,
  state: 'failure',
  description: 'health check failed',
  commit: C,
  at: T0 + atMs,
  source: 'connector'
})

const quiet = {info: () => {}, debug: () => {}, warning: () => {}}

describe('long-poll holds', () => {
  it('end when a failing pattern passes its grace, not a full hold later', async () => {
    // Flux reports a failure 10 s in; the grace is 5 s.
    const {source, holds, clock} = longPollSource(t => (t >= 10_000 ? [failing(10_000)] : []), [10_000])
    const result = await waitForRollout({
      source,
      patterns: ['prod/*'],
      healthyDescription: '*',
      graceMs: 5_000,
      timeoutMs: 900_000,
      intervalMs: 10_000,
      clock,
      sleep: async () => {},
      log: quiet
    })
    expect(result.result).toBe('failed')
    // The first read returns at the failure; the second holds only until the grace has passed (not 25 s more).
    expect(holds).toEqual([LONG_POLL_MAX_MS, 5_001])
    expect(result.endedAt - T0).toBe(15_001)
  })

  it('a long grace still uses full holds until its end', async () => {
    const {source, holds, clock} = longPollSource(() => [failing(0)])
    const result = await waitForRollout({
      source,
      patterns: ['prod/*'],
      healthyDescription: '*',
      graceMs: 60_000,
      timeoutMs: 900_000,
      intervalMs: 10_000,
      clock,
      sleep: async () => {},
      log: quiet
    })
    expect(result.result).toBe('failed')
    expect(holds).toEqual([LONG_POLL_MAX_MS, LONG_POLL_MAX_MS, 10_001])
    expect(result.endedAt - T0).toBe(60_001)
  })

  it('never hold past the deadline', async () => {
    const {source, holds, clock} = longPollSource(() => [])
    const result = await waitForRollout({
      source,
      patterns: ['prod/*'],
      healthyDescription: '*',
      graceMs: 1_000,
      timeoutMs: 30_000,
      intervalMs: 10_000,
      clock,
      sleep: async () => {},
      log: quiet
    })
    expect(result.result).toBe('timed-out')
    expect(holds).toEqual([LONG_POLL_MAX_MS, 5_000])
  })
})

describe('long-poll holds after the soak window', () => {
  it('do not spin at wait=0 when the window ended while a later commit is still progressing', async () => {
    const D = 'd'.repeat(40)
    const healthy: Report = {...failing(1_000), state: 'success', description: 'ok', at: T0 + 1_000}
    const progressing: Report = {...failing(5_000), state: 'pending', description: 'progressing', commit: D}
    // Healthy at 1 s; a later commit starts progressing at 5 s and is still progressing when the 10 s soak ends.
    const {source, holds, clock} = longPollSource(
      t => (t >= 5_000 ? [healthy, progressing] : [healthy]),
      [1_000, 5_000]
    )
    const wrapped: ReportSource = {
      longPoll: true,
      read: async maxWaitMs => {
        // Bounded: a spinning loop (the bug) ends here instead of hanging the test.
        if (holds.length > 50) throw Object.assign(new Error('spinning'), {fatal: true})
        return {...(await source.read(maxWaitMs)), commits: [C, D]}
      }
    }
    const result = await waitForRollout({
      source: wrapped,
      patterns: ['prod/*'],
      healthyDescription: '*',
      graceMs: 5_000,
      soakMs: 10_000,
      timeoutMs: 120_000,
      intervalMs: 10_000,
      clock,
      sleep: async () => {},
      log: quiet
    })
    expect(result.result).toBe('timed-out')
    // Every hold after the window ended is a full one: a handful of reads in two minutes, never a burst of wait=0.
    expect(holds.filter(h => h === 0)).toEqual([])
    expect(holds.length).toBeLessThan(12)
  })
})
