// Two real runs of the same promotion sharing one pull request, end to end through dist/index.js: run 2 (other
// values, 300 ms later) updates the shared PR branch after run 1 opened the PR and before run 1 merges. Run 1 never
// reports healthy for values that did not land, and never fails on a 409 because of the other run.
import {describe, it, expect} from '@jest/globals'
import {e2eSession} from './session.js'
import {PODINFO, OWNER, REPO, type World} from '../../testing/harness.js'
import {startFakeFlux} from '../../testing/fake-flux.js'

const X = `${PODINFO}:6.15.0`
const Y = `${PODINFO}:6.16.0`
const CONTEXT = 'kustomization/apps/0c9c2e41'
const HEAD_BRANCH = 'gitops-promote/main/podinfo'

let w: World | undefined
const e2e = e2eSession(['violations', 'unimplemented', 'forcedUpdates'])

/** Until when run 1's merge is held: run 2 updated the PR branch (run 1 merges a moved head: was a 409), or merged it. */
const cases: [string, 'updated' | 'merged'][] = [
  ['run 2 updated the PR before run 1 merges (was: failed on a 409)', 'updated'],
  ['run 2 merged the PR before run 1 merges (was: healthy for X, which never landed)', 'merged']
]

describe('two runs sharing one pull request', () => {
  it.each(cases)(
    '%s: run 1 superseded naming the merge commit and Y, its Deployment never success; run 2 healthy',
    async (_, until) => {
      w = await e2e.world()
      const world_ = w
      e2e.flux(
        startFakeFlux(w.fake, {owner: OWNER, repo: REPO, branch: 'main', reporters: [{context: CONTEXT, delayMs: 200}]})
      )
      const holdsY = (sha: string): boolean =>
        (world_.fake.getFile(OWNER, REPO, sha, 'kustomize/deployment.yaml') ?? '').includes(Y)
      // Run 1's merge (the first) waits until run 2 has put Y on the shared PR branch.
      let branchHasY!: () => void
      const yOnBranch = new Promise<void>(resolve => (branchHasY = resolve))
      const offRef = w.fake.onEvent(e => {
        if (e.type === 'ref' && e.ref === `refs/heads/${HEAD_BRANCH}` && e.sha && holdsY(e.sha)) {
          offRef()
          branchHasY()
        }
      })
      let merges = 0
      const offWrite = w.fake.faults.beforeWrite(async r => {
        if (r.method !== 'PUT' || !r.path.endsWith('/merge')) return
        if (++merges === 1) {
          offWrite()
          await yOnBranch
          while (until === 'merged' && !world_.fake.pulls(OWNER, REPO).some(p => p.merged)) {
            await new Promise(resolve => setTimeout(resolve, 20))
          }
        }
      })
      const inputs = (image: string): Record<string, string> => ({
        images: image,
        paths: 'kustomize',
        strategy: 'merge',
        timeout: '30s',
        environment: 'staging'
      })
      const [run1, run2] = await Promise.all([
        w.run(inputs(X)),
        new Promise(resolve => setTimeout(resolve, 300)).then(() => world_.run(inputs(Y)))
      ])
      const merged = w.fake.pulls(OWNER, REPO).filter(p => p.merged)
      expect(merged).toHaveLength(1)
      const c = w.head()
      expect(holdsY(c)).toBe(true)

      expect(run2.outputs.result).toBe('healthy')
      expect(run2.code).toBe(0)

      expect(run1.outputs.result).toBe('superseded')
      expect(run1.code).not.toBe(0)
      const message = run1.errors.join('\n')
      expect(message).not.toContain('409')
      // Released as soon as Y is on the branch, run 1's merge names the old head: GitHub's 409, re-read and merged.
      if (until === 'updated') expect(run1.stdout).toContain('while merging (another run updated it)')
      expect(message).toContain(`${c.slice(0, 7)} no longer holds the written values: kustomize/deployment.yaml`)
      expect(message).toContain(`has ${Y} (this run wrote ${X})`)

      // Run 1's Deployment never reports success for X; run 2's ends success.
      const deployments = w.fake.deployments(OWNER, 'app').filter(d => d.environment === 'staging')
      expect(deployments).toHaveLength(2)
      const ended = deployments.map(d => d.statuses.map(s => s.state))
      expect(ended.filter(states => states.includes('success'))).toHaveLength(1)
      const failedOne = ended.find(states => !states.includes('success'))
      expect(['inactive', 'failure']).toContain(failedOne?.at(-1))
    },
    120_000
  )
})
