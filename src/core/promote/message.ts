// How a promotion describes itself in commit messages and pull requests:
// `promote <name> <old> -> <new> from <from-paths>@<source revision>`.
import {parseImageRef} from '../image-ref.js'
import type {BumpPlan} from '../bump/types.js'
import type {Resolution} from './resolve.js'

/** `:1.4.2@sha256:…` -> `1.4.2@sha256:…`: the part after the name, as written. */
function version(reference: string): string {
  try {
    const ref = parseImageRef(reference)
    return [ref.tag, ref.digest].filter(Boolean).join('@') || reference
  } catch {
    return reference
  }
}

/** One line per promoted image; `old` is what the target held (several when its files disagreed). */
export function promotionLines(
  resolution: Resolution,
  plan: BumpPlan,
  paths: string[],
  sourceRevision: string
): string[] {
  return resolution.images.map((image, i) => {
    const target = resolution.targets[i]
    const line = target?.line ?? image.reference
    // A chart's `podinfo=6.5.0@sha256:…`: the part after `=`.
    const part = target?.kind === 'chart' ? (r: string) => r.slice(r.indexOf('=') + 1) : version
    const before = [...new Set((plan.previous[line] ?? []).map(part))]
    return `promote ${image.name} ${before.join(', ') || '(none)'} -> ${part(image.reference)} from ${paths.join(', ')}@${sourceRevision.slice(0, 7)}`
  })
}
