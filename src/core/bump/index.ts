// The bump engine: (files, targets) -> plan of byte-minimal edits. Pure: no I/O, no clock, no globals that matter.
import {BumpError} from '../errors.js'
import {formatImageRef} from '../image-ref.js'
import {applyCharts, indexCharts, mayHoldChartOf, type ChartIndex} from './charts.js'
import {applyHelmValues} from './helm-values.js'
import {applyKustomize, findImageEntries} from './kustomize.js'
import {applySetters, findSetters} from './setters.js'
import type {BumpPlan, BumpTarget, ChartTarget, FileEdit, ImageTarget} from './types.js'
import {applyWorkloads} from './workloads.js'
import {FileEditor, parseSource} from './yaml-source.js'
import type {RuleContext, SourceFile} from './yaml-source.js'

export type {BumpPlan, BumpTarget, ChartTarget, FileEdit, ImageTarget, ValueChange} from './types.js'
export {isManifestPath, selectFiles} from './select-files.js'

const MAX_LISTED_FILES = 20

/**
 * Plans the edits for `targets` over `files` (path -> text; manifests only, see selectFiles).
 *
 * A file is parsed only when its raw text could match: it contains `$imagepolicy`, or the last path segment of an
 * image target's name (`podinfo` for `ghcr.io/stefanprodan/podinfo`). The last segment is written literally in every
 * spelling of a name (`redis`, `docker.io/library/redis`, `registry: docker.io` + `repository: library/redis`), so
 * the filter never drops a file that a rule would match. A file that cannot match is therefore never parsed, and
 * broken YAML there is not reported (Flux's automation skips such files too).
 *
 * Rules run per file in a fixed order, setters first, then kustomize `images:`, containers, Helm values; a scalar
 * edited (or found up to date) by one rule is not edited again by a later one.
 *
 * Chart targets (the `charts` input) read HelmReleases and OCIRepositories: the files that could hold one of the
 * charts (they name it, or hold a HelmRelease patch that names no chart) are parsed first, because a kustomize patch
 * in one file refers to a HelmRelease in another (charts.ts). Chart rules run after the image rules.
 *
 * Throws BumpError when a file that could match does not parse (nothing is returned then), or when a target matched
 * nothing anywhere (the message names the target and the files examined).
 */
export function planBump(files: ReadonlyMap<string, string>, all: BumpTarget[]): BumpPlan {
  const targets = all.filter((t): t is ImageTarget => t.kind !== 'chart')
  const charts = all.filter((t): t is ChartTarget => t.kind === 'chart')
  for (const t of targets) {
    if (t.ref.tag === undefined && t.ref.digest === undefined) {
      throw new BumpError(`'${t.line}' has neither a tag nor a digest: nothing to set`)
    }
  }
  const needles = [...new Set(targets.filter(t => t.kind === 'image').map(t => lastSegment(t.ref.name)))]
  const warnings: string[] = []
  const previous = new Map<string, Set<string>>(all.map(t => [t.line, new Set<string>()]))
  const matched = new Set<string>()
  const ctx: RuleContext = {
    matched(target, prev) {
      matched.add(target.line)
      if (prev) previous.get(target.line)?.add(prev)
    },
    warn(message) {
      if (!warnings.includes(message)) warnings.push(message)
    }
  }

  const paths = [...files.keys()].sort()
  const chartSources = new Map<string, SourceFile>()
  const index: ChartIndex = {releases: [], ocis: []}
  if (charts.length > 0) {
    const names = charts.map(c => c.chart)
    for (const path of paths) {
      const text = files.get(path) ?? ''
      if (!mayHoldChartOf(text, names)) continue
      const src = parseSource(path, text)
      chartSources.set(path, src)
      indexCharts(src, index)
    }
  }
  const parsed: string[] = []
  const edits: FileEdit[] = []
  for (const path of paths) {
    const text = files.get(path) ?? ''
    const hasMarker = targets.length > 0 && text.includes('$imagepolicy')
    const mayMatchImage = hasMarker || needles.some(n => text.includes(n))
    const chartSrc = chartSources.get(path)
    if (!mayMatchImage && !chartSrc) continue
    const src = chartSrc ?? parseSource(path, text)
    parsed.push(path)
    const ed = new FileEditor(src, ctx.warn)
    if (mayMatchImage) {
      const entries = findImageEntries(src)
      if (hasMarker) applySetters(ed, {setters: findSetters(src), entries}, targets, ctx)
      if (needles.length > 0) {
        applyKustomize(ed, entries, targets, ctx)
        applyWorkloads(ed, targets, ctx)
        applyHelmValues(ed, targets, ctx)
      }
    }
    if (chartSrc) applyCharts(ed, index, charts, ctx)
    const after = ed.apply()
    if (after !== text) {
      const changes = [...ed.changes].sort((a, b) => a.line - b.line || a.column - b.column)
      edits.push({path, before: text, after, changes})
    }
  }

  const missing = all.filter(t => !matched.has(t.line))
  if (missing.length > 0) throw new BumpError(nothingMatched(missing, paths))
  return {
    edits,
    scanned: paths,
    parsed,
    warnings,
    previous: Object.fromEntries([...previous].map(([line, set]) => [line, [...set]]))
  }
}

function lastSegment(name: string): string {
  return name.slice(name.lastIndexOf('/') + 1)
}

function nothingMatched(missing: BumpTarget[], paths: string[]): string {
  const what = missing
    .map(t =>
      t.kind === 'chart'
        ? `no HelmRelease of chart ${t.chart} (spec.chart.spec.chart, or a chartRef to such an OCIRepository) and no ` +
          `OCIRepository whose spec.url ends in /${t.chart} (from '${t.line}')`
        : t.kind === 'policy'
          ? `no $imagepolicy setter of ${t.namespace}:${t.policy} (from '${t.line}')`
          : `no reference to ${formatImageRef({name: t.ref.name})} (from '${t.line}')`
    )
    .join('; ')
  const listed = paths.slice(0, MAX_LISTED_FILES).join(', ')
  const more = paths.length > MAX_LISTED_FILES ? ` and ${paths.length - MAX_LISTED_FILES} more` : ''
  const scanned = paths.length === 0 ? 'no files were scanned' : `scanned ${paths.length} files: ${listed}${more}`
  return `${what}; ${scanned}`
}
