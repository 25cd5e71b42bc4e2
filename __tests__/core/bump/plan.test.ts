import {describe, expect, it} from '@jest/globals'
import {readdirSync, readFileSync} from 'node:fs'
import {join, relative} from 'node:path'
import {fileURLToPath} from 'node:url'
import {planBump, selectFiles} from '../../../src/core/bump/index.js'
import type {BumpTarget} from '../../../src/core/bump/index.js'
import {needsQuotes} from '../../../src/core/bump/yaml-source.js'
import {BumpError} from '../../../src/core/errors.js'
import {parseImageRef} from '../../../src/core/image-ref.js'
import {mulberry32} from '../../../testing/random.js'

const FIXTURES = fileURLToPath(new URL('../../fixtures/', import.meta.url))
const image = (line: string): BumpTarget => ({kind: 'image', ref: parseImageRef(line), line})
const PODINFO = 'ghcr.io/stefanprodan/podinfo'

/** Every file under a fixture repo, path -> text, paths relative to the repo. */
function loadRepo(name: string): Map<string, string> {
  const root = join(FIXTURES, 'gitops-repos', name)
  const out = new Map<string, string>()
  const walk = (dir: string): void => {
    for (const e of readdirSync(dir, {withFileTypes: true})) {
      const p = join(dir, e.name)
      if (e.isDirectory()) walk(p)
      else out.set(relative(root, p), readFileSync(p, 'utf8'))
    }
  }
  walk(root)
  return out
}

/** Manifests selected by `patterns`, as planBump's callers pass them. */
function select(repo: Map<string, string>, patterns: string[]): Map<string, string> {
  return new Map(selectFiles([...repo.keys()], patterns).map(p => [p, repo.get(p)!]))
}

describe('planBump over a whole repository', () => {
  const podinfo = loadRepo('podinfo')

  it('edits every podinfo workload, sorted, and dedupes the previous references', () => {
    const files = select(podinfo, ['.'])
    const plan = planBump(files, [image(`${PODINFO}:6.15.0`)])
    expect(plan.edits.map(e => e.path)).toEqual([
      'deploy/bases/backend/deployment.yaml',
      'deploy/bases/database/cronjob-backup-daily.yaml',
      'deploy/bases/database/cronjob-rollup-daily.yaml',
      'deploy/bases/database/cronjob-rollup-weekly.yaml',
      'deploy/bases/database/deployment-replica.yaml',
      'deploy/bases/database/statefulset-primary.yaml',
      'deploy/bases/frontend/cronjob-warm-cache.yaml',
      'deploy/bases/frontend/deployment.yaml',
      'deploy/secure/backend/deployment.yaml',
      'deploy/webapp/backend/deployment.yaml',
      'deploy/webapp/frontend/deployment.yaml',
      'kustomize/deployment.yaml'
    ])
    for (const e of plan.edits) {
      expect(e.after).toBe(
        e.before.replace(/image: ghcr\.io\/stefanprodan\/podinfo:[0-9.]+\n/g, `image: ${PODINFO}:6.15.0\n`)
      )
    }
    expect(plan.previous).toEqual({[`${PODINFO}:6.15.0`]: [`${PODINFO}:6.14.1`, `${PODINFO}:5.0.3`]})
    expect(plan.scanned).toEqual([...files.keys()].sort())
    expect(plan.parsed!.length).toBeLessThan(plan.scanned.length) // services, HPAs etc. never parsed
    expect(plan.warnings).toEqual([])
  })

  it('bumps two targets in two repos at once', () => {
    const helm = loadRepo('flux2-kustomize-helm-example')
    const files = new Map([...select(podinfo, ['kustomize']), ...select(helm, ['apps/**/*.yaml'])])
    const plan = planBump(files, [image(`${PODINFO}:6.15.0`), image('public.ecr.aws/docker/library/redis:8.6.3')])
    expect(plan.edits.map(e => e.path)).toEqual(['apps/base/podinfo/release.yaml', 'kustomize/deployment.yaml'])
    expect(plan.edits.flatMap(e => e.changes.map(c => `${c.field} ${c.from} -> ${c.to}`))).toEqual([
      'values.tag 8.6.2 -> 8.6.3',
      `containers[].image ${PODINFO}:6.14.1 -> ${PODINFO}:6.15.0`
    ])
  })
})

