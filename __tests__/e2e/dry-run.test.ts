// The bundle, end to end, in dry-run mode and on bad input: reads through the API, prints diffs, writes nothing.
import {describe, it, expect} from '@jest/globals'
import {e2eSession} from './session.js'
import {fixtureFiles, PODINFO, type World} from '../../testing/harness.js'

let w: World | undefined
const e2e = e2eSession(['violations'])

describe('dry-run', () => {
  it('reads the repo with a constant number of requests, prints the diff, sets outputs, writes nothing', async () => {
    w = await e2e.world()
    const before = w.head()
    const run = await w.run({images: `${PODINFO}:6.15.0`, paths: 'kustomize\ndeploy/bases/frontend', 'dry-run': 'true'})
    expect(run.code).toBe(0)
    expect(run.outputs).toEqual({
      changed: 'true',
      files:
        'deploy/bases/frontend/cronjob-warm-cache.yaml\ndeploy/bases/frontend/deployment.yaml\nkustomize/deployment.yaml',
      commit: before,
      images: `${PODINFO}:6.15.0`,
      result: 'dry-run'
    })
    expect(run.stdout).toContain(
      [
        '--- a/kustomize/deployment.yaml',
        '+++ b/kustomize/deployment.yaml',
        '@@ -23,7 +23,7 @@',
        '     spec:',
        '       containers:',
        '       - name: podinfod',
        '-        image: ghcr.io/stefanprodan/podinfo:6.14.1',
        '+        image: ghcr.io/stefanprodan/podinfo:6.15.0'
      ].join('\n')
    )
    expect(run.summary).toContain('gitops-promote: dry-run')
    expect(run.summary).toContain('```diff')
    expect(w.fake.writes()).toEqual([])
    expect(w.fake.violations).toEqual([])
    expect(w.head()).toBe(before)
    // One GraphQL read (the default branch and its head) + tarball (and its codeload redirect).
    expect(w.fake.requests.map(r => r.operation)).toEqual([
      'graphql',
      'GET /repos/{owner}/{repo}/tarball/{ref}',
      'codeload'
    ])
  })

  it('costs the same requests on a repo of 1,000 files as on one of 3', async () => {
    const many: Record<string, string> = {}
    for (let i = 0; i < 1000; i++) {
      many[`apps/team-${i % 20}/app-${i}.yaml`] =
        `apiVersion: apps/v1\nkind: Deployment\nspec:\n  template:\n    spec:\n      containers:\n        - name: app\n          image: ghcr.io/acme/app-${i}:1.0.0\n`
    }
    const counts: number[] = []
    for (const files of [many, Object.fromEntries(Object.entries(many).slice(0, 3))]) {
      w = await e2e.world({files})
      const run = await w.run({images: 'ghcr.io/acme/app-1:2.0.0', branch: 'main', 'dry-run': 'true'})
      expect(run.outputs.files).toBe('apps/team-1/app-1.yaml')
      counts.push(w.fake.requests.length)
      await w.close()
      w = undefined
    }
    expect(counts[0]).toBe(counts[1])
    expect(counts[0]).toBe(3)
  })

  it('says changed=false when the repo already has the image', async () => {
    w = await e2e.world()
    const run = await w.run({images: `${PODINFO}:6.14.1`, paths: 'kustomize', 'dry-run': 'true'})
    expect(run.code).toBe(0)
    expect(run.outputs).toMatchObject({changed: 'false', files: '', result: 'dry-run'})
  })

  it('updates setters by policy and keeps everything else byte-identical', async () => {
    const files = {
      'apps/podinfo/release.yaml': [
        'apiVersion: helm.toolkit.fluxcd.io/v2',
        'kind: HelmRelease',
        'spec:',
        '  values:',
        '    image:',
        '      repository: ghcr.io/stefanprodan/podinfo # {"$imagepolicy": "flux-system:podinfo:name"}',
        '      tag: \'6.14.1\' # {"$imagepolicy": "flux-system:podinfo:tag"}',
        ''
      ].join('\n')
    }
    w = await e2e.world({files})
    const run = await w.run({images: 'flux-system:podinfo=ghcr.io/acme/podinfo:6.15.0', 'dry-run': 'true'})
    expect(run.code).toBe(0)
    expect(run.stdout).toContain(
      [
        '-      repository: ghcr.io/stefanprodan/podinfo # {"$imagepolicy": "flux-system:podinfo:name"}',
        `-      tag: '6.14.1' # {"$imagepolicy": "flux-system:podinfo:tag"}`,
        '+      repository: ghcr.io/acme/podinfo # {"$imagepolicy": "flux-system:podinfo:name"}',
        `+      tag: '6.15.0' # {"$imagepolicy": "flux-system:podinfo:tag"}`
      ].join('\n')
    )
  })
})

