// The rollout's PR comment against the fake GitHub, on a fake clock: one comment found by its marker, state
// changes written at once, other edits at most every 10 s, a lost create answer never posted twice, a token
// without the permission warned about once.
import {afterEach, beforeEach, describe, expect, it} from '@jest/globals'
import {createGitHub, type GitHub} from '../../../src/action/github/client.js'
import {MIN_EDIT_INTERVAL_MS, prComment, type PrCommentOptions} from '../../../src/action/report/pr-comment.js'
import {createBudget} from '../../../src/core/budget.js'
import type {PrCommentView} from '../../../src/core/views/pr-comment.js'
import {commentMarker} from '../../../src/core/views/promotion-key.js'
import type {ContextLine} from '../../../src/core/views/rollout.js'
import {startFakeGitHub, type FakeGitHub} from '../../../testing/fake-github/index.js'

const at = {owner: 'acme', repo: 'gitops'}
const C = '4b825dc642cb6eb9a060e54bf8d69288fbee4904'

let fake: FakeGitHub
let gh: GitHub
let number: number
let now: number
const warnings: string[] = []

beforeEach(async () => {
  fake = await startFakeGitHub()
  fake.createRepo(at.owner, at.repo, {files: {'app.yaml': 'image: a:1\n'}})
  fake.createBranch(at.owner, at.repo, 'gitops-promote/main/api')
  fake.commitFiles(at.owner, at.repo, 'gitops-promote/main/api', {'app.yaml': 'image: a:2\n'}, 'Promote')
  now = Date.parse('2026-12-08T01:00:00Z')
  warnings.length = 0
  gh = createGitHub(
    fake.token,
    {debug: () => {}, warning: () => {}},
    {GITHUB_API_URL: fake.url},
    {budget: createBudget(600_000, () => now), clock: () => now, retryUnitMs: 1}
  )
  const pr = await gh.octokit.request('POST /repos/{owner}/{repo}/pulls', {
    ...at,
    title: 'Promote',
    head: 'gitops-promote/main/api',
    base: 'main'
  })
  number = pr.data.number
})

afterEach(async () => {
  expect(fake.violations).toEqual([])
  await fake.close()
})

function writer(extra: Partial<PrCommentOptions> = {}) {
  return prComment({
    gh,
    at,
    number,
    rt: {
      clock: () => now,
      sleep: async ms => {
        now += ms
      },
      log: {info: () => {}, debug: () => {}, warning: m => void warnings.push(m)}
    },
    ...extra
  })
}

const row = (state: ContextLine['state'], description: string): ContextLine => ({
  context: 'kustomization/apps/0c9c2e41',
  state,
  commit: C,
  description,
  reportedAt: now
})

const view = (verdict: PrCommentView['verdict'], contexts: ContextLine[]): PrCommentView => ({
  key: '0123456789abcdef',
  verdict,
  images: ['ghcr.io/acme/api:1.4.2'],
  branch: 'main',
  commit: C,
  contexts,
  repoUrl: 'https://github.com/acme/gitops',
  runUrl: 'https://github.com/acme/app/actions/runs/7'
})

/** Lets the writes that show() started finish (they run on the fake GitHub's real sockets). */
async function settle(c: ReturnType<typeof writer>): Promise<void> {
  for (let i = 0; i < 50; i++) await new Promise(r => setTimeout(r, 2))
  void c
}

const commentWrites = (): string[] =>
  fake
    .writes()
    .filter(r => r.path.includes('/comments'))
    .map(r => r.method)

describe('prComment', () => {
  it('creates one comment, writes state changes at once and other changes at most every 10 s', async () => {
    const c = writer()
    c.show(view('waiting', []))
    await settle(c)
    expect(commentWrites()).toEqual(['POST'])

    // Flux's words change every second while the state stays pending: one edit per 10 s at most.
    for (let s = 1; s <= 25; s++) {
      now += 1000
      c.show(view('waiting', [row('pending', `progressing ${s}`)]))
      await settle(c)
    }
    // The first row is a state change (a context appeared): at once; then at 11 s and 21 s after it.
    expect(commentWrites()).toEqual(['POST', 'PATCH', 'PATCH', 'PATCH'])
    const patches = fake.writes().filter(r => r.method === 'PATCH')
    const times = patches.map(r => /progressing (\d+)/.exec(String((r.body as {body: string}).body))?.[1])
    expect(times).toEqual(['1', '11', '21'])

    // Healthy is a state change: written at once, inside the 10 s.
    now += 1000
    c.show(view('waiting', [row('healthy', 'reconciliation succeeded')]))
    await settle(c)
    expect(commentWrites()).toHaveLength(5)
    await c.finish(view('healthy', [row('healthy', 'reconciliation succeeded')]))
    expect(c.stats).toEqual({creates: 1, edits: 5})

    const comments = fake.comments(at.owner, at.repo, number)
    expect(comments).toHaveLength(1)
    expect(comments[0]?.body.startsWith(commentMarker('0123456789abcdef'))).toBe(true)
    expect(comments[0]?.body).toContain('gitops-promote: ✅ healthy')
    expect(MIN_EDIT_INTERVAL_MS).toBe(10_000)
  })

  it('reads back before creating again when the answer to the create was lost', async () => {
    fake.faults.failNext('POST /repos/{owner}/{repo}/issues/{issue_number}/comments', 502, undefined, {
      afterApply: true
    })
    const c = writer()
    c.show(view('waiting', []))
    await settle(c)
    expect(fake.comments(at.owner, at.repo, number)).toHaveLength(1)
    expect(c.stats).toEqual({creates: 0, edits: 0})

    await c.finish(view('failed', [row('failed', 'health check failed')]))
    expect(fake.comments(at.owner, at.repo, number)).toHaveLength(1)
    expect(commentWrites()).toEqual(['POST', 'PATCH'])
    expect(fake.comments(at.owner, at.repo, number)[0]?.body).toContain('health check failed')
  })

  it('edits the comment of an earlier run of the same promotion', async () => {
    await writer().finish(view('failed', [row('failed', 'health check failed')]))
    const again = writer()
    await again.finish(view('healthy', [row('healthy', 'reconciliation succeeded')]))
    expect(again.stats).toEqual({creates: 0, edits: 1})
    const comments = fake.comments(at.owner, at.repo, number)
    expect(comments).toHaveLength(1)
    expect(comments[0]?.body).toContain('reconciliation succeeded')
  })

  it('warns once and goes on when the token may not write comments', async () => {
    fake.setPermissions(at.owner, at.repo, {issues: 'read', pull_requests: 'read'})
    const c = writer()
    c.show(view('waiting', []))
    await settle(c)
    now += 60_000
    c.show(view('waiting', [row('pending', 'progressing')]))
    await settle(c)
    await expect(c.finish(view('healthy', [row('healthy', 'reconciliation succeeded')]))).resolves.toBeUndefined()
    expect(fake.comments(at.owner, at.repo, number)).toEqual([])
    expect(commentWrites()).toEqual(['POST'])
    expect(warnings).toHaveLength(1)
    expect(warnings[0]).toContain("needs 'pull-requests: write' (or 'issues: write')")
  })
})
