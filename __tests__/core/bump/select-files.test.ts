import {describe, expect, it} from '@jest/globals'
import {isManifestPath, selectFiles} from '../../../src/core/bump/select-files.js'

const REPO = [
  'README.md',
  'apps/base/podinfo/kustomization.yaml',
  'apps/base/podinfo/release.yaml',
  'apps/base/podinfo/values.json',
  'apps/staging/kustomization.yaml',
  'apps/staging/patch.yml',
  'apps/staging/Kustomization',
  'apps/staging/notes.txt',
  'apps-old/deploy.yaml',
  'clusters/prod/apps.yaml',
  'clusters/prod/flux-system/gotk-sync.yaml',
  'clusters/prod/.hidden/secret.yaml',
  'top.yaml'
]

describe('isManifestPath', () => {
  it.each([
    ['a.yaml', true],
    ['dir/a.yml', true],
    ['dir/Kustomization', true],
    ['dir/kustomization', false],
    ['dir/Kustomization.bak', false],
    ['a.json', false],
    ['yaml', false],
    ['dir.yaml/README', false]
  ])('%s -> %s', (path, want) => {
    expect(isManifestPath(path)).toBe(want)
  })
})

describe('selectFiles', () => {
  it.each([
    [
      'a folder means everything below it',
      ['apps/staging'],
      ['apps/staging/Kustomization', 'apps/staging/kustomization.yaml', 'apps/staging/patch.yml']
    ],
    [
      'trailing slash and leading ./ are tolerated',
      ['./apps/staging/'],
      ['apps/staging/Kustomization', 'apps/staging/kustomization.yaml', 'apps/staging/patch.yml']
    ],
    [
      'a folder is not a name prefix',
      ['apps'],
      [
        'apps/base/podinfo/kustomization.yaml',
        'apps/base/podinfo/release.yaml',
        'apps/staging/Kustomization',
        'apps/staging/kustomization.yaml',
        'apps/staging/patch.yml'
      ]
    ],
    ['* stays within a segment', ['apps/*/kustomization.yaml'], ['apps/staging/kustomization.yaml']],
    ['* at the top does not cross /', ['*.yaml'], ['top.yaml']],
    [
      '** crosses segments (dot folders included)',
      ['clusters/**/*.yaml'],
      ['clusters/prod/.hidden/secret.yaml', 'clusters/prod/apps.yaml', 'clusters/prod/flux-system/gotk-sync.yaml']
    ],
    ['a single file', ['apps/base/podinfo/release.yaml'], ['apps/base/podinfo/release.yaml']],
    ['a non-manifest file is never selected', ['apps/base/podinfo/values.json', 'README.md'], []],
    [
      'globs over folders',
      ['apps/*'],
      [
        'apps/base/podinfo/kustomization.yaml',
        'apps/base/podinfo/release.yaml',
        'apps/staging/Kustomization',
        'apps/staging/kustomization.yaml',
        'apps/staging/patch.yml'
      ]
    ],
    [
      'several patterns, deduplicated and sorted',
      ['top.yaml', 'apps/staging', 'apps/staging/patch.yml'],
      ['apps/staging/Kustomization', 'apps/staging/kustomization.yaml', 'apps/staging/patch.yml', 'top.yaml']
    ],
    ['blank lines select nothing', ['', '  '], []],
    ['nothing matches', ['nope/**'], []],
    [
      '!pattern excludes again',
      ['apps', '!apps/base'],
      ['apps/staging/Kustomization', 'apps/staging/kustomization.yaml', 'apps/staging/patch.yml']
    ],
    ['an exclusion alone selects nothing', ['!apps/base'], []],
    ['. with an exclusion', ['.', '!apps/**', '!clusters'], ['apps-old/deploy.yaml', 'top.yaml']]
  ])('%s', (_why, patterns, want) => {
    expect(selectFiles(REPO, patterns)).toEqual(want)
  })

  it.each([['.'], ['./'], ['/']])('%s means the whole repo (manifests only)', p => {
    expect(selectFiles(REPO, [p])).toEqual(REPO.filter(isManifestPath).sort())
  })
})
