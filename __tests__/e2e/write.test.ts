// Writing, end to end through dist/index.js: every strategy, races, re-runs, faults and permissions.
import {describe, it, expect} from '@jest/globals'
import {e2eSession} from './session.js'
import {changedLines, PODINFO, OWNER, REPO, type World} from '../../testing/harness.js'

const KUSTOMIZE = 'kustomize/deployment.yaml'
const NEW = `${PODINFO}:6.15.0`

let w: World | undefined
// Every test: only real GitHub operations, and never a forced ref update.
const e2e = e2eSession(['violations', 'unimplemented', 'forcedUpdates'])

function base(extra: Record<string, string> = {}): Record<string, string> {
  return {images: NEW, paths: 'kustomize', wait: 'none', ...extra}
}

describe('push', () => {
  it('lands one commit with exactly the changed value', async () => {
    w = await e2e.world()
    const before = w.file(KUSTOMIZE) as string
    const parent = w.head()
    const run = await w.run(base({strategy: 'push'}))
    expect(run.code).toBe(0)
    expect(run.outputs).toEqual({changed: 'true', files: KUSTOMIZE, commit: w.head(), images: NEW, result: 'written'})
    expect(w.fake.log(OWNER, REPO, 'main')[0]).toMatchObject({
      parents: [parent],
      message: `Promote ${NEW} on main`
    })
    expect(changedLines(before, w.file(KUSTOMIZE) as string)).toEqual([
      `-        image: ${PODINFO}:6.14.1`,
      `+        image: ${NEW}`
    ])
    // One GraphQL mutation is the whole write.
    expect(w.fake.writes().map(r => r.graphql?.fields)).toEqual([['createCommitOnBranch']])
  })

  it('re-applies on the new head when someone else pushed between read and write; their commit survives', async () => {
    w = await e2e.world()
    const world_ = w
    let theirs = ''
    const off = w.fake.faults.beforeWrite(() => {
      off()
      theirs = world_.fake.commitFiles(
        OWNER,
        REPO,
        'main',
        {'kustomize/hpa.yaml': 'other: pipeline\n'},
        'Other pipeline'
      )
    })
    const run = await w.run(base({strategy: 'push'}))
    expect(run.code).toBe(0)
    expect(run.stdout).toContain('moved while writing')
    const head = w.head()
    expect(run.outputs.commit).toBe(head)
    expect(w.fake.log(OWNER, REPO, 'main')[0]?.parents).toEqual([theirs])
    expect(w.file('kustomize/hpa.yaml')).toBe('other: pipeline\n')
    expect(w.file(KUSTOMIZE)).toContain(`image: ${NEW}`)
    expect(w.fake.writes().map(r => r.graphql?.fields?.[0])).toEqual(['createCommitOnBranch', 'createCommitOnBranch'])
  })

  it('makes no commit when a concurrent commit already set the images', async () => {
    w = await e2e.world()
    const world_ = w
    const setByOther = (w.file(KUSTOMIZE) as string).replace(`${PODINFO}:6.14.1`, NEW)
    let theirs = ''
    const off = w.fake.faults.beforeWrite(() => {
      off()
      theirs = world_.fake.commitFiles(OWNER, REPO, 'main', {[KUSTOMIZE]: setByOther}, 'Same bump elsewhere')
    })
    const run = await w.run(base({strategy: 'push'}))
    expect(run.code).toBe(0)
    expect(run.outputs).toMatchObject({changed: 'false', commit: theirs, result: 'written'})
    expect(w.head()).toBe(theirs)
  })

  it('is idempotent: a re-run with the images already set sends no write at all', async () => {
    w = await e2e.world()
    expect((await w.run(base({strategy: 'push'}))).code).toBe(0)
    const head = w.head()
    const writes = w.fake.writes().length
    const again = await w.run(base({strategy: 'push'}))
    expect(again.code).toBe(0)
    expect(again.outputs).toMatchObject({changed: 'false', files: '', commit: head})
    expect(w.fake.writes()).toHaveLength(writes)
  })

  it('explains a 403 on write with the permission and repo, and leaves nothing behind', async () => {
    w = await e2e.world()
    w.fake.setPermissions(OWNER, REPO, {contents: 'read', pull_requests: 'read'})
    const head = w.head()
    const run = await w.run(base({strategy: 'push'}))
    expect(run.code).toBe(1)
    expect(run.outputs.result).toBe('failed')
    expect(run.errors.join('\n')).toContain(`needs 'contents: write' on ${OWNER}/${REPO}`)
    expect(w.head()).toBe(head)
  })

  it('removes its branch again when it may not open the pull request, and says which permission is missing', async () => {
    w = await e2e.world()
    w.fake.setPermissions(OWNER, REPO, {contents: 'write', pull_requests: 'read'})
    const head = w.head()
    const run = await w.run(base({strategy: 'merge'}))
    expect(run.code).toBe(1)
    const message = run.errors.join('\n')
    expect(message).toContain(`needs 'pull-requests: write' on ${OWNER}/${REPO}`)
    expect(message).toContain("The branch 'gitops-promote/main/podinfo' made for it was deleted again.")
    expect(w.fake.headOf(OWNER, REPO, 'gitops-promote/main/podinfo')).toBeUndefined()
    expect(w.head()).toBe(head)
  })

  it('succeeds through 502s on a fifth of the requests and a secondary rate limit', async () => {
    w = await e2e.world({fake: {errorRate: 0.2, seed: 7}})
    w.fake.faults.secondaryRateLimitOnce('graphql:createCommitOnBranch')
    const run = await w.run(base({strategy: 'push'}))
    expect(run.code).toBe(0)
    expect(run.outputs.changed).toBe('true')
    expect(w.fake.requests.some(r => r.injected && r.status === 502)).toBe(true)
    expect(w.fake.requests.some(r => r.injected && r.status === 403)).toBe(true)
    expect(w.file(KUSTOMIZE)).toContain(`image: ${NEW}`)
  }, 60_000)
})

