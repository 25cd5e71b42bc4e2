import {afterEach, beforeEach, describe, expect, it} from '@jest/globals'
import {createMetrics} from '../../src/connector/metrics.js'
import type {ConnectorObject} from '../../src/connector/events.js'
import {SHA_A, fluxEvent, http, postEvent, startTestConnector} from './util.js'
import type {TestConnector} from './util.js'

function obj(cluster: string, name: string, state: ConnectorObject['state'], updatedAt: string): ConnectorObject {
  return {
    cluster,
    kind: 'Kustomization',
    namespace: 'flux-system',
    name,
    revision: null,
    commit: null,
    state,
    reason: 'x',
    message: '',
    updatedAt
  }
}

const labels = (cluster: string, name: string) =>
  `{cluster="${cluster}",kind="Kustomization",namespace="flux-system",name="${name}"}`

describe('per-object and per-cluster metrics', () => {
  it('follow the current objects at every scrape; a removed object loses its series', async () => {
    const metrics = createMetrics()
    let objects = [
      obj('prod', 'apps', 'healthy', '2026-08-07T10:00:00.000Z'),
      obj('prod', 'infra', 'failed', '2026-08-07T10:00:30.000Z'),
      obj('staging', 'apps', 'progressing', '2026-08-07T09:00:00.000Z')
    ]
    metrics.watchObjects(() => objects)
    let text = await metrics.registry.metrics()
    expect(text).toContain(`gitops_promote_flux_object_healthy${labels('prod', 'apps')} 1`)
    expect(text).toContain(`gitops_promote_flux_object_failed${labels('prod', 'apps')} 0`)
    expect(text).toContain(`gitops_promote_flux_object_healthy${labels('prod', 'infra')} 0`)
    expect(text).toContain(`gitops_promote_flux_object_failed${labels('prod', 'infra')} 1`)
    expect(text).toContain(`gitops_promote_flux_object_healthy${labels('staging', 'apps')} 0`)
    expect(text).toContain(`gitops_promote_flux_object_failed${labels('staging', 'apps')} 0`)
    const t = Date.parse('2026-08-07T10:00:30.000Z') / 1000
    expect(text).toContain(`gitops_promote_flux_object_last_event_timestamp_seconds${labels('prod', 'infra')} ${t}`)
    expect(text).toContain(`gitops_promote_flux_cluster_last_event_timestamp_seconds{cluster="prod"} ${t}`)
    expect(text).toContain(
      `gitops_promote_flux_cluster_last_event_timestamp_seconds{cluster="staging"} ${Date.parse('2026-08-07T09:00:00Z') / 1000}`
    )

    objects = objects.filter(o => o.cluster === 'prod' && o.name === 'apps')
    text = await metrics.registry.metrics()
    expect(text).toContain(`gitops_promote_flux_object_healthy${labels('prod', 'apps')} 1`)
    expect(text).not.toContain('name="infra"')
    expect(text).not.toContain('cluster="staging"')
  })
})

describe('GET /metrics on a running connector', () => {
  let c: TestConnector
  beforeEach(async () => {
    c = await startTestConnector()
  })
  afterEach(async () => {
    await c.dispose()
  })

  it('shows each stored object as healthy/failed and its event time', async () => {
    await postEvent(c.url, fluxEvent({metadata: {cluster: 'prod', revision: `main@sha1:${SHA_A}`}}))
    await postEvent(
      c.url,
      fluxEvent({name: 'infra', severity: 'error', reason: 'HealthCheckFailed', timestamp: '2026-08-07T10:20:00Z'})
    )
    const text = (await http('GET', `${c.url}/metrics`)).body
    expect(text).toContain(`gitops_promote_flux_object_healthy${labels('prod', 'apps')} 1`)
    expect(text).toContain(`gitops_promote_flux_object_failed${labels('staging', 'infra')} 1`)
    expect(text).toContain(
      `gitops_promote_flux_cluster_last_event_timestamp_seconds{cluster="staging"} ${Date.parse('2026-08-07T10:20:00Z') / 1000}`
    )
  })
})
