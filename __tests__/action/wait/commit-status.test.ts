import {describe, expect, it} from '@jest/globals'
import {createCommitStatusSource, type ConditionalGet} from '../../../src/action/wait/commit-status.js'

const sha = (ch: string) => ch.repeat(40)
const C = sha('c')
const D = sha('d')
const STATUS = 'GET /repos/{owner}/{repo}/commits/{ref}/status'
const CHECKS = 'GET /repos/{owner}/{repo}/commits/{ref}/check-runs'
const COMMITS = 'GET /repos/{owner}/{repo}/commits'

/** Serves canned GitHub-shaped bodies by route + ref and records every request. */
function fakeGet(bodies: Record<string, unknown>) {
  const requests: {route: string; params: Record<string, string | number>}[] = []
  const get: ConditionalGet = async <T>(route: string, params: Record<string, string | number>) => {
    requests.push({route, params})
    const body = bodies[`${route} ${params.ref ?? params.sha}`]
    if (body !== undefined) return body as T
    if (route === COMMITS) return [] as T
    return (route === STATUS ? {state: 'pending', statuses: [], total_count: 0} : {total_count: 0, check_runs: []}) as T
  }
  return {get, requests}
}

const combined = (ref: string, statuses: object[]) => ({
  state: 'pending',
  sha: ref,
  total_count: statuses.length,
  statuses
})
const ghStatus = (context: string, state: string, description: string | null, updated: string, extra = {}) => ({
  id: 1,
  url: 'https://api.github.com/…',
  context,
  state,
  description,
  target_url: null,
  created_at: '2026-08-07T10:00:00Z',
  updated_at: updated,
  ...extra
})

const evidenceOf = (commits: string[]) => ({
  ancestry: async () => ({commits, touched: new Set<string>()}),
  superseded: async () => new Map()
})

