// The `charts` edits on the vendored flux2-kustomize-helm-example repo: HelmRelease chart versions (a base and its
// kustomize patches), OCIRepository tags and digests, chartRef releases. Every test compares the whole file.
import {describe, expect, it} from '@jest/globals'
import {readFileSync} from 'node:fs'
import {fileURLToPath} from 'node:url'
import {planBump} from '../../../src/core/bump/index.js'
import type {BumpTarget, ChartTarget} from '../../../src/core/bump/index.js'
import {readCharts} from '../../../src/core/charts.js'
import {BumpError} from '../../../src/core/errors.js'
import {parseImageRef} from '../../../src/core/image-ref.js'

const REPO = fileURLToPath(new URL('../../fixtures/gitops-repos/flux2-kustomize-helm-example/', import.meta.url))
const BASE = 'apps/base/podinfo/release.yaml'
const PROD = 'apps/production/podinfo-values.yaml'
const STAGING = 'apps/staging/podinfo-values.yaml'
const CERT = 'infrastructure/controllers/cert-manager.yaml'
const ENVOY = 'infrastructure/controllers/envoy-gateway.yaml'
const D1 = `sha256:${'1'.repeat(64)}`
const D2 = `sha256:${'2'.repeat(64)}`

const read = (path: string): string => readFileSync(`${REPO}${path}`, 'utf8')
const chart = (line: string): ChartTarget => readCharts([line], false).targets[0] as ChartTarget
const files = (...paths: string[]): Map<string, string> => new Map(paths.map(p => [p, read(p)]))

/** The real cert-manager file with its OCIRepository pinned by tag instead of following semver. */
function certPinned(ref: string): string {
  const text = read(CERT)
  const pinned = text.replace('  ref:\n    semver: "1.x"\n', `  ref:\n${ref}`)
  expect(pinned).not.toBe(text)
  return pinned
}

/** `text` with exactly the given [old, new] replacements, each applied once where it occurs. */
function only(text: string, ...edits: [string, string][]): string {
  let out = text
  for (const [from, to] of edits) {
    expect(out.split(from).length).toBe(2)
    out = out.replace(from, to)
  }
  return out
}

describe('HelmRelease spec.chart.spec.version', () => {
  it('sets the version of the production patch and leaves the base, which the patch overrides, alone', () => {
    const plan = planBump(files(BASE, PROD), [chart('podinfo=6.5.0')])
    expect(plan.edits.map(e => e.path)).toEqual([PROD])
    const edit = plan.edits[0]!
    // Quoting kept: the patch writes `">=1.0.0"`.
    expect(edit.after).toBe(only(read(PROD), ['      version: ">=1.0.0"\n', '      version: "6.5.0"\n']))
    expect(edit.changes).toEqual([
      {
        file: PROD,
        line: 9,
        column: 16,
        field: 'HelmRelease spec.chart.spec.version',
        from: '>=1.0.0',
        to: '6.5.0',
        target: 'podinfo=6.5.0'
      }
    ])
    expect(plan.previous).toEqual({'podinfo=6.5.0': ['podinfo=>=1.0.0']})
  })

  it('adds the missing version under chart: at its indentation when no patch sets one', () => {
    const plan = planBump(files(BASE), [chart('podinfo=6.5.0')])
    expect(plan.edits[0]!.after).toBe(
      only(read(BASE), ['      chart: podinfo\n', '      chart: podinfo\n      version: 6.5.0\n'])
    )
    expect(plan.edits[0]!.changes[0]).toMatchObject({line: 12, column: 7, from: '', to: '6.5.0'})
  })

  it('does not read a patch as a release of the chart unless the release it patches is among the files', () => {
    expect(() => planBump(files(PROD, STAGING), [chart('podinfo=6.5.0')])).toThrow(
      `no HelmRelease of chart podinfo (spec.chart.spec.chart, or a chartRef to such an OCIRepository) and no ` +
        `OCIRepository whose spec.url ends in /podinfo (from 'podinfo=6.5.0'); scanned 2 files: ${PROD}, ${STAGING}`
    )
  })

  it('finds a patch whose file never names the chart (release frontend installs podinfo), also after a --- ', () => {
    const base = read(BASE).replace(/name: podinfo\n  namespace: podinfo/, 'name: frontend\n  namespace: shop')
    const patch = read(PROD).replace(/name: podinfo\n  namespace: podinfo/, 'name: frontend\n  namespace: shop')
    const other = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\n---\n'
    const prod = other + patch.replace('podinfo.production', 'shop.production')
    expect(prod).not.toContain('podinfo')
    const plan = planBump(
      new Map([
        ['base.yaml', base],
        ['prod.yaml', prod]
      ]),
      [chart('podinfo=6.5.0')]
    )
    expect(plan.edits.map(e => e.path)).toEqual(['prod.yaml'])
    expect(plan.edits[0]!.changes[0]).toMatchObject({line: 14, from: '>=1.0.0', to: '6.5.0'})
  })

  it.each(['helm.toolkit.fluxcd.io/v2beta1', 'helm.toolkit.fluxcd.io/v2beta2'])('reads %s', api => {
    const text = read(BASE).replace('helm.toolkit.fluxcd.io/v2', api)
    const plan = planBump(new Map([[BASE, text]]), [chart('podinfo=6.5.0')])
    expect(plan.edits[0]!.after).toBe(
      only(text, ['      chart: podinfo\n', '      chart: podinfo\n      version: 6.5.0\n'])
    )
  })

  it('keeps single quotes and a trailing comment, and changes nothing when the version is already set', () => {
    const text = read(BASE).replace('      chart: podinfo\n', "      chart: podinfo\n      version: '6.4.0' # pinned\n")
    const plan = planBump(new Map([[BASE, text]]), [chart('podinfo=6.5.0')])
    expect(plan.edits[0]!.after).toBe(only(text, ["version: '6.4.0' # pinned", "version: '6.5.0' # pinned"]))
    const again = planBump(new Map([[BASE, plan.edits[0]!.after]]), [chart('podinfo=6.5.0')])
    expect(again.edits).toEqual([])
  })

  it('refuses an OCI tag that is not SemVer 2 for a HelmRelease, naming the file', () => {
    expect(() => planBump(files(BASE), [chart('podinfo=latest')])).toThrow(
      `${BASE}:1: 'podinfo=latest' sets the chart version of HelmRelease podinfo/podinfo, which must be SemVer 2 ` +
        `(e.g. 6.5.0); 'latest' is an OCI tag only`
    )
  })

  it('edits charts and images of one file in one plan', () => {
    const image: BumpTarget = {
      kind: 'image',
      ref: parseImageRef('public.ecr.aws/docker/library/redis:8.6.3'),
      line: 'public.ecr.aws/docker/library/redis:8.6.3'
    }
    const plan = planBump(files(BASE), [image, chart('podinfo=6.5.0')])
    expect(plan.edits).toHaveLength(1)
    expect(plan.edits[0]!.after).toBe(
      only(
        read(BASE),
        ['      chart: podinfo\n', '      chart: podinfo\n      version: 6.5.0\n'],
        ['      tag: 8.6.2\n', '      tag: 8.6.3\n']
      )
    )
  })
})

