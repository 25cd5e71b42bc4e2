import {describe, expect, it} from '@jest/globals'
import {planBump} from '../../../src/core/bump/index.js'
import type {BumpTarget} from '../../../src/core/bump/index.js'
import {parseImageRef} from '../../../src/core/image-ref.js'

const image = (line: string): BumpTarget => ({kind: 'image', ref: parseImageRef(line), line})
const D1 = `sha256:${'1'.repeat(64)}`
const D2 = `sha256:${'2'.repeat(64)}`
const lines = (...l: string[]): string => l.join('\n')

function bump(text: string, target: string, path = 'kustomization.yaml') {
  const plan = planBump(new Map([[path, text]]), [image(target)])
  return {plan, after: plan.edits[0]?.after ?? text}
}

const HEAD = ['apiVersion: kustomize.config.k8s.io/v1beta1', 'kind: Kustomization', 'resources:', '  - deployment.yaml']

describe('kustomize images: entries', () => {
  it.each([
    [
      'newTag of a plain entry',
      lines(...HEAD, 'images:', '  - name: ghcr.io/acme/api', '    newTag: 1.0.0', ''),
      'ghcr.io/acme/api:1.1.0',
      lines(...HEAD, 'images:', '  - name: ghcr.io/acme/api', '    newTag: 1.1.0', '')
    ],
    [
      'a rename entry matches on newName',
      lines(
        'images:',
        '- name: api # the name used in the manifests',
        '  newName: ghcr.io/acme/api',
        '  newTag: v1',
        ''
      ),
      'ghcr.io/acme/api:v2',
      lines(
        'images:',
        '- name: api # the name used in the manifests',
        '  newName: ghcr.io/acme/api',
        '  newTag: v2',
        ''
      )
    ],
    [
      'docker.io normalisation: nginx is docker.io/library/nginx',
      lines('images:', '  - name: nginx', '    newTag: "1.26"', ''),
      'docker.io/library/nginx:1.27',
      lines('images:', '  - name: nginx', '    newTag: "1.27"', '')
    ],
    [
      'tag and digest',
      lines('images:', '  - name: ghcr.io/acme/api', '    newTag: 1.0.0', `    digest: ${D1}`, ''),
      `ghcr.io/acme/api:1.1.0@${D2}`,
      lines('images:', '  - name: ghcr.io/acme/api', '    newTag: 1.1.0', `    digest: ${D2}`, '')
    ],
    [
      'digest-only target on a digest entry leaves newTag alone',
      lines('images:', '  - name: ghcr.io/acme/api', '    newTag: 1.0.0', `    digest: ${D1}`, ''),
      `ghcr.io/acme/api@${D2}`,
      lines('images:', '  - name: ghcr.io/acme/api', '    newTag: 1.0.0', `    digest: ${D2}`, '')
    ],
    [
      'a stale digest line is removed',
      lines(
        'images:',
        '  - name: ghcr.io/acme/api',
        `    digest: ${D1} # pinned`,
        '    newTag: 1.0.0',
        '  - name: x',
        ''
      ),
      'ghcr.io/acme/api:1.1.0',
      lines('images:', '  - name: ghcr.io/acme/api', '    newTag: 1.1.0', '  - name: x', '')
    ],
    [
      'a stale digest on the last line without a final newline',
      lines('images:', '  - name: ghcr.io/acme/api', '    newTag: 1.0.0', `    digest: ${D1}`),
      'ghcr.io/acme/api:1.1.0',
      lines('images:', '  - name: ghcr.io/acme/api', '    newTag: 1.1.0')
    ],
    [
      'a stale digest first in the entry (on the dash line)',
      lines('images:', `  - digest: ${D1}`, '    name: ghcr.io/acme/api', '    newTag: 1.0.0', ''),
      'ghcr.io/acme/api:1.1.0',
      lines('images:', '  - name: ghcr.io/acme/api', '    newTag: 1.1.0', '')
    ],
    [
      'a missing digest is inserted after newTag',
      lines('images:', '  - name: ghcr.io/acme/api', '    newTag: 1.0.0 # {"note": 1}', 'replicas: []', ''),
      `ghcr.io/acme/api:1.1.0@${D2}`,
      lines(
        'images:',
        '  - name: ghcr.io/acme/api',
        '    newTag: 1.1.0 # {"note": 1}',
        `    digest: ${D2}`,
        'replicas: []',
        ''
      )
    ],
    [
      'a missing newTag is inserted after newName',
      lines('images:', '  - name: api', '    newName: ghcr.io/acme/api', ''),
      'ghcr.io/acme/api:1.1.0',
      lines('images:', '  - name: api', '    newName: ghcr.io/acme/api', '    newTag: 1.1.0', '')
    ],
    [
      'insertion after the dash line, at the file end',
      lines('images:', '- name: ghcr.io/acme/api'),
      `ghcr.io/acme/api:1.10@${D2}`,
      lines('images:', '- name: ghcr.io/acme/api', '  newTag: "1.10"', `  digest: ${D2}`)
    ],
    [
      'flow-style entry: values replaced in place',
      lines('images: [{name: ghcr.io/acme/api, newTag: "1.0.0"}, {name: other, newTag: 1.0.0}]', ''),
      'ghcr.io/acme/api:1.1.0',
      lines('images: [{name: ghcr.io/acme/api, newTag: "1.1.0"}, {name: other, newTag: 1.0.0}]', '')
    ],
    [
      "Flux's own Kustomization spec.images",
      lines(
        'apiVersion: kustomize.toolkit.fluxcd.io/v1',
        'kind: Kustomization',
        'spec:',
        '  images:',
        '    - name: ghcr.io/acme/api',
        '      newTag: 1.0.0',
        ''
      ),
      'ghcr.io/acme/api:1.1.0',
      lines(
        'apiVersion: kustomize.toolkit.fluxcd.io/v1',
        'kind: Kustomization',
        'spec:',
        '  images:',
        '    - name: ghcr.io/acme/api',
        '      newTag: 1.1.0',
        ''
      )
    ]
  ])('%s', (_why, before, target, want) => {
    const {plan, after} = bump(before, target)
    expect(after).toBe(want)
    expect(plan.warnings).toEqual([])
    // CRLF files: the same edit, every line break kept as CR LF (also in removed and inserted lines)
    const crlf = planBump(new Map([['k.yaml', before.replace(/\n/g, '\r\n')]]), [image(target)])
    expect(crlf.edits[0]?.after).toBe(want.replace(/\n/g, '\r\n'))
  })

  it('reports the changes with fields, lines and the previous reference', () => {
    const text = lines('images:', '  - name: ghcr.io/acme/api', '    newTag: 1.0.0', `    digest: ${D1}`, '')
    const {plan} = bump(text, 'ghcr.io/acme/api:1.1.0')
    expect(plan.edits[0]!.changes.map(c => [c.line, c.column, c.field, c.from, c.to])).toEqual([
      [3, 13, 'images[].newTag', '1.0.0', '1.1.0'],
      [4, 5, 'images[].digest', D1, '']
    ])
    expect(plan.previous).toEqual({'ghcr.io/acme/api:1.1.0': [`ghcr.io/acme/api:1.0.0@${D1}`]})
  })

  it('does not match the original name once newName points elsewhere', () => {
    const text = lines('images:', '  - name: api', '    newName: ghcr.io/acme/api', '    newTag: v1', '')
    expect(() => bump(text, 'api:v2')).toThrow(/no reference to api/)
  })

  it('warns instead of adding keys to a flow-style entry', () => {
    const text = lines('images: [{name: ghcr.io/acme/api, newTag: v1}]', '')
    const {plan, after} = bump(text, `ghcr.io/acme/api:v2@${D2}`)
    expect(after).toBe(lines('images: [{name: ghcr.io/acme/api, newTag: v2}]', ''))
    expect(plan.warnings).toEqual([
      'kustomization.yaml:1:10: kustomize image ghcr.io/acme/api has no digest and is in flow style; not added'
    ])
  })

  it('refuses to leave a stale digest it cannot remove', () => {
    const text = lines(`images: [{name: ghcr.io/acme/api, digest: "${D1}"}]`, '')
    expect(() => bump(text, 'ghcr.io/acme/api:v2')).toThrow(/cannot remove the stale images\[\]\.digest/)
  })
})

