// The wait loop's soak, error classes and budget, on a fake clock.
import {describe, expect, it} from '@jest/globals'
import {waitForRollout, type WaitOptions} from '../../../src/action/wait/poll.js'
import {WaitError, classifyGitHubError, rateLimitWait} from '../../../src/core/classify.js'
import type {Report, ReportSource, Snapshot, Supersession} from '../../../src/core/rollout/types.js'

const B = 'b'.repeat(40)
const C = 'c'.repeat(40)
const E = 'e'.repeat(40)
const T0 = Date.parse('2026-11-29T10:00:00Z')
const APPS = 'kustomization/apps/5c1e4a7b'
const ok = (at: number, commit = C): Report => ({
  context: APPS,
  state: 'success',
  description: 'reconciliation succeeded',
  commit,
  at: T0 + at,
  source: 'status'
})
const bad = (at: number): Report => ({...ok(at), state: 'failure', description: 'health check failed'})

function harness(script: (elapsed: number) => Snapshot | Error, extra: Partial<WaitOptions> = {}) {
  let now = T0
  const info: string[] = []
  const warning: string[] = []
  const source: ReportSource = {
    longPoll: false,
    async read() {
      const a = script(now - T0)
      if (a instanceof Error) throw a
      return a
    }
  }
  const opts: WaitOptions = {
    source,
    patterns: ['kustomization/*'],
    healthyDescription: 'reconciliation succeeded',
    graceMs: 60_000,
    timeoutMs: 900_000,
    intervalMs: 10_000,
    clock: () => now,
    sleep: async ms => {
      now += ms
    },
    random: () => 0.5,
    log: {info: m => info.push(m), debug: () => undefined, warning: m => warning.push(m)},
    ...extra
  }
  return {run: () => waitForRollout(opts), info, warning, elapsed: () => now - T0}
}
const snap = (...reports: Report[]): Snapshot => ({commits: [C, E], base: B, reports})

describe('soak', () => {
  it('healthy only when the window ends, with progress lines saying how long is left', async () => {
    const h = harness(() => snap(ok(5_000)), {soakMs: 120_000})
    const r = await h.run()
    expect(r.result).toBe('healthy')
    expect(h.elapsed()).toBe(120_000)
    expect(h.info.some(l => /Soaking: healthy, 1m 30s of the soak left/.test(l))).toBe(true)
  })

  it('a failure past the grace in the window fails; one healed inside the grace does not', async () => {
    const failed = harness(t => (t < 30_000 ? snap(ok(1_000)) : snap(bad(30_000))), {soakMs: 300_000})
    const r = await failed.run()
    expect(r.result).toBe('failed')
    expect(r.message).toMatch(/^During the soak/)
    expect(failed.elapsed()).toBeGreaterThan(90_000)

    const healed = harness(t => (t < 30_000 ? snap(ok(1_000)) : t < 60_000 ? snap(bad(30_000)) : snap(ok(60_000))), {
      soakMs: 300_000
    })
    expect((await healed.run()).result).toBe('healthy')
  })

  it('a superseding commit applied in the window: superseded', async () => {
    const by: Supersession = {commit: E, file: 'a.yaml', value: 'x:2'}
    const h = harness(
      t => (t < 30_000 ? snap(ok(1_000)) : {...snap(ok(1_000), ok(30_000, E)), superseded: new Map([[E, by]])}),
      {soakMs: 300_000}
    )
    expect((await h.run()).result).toBe('superseded')
  })

  it('a soak longer than the budget times out, saying how much of it passed', async () => {
    const h = harness(() => snap(ok(0)), {soakMs: 600_000, timeoutMs: 120_000})
    const r = await h.run()
    expect(r.result).toBe('timed-out')
    expect(r.message).toMatch(/during the soak: healthy for 2m of the 10m asked/)
  })
})

