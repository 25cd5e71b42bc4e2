import {describe, expect, it} from '@jest/globals'
import {readFileSync} from 'node:fs'
import {fileURLToPath} from 'node:url'
import {planBump} from '../../../src/core/bump/index.js'
import type {BumpTarget} from '../../../src/core/bump/index.js'
import {parseImageRef} from '../../../src/core/image-ref.js'

const REPOS = fileURLToPath(new URL('../../fixtures/gitops-repos/', import.meta.url))
const read = (rel: string): string => readFileSync(`${REPOS}${rel}`, 'utf8')
const image = (line: string): BumpTarget => ({kind: 'image', ref: parseImageRef(line), line})
const D1 = `sha256:${'1'.repeat(64)}`
const PODINFO = 'ghcr.io/stefanprodan/podinfo'

/** Replaces `from` with `to`, `count` times exactly: the expected text is built independently of the engine. */
function replaceExactly(text: string, from: string, to: string, count = 1): string {
  const parts = text.split(from)
  if (parts.length - 1 !== count) throw new Error(`'${from}' occurs ${parts.length - 1} times, expected ${count}`)
  return parts.join(to)
}

function bump(path: string, text: string, targets: BumpTarget[]) {
  const plan = planBump(new Map([[path, text]]), targets)
  return {plan, after: plan.edits.find(e => e.path === path)?.after ?? text}
}

describe('container images in the podinfo repo', () => {
  it.each([
    // file, target, occurrences of the old image line
    ['podinfo/kustomize/deployment.yaml', `${PODINFO}:6.15.0`, 1],
    ['podinfo/deploy/bases/database/statefulset-primary.yaml', `${PODINFO}:6.15.0`, 1],
    ['podinfo/deploy/bases/database/cronjob-backup-daily.yaml', `${PODINFO}:6.15.0`, 1],
    ['podinfo/deploy/bases/frontend/cronjob-warm-cache.yaml', `${PODINFO}:6.15.0`, 2], // initContainers + containers
    ['podinfo/deploy/bases/backend/deployment.yaml', `${PODINFO}:6.15.0@${D1}`, 1],
    ['podinfo/deploy/bases/frontend/deployment.yaml', `${PODINFO}@${D1}`, 1]
  ])('%s -> %s', (file, ref, count) => {
    const before = read(file)
    const {plan, after} = bump(file, before, [image(ref)])
    expect(after).toBe(replaceExactly(before, `image: ${PODINFO}:6.14.1\n`, `image: ${ref}\n`, count))
    expect(plan.previous).toEqual({[ref]: [`${PODINFO}:6.14.1`]})
    expect(plan.edits[0]!.changes.every(c => c.from === `${PODINFO}:6.14.1` && c.to === ref)).toBe(true)
  })

  it('labels init containers and reports line and column', () => {
    const file = 'podinfo/deploy/bases/frontend/cronjob-warm-cache.yaml'
    const {plan} = bump(file, read(file), [image(`${PODINFO}:6.15.0`)])
    expect(plan.edits[0]!.changes.map(c => [c.line, c.column, c.field])).toEqual([
      [26, 20, 'initContainers[].image'],
      [46, 20, 'containers[].image']
    ])
  })

  it('keeps the name as written: docker.io/redis matches redis and stays docker.io/redis', () => {
    const file = 'podinfo/deploy/bases/cache/deployment.yaml'
    const before = read(file)
    const {after} = bump(file, before, [image('redis:8.8.1')])
    expect(after).toBe(replaceExactly(before, 'image: docker.io/redis:8.8.0', 'image: docker.io/redis:8.8.1'))
  })

  it('already up to date: counted as matched, no edit', () => {
    const file = 'podinfo/kustomize/deployment.yaml'
    const {plan} = bump(file, read(file), [image(`${PODINFO}:6.14.1`)])
    expect(plan.edits).toEqual([])
    expect(plan.previous).toEqual({[`${PODINFO}:6.14.1`]: [`${PODINFO}:6.14.1`]})
  })

  it('does not touch another image whose name only shares the last segment', () => {
    const file = 'podinfo/deploy/secure/frontend/deployment.yaml' // deavon/podinfo:secure-port
    expect(() => bump(file, read(file), [image(`${PODINFO}:6.15.0`)])).toThrow(/no reference to ghcr.io/)
  })
})

describe('container images in multi-document files', () => {
  const multi = [
    '# two workloads and a pod',
    'apiVersion: apps/v1',
    'kind: DaemonSet',
    'metadata: {name: agent}',
    'spec:',
    '  template:',
    '    spec:',
    '      initContainers:',
    '        - name: init',
    '          image: "ghcr.io/acme/agent:1.0.0" # pinned by CI',
    '      containers:',
    '        - name: agent',
    `          image: ghcr.io/acme/agent:1.0.0@${D1}`,
    '        - name: templated',
    '          image: "{{ .Values.image }}"',
    '---',
    'apiVersion: batch/v1',
    'kind: Job',
    'metadata:',
    '  name: migrate',
    'spec:',
    '  template:',
    '    spec:',
    '      containers:',
    "      - {name: migrate, image: 'ghcr.io/acme/agent:1.0.0'}",
    '---',
    'apiVersion: v1',
    'kind: Pod',
    'metadata:',
    '  name: debug',
    'spec:',
    '  ephemeralContainers:',
    '    - name: shell',
    '      image: ghcr.io/acme/agent:1.0.0',
    '  image: ghcr.io/acme/agent:1.0.0 # not a container: stays',
    '...',
    ''
  ].join('\n')

  it('edits every document, keeps quoting and flow style, skips templated values', () => {
    const {plan, after} = bump('multi.yaml', multi, [image('ghcr.io/acme/agent:1.1.0')])
    let want = replaceExactly(multi, '"ghcr.io/acme/agent:1.0.0"', '"ghcr.io/acme/agent:1.1.0"')
    want = replaceExactly(want, `image: ghcr.io/acme/agent:1.0.0@${D1}`, 'image: ghcr.io/acme/agent:1.1.0')
    want = replaceExactly(want, "'ghcr.io/acme/agent:1.0.0'", "'ghcr.io/acme/agent:1.1.0'")
    want = replaceExactly(want, '      image: ghcr.io/acme/agent:1.0.0\n', '      image: ghcr.io/acme/agent:1.1.0\n')
    expect(after).toBe(want)
    expect(plan.edits[0]!.changes.map(c => c.field)).toEqual([
      'initContainers[].image',
      'containers[].image',
      'containers[].image',
      'ephemeralContainers[].image'
    ])
    expect(plan.previous['ghcr.io/acme/agent:1.1.0']).toEqual([
      'ghcr.io/acme/agent:1.0.0',
      `ghcr.io/acme/agent:1.0.0@${D1}`
    ])
  })

  it('keeps CRLF line endings byte-exact', () => {
    const crlf = multi.replace(/\n/g, '\r\n')
    const {after} = bump('multi.yaml', crlf, [image('ghcr.io/acme/agent:1.1.0')])
    const {after: lf} = bump('multi.yaml', multi, [image('ghcr.io/acme/agent:1.1.0')])
    expect(after).toBe(lf.replace(/\n/g, '\r\n'))
  })

  it('writes a full reference plain: name:tag is always a string to YAML', () => {
    const text = 'spec:\n  containers:\n    - image: app:1.0\n'
    expect(bump('d.yaml', text, [image('app:1.10')]).after).toBe('spec:\n  containers:\n    - image: app:1.10\n')
  })
})
