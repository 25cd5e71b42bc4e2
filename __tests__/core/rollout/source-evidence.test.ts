// The source stage's evidence, pure: literal path prefixes for the commits API and since when the source is healthy.
import {describe, expect, it} from '@jest/globals'
import {literalPrefixes, soakReading} from '../../../src/core/rollout/source-evidence.js'
import {judge} from '../../../src/core/rollout/verdict.js'
import type {Report, Snapshot} from '../../../src/core/rollout/types.js'

const I = 'a'.repeat(40)
const D1 = 'b'.repeat(40)
const D2 = 'c'.repeat(40)
const MIN = 60_000
const T0 = Date.parse('2026-11-29T12:00:00Z')
const APPS = 'kustomization/apps-staging/0c9c2e41'
const INFRA = 'kustomization/infra-staging/0c9c2e41'

function report(
  context: string,
  commit: string,
  minute: number,
  state: Report['state'] = 'success',
  description?: string
): Report {
  return {
    context,
    commit,
    state,
    at: T0 + minute * MIN,
    source: 'status',
    description: description ?? (state === 'success' ? 'reconciliation succeeded' : 'health check failed')
  }
}

function read(
  reports: Report[],
  now = T0 + 60 * MIN,
  patterns = ['kustomization/*'],
  superseded: Snapshot['superseded'] = undefined
) {
  const snapshot: Snapshot = {commits: [I, D1, D2], reports, ...(superseded ? {superseded} : {})}
  const verdict = judge(snapshot, {patterns, healthyDescription: 'reconciliation succeeded', graceMs: 3 * MIN, now})
  return soakReading(snapshot, verdict, 'reconciliation succeeded')
}

describe('literalPrefixes', () => {
  it.each<[string[], string[]]>([
    [['apps/staging'], ['apps/staging']],
    [['./apps/staging/'], ['apps/staging']],
    [['apps/*/staging', 'apps/base'], ['apps']],
    [
      ['clusters/staging/**/*.yaml', 'apps/staging'],
      ['apps/staging', 'clusters/staging']
    ],
    [['apps/staging', 'apps/staging/podinfo'], ['apps/staging']],
    [['apps/staging', '!apps/staging/tests'], ['apps/staging']],
    [['**/staging'], ['']],
    [['.'], ['']]
  ])('%j -> %j', (patterns, expected) => {
    expect(literalPrefixes(patterns)).toEqual(expected)
  })
})

describe('soakReading', () => {
  it('dates the healthy run from its first report, not from the newest re-report on a later commit', () => {
    // Flux posts a new success on every commit it applies; the source has been healthy since minute 10.
    const r = read([report(APPS, I, 10), report(APPS, D1, 30), report(APPS, D2, 50)])
    expect(r.since).toBe(T0 + 10 * MIN)
    expect(r.rows).toEqual([
      {
        pattern: 'kustomization/*',
        context: APPS,
        state: 'healthy',
        commit: D2,
        description: 'reconciliation succeeded',
        healthySince: T0 + 10 * MIN
      }
    ])
  })

  it('restarts the run after a failing report', () => {
    const r = read([report(APPS, I, 10), report(APPS, D1, 20, 'failure'), report(APPS, D2, 25)])
    expect(r.since).toBe(T0 + 25 * MIN)
  })

  it('treats a "dependency not ready" success as a break in the healthy run', () => {
    const r = read([report(APPS, I, 5), report(APPS, D1, 8, 'success', 'dependency not ready'), report(APPS, D2, 12)])
    expect(r.since).toBe(T0 + 12 * MIN)
  })

  it('takes the latest start over the contexts that made the source healthy', () => {
    const r = read([report(APPS, I, 10), report(INFRA, I, 15), report(INFRA, D1, 40)])
    expect(r.since).toBe(T0 + 15 * MIN)
    expect(r.rows.map(x => [x.context, x.healthySince])).toEqual([
      [APPS, T0 + 10 * MIN],
      [INFRA, T0 + 15 * MIN]
    ])
  })

  it('ignores reports on commits that do not count (before I or no longer holding the references)', () => {
    const r = read([report(APPS, 'f'.repeat(40), 1), report(APPS, I, 20)])
    expect(r.since).toBe(T0 + 20 * MIN)
  })

  it('has no healthy-since while the source is failing or pending, and says which', () => {
    const failing = read([report(APPS, I, 10, 'failure')], T0 + 11 * MIN)
    expect(failing.since).toBeUndefined()
    expect(failing.rows[0]).toMatchObject({context: APPS, state: 'failing', description: 'health check failed'})
    const failed = read([report(APPS, I, 10, 'failure')], T0 + 30 * MIN)
    expect(failed.rows[0]?.state).toBe('failed')
    const none = read([], T0, ['kustomization/apps-staging/*'])
    expect(none).toEqual({
      rows: [
        {
          pattern: 'kustomization/apps-staging/*',
          context: '',
          state: 'pending',
          commit: '',
          description: 'no report yet'
        }
      ]
    })
  })

  it('counts a failure on an earlier commit that still holds the references, reported after the newer success', () => {
    // D2's success (minute 20) is the report that counts for the verdict, but D1 failed later (minute 30): the
    // source has not been healthy since minute 20, nor since minute 10.
    const r = read([report(APPS, I, 10), report(APPS, D2, 20), report(APPS, D1, 30, 'failure')])
    expect(r.since).toBeUndefined()
    expect(r.stale).toEqual([report(APPS, D1, 30, 'failure')])
  })

  it('a context whose newest report is a failure keeps the whole source from being healthy since anything', () => {
    const r = read([report(APPS, I, 10), report(INFRA, I, 15), report(INFRA, D2, 20), report(INFRA, D1, 40, 'failure')])
    expect(r.since).toBeUndefined()
  })

  it('a report on a commit that no longer holds the references breaks the healthy run', () => {
    // D1 ran other values (minute 20 to 30); D2 restored them: healthy at the references since minute 30.
    const gone = new Map([[D1, {commit: D1, file: 'apps/staging/kustomization.yaml', value: '6.16.0'}]])
    const r = read([report(APPS, I, 10), report(APPS, D1, 20), report(APPS, D2, 30)], T0 + 60 * MIN, undefined, gone)
    expect(r.since).toBe(T0 + 30 * MIN)
  })
})
