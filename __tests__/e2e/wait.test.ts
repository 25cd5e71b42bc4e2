// Waiting for Flux, end to end: dist/index.js against the fake GitHub while a fake Flux posts commit statuses or
// check runs the way notification-controller does.
import {describe, it, expect} from '@jest/globals'
import {e2eSession, pushAndWait} from './session.js'
import {PODINFO, OWNER, REPO, type World} from '../../testing/harness.js'
import type {FakeFlux, FluxReporter} from '../../testing/fake-flux.js'

const NEW = `${PODINFO}:6.15.0`
const APPS = 'kustomization/apps/0c9c2e41'

let w: World | undefined
let flux: FakeFlux | undefined
const e2e = e2eSession(['violations', 'forcedUpdates'])

async function setup(reporters: FluxReporter[]): Promise<World> {
  ;({w, flux} = await e2e.withFlux(reporters))
  return w
}

const inputs = (extra: Record<string, string> = {}): Record<string, string> => pushAndWait(NEW, extra)

describe('wait: commit-status', () => {
  it('is healthy once Flux reports the commit, with applied-revision, summary row and log lines', async () => {
    const w = await setup([{context: APPS, delayMs: 100}])
    const run = await w.run(inputs())
    expect(run.code).toBe(0)
    expect(run.outputs).toMatchObject({
      result: 'healthy',
      changed: 'true',
      commit: w.head(),
      'applied-revision': w.head()
    })
    expect(run.stdout).toContain(`${APPS}: success on ${w.head().slice(0, 7)} "reconciliation succeeded"`)
    expect(run.summary).toContain('gitops-promote: healthy')
    expect(run.summary).toMatch(
      new RegExp(
        `\\| \`kustomization/\\*\` \\| \`${APPS}\` \\| healthy \\| \`${w.head().slice(0, 7)}\` \\| reconciliation succeeded \\| \\d+(ms|s) \\|`
      )
    )
  })

  it('counts a report on a later commit that contains the change', async () => {
    const w = await setup([{context: APPS, delayMs: 100, when: ({index}) => index >= 1}])
    const world_ = w
    let later = ''
    const off = w.fake.onEvent(e => {
      if (e.type === 'ref' && e.ref === 'refs/heads/main') {
        off()
        // Another pipeline pushes right after us; Flux only ever sees and reports the newer head.
        later = world_.fake.commitFiles(OWNER, REPO, 'main', {'other/app.yaml': 'x: 1\n'}, 'Other change')
      }
    })
    const run = await w.run(inputs())
    expect(run.code).toBe(0)
    expect(later).not.toBe('')
    expect(run.outputs.commit).not.toBe(later)
    expect(w.fake.isAncestor(OWNER, REPO, run.outputs.commit as string, later)).toBe(true)
    expect(run.outputs).toMatchObject({result: 'healthy', 'applied-revision': later})
  })

  it('rides out a failure inside the failure-grace when a success follows', async () => {
    const w = await setup([
      {
        context: APPS,
        delayMs: 100,
        script: [
          {state: 'failure', description: 'health check failed'},
          {afterMs: 600, state: 'success', description: 'reconciliation succeeded'}
        ]
      }
    ])
    const run = await w.run(inputs({'failure-grace': '30s'}))
    expect(run.code).toBe(0)
    expect(run.outputs.result).toBe('healthy')
    expect(run.stdout).toContain('failure on')
    expect(run.stdout).toContain('"health check failed"')
  })

  it("fails after the failure-grace with Flux's own description", async () => {
    const w = await setup([
      {context: APPS, delayMs: 100, script: [{state: 'failure', description: 'health check failed'}]}
    ])
    const run = await w.run(inputs({'failure-grace': '1s'}))
    expect(run.code).toBe(1)
    expect(run.outputs).toMatchObject({result: 'failed', commit: w.head(), changed: 'true'})
    expect(run.outputs['applied-revision']).toBeUndefined()
    const message = run.errors.join('\n')
    expect(message).toContain(APPS)
    expect(message).toContain('health check failed')
    expect(run.summary).toContain('gitops-promote: failed')
  })

  it('times out naming each pending pattern when no report ever comes', async () => {
    const w = await setup([{context: APPS, never: true}])
    const run = await w.run(inputs({timeout: '1s', contexts: 'kustomization/apps/*\nkustomization/infra/*'}))
    expect(run.code).toBe(1)
    expect(run.outputs.result).toBe('timed-out')
    const message = run.errors.join('\n')
    expect(message).toContain('kustomization/apps/*: no report yet')
    expect(message).toContain('kustomization/infra/*: no report yet')
  })

  it('does not count a success described "dependency not ready" (Flux <= 2.7)', async () => {
    const w = await setup([
      {
        context: APPS,
        delayMs: 100,
        script: [
          {state: 'success', description: 'dependency not ready'},
          {afterMs: 600, state: 'success', description: 'reconciliation succeeded'}
        ]
      }
    ])
    const run = await w.run(inputs())
    expect(run.code).toBe(0)
    const last = flux?.reports.at(-1)
    expect(last?.description).toBe('reconciliation succeeded')
    // Healthy only after the second report: the run outlived it.
    expect(run.stdout).toContain('(not healthy yet)')
  })

  it('waits for every cluster: a fast one does not end the wait for a slow one', async () => {
    const w = await setup([
      {context: 'kustomization/apps/prod-eu', delayMs: 100},
      {context: 'kustomization/apps/prod-us', delayMs: 1000}
    ])
    const run = await w.run(inputs({contexts: 'kustomization/apps/prod-eu\nkustomization/apps/prod-us'}))
    expect(run.code).toBe(0)
    expect(run.outputs.result).toBe('healthy')
    const slow = flux?.reports.find(r => r.context === 'kustomization/apps/prod-us')
    expect(slow).toBeDefined()
    expect(run.stdout.indexOf('kustomization/apps/prod-eu: success')).toBeLessThan(
      run.stdout.indexOf('kustomization/apps/prod-us: success')
    )
    expect(run.summary).toContain('`kustomization/apps/prod-us` | healthy')
  })

  it('reads check runs too', async () => {
    const w = await setup([{context: 'flux/apps', delayMs: 100, via: 'check-run'}])
    const run = await w.run(inputs({contexts: 'flux/*'}))
    expect(run.code).toBe(0)
    expect(run.outputs.result).toBe('healthy')
  })

  it('after a merge, waits on the merge commit', async () => {
    const w = await setup([{context: APPS, delayMs: 100}])
    const run = await w.run(inputs({strategy: 'merge'}))
    expect(run.code).toBe(0)
    expect(run.outputs).toMatchObject({result: 'healthy', commit: w.head(), 'applied-revision': w.head()})
  })

  it('is cheap while nothing changes: repeated polls are answered 304', async () => {
    const w = await setup([{context: APPS, delayMs: 1000}])
    const run = await w.run(inputs())
    expect(run.code).toBe(0)
    const polls = w.fake.requests.filter(r => r.method === 'GET' && /\/(status|check-runs)$/.test(r.path))
    expect(polls.filter(r => r.status === 304).length).toBeGreaterThan(0)
    expect(run.stdout).toMatch(/answered 304/)
  })
})

describe('environment', () => {
  it('records a deployment in the workflow repo: in_progress, then success with the run URL', async () => {
    const w = await setup([{context: APPS, delayMs: 100}])
    const run = await w.run(inputs({environment: 'staging'}))
    expect(run.code).toBe(0)
    const [deployment] = w.fake.deployments(OWNER, 'app')
    expect(deployment).toMatchObject({environment: 'staging', sha: w.appSha})
    expect(deployment?.statuses.map(s => s.state)).toEqual(['in_progress', 'success'])
    expect(
      deployment?.statuses.every(s => s.logUrl === 'https://github.com/acme/app/actions/runs/4242/attempts/1')
    ).toBe(true)
    expect(w.fake.deployments(OWNER, REPO)).toEqual([])
  })

  it('marks the deployment failed when the rollout fails', async () => {
    const w = await setup([
      {context: APPS, delayMs: 100, script: [{state: 'failure', description: 'health check failed'}]}
    ])
    const run = await w.run(inputs({environment: 'staging', 'failure-grace': '1s'}))
    expect(run.code).toBe(1)
    const [deployment] = w.fake.deployments(OWNER, 'app')
    expect(deployment?.statuses.map(s => s.state)).toEqual(['in_progress', 'failure'])
  })
})
