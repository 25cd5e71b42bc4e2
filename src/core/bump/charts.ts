// Chart versions: HelmRelease `spec.chart.spec.version` and OCIRepository `spec.ref.tag`/`digest`, the edits of the
// `charts` input. A HelmRelease is found by the chart it names, a kustomize patch of one (version, no chart) through
// the HelmRelease it patches, and one with `spec.chartRef` through the OCIRepository it points at.
import {isMap} from 'yaml'
import type {Pair, YAMLMap} from 'yaml'
import {isChartVersion, isOciTag} from '../chart-version.js'
import {BumpError} from '../errors.js'
import type {ChartTarget} from './types.js'
import {getPair, getString, getValue, isEditableScalar, position, scalarText} from './yaml-source.js'
import type {FileEditor, RuleContext, SourceFile} from './yaml-source.js'

const HELM_RELEASE_API = /^helm\.toolkit\.fluxcd\.io\/v2(?:beta[12])?$/
const OCI_REPOSITORY_API = /^source\.toolkit\.fluxcd\.io\/v1(?:beta2)?$/

/** A HelmRelease, or a patch of one, with `spec.chart.spec` or `spec.chartRef`. */
export interface ReleaseSite {
  src: SourceFile
  name: string
  namespace: string
  /** `spec.chart.spec`, when the release takes its chart from a HelmRepository (or a patch sets its version). */
  chartSpec?: YAMLMap
  /** `spec.chart.spec.chart`; absent in a kustomize patch that only sets the version. */
  chart?: string
  /** `spec.chartRef` to an OCIRepository: name and namespace (the release's own when not written). */
  chartRef?: {name: string; namespace: string}
  at: number
}

/** An OCIRepository: `spec.url` (its last segment names the chart or artifact) and `spec.ref`. */
export interface OciSite {
  src: SourceFile
  name: string
  namespace: string
  chart: string
  ref?: YAMLMap
  at: number
}

/** Every chart site of a set of files: edits in one file may depend on another (patches, `chartRef`). */
export interface ChartIndex {
  releases: ReleaseSite[]
  ocis: OciSite[]
}

/** True when a file's text could hold a HelmRelease or an OCIRepository. */
export function mayHoldCharts(text: string): boolean {
  return text.includes('HelmRelease') || text.includes('OCIRepository')
}

