// Writing where the base is guarded, end to end through dist/index.js: merge queues, every class of refused merge
// (with the time it takes to fail), pushes refused by rules, and concurrent runs of the same promotion.
import {describe, it, expect} from '@jest/globals'
import {e2eSession} from './session.js'
import {PODINFO, OWNER, REPO, type World} from '../../testing/harness.js'
import {startFakeFlux} from '../../testing/fake-flux.js'
import type {RequestInfo} from '../../testing/fake-github/index.js'

const KUSTOMIZE = 'kustomize/deployment.yaml'
const NEW = `${PODINFO}:6.15.0`
const MERGE = 'PUT /repos/{owner}/{repo}/pulls/{pull_number}/merge'
/** Fail-at-once bound, generous for a loaded machine; the run itself includes node's start. */
const AT_ONCE_MS = 5000

let w: World | undefined
const e2e = e2eSession(['violations', 'unimplemented', 'forcedUpdates'])

function base(extra: Record<string, string> = {}): Record<string, string> {
  return {images: NEW, paths: 'kustomize', wait: 'none', ...extra}
}

function report(what: string, ms: number): void {
  process.stdout.write(`time to fail, ${what}: ${ms} ms\n`)
}

describe('merge queue', () => {
  it('merge: enqueues with the head it wrote; commit is the merge commit the queue put on the base; no bypass', async () => {
    w = await e2e.world({repo: {mergeQueue: {bypassAllowed: true, mergeAfterMs: 500}}})
    const run = await w.run(base({strategy: 'merge', timeout: '30s'}))
    expect(run.code).toBe(0)
    const merged = w.fake.queueLog.find(e => e.action === 'merged')
    expect(merged?.sha).toBe(w.head())
    expect(run.outputs.commit).toBe(merged?.sha)
    // The queue squash-merged (its own method), one parent.
    expect(w.fake.log(OWNER, REPO, 'main')[0]?.parents).toHaveLength(1)
    expect(w.file(KUSTOMIZE)).toContain(`image: ${NEW}`)
    const enqueue = w.fake.writes().filter(r => r.graphql?.fields.includes('enqueuePullRequest'))
    expect(enqueue).toHaveLength(1)
    expect(enqueue[0]?.graphql?.variables?.input?.expectedHeadOid).toBe(w.fake.pull(OWNER, REPO, 1).headSha)
    // The token could have merged around the queue: it never tried.
    expect(w.fake.requests.filter(r => r.operation === MERGE)).toEqual([])
    expect(w.fake.requests.some(r => r.graphql?.fields.includes('mergePullRequest'))).toBe(false)
    expect(w.fake.queueBypasses).toEqual([])
    expect(run.stdout).toContain('Added #1 to the merge queue')
  })

  it('merge: fails naming why when the queue drops the pull request', async () => {
    w = await e2e.world({repo: {mergeQueue: {removeWith: 'The merge group failed checks (ci).', mergeAfterMs: 500}}})
    const head = w.head()
    const run = await w.run(base({strategy: 'merge', timeout: '30s'}))
    expect(run.code).toBe(1)
    expect(run.outputs).toMatchObject({result: 'failed', 'pull-request-number': '1'})
    expect(run.errors.join('\n')).toContain('was removed from the merge queue: The merge group failed checks (ci).')
    expect(w.head()).toBe(head)
  })

  it('auto-merge: GitHub queues the PR once its checks pass; commit is the queue merge', async () => {
    w = await e2e.world({
      repo: {allowAutoMerge: true, mergeQueue: {mergeAfterMs: 500}, protection: {requiredStatusChecks: ['ci']}}
    })
    const world_ = w
    const off = w.fake.onEvent(e => {
      if (e.type === 'pull_request' && e.number === 1 && e.sha === undefined) {
        off()
        setTimeout(
          () =>
            world_.fake.addStatus(OWNER, REPO, world_.fake.pull(OWNER, REPO, 1).headSha, {
              state: 'success',
              context: 'ci'
            }),
          400
        )
      }
    })
    const run = await w.run(base({strategy: 'auto-merge', timeout: '30s'}))
    expect(run.code).toBe(0)
    const merged = w.fake.queueLog.find(e => e.action === 'merged')
    expect(run.outputs.commit).toBe(merged?.sha)
    expect(w.head()).toBe(merged?.sha)
    expect(w.fake.requests.filter(r => r.operation === MERGE)).toEqual([])
  })
})

