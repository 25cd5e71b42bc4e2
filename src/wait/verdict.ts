// The wait's judgement, pure: a Snapshot plus the time -> healthy / failed / pending, per pattern and overall.
// Rules: design.md sections 3 and 6. No I/O and no clock reads, so every rule is tested directly.

import {contextMatcher} from './glob.js'
import {formatDuration} from '../duration.js'
import type {Report, Snapshot} from './types.js'

/** How one context's counting report reads. */
export type Health = 'healthy' | 'failing' | 'pending'

/** `failing` = failing but still inside the failure-grace; `failed` = past it. */
export type PatternStatus = 'healthy' | 'failing' | 'failed' | 'pending'

export interface ContextRow {
  context: string
  /** The report that counts for this context: on the newest commit, then the newest by `at`. */
  report: Report
  health: Health
}

export interface PatternVerdict {
  pattern: string
  status: PatternStatus
  /**
   * The deciding report. healthy: the healthy report closest to the head; failing/failed: the failing report that
   * started the grace clock; pending: the newest report seen for a matching context (absent: no report yet).
   */
  report?: Report
  /** When the grace clock started (the failing report's own `at`); set for failing/failed. */
  failingSince?: number
  /** Every context this pattern matched, sorted. */
  contexts: string[]
}

export interface Verdict {
  status: 'healthy' | 'failed' | 'pending'
  /** On healthy: the newest commit among the reports that made the patterns healthy. */
  appliedRevision?: string
  patterns: PatternVerdict[]
  /** Every context matched by some pattern, sorted by name. */
  contexts: ContextRow[]
  /** The `now` the verdict was made at (messages say how long things have been failing). */
  now: number
}

export interface JudgeOptions {
  patterns: string[]
  healthyDescription: string
  graceMs: number
  now: number
}

export function judge(snapshot: Snapshot, opts: JudgeOptions): Verdict {
  const index = new Map<string, number>()
  snapshot.commits.forEach((sha, i) => {
    if (!index.has(sha)) index.set(sha, i)
  })
  const healthyDescription = contextMatcher(opts.healthyDescription)

  // Per context, the report that counts: newest commit, then newest `at`, then later in the array.
  const counting = new Map<string, Report>()
  for (const report of snapshot.reports) {
    const i = index.get(report.commit)
    if (i === undefined) continue
    const held = counting.get(report.context)
    if (held === undefined || newerOrSame(report, i, held, index.get(held.commit) ?? -1)) {
      counting.set(report.context, report)
    }
  }

  const health = (r: Report): Health => reportHealth(r, healthyDescription)
  const rank = (r: Report) => index.get(r.commit) ?? -1
  const newest = (a: Report, b: Report) => (newerOrSame(b, rank(b), a, rank(a)) ? b : a)

  const rows = new Map<string, ContextRow>()
  const patterns: PatternVerdict[] = opts.patterns.map(pattern => {
    const matches = contextMatcher(pattern)
    const mine: ContextRow[] = []
    for (const [context, report] of counting) {
      if (!matches(context)) continue
      const row = rows.get(context) ?? {context, report, health: health(report)}
      rows.set(context, row)
      mine.push(row)
    }
    mine.sort((a, b) => compareStrings(a.context, b.context))
    const contexts = mine.map(r => r.context)

    const healthy = mine.filter(r => r.health === 'healthy')
    if (healthy.length > 0) {
      return {pattern, status: 'healthy', report: healthy.map(r => r.report).reduce(newest), contexts}
    }
    const failing = mine.filter(r => r.health === 'failing')
    if (failing.length > 0) {
      // The earliest failure starts the clock: the pattern has been red at least that long.
      const first = failing.map(r => r.report).reduce((a, b) => (b.at < a.at ? b : a))
      const status = opts.now - first.at > opts.graceMs ? 'failed' : 'failing'
      return {pattern, status, report: first, failingSince: first.at, contexts}
    }
    const seen = mine.map(r => r.report)
    return {pattern, status: 'pending', report: seen.length > 0 ? seen.reduce(newest) : undefined, contexts}
  })

  const contexts = [...rows.values()].sort((a, b) => compareStrings(a.context, b.context))
  if (patterns.some(p => p.status === 'failed')) return {status: 'failed', patterns, contexts, now: opts.now}
  if (patterns.every(p => p.status === 'healthy')) {
    let applied: Report | undefined
    for (const p of patterns) if (p.report && (!applied || rank(p.report) > rank(applied))) applied = p.report
    return {status: 'healthy', appliedRevision: applied?.commit, patterns, contexts, now: opts.now}
  }
  return {status: 'pending', patterns, contexts, now: opts.now}
}

