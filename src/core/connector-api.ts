// The connector's HTTP contract, shared by both programs: the objects GET /api/v1/objects serves, how the action
// reads one as a report, and the body of POST /api/v1/watches. Types and pure conversions only.
import type {Report, ReportState} from './rollout/types.js'

export type ObjectStateName = 'progressing' | 'healthy' | 'failed'

/** One Flux object as the read API serves it. */
export interface ConnectorObject {
  cluster: string
  kind: string
  namespace: string
  name: string
  /** The revision as Flux sent it (`main@sha1:<sha>`, `latest@sha256:<digest>`, a chart version), or null. */
  revision: string | null
  /** The 40-hex Git commit named by `revision`, or by `originRevision` when `revision` names none. */
  commit: string | null
  state: ObjectStateName
  reason: string
  message: string
  /** The event's own timestamp (emission time at the controller), ISO 8601. */
  updatedAt: string
}

/** The connector's object, as GET /api/v1/objects serves it (the type is shared; no connector code is bundled). */
export type WireObject = ConnectorObject

const STATES: Record<string, ReportState> = {healthy: 'success', failed: 'failure', progressing: 'pending'}

export function isWireObject(o: unknown): o is WireObject {
  if (typeof o !== 'object' || o === null) return false
  const r = o as Record<string, unknown>
  return (
    ['cluster', 'kind', 'namespace', 'name', 'state', 'reason', 'message', 'updatedAt'].every(
      k => typeof r[k] === 'string'
    ) &&
    (r.commit === null || typeof r.commit === 'string')
  )
}

export function objectToReport(o: WireObject): Report | null {
  if (!o.commit) return null
  const state = STATES[o.state]
  if (!state) return null
  const at = Date.parse(o.updatedAt)
  return {
    context: `${o.cluster}/${o.kind}/${o.namespace}/${o.name}`,
    state,
    description: o.message ? `${o.reason}: ${o.message}` : o.reason,
    commit: o.commit,
    at: Number.isFinite(at) ? at : 0,
    source: 'connector'
  }
}

/** Body of `POST /api/v1/watches`. */
export interface WatchSpecWire {
  /** The gitops repo, `owner/name`. */
  repository: string
  branch: string
  /** The gitops commit that carries the change (40 hex). */
  commit: string
  /** Context globs over `cluster/Kind/namespace/name`; every one must be matched by healthy objects. */
  contexts: string[]
  healthy_description: string
  failure_grace_seconds: number
  /** When the wait ends `timed-out`: the run's start plus its `timeout` (ISO 8601). */
  deadline: string
  /** After healthy, keep watching this long; a failure in the window fails the rollout. */
  soak_seconds: number
  /** The references written, one per entry. */
  images: string[]
  /** Each file the change wrote with the `images` lines that wrote into it: a later commit must still hold them. */
  written: {path: string; images: string[]}[]
  environment: string | null
  /** The Deployment the action created in the workflow repo and left `in_progress`. */
  deployment: {repository: string; id: number} | null
  run_url: string
  /** Where `repository_dispatch` is sent: the repository of the workflow that handed off. */
  workflow_repository: string
  /** `dispatch-payload`, passed through as `client_payload.payload`. */
  payload: Record<string, unknown>
}
