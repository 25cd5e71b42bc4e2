import {afterEach, beforeEach, describe, expect, it} from '@jest/globals'
import {applyFilter, filterKey, parseFilter} from '../../src/connector/filter.js'
import type {ConnectorObject} from '../../src/connector/events.js'
import {READ_TOKEN, SHA_A, SHA_B, fluxEvent, http, postEvent, readObjects, startTestConnector} from './util.js'
import type {TestConnector} from './util.js'

function obj(cluster: string, kind: string, namespace: string, name: string, commit: string | null): ConnectorObject {
  return {
    cluster,
    kind,
    namespace,
    name,
    revision: commit ? `main@sha1:${commit}` : '1.2.3',
    commit,
    state: 'healthy',
    reason: 'ReconciliationSucceeded',
    message: '',
    updatedAt: '2026-08-07T10:15:40.000Z'
  }
}

const OBJECTS = [
  obj('prod', 'Kustomization', 'flux-system', 'apps', SHA_A),
  obj('prod', 'HelmRelease', 'apps', 'web', null),
  obj('staging', 'Kustomization', 'flux-system', 'apps', SHA_B),
  obj('staging', 'Kustomization', 'flux-system', 'infra', SHA_A)
]

function names(q: string): string[] {
  const parsed = parseFilter(new URLSearchParams(q), ['since', 'wait'])
  if (!parsed.ok) throw new Error(parsed.error)
  return applyFilter(OBJECTS, parsed.filter).map(o => `${o.cluster}/${o.kind}/${o.name}`)
}

describe('parseFilter / applyFilter', () => {
  it('matches every given field exactly; repeated values are alternatives', () => {
    expect(names('')).toHaveLength(4)
    expect(names('kind=Kustomization')).toEqual([
      'prod/Kustomization/apps',
      'staging/Kustomization/apps',
      'staging/Kustomization/infra'
    ])
    expect(names('kind=Kustomization&cluster=staging&name=apps')).toEqual(['staging/Kustomization/apps'])
    expect(names('name=apps&name=web&cluster=prod')).toEqual(['prod/Kustomization/apps', 'prod/HelmRelease/web'])
    expect(names('kind=kustomization')).toEqual([])
    expect(names('kind=Kustom*')).toEqual([])
    expect(names('namespace=apps')).toEqual(['prod/HelmRelease/web'])
  })

  it('matches commits in either case and never an object without one', () => {
    expect(names(`commit=${SHA_A.toUpperCase()}`)).toEqual(['prod/Kustomization/apps', 'staging/Kustomization/infra'])
    expect(names('commit=1.2.3')).toEqual([])
  })

  it('rejects unknown parameters, too many values and overlong values', () => {
    expect(parseFilter(new URLSearchParams('nmespace=x'), ['since'])).toMatchObject({ok: false})
    expect(parseFilter(new URLSearchParams('since=1&wait=2'), ['since', 'wait'])).toMatchObject({ok: true})
    expect(parseFilter(new URLSearchParams('kind=a&'.repeat(65)), [])).toMatchObject({ok: false})
    expect(parseFilter(new URLSearchParams(`name=${'x'.repeat(300)}`), [])).toMatchObject({ok: false})
  })

  it('gives the same key whatever the order of the query', () => {
    const a = parseFilter(new URLSearchParams('kind=B&kind=A&name=x'), [])
    const b = parseFilter(new URLSearchParams('name=x&kind=A&kind=B&kind=A'), [])
    expect(a.ok && b.ok && a.key === b.key).toBe(true)
    expect(filterKey({})).not.toBe(filterKey({kind: ['A']}))
  })
})

describe('GET /api/v1/objects with filters', () => {
  let c: TestConnector
  beforeEach(async () => {
    c = await startTestConnector()
  })
  afterEach(async () => {
    await c.dispose()
  })

  it('serves only the matching objects with the global version', async () => {
    await postEvent(c.url, fluxEvent({name: 'apps'}))
    await postEvent(c.url, fluxEvent({name: 'infra', metadata: {cluster: 'prod', revision: `main@sha1:${SHA_B}`}}))
    const all = await readObjects(c.url)
    expect(all.objects).toHaveLength(2)
    const prod = await readObjects(c.url, '?cluster=prod')
    expect(prod.version).toBe(all.version)
    expect(prod.objects.map(o => o.name)).toEqual(['infra'])
    expect((await readObjects(c.url, `?commit=${SHA_A}`)).objects.map(o => o.name)).toEqual(['apps'])
    expect((await readObjects(c.url, '?kind=HelmRelease')).objects).toEqual([])
    const bad = await http('GET', `${c.url}/api/v1/objects?cluster=prod&knd=x`, {
      headers: {authorization: `Bearer ${READ_TOKEN}`}
    })
    expect(bad.status).toBe(400)
    expect(bad.body).toContain("unknown query parameter 'knd'")
  })

  it('wakes filtered long-polls on a change and answers each with its own filter', async () => {
    await postEvent(c.url, fluxEvent({name: 'apps'}))
    const apps = readObjects(c.url, '?since=1&wait=30s&name=apps')
    const infra = readObjects(c.url, '?since=1&wait=30s&name=infra')
    const none = readObjects(c.url, '?since=1&wait=30s&kind=HelmRelease')
    while (c.server.waiterCount < 3) await new Promise(r => setTimeout(r, 5))
    await postEvent(c.url, fluxEvent({name: 'infra'}))
    const [a, i, n] = await Promise.all([apps, infra, none])
    expect([a.version, i.version, n.version]).toEqual([2, 2, 2])
    expect(a.objects.map(o => o.name)).toEqual(['apps'])
    expect(i.objects.map(o => o.name)).toEqual(['infra'])
    expect(n.objects).toEqual([])
  })
})
