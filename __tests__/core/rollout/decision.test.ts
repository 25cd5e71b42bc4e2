import {describe, expect, it} from '@jest/globals'
import fc from 'fast-check'
import {
  nextChangeInMs,
  resultOf,
  startRollout,
  stepRollout,
  type Observation,
  type RolloutRules,
  type RolloutState,
  type StepTime
} from '../../../src/core/rollout/decision.js'
import type {Report, Snapshot} from '../../../src/core/rollout/types.js'

const B = 'b'.repeat(40)
const C = 'c'.repeat(40)
const D = 'd'.repeat(40)
const T0 = 1_000_000_000_000
const s = (n: number): number => T0 + n * 1000
const APPS = 'kustomization/apps/5c1e4a7b'
const INFRA = 'kustomization/infra/5c1e4a7b'
const OK = 'reconciliation succeeded'

const rules = (over: Partial<RolloutRules> = {}): RolloutRules => ({
  patterns: ['kustomization/*'],
  healthyDescription: OK,
  graceMs: 60_000,
  mode: 'watch',
  soakMs: 0,
  quietMs: 10_000,
  budgetText: 'after 15m',
  ...over
})
const report = (context: string, state: Report['state'], commit: string, at: number, description = OK): Report => ({
  context,
  state,
  description: state === 'failure' ? 'health check failed' : description,
  commit,
  at: s(at),
  source: 'status'
})
const snap = (reports: Report[], commits = [C, D]): Snapshot => ({commits, base: B, reports})
const reports = (rs: Report[], commits?: string[]): Observation => ({kind: 'reports', snapshot: snap(rs, commits)})

/** Runs observations at the given seconds with a budget ending at `budgetS`. */
function run(r: RolloutRules, steps: [number, Observation][], budgetS = 900): RolloutState {
  let state = startRollout(r, s(0))
  for (const [at, obs] of steps) state = stepRollout(r, state, obs, time(at, budgetS))
  return state
}
const time = (at: number, budgetS: number): StepTime => ({now: s(at), leftMs: (budgetS - at) * 1000})

