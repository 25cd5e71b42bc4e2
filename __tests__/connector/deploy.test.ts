// deploy/ is how the connector is installed: a kustomize base plus components, applied by Flux (deploy/flux/) or
// `kubectl apply -k`. Every combination is rendered (./kustomize.ts) and each object is checked against the
// Kubernetes, prometheus-operator and Flux schemas; then the tests check that the manifests agree with the connector
// (probes, metric names), hold no secret value, and expose to runners only what they need.
import {describe, expect, it} from '@jest/globals'
import {readFileSync, readdirSync} from 'node:fs'
import {join} from 'node:path'
import {parseAllDocuments} from 'yaml'
import {createMetrics} from '../../src/connector/metrics.js'
import {ROOT} from '../../testing/run-action.js'
import {build, readYaml, strategicMerge, type Obj} from './kustomize.js'
import {objectProblems} from './k8s-schema.js'

const DEPLOY = join(ROOT, 'deploy')
const BASE = join(DEPLOY, 'base')
const COMPONENTS = readdirSync(join(DEPLOY, 'components')).sort()
const asComponents = (names: string[]) => names.map(n => `../components/${n}`)
const render = (...names: string[]) => build(BASE, {components: asComponents(names)})
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {version: string}
const connectorDoc = readFileSync(join(ROOT, 'docs', 'connector.md'), 'utf8')

const find = (all: Obj[], kind: string): Obj => {
  const d = all.find(x => x.kind === kind)
  if (!d) throw new Error(`no ${kind}`)
  return d
}
const container = (all: Obj[]): Obj => find(all, 'Deployment').spec.template.spec.containers[0]
const envVar = (all: Obj[], name: string): Obj | undefined => container(all).env.find((e: Obj) => e.name === name)

const variants: {name: string; components: string[]}[] = [
  {name: 'base', components: []},
  ...COMPONENTS.map(c => ({name: `base + ${c}`, components: [c]})),
  {name: 'base + every component', components: COMPONENTS}
]

describe('deploy/ renders to valid objects', () => {
  it('has the base and the components', () => {
    expect(COMPONENTS).toEqual(['handoff', 'ingress', 'monitoring', 'network-policy', 'oidc', 'postgresql'])
  })

  it.each(variants)('$name: every object is valid against its schema', ({components}) => {
    const all = render(...components)
    expect(all.length).toBeGreaterThanOrEqual(4)
    for (const o of all)
      expect({object: `${o.kind}/${o.metadata?.name}`, problems: objectProblems(o)}).toEqual({
        object: `${o.kind}/${o.metadata?.name}`,
        problems: []
      })
  })

  it.each(variants)('$name: a Namespace, and every other object in it; no Secret', ({components}) => {
    const all = render(...components)
    expect(find(all, 'Namespace').metadata.name).toBe('gitops-promote')
    for (const o of all.filter(o => o.kind !== 'Namespace')) expect(o.metadata.namespace).toBe('gitops-promote')
    expect(all.filter(o => o.kind === 'Secret')).toEqual([])
  })

  it('the schema check catches a misspelt field and a wrong type', () => {
    const deployment = find(render(), 'Deployment')
    const misspelt = strategicMerge(deployment, {
      spec: {template: {spec: {containers: [{name: 'connector', readinesProbe: {httpGet: {path: '/readyz'}}}]}}}
    })
    expect(objectProblems(misspelt)).toContain('unknown field spec.template.spec.containers[0].readinesProbe')
    expect(objectProblems(strategicMerge(deployment, {spec: {replicas: 'two'}})).join()).toMatch(/integer/)
  })

  it('the renderer refuses kustomize features it does not model', () => {
    expect(() => build(join(DEPLOY, 'components', 'ingress'))).toThrow(/is a Component, not a Kustomization/)
  })
})

