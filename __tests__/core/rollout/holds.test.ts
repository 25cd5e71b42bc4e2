import {describe, expect, it} from '@jest/globals'
import {planBump, type BumpTarget} from '../../../src/core/bump/index.js'
import {parseImageRef} from '../../../src/core/image-ref.js'
import {checkHolds, restoredFiles, writtenFiles} from '../../../src/core/rollout/holds.js'

const image = (line: string): BumpTarget => ({kind: 'image', ref: parseImageRef(line), line})
const D = 'd'.repeat(40)
const before = [
  'apiVersion: apps/v1',
  'kind: Deployment',
  'spec:',
  '  template:',
  '    spec:',
  '      containers:',
  '        - name: podinfo',
  '          image: ghcr.io/stefanprodan/podinfo:6.14.1',
  ''
].join('\n')
const target = image('ghcr.io/stefanprodan/podinfo:6.15.0')
const plan = planBump(new Map([['apps/podinfo.yaml', before]]), [target])
const written = writtenFiles(plan.edits, [target, image('ghcr.io/acme/other:1.0.0')])
const after = plan.edits[0]?.after as string

describe('checkHolds', () => {
  it('lists the targets that wrote into each file', () => {
    expect(written).toEqual([{path: 'apps/podinfo.yaml', targets: [target]}])
  })

  it('a commit whose copy still has the written value holds it', () => {
    const edited = after.replace('kind: Deployment', 'kind: Deployment\nmetadata: {name: podinfo}')
    expect(checkHolds(D, new Map([['apps/podinfo.yaml', edited]]), written)).toBeUndefined()
  })

  it('files not re-read are taken as unchanged', () => {
    expect(checkHolds(D, new Map([['other.yaml', 'x: 1\n']]), written)).toBeUndefined()
  })

  it('a commit that set another tag supersedes, naming file, line and value', () => {
    const other = after.replace('podinfo:6.15.0', 'podinfo:6.16.0')
    expect(checkHolds(D, new Map([['apps/podinfo.yaml', other]]), written)).toEqual({
      commit: D,
      file: 'apps/podinfo.yaml',
      line: 8,
      value: 'ghcr.io/stefanprodan/podinfo:6.16.0',
      wrote: 'ghcr.io/stefanprodan/podinfo:6.15.0'
    })
  })

  it('a commit that removed the reference or the file supersedes', () => {
    const gone = after.replace('ghcr.io/stefanprodan/podinfo:6.15.0', 'nginx:1.27')
    expect(checkHolds(D, new Map([['apps/podinfo.yaml', gone]]), written)?.value).toMatch(/no reference/)
    expect(checkHolds(D, new Map([['apps/podinfo.yaml', undefined]]), written)?.value).toMatch(/deleted/)
  })
})

describe('restoredFiles: what a revert wrote', () => {
  const revertEdits = plan.edits.map(e => ({
    ...e,
    before: e.after,
    after: e.before,
    changes: e.changes.map(c => ({...c, from: c.to, to: c.from}))
  }))
  const restored = restoredFiles(plan.edits, revertEdits, [target])

  it('a later commit still holding the restored value holds it (was: superseded, checked with the forward value)', () => {
    const edited = before.replace('kind: Deployment', 'kind: Deployment\nmetadata: {name: podinfo}')
    expect(checkHolds(D, new Map([['apps/podinfo.yaml', edited]]), restored)).toBeUndefined()
  })

  it('a later commit that promoted the forward value again supersedes the revert (was: held)', () => {
    expect(checkHolds(D, new Map([['apps/podinfo.yaml', after]]), restored)).toEqual({
      commit: D,
      file: 'apps/podinfo.yaml',
      line: 8,
      value: 'ghcr.io/stefanprodan/podinfo:6.15.0',
      wrote: 'ghcr.io/stefanprodan/podinfo:6.14.1'
    })
  })
})
