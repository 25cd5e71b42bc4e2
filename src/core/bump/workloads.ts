// Container images: `image:` of every item of `containers`, `initContainers` and `ephemeralContainers`, wherever
// they are (pod templates, CronJob job templates, HelmRelease values), in every document of the file.
import {formatImageRef, parseImageRef, sameImageName} from '../image-ref.js'
import type {ImageRef} from '../image-ref.js'
import type {ImageTarget} from './types.js'
import {getValue, isEditableScalar, scalarText, visitMaps} from './yaml-source.js'
import type {FileEditor, RuleContext, SourceFile, StringScalar} from './yaml-source.js'

const CONTAINER_LISTS = new Set(['containers', 'initContainers', 'ephemeralContainers'])

/** A container `image:` scalar with its parsed reference and the list key it sits under. */
export interface ContainerImage {
  node: StringScalar
  text: string
  ref: ImageRef
  key: string
}

/** Every container `image:` of the file that parses as a reference (templated values are not ours to read). */
export function findContainerImages(src: SourceFile): ContainerImage[] {
  const out: ContainerImage[] = []
  for (const doc of src.docs) {
    visitMaps(doc.contents, (map, key, viaSeq) => {
      if (!viaSeq || key === undefined || !CONTAINER_LISTS.has(key)) return
      const node = getValue(map, 'image')
      if (!isEditableScalar(node)) return
      const text = scalarText(src, node)
      if (text === undefined) return
      try {
        out.push({node, text, ref: parseImageRef(text), key})
      } catch {
        // templated (`{{ .Values.image }}`) or otherwise not a reference
      }
    })
  }
  return out
}

/** The name stays exactly as written (`redis` stays `redis`); tag and digest become the target's. */
export function applyWorkloads(ed: FileEditor, targets: ImageTarget[], ctx: RuleContext): void {
  const images = targets.filter(t => t.kind === 'image')
  if (images.length === 0) return
  for (const {node, text, ref, key} of findContainerImages(ed.src)) {
    for (const target of images) {
      if (!sameImageName(ref.name, target.ref.name)) continue
      ctx.matched(target, text)
      const next = formatImageRef({name: ref.name, tag: target.ref.tag, digest: target.ref.digest})
      ed.setScalar(node, 'ref', next, {field: `${key}[].image`, target})
    }
  }
}