describe('stepRollout: watch mode', () => {
  it('pending until every expected context is healthy, then healthy with the applied revision', () => {
    const r = rules()
    const onB = report(INFRA, 'success', B, 0)
    const first = run(r, [[5, reports([onB, report(APPS, 'success', C, 5)])]])
    expect(first.status).toBe('pending') // INFRA reported on B, so it is expected, and has said nothing on C yet
    const done = run(r, [
      [5, reports([onB, report(APPS, 'success', C, 5)])],
      [9, reports([onB, report(APPS, 'success', C, 5), report(INFRA, 'success', D, 9)])]
    ])
    expect([done.status, done.appliedRevision]).toEqual(['healthy', D])
    expect(done.reason).toContain('applied and healthy')
  })

  it('a failure inside the grace is not final; past it the rollout fails with Flux’s words', () => {
    const r = rules()
    const failing = [report(APPS, 'failure', C, 10)]
    expect(
      run(r, [
        [10, reports(failing)],
        [69, reports(failing)]
      ]).status
    ).toBe('pending')
    const failed = run(r, [
      [10, reports(failing)],
      [71, reports(failing)]
    ])
    expect(failed.status).toBe('failed')
    expect(failed.reason).toContain('health check failed')
    // A success after the failure stops the grace clock.
    expect(
      run(r, [
        [10, reports(failing)],
        [30, reports([report(APPS, 'success', D, 30)])]
      ]).status
    ).toBe('healthy')
  })

  it('the grace clock survives a reporter that posts a fresh failure on every retry', () => {
    const r = rules()
    const state = run(r, [
      [10, reports([report(APPS, 'failure', C, 10)])],
      [40, reports([report(APPS, 'failure', C, 40)])],
      [71, reports([report(APPS, 'failure', C, 70)])]
    ])
    expect(state.status).toBe('failed')
  })

  it('soak: healthy only when the window ends; a failure past the grace inside it fails', () => {
    const r = rules({soakMs: 120_000})
    const ok = [report(APPS, 'success', C, 5)]
    const soaking = run(r, [
      [5, reports(ok)],
      [60, reports(ok)]
    ])
    expect(soaking.status).toBe('soaking')
    expect(nextChangeInMs(r, soaking, s(60))).toBe(65_000)
    const soaked = run(r, [
      [5, reports(ok)],
      [125, reports(ok)]
    ])
    expect(soaked.status).toBe('soaked')
    expect(resultOf(soaked.status)).toBe('healthy')
    expect(soaked.reason).toContain('Stayed healthy through the soak (2m)')
    const bad = [report(APPS, 'failure', D, 30)]
    const failed = run(r, [
      [5, reports(ok)],
      [30, reports(bad)],
      [91, reports(bad)]
    ])
    expect(failed.status).toBe('failed')
    expect(failed.reason).toMatch(/^During the soak/)
  })

  it('superseded: the newest report is on a commit that no longer holds the values', () => {
    const r = rules()
    const gone = {
      kind: 'reports',
      snapshot: {
        ...snap([report(APPS, 'success', D, 9)]),
        superseded: new Map([[D, {commit: D, file: 'apps/podinfo.yaml', value: '6.16.0', wrote: '6.15.0'}]])
      }
    } as const
    const state = run(r, [[9, gone]])
    expect(state.status).toBe('superseded')
    expect(state.reason).toContain('6.16.0')
  })

  it('times out when the budget is spent, naming what is pending and the last read error', () => {
    const r = rules()
    const state = run(r, [
      [5, reports([report(APPS, 'pending', C, 5)])],
      [600, {kind: 'unreadable', message: 'GitHub answered 502'}],
      [900, {kind: 'unreadable', message: 'GitHub answered 502'}]
    ])
    expect(state.status).toBe('timed-out')
    expect(state.reason).toMatch(/^Timed out after 15m waiting for Flux; still not healthy:/)
    expect(state.reason).toContain('Last error while reading the reports: GitHub answered 502')
  })

  it('a fatal read fails at once; a rate limit lifting after the budget times out at once', () => {
    expect(run(rules(), [[1, {kind: 'unreadable', message: 'no permission', fatal: true}]]).status).toBe('failed')
    const limited = run(rules(), [[800, {kind: 'unreadable', message: 'rate limit', retryInMs: 200_000}]])
    expect(limited.status).toBe('timed-out')
    expect(limited.reason).toContain('after the timeout')
    expect(run(rules(), [[800, {kind: 'unreadable', message: 'rate limit', retryInMs: 50_000}]]).status).toBe('pending')
  })

  it('an ended rollout absorbs every later observation', () => {
    const r = rules()
    const done = run(r, [[5, reports([report(APPS, 'success', C, 5)])]])
    expect(stepRollout(r, done, reports([report(APPS, 'failure', D, 6)]), time(400, 900))).toBe(done)
  })

  it('memory carried across a restart judges as if it had never stopped', () => {
    const r = rules()
    const failing = reports([report(APPS, 'failure', C, 10)])
    const before = run(r, [[10, failing]])
    const resumed = stepRollout(r, startRollout(r, s(71), before.memory), failing, time(71, 900))
    expect(resumed.status).toBe('failed')
  })
})

describe('stepRollout: nobody known to follow the branch (unanchored)', () => {
  const lone = (rs: Report[]): Observation => ({
    kind: 'reports',
    snapshot: {commits: [C, D], reports: rs, unanchored: true}
  })
  it('the first healthy context does not end the wait: the set must stay the same for one quiet interval', () => {
    const r = rules()
    const apps = report(APPS, 'success', C, 1)
    expect(
      run(r, [
        [1, lone([apps])],
        [5, lone([apps])]
      ]).status
    ).toBe('pending')
    expect(
      run(r, [
        [1, lone([apps])],
        [11, lone([apps])]
      ]).status
    ).toBe('healthy')
    // A second context appearing restarts the interval, and its failure is then waited for.
    const infra = report(INFRA, 'failure', C, 8)
    const held = run(r, [
      [1, lone([apps])],
      [8, lone([apps, infra])],
      [12, lone([apps, infra])]
    ])
    expect(held.status).toBe('pending')
    expect(
      run(r, [
        [1, lone([apps])],
        [8, lone([apps, infra])],
        [70, lone([apps, infra])]
      ]).status
    ).toBe('failed')
  })

  it('a long-poll wakes when the quiet interval ends', () => {
    const r = rules()
    const state = run(r, [[1, lone([report(APPS, 'success', C, 1)])]])
    expect(nextChangeInMs(r, state, s(4))).toBe(7_000)
  })
})

