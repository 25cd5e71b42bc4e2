// The manifests under deploy/ agree with the connector: every document is a named Kubernetes object, the replicated
// variant is what it says, and the alert rules use metric names the connector really exports.
import {describe, expect, it} from '@jest/globals'
import {readFileSync, readdirSync} from 'node:fs'
import {join} from 'node:path'
import {parseAllDocuments} from 'yaml'
import {createMetrics} from '../../src/connector/metrics.js'

/** Parsed YAML, checked field by field. */
type Doc = Record<string, any>

function docs(dir: string): Doc[] {
  return readdirSync(join('deploy', dir))
    .filter(f => f.endsWith('.yaml'))
    .flatMap(f =>
      parseAllDocuments(readFileSync(join('deploy', dir, f), 'utf8')).map(d => {
        if (d.errors.length > 0) throw new Error(`${dir}/${f}: ${d.errors[0]!.message}`)
        return d.toJS() as Doc
      })
    )
}

const find = (all: Doc[], kind: string): Doc => {
  const d = all.find(x => x.kind === kind)
  if (!d) throw new Error(`no ${kind}`)
  return d
}

describe('deploy/', () => {
  it.each(['connector', 'connector-ha', 'monitoring'])('%s: every document is a named object', dir => {
    for (const d of docs(dir)) {
      expect(typeof d.apiVersion).toBe('string')
      expect(typeof d.kind).toBe('string')
      if (d.kind !== 'Kustomization' && d.kind !== 'Deployment') expect(typeof d.metadata?.name).toBe('string')
    }
  })

  it('connector-ha: two replicas rolled one at a time, a PDB, readiness on /healthz, the database URL from a Secret', () => {
    const all = docs('connector-ha')
    const kustomization = find(all, 'Kustomization')
    for (const r of kustomization.resources.filter((r: string) => r.endsWith('.yaml'))) {
      expect(readdirSync('deploy/connector-ha')).toContain(r)
    }
    const patch = find(all, 'Deployment')
    expect(patch.spec.replicas).toBe(2)
    expect(patch.spec.strategy).toEqual({type: 'RollingUpdate', rollingUpdate: {maxUnavailable: 0, maxSurge: 1}})
    const container = patch.spec.template.spec.containers[0]
    expect(container.readinessProbe.httpGet.path).toBe('/healthz')
    const env = container.env.find((e: Doc) => e.name === 'CONNECTOR_DATABASE_URL')
    const secret = find(all, 'Secret')
    expect(env.valueFrom.secretKeyRef).toEqual({name: secret.metadata.name, key: Object.keys(secret.stringData)[0]})
    const pdb = find(all, 'PodDisruptionBudget')
    expect(pdb.apiVersion).toBe('policy/v1')
    expect(pdb.spec.minAvailable).toBe(1)
    const base = find(docs('connector'), 'Deployment')
    expect(pdb.spec.selector.matchLabels).toEqual(base.spec.selector.matchLabels)
  })

  it('monitoring: the alert rules name metrics the connector exports', async () => {
    const rule = find(docs('monitoring'), 'PrometheusRule')
    expect(rule.apiVersion).toBe('monitoring.coreos.com/v1')
    const rules: Doc[] = rule.spec.groups.flatMap((g: Doc) => g.rules)
    const failed = rules.find(r => r.alert === 'GitopsPromoteFluxObjectFailed')!
    expect(failed.for).toBe('10m')
    expect(rules.find(r => r.alert === 'GitopsPromoteFluxClusterSilent')).toBeDefined()
    const metrics = createMetrics()
    metrics.watchObjects(() => [
      {
        cluster: 'c',
        kind: 'Kustomization',
        namespace: 'n',
        name: 'a',
        revision: null,
        commit: null,
        state: 'failed',
        reason: 'x',
        message: '',
        updatedAt: '2026-01-01T00:00:00.000Z'
      }
    ])
    const exported = await metrics.registry.metrics()
    const used = rules.flatMap(r => String(r.expr).match(/gitops_promote_flux_[a-z_]+/g) ?? [])
    expect(used.length).toBeGreaterThan(0)
    for (const name of used) expect(exported).toContain(`${name}{`)
  })
})
