// Resolving a promotion: which exact references (tag and digest as written) the source stage runs, for the names the
// `images` input asks for. Pure: files in, targets out; the same readers as the bump, so the four formats are read
// one way.
import {BumpError} from '../errors.js'
import {canonicalImageName, formatImageRef, parseImageRef, sameImageName} from '../image-ref.js'
import type {ImageRef} from '../image-ref.js'
import type {BumpTarget, ChartTarget} from '../bump/types.js'
import {readReferences, type FoundReference} from '../bump/references.js'
import {readChartReferences, referencedCharts} from '../bump/references.js'
import type {FoundChart} from '../bump/charts.js'
import {formatChart} from '../charts.js'
import {isChartVersion, isOciTag} from '../chart-version.js'

/** One `images` line of a promotion. */
export type PromoteRequest =
  /** `ghcr.io/acme/api`: take whatever the source runs for this name. */
  | {kind: 'name'; name: string; line: string}
  /** `*`: every image name referenced both in the source and in the target. */
  | {kind: 'all'; line: string}
  /** A full reference (or a setter policy line, or `<chart>=<version>`): the source must hold exactly it. */
  | {kind: 'exact'; target: BumpTarget; line: string}
  /** `charts` line `podinfo`: take the version the source holds for this chart. */
  | {kind: 'chart'; chart: string; line: string}
  /** `charts` line `*`: every chart referenced both in the source and in the target. */
  | {kind: 'all-charts'; line: string}

export interface ResolvedImage {
  /** The `images` or `charts` line it came from (`*` for wildcard names). */
  line: string
  /** The image's name, or the chart's. */
  name: string
  /** `name:tag@digest` (a chart: `chart=version@digest`) as the source writes it: what the target gets. */
  reference: string
  /** Where the source holds it. */
  where: {file: string; line: number}[]
}

export interface Resolution {
  /** Bump targets for the target stage, in the order of the `images` lines. */
  targets: BumpTarget[]
  images: ResolvedImage[]
  /** With `*`: names the source references that the target does not (logged, not promoted). */
  skipped: string[]
}

const MAX_LISTED = 20

/**
 * Resolves `requests` against the source's manifests (`source`: path -> text, already selected by `from-paths`) and,
 * for `*`, the target's (`target`, selected by `paths`).
 * Throws BumpError when a name is missing from the source, when the source holds two different references for one
 * name (listing every `file:line reference`), or when a full reference is not what the source holds.
 */
export function resolvePromotion(
  requests: PromoteRequest[],
  source: ReadonlyMap<string, string>,
  target: ReadonlyMap<string, string>
): Resolution {
  const found = readReferences(source)
  const scanned = [...source.keys()].sort()
  const out: Resolved = {targets: [], images: [], problems: []}
  const one = (name: string, line: string): ResolvedImage | undefined =>
    resolveName({found, scanned, problems: out.problems}, name, line)

  const charts = requests.some(
    r => r.kind === 'chart' || r.kind === 'all-charts' || (r.kind === 'exact' && r.target.kind === 'chart')
  )
  const foundCharts = charts ? readChartReferences(source) : []
  for (const r of requests) {
    if (r.kind === 'chart' || (r.kind === 'exact' && r.target.kind === 'chart')) {
      const want = r.kind === 'exact' && r.target.kind === 'chart' ? r.target : undefined
      const chart = r.kind === 'chart' ? r.chart : (want as ChartTarget).chart
      const res = resolveChart({found: foundCharts, scanned, problems: out.problems}, chart, r.line)
      if (!res) continue
      if (want && res.target.line !== want.line) {
        out.problems.push(
          `'${r.line}' is not what the source holds: it holds ${res.reference} (${res.where.map(f => `${f.file}:${f.line}`).join(', ')})`
        )
        continue
      }
      out.images.push(res)
      out.targets.push(res.target)
    } else if (r.kind === 'name') {
      const res = one(r.name, r.line)
      if (!res) continue
      out.images.push(res)
      out.targets.push({kind: 'image', ref: parseImageRef(res.reference), line: res.reference})
    } else if (r.kind === 'exact' && r.target.kind !== 'chart') {
      const want: ImageRef = r.target.ref
      const res = one(want.name, r.line)
      if (!res) continue
      const held = res.where[0] as FoundReference
      if (held.tag !== want.tag || held.digest !== want.digest) {
        out.problems.push(
          `'${r.line}' is not what the source runs: it holds ${held.reference} (${res.where.map(f => `${f.file}:${f.line}`).join(', ')})`
        )
        continue
      }
      out.images.push({...res, reference: formatImageRef(want)})
      out.targets.push(r.target)
    }
  }

  const skipped = requests.some(r => r.kind === 'all') ? resolveAll(requests, target, {found, scanned}, {one, out}) : []
  if (requests.some(r => r.kind === 'all-charts')) {
    skipped.push(...resolveAllCharts(requests, target, {found: foundCharts, scanned, problems: out.problems}, out))
  }
  if (out.problems.length > 0) throw new BumpError(`Cannot resolve the promotion: ${out.problems.join('\n')}`)
  return {targets: out.targets, images: out.images, skipped}
}

