import {describe, expect, it} from '@jest/globals'
import {contextMatcher} from '../../../src/core/glob.js'
import type {Report} from '../../../src/core/rollout/types.js'
import {judge, renderFailure, renderTimeout, type Verdict} from '../../../src/core/rollout/verdict.js'
import {formatDuration} from '../../../src/core/duration.js'

const C = 'c'.repeat(40)
const D = 'd'.repeat(40)
const E = 'e'.repeat(40)
const OTHER = 'f'.repeat(40)
const T0 = Date.parse('2026-08-07T10:00:00Z')
const s = (n: number) => T0 + n * 1000
const GRACE = 180_000
const APPS = 'kustomization/apps/5c1e4a7b'
const INFRA = 'kustomization/infra/5c1e4a7b'

function status(context: string, state: Report['state'], description: string, commit: string, at: number): Report {
  return {context, state, description, commit, at: s(at), source: 'status'}
}
function check(context: string, state: Report['state'], description: string, commit: string, at: number): Report {
  return {context, state, description, commit, at: s(at), source: 'check-run'}
}

describe('contextMatcher', () => {
  it.each([
    ['kustomization/*', 'kustomization/apps/5c1e4a7b', true],
    ['kustomization/*', 'helmrelease/apps/5c1e4a7b', false],
    ['kustomization/apps/*', 'kustomization/apps/5c1e4a7b', true],
    ['kustomization/apps/*', 'kustomization/apps-2/5c1e4a7b', false],
    ['kustomization/apps/????????', 'kustomization/apps/5c1e4a7b', true],
    ['kustomization/apps/???????', 'kustomization/apps/5c1e4a7b', false],
    ['prod-*/Kustomization/flux-system/apps', 'prod-eu/Kustomization/flux-system/apps', true],
    ['Kustomization/*', 'kustomization/apps/x', false], // case-sensitive
    ['kustomization/apps', 'kustomization/apps/x', false], // whole string
    ['a.b+(c)[d]{e}|^$', 'a.b+(c)[d]{e}|^$', true], // everything else literal
    ['a.b', 'axb', false],
    ['reconciliation succeeded', 'reconciliation succeeded', true],
    ['reconciliation succeeded', 'dependency not ready', false],
    ['*', 'dependency not ready', true],
    ['*', '', true]
  ])('%s ~ %s -> %s', (pattern, value, expected) => {
    expect(contextMatcher(pattern)(value)).toBe(expected)
  })
})

interface Case {
  name: string
  commits?: string[]
  reports: Report[]
  patterns?: string[]
  healthyDescription?: string
  now?: number
  status: Verdict['status']
  patternStatus?: string[]
  applied?: string
  deciding?: Partial<Report>
  failingSince?: number
}

