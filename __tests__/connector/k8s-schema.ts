// Validates the Kubernetes objects deploy/ renders against the Kubernetes and prometheus-operator schemas (as
// generated into kubernetes-models and @kubernetes-models/prometheus-operator: types, enums, required fields), plus
// what a structural schema alone lets through: fields the schema does not declare (`kubectl apply` rejects those
// with strict field validation; the API server would otherwise drop a misspelt `readinesProbe` silently).
import {Namespace, PersistentVolumeClaim, Service, ConfigMap} from 'kubernetes-models/v1'
import {Deployment} from 'kubernetes-models/apps/v1'
import {PodDisruptionBudget} from 'kubernetes-models/policy/v1'
import {Ingress, NetworkPolicy} from 'kubernetes-models/networking.k8s.io/v1'
import {PrometheusRule, ServiceMonitor} from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1'
import {fluxProblems} from '../../testing/flux-schema.js'

interface Validatable {
  validate(): void
}
type ModelClass = new (data: Record<string, unknown>) => Validatable

const MODELS: Record<string, ModelClass> = {
  'v1/Namespace': Namespace as unknown as ModelClass,
  'v1/PersistentVolumeClaim': PersistentVolumeClaim as unknown as ModelClass,
  'v1/Service': Service as unknown as ModelClass,
  'v1/ConfigMap': ConfigMap as unknown as ModelClass,
  'apps/v1/Deployment': Deployment as unknown as ModelClass,
  'policy/v1/PodDisruptionBudget': PodDisruptionBudget as unknown as ModelClass,
  'networking.k8s.io/v1/Ingress': Ingress as unknown as ModelClass,
  'networking.k8s.io/v1/NetworkPolicy': NetworkPolicy as unknown as ModelClass,
  'monitoring.coreos.com/v1/ServiceMonitor': ServiceMonitor as unknown as ModelClass,
  'monitoring.coreos.com/v1/PrometheusRule': PrometheusRule as unknown as ModelClass
}

type Plain = Record<string, unknown>
const isObject = (v: unknown): v is Plain => typeof v === 'object' && v !== null && !Array.isArray(v)
interface Seen {
  path: string
  value: Plain
  read: Set<string>
  all: boolean
}

/** A proxy that records which keys the validator reads; in an object where it read some, the others are unknown. */
function watch(value: unknown, path: string, seen: Seen[]): unknown {
  if (Array.isArray(value)) return value.map((v, i) => watch(v, `${path}[${i}]`, seen))
  if (!isObject(value)) return value
  const entry: Seen = {path, value, read: new Set(), all: false}
  seen.push(entry)
  const children: Plain = {}
  for (const [k, v] of Object.entries(value)) children[k] = watch(v, `${path}.${k}`, seen)
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

/** Problems with one rendered object; empty when it is valid. Flux objects go to the Flux CRD check. */
export function objectProblems(doc: Plain): string[] {
  const id = `${String(doc.apiVersion)}/${String(doc.kind)}`
  if (String(doc.apiVersion).includes('fluxcd.io/')) return fluxProblems(doc)
  const Model = MODELS[id]
  if (!Model) return [`${id} has no schema here (${Object.keys(MODELS).join(', ')})`]
  const problems: string[] = []
  for (const key of Object.keys(doc))
    if (!['apiVersion', 'kind', 'metadata', 'spec'].includes(key)) problems.push(`unknown field ${key}`)
  const seen: Seen[] = []
  const model = new Model({apiVersion: doc.apiVersion, kind: doc.kind}) as Validatable & Plain
  for (const key of ['metadata', 'spec']) if (key in doc) model[key] = watch(doc[key], key, seen)
  try {
    model.validate()
  } catch (e) {
    problems.push((e as Error).message)
  }
  for (const o of seen) {
    if (o.all || o.read.size === 0) continue
    for (const key of Object.keys(o.value)) if (!o.read.has(key)) problems.push(`unknown field ${o.path}.${key}`)
  }
  return problems
}
