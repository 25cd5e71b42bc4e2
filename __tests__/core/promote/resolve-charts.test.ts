// Resolving chart versions of a promotion on the vendored flux2-kustomize-helm-example repo: staging's patch of the
// podinfo HelmRelease, and the cert-manager OCIRepository.
import {describe, expect, it} from '@jest/globals'
import {readFileSync} from 'node:fs'
import {fileURLToPath} from 'node:url'
import {planBump} from '../../../src/core/bump/index.js'
import {readChartReferences} from '../../../src/core/bump/references.js'
import {readCharts} from '../../../src/core/charts.js'
import {BumpError} from '../../../src/core/errors.js'
import {promotionLines} from '../../../src/core/promote/message.js'
import {resolvePromotion, type PromoteRequest} from '../../../src/core/promote/resolve.js'

const REPO = fileURLToPath(new URL('../../fixtures/gitops-repos/flux2-kustomize-helm-example/', import.meta.url))
const BASE = 'apps/base/podinfo/release.yaml'
const STAGING = 'apps/staging/podinfo-values.yaml'
const PROD = 'apps/production/podinfo-values.yaml'
const CERT = 'infrastructure/controllers/cert-manager.yaml'
const read = (path: string): string => readFileSync(`${REPO}${path}`, 'utf8')

/** Staging's real patch with its range pinned to a version, as a promotion pipeline keeps it. */
const stagingPinned = (version: string): string => {
  const text = read(STAGING)
  const pinned = text.replace('version: ">=1.0.0-alpha"', `version: "${version}"`)
  expect(pinned).not.toBe(text)
  return pinned
}
const source = (staging: string): Map<string, string> =>
  new Map([
    [BASE, read(BASE)],
    [STAGING, staging]
  ])
const target = new Map([
  [BASE, read(BASE)],
  [PROD, read(PROD)]
])
const requests = (...lines: string[]): PromoteRequest[] => readCharts(lines, true).requests

function thrown(fn: () => unknown): string {
  try {
    fn()
  } catch (e) {
    expect(e).toBeInstanceOf(BumpError)
    return (e as Error).message
  }
  throw new Error('expected an error')
}

describe('readChartReferences', () => {
  it('reads a patch through the HelmRelease it patches, and an OCIRepository with its ref', () => {
    const files = new Map([...source(stagingPinned('6.5.0')), [CERT, read(CERT)]])
    expect(readChartReferences(files)).toEqual([
      {file: STAGING, line: 9, format: 'helmrelease', chart: 'podinfo', version: '6.5.0', patch: 'podinfo/podinfo'},
      {file: CERT, line: 21, format: 'ocirepository', chart: 'cert-manager', semver: '1.x'}
    ])
  })
})

describe('resolvePromotion with charts', () => {
  it('takes the version staging holds for a bare chart, and the bump writes it into production', () => {
    const r = resolvePromotion(requests('podinfo'), source(stagingPinned('6.5.0')), target)
    // The staging patch's release is named: the evidence re-reads that file alone.
    expect(r.targets).toEqual([
      {kind: 'chart', chart: 'podinfo', version: '6.5.0', line: 'podinfo=6.5.0', releases: ['podinfo/podinfo']}
    ])
    expect(r.images).toEqual([
      {
        line: 'podinfo',
        name: 'podinfo',
        reference: 'podinfo=6.5.0',
        where: [
          {file: STAGING, line: 9, format: 'helmrelease', chart: 'podinfo', version: '6.5.0', patch: 'podinfo/podinfo'}
        ],
        target: r.targets[0]
      }
    ])
    const plan = planBump(target, r.targets)
    expect(plan.edits.map(e => e.path)).toEqual([PROD])
    expect(plan.edits[0]!.after).toBe(read(PROD).replace('version: ">=1.0.0"', 'version: "6.5.0"'))
    expect(promotionLines(r, plan, ['apps/staging'], 'c'.repeat(40))).toEqual([
      'promote podinfo >=1.0.0 -> 6.5.0 from apps/staging@ccccccc'
    ])
  })

  it('* takes every chart both stages reference', () => {
    const r = resolvePromotion(requests('*'), source(stagingPinned('6.5.0')), target)
    expect(r.targets.map(t => t.line)).toEqual(['podinfo=6.5.0'])
    expect(r.skipped).toEqual([])
    const withCert = new Map([
      ...source(stagingPinned('6.5.0')),
      [CERT, read(CERT).replace('semver: "1.x"', 'tag: v1.17.0')]
    ])
    const r2 = resolvePromotion(requests('*'), withCert, target)
    expect([r2.targets.map(t => t.line), r2.skipped]).toEqual([['podinfo=6.5.0'], ['cert-manager']])
  })

  it('a full line must be what the source holds', () => {
    expect(thrown(() => resolvePromotion(requests('podinfo=6.4.0'), source(stagingPinned('6.5.0')), target))).toBe(
      `Cannot resolve the promotion: 'podinfo=6.4.0' is not what the source holds: it holds podinfo=6.5.0 (${STAGING}:9)`
    )
  })

  it('two different versions in the source are an error listing each file:line', () => {
    const other = 'apps/staging/second.yaml'
    const files = new Map([
      ...source(stagingPinned('6.5.0')),
      [other, read(BASE).replace('chart: podinfo', 'chart: podinfo\n      version: 6.4.0')]
    ])
    expect(thrown(() => resolvePromotion(requests('podinfo'), files, target))).toBe(
      'Cannot resolve the promotion: the source holds 2 different versions of chart podinfo, so what it runs is ambiguous:\n' +
        `  ${STAGING}:9 podinfo=6.5.0\n` +
        `  ${other}:12 podinfo=6.4.0`
    )
  })

  it('a chart the source lacks lists the files scanned', () => {
    expect(thrown(() => resolvePromotion(requests('redis'), source(stagingPinned('6.5.0')), target))).toBe(
      "Cannot resolve the promotion: the source holds no version of chart redis (from 'redis'): no HelmRelease with " +
        `spec.chart.spec.version and no OCIRepository with spec.ref whose url ends in /redis; scanned 2 files: ${BASE}, ${STAGING}`
    )
  })

  it('a range in the source (the real staging patch) is not a version to promote', () => {
    expect(thrown(() => resolvePromotion(requests('podinfo'), source(read(STAGING)), target))).toBe(
      `Cannot resolve the promotion: the source's podinfo (${STAGING}:9) holds '>=1.0.0-alpha', which is a range or ` +
        'no version at all: pin it there, or name the version: podinfo=<version>'
    )
  })

  it('an OCIRepository following semver in the source (the real cert-manager) does not say what it runs', () => {
    expect(thrown(() => resolvePromotion(requests('cert-manager'), new Map([[CERT, read(CERT)]]), target))).toBe(
      `Cannot resolve the promotion: the source's OCIRepository for cert-manager (${CERT}:21) follows semver '1.x': ` +
        'the version it runs is not in its files; pin spec.ref.tag there, or name the version: cert-manager=<version>'
    )
  })
})