/** `chart: <name>` on a line of its own: a HelmRelease that names its chart (a patch writes only `chart:`). */
const NAMED_CHART_RE = /^[ \t]*chart:[ \t]*[^\s#]/m

/**
 * True when a file's text could hold a site of one of `charts`: it names the chart (`chart: podinfo`, a url ending
 * in `/podinfo`), or it has a HelmRelease document that names no chart (a kustomize patch, matched through the
 * release it patches). Every other file is left unparsed, as the image rules' pre-filter does.
 */
export function mayHoldChartOf(text: string, charts: readonly string[]): boolean {
  if (!mayHoldCharts(text)) return false
  if (charts.some(c => text.includes(c))) return true
  if (!text.includes('HelmRelease')) return false
  return text.split(/^---/m).some(doc => doc.includes('HelmRelease') && !NAMED_CHART_RE.test(doc))
}

/** Adds the HelmReleases and OCIRepositories of `src` to `index`. */
export function indexCharts(src: SourceFile, index: ChartIndex): void {
  for (const doc of src.docs) {
    const root = doc.contents
    if (!isMap(root)) continue
    const api = getString(root, 'apiVersion') ?? ''
    const kind = getString(root, 'kind')
    const spec = getValue(root, 'spec')
    if (!isMap(spec)) continue
    const meta = getValue(root, 'metadata')
    const name = isMap(meta) ? (getString(meta, 'name') ?? '') : ''
    const namespace = isMap(meta) ? (getString(meta, 'namespace') ?? '') : ''
    const at = root.range?.[0] ?? 0
    if (kind === 'HelmRelease' && HELM_RELEASE_API.test(api)) {
      const chart = getValue(spec, 'chart')
      const chartSpec = isMap(chart) ? getValue(chart, 'spec') : undefined
      const ref = getValue(spec, 'chartRef')
      const site: ReleaseSite = {src, name, namespace, at}
      if (isMap(chartSpec)) {
        site.chartSpec = chartSpec
        const named = getString(chartSpec, 'chart')
        if (named !== undefined) site.chart = named
      }
      if (isMap(ref) && getString(ref, 'kind') === 'OCIRepository') {
        site.chartRef = {name: getString(ref, 'name') ?? '', namespace: getString(ref, 'namespace') ?? namespace}
      }
      if (site.chartSpec || site.chartRef) index.releases.push(site)
    } else if (kind === 'OCIRepository' && OCI_REPOSITORY_API.test(api)) {
      const url = getString(spec, 'url') ?? ''
      const chart = url.replace(/\/+$/, '').slice(url.replace(/\/+$/, '').lastIndexOf('/') + 1)
      const ref = getValue(spec, 'ref')
      index.ocis.push({src, name, namespace, chart, ...(isMap(ref) ? {ref} : {}), at})
    }
  }
}

/** The chart a release installs: named, named by the release it patches, or the last url segment of its chartRef. */
export function chartOf(site: ReleaseSite, index: ChartIndex): string | undefined {
  if (site.chart !== undefined) return site.chart
  if (site.chartSpec) {
    const base = index.releases.find(r => r.chart !== undefined && sameRelease(r, site))
    if (base) return base.chart
  }
  if (site.chartRef) return ociOf(site, index)?.chart
  return undefined
}

/** Whether `site` installs the target's chart, or is a patch the target is known to set. */
function installs(site: ReleaseSite, index: ChartIndex, target: ChartTarget): boolean {
  if (chartOf(site, index) === target.chart) return true
  return isPatch(site) && (target.releases ?? []).includes(releaseKey(site))
}

/** A kustomize patch of a HelmRelease: `spec.chart.spec` without the chart's name. */
function isPatch(site: ReleaseSite): boolean {
  return site.chart === undefined && site.chartSpec !== undefined
}

/** `namespace/name`, as ChartTarget.releases lists patches. */
export function releaseKey(site: {name: string; namespace: string}): string {
  return `${site.namespace}/${site.name}`
}

/** The `namespace/name` of the HelmRelease patches in `src` that set `version`: what ChartTarget.releases needs. */
export function patchesAt(src: SourceFile, version: string): string[] {
  const index: ChartIndex = {releases: [], ocis: []}
  indexCharts(src, index)
  return index.releases
    .filter(r => isPatch(r) && scalarText(src, getPair(r.chartSpec as YAMLMap, 'version')?.value) === version)
    .map(releaseKey)
}

function sameRelease(a: ReleaseSite, b: ReleaseSite): boolean {
  return a.name === b.name && a.namespace === b.namespace
}

/** The OCIRepository a `chartRef` points at, when it is among the files. */
export function ociOf(site: ReleaseSite, index: ChartIndex): OciSite | undefined {
  const ref = site.chartRef
  return ref && index.ocis.find(o => o.name === ref.name && o.namespace === ref.namespace)
}

/** A kustomize patch of `site` that sets the version: then the base's missing version is not added. */
function patchedVersion(site: ReleaseSite, index: ChartIndex): boolean {
  return index.releases.some(
    r => r !== site && r.chart === undefined && r.chartSpec && getPair(r.chartSpec, 'version') && sameRelease(r, site)
  )
}

/** Applies the chart targets to the sites of the file `ed` edits. */
export function applyCharts(ed: FileEditor, index: ChartIndex, targets: ChartTarget[], ctx: RuleContext): void {
  for (const target of targets) {
    for (const site of index.releases) {
      if (site.src !== ed.src || !installs(site, index, target)) continue
      if (site.chartSpec) applyRelease({ed, index, ctx}, site, target)
      // A chartRef release is promoted through its OCIRepository, which the loop below edits in its own file.
      else ctx.matched(target, '')
    }
    for (const site of index.ocis) {
      if (site.src === ed.src && site.chart === target.chart) applyOci(ed, site, target, ctx)
    }
  }
}

function describe(kind: string, site: {name: string; namespace: string}): string {
  return `${kind} ${site.namespace ? `${site.namespace}/` : ''}${site.name || '(unnamed)'}`
}

/** What the chart rules of one file work with: its editor, every file's chart sites, and the plan's context. */
interface ChartRun {
  ed: FileEditor
  index: ChartIndex
  ctx: RuleContext
}

function applyRelease({ed, index, ctx}: ChartRun, site: ReleaseSite, target: ChartTarget): void {
  const spec = site.chartSpec as YAMLMap
  const pair = getPair(spec, 'version')
  const before = pair ? scalarText(ed.src, pair.value) : undefined
  ctx.matched(target, before ? `${target.chart}=${before}` : '')
  if (!isChartVersion(target.version)) {
    throw siteError(
      ed,
      site.at,
      `'${target.line}' sets the chart version of ${describe('HelmRelease', site)}, which must be SemVer 2 ` +
        `(e.g. 6.5.0); '${target.version}' is an OCI tag only`
    )
  }
  const field = 'HelmRelease spec.chart.spec.version'
  if (pair) {
    if (isEditableScalar(pair.value)) ed.setScalar(pair.value, 'chart-version', target.version, {field, target})
    return
  }
  if (patchedVersion(site, index)) return
  const anchor = getPair(spec, 'chart') ?? (spec.items[spec.items.length - 1] as Pair | undefined)
  const added =
    anchor !== undefined &&
    ed.insertAfter(spec, anchor, [{key: 'version', kind: 'chart-version', value: target.version}], {
      field: () => field,
      target
    })
  if (!added)
    ctx.warn(`${ed.where(site.at)}: ${describe('HelmRelease', site)} has no version and is in flow style; not added`)
}

function applyOci(ed: FileEditor, site: OciSite, target: ChartTarget, ctx: RuleContext): void {
  const ref = site.ref
  const what = describe('OCIRepository', site)
  if (!ref) {
    throw siteError(
      ed,
      site.at,
      `${what} has no spec.ref (it follows latest): add spec.ref.tag to pin it, then promote it`
    )
  }
  const semver = getPair(ref, 'semver')
  if (semver) {
    throw siteError(
      ed,
      semver.key.range?.[0] ?? site.at,
      `${what} follows spec.ref.semver '${scalarText(ed.src, semver.value) ?? ''}': its automation picks the ` +
        `version, so '${target.line}' cannot pin it; replace spec.ref.semver by spec.ref.tag, or leave ${target.chart} out of 'charts'`
    )
  }
  if (!isOciTag(target.version)) {
    throw siteError(
      ed,
      site.at,
      `'${target.line}' sets spec.ref.tag of ${what}, which must be an OCI tag ([A-Za-z0-9_][A-Za-z0-9._-]{0,127}); '${target.version}' is not`
    )
  }
  const tagPair = getPair(ref, 'tag')
  const digestPair = getPair(ref, 'digest')
  const tag = tagPair ? scalarText(ed.src, tagPair.value) : undefined
  const digest = digestPair ? scalarText(ed.src, digestPair.value) || undefined : undefined
  const before = tag || digest ? `${target.chart}=${tag ?? ''}${digest ? `@${digest}` : ''}` : ''
  ctx.matched(target, before)
  const missing: {key: string; kind: 'oci-tag' | 'oci-digest'; value: string}[] = []
  if (tagPair === undefined) missing.push({key: 'tag', kind: 'oci-tag', value: target.version})
  else if (isEditableScalar(tagPair.value)) {
    ed.setScalar(tagPair.value, 'oci-tag', target.version, {field: 'OCIRepository spec.ref.tag', target})
  }
  if (target.digest !== undefined) {
    if (digestPair === undefined) missing.push({key: 'digest', kind: 'oci-digest', value: target.digest})
    else if (isEditableScalar(digestPair.value)) {
      ed.setScalar(digestPair.value, 'oci-digest', target.digest, {field: 'OCIRepository spec.ref.digest', target})
    }
  } else if (digestPair !== undefined && digest !== undefined) {
    // Flux prefers the digest over the tag: a stale digest would keep the old artifact.
    ed.removePair(ref, digestPair, digest, {field: 'OCIRepository spec.ref.digest', target})
  }
  if (missing.length > 0) {
    const anchor = ref.items[ref.items.length - 1] as Pair | undefined
    const added =
      anchor !== undefined && ed.insertAfter(ref, anchor, missing, {field: k => `OCIRepository spec.ref.${k}`, target})
    if (!added) {
      throw siteError(ed, site.at, `${what}: spec.ref is in flow style or empty; write spec.ref.tag by hand once`)
    }
  }
}

function siteError(ed: FileEditor, offset: number, message: string): BumpError {
  const {line, column} = position(ed.src, offset)
  return new BumpError(`${ed.src.path}:${line}: ${message}`, ed.src.path, line, column)
}

/** One chart version a set of manifests holds, read as the bump would write it. */
export interface FoundChart {
  file: string
  line: number
  format: 'helmrelease' | 'ocirepository'
  chart: string
  /** The version or tag as written; undefined for an OCIRepository that only pins a digest or follows semver. */
  version?: string
  digest?: string
  /** An OCIRepository's `spec.ref.semver`: what it runs is not written in the files. */
  semver?: string
  /** A HelmRelease patch (no chart name of its own): `namespace/name` of the release it patches. */
  patch?: string
}

/**
 * Every chart version the index holds: HelmReleases (and patches of them) with a version, OCIRepositories with a
 * ref. A release through `chartRef` is read through its OCIRepository. Sorted by file and line.
 */
export function chartReferences(index: ChartIndex): FoundChart[] {
  const out: FoundChart[] = []
  for (const site of index.releases) {
    const chart = chartOf(site, index)
    const pair = site.chartSpec && getPair(site.chartSpec, 'version')
    if (chart === undefined || !pair) continue
    const version = scalarText(site.src, pair.value)
    if (!version) continue
    const {line} = position(site.src, pair.key.range?.[0] ?? site.at)
    out.push({
      file: site.src.path,
      line,
      format: 'helmrelease',
      chart,
      version,
      ...(isPatch(site) ? {patch: releaseKey(site)} : {})
    })
  }
  for (const site of index.ocis) {
    if (!site.ref || site.chart === '') continue
    const read = (key: string): string | undefined => {
      const p = getPair(site.ref as YAMLMap, key)
      return p ? scalarText(site.src, p.value) || undefined : undefined
    }
    const version = read('tag')
    const digest = read('digest')
    const semver = read('semver')
    if (version === undefined && digest === undefined && semver === undefined) continue
    const {line} = position(site.src, site.ref.range?.[0] ?? site.at)
    out.push({
      file: site.src.path,
      line,
      format: 'ocirepository',
      chart: site.chart,
      ...(version !== undefined ? {version} : {}),
      ...(digest !== undefined ? {digest} : {}),
      ...(semver !== undefined ? {semver} : {})
    })
  }
  return out.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line))
}