describe('pull requests', () => {
  it('merge: opens a labelled PR, squash-merges it, outputs the commit on the branch and deletes the PR branch', async () => {
    w = await e2e.world()
    const run = await w.run(base({strategy: 'merge', 'pr-labels': 'promotion, staging'}))
    expect(run.code).toBe(0)
    const [pr] = w.fake.pulls(OWNER, REPO)
    expect(pr).toMatchObject({
      number: 1,
      state: 'closed',
      merged: true,
      headRef: 'gitops-promote/main/podinfo',
      baseRef: 'main',
      title: `Promote ${NEW} on main`,
      labels: ['promotion', 'staging']
    })
    expect(pr?.body).toContain(`| \`${PODINFO}:6.14.1\` | \`${NEW}\` |`)
    expect(pr?.body).toContain('`kustomize/deployment.yaml`')
    expect(pr?.body).toContain('https://github.com/acme/app/actions/runs/4242')
    expect(run.outputs).toEqual({
      changed: 'true',
      files: KUSTOMIZE,
      commit: w.head(),
      'pull-request-number': '1',
      'pull-request-url': `https://github.com/${OWNER}/${REPO}/pull/1`,
      images: NEW,
      result: 'written'
    })
    expect(pr?.mergeCommitSha).toBe(w.head())
    expect(w.fake.log(OWNER, REPO, 'main')[0]?.parents).toHaveLength(1)
    expect(w.fake.headOf(OWNER, REPO, 'gitops-promote/main/podinfo')).toBeUndefined()
  })

  it.each([
    ['merge', 2],
    ['rebase', 1]
  ])('merge-method %s: commit is the merge (or last rebased) commit on the branch', async (method, parents) => {
    w = await e2e.world()
    const run = await w.run(base({strategy: 'merge', 'merge-method': method}))
    expect(run.code).toBe(0)
    expect(run.outputs.commit).toBe(w.head())
    expect(w.fake.log(OWNER, REPO, 'main')[0]?.parents).toHaveLength(parents)
    expect(w.file(KUSTOMIZE)).toContain(`image: ${NEW}`)
  })

  it('merge: retries while GitHub says "not mergeable" and merges once it is', async () => {
    w = await e2e.world()
    w.fake.faults.failNext(
      'PUT /repos/{owner}/{repo}/pulls/{pull_number}/merge',
      405,
      {message: 'Required status check "ci" is expected.', documentation_url: 'https://docs.github.com/rest'},
      {times: 2}
    )
    const run = await w.run(base({strategy: 'merge'}))
    expect(run.code).toBe(0)
    expect(run.stdout).toContain('is not mergeable yet')
    expect(w.fake.pull(OWNER, REPO, 1).merged).toBe(true)
    expect(run.outputs.commit).toBe(w.head())
  })

  it('merge: brings a PR up to date when the base requires it and moved meanwhile (no force-push)', async () => {
    w = await e2e.world({repo: {protection: {strict: true}}})
    const world_ = w
    let theirs = ''
    const off = w.fake.faults.beforeWrite(r => {
      if (r.method === 'PUT' && r.operation === '/repos/{owner}/{repo}/pulls/{pull_number}/merge') {
        off()
        theirs = world_.fake.commitFiles(OWNER, REPO, 'main', {'kustomize/hpa.yaml': 'other: promotion\n'}, 'Other')
      }
    })
    const run = await w.run(base({strategy: 'merge'}))
    expect(run.code).toBe(0)
    expect(run.stdout).toContain("#1 is behind 'main': updating its branch.")
    expect(w.fake.pull(OWNER, REPO, 1).merged).toBe(true)
    expect(w.fake.isAncestor(OWNER, REPO, theirs, w.head())).toBe(true)
    expect(w.file('kustomize/hpa.yaml')).toBe('other: promotion\n')
    expect(w.file(KUSTOMIZE)).toContain(`image: ${NEW}`)
    expect(run.outputs.commit).toBe(w.head())
    expect(w.fake.headOf(OWNER, REPO, 'gitops-promote/main/podinfo')).toBeUndefined()
  })

  it('auto-merge: enables auto-merge and waits for GitHub to merge', async () => {
    w = await e2e.world({
      repo: {allowAutoMerge: true, autoMergeAfterReads: 2, protection: {requiredStatusChecks: ['ci']}}
    })
    const run = await w.run(base({strategy: 'auto-merge'}))
    expect(run.code).toBe(0)
    expect(run.stdout).toContain('Auto-merge enabled')
    const pr = w.fake.pull(OWNER, REPO, 1)
    expect(pr.merged).toBe(true)
    expect(run.outputs.commit).toBe(pr.mergeCommitSha)
    expect(w.fake.writes().some(r => r.graphql?.fields?.includes('enablePullRequestAutoMerge'))).toBe(true)
  })

  it('auto-merge: merges at once when GitHub says there is nothing to wait for', async () => {
    w = await e2e.world({repo: {allowAutoMerge: true}})
    const run = await w.run(base({strategy: 'auto-merge'}))
    expect(run.code).toBe(0)
    expect(run.stdout).toContain('nothing to wait for')
    expect(w.fake.pull(OWNER, REPO, 1).merged).toBe(true)
  })

  it('auto-merge: fails naming the setting when the repository does not allow it', async () => {
    w = await e2e.world({repo: {allowAutoMerge: false}})
    const run = await w.run(base({strategy: 'auto-merge'}))
    expect(run.code).toBe(1)
    expect(run.errors.join('\n')).toContain('Allow auto-merge')
    expect(run.outputs).toMatchObject({result: 'failed', 'pull-request-number': '1'})
  })

  it('pull-request: waits for a person to merge', async () => {
    w = await e2e.world()
    const world_ = w
    const off = w.fake.onEvent(e => {
      if (e.type === 'pull_request' && e.number === 1) {
        off()
        setTimeout(() => world_.fake.mergePullRequest(OWNER, REPO, 1, 'merge'), 400)
      }
    })
    const run = await w.run(base({strategy: 'pull-request', timeout: '30s'}))
    expect(run.code).toBe(0)
    expect(run.outputs.commit).toBe(w.fake.pull(OWNER, REPO, 1).mergeCommitSha)
    expect(run.outputs.result).toBe('written')
  })

  it('pull-request: fails when the PR is closed without merging', async () => {
    w = await e2e.world()
    const world_ = w
    const off = w.fake.onEvent(e => {
      if (e.type === 'pull_request' && e.number === 1) {
        off()
        setTimeout(
          () =>
            void fetch(`${world_.fake.url}/repos/${OWNER}/${REPO}/pulls/1`, {
              method: 'PATCH',
              headers: {authorization: `token ${world_.fake.token}`, 'x-fake-client': 'test'},
              body: JSON.stringify({state: 'closed'})
            }),
          300
        )
      }
    })
    const run = await w.run(base({strategy: 'pull-request', timeout: '30s'}))
    expect(run.code).toBe(1)
    expect(run.errors.join('\n')).toContain('was closed without being merged')
    expect(run.outputs).toMatchObject({result: 'failed', 'pull-request-number': '1'})
  })

  it('re-runs reuse the open PR: no second PR, the same one is merged', async () => {
    w = await e2e.world()
    const first = await w.run(base({strategy: 'pull-request', timeout: '1s'}))
    expect(first.code).toBe(1)
    expect(first.outputs).toMatchObject({result: 'timed-out', 'pull-request-number': '1'})
    const second = await w.run(base({strategy: 'merge', images: `${PODINFO}:6.16.0`}))
    expect(second.code).toBe(0)
    expect(w.fake.pulls(OWNER, REPO)).toHaveLength(1)
    expect(second.outputs['pull-request-number']).toBe('1')
    expect(w.file(KUSTOMIZE)).toContain(`image: ${PODINFO}:6.16.0`)
  })

  it('a leftover branch of a merged PR is replaced, not force-pushed', async () => {
    w = await e2e.world()
    expect((await w.run(base({strategy: 'merge'}))).code).toBe(0)
    // The repo keeps head branches: recreate the old one as GitHub would have left it.
    const merged = w.fake.pull(OWNER, REPO, 1)
    w.fake.createBranch(OWNER, REPO, merged.headRef, merged.headSha)
    const run = await w.run(base({strategy: 'merge', images: `${PODINFO}:6.16.0`}))
    expect(run.code).toBe(0)
    expect(w.fake.pulls(OWNER, REPO)).toHaveLength(2)
    expect(w.file(KUSTOMIZE)).toContain(`image: ${PODINFO}:6.16.0`)
  })
})
