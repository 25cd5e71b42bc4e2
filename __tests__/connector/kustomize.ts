// A small kustomize for the subset deploy/ uses, so the tests can check what `kubectl apply -k` and Flux's
// kustomize-controller would apply: `resources` (files and directories), `components`, `patches` (strategic merge,
// `$patch: delete`, and JSON 6902 `add`/`replace` with a target), `namespace`, `images` and `labels` (metadata only).
// Anything else in a kustomization fails loudly, so deploy/ cannot start using a feature this does not model.
import {existsSync, readFileSync, statSync} from 'node:fs'
import {join} from 'node:path'
import {parse, parseAllDocuments} from 'yaml'

export type Obj = Record<string, any>

interface Patch {
  path?: string
  patch?: string
  target?: {kind?: string; name?: string}
}
interface Image {
  name: string
  newName?: string
  newTag?: string
  digest?: string
}
interface Kustomization {
  apiVersion: string
  kind: 'Kustomization' | 'Component'
  namespace?: string
  resources?: string[]
  components?: string[]
  patches?: Patch[]
  images?: Image[]
  labels?: {pairs: Record<string, string>; includeSelectors?: boolean; includeTemplates?: boolean}[]
}

const KNOWN = new Set(['apiVersion', 'kind', 'namespace', 'resources', 'components', 'patches', 'images', 'labels'])
const CLUSTER_SCOPED = new Set(['Namespace'])
/** The strategic-merge keys of the lists deploy/ patches; other lists are replaced, as kustomize does. */
const MERGE_KEYS: Record<string, string> = {
  containers: 'name',
  initContainers: 'name',
  env: 'name',
  volumes: 'name',
  volumeMounts: 'mountPath'
}

export function readYaml(file: string): Obj[] {
  return parseAllDocuments(readFileSync(file, 'utf8')).map(d => {
    if (d.errors.length > 0) throw new Error(`${file}: ${d.errors[0]!.message}`)
    return d.toJS() as Obj
  })
}

function readKustomization(dir: string): Kustomization {
  const file = join(dir, 'kustomization.yaml')
  if (!existsSync(file)) throw new Error(`${dir} has no kustomization.yaml`)
  const k = parse(readFileSync(file, 'utf8')) as Kustomization
  for (const key of Object.keys(k)) if (!KNOWN.has(key)) throw new Error(`${file}: "${key}" is not modelled here`)
  return k
}

/** Strategic merge of `patch` into `base` (a copy): maps merge, `null` deletes, keyed lists merge by their key. */
export function strategicMerge(base: Obj, patch: Obj): Obj {
  const out: Obj = {...base}
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete out[key]
    else if (Array.isArray(value) && Array.isArray(out[key]) && MERGE_KEYS[key]) {
      const k = MERGE_KEYS[key]!
      const merged: Obj[] = [...(out[key] as Obj[])]
      for (const item of value as Obj[]) {
        const i = merged.findIndex(m => m[k] === item[k])
        if (i >= 0) merged[i] = strategicMerge(merged[i]!, item)
        else merged.push(item)
      }
      out[key] = merged
    } else if (isMap(value) && isMap(out[key])) out[key] = strategicMerge(out[key], value)
    else out[key] = value
  }
  return out
}

const isMap = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v)

function jsonPatch(doc: Obj, ops: {op: string; path: string; value: unknown}[]): Obj {
  const out = structuredClone(doc)
  for (const {op, path, value} of ops) {
    if (op !== 'add' && op !== 'replace') throw new Error(`JSON patch op "${op}" is not modelled here`)
    const parts = path.split('/').slice(1)
    const last = parts.pop()!
    let at: any = out
    for (const p of parts) {
      at = at?.[p]
      if (at === undefined) throw new Error(`JSON patch path ${path} does not exist`)
    }
    if (op === 'replace' && !(last in at)) throw new Error(`JSON patch replace: ${path} does not exist`)
    if (Array.isArray(at) && last === '-') at.push(value)
    else at[last] = value
  }
  return out
}

const sameObject = (a: Obj, b: Obj) => a.kind === b.kind && a.metadata?.name === b.metadata?.name