describe('bad input', () => {
  it.each([
    ['a tag with a newline', {images: 'ghcr.io/acme/api:1.0\n  injected: true'}, "Input 'images'"],
    ['a tag with a comment', {images: 'ghcr.io/acme/api:1.0#x'}, 'not a valid OCI image reference'],
    ['a quoted tag', {images: 'ghcr.io/acme/api:"1.0"'}, 'not a valid OCI image reference'],
    ['a 129-character tag', {images: `ghcr.io/acme/api:${'v'.repeat(129)}`}, 'not a valid OCI image reference'],
    ['an unknown strategy', {images: 'ghcr.io/acme/api:1', strategy: 'force'}, "Input 'strategy' must be one of"],
    ['a bad timeout', {images: 'ghcr.io/acme/api:1', timeout: 'ten minutes'}, "Input 'timeout' must be a duration"]
  ])('%s: fails before any request, result=failed', async (_name, inputs, text) => {
    w = await e2e.world()
    const run = await w.run(inputs)
    expect(run.code).toBe(1)
    expect(run.outputs).toEqual({result: 'failed'})
    expect(run.errors.join('\n')).toContain(text)
    expect(w.fake.requests).toEqual([])
  })

  it('names file, line and column of YAML that does not parse, and writes nothing', async () => {
    const files = {
      ...fixtureFiles('podinfo'),
      'kustomize/broken.yaml': 'spec:\n  image: ghcr.io/stefanprodan/podinfo:1\n   bad: [\n'
    }
    w = await e2e.world({files})
    const run = await w.run({images: `${PODINFO}:6.15.0`, strategy: 'push'})
    expect(run.code).toBe(1)
    expect(run.outputs.result).toBe('failed')
    expect(run.errors.join('\n')).toMatch(/kustomize\/broken\.yaml:\d+:\d+/)
    expect(run.stdout).toMatch(/::error title=gitops-promote,file=kustomize\/broken\.yaml,line=\d+/)
    expect(w.fake.writes()).toEqual([])
  })

  it('lists the files scanned when an image matches nothing, and writes nothing', async () => {
    w = await e2e.world()
    const run = await w.run({images: 'ghcr.io/acme/unknown:1.0.0', paths: 'kustomize', strategy: 'push'})
    expect(run.code).toBe(1)
    const message = run.errors.join('\n')
    expect(message).toContain('ghcr.io/acme/unknown:1.0.0')
    expect(message).toContain('kustomize/deployment.yaml')
    expect(message).toContain('kustomize/kustomization.yaml')
    expect(w.fake.writes()).toEqual([])
  })

  it('never prints the token', async () => {
    w = await e2e.world({fake: {token: 'ghs_very_secret_token_value'}})
    const run = await w.run({images: `${PODINFO}:6.15.0`, 'dry-run': 'true'}, {token: 'ghs_very_secret_token_value'})
    expect(run.code).toBe(0)
    const printed = run.stdout.replace('::add-mask::ghs_very_secret_token_value', '')
    expect(printed).not.toContain('ghs_very_secret_token_value')
    expect(run.stderr).not.toContain('ghs_very_secret_token_value')
  })
})
