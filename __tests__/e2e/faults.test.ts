// Faults, end to end through dist/index.js: answers lost after GitHub applied a write (a 502, a reset connection, no
// answer at all), hung connections, endpoints a GitHub Enterprise Server lacks (501), and inputs that could not take
// effect. The run never mistakes its own write for someone else's, never writes twice, and never hangs.
import {describe, it, expect} from '@jest/globals'
import {e2eSession} from './session.js'
import {PODINFO, OWNER, REPO, type World} from '../../testing/harness.js'
import {startFakeFlux} from '../../testing/fake-flux.js'
import {TEST_REQUEST_DEADLINE_ENV} from '../../src/action/inputs.js'

const KUSTOMIZE = 'kustomize/deployment.yaml'
const NEW = `${PODINFO}:6.15.0`
const HEAD_BRANCH = 'gitops-promote/main/podinfo'
const CONTEXT = 'kustomization/apps/0c9c2e41'
const BAD_GATEWAY = {message: 'Bad Gateway'}
// Short enough that a hung connection costs little here; a real run gives each request 30 s.
const DEADLINE = {[TEST_REQUEST_DEADLINE_ENV]: '1500ms'}

let w: World | undefined
const e2e = e2eSession(['violations', 'unimplemented', 'forcedUpdates'])

function base(extra: Record<string, string> = {}): Record<string, string> {
  return {images: NEW, paths: 'kustomize', wait: 'none', ...extra}
}

/** The commits on main after `from`, newest first. */
function commitsSince(world_: World, from: string): string[] {
  const log = world_.fake.log(OWNER, REPO, 'main').map(c => c.sha)
  return log.slice(0, log.indexOf(from))
}