describe('createCommitStatusSource', () => {
  it('requests exactly the status and check-runs routes for C and the newest commits', async () => {
    const {get, requests} = fakeGet({})
    const commits = [C, ...'0123456789'.split('').map(sha)]
    const source = createCommitStatusSource({
      get,
      owner: 'acme',
      repo: 'gitops',
      evidence: evidenceOf(commits),
      maxCommits: 3
    })
    expect(source.longPoll).toBe(false)
    const snap = await source.read(0)
    expect(snap.commits).toEqual(commits)
    const refs = [C, sha('7'), sha('8'), sha('9')]
    expect(requests).toEqual(
      refs.flatMap(ref => [
        {route: STATUS, params: {owner: 'acme', repo: 'gitops', ref, per_page: 100}},
        {route: CHECKS, params: {owner: 'acme', repo: 'gitops', ref, per_page: 100}}
      ])
    )
  })

  it('defaults to 20 commits besides C, and reads C once when it is the only commit', async () => {
    const many = fakeGet({})
    const commits = [C, ...Array.from({length: 30}, (_, i) => i.toString(16).padStart(40, '0'))]
    await createCommitStatusSource({get: many.get, owner: 'o', repo: 'r', evidence: evidenceOf(commits)}).read(0)
    expect(new Set(many.requests.map(r => r.params.ref)).size).toBe(21)

    const one = fakeGet({})
    await createCommitStatusSource({get: one.get, owner: 'o', repo: 'r', evidence: evidenceOf([C])}).read(0)
    expect(one.requests.map(r => [r.route, r.params.ref])).toEqual([
      [STATUS, C],
      [CHECKS, C]
    ])
  })

  it('maps commit statuses: error counts as failure, updated_at is the time', async () => {
    const {get} = fakeGet({
      [`${STATUS} ${C}`]: combined(C, [
        ghStatus('kustomization/apps/5c1e4a7b', 'failure', 'health check failed', '2026-08-07T10:01:00Z'),
        ghStatus('kustomization/infra/5c1e4a7b', 'error', null, '2026-08-07T10:02:00Z'),
        ghStatus('ci/build', 'pending', 'building', '2026-08-07T10:03:00Z', {target_url: 'https://ci/1'})
      ]),
      [`${STATUS} ${D}`]: combined(D, [
        ghStatus('kustomization/apps/5c1e4a7b', 'success', 'reconciliation succeeded', '2026-08-07T10:04:00Z')
      ])
    })
    const snap = await createCommitStatusSource({get, owner: 'o', repo: 'r', evidence: evidenceOf([C, D])}).read(0)
    expect(snap.reports).toEqual([
      {
        context: 'kustomization/apps/5c1e4a7b',
        state: 'failure',
        description: 'health check failed',
        commit: C,
        at: Date.parse('2026-08-07T10:01:00Z'),
        source: 'status'
      },
      {
        context: 'kustomization/infra/5c1e4a7b',
        state: 'failure',
        description: '',
        commit: C,
        at: Date.parse('2026-08-07T10:02:00Z'),
        source: 'status'
      },
      {
        context: 'ci/build',
        state: 'pending',
        description: 'building',
        commit: C,
        at: Date.parse('2026-08-07T10:03:00Z'),
        source: 'status',
        url: 'https://ci/1'
      },
      {
        context: 'kustomization/apps/5c1e4a7b',
        state: 'success',
        description: 'reconciliation succeeded',
        commit: D,
        at: Date.parse('2026-08-07T10:04:00Z'),
        source: 'status'
      }
    ])
  })

  it('maps check runs: conclusions, description from output, time from completed_at or started_at', async () => {
    const run = (name: string, status: string, conclusion: string | null, output: object, extra = {}) => ({
      id: 1,
      head_sha: C,
      name,
      status,
      conclusion,
      started_at: '2026-08-07T10:00:00Z',
      completed_at: status === 'completed' ? '2026-08-07T10:05:00Z' : null,
      html_url: `https://github.com/o/r/runs/${name}`,
      output: {title: null, summary: null, text: null, ...output},
      ...extra
    })
    const {get} = fakeGet({
      [`${CHECKS} ${C}`]: {
        total_count: 7,
        check_runs: [
          run('ok', 'completed', 'success', {title: 'Rolled out'}),
          run('bad', 'completed', 'failure', {summary: 'Pods crash looping'}),
          run('slow', 'completed', 'timed_out', {}),
          run('stop', 'completed', 'cancelled', {}),
          run('gate', 'completed', 'action_required', {}),
          run('meh', 'completed', 'neutral', {}),
          run('busy', 'in_progress', null, {})
        ]
      }
    })
    const snap = await createCommitStatusSource({get, owner: 'o', repo: 'r', evidence: evidenceOf([C])}).read(0)
    expect(snap.reports.map(r => [r.context, r.state, r.description, r.at, r.source])).toEqual([
      ['ok', 'success', 'Rolled out', Date.parse('2026-08-07T10:05:00Z'), 'check-run'],
      ['bad', 'failure', 'Pods crash looping', Date.parse('2026-08-07T10:05:00Z'), 'check-run'],
      ['slow', 'failure', 'timed_out', Date.parse('2026-08-07T10:05:00Z'), 'check-run'],
      ['stop', 'failure', 'cancelled', Date.parse('2026-08-07T10:05:00Z'), 'check-run'],
      ['gate', 'failure', 'action_required', Date.parse('2026-08-07T10:05:00Z'), 'check-run'],
      ['meh', 'pending', 'neutral', Date.parse('2026-08-07T10:05:00Z'), 'check-run'],
      ['busy', 'pending', 'in_progress', Date.parse('2026-08-07T10:00:00Z'), 'check-run']
    ])
    expect(snap.reports[0]?.url).toBe('https://github.com/o/r/runs/ok')
  })

  it('propagates errors from ancestry and from get', async () => {
    const failing = createCommitStatusSource({
      get: fakeGet({}).get,
      owner: 'o',
      repo: 'r',
      evidence: {
        ancestry: async () => {
          throw new Error('compare failed')
        },
        superseded: async () => new Map()
      }
    })
    await expect(failing.read(0)).rejects.toThrow('compare failed')
    const broken: ConditionalGet = async () => {
      throw new Error('502 Bad Gateway')
    }
    await expect(
      createCommitStatusSource({get: broken, owner: 'o', repo: 'r', evidence: evidenceOf([C])}).read(0)
    ).rejects.toThrow('502')
  })
})

