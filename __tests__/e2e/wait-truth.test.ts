// The wait tells the truth, end to end through dist/index.js against the fake GitHub and a fake Flux: every
// Kustomization that follows the branch, superseded commits, ancestry at any depth, honest errors, one budget,
// GitHub's clock, soak.
import {describe, it, expect} from '@jest/globals'
import {e2eSession, pushAndWait} from './session.js'
import {PODINFO, OWNER, REPO, type World} from '../../testing/harness.js'
import type {FakeFlux, FluxReporter} from '../../testing/fake-flux.js'
import type {startFakeGitHub} from '../../testing/fake-github/index.js'

const NEW = `${PODINFO}:6.15.0`
const SYSTEM = 'kustomization/flux-system/0c9c2e41'
const APPS = 'kustomization/apps/0c9c2e41'
const MANIFEST = 'kustomize/deployment.yaml'

let w: World | undefined
let flux: FakeFlux | undefined
const e2e = e2eSession(['violations', 'forcedUpdates'])

/** A world where Flux already reported the current head (B) for every reporter, as a running cluster has. */
async function setup(
  reporters: FluxReporter[],
  o: {fake?: Parameters<typeof startFakeGitHub>[0]; onB?: boolean} = {}
): Promise<World> {
  ;({w, flux} = await e2e.withFlux(reporters, o.fake ? {fake: o.fake} : {}))
  if (o.onB !== false) {
    for (const r of reporters) await flux.report(w.head(), r.context, 'success', 'reconciliation succeeded', r.via)
  }
  return w
}

const inputs = (extra: Record<string, string> = {}): Record<string, string> => pushAndWait(NEW, extra)

describe('expected set: every Kustomization that follows the branch', () => {
  it('flux-system succeeding while apps fails past its grace is failed (was: healthy)', async () => {
    const w = await setup([
      {context: SYSTEM, delayMs: 200},
      {context: APPS, delayMs: 400, script: [{state: 'failure', description: 'health check failed'}]}
    ])
    const run = await w.run(inputs({'failure-grace': '1s'}))
    expect(run.outputs.result).toBe('failed')
    expect(run.code).toBe(1)
    expect(run.errors.join('\n')).toContain(`${APPS} (pattern 'kustomization/*') has been failing`)
  })

  it('flux-system answering first does not end the wait: apps is waited for (was: healthy without apps)', async () => {
    const w = await setup([
      {context: SYSTEM, delayMs: 200},
      {context: APPS, delayMs: 1200}
    ])
    const run = await w.run(inputs())
    expect(run.outputs.result).toBe('healthy')
    expect(run.stdout).toContain(`${APPS}: success on ${w.head().slice(0, 7)}`)
    expect(run.summary).toContain('healthy')
  })
})

describe('superseded', () => {
  it('a later commit that changed the image is not credited: result superseded, naming it and its value', async () => {
    const w = await setup([{context: APPS, delayMs: 300, when: ({index}) => index >= 1}])
    let later = ''
    const off = w.fake.onEvent(e => {
      if (e.type === 'ref' && e.ref === 'refs/heads/main' && later === '') {
        off()
        const text = w.fake.getFile(OWNER, REPO, e.sha as string, MANIFEST) as string
        later = w.fake.commitFiles(OWNER, REPO, 'main', {[MANIFEST]: text.replace('6.15.0', '6.16.0')}, 'Next')
      }
    })
    const run = await w.run(inputs())
    expect(later).not.toBe('')
    expect(run.outputs.result).toBe('superseded')
    expect(run.code).toBe(1)
    expect(run.outputs['applied-revision']).toBeUndefined()
    const message = run.errors.join('\n')
    expect(message).toContain(`${later.slice(0, 7)} no longer holds the written values`)
    expect(message).toContain(`${PODINFO}:6.16.0 (this run wrote ${PODINFO}:6.15.0)`)
  })

  it('a later commit that touched the same file but kept the image still counts', async () => {
    const w = await setup([{context: APPS, delayMs: 300, when: ({index}) => index >= 1}])
    let later = ''
    const off = w.fake.onEvent(e => {
      if (e.type === 'ref' && e.ref === 'refs/heads/main' && later === '') {
        off()
        const text = w.fake.getFile(OWNER, REPO, e.sha as string, MANIFEST) as string
        later = w.fake.commitFiles(OWNER, REPO, 'main', {[MANIFEST]: `${text}# reviewed\n`}, 'Comment')
      }
    })
    const run = await w.run(inputs())
    expect(run.outputs).toMatchObject({result: 'healthy', 'applied-revision': later})
  })
})

