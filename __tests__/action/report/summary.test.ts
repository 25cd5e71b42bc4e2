// The job summary of a promotion: the source stage and one evidence row per source context.
import {describe, expect, it} from '@jest/globals'
import {summaryMarkdown} from '../../../src/action/report/summary.js'

const I = '4b825dc642cb6eb9a060e54bf8d69288fbee4904'

describe('summaryMarkdown with a source stage', () => {
  it('shows where the references came from and each source context with commit and healthy since', () => {
    const md = summaryMarkdown({
      outcome: {result: 'blocked', message: 'The source stage (apps/staging@4b825dc) is not healthy'},
      repository: 'acme/gitops',
      branch: 'main',
      serverUrl: 'https://github.com',
      targets: ['ghcr.io/acme/api:1.4.2'],
      source: {
        paths: ['apps/staging'],
        branch: 'main',
        revision: I,
        soakMs: 30 * 60_000,
        skipped: ['busybox'],
        rows: [
          {
            pattern: 'kustomization/apps-staging/*',
            context: 'kustomization/apps-staging/0c9c2e41',
            state: 'healthy',
            commit: I,
            description: 'reconciliation succeeded',
            healthySince: Date.parse('2026-11-29T12:00:00Z')
          },
          {
            pattern: 'kustomization/infra-staging/*',
            context: 'kustomization/infra-staging/0c9c2e41',
            state: 'failed',
            commit: I,
            description: 'health check failed | timeout'
          }
        ]
      }
    })
    expect(md).toContain('## ⛔ gitops-promote: blocked')
    expect(md).toContain(
      `**Source stage:** \`apps/staging\` on \`main\` @ [\`4b825dc\`](https://github.com/acme/gitops/commit/${I}), from-soak 30m`
    )
    expect(md).toContain(
      '| `kustomization/apps-staging/0c9c2e41` | healthy | `4b825dc` | 2026-11-29T12:00:00.000Z | reconciliation succeeded |'
    )
    expect(md).toContain(
      '| `kustomization/infra-staging/0c9c2e41` | failed | `4b825dc` |  | health check failed \\| timeout |'
    )
    expect(md).toContain('Skipped (only in the source): `busybox`')
  })
})
