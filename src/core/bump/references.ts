// Reading what a set of manifests runs: every image reference the bump rules would touch, read by the same readers
// (kustomize `images:`, setter groups, container `image:`, Helm values), with where it is written. Pure.
import {parseImageRef} from '../image-ref.js'
import {chartOf, chartReferences, indexCharts, mayHoldCharts, type ChartIndex, type FoundChart} from './charts.js'
import {valuesImageName, valuesReference} from './helm-values.js'
import {entryReference, findImageEntries} from './kustomize.js'
import {findSetters, setterGroupReferences} from './setters.js'
import {findContainerImages} from './workloads.js'
import {getPair, parseSource, position, visitMaps} from './yaml-source.js'
import type {SourceFile} from './yaml-source.js'

export type ReferenceFormat = 'kustomize' | 'setter' | 'container' | 'helm-values'

export interface FoundReference {
  file: string
  /** 1-based line where the reference (or the entry holding it) is written. */
  line: number
  format: ReferenceFormat
  /** The image name as written there (`redis`, `ghcr.io/acme/api`). */
  name: string
  /** `name[:tag][@digest]`, tag and digest exactly as written. */
  reference: string
  tag?: string
  digest?: string
}

/**
 * Every image reference in `files` that names a tag or a digest (a kustomize entry that only renames, or values
 * without a tag, say nothing about what runs). Files are parsed only when they mention `image`, `$imagepolicy`,
 * `repository` or `images`; a file that does not parse is an error (BumpError), as in the bump.
 * Sorted by file and line; one scalar read by two readers (a setter on a container image) is listed once.
 */
export function readReferences(files: ReadonlyMap<string, string>): FoundReference[] {
  const out: FoundReference[] = []
  const seen = new Set<string>()
  const add = (
    src: SourceFile,
    offset: number,
    format: ReferenceFormat,
    {name, reference}: {name: string; reference: string}
  ): void => {
    let parsed
    try {
      parsed = parseImageRef(reference)
    } catch {
      return
    }
    if (parsed.tag === undefined && parsed.digest === undefined) return
    const {line} = position(src, offset)
    const key = `${src.path}:${line}:${reference}`
    if (seen.has(key)) return
    seen.add(key)
    out.push({
      file: src.path,
      line,
      format,
      name,
      reference,
      ...(parsed.tag !== undefined ? {tag: parsed.tag} : {}),
      ...(parsed.digest !== undefined ? {digest: parsed.digest} : {})
    })
  }
  for (const path of [...files.keys()].sort()) {
    const text = files.get(path) ?? ''
    if (!/image|\$imagepolicy|repository/.test(text)) continue
    const src = parseSource(path, text)
    const entries = findImageEntries(src)
    for (const g of setterGroupReferences(src, findSetters(src), entries)) {
      add(src, g.node.range[0], 'setter', {name: g.name, reference: g.reference})
    }
    for (const e of entries) {
      const name = getPair(e.map, 'name')
      add(src, name?.key.range?.[0] ?? e.map.range?.[0] ?? 0, 'kustomize', {
        name: e.effectiveName,
        reference: entryReference(src, e)
      })
    }
    for (const c of findContainerImages(src))
      add(src, c.node.range[0], 'container', {name: c.ref.name, reference: c.text})
    for (const doc of src.docs) {
      visitMaps(doc.contents, map => {
        const name = valuesImageName(map)
        if (name === undefined || getPair(map, 'tag') === undefined) return
        add(src, getPair(map, 'repository')?.key.range?.[0] ?? 0, 'helm-values', {
          name,
          reference: valuesReference(src, map, name)
        })
      })
    }
  }
  return out.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line))
}

/** The HelmReleases and OCIRepositories of `files`, parsed once (a patch or chartRef may point into another file). */
function chartIndex(files: ReadonlyMap<string, string>): ChartIndex {
  const index: ChartIndex = {releases: [], ocis: []}
  for (const path of [...files.keys()].sort()) {
    const text = files.get(path) ?? ''
    if (mayHoldCharts(text)) indexCharts(parseSource(path, text), index)
  }
  return index
}

/** Every chart version in `files` that the `charts` rules would touch, with where it is written. */
export function readChartReferences(files: ReadonlyMap<string, string>): FoundChart[] {
  return chartReferences(chartIndex(files))
}

/** Every chart `files` reference, with or without a version (a HelmRelease without one follows the latest). */
export function referencedCharts(files: ReadonlyMap<string, string>): Set<string> {
  const index = chartIndex(files)
  const names = new Set<string>(index.ocis.map(o => o.chart).filter(c => c !== ''))
  for (const r of index.releases) {
    const chart = chartOf(r, index)
    if (chart !== undefined) names.add(chart)
  }
  return names
}
