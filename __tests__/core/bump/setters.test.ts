import {describe, expect, it} from '@jest/globals'
import {readFileSync} from 'node:fs'
import {fileURLToPath} from 'node:url'
import {planBump} from '../../../src/core/bump/index.js'
import type {BumpTarget} from '../../../src/core/bump/index.js'
import {parseMarker} from '../../../src/core/bump/setters.js'
import {parseImageRef} from '../../../src/core/image-ref.js'

const FIXTURES = fileURLToPath(new URL('../../fixtures/bump/', import.meta.url))
const read = (rel: string): string => readFileSync(`${FIXTURES}${rel}`, 'utf8')
const D1 = `sha256:${'1'.repeat(64)}`
const D2 = `sha256:${'2'.repeat(64)}`

function policy(line: string): BumpTarget {
  const m = /^([^:=]+):([^:=]+)=(.+)$/.exec(line)
  if (!m) throw new Error(line)
  return {kind: 'policy', namespace: m[1]!, policy: m[2]!, ref: parseImageRef(m[3]!), line}
}
const image = (line: string): BumpTarget => ({kind: 'image', ref: parseImageRef(line), line})

function bumpOne(path: string, text: string, targets: BumpTarget[]) {
  const plan = planBump(new Map([[path, text]]), targets)
  return {plan, after: plan.edits.find(e => e.path === path)?.after ?? text}
}

describe('setter markers', () => {
  it.each([
    ['{"$imagepolicy": "flux-system:podinfo"}', {policy: 'flux-system:podinfo', field: 'ref'}],
    [' {"$imagepolicy": "flux-system:podinfo:tag"}', {policy: 'flux-system:podinfo', field: 'tag'}],
    ['# {"$imagepolicy": "ns:p:name"}', {policy: 'ns:p', field: 'name'}],
    ['{"$imagepolicy":"ns:p:digest"}', {policy: 'ns:p', field: 'digest'}],
    ['{"$imagepolicy": "ns:p:version"}', undefined],
    ['{"$imagepolicy": "ns"}', undefined],
    ['{"$imagepolicy": "ns:p"} and more', undefined],
    ['$imagepolicy ns:p', undefined]
  ])('parses %s', (comment, want) => {
    const got = parseMarker(comment)
    expect(got === undefined ? undefined : {policy: got.policy, field: got.field}).toEqual(want)
  })
})

