// Helm values: a mapping with `repository` (+ optional `registry`) naming the image and a sibling `tag`
// (+ optional `digest`), anywhere: HelmRelease `spec.values`, values files, nested `image:` blocks.
import {formatImageRef, parseImageName, sameImageName} from '../image-ref.js'
import type {YAMLMap} from 'yaml'
import type {ImageTarget} from './types.js'
import {getPair, getString, isEditableScalar, scalarText, visitMaps} from './yaml-source.js'
import type {FileEditor, RuleContext, SourceFile} from './yaml-source.js'

/** `registry/repository` (or `repository`) when the mapping names a valid image, else undefined. */
export function valuesImageName(map: YAMLMap): string | undefined {
  const repository = getString(map, 'repository')
  if (repository === undefined) return undefined
  const registry = getString(map, 'registry')
  const name = registry ? `${registry.replace(/\/+$/, '')}/${repository}` : repository
  try {
    parseImageName(name)
    return name
  } catch {
    return undefined
  }
}

/** The mapping as a reference (`name:tag@digest`), for "old -> new". */
export function valuesReference(src: SourceFile, map: YAMLMap, name: string): string {
  const tag = scalarText(src, getPair(map, 'tag')?.value) || undefined
  const digest = scalarText(src, getPair(map, 'digest')?.value) || undefined
  return formatImageRef({name, tag, digest})
}

/**
 * Sets `tag` (and `digest`) of matching mappings. Keys are never added to values (a chart may not read them):
 * no `tag` sibling, or a target digest without a `digest` key, is a warning. A tag-only target removes a stale
 * `digest:` line, because charts that support a digest use it in preference to the tag.
 */
export function applyHelmValues(ed: FileEditor, targets: ImageTarget[], ctx: RuleContext): void {
  const images = targets.filter(t => t.kind === 'image')
  if (images.length === 0) return
  for (const doc of ed.src.docs) {
    visitMaps(doc.contents, map => {
      const name = valuesImageName(map)
      if (name === undefined) return
      for (const target of images) {
        if (!sameImageName(name, target.ref.name)) continue
        ctx.matched(target, valuesReference(ed.src, map, name))
        const where = ed.where(getPair(map, 'repository')?.key.range?.[0] ?? 0)
        const tagPair = getPair(map, 'tag')
        const {tag, digest} = target.ref
        if (tagPair === undefined) {
          ctx.warn(`${where}: values for ${name} have no 'tag' next to 'repository'; not changed`)
          continue
        }
        if (tag !== undefined && isEditableScalar(tagPair.value)) {
          ed.setScalar(tagPair.value, 'tag', tag, {field: 'values.tag', target})
        }
        const digestPair = getPair(map, 'digest')
        if (digest !== undefined) {
          if (digestPair !== undefined && isEditableScalar(digestPair.value)) {
            ed.setScalar(digestPair.value, 'digest', digest, {field: 'values.digest', target})
          } else if (digestPair === undefined) {
            ctx.warn(`${where}: values for ${name} have no 'digest' key; only the tag was set`)
          }
        } else if (digestPair !== undefined && (scalarText(ed.src, digestPair.value) ?? '') !== '') {
          ed.removePair(map, digestPair, scalarText(ed.src, digestPair.value) ?? '', {field: 'values.digest', target})
        }
      }
    })
  }
}