/** What the resolution has gathered so far: targets and images in order, and every problem found. */
interface Resolved {
  targets: BumpTarget[]
  images: ResolvedImage[]
  problems: string[]
}

/** The one reference the source holds for `name`; undefined (with the problem noted) when none, or several. */
function resolveName(
  {found, scanned, problems}: {found: FoundReference[]; scanned: string[]; problems: string[]},
  name: string,
  line: string
): ResolvedImage | undefined {
  const where = found.filter(f => sameImageName(f.name, name))
  if (where.length === 0) {
    problems.push(`the source holds no reference to ${name} (from '${line}'); ${listScanned(scanned)}`)
    return undefined
  }
  const distinct = new Map<string, FoundReference[]>()
  for (const f of where) {
    const key = formatImageRef({name: '', tag: f.tag, digest: f.digest})
    distinct.set(key, [...(distinct.get(key) ?? []), f])
  }
  if (distinct.size > 1) {
    problems.push(
      `the source holds ${distinct.size} different references for ${name}, so what it runs is ambiguous:\n` +
        where.map(f => `  ${f.file}:${f.line} ${f.reference}`).join('\n')
    )
    return undefined
  }
  const first = where[0] as FoundReference
  const reference = formatImageRef({name, tag: first.tag, digest: first.digest})
  return {line, name, reference, where}
}

/**
 * `*`: every image the source references that the target references too, except those named explicitly, sorted by
 * name. Returns the source's names the target does not reference (skipped).
 */
function resolveAll(
  requests: PromoteRequest[],
  target: ReadonlyMap<string, string>,
  {found, scanned}: {found: FoundReference[]; scanned: string[]},
  {one, out}: {one: (name: string, line: string) => ResolvedImage | undefined; out: Resolved}
): string[] {
  const explicit = requests.flatMap(r =>
    r.kind === 'name' ? [r.name] : r.kind === 'exact' && r.target.kind === 'image' ? [r.target.ref.name] : []
  )
  const skipped: string[] = []
  const inTarget = readReferences(target)
  const names: string[] = []
  for (const f of found) {
    if (names.some(n => sameImageName(n, f.name)) || explicit.some(n => sameImageName(n, f.name))) continue
    names.push(f.name)
  }
  for (const name of names.sort((a, b) => canonicalImageName(a).localeCompare(canonicalImageName(b)))) {
    if (!inTarget.some(t => sameImageName(t.name, name))) {
      skipped.push(name)
      continue
    }
    const res = one(name, '*')
    if (!res) continue
    out.images.push(res)
    out.targets.push({kind: 'image', ref: parseImageRef(res.reference), line: res.reference})
  }
  if (out.targets.length === 0 && out.problems.length === 0) {
    out.problems.push(
      `'*' found no image name referenced both by the source and by the target ` +
        `(source: ${names.join(', ') || 'none'}); ${listScanned(scanned)}`
    )
  }
  return skipped
}

/** The source's chart versions, the files read, and where problems are noted. */
interface SourceCharts {
  found: FoundChart[]
  scanned: string[]
  problems: string[]
}

