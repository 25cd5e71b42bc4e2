import {describe, expect, it} from '@jest/globals'
import {readFileSync} from 'node:fs'
import {fileURLToPath} from 'node:url'
import {planBump} from '../../src/core/bump/index.js'
import {unifiedDiff} from '../../src/core/diff.js'
import {parseImageRef} from '../../src/core/image-ref.js'

describe('unifiedDiff', () => {
  const before = ['a: 1', 'b: 2', 'c: 3', 'd: 4', 'image: app:1.0', 'e: 5', 'f: 6', 'g: 7', 'h: 8', ''].join('\n')

  it('shows the changed line with 3 lines of context and git-style headers', () => {
    expect(unifiedDiff('apps/d.yaml', before, before.replace('app:1.0', 'app:1.1'))).toBe(
      [
        '--- a/apps/d.yaml',
        '+++ b/apps/d.yaml',
        '@@ -2,7 +2,7 @@',
        ' b: 2',
        ' c: 3',
        ' d: 4',
        '-image: app:1.0',
        '+image: app:1.1',
        ' e: 5',
        ' f: 6',
        ' g: 7',
        ''
      ].join('\n')
    )
  })

  it('is empty when nothing changed', () => {
    expect(unifiedDiff('x.yaml', before, before)).toBe('')
  })

  it('keeps CR in CRLF lines and notes a missing final newline', () => {
    expect(unifiedDiff('x.yaml', 'a: 1\r\nb: 2', 'a: 1\r\nb: 3')).toBe(
      [
        '--- a/x.yaml',
        '+++ b/x.yaml',
        '@@ -1,2 +1,2 @@',
        ' a: 1\r',
        '-b: 2',
        '\\ No newline at end of file',
        '+b: 3',
        '\\ No newline at end of file',
        ''
      ].join('\n')
    )
  })

  it('shows exactly the changed values of a planned bump', () => {
    const path = 'kustomize/deployment.yaml'
    const before = readFileSync(
      fileURLToPath(new URL(`../fixtures/gitops-repos/podinfo/${path}`, import.meta.url)),
      'utf8'
    )
    const line = 'ghcr.io/stefanprodan/podinfo:6.15.0'
    const plan = planBump(new Map([[path, before]]), [{kind: 'image', ref: parseImageRef(line), line}])
    const edit = plan.edits[0]!
    expect(unifiedDiff(edit.path, edit.before, edit.after)).toBe(
      [
        '--- a/kustomize/deployment.yaml',
        '+++ b/kustomize/deployment.yaml',
        '@@ -23,7 +23,7 @@',
        '     spec:',
        '       containers:',
        '       - name: podinfod',
        '-        image: ghcr.io/stefanprodan/podinfo:6.14.1',
        '+        image: ghcr.io/stefanprodan/podinfo:6.15.0',
        '         imagePullPolicy: IfNotPresent',
        '         ports:',
        '         - name: http',
        ''
      ].join('\n')
    )
  })
})