describe('a refused merge is classified', () => {
  it('not mergeable yet (checks pending): retries and merges once the check passes', async () => {
    w = await e2e.world({repo: {protection: {requiredStatusChecks: ['ci']}}})
    const world_ = w
    const off = w.fake.onEvent(e => {
      if (e.type === 'pull_request' && e.number === 1) {
        off()
        setTimeout(
          () =>
            world_.fake.addStatus(OWNER, REPO, world_.fake.pull(OWNER, REPO, 1).headSha, {
              state: 'success',
              context: 'ci'
            }),
          600
        )
      }
    })
    const run = await w.run(base({strategy: 'merge', timeout: '30s'}))
    expect(run.code).toBe(0)
    expect(run.stdout).toContain('is not mergeable yet: Required status check "ci" is expected.')
    expect(w.fake.requests.filter(r => r.operation === MERGE).length).toBeGreaterThan(1)
    expect(run.outputs.commit).toBe(w.head())
  })

  it('merge method not allowed: fails at once naming merge-method and the allowed methods', async () => {
    w = await e2e.world({repo: {allowSquashMerge: false, allowRebaseMerge: false}})
    const run = await w.run(base({strategy: 'merge', timeout: '5m'}))
    report('merge method not allowed', run.durationMs)
    expect(run.code).toBe(1)
    expect(run.outputs.result).toBe('failed')
    const msg = run.errors.join('\n')
    expect(msg).toContain("Input 'merge-method' is 'squash'")
    expect(msg).toContain('allows: merge.')
    expect(w.fake.requests.filter(r => r.operation === MERGE)).toHaveLength(1)
    expect(run.durationMs).toBeLessThan(AT_ONCE_MS)
  })

  it('blocked by reviews: fails at once naming what is required', async () => {
    w = await e2e.world({repo: {protection: {requiredApprovals: 2}}})
    const run = await w.run(base({strategy: 'merge', timeout: '5m'}))
    report('blocked by reviews', run.durationMs)
    expect(run.code).toBe(1)
    expect(run.errors.join('\n')).toContain(
      'cannot be merged until a person acts: At least 2 approving reviews are required by reviewers with write access.'
    )
    expect(w.fake.requests.filter(r => r.operation === MERGE)).toHaveLength(1)
    expect(run.durationMs).toBeLessThan(AT_ONCE_MS)
  })

  it('pull request closed: fails at once', async () => {
    w = await e2e.world()
    const world_ = w
    const off = w.fake.faults.beforeWrite(async r => {
      if (r.method === 'PUT' && r.operation === '/repos/{owner}/{repo}/pulls/{pull_number}/merge') {
        off()
        await fetch(`${world_.fake.url}/repos/${OWNER}/${REPO}/pulls/1`, {
          method: 'PATCH',
          headers: {authorization: `token ${world_.fake.token}`, 'x-fake-client': 'test'},
          body: JSON.stringify({state: 'closed'})
        })
      }
    })
    const run = await w.run(base({strategy: 'merge', timeout: '5m'}))
    report('pull request closed', run.durationMs)
    expect(run.code).toBe(1)
    expect(run.errors.join('\n')).toContain('#1 was closed without being merged')
    expect(run.durationMs).toBeLessThan(AT_ONCE_MS)
  })

  it('merge queue required (405 from a merge): the PR goes to the queue instead', async () => {
    w = await e2e.world({repo: {mergeQueue: {mergeAfterMs: 300}}})
    // A GitHub that does not say up front that the base has a queue: only the merge's 405 tells.
    const pullRequestState = (r: RequestInfo): boolean =>
      Boolean(r.graphqlFields?.includes('repository')) && String(r.body?.query).includes('pullRequest(')
    w.fake.faults.failNext(pullRequestState, 200, {
      data: {
        repository: {
          pullRequest: {
            state: 'OPEN',
            headRefOid: '0'.repeat(40),
            isMergeQueueEnabled: false,
            mergeCommit: null,
            mergeQueueEntry: null,
            autoMergeRequest: null,
            timelineItems: {nodes: []}
          }
        }
      }
    })
    const run = await w.run(base({strategy: 'merge', timeout: '30s'}))
    expect(run.code).toBe(0)
    const merge = w.fake.requests.filter(r => r.operation === MERGE)
    expect(merge.map(r => [r.status, r.response?.message])).toEqual([
      [405, 'Changes must be made through the merge queue']
    ])
    expect(run.outputs.commit).toBe(w.fake.queueLog.find(e => e.action === 'merged')?.sha)
  })
})

