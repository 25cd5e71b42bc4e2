// The expected-set, superseded and soak rules of the verdict, table-driven on a fake clock: `now` is a number.
import {describe, expect, it} from '@jest/globals'
import type {Report, Snapshot, Supersession} from '../../../src/core/rollout/types.js'
import {judge, renderSuperseded, renderTimeout, type Verdict} from '../../../src/core/rollout/verdict.js'

const B = 'b'.repeat(40)
const C = 'c'.repeat(40)
const D = 'd'.repeat(40)
const E = 'e'.repeat(40)
const T0 = Date.parse('2026-11-29T10:00:00Z')
const s = (n: number): number => T0 + n * 1000
const GRACE = 180_000
const SYSTEM = 'kustomization/flux-system/5c1e4a7b'
const APPS = 'kustomization/apps/5c1e4a7b'
const INFRA = 'kustomization/infra/5c1e4a7b'
const OK = 'reconciliation succeeded'

const ok = (context: string, commit: string, at: number): Report => ({
  context,
  state: 'success',
  description: OK,
  commit,
  at: s(at),
  source: 'status'
})
const bad = (context: string, commit: string, at: number, description = 'health check failed'): Report => ({
  context,
  state: 'failure',
  description,
  commit,
  at: s(at),
  source: 'status'
})
const obj = (context: string, commit: string, at: number, state: Report['state'] = 'success'): Report => ({
  context,
  state,
  description: state === 'success' ? 'ReconciliationSucceeded' : 'HealthCheckFailed: timeout',
  commit,
  at: s(at),
  source: 'connector'
})
const byE: Supersession = {commit: E, file: 'apps/podinfo.yaml', line: 12, value: '6.16.0', wrote: '6.15.0'}

interface Case {
  name: string
  reports: Report[]
  superseded?: Map<string, Supersession>
  baseline?: string[]
  patterns?: string[]
  now?: number
  strict?: boolean
  status: Verdict['status']
  /** Per pattern: its expected set. */
  expected?: string[][]
  waitingOn?: string[]
  applied?: string
  deciding?: Partial<Report>
}