describe('ancestry at any depth', () => {
  it('finds the head report 120 commits after the change (was: timed out on page 1)', async () => {
    const w = await setup([{context: APPS, delayMs: 200, when: ({index}) => index === 120}])
    let last = ''
    const off = w.fake.onEvent(e => {
      if (e.type !== 'ref' || e.ref !== 'refs/heads/main' || last !== '') return
      off()
      last = 'pending'
      setTimeout(() => {
        for (let i = 0; i < 120; i++) {
          last = w.fake.commitFiles(OWNER, REPO, 'main', {'other/log.yaml': `n: ${i}\n`}, `Other ${i}`)
        }
      }, 0)
    })
    const run = await w.run(inputs())
    expect(run.outputs).toMatchObject({result: 'healthy', 'applied-revision': last})
    const pages = w.fake.requests.filter(r => r.path.includes('/compare/') && r.query.page === '2')
    expect(pages.length).toBeGreaterThan(0)
  })
})

describe('errors while waiting', () => {
  it('a token without checks: read still sees the commit status, with a warning (was: timed out)', async () => {
    const w = await setup([{context: APPS, delayMs: 300}])
    w.fake.setPermissions(OWNER, REPO, {checks: 'none'})
    const run = await w.run(inputs({timeout: '15s'}))
    expect(run.outputs.result).toBe('healthy')
    expect(run.warnings.join('\n')).toContain("'checks: read'")
  })

  it('a token without statuses: read fails at once naming the permission (was: waited the whole timeout)', async () => {
    const w = await setup([{context: APPS, delayMs: 300}])
    w.fake.setPermissions(OWNER, REPO, {statuses: 'none'})
    const run = await w.run(inputs({timeout: '30s'}))
    expect(run.outputs.result).toBe('failed')
    expect(run.errors.join('\n')).toContain("'statuses: read'")
    expect(run.durationMs).toBeLessThan(20_000)
  })

  it('the timeout message carries the last error (was: dropped)', async () => {
    const w = await setup([{context: APPS, never: true}])
    w.fake.faults.failNext(/\/commits\/[0-9a-f]{40}\/status$/, 502, {message: 'Server Error'}, {times: 1000})
    // Each read takes the client's own 5xx retries (1, 4 and 9 ms here) before the wait loop sees the error.
    const run = await w.run(inputs({timeout: '1s'}))
    expect(run.outputs.result).toBe('timed-out')
    expect(run.errors.join('\n')).toMatch(/Last error while reading the reports: .*502/)
  })
})

describe('one budget, on GitHub clock', () => {
  it('the merge wait and the Flux wait share one timeout (was: each had all of it)', async () => {
    const w = await setup([{context: APPS, never: true}])
    // A person merges the PR 2.5 s after it was opened, about 3 s into a 4 s budget.
    let mergeAt = 0
    const merger = setInterval(() => {
      const pr = w.fake.pulls(OWNER, REPO).find(p => p.state === 'open')
      if (pr && mergeAt === 0) mergeAt = Date.now() + 2500
      if (pr && Date.now() >= mergeAt) w.fake.mergePullRequest(OWNER, REPO, pr.number)
    }, 50)
    const run = await w.run(inputs({strategy: 'pull-request', timeout: '4s'}))
    clearInterval(merger)
    expect(run.outputs.result).toBe('timed-out')
    expect(run.outputs.commit).toBe(w.head())
    expect(run.errors.join('\n')).toContain('Timed out after 4s waiting for Flux')
    // One 4 s budget from the start (plus process start-up), not ~3 s to the merge and then 4 s more.
    expect(run.durationMs).toBeLessThan(6_000)
  })

  it('GitHub 10 minutes behind the runner: a failure inside the grace is ridden out (was: failed at once)', async () => {
    const w = await setup(
      [
        {
          context: APPS,
          delayMs: 200,
          script: [{state: 'failure'}, {afterMs: 1200, state: 'success', description: 'reconciliation succeeded'}]
        }
      ],
      {fake: {clock: () => Date.now() - 600_000}}
    )
    const run = await w.run(inputs({'failure-grace': '30s'}))
    expect(run.outputs.result).toBe('healthy')
  })

  it('GitHub 10 minutes ahead of the runner: a failure past the grace fails on time (was: timed out)', async () => {
    const w = await setup([{context: APPS, delayMs: 200, script: [{state: 'failure'}]}], {
      fake: {clock: () => Date.now() + 600_000}
    })
    const run = await w.run(inputs({'failure-grace': '1s', timeout: '10s'}))
    expect(run.outputs.result).toBe('failed')
    expect(run.durationMs).toBeLessThan(8_000)
  })
})

