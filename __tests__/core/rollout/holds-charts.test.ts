// "Still holds" for charts: a later commit re-read one written file at a time, where a HelmRelease patch no longer has
// the HelmRelease it patches beside it (flux2-kustomize-helm-example: apps/production patches apps/base).
import {describe, expect, it} from '@jest/globals'
import {readFileSync} from 'node:fs'
import {fileURLToPath} from 'node:url'
import {planBump} from '../../../src/core/bump/index.js'
import {readCharts} from '../../../src/core/charts.js'
import {checkHolds, writtenFiles} from '../../../src/core/rollout/holds.js'

const REPO = fileURLToPath(new URL('../../fixtures/gitops-repos/flux2-kustomize-helm-example/', import.meta.url))
const BASE = 'apps/base/podinfo/release.yaml'
const PROD = 'apps/production/podinfo-values.yaml'
const read = (path: string): string => readFileSync(`${REPO}${path}`, 'utf8')

describe('checkHolds with charts', () => {
  const targets = readCharts(['podinfo=6.5.0'], false).targets
  const plan = planBump(
    new Map([
      [BASE, read(BASE)],
      [PROD, read(PROD)]
    ]),
    targets
  )
  const written = writtenFiles(plan.edits, targets)
  const after = plan.edits[0]!.after

  it('names the patched release, so the patch file alone still holds the version', () => {
    expect(written).toEqual([{path: PROD, targets: [{...targets[0], releases: ['podinfo/podinfo']}]}])
    const edited = after.replace('podinfo.production', 'podinfo.prod.example.com')
    expect(checkHolds('d'.repeat(40), new Map([[PROD, edited]]), written)).toBeUndefined()
  })

  it('sees a later commit that changed the version back', () => {
    const reverted = after.replace('"6.5.0"', '"6.4.0"')
    expect(checkHolds('d'.repeat(40), new Map([[PROD, reverted]]), written)).toEqual({
      commit: 'd'.repeat(40),
      file: PROD,
      line: 9,
      value: '6.4.0',
      wrote: '6.5.0'
    })
  })
})