describe('stepRollout: evidence mode (a source stage)', () => {
  const r = rules({mode: 'evidence', soakMs: 300_000})
  it('healthy once its own reports show it healthy for from-soak', () => {
    const healthySinceLongAgo = reports([report(APPS, 'success', C, 0), report(APPS, 'success', D, 200)])
    const state = run(r, [[400, healthySinceLongAgo]])
    expect(state.status).toBe('soaked')
    expect(state.memory.healthySince).toBe(s(0))
    expect(state.evidence?.map(e => [e.context, e.state])).toEqual([[APPS, 'healthy']])
  })

  it('a soak that cannot end within the budget ends now; one that can keeps soaking', () => {
    const recent = reports([report(APPS, 'success', C, 100)])
    expect(run(r, [[200, recent]], 250).status).toBe('timed-out')
    expect(run(r, [[200, recent]], 900).status).toBe('soaking')
  })

  it('counts a failure on a commit that holds the references even when a newer commit’s success came first', () => {
    // D's success (s=200) is the report the verdict counts; C failed after it (s=300). Not healthy since s=0 nor
    // s=200: failing from s=300, failed past the grace.
    const short = rules({mode: 'evidence', soakMs: 100_000})
    const late = reports([
      report(APPS, 'success', C, 0),
      report(APPS, 'success', D, 200),
      report(APPS, 'failure', C, 300)
    ])
    const inGrace = run(short, [[330, late]])
    expect(inGrace.status).toBe('pending')
    expect(inGrace.evidence?.map(e => [e.context, e.state, e.commit])).toEqual([[APPS, 'failing', C]])
    const past = run(short, [
      [330, late],
      [400, late]
    ])
    expect(past.status).toBe('failed')
    expect(past.reason).toContain(`${APPS}: failure on ${C.slice(0, 7)} "health check failed"`)
    // No soak (from-contexts alone): the same failure is not healthy either.
    expect(run(rules({mode: 'evidence'}), [[330, late]]).status).toBe('pending')
  })

  it('the source branch’s head no longer holding the references ends it superseded, reported there or not', () => {
    const gone = {commit: D, file: 'apps/staging/kustomization.yaml', line: 9, value: '6.16.0', wrote: '6.15.0'}
    const snapshot: Snapshot = {commits: [C, D], base: B, reports: [report(APPS, 'success', C, 0)]}
    const superseded = new Map([[D, gone]])
    const unreported = run(r, [[400, {kind: 'reports', snapshot: {...snapshot, superseded}}]])
    expect(unreported.status).toBe('superseded')
    expect(unreported.reason).toContain(
      `${D.slice(0, 7)} no longer holds the written values: apps/staging/kustomization.yaml:9 has 6.16.0`
    )
    // Flux applied the head and reported it healthy: it runs 6.16.0, still not what would be promoted.
    const reported = {...snapshot, superseded, reports: [...snapshot.reports, report(APPS, 'success', D, 350)]}
    expect(run(r, [[400, {kind: 'reports', snapshot: reported}]]).status).toBe('superseded')
    // The head holds them again (a revert): pending until Flux reports it (it ran 6.16.0 last), then healthy since.
    const E = 'e'.repeat(40)
    const reverted = {...reported, commits: [C, D, E]}
    expect(run(r, [[400, {kind: 'reports', snapshot: reverted}]]).status).toBe('pending')
    const applied = {...reverted, reports: [...reverted.reports, report(APPS, 'success', E, 380)]}
    const back = run(rules({mode: 'evidence'}), [[400, {kind: 'reports', snapshot: applied}]])
    expect([back.status, back.memory.healthySince]).toEqual(['healthy', s(380)])
  })
})

// ---- generated report sequences ----

const CONTEXTS = [APPS, INFRA, 'kustomization/tenants/5c1e4a7b']
const arbReport = fc.record({
  context: fc.constantFrom(...CONTEXTS),
  state: fc.constantFrom<Report['state']>('success', 'failure', 'pending'),
  commit: fc.constantFrom(B, C, D),
  description: fc.constantFrom(OK, 'dependency not ready'),
  at: fc.integer({min: 0, max: 600})
})
const arbSequence = fc.array(fc.array(arbReport, {maxLength: 4}), {minLength: 1, maxLength: 12})

/** An oracle written from the rules, not from verdict.ts: the newest report of each expected context. */
function everyExpectedHealthy(all: Report[]): boolean {
  const index = (c: string): number => [C, D].indexOf(c)
  const expected = new Set(all.filter(r => r.commit === B || index(r.commit) >= 0).map(r => r.context))
  if (expected.size === 0) return false
  for (const context of expected) {
    const mine = all.filter(r => r.context === context && index(r.commit) >= 0)
    if (mine.length === 0) return false
    const newest = mine.reduce((a, b) =>
      index(b.commit) > index(a.commit) || (index(b.commit) === index(a.commit) && b.at >= a.at) ? b : a
    )
    if (newest.state !== 'success' || newest.description !== OK) return false
  }
  return true
}