describe('the base', () => {
  const all = render()

  it('runs the image of this release by version, never :latest', () => {
    expect(container(all).image).toMatch(new RegExp(`^ghcr\\.io/[\\w-]+/gitops-promote-connector:${pkg.version}$`))
  })

  it('is ready on /readyz and alive on /healthz', () => {
    expect(container(all).readinessProbe.httpGet.path).toBe('/readyz')
    expect(container(all).livenessProbe.httpGet.path).toBe('/healthz')
  })

  it('holds no secret value or placeholder in any file', () => {
    const files = readdirSync(DEPLOY, {recursive: true, encoding: 'utf8'}).filter(f => f.endsWith('.yaml'))
    expect(files.length).toBeGreaterThan(10)
    for (const f of files) {
      const text = readFileSync(join(DEPLOY, f), 'utf8')
      expect(`${f}: ${/change-?me/i.test(text)}`).toBe(`${f}: false`)
      expect(`${f}: ${readYaml(join(DEPLOY, f)).some(d => d?.kind === 'Secret')}`).toBe(`${f}: false`)
    }
  })

  it('every Secret and ConfigMap it reads is one docs/connector.md shows how to create, with that key', () => {
    const refs = render(...COMPONENTS).flatMap(o => {
      const spec = o.spec?.template?.spec
      if (!spec) return []
      const env = (spec.containers as Obj[]).flatMap(c => c.env ?? [])
      return [
        ...env.flatMap((e: Obj) => {
          const r = e.valueFrom?.secretKeyRef ?? e.valueFrom?.configMapKeyRef
          const kind = e.valueFrom?.secretKeyRef ? 'secret generic' : 'configmap'
          return r ? [{kind, name: r.name as string, key: r.key as string}] : []
        }),
        ...(spec.volumes as Obj[])
          .filter(v => v.secret)
          .flatMap(v =>
            (v.secret.items as Obj[]).map(i => ({kind: 'secret generic', name: v.secret.secretName, key: i.key}))
          )
      ]
    })
    expect(refs.length).toBeGreaterThanOrEqual(7)
    for (const r of refs) {
      const command = connectorDoc
        .replace(/\\\n\s*/g, '')
        .split('\n')
        .find(l => l.includes(`create ${r.kind} ${r.name} `))
      expect(`${r.name}: ${command !== undefined}`).toBe(`${r.name}: true`)
      expect(command).toMatch(new RegExp(`--from-(literal|file)=${r.key.replace('.', '\\.')}=`))
    }
  })
})

