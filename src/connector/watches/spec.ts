// A watch: what the action hands to the connector with `wait: handoff`, and the record the connector keeps of it.
// The wire format (snake_case JSON) is shared by both sides; parseWatchSpec is the connector's validation of it.
import {DEFAULT_QUIET_MS, type RolloutMemory} from '../../core/rollout/decision.js'
import {readTargets} from '../../core/targets.js'
import {readCharts} from '../../core/charts.js'
import {patternProblem} from '../../core/glob.js'
import type {WatchSpecWire} from '../../core/connector-api.js'

export type {WatchSpecWire}

export interface WatchSpec {
  repository: string
  branch: string
  commit: string
  contexts: string[]
  healthyDescription: string
  failureGraceMs: number
  /** ms since epoch */
  deadline: number
  soakMs: number
  /** With nobody known to follow the branch: the quiet interval before healthy (absent in older watches: 10 s). */
  quietMs?: number
  images: string[]
  /** The chart versions written (`<chart>=<version>[@digest]`); absent in watches stored before charts existed. */
  charts?: string[]
  written: {path: string; images: string[]; charts?: string[]; releases?: string[]}[]
  environment: string | null
  deployment: {repository: string; id: number} | null
  runUrl: string
  workflowRepository: string
  payload: Record<string, unknown>
}

export type WatchResult = 'healthy' | 'failed' | 'timed-out' | 'superseded'

/** `watching` until decided; `dispatching` until GitHub accepted the dispatch (and the Deployment moved); `done`. */
export type WatchStatus = 'watching' | 'dispatching' | 'done'

export interface Watch {
  id: string
  /** Same key = same run handing off the same commit again (a retried POST): answered with this watch. */
  key: string
  createdAt: number
  spec: WatchSpec
  status: WatchStatus
  result?: WatchResult
  message?: string
  appliedRevision?: string
  decidedAt?: number
  /** What the judgement carries from one pass to the next (soak start, failure streaks). */
  memory?: RolloutMemory
  /**
   * Objects that followed this branch when the watch started (their newest state named a commit of its history):
   * expected even before they report on C. Fixed at the first judgement.
   */
  baseline?: string[]
  dispatch: {attempts: number; nextAttemptAt?: number; lastError?: string; sentAt?: number}
  /** The leader's lease epoch that last claimed the watch's next GitHub call (replicas on PostgreSQL). */
  epoch?: number
  /** Deployment status still to be set (with environment); attempts are bounded, unlike the dispatch. */
  deploymentUpdate?: {attempts: number; nextAttemptAt?: number; lastError?: string; doneAt?: number; gaveUp?: boolean}
}

export const MAX_PAYLOAD_BYTES = 32 * 1024
const MAX_DURATION_SECONDS = 7 * 24 * 3600
const REPO_RE = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})\/[A-Za-z0-9._-]{1,100}$/

export type ParseSpecResult = {ok: true; spec: WatchSpec} | {ok: false; field: string; error: string}

type ParseFailure = Extract<ParseSpecResult, {ok: false}>

const WIRE_FIELDS: ReadonlySet<string> = new Set<keyof WatchSpecWire>([
  'repository',
  'branch',
  'commit',
  'contexts',
  'healthy_description',
  'failure_grace_seconds',
  'deadline',
  'soak_seconds',
  'quiet_ms',
  'images',
  'charts',
  'written',
  'environment',
  'deployment',
  'run_url',
  'workflow_repository',
  'payload'
])

const fail = (field: string, error: string): ParseFailure => ({ok: false, field, error: `${field}: ${error}`})

/** Validates a watch body; on error names the first offending field. */
export function parseWatchSpec(body: unknown): ParseSpecResult {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return fail('body', 'must be a JSON object')
  const b = body as Record<string, unknown>
  const unknown = Object.keys(b).find(k => !WIRE_FIELDS.has(k))
  if (unknown !== undefined) return fail(unknown.slice(0, 64), 'is not a field of a watch')

  // Fields are checked in the wire order, so the error names the first offending one.
  const target = parseTarget(b)
  if ('ok' in target) return target
  const timing = parseTiming(b)
  if ('ok' in timing) return timing
  const images = strings(b.images ?? [], 100)
  if (!images) return fail('images', 'must be an array of image references')
  const charts = strings(b.charts ?? [], 100)
  const chartsError = charts ? chartLinesError(charts) : 'must be an array of "<chart>=<version>" lines'
  if (chartsError !== undefined) return fail('charts', chartsError)
  const written = parseWritten(b.written ?? [], strings)
  if (typeof written === 'string') return fail('written', written)
  const delivery = parseDelivery(b)
  if ('ok' in delivery) return delivery
  return {
    ok: true,
    spec: {...target, ...timing, images, ...(charts && charts.length > 0 ? {charts} : {}), written, ...delivery}
  }
}

