import {describe, expect, it} from '@jest/globals'
import {extractCommit, parseFluxEvent, supersedes} from '../../src/connector/events.js'
import type {ParsedEvent} from '../../src/connector/events.js'
import {PAYLOADS} from './payloads.js'
import {SHA_A, fluxEvent} from './util.js'

function parsePayload(name: string): ParsedEvent {
  const r = parseFluxEvent(JSON.parse(PAYLOADS[name]!.body))
  if (!r.ok) throw new Error(r.error)
  return r.event
}

function parse(body: string): ParsedEvent {
  const r = parseFluxEvent(JSON.parse(body))
  if (!r.ok) throw new Error(r.error)
  return r.event
}

describe('parseFluxEvent on the recorded payloads', () => {
  it.each([
    ['kustomization-progressing', 'progressing', 'Progressing'],
    ['kustomization-healthcheck-passed', 'healthy', 'Progressing'],
    ['kustomization-succeeded', 'healthy', 'ReconciliationSucceeded'],
    ['kustomization-healthcheck-failed', 'failed', 'HealthCheckFailed'],
    ['kustomization-dependency-not-ready', 'progressing', 'DependencyNotReady']
  ])('%s -> %s', (name, state, reason) => {
    const {object} = parsePayload(name)
    expect(object).toMatchObject({
      cluster: 'staging',
      kind: 'Kustomization',
      namespace: 'flux-system',
      name: 'apps',
      revision: `main@sha1:${SHA_A}`,
      commit: SHA_A,
      state,
      reason
    })
  })

  it('takes the commit from originRevision when the revision is an artifact digest (ExternalArtifact)', () => {
    const {object} = parsePayload('kustomization-succeeded-externalartifact')
    expect(object.revision).toBe('latest@sha256:5b7a9e8c2f1d3b4a6c8e0f2a4b6c8d0e1f3a5b7c9d1e3f5a7b9c1d3e5f7a9b1c')
    expect(object.commit).toBe(SHA_A)
    expect(object.state).toBe('healthy')
  })

  it('reads prefixed metadata (the raw controller event) and defaults the cluster', () => {
    const {object, time} = parsePayload('raw-controller-event-kustomization-succeeded')
    expect(object).toMatchObject({cluster: 'default', revision: `main@sha1:${SHA_A}`, commit: SHA_A, state: 'healthy'})
    expect(object.updatedAt).toBe('2026-08-07T10:15:40.000Z')
    expect(time).toBe(Date.parse('2026-08-07T10:15:40Z'))
  })

  it('gives a HelmRelease chart version no commit', () => {
    const {object} = parsePayload('helmrelease-upgrade-succeeded')
    expect(object).toMatchObject({kind: 'HelmRelease', revision: '6.9.2', commit: null, state: 'progressing'})
  })

  it('prefers the un-prefixed key over the prefixed one', () => {
    const e = parse(
      fluxEvent({
        metadata: {
          revision: `main@sha1:${SHA_A}`,
          'kustomize.toolkit.fluxcd.io/revision': `main@sha1:${'c'.repeat(40)}`
        }
      })
    )
    expect(e.object.commit).toBe(SHA_A)
  })

  it('gives no commit when neither revision names one', () => {
    expect(parse(fluxEvent({metadata: {}})).object).toMatchObject({revision: null, commit: null})
    expect(parse(fluxEvent({metadata: {revision: 'latest@sha256:' + 'a'.repeat(64)}})).object.commit).toBeNull()
  })
})

describe('parseFluxEvent rejects what is not a Flux event', () => {
  const valid = JSON.parse(fluxEvent()) as Record<string, unknown>
  const without = (path: string[]): unknown => {
    const copy = JSON.parse(JSON.stringify(valid)) as Record<string, Record<string, unknown>>
    if (path.length === 1) delete (copy as Record<string, unknown>)[path[0]!]
    else delete copy[path[0]!]![path[1]!]
    return copy
  }
  it.each([
    [['involvedObject'], 'involvedObject'],
    [['involvedObject', 'kind'], 'involvedObject.kind'],
    [['involvedObject', 'name'], 'involvedObject.name'],
    [['reason'], 'reason'],
    [['timestamp'], 'timestamp']
  ])('missing %j', (path, field) => {
    const r = parseFluxEvent(without(path))
    expect(r.ok).toBe(false)
    if (!r.ok) expect(r.error).toContain(field)
  })

  it('rejects non-objects and bad timestamps', () => {
    expect(parseFluxEvent([]).ok).toBe(false)
    expect(parseFluxEvent(null).ok).toBe(false)
    expect(parseFluxEvent({...valid, timestamp: 'yesterday'}).ok).toBe(false)
    expect(parseFluxEvent({...valid, metadata: 'x'}).ok).toBe(false)
  })
})

describe('extractCommit (Flux rules)', () => {
  it.each([
    [`main@sha1:${SHA_A}`, SHA_A],
    [`feature/branch@sha1:${SHA_A}`, SHA_A],
    [`refs/pull/420/head@sha1:${SHA_A}`, SHA_A],
    [`sha1:${SHA_A}`, SHA_A],
    [`main/${SHA_A}`, SHA_A],
    [`HEAD/${SHA_A}`, SHA_A],
    [SHA_A, SHA_A],
    [SHA_A.toUpperCase(), SHA_A],
    ['latest@sha256:' + 'a'.repeat(64), null],
    ['sha256:' + 'a'.repeat(64), null],
    ['6.9.2', null],
    ['main@sha1:' + 'z'.repeat(40), null],
    ['', null]
  ])('%s -> %s', (revision, commit) => {
    expect(extractCommit(revision)).toBe(commit)
  })
})

describe('supersedes: (timestamp, arrival) with the same-second health rule', () => {
  const at = (timestamp: string, spec: Parameters<typeof fluxEvent>[0] = {}): ParsedEvent =>
    parse(fluxEvent({...spec, timestamp}))
  const stored = (e: ParsedEvent) => ({object: e.object, time: e.time})
  const progressing = {reason: 'Progressing', message: 'Deployment/podinfo/podinfo configured'}

  it('first event always applies; newer replaces; older does not', () => {
    const a = at('2026-08-07T10:15:40Z')
    expect(supersedes(undefined, a)).toBe(true)
    expect(supersedes(stored(a), at('2026-08-07T10:15:41Z', progressing))).toBe(true)
    expect(supersedes(stored(a), at('2026-08-07T10:15:39Z', progressing))).toBe(false)
  })

  it('same second: a Progressing line does not demote healthy for the same revision', () => {
    const healthy = at('2026-08-07T10:15:40Z')
    expect(supersedes(stored(healthy), at('2026-08-07T10:15:40Z', progressing))).toBe(false)
    const other = {...progressing, metadata: {cluster: 'staging', revision: `main@sha1:${'c'.repeat(40)}`}}
    expect(supersedes(stored(healthy), at('2026-08-07T10:15:40Z', other))).toBe(true)
  })

  it('same second otherwise goes by arrival', () => {
    const p = at('2026-08-07T10:15:40Z', progressing)
    expect(supersedes(stored(p), at('2026-08-07T10:15:40Z'))).toBe(true)
    const healthy = at('2026-08-07T10:15:40Z')
    expect(
      supersedes(stored(healthy), at('2026-08-07T10:15:40Z', {severity: 'error', reason: 'HealthCheckFailed'}))
    ).toBe(true)
  })
})
