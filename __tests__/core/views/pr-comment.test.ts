// The PR comment's Markdown: the marker first, a row per context, the verdict; Flux's words inert.
import {describe, expect, it} from '@jest/globals'
import {marked} from 'marked'
import {prCommentMarkdown, type PrCommentView} from '../../../src/core/views/pr-comment.js'
import {commentMarker, promotionKey} from '../../../src/core/views/promotion-key.js'

const C = '4b825dc642cb6eb9a060e54bf8d69288fbee4904'
const D = 'd'.repeat(40)
const HOSTILE = '<img src=x onerror=alert(1)> [x](https://evil) | a | b | </details> @acme/admins ::error::x'

const view: PrCommentView = {
  key: promotionKey({repository: 'acme/gitops', branch: 'main', prBranch: 'gitops-promote/main/api', names: ['a']}),
  verdict: 'failed',
  images: ['ghcr.io/acme/api:1.4.2'],
  branch: 'main',
  commit: C,
  appliedRevision: D,
  contexts: [
    {
      context: 'kustomization/apps/0c9c2e41',
      state: 'healthy',
      commit: D,
      description: 'reconciliation succeeded',
      reportedAt: Date.parse('2026-12-08T01:02:03Z')
    },
    {context: 'kustomization/infra/0c9c2e41', state: 'failed', commit: D, description: HOSTILE},
    {context: 'kustomization/tenants/0c9c2e41', state: 'pending'}
  ],
  message: `Flux reported a failure: ${HOSTILE}\nsecond line`,
  repoUrl: 'https://github.com/acme/gitops',
  runUrl: 'https://github.com/acme/app/actions/runs/7'
}

describe('prCommentMarkdown', () => {
  const md = prCommentMarkdown(view)
  const html = marked.parse(md, {gfm: true, async: false})

  it('starts with the hidden marker of the promotion', () => {
    expect(md.split('\n')[0]).toBe(commentMarker(view.key))
    expect(view.key).toMatch(/^[0-9a-f]{16}$/)
  })

  it('shows a row per context with state, commit, words and time, then the verdict and the run', () => {
    expect(md).toContain(
      `| \`kustomization/apps/0c9c2e41\` | ✅ healthy | [\`ddddddd\`](https://github.com/acme/gitops/commit/${D}) | reconciliation succeeded | 2026-12-08 01:02:03 UTC |`
    )
    expect(md).toContain('| `kustomization/tenants/0c9c2e41` | ⏳ pending |  | no report yet |  |')
    expect(md).toContain(
      `**Verdict:** failed · **Applied revision:** [\`ddddddd\`](https://github.com/acme/gitops/commit/${D}) · [Workflow run](https://github.com/acme/app/actions/runs/7)`
    )
    expect((html.match(/<tr>/g) ?? []).length).toBe(4)
    expect((html.match(/<td>/g) ?? []).length).toBe(15)
  })

  it("renders Flux's words as text: no tag, link, image, mention or broken table", () => {
    expect(html).not.toMatch(/<img|<\/details>|href="https:\/\/evil/)
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;')
    expect(md).not.toContain('@acme')
    expect(md).toContain('> Flux reported a failure:')
    expect(md).toContain('> second line')
  })

  it("stays far below GitHub's 65,536 characters with many contexts and long words", () => {
    const many = Array.from({length: 500}, (_, i) => ({
      context: `kustomization/app-${i}/0c9c2e41`,
      state: 'failed' as const,
      commit: D,
      description: '&<>|'.repeat(2000)
    }))
    const big = prCommentMarkdown({...view, contexts: many})
    expect(big.length).toBeLessThan(65_536)
    expect(big).toContain('| … and 450 more |')
  })

  it('keys a promotion by repository, branches and names, not by version', () => {
    const id = {repository: 'acme/gitops', branch: 'main', prBranch: 'p', names: ['ghcr.io/acme/api', 'x']}
    expect(promotionKey(id)).toBe(promotionKey({...id, names: ['x', 'ghcr.io/acme/api']}))
    expect(promotionKey(id)).not.toBe(promotionKey({...id, branch: 'prod'}))
    expect(promotionKey(id)).not.toBe(promotionKey({...id, names: ['ghcr.io/acme/api']}))
  })
})