describe('OCIRepository spec.ref', () => {
  it('refuses an OCIRepository that follows semver, naming the file and line', () => {
    const run = (): unknown => planBump(files(CERT), [chart('cert-manager=1.17.0')])
    expect(run).toThrow(BumpError)
    expect(run).toThrow(
      `${CERT}:21: OCIRepository cert-manager/cert-manager follows spec.ref.semver '1.x': its automation picks the ` +
        `version, so 'cert-manager=1.17.0' cannot pin it; replace spec.ref.semver by spec.ref.tag, or leave ` +
        `cert-manager out of 'charts'`
    )
  })

  it('sets the tag of the OCIRepository a chartRef HelmRelease points at, quoting kept', () => {
    const text = certPinned('    tag: "v1.16.2"\n')
    const plan = planBump(new Map([[CERT, text]]), [chart('cert-manager=v1.17.0')])
    expect(plan.edits[0]!.after).toBe(only(text, ['    tag: "v1.16.2"\n', '    tag: "v1.17.0"\n']))
    expect(plan.previous).toEqual({'cert-manager=v1.17.0': ['cert-manager=v1.16.2']})
  })

  it('adds the digest under the tag at its indentation, and replaces it on the next promotion', () => {
    const text = certPinned('    tag: v1.16.2\n')
    const plan = planBump(new Map([[CERT, text]]), [chart(`cert-manager=v1.17.0@${D1}`)])
    const after = plan.edits[0]!.after
    expect(after).toBe(only(text, ['    tag: v1.16.2\n', `    tag: v1.17.0\n    digest: ${D1}\n`]))
    const next = planBump(new Map([[CERT, after]]), [chart(`cert-manager=v1.18.0@${D2}`)])
    expect(next.edits[0]!.after).toBe(
      only(after, ['    tag: v1.17.0\n', '    tag: v1.18.0\n'], [`    digest: ${D1}\n`, `    digest: ${D2}\n`])
    )
  })

  it('removes a stale digest when the new version names none (Flux would keep the digest)', () => {
    const text = certPinned(`    tag: v1.16.2\n    digest: ${D1}\n`)
    const plan = planBump(new Map([[CERT, text]]), [chart('cert-manager=v1.17.0')])
    expect(plan.edits[0]!.after).toBe(only(text, [`    tag: v1.16.2\n    digest: ${D1}\n`, '    tag: v1.17.0\n']))
  })

  it('writes a tag YAML would misread double-quoted', () => {
    const text = certPinned('    tag: v1.16.2\n')
    const plan = planBump(new Map([[CERT, text]]), [chart('cert-manager=1.10')])
    expect(plan.edits[0]!.after).toBe(only(text, ['    tag: v1.16.2\n', '    tag: "1.10"\n']))
  })

  it('finds the chart of a chartRef by the OCIRepository url, not the release name (envoy-gateway -> gateway-helm)', () => {
    const text = read(ENVOY).replace('    semver: ">= 1.8.0-rc.0"\n', '    tag: v1.8.0\n')
    const plan = planBump(new Map([[ENVOY, text]]), [chart('gateway-helm=v1.9.0')])
    expect(plan.edits[0]!.after).toBe(only(text, ['    tag: v1.8.0\n', '    tag: v1.9.0\n']))
    expect(() => planBump(new Map([[ENVOY, text]]), [chart('envoy-gateway=v1.9.0')])).toThrow(
      /no HelmRelease of chart envoy-gateway/
    )
  })

  it('refuses a SemVer build version that is no OCI tag for an OCIRepository', () => {
    const text = certPinned('    tag: v1.16.2\n')
    expect(() => planBump(new Map([[CERT, text]]), [chart('cert-manager=1.17.0+build.1')])).toThrow(
      `${CERT}:9: 'cert-manager=1.17.0+build.1' sets spec.ref.tag of OCIRepository cert-manager/cert-manager, which ` +
        `must be an OCI tag ([A-Za-z0-9_][A-Za-z0-9._-]{0,127}); '1.17.0+build.1' is not`
    )
  })
})