describe('createCommitStatusSource: B and permissions', () => {
  const B = sha('b')
  it('reads B too, and says B in the snapshot', async () => {
    const {get, requests} = fakeGet({})
    const source = createCommitStatusSource({
      get,
      owner: 'o',
      repo: 'r',
      evidence: {
        ancestry: async () => ({commits: [C, D], base: B, touched: new Set()}),
        superseded: async () => new Map()
      }
    })
    const snap = await source.read(0)
    expect(snap.base).toBe(B)
    const reads = requests.filter(r => r.route !== COMMITS)
    expect([...new Set(reads.map(r => r.params.ref))]).toEqual([B, C, D])
  })

  it('B without reports: walks first parents back to the nearest reported commit, whose contexts are expected', async () => {
    const A = sha('a')
    const Z = sha('9')
    const X = sha('8') // on a side branch: not a first parent
    const {get, requests} = fakeGet({
      [`${COMMITS} ${B}`]: [
        {sha: B, parents: [{sha: Z}]},
        {sha: Z, parents: [{sha: A}, {sha: X}]},
        {sha: X, parents: [{sha: A}]},
        {sha: A, parents: []}
      ],
      [`${STATUS} ${X}`]: combined(X, [ghStatus('kustomization/side/1', 'success', 'x', '2026-08-07T10:00:00Z')]),
      [`${STATUS} ${A}`]: combined(A, [
        ghStatus('kustomization/apps/1', 'success', 'reconciliation succeeded', '2026-08-07T10:00:00Z'),
        ghStatus('kustomization/infra/1', 'success', 'reconciliation succeeded', '2026-08-07T10:00:00Z')
      ])
    })
    const evidence = {
      ancestry: async () => ({commits: [C], base: B, touched: new Set<string>()}),
      superseded: async () => new Map()
    }
    const source = createCommitStatusSource({get, owner: 'o', repo: 'r', evidence})
    const snap = await source.read(0)
    expect(snap.baseline).toEqual(['kustomization/apps/1', 'kustomization/infra/1'])
    expect(snap.unanchored).toBeUndefined()
    expect(requests.some(r => r.params.ref === X)).toBe(false)
    // Looked for once: the next read asks no commits list.
    const before = requests.filter(r => r.route === COMMITS).length
    await source.read(0)
    expect(requests.filter(r => r.route === COMMITS).length).toBe(before)
  })

  it('no reported commit in the last 100: the snapshot says so (unanchored)', async () => {
    const {get} = fakeGet({[`${COMMITS} ${B}`]: [{sha: B, parents: [{sha: C}]}]})
    const evidence = {
      ancestry: async () => ({commits: [D], base: B, touched: new Set<string>()}),
      superseded: async () => new Map()
    }
    const snap = await createCommitStatusSource({get, owner: 'o', repo: 'r', evidence}).read(0)
    expect(snap.unanchored).toBe(true)
    expect(snap.baseline).toBeUndefined()
  })

  it('a 403 on check runs falls back to statuses with one warning naming checks: read', async () => {
    const warnings: string[] = []
    const requests: string[] = []
    const get: ConditionalGet = async <T>(route: string, params: Record<string, string | number>) => {
      requests.push(`${route} ${params.ref}`)
      if (route === CHECKS) throw Object.assign(new Error('Resource not accessible by integration'), {status: 403})
      return combined(String(params.ref), [
        ghStatus('k/apps', 'success', 'reconciliation succeeded', '2026-08-07T10:00:00Z')
      ]) as T
    }
    const source = createCommitStatusSource({
      get,
      owner: 'o',
      repo: 'r',
      evidence: evidenceOf([C]),
      warn: m => warnings.push(m)
    })
    expect((await source.read(0)).reports.map(r => r.context)).toEqual(['k/apps'])
    await source.read(0)
    expect(warnings).toHaveLength(1)
    expect(warnings[0]).toContain("'checks: read'")
    expect(requests.filter(r => r.startsWith(CHECKS))).toHaveLength(1)
  })

  it('a 403 on statuses is fatal, naming statuses: read', async () => {
    const get: ConditionalGet = async () => {
      throw Object.assign(new Error('Resource not accessible by integration'), {status: 403})
    }
    const source = createCommitStatusSource({get, owner: 'o', repo: 'r', evidence: evidenceOf([C])})
    await expect(source.read(0)).rejects.toMatchObject({
      kind: 'fatal',
      message: expect.stringContaining("'statuses: read'")
    })
  })
})