describe('a write whose answer is lost is read back, never mistaken for someone else’s', () => {
  it.each([
    [
      'a 502',
      (x: World) => x.fake.faults.failNext('graphql:createCommitOnBranch', 502, BAD_GATEWAY, {afterApply: true})
    ],
    ['a reset connection', (x: World) => x.fake.faults.resetNext('graphql:createCommitOnBranch', {afterApply: true})],
    ['no answer at all', (x: World) => x.fake.faults.hangNext('graphql:createCommitOnBranch', {afterApply: true})]
  ])('push: the commit applied, then %s: changed=true, commit = our commit, one commit', async (_what, inject) => {
    w = await e2e.world()
    const before = w.head()
    inject(w)
    const run = await w.run(base({strategy: 'push'}), {env: DEADLINE})
    expect(run.code).toBe(0)
    expect(run.outputs).toMatchObject({changed: 'true', commit: w.head(), files: KUSTOMIZE, result: 'written'})
    expect(commitsSince(w, before)).toEqual([w.head()])
    expect(w.fake.writes().filter(r => r.graphql?.fields?.includes('createCommitOnBranch'))).toHaveLength(1)
  })

  it('push: a 502 before the commit applied: read back, sent again, one commit', async () => {
    w = await e2e.world()
    const before = w.head()
    w.fake.faults.failNext('graphql:createCommitOnBranch', 502, BAD_GATEWAY)
    const run = await w.run(base({strategy: 'push'}))
    expect(run.code).toBe(0)
    expect(run.outputs).toMatchObject({changed: 'true', commit: w.head()})
    expect(commitsSince(w, before)).toEqual([w.head()])
  })

  it('on-failure: revert still fires when the commit’s answer was lost', async () => {
    w = await e2e.world()
    const world_ = w
    const holdsNew = (sha: string): boolean => (world_.fake.getFile(OWNER, REPO, sha, KUSTOMIZE) ?? '').includes(NEW)
    e2e.flux(
      startFakeFlux(w.fake, {
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
    )
    const before = w.head()
    w.fake.faults.failNext('graphql:createCommitOnBranch', 502, BAD_GATEWAY, {afterApply: true})
    const run = await w.run({
      ...base({strategy: 'push', wait: 'commit-status'}),
      'on-failure': 'revert',
      'failure-grace': '0s',
      timeout: '30s'
    })
    expect(run.code).toBe(1)
    expect(run.outputs).toMatchObject({changed: 'true', result: 'reverted'})
    const [revert, promote] = commitsSince(w, before)
    expect(run.outputs.commit).toBe(promote)
    expect(run.outputs['revert-commit']).toBe(revert)
  }, 60_000)

  it.each([
    ['the head branch’s commit', 'graphql:createCommitOnBranch'],
    ['the head branch', 'POST /repos/{owner}/{repo}/git/refs'],
    ['the pull request', 'POST /repos/{owner}/{repo}/pulls'],
    ['the merge', 'PUT /repos/{owner}/{repo}/pulls/{pull_number}/merge'],
    ['the head branch’s deletion', 'DELETE /repos/{owner}/{repo}/git/refs/{ref}']
  ])('merge: %s applied, then a 502: one PR, merged, its branch deleted, changed=true', async (_what, op) => {
    w = await e2e.world()
    w.fake.faults.failNext(op, 502, BAD_GATEWAY, {afterApply: true})
    const run = await w.run(base({strategy: 'merge'}))
    expect(run.code).toBe(0)
    const pulls = w.fake.pulls(OWNER, REPO)
    expect(pulls.map(p => [p.number, p.merged])).toEqual([[1, true]])
    expect(run.outputs).toMatchObject({changed: 'true', commit: w.head(), 'pull-request-number': '1'})
    expect(pulls[0]?.mergeCommitSha).toBe(w.head())
    expect(w.fake.headOf(OWNER, REPO, HEAD_BRANCH)).toBeUndefined()
  })

  it('merge: the merge applied, then no answer (a hung connection): merged, branch deleted', async () => {
    w = await e2e.world()
    w.fake.faults.hangNext('PUT /repos/{owner}/{repo}/pulls/{pull_number}/merge', {afterApply: true})
    const run = await w.run(base({strategy: 'merge'}), {env: DEADLINE})
    expect(run.code).toBe(0)
    expect(run.outputs).toMatchObject({changed: 'true', commit: w.head()})
    expect(w.fake.pull(OWNER, REPO, 1).merged).toBe(true)
    expect(w.fake.headOf(OWNER, REPO, HEAD_BRANCH)).toBeUndefined()
  })

  it('auto-merge: enabling it applied, then a 502: GitHub merges the one PR', async () => {
    w = await e2e.world({
      repo: {allowAutoMerge: true, autoMergeAfterReads: 2, protection: {requiredStatusChecks: ['ci']}}
    })
    w.fake.faults.failNext('graphql:enablePullRequestAutoMerge', 502, BAD_GATEWAY, {afterApply: true})
    const run = await w.run(base({strategy: 'auto-merge'}))
    expect(run.code).toBe(0)
    const pr = w.fake.pull(OWNER, REPO, 1)
    expect(pr.merged).toBe(true)
    expect(run.outputs.commit).toBe(pr.mergeCommitSha)
    expect(w.fake.writes().filter(r => r.graphql?.fields?.includes('enablePullRequestAutoMerge'))).toHaveLength(1)
  })

  it('merge queue: the enqueue applied, then a 502: the queue merges the one PR', async () => {
    w = await e2e.world({repo: {mergeQueue: {mergeAfterMs: 300}}})
    w.fake.faults.failNext('graphql:enqueuePullRequest', 502, BAD_GATEWAY, {afterApply: true})
    const run = await w.run(base({strategy: 'merge'}))
    expect(run.code).toBe(0)
    const pr = w.fake.pull(OWNER, REPO, 1)
    expect(pr.merged).toBe(true)
    expect(run.outputs.commit).toBe(pr.mergeCommitSha)
    expect(w.fake.writes().filter(r => r.graphql?.fields?.includes('enqueuePullRequest'))).toHaveLength(1)
  })

  it('environment: the Deployment and its statuses applied, then 502s: one Deployment, no repeated status', async () => {
    w = await e2e.world()
    w.fake.faults.failNext('POST /repos/{owner}/{repo}/deployments', 502, BAD_GATEWAY, {afterApply: true})
    w.fake.faults.failNext('POST /repos/{owner}/{repo}/deployments/{deployment_id}/statuses', 502, BAD_GATEWAY, {
      afterApply: true,
      times: 2
    })
    const run = await w.run(base({strategy: 'push', environment: 'staging'}))
    expect(run.code).toBe(0)
    const deployments = w.fake.deployments(OWNER, 'app')
    expect(deployments).toHaveLength(1)
    expect(deployments[0]?.statuses.map(s => s.state)).toEqual(['in_progress', 'success'])
  })
})

describe('every GitHub request has a deadline', () => {
  it('merge: a read that never answers costs one deadline, then is asked again', async () => {
    w = await e2e.world()
    w.fake.faults.hangNext('GET /repos/{owner}/{repo}/pulls')
    const run = await w.run(base({strategy: 'merge'}), {env: DEADLINE})
    expect(run.code).toBe(0)
    expect(run.outputs).toMatchObject({changed: 'true', commit: w.head(), result: 'written'})
    expect(w.fake.requests.filter(r => r.operation === 'GET /repos/{owner}/{repo}/pulls')).toHaveLength(2)
  })

  it('push: the second status read never answers (a hung connection): the wait goes on and ends healthy', async () => {
    const {w: world_} = await e2e.withFlux([{context: CONTEXT, delayMs: 300}])
    w = world_
    w.fake.faults.hangNext('GET /repos/{owner}/{repo}/commits/{ref}/status', {nth: 2})
    const run = await w.run(base({strategy: 'push', wait: 'commit-status', timeout: '30s'}), {env: DEADLINE})
    expect(run.code).toBe(0)
    expect(run.outputs).toMatchObject({result: 'healthy', 'applied-revision': w.head()})
    expect(w.fake.requests.filter(r => r.injected === 'hang')).toHaveLength(1)
  }, 45_000)
})

describe('inputs that could not take effect', () => {
  it.each([
    ['merge', 'squash'],
    ['merge', 'merge']
  ])('strategy %s (%s): commit-message is the merge commit’s title and body', async (strategy, method) => {
    w = await e2e.world()
    const run = await w.run(
      base({
        strategy,
        'merge-method': method,
        'commit-message': 'deploy: {images}\n\nRollout of {branch} by the release pipeline.',
        'pr-title': 'PR title is not the commit'
      })
    )
    expect(run.code).toBe(0)
    expect(w.fake.log(OWNER, REPO, 'main')[0]?.message).toBe(
      `deploy: ${NEW} (#1)\n\nRollout of main by the release pipeline.`
    )
  })

  it('strategy auto-merge: commit-message is the auto-merge commit’s title and body', async () => {
    w = await e2e.world({
      repo: {allowAutoMerge: true, autoMergeAfterReads: 2, protection: {requiredStatusChecks: ['ci']}}
    })
    const run = await w.run(
      base({strategy: 'auto-merge', 'commit-message': 'deploy: {images}\n\nBody.', 'pr-title': 'Not this'})
    )
    expect(run.code).toBe(0)
    expect(w.fake.log(OWNER, REPO, 'main')[0]?.message).toBe(`deploy: ${NEW} (#1)\n\nBody.`)
  })

  it.each([
    [{soak: '5m'}, 'soak'],
    [{'on-failure': 'revert'}, 'on-failure']
  ])('%j with wait: none is an input error; nothing is written', async (extra, input) => {
    w = await e2e.world()
    const run = await w.run(base({strategy: 'push', ...extra}))
    expect(run.code).toBe(1)
    expect(run.outputs.result).toBe('failed')
    expect(run.errors.join('\n')).toContain(`Input '${input}'`)
    expect(run.errors.join('\n')).toContain('wait: none')
    expect(w.fake.writes()).toEqual([])
  })
})

describe('501: an endpoint this GitHub lacks', () => {
  it('push: the rules pre-check answers 501: skipped once, the push lands', async () => {
    w = await e2e.world()
    const rules = 'GET /repos/{owner}/{repo}/rules/branches/{branch}'
    w.fake.faults.failNext(rules, 501, {message: 'Not Implemented'}, {times: 10})
    const run = await w.run(base({strategy: 'push'}))
    expect(run.code).toBe(0)
    expect(run.outputs).toMatchObject({changed: 'true', commit: w.head()})
    expect(w.fake.requests.filter(r => r.operation === rules)).toHaveLength(1)
  })

  it('push refused by a ruleset whose own read answers 501: the message names the rule, read once', async () => {
    w = await e2e.world({repo: {rulesets: [{name: 'protect main', rules: ['pull_request']}]}})
    const ruleset = 'GET /repos/{owner}/{repo}/rulesets/{ruleset_id}'
    w.fake.faults.failNext(ruleset, 501, {message: 'Not Implemented'}, {times: 10})
    const run = await w.run(base({strategy: 'push'}))
    expect(run.code).toBe(1)
    expect(run.errors.join('\n')).toContain("rule 'pull_request'")
    expect(w.fake.requests.filter(r => r.operation === ruleset)).toHaveLength(1)
    expect(w.fake.writes()).toEqual([])
  })

  it('a 501 on a read the run needs fails at once, naming the endpoint', async () => {
    w = await e2e.world()
    w.fake.faults.failNext('GET /repos/{owner}/{repo}/pulls', 501, {message: 'Not Implemented'}, {times: 10})
    const run = await w.run(base({strategy: 'merge'}))
    expect(run.code).toBe(1)
    expect(run.errors.join('\n')).toContain('501 (not implemented) for GET /repos/acme/gitops/pulls')
    expect(w.fake.requests.filter(r => r.operation === 'GET /repos/{owner}/{repo}/pulls')).toHaveLength(1)
  })
})