describe('push refused by the branch rules', () => {
  it('a ruleset requiring pull requests: fails at once, names the rule, sends no write', async () => {
    w = await e2e.world({repo: {rulesets: [{name: 'protect main', rules: ['pull_request']}]}})
    const head = w.head()
    const run = await w.run(base({strategy: 'push'}))
    report('push refused by a ruleset', run.durationMs)
    expect(run.code).toBe(1)
    const msg = run.errors.join('\n')
    expect(msg).toContain("ruleset 'protect main' requires that changes must be made through a pull request")
    expect(msg).toContain('Use strategy: merge')
    expect(w.fake.writes()).toEqual([])
    expect(w.head()).toBe(head)
    expect(run.durationMs).toBeLessThan(AT_ONCE_MS)
  })

  it('classic protection requiring pull requests: the refused commit fails at once, nothing written', async () => {
    w = await e2e.world({repo: {protection: {requirePullRequest: true}}})
    const head = w.head()
    const run = await w.run(base({strategy: 'push'}))
    report('push refused by branch protection', run.durationMs)
    expect(run.code).toBe(1)
    const msg = run.errors.join('\n')
    expect(msg).toContain('Protected branch update failed for refs/heads/main.')
    expect(msg).toContain('Nothing was written. Use strategy: merge')
    expect(w.fake.writes().map(r => r.graphql?.errors?.length)).toEqual([1])
    expect(w.head()).toBe(head)
    expect(run.durationMs).toBeLessThan(AT_ONCE_MS)
  })
})

/** The head branch every run of this promotion shares. */
const HEAD_BRANCH = 'gitops-promote/main/podinfo'

/** Another run of the same promotion opens its pull request from `branch` and squash-merges it; the merge commit. */
async function otherRunLands(world: World, branch: string): Promise<string> {
  const res = await fetch(`${world.fake.url}/repos/${OWNER}/${REPO}/pulls`, {
    method: 'POST',
    headers: {authorization: `Bearer ${world.fake.token}`, 'content-type': 'application/json'},
    body: JSON.stringify({head: branch, base: 'main', title: 'Promote (other run)'})
  })
  const pr = (await res.json()) as {number: number}
  return world.fake.mergePullRequest(OWNER, REPO, pr.number, 'squash')
}

