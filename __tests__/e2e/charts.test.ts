// Charts end to end through dist/index.js (INPUT_CHARTS) on the flux2-kustomize-helm-example repo: the commit
// carries the chart version next to the images, the `charts` output is set, and a bad line writes nothing.
import {describe, it, expect} from '@jest/globals'
import {e2eSession} from './session.js'
import {changedLines, fixtureFiles, OWNER, REPO, type World} from '../../testing/harness.js'
import {startFakeGitHub} from '../../testing/fake-github/index.js'
import {startFakeFlux} from '../../testing/fake-flux.js'
import {runAction} from '../../testing/run-action.js'

const PROD = 'apps/production/podinfo-values.yaml'
const BASE = 'apps/base/podinfo/release.yaml'
const REDIS = 'public.ecr.aws/docker/library/redis:8.6.3'

let w: World | undefined
const e2e = e2eSession(['violations', 'unimplemented', 'forcedUpdates'])
const helmExample = (): Promise<World> => e2e.world({files: fixtureFiles('flux2-kustomize-helm-example')})

describe('charts', () => {
  it('writes the chart version of production in one commit with an image, and sets the charts output', async () => {
    w = await helmExample()
    const before = {prod: w.file(PROD) as string, base: w.file(BASE) as string}
    const run = await w.run({
      images: REDIS,
      charts: 'podinfo=6.5.0',
      paths: 'apps/production\napps/base',
      strategy: 'push',
      wait: 'none'
    })
    expect(run.code).toBe(0)
    expect(run.outputs).toEqual({
      changed: 'true',
      files: `${BASE}\n${PROD}`,
      commit: w.head(),
      images: REDIS,
      charts: 'podinfo=6.5.0',
      result: 'written'
    })
    expect(w.fake.log(OWNER, REPO, 'main')[0]).toMatchObject({message: `Promote ${REDIS} podinfo=6.5.0 on main`})
    expect(changedLines(before.prod, w.file(PROD) as string)).toEqual([
      '-      version: ">=1.0.0"',
      '+      version: "6.5.0"'
    ])
    expect(changedLines(before.base, w.file(BASE) as string)).toEqual(['-      tag: 8.6.2', '+      tag: 8.6.3'])
    expect(w.fake.writes().map(r => r.graphql?.fields)).toEqual([['createCommitOnBranch']])
    expect(run.summary).toContain('| `podinfo=6.5.0` | `podinfo=>=1.0.0` |')
  })

  it('promotes charts alone: images may be empty', async () => {
    w = await helmExample()
    const run = await w.run({
      charts: 'podinfo=6.5.1',
      paths: 'apps/production\napps/base',
      strategy: 'push',
      wait: 'none'
    })
    expect(run.code).toBe(0)
    expect(run.outputs).toMatchObject({charts: 'podinfo=6.5.1', images: '', files: PROD})
    expect(w.fake.log(OWNER, REPO, 'main')[0]).toMatchObject({message: 'Promote podinfo=6.5.1 on main'})
  })

  it.each<[string, Record<string, string>, string]>([
    [
      'a line with a YAML flow character',
      {charts: 'podinfo=6.5.0,{a}', paths: 'apps'},
      "Input 'charts' line 'podinfo=6.5.0,{a}': version '6.5.0,{a}' is neither SemVer 2"
    ],
    [
      'an OCIRepository that follows semver',
      {charts: 'cert-manager=v1.17.0', paths: 'infrastructure'},
      "infrastructure/controllers/cert-manager.yaml:21: OCIRepository cert-manager/cert-manager follows spec.ref.semver '1.x'"
    ],
    [
      'a chart that matches nothing',
      {charts: 'redis=1.0.0', paths: 'apps/production'},
      `no HelmRelease of chart redis (spec.chart.spec.chart, or a chartRef to such an OCIRepository) and no OCIRepository whose spec.url ends in /redis (from 'redis=1.0.0'); scanned 2 files: apps/production/kustomization.yaml, ${PROD}`
    ]
  ])('writes nothing for %s', async (_what, inputs, message) => {
    w = await helmExample()
    const head = w.head()
    const run = await w.run({...inputs, strategy: 'push', wait: 'none'})
    expect(run.code).toBe(1)
    expect(run.errors.join('\n')).toContain(message)
    expect(w.fake.writes()).toEqual([])
    expect(w.head()).toBe(head)
  })
})

describe('charts from a source stage', () => {
  it('promotes the chart version staging runs to production once staging reported it healthy', async () => {
    const fake = await startFakeGitHub()
    const flux = startFakeFlux(fake, {
      owner: OWNER,
      repo: REPO,
      branch: 'main',
      reporters: [{context: 'kustomization/apps-production/0c9c2e41', delayMs: 200}]
    })
    try {
      const files = fixtureFiles('flux2-kustomize-helm-example')
      fake.createRepo(OWNER, REPO, {files})
      const appSha = fake.createRepo(OWNER, 'app', {files: {'README.md': '# app\n'}})
      const STAGING = 'apps/staging/podinfo-values.yaml'
      const pinned = (files[STAGING] as string).replace('version: ">=1.0.0-alpha"', 'version: "6.5.2"')
      const I = fake.commitFiles(OWNER, REPO, 'main', {[STAGING]: pinned}, 'staging: podinfo 6.5.2')
      fake.addStatus(OWNER, REPO, I, {
        context: 'kustomization/apps-staging/0c9c2e41',
        state: 'success',
        description: 'reconciliation succeeded'
      })
      const run = await runAction({
        apiUrl: fake.url,
        token: fake.token,
        inputs: {
          repository: `${OWNER}/${REPO}`,
          interval: '50ms',
          charts: 'podinfo',
          paths: 'apps/production\napps/base',
          'from-paths': 'apps/staging\napps/base',
          contexts: 'kustomization/apps-production/*',
          'from-contexts': 'kustomization/apps-staging/*',
          strategy: 'push',
          timeout: '30s'
        },
        env: {GITHUB_REPOSITORY: `${OWNER}/app`, GITHUB_SHA: appSha}
      })
      expect(run.code).toBe(0)
      expect(run.outputs).toMatchObject({result: 'healthy', charts: 'podinfo=6.5.2', 'source-revision': I})
      expect(changedLines(files[PROD] as string, fake.getFile(OWNER, REPO, 'main', PROD) as string)).toEqual([
        '-      version: ">=1.0.0"',
        '+      version: "6.5.2"'
      ])
      expect(fake.log(OWNER, REPO, 'main')[0]?.message).toBe(
        `promote podinfo >=1.0.0 -> 6.5.2 from apps/staging, apps/base@${I.slice(0, 7)}`
      )
      expect(fake.violations).toEqual([])
    } finally {
      await flux.stop()
      await fake.close()
    }
  })
})
