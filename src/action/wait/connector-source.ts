// The action's side of the connector: a ReportSource that long-polls GET /api/v1/objects and turns every Flux
// object that names a Git commit into a Report with context `cluster/Kind/namespace/name`.
import {HttpClient} from '@actions/http-client'
import {filterQuery} from '../../core/connector-query.js'
import {contextMatcher} from '../../core/glob.js'
import type {Report, ReportSource, Snapshot} from '../../core/rollout/types.js'
import {countChartVersion, isWireObject, objectToReport, unanchored} from '../../core/connector-api.js'
import type {Evidence} from '../../core/rollout/evidence.js'

/** Longest hold asked of the connector per read; it caps holds at 60 s itself, proxies often at less. */
const MAX_HOLD_MS = 25_000
/** Beyond the hold, how long a read may take before the socket is given up. */
const SOCKET_SLACK_MS = 15_000

export interface ConnectorSourceOptions {
  /** Base URL of the connector, e.g. `http://gitops-promote-connector.gitops-promote.svc`. */
  url: string
  /** One of the connector's CONNECTOR_READ_TOKENS, or what yields the bearer for each read (an OIDC token). */
  token: string | (() => Promise<string>)
  /** Names the credential in a 401/403 message; default connector-token. */
  credential?: string
  /** Context globs (`*` crosses `/`); when given, only matching objects become reports. */
  patterns?: string[]
  /** C's ancestry, the superseded check, and which commits are in the branch's history (evidence.ts). */
  evidence: Evidence
  /** The chart versions written (`<chart>=<version>`): a HelmRelease at another version is not healthy yet. */
  charts?: readonly string[]
  http?: HttpClient
  log?: (msg: string) => void
}

function fatal(message: string): Error {
  // `fatal` tells the wait loop that retrying cannot help (poll.ts isFatal).
  return Object.assign(new Error(message), {fatal: true})
}

/**
 * Errors: a connector that cannot be reached, times out, or answers 5xx makes read() throw an Error saying the
 * connector at <url> is unreachable. That is transient by design: the wait loop catches it, backs off, and reads
 * again until its own timeout, so a connector restart (Recreate rollout, node drain) costs a few retries, not the
 * run. A 401/403 (wrong token) or a body that is not the connector's is thrown as fatal: waiting cannot fix it.
 * After an error the next read asks again with the last version seen, so nothing is missed: the connector answers
 * at once when its version has moved on meanwhile.
 */
export function createConnectorSource(opts: ConnectorSourceOptions): ReportSource {
  const base = opts.url.replace(/\/+$/, '')
  const http =
    opts.http ??
    new HttpClient('gitops-promote', [], {
      allowRetries: false,
      keepAlive: false,
      socketTimeout: MAX_HOLD_MS + SOCKET_SLACK_MS
    })
  const log = opts.log ?? (() => undefined)
  const matchers = (opts.patterns ?? []).map(p => contextMatcher(p))
  // Ask the connector only for objects the patterns can match.
  const filter = filterQuery(opts.patterns ?? [])
  const credential = opts.credential ?? 'connector-token'
  let version: number | undefined
  let failing = false
  /** Objects that followed this branch when the wait started: their newest state named a commit of its history. */
  let baseline: string[] | undefined

  return {
    longPoll: true,
    async read(maxWaitMs: number): Promise<Snapshot> {
      let state: ConnectorState
      try {
        const token = typeof opts.token === 'string' ? opts.token : await opts.token()
        state = await fetchState(http, {base, credential}, token, objectsQuery(version, maxWaitMs, filter))
      } catch (err) {
        failing = true
        throw err
      }
      if (failing) log(`connector at ${base} reachable again`)
      failing = false
      if (state.version !== version) log(`connector state version ${state.version}: ${state.objects.length} objects`)
      version = state.version
      const reports = wantedReports(state.objects, matchers, opts.charts ?? [])
      const ancestry = await opts.evidence.ancestry()
      if (baseline === undefined) {
        // The first answer is the state at the start: who was on this branch's history then is expected.
        const found = await followingBranch(reports, ancestry.commits, opts.evidence)
        baseline = found
        if (found.length > 0) log(`following this branch at the start: ${found.join(', ')}`)
      }
      const superseded = await opts.evidence.superseded(
        ancestry,
        reports.map(r => r.commit)
      )
      return {
        commits: ancestry.commits,
        reports,
        superseded,
        baseline,
        unanchored: unanchored(baseline, reports, ancestry.base),
        ...(ancestry.base ? {base: ancestry.base} : {})
      }
    }
  }
}