const cases: Case[] = [
  {
    name: 'success on C is healthy',
    reports: [status(APPS, 'success', 'reconciliation succeeded', C, 10)],
    status: 'healthy',
    applied: C
  },
  {
    name: '"dependency not ready" success is not healthy',
    reports: [status(APPS, 'success', 'dependency not ready', C, 10)],
    status: 'pending',
    patternStatus: ['pending'],
    deciding: {description: 'dependency not ready'}
  },
  {
    name: 'healthy-description * accepts any success',
    reports: [status(APPS, 'success', 'deployed', C, 10)],
    healthyDescription: '*',
    status: 'healthy',
    applied: C
  },
  {
    name: 'no report yet is pending',
    reports: [],
    status: 'pending',
    patternStatus: ['pending']
  },
  {
    name: 'failure inside the grace is pending (failing)',
    reports: [status(APPS, 'failure', 'health check failed', C, 10)],
    now: s(100),
    status: 'pending',
    patternStatus: ['failing'],
    failingSince: s(10)
  },
  {
    name: 'failure then success on the same context and commit is healthy',
    reports: [
      status(APPS, 'failure', 'health check failed', C, 10),
      status(APPS, 'success', 'reconciliation succeeded', C, 70)
    ],
    now: s(1000),
    status: 'healthy',
    applied: C
  },
  {
    name: 'failure on C but success on descendant D is healthy at D',
    reports: [
      status(APPS, 'failure', 'health check failed', C, 10),
      status(APPS, 'success', 'reconciliation succeeded', D, 60)
    ],
    now: s(1000),
    status: 'healthy',
    applied: D
  },
  {
    name: 'success on C but failure on D: D counts, even when its report is older',
    reports: [
      status(APPS, 'failure', 'health check failed', D, 5),
      status(APPS, 'success', 'reconciliation succeeded', C, 60)
    ],
    now: s(100),
    status: 'pending',
    patternStatus: ['failing'],
    deciding: {commit: D, state: 'failure'},
    failingSince: s(5)
  },
  {
    name: 'persistent failure past the grace fails',
    reports: [status(APPS, 'failure', 'health check failed', C, 10)],
    now: s(10) + GRACE + 1,
    status: 'failed',
    patternStatus: ['failed'],
    deciding: {context: APPS, description: 'health check failed'},
    failingSince: s(10)
  },
  {
    name: 'failure exactly at the grace is still failing',
    reports: [status(APPS, 'failure', 'health check failed', C, 10)],
    now: s(10) + GRACE,
    status: 'pending',
    patternStatus: ['failing']
  },
  {
    name: 'the grace clock starts at the earliest failing matching context',
    reports: [
      status('kustomization/apps/aaaaaaaa', 'failure', 'build failed', C, 50),
      status('kustomization/apps/bbbbbbbb', 'failure', 'health check failed', C, 20)
    ],
    now: s(20) + GRACE + 1,
    status: 'failed',
    deciding: {context: 'kustomization/apps/bbbbbbbb'},
    failingSince: s(20)
  },
  {
    name: 'one failing context fails the pattern even when another matching context is healthy',
    reports: [
      status('kustomization/apps/aaaaaaaa', 'failure', 'health check failed', C, 10),
      status('kustomization/apps/bbbbbbbb', 'success', 'reconciliation succeeded', C, 20)
    ],
    now: s(10_000),
    status: 'failed',
    deciding: {context: 'kustomization/apps/aaaaaaaa'}
  },
  {
    name: 'one pattern failed while another is healthy -> failed',
    patterns: ['kustomization/apps/*', 'kustomization/infra/*'],
    reports: [
      status(APPS, 'success', 'reconciliation succeeded', C, 10),
      status(INFRA, 'failure', 'reconciliation failed', C, 10)
    ],
    now: s(10) + GRACE + 1,
    status: 'failed',
    patternStatus: ['healthy', 'failed']
  },
  {
    name: 'two clusters, one pending -> pending',
    patterns: ['kustomization/apps/prod-eu', 'kustomization/apps/prod-us'],
    reports: [status('kustomization/apps/prod-eu', 'success', 'reconciliation succeeded', C, 10)],
    status: 'pending',
    patternStatus: ['healthy', 'pending']
  },
  {
    name: 'two clusters healthy on different commits: applied revision is the newer',
    patterns: ['kustomization/apps/prod-eu', 'kustomization/apps/prod-us'],
    reports: [
      status('kustomization/apps/prod-eu', 'success', 'reconciliation succeeded', E, 10),
      status('kustomization/apps/prod-us', 'success', 'reconciliation succeeded', C, 10)
    ],
    status: 'healthy',
    applied: E
  },
  {
    name: 'check run success is healthy whatever its title',
    patterns: ['deploy/*'],
    reports: [check('deploy/prod', 'success', 'Rolled out', D, 10)],
    status: 'healthy',
    applied: D
  },
  {
    name: 'check run failure past the grace fails',
    patterns: ['deploy/*'],
    reports: [check('deploy/prod', 'failure', 'Pods crash looping', C, 10)],
    now: s(10) + GRACE + 1,
    status: 'failed'
  },
  {
    name: 'check run in progress is pending',
    patterns: ['deploy/*'],
    reports: [check('deploy/prod', 'pending', 'in_progress', C, 10)],
    status: 'pending'
  },
  {
    name: 'reports on commits outside the list are ignored',
    reports: [
      status(APPS, 'success', 'reconciliation succeeded', OTHER, 10),
      status(INFRA, 'failure', 'health check failed', OTHER, 10)
    ],
    now: s(10_000),
    status: 'pending',
    patternStatus: ['pending']
  },
  {
    name: 'newest commit wins over newer time',
    reports: [
      status(APPS, 'success', 'reconciliation succeeded', D, 10),
      status(APPS, 'success', 'dependency not ready', C, 99)
    ],
    status: 'healthy',
    applied: D
  },
  {
    name: 'same commit: newest time wins regardless of order',
    reports: [
      status(APPS, 'success', 'reconciliation succeeded', D, 30),
      status(APPS, 'failure', 'health check failed', D, 20)
    ],
    status: 'healthy'
  },
  {
    name: 'same commit and time: later in the array wins',
    reports: [
      status(APPS, 'success', 'reconciliation succeeded', D, 30),
      status(APPS, 'failure', 'health check failed', D, 30)
    ],
    status: 'pending',
    patternStatus: ['failing']
  },
  {
    name: 'a newer "dependency not ready" on D stops the grace clock of a failure on C',
    reports: [
      status(APPS, 'failure', 'health check failed', C, 10),
      status(APPS, 'success', 'dependency not ready', D, 20)
    ],
    now: s(10_000),
    status: 'pending',
    patternStatus: ['pending']
  }
]

