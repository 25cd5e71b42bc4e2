// Validates the Kubernetes objects deploy/ renders against the Kubernetes and prometheus-operator schemas (as
// generated into kubernetes-models and @kubernetes-models/prometheus-operator: types, enums, required fields), plus
// what a structural schema alone lets through: fields the schema does not declare (`kubectl apply` rejects those
// with strict field validation; the API server would otherwise drop a misspelt `readinesProbe` silently).
import {Namespace, PersistentVolumeClaim, Service, ConfigMap} from 'kubernetes-models/v1'
import {Deployment} from 'kubernetes-models/apps/v1'
import {PodDisruptionBudget} from 'kubernetes-models/policy/v1'
import {Ingress, NetworkPolicy} from 'kubernetes-models/networking.k8s.io/v1'
import {PrometheusRule, ServiceMonitor} from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1'
import {fluxProblems, modelProblems, type ModelClass} from '../../testing/flux-schema.js'

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

/** Problems with one rendered object; empty when it is valid. Flux objects go to the Flux CRD check. */
export function objectProblems(doc: Plain): string[] {
  const id = `${String(doc.apiVersion)}/${String(doc.kind)}`
  if (String(doc.apiVersion).includes('fluxcd.io/')) return fluxProblems(doc)
  const Model = MODELS[id]
  if (!Model) return [`${id} has no schema here (${Object.keys(MODELS).join(', ')})`]
  return modelProblems(doc, Model)
}