describe('the components', () => {
  it('postgresql: two replicas rolled one at a time, a PDB, readiness on /readyz, the URL from a Secret, no PVC', () => {
    const all = render('postgresql')
    const d = find(all, 'Deployment')
    expect(d.spec.replicas).toBe(2)
    expect(d.spec.strategy).toEqual({type: 'RollingUpdate', rollingUpdate: {maxUnavailable: 0, maxSurge: 1}})
    expect(container(all).readinessProbe.httpGet.path).toBe('/readyz')
    expect(envVar(all, 'CONNECTOR_DATABASE_URL')?.valueFrom.secretKeyRef).toEqual({
      name: 'gitops-promote-connector-database',
      key: 'url'
    })
    expect(envVar(all, 'CONNECTOR_HMAC_KEYS')).toBeDefined() // merged into the base's env, not replacing it
    expect(all.filter(o => o.kind === 'PersistentVolumeClaim')).toEqual([])
    expect(d.spec.template.spec.volumes).toEqual([{name: 'data', emptyDir: {}}])
    const pdb = find(all, 'PodDisruptionBudget')
    expect(pdb.spec.minAvailable).toBe(1)
    expect(pdb.spec.selector.matchLabels).toEqual(d.spec.selector.matchLabels)
  })

  it('handoff: watch tokens from a Secret, the App key mounted read-only as the file the connector reads', () => {
    const all = render('handoff')
    expect(envVar(all, 'CONNECTOR_WATCH_TOKENS')?.valueFrom.secretKeyRef.name).toBe('gitops-promote-connector-watch')
    expect(envVar(all, 'CONNECTOR_GITHUB_APP_ID')?.valueFrom.secretKeyRef.key).toBe('app-id')
    expect(envVar(all, 'CONNECTOR_GITHUB_APP_PRIVATE_KEY')).toBeUndefined() // never the key in the environment
    const file = envVar(all, 'CONNECTOR_GITHUB_APP_PRIVATE_KEY_FILE')?.value as string
    const mount = (container(all).volumeMounts as Obj[]).find(m => file.startsWith(`${m.mountPath}/`))!
    expect(mount.readOnly).toBe(true)
    const volume = (find(all, 'Deployment').spec.template.spec.volumes as Obj[]).find(v => v.name === mount.name)!
    expect(`${mount.mountPath}/${volume.secret.items[0].path}`).toBe(file)
    expect(container(all).volumeMounts.map((m: Obj) => m.mountPath)).toContain('/data') // the base's mount stays
  })

  it('oidc: the allowed repositories and the audience from a ConfigMap', () => {
    const all = render('oidc')
    expect(envVar(all, 'CONNECTOR_OIDC_REPOSITORIES')?.valueFrom.configMapKeyRef.name).toBe(
      'gitops-promote-connector-oidc'
    )
    expect(envVar(all, 'CONNECTOR_OIDC_AUDIENCE')?.valueFrom.configMapKeyRef.key).toBe('audience')
  })

  /** Whether an Ingress path of `pathType` routes a request for `url`. */
  const routes = (p: Obj, url: string) =>
    p.pathType === 'Exact' ? url === p.path : url === p.path || url.startsWith(`${String(p.path).replace(/\/$/, '')}/`)

  it('ingress: TLS for its host; routes the page, reads and watches, never events, metrics or probes', () => {
    const ingress = find(render('ingress'), 'Ingress')
    const rule = ingress.spec.rules[0]
    expect(ingress.spec.tls[0].hosts).toEqual([rule.host])
    const paths: Obj[] = rule.http.paths
    for (const url of ['/', '/api/v1/objects', '/api/v1/watches', '/api/v1/watches/w-123'])
      expect(`${url}: ${paths.some(p => routes(p, url))}`).toBe(`${url}: true`)
    for (const url of ['/api/v1/flux/events', '/metrics', '/healthz', '/readyz', '/api/v1'])
      expect(`${url}: ${paths.some(p => routes(p, url))}`).toBe(`${url}: false`)
    for (const p of paths) expect(p.backend.service).toEqual({name: 'gitops-promote-connector', port: {name: 'http'}})
  })

  it('network-policy: the connector pods take connections from notification-controller in flux-system', () => {
    const all = render('network-policy')
    const policy = find(all, 'NetworkPolicy')
    expect(policy.spec.podSelector.matchLabels).toEqual(find(all, 'Deployment').spec.selector.matchLabels)
    expect(policy.spec.policyTypes).toEqual(['Ingress'])
    const flux = (policy.spec.ingress as Obj[]).find(r =>
      (r.from as Obj[]).some(
        f =>
          f.namespaceSelector?.matchLabels?.['kubernetes.io/metadata.name'] === 'flux-system' &&
          f.podSelector?.matchLabels?.app === 'notification-controller'
      )
    )
    expect(flux?.ports).toEqual([{port: 'http', protocol: 'TCP'}])
    // No rule admits everyone: every rule names where it comes from.
    for (const r of policy.spec.ingress as Obj[]) expect((r.from as Obj[]).length).toBeGreaterThan(0)
  })

  it('monitoring: scrapes the Service, and the alert rules name metrics the connector exports', async () => {
    const all = render('monitoring')
    const monitor = find(all, 'ServiceMonitor')
    const service = find(all, 'Service')
    for (const [k, v] of Object.entries(monitor.spec.selector.matchLabels)) expect(service.metadata.labels[k]).toBe(v)
    expect(service.spec.ports.map((p: Obj) => p.name)).toContain(monitor.spec.endpoints[0].port)
    const rule = find(all, 'PrometheusRule')
    const rules: Obj[] = rule.spec.groups.flatMap((g: Obj) => g.rules)
    expect(rules.find(r => r.alert === 'GitopsPromoteFluxObjectFailed')!.for).toBe('10m')
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

describe('installed by Flux (deploy/flux/)', () => {
  const source = find(readYaml(join(DEPLOY, 'flux', 'gitrepository.yaml')), 'GitRepository')
  const flux = find(readYaml(join(DEPLOY, 'flux', 'kustomization.yaml')), 'Kustomization')
  const all = build(join(ROOT, flux.spec.path), flux.spec)

  it('takes this release tag from the GitRepository', () => {
    expect(flux.spec.sourceRef).toEqual({kind: 'GitRepository', name: source.metadata.name})
    expect(source.spec.ref).toEqual({tag: `v${pkg.version}`})
  })

  it('renders its components, image and patches into valid objects', () => {
    for (const o of all) expect(objectProblems(o)).toEqual([])
    expect(container(all).image).toBe(`ghcr.io/acme/gitops-promote-connector:${pkg.version}`)
    const ingress = find(all, 'Ingress')
    expect(ingress.spec.rules[0].host).toBe('gitops-promote.acme.example')
    expect(ingress.spec.tls[0].hosts).toEqual(['gitops-promote.acme.example'])
    expect(find(all, 'Deployment').spec.replicas).toBe(2)
  })

  it('the install shown in README.md and docs/connector.md renders too, from this release tag', () => {
    for (const file of ['README.md', join('docs', 'connector.md')]) {
      const text = readFileSync(join(ROOT, file), 'utf8')
      const docs = [...text.matchAll(/^```yaml\n([\s\S]*?)^```/gm)].flatMap(m =>
        parseAllDocuments(m[1]!).map(d => d.toJS() as Obj)
      )
      const shown = docs.find(d => d?.kind === 'Kustomization' && d.metadata?.name === 'gitops-promote-connector')!
      const repo = docs.find(d => d?.kind === 'GitRepository' && d.metadata?.name === shown.spec.sourceRef.name)!
      expect(`${file}: ${repo.spec.ref.tag}`).toBe(`${file}: v${pkg.version}`)
      const objects = build(join(ROOT, shown.spec.path), shown.spec)
      for (const o of objects) expect(objectProblems(o)).toEqual([])
      expect(container(objects).image).toMatch(new RegExp(`/gitops-promote-connector:${pkg.version}$`))
      expect(objects.map(o => o.kind)).toEqual(
        expect.arrayContaining(['Namespace', 'Deployment', 'Service', 'Ingress'])
      )
    }
  })

  it('points the Flux Provider at the connector Service and its event endpoint', () => {
    const provider = find(readYaml(join(DEPLOY, 'flux', 'provider.yaml')), 'Provider')
    const service = find(all, 'Service')
    expect(provider.spec.address).toBe(
      `http://${service.metadata.name}.${service.metadata.namespace}.svc/api/v1/flux/events`
    )
  })
})
