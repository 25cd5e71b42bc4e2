// Resolving a promotion: which exact references (tag and digest as written) the source stage runs, for the names the
// `images` input asks for. Pure: files in, targets out; the same readers as the bump, so the four formats are read
// one way.
import {BumpError} from '../errors.js'
import {canonicalImageName, formatImageRef, parseImageRef, sameImageName} from '../image-ref.js'
import type {ImageRef} from '../image-ref.js'
import type {BumpTarget} from '../bump/types.js'
import {readReferences, type FoundReference} from '../bump/references.js'

/** One `images` line of a promotion. */
export type PromoteRequest =
  /** `ghcr.io/acme/api`: take whatever the source runs for this name. */
  | {kind: 'name'; name: string; line: string}
  /** `*`: every image name referenced both in the source and in the target. */
  | {kind: 'all'; line: string}
  /** A full reference (or a setter policy line): the source must hold exactly it. */
  | {kind: 'exact'; target: BumpTarget; line: string}

export interface ResolvedImage {
  /** The `images` line it came from (`*` for wildcard names). */
  line: string
  name: string
  /** `name:tag@digest` as the source writes it: what the target gets. */
  reference: string
  /** Where the source holds it. */
  where: FoundReference[]
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
    resolveName(found, scanned, name, line, out.problems)

  for (const r of requests) {
    if (r.kind === 'name') {
      const res = one(r.name, r.line)
      if (!res) continue
      out.images.push(res)
      out.targets.push({kind: 'image', ref: parseImageRef(res.reference), line: res.reference})
    } else if (r.kind === 'exact') {
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

  const skipped = requests.some(r => r.kind === 'all') ? resolveAll(requests, found, target, scanned, one, out) : []
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
  found: FoundReference[],
  scanned: string[],
  name: string,
  line: string,
  problems: string[]
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
  found: FoundReference[],
  target: ReadonlyMap<string, string>,
  scanned: string[],
  one: (name: string, line: string) => ResolvedImage | undefined,
  out: Resolved
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

function listScanned(paths: string[]): string {
  if (paths.length === 0) return 'from-paths selected no manifest files'
  const listed = paths.slice(0, MAX_LISTED).join(', ')
  const more = paths.length > MAX_LISTED ? ` and ${paths.length - MAX_LISTED} more` : ''
  return `scanned ${paths.length} files: ${listed}${more}`
}
