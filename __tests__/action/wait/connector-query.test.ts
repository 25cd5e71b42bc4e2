import {afterEach, describe, expect, it} from '@jest/globals'
import {createServer} from 'node:http'
import type {Server} from 'node:http'
import type {AddressInfo} from 'node:net'
import {filterQuery, pinnedFields} from '../../../src/core/connector-query.js'
import {createConnectorSource} from '../../../src/action/wait/connector-source.js'

describe('pinnedFields', () => {
  it.each([
    [
      'prod-eu/Kustomization/flux-system/apps',
      {cluster: 'prod-eu', kind: 'Kustomization', namespace: 'flux-system', name: 'apps'}
    ],
    ['prod-*/Kustomization/flux-system/apps', {kind: 'Kustomization', namespace: 'flux-system', name: 'apps'}],
    ['*/apps', {name: 'apps'}],
    ['*/flux-system/apps', {namespace: 'flux-system', name: 'apps'}],
    ['prod/Kustomization/flux-system/*', {}],
    ['prod/Kustomization/*/apps', {name: 'apps'}],
    ['prod/*', {}],
    ['apps', {}],
    ['*', {}],
    // A cluster name with a slash: the last three segments are still kind, namespace and name.
    ['eu/prod/HelmRelease/apps/web', {cluster: 'eu/prod', kind: 'HelmRelease', namespace: 'apps', name: 'web'}],
    ['prod/Kustomization/flux-system/app?', {}]
  ])('%s', (pattern, pinned) => {
    expect(pinnedFields(pattern)).toEqual(pinned)
  })
})

describe('filterQuery', () => {
  it('asks for a field only when every pattern pins it, each value as an alternative', () => {
    expect(filterQuery([])).toBe('')
    expect(filterQuery(['prod-*'])).toBe('')
    expect(filterQuery(['*/Kustomization/flux-system/apps'])).toBe(
      '&kind=Kustomization&namespace=flux-system&name=apps'
    )
    expect(filterQuery(['prod/Kustomization/flux-system/apps', 'dev/HelmRelease/flux-system/apps'])).toBe(
      '&cluster=dev&cluster=prod&kind=HelmRelease&kind=Kustomization&namespace=flux-system&name=apps'
    )
    expect(filterQuery(['prod/Kustomization/flux-system/apps', '*/web'])).toBe('&name=apps&name=web')
    expect(filterQuery(['a b/Kustomization/ns/n&x=1'])).toBe(
      '&cluster=a+b&kind=Kustomization&namespace=ns&name=n%26x%3D1'
    )
  })
})

/** An ancestry with no commits: this test only looks at the URLs the source asks for. */
const noEvidence = {
  ancestry: async () => ({commits: [], touched: new Set<string>()}),
  superseded: async () => new Map(),
  inHistory: async () => false
}

describe('the connector client asks only for what its patterns need', () => {
  let server: Server | undefined
  afterEach(async () => {
    await new Promise(r => server?.close(r))
  })

  it('sends the filter on the first read and with since/wait on the next', async () => {
    const urls: string[] = []
    server = createServer((req, res) => {
      urls.push(req.url ?? '')
      res.writeHead(200, {'content-type': 'application/json'})
      res.end(JSON.stringify({version: 3, objects: []}))
    })
    await new Promise<void>(r => server!.listen(0, '127.0.0.1', r))
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
    const source = createConnectorSource({
      url,
      token: 't',
      evidence: noEvidence,
      patterns: ['prod-*/Kustomization/flux-system/apps']
    })
    await source.read(0)
    await source.read(0)
    expect(urls).toEqual([
      '/api/v1/objects?kind=Kustomization&namespace=flux-system&name=apps',
      '/api/v1/objects?since=3&wait=0ms&kind=Kustomization&namespace=flux-system&name=apps'
    ])
    const plain = createConnectorSource({url, token: 't', evidence: noEvidence, patterns: ['prod-*']})
    await plain.read(0)
    expect(urls[2]).toBe('/api/v1/objects')
  })
})