describe('stepRollout: generated report sequences', () => {
  it('never healthy while an expected context’s newest report is failing, not yet healthy or missing', () => {
    fc.assert(
      fc.property(arbSequence, fc.integer({min: 0, max: 300_000}), (batches, graceMs) => {
        const r = rules({graceMs})
        let state = startRollout(r, s(0))
        const seen: (Report & {at: number})[] = []
        batches.forEach((batch, i) => {
          seen.push(...batch.map(b => ({...b, source: 'status' as const, at: s(b.at)})))
          const before = state.status
          state = stepRollout(r, state, {kind: 'reports', snapshot: snap([...seen])}, time(60 * (i + 1), 10_000))
          // Checked when it ends: a report arriving after the end cannot change what was decided.
          if (before !== 'healthy' && state.status === 'healthy') expect(everyExpectedHealthy(seen)).toBe(true)
        })
      }),
      {numRuns: 400}
    )
  })

  it('the same sequence gives the same verdict however often the state is stored and restored', () => {
    fc.assert(
      fc.property(arbSequence, fc.integer({min: 0, max: 120_000}), (batches, soakMs) => {
        const r = rules({soakMs})
        let live = startRollout(r, s(0))
        let restored = startRollout(r, s(0))
        const seen: Report[] = []
        for (const [i, batch] of batches.entries()) {
          seen.push(...batch.map(b => ({...b, source: 'status' as const, at: s(b.at)})))
          const obs: Observation = {kind: 'reports', snapshot: snap([...seen])}
          const t = time(60 * (i + 1), 600)
          live = stepRollout(r, live, obs, t)
          // The connector keeps only `memory` (JSON) between judgements.
          const memory = JSON.parse(JSON.stringify(restored.memory))
          restored = stepRollout(r, startRollout(r, t.now, memory), obs, t)
          expect(restored.status).toBe(live.status)
          if (resultOf(live.status)) break
        }
      }),
      {numRuns: 300}
    )
  })
})

describe('stepRollout: evidence mode, generated report sequences', () => {
  it('never healthy or soaked when the head moved on, or a failure on a holding commit is newer than healthy-since', () => {
    // Fewer contexts and commits than the watch-mode sequences, so that out-of-order reports are common.
    const arbEvidenceReport = fc.record({
      context: fc.constantFrom(APPS, INFRA),
      state: fc.constantFrom<Report['state']>('success', 'success', 'failure', 'pending'),
      commit: fc.constantFrom(C, D, 'e'.repeat(40)),
      description: fc.constantFrom(OK, OK, 'dependency not ready'),
      at: fc.integer({min: 0, max: 600})
    })
    const arbEvidence = fc.record({
      batches: fc.array(fc.array(arbEvidenceReport, {maxLength: 4}), {minLength: 1, maxLength: 12}),
      soakMs: fc.constantFrom(0, 30_000, 120_000),
      graceMs: fc.integer({min: 0, max: 300_000}),
      dGone: fc.boolean(),
      headGone: fc.boolean()
    })
    fc.assert(
      fc.property(arbEvidence, ({batches, soakMs, graceMs, dGone, headGone}) => {
        const r = rules({mode: 'evidence', soakMs, graceMs})
        const E = 'e'.repeat(40)
        const other = (commit: string) => ({commit, file: 'f.yaml', value: 'other'})
        const gone = [...(dGone ? [D] : []), ...(headGone ? [E] : [])]
        const superseded = gone.length > 0 ? new Map(gone.map(c => [c, other(c)])) : undefined
        // C, then D and E (the head), each maybe no longer holding the references.
        const holding = new Set([C, D, E].filter(c => !gone.includes(c)))
        let state = startRollout(r, s(0))
        const seen: Report[] = []
        for (const [i, batch] of batches.entries()) {
          seen.push(...batch.map(b => ({...b, source: 'status' as const, at: s(b.at)})))
          const snapshot: Snapshot = {
            commits: [C, D, E],
            base: B,
            reports: [...seen],
            ...(superseded ? {superseded} : {})
          }
          state = stepRollout(r, state, {kind: 'reports', snapshot}, time(60 * (i + 1), 10_000))
          if (state.status !== 'healthy' && state.status !== 'soaked') continue
          expect(headGone).toBe(false)
          const since = state.memory.healthySince as number
          const newer = seen.filter(x => x.state === 'failure' && holding.has(x.commit) && x.at > since)
          expect(newer).toEqual([])
          break
        }
      }),
      {numRuns: 500}
    )
  })
})