const cases: Case[] = [
  {
    name: 'issue: flux-system succeeding while apps fails past its grace is failed, not healthy',
    reports: [ok(SYSTEM, B, 0), ok(APPS, B, 0), ok(SYSTEM, C, 10), bad(APPS, C, 20)],
    now: s(20) + GRACE + 1,
    status: 'failed',
    expected: [[APPS, SYSTEM]],
    deciding: {context: APPS, commit: C}
  },
  {
    name: 'issue: flux-system answering before apps has reported on C is pending (apps reported on B)',
    reports: [ok(SYSTEM, B, 0), ok(APPS, B, 0), ok(SYSTEM, C, 10)],
    status: 'pending',
    expected: [[APPS, SYSTEM]],
    waitingOn: [APPS]
  },
  {
    name: 'every context that reported on B healthy on C or later is healthy',
    reports: [ok(SYSTEM, B, 0), ok(APPS, B, 0), ok(SYSTEM, C, 10), ok(APPS, D, 30)],
    status: 'healthy',
    applied: D
  },
  {
    name: 'a context that reports on C without having reported on B is expected too',
    reports: [ok(SYSTEM, B, 0), ok(SYSTEM, C, 10), bad(INFRA, D, 11)],
    now: s(12),
    status: 'pending',
    expected: [[SYSTEM, INFRA]],
    waitingOn: [INFRA]
  },
  {
    name: 'a failing context inside the grace keeps the pattern failing (pending overall)',
    reports: [ok(SYSTEM, B, 0), ok(APPS, B, 0), ok(SYSTEM, C, 10), bad(APPS, C, 20)],
    now: s(30),
    status: 'pending',
    waitingOn: [APPS]
  },
  {
    name: 'nothing reported on B nor on C: empty expected set is pending, never healthy',
    reports: [],
    status: 'pending',
    expected: [[]]
  },
  {
    name: 'a report on B alone is not healthy for C',
    reports: [ok(APPS, B, 0)],
    status: 'pending',
    waitingOn: [APPS]
  },
  {
    name: 'a failure on B does not start the grace',
    reports: [bad(APPS, B, 0)],
    now: s(10_000),
    status: 'pending'
  },
  {
    name: 'contexts outside the pattern are not expected',
    patterns: ['kustomization/apps/*'],
    reports: [ok(SYSTEM, B, 0), ok(APPS, B, 0), ok(APPS, C, 5)],
    status: 'healthy',
    expected: [[APPS]]
  },
  {
    name: 'one pattern per cluster: each has its own expected set',
    patterns: ['kustomization/*/eu', 'kustomization/*/us'],
    reports: [
      ok('kustomization/apps/eu', B, 0),
      ok('kustomization/apps/us', B, 0),
      ok('kustomization/infra/us', B, 0),
      ok('kustomization/apps/eu', C, 5),
      ok('kustomization/apps/us', C, 6)
    ],
    status: 'pending',
    expected: [['kustomization/apps/eu'], ['kustomization/apps/us', 'kustomization/infra/us']],
    waitingOn: ['kustomization/infra/us']
  },
  // ---- superseded
  {
    name: 'issue: the only report is on a descendant that changed our image: superseded, not healthy',
    reports: [ok(APPS, B, 0), ok(APPS, E, 20)],
    superseded: new Map([[E, byE]]),
    status: 'superseded',
    deciding: {commit: E}
  },
  {
    name: 'healthy on C before a superseding E was applied: C made it healthy',
    reports: [ok(APPS, B, 0), ok(APPS, C, 10), ok(APPS, E, 20)],
    superseded: new Map([[E, byE]]),
    status: 'healthy',
    applied: C
  },
  {
    name: 'failing on C, newest report on a superseding E: superseded',
    reports: [ok(APPS, B, 0), bad(APPS, C, 10), ok(APPS, E, 20)],
    superseded: new Map([[E, byE]]),
    now: s(30),
    status: 'superseded'
  },
  {
    name: 'a descendant that still holds the values counts',
    reports: [ok(APPS, B, 0), ok(APPS, D, 20)],
    superseded: new Map([[E, byE]]),
    status: 'healthy',
    applied: D
  },
  {
    name: 'failed past the grace on C wins over superseded elsewhere',
    patterns: ['kustomization/apps/*', 'kustomization/infra/*'],
    reports: [bad(APPS, C, 0), ok(INFRA, E, 1)],
    superseded: new Map([[E, byE]]),
    now: s(0) + GRACE + 1,
    status: 'failed'
  },
  {
    name: 'strict (soak): healthy on C, then applied a superseding E: superseded',
    reports: [ok(APPS, B, 0), ok(APPS, C, 10), ok(APPS, E, 20)],
    superseded: new Map([[E, byE]]),
    strict: true,
    status: 'superseded'
  },
  // ---- connector mode: baseline objects
  {
    name: 'connector: two objects in one cluster follow the branch; one healthy on C, one failing past grace',
    patterns: ['prod/*'],
    baseline: ['prod/Kustomization/flux-system/apps', 'prod/Kustomization/flux-system/infra'],
    reports: [
      obj('prod/Kustomization/flux-system/apps', C, 5),
      obj('prod/Kustomization/flux-system/infra', C, 6, 'failure')
    ],
    now: s(6) + GRACE + 1,
    status: 'failed',
    deciding: {context: 'prod/Kustomization/flux-system/infra'}
  },
  {
    name: 'connector: a baseline object not yet on C keeps the pattern pending',
    patterns: ['prod/*'],
    baseline: ['prod/Kustomization/flux-system/apps', 'prod/Kustomization/flux-system/infra'],
    reports: [obj('prod/Kustomization/flux-system/apps', C, 5)],
    status: 'pending',
    waitingOn: ['prod/Kustomization/flux-system/infra']
  },
  {
    name: 'connector: objects of other branches (not in the baseline, no report on C) are not expected',
    patterns: ['prod/*'],
    baseline: ['prod/Kustomization/flux-system/apps'],
    reports: [obj('prod/Kustomization/flux-system/apps', C, 5), obj('prod/Kustomization/other/app', B + 'x', 1)],
    status: 'healthy',
    expected: [['prod/Kustomization/flux-system/apps']]
  }
]

