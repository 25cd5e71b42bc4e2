// Kustomize `images:` entries: `name` selects the image, `newName`/`newTag`/`digest` say what it becomes.
import {isMap, isSeq} from 'yaml'
import type {Pair, YAMLMap} from 'yaml'
import {formatImageRef, sameImageName} from '../image-ref.js'
import type {ImageTarget} from './types.js'
import {getPair, getString, getValue, isEditableScalar, scalarText} from './yaml-source.js'
import type {FileEditor, RuleContext, SourceFile} from './yaml-source.js'

export interface ImageEntry {
  map: YAMLMap
  /** What kustomize deploys: `newName` when present, else `name`. */
  effectiveName: string
}

/**
 * Every `images:` entry of a file: a top-level `images:` list of mappings with `name` (kustomize's Kustomization, or
 * any document shaped like one), and `spec.images` of Flux's own Kustomization, which has the same fields.
 */
export function findImageEntries(src: SourceFile): ImageEntry[] {
  const out: ImageEntry[] = []
  for (const doc of src.docs) {
    const root = doc.contents
    if (!isMap(root)) continue
    collect(getValue(root, 'images'), out)
    const apiVersion = getString(root, 'apiVersion') ?? ''
    if (apiVersion.startsWith('kustomize.toolkit.fluxcd.io/') && getString(root, 'kind') === 'Kustomization') {
      const spec = getValue(root, 'spec')
      if (isMap(spec)) collect(getValue(spec, 'images'), out)
    }
  }
  return out
}

function collect(list: unknown, out: ImageEntry[]): void {
  if (!isSeq(list)) return
  for (const item of list.items) {
    if (!isMap(item)) continue
    const name = getString(item, 'name')
    if (name === undefined) continue
    out.push({map: item, effectiveName: getString(item, 'newName') ?? name})
  }
}

/** The entry as a reference (`name:tag@digest`), for "old -> new" in PR bodies. */
export function entryReference(src: SourceFile, entry: ImageEntry): string {
  const tag = scalarText(src, getValue(entry.map, 'newTag')) || undefined
  const digest = scalarText(src, getValue(entry.map, 'digest')) || undefined
  return formatImageRef({name: entry.effectiveName, tag, digest})
}

/**
 * Image targets: an entry whose effective name is the target's name gets the target's tag and digest.
 * - A missing `newTag` (or `digest`, when the target has one) is inserted after the entry's last name/tag line at
 *   the same indentation: kustomize has no other place to say it, and a one-line insertion keeps the diff minimal.
 *   Flow-style entries (`{name: x}`) are not rewritten structurally; that is a warning.
 * - A target with a tag and no digest removes a `digest:` line: kustomize prefers the digest over the tag, so a
 *   stale digest would silently keep the old image.
 * - A digest-only target leaves an existing `newTag` alone (the digest decides what runs).
 */
export function applyKustomize(ed: FileEditor, entries: ImageEntry[], targets: ImageTarget[], ctx: RuleContext): void {
  for (const target of targets) {
    if (target.kind !== 'image') continue
    const {tag, digest} = target.ref
    for (const entry of entries) {
      if (!sameImageName(entry.effectiveName, target.ref.name)) continue
      ctx.matched(target, entryReference(ed.src, entry))
      const map = entry.map
      const missing: {key: string; kind: 'tag' | 'digest'; value: string}[] = []
      const tagPair = getPair(map, 'newTag')
      if (tag !== undefined) {
        if (tagPair === undefined) missing.push({key: 'newTag', kind: 'tag', value: tag})
        else if (isEditableScalar(tagPair.value))
          ed.setScalar(tagPair.value, 'tag', tag, {field: 'images[].newTag', target})
      }
      const digestPair = getPair(map, 'digest')
      if (digest !== undefined) {
        if (digestPair === undefined) missing.push({key: 'digest', kind: 'digest', value: digest})
        else if (isEditableScalar(digestPair.value)) {
          ed.setScalar(digestPair.value, 'digest', digest, {field: 'images[].digest', target})
        }
      } else if (digestPair !== undefined && (scalarText(ed.src, digestPair.value) ?? '') !== '') {
        ed.removePair(map, digestPair, scalarText(ed.src, digestPair.value) ?? '', {field: 'images[].digest', target})
      }
      if (missing.length > 0) {
        const anchor = lastPair(map, ['name', 'newName', 'newTag'])
        const ok = anchor !== undefined && ed.insertAfter(map, anchor, missing, {field: k => `images[].${k}`, target})
        if (!ok) {
          const at = ed.where(map.range?.[0] ?? 0)
          ctx.warn(
            `${at}: kustomize image ${entry.effectiveName} has no ${missing.map(m => m.key).join(' or ')} and is in flow style; not added`
          )
        }
      }
    }
  }
}

/** The pair among `keys` that comes last in the source (insertion point for new keys). */
function lastPair(map: YAMLMap, keys: string[]): Pair | undefined {
  let best: Pair | undefined
  for (const key of keys) {
    const p = getPair(map, key)
    if (p === undefined) continue
    const at = p.key.range?.[0] ?? -1
    if (best === undefined || at > ((best.key as {range?: number[]}).range?.[0] ?? -1)) best = p
  }
  return best
}