describe('policy targets (as Flux image automation writes them)', () => {
  it.each([
    // fixture, target, why
    [
      'cronjob.yaml',
      'flux-system:report=ghcr.io/acme/report-v2:1.5.0',
      'full ref with a rename; other policy untouched'
    ],
    ['kustomization.yml', `flux-system:podinfo=ghcr.io/stefanprodan/podinfo:6.15.0@${D2}`, ':name :tag :digest'],
    ['Kustomization', 'apps:api=ghcr.io/acme/api:1.10', 'extension-less file, quoted tag stays quoted'],
    ['helmrelease.yaml', `flux-system:redis=docker.io/bitnami/redis:7.4.0@${D2}`, 'values with three setters'],
    ['head-comment.yaml', 'flux-system:web=registry.example.com:5000/team/web:2024.2', 'marker on the line above']
  ])('%s with %s (%s)', (file, line) => {
    const {plan, after} = bumpOne(file, read(`setters/${file}`), [policy(line)])
    expect(after).toBe(read(`setters-expected/${file}`))
    expect(plan.warnings).toEqual([])
  })

  it('writes every setter form and labels the changes', () => {
    const {plan} = bumpOne('k.yml', read('setters/kustomization.yml'), [
      policy(`flux-system:podinfo=ghcr.io/acme/podinfo:7.0.0@${D2}`)
    ])
    expect(plan.edits[0]!.changes.map(c => [c.line, c.field, c.from, c.to])).toEqual([
      [7, 'setter flux-system:podinfo:name', 'ghcr.io/stefanprodan/podinfo', 'ghcr.io/acme/podinfo'],
      [8, 'setter flux-system:podinfo:tag', '6.14.1', '7.0.0'],
      [9, 'setter flux-system:podinfo:digest', D1, D2]
    ])
    expect(plan.previous).toEqual({
      [`flux-system:podinfo=ghcr.io/acme/podinfo:7.0.0@${D2}`]: [`ghcr.io/stefanprodan/podinfo:6.14.1@${D1}`]
    })
  })

  it('writes "" into a :digest setter when the target has no digest', () => {
    const {after} = bumpOne('k.yml', read('setters/kustomization.yml'), [
      policy('flux-system:podinfo=ghcr.io/stefanprodan/podinfo:6.15.0')
    ])
    expect(after).toBe(
      read('setters/kustomization.yml')
        .replace('newTag: 6.14.1', 'newTag: 6.15.0')
        .replace(`digest: ${D1}`, 'digest: ""')
    )
  })

  it('a full setter gets name:tag@digest', () => {
    const text = 'spec:\n  image: app:1.0 # {"$imagepolicy": "ns:app"}\n'
    const {after} = bumpOne('x.yaml', text, [policy(`ns:app=ghcr.io/acme/app:1.1@${D1}`)])
    expect(after).toBe(`spec:\n  image: ghcr.io/acme/app:1.1@${D1} # {"$imagepolicy": "ns:app"}\n`)
  })

  it('renames a tag-only group through the kustomize newName, and warns when there is no newName', () => {
    const text = [
      'images:',
      '  - name: api',
      '    newName: ghcr.io/acme/api',
      '    newTag: 1.0.0 # {"$imagepolicy": "ns:api:tag"}',
      '  - name: ghcr.io/acme/worker',
      '    newTag: 1.0.0 # {"$imagepolicy": "ns:worker:tag"}',
      ''
    ].join('\n')
    const {plan, after} = bumpOne('kustomization.yaml', text, [
      policy('ns:api=ghcr.io/acme/api2:1.1.0'),
      policy('ns:worker=ghcr.io/acme/worker2:1.1.0')
    ])
    expect(after).toBe(
      text
        .replace('newName: ghcr.io/acme/api', 'newName: ghcr.io/acme/api2')
        .replace('1.0.0 # {"$imagepolicy": "ns:api:tag"}', '1.1.0 # {"$imagepolicy": "ns:api:tag"}')
        .replace('1.0.0 # {"$imagepolicy": "ns:worker:tag"}', '1.1.0 # {"$imagepolicy": "ns:worker:tag"}')
    )
    expect(plan.warnings).toHaveLength(1)
    expect(plan.warnings[0]).toMatch(
      /kustomization\.yaml:6:13: .*renames ghcr\.io\/acme\/worker to ghcr\.io\/acme\/worker2/
    )
  })

  it('warns about an unmarked digest next to a tag setter (Flux leaves it, and it wins)', () => {
    const text = `images:\n  - name: api\n    newTag: 1.0.0 # {"$imagepolicy": "ns:api:tag"}\n    digest: ${D1}\n`
    const {plan, after} = bumpOne('kustomization.yaml', text, [policy('ns:api=api:1.1.0')])
    expect(after).toBe(text.replace('1.0.0', '1.1.0'))
    expect(plan.warnings).toEqual([expect.stringMatching(/kustomization\.yaml:4:5: .*unmarked digest/)])
  })

  it('leaves setters of other policies, and other namespaces, alone', () => {
    const text = read('setters/cronjob.yaml')
    const {plan} = bumpOne('cronjob.yaml', text, [policy('flux-system:uploader=ghcr.io/acme/uploader:0.9.1')])
    expect(plan.edits).toEqual([]) // already at 0.9.1: matched, no edit
    expect(() => bumpOne('cronjob.yaml', text, [policy('other-ns:uploader=ghcr.io/acme/uploader:1.0.0')])).toThrow(
      /no \$imagepolicy setter of other-ns:uploader/
    )
  })

  it('is already up to date: matched, no edit', () => {
    const text = read('setters-expected/kustomization.yml')
    const {plan} = bumpOne('k.yml', text, [policy(`flux-system:podinfo=ghcr.io/stefanprodan/podinfo:6.15.0@${D2}`)])
    expect(plan.edits).toEqual([])
    expect(Object.values(plan.previous)).toEqual([[`ghcr.io/stefanprodan/podinfo:6.15.0@${D2}`]])
  })
})

