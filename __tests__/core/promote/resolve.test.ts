// Resolving a promotion on the vendored gitops repos: what the source stage runs, read the way the bump reads it.
import {describe, expect, it} from '@jest/globals'
import {readdirSync, readFileSync} from 'node:fs'
import {join, relative} from 'node:path'
import {fileURLToPath} from 'node:url'
import {selectFiles} from '../../../src/core/bump/index.js'
import {readReferences} from '../../../src/core/bump/references.js'
import {BumpError} from '../../../src/core/errors.js'
import {parseImageRef} from '../../../src/core/image-ref.js'
import {resolvePromotion, type PromoteRequest} from '../../../src/core/promote/resolve.js'

const FIXTURES = fileURLToPath(new URL('../../fixtures/', import.meta.url))
const PODINFO = 'ghcr.io/stefanprodan/podinfo'

function loadDir(dir: string): Map<string, string> {
  const root = join(FIXTURES, dir)
  const out = new Map<string, string>()
  const walk = (d: string): void => {
    for (const e of readdirSync(d, {withFileTypes: true})) {
      const p = join(d, e.name)
      if (e.isDirectory()) walk(p)
      else out.set(relative(root, p), readFileSync(p, 'utf8'))
    }
  }
  walk(root)
  return out
}
const podinfo = loadDir('gitops-repos/podinfo')
const helmExample = loadDir('gitops-repos/flux2-kustomize-helm-example')
const setters = loadDir('bump/setters')

function pick(repo: Map<string, string>, ...patterns: string[]): Map<string, string> {
  return new Map(selectFiles([...repo.keys()], patterns).map(p => [p, repo.get(p) as string]))
}
const name = (n: string): PromoteRequest => ({kind: 'name', name: n, line: n})
const exact = (line: string): PromoteRequest => ({
  kind: 'exact',
  target: {kind: 'image', ref: parseImageRef(line), line},
  line
})
const ALL: PromoteRequest = {kind: 'all', line: '*'}

function thrown(fn: () => unknown): string {
  try {
    fn()
  } catch (e) {
    expect(e).toBeInstanceOf(BumpError)
    return (e as Error).message
  }
  throw new Error('expected an error')
}

describe('readReferences', () => {
  it('reads container images with file:line, and nothing from files without references', () => {
    const refs = readReferences(pick(podinfo, 'deploy/webapp'))
    expect(refs).toEqual([
      expect.objectContaining({
        file: 'deploy/webapp/backend/deployment.yaml',
        line: 28,
        format: 'container',
        name: PODINFO,
        reference: `${PODINFO}:6.14.1`,
        tag: '6.14.1'
      }),
      expect.objectContaining({file: 'deploy/webapp/frontend/deployment.yaml', line: 28, format: 'container'})
    ])
  })

  it('reads Helm values (repository + tag) from a HelmRelease', () => {
    expect(readReferences(pick(helmExample, 'apps/base'))).toEqual([
      {
        file: 'apps/base/podinfo/release.yaml',
        line: 26,
        format: 'helm-values',
        name: 'public.ecr.aws/docker/library/redis',
        reference: 'public.ecr.aws/docker/library/redis:8.6.2',
        tag: '8.6.2'
      }
    ])
  })

  it('reads kustomize images: entries and setter groups with tag and digest as written', () => {
    const refs = readReferences(pick(setters, 'kustomization.yml'))
    const digest = `sha256:${'1'.repeat(64)}`
    expect(refs.map(r => [r.format, r.line, r.reference])).toEqual([
      ['kustomize', 6, `${PODINFO}:6.14.1@${digest}`],
      ['setter', 7, `${PODINFO}:6.14.1@${digest}`]
    ])
  })
})

describe('resolvePromotion on the vendored repos', () => {
  it('takes the one reference the source holds for a bare name, and targets it at the target stage', () => {
    const res = resolvePromotion([name(PODINFO)], pick(podinfo, 'deploy/webapp'), pick(podinfo, 'kustomize'))
    expect(res.targets).toEqual([{kind: 'image', ref: parseImageRef(`${PODINFO}:6.14.1`), line: `${PODINFO}:6.14.1`}])
    expect(res.images[0]?.where.map(w => `${w.file}:${w.line}`)).toEqual([
      'deploy/webapp/backend/deployment.yaml:28',
      'deploy/webapp/frontend/deployment.yaml:28'
    ])
    expect(res.skipped).toEqual([])
  })

  it('refuses a source that holds two references for one name, listing every file:line reference', () => {
    const message = thrown(() =>
      resolvePromotion([name(PODINFO)], pick(podinfo, 'deploy/secure', 'deploy/webapp'), new Map())
    )
    expect(message).toContain(`the source holds 2 different references for ${PODINFO}`)
    expect(message).toContain(`deploy/secure/backend/deployment.yaml:28 ${PODINFO}:5.0.3`)
    expect(message).toContain(`deploy/webapp/backend/deployment.yaml:28 ${PODINFO}:6.14.1`)
    expect(message).toContain(`deploy/webapp/frontend/deployment.yaml:28 ${PODINFO}:6.14.1`)
  })

  it('names the files scanned when the source lacks the name', () => {
    const message = thrown(() =>
      resolvePromotion([name('ghcr.io/acme/api')], pick(podinfo, 'deploy/webapp'), new Map())
    )
    expect(message).toContain('the source holds no reference to ghcr.io/acme/api')
    expect(message).toContain('scanned 9 files: deploy/webapp/backend/deployment.yaml')
  })

  it('checks that a full reference is exactly what the source holds', () => {
    const ok = resolvePromotion([exact(`${PODINFO}:6.14.1`)], pick(podinfo, 'deploy/webapp'), new Map())
    expect(ok.targets.map(t => t.line)).toEqual([`${PODINFO}:6.14.1`])
    const message = thrown(() =>
      resolvePromotion([exact(`${PODINFO}:6.15.0`)], pick(podinfo, 'deploy/webapp'), new Map())
    )
    expect(message).toContain(`'${PODINFO}:6.15.0' is not what the source runs: it holds ${PODINFO}:6.14.1`)
  })

  it('`*` promotes the names both stages reference and skips the others', () => {
    // bases run podinfo and redis; the secure overlay only podinfo (and another podinfo image).
    const res = resolvePromotion([ALL], pick(podinfo, 'deploy/bases'), pick(podinfo, 'deploy/webapp'))
    expect(res.targets.map(t => t.line)).toEqual([`${PODINFO}:6.14.1`])
    expect(res.skipped).toEqual(['docker.io/redis'])
  })

  it('`*` also reads Helm values and spells names the way the source does', () => {
    const res = resolvePromotion([ALL], pick(helmExample, 'apps/base'), pick(helmExample, 'apps/base'))
    expect(res.targets.map(t => t.line)).toEqual(['public.ecr.aws/docker/library/redis:8.6.2'])
  })

  it('`*` with nothing in common is an error naming what the source holds', () => {
    const message = thrown(() => resolvePromotion([ALL], pick(helmExample, 'apps/base'), pick(podinfo, 'kustomize')))
    expect(message).toContain("'*' found no image name referenced both by the source and by the target")
    expect(message).toContain('public.ecr.aws/docker/library/redis')
  })

  it('keeps a tag+digest setter reference exactly as written', () => {
    const digest = `sha256:${'1'.repeat(64)}`
    const res = resolvePromotion([name(PODINFO)], pick(setters, 'kustomization.yml'), new Map())
    expect(res.targets[0]?.line).toBe(`${PODINFO}:6.14.1@${digest}`)
  })
})
