// The rollout's views, end to end: the PR comment a merge run keeps on its pull request (one create, then edits),
// and the job summary's Mermaid chart.
import {describe, it, expect} from '@jest/globals'
import mermaid from 'mermaid'
import {e2eSession} from './session.js'
import {OWNER, PODINFO, REPO} from '../../testing/harness.js'

const APPS = 'kustomization/apps/0c9c2e41'
const e2e = e2eSession(['violations', 'unimplemented', 'forcedUpdates'])

const mergeAndWait = (extra: Record<string, string> = {}): Record<string, string> => ({
  images: `${PODINFO}:6.15.0`,
  paths: 'kustomize',
  strategy: 'merge',
  timeout: '20s',
  ...extra
})

describe('the rollout views', () => {
  it('a merge run keeps one PR comment: 1 create, then an edit per state change and the verdict', async () => {
    const {w} = await e2e.withFlux([
      {
        context: APPS,
        delayMs: 300,
        script: [
          {state: 'pending', description: 'Reconciliation in progress'},
          {afterMs: 700, state: 'success', description: 'reconciliation succeeded'}
        ]
      }
    ])
    const run = await w.run(mergeAndWait())
    expect(run.code).toBe(0)
    expect(run.outputs.result).toBe('healthy')
    const number = Number(run.outputs['pull-request-number'])

    const writes = w.fake.writes().filter(r => r.path.includes('/comments'))
    // Created when the pull request is open (waiting for the merge), edited when the wait for Flux starts, when
    // the context appears (pending), when it turns healthy, and once more with the verdict.
    expect(writes.map(r => r.method)).toEqual(['POST', 'PATCH', 'PATCH', 'PATCH', 'PATCH'])
    const shown = writes.map(r => /### gitops-promote: (.*)/.exec((r.body as {body: string}).body)?.[1])
    expect(shown).toEqual([
      '🔀 waiting for the merge',
      '⏳ waiting for Flux',
      '⏳ waiting for Flux',
      '⏳ waiting for Flux',
      '✅ healthy'
    ])
    expect((writes[2]?.body as {body: string}).body).toContain('⏳ pending')
    expect((writes[3]?.body as {body: string}).body).toContain('✅ healthy')
    const comments = w.fake.comments(OWNER, REPO, number)
    expect(comments).toHaveLength(1)
    const body = comments[0]?.body ?? ''
    expect(body).toMatch(/^<!-- gitops-promote:[0-9a-f]{16} -->\n### gitops-promote: ✅ healthy/)
    expect(body).toContain(`| \`${APPS}\` | ✅ healthy | [\`${run.outputs.commit?.slice(0, 7)}\`]`)
    expect(body).toContain(`**Applied revision:** [\`${run.outputs['applied-revision']?.slice(0, 7)}\`]`)
    expect(body).toContain('[Workflow run](')

    // The summary draws the rollout: the pull request, the merge, the context until healthy.
    const block = /```mermaid\n([\s\S]*?)\n```/.exec(run.summary)?.[1] ?? ''
    expect(await mermaid.parse(block)).toMatchObject({diagramType: 'gantt'})
    expect(block).toContain('open the pull request :done, write,')
    expect(block).toContain('merge :done, merge,')
    expect(block).toContain(`${APPS} healthy :done, ctx0,`)

    // A re-run of the same promotion (nothing left to change: no pull request) writes no comment.
    const again = await w.run(mergeAndWait())
    expect(again.outputs.changed).toBe('false')
    expect(w.fake.writes().filter(r => r.path.includes('/comments'))).toHaveLength(5)
  })

  it('a re-run of a promotion whose pull request is still open edits the same comment', async () => {
    const {w} = await e2e.withFlux([{context: APPS, delayMs: 100}])
    // Nobody merges: the first run gives up waiting for the merge.
    const first = await w.run(mergeAndWait({strategy: 'pull-request', timeout: '2s'}))
    expect(first.outputs.result).toBe('timed-out')
    const number = Number(first.outputs['pull-request-number'])
    expect(w.fake.comments(OWNER, REPO, number)).toHaveLength(1)
    expect(w.fake.comments(OWNER, REPO, number)[0]?.body).toContain('### gitops-promote: ⌛ timed out')

    // The re-run finds the open pull request and its comment; a person merges meanwhile.
    const timer = setTimeout(() => w.fake.mergePullRequest(OWNER, REPO, number, 'squash'), 1000)
    const again = await w.run(mergeAndWait({strategy: 'pull-request'}))
    clearTimeout(timer)
    expect(again.outputs.result).toBe('healthy')
    expect(Number(again.outputs['pull-request-number'])).toBe(number)
    const comments = w.fake.comments(OWNER, REPO, number)
    expect(comments).toHaveLength(1)
    expect(comments[0]?.body).toContain('### gitops-promote: ✅ healthy')
    expect(w.fake.writes().filter(r => r.method === 'POST' && r.path.endsWith('/comments'))).toHaveLength(1)
  })

  it('a create whose answer was lost (applied, then a 502) is read back, not posted again', async () => {
    const {w} = await e2e.withFlux([{context: APPS, delayMs: 300}])
    w.fake.faults.failNext('POST /repos/{owner}/{repo}/issues/{issue_number}/comments', 502, undefined, {
      afterApply: true
    })
    const run = await w.run(mergeAndWait())
    expect(run.outputs.result).toBe('healthy')
    const number = Number(run.outputs['pull-request-number'])
    const comments = w.fake.comments(OWNER, REPO, number)
    expect(comments).toHaveLength(1)
    expect(comments[0]?.body).toContain('### gitops-promote: ✅ healthy')
    const writes = w.fake.writes().filter(r => r.path.includes('/comments'))
    expect(writes.filter(r => r.method === 'POST')).toHaveLength(1)
    expect(writes[0]?.status).toBe(502)
  })

  it('without the permission it warns once and the rollout still succeeds', async () => {
    const {w} = await e2e.withFlux([{context: APPS, delayMs: 100}])
    // A token that may open and merge the PR but not comment (GitHub answers 403 to the comment calls).
    w.fake.faults.failNext(
      r => r.path.endsWith('/comments'),
      403,
      {message: 'Resource not accessible by integration', status: '403'},
      {times: 10}
    )
    const run = await w.run(mergeAndWait())
    expect(run.code).toBe(0)
    expect(run.outputs.result).toBe('healthy')
    const about = run.warnings.filter(m => m.includes('comment'))
    expect(about).toHaveLength(1)
    expect(about[0]).toContain("needs 'pull-requests: write' (or 'issues: write')")
  })

  it('pr-comment: false writes none', async () => {
    const {w} = await e2e.withFlux([{context: APPS, delayMs: 100}])
    const run = await w.run(mergeAndWait({'pr-comment': 'false'}))
    expect(run.outputs.result).toBe('healthy')
    expect(w.fake.requests.filter(r => r.path.includes('/comments'))).toEqual([])
  })
})
