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
/**
 * Nobody is known to follow the branch: no object named a commit of its history when the wait began (`baseline`)
 * and none reports on B. The decision then holds a healthy verdict for one quiet interval.
 */
export function unanchored(baseline: readonly string[], reports: readonly Report[], base: string | undefined): boolean {
  return baseline.length === 0 && !reports.some(r => r.commit === base)
}

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

const COMMIT_REVISION_RE = /(?:^|@)sha1:[0-9a-f]{40}$|^[0-9a-f]{40}$/

/**
 * A HelmRelease counts for a rollout that wrote chart versions only once helm-controller runs one of them: its
 * revision is the chart version (`6.5.0`, or `6.5.0+<digest>` for an OCI chart), and a healthy HelmRelease at
 * another version is still the old release, so it is turned into `progressing`. A revision that names a commit,
 * or none, and every other kind are left as they are. `charts`: the written `<chart>=<version>[@digest]` lines.
 */
export function countChartVersion(o: WireObject, charts: readonly string[]): WireObject {
  if (o.kind !== 'HelmRelease' || o.state !== 'healthy' || charts.length === 0) return o
  const revision = o.revision
  if (typeof revision !== 'string' || revision === '' || COMMIT_REVISION_RE.test(revision)) return o
  const versions = charts.map(line => line.slice(line.indexOf('=') + 1).split('@')[0] as string)
  if (versions.some(v => revision === v || revision.startsWith(`${v}+`))) return o
  return {
    ...o,
    state: 'progressing',
    reason: 'ChartVersionPending',
    message: `runs chart version ${revision}; waiting for ${versions.join(' or ')}`
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
  /**
   * With nobody known to follow the branch (no report before C): how long the expected set must stay the same once
   * healthy, in ms (the action's poll interval, at least 10 s). Absent: 10 s.
   */
  quiet_ms?: number
  /** The references written, one per entry. */
  images: string[]
  /** The chart versions written, `<chart>=<version>[@sha256:…]`: a HelmRelease counts only at one of them. */
  charts?: string[]
  /**
   * Each file the change wrote with the `images` (and `charts`) lines that wrote into it: a later commit must still
   * hold them. `releases`: `namespace/name` of the HelmRelease patches the charts set there (their HelmRelease is
   * in another file).
   */
  written: {path: string; images: string[]; charts?: string[]; releases?: string[]}[]
  environment: string | null
  /** The Deployment the action created in the workflow repo and left `in_progress`. */
  deployment: {repository: string; id: number} | null
  run_url: string
  /** Where `repository_dispatch` is sent: the repository of the workflow that handed off. */
  workflow_repository: string
  /** `dispatch-payload`, passed through as `client_payload.payload`. */
  payload: Record<string, unknown>
}