interface ConnectorState {
  version: number
  objects: unknown[]
}

/** The query string (with its `?`, or empty): a hold from the last version seen, then the pattern filter. */
function objectsQuery(version: number | undefined, maxWaitMs: number, filter: string): string {
  const hold = Math.max(0, Math.min(MAX_HOLD_MS, Math.floor(maxWaitMs)))
  const wait = version === undefined ? '' : `&since=${version}&wait=${hold}ms`
  const query = `${wait}${filter}`
  return query === '' ? '' : `?${query.slice(1)}`
}

async function fetchState(
  http: HttpClient,
  at: {base: string; credential: string},
  token: string,
  query: string
): Promise<ConnectorState> {
  const {base} = at
  const url = `${base}/api/v1/objects${query}`
  let status: number
  let text: string
  try {
    const res = await http.get(url, {authorization: `Bearer ${token}`, accept: 'application/json'})
    status = res.message.statusCode ?? 0
    text = await res.readBody()
  } catch (err) {
    throw new Error(`the connector at ${base} is unreachable: ${err instanceof Error ? err.message : String(err)}`)
  }
  return parseState(at, url, status, text)
}

/** The connector's answer, or the error it means: transient for 5xx/429/no answer, fatal otherwise. */
function parseState(at: {base: string; credential: string}, url: string, status: number, text: string): ConnectorState {
  const {base} = at
  if (status === 401 || status === 403) {
    throw fatal(`the connector at ${base} rejected ${at.credential} (HTTP ${status}): ${text.slice(0, 200)}`)
  }
  if (status >= 500 || status === 429 || status === 0) {
    throw new Error(`the connector at ${base} is unreachable: HTTP ${status}`)
  }
  if (status === 404) {
    throw fatal(`the connector at ${base} answered 404 for ${url.split('?')[0]}: check 'connector-url'`)
  }
  if (status !== 200) throw fatal(`the connector at ${base} answered HTTP ${status}: ${text.slice(0, 200)}`)
  let body: unknown
  try {
    body = JSON.parse(text)
  } catch {
    throw fatal(`the connector at ${base} answered something that is not JSON: ${text.slice(0, 200)}`)
  }
  const b = body as {version?: unknown; objects?: unknown}
  if (typeof b.version !== 'number' || !Array.isArray(b.objects)) {
    throw fatal(`the connector at ${base} answered JSON without version/objects; is the URL right?`)
  }
  return {version: b.version, objects: b.objects}
}

/** The objects that name a commit and match a pattern (any, when there are none), as reports. */
function wantedReports(
  objects: unknown[],
  matchers: ((context: string) => boolean)[],
  charts: readonly string[]
): Report[] {
  const reports: Report[] = []
  for (const o of objects) {
    if (!isWireObject(o)) continue
    const report = objectToReport(countChartVersion(o, charts))
    if (report && (matchers.length === 0 || matchers.some(m => m(report.context)))) reports.push(report)
  }
  return reports
}

/** Contexts whose report is on a commit of the branch's history other than C's ancestry. */
async function followingBranch(reports: Report[], ancestry: string[], evidence: Evidence): Promise<string[]> {
  const inAncestry = new Set(ancestry)
  const found: string[] = []
  for (const r of reports) {
    if (!inAncestry.has(r.commit) && (await evidence.inHistory(r.commit))) found.push(r.context)
  }
  return found
}
