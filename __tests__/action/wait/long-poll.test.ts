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