describe('errors', () => {
  const denied = Object.assign(new Error('Resource not accessible by integration'), {
    status: 403,
    response: {headers: {}, data: {message: 'Resource not accessible by integration'}}
  })
  const limited = (resetInS: number) =>
    Object.assign(new Error('API rate limit exceeded'), {
      status: 403,
      response: {
        headers: {
          'x-ratelimit-remaining': '0',
          'x-ratelimit-reset': String(Math.floor(T0 / 1000) + resetInS),
          date: new Date(T0).toUTCString()
        },
        data: {message: 'API rate limit exceeded for installation ID 1.'}
      }
    })

  it.each([
    [401, 'fatal'],
    [403, 'fatal'],
    [404, 'fatal'],
    [502, 'transient'],
    [undefined, 'transient']
  ])('HTTP %s while waiting is %s', (status, kind) => {
    const e = Object.assign(new Error('x'), status === undefined ? {} : {status})
    expect(classifyGitHubError(e, 'the commit statuses', 'acme/gitops', 'statuses: read').kind).toBe(kind)
  })

  it('a 403 from an exhausted rate limit is a rate limit, timed by GitHub clock, not a permission', () => {
    expect(rateLimitWait(denied)).toBeUndefined()
    expect(rateLimitWait(limited(120))).toBe(121_000)
    const e = classifyGitHubError(limited(120), 'the commit statuses', 'acme/gitops', 'statuses: read')
    expect(e.kind).toBe('rate-limit')
    expect(e.retryInMs).toBe(121_000)
  })

  it('a permission error ends the wait at once, naming the permission', async () => {
    const h = harness(() => classifyGitHubError(denied, 'the commit statuses', 'acme/gitops', 'statuses: read'))
    const r = await h.run()
    expect(r.result).toBe('failed')
    expect(r.message).toContain("'statuses: read'")
    expect(h.elapsed()).toBe(0)
  })

  it('a rate limit that lifts within the budget is waited for, then the wait goes on', async () => {
    let limitedOnce = false
    const h = harness(() => {
      if (!limitedOnce) {
        limitedOnce = true
        return classifyGitHubError(limited(120), 'the commit statuses', 'acme/gitops', 'statuses: read')
      }
      return snap(ok(0))
    })
    const r = await h.run()
    expect(r.result).toBe('healthy')
    expect(h.elapsed()).toBe(121_000)
    expect(h.warning[0]).toMatch(/rate limit.*Waiting 2m 1s/)
  })

  it('a rate limit that lifts after the budget ends the wait at once as timed-out', async () => {
    const h = harness(() => classifyGitHubError(limited(3600), 'the commit statuses', 'acme/gitops', 'statuses: read'))
    const r = await h.run()
    expect(r.result).toBe('timed-out')
    expect(r.message).toMatch(/lifts in 1h, after the timeout \(15m left\)/)
    expect(h.elapsed()).toBe(0)
  })

  it('the timeout message carries the last error', async () => {
    const h = harness(t => (t < 100_000 ? snap() : new WaitError('GitHub answered 502 reading x', 'transient')), {
      timeoutMs: 300_000,
      budgetMs: 600_000
    })
    const r = await h.run()
    expect(r.result).toBe('timed-out')
    expect(r.message).toMatch(/^Timed out after 10m waiting for Flux/)
    expect(r.message).toContain('Last error while reading the reports: GitHub answered 502 reading x')
  })
})

describe("GitHub's clock", () => {
  it('the grace is judged on the reporter clock: a runner 10 minutes ahead does not fail early', async () => {
    let now = T0 + 600_000 // the runner's clock
    const github = (): number => now - 600_000
    const result = await waitForRollout({
      source: {longPoll: false, read: async () => (github() - T0 < 30_000 ? snap(bad(0)) : snap(ok(30_000)))},
      patterns: ['kustomization/*'],
      healthyDescription: 'reconciliation succeeded',
      graceMs: 60_000,
      timeoutMs: 900_000,
      intervalMs: 10_000,
      clock: () => now,
      sleep: async ms => void (now += ms),
      reporterClock: github,
      log: {info: () => undefined, debug: () => undefined, warning: () => undefined}
    })
    expect(result.result).toBe('healthy')
  })
})