describe('soak', () => {
  it('healthy only when the window ends', async () => {
    const w = await setup([{context: APPS, delayMs: 200}])
    const run = await w.run(inputs({soak: '1500ms'}))
    expect(run.outputs.result).toBe('healthy')
    expect(run.stdout).toContain('soaking for 1s')
    expect(run.stdout).toContain('Stayed healthy through the soak (1s)')
    expect(run.durationMs).toBeGreaterThan(1500)
  })

  it('a failure past the grace inside the window fails the run', async () => {
    const w = await setup([
      {
        context: APPS,
        delayMs: 200,
        script: [
          {state: 'success', description: 'reconciliation succeeded'},
          {afterMs: 600, state: 'failure'}
        ]
      }
    ])
    const run = await w.run(inputs({soak: '20s', 'failure-grace': '1s'}))
    expect(run.outputs.result).toBe('failed')
    expect(run.errors.join('\n')).toContain('During the soak')
  })

  it('a superseding commit inside the window ends it superseded', async () => {
    const w = await setup([{context: APPS, delayMs: 200}])
    let ours = ''
    const off = w.fake.onEvent(e => {
      if (e.type === 'status' && e.sha === ours) {
        off()
        setTimeout(() => {
          const text = w.fake.getFile(OWNER, REPO, ours, MANIFEST) as string
          w.fake.commitFiles(OWNER, REPO, 'main', {[MANIFEST]: text.replace('6.15.0', '6.16.0')}, 'Next')
        }, 200)
      }
      if (e.type === 'ref' && e.ref === 'refs/heads/main' && ours === '') ours = e.sha as string
    })
    const run = await w.run(inputs({soak: '20s'}))
    expect(run.outputs.result).toBe('superseded')
  })
})

describe('expected set: walking back when C’s parent carries no report', () => {
  it('someone pushed just before us: the contexts of the nearest reported ancestor are expected (was: healthy)', async () => {
    // Flux reports the head it had, then only our change (index 1): never the commit pushed just before ours.
    const ours = ({index}: {index: number}): boolean => index >= 1
    const w = await setup([
      {context: SYSTEM, delayMs: 200, when: ours},
      {context: APPS, delayMs: 600, when: ours, script: [{state: 'failure', description: 'health check failed'}]}
    ])
    // A commit Flux never saw lands between the reported head and our change.
    w.fake.commitFiles(OWNER, REPO, 'main', {'README.md': 'unrelated\n'}, 'Docs')
    const run = await w.run(inputs({'failure-grace': '1s'}))
    expect(run.outputs.result).toBe('failed')
    expect(run.errors.join('\n')).toContain(`${APPS} (pattern 'kustomization/*') has been failing`)
  })

  it('no ancestor carries a report: one quiet interval after the first healthy report before healthy', async () => {
    const w = await setup(
      [
        {context: SYSTEM, delayMs: 200},
        {context: APPS, delayMs: 900}
      ],
      {onB: false}
    )
    const run = await w.run(inputs({interval: '1s'}))
    expect(run.outputs.result).toBe('healthy')
    // Both were waited for: the quiet interval let the slower one appear.
    expect(run.stdout).toContain(`${APPS}: success on`)
    expect(run.stdout).toContain('No commit before this change carries a report')
  })
})
