// Every Flux manifest a user may copy from the README, docs/ or deploy/ must be valid against Flux's CRD schemas,
// and the traps a Flux user falls into are spelt out where the manifests are shown.
import {describe, it, expect} from '@jest/globals'
import {readFileSync, readdirSync} from 'node:fs'
import {join, relative} from 'node:path'
import {parseAllDocuments} from 'yaml'
import {ROOT} from '../../testing/run-action.js'
import {fluxProblems} from '../../testing/flux-schema.js'

interface Manifest {
  where: string
  doc: Record<string, unknown>
}

function files(dir: string, ext: RegExp): string[] {
  return readdirSync(join(ROOT, dir), {recursive: true, encoding: 'utf8'})
    .filter(f => ext.test(f))
    .map(f => join(ROOT, dir, f))
}

/** Flux objects (apiVersion *.fluxcd.io) in the YAML code blocks of a Markdown file or in a YAML file. */
function manifests(file: string): Manifest[] {
  const text = readFileSync(file, 'utf8')
  const blocks = file.endsWith('.md')
    ? [...text.matchAll(/^```ya?ml\n([\s\S]*?)^```/gm)].map(m => ({
        yaml: m[1] as string,
        line: text.slice(0, m.index).split('\n').length + 1
      }))
    : [{yaml: text, line: 1}]
  const out: Manifest[] = []
  for (const {yaml, line} of blocks) {
    if (!yaml.includes('fluxcd.io/')) continue
    for (const doc of parseAllDocuments(yaml)) {
      const where = `${relative(ROOT, file)}:${line}`
      if (doc.errors.length > 0) throw new Error(`${where}: YAML does not parse: ${doc.errors[0]?.message}`)
      const value = doc.toJS() as Record<string, unknown> | null
      if (value && typeof value.apiVersion === 'string' && value.apiVersion.includes('fluxcd.io/'))
        out.push({where, doc: value})
    }
  }
  return out
}

const docs = [join(ROOT, 'README.md'), ...files('docs', /\.md$/), ...files('deploy', /\.ya?ml$/)]
const all = docs.flatMap(manifests)

describe('Flux manifests in the docs', () => {
  it('finds the Provider, Alert and Kustomization examples', () => {
    const kinds = new Set(all.map(m => m.doc.kind))
    for (const kind of ['Provider', 'Alert', 'Kustomization']) expect(kinds).toContain(kind)
  })

  it.each(all.map(m => ({name: `${m.where} ${String(m.doc.kind)}`, m})))('$name is valid against its CRD', ({m}) => {
    expect(fluxProblems(m.doc)).toEqual([])
  })
})

describe('the traps, spelt out where the manifests are shown', () => {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8')
  const connector = readFileSync(join(ROOT, 'docs', 'connector.md'), 'utf8')

  it('states the minimum Flux version', () => {
    expect(readme).toContain('**Flux 2.2 or later**')
    expect(readme).toMatch(/`commitStatusExpr` needs Flux 2\.6/)
    expect(connector).toContain('Flux 2.2 or later')
  })

  it('says that an eventSources entry without namespace matches only the Alert own namespace', () => {
    for (const text of [readme, connector]) expect(text).toMatch(/without `namespace:` matches only/)
    // ...and the examples that name other namespaces actually do so.
    const alerts = all.filter(m => m.doc.kind === 'Alert' && m.where.startsWith('docs/connector.md'))
    const sources = alerts.flatMap(a => (a.doc.spec as {eventSources: {namespace?: string}[]}).eventSources)
    expect(sources.some(s => s.namespace !== undefined)).toBe(true)
  })

  it('does not set the environment input in a job that has environment: itself', () => {
    const recipes = readFileSync(join(ROOT, 'docs', 'recipes.md'), 'utf8')
    const recipe = recipes.split('## Multistage promotion')[1]?.split('\n## ')[0] ?? ''
    expect(recipe).toMatch(/^ {4}environment: /m) // the jobs have environments...
    expect(recipe).not.toMatch(/^ {10}environment: /m) // ...so the action's input stays empty
    expect(recipes).toContain("## Deployments: the job's `environment:` or the `environment` input")
    // The handoff recipe sets it once per workflow too: the input in the job without environment:, and
    // environment: on the blocking job without the input.
    const handoff = recipes.split('## Handoff')[1]?.split('\n## ')[0] ?? ''
    for (const workflow of handoff.split('\n---\n')) {
      const jobEnv = /^ {4}environment: /m.test(workflow)
      const inputEnv = /^ {10}environment: /m.test(workflow)
      expect(jobEnv && inputEnv).toBe(false)
    }
  })
})

describe('the CRD check', () => {
  const provider = {
    apiVersion: 'notification.toolkit.fluxcd.io/v1beta3',
    kind: 'Provider',
    metadata: {name: 'p', namespace: 'flux-system', labels: {team: 'a'}},
    spec: {type: 'github', address: 'https://github.com/acme/gitops', secretRef: {name: 's'}}
  }

  it('accepts a valid manifest', () => {
    expect(fluxProblems(provider)).toEqual([])
  })

  it('rejects a value outside the enum, a missing required field and a misspelt field', () => {
    expect(fluxProblems({...provider, spec: {...provider.spec, type: 'githubb'}}).join()).toMatch(/allowed values/i)
    expect(fluxProblems({...provider, spec: {address: 'x'}}).join()).toMatch(/type/)
    expect(fluxProblems({...provider, spec: {...provider.spec, secretref: {name: 's'}}})).toEqual([
      'unknown field spec.secretref'
    ])
    expect(fluxProblems({...provider, spec: {...provider.spec, secretRef: {nme: 's'}}})).toContain(
      'unknown field spec.secretRef.nme'
    )
  })

  it('rejects an API version the docs should not show', () => {
    expect(fluxProblems({...provider, apiVersion: 'notification.toolkit.fluxcd.io/v1beta1'}).join()).toMatch(
      /not a Flux API version/
    )
  })

  it('leaves free-form HelmRelease values alone', () => {
    const release = {
      apiVersion: 'helm.toolkit.fluxcd.io/v2',
      kind: 'HelmRelease',
      metadata: {name: 'podinfo', namespace: 'podinfo'},
      spec: {
        interval: '10m',
        chart: {spec: {chart: 'podinfo', sourceRef: {kind: 'HelmRepository', name: 'podinfo'}}},
        values: {image: {repository: 'ghcr.io/stefanprodan/podinfo', tag: '6.5.0'}}
      }
    }
    expect(fluxProblems(release)).toEqual([])
  })
})