function repo(b: Record<string, unknown>, field: string): string | undefined {
  return typeof b[field] === 'string' && REPO_RE.test(b[field] as string) ? (b[field] as string) : undefined
}

function seconds(b: Record<string, unknown>, field: string, fallback?: number): number | undefined {
  const v = b[field] ?? fallback
  return typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= MAX_DURATION_SECONDS ? v : undefined
}

function strings(v: unknown, max: number): string[] | undefined {
  return Array.isArray(v) && v.length <= max && v.every(s => typeof s === 'string' && s !== '' && s.length <= 512)
    ? (v as string[])
    : undefined
}

/** What to watch: the repository, branch, commit, context patterns and the healthy description. */
function parseTarget(
  b: Record<string, unknown>
): Pick<WatchSpec, 'repository' | 'branch' | 'commit' | 'contexts' | 'healthyDescription'> | ParseFailure {
  const repository = repo(b, 'repository')
  if (!repository) return fail('repository', 'must be owner/name')
  const branch = b.branch
  if (typeof branch !== 'string' || branch === '' || branch.length > 255) {
    return fail('branch', 'must be a branch name')
  }
  const commit = b.commit
  if (typeof commit !== 'string' || !/^[0-9a-f]{40}$/.test(commit)) {
    return fail('commit', 'must be a 40-hex commit SHA')
  }
  const contexts = strings(b.contexts, 64)
  if (!contexts || contexts.length === 0) return fail('contexts', 'must be a non-empty array of patterns')
  const longContext = contexts.find(p => patternProblem(p) !== undefined)
  if (longContext !== undefined) return fail('contexts', `a pattern ${patternProblem(longContext) as string}`)
  const healthyDescription = b.healthy_description ?? 'reconciliation succeeded'
  if (typeof healthyDescription !== 'string') return fail('healthy_description', 'must be a string')
  const longDescription = patternProblem(healthyDescription)
  if (longDescription) return fail('healthy_description', `a pattern ${longDescription}`)
  return {repository, branch, commit, contexts, healthyDescription}
}

/** The failure grace, the deadline and the soak. */
function parseTiming(
  b: Record<string, unknown>
): Pick<WatchSpec, 'failureGraceMs' | 'deadline' | 'soakMs' | 'quietMs'> | ParseFailure {
  const grace = seconds(b, 'failure_grace_seconds')
  if (grace === undefined) {
    return fail('failure_grace_seconds', `must be a whole number of seconds, 0 to ${MAX_DURATION_SECONDS}`)
  }
  const deadline = typeof b.deadline === 'string' ? Date.parse(b.deadline) : NaN
  if (!Number.isFinite(deadline)) return fail('deadline', 'must be an ISO 8601 time')
  const soak = seconds(b, 'soak_seconds', 0)
  if (soak === undefined) return fail('soak_seconds', `must be a whole number of seconds, 0 to ${MAX_DURATION_SECONDS}`)
  const quiet = b.quiet_ms ?? DEFAULT_QUIET_MS
  if (typeof quiet !== 'number' || !Number.isInteger(quiet) || quiet < 0 || quiet > 600_000) {
    return fail('quiet_ms', 'must be a whole number of milliseconds, 0 to 600000')
  }
  return {failureGraceMs: grace * 1000, deadline, soakMs: soak * 1000, quietMs: quiet}
}

/** Where the outcome goes: the environment and Deployment, the run, the workflow repository and its payload. */
function parseDelivery(
  b: Record<string, unknown>
): Pick<WatchSpec, 'environment' | 'deployment' | 'runUrl' | 'workflowRepository' | 'payload'> | ParseFailure {
  const environment = b.environment ?? null
  if (environment !== null && (typeof environment !== 'string' || environment === '' || environment.length > 255)) {
    return fail('environment', 'must be null or an environment name')
  }
  const deployment = parseDeployment(b.deployment, environment)
  if (typeof deployment === 'string') return fail('deployment', deployment)
  const runUrl = b.run_url ?? ''
  if (typeof runUrl !== 'string' || (runUrl !== '' && !/^https?:\/\/\S+$/.test(runUrl))) {
    return fail('run_url', 'must be an http(s) URL')
  }
  const workflowRepository = repo(b, 'workflow_repository')
  if (!workflowRepository) return fail('workflow_repository', 'must be owner/name')
  const payload = b.payload ?? {}
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) {
    return fail('payload', 'must be a JSON object')
  }
  if (Buffer.byteLength(JSON.stringify(payload)) > MAX_PAYLOAD_BYTES) {
    return fail('payload', `must be at most ${MAX_PAYLOAD_BYTES} bytes as JSON`)
  }
  return {
    environment: environment as string | null,
    deployment,
    runUrl,
    workflowRepository,
    payload: payload as Record<string, unknown>
  }
}