describe('judge: expected set', () => {
  it.each(cases)('$name', c => {
    const snapshot: Snapshot = {
      commits: [C, D, E],
      base: B,
      reports: c.reports,
      ...(c.superseded ? {superseded: c.superseded} : {}),
      ...(c.baseline ? {baseline: c.baseline} : {})
    }
    const v = judge(snapshot, {
      patterns: c.patterns ?? ['kustomization/*'],
      healthyDescription: OK,
      graceMs: GRACE,
      now: c.now ?? s(100),
      strict: c.strict
    })
    expect(v.status).toBe(c.status)
    if (c.expected) expect(v.patterns.map(p => p.contexts)).toEqual(c.expected)
    if (c.waitingOn) expect(v.patterns.flatMap(p => p.waitingOn.map(r => r.context))).toEqual(c.waitingOn)
    if (c.status === 'healthy') expect(v.appliedRevision).toBe(c.applied ?? v.appliedRevision)
    else expect(v.appliedRevision).toBeUndefined()
    if (c.deciding) expect(v.patterns.find(p => p.status === c.status)?.report).toMatchObject(c.deciding)
  })
})

describe('judge: failure-grace streaks', () => {
  const opts = {patterns: ['kustomization/*'], healthyDescription: OK, graceMs: GRACE}
  const snap = (reports: Report[]): Snapshot => ({commits: [C, D], base: B, reports})

  it('a reporter that re-posts its failure keeps the streak start it had', () => {
    const first = judge(snap([bad(APPS, C, 10)]), {...opts, now: s(20)})
    expect(first.failingSince.get(APPS)).toBe(s(10))
    // Flux posts the failure again at 150 s: the newest report is newer, the streak is not.
    const second = judge(snap([bad(APPS, C, 150)]), {...opts, now: s(10) + GRACE + 1, failingSince: first.failingSince})
    expect(second.status).toBe('failed')
    expect(second.patterns[0]?.failingSince).toBe(s(10))
  })

  it('a success in between ends the streak', () => {
    const first = judge(snap([bad(APPS, C, 10)]), {...opts, now: s(20)})
    const healed = judge(snap([ok(APPS, C, 30)]), {...opts, now: s(40), failingSince: first.failingSince})
    expect(healed.status).toBe('healthy')
    expect(healed.failingSince.size).toBe(0)
    const again = judge(snap([bad(APPS, D, 50)]), {...opts, now: s(60), failingSince: healed.failingSince})
    expect(again.patterns[0]?.failingSince).toBe(s(50))
  })
})

describe('messages', () => {
  it('superseded names the commit, the file, the value it set and what was written', () => {
    const v = judge(
      {commits: [C, D, E], base: B, reports: [ok(APPS, E, 20)], superseded: new Map([[E, byE]])},
      {patterns: ['kustomization/*'], healthyDescription: OK, graceMs: GRACE, now: s(30)}
    )
    expect(renderSuperseded(v)).toBe(
      [
        'A later commit superseded this change before it was reported healthy:',
        `pattern 'kustomization/*': eeeeeee no longer holds the written values: apps/podinfo.yaml:12 has 6.16.0 ` +
          `(this run wrote 6.15.0); ${APPS}: success on eeeeeee "${OK}"`
      ].join('\n- ')
    )
  })

  it('timeout names each expected context still waited for', () => {
    const v = judge(
      {commits: [C], base: B, reports: [ok(SYSTEM, B, 0), ok(APPS, B, 0), ok(SYSTEM, C, 5)]},
      {patterns: ['kustomization/*'], healthyDescription: OK, graceMs: GRACE, now: s(900)}
    )
    expect(renderTimeout(v, 900_000)).toBe(
      [
        'Timed out after 15m waiting for Flux; still not healthy:',
        `kustomization/*: ${APPS}: no report on this commit or a later one yet`
      ].join('\n- ')
    )
  })
})
