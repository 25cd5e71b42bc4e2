// on-failure: revert, end to end through dist/index.js: a failed rollout is rolled back by one commit with the run's
// strategy, waited for, and the run ends `reverted`; files changed by others since are left alone.
import {describe, it, expect} from '@jest/globals'
import {e2eSession} from './session.js'
import {PODINFO, OWNER, REPO, type World} from '../../testing/harness.js'
import {startFakeFlux, type FakeFlux} from '../../testing/fake-flux.js'

const NEW = `${PODINFO}:6.15.0`
const CONTEXT = 'kustomization/apps/0c9c2e41'

let w: World | undefined
const e2e = e2eSession(['violations', 'unimplemented', 'forcedUpdates'])

/** Flux fails every head that runs the new image in `probe`, and reports healthy once it is back to the old one. */
function fluxFailingNew(world_: World, probe: string): FakeFlux {
  const holdsNew = (sha: string): boolean => (world_.fake.getFile(OWNER, REPO, sha, probe) ?? '').includes(NEW)
  return startFakeFlux(world_.fake, {
    owner: OWNER,
    repo: REPO,
    branch: 'main',
    reporters: [
      {
        context: CONTEXT,
        delayMs: 200,
        when: ({sha}) => holdsNew(sha),
        script: [{state: 'failure', description: 'Deployment/podinfo: health check failed'}]
      },
      {context: CONTEXT, delayMs: 200, when: ({sha}) => !holdsNew(sha)}
    ]
  })
}