describe('errors', () => {
  it('names the target and the files scanned when nothing matched, capped at 20', () => {
    const files = new Map(Array.from({length: 25}, (_, i) => [`apps/f${String(i).padStart(2, '0')}.yaml`, 'a: 1\n']))
    let err: unknown
    try {
      planBump(files, [image('ghcr.io/acme/api:1.0.0'), image(`${PODINFO}:1.0.0`)])
    } catch (e) {
      err = e
    }
    expect(err).toBeInstanceOf(BumpError)
    const message = (err as Error).message
    expect(message).toMatch(/^no reference to ghcr\.io\/acme\/api \(from 'ghcr\.io\/acme\/api:1\.0\.0'\); /)
    expect(message).toContain(`no reference to ${PODINFO}`)
    expect(message).toContain('scanned 25 files: apps/f00.yaml, apps/f01.yaml,')
    expect(message).toContain('apps/f19.yaml and 5 more')
    expect(message).not.toContain('apps/f20.yaml')
  })

  it('fails on YAML that does not parse, with file:line:column, and returns nothing', () => {
    const files = new Map([
      ['ok.yaml', 'spec:\n  containers:\n    - image: ghcr.io/acme/api:1\n'],
      ['broken.yaml', 'spec:\n  containers:\n    - image: ghcr.io/acme/api:1\n      name: api: x\n']
    ])
    let err: unknown
    try {
      planBump(files, [image('ghcr.io/acme/api:2')])
    } catch (e) {
      err = e
    }
    expect(err).toBeInstanceOf(BumpError)
    const e = err as BumpError
    expect([e.file, e.line, e.column]).toEqual(['broken.yaml', 4, 13])
    expect(e.message).toMatch(/^broken\.yaml:4:13: YAML does not parse: /)
  })

  it('does not parse (nor fail on) a file whose text cannot match', () => {
    const files = new Map([
      ['ok.yaml', 'spec:\n  containers:\n    - image: ghcr.io/acme/api:1\n'],
      ['unrelated.yaml', 'a: [b\n']
    ])
    const plan = planBump(files, [image('ghcr.io/acme/api:2')])
    expect(plan.parsed).toEqual(['ok.yaml'])
    expect(plan.scanned).toEqual(['ok.yaml', 'unrelated.yaml'])
  })

  it('skips documents that are not mappings', () => {
    const text = '--- just a string\n---\n- a list\n---\n---\nspec:\n  containers:\n    - image: ghcr.io/acme/api:1\n'
    const plan = planBump(new Map([['m.yaml', text]]), [image('ghcr.io/acme/api:2')])
    expect(plan.edits[0]!.after).toBe(text.replace('api:1', 'api:2'))
  })

  it('refuses a target with neither tag nor digest', () => {
    expect(() => planBump(new Map(), [image('ghcr.io/acme/api')])).toThrow(/neither a tag nor a digest/)
  })

  it('refuses to write a value that is not a valid tag (second guard against YAML injection)', () => {
    const bad: BumpTarget = {
      kind: 'image',
      ref: {name: 'ghcr.io/acme/api', path: 'acme/api', tag: '1\n  evil: x'},
      line: 'x'
    }
    const text = 'spec:\n  containers:\n    - image: ghcr.io/acme/api:1\n'
    expect(() => planBump(new Map([['d.yaml', text]]), [bad])).toThrow(/refusing to write/)
  })
})

function randomTags(count: number, seed: number): string[] {
  const rand = mulberry32(seed)
  const first = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_'
  const rest = `${first}.-`
  const pick = (s: string): string => s[Math.floor(rand() * s.length)]!
  const tags = new Set<string>()
  while (tags.size < count) {
    let tag = pick(first)
    const len = Math.floor(rand() * 24)
    for (let i = 0; i < len; i++) tag += pick(rest)
    // Tags YAML would misread get quotes on the way there, which the way back keeps: not a round trip by design.
    if (!needsQuotes(tag)) tags.add(tag)
  }
  return [...tags]
}

describe('property: bump to X and back is the identity', () => {
  const podinfo = loadRepo('podinfo')
  const helm = loadRepo('flux2-kustomize-helm-example')
  const cases: [string, Map<string, string>, string, string][] = [
    ['podinfo workloads', select(podinfo, ['deploy/bases']), PODINFO, '6.14.1'],
    ['helm values', select(helm, ['apps/base']), 'public.ecr.aws/docker/library/redis', '8.6.2'],
    [
      'kustomize + setters',
      new Map([
        ['kustomization.yaml', 'images:\r\n  - name: api # {"$imagepolicy": "ns:api:name"}\r\n    newTag: v1\r\n']
      ]),
      'api',
      'v1'
    ]
  ]

  it.each(cases)('%s', (_why, files, name, original) => {
    for (const tag of randomTags(150, 20261123)) {
      const there = planBump(files, [image(`${name}:${tag}`)])
      expect(there.edits.length).toBeGreaterThan(0)
      const changed = new Map([...files].map(([p, t]) => [p, there.edits.find(e => e.path === p)?.after ?? t]))
      const back = planBump(changed, [image(`${name}:${original}`)])
      for (const [path, text] of files) {
        expect(back.edits.find(e => e.path === path)?.after ?? changed.get(path)).toBe(text)
      }
    }
  })
})
