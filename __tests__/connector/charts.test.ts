// Charts in connector mode: a HelmRelease (real helm-controller event) counts only at the written chart version, and
// a watch carries the charts it wrote.
import {describe, expect, it} from '@jest/globals'
import {parseFluxEvent} from '../../src/connector/events.js'
import {parseWatchSpec} from '../../src/connector/watches/spec.js'
import {countChartVersion, objectToReport, type WireObject} from '../../src/core/connector-api.js'
import {PAYLOADS} from './payloads.js'
import {SHA_A} from './util.js'

/** The real helm-controller upgrade event of podinfo 6.9.2, from an OCI chart whose artifact names its commit. */
function helmRelease(revision: string): WireObject {
  const body = JSON.parse(PAYLOADS['helmrelease-upgrade-succeeded']!.body) as {metadata: Record<string, string>}
  body.metadata.revision = revision
  body.metadata.originRevision = `main@sha1:${SHA_A}`
  const parsed = parseFluxEvent(body)
  if (!parsed.ok) throw new Error(parsed.error)
  // helm-controller's "Helm upgrade succeeded" is followed by Ready; the healthy state is what is judged here.
  return {...parsed.event.object, state: 'healthy'}
}

describe('countChartVersion', () => {
  it('keeps a HelmRelease at the written version (plain, or with the OCI digest suffix) healthy', () => {
    for (const revision of ['6.9.2', '6.9.2+0123456789ab']) {
      const o = helmRelease(revision)
      expect(countChartVersion(o, ['podinfo=6.9.2'])).toBe(o)
      expect(objectToReport(countChartVersion(o, ['podinfo=6.9.2']))).toMatchObject({state: 'success', commit: SHA_A})
    }
  })

  it('turns a HelmRelease still at another chart version into pending', () => {
    const o = helmRelease('6.9.1')
    expect(objectToReport(countChartVersion(o, ['podinfo=6.9.2']))).toMatchObject({
      context: 'staging/HelmRelease/podinfo/podinfo',
      state: 'pending',
      description: 'ChartVersionPending: runs chart version 6.9.1; waiting for 6.9.2',
      commit: SHA_A
    })
    // Without charts written, nothing changes.
    expect(countChartVersion(o, [])).toBe(o)
  })

  it('leaves a revision that names a commit, and other kinds, alone', () => {
    const o = helmRelease(`main@sha1:${SHA_A}`)
    expect(countChartVersion(o, ['podinfo=6.9.2'])).toBe(o)
    const k = {...helmRelease('6.9.1'), kind: 'Kustomization'}
    expect(countChartVersion(k, ['podinfo=6.9.2'])).toBe(k)
  })
})

describe('parseWatchSpec with charts', () => {
  const wire = (extra: Record<string, unknown>): Record<string, unknown> => ({
    repository: 'acme/gitops',
    branch: 'main',
    commit: SHA_A,
    contexts: ['*/Kustomization/*/*'],
    healthy_description: 'reconciliation succeeded',
    failure_grace_seconds: 60,
    deadline: '2030-01-01T00:00:00Z',
    soak_seconds: 0,
    images: [],
    environment: null,
    deployment: null,
    run_url: '',
    workflow_repository: 'acme/app',
    payload: {},
    ...extra
  })

  it('keeps the charts and the written files that only charts wrote, with their patched releases', () => {
    const r = parseWatchSpec(
      wire({
        charts: ['podinfo=6.5.0'],
        written: [
          {
            path: 'apps/production/podinfo-values.yaml',
            images: [],
            charts: ['podinfo=6.5.0'],
            releases: ['podinfo/podinfo']
          }
        ]
      })
    )
    expect(r.ok && r.spec).toMatchObject({
      charts: ['podinfo=6.5.0'],
      written: [
        {
          path: 'apps/production/podinfo-values.yaml',
          images: [],
          charts: ['podinfo=6.5.0'],
          releases: ['podinfo/podinfo']
        }
      ]
    })
  })

  it.each<[Record<string, unknown>, string]>([
    [{charts: ['podinfo=6.5.0; x']}, "charts: charts line 'podinfo=6.5.0; x': version '6.5.0; x' is neither SemVer 2"],
    [{charts: 'podinfo=6.5.0'}, 'charts: must be an array of "<chart>=<version>" lines'],
    [{written: [{path: 'a.yaml', images: [], charts: ['podinfo']}]}, "written: charts line 'podinfo' has no version"],
    [{written: [{path: 'a.yaml', images: []}]}, 'written: images is required'],
    [{written: [{path: 'a.yaml', images: [], charts: ['podinfo=1.0.0'], releases: ['a b']}]}, 'releases must be']
  ])('refuses %j', (extra, error) => {
    const r = parseWatchSpec(wire(extra))
    expect(r.ok).toBe(false)
    expect(!r.ok && r.error).toContain(error)
  })
})