describe('quoting of new values', () => {
  it.each([
    ['1.10', '"1.10"'],
    ['010', '"010"'],
    ['true', '"true"'],
    ['yes', '"yes"'],
    ['1e3', '"1e3"'],
    ['0x1F', '"0x1F"'],
    ['1_000', '"1_000"'],
    ['6.15.0', '6.15.0'],
    ['v1.10', 'v1.10'],
    ['latest', 'latest']
  ])('plain newTag %s is written as %s', (tag, written) => {
    const text = lines('images:', '  - name: ghcr.io/acme/api', '    newTag: v0', '')
    expect(bump(text, `ghcr.io/acme/api:${tag}`).after).toBe(
      lines('images:', '  - name: ghcr.io/acme/api', `    newTag: ${written}`, '')
    )
  })

  it.each([
    ["'1.0'", "'1.10'"],
    ['"1.0"', '"1.10"'],
    ['"v1"', '"v2"']
  ])('quoted %s stays in its style: %s', (before, after) => {
    const text = lines('images:', '  - name: ghcr.io/acme/api', `    newTag: ${before}`, '')
    const tag = after.slice(1, -1)
    expect(bump(text, `ghcr.io/acme/api:${tag}`).after).toBe(
      lines('images:', '  - name: ghcr.io/acme/api', `    newTag: ${after}`, '')
    )
  })

  it('rewrites a plain 1.10 that YAML reads as the number 1.1 when 1.10 is requested', () => {
    const text = lines('images:', '  - name: ghcr.io/acme/api', '    newTag: 1.10', '')
    expect(bump(text, 'ghcr.io/acme/api:1.10').after).toBe(
      lines('images:', '  - name: ghcr.io/acme/api', '    newTag: "1.10"', '')
    )
  })
})
