// Flux image-automation setter markers: `# {"$imagepolicy": "ns:policy[:name|:tag|:digest]"}` as the comment on a
// scalar's own line, or on the line directly above it (above its key, for a mapping value). Rewritten the way
// image-automation-controller does (internal/update/setters.go): full -> `name:tag[@digest]`, `:name` -> name,
// `:tag` -> tag, `:digest` -> digest ('' when there is none).
import type {Pair, YAMLMap} from 'yaml'
import {formatImageRef, parseImageName, parseImageRef, sameImageName} from '../image-ref.js'
import {valuesImageName, valuesReference} from './helm-values.js'
import {entryReference} from './kustomize.js'
import type {ImageEntry} from './kustomize.js'
import type {ImageTarget} from './types.js'
import {getPair, isEditableScalar, lineIndex, lineText, scalarText, visitScalars} from './yaml-source.js'
import type {FileEditor, RuleContext, SourceFile, StringScalar} from './yaml-source.js'

export type SetterField = 'ref' | 'name' | 'tag' | 'digest'

export interface Setter {
  node: StringScalar
  map?: YAMLMap
  /** `ns:policy`: setters with the same policy in one file form a group. */
  policy: string
  field: SetterField
  /** The marker as written, `ns:policy:tag`, for labels. */
  marker: string
}

const MARKER = '$imagepolicy'