describe('image targets on setter groups', () => {
  it('updates a group whose full setter names the image, keeping the name as written', () => {
    const text = read('setters/cronjob.yaml')
    const {after} = bumpOne('cronjob.yaml', text, [image('ghcr.io/acme/uploader:1.0.0')])
    expect(after).toBe(text.replace('uploader:0.9.1', 'uploader:1.0.0'))
  })

  it('finds the name from a :name setter (kustomize) and from repository (HelmRelease)', () => {
    const k = read('setters/kustomization.yml')
    expect(bumpOne('k.yml', k, [image('ghcr.io/stefanprodan/podinfo:6.15.0')]).after).toBe(
      k.replace('newTag: 6.14.1', 'newTag: 6.15.0').replace(`digest: ${D1}`, 'digest: ""')
    )
    const h = read('setters/helmrelease.yaml')
    // docker.io/bitnami/redis and bitnami/redis are the same image
    expect(bumpOne('h.yaml', h, [image('bitnami/redis:7.4.1')]).after).toBe(h.replace('tag: 7.2.4', 'tag: 7.4.1'))
  })

  it('finds the name from a sibling repository when only tag is marked', () => {
    const text = 'image:\n  repository: ghcr.io/acme/api\n  tag: v1 # {"$imagepolicy": "ns:api:tag"}\n'
    const {plan, after} = bumpOne('values.yaml', text, [image('ghcr.io/acme/api:v2')])
    expect(after).toBe(text.replace('v1', 'v2'))
    expect(plan.edits[0]!.changes).toHaveLength(1) // the values rule does not edit the claimed tag again
    expect(plan.previous).toEqual({'ghcr.io/acme/api:v2': ['ghcr.io/acme/api:v1']})
  })

  it('reports a group whose image cannot be determined, and does not guess', () => {
    const text = read('setters/tag-only.yaml')
    expect(() => bumpOne('tag-only.yaml', text, [image('ghcr.io/acme/worker:3.2.0')])).toThrow(/no reference/)
    const files = new Map([
      ['tag-only.yaml', text],
      ['cronjob.yaml', read('setters/cronjob.yaml')]
    ])
    const plan = planBump(files, [image('ghcr.io/acme/report:1.4.1')])
    expect(plan.edits.map(e => e.path)).toEqual(['cronjob.yaml'])
    expect(plan.warnings).toEqual([
      "tag-only.yaml:7:11: setters of flux-system:worker do not name their image (no full or :name setter, no repository); not updated for image targets; address them as 'flux-system:worker=<reference>'"
    ])
  })

  it('does not edit a container image twice when it also carries a setter', () => {
    const text = 'spec:\n  containers:\n    - image: ghcr.io/acme/app:1 # {"$imagepolicy": "ns:app"}\n'
    const {plan, after} = bumpOne('d.yaml', text, [image('ghcr.io/acme/app:2')])
    expect(after).toBe(text.replace('app:1', 'app:2'))
    expect(plan.edits[0]!.changes.map(c => c.field)).toEqual(['setter ns:app'])
  })

  it('handles setters in CRLF files byte-exactly', () => {
    const crlf = (s: string): string => s.replace(/\n/g, '\r\n')
    const {after} = bumpOne('kustomization.yml', crlf(read('setters/kustomization.yml')), [
      policy(`flux-system:podinfo=ghcr.io/stefanprodan/podinfo:6.15.0@${D2}`)
    ])
    expect(after).toBe(crlf(read('setters-expected/kustomization.yml')))
  })

  it('composes the previous reference from :name and :tag setters outside any known structure', () => {
    const text = [
      'spec:',
      '  app:',
      '    image: ghcr.io/acme/app # {"$imagepolicy": "ns:app:name"}',
      '    version: v1 # {"$imagepolicy": "ns:app:tag"}',
      ''
    ].join('\n')
    const {plan, after} = bumpOne('x.yaml', text, [image('ghcr.io/acme/app:v2')])
    expect(after).toBe(text.replace('version: v1', 'version: v2'))
    expect(plan.previous).toEqual({'ghcr.io/acme/app:v2': ['ghcr.io/acme/app:v1']})
  })

  it('warns when two targets want different values for the same scalar; the first wins', () => {
    const text = 'spec:\n  containers:\n    - image: ghcr.io/acme/app:1\n'
    const {plan, after} = bumpOne('d.yaml', text, [image('ghcr.io/acme/app:2'), image('ghcr.io/acme/app:3')])
    expect(after).toBe(text.replace('app:1', 'app:2'))
    expect(plan.warnings).toEqual([
      "d.yaml:3:14: containers[].image is set to 'ghcr.io/acme/app:2' by another rule; 'ghcr.io/acme/app:3' (ghcr.io/acme/app:3) ignored"
    ])
  })

  it('an image target leaves a full setter of the same policy that names another image alone', () => {
    const text = [
      'a: ghcr.io/acme/x:1 # {"$imagepolicy": "ns:p"}',
      'b: ghcr.io/acme/y:1 # {"$imagepolicy": "ns:p"}',
      ''
    ].join('\n')
    const {after} = bumpOne('odd.yaml', text, [image('ghcr.io/acme/x:2')])
    expect(after).toBe(text.replace('x:1', 'x:2'))
  })
})
