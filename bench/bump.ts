// Bench: selectFiles + planBump over an in-memory gitops repo of 10,000 manifests, for images and for charts.
// Build and run: npx tsc -p tsconfig.scripts.json && node build/bench/bump.js
import {pathToFileURL} from 'node:url'
import {planBump, selectFiles} from '../src/core/bump/index.js'
import type {BumpTarget} from '../src/core/bump/index.js'
import {parseImageRef} from '../src/core/image-ref.js'
import {readCharts} from '../src/core/charts.js'

const FILES = 10_000
const RUNS = 5

/**
 * A repo of Deployments, kustomizations, HelmReleases (every tenth a kustomize patch of the one before), setter-marked
 * CronJobs, Services and OCIRepositories. Ten of every 500 files use the target image or chart.
 */
export function generateRepo(count = FILES): Map<string, string> {
  const files = new Map<string, string>()
  for (let i = 0; i < count; i++) {
    const dir = `apps/team-${i % 50}/app-${i}`
    // Ten of every 500 files (one of each kind) use the target image; the rest run their own. All carry `part-of: shop`.
    const img = i % 500 < 10 ? 'ghcr.io/acme/target' : `ghcr.io/acme/svc-${i}`
    switch (i % 10) {
      case 0:
      case 1:
      case 2:
      case 3:
        // One in a hundred: a kustomize patch of the release four files on (it keeps the count at 10,000).
        if (i % 100 === 3) files.set(`${dir}/release-patch.yaml`, releasePatch(i + 4))
        else files.set(`${dir}/deployment.yaml`, deployment(i, img))
        break
      case 4:
      case 5:
        files.set(`${dir}/kustomization.yaml`, kustomization(i, img))
        break
      case 6:
      case 7:
        files.set(`${dir}/release.yaml`, helmRelease(i, img, i % 500 < 10 ? 'target-chart' : `chart-${i}`))
        break
      case 8:
        files.set(`${dir}/cronjob.yaml`, cronJob(i, img))
        break
      default:
        // Half Services, half OCIRepositories.
        if (i % 20 === 19) files.set(`${dir}/service.yaml`, service(i))
        else files.set(`${dir}/oci.yaml`, ociRepository(i, i % 500 < 10 ? 'target-artifact' : `artifact-${i}`))
        files.set(`${dir}/README.md`, `# app ${i}\n`)
    }
  }
  return files
}

const labels = (i: number): string =>
  `  labels:\n    app.kubernetes.io/name: app-${i}\n    app.kubernetes.io/part-of: shop\n`

function deployment(i: number, img: string): string {
  return `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: app-${i}\n${labels(i)}spec:\n  replicas: 2\n  template:\n    spec:\n      initContainers:\n        - name: migrate\n          image: ${img}:1.0.${i % 7}\n      containers:\n        - name: app\n          image: ${img}:1.0.${i % 7}\n          ports:\n            - containerPort: 8080\n        - name: proxy\n          image: docker.io/envoyproxy/envoy:v1.31.0\n`
}

function kustomization(i: number, img: string): string {
  return `apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nmetadata:\n  name: app-${i}\n${labels(i)}resources:\n  - deployment.yaml\nimages:\n  - name: app\n    newName: ${img}\n    newTag: "1.0"\n`
}

function helmRelease(i: number, img: string, chart: string): string {
  return `apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: app-${i}\n${labels(i)}spec:\n  chart:\n    spec:\n      chart: ${chart}\n      version: "1.${i % 5}.0"\n  values:\n    image:\n      repository: ${img}\n      tag: 2.3.${i % 9}\n    resources:\n      limits: {cpu: 100m}\n`
}

function releasePatch(i: number): string {
  return `apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: app-${i}\nspec:\n  chart:\n    spec:\n      version: ">=1.0.0"\n`
}

function ociRepository(i: number, artifact: string): string {
  return `apiVersion: source.toolkit.fluxcd.io/v1\nkind: OCIRepository\nmetadata:\n  name: oci-${i}\n${labels(i)}spec:\n  interval: 10m\n  url: oci://ghcr.io/acme/manifests/${artifact}\n  ref:\n    tag: 0.${i % 3}.0\n`
}