/** Parses a comment's text (after `#`) as a setter marker, like kyaml: strip `#`s, JSON-decode, read the key. */
export function parseMarker(comment: string): {policy: string; field: SetterField; marker: string} | undefined {
  const body = comment.replace(/^#+/, '').trim()
  if (!body.startsWith('{') || !body.includes(MARKER)) return undefined
  let json: unknown
  try {
    json = JSON.parse(body)
  } catch {
    return undefined
  }
  if (typeof json !== 'object' || json === null) return undefined
  const marker = (json as Record<string, unknown>)[MARKER]
  if (typeof marker !== 'string') return undefined
  const parts = marker.split(':')
  if (parts.length === 2 && parts[0] && parts[1]) return {policy: marker, field: 'ref', marker}
  const [ns, name, field] = parts
  if (parts.length === 3 && ns && name && (field === 'name' || field === 'tag' || field === 'digest')) {
    return {policy: `${ns}:${name}`, field, marker}
  }
  return undefined
}

/** Every scalar of the file that carries a marker. Cheap exit when the file has no marker text at all. */
export function findSetters(src: SourceFile): Setter[] {
  if (!src.text.includes(MARKER)) return []
  const out: Setter[] = []
  for (const doc of src.docs) {
    visitScalars(doc.contents, (node, pair, map) => {
      const found = lineMarker(src, node) ?? headMarker(src, node, pair)
      if (found) out.push({node, map, ...found})
    })
  }
  return out
}

/** A comment after the value on the value's last line. */
function lineMarker(src: SourceFile, node: StringScalar): ReturnType<typeof parseMarker> {
  const end = node.range[1]
  const idx = lineIndex(src, end)
  const rest = lineText(src, idx).slice(end - (src.lineStarts[idx] ?? 0))
  const m = /^[ \t]+#(.*)$/.exec(rest)
  return m?.[1]?.includes(MARKER) ? parseMarker(m[1]) : undefined
}

/** A comment-only line directly above the key (or above the scalar, for a sequence item). */
function headMarker(src: SourceFile, node: StringScalar, pair: Pair | undefined): ReturnType<typeof parseMarker> {
  const start = (pair?.key as {range?: number[]} | undefined)?.range?.[0] ?? node.range[0]
  const idx = lineIndex(src, start)
  if (idx === 0) return undefined
  const above = lineText(src, idx - 1)
  const m = /^[ \t]*#(.*)$/.exec(above)
  return m?.[1]?.includes(MARKER) ? parseMarker(m[1]) : undefined
}

/**
 * Applies every target to the file's setter groups.
 * - Policy targets update every setter of their policy, renames included. When a group has no full or `:name`
 *   setter, the image name lives in the surrounding kustomize entry: a rename is written into `newName` when the
 *   entry has one, and is a warning otherwise (adding a key is not what Flux would do).
 * - Image targets update a group only when its image name is known (a full setter's value, a `:name` setter, a
 *   sibling `repository`, or the kustomize entry it sits in) and equals the target's; a group with no known name is
 *   a warning, never a guess.
 */
export function applySetters(
  ed: FileEditor,
  {setters, entries}: {setters: Setter[]; entries: ImageEntry[]},
  targets: ImageTarget[],
  ctx: RuleContext
): void {
  if (setters.length === 0) return
  const groups = byPolicy(setters)
  const entryOf = new Map(entries.map(e => [e.map, e]))
  for (const [policy, group] of groups) {
    const names = groupNames(ed.src, group, entryOf)
    const policyTargets = targets.filter(t => t.kind === 'policy' && `${t.namespace}:${t.policy}` === policy)
    for (const target of policyTargets) {
      ctx.matched(target, groupReference(ed.src, group, entryOf, names[0] ?? target.ref.name))
      updateGroup(ed, group, target, 'policy')
      if (!group.some(s => s.field === 'ref' || s.field === 'name')) renameStructural(ed, {group, entryOf}, target, ctx)
      if (target.ref.digest === undefined) warnUnmarkedDigest(ed, group, target, ctx)
    }
    if (policyTargets.length > 0) continue
    const imageTargets = targets.filter(t => t.kind === 'image')
    if (imageTargets.length === 0) continue
    if (names.length === 0) {
      const first = group[0]
      const at = first ? ed.where(first.node.range[0]) : ed.src.path
      ctx.warn(
        `${at}: setters of ${policy} do not name their image (no full or :name setter, no repository); ` +
          `not updated for image targets; address them as '${policy}=<reference>'`
      )
      continue
    }
    for (const target of imageTargets) {
      if (!names.some(n => sameImageName(n, target.ref.name))) continue
      ctx.matched(target, groupReference(ed.src, group, entryOf, names[0] ?? target.ref.name))
      updateGroup(ed, group, target, 'image')
    }
  }
}

/** One setter group as a reference, for reading what a stage runs: the group's image name and current value. */
export interface SetterGroupReference {
  policy: string
  /** The first setter of the group, where the reference is reported. */
  node: StringScalar
  name: string
  reference: string
}

/** Every setter group of the file whose image name is known (a group without one is not read, never guessed). */
export function setterGroupReferences(
  src: SourceFile,
  setters: Setter[],
  entries: ImageEntry[]
): SetterGroupReference[] {
  const groups = byPolicy(setters)
  const entryOf = new Map(entries.map(e => [e.map, e]))
  const out: SetterGroupReference[] = []
  for (const [policy, group] of groups) {
    const name = groupNames(src, group, entryOf)[0]
    const first = group[0]
    if (name === undefined || first === undefined) continue
    out.push({policy, node: first.node, name, reference: groupReference(src, group, entryOf, name)})
  }
  return out
}

/** Image names the group states, in source order. */
function groupNames(src: SourceFile, group: Setter[], entryOf: Map<YAMLMap, ImageEntry>): string[] {
  const out: string[] = []
  for (const s of group) {
    const text = scalarText(src, s.node) ?? ''
    if (s.field === 'ref') {
      const name = tryName(() => parseImageRef(text).name)
      if (name) out.push(name)
    } else if (s.field === 'name') {
      const name = tryName(() => parseImageName(text).name)
      if (name) out.push(name)
    } else if (s.map) {
      const name = entryOf.get(s.map)?.effectiveName ?? valuesImageName(s.map)
      if (name) out.push(name)
    }
  }
  return out
}

function tryName(fn: () => string): string | undefined {
  try {
    return fn()
  } catch {
    return undefined
  }
}

/**
 * The group's current reference, for "old -> new": a full setter's value; else the kustomize entry or values mapping
 * the setters sit in (their siblings complete the picture); else name + tag + digest setters.
 */
function groupReference(src: SourceFile, group: Setter[], entryOf: Map<YAMLMap, ImageEntry>, name: string): string {
  const full = group.find(s => s.field === 'ref')
  if (full) return scalarText(src, full.node) ?? ''
  for (const s of group) {
    if (!s.map) continue
    const entry = entryOf.get(s.map)
    if (entry) return entryReference(src, entry)
    const valuesName = valuesImageName(s.map)
    if (valuesName) return valuesReference(src, s.map, valuesName)
  }
  const value = (field: SetterField): string | undefined => {
    const s = group.find(x => x.field === field)
    return (s && scalarText(src, s.node)) || undefined
  }
  return formatImageRef({name: value('name') ?? name, tag: value('tag'), digest: value('digest')})
}

function updateGroup(ed: FileEditor, group: Setter[], target: ImageTarget, mode: 'policy' | 'image'): void {
  const {tag, digest} = target.ref
  for (const s of group) {
    const label = `setter ${s.marker}`
    switch (s.field) {
      case 'ref': {
        // Flux writes the policy's image name; an image target keeps the name as written (the same image), and
        // leaves a full setter that names another image (a policy shared oddly between images) alone.
        let name = target.ref.name
        if (mode === 'image') {
          const own = tryName(() => parseImageRef(scalarText(ed.src, s.node) ?? '').name)
          if (own === undefined || !sameImageName(own, target.ref.name)) break
          name = own
        }
        ed.setScalar(s.node, 'ref', formatImageRef({name, tag, digest}), {field: label, target})
        break
      }
      case 'name':
        if (mode === 'policy') ed.setScalar(s.node, 'name', target.ref.name, {field: label, target})
        break
      case 'tag':
        if (tag !== undefined) ed.setScalar(s.node, 'tag', tag, {field: label, target})
        break
      case 'digest':
        ed.setScalar(s.node, 'digest', digest ?? '', {field: label, target})
        break
    }
  }
}

/** A policy target renames the image of a tag/digest-only group through the kustomize entry's `newName`. */
function renameStructural(
  ed: FileEditor,
  {group, entryOf}: {group: Setter[]; entryOf: Map<YAMLMap, ImageEntry>},
  target: ImageTarget,
  ctx: RuleContext
): void {
  const seen = new Set<YAMLMap>()
  for (const s of group) {
    if (!s.map || seen.has(s.map)) continue
    seen.add(s.map)
    const entry = entryOf.get(s.map)
    const current = entry?.effectiveName ?? valuesImageName(s.map)
    if (current === undefined || sameImageName(current, target.ref.name)) continue
    const newName = entry ? getPair(s.map, 'newName') : undefined
    if (newName && isEditableScalar(newName.value)) {
      ed.setScalar(newName.value, 'name', target.ref.name, {field: 'images[].newName', target})
    } else {
      ctx.warn(
        `${ed.where(s.node.range[0])}: ${target.line} renames ${current} to ${target.ref.name}, which this ` +
          `${entry ? 'kustomize entry' : 'values mapping'} cannot express without adding a key (add newName or a :name setter)`
      )
    }
  }
}

/**
 * Flux only rewrites marked scalars, so a policy target leaves an unmarked `digest:` next to its setters alone; say
 * so, because kustomize and most charts prefer that digest over the new tag.
 */
function warnUnmarkedDigest(ed: FileEditor, group: Setter[], target: ImageTarget, ctx: RuleContext): void {
  if (group.some(s => s.field === 'digest')) return
  const seen = new Set<YAMLMap>()
  for (const s of group) {
    if (!s.map || seen.has(s.map)) continue
    seen.add(s.map)
    const digest = getPair(s.map, 'digest')
    if (digest && (scalarText(ed.src, digest.value) ?? '') !== '') {
      const at = ed.where(digest.key.range?.[0] ?? 0)
      ctx.warn(
        `${at}: '${target.line}' set the tag, but this unmarked digest stays and takes precedence; mark it with ${group[0]?.policy}:digest or remove it`
      )
    }
  }
}

/** Setters grouped by the image policy they name, in order of first appearance. */
function byPolicy(setters: Setter[]): Map<string, Setter[]> {
  const groups = new Map<string, Setter[]>()
  for (const s of setters) {
    const g = groups.get(s.policy)
    if (g) g.push(s)
    else groups.set(s.policy, [s])
  }
  return groups
}
