import {describe, expect, it} from '@jest/globals'
import {waitForRollout, type WaitOptions} from '../../../src/action/wait/poll.js'
import {RevisionGoneError} from '../../../src/core/rollout/revision.js'
import type {Report, ReportSource, Snapshot} from '../../../src/core/rollout/types.js'

const C = 'c'.repeat(40)
const D = 'd'.repeat(40)
const T0 = Date.parse('2026-08-07T10:00:00Z')
const APPS = 'kustomization/apps/5c1e4a7b'
const INFRA = 'kustomization/infra/5c1e4a7b'

const report = (context: string, state: Report['state'], description: string, commit: string, atS: number): Report => ({
  context,
  state,
  description,
  commit,
  at: T0 + atS * 1000,
  source: 'status'
})

/** A fake clock whose sleep advances it: no real time passes in these tests. */
function fakeTime() {
  let now = T0
  const sleeps: number[] = []
  return {
    clock: () => now,
    sleep: async (ms: number) => {
      sleeps.push(ms)
      now += ms
    },
    advance: (ms: number) => {
      now += ms
    },
    elapsed: () => now - T0,
    sleeps
  }
}

type Script = (elapsedMs: number, read: number) => Snapshot | Error

/** A polling source that answers from a script of fake time; each read takes `readMs`. */
function scriptedSource(time: ReturnType<typeof fakeTime>, script: Script, readMs = 0) {
  const readsAt: number[] = []
  const source: ReportSource = {
    longPoll: false,
    async read() {
      readsAt.push(time.elapsed())
      const answer = script(time.elapsed(), readsAt.length)
      time.advance(readMs)
      if (answer instanceof Error) throw answer
      return answer
    }
  }
  return {source, readsAt}
}

function capture() {
  const lines = {info: [] as string[], debug: [] as string[], warning: [] as string[]}
  return {
    lines,
    log: {
      info: (m: string) => lines.info.push(m),
      debug: (m: string) => lines.debug.push(m),
      warning: (m: string) => lines.warning.push(m)
    }
  }
}

function options(
  time: ReturnType<typeof fakeTime>,
  source: ReportSource,
  log: WaitOptions['log'],
  extra: Partial<WaitOptions> = {}
): WaitOptions {
  return {
    source,
    patterns: ['kustomization/*'],
    healthyDescription: 'reconciliation succeeded',
    graceMs: 180_000,
    timeoutMs: 900_000,
    intervalMs: 10_000,
    clock: time.clock,
    sleep: time.sleep,
    random: () => 0.5, // no jitter unless a test says so
    log,
    ...extra
  }
}

const snap = (...reports: Report[]): Snapshot => ({commits: [C, D], reports})