describe('concurrent runs of one promotion', () => {
  it('two runs 300 ms apart both end healthy, and the image is written once', async () => {
    w = await e2e.world()
    e2e.flux(
      startFakeFlux(w.fake, {
        owner: OWNER,
        repo: REPO,
        branch: 'main',
        reporters: [{context: 'kustomization/apps/0c9c2e41', delayMs: 300}]
      })
    )
    const initial = w.head()
    const inputs = {images: NEW, paths: 'kustomize', strategy: 'merge', timeout: '60s'}
    const first = w.run(inputs)
    await new Promise(r => setTimeout(r, 300))
    const second = w.run(inputs)
    const [a, b] = await Promise.all([first, second])
    expect([a.outputs.result, b.outputs.result]).toEqual(['healthy', 'healthy'])
    expect([a.code, b.code]).toEqual([0, 0])
    // One commit on main after the initial one carries the image; nothing else landed.
    const log = w.fake.log(OWNER, REPO, 'main')
    expect(log.map(c => c.sha)).toEqual([w.head(), initial])
    expect(w.file(KUSTOMIZE)).toContain(`image: ${NEW}`)
    expect(w.fake.pulls(OWNER, REPO).filter(p => p.merged)).toHaveLength(1)
    for (const r of [a, b]) expect(w.fake.isAncestor(OWNER, REPO, r.outputs.commit as string, w.head())).toBe(true)
  }, 120_000)

  it('a parallel run that pushes onto the head branch, then lands and deletes it: this one looks again, no error', async () => {
    w = await e2e.world()
    const world_ = w
    const initial = w.head()
    const branch = HEAD_BRANCH
    const changed = (w.file(KUSTOMIZE) as string).replace(`${PODINFO}:6.14.1`, NEW)
    let merged = ''
    let pushed = false
    // The other run commits onto the branch just before this run's commit (which then finds the branch moved)...
    const offWrite = w.fake.faults.beforeWrite(r => {
      if (!r.graphqlFields?.includes('createCommitOnBranch')) return
      offWrite()
      world_.fake.commitFiles(OWNER, REPO, branch, {[KUSTOMIZE]: changed}, 'Promote (other run)')
      pushed = true
    })
    // ...then opens, squash-merges and deletes it before this run reads the branch again.
    const offRead = w.fake.faults.beforeRead(async r => {
      if (!pushed || !r.path.includes(branch)) return
      offRead()
      merged = await otherRunLands(world_, HEAD_BRANCH)
      world_.fake.deleteBranch(OWNER, REPO, branch)
    })
    const run = await w.run({images: NEW, paths: 'kustomize', strategy: 'merge', wait: 'none'})
    expect(merged).not.toBe('')
    expect(run.errors).toEqual([])
    expect(run.code).toBe(0)
    expect(run.outputs).toMatchObject({changed: 'false', commit: merged})
    expect(run.stdout).toContain(`'${branch}' was deleted meanwhile`)
    expect(w.fake.log(OWNER, REPO, 'main').map(c => c.sha)).toEqual([merged, initial])
    expect(w.fake.pulls(OWNER, REPO)).toHaveLength(1)
  })

  it('a parallel run that merges its PR while this one reads the branch: no second PR, no second commit', async () => {
    w = await e2e.world()
    const world_ = w
    const initial = w.head()
    // The other run has committed the change onto the shared head branch and has not opened its PR yet.
    const branch = HEAD_BRANCH
    w.fake.createBranch(OWNER, REPO, branch)
    const text = w.file(KUSTOMIZE) as string
    w.fake.commitFiles(
      OWNER,
      REPO,
      branch,
      {[KUSTOMIZE]: text.replace(`${PODINFO}:6.14.1`, NEW)},
      'Promote (other run)'
    )
    // It opens and squash-merges its PR right after this run read the base and found the branch ahead of it.
    let merged = ''
    const off = w.fake.faults.beforeRead(async r => {
      if (r.operation !== '/repos/{owner}/{repo}/pulls' || r.query?.state !== 'closed' || merged) return
      off()
      merged = await otherRunLands(world_, HEAD_BRANCH)
    })
    const run = await w.run({images: NEW, paths: 'kustomize', strategy: 'merge', wait: 'none'})
    expect(merged).not.toBe('')
    expect(run.code).toBe(0)
    expect(run.outputs).toMatchObject({changed: 'false', commit: merged})
    expect(w.fake.log(OWNER, REPO, 'main').map(c => c.sha)).toEqual([merged, initial])
    expect(w.fake.pulls(OWNER, REPO)).toHaveLength(1)
  })
})
