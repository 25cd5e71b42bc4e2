// Validates Flux manifests against Flux's own CRD schemas, as generated into @kubernetes-models/flux-cd (types,
// enums, patterns, required fields), plus what a structural schema alone lets through: fields the CRD does not
// declare. `kubectl apply` rejects those (strict field validation), and Flux would otherwise ignore a misspelt field.
import {Alert, Provider} from '@kubernetes-models/flux-cd/notification.toolkit.fluxcd.io/v1beta3'
import {Receiver} from '@kubernetes-models/flux-cd/notification.toolkit.fluxcd.io/v1'
import {Kustomization} from '@kubernetes-models/flux-cd/kustomize.toolkit.fluxcd.io/v1'
import {HelmRelease} from '@kubernetes-models/flux-cd/helm.toolkit.fluxcd.io/v2'
import {GitRepository, HelmRepository, OCIRepository} from '@kubernetes-models/flux-cd/source.toolkit.fluxcd.io/v1'

interface Validatable {
  validate(): void
}
export type ModelClass = new (data: Record<string, unknown>) => Validatable

/** apiVersion/kind -> model. Versions current since Flux 2.2 (v1beta3 notification) and 2.3 (helm v2). */
export const FLUX_MODELS: Record<string, ModelClass> = {
  'notification.toolkit.fluxcd.io/v1beta3/Provider': Provider as unknown as ModelClass,
  'notification.toolkit.fluxcd.io/v1beta3/Alert': Alert as unknown as ModelClass,
  'notification.toolkit.fluxcd.io/v1/Receiver': Receiver as unknown as ModelClass,
  'kustomize.toolkit.fluxcd.io/v1/Kustomization': Kustomization as unknown as ModelClass,
  'helm.toolkit.fluxcd.io/v2/HelmRelease': HelmRelease as unknown as ModelClass,
  'source.toolkit.fluxcd.io/v1/GitRepository': GitRepository as unknown as ModelClass,
  'source.toolkit.fluxcd.io/v1/HelmRepository': HelmRepository as unknown as ModelClass,
  'source.toolkit.fluxcd.io/v1/OCIRepository': OCIRepository as unknown as ModelClass
}

type Plain = Record<string, unknown>
const isObject = (v: unknown): v is Plain => typeof v === 'object' && v !== null && !Array.isArray(v)

/**
 * A proxy that records which keys the generated validator reads. The validator reads every property its schema
 * declares and enumerates the keys of maps (labels, annotations); an object whose keys it never reads is free-form
 * (Helm `values`). So in an object where it read some keys, a key it did not read is one the CRD does not declare.
 */
function watch(
  value: unknown,
  path: string,
  objects: {path: string; value: Plain; read: Set<string>; all: boolean}[]
): unknown {
  if (Array.isArray(value)) return value.map((v, i) => watch(v, `${path}[${i}]`, objects))
  if (!isObject(value)) return value
  const entry = {path, value, read: new Set<string>(), all: false}
  objects.push(entry)
  const children: Plain = {}
  for (const [k, v] of Object.entries(value)) children[k] = watch(v, `${path}.${k}`, objects)
  return new Proxy(children, {
    get(target, key, receiver) {
      if (typeof key === 'string') entry.read.add(key)
      return Reflect.get(target, key, receiver) as unknown
    },
    ownKeys(target) {
      entry.all = true
      return Reflect.ownKeys(target)
    }
  })
}

/** Problems with one manifest checked against `Model`'s schema (unknown fields included); empty when it is valid. */
export function modelProblems(doc: Plain, Model: ModelClass): string[] {
  const problems: string[] = []
  for (const key of Object.keys(doc)) {
    if (!['apiVersion', 'kind', 'metadata', 'spec'].includes(key)) problems.push(`unknown field ${key}`)
  }
  const objects: {path: string; value: Plain; read: Set<string>; all: boolean}[] = []
  const model = new Model({apiVersion: doc.apiVersion, kind: doc.kind}) as Validatable & Plain
  for (const key of ['metadata', 'spec']) if (key in doc) model[key] = watch(doc[key], key, objects)
  try {
    model.validate()
  } catch (e) {
    problems.push((e as Error).message)
  }
  for (const o of objects) {
    if (o.all || o.read.size === 0) continue
    for (const key of Object.keys(o.value)) if (!o.read.has(key)) problems.push(`unknown field ${o.path}.${key}`)
  }
  return problems
}

/** Problems with one Flux manifest; empty when it is valid. */
export function fluxProblems(doc: Plain): string[] {
  const id = `${String(doc.apiVersion)}/${String(doc.kind)}`
  const Model = FLUX_MODELS[id]
  if (!Model) return [`${id} is not a Flux API version the docs may show (${Object.keys(FLUX_MODELS).join(', ')})`]
  return modelProblems(doc, Model)
}
