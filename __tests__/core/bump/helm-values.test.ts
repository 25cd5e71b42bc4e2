import {describe, expect, it} from '@jest/globals'
import {readFileSync} from 'node:fs'
import {fileURLToPath} from 'node:url'
import {planBump} from '../../../src/core/bump/index.js'
import type {BumpTarget} from '../../../src/core/bump/index.js'
import {parseImageRef} from '../../../src/core/image-ref.js'

const REPOS = fileURLToPath(new URL('../../fixtures/gitops-repos/', import.meta.url))
const RELEASE = 'flux2-kustomize-helm-example/apps/base/podinfo/release.yaml'
const image = (line: string): BumpTarget => ({kind: 'image', ref: parseImageRef(line), line})
const D1 = `sha256:${'1'.repeat(64)}`
const D2 = `sha256:${'2'.repeat(64)}`
const lines = (...l: string[]): string => l.join('\n')

function bump(text: string, target: string, path = 'values.yaml') {
  const plan = planBump(new Map([[path, text]]), [image(target)])
  return {plan, after: plan.edits[0]?.after ?? text}
}

describe('Helm values', () => {
  it('bumps redis in the flux2-kustomize-helm-example HelmRelease byte-exactly', () => {
    const before = readFileSync(`${REPOS}${RELEASE}`, 'utf8')
    const {plan, after} = bump(before, 'public.ecr.aws/docker/library/redis:8.6.3', RELEASE)
    const want = before.replace('      tag: 8.6.2\n', '      tag: 8.6.3\n')
    expect(want).not.toBe(before)
    expect(after).toBe(want)
    expect(plan.edits[0]!.changes).toEqual([
      {
        file: RELEASE,
        line: 27,
        column: 12,
        field: 'values.tag',
        from: '8.6.2',
        to: '8.6.3',
        target: 'public.ecr.aws/docker/library/redis:8.6.3'
      }
    ])
    expect(plan.previous).toEqual({
      'public.ecr.aws/docker/library/redis:8.6.3': ['public.ecr.aws/docker/library/redis:8.6.2']
    })
  })

  it('does not confuse docker.io redis with the ECR mirror', () => {
    const before = readFileSync(`${REPOS}${RELEASE}`, 'utf8')
    expect(() => bump(before, 'redis:8.6.3', RELEASE)).toThrow(/no reference to redis/)
  })

  it.each([
    [
      'registry + repository name the image',
      lines('image:', '  registry: docker.io', '  repository: bitnami/redis', '  tag: 7.2.4', ''),
      'bitnami/redis:7.4.0',
      lines('image:', '  registry: docker.io', '  repository: bitnami/redis', '  tag: 7.4.0', '')
    ],
    [
      'a quoted tag stays quoted',
      lines('image:', '  repository: ghcr.io/acme/api', "  tag: '1.0'", ''),
      'ghcr.io/acme/api:1.10',
      lines('image:', '  repository: ghcr.io/acme/api', "  tag: '1.10'", '')
    ],
    [
      'a plain tag that YAML would misread is double-quoted',
      lines('image:', '  repository: ghcr.io/acme/api', '  tag: v1', ''),
      'ghcr.io/acme/api:1.10',
      lines('image:', '  repository: ghcr.io/acme/api', '  tag: "1.10"', '')
    ],
    [
      'tag and digest',
      lines('image:', '  repository: ghcr.io/acme/api', '  tag: v1', `  digest: "${D1}"`, ''),
      `ghcr.io/acme/api:v2@${D2}`,
      lines('image:', '  repository: ghcr.io/acme/api', '  tag: v2', `  digest: "${D2}"`, '')
    ],
    [
      'an empty digest gets the digest',
      lines('image:', '  repository: ghcr.io/acme/api', '  tag: v1', '  digest:', ''),
      `ghcr.io/acme/api:v2@${D2}`,
      lines('image:', '  repository: ghcr.io/acme/api', '  tag: v2', `  digest: ${D2}`, '')
    ],
    [
      'a stale digest line is removed',
      lines('image:', '  repository: ghcr.io/acme/api', `  digest: ${D1}`, '  tag: v1', '  pullPolicy: Always', ''),
      'ghcr.io/acme/api:v2',
      lines('image:', '  repository: ghcr.io/acme/api', '  tag: v2', '  pullPolicy: Always', '')
    ],
    [
      'values inside a HelmRelease next to other documents',
      lines(
        'apiVersion: v1',
        'kind: Namespace',
        'metadata:',
        '  name: apps',
        '---',
        'apiVersion: helm.toolkit.fluxcd.io/v2',
        'kind: HelmRelease',
        'spec:',
        '  values:',
        '    worker:',
        '      image:',
        '        repository: ghcr.io/acme/api',
        '        tag: v1 # keep in sync with api',
        ''
      ),
      'ghcr.io/acme/api:v2',
      lines(
        'apiVersion: v1',
        'kind: Namespace',
        'metadata:',
        '  name: apps',
        '---',
        'apiVersion: helm.toolkit.fluxcd.io/v2',
        'kind: HelmRelease',
        'spec:',
        '  values:',
        '    worker:',
        '      image:',
        '        repository: ghcr.io/acme/api',
        '        tag: v2 # keep in sync with api',
        ''
      )
    ]
  ])('%s', (_why, before, target, want) => {
    const {plan, after} = bump(before, target)
    expect(after).toBe(want)
    expect(plan.warnings).toEqual([])
    const crlf = planBump(new Map([['v.yaml', before.replace(/\n/g, '\r\n')]]), [image(target)])
    expect(crlf.edits[0]?.after).toBe(want.replace(/\n/g, '\r\n'))
  })

  it('warns when there is no tag sibling (never inserts one), but counts the match', () => {
    const text = lines('image:', '  repository: ghcr.io/acme/api', '  pullPolicy: Always', '')
    const {plan, after} = bump(text, 'ghcr.io/acme/api:v2')
    expect(after).toBe(text)
    expect(plan.warnings).toEqual([
      "values.yaml:2:3: values for ghcr.io/acme/api have no 'tag' next to 'repository'; not changed"
    ])
  })

  it('sets only the tag, with a warning, when the target has a digest and the values have no digest key', () => {
    const text = lines('image:', '  repository: ghcr.io/acme/api', '  tag: v1', '')
    const {plan, after} = bump(text, `ghcr.io/acme/api:v2@${D2}`)
    expect(after).toBe(lines('image:', '  repository: ghcr.io/acme/api', '  tag: v2', ''))
    expect(plan.warnings).toEqual([
      "values.yaml:2:3: values for ghcr.io/acme/api have no 'digest' key; only the tag was set"
    ])
  })
})