describe('judge', () => {
  it.each(cases)('$name', c => {
    const v = judge(
      {commits: c.commits ?? [C, D, E], reports: c.reports},
      {
        patterns: c.patterns ?? ['kustomization/*'],
        healthyDescription: c.healthyDescription ?? 'reconciliation succeeded',
        graceMs: GRACE,
        now: c.now ?? s(100)
      }
    )
    expect(v.status).toBe(c.status)
    if (c.patternStatus) expect(v.patterns.map(p => p.status)).toEqual(c.patternStatus)
    if (c.status === 'healthy') expect(v.appliedRevision).toBe(c.applied ?? v.appliedRevision)
    else expect(v.appliedRevision).toBeUndefined()
    if (c.deciding) expect(v.patterns[0]?.report).toMatchObject(c.deciding)
    if (c.failingSince !== undefined) expect(v.patterns[0]?.failingSince).toBe(c.failingSince)
  })

  it('lists every matched context once with its counting report', () => {
    const v = judge(
      {
        commits: [C, D],
        reports: [
          status(INFRA, 'success', 'reconciliation succeeded', C, 1),
          status(APPS, 'failure', 'health check failed', C, 1),
          status(APPS, 'success', 'reconciliation succeeded', D, 2),
          status('unrelated/x', 'failure', 'build failed', D, 2)
        ]
      },
      {
        patterns: ['kustomization/*', 'kustomization/apps/*'],
        healthyDescription: 'reconciliation succeeded',
        graceMs: GRACE,
        now: s(5)
      }
    )
    expect(v.contexts.map(r => [r.context, r.health, r.report?.commit])).toEqual([
      [APPS, 'healthy', D],
      [INFRA, 'healthy', C]
    ])
    expect(v.patterns.map(p => p.contexts)).toEqual([[APPS, INFRA], [APPS]])
    // The healthy deciding report is the one closest to the head.
    expect(v.patterns[0]?.report?.context).toBe(APPS)
    expect(v.appliedRevision).toBe(D)
  })
})

describe('messages', () => {
  it('failure names the context, Flux description, commit and duration', () => {
    const v = judge(
      {commits: [C], reports: [status(APPS, 'failure', 'health check failed', C, 0)]},
      {patterns: ['kustomization/*'], healthyDescription: 'reconciliation succeeded', graceMs: GRACE, now: s(190)}
    )
    expect(renderFailure(v)).toBe(
      `Flux reported a failure: ${APPS} (pattern 'kustomization/*') has been failing on ccccccc for 3m 10s, ` +
        'past the failure-grace: health check failed'
    )
  })

  it('timeout lists each pending pattern with its newest report or "no report yet"', () => {
    const v = judge(
      {commits: [C, D], reports: [status(APPS, 'success', 'dependency not ready', D, 0)]},
      {
        patterns: ['kustomization/apps/*', 'kustomization/infra/*'],
        healthyDescription: 'reconciliation succeeded',
        graceMs: GRACE,
        now: s(900)
      }
    )
    expect(renderTimeout(v, 900_000)).toBe(
      [
        'Timed out after 15m waiting for Flux; still not healthy:',
        `kustomization/apps/*: ${APPS}: success on ddddddd "dependency not ready"`,
        'kustomization/infra/*: no report yet'
      ].join('\n- ')
    )
  })

  it.each([
    [0, '0s'],
    [40_000, '40s'],
    [180_000, '3m'],
    [190_500, '3m 10s'],
    [3_600_000, '1h'],
    [3_900_000, '1h 5m']
  ])('formatDuration(%d) = %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text)
  })
})