/** The one version the source holds for `chart`; undefined (with the problem noted) when none, or several. */
function resolveChart(
  {found, scanned, problems}: SourceCharts,
  chart: string,
  line: string
): (ResolvedImage & {target: ChartTarget}) | undefined {
  const where = found.filter(f => f.chart === chart)
  if (where.length === 0) {
    problems.push(
      `the source holds no version of chart ${chart} (from '${line}'): no HelmRelease with spec.chart.spec.version ` +
        `and no OCIRepository with spec.ref whose url ends in /${chart}; ${listScanned(scanned)}`
    )
    return undefined
  }
  const follows = where.find(f => f.semver !== undefined && f.version === undefined)
  if (follows) {
    problems.push(
      `the source's OCIRepository for ${chart} (${follows.file}:${follows.line}) follows semver '${follows.semver}': ` +
        `the version it runs is not in its files; pin spec.ref.tag there, or name the version: ${chart}=<version>`
    )
    return undefined
  }
  const versions = new Set(where.map(f => f.version ?? ''))
  const digests = new Set(where.flatMap(f => (f.digest !== undefined ? [f.digest] : [])))
  if (versions.size > 1 || digests.size > 1) {
    problems.push(
      `the source holds ${Math.max(versions.size, digests.size)} different versions of chart ${chart}, so what it runs is ambiguous:\n` +
        where
          .map(f => `  ${f.file}:${f.line} ${formatChart({chart, version: f.version ?? '', digest: f.digest})}`)
          .join('\n')
    )
    return undefined
  }
  const version = [...versions][0] ?? ''
  if (!isChartVersion(version) && !isOciTag(version)) {
    const f = where[0] as FoundChart
    problems.push(
      `the source's ${chart} (${f.file}:${f.line}) holds '${version}', which is a range or no version at all: ` +
        `pin it there, or name the version: ${chart}=<version>`
    )
    return undefined
  }
  const digest = [...digests][0]
  // The source's patches are checked one file at a time later (a descendant still holds them): name their releases.
  const releases = [...new Set(where.flatMap(f => (f.patch !== undefined ? [f.patch] : [])))]
  const target: ChartTarget = {
    kind: 'chart',
    chart,
    version,
    ...(digest !== undefined ? {digest} : {}),
    line: formatChart({chart, version, digest}),
    ...(releases.length > 0 ? {releases} : {})
  }
  return {line, name: chart, reference: target.line, where, target}
}

/** `*` in `charts`: every chart the source holds a version of that the target references too, sorted. */
function resolveAllCharts(
  requests: PromoteRequest[],
  target: ReadonlyMap<string, string>,
  source: SourceCharts,
  out: Resolved
): string[] {
  const {found, scanned} = source
  const explicit = new Set(
    requests.flatMap(r =>
      r.kind === 'chart' ? [r.chart] : r.kind === 'exact' && r.target.kind === 'chart' ? [r.target.chart] : []
    )
  )
  const inTarget = referencedCharts(target)
  const names = [...new Set(found.map(f => f.chart))].filter(n => !explicit.has(n)).sort()
  const skipped: string[] = []
  let promoted = 0
  for (const chart of names) {
    if (!inTarget.has(chart)) {
      skipped.push(chart)
      continue
    }
    const res = resolveChart(source, chart, '*')
    if (!res) continue
    promoted++
    out.images.push(res)
    out.targets.push(res.target)
  }
  if (promoted === 0 && out.problems.length === 0) {
    out.problems.push(
      `'*' in charts found no chart referenced both by the source and by the target ` +
        `(source: ${names.join(', ') || 'none'}); ${listScanned(scanned)}`
    )
  }
  return skipped
}

function listScanned(paths: string[]): string {
  if (paths.length === 0) return 'from-paths selected no manifest files'
  const listed = paths.slice(0, MAX_LISTED).join(', ')
  const more = paths.length > MAX_LISTED ? ` and ${paths.length - MAX_LISTED} more` : ''
  return `scanned ${paths.length} files: ${listed}${more}`
}
