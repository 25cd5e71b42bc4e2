// The commit message, PR title and body name the images and the charts a run writes.
import {describe, expect, it} from '@jest/globals'
import {INPUT_DEFAULTS} from '../../../src/action/inputs.js'
import {promotionText} from '../../../src/action/write/pr-text.js'
import {readCharts} from '../../../src/core/charts.js'
import {readTargets} from '../../../src/core/targets.js'
import type {BumpPlan} from '../../../src/core/bump/types.js'

const images = readTargets(['ghcr.io/acme/api:1.4.2'], false).targets
const charts = readCharts(['podinfo=6.5.0'], false).targets
const text = (targets: typeof images) =>
  promotionText(
    {
      targets,
      paths: ['apps/production'],
      runUrl: '',
      commitMessage: INPUT_DEFAULTS['commit-message'],
      prTitle: INPUT_DEFAULTS['pr-title'],
      prBody: ''
    },
    'main'
  )
const plan: BumpPlan = {
  edits: [],
  scanned: [],
  warnings: [],
  previous: {'ghcr.io/acme/api:1.4.2': ['ghcr.io/acme/api:1.4.1'], 'podinfo=6.5.0': ['podinfo=6.4.0']}
}

describe('promotionText', () => {
  it('names images and charts in the default message, title and body', () => {
    const t = text([...images, ...charts])
    expect(t.message).toBe('Promote ghcr.io/acme/api:1.4.2 podinfo=6.5.0 on main')
    expect(t.title).toBe(t.message)
    const body = t.body(plan)
    expect(body).toContain('Promotes images and charts on `main`.')
    expect(body).toContain('| `podinfo=6.4.0` | `podinfo=6.5.0` |')
    expect(body).toContain('| `ghcr.io/acme/api:1.4.1` | `ghcr.io/acme/api:1.4.2` |')
  })

  it('reads well with charts alone or images alone', () => {
    expect(text(charts).message).toBe('Promote podinfo=6.5.0 on main')
    expect(text(charts).body(plan)).toContain('Promotes charts on `main`.')
    expect(text(images).message).toBe('Promote ghcr.io/acme/api:1.4.2 on main')
    expect(text(images).body(plan)).toContain('Promotes images on `main`.')
  })
})
