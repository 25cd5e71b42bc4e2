// Pure: a Flux event (as notification-controller POSTs it to a generic webhook) -> the state of one Flux object,
// and the rule that decides whether a newly arrived event replaces the stored state.

import type {ConnectorObject, ObjectStateName} from '../core/connector-api.js'

export type {ConnectorObject, ObjectStateName}

/** A validated event, reduced to what the state needs. */
export interface ParsedEvent {
  object: ConnectorObject
  /** `updatedAt` in ms since epoch, for ordering. */
  time: number
}

export type ParseResult = {ok: true; event: ParsedEvent} | {ok: false; error: string}

const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/

function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined
}

/**
 * The Git commit in a Flux revision, the way Flux finds it (fluxcd/pkg git.ExtractHashFromRevision): the text after
 * the last `:`, else after the last `/`, else the whole string; a commit only when that is 40 hex digits.
 * So `main@sha1:<sha>`, `sha1:<sha>`, legacy `main/<sha>` and a bare `<sha>` name commits; `latest@sha256:<64hex>`
 * and chart versions do not.
 */
export function extractCommit(revision: string | null | undefined): string | null {
  if (!revision) return null
  let hash = revision
  const colon = revision.lastIndexOf(':')
  if (colon >= 0) hash = revision.slice(colon + 1)
  else if (revision.includes('/')) hash = revision.slice(revision.lastIndexOf('/') + 1)
  return /^[0-9a-fA-F]{40}$/.test(hash) ? hash.toLowerCase() : null
}

/**
 * Reads a metadata key: NC forwards keys un-prefixed (`revision`), while the controller's own event (and Flux's
 * docs) use `<group>/revision`; accept both, un-prefixed first.
 */
function metadataValue(metadata: Record<string, unknown>, key: string, group: string | undefined): string | undefined {
  const plain = str(metadata[key])
  if (plain) return plain
  if (group) {
    const prefixed = str(metadata[`${group}/${key}`])
    if (prefixed) return prefixed
  }
  for (const [k, v] of Object.entries(metadata)) {
    if (k.endsWith(`.fluxcd.io/${key}`) && typeof v === 'string' && v) return v
  }
  return undefined
}

export function stateOf(severity: string, reason: string, message: string): ObjectStateName {
  if (severity === 'error') return 'failed'
  if (reason === 'ReconciliationSucceeded') return 'healthy'
  // Flux 2.8.0-2.8.5 never forward ReconciliationSucceeded to webhooks; this is the only success signal there.
  if (reason === 'Progressing' && message.startsWith('Health check passed')) return 'healthy'
  return 'progressing'
}

/** Validates a decoded JSON body. Errors say which field is wrong; they become the 400 answer. */
export function parseFluxEvent(body: unknown): ParseResult {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    return {ok: false, error: 'body must be a JSON object (a Flux event)'}
  }
  const e = body as Record<string, unknown>
  const involved = e.involvedObject
  if (typeof involved !== 'object' || involved === null || Array.isArray(involved)) {
    return {ok: false, error: 'involvedObject is missing or not an object'}
  }
  const io = involved as Record<string, unknown>
  const kind = str(io.kind)
  const name = str(io.name)
  if (!kind) return {ok: false, error: 'involvedObject.kind is missing or not a string'}
  if (!name) return {ok: false, error: 'involvedObject.name is missing or not a string'}
  const namespace = str(io.namespace) ?? ''
  const reason = str(e.reason)
  if (!reason) return {ok: false, error: 'reason is missing or not a string'}
  const timestamp = str(e.timestamp)
  if (!timestamp) return {ok: false, error: 'timestamp is missing or not a string'}
  const time = RFC3339.test(timestamp) ? Date.parse(timestamp) : NaN
  if (!Number.isFinite(time))
    return {ok: false, error: `timestamp is not an RFC 3339 time: '${timestamp.slice(0, 64)}'`}
  if (e.message !== undefined && typeof e.message !== 'string') return {ok: false, error: 'message is not a string'}
  if (e.severity !== undefined && typeof e.severity !== 'string') return {ok: false, error: 'severity is not a string'}
  const rawMeta = e.metadata ?? {}
  if (typeof rawMeta !== 'object' || rawMeta === null || Array.isArray(rawMeta)) {
    return {ok: false, error: 'metadata is not an object'}
  }
  const metadata = rawMeta as Record<string, unknown>
  const apiVersion = str(io.apiVersion)
  const group = apiVersion?.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : undefined

  const message = str(e.message) ?? ''
  const severity = str(e.severity) ?? 'info'
  const revision = metadataValue(metadata, 'revision', group) ?? null
  const originRevision = metadataValue(metadata, 'originRevision', group) ?? null
  const object: ConnectorObject = {
    cluster: str(metadata.cluster) || 'default',
    kind,
    namespace,
    name,
    revision,
    // An artifact digest (OCI, ExternalArtifact) names no commit; the Git commit is then in originRevision.
    commit: extractCommit(revision) ?? extractCommit(originRevision),
    state: stateOf(severity, reason, message),
    reason,
    message,
    updatedAt: new Date(time).toISOString()
  }
  return {ok: true, event: {object, time}}
}

export function objectKey(o: Pick<ConnectorObject, 'cluster' | 'kind' | 'namespace' | 'name'>): string {
  return JSON.stringify([o.cluster, o.kind, o.namespace, o.name])
}

/** What the store keeps per object: the public state plus the time of the event it came from. */
export interface StoredObject {
  object: ConnectorObject
  time: number
}

/**
 * Whether an event that arrived after the stored one replaces it. Order is (timestamp, arrival): an older event is
 * recorded but ignored. Flux timestamps have one-second resolution and deliveries race, so at an equal timestamp a
 * non-failure, non-healthy event (a `Progressing` changeset line, usually) does not demote `healthy` for the same
 * revision: it was emitted before the success, in the same second (flux README 5.7).
 */
export function supersedes(current: StoredObject | undefined, next: ParsedEvent): boolean {
  if (!current) return true
  if (next.time < current.time) return false
  if (next.time > current.time) return true
  const cur = current.object
  const nxt = next.object
  if (cur.state === 'healthy' && nxt.state === 'progressing' && cur.revision === nxt.revision) return false
  return true
}

export function sameObject(a: ConnectorObject, b: ConnectorObject): boolean {
  return (
    a.revision === b.revision &&
    a.commit === b.commit &&
    a.state === b.state &&
    a.reason === b.reason &&
    a.message === b.message &&
    a.updatedAt === b.updatedAt
  )
}