function applyPatches(objects: Obj[], patches: Patch[], dir: string): Obj[] {
  let out = objects
  for (const p of patches) {
    const text = p.path ? readFileSync(join(dir, p.path), 'utf8') : p.patch
    if (text === undefined) throw new Error(`${dir}: a patch needs path or patch`)
    const parsed = parse(text) as Obj | Obj[]
    if (Array.isArray(parsed)) {
      const t = p.target
      if (!t) throw new Error(`${dir}: a JSON 6902 patch needs a target`)
      const hits = out.filter(o => (!t.kind || o.kind === t.kind) && (!t.name || o.metadata?.name === t.name))
      if (hits.length === 0) throw new Error(`${dir}: patch target ${t.kind}/${t.name} matches nothing`)
      out = out.map(o => (hits.includes(o) ? jsonPatch(o, parsed as never) : o))
      continue
    }
    const i = out.findIndex(o => sameObject(o, parsed))
    if (i < 0) throw new Error(`${dir}: patch for ${parsed.kind}/${parsed.metadata?.name} matches nothing`)
    if (parsed.$patch === 'delete') out = out.filter((_, j) => j !== i)
    else out = out.map((o, j) => (j === i ? strategicMerge(o, parsed) : o))
  }
  return out
}

function setImages(objects: Obj[], images: Image[]): Obj[] {
  return objects.map(o => {
    const spec = o.spec?.template?.spec
    if (!spec) return o
    const retag = (c: Obj) => {
      const name = String(c.image)
        .split('@')[0]!
        .replace(/:[^/:]+$/, '')
      const img = images.find(i => i.name === name)
      if (!img) return c
      const tag = img.newTag ? `:${img.newTag}` : ''
      const digest = img.digest ? `@${img.digest}` : ''
      return {...c, image: `${img.newName ?? name}${tag}${digest}`}
    }
    const containers = (spec.containers as Obj[]).map(retag)
    return strategicMerge(o, {spec: {template: {spec: {...spec, containers}}}})
  })
}

export interface Extra {
  components?: string[]
  patches?: Patch[]
  images?: Image[]
}

/** What `kustomize build dir` gives, with `extra` added to the directory's own kustomization (as Flux does). */
export function build(dir: string, extra: Extra = {}): Obj[] {
  const k = readKustomization(dir)
  if (k.kind !== 'Kustomization') throw new Error(`${dir} is a ${k.kind}, not a Kustomization`)
  let objects: Obj[] = []
  for (const r of k.resources ?? []) {
    const path = join(dir, r)
    objects.push(...(statSync(path).isDirectory() ? build(path) : readYaml(path)))
  }
  for (const c of [...(k.components ?? []), ...(extra.components ?? [])]) {
    const cdir = join(dir, c)
    const component = readKustomization(cdir)
    if (component.kind !== 'Component') throw new Error(`${cdir} is not a Component`)
    for (const key of ['namespace', 'images', 'labels', 'components'] as const)
      if (component[key] !== undefined) throw new Error(`${cdir}: "${key}" in a component is not modelled here`)
    for (const r of component.resources ?? []) objects.push(...readYaml(join(cdir, r)))
    objects = applyPatches(objects, component.patches ?? [], cdir)
  }
  objects = applyPatches(objects, [...(k.patches ?? []), ...(extra.patches ?? [])], dir)
  if (k.namespace) {
    const ns = k.namespace
    objects = objects.map(o => (CLUSTER_SCOPED.has(o.kind) ? o : {...o, metadata: {...o.metadata, namespace: ns}}))
  }
  // Flux replaces the kustomization's entry of the same name with its own (kustomize-controller's generator).
  const images = [...(k.images ?? []).filter(i => !extra.images?.some(e => e.name === i.name)), ...(extra.images ?? [])]
  if (images.length > 0) objects = setImages(objects, images)
  for (const l of k.labels ?? []) {
    if (l.includeSelectors || l.includeTemplates)
      throw new Error(`${dir}: labels into selectors/templates not modelled`)
    objects = objects.map(o => ({...o, metadata: {...o.metadata, labels: {...o.metadata?.labels, ...l.pairs}}}))
  }
  return objects
}