function cronJob(i: number, img: string): string {
  const policy = i % 500 === 8 ? 'flux-system:target-job' : `flux-system:job-${i}`
  return `apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: job-${i}\n${labels(i)}spec:\n  schedule: "0 * * * *"\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          containers:\n            - name: job\n              image: ${img}-job:3.0.0 # {"$imagepolicy": "${policy}"}\n`
}

function service(i: number): string {
  return `apiVersion: v1\nkind: Service\nmetadata:\n  name: app-${i}\n${labels(i)}spec:\n  ports:\n    - port: 80\n`
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.floor(s.length / 2)] ?? 0
}

function measure(files: Map<string, string>, targets: BumpTarget[]): {ms: number; parsed: number; edited: number} {
  const times: number[] = []
  let parsed = 0
  let edited = 0
  for (let r = 0; r < RUNS; r++) {
    const t0 = performance.now()
    const selected = selectFiles([...files.keys()], ['apps', 'clusters/**/*.yaml'])
    const plan = planBump(new Map(selected.map(p => [p, files.get(p) ?? ''])), targets)
    times.push(performance.now() - t0)
    parsed = plan.parsed?.length ?? 0
    edited = plan.edits.length
  }
  return {ms: median(times), parsed, edited}
}

export async function benchBump(): Promise<Record<string, number>> {
  const files = generateRepo()
  const manifests = [...files.keys()].filter(p => p.endsWith('.yaml')).length
  const image = (line: string): BumpTarget => ({kind: 'image', ref: parseImageRef(line), line})
  // Typical: a few files match; the text pre-filter skips the rest without parsing them.
  const typical = measure(files, [
    image('ghcr.io/acme/target:1.1.0'),
    {
      kind: 'policy',
      namespace: 'flux-system',
      policy: 'target-job',
      ref: parseImageRef('ghcr.io/acme/target-job:3.1.0'),
      line: 'flux-system:target-job=ghcr.io/acme/target-job:3.1.0'
    }
  ])
  // Worst case for the pre-filter: the target's last path segment (`shop`) is in every file, so every file is parsed.
  const sparse = new Map(files)
  sparse.set('apps/shop/deployment.yaml', deployment(0, 'ghcr.io/acme/shop'))
  const worst = measure(sparse, [image('ghcr.io/acme/shop:1.1.0')])
  // Charts: every file that mentions HelmRelease or OCIRepository is parsed (a patch names no chart), then edited.
  const chart = measure(files, readCharts(['target-chart=2.0.0', 'target-artifact=1.0.0'], false).targets)
  const both = measure(files, [
    image('ghcr.io/acme/target:1.1.0'),
    ...readCharts(['target-chart=2.0.0'], false).targets
  ])
  const result = {
    manifests,
    typical_ms: round(typical.ms),
    typical_files_per_s: Math.round(manifests / (typical.ms / 1000)),
    typical_parsed: typical.parsed,
    typical_edited: typical.edited,
    all_parsed_ms: round(worst.ms),
    all_parsed_files_per_s: Math.round((manifests + 1) / (worst.ms / 1000)),
    all_parsed_parsed: worst.parsed,
    all_parsed_edited: worst.edited,
    charts_ms: round(chart.ms),
    charts_files_per_s: Math.round(manifests / (chart.ms / 1000)),
    charts_parsed: chart.parsed,
    charts_edited: chart.edited,
    images_and_charts_ms: round(both.ms),
    images_and_charts_parsed: both.parsed,
    images_and_charts_edited: both.edited
  }
  return result
}

const round = (x: number): number => Math.round(x * 10) / 10

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const r = await benchBump()
  console.log(`bump bench: ${r.manifests} manifests, median of ${RUNS} runs of selectFiles + planBump`)
  console.log(
    `  typical (few match):      ${r.typical_ms} ms, ${r.typical_files_per_s} files/s, ${r.typical_parsed} parsed, ${r.typical_edited} edited`
  )
  console.log(
    `  worst (every file parsed): ${r.all_parsed_ms} ms, ${r.all_parsed_files_per_s} files/s, ${r.all_parsed_parsed} parsed, ${r.all_parsed_edited} edited`
  )
  console.log(
    `  charts (chart + artifact): ${r.charts_ms} ms, ${r.charts_files_per_s} files/s, ${r.charts_parsed} parsed, ${r.charts_edited} edited`
  )
  console.log(
    `  images and charts:        ${r.images_and_charts_ms} ms, ${r.images_and_charts_parsed} parsed, ${r.images_and_charts_edited} edited`
  )
}