describe('waitForRollout', () => {
  it('healthy after 40 s', async () => {
    const time = fakeTime()
    const {log, lines} = capture()
    const {source, readsAt} = scriptedSource(time, t =>
      t < 40_000 ? snap() : snap(report(APPS, 'success', 'reconciliation succeeded', C, 38))
    )
    const result = await waitForRollout(options(time, source, log))
    expect(result.result).toBe('healthy')
    expect(result.appliedRevision).toBe(C)
    expect(result.startedAt).toBe(T0)
    expect(result.endedAt - result.startedAt).toBe(40_000)
    expect(result.firstHealthyAt).toEqual({[APPS]: T0 + 40_000})
    expect(readsAt).toEqual([0, 10_000, 20_000, 30_000, 40_000])
    expect(time.sleeps).toEqual([10_000, 10_000, 10_000, 10_000])
    expect(result.message).toContain('ccccccc')
    expect(lines.info).toContain(`${APPS}: success on ccccccc "reconciliation succeeded"`)
    expect(lines.debug).toHaveLength(5) // one per tick
  })

  it('a transient failure inside the grace, then success on a descendant -> healthy', async () => {
    const time = fakeTime()
    const {log, lines} = capture()
    const {source} = scriptedSource(time, t => {
      if (t < 10_000) return snap()
      const failing = report(APPS, 'failure', 'health check failed', C, 10)
      if (t < 120_000) return snap(failing)
      return snap(failing, report(APPS, 'success', 'reconciliation succeeded', D, 115))
    })
    const result = await waitForRollout(options(time, source, log))
    expect(result.result).toBe('healthy')
    expect(result.appliedRevision).toBe(D)
    expect(result.endedAt - T0).toBe(120_000)
    expect(lines.info.filter(l => l.startsWith(APPS))).toEqual([
      `${APPS}: failure on ccccccc "health check failed"`,
      `${APPS}: success on ddddddd "reconciliation succeeded"`
    ])
  })

  it('a persistent failure fails after the grace, with Flux description in the message', async () => {
    const time = fakeTime()
    const {log} = capture()
    const {source} = scriptedSource(time, t =>
      t < 5_000 ? snap() : snap(report(APPS, 'failure', 'health check failed', C, 5))
    )
    const result = await waitForRollout(options(time, source, log))
    expect(result.result).toBe('failed')
    expect(result.appliedRevision).toBeUndefined()
    // Failing since 5 s, grace 180 s: the first read past 185 s is at 190 s.
    expect(result.endedAt - T0).toBe(190_000)
    expect(result.message).toContain(APPS)
    expect(result.message).toContain('health check failed')
    expect(result.message).toContain('ccccccc')
    expect(result.message).toContain('3m 5s')
    expect(result.verdict.patterns[0]?.status).toBe('failed')
  })

  it('never reports -> timed-out at the deadline, listing every pending pattern', async () => {
    const time = fakeTime()
    const {log} = capture()
    const {source, readsAt} = scriptedSource(time, t =>
      t < 20_000 ? snap() : snap(report(APPS, 'success', 'dependency not ready', C, 20))
    )
    const result = await waitForRollout(
      options(time, source, log, {
        timeoutMs: 55_000,
        patterns: ['kustomization/apps/*', 'kustomization/infra/*']
      })
    )
    expect(result.result).toBe('timed-out')
    // The last sleep stops at the deadline and one final read happens there.
    expect(readsAt).toEqual([0, 10_000, 20_000, 30_000, 40_000, 50_000, 55_000])
    expect(result.endedAt - T0).toBe(55_000)
    expect(result.message).toBe(
      [
        'Timed out after 55s waiting for Flux; still not healthy:',
        `kustomization/apps/*: ${APPS}: success on ccccccc "dependency not ready"`,
        'kustomization/infra/*: no report yet'
      ].join('\n- ')
    )
  })

  it('jitter stays within ±10% and the deadline is exceeded by at most one request', async () => {
    const time = fakeTime()
    const {log} = capture()
    const {source, readsAt} = scriptedSource(time, () => snap(), 700)
    const randoms = [0, 0.999, 0.25]
    let i = 0
    const result = await waitForRollout(
      options(time, source, log, {timeoutMs: 60_000, random: () => randoms[i++ % randoms.length] as number})
    )
    expect(result.result).toBe('timed-out')
    for (const ms of time.sleeps.slice(0, -1)) {
      expect(ms).toBeGreaterThanOrEqual(9_000)
      expect(ms).toBeLessThanOrEqual(11_000)
    }
    expect(readsAt.at(-1)).toBe(60_000)
    expect(result.endedAt - T0).toBe(60_700)
  })

  it('a source throwing twice then recovering: one warning, backoff, then healthy', async () => {
    const time = fakeTime()
    const {log, lines} = capture()
    const {source, readsAt} = scriptedSource(time, (_t, n) => {
      if (n === 2 || n === 3) return new Error('HTTP 502 Bad Gateway')
      if (n < 6) return snap()
      return snap(report(APPS, 'success', 'reconciliation succeeded', C, 60))
    })
    const result = await waitForRollout(options(time, source, log))
    expect(result.result).toBe('healthy')
    expect(lines.warning).toHaveLength(1)
    expect(lines.warning[0]).toContain('HTTP 502 Bad Gateway')
    // interval, then doubled twice by the errors, then back to the interval after the success.
    expect(time.sleeps).toEqual([10_000, 20_000, 40_000, 10_000, 10_000])
    expect(readsAt).toEqual([0, 10_000, 30_000, 70_000, 80_000, 90_000])
  })

  it('backoff doubles up to 60 s; distinct error messages each warn once', async () => {
    const time = fakeTime()
    const {log, lines} = capture()
    const {source} = scriptedSource(time, (_t, n) => new Error(n % 2 ? 'HTTP 502' : 'socket hang up'))
    const result = await waitForRollout(options(time, source, log, {timeoutMs: 300_000}))
    expect(result.result).toBe('timed-out')
    expect(time.sleeps.slice(0, 5)).toEqual([20_000, 40_000, 60_000, 60_000, 60_000])
    expect(lines.warning).toHaveLength(2)
    expect(result.message).toContain('kustomization/*: no report yet')
  })

  it('a fatal source error ends the wait at once', async () => {
    const time = fakeTime()
    const {log, lines} = capture()
    const {source, readsAt} = scriptedSource(time, (_t, n) =>
      n < 3 ? snap() : new RevisionGoneError(`Commit ${C} is not on the branch any more`)
    )
    const result = await waitForRollout(options(time, source, log))
    expect(result.result).toBe('failed')
    expect(result.message).toContain('not on the branch any more')
    expect(readsAt).toHaveLength(3)
    expect(lines.warning).toEqual([])
  })

  it('logs each state change once, and a progress line at most every 30 s', async () => {
    const time = fakeTime()
    const {log, lines} = capture()
    const {source} = scriptedSource(time, t => {
      if (t < 20_000) return snap()
      if (t < 50_000) return snap(report(APPS, 'success', 'dependency not ready', C, 20))
      if (t < 100_000) return snap(report(APPS, 'success', 'reconciliation succeeded', C, 50))
      return snap(
        report(APPS, 'success', 'reconciliation succeeded', C, 50),
        report(INFRA, 'success', 'reconciliation succeeded', C, 100)
      )
    })
    const result = await waitForRollout(
      options(time, source, log, {patterns: ['kustomization/apps/*', 'kustomization/infra/*']})
    )
    expect(result.result).toBe('healthy')
    const changes = lines.info.filter(l => l.startsWith('kustomization/'))
    expect(changes).toEqual([
      `${APPS}: success on ccccccc "dependency not ready" (not healthy yet)`,
      `${APPS}: success on ccccccc "reconciliation succeeded"`,
      `${INFRA}: success on ccccccc "reconciliation succeeded"`
    ])
    const progress = lines.info.filter(l => l.startsWith('Waiting for'))
    expect(progress).toEqual([
      `Waiting for kustomization/apps/*: ${APPS}: success on ccccccc "dependency not ready"; ` +
        'kustomization/infra/*: no report yet (14m 30s left)',
      'Waiting for kustomization/infra/*: no report yet (14m left)',
      'Waiting for kustomization/infra/*: no report yet (13m 30s left)'
    ])
    expect(result.firstHealthyAt).toEqual({[APPS]: T0 + 50_000, [INFRA]: T0 + 100_000})
  })

  it('a long-polling source gets maxWaitMs = min(time left, 25 s) and no sleeps', async () => {
    const time = fakeTime()
    const {log} = capture()
    const waits: number[] = []
    const source: ReportSource = {
      longPoll: true,
      async read(maxWaitMs) {
        waits.push(maxWaitMs)
        time.advance(maxWaitMs) // nothing changes: hold the whole time
        return snap()
      }
    }
    const result = await waitForRollout(options(time, source, log, {timeoutMs: 60_000}))
    expect(result.result).toBe('timed-out')
    expect(waits).toEqual([25_000, 25_000, 10_000])
    expect(time.sleeps).toEqual([])
    expect(result.endedAt - T0).toBe(60_000)
  })

  it('a long-polling source answering early ends the wait at once', async () => {
    const time = fakeTime()
    const {log} = capture()
    const waits: number[] = []
    const source: ReportSource = {
      longPoll: true,
      async read(maxWaitMs) {
        waits.push(maxWaitMs)
        time.advance(1_500)
        return snap({
          ...report('prod-eu/Kustomization/flux-system/apps', 'success', 'Health check passed', D, 1),
          source: 'connector'
        })
      }
    }
    const result = await waitForRollout(
      options(time, source, log, {patterns: ['prod-*/Kustomization/flux-system/apps'], timeoutMs: 10_000})
    )
    expect(result.result).toBe('healthy')
    expect(result.appliedRevision).toBe(D)
    expect(waits).toEqual([10_000])
  })

  it('a long-polling source that errors backs off with sleeps', async () => {
    const time = fakeTime()
    const {log} = capture()
    let n = 0
    const source: ReportSource = {
      longPoll: true,
      async read() {
        n++
        if (n <= 2) throw new Error('ECONNREFUSED')
        return snap(report(APPS, 'success', 'reconciliation succeeded', C, 0))
      }
    }
    const result = await waitForRollout(options(time, source, log))
    expect(result.result).toBe('healthy')
    expect(time.sleeps).toEqual([20_000, 40_000])
  })

  it('rejects an empty pattern list', async () => {
    const time = fakeTime()
    const {log} = capture()
    const {source} = scriptedSource(time, () => snap())
    await expect(waitForRollout(options(time, source, log, {patterns: []}))).rejects.toThrow(/pattern/)
  })
})