describe('on-failure: revert', () => {
  it('merge: the revert lands through its own PR, is healthy, and every file is byte-identical to before', async () => {
    w = await e2e.world()
    e2e.flux(fluxFailingNew(w, 'kustomize/deployment.yaml'))
    const initial = w.head()
    const before = w.fake.listFiles(OWNER, REPO, initial)
    const run = await w.run({
      images: NEW,
      paths: 'kustomize',
      strategy: 'merge',
      'on-failure': 'revert',
      'failure-grace': '0s',
      timeout: '30s',
      environment: 'staging'
    })
    expect(run.code).toBe(1)
    expect(run.outputs.result).toBe('reverted')
    const [revert, promote] = w.fake.log(OWNER, REPO, 'main')
    expect(run.outputs.commit).toBe(promote?.sha)
    expect(run.outputs['revert-commit']).toBe(revert?.sha)
    expect(revert?.sha).toBe(w.head())
    expect(w.fake.listFiles(OWNER, REPO, w.head())).toEqual(before)
    expect(w.fake.pulls(OWNER, REPO).map(p => [p.headRef, p.merged])).toEqual([
      ['gitops-promote/main/podinfo', true],
      ['gitops-promote/main/podinfo-revert', true]
    ])
    const message = run.errors.join('\n')
    expect(message).toContain('The rollout failed and was reverted: ')
    expect(message).toContain('Deployment/podinfo: health check failed')
    const statuses = w.fake.deployments(OWNER, 'app')[0]?.statuses ?? []
    expect(statuses.at(-1)).toMatchObject({state: 'failure'})
    expect(statuses.at(-1)?.description).toContain('reverted')
  }, 90_000)

  it('push: a file someone changed since is left alone and named; the others are restored byte for byte', async () => {
    w = await e2e.world()
    const world_ = w
    const CRON = 'deploy/bases/frontend/cronjob-warm-cache.yaml'
    const DEPLOY = 'deploy/bases/frontend/deployment.yaml'
    e2e.flux(fluxFailingNew(w, DEPLOY))
    const initial = w.head()
    const original = w.fake.listFiles(OWNER, REPO, initial)
    // Right after our commit lands, another pipeline edits the cron job (it keeps our image there).
    let theirs = ''
    const off = w.fake.onEvent(e => {
      if (e.type === 'ref' && e.ref === 'refs/heads/main' && e.before === initial) {
        off()
        const text = world_.file(CRON) as string
        theirs = text.replace('schedule:', '# tuned by the platform team\n  schedule:')
        world_.fake.commitFiles(OWNER, REPO, 'main', {[CRON]: theirs}, 'Tune the warm-cache job')
      }
    })
    const run = await w.run({
      images: NEW,
      paths: 'deploy/bases/frontend',
      strategy: 'push',
      'on-failure': 'revert',
      'failure-grace': '0s',
      timeout: '30s'
    })
    expect(run.code).toBe(1)
    expect(run.outputs.result).toBe('reverted')
    expect(run.outputs['revert-commit']).toBe(w.head())
    expect(w.file(DEPLOY)).toBe(original[DEPLOY])
    expect(w.file(CRON)).toBe(theirs)
    expect(theirs).toContain(NEW)
    expect(run.errors.join('\n')).toContain(
      `Left alone because they changed since ${run.outputs.commit?.slice(0, 7)}: ${CRON}.`
    )
    // Everything else is exactly as before the promotion.
    const now = w.fake.listFiles(OWNER, REPO, w.head())
    expect({...now, [CRON]: original[CRON]}).toEqual(original)
  }, 90_000)

  it('a later commit that keeps the restored values is credited to the revert (was: superseded by the forward values)', async () => {
    w = await e2e.world()
    const world_ = w
    const MANIFEST = 'kustomize/deployment.yaml'
    const at = (sha: string): string => world_.fake.getFile(OWNER, REPO, sha, MANIFEST) ?? ''
    // Flux skips the revert commit (the branch moved on before it reconciled) and applies the edit after it.
    e2e.flux(
      startFakeFlux(w.fake, {
        owner: OWNER,
        repo: REPO,
        branch: 'main',
        reporters: [
          {context: CONTEXT, delayMs: 200, when: ({sha}) => at(sha).includes(NEW), script: [{state: 'failure'}]},
          {context: CONTEXT, delayMs: 200, when: ({sha}) => at(sha).includes('# owned by the web team')}
        ]
      })
    )
    const initial = w.head()
    // Right after the revert lands, someone edits the same manifest and keeps the restored image.
    let revertLanded = false
    let promoted = ''
    const off = w.fake.onEvent(e => {
      if (e.type !== 'ref' || e.ref !== 'refs/heads/main') return
      if (e.before === initial) promoted = e.sha ?? ''
      else if (promoted && e.before === promoted && !revertLanded) {
        revertLanded = true
        off()
        const text = world_.file('kustomize/deployment.yaml') as string
        world_.fake.commitFiles(
          OWNER,
          REPO,
          'main',
          {'kustomize/deployment.yaml': text.replace('kind: Deployment', '# owned by the web team\nkind: Deployment')},
          'Note the owner'
        )
      }
    })
    const run = await w.run({
      images: NEW,
      paths: 'kustomize',
      strategy: 'push',
      'on-failure': 'revert',
      'failure-grace': '0s',
      timeout: '30s'
    })
    expect(revertLanded).toBe(true)
    expect(run.outputs.result).toBe('reverted')
    expect(run.errors.join('\n')).not.toContain('superseded')
  }, 90_000)

  it('GitHub 10 minutes behind the runner: the revert rides out a failure inside the grace (was: failed at once)', async () => {
    w = await e2e.world({fake: {clock: () => Date.now() - 600_000}})
    const world_ = w
    const holdsNew = (sha: string): boolean =>
      (world_.fake.getFile(OWNER, REPO, sha, 'kustomize/deployment.yaml') ?? '').includes(NEW)
    e2e.flux(
      startFakeFlux(w.fake, {
        owner: OWNER,
        repo: REPO,
        branch: 'main',
        reporters: [
          {context: CONTEXT, delayMs: 200, when: ({sha}) => holdsNew(sha), script: [{state: 'failure'}]},
          {
            context: CONTEXT,
            delayMs: 200,
            when: ({sha}) => !holdsNew(sha),
            script: [{state: 'failure'}, {afterMs: 1200, state: 'success', description: 'reconciliation succeeded'}]
          }
        ]
      })
    )
    const run = await w.run({
      images: NEW,
      paths: 'kustomize',
      strategy: 'push',
      'on-failure': 'revert',
      'failure-grace': '3s',
      timeout: '30s'
    })
    expect(run.outputs.result).toBe('reverted')
    expect(run.errors.join('\n')).toContain('is applied and healthy')
  }, 90_000)
})