/** How one report reads on its own: healthy, failing, or pending. */
export function reportHealth(r: Report, healthyDescription: (description: string) => boolean): Health {
  if (r.state === 'failure') return 'failing'
  if (r.state !== 'success') return 'pending'
  // Flux <= 2.7 posts `success` for "dependency not ready": only the configured description means healthy.
  if (r.source === 'status' && !healthyDescription(r.description)) return 'pending'
  return 'healthy'
}

/** Whether `a` (at commit index ia) supersedes `b`: later commit, then later `at`; a tie goes to `a` (later in input). */
function newerOrSame(a: Report, ia: number, b: Report, ib: number): boolean {
  if (ia !== ib) return ia > ib
  return a.at >= b.at
}

function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

// ---- messages ----

export function shortSha(sha: string): string {
  return sha.slice(0, 7)
}

/** One report as a person reads it: `kustomization/apps/5c1e4a7b: failure on 731f7ea "health check failed"`. */
export function describeReport(r: Report): string {
  const description = r.description ? ` "${r.description}"` : ''
  return `${r.context}: ${r.state} on ${shortSha(r.commit)}${description}`
}

/** The failure message: each failed pattern with the failing context, Flux's description, commit and duration. */
export function renderFailure(v: Verdict): string {
  const lines = v.patterns
    .filter(p => p.status === 'failed' && p.report)
    .map(p => {
      const r = p.report as Report
      const since = p.failingSince ?? r.at
      const description = r.description || 'no description'
      const url = r.url ? ` (${r.url})` : ''
      return (
        `${r.context} (pattern '${p.pattern}') has been failing on ${shortSha(r.commit)} for ` +
        `${formatDuration(v.now - since)}, past the failure-grace: ${description}${url}`
      )
    })
  return lines.length === 1
    ? `Flux reported a failure: ${lines[0]}`
    : ['Flux reported failures:', ...lines].join('\n- ')
}

/** What a pattern is waiting on, for the timeout message and the progress lines. */
export function describePending(p: PatternVerdict, now: number): string {
  if (!p.report) return `${p.pattern}: no report yet`
  if (p.status === 'failing') {
    return `${p.pattern}: ${describeReport(p.report)}, failing for ${formatDuration(now - (p.failingSince ?? p.report.at))}`
  }
  return `${p.pattern}: newest report ${describeReport(p.report)}`
}

/** The timeout message: every pattern not yet healthy, with the newest report seen for it or "no report yet". */
export function renderTimeout(v: Verdict, timeoutMs: number): string {
  const waiting = v.patterns.filter(p => p.status !== 'healthy').map(p => describePending(p, v.now))
  return [`Timed out after ${formatDuration(timeoutMs)} waiting for Flux; still not healthy:`, ...waiting].join('\n- ')
}

/** The success message: the applied revision and what reported healthy. */
export function renderHealthy(v: Verdict): string {
  const reports = v.patterns.flatMap(p => (p.report ? [describeReport(p.report)] : []))
  const at = v.appliedRevision ? ` at ${shortSha(v.appliedRevision)}` : ''
  return [`Flux reports the revision applied and healthy${at}:`, ...reports].join('\n- ')
}