/** A HelmRelease's `namespace/name` (namespace empty when the manifest leaves it to kustomize). */
const RELEASE_RE = /^(?:[a-z0-9](?:[-a-z0-9]{0,61}[a-z0-9])?)?\/[a-z0-9](?:[-a-z0-9.]{0,251}[a-z0-9])?$/

const WRITTEN_SHAPE =
  'must be an array of {"path": "...", "images": ["<images line>", ...], "charts": ["<charts line>", ...]}'

/** The `charts` grammar's complaint about `lines`, worded for the wire; undefined when they are valid. */
function chartLinesError(lines: string[]): string | undefined {
  try {
    readCharts(lines, false)
    return undefined
  } catch (err) {
    return err instanceof Error ? err.message.replace(/^Input 'charts' /, 'charts ') : String(err)
  }
}

/** `written`: the files the write changed, each with the `images` lines it holds; a string is the error. */
function parseWritten(
  raw: unknown,
  strings: (v: unknown, max: number) => string[] | undefined
): WatchSpec['written'] | string {
  if (!Array.isArray(raw) || raw.length > 1000) return WRITTEN_SHAPE
  const written: WatchSpec['written'] = []
  for (const entry of raw as unknown[]) {
    const e = entry as Record<string, unknown>
    const lines = typeof e === 'object' && e !== null ? strings(e.images ?? [], 100) : undefined
    const charts = typeof e === 'object' && e !== null ? strings(e.charts ?? [], 100) : undefined
    const releases = typeof e === 'object' && e !== null ? strings(e.releases ?? [], 100) : undefined
    if (typeof e?.path !== 'string' || e.path === '' || e.path.length > 1024 || !lines || !charts) return WRITTEN_SHAPE
    if (!releases || !releases.every(r => RELEASE_RE.test(r))) return 'releases must be "<namespace>/<name>" strings'
    // A file written only by charts has no images lines; one with neither would hold nothing to check.
    try {
      if (lines.length > 0 || charts.length === 0) readTargets(lines, false)
    } catch (err) {
      return err instanceof Error ? err.message.replace(/^Input 'images' /, 'images ') : String(err)
    }
    const chartsError = chartLinesError(charts)
    if (chartsError !== undefined) return chartsError
    written.push({
      path: e.path,
      images: lines,
      ...(charts.length > 0 ? {charts} : {}),
      ...(releases.length > 0 ? {releases} : {})
    })
  }
  return written
}

/** `deployment`: null, or the Deployment to move when the watch ends (needs `environment`); a string is the error. */
function parseDeployment(raw: unknown, environment: unknown): WatchSpec['deployment'] | string {
  if (raw === undefined || raw === null) return null
  const d = raw as Record<string, unknown>
  if (
    typeof d !== 'object' ||
    typeof d.repository !== 'string' ||
    !REPO_RE.test(d.repository) ||
    typeof d.id !== 'number' ||
    !Number.isSafeInteger(d.id) ||
    d.id <= 0
  ) {
    return 'must be null or {"repository": "owner/name", "id": <deployment id>}'
  }
  if (environment === null) return 'needs environment'
  return {repository: d.repository, id: d.id}
}

/** What `GET /api/v1/watches/{id}` shows. */
export function watchView(w: Watch): Record<string, unknown> {
  const iso = (ms: number | undefined): string | null => (ms === undefined ? null : new Date(ms).toISOString())
  return {
    id: w.id,
    status: w.status,
    result: w.result ?? null,
    message: w.message ?? null,
    applied_revision: w.appliedRevision ?? null,
    created_at: iso(w.createdAt),
    decided_at: iso(w.decidedAt),
    dispatched_at: iso(w.dispatch.sentAt),
    dispatch_attempts: w.dispatch.attempts,
    dispatch_error: w.dispatch.lastError ?? null,
    deployment_updated_at: iso(w.deploymentUpdate?.doneAt),
    repository: w.spec.repository,
    branch: w.spec.branch,
    commit: w.spec.commit,
    contexts: w.spec.contexts,
    deadline: iso(w.spec.deadline),
    soak_seconds: w.spec.soakMs / 1000,
    images: w.spec.images,
    charts: w.spec.charts ?? [],
    environment: w.spec.environment,
    deployment: w.spec.deployment,
    run_url: w.spec.runUrl,
    workflow_repository: w.spec.workflowRepository
  }
}
